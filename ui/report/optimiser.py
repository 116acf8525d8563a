"""The budget optimiser page's report: its recommendation, as the page shows it.

A title page (the scenario, the objective, the constraints and bounds, the budget, seed and
replications); an executive summary generated from the numbers (the headline's comparison
with its probability, the figures with their intervals, the recommendation against the
current split, the largest moves, the binding conditions and the optimality check's verdict;
or, when no split meets the conditions, why); the split, the KPI table current against
recommended with the probability each is better, the binding constraints, the marginal
returns with their standard errors, the Pareto chart and the response curves; then the
shared appendix.

Every table and sentence comes from the page's own functions (``ui.optimiser_tables``), so
the report shows what the page showed. The KPI table is the page's (current, recommended,
difference and P(better), each mean with its 95% interval as the page writes it). Plain
Python (no Streamlit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from simulation import MODEL_VERSION, SCHEMA_VERSION, Scenario
from simulation.scenario import CHANNELS

from .. import budget_charts, widgets
from .. import optimiser_tables as tables
from ..i18n import finite, fmt, kpi_label, normalise_lang, t
from . import common
from .model import Report, Section, Series, Table
from .sensitivity import frame_table

MOVES = 3           # channel moves named in the summary


@dataclass(frozen=True)
class Optimised:
    """What the page shows: the recommendation (``BudgetRecommendation``), the scenario it
    optimised and its display name, and the inputs that are not in the result: the share
    bounds ({channel: (min, max)}, fractions), the budget range searched and the on/off
    levers searched."""

    rec: object
    scenario: Scenario
    scenario_name: str
    bounds: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    budget_range: tuple[float, float] | None = None
    levers: tuple[str, ...] = ()


def _sep(lang: str) -> str:
    return t("report_analysis.list_sep", lang)


def constraint_texts(rec, lang: str) -> list[str]:
    """Each KPI constraint as "Total carbon ≤ 5,000 kg"."""
    return [f"{kpi_label(c.kpi, lang)} {tables.op_word(c.op)} {tables.fmt_limit(c.kpi, c.limit, lang)}"
            for c in rec.constraints]


def bounds_text(bounds: Mapping[str, tuple[float, float]], lang: str) -> str:
    parts = [f"{budget_charts.channel_name(c, lang)} {tables.share_text(lo)} – {tables.share_text(hi)}"
             for c, (lo, hi) in bounds.items()]
    return _sep(lang).join(parts) or t("report_analysis.none", lang)


def objective_text(rec, lang: str) -> str:
    text = t("report_analysis.objective_value", lang,
             direction=t("optimiser.maximise" if rec.maximise else "optimiser.minimise", lang),
             kpi=kpi_label(rec.objective, lang))
    return text[:1].upper() + text[1:]


def _facts(shown: Optimised, lang: str) -> list[tuple[str, str]]:
    rec = shown.rec
    budget = fmt(rec.current_total_budget, "CNY", lang=lang)
    if finite(rec.total_budget) and abs(rec.total_budget - rec.current_total_budget) > 0.5:
        budget = f"{budget} → {fmt(rec.total_budget, 'CNY', lang=lang)}"
    extra = [(t("report_analysis.fact_objective", lang), objective_text(rec, lang)),
             (t("report_analysis.fact_constraints", lang),
              _sep(lang).join(constraint_texts(rec, lang)) or t("report_analysis.none", lang)),
             (t("report_analysis.fact_bounds", lang), bounds_text(shown.bounds, lang)),
             (t("report_analysis.fact_budget", lang), budget)]
    if shown.budget_range is not None:
        lo, hi = shown.budget_range
        extra.append((t("report_analysis.fact_budget_range", lang),
                      f"{fmt(lo, 'CNY', lang=lang)} – {fmt(hi, 'CNY', lang=lang)}"))
    if shown.levers:
        extra.append((t("report_analysis.fact_levers", lang),
                      _sep(lang).join(widgets.label(p, lang) for p in shown.levers)))
    meta = rec.metamodel or {}
    extra.append((t("report_analysis.fact_design", lang),
                  t("report_analysis.design_value", lang, points=meta.get("design_points", "—"),
                    d=meta.get("design_replications", "—"))))
    extra.append((t("report_analysis.fact_simulations", lang), f"{rec.simulations:,}"))
    return common.facts(lang, scenarios=[shown.scenario_name], seed=rec.seed,
                        replications=rec.replications,
                        horizon_days=int(shown.scenario.run.horizon_days), extra=extra)


# --- words --------------------------------------------------------------------------------------

def metric_lines(rec, lang: str) -> list[str]:
    """The headline's figures as sentences: label, value, difference, interval."""
    out = []
    for m in tables.headline_metrics(rec, lang):
        text = (t("report_analysis.metric_delta", lang, label=m.label, value=m.value, delta=m.delta)
                if m.delta else t("report_analysis.metric_line", lang, label=m.label, value=m.value))
        out.append(f"{text}{_sep(lang)}{m.caption}" if m.caption else text)
    return out


