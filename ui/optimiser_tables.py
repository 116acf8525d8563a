"""The optimiser page's result as tables and sentences: plain functions of a
``BudgetRecommendation`` (no Streamlit).

The page (``ui.optimiser``) shows them; the optimiser report (``ui.report.optimiser``) puts
the very same strings into its tables and paragraphs, so what a reader sees in a report equals
what the page showed: the headline and why the current split is out (``headline``), the three
headline figures (``headline_metrics``), the KPI table current against recommended
(``kpi_table``), the split (``split_table``), the marginal returns with their standard errors
(``marginal_table``), the binding constraints (``binding_lines``), what the marginals say
about optimality (``why_lines``) and the metamodel's account (``metamodel_caption``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import pandas as pd

from simulation import KPI_LABELS, Scenario
from simulation.analysis import PARETO_KPIS, parse_constraint
from simulation.scenario import CHANNELS

from . import budget_charts, runner, widgets
from .i18n import finite, fmt, fmt_kpi, kpi_label, kpi_unit, t, unit_label

EXTRA_KPIS = ("profit_cny", "revenue_cny", "customers_acquired", "retention_90d",
              "repeat_purchase_rate", "carbon_kg_total", "carbon_kg_per_order", "cost_total_cny")
CURRENT_KPIS = ("profit_cny", "carbon_kg_total", "retention_90d")


def current_lines(results: runner.Results, lang: str) -> list[tuple[str, str, str]]:
    """(label, value, its 95% interval) of the current split's profit, carbon and
    retention, formatted as the builder's cards and the compare page's table."""
    summary = results.summary().set_index(["scenario", "kpi"])
    out = []
    for k in CURRENT_KPIS:
        r = summary.loc[("current", k)]
        ci = (t("optimiser.profit_interval", lang, lo=fmt_kpi(k, r["ci_low"], lang=lang),
                hi=fmt_kpi(k, r["ci_high"], lang=lang), n=results.replications)
              if finite(r["ci_low"]) else "")
        out.append((kpi_label(k, lang), fmt_kpi(k, r["mean"], lang=lang), ci))
    return out


def op_word(op: str) -> str:
    return {"<=": "≤", ">=": "≥"}.get(op, op)


def fmt_limit(kpi: str, value: float | None, lang: str) -> str:
    return fmt_kpi(kpi, value, lang=lang) if finite(value) else "—"


def infeasible_messages(rec, lang: str) -> list[str]:
    """Why no split is acceptable: one sentence per failing bound or constraint."""
    out = []
    for item in rec.infeasible:
        if item.get("kind") == "kpi":
            try:
                c = parse_constraint(item["constraint"])
            except ValueError:
                out.append(t("optimiser.infeasible_other", lang, constraint=item["constraint"]))
                continue
            best = item.get("best_reachable")
            key = "optimiser.infeasible_together" if item.get("together") else \
                "optimiser.infeasible_kpi"
            out.append(t(key, lang, kpi=kpi_label(c.kpi, lang), op=op_word(c.op),
                         limit=fmt_limit(c.kpi, c.limit, lang), best=fmt_limit(c.kpi, best, lang)))
        else:
            text = str(item.get("constraint", ""))
            total = item.get("best_reachable")
            total = f"{float(total) * 100:.1f}%" if finite(total) else "—"
            side = ("min" if text.startswith("sum(min_share)") else
                    "max" if text.startswith("sum(max_share)") else None)
            out.append(t(f"optimiser.infeasible_{side}_sum", lang, total=total) if side else
                       t("optimiser.infeasible_other", lang, constraint=text))
    return out or [t("optimiser.infeasible_unknown", lang)]


def table_kpis(rec) -> list[str]:
    """The KPIs to show: the objective, the constrained ones, the Pareto ones, a few more."""
    order = [rec.objective, *[c.kpi for c in rec.constraints], *PARETO_KPIS, *EXTRA_KPIS]
    return [k for k in dict.fromkeys(order) if k in rec.kpis]


def _interval(kpi: str, rec: Mapping[str, float] | None, lang: str, signed: bool = False) -> str:
    if not rec or not finite(rec.get("mean")):
        return "—"
    mean = fmt_kpi(kpi, rec["mean"], signed=signed, lang=lang)
    if finite(rec.get("ci_low")) and finite(rec.get("ci_high")):
        lo = fmt_kpi(kpi, rec["ci_low"], signed=signed, lang=lang)
        hi = fmt_kpi(kpi, rec["ci_high"], signed=signed, lang=lang)
        return f"{mean} ({lo} – {hi})"
    return mean


def kpi_table(rec, lang: str) -> pd.DataFrame:
    """KPI | current | recommended | difference (each a mean with its 95% interval) |
    probability the recommendation is better (NaN where no direction is better)."""
    cols = [t(f"optimiser.col_{c}", lang) for c in ("kpi", "current", "recommended", "diff", "prob")]
    rows = []
    for k in table_kpis(rec):
        d = rec.difference.get(k) or {}
        p = d.get("prob_better")
        rows.append([kpi_label(k, lang), _interval(k, rec.current_kpis.get(k), lang),
                     _interval(k, rec.kpis.get(k), lang), _interval(k, d, lang, signed=True),
                     float(p) if finite(p) else float("nan")])
    return pd.DataFrame(rows, columns=cols)


def interval_caption(kpi: str, rec: Mapping[str, float] | None, n: int, lang: str) -> str:
    """"95% interval lo – hi (n replications)" of a confirmed figure ("" without one)."""
    if not rec or not finite(rec.get("ci_low")) or not finite(rec.get("ci_high")):
        return ""
    return t("optimiser.profit_interval", lang, lo=fmt_kpi(kpi, rec["ci_low"], lang=lang),
             hi=fmt_kpi(kpi, rec["ci_high"], lang=lang), n=n)


def violation_text(v: Mapping[str, Any], lang: str) -> str:
    """One reason the current split is out: a KPI constraint or a share bound it breaks,
    with its value against the limit."""
    if v.get("kind") == "kpi":
        kpi = v["kpi"]
        return t("optimiser.out_kpi", lang, kpi=kpi_label(kpi, lang),
                 value=fmt_limit(kpi, v.get("value"), lang), op=op_word(v.get("op", "")),
                 limit=fmt_limit(kpi, v.get("limit"), lang))
    return t(f"optimiser.out_{v.get('kind')}", lang,
             channel=budget_charts.channel_name(v.get("channel", ""), lang),
             value=f"{float(v.get('value', 0.0)) * 100:.1f}%",
             limit=f"{float(v.get('limit', 0.0)) * 100:.1f}%")


def headline(rec, lang: str) -> tuple[str, str]:
    """(the headline, why the current split is out or ""). Against the current split when
    it meets the conditions; else against the best other confirmed split that does (named
    by its number on the frontier chart), or saying the recommendation is the only one —
    never a probability against a split that breaks the conditions."""
    ref = rec.reference or {}
    kind = ref.get("kind", "current")
    why = ""
    if kind != "current" and rec.current_feasible is False:
        reasons = "; ".join(violation_text(v, lang) for v in rec.current_violations) or "—"
        why = t("optimiser.headline_current_out", lang, reasons=reasons)
    if kind == "alternative":
        p = ref.get("prob_better")
        return (t("optimiser.headline_alt", lang, n=int(ref["index"]) + 1,
                  p=f"{p * 100:.0f}%" if finite(p) else "—"), why)
    if kind == "none":
        return t("optimiser.headline_only", lang), why
    p = rec.prob_better
    return t("optimiser.headline", lang, p=f"{p * 100:.0f}%" if finite(p) else "—"), why


def why_lines(rec, lang: str) -> list[str]:
    """The captions under "why this split": what the marginals are, which constraint
    explains a difference (the Lagrangian view), and only what the numbers show about
    optimality."""
    objective = kpi_label(rec.objective, lang)
    d = (rec.metamodel or {}).get("design_replications", "—")
    lines = [t("optimiser.why_note_kkt", lang, d=d),
             t("optimiser.why_note", lang, objective=objective)]
    check = rec.marginal_check or {}
    mult = check.get("multipliers") or {}
    if mult:
        names = []
        for name in mult:
            try:
                c = parse_constraint(name)
                names.append(f"{kpi_label(c.kpi, lang)} {op_word(c.op)} "
                             f"{fmt_limit(c.kpi, c.limit, lang)}")
            except ValueError:
                names.append(name)
        lines.append(t("optimiser.why_binding", lang, constraints="、".join(names)
                       if lang == "zh" else ", ".join(names),
                       multipliers=", ".join(f"{m:,.3g}" for m in mult.values())))
    channels = ("、" if lang == "zh" else ", ").join(
        budget_charts.channel_name(c, lang) for c in check.get("inside") or [])
    consistent = check.get("consistent")
    p = check.get("p_value")
    if consistent is None:
        lines.append(t("optimiser.why_unjudged", lang))
    else:
        lines.append(t("optimiser.why_consistent" if consistent else "optimiser.why_inconsistent",
                       lang, channels=channels, p=f"{p:.2f}" if finite(p) else "—"))
    return lines


def binding_lines(rec, lang: str) -> list[str]:
    """The binding constraints and bounds, in words."""
    out = []
    for b in rec.binding_constraints:
        kind = b.get("kind")
        if kind == "kpi":
            kpi = b.get("kpi")
            op = ""
            try:
                op = parse_constraint(b.get("name", "")).op
            except ValueError:
                pass
            out.append(t("optimiser.binding_kpi", lang, kpi=kpi_label(kpi, lang),
                         op=op_word(op), limit=fmt_limit(kpi, b.get("limit"), lang),
                         value=fmt_limit(kpi, b.get("value"), lang)))
        elif kind in ("min_share", "max_share"):
            out.append(t(f"optimiser.binding_{kind}", lang,
                         channel=budget_charts.channel_name(b.get("channel", ""), lang),
                         limit=f"{float(b.get('limit', 0.0)) * 100:.1f}%"))
        elif kind in ("budget_min", "budget_max"):
            out.append(t(f"optimiser.binding_{kind}", lang,
                         limit=fmt_kpi("marketing_cny", float(b.get("limit", 0.0)), lang=lang)))
        else:
            out.append(str(b.get("name", "")))
    return out


def per_thousand(kpi: str, value: Any, lang: str) -> str:
    """A KPI change per ¥1,000 (fractions in percentage points)."""
    if not finite(value):
        return "—"
    unit = kpi_unit(kpi)
    if unit.startswith("fraction"):
        return f"{value * 100:+.3f} pp"
    text = f"{value:+,.2f}" if abs(value) < 100 else f"{value:+,.0f}"
    u = unit_label(unit, lang)
    if unit == "CNY":
        text = f"{value:+,.2f}" if abs(value) < 10 else f"{value:+,.0f}"
        return text.replace("+", "+¥", 1).replace("-", "-¥", 1)
    return f"{text} {u}" if u else text


def marginal_table(rec, lang: str) -> pd.DataFrame:
    """Why this split: per channel its share and spend, the new customers an extra ¥1,000
    a month brings, the objective's change per ¥1,000 moved into it, and its bound."""
    objective = kpi_label(rec.objective, lang)
    mult = bool((rec.marginal_check or {}).get("multipliers"))
    cols = [t("optimiser.col_channel", lang), t("optimiser.col_share", lang),
            t("optimiser.col_spend", lang), t("optimiser.col_new_per_1000", lang),
            t("optimiser.col_objective_moved", lang, objective=objective)]
    if mult:
        cols.append(t("optimiser.col_constrained", lang))
    cols.append(t("optimiser.col_at_bound", lang))
    rows = []
    marginal = rec.marginal if isinstance(rec.marginal, pd.DataFrame) else pd.DataFrame(rec.marginal)
    for r in marginal.to_dict("records"):
        new = r.get("new_customers_per_1000_cny")
        bound = r.get("at_bound") or ""
        row = [budget_charts.channel_name(r["channel"], lang),
               f"{float(r['share']) * 100:.1f}%", f"¥{float(r['spend_cny_month']):,.0f}",
               f"{new:,.2f}" if finite(new) else "—",
               with_error(rec.objective, r.get("objective_per_1000_cny"),
                          r.get("objective_per_1000_se"), lang)]
        if mult:
            row.append(with_error(rec.objective, r.get("constrained_per_1000_cny"),
                                  r.get("constrained_per_1000_se"), lang))
        row.append(t(f"optimiser.at_{bound}", lang) if bound in ("min", "max") else "—")
        rows.append(row)
    return pd.DataFrame(rows, columns=cols)


