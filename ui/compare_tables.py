"""The compare page's tables, as plain functions of DataFrames and scenarios (no Streamlit).

The page (``ui.compare``) shows them and offers them for download; the compare report
(``ui.report.compare``) puts the very same strings into its tables, so the values a reader
sees in a report equal those the page shows. Formatted tables (``kpi_table``, ``diff_table``,
``abatement_display``, ``lever_diff``) hold text as the page shows it; the download tables
(``kpi_export``, ``diff_export``, ``abatement_table``, ``about_table``) hold numbers rounded
to their meaning, with the unit in each column header (see :func:`rounded`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import pandas as pd

from simulation import KPI_LABELS, Scenario
from simulation.scenario import parameter_table

from . import export
from .format import HEADLINE, format_value, kpi_order
from .i18n import (finite, fmt_kpi, kpi_label, kpi_unit, normalise_lang, number, t,
                   unit_label)

if TYPE_CHECKING:                     # the runner imports Streamlit; these functions do not
    from .runner import Results

# units whose formatted values carry the unit themselves (%, ¥, kg)
_SELF_UNITS = ("fraction", "fraction/year", "CNY", "kg CO2e", "")
EXPORT_FILES = ("kpis", "differences", "abatement", "levers", "provenance")   # Tables.exports order

# row colours of significant differences (light, readable with dark text)
VERDICT_COLOURS = {"better": "#d3f0d8", "worse": "#fadbd8", "differs": "#dbe6fa"}



# --- results without the app --------------------------------------------------------------

def bounded_summary(kpis: pd.DataFrame) -> pd.DataFrame:
    """``simulation.summarise`` with each interval cut to the values the KPI can take (a rate
    within 0–100%, a count or a duration not below zero): the same as the app's
    ``runner.Results.summary()``, for results made without the app (the command line)."""
    from simulation import summarise

    out = summarise(kpis)
    unit = out["kpi"].map(lambda k: KPI_LABELS.get(k, ("", "", "", None))[2])
    rate = unit.str.startswith("fraction")
    nonneg = rate | unit.isin(["orders", "customers", "people", "events", "hours"])
    out.loc[nonneg, "ci_low"] = out.loc[nonneg, "ci_low"].clip(lower=0.0)
    out.loc[rate, "ci_high"] = out.loc[rate, "ci_high"].clip(upper=1.0)
    return out


@dataclass(frozen=True)
class Outcome:
    """Replications of several scenarios made without the app (``run_experiment`` output and,
    when recorded, the cost breakdown): what a report needs of ``runner.Results``."""

    kpis: pd.DataFrame
    seed: int
    replications: int
    breakdown: pd.DataFrame | None = None

    def summary(self) -> pd.DataFrame:
        return bounded_summary(self.kpis)

    def compare(self, reference: str) -> pd.DataFrame:
        from simulation import compare_to

        return compare_to(self.kpis, reference)


# --- KPI tables ---------------------------------------------------------------------------

def kpi_row_label(kpi: str, lang: str) -> str:
    """A KPI's label; with its unit when the formatted value does not show it."""
    unit = kpi_unit(kpi)
    label = kpi_label(kpi, lang)
    if unit in _SELF_UNITS:
        return label
    return t("compare.with_unit", lang, label=label, unit=unit_label(unit, lang))


def _cell(kpi: str, mean: float, lo: float, hi: float, signed: bool = False) -> str:
    text = fmt_kpi(kpi, mean, signed=signed)
    if finite(lo) and finite(hi):
        text += f"  ({fmt_kpi(kpi, lo, signed=signed)} – {fmt_kpi(kpi, hi, signed=signed)})"
    return text


def kpi_table(summary: pd.DataFrame, names: Mapping[str, str], lang: str,
              kpis: Sequence[str]) -> pd.DataFrame:
    """Formatted: a row per KPI (its label as the index), a column per scenario (display
    names in ``names`` order), each cell "mean  (low – high)"."""
    s = summary.set_index(["scenario", "kpi"])
    rows = []
    for k in kpis:
        row = {}
        for sid, name in names.items():
            if (sid, k) in s.index:
                r = s.loc[(sid, k)]
                row[name] = _cell(k, r["mean"], r["ci_low"], r["ci_high"])
            else:
                row[name] = "—"
        rows.append(row)
    index = pd.Index([kpi_row_label(k, lang) for k in kpis], name=t("compare.col_kpi", lang))
    return pd.DataFrame(rows, index=index, columns=list(names.values()))


def export_unit(kpi: str, lang: str, diff: bool = False) -> str:
    """The unit of a KPI's numbers in the downloads (``ui.export``): "%" for rates
    (percentage points for a difference of rates), otherwise the KPI's own unit."""
    return export.unit_text(export.row_unit(kpi, diff), lang)