def moves_text(rec, lang: str) -> str:
    """The channels whose share moves most, current → recommended."""
    moved = sorted(CHANNELS, key=lambda c: -abs(float(rec.shares.get(c, 0.0))
                                                - float(rec.current_shares.get(c, 0.0))))
    parts = [t("report_analysis.sum_move", lang, channel=budget_charts.channel_name(c, lang),
               current=tables.share_text(rec.current_shares.get(c)),
               recommended=tables.share_text(rec.shares.get(c)))
             for c in moved[:MOVES]
             if abs(float(rec.shares.get(c, 0.0)) - float(rec.current_shares.get(c, 0.0))) >= 0.0005]
    return t("report_analysis.sum_moves", lang, moves=_sep(lang).join(parts)) if parts else ""


def versus_current(rec, kpi_frame: pd.DataFrame, lang: str) -> str:
    """The objective's row of the KPI table in words: current, recommended, difference (and
    the probability only when the current split is the headline's comparison)."""
    if kpi_frame.empty:
        return ""
    row = kpi_frame.iloc[0]          # the objective comes first (``table_kpis``)
    cur, new, diff, p = (row.iloc[1], row.iloc[2], row.iloc[3], row.iloc[4])
    if row.iloc[0] != kpi_label(rec.objective, lang) or cur == "—":
        return ""
    kind = (rec.reference or {}).get("kind", "current")
    if kind == "current":
        return t("report_analysis.sum_vs_current_p", lang, kpi=kpi_label(rec.objective, lang),
                 current=cur, recommended=new, diff=diff, p=common.probability(p))
    return t("report_analysis.sum_vs_current", lang, kpi=kpi_label(rec.objective, lang),
             current=cur, recommended=new, diff=diff)


def kpi_headline(rec, lang: str) -> str:
    """The recommendation's objective and its difference, as the headline's card says it."""
    m = tables.headline_metrics(rec, lang)[1]
    return (t("report_analysis.metric_delta", lang, label=m.label, value=m.value, delta=m.delta)
            if m.delta else t("report_analysis.metric_line", lang, label=m.label, value=m.value))


def binding_text(rec, lang: str) -> str:
    lines = tables.binding_lines(rec, lang)
    joined = ("" if normalise_lang(lang) == "zh" else " ").join(lines)     # each a sentence
    return (t("report_analysis.sum_binding", lang, lines=joined) if lines
            else t("optimiser.binding_none", lang))


def summary(rec, kpi_frame: pd.DataFrame, lang: str) -> list[str]:
    """The executive summary, generated from the numbers; when no split meets the
    conditions, why (the page's messages)."""
    if not rec.feasible:
        return tables.infeasible_messages(rec, lang)
    heading, why = tables.headline(rec, lang)
    out = [heading + ("。" if normalise_lang(lang) == "zh" else ".")]
    if why:
        out.append(why)
    if rec.recommended_is_current:
        out.append(t("optimiser.keep_current", lang))
    out += metric_lines(rec, lang)[:2]
    out += [s for s in (versus_current(rec, kpi_frame, lang), moves_text(rec, lang)) if s]
    out.append(binding_text(rec, lang))
    out.append(tables.why_lines(rec, lang)[-1])           # the optimality check's verdict
    return out


# --- sections -----------------------------------------------------------------------------------

def shares_series(rec, lang: str) -> Series:
    names = budget_charts.series_labels(lang)
    return Series(kind="bar", categories=[budget_charts.channel_name(c, lang) for c in CHANNELS],
                  series={names[0]: [float(rec.current_shares.get(c, 0.0)) for c in CHANNELS],
                          names[1]: [float(rec.shares.get(c, 0.0)) for c in CHANNELS]},
                  axis_title=t("optimiser.share", lang), number_format="0.0%")


def kpi_section_table(frame: pd.DataFrame, rec, lang: str) -> Table:
    """The page's KPI table, the probability in percent (the page draws it as a bar)."""
    prob = t("optimiser.col_prob", lang)
    rows = [[common.probability(v) if c == prob else str(v)
             for c, v in zip(frame.columns, row, strict=True)]
            for row in frame.itertuples(index=False)]
    return Table(title=t("report_analysis.sec_kpis", lang), columns=[str(c) for c in frame.columns],
                 rows=rows, note=t("optimiser.kpi_note", lang, n=rec.replications), kind="kpi")