def with_error(kpi: str, value: Any, se: Any, lang: str) -> str:
    """A marginal per ¥1,000 and its standard error: "+¥12 ± ¥30"."""
    text = per_thousand(kpi, value, lang)
    if text == "—" or not finite(se):
        return text
    return f"{text} ± {per_thousand(kpi, abs(float(se)), lang).lstrip('+')}"


def point_scenario(scenario: Scenario, point: Mapping[str, Any]) -> Scenario:
    """The scenario of a Pareto point: ``scenario`` with its split, total and levers."""
    changes: dict[str, Any] = {"marketing.shares": dict(point["shares"])}
    if finite(point.get("total_budget")):
        changes[widgets.BUDGET_PATH] = float(point["total_budget"])
    changes.update({p: bool(v) for p, v in (point.get("levers") or {}).items()})
    return scenario.with_changes(changes)


def point_table(point: Mapping[str, Any], rec, lang: str) -> pd.DataFrame:
    """A Pareto point's KPIs (mean and interval) beside the current split's."""
    cols = [t(f"optimiser.col_{c}", lang) for c in ("kpi", "current", "point")]
    rows = []
    for k in table_kpis(rec):
        if k in (point.get("kpis") or {}):
            rows.append([kpi_label(k, lang), _interval(k, rec.current_kpis.get(k), lang),
                         _interval(k, point["kpis"][k], lang)])
    return pd.DataFrame(rows, columns=cols)


