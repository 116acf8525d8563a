"""The sensitivity page's report: whichever of its analyses the page shows results for.

One section per analysis: the one-at-a-time tornado, the global regression with its fit
verdict (R², adjusted R², Q², samples per parameter and "reliable" / "not reliable" exactly
as the page says it) and the lever attribution (Shapley values); then the ranges the
parameters were swung over, and the shared appendix. The executive summary is generated from
the numbers: the largest drivers with their intervals, the effects not distinguishable from
zero, the fit verdict, the attribution's total and largest contributions.

Every table and caption comes from the page's own functions (``ui.sensitivity_tables``), so
the report shows what the page showed; the charts are the page's Altair charts
(``ui.charts``), the global bars also as a native PowerPoint bar chart. Plain Python (no
Streamlit).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from simulation import Scenario
from simulation.analysis import Attribution, GlobalSensitivity, Sensitivity

from .. import charts
from .. import sensitivity_tables as tables
from ..i18n import finite, fmt_kpi, kpi_label, normalise_lang, t
from . import common
from .model import Report, Section, Series, Table

TOP = 3             # drivers named in the summary


@dataclass(frozen=True)
class Pair:
    """A lever attribution as the page shows it: the result, the KPI shown, the two
    scenarios' display names and the scenarios themselves."""

    result: Attribution
    kpi: str
    base_name: str
    target_name: str
    base: Scenario
    target: Scenario


@dataclass(frozen=True)
class Analyses:
    """What the page shows: the analysed scenario (its display name), and each analysis with
    a result as (result, KPI shown)."""

    scenario_name: str
    scenario: Scenario
    tornado: tuple[Sensitivity, str] | None = None
    global_: tuple[GlobalSensitivity, str] | None = None
    attribution: Pair | None = None


def frame_table(frame: pd.DataFrame, title: str, note: str = "", kind: str = "",
                first_column_is_header: bool = True) -> Table:
    """A page's formatted DataFrame (every cell text) as a report table, cell for cell."""
    rows = [["" if v is None else str(v) for v in row] for row in frame.itertuples(index=False)]
    return Table(title=title, columns=[str(c) for c in frame.columns], rows=rows, note=note,
                 kind=kind, first_column_is_header=first_column_is_header)


def _join(parts: Sequence[str], lang: str) -> str:
    return tables.names_text(parts, lang) if normalise_lang(lang) == "zh" else "; ".join(parts)


# --- the tornado ------------------------------------------------------------------------------

def tornado_summary(result: Sensitivity, kpi: str, lang: str) -> list[str]:
    """The largest drivers (by |swing|) with their swing and interval; the parameters whose
    swing is within the noise."""
    table = result.table(kpi)
    if table.empty:
        return []
    drivers = []
    for r in table.head(TOP).to_dict("records"):
        drivers.append(t("report_analysis.sum_driver", lang, name=tables.row_label(r, lang),
                         swing=fmt_kpi(kpi, r["swing"], signed=True, lang=lang),
                         lo=fmt_kpi(kpi, r["swing_ci_low"], signed=True, lang=lang),
                         hi=fmt_kpi(kpi, r["swing_ci_high"], signed=True, lang=lang)))
    out = [t("report_analysis.sum_tornado_top", lang, kpi=kpi_label(kpi, lang),
             drivers=_join(drivers, lang))]
    noise = [tables.row_label(r, lang) for r in table.to_dict("records") if r["within_noise"]]
    if noise:
        out.append(t("report_analysis.sum_tornado_noise", lang, k=len(noise), n=len(table),
                     names=tables.names_text(noise, lang)))
    else:
        out.append(t("report_analysis.sum_tornado_noise_none", lang))
    return out


def tornado_headline(result: Sensitivity, kpi: str, lang: str) -> str:
    table = result.table(kpi)
    if table.empty:
        return t("sensitivity.tornado_heading", lang)
    top = table.iloc[0].to_dict()
    return t("report_analysis.hl_tornado", lang, name=tables.row_label(top, lang),
             kpi=kpi_label(kpi, lang), swing=fmt_kpi(kpi, top["swing"], signed=True, lang=lang))


def tornado_section(result: Sensitivity, kpi: str, scenario: Scenario | None, lang: str) -> Section:
    table = result.table(kpi)
    base = tables.base_interval(result, kpi, scenario)
    chart = charts.tornado(table, kpi, lang, base=base[0])
    title = t("sensitivity.chart_tornado_title", lang, kpi=kpi_label(kpi, lang))
    return Section(
        heading=t("sensitivity.tornado_heading", lang),
        paragraphs=[t("sensitivity.tornado_intro", lang),
                    t("sensitivity.tornado_done", lang, params=len(result.parameters),
                      reps=result.replications, sims=result.simulations, seed=result.seed),
                    tables.base_text(kpi, base, lang)],
        tables=[frame_table(tables.tornado_display(table, kpi, lang), title,
                            note=t("sensitivity.tornado_caption", lang), kind="tornado")],
        charts=[common.chart("tornado", title, chart, caption=t("sensitivity.tornado_caption", lang))],
        headline=tornado_headline(result, kpi, lang),
        notes=f"{t('sensitivity.tornado_intro', lang)} {t('sensitivity.tornado_caption', lang)}")