def recommendation_section(shown: Optimised, lang: str) -> Section:
    rec = shown.rec
    heading, why = tables.headline(rec, lang)
    direction = t("optimiser.maximise" if rec.maximise else "optimiser.minimise", lang)
    paragraphs = [p for p in (why, t("optimiser.headline_note", lang,
                                    objective=kpi_label(rec.objective, lang), direction=direction,
                                    n=rec.replications)) if p]
    if rec.recommended_is_current:
        paragraphs.append(t("optimiser.keep_current", lang))
    if any(p.get("current") and not p.get("feasible", True) for p in rec.pareto or []):
        paragraphs.append(t("optimiser.current_outside", lang))
    levers = tables.levers_text(rec, lang)
    chart = budget_charts.shares_bars(rec.current_shares, rec.shares, lang,
                                      bounds=dict(shown.bounds) or None)
    return Section(
        heading=t("report_analysis.sec_recommendation", lang), paragraphs=paragraphs,
        bullets=[*metric_lines(rec, lang), *([levers] if levers else [])],
        tables=[frame_table(tables.split_table(rec, lang, shown.bounds),
                            t("report_analysis.split_table", lang), kind="split")],
        charts=[common.chart("shares", t("optimiser.shares_title", lang), chart,
                             series=shares_series(rec, lang))],
        headline=heading, notes=t("report_analysis.opt_notes_method", lang))


def pareto_section(rec, lang: str) -> Section:
    points = list(rec.pareto or [])
    if not points:
        return Section(heading=t("optimiser.pareto_heading", lang),
                       paragraphs=[t("optimiser.pareto_empty", lang)],
                       headline=t("optimiser.pareto_empty", lang))
    chosen = next((i for i, p in enumerate(points) if p.get("recommended")), 0)
    chart = budget_charts.pareto_chart(points, lang, selected=chosen)
    return Section(
        heading=t("optimiser.pareto_heading", lang),
        paragraphs=[t("report_analysis.sec_points", lang)],
        bullets=[tables.point_label(i, p, lang) for i, p in enumerate(points)],
        charts=[common.chart("pareto", t("optimiser.pareto_title", lang), chart,
                             caption=t("optimiser.pareto_caption", lang))],
        headline=t("optimiser.pareto_title", lang), notes=t("optimiser.pareto_caption", lang))


def optimiser_report(shown: Optimised, lang: str, link: str | None = None) -> Report:
    """The report of the optimiser's result ``shown``, in ``lang``."""
    rec = shown.rec
    kpi_frame = tables.kpi_table(rec, lang) if rec.feasible else pd.DataFrame()
    said = summary(rec, kpi_frame, lang)
    scenarios = {shown.scenario_name: shown.scenario}
    if not rec.feasible:
        sections = [Section(heading=t("report_analysis.sec_infeasible", lang), bullets=said,
                            headline=said[0], notes=t("report_analysis.opt_notes_method", lang))]
    else:
        scenarios[t("optimiser.series_recommended", lang)] = rec.scenario
        lines = tables.binding_lines(rec, lang)
        why = tables.why_lines(rec, lang)
        sections = [
            recommendation_section(shown, lang),
            Section(heading=t("report_analysis.sec_kpis", lang),
                    tables=[kpi_section_table(kpi_frame, rec, lang)],
                    headline=kpi_headline(rec, lang),
                    notes=t("optimiser.kpi_note", lang, n=rec.replications)),
            Section(heading=t("optimiser.binding_heading", lang), bullets=lines,
                    paragraphs=[] if lines else [t("optimiser.binding_none", lang)],
                    headline=binding_text(rec, lang)),
            Section(heading=t("optimiser.why_heading", lang), paragraphs=why,
                    tables=[frame_table(tables.marginal_table(rec, lang),
                                        t("optimiser.why_heading", lang), kind="marginal")],
                    headline=why[-1], notes=" ".join(why[:2])),
            pareto_section(rec, lang),
            Section(heading=t("optimiser.response_heading", lang),
                    paragraphs=[tables.metamodel_caption(rec, lang),
                                t("common.footer", lang, model=MODEL_VERSION, schema=SCHEMA_VERSION,
                                  seed=rec.seed, n=rec.replications)],
                    charts=[common.chart("response", t("optimiser.response_heading", lang),
                                         budget_charts.response_chart(shown.scenario, rec.scenario,
                                                                      lang),
                                         caption=t("optimiser.response_note", lang))],
                    headline=t("optimiser.response_heading", lang),
                    notes=t("report_analysis.opt_notes_method", lang)),
        ]
    return Report(kind="optimiser", lang=normalise_lang(lang), title=t("report_analysis.opt_title", lang),
                  subtitle=t("report_analysis.subtitle", lang, scenario=shown.scenario_name),
                  facts=_facts(shown, lang), summary=said, sections=sections,
                  appendix=common.appendix(lang, scenarios, seed=rec.seed,
                                           replications=rec.replications),
                  link=link, file_stem="esg_budget_optimiser")