def point_label(i: int, point: Mapping[str, Any], lang: str) -> str:
    parts = [f"#{i + 1}", budget_charts.kind_label(budget_charts.point_kind(point), lang)]
    for k in ("retention_90d", "carbon_kg_total", "cost_total_cny"):
        rec = (point.get("kpis") or {}).get(k)
        if rec and finite(rec.get("mean")):
            parts.append(f"{kpi_label(k, lang)} {fmt_kpi(k, rec['mean'], lang=lang)}")
    return " · ".join(parts)


METHODS = {"RBFInterpolator": "optimiser.method_rbf"}     # a word in the method -> its name


def method_label(method: str, lang: str) -> str:
    """The metamodel's method in ``lang`` (the optimiser describes it in English)."""
    for word, key in METHODS.items():
        if word in method:
            return t(key, lang)
    return method


def metamodel_caption(rec, lang: str) -> str:
    meta = rec.metamodel or {}
    errors = meta.get("loo_error") or {}
    shown = [k for k in dict.fromkeys([rec.objective, *PARETO_KPIS]) if k in errors]
    loo = " · ".join(f"{kpi_label(k, lang)} {errors[k]:.2f}" for k in shown
                     if finite(errors[k])) or "—"
    stages = rec.stages or {}
    text = t("optimiser.metamodel", lang, method=method_label(str(meta.get("method", "—")), lang),
             points=meta.get("design_points", "—"), loo=loo, n=rec.simulations,
             design=stages.get("design", "—"), confirm=stages.get("confirm", "—"),
             reps=rec.replications, seed=rec.seed)
    point = next((p for p in rec.pareto if p.get("recommended")), None)
    kpi = rec.objective
    if point and finite((point.get("predicted") or {}).get(kpi)) \
            and finite(((point.get("kpis") or {}).get(kpi) or {}).get("mean")):
        text += " " + t("optimiser.predicted_vs_confirmed", lang, kpi=kpi_label(kpi, lang),
                        predicted=fmt_kpi(kpi, point["predicted"][kpi], lang=lang),
                        confirmed=fmt_kpi(kpi, point["kpis"][kpi]["mean"], lang=lang),
                        d=meta.get("design_replications", "—"), n=rec.replications)
    return text