# --- the global analysis ----------------------------------------------------------------------

def global_summary(result: GlobalSensitivity, kpi: str, lang: str) -> list[str]:
    """The fit and its verdict; the largest coefficients when they are reliable (the page
    advises against ranking by unreliable ones); those not distinguishable from zero."""
    fit = result.fit(kpi)
    verdict = t("report_analysis.verdict_reliable" if fit["reliable"]
                else "report_analysis.verdict_unreliable", lang)
    out = [t("report_analysis.sum_global_fit", lang, kpi=kpi_label(kpi, lang), samples=fit["n"],
             per=tables.num(fit["per_parameter"], 1), r2=tables.num(fit["r2"]),
             r2a=tables.num(fit["r2_adjusted"]), q2=tables.num(fit["q2"]), verdict=verdict)]
    table = result.table(kpi)
    if fit["reliable"] and not table.empty:
        drivers = [t("report_analysis.sum_coefficient", lang, name=tables.row_label(r, lang),
                     src=tables.coefficient(r["src"]), lo=tables.coefficient(r["src_ci_low"]),
                     hi=tables.coefficient(r["src_ci_high"]))
                   for r in table.head(TOP).to_dict("records")]
        out.append(t("report_analysis.sum_global_top", lang, drivers=_join(drivers, lang)))
    out.append(tables.fit_messages(result, kpi, lang, plain=True)[-1][1])
    return out


def global_series(table: pd.DataFrame, lang: str) -> Series:
    """The coefficients as a native bar chart: SRC and SRRC per parameter."""
    return Series(kind="bar", categories=[tables.row_label(r, lang) for r in table.to_dict("records")],
                  series={t("report_analysis.series_src", lang): [float(x) for x in table["src"]],
                          t("report_analysis.series_srrc", lang): [float(x) for x in table["srrc"]]},
                  axis_title=t("sensitivity.chart_src", lang), number_format="+0.00;-0.00;0.00")


def global_section(result: GlobalSensitivity, kpi: str, lang: str) -> Section:
    table = result.table(kpi)
    fit = result.fit(kpi)
    headline = t("report_analysis.hl_global", lang, kpi=kpi_label(kpi, lang), verdict=t(
        "report_analysis.verdict_short_reliable" if fit["reliable"]
        else "report_analysis.verdict_short_unreliable", lang))
    title = t("sensitivity.chart_global_title", lang, kpi=kpi_label(kpi, lang))
    chart = charts.global_bars(table, lang, kpi=kpi, r2=fit["r2"])
    metrics = Table(title=t("report_analysis.fit_heading", lang),
                    columns=[label for label, _ in tables.fit_metrics(result, kpi, lang)],
                    rows=[[value for _, value in tables.fit_metrics(result, kpi, lang)]],
                    kind="fit", first_column_is_header=False)
    return Section(
        heading=t("sensitivity.global_heading", lang),
        paragraphs=[t("sensitivity.global_intro", lang),
                    t("sensitivity.global_done", lang, samples=result.samples,
                      sims=result.simulations, seed=result.seed),
                    *[text for _, text in tables.fit_messages(result, kpi, lang, plain=True)]],
        tables=[metrics, frame_table(tables.global_display(table, lang), title,
                                     note=t("sensitivity.global_caption", lang), kind="global")],
        charts=[common.chart("global_sensitivity", title, chart,
                             caption=t("sensitivity.global_caption", lang),
                             series=global_series(table, lang))],
        headline=headline,
        notes=t("report_analysis.sens_notes_global", lang))


# --- the attribution --------------------------------------------------------------------------

