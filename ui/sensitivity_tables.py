"""The sensitivity page's tables and sentences, as plain functions of the analyses' results
(no Streamlit).

The page (``ui.sensitivity``) shows them; the sensitivity report (``ui.report.sensitivity``)
puts the very same strings into its tables and paragraphs, so what a reader sees in a report
equals what the page showed. ``ranges_table``, ``tornado_display``, ``global_display`` and
``contributions_display`` shape the tables; ``fit_messages`` says what the global analysis
can claim (samples per parameter, cross-validated Q², coefficients not distinguishable from
zero); ``fit_metrics`` gives its four fit figures as the page's cards show them;
``base_text``, ``totals_text`` and ``method_text`` are the captions above the charts.
"""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd

from simulation import Scenario
from simulation.analysis import Attribution, GlobalSensitivity, Sensitivity, sensitivity_range
from simulation.analysis.sensitivity import MIN_Q2, MIN_SAMPLES_PER_PARAMETER

from . import charts, export, format, runner, widgets
from .i18n import finite, fmt_kpi, inert, kpi_label, normalise_lang, t

MAX_SAMPLES = 200


def parameter_label(path: str, lang: str) -> str:
    if path == "marketing.shares":
        return t("sensitivity.channel_shares", lang)
    if path in widgets.rows():
        return widgets.label(path, lang)
    return path


def _value(scenario: Scenario, path: str) -> Any:
    value: Any = scenario
    for part in path.split("."):
        value = getattr(value, part)
    return value


def ranges_table(paths: Sequence[str], scenario: Scenario, lang: str) -> pd.DataFrame:
    """A row per parameter: label, path, unit, the scenario's value and the low / high ends
    the tornado sets it to (``sensitivity_range``), formatted for the page."""
    rows = []
    for path in paths:
        r = widgets.rows()[path]
        unit = r["unit"]
        lo, hi = sensitivity_range(path, scenario)
        value = _value(scenario, path)
        rows.append({t("sensitivity.col_parameter", lang): parameter_label(path, lang),
                     t("sensitivity.col_path", lang): path,
                     t("sensitivity.col_unit", lang):
                         "%" if unit == "fraction" else format.unit_text(unit, lang),
                     t("sensitivity.col_value", lang): format.format_value(path, value, unit, lang),
                     t("sensitivity.col_low", lang): format.format_value(path, lo, unit, lang),
                     t("sensitivity.col_high", lang): format.format_value(path, hi, unit, lang)})
    columns = [t(f"sensitivity.col_{c}", lang) for c in
               ("parameter", "path", "unit", "value", "low", "high")]
    return pd.DataFrame(rows, columns=columns)


def interval(kpi: str, lo: float, hi: float, lang: str, signed: bool = True) -> str:
    """"lo – hi" of a KPI (a dash without both ends)."""
    if not (finite(lo) and finite(hi)):
        return "—"
    return (f"{fmt_kpi(kpi, lo, signed=signed, lang=lang)} – "
            f"{fmt_kpi(kpi, hi, signed=signed, lang=lang)}")


def row_label(row: dict, lang: str) -> str:
    """A result row's label (``label_zh`` / ``label_en``) in ``lang``."""
    return str(row["label_zh"] if normalise_lang(lang) == "zh" else row["label_en"])


def num(x: float, digits: int = 2) -> str:
    """A fit figure (R², Q², samples per parameter) as the page shows it."""
    return f"{x:.{digits}f}" if finite(x) else "—"


def tornado_display(table: pd.DataFrame, kpi: str, lang: str) -> pd.DataFrame:
    """``Sensitivity.table(kpi)`` formatted: parameter, its low and high values, the KPI at
    each, the swing with its 95% interval and whether it is within the noise."""
    rows = []
    for r in table.to_dict("records"):
        unit = str(r.get("unit") or "")
        rows.append({
            t("sensitivity.col_parameter", lang): row_label(r, lang),
            t("sensitivity.col_low", lang): charts.setting_text(r["path"], r["low"], unit, lang),
            t("sensitivity.col_high", lang): charts.setting_text(r["path"], r["high"], unit, lang),
            t("sensitivity.col_kpi_low", lang): fmt_kpi(kpi, r["kpi_low"], lang=lang),
            t("sensitivity.col_kpi_high", lang): fmt_kpi(kpi, r["kpi_high"], lang=lang),
            t("sensitivity.col_swing", lang): fmt_kpi(kpi, r["swing"], signed=True, lang=lang),
            t("sensitivity.col_swing_ci", lang): interval(kpi, r["swing_ci_low"], r["swing_ci_high"],
                                                          lang),
            t("sensitivity.col_noise", lang): t("sensitivity.yes" if r["within_noise"]
                                                else "sensitivity.no", lang)})
    columns = [t(f"sensitivity.col_{c}", lang) for c in
               ("parameter", "low", "high", "kpi_low", "kpi_high", "swing", "swing_ci", "noise")]
    return pd.DataFrame(rows, columns=columns)