# --- the headline figures and the split ---------------------------------------------------------

@dataclass(frozen=True)
class Metric:
    """One of the headline's figures, as the page's card shows it."""

    label: str
    value: str
    delta: str | None = None
    delta_color: str = "off"
    caption: str = ""


def headline_metrics(rec, lang: str) -> list[Metric]:
    """The three figures under the headline: the objective of the split compared with (the
    current one, or the best other feasible split when the current one breaks a condition),
    the recommendation's with the difference, and the monthly total budget."""
    obj = rec.objective
    ref = rec.reference or {}
    alt = ref.get("kind") == "alternative"
    cur = (ref.get("kpis") or {}).get(obj) if alt else rec.current_kpis.get(obj)
    cur, new = cur or {}, rec.kpis.get(obj) or {}
    diff = (ref.get("difference") if alt else rec.difference.get(obj)) or {}
    if ref.get("kind") == "none":
        diff = {}
    better = KPI_LABELS.get(obj, ("", "", "", None))[3]
    out = [Metric(t("optimiser.metric_alt", lang, kpi=kpi_label(obj, lang), n=ref["index"] + 1)
                  if alt else t("optimiser.metric_current", lang, kpi=kpi_label(obj, lang)),
                  fmt_kpi(obj, cur.get("mean"), lang=lang),
                  caption=interval_caption(obj, cur, rec.replications, lang)),
           Metric(t("optimiser.metric_recommended", lang, kpi=kpi_label(obj, lang)),
                  fmt_kpi(obj, new.get("mean"), lang=lang),
                  delta=fmt_kpi(obj, diff.get("mean"), signed=True, lang=lang)
                  if finite(diff.get("mean")) else None,
                  delta_color="off" if better is None else ("normal" if better else "inverse"),
                  caption=interval_caption(obj, new, rec.replications, lang))]
    if rec.total_budget is not None and rec.current_total_budget is not None and \
            abs(rec.total_budget - rec.current_total_budget) > 0.5:
        out.append(Metric(t("optimiser.total_budget", lang), fmt(rec.total_budget, "CNY", lang=lang),
                          delta=fmt(rec.total_budget - rec.current_total_budget, "CNY", signed=True,
                                    lang=lang)))
    else:
        out.append(Metric(t("optimiser.total_budget", lang),
                          fmt(rec.current_total_budget, "CNY", lang=lang)))
    return out


