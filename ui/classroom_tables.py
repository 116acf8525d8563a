"""The classroom page's words and tables (plain Python, no Streamlit): goals as sentences,
the outcome of a try, the per-goal table, predictions against results, and the history of
tries as a download.

A try is kept as a :class:`Try`: its number, the lever changes, the predictions (in the
KPI's own unit: a rate as a fraction) and the :class:`simulation.exercises.Evaluation`.
Predictions are typed in the KPI's display unit (a rate in percent): :func:`from_display`
and :func:`to_display` convert.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import pandas as pd

from simulation import KPI_LABELS
from simulation.exercises import PASS_PROBABILITY, Evaluation, Exercise, Goal, GoalResult

from . import export
from .format import format_value
from .i18n import finite, fmt, fmt_kpi, kpi_label, kpi_unit, percent, t, unit_label, unit_text


@dataclass(frozen=True)
class Try:
    """One completed run of a student's scenario."""

    number: int
    changes: dict[str, Any]
    predictions: dict[str, float]          # KPI -> predicted mean, in the KPI's unit
    evaluation: Evaluation
    failures_before: int = 0               # failed tries before this one
    extra: dict[str, Any] = field(default_factory=dict)


# --- units --------------------------------------------------------------------------------

def is_rate(kpi: str) -> bool:
    return kpi_unit(kpi).startswith("fraction")


def to_display(kpi: str, value: float) -> float:
    """A KPI value in the unit a student types it in (a rate in percent)."""
    return float(value) * 100.0 if is_rate(kpi) else float(value)


def from_display(kpi: str, value: float) -> float:
    """A typed value back in the KPI's unit (a percentage to a fraction)."""
    return float(value) / 100.0 if is_rate(kpi) else float(value)


def display_unit(kpi: str, lang: str) -> str:
    """The unit a prediction is typed in: "%" for a rate, the KPI's unit otherwise."""
    return "%" if is_rate(kpi) else unit_label(kpi_unit(kpi), lang)


def prediction_bounds(kpi: str) -> tuple[float | None, float | None]:
    """The range a prediction may take, in its display unit: a rate within 0–100%, a
    count, a duration or a carbon figure not below zero; money either way."""
    unit = kpi_unit(kpi)
    if unit.startswith("fraction"):
        return 0.0, 100.0
    if unit == "0–1":
        return 0.0, 1.0
    if unit in ("CNY",):
        return None, None
    return 0.0, None


def prediction_step(kpi: str) -> tuple[float, str]:
    """A prediction field's step and format: a rate to 0.1%, a figure per order or per
    parcel to a few decimals, a total in whole units."""
    unit = kpi_unit(kpi)
    if unit.startswith("fraction"):
        return 0.1, "%.1f"
    if unit in ("0–1", "index"):
        return 0.01, "%.3f"
    if unit == "hours":
        return 0.1, "%.2f"
    if "per_" in kpi or kpi in ("cac_cny",):
        return 0.01, "%.3f" if unit == "kg CO2e" else "%.2f"
    return 1.0, "%.0f"


def value_text(kpi: str, value: float | None, lang: str, signed: bool = False) -> str:
    """A KPI value for display (rates in percent, money with ¥, carbon in kg)."""
    if value is None or not finite(value):
        return "—"
    return fmt_kpi(kpi, value, signed=signed, lang=lang)


def goal_kpis(ex: Exercise) -> list[str]:
    """The KPIs the exercise's goals are about, once each, in the goals' order."""
    return list(dict.fromkeys(g.kpi for g in ex.goals))


# --- goals in words -----------------------------------------------------------------------

def _pct(x: float) -> str:
    return f"{x * 100:.0f}%" if abs(x * 100 - round(x * 100)) < 1e-9 else f"{x * 100:g}%"


