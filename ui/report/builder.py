"""The scenario builder's report: the current scenario against the baseline, as the page
shows it.

The title page names the scenario (its title and where it came from) and the run (seed, and
the replications of the results on show: the full set, or the quick preview, which it says);
the executive summary is generated from the pair's paired differences
(``common.comparison_summary``); then the levers that differ from the baseline (the page's
"changed levers" list), the KPI cards' values (the same strings as the cards:
``ui.builder_tables.cards``), the KPI table with 95% intervals (``common.kpi_table``), each
result tab's charts (the same Altair charts: ``ui.builder_tables.tab_charts``; plain bar and
line charts also as numbers for native PowerPoint charts), the appendix and the share link.

Plain Python (no Streamlit); it never imports the page module ``ui/builder.py``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from simulation import Scenario, abatement_cost

from .. import builder_tables as bt
from ..export import slug
from ..i18n import t
from . import common
from .model import Chart, Report, Section, Table

NAMES = bt.NAMES


def chart_title(spec: Mapping[str, Any], fallback: str) -> str:
    """A chart's title as its spec draws it (the text of ``title``), else ``fallback``."""
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, (list, tuple)):
        title = " ".join(str(x) for x in title)
    return str(title) if title else fallback


def lever_section(changes: Mapping[str, Any], lang: str) -> Section:
    """The levers that differ from the baseline: label, value and the baseline's value, as
    the page's "changed levers" list shows them."""
    rows = bt.lever_rows(dict(changes), lang)
    heading = t("report.b_levers_title", lang)
    if not rows:
        text = t("report.b_levers_none", lang)
        return Section(heading=heading, paragraphs=[text], headline=text,
                       notes=t("report.b_levers_notes", lang))
    table = Table(title=heading, columns=[t("report.b_col_lever", lang), t("report.b_col_value", lang),
                                          t("report.b_col_base", lang)],
                  rows=[[label, value, base] for _path, label, value, base in rows], kind="levers")
    return Section(heading=heading, tables=[table], headline=t("builder.changes", lang, n=len(rows)),
                   notes=t("report.b_levers_notes", lang))


def cards_table(cards: list[bt.Card], n: int, lang: str) -> Table:
    """The KPI cards as a table: each card's value, change, the change's interval, the
    probability of beating the baseline and the baseline's value, as the cards show them."""
    dash = "—"
    rows = [[c.label, c.value, c.delta or dash,
             f"{c.change_low} ~ {c.change_high}" if c.change_low is not None else dash,
             c.prob or dash, c.baseline] for c in cards]
    return Table(title=t("report.b_cards_title", lang),
                 columns=[t("report.b_col_kpi", lang), t("report.b_col_current", lang),
                          t("report.b_col_change", lang), t("report.b_col_interval", lang),
                          t("report.b_col_prob", lang), t("report.b_col_baseline", lang)],
                 rows=rows, note=" ".join([t("report.b_cards_note", lang, n=n), *(
                     f"{c.label}: {c.missing}" for c in cards if c.missing)]), kind="kpi")


def chart_sections(results: Any, pair: Mapping[str, Scenario], lang: str) -> list[Section]:
    """A section per result tab with its charts (the page's charts, in the page's order)."""
    out = []
    for tab in bt.TABS:
        heading = t(f"builder.tab_{tab}", lang)
        caption = ""
        if tab == "marketing":
            caption = t("builder.response_note", lang)
        elif tab == "uncertainty":
            caption = t("builder.fan_note", lang, n=results.replications)
        found: list[Chart] = []
        for row in bt.tab_charts(tab, results, pair, lang):
            for pc in row:
                spec = pc.chart.to_dict(validate=False)
                found.append(common.chart(pc.name, chart_title(spec, heading), spec,
                                          series=pc.series() if pc.series else None))
        out.append(Section(heading=heading, paragraphs=[caption] if caption else [], charts=found,
                           headline=t("report.b_charts_headline", lang, tab=heading),
                           notes=t("report.b_charts_notes", lang)))
    return out


def builder_report(results: Any, pair: Mapping[str, Scenario], title: str, origin: str, lang: str,
                   *, changes: Mapping[str, Any], full: bool, full_replications: int,
                   link: str | None = None, created: datetime | None = None,
                   checks: list | None = None) -> Report:
    """The builder page's report. ``results``: the pair's ``runner.Results`` on show (ids
    ``baseline`` and ``current``); ``pair``: {"baseline": scenario, "current": scenario};
    ``title`` and ``origin``: the page's heading and its origin note (plain text);
    ``changes``: the page's lever changes (``widgets.collect``); ``full``: whether the full
    set is on show (else the preview), ``full_replications`` the full set's size; ``link``:
    the share link; ``checks``: a live validation report (default: the stored summary)."""
    names = bt.display_names(lang)
    summary = results.summary()
    compared = results.compare("baseline")
    n = results.replications
    current = pair["current"]
    run_set = (t("report.b_set_full", lang, n=n) if full else
               t("report.b_set_preview", lang, n=n, full=full_replications))
    facts = common.facts(lang, scenarios=[names[k] for k in NAMES], seed=results.seed,
                         replications=n, horizon_days=int(current.run.horizon_days), created=created,
                         extra=[(t("report.b_fact_title", lang), title),
                                (t("report.b_fact_origin", lang), origin),
                                (t("report.b_fact_set", lang), run_set)])
    try:
        abatement = abatement_cost(results.kpis, "baseline")
    except (KeyError, ValueError):
        abatement = None
    cards = bt.cards(summary, compared, n, lang, current.run.horizon_days)
    kpis = Section(heading=t("report.b_cards_title", lang),
                   paragraphs=[bt.cards_caption(full, n, full_replications, lang)],
                   tables=[cards_table(cards, n, lang), common.kpi_table(summary, names, lang)],
                   headline=run_set, notes=t("report.b_cards_notes", lang))
    return Report(
        kind="builder", lang=lang, title=t("report.b_title", lang, title=title),
        subtitle=t("report.b_subtitle", lang), facts=facts,
        summary=common.comparison_summary(compared, abatement, names, "baseline", lang),
        sections=[lever_section(changes, lang), kpis, *chart_sections(results, pair, lang)],
        appendix=common.appendix(lang, dict(pair), checks, seed=results.seed, replications=n),
        link=link, file_stem=f"esg_builder_{slug(title)}"[:60])
