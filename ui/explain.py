"""Why did this change? The change in each headline KPI between the baseline
(``sources.reference_for``) and the builder's scenario, split by lever group (E, S, G,
marketing, policy, assumptions) with the attribution the sensitivity page uses
(``simulation.analysis.attribution``: Shapley values, which add up exactly to the paired
difference under common random numbers).

Run on demand (a button), at a size that answers in seconds: lever groups, not single
levers, on the preview's replications (``limits.PREVIEW_REPLICATIONS``), so the baseline and
the scenario themselves are usually in the replication store already. The work goes through
``ui.runner`` (the shared store and the server's scheduler): a small one while the page
waits, a larger one as the session's background job with its progress and a Cancel button.
Results are kept in the session per (baseline, scenario, seed), so a rerun or a return to a
scenario shows them without simulating. Every figure has its 95% interval.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from simulation import KPI_LABELS, Scenario
from simulation.analysis.attribution import Attribution, attribute
from simulation.loader import diff_scenarios

from . import charts, limits, runner, session, widgets
from .i18n import finite, fmt_kpi, kpi_label, normalise_lang, t
from .sources import reference_for

HEADLINE = ("profit_cny", "retention_90d", "repeat_purchase_rate", "carbon_kg_total",
            "carbon_kg_per_order", "cost_total_cny")
GROUPS = ("E", "S", "G", "marketing", "policy", "assumptions", "run")
REPLICATIONS = limits.PREVIEW_REPLICATIONS      # the preview's: the two ends are stored
EXACT_LIMIT = 4          # every coalition up to 4 groups (16); beyond, sampled orders
PERMUTATIONS = 8
INLINE_SIMULATIONS = 8   # new replications done while the page waits: a preview's worth
SLOT = "explain"         # the session's job slot
RESULTS_KEY = "_explain_results"   # {key: Attribution}, the last few
KEEP = 6
KPI_KEY = "explain_kpi"
OPEN_KEY = "open_explain"


def key_for(scenario: Scenario, seed: int, replications: int | None = None) -> tuple:
    n = REPLICATIONS if replications is None else replications
    return ("explain", reference_for(scenario).fingerprint(), scenario.fingerprint(), int(seed),
            int(n))


def group_of(path: str) -> str:
    """A changed path's lever group (the channel shares are the marketing budget's)."""
    if path == "marketing.shares" or path.startswith("marketing.shares."):
        return "marketing"
    row = widgets.rows().get(path)
    return row["group"] if row else "assumptions"


def changed_groups(base: Scenario, scenario: Scenario) -> list[str]:
    found = {group_of(p) for p in diff_scenarios(base, scenario)}
    return [g for g in GROUPS if g in found]


def group_label(group: str, lang: str) -> str:
    return t(f"builder.explain_group_{group}", lang)


def coalitions(n: int) -> int:
    """The scenarios the attribution simulates for ``n`` groups (at most)."""
    if n <= EXACT_LIMIT:
        return 2 ** n
    return min(2 ** n, 2 + PERMUTATIONS * (n - 1))


def simulations(base: Scenario, scenario: Scenario, seed: int,
                replications: int | None = None) -> int:
    """About how many replications an explanation still has to simulate: every coalition's,
    less the two ends' when the store has them (the preview's)."""
    replications = REPLICATIONS if replications is None else replications
    n = len(changed_groups(base, scenario))
    todo = coalitions(n) * replications
    if runner.has_stored({"baseline": base, "current": scenario}, seed, replications):
        todo -= 2 * replications
    return max(todo, 0)


def compute(scenario: Scenario, seed: int, replications: int | None = None,
            progress: runner.Progress | None = None) -> Attribution:
    """The attribution of scenario − baseline to lever groups for the headline KPIs, through
    the app's store and scheduler (``runner.limited_kpi_runner``)."""
    return attribute(reference_for(scenario), scenario, kpis=list(HEADLINE),
                     replications=REPLICATIONS if replications is None else replications,
                     seed=seed, by="group", exact_limit=EXACT_LIMIT,
                     permutations=PERMUTATIONS, progress=progress,
                     runner=runner.limited_kpi_runner)


