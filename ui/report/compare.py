"""The compare page's report: a comparison of 2–6 scenarios against a reference.

It reads: the title page (the scenarios, date, versions, seed, replications), the summary in
plain words (``common.comparison_summary``), the levers that differ, the headline KPIs and then
every KPI (the page's cells: mean and 95% interval), the paired differences with their
probabilities, the cost per tonne of CO2e avoided, the page's charts (the cost–carbon
trade-off, the headline KPIs by scenario as native bar charts in the PPTX, the cost
waterfall), the appendix and the comparison's link. No Streamlit: the command line's
``report`` builds the same report.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Mapping

import pandas as pd

from simulation import Scenario

from .. import charts
from ..format import HEADLINE, kpi_order
from ..i18n import kpi_label, t
from . import common
from .model import Report, Section

BASELINE_ID = "preset:baseline"
#: the headline KPIs drawn as one bar chart each (native charts in the PPTX)
BAR_KPIS = ("retention_90d", "carbon_kg_total", "profit_cny")


def _named(frame: pd.DataFrame | None, names: Mapping[str, str]) -> pd.DataFrame | None:
    if frame is None or not len(frame):
        return None
    return frame[frame["scenario"].isin(list(names))].assign(
        scenario=lambda d: d["scenario"].map(names))


def file_stem(names: Mapping[str, str]) -> str:
    """An ASCII file-name stem: ``esg_compare_3_scenarios``."""
    return f"esg_compare_{len(names)}_scenarios"


def compare_report(results: Any, scenarios: Mapping[str, Scenario], names: Mapping[str, str],
                   reference: str, lang: str, link: str | None = None,
                   abatement: pd.DataFrame | None = None, baseline: str = BASELINE_ID,
                   created: datetime | None = None, checks: list | None = None) -> Report:
    """The comparison as a :class:`Report` in ``lang``.

    ``results``: ``runner.Results`` (or ``compare_tables.Outcome``: ``kpis``, ``seed``,
    ``replications``, ``breakdown``, ``summary()``, ``compare(reference)``) of the scenarios
    under the ids of ``names`` (id -> display name, in the page's order); ``reference``: the id
    the differences are taken against; ``link``: the share link that reopens the comparison.
    """
    from simulation import abatement_cost

    summary = results.summary()
    compared = results.compare(reference)
    if abatement is None:
        abatement = abatement_cost(results.kpis, reference)
    ref_name = names.get(reference, reference)
    order = kpi_order(summary["kpi"].unique())
    head = [k for k in order if k in HEADLINE]

    sections: list[Section] = []
    levers = common.lever_table(scenarios, names, lang)
    sections.append(Section(
        heading=t("report.levers_title", lang),
        paragraphs=[] if levers.rows else [t("compare.levers_none", lang)],
        tables=[levers] if levers.rows else [],
        headline=t("report.compare_levers_headline", lang), notes=t("report.notes_levers", lang)))
    sections.append(Section(
        heading=t("compare.kpi_heading", lang),
        tables=[common.kpi_table(summary, names, lang, head)],
        headline=t("report.compare_kpi_headline", lang), notes=t("report.notes_kpis", lang)))
    sections.append(Section(
        heading=t("report.kpi_title_all", lang),
        tables=[common.kpi_table(summary, names, lang, order, title=t("report.kpi_title_all", lang))],
        headline=t("report.compare_kpi_all_headline", lang), notes=t("report.notes_kpis", lang)))
    sections.append(Section(
        heading=t("compare.diff_heading", lang, reference=ref_name),
        tables=[common.diff_table(compared, names, reference, lang, head)],
        headline=t("report.compare_diff_headline", lang),
        notes=t("report.notes_differences", lang)))
    sections.append(Section(
        heading=t("compare.abate_heading", lang),
        tables=[common.abatement_table(abatement, names, reference, lang)],
        headline=t("report.compare_abate_headline", lang),
        notes=t("report.notes_abatement", lang)))
    sections.extend(_chart_sections(results, summary, names, baseline, lang))

    horizons = sorted({int(sc.run.horizon_days) for sc in scenarios.values()})
    facts = common.facts(lang, scenarios=list(names.values()), seed=results.seed,
                         replications=results.replications,
                         horizon_days=horizons[0] if len(horizons) == 1 else None,
                         created=created, extra=[(t("report.fact_reference", lang), ref_name)])
    return Report(
        kind="compare", lang=lang, title=t("report.compare_title", lang),
        subtitle=t("report.compare_subtitle", lang, n=len(names), reference=ref_name),
        facts=facts,
        summary=common.comparison_summary(compared, abatement, names, reference, lang),
        sections=sections,
        appendix=common.appendix(lang, scenarios, checks, seed=results.seed,
                                 replications=results.replications),
        link=link, file_stem=file_stem(names))


def _chart_sections(results: Any, summary: pd.DataFrame, names: Mapping[str, str],
                    baseline: str, lang: str) -> list[Section]:
    """The page's trade-off chart, the headline KPIs as bars, the cost waterfall."""
    order = list(names.values())
    base_name = names.get(baseline)
    named = _named(summary, names)
    out = [Section(
        heading=t("charts.tradeoff_title", lang),
        charts=[common.chart("tradeoff", t("charts.tradeoff_title", lang),
                             charts.trade_off(named, order, lang, baseline=base_name,
                                              size_kpi="retention_90d"),
                             caption=t("compare.tradeoff_caption", lang))],
        headline=t("report.compare_tradeoff_headline", lang), notes=t("report.notes_chart", lang))]
    kpis = _named(results.kpis, names)
    bars = []
    for kpi in BAR_KPIS:
        if kpis is None or kpi not in kpis.columns or not kpis[kpi].notna().any():
            continue        # a KPI the horizon does not define (90-day retention in 30 days)
        bars.append(common.chart(f"kpi_{_ascii(kpi)}", kpi_label(kpi, lang),
                                 charts.kpi_bars(kpis, kpi, order, lang, baseline=base_name),
                                 caption=t("report.kpi_note", lang, n=results.replications),
                                 series=common.kpi_series(summary, names, kpi, lang)))
    if bars:
        out.append(Section(heading=t("report.compare_bars_headline", lang), charts=bars,
                           headline=t("report.compare_bars_headline", lang),
                           notes=t("report.notes_chart", lang)))
    breakdown = _named(getattr(results, "breakdown", None), names)
    if breakdown is not None and kpis is not None:
        ref = base_name if base_name in order else order[0]
        out.append(Section(
            heading=t("charts.waterfall_title", lang),
            charts=[common.chart("cost_waterfall", t("charts.waterfall_title", lang),
                                 charts.cost_waterfall(kpis, breakdown, order, lang, baseline=ref),
                                 caption=t("charts.waterfall_note", lang))],
            headline=t("report.compare_waterfall_headline", lang),
            notes=t("report.notes_chart", lang)))
    return out


def _ascii(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "_", text)