def goal_sentence(goal: Goal, lang: str, baseline: float | None = None) -> str:
    """The goal in plain words: "Carbon per order at most 80% of the starting shop's (the
    starting shop: 0.512 kg, so about 0.410 kg)"; the baseline's value when known."""
    name = kpi_label(goal.kpi, lang)
    side = "le" if goal.op == "<=" else "ge"
    if goal.relative is None:
        return t(f"classroom.goal_abs_{side}", lang, kpi=name,
                 value=value_text(goal.kpi, float(goal.value), lang))
    if abs(goal.relative - 1.0) < 1e-12:
        text = t(f"classroom.goal_same_{side}", lang, kpi=name)
    else:
        text = t(f"classroom.goal_rel_{side}", lang, kpi=name, pct=_pct(goal.relative))
    if baseline is not None and finite(baseline):
        text += t("classroom.goal_baseline", lang, value=value_text(goal.kpi, baseline, lang),
                  threshold=value_text(goal.kpi, goal.relative * baseline, lang))
    return text


def outcome(ev: Evaluation, lang: str) -> str:
    """"Goal met in 7 of 8 replications: 88% (47%–100%, 95% interval)." or why not."""
    fields = {"k": ev.successes, "n": ev.replications, "p": percent(ev.probability, 0),
              "lo": percent(ev.ci_low, 0), "hi": percent(ev.ci_high, 0),
              "need": percent(PASS_PROBABILITY, 0)}
    return t("classroom.met" if ev.met else "classroom.not_met", lang, **fields)


def _interval(r: GoalResult, lang: str) -> str:
    if not (finite(r.team_ci_low) and finite(r.team_ci_high)):
        return "—"
    return f"{value_text(r.kpi, r.team_ci_low, lang)} – {value_text(r.kpi, r.team_ci_high, lang)}"


def goal_table(ev: Evaluation, lang: str) -> pd.DataFrame:
    """One row per goal: the goal, the team's mean with its interval, the threshold (mean
    over replications), the starting shop's mean and the share of replications meeting it."""
    rows = []
    for r in ev.goals:
        rows.append({
            t("classroom.col_goal", lang): goal_sentence(r.goal, lang),
            t("classroom.col_team", lang): value_text(r.kpi, r.team_mean, lang),
            t("classroom.col_interval", lang): _interval(r, lang),
            t("classroom.col_threshold", lang): value_text(r.kpi, r.threshold_mean, lang),
            t("classroom.col_baseline", lang): value_text(r.kpi, r.baseline_mean, lang),
            t("classroom.col_share", lang): percent(r.share, 0),
        })
    return pd.DataFrame(rows)


def _result_for(ev: Evaluation, kpi: str) -> GoalResult | None:
    return next((r for r in ev.goals if r.kpi == kpi), None)


def prediction_check(ev: Evaluation, kpi: str, predicted: float) -> tuple[float, bool] | None:
    """(prediction − result mean, whether the prediction lies inside the result's 95%
    interval), in the KPI's unit; None when the KPI has no result."""
    r = _result_for(ev, kpi)
    if r is None or not finite(r.team_mean) or not finite(predicted):
        return None
    lo, hi = r.team_ci_low, r.team_ci_high
    if not (finite(lo) and finite(hi)):
        lo = hi = r.team_mean
    return float(predicted) - r.team_mean, bool(lo <= float(predicted) <= hi)


def prediction_table(ev: Evaluation, predictions: Mapping[str, float], lang: str) -> pd.DataFrame:
    """One row per predicted KPI: the prediction, the result (mean and interval), the error
    in the KPI's unit and whether the prediction fell inside the interval."""
    rows = []
    for kpi, predicted in predictions.items():
        r = _result_for(ev, kpi)
        check = prediction_check(ev, kpi, predicted)
        if r is None or check is None:
            continue
        error, inside = check
        rows.append({
            t("classroom.col_kpi", lang): kpi_label(kpi, lang),
            t("classroom.col_prediction", lang): value_text(kpi, predicted, lang),
            t("classroom.col_result", lang): value_text(kpi, r.team_mean, lang),
            t("classroom.col_interval", lang): _interval(r, lang),
            t("classroom.col_error", lang): _error_text(kpi, error, lang),
            t("classroom.col_inside", lang): t("classroom.yes" if inside else "classroom.no", lang),
        })
    return pd.DataFrame(rows)