def attribution_summary(pair: Pair, lang: str) -> list[str]:
    """The total change with its interval; the largest contributions; those whose interval
    contains zero."""
    result, kpi = pair.result, pair.kpi
    total = result.totals().set_index("kpi").loc[kpi]
    out = [t("report_analysis.sum_attr", lang, base=pair.base_name, scenario=pair.target_name,
             kpi=kpi_label(kpi, lang), diff=fmt_kpi(kpi, total["diff_mean"], signed=True, lang=lang),
             lo=fmt_kpi(kpi, total["ci_low"], signed=True, lang=lang),
             hi=fmt_kpi(kpi, total["ci_high"], signed=True, lang=lang))]
    table = result.table(kpi)
    if table.empty:
        return out
    ranked = table.reindex(table["contribution"].abs().sort_values(ascending=False).index)
    parts = [t("report_analysis.sum_contribution", lang, name=tables.row_label(r, lang),
               value=fmt_kpi(kpi, r["contribution"], signed=True, lang=lang),
               lo=fmt_kpi(kpi, r["ci_low"], signed=True, lang=lang),
               hi=fmt_kpi(kpi, r["ci_high"], signed=True, lang=lang))
             for r in ranked.head(TOP).to_dict("records")]
    out.append(t("report_analysis.sum_attr_top", lang, drivers=_join(parts, lang)))
    zero = [tables.row_label(r, lang) for r in table.to_dict("records")
            if finite(r["ci_low"]) and finite(r["ci_high"]) and r["ci_low"] <= 0 <= r["ci_high"]]
    out.append(t("report_analysis.sum_attr_zero", lang, names=tables.names_text(zero, lang))
               if zero else t("report_analysis.sum_attr_zero_none", lang))
    return out


def attribution_section(pair: Pair, lang: str) -> Section:
    result, kpi = pair.result, pair.kpi
    total = result.totals().set_index("kpi").loc[kpi]
    headline = t("report_analysis.hl_attr", lang, kpi=kpi_label(kpi, lang), base=pair.base_name,
                 scenario=pair.target_name,
                 diff=fmt_kpi(kpi, total["diff_mean"], signed=True, lang=lang))
    title = t("sensitivity.chart_attr_title", lang, kpi=kpi_label(kpi, lang))
    chart = charts.attribution_waterfall(result.waterfall(kpi), kpi, lang)
    return Section(
        heading=t("sensitivity.attr_heading", lang),
        paragraphs=[t("sensitivity.attr_intro", lang),
                    t("sensitivity.present_pair", lang, base=pair.base_name,
                      scenario=pair.target_name),
                    t("sensitivity.attr_done", lang, players=len(result.players),
                      reps=result.replications, sims=result.simulations, seed=result.seed),
                    tables.totals_text(result, kpi, lang), tables.method_text(result, kpi, lang)],
        tables=[frame_table(tables.contributions_display(result, kpi, lang), title,
                            note=t("sensitivity.attr_caption", lang), kind="attribution")],
        charts=[common.chart("attribution", title, chart,
                             caption=t("sensitivity.attr_caption", lang))],
        headline=headline,
        notes=f"{t('sensitivity.attr_intro', lang)} {t('sensitivity.attr_caption', lang)}")


# --- the key figures ---------------------------------------------------------------------------

def kpi_section(shown: Analyses, lang: str) -> Section | None:
    """The KPI values the page shows, as one KPI table: the scenario's own value above the
    tornado, the attribution's two levels and their difference, each mean with its 95%
    interval."""
    rows: list[list[str]] = []
    if shown.tornado:
        result, kpi = shown.tornado
        mean, lo, hi = tables.base_interval(result, kpi, shown.scenario)
        rows.append([kpi_label(kpi, lang), shown.scenario_name, fmt_kpi(kpi, mean, lang=lang),
                     tables.interval(kpi, lo, hi, lang, signed=False)])
    if shown.attribution:
        pair = shown.attribution
        kpi, result = pair.kpi, pair.result
        levels = result.waterfall(kpi).set_index("kind")
        for kind, name in (("base", pair.base_name), ("scenario", pair.target_name)):
            r = levels.loc[kind]
            rows.append([kpi_label(kpi, lang), name, fmt_kpi(kpi, r["value"], lang=lang),
                         tables.interval(kpi, r["ci_low"], r["ci_high"], lang, signed=False)])
        total = result.totals().set_index("kpi").loc[kpi]
        rows.append([kpi_label(kpi, lang),
                     t("report_analysis.row_difference", lang, scenario=pair.target_name,
                       base=pair.base_name),
                     fmt_kpi(kpi, total["diff_mean"], signed=True, lang=lang),
                     tables.interval(kpi, total["ci_low"], total["ci_high"], lang)])
    if not rows:
        return None
    table = Table(title=t("report_analysis.kpi_heading", lang),
                  columns=[t("report_analysis.col_kpi", lang), t("report_analysis.col_scenario", lang),
                           t("report_analysis.col_mean", lang), t("sensitivity.col_interval", lang)],
                  rows=rows, note=t("report_analysis.kpi_note", lang), kind="kpi")
    return Section(heading=t("report_analysis.kpi_heading", lang), tables=[table],
                   headline=t("report_analysis.kpi_heading", lang),
                   notes=t("report_analysis.kpi_note", lang))


# --- the report -------------------------------------------------------------------------------