def export_number(kpi: str, value: Any, diff: bool = False) -> float | int:
    """A KPI's value rounded to its meaning for a download (``ui.export.round_value``: rates
    in percent to 0.1, money in whole yuan, carbon in kg to 0.1); NaN stays NaN (an empty
    cell)."""
    unit = export.row_unit(kpi, diff)
    v = export.round_value(value, unit)
    whole = export.DECIMALS.get(unit, (1.0, 1))[1] == 0 and math.isfinite(v)
    return int(v) if whole else v


def kpi_export(summary: pd.DataFrame, names: Mapping[str, str], lang: str,
               kpis: Sequence[str]) -> pd.DataFrame:
    """Numbers for a spreadsheet, a row per KPI: the KPI with its unit, its code, the unit,
    then mean / 95% lower / upper per scenario, rounded to their meaning
    (:func:`export_number`). The KPIs' units differ by row, so each row names its unit."""
    s = summary.set_index(["scenario", "kpi"])
    rows = []
    for k in kpis:
        unit = export_unit(k, lang)
        row: dict[str, Any] = {
            t("compare.col_kpi", lang): t("compare.with_unit", lang, label=kpi_label(k, lang),
                                          unit=unit),
            t("compare.col_code", lang): k, t("report.dl_unit", lang): unit}
        for sid, name in names.items():
            r = s.loc[(sid, k)] if (sid, k) in s.index else None
            for key, col in (("compare.col_mean", "mean"), ("compare.col_low", "ci_low"),
                             ("compare.col_high", "ci_high")):
                row[t(key, lang, name=name)] = export_number(k, r[col] if r is not None else None)
        rows.append(row)
    return pd.DataFrame(rows)


# --- differences against the reference -----------------------------------------------------

def verdict(kpi: str, lo: float, hi: float, mean: float) -> str:
    """better / worse / differs (significant, no better direction) / unclear / na."""
    if not (finite(lo) and finite(hi)):
        return "na"
    if lo <= 0 <= hi:
        return "unclear"
    better = KPI_LABELS.get(kpi, (None, None, None, None))[3]
    if better is None:
        return "differs"
    return "better" if (mean > 0) == bool(better) else "worse"


def _diff_rows(compared: pd.DataFrame, names: Mapping[str, str], kpis: Sequence[str]):
    c = compared.set_index(["scenario", "kpi"])
    for k in kpis:
        for sid in names:
            if (sid, k) not in c.index:
                continue
            r = c.loc[(sid, k)]
            yield sid, k, r, verdict(k, r["ci_low"], r["ci_high"], r["diff_mean"])


def diff_table(compared: pd.DataFrame, names: Mapping[str, str], lang: str,
               kpis: Sequence[str]) -> pd.DataFrame:
    """Formatted paired differences, a row per (KPI, scenario but the reference): KPI,
    scenario, difference, 95% interval, probability of being better (0–1, NaN where the KPI
    has no better direction), verdict; ``attrs["verdicts"]`` holds each row's verdict code
    for highlighting."""
    rows, codes = [], []
    for sid, k, r, v in _diff_rows(compared, names, kpis):
        lo, hi = r["ci_low"], r["ci_high"]
        interval = (f"{fmt_kpi(k, lo, signed=True)} – {fmt_kpi(k, hi, signed=True)}"
                    if finite(lo) and finite(hi) else "—")
        rows.append({t("compare.col_kpi", lang): kpi_row_label(k, lang),
                     t("compare.col_scenario", lang): names[sid],
                     t("compare.col_diff", lang): fmt_kpi(k, r["diff_mean"], signed=True),
                     t("compare.col_interval", lang): interval,
                     t("compare.col_prob", lang): float(r["prob_better"]),
                     t("compare.col_verdict", lang): t(f"compare.verdict_{v}", lang)})
        codes.append(v)
    columns = [t(f"compare.col_{c}", lang) for c in
               ("kpi", "scenario", "diff", "interval", "prob", "verdict")]
    df = pd.DataFrame(rows, columns=columns)
    df.attrs["verdicts"] = codes
    return df