def levers_text(rec, lang: str) -> str:
    """Which of the searched on/off levers the recommendation turns on and off ("" when
    none were searched)."""
    if not rec.levers:
        return ""
    on = [widgets.label(p, lang) for p, v in rec.levers.items() if v]
    off = [widgets.label(p, lang) for p, v in rec.levers.items() if not v]
    return t("optimiser.levers_result", lang, on=", ".join(on) or "—", off=", ".join(off) or "—")


def share_text(share: Any) -> str:
    """A channel's share of the budget as the page shows it: "12.5%"."""
    return f"{float(share) * 100:.1f}%" if finite(share) else "—"


def spend_text(spend: Any) -> str:
    """A monthly spend as the page's tables show it: "¥12,345"."""
    return f"¥{float(spend):,.0f}" if finite(spend) else "—"


def split_table(rec, lang: str,
                bounds: Mapping[str, tuple[float, float]] | None = None) -> pd.DataFrame:
    """Per channel: the current and the recommended share and monthly spend, and the
    channel's allowed range when a bound was set (the numbers of the page's shares chart)."""
    current_total = rec.current_total_budget if finite(rec.current_total_budget) else rec.total_budget
    total = rec.total_budget if finite(rec.total_budget) else current_total
    cols = [t("optimiser.col_channel", lang), t("report_analysis.col_current_share", lang),
            t("report_analysis.col_recommended_share", lang),
            t("report_analysis.col_current_spend", lang),
            t("report_analysis.col_recommended_spend", lang)]
    if bounds:
        cols.append(t("report_analysis.col_allowed", lang))
    rows = []
    for c in CHANNELS:
        cur, new = rec.current_shares.get(c), rec.shares.get(c)
        row = [budget_charts.channel_name(c, lang), share_text(cur), share_text(new),
               spend_text(float(cur) * current_total if finite(cur) and finite(current_total) else None),
               spend_text(float(new) * total if finite(new) and finite(total) else None)]
        if bounds:
            lo, hi = bounds.get(c, (None, None))
            row.append(f"{share_text(lo)} – {share_text(hi)}" if lo is not None else "—")
        rows.append(row)
    return pd.DataFrame(rows, columns=cols)
