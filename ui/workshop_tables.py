"""The workshop page's tables and chart (plain Python, no Streamlit): the leaderboard as the
page shows it, the Pareto view of carbon, cost and retention, and the facilitator's reference
line. The page (``ui.workshop``) and its report (``ui.report.workshop``) both use them, so the
report shows the page's strings.

**The reference line.** The exercise's reference ``solution`` is simulated like a team's
submission (the same baseline, seed and replications, so its numbers are stable) and shown on
the leaderboard as the last line, marked as the facilitator's reference: it is *not ranked*
among the teams (the teams' ranks and ties are those of the teams alone), and its "Tied with"
cell names the teams whose probability interval overlaps the reference's (the teams that did
as well as the reference, within noise). It is not a point of the Pareto view.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Sequence

import altair as alt
import pandas as pd

from .i18n import fmt_kpi, kpi_label, percent, t
from .workshop_store import Result, Standing, rank

PARETO_KPIS = ("carbon_kg_per_order", "cost_per_order_cny", "retention_90d")


def _interval(lo: float, hi: float, kpi: str | None, lang: str) -> str:
    if kpi is None:
        return f"{percent(lo, 0)}–{percent(hi, 0)}"
    return f"{fmt_kpi(kpi, lo, lang=lang)} – {fmt_kpi(kpi, hi, lang=lang)}"


def names_text(names: Sequence[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(names)


def reference_name(lang: str) -> str:
    """The reference line's name on the leaderboard."""
    return t("workshop.reference_team", lang)


def reference_standing(reference: Result, board: Sequence[Standing], tiebreak_kpi: str,
                       higher_is_better: bool, lang: str) -> Standing:
    """The reference run as a leaderboard line (not ranked among the teams): tied with the
    teams of ``board`` whose probability interval overlaps its own."""
    named = dataclasses.replace(reference, team=reference_name(lang))
    (own,) = rank([named], tiebreak_kpi, higher_is_better)
    tied = tuple(s.team for s in board if s.ci_low <= own.ci_high and own.ci_low <= s.ci_high)
    return dataclasses.replace(own, position=0, rank=0, tied_with=tied)


def board_frame(board: list[Standing], lang: str, reference: Standing | None = None) -> pd.DataFrame:
    """The leaderboard as a table: rank (tied ranks marked "="), team, probability of
    meeting the goal with its interval, the tie-break KPI with its interval, tied with; the
    facilitator's reference line last, when given (its rank cell says it is the reference)."""
    rows = []
    lines = [*board, reference] if reference is not None else list(board)
    for s in lines:
        shared = sum(1 for o in board if o.rank == s.rank) > 1
        if s is reference:
            rank_cell = t("workshop.reference_rank", lang)
        else:
            rank_cell = f"={s.rank}" if shared else str(s.rank)
        rows.append({
            t("workshop.col_rank", lang): rank_cell,
            t("workshop.col_team", lang): s.team,
            t("workshop.col_probability", lang): percent(s.probability, 0),
            t("workshop.col_interval", lang): _interval(s.ci_low, s.ci_high, None, lang),
            t("workshop.col_met", lang): "✓" if s.met else "✗",
            kpi_label(s.tiebreak_kpi, lang): fmt_kpi(s.tiebreak_kpi, s.tiebreak_mean, lang=lang),
            t("workshop.col_tiebreak_interval", lang): _interval(s.tiebreak_low, s.tiebreak_high,
                                                                 s.tiebreak_kpi, lang),
            t("workshop.col_tied", lang): names_text(s.tied_with, lang),
        })
    return pd.DataFrame(rows)


def pareto_frame(results: list[Result]) -> pd.DataFrame:
    """Each team's mean carbon per order, cost per order and 90-day retention."""
    rows = []
    for r in results:
        row: dict[str, Any] = {"team": r.team}
        for kpi in PARETO_KPIS:
            vals = [x.get(kpi) for x in r.kpis if x.get(kpi) is not None]
            row[kpi] = sum(vals) / len(vals) if vals else None
        rows.append(row)
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    df["pareto"] = [_on_front(df, i) for i in range(len(df))]
    return df


def pareto_complete(df: pd.DataFrame) -> bool:
    """Whether every team has the three KPIs (the chart is drawn only then)."""
    return not df.empty and bool(df[list(PARETO_KPIS)].notna().all().all())


def _on_front(df: pd.DataFrame, i: int) -> bool:
    """No other team has lower carbon and cost and higher retention (one strictly better)."""
    a = df.iloc[i]
    if any(pd.isna(a[k]) for k in PARETO_KPIS):
        return False
    for j in range(len(df)):
        b = df.iloc[j]
        if j == i or any(pd.isna(b[k]) for k in PARETO_KPIS):
            continue
        no_worse = (b.carbon_kg_per_order <= a.carbon_kg_per_order
                    and b.cost_per_order_cny <= a.cost_per_order_cny
                    and b.retention_90d >= a.retention_90d)
        better = (b.carbon_kg_per_order < a.carbon_kg_per_order
                  or b.cost_per_order_cny < a.cost_per_order_cny
                  or b.retention_90d > a.retention_90d)
        if no_worse and better:
            return False
    return True


def pareto_chart(df: pd.DataFrame, lang: str, team: str | None = None) -> alt.Chart:
    """The Pareto view: carbon per order against cost per order, retention as the size."""
    carbon, cost, ret = (kpi_label(k, lang) for k in PARETO_KPIS)
    data = df.rename(columns={"carbon_kg_per_order": carbon, "cost_per_order_cny": cost,
                              "retention_90d": ret, "team": t("workshop.col_team", lang)})
    front = t("workshop.pareto_front", lang)
    data[front] = data.pop("pareto").map({True: t("workshop.yes", lang), False: t("workshop.no", lang)})
    name = t("workshop.col_team", lang)
    base = alt.Chart(data).encode(
        x=alt.X(f"{carbon}:Q", scale=alt.Scale(zero=False)),
        y=alt.Y(f"{cost}:Q", scale=alt.Scale(zero=False)),
        tooltip=[name, alt.Tooltip(f"{carbon}:Q", format=".3f"), alt.Tooltip(f"{cost}:Q", format=".2f"),
                 alt.Tooltip(f"{ret}:Q", format=".1%"), front])
    points = base.mark_circle(opacity=0.85).encode(
        size=alt.Size(f"{ret}:Q", legend=alt.Legend(format=".0%")),
        color=alt.Color(f"{front}:N"))
    labels = base.mark_text(dx=8, align="left").encode(text=f"{name}:N")
    return (points + labels).properties(height=360)