def diff_export(compared: pd.DataFrame, names: Mapping[str, str], lang: str,
                kpis: Sequence[str]) -> pd.DataFrame:
    """Numbers for a spreadsheet, a row per (KPI, scenario): the KPI with the unit of its
    difference, code, unit, scenario, mean difference, 95% lower and upper (rounded as
    :func:`export_number`; rates in percentage points), the probability of being better in
    percent (1 decimal), the verdict."""
    prob = t("report.col_prob_percent", lang)
    rows = []
    for sid, k, r, v in _diff_rows(compared, names, kpis):
        unit = export_unit(k, lang, diff=True)
        p = float(r["prob_better"])
        rows.append({t("compare.col_kpi", lang): t("compare.with_unit", lang,
                                                     label=kpi_label(k, lang), unit=unit),
                     t("compare.col_code", lang): k,
                     t("report.dl_unit", lang): unit,
                     t("compare.col_scenario", lang): names[sid],
                     t("compare.col_diff", lang): export_number(k, r["diff_mean"], diff=True),
                     t("compare.col_diff_low", lang): export_number(k, r["ci_low"], diff=True),
                     t("compare.col_diff_high", lang): export_number(k, r["ci_high"], diff=True),
                     prob: round(p * 100.0, 1) + 0.0 if finite(p) else float("nan"),
                     t("compare.col_verdict", lang): t(f"compare.verdict_{v}", lang)})
    columns = [t("compare.col_kpi", lang), t("compare.col_code", lang),
               t("report.dl_unit", lang), t("compare.col_scenario", lang),
               t("compare.col_diff", lang), t("compare.col_diff_low", lang),
               t("compare.col_diff_high", lang), prob, t("compare.col_verdict", lang)]
    return pd.DataFrame(rows, columns=columns)


def style_verdicts(df: pd.DataFrame) -> Any:
    """A Styler colouring each row of ``diff_table`` output by its verdict."""
    codes = df.attrs.get("verdicts", [])

    def colour(row: pd.Series) -> list[str]:
        i = df.index.get_loc(row.name)
        c = VERDICT_COLOURS.get(codes[i] if i < len(codes) else "")
        return [f"background-color: {c}; color: #1a1a1a" if c else ""] * len(row)

    return df.style.apply(colour, axis=1)