# --- the figures --------------------------------------------------------------------------

def contributions(result: Attribution) -> pd.DataFrame:
    """A row per (KPI, group): contribution and its 95% interval (numbers)."""
    table = result.table()
    return table[["kpi", "player", "contribution", "ci_low", "ci_high"]].rename(
        columns={"player": "group"}).reset_index(drop=True)


def totals(result: Attribution) -> pd.DataFrame:
    """A row per KPI: baseline, scenario, the change and its 95% interval (numbers)."""
    return result.totals()


def _interval(kpi: str, lo: float, hi: float, lang: str) -> str:
    if not (finite(lo) and finite(hi)):
        return "—"
    return t("builder.explain_range", lang, lo=fmt_kpi(kpi, lo, signed=True),
             hi=fmt_kpi(kpi, hi, signed=True))


def _with_interval(kpi: str, value: float, lo: float, hi: float, lang: str) -> str:
    if not finite(value):
        return "—"
    return t("builder.explain_cell", lang, value=fmt_kpi(kpi, value, signed=True),
             interval=_interval(kpi, lo, hi, lang))


def table_display(result: Attribution, lang: str) -> pd.DataFrame:
    """A row per headline KPI: the change (95% interval) and each group's part of it."""
    parts = contributions(result)
    tot = totals(result).set_index("kpi")
    rows = []
    for kpi in result.kpis:
        row = {t("builder.explain_col_kpi", lang): kpi_label(kpi, lang),
               t("builder.explain_col_base", lang): fmt_kpi(kpi, tot.loc[kpi, "base_mean"]),
               t("builder.explain_col_current", lang): fmt_kpi(kpi, tot.loc[kpi, "scenario_mean"]),
               t("builder.explain_col_change", lang): _with_interval(
                   kpi, tot.loc[kpi, "diff_mean"], tot.loc[kpi, "ci_low"], tot.loc[kpi, "ci_high"],
                   lang)}
        for r in parts[parts["kpi"] == kpi].itertuples(index=False):
            row[group_label(r.group, lang)] = _with_interval(kpi, r.contribution, r.ci_low,
                                                             r.ci_high, lang)
        rows.append(row)
    return pd.DataFrame(rows)


def _join(items: list[str], lang: str) -> str:
    sep = "、" if normalise_lang(lang) == "zh" else ", "
    return sep.join(items)


def sentence(result: Attribution, kpi: str, lang: str) -> str:
    """The change in ``kpi`` and its biggest contributors, in plain words."""
    tot = totals(result).set_index("kpi").loc[kpi]
    parts = contributions(result)
    parts = parts[parts["kpi"] == kpi]
    diff, lo, hi = float(tot["diff_mean"]), float(tot["ci_low"]), float(tot["ci_high"])
    name = kpi_label(kpi, lang)
    if not finite(diff):
        return t("builder.explain_unmeasured", lang, kpi=name)
    out = [t("builder.explain_total", lang, kpi=name, diff=fmt_kpi(kpi, diff, signed=True),
             interval=_interval(kpi, lo, hi, lang))]
    if finite(lo) and finite(hi) and lo <= 0 <= hi:
        out.append(t("builder.explain_noise", lang, n=result.replications))
    if abs(diff) < 1e-12 and parts["contribution"].abs().max() < 1e-12:
        return " ".join(out) if normalise_lang(lang) != "zh" else "".join(out)
    ranked = sorted(parts.itertuples(index=False), key=lambda r: -abs(r.contribution))
    def said(r) -> str:
        return t("builder.explain_part", lang, group=group_label(r.group, lang),
                 value=fmt_kpi(kpi, r.contribution, signed=True))
    if len(ranked) == 1:
        out.append(t("builder.explain_only", lang, group=group_label(ranked[0].group, lang)))
    else:
        top = ranked[0]
        sign = np.sign(top.contribution)
        same = [r for r in ranked[1:] if np.sign(r.contribution) == sign
                and abs(r.contribution) >= 0.25 * abs(top.contribution)][:1]
        out.append(t("builder.explain_top", lang, parts=_join([said(r) for r in [top, *same]], lang)))
        against = [r for r in ranked if np.sign(r.contribution) == -sign and
                   abs(r.contribution) >= 0.1 * abs(top.contribution)]
        if against:
            out.append(t("builder.explain_against", lang,
                         parts=_join([said(r) for r in against[:2]], lang)))
    return " ".join(out) if normalise_lang(lang) != "zh" else "".join(out)


