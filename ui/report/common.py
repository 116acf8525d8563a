"""The parts every report shares: the title page's facts, KPI and lever tables, the plain-words
summary generated from the numbers, charts, and the appendix (assumptions and sources, the
model's limitations, the methods appendix in the STRESS-DES structure with the validation
report's summary).

Plain Python (no Streamlit): the command line's ``report`` builds reports with it too. Every
number in a report comes from the frames passed in (``summarise`` / ``compare_to`` /
``abatement_cost`` output) and is formatted by the same functions the pages use
(``ui.compare_tables``, ``ui.i18n.fmt_kpi``), so a report shows what the page shows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping, Sequence

import pandas as pd

from simulation import KPI_LABELS, MODEL_VERSION, SCHEMA_VERSION, Scenario
from simulation import sources as bib
from simulation.scenario import parameter_table

from .. import compare_tables as tables
from ..citations import source_text
from ..format import HEADLINE, format_value, kpi_order
from ..i18n import TEXT, finite, fmt_kpi, kpi_label, normalise_lang, number, t, unit_text
from .model import Chart, Section, Series, Table

__all__ = ["appendix", "chart", "comparison_summary", "facts", "kpi_table", "lever_table",
           "probability", "validation_summary"]

#: Assumptions every report lists with their sources (besides the levers that differ): the
#: shop, its customers, marketing, staff and carbon figures the results rest on most.
HEADLINE_ASSUMPTIONS = (
    "shop.order_value_cny", "shop.gross_margin", "shop.return_rate", "customers.eco_share",
    "customers.purchase_rate_shape", "customers.dropout_a", "customers.green_packaging_bonus",
    "marketing.monthly_budget_cny", "staff.wage_cny_per_month", "staff.base_quit_rate_per_year",
    "logistics.linehaul_kg_per_parcel", "logistics.urban_km_per_parcel",
)

#: The source documents in Chinese (cited by title and section; ``simulation.sources``).
DOCUMENTS = (bib.ESG_MARKETING, bib.MERCHANT_CAPABILITY, bib.INDUSTRY_PLAN, bib.SME_STRATEGY,
             bib.NEWS_2022)

#: Published literature and data, as published (titles are not translated).
LITERATURE = (
    "Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). \"Counting your customers\" the easy "
    "way: An alternative to the Pareto/NBD model. Marketing Science, 24(2), 275–284.",
    "The CDNOW data set (Fader & Hardie): 23,570 customers of the CDNOW online music store, "
    "first purchases in 1997 Q1, every purchase to June 1998.",
    "Gopalakrishnan, A., Jiang, Z., Nevskaya, Y., & Thomadsen, R. (2021). Can non-tiered "
    "customer loyalty programs be profitable? Marketing Science, 40(3), 508–526.",
    "Kantar China (2022), consumer sustainability segmentation.",
    "Meta, Robyn marketing-mix-modelling documentation; Google, Meridian documentation.",
    "Kang, P., Song, G., Xu, M., et al. (2021). Low-carbon pathways for the booming express "
    "delivery sector in China. Nature Communications, 12, 450.",
    "Smart Freight Centre (2023). Global Logistics Emissions Council Framework, version 3; "
    "ISO 14083:2023.",
    "Life cycle assessment of commercial delivery trucks: diesel, plug-in electric, and "
    "battery-swap electric. Sustainability, 10(12), 4547 (2018).",
    "Brogaard, L. K., Damgaard, A., Jensen, M. B., Barlaz, M., & Christensen, T. H. (2014). "
    "Evaluation of life cycle inventory data for recycling systems. Resources, Conservation "
    "and Recycling, 87, 30–45.",
    "Ministry of Ecology and Environment and National Bureau of Statistics of China (2023), "
    "electricity CO2 emission factors.",
    "Emanuel, N., & Harrington, E. The payoffs of higher pay: Elasticities of productivity and "
    "labor supply with respect to wages (working paper).",
    "Batt, R. (2002). Managing customer services: Human resource practices, quit rates, and "
    "sales growth. Academy of Management Journal, 45(3), 587–597.",
    "Monks, T., Currie, C. S. M., Onggo, B. S., Robinson, S., Kunc, M., & Taylor, S. J. E. "
    "(2019). Strengthening the reporting of empirical simulation studies: Introducing the "
    "STRESS guidelines. Journal of Simulation, 13(1), 55–67.",
)

STRESS_PARTS = ("objectives", "logic", "data", "experimentation", "implementation", "code")
LIMITATIONS = tuple(f"methodology.lim_{i}" for i in range(1, 12))


# --- numbers as text --------------------------------------------------------------------------

def probability(p: float) -> str:
    """A probability as the compare page shows it ("{:.0%}"): "97%"; "—" for none."""
    return f"{p:.0%}" if finite(p) else "—"


def money(x: float) -> str:
    """Money as the compare page's abatement table shows it (whole yuan, "¥1,234")."""
    return fmt_kpi("profit_cny", x) if finite(x) else "—"