def _parameters(shown: Analyses) -> list[str]:
    found: list[str] = []
    for result in (shown.tornado[0] if shown.tornado else None,
                   shown.global_[0] if shown.global_ else None):
        if result is not None:
            found += [p for p in result.parameters if p not in found]
    return found


def ranges_section(shown: Analyses, lang: str) -> Section | None:
    """The ranges the parameters of the tornado and the global analysis were set over."""
    paths = _parameters(shown)
    if not paths:
        return None
    try:
        frame = tables.ranges_table(paths, shown.scenario, lang)
    except (KeyError, ValueError):          # a parameter the page cannot range: left out
        return None
    return Section(heading=t("sensitivity.ranges", lang),
                   tables=[frame_table(frame, t("sensitivity.ranges", lang),
                                       note=t("sensitivity.ranges_note", lang), kind="ranges")],
                   headline=t("sensitivity.ranges", lang),
                   notes=t("sensitivity.ranges_note", lang))


def _facts(shown: Analyses, lang: str) -> tuple[list[tuple[str, str]], int, int]:
    """The title page's facts, the seed and the replications (the tornado's, else the
    attribution's, else one per sample of the global analysis)."""
    names = [shown.scenario_name]
    analyses, extra = [], []
    replications, seed, sims = None, None, 0
    if shown.tornado:
        result, kpi = shown.tornado
        analyses.append(t("sensitivity.tornado_heading", lang))
        extra.append((t("report_analysis.fact_kpi_tornado", lang), kpi_label(kpi, lang)))
        replications, seed = result.replications, result.seed
        sims += result.simulations
    if shown.global_:
        result, kpi = shown.global_
        analyses.append(t("sensitivity.global_heading", lang))
        extra.append((t("report_analysis.fact_kpi_global", lang), kpi_label(kpi, lang)))
        extra.append((t("report_analysis.fact_samples", lang), str(result.samples)))
        seed = seed if seed is not None else result.seed
        sims += result.simulations
    params = _parameters(shown)
    if params:
        extra.append((t("report_analysis.fact_parameters", lang), str(len(params))))
    if shown.attribution:
        pair = shown.attribution
        analyses.append(t("sensitivity.attr_heading", lang))
        names += [n for n in (pair.base_name, pair.target_name) if n not in names]
        extra.append((t("report_analysis.fact_kpi_attr", lang), kpi_label(pair.kpi, lang)))
        extra.append((t("report_analysis.fact_attr_pair", lang),
                      t("sensitivity.present_pair", lang, base=pair.base_name,
                        scenario=pair.target_name)))
        if replications is None:
            replications = pair.result.replications
        else:
            extra.append((t("report_analysis.fact_attr_replications", lang),
                          str(pair.result.replications)))
        seed = seed if seed is not None else pair.result.seed
        sims += pair.result.simulations
    extra.append((t("report_analysis.fact_simulations", lang), f"{sims:,}"))
    extra.insert(0, (t("report_analysis.fact_analyses", lang), tables.names_text(analyses, lang)))
    seed, replications = int(seed or 0), int(replications or 1)
    return common.facts(lang, scenarios=names, seed=seed, replications=replications,
                        horizon_days=int(shown.scenario.run.horizon_days),
                        extra=extra), seed, replications


def sensitivity_report(shown: Analyses, lang: str, link: str | None = None) -> Report:
    """The report of the analyses ``shown`` on the page, in ``lang``."""
    summary: list[str] = []
    key_figures = kpi_section(shown, lang)
    sections: list[Section] = [key_figures] if key_figures else []
    if shown.tornado:
        result, kpi = shown.tornado
        summary += tornado_summary(result, kpi, lang)
        sections.append(tornado_section(result, kpi, shown.scenario, lang))
    if shown.global_:
        result, kpi = shown.global_
        summary += global_summary(result, kpi, lang)
        sections.append(global_section(result, kpi, lang))
    if shown.attribution:
        summary += attribution_summary(shown.attribution, lang)
        sections.append(attribution_section(shown.attribution, lang))
    ranges = ranges_section(shown, lang)
    if ranges is not None:
        sections.append(ranges)
    scenarios = {shown.scenario_name: shown.scenario}
    if shown.attribution:
        scenarios.setdefault(shown.attribution.base_name, shown.attribution.base)
        scenarios.setdefault(shown.attribution.target_name, shown.attribution.target)
    facts, seed, reps = _facts(shown, lang)
    return Report(kind="sensitivity", lang=normalise_lang(lang),
                  title=t("report_analysis.sens_title", lang),
                  subtitle=t("report_analysis.subtitle", lang, scenario=shown.scenario_name),
                  facts=facts, summary=summary, sections=sections,
                  appendix=common.appendix(lang, scenarios, seed=seed, replications=reps),
                  link=link, file_stem="esg_sensitivity")