def coefficient(x: float) -> str:
    """A standardised regression coefficient as the page shows it: "+0.42"."""
    return f"{x:+.2f}" if finite(x) else "—"


def coefficient_interval(lo: float, hi: float) -> str:
    return f"{lo:+.2f} – {hi:+.2f}" if finite(lo) and finite(hi) else "—"


def global_display(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``GlobalSensitivity.table(kpi)`` formatted: parameter, range, SRC with its bootstrap
    interval, SRRC."""
    rows = []
    for r in table.to_dict("records"):
        unit = str(r.get("unit") or "")
        rows.append({
            t("sensitivity.col_parameter", lang): row_label(r, lang),
            t("sensitivity.col_low", lang): charts.setting_text(r["path"], r["low"], unit, lang),
            t("sensitivity.col_high", lang): charts.setting_text(r["path"], r["high"], unit, lang),
            t("sensitivity.col_src", lang): coefficient(r["src"]),
            t("sensitivity.col_src_ci", lang): coefficient_interval(r["src_ci_low"], r["src_ci_high"]),
            t("sensitivity.col_distinguishable", lang): t(
                "sensitivity.yes" if r.get("distinguishable") else "sensitivity.not_distinguishable",
                lang),
            t("sensitivity.col_srrc", lang): coefficient(r["srrc"])})
    columns = [t(f"sensitivity.col_{c}", lang) for c in
               ("parameter", "low", "high", "src", "src_ci", "distinguishable", "srrc")]
    return pd.DataFrame(rows, columns=columns)


def contributions_display(result: Attribution, kpi: str, lang: str) -> pd.DataFrame:
    """A row per player (its label, the parameters in it, its contribution with the 95%
    interval, and the permutation sampling error when sampled), then the total, which is
    the paired mean difference scenario − base."""
    table = result.table(kpi)
    sampled = result.method == "permutations"
    rows = []
    for r in table.to_dict("records"):
        row = {t("sensitivity.col_player", lang): row_label(r, lang),
               t("sensitivity.col_levers", lang): " · ".join(
                   parameter_label(p, lang) for p in result.player_paths.get(r["player"], [])),
               t("sensitivity.col_contribution", lang): fmt_kpi(kpi, r["contribution"], signed=True,
                                                                lang=lang),
               t("sensitivity.col_interval", lang): interval(kpi, r["ci_low"], r["ci_high"], lang)}
        if sampled:
            row[t("sensitivity.col_perm_se", lang)] = fmt_kpi(kpi, r["perm_se"], lang=lang)
        rows.append(row)
    total = result.totals().set_index("kpi").loc[kpi]
    last = {t("sensitivity.col_player", lang): t("sensitivity.total_row", lang),
            t("sensitivity.col_levers", lang): "",
            t("sensitivity.col_contribution", lang): fmt_kpi(kpi, total["diff_mean"], signed=True, lang=lang),
            t("sensitivity.col_interval", lang): interval(kpi, total["ci_low"], total["ci_high"], lang)}
    if sampled:
        last[t("sensitivity.col_perm_se", lang)] = ""
    rows.append(last)
    columns = [t(f"sensitivity.col_{c}", lang) for c in
               ("player", "contribution", "interval", *(("perm_se",) if sampled else ()), "levers")]
    return pd.DataFrame(rows, columns=columns)


def names_text(names: Sequence[str], lang: str) -> str:
    """A list of names joined the way the language writes lists."""
    return ("、" if normalise_lang(lang) == "zh" else ", ").join(names)


def fit_messages(result: GlobalSensitivity, kpi: str, lang: str,
                 plain: bool = False) -> list[tuple[str, str]]:
    """What the global analysis can claim, derived from its numbers: (level, text) pairs,
    level "warning" or "success". Too few samples per parameter and a cross-validated Q²
    below ``MIN_Q2`` are each said, and then that the coefficients are not reliable; only
    with neither are they called readable as effects. Last, the coefficients whose 95%
    interval crosses zero are named as not distinguishable from zero. The names are made
    inert for Markdown (the page) unless ``plain`` (a report, whose renderers escape)."""
    fit = result.fit(kpi)
    p = len(result.parameters)
    out: list[tuple[str, str]] = []
    if not fit["enough_samples"]:
        out.append(("warning", t("sensitivity.fit_few_samples", lang, n=fit["n"], p=p,
                                 per=num(fit["per_parameter"], 1),
                                 least=MIN_SAMPLES_PER_PARAMETER)))
    if not fit["predictive"]:
        out.append(("warning", t("sensitivity.fit_not_predictive", lang, q2=num(fit["q2"]),
                                 r2=num(fit["r2"]), least=f"{MIN_Q2:.1f}")))
    if fit["reliable"]:
        out.append(("success", t("sensitivity.fit_reliable", lang, q2=num(fit["q2"]),
                                 per=num(fit["per_parameter"], 1))))
    else:
        advised = min(MAX_SAMPLES, MIN_SAMPLES_PER_PARAMETER * p)
        out.append(("warning", t("sensitivity.fit_unreliable", lang, advised=advised)))
    crossing = not_distinguishable(result, kpi, lang)
    if crossing:
        names = names_text(crossing, lang)
        out.append(("warning", t("sensitivity.fit_zero", lang, k=len(crossing), p=p,
                                 names=names if plain else inert(names))))
    else:
        out.append(("success", t("sensitivity.fit_zero_none", lang)))
    return out


def not_distinguishable(result: GlobalSensitivity, kpi: str, lang: str) -> list[str]:
    """The parameters whose coefficient's 95% interval crosses zero, by label."""
    return [row_label(r, lang) for r in result.table(kpi).to_dict("records")
            if not r["distinguishable"]]


def fit_metrics(result: GlobalSensitivity, kpi: str, lang: str) -> list[tuple[str, str]]:
    """(label, value) of the four fit figures, as the page's cards show them: R², adjusted
    R², cross-validated Q², R² on ranks."""
    fit = result.fit(kpi)
    return [(t("sensitivity.r2", lang), num(fit["r2"])),
            (t("sensitivity.r2_adjusted", lang), num(fit["r2_adjusted"])),
            (t("sensitivity.q2", lang), num(fit["q2"])),
            (t("sensitivity.r2_rank", lang), num(result.r2_rank(kpi)))]


def base_interval(result: Sensitivity, kpi: str, scenario: Scenario | None) -> tuple:
    """The scenario's mean and 95% interval of ``kpi`` as every page shows it: from the
    replication store's summary (``runner.stored``) when it holds the tornado's base runs,
    else from the tornado's own base runs (the same numbers, the interval uncut)."""
    if scenario is not None:
        found = runner.stored({"base": scenario}, result.seed, result.replications)
        if found is not None:
            row = found.summary().set_index("kpi").loc[kpi]
            return float(row["mean"]), float(row["ci_low"]), float(row["ci_high"])
    return result.base(kpi)


def base_text(kpi: str, base: tuple, lang: str) -> str:
    """The caption above the tornado: the scenario's own value with its 95% interval
    (``base`` from :func:`base_interval`)."""
    mean, lo, hi = base
    return t("sensitivity.base_value", lang, kpi=kpi_label(kpi, lang),
             value=fmt_kpi(kpi, mean, lang=lang), lo=fmt_kpi(kpi, lo, lang=lang),
             hi=fmt_kpi(kpi, hi, lang=lang))


def totals_text(result: Attribution, kpi: str, lang: str) -> str:
    """The line above the waterfall: base → scenario, the difference and its interval."""
    total = result.totals().set_index("kpi").loc[kpi]
    return t("sensitivity.attr_totals", lang, kpi=kpi_label(kpi, lang),
             base=fmt_kpi(kpi, total["base_mean"], lang=lang),
             scenario=fmt_kpi(kpi, total["scenario_mean"], lang=lang),
             diff=fmt_kpi(kpi, total["diff_mean"], signed=True, lang=lang),
             lo=fmt_kpi(kpi, total["ci_low"], signed=True, lang=lang),
             hi=fmt_kpi(kpi, total["ci_high"], signed=True, lang=lang))


def method_text(result: Attribution, kpi: str, lang: str) -> str:
    n = len(result.players)
    if result.method == "exact":
        return t("sensitivity.method_exact", lang, n=n, coalitions=2 ** n)
    table = result.table(kpi)
    se = table["perm_se"].abs().max() if len(table) else float("nan")
    return t("sensitivity.method_perm", lang, n=n, perms=result.permutations,
             se=fmt_kpi(kpi, se, lang=lang))


# --- downloads: numbers rounded to their meaning, units in the headers -------------------------

def _setting(path: str, value: Any, unit: str, lang: str) -> Any:
    """A parameter's value for a download: a number rounded to its unit (fractions in
    percent), a switch or an option as text."""
    if isinstance(value, (bool, str)) or value is None or path in charts._bool_parameters():
        return charts.setting_text(path, value, unit, lang)
    return export.round_value(value, unit)


def _parameter_columns(r: dict, lang: str, columns: Sequence[str]) -> dict[str, Any]:
    unit = str(r.get("unit") or "")
    out = {t("sensitivity.col_parameter", lang): row_label(r, lang),
           t("sensitivity.col_path", lang): r["path"],
           t("sensitivity.col_unit", lang): export.unit_text(unit, lang)}
    for col in columns:
        out[t(f"sensitivity.col_{col}", lang)] = _setting(
            r["path"], r[col], unit, lang)
    return out


def tornado_download(table: pd.DataFrame, kpi: str, lang: str) -> pd.DataFrame:
    """``Sensitivity.table(kpi)`` as the CSV download reads: the parameter (label, path,
    unit, its value and ends, rounded to the parameter's unit), the KPI at each end, the
    changes and the swing with its 95% interval, each in the KPI's unit (differences of rates
    in percentage points) named in the header."""
    unit, diff = export.row_unit(kpi), export.row_unit(kpi, diff=True)
    rows = []
    for r in table.to_dict("records"):
        row = {t("report_analysis.col_kpi", lang): kpi_label(kpi, lang),
               **_parameter_columns(r, lang, ("value", "low", "high"))}
        for col, key, u in (("kpi_low", "sensitivity.col_kpi_low", unit),
                            ("kpi_high", "sensitivity.col_kpi_high", unit),
                            ("delta_low", "report_analysis.col_delta_low", diff),
                            ("delta_high", "report_analysis.col_delta_high", diff),
                            ("swing", "sensitivity.col_swing", diff),
                            ("swing_ci_low", "report_analysis.col_swing_ci_low", diff),
                            ("swing_ci_high", "report_analysis.col_swing_ci_high", diff)):
            row[export.unit_header(t(key, lang), u, lang)] = export.round_value(r[col], u)
        row[t("sensitivity.col_noise", lang)] = t("sensitivity.yes" if r["within_noise"]
                                                  else "sensitivity.no", lang)
        rows.append(row)
    return pd.DataFrame(rows)


def global_download(result: GlobalSensitivity, kpi: str, lang: str) -> pd.DataFrame:
    """``GlobalSensitivity.table(kpi)`` as the CSV download reads: the parameter and its
    range, the coefficients (SRC with its bootstrap interval, SRRC) to three decimals,
    whether each is distinguishable from zero, and the fit (R², adjusted R², Q², R² on
    ranks) on every row."""
    fit = result.fit(kpi)
    figures = {t("sensitivity.r2", lang): fit["r2"],
               t("sensitivity.r2_adjusted", lang): fit["r2_adjusted"],
               t("sensitivity.q2", lang): fit["q2"],
               t("sensitivity.r2_rank", lang): result.r2_rank(kpi)}
    rows = []
    for r in result.table(kpi).to_dict("records"):
        row = {t("report_analysis.col_kpi", lang): kpi_label(kpi, lang),
               **_parameter_columns(r, lang, ("low", "high"))}
        for col, key in (("src", "sensitivity.col_src"), ("src_ci_low", "report_analysis.col_src_ci_low"),
                         ("src_ci_high", "report_analysis.col_src_ci_high"),
                         ("srrc", "sensitivity.col_srrc")):
            row[t(key, lang)] = export.round_value(r[col], "index")
        row[t("sensitivity.col_distinguishable", lang)] = t(
            "sensitivity.yes" if r.get("distinguishable") else "sensitivity.no", lang)
        row.update({k: export.round_value(v, "index") for k, v in figures.items()})
        rows.append(row)
    return pd.DataFrame(rows)


def attribution_download(result: Attribution, lang: str) -> pd.DataFrame:
    """``Attribution.table()`` (every KPI) as the CSV download reads: the KPI, its unit
    (differences of rates in percentage points), the lever or group, its contribution with
    the 95% interval and standard errors, each rounded to the KPI's unit."""
    values = ("contribution", "ci_low", "ci_high", "se", "perm_se")
    table = export.rounded_rows(result.table(), "kpi", values, diff=True)
    rows = []
    for r in table.to_dict("records"):
        row = {t("report_analysis.col_kpi", lang): kpi_label(r["kpi"], lang),
               t("sensitivity.col_unit", lang): export.unit_text(export.row_unit(r["kpi"], True),
                                                                 lang),
               t("sensitivity.col_player", lang): row_label(r, lang),
               t("sensitivity.col_levers", lang): " · ".join(
                   parameter_label(p, lang) for p in result.player_paths.get(r["player"], []))}
        for col, key in (("contribution", "sensitivity.col_contribution"),
                         ("ci_low", "report_analysis.col_ci_low"),
                         ("ci_high", "report_analysis.col_ci_high"),
                         ("se", "report_analysis.col_se"),
                         ("perm_se", "sensitivity.col_perm_se")):
            v = r[col]
            row[t(key, lang)] = v if not (isinstance(v, float) and v != v) else None
        rows.append(row)
    return pd.DataFrame(rows)