def chart(result: Attribution, kpi: str, lang: str) -> alt.LayerChart:
    """A small bar chart: each group's part of the change in ``kpi`` with its 95% interval,
    green when it improves the KPI and red when it worsens it (blue/orange for a KPI with no
    better direction), and the total change."""
    parts = contributions(result)
    parts = parts[parts["kpi"] == kpi]
    tot = totals(result).set_index("kpi").loc[kpi]
    better = KPI_LABELS.get(kpi, (0, 0, 0, None))[3]
    rows = []
    for r in parts.itertuples(index=False):
        up = r.contribution >= 0
        kind = ("up" if up else "down") if better is None else (
            "improves" if up == bool(better) else "worsens")
        rows.append({"label": group_label(r.group, lang), "value": r.contribution,
                     "lo": r.ci_low, "hi": r.ci_high, "kind": kind})
    rows.append({"label": t("builder.explain_total_bar", lang), "value": float(tot["diff_mean"]),
                 "lo": float(tot["ci_low"]), "hi": float(tot["ci_high"]), "kind": "total"})
    data = pd.DataFrame(rows)
    classes = ["total"] + (["up", "down"] if better is None else ["improves", "worsens"])
    data["kind_label"] = [t(f"sensitivity.chart_kind_{k}", lang) if k != "total"
                          else t("builder.explain_total_bar", lang) for k in data["kind"]]
    domain = [t(f"sensitivity.chart_kind_{c}", lang) if c != "total"
              else t("builder.explain_total_bar", lang) for c in classes]
    unit = KPI_LABELS.get(kpi, ("", "", "", None))[2]
    magnitude = float(np.nanmax(np.abs(data[["value", "lo", "hi"]].to_numpy(float)))) \
        if np.isfinite(data[["value", "lo", "hi"]].to_numpy(float)).any() else 0.0
    fmt = charts.number_format(unit, magnitude)
    x_title = t("builder.explain_axis", lang, kpi=charts.kpi_title(kpi, lang))
    order = list(data["label"])
    tips = [alt.Tooltip("label:N", title=t("builder.explain_col_group", lang)),
            alt.Tooltip("value:Q", title=t("sensitivity.chart_contribution", lang), format=fmt),
            alt.Tooltip("lo:Q", title=t("charts.ci_low", lang), format=fmt),
            alt.Tooltip("hi:Q", title=t("charts.ci_high", lang), format=fmt)]
    base = alt.Chart(data).encode(y=alt.Y("label:N", sort=order, title=None,
                                          axis=alt.Axis(labelLimit=0)), tooltip=tips)
    bars = base.mark_bar(size=18).encode(
        x=alt.X("value:Q", title=x_title, axis=alt.Axis(format=fmt)),
        color=alt.Color("kind_label:N", title=None,
                        scale=alt.Scale(domain=domain,
                                        range=[charts.ATTRIBUTION_COLOURS[c] for c in classes]),
                        legend=alt.Legend(orient="bottom", labelLimit=320)))
    errors = base.mark_rule(color="#222222", strokeWidth=1.5).encode(x="lo:Q", x2="hi:Q")
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#888888").encode(x="x:Q")
    return alt.layer(bars, errors, zero).properties(
        title=alt.TitleParams(t("builder.explain_chart_title", lang, kpi=kpi_label(kpi, lang)),
                              anchor="start", offset=10),
        width="container", height=36 * len(data) + 40)


# --- the panel ------------------------------------------------------------------------------

def _results() -> dict[tuple, Attribution]:
    return st.session_state.setdefault(RESULTS_KEY, {})


