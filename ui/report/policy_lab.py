"""The policy lab page's report: a region's run, as the page shows it, for a meeting.

A title page (the region, the policy, the shops simulated and in the region, horizon, seed);
an executive summary generated from the numbers (tonnes avoided with the interval, public
spend, cost per tonne, the practice whose adoption moves most, the share of shops losing
profit, the share of the subsidy that was not additional, the identities); then the headline
figures, adoption (chart and table), the profit change by group (chart and table), public
spend and additionality, jobs, the accounting identities, the marginal abatement cost curve
when the page has computed it (with the best mix within a budget), the method; then the
shared appendix.

Every table, sentence and chart comes from the page's own functions
(``ui.policy_lab_tables``), so the report shows what the page showed. Plain Python (no
Streamlit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from simulation import MODEL_VERSION

from .. import policy_lab_tables as tables
from ..i18n import normalise_lang, t
from . import common
from .model import Report, Section, Series
from .sensitivity import frame_table

RUNS_PER_SHOP = 1       # each shop is simulated once per arm (the "replications" fact)


@dataclass(frozen=True)
class Shown:
    """What the page shows: the lab's result, the region (its name and title in the
    report's language), the policy ({dotted path: value}), the shops simulated, the horizon,
    the seed, and the MAC curve's outcome when the page has computed it for these inputs."""

    result: Any
    region: str
    region_title: str
    policy: Mapping[str, Any] = field(default_factory=dict)
    shops: int = 0
    days: int = 0
    seed: int = 1
    mac: Any = None


def _facts(shown: Shown, lang: str) -> list[tuple[str, str]]:
    r = shown.result
    extra = [(t("policy_lab.fact_policy", lang), tables.policy_text(shown.policy, lang)),
             (t("policy_lab.fact_shops", lang), f"{int(r.n_shops):,}"),
             (t("policy_lab.fact_region_shops", lang), f"{int(r.n_region_shops):,}")]
    return common.facts(lang, scenarios=[shown.region_title], seed=shown.seed,
                        replications=RUNS_PER_SHOP, horizon_days=shown.days, extra=extra)


def metric_lines(result: Any, lang: str) -> list[str]:
    """The four cards as lines: label, value, interval or note."""
    out = []
    sep = "；" if normalise_lang(lang) == "zh" else "; "
    for m in tables.headline_metrics(result, lang):
        line = t("report_analysis.metric_line", lang, label=m.label, value=m.value)
        parts = [p for p in (m.caption, m.help) if p]
        out.append(line + (sep + sep.join(parts) if parts else ""))
    return out


def adoption_series(result: Any, lang: str) -> Series:
    rows = tables._all_rows(result.adoption)
    base, pol = tables.series_labels(lang)
    return Series(kind="bar", categories=[tables.lever_name(v, lang) for v in rows["lever"]],
                  series={base: [float(v) for v in rows["rate_base"]],
                          pol: [float(v) for v in rows["rate_policy"]]},
                  axis_title=t("policy_lab.share_axis", lang), number_format="0%")


def _chart(name: str, title: str, chart: Any, caption: str = "",
           series: Series | None = None) -> list:
    return [] if chart is None else [common.chart(name, title, chart, caption=caption,
                                                  series=series)]


def headline_section(shown: Shown, said: list[str], lang: str) -> Section:
    r = shown.result
    return Section(heading=t("policy_lab.sec_headline", lang),
                   paragraphs=[t("policy_lab.result_note", lang, n=r.n_shops,
                                 total=f"{int(r.n_region_shops):,}", days=shown.days,
                                 policy=tables.policy_text(shown.policy, lang))],
                   bullets=metric_lines(r, lang), headline=said[0] if said else "",
                   notes=t("policy_lab.method_text", lang))


def adoption_section(result: Any, lang: str) -> Section:
    frames = tables.all_tables(result, lang)
    title, frame = frames["adoption"]
    moved = tables.biggest_move(result)
    headline = (t("policy_lab.headline_adoption", lang, lever=tables.lever_name(moved[0], lang),
                  base=tables.rate(moved[1]), policy=tables.rate(moved[2]))
                if moved else t("policy_lab.adoption_heading", lang))
    return Section(heading=t("policy_lab.adoption_heading", lang),
                   paragraphs=[t("policy_lab.adoption_note", lang)],
                   tables=[frame_table(frame, title, kind="adoption")],
                   charts=_chart("adoption", t("policy_lab.adoption_chart_title", lang),
                                 tables.adoption_chart(result, lang),
                                 series=adoption_series(result, lang)),
                   headline=headline)