def _date(created: datetime | None) -> str:
    return (created or datetime.now().astimezone()).date().isoformat()


# --- title page ---------------------------------------------------------------------------------

def facts(lang: str, *, scenarios: Sequence[str], seed: int, replications: int,
          horizon_days: int | None = None, created: datetime | None = None,
          extra: Sequence[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """The title page's facts, (label, value) in ``lang``: the scenarios' names, the date (ISO),
    model and schema versions, seed, replications, the horizon when given, then ``extra``."""
    sep = "、" if normalise_lang(lang) == "zh" else " · "
    out = [(t("report.fact_scenarios", lang), sep.join(str(s) for s in scenarios)),
           (t("report.fact_date", lang), _date(created)),
           (t("report.fact_model", lang), MODEL_VERSION),
           (t("report.fact_schema", lang), str(SCHEMA_VERSION)),
           (t("report.fact_seed", lang), str(seed)),
           (t("report.fact_replications", lang), str(replications))]
    if horizon_days is not None:
        out.append((t("report.fact_horizon", lang),
                    t("report.days", lang, n=f"{int(horizon_days):,}")))
    out.extend((str(a), str(b)) for a, b in extra)
    return out


# --- tables ---------------------------------------------------------------------------------------

def kpi_table(summary: pd.DataFrame, names: Mapping[str, str], lang: str,
              kpis: Sequence[str] | None = None, title: str | None = None) -> Table:
    """KPIs by scenario, each cell the mean and its 95% interval exactly as the compare page
    shows it (``ui.compare_tables.kpi_table``). ``summary``: ``Results.summary()`` with the
    scenario ids of ``names`` (id -> display name); ``kpis``: default the headline KPIs."""
    available = list(dict.fromkeys(summary["kpi"]))
    order = kpi_order(available)
    if kpis is None:
        kpis = [k for k in order if k in HEADLINE]
    frame = tables.kpi_table(summary, names, lang, list(kpis))
    rows = [[str(label), *[str(v) for v in row]] for label, row in
            zip(frame.index, frame.itertuples(index=False), strict=True)]
    n = int(summary["n"].max()) if "n" in summary and len(summary) else 0
    return Table(title=title or t("report.kpi_title", lang),
                 columns=[t("compare.col_kpi", lang), *[str(c) for c in frame.columns]],
                 rows=rows, note=t("report.kpi_note", lang, n=n), kind="kpi")


def lever_table(scenarios: Mapping[str, Scenario], names: Mapping[str, str], lang: str) -> Table:
    """The levers (parameters) that differ between ``scenarios``: a row per parameter (its
    label with its unit), a column per scenario with its value, as the compare page shows
    them. No rows when nothing differs (the note then says so)."""
    frame = tables.lever_diff(scenarios, names, lang)
    path_col = t("compare.col_path", lang)
    frame = frame.drop(columns=[path_col])
    rows = [[str(v) for v in row] for row in frame.itertuples(index=False)]
    note = t("report.levers_note", lang) if rows else t("compare.levers_none", lang)
    return Table(title=t("report.levers_title", lang), columns=[str(c) for c in frame.columns],
                 rows=rows, note=note, kind="levers")


def diff_table(compared: pd.DataFrame, names: Mapping[str, str], reference: str, lang: str,
               kpis: Sequence[str] | None = None) -> Table:
    """Paired differences against ``reference`` as the compare page shows them, with the
    probability of being better in percent."""
    others = {sid: n for sid, n in names.items() if sid != reference}
    if kpis is None:
        kpis = [k for k in kpi_order(compared["kpi"].unique()) if k in HEADLINE]
    frame = tables.diff_table(compared, others, lang, list(kpis))
    prob = t("compare.col_prob", lang)
    rows = [[probability(v) if c == prob else str(v) for c, v in zip(frame.columns, row, strict=True)]
            for row in frame.itertuples(index=False)]
    return Table(title=t("compare.diff_heading", lang, reference=names.get(reference, reference)),
                 columns=[str(c) for c in frame.columns], rows=rows,
                 note=t("compare.diff_note", lang), kind="differences", first_column_is_header=False)


def abatement_table(abatement: pd.DataFrame, names: Mapping[str, str], reference: str,
                    lang: str) -> Table:
    """Cost per tonne of CO2e avoided, as the compare page's table shows it."""
    others = {sid: n for sid, n in names.items() if sid != reference}
    frame = tables.abatement_display(tables.abatement_table(abatement, others, lang), lang)
    rows = [[str(v) for v in row] for row in frame.itertuples(index=False)]
    return Table(title=t("compare.abate_heading", lang), columns=[str(c) for c in frame.columns],
                 rows=rows, note=t("compare.abate_note", lang), kind="abatement")


# --- charts -------------------------------------------------------------------------------------

def chart(name: str, title: str, altair_chart: Any, caption: str = "",
          series: Series | None = None) -> Chart:
    """A page's Altair chart for a report: its Vega-Lite spec (the one the page draws) and,
    for a plain bar or line chart, its numbers for a native PowerPoint chart."""
    spec = (dict(altair_chart) if isinstance(altair_chart, dict)
            else altair_chart.to_dict(validate=False))          # as ``charts.show`` draws it
    spec.setdefault("padding", {"top": 12, "left": 5, "right": 5, "bottom": 5})
    return Chart(name=name, title=title, spec=spec, caption=caption, series=series)


def kpi_series(summary: pd.DataFrame, names: Mapping[str, str], kpi: str, lang: str) -> Series:
    """One KPI's means by scenario as a native bar chart's numbers (percent for rates)."""
    s = summary.set_index(["scenario", "kpi"])
    unit = KPI_LABELS.get(kpi, ("", "", "", None))[2]
    rate = unit.startswith("fraction")
    values = []
    for sid in names:
        v = float(s.loc[(sid, kpi), "mean"]) if (sid, kpi) in s.index else float("nan")
        values.append(v)
    fmt = "0.0%" if rate else ("#,##0" if unit in ("CNY", "kg CO2e") else "#,##0.00")
    return Series(kind="bar", categories=[str(n) for n in names.values()],
                  series={kpi_label(kpi, lang): values}, axis_title=kpi_label(kpi, lang),
                  number_format=fmt)


# --- the summary in plain words -------------------------------------------------------------------

def _verdict(kpi: str, r: Mapping[str, Any]) -> str:
    return tables.verdict(kpi, r["ci_low"], r["ci_high"], r["diff_mean"])


def _finding(kpi: str, r: Mapping[str, Any], verdict: str, lang: str) -> str:
    """One KPI's difference: label, the difference, its interval and the probability."""
    diff = fmt_kpi(kpi, r["diff_mean"], signed=True)
    lo, hi = fmt_kpi(kpi, r["ci_low"], signed=True), fmt_kpi(kpi, r["ci_high"], signed=True)
    p = float(r["prob_better"])
    if verdict == "worse" and finite(p):
        p = 1.0 - p
    key = "report.finding_prob" if finite(p) else "report.finding"
    return t(key, lang, kpi=kpi_label(kpi, lang), diff=diff, low=lo, high=hi,
             prob=probability(p))


def _join(parts: Sequence[str], lang: str, sep: str = "; ") -> str:
    """Chinese: joined by "；" (findings) or "、" (names); English: "a; b; and c" / "a, b and c"."""
    if normalise_lang(lang) == "zh":
        return ("；" if sep == "; " else "、").join(parts)
    if len(parts) <= 1:
        return "".join(parts)
    last = "; and " if sep == "; " else " and "
    return sep.join(parts[:-1]) + last + parts[-1]


def comparison_summary(compared: pd.DataFrame, abatement: pd.DataFrame | None,
                       names: Mapping[str, str], reference: str, lang: str,
                       kpis: Sequence[str] | None = None) -> list[str]:
    """The executive summary in plain words, a paragraph per scenario but the reference: which
    headline KPIs are better or worse beyond noise (the difference, its 95% interval and the
    probability), which are within noise, and the cost per tonne of CO2e avoided with its
    interval (or that the scenario saves money while cutting carbon, that whether it costs or
    saves is within noise, or that it does not cut carbon).
    Every number is a value of ``compared`` (``compare_to``) or ``abatement``
    (``abatement_cost``), formatted as the compare page formats it."""
    ref_name = names.get(reference, reference)
    kpis = list(kpis) if kpis is not None else list(HEADLINE)
    c = compared.set_index(["scenario", "kpi"])
    a = abatement.set_index("scenario") if abatement is not None and len(abatement) else None
    out = [t("report.summary_intro", lang, reference=ref_name)]
    for sid, name in names.items():
        if sid == reference:
            continue
        found: dict[str, list[str]] = {"better": [], "worse": [], "differs": []}
        noise: list[str] = []
        for k in kpis:
            if (sid, k) not in c.index:
                continue
            r = c.loc[(sid, k)]
            v = _verdict(k, r)
            if v in found:
                found[v].append(_finding(k, r, v, lang))
            elif v == "unclear":
                noise.append(kpi_label(k, lang))
        sentences = []
        if not any(found.values()):
            sentences.append(t("report.all_noise", lang, scenario=name, reference=ref_name))
        else:
            for v in ("better", "worse", "differs"):
                if found[v]:
                    sentences.append(t(f"report.summary_{v}", lang, scenario=name,
                                       reference=ref_name, findings=_join(found[v], lang)))
            if noise:
                sentences.append(t("report.within_noise", lang, kpis=_join(noise, lang, ", ")))
        if a is not None and sid in a.index:
            sentences.append(_abatement_sentence(a.loc[sid], name, lang))
        space = "" if normalise_lang(lang) == "zh" else " "
        out.append(space.join(sentences))
    return out


def _abatement_sentence(r: Mapping[str, Any], name: str, lang: str) -> str:
    cost, lo, hi = (float(r["cost_per_t_avoided_cny"]), float(r["ci_low"]), float(r["ci_high"]))
    avoided = number(r["carbon_avoided_t"], decimals=2)
    if not finite(cost):
        return t("report.abate_none", lang, scenario=name)
    interval = f"{money(lo)} – {money(hi)}" if finite(lo) and finite(hi) else "—"
    if finite(lo) and finite(hi) and lo <= 0 <= hi:
        return t("report.abate_unclear", lang, scenario=name, avoided=avoided, cost=money(cost),
                 interval=interval)
    if cost < 0:
        return t("report.abate_saves", lang, scenario=name, avoided=avoided,
                 saving=money(-cost), cost=money(cost), interval=interval)
    return t("report.abate_cost", lang, scenario=name, avoided=avoided, cost=money(cost),
             interval=interval)


# --- the appendix -----------------------------------------------------------------------------------

def _parameters(scenarios: Mapping[str, Scenario] | None) -> list[str]:
    """The paths to list: the levers that differ between ``scenarios``, then the headline
    assumptions."""
    paths: list[str] = []
    if scenarios and len(scenarios) > 1:
        tables_ = [parameter_table(sc) for sc in scenarios.values()]
        for i, head in enumerate(tables_[0]):
            if len({repr(tb[i]["value"]) for tb in tables_}) > 1:
                paths.append(head["path"])
    return list(dict.fromkeys([*paths, *HEADLINE_ASSUMPTIONS]))


def assumptions_table(lang: str, scenarios: Mapping[str, Scenario] | None = None) -> Table:
    """The parameters that matter for the scenarios shown (the levers that differ and the
    headline assumptions): label, the reference scenario's value and unit, the source."""
    reference = next(iter(scenarios.values())) if scenarios else Scenario()
    rows_by_path = {r["path"]: r for r in parameter_table(reference)}
    zh = normalise_lang(lang) == "zh"
    rows = []
    for path in _parameters(scenarios):
        r = rows_by_path.get(path)
        if r is None:
            continue
        label = r["label_zh"] if zh else r["label_en"]
        unit = r["unit"] if r["unit"] and r["unit"] != "fraction" else ""
        value = format_value(path, r["value"], r["unit"], lang)
        if unit:
            value = f"{value} {unit_text(unit, lang)}"
        rows.append([label, value, source_text(r["source"], lang)])
    return Table(title=t("report.assumptions_title", lang),
                 columns=[t("report.col_parameter", lang), t("report.col_value", lang),
                          t("report.col_source", lang)],
                 rows=rows, note=t("report.assumptions_note", lang), kind="assumptions")


def bibliography(lang: str) -> list[str]:
    """The source documents' titles (in Chinese for a Chinese report), then the literature."""
    zh = normalise_lang(lang) == "zh"
    docs = [bib.zh(d) if zh else d for d in DOCUMENTS]
    return [*docs, *LITERATURE]


def validation_summary(lang: str, checks: list | None = None) -> Section:
    """The validation report's summary: checks passed and failed per category, from a live
    run (``checks``) or the summary stored for this model version."""
    from simulation.verification import stored

    if checks:
        summary = stored.summarise(checks)
        source = t("report.validation_live", lang)
    else:
        summary = stored.load()
        source = t("report.validation_stored", lang, command="python -m simulation verify --quick")
    if summary is None:
        return Section(heading=t("report.validation_title", lang),
                       paragraphs=[t("report.validation_missing", lang)],
                       notes=t("report.notes_validation", lang))
    rows = []
    for category, counts in summary["categories"].items():
        key = f"report.category_{category}"
        rows.append([t(key, lang) if key in TEXT else category,
                     str(counts["passed"]), str(counts["failed"])])
    passed = sum(c["passed"] for c in summary["categories"].values())
    failed = sum(c["failed"] for c in summary["categories"].values())
    table = Table(title=t("report.validation_table", lang),
                  columns=[t("report.col_category", lang), t("report.col_passed", lang),
                           t("report.col_failed", lang)], rows=rows, kind="validation")
    text = t("report.validation_text", lang, n=passed + failed, passed=passed, failed=failed,
             date=summary["date"], version=summary["model_version"])
    return Section(heading=t("report.validation_title", lang), paragraphs=[text, source],
                   tables=[table], headline=text, notes=t("report.notes_validation", lang))


def appendix(lang: str, scenarios: Mapping[str, Scenario] | None = None,
             checks: list | None = None, *, seed: int | None = None,
             replications: int | None = None) -> list[Section]:
    """Assumptions and sources (with the bibliography), the model's limitations, the methods
    appendix in the STRESS-DES structure (objectives, logic, data, experimentation,
    implementation, code access) and the validation report's summary."""
    horizons = sorted({int(sc.run.horizon_days) for sc in (scenarios or {}).values()})
    out = [
        Section(heading=t("report.assumptions_title", lang),
                paragraphs=[t("report.assumptions_intro", lang)],
                tables=[assumptions_table(lang, scenarios)],
                headline=t("report.assumptions_headline", lang),
                notes=t("report.notes_assumptions", lang)),
        Section(heading=t("report.bibliography_title", lang),
                paragraphs=[t("report.bibliography_intro", lang)],
                bullets=bibliography(lang), headline=t("report.bibliography_headline", lang),
                notes=t("report.notes_bibliography", lang)),
        Section(heading=t("report.limitations_title", lang),
                paragraphs=[t("report.limitations_intro", lang)],
                bullets=[t(k, lang) for k in LIMITATIONS],
                headline=t("report.limitations_headline", lang),
                notes=t("report.notes_limitations", lang)),
    ]
    fields = {"seed": "—" if seed is None else str(seed),
              "n": "—" if replications is None else str(replications),
              "days": " / ".join(str(d) for d in horizons) or "—",
              "model": MODEL_VERSION, "schema": str(SCHEMA_VERSION)}
    for part in STRESS_PARTS:
        out.append(Section(heading=t(f"report.stress_{part}", lang),
                           paragraphs=[t(f"report.stress_{part}_text", lang, **fields)],
                           headline=t(f"report.stress_{part}_headline", lang),
                           notes=t("report.notes_stress", lang)))
    out.append(validation_summary(lang, checks))
    return out