def abatement_table(abatement: pd.DataFrame, names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """Cost per tonne of CO2e avoided against the reference, a row per scenario: carbon
    avoided (t), profit forgone (CNY), cost per tonne (CNY/t) and its 95% interval."""
    a = abatement.set_index("scenario")
    rows = []
    for sid, name in names.items():
        if sid not in a.index:
            continue
        r = a.loc[sid]
        rows.append({t("compare.col_scenario", lang): name,
                     t("compare.col_avoided", lang): float(r["carbon_avoided_t"]),
                     t("compare.col_forgone", lang): float(r["profit_forgone_cny"]),
                     t("compare.col_abate", lang): float(r["cost_per_t_avoided_cny"]),
                     t("compare.col_abate_low", lang): float(r["ci_low"]),
                     t("compare.col_abate_high", lang): float(r["ci_high"])})
    columns = [t(f"compare.col_{c}", lang) for c in
               ("scenario", "avoided", "forgone", "abate", "abate_low", "abate_high")]
    return pd.DataFrame(rows, columns=columns)


def abatement_export(abatement: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``abatement_table`` output rounded for a download (``ui.export``): tonnes to 0.001 t,
    money to the whole yuan (the units are in the column headers)."""
    units = {"avoided": "t CO2e", "forgone": "CNY", "abate": "CNY/t CO2e",
             "abate_low": "CNY/t CO2e", "abate_high": "CNY/t CO2e"}
    return export.rounded(abatement, {t(f"compare.col_{c}", lang): u for c, u in units.items()})


def abatement_display(abatement: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``abatement_table`` output formatted for the page ("—" where there is no value)."""
    def money(x: float) -> str:
        return fmt_kpi("profit_cny", x) if finite(x) else "—"

    out = pd.DataFrame(index=abatement.index)
    cols = {c: t(f"compare.col_{c}", lang) for c in
            ("scenario", "avoided", "forgone", "abate", "abate_low", "abate_high")}
    out[cols["scenario"]] = abatement[cols["scenario"]]
    out[cols["avoided"]] = [number(x, decimals=2) for x in abatement[cols["avoided"]]]
    out[cols["forgone"]] = [money(x) for x in abatement[cols["forgone"]]]
    out[cols["abate"]] = [money(x) for x in abatement[cols["abate"]]]
    out[t("compare.col_interval", lang)] = [
        f"{money(lo)} – {money(hi)}" if finite(lo) and finite(hi) else "—"
        for lo, hi in zip(abatement[cols["abate_low"]], abatement[cols["abate_high"]],
                          strict=True)]
    return out


# --- which levers differ --------------------------------------------------------------------

def lever_diff(scenarios: Mapping[str, Scenario], names: Mapping[str, str],
               lang: str) -> pd.DataFrame:
    """Every parameter that differs between any of ``scenarios``: parameter label (with its
    unit), dotted path, then a column per scenario (display names) with its value."""
    tables = {sid: parameter_table(sc) for sid, sc in scenarios.items()}
    rows = []
    first = next(iter(tables.values()), [])
    for i, head in enumerate(first):
        values = {sid: rows_[i]["value"] for sid, rows_ in tables.items()}
        distinct = {repr(v) for v in values.values()}
        if len(distinct) <= 1:
            continue
        path, unit = head["path"], head["unit"]
        label = head["label_zh"] if normalise_lang(lang) == "zh" else head["label_en"]
        if unit and unit != "fraction":
            label = t("compare.with_unit", lang, label=label, unit=unit)
        row = {t("compare.col_parameter", lang): label, t("compare.col_path", lang): path}
        for sid, v in values.items():
            row[names[sid]] = format_value(path, v, unit, lang)
        rows.append(row)
    columns = [t("compare.col_parameter", lang), t("compare.col_path", lang),
               *[names[s] for s in scenarios]]
    return pd.DataFrame(rows, columns=columns)


# --- downloads --------------------------------------------------------------------------------

ORIGINS = {"preset": "report.origin_preset", "library": "report.origin_library",
           "upload": "report.origin_upload", "current": "report.origin_current"}


def origin(sid: str, lang: str) -> str:
    """Where a scenario of the comparison came from, by its id (``preset:<name>``,
    ``library:<name>``, ``upload:<hash>``, ``current``)."""
    kind, _, rest = sid.partition(":")
    key = ORIGINS.get(kind)
    if key is None:
        return sid
    return t(key, lang, name=rest)


def about_table(names: Mapping[str, str], reference: str, seed: int, replications: int,
                lang: str, created: datetime | None = None) -> pd.DataFrame:
    """The workbook's provenance sheet (``ui.export.provenance_table``): model and schema
    versions, when, the scenarios and where each came from, the reference, seed,
    replications, the method, and how the numbers are rounded."""
    origins = " · ".join(f"{name} — {origin(sid, lang)}" for sid, name in names.items())
    return export.provenance_table(
        lang, created, scenarios=list(names.values()), reference=names.get(reference, reference),
        origin=origins, seed=seed, replications=replications,
        method=t("compare.about_method_text", lang),
        extra=[(t("report.about_rounding", lang), t("report.about_rounding_text", lang))])


@dataclass(frozen=True)
class Tables:
    """Everything the page shows and offers for download, in one language."""

    kpis: pd.DataFrame            # formatted, headline KPIs
    kpis_rest: pd.DataFrame       # formatted, the others
    diffs: pd.DataFrame           # formatted, headline KPIs
    diffs_rest: pd.DataFrame
    abatement: pd.DataFrame
    levers: pd.DataFrame
    exports: dict[str, pd.DataFrame]   # sheet title -> numbers


def build_tables(results: Results, scenarios: Mapping[str, Scenario],
                 names: Mapping[str, str], reference: str, lang: str,
                 abatement: pd.DataFrame | None = None) -> Tables:
    """All tables of a comparison. ``names``: id -> display name for the scenarios in
    ``results``; ``reference``: an id among them."""
    from simulation import abatement_cost

    summary = results.summary()
    compared = results.compare(reference)
    if abatement is None:
        abatement = abatement_cost(results.kpis, reference)
    order = kpi_order(summary["kpi"].unique())
    head = [k for k in order if k in HEADLINE]
    rest = [k for k in order if k not in HEADLINE]
    others = {sid: n for sid, n in names.items() if sid != reference}
    levers = lever_diff(scenarios, names, lang)
    abate = abatement_table(abatement, others, lang)
    exports = {
        t("compare.sheet_kpis", lang): kpi_export(summary, names, lang, order),
        t("compare.sheet_diffs", lang): diff_export(compared, others, lang, order),
        t("compare.sheet_abatement", lang): abatement_export(abate, lang),
        t("compare.sheet_levers", lang): levers,
        t("report.prov_sheet", lang): about_table(names, reference, results.seed,
                                                    results.replications, lang),
    }
    return Tables(kpis=kpi_table(summary, names, lang, head),
                  kpis_rest=kpi_table(summary, names, lang, rest),
                  diffs=diff_table(compared, others, lang, head),
                  diffs_rest=diff_table(compared, others, lang, rest),
                  abatement=abate, levers=levers, exports=exports)


def table_height(df: pd.DataFrame, max_rows: int = 30) -> int:
    """Pixels for st.dataframe to show ``df`` without an inner scroll bar (up to max_rows)."""
    return 38 + 35 * max(1, min(len(df), max_rows))


def named_summary(results: Results, names: Mapping[str, str]) -> pd.DataFrame:
    """``results.summary()`` with display names in the scenario column (for the charts)."""
    s = results.summary()
    return s[s["scenario"].isin(list(names))].assign(scenario=lambda d: d["scenario"].map(names))