def groups_section(result: Any, lang: str) -> Section:
    frames = tables.all_tables(result, lang)
    title, frame = frames["groups"]
    charts = []
    for dim in tables.GROUP_DIMENSIONS[:1] + tables.GROUP_DIMENSIONS[2:]:
        charts += _chart(f"profit_by_{dim}", t("policy_lab.profit_chart_title", lang,
                                               group=tables.dimension_name(dim, lang)),
                         tables.profit_chart(result, dim, lang),
                         caption=t("policy_lab.profit_note", lang))
    profit = tables._all_rows(result.profit)
    headline = (t("policy_lab.headline_losers", lang,
                  share=tables.share(float(profit["share_losing"].iloc[0])))
                if len(profit) else t("policy_lab.profit_heading", lang))
    return Section(heading=t("policy_lab.profit_heading", lang),
                   paragraphs=[t("policy_lab.profit_note", lang)],
                   tables=[frame_table(frame, title, kind="groups", first_column_is_header=False)],
                   charts=charts, headline=headline)


def money_section(result: Any, lang: str) -> Section:
    frames = tables.all_tables(result, lang)
    wf = tables.windfall_share(result)
    headline = (t("policy_lab.headline_additional", lang, share=tables.share(wf)) if wf is not None
                else t("policy_lab.spend_none", lang))
    return Section(heading=t("policy_lab.tab_spend", lang),
                   tables=[frame_table(frames["spend"][1], frames["spend"][0], kind="spend"),
                           frame_table(frames["additionality"][1], frames["additionality"][0],
                                       kind="additionality")],
                   headline=headline)


def jobs_section(result: Any, lang: str) -> Section:
    title, frame = tables.all_tables(result, lang)["jobs"]
    return Section(heading=title, tables=[frame_table(frame, title, kind="jobs")], headline=title)


def identities_section(result: Any, lang: str) -> Section:
    title, frame = tables.all_tables(result, lang)["identities"]
    checks = tables.identity_rows(result)
    failed = sum(1 for *_x, ok in checks if not ok)
    headline = (t("policy_lab.headline_identities", lang, n=len(checks)) if not failed else
                t("policy_lab.headline_identities_failed", lang, k=failed, n=len(checks)))
    return Section(heading=title, paragraphs=[headline],
                   tables=[frame_table(frame, title, kind="identities")], headline=headline)


def mac_section(mac: Any, shops: int, lang: str) -> Section:
    curve = mac.curve
    by = tables.COST_BASES[0]
    chart = tables.mac_chart(curve, by, lang)
    paragraphs = [t("policy_lab.mac_intro", lang, n=len(curve), shops=shops),
                  t("policy_lab.mac_note", lang) if chart is not None
                  else t("policy_lab.mac_empty", lang)]
    if mac.budget is not None:
        paragraphs.append(tables.best_text(mac, lang))
    return Section(heading=t("policy_lab.mac_heading", lang), paragraphs=paragraphs,
                   tables=[frame_table(tables.mac_table(curve, lang), t("policy_lab.mac_table", lang),
                                       kind="mac")],
                   charts=_chart("mac_curve", t("policy_lab.mac_chart_title", lang), chart,
                                 caption=t("policy_lab.mac_note", lang)),
                   headline=paragraphs[-1] if mac.budget is not None
                   else t("policy_lab.mac_chart_title", lang))


def lab_report(shown: Shown, lang: str, link: str | None = None) -> Report:
    """The report of the policy lab's result ``shown``, in ``lang``."""
    r = shown.result
    said = tables.summary_lines(r, shown.days, lang)
    sections = [headline_section(shown, said, lang), adoption_section(r, lang),
                groups_section(r, lang), money_section(r, lang), jobs_section(r, lang),
                identities_section(r, lang)]
    if shown.mac is not None:
        sections.append(mac_section(shown.mac, shown.shops, lang))
    sections.append(Section(heading=t("policy_lab.sec_method", lang),
                            paragraphs=[t("policy_lab.method_text", lang),
                                        t("policy_lab.footer", lang, model=MODEL_VERSION,
                                          seed=shown.seed, n=r.n_shops, days=shown.days)],
                            headline=t("policy_lab.sec_method", lang),
                            notes=t("policy_lab.method_text", lang)))
    return Report(kind="policy_lab", lang=normalise_lang(lang),  # type: ignore[arg-type]
                  title=t("policy_lab.report_title", lang),
                  subtitle=t("policy_lab.report_subtitle", lang, region=shown.region_title),
                  facts=_facts(shown, lang), summary=said, sections=sections,
                  appendix=common.appendix(lang, None, seed=shown.seed,
                                           replications=RUNS_PER_SHOP),
                  link=link, file_stem=f"esg_policy_lab_{tables.safe_stem(shown.region)}")