def _error_text(kpi: str, error: float, lang: str) -> str:
    if is_rate(kpi):
        return fmt(error, "fraction", signed=True, lang=lang)      # percentage points
    return value_text(kpi, error, lang, signed=True)


# --- changes and the history --------------------------------------------------------------

def changes_text(changes: Mapping[str, Any], rows: Mapping[str, Mapping[str, Any]], lang: str) -> str:
    """The lever changes in words: "Packaging: Recycled carton; Electric share: 50%"."""
    if not changes:
        return t("classroom.no_changes", lang)
    parts = []
    for path, value in changes.items():
        if isinstance(value, Mapping):              # marketing.shares: one entry per channel
            for sub, v in value.items():
                parts.append(_one(f"{path}.{sub}", v, rows, lang))
        else:
            parts.append(_one(path, value, rows, lang))
    return "; ".join(parts)


def _one(path: str, value: Any, rows: Mapping[str, Mapping[str, Any]], lang: str) -> str:
    r = rows.get(path)
    if r is None:
        return f"{path}: {value}"
    name = r["label_zh"] if lang == "zh" else r["label_en"]
    shown = format_value(path, value, r["unit"], lang)
    unit = "" if r["unit"] == "fraction" else unit_text(r["unit"], lang)
    return f"{name}: {shown}{' ' + unit if unit and not isinstance(value, (bool, str)) else ''}"


def history_frame(tries: Sequence[Try], ex: Exercise, rows: Mapping[str, Mapping[str, Any]],
                  lang: str) -> pd.DataFrame:
    """The tries as a download reads them: one row per try, rounded, units in the headers
    (rates in percent)."""
    kpis = goal_kpis(ex)
    records = []
    for tr in tries:
        ev = tr.evaluation
        rec: dict[str, Any] = {"try": tr.number, "changes": changes_text(tr.changes, rows, lang),
                               "probability": ev.probability, "ci_low": ev.ci_low,
                               "ci_high": ev.ci_high,
                               "met": t("classroom.yes" if ev.met else "classroom.no", lang)}
        for kpi in kpis:
            r = _result_for(ev, kpi)
            rec[f"predicted:{kpi}"] = tr.predictions.get(kpi, math.nan)
            rec[f"result:{kpi}"] = r.team_mean if r is not None else math.nan
        records.append(rec)
    columns = ["try", "changes", "probability", "ci_low", "ci_high", "met",
               *[f"{w}:{k}" for k in kpis for w in ("predicted", "result")]]
    df = pd.DataFrame.from_records(records, columns=columns)
    units = {"probability": "fraction", "ci_low": "fraction", "ci_high": "fraction"}
    labels = {"try": t("classroom.col_try", lang), "changes": t("classroom.col_changes", lang),
              "probability": t("classroom.col_probability", lang),
              "ci_low": t("classroom.col_ci_low", lang), "ci_high": t("classroom.col_ci_high", lang),
              "met": t("classroom.col_met", lang)}
    for kpi in kpis:
        unit = KPI_LABELS[kpi][2]
        units[f"predicted:{kpi}"] = units[f"result:{kpi}"] = unit
        labels[f"predicted:{kpi}"] = t("classroom.col_predicted", lang, kpi=kpi_label(kpi, lang))
        labels[f"result:{kpi}"] = t("classroom.col_measured", lang, kpi=kpi_label(kpi, lang))
    return export.readable(df, units, lang, labels)


def history_csv(tries: Sequence[Try], ex: Exercise, rows: Mapping[str, Mapping[str, Any]],
                lang: str) -> bytes:
    return export.csv_bytes(history_frame(tries, ex, rows, lang))