def _keep(key: tuple, result: Attribution) -> None:
    kept = _results()
    kept.pop(key, None)
    kept[key] = result
    while len(kept) > KEEP:
        kept.pop(next(iter(kept)))


def kept(scenario: Scenario, seed: int) -> Attribution | None:
    """The explanation of ``scenario`` at ``seed`` this session has (None when it has none);
    a finished background job's result is taken in first."""
    key = key_for(scenario, seed)
    found = runner.job(SLOT)
    if found is not None and found.key == key and found.succeeded:
        _keep(key, found.result)
    return _results().get(key)


def _run(scenario: Scenario, seed: int, lang: str) -> Attribution | None:
    """Explain now while the page waits when it is small, else start the background job
    (None then: its progress is shown on the next run)."""
    base = reference_for(scenario)
    key = key_for(scenario, seed)
    if simulations(base, scenario, seed) <= INLINE_SIMULATIONS:
        result = runner.with_progress(lambda progress: compute(scenario, seed, progress=progress),
                                      lang, "builder.explain_failed")
        if result is not None:
            _keep(key, result)
        return result
    n = len(changed_groups(base, scenario))
    orders = coalitions(n) * REPLICATIONS * scenario.expected_orders()

    def work(progress):
        return compute(scenario, seed, progress=progress)

    runner.start_job(SLOT, work, key, lang, orders=orders)
    return None


def _toggle() -> None:
    st.session_state[OPEN_KEY] = st.session_state[f"_w_{OPEN_KEY}"]


def draw(scenario: Scenario, lang: str, container: Any = None, present: bool = False) -> None:
    """"Why did this change?": a panel with a button that splits the change in every
    headline KPI into the lever groups' parts (table, chart, a sentence), with intervals.
    Nothing is simulated until the button is pressed; a result already worked out for this
    scenario and seed is shown at once. The baseline itself has nothing to explain."""
    container = st.container() if container is None else container
    widget = f"_w_{OPEN_KEY}"
    st.session_state[widget] = bool(st.session_state.setdefault(OPEN_KEY, False))
    with container.expander(t("builder.explain_heading", lang), key=widget, on_change=_toggle):
        _draw_body(scenario, lang, present)


def _draw_body(scenario: Scenario, lang: str, present: bool) -> None:
    base = reference_for(scenario)
    if base.fingerprint() == scenario.fingerprint():
        st.info(t("builder.explain_same", lang))
        return
    seed = session.seed()
    key = key_for(scenario, seed)
    result = kept(scenario, seed)
    if result is None:
        st.caption(t("builder.explain_intro", lang, n=REPLICATIONS,
                     groups=_join([group_label(g, lang) for g in changed_groups(base, scenario)],
                                  lang)))
        found = runner.job(SLOT)
        if found is not None and found.key == key and found.active:
            runner.show_job(found, lang)
            return
        if found is not None and found.key == key and not found.succeeded:
            runner.show_outcome(found, lang, "builder.explain_failed")
        if st.button(t("builder.explain_run", lang), key="explain_run", type="secondary"):
            result = _run(scenario, seed, lang)
            if result is None:
                found = runner.job(SLOT)
                if found is not None and found.key == key and found.active:
                    runner.show_job(found, lang)
                return
        else:
            return
    kpis = list(result.kpis)
    if not present:
        kpi = st.selectbox(t("builder.explain_kpi", lang), kpis,
                           key=f"{KPI_KEY}@{normalise_lang(lang)}",   # a label per language
                           format_func=lambda k: kpi_label(k, lang))
    else:
        kpi = st.session_state.get(f"{KPI_KEY}@{normalise_lang(lang)}", kpis[0])
        kpi = kpi if kpi in kpis else kpis[0]
    st.markdown(sentence(result, kpi, lang))
    if finite(totals(result).set_index("kpi").loc[kpi, "diff_mean"]):
        charts.show(st, chart(result, kpi, lang))
    st.dataframe(table_display(result, lang), hide_index=True, key="explain_table")
    st.caption(t("builder.explain_caption", lang, n=result.replications, seed=result.seed,
                 sims=result.simulations))
