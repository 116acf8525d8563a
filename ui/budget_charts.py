"""Altair charts of the budget optimiser (``simulation.analysis.optimise_budget``), bilingual.

Plain functions, no Streamlit (the page draws them): the Pareto frontier of the confirmed
splits with the recommendation and the current split marked and a click selection; the
current against the recommended share per channel; the response curves with both spends
marked (``ui.charts.response_frame`` / ``response_curves``). The data shaping
(``pareto_frame``, ``shares_frame``) is public so it can be tested apart from the drawing.
Error bars are the 95% Student-t intervals of the means over the confirmation replications.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from simulation import Scenario
from simulation.scenario import CHANNEL_LABELS, CHANNELS

from . import charts
from .i18n import kpi_label, kpi_unit, normalise_lang, t

PICK = "pick"                   # the Pareto chart's point selection (read back by the page)
POINT_FIELD = "point"           # ... on this field: the index of the point in ``points``
KINDS = ("recommended", "current", "frontier", "other")
KIND_SHAPES = {"recommended": "diamond", "current": "square", "frontier": "circle",
               "other": "triangle-up"}
KIND_SIZES = {"recommended": 320, "current": 200, "frontier": 100, "other": 80}
KIND_LAYER = {"recommended": 3, "current": 2, "frontier": 1, "other": 0}   # drawn on top: high
RECOMMENDED_COLOUR = charts.PALETTE[0]
CURRENT_COLOUR = charts.BASELINE_GREY


def channel_name(channel: str, lang: str) -> str:
    zh, en = CHANNEL_LABELS.get(channel, (channel, channel))
    return zh if normalise_lang(lang) == "zh" else en


def point_kind(point: Mapping[str, Any]) -> str:
    if point.get("recommended"):
        return "recommended"
    if point.get("current"):
        return "current"
    return "frontier" if point.get("pareto", True) else "other"


def kind_label(kind: str, lang: str) -> str:
    return t(f"optimiser.kind_{kind}", lang)


def _kpi(point: Mapping[str, Any], kpi: str) -> tuple[float, float, float]:
    rec = (point.get("kpis") or {}).get(kpi) or {}
    values = [rec.get(k) for k in ("mean", "ci_low", "ci_high")]
    return tuple(float(v) if v is not None else float("nan") for v in values)  # type: ignore


# --- the Pareto frontier --------------------------------------------------------------------

def pareto_frame(points: Sequence[Mapping[str, Any]], lang: str, x: str = "carbon_kg_total",
                 y: str = "retention_90d", colour: str = "cost_total_cny") -> pd.DataFrame:
    """One row per point: point (its index in ``points``), x, x_lo, x_hi, y, y_lo, y_hi,
    c (the colour KPI's mean), kind (recommended / current / frontier: on the Pareto front
    of the confirmed splits / other: dominated), kind_label, layer (drawing order), feasible,
    feasible_label, total_budget, and share_<channel> (fractions) for every channel."""
    rows = []
    for i, p in enumerate(points):
        row: dict[str, Any] = {POINT_FIELD: i}
        for short, kpi in (("x", x), ("y", y)):
            m, lo, hi = _kpi(p, kpi)
            row.update({short: m, f"{short}_lo": lo, f"{short}_hi": hi})
        row["c"] = _kpi(p, colour)[0]
        kind = point_kind(p)
        feasible = bool(p.get("feasible", True))
        row.update(kind=kind, kind_label=kind_label(kind, lang), layer=KIND_LAYER[kind],
                   feasible=feasible,
                   feasible_label=t("optimiser.yes" if feasible else "optimiser.no", lang),
                   total_budget=float(p.get("total_budget") or float("nan")))
        shares = p.get("shares") or {}
        for c in CHANNELS:
            row[f"share_{c}"] = float(shares.get(c, float("nan")))
        rows.append(row)
    cols = [POINT_FIELD, "x", "x_lo", "x_hi", "y", "y_lo", "y_hi", "c", "kind", "kind_label",
            "layer", "feasible", "feasible_label", "total_budget", *[f"share_{c}" for c in CHANNELS]]
    return pd.DataFrame(rows, columns=cols)


def _fmt(kpi: str, values: pd.Series | np.ndarray) -> tuple[str, str]:
    """(tooltip format, axis format) for a KPI's values."""
    unit = kpi_unit(kpi)
    magnitude = charts._magnitude(values)
    return charts.number_format(unit, magnitude), charts._axis_format(unit, magnitude)


def pareto_chart(points: Sequence[Mapping[str, Any]], lang: str, x: str = "carbon_kg_total",
                 y: str = "retention_90d", colour: str = "cost_total_cny",
                 selected: int | None = None) -> alt.LayerChart:
    """The confirmed splits at (``x``, ``y``) means with 95% intervals on both axes,
    coloured by ``colour``; the recommendation a large diamond, the current split a square,
    both labelled; the other splits on the Pareto front circles, dominated ones triangles;
    splits that break a constraint pale. A click selects a
    point: the selection ``PICK`` on the field ``POINT_FIELD`` (the index into ``points``);
    ``selected`` outlines that point.

    ``points``: ``BudgetRecommendation.pareto`` (dicts with shares, total_budget, kpis,
    recommended, current, feasible and, if given, pareto: on the front).
    """
    data = pareto_frame(points, lang, x, y, colour)
    x_title, y_title, c_title = (charts.kpi_title(k, lang) for k in (x, y, colour))
    x_tip, x_axis = _fmt(x, data[["x", "x_lo", "x_hi"]])
    y_tip, y_axis = _fmt(y, data[["y", "y_lo", "y_hi"]])
    c_tip, _ = _fmt(colour, data["c"])
    ci = t("charts.ci_low", lang), t("charts.ci_high", lang)
    kind_title = t("optimiser.point_kind", lang)
    tips = [alt.Tooltip("kind_label:N", title=kind_title),
            alt.Tooltip("x:Q", title=x_title, format=x_tip),
            alt.Tooltip("x_lo:Q", title=f"{x_title} · {ci[0]}", format=x_tip),
            alt.Tooltip("x_hi:Q", title=f"{x_title} · {ci[1]}", format=x_tip),
            alt.Tooltip("y:Q", title=y_title, format=y_tip),
            alt.Tooltip("y_lo:Q", title=f"{y_title} · {ci[0]}", format=y_tip),
            alt.Tooltip("y_hi:Q", title=f"{y_title} · {ci[1]}", format=y_tip),
            alt.Tooltip("c:Q", title=c_title, format=c_tip),
            alt.Tooltip("total_budget:Q", title=t("optimiser.total_budget", lang), format=",.0f"),
            *[alt.Tooltip(f"share_{c}:Q", title=channel_name(c, lang), format=".1%")
              for c in CHANNELS],
            alt.Tooltip("feasible_label:N", title=t("optimiser.feasible", lang))]
    x_enc = alt.X("x:Q", title=x_title, scale=alt.Scale(zero=False),
                  axis=alt.Axis(format=x_axis))
    y_enc = alt.Y("y:Q", title=y_title, scale=alt.Scale(zero=False),
                  axis=alt.Axis(format=y_axis))
    kinds = [k for k in KINDS if k in set(data["kind"])] or list(KINDS)
    labels = [kind_label(k, lang) for k in kinds]
    base = alt.Chart(data)
    x_err = base.mark_rule(strokeWidth=1.2, color="#777777").encode(
        x=alt.X("x_lo:Q", title=x_title, scale=alt.Scale(zero=False)), x2="x_hi:Q", y=y_enc,
        tooltip=tips)
    y_err = base.mark_rule(strokeWidth=1.2, color="#777777").encode(
        x=x_enc, y=alt.Y("y_lo:Q", title=y_title, scale=alt.Scale(zero=False)), y2="y_hi:Q",
        tooltip=tips)
    pick = alt.selection_point(name=PICK, fields=[POINT_FIELD], on="click", empty=False)
    if selected is not None:       # the page's choice (a click reruns it with the new one)
        outline = alt.condition(alt.datum[POINT_FIELD] == int(selected), alt.value(3.5),
                                alt.value(0.8))
    else:
        outline = alt.condition(pick, alt.value(3.5), alt.value(0.8))
    points_layer = base.mark_point(filled=True, stroke="#222222", cursor="pointer").encode(
        x=x_enc, y=y_enc,
        color=alt.Color("c:Q", title=c_title, scale=alt.Scale(scheme="viridis", zero=False),
                        legend=alt.Legend(title=c_title, format=c_tip, orient="right")),
        shape=alt.Shape("kind_label:N", title=kind_title,
                        scale=alt.Scale(domain=labels, range=[KIND_SHAPES[k] for k in kinds]),
                        legend=alt.Legend(title=kind_title, orient="bottom")),
        size=alt.Size("kind_label:N", scale=alt.Scale(domain=labels,
                                                      range=[KIND_SIZES[k] for k in kinds]),
                      legend=None),
        opacity=alt.condition(alt.datum.feasible, alt.value(0.95), alt.value(0.35)),
        strokeWidth=outline,
        order=alt.Order("layer:Q"),          # the recommendation and the current split on top
        tooltip=tips,
    ).add_params(pick)
    # the recommendation and the current split named beside them, on the side with room
    marked = data[data["kind"].isin(["recommended", "current"])]
    finite = data["x"][np.isfinite(data["x"])]
    middle = float((finite.min() + finite.max()) / 2) if len(finite) else 0.0
    right = marked["x"] > middle
    labels_ = [alt.Chart(part).mark_text(align=align, dx=dx, dy=-12, fontSize=12,
                                         fontWeight="bold").encode(
        x=x_enc, y=y_enc, text=alt.Text("kind_label:N", title=kind_title), tooltip=tips)
        for part, align, dx in ((marked[~right], "left", 12), (marked[right], "right", -12))]
    return alt.layer(x_err, y_err, points_layer, *labels_).properties(
        title=charts._title(t("optimiser.pareto_title", lang),
                            t("optimiser.pareto_note", lang, colour=kpi_label(colour, lang))),
        width="container", height=charts.HEIGHT)


# --- current against recommended shares ---------------------------------------------------------

def series_labels(lang: str, other: str | None = None) -> list[str]:
    """The two splits' names: the current one and the recommended one (or ``other``)."""
    return [t("optimiser.series_current", lang), other or t("optimiser.series_recommended", lang)]


def shares_frame(current: Mapping[str, float], recommended: Mapping[str, float], lang: str,
                 bounds: Mapping[str, tuple[float, float]] | None = None,
                 other: str | None = None) -> pd.DataFrame:
    """Columns: channel, channel_label, series (current / recommended), series_label
    (``other`` names the second split if it is not the recommendation), share (fraction),
    low, high (the channel's bounds, NaN without)."""
    rows = []
    names = series_labels(lang, other)
    for c in CHANNELS:
        lo, hi = (bounds or {}).get(c, (float("nan"), float("nan")))
        for (series, shares), name in zip((("current", current), ("recommended", recommended)),
                                          names, strict=True):
            rows.append({"channel": c, "channel_label": channel_name(c, lang), "series": series,
                         "series_label": name, "share": float(shares.get(c, 0.0)),
                         "low": float(lo), "high": float(hi)})
    return pd.DataFrame(rows, columns=["channel", "channel_label", "series", "series_label",
                                       "share", "low", "high"])


def shares_bars(current: Mapping[str, float], recommended: Mapping[str, float], lang: str,
                bounds: Mapping[str, tuple[float, float]] | None = None,
                title: str | None = None, other: str | None = None) -> alt.LayerChart:
    """The current and the recommended share of the budget per channel, side by side, with
    the value beside each bar; ``bounds`` ({channel: (min, max)}, fractions; only the
    channels given) draws a channel's allowed range as a pale band behind its bars.
    ``other`` names the second split when it is not the recommendation (a Pareto point)."""
    data = shares_frame(current, recommended, lang, bounds, other)
    order = [channel_name(c, lang) for c in CHANNELS]
    series = series_labels(lang, other)
    s_title = t("optimiser.series", lang)
    ch_title = t("optimiser.channel", lang)
    share_title = t("optimiser.share", lang)
    tips = [alt.Tooltip("channel_label:N", title=ch_title),
            alt.Tooltip("series_label:N", title=s_title),
            alt.Tooltip("share:Q", title=share_title, format=".1%")]
    y = alt.Y("channel_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    colour = alt.Color("series_label:N", title=s_title,
                       scale=alt.Scale(domain=series, range=[CURRENT_COLOUR, RECOMMENDED_COLOUR]),
                       legend=alt.Legend(title=s_title, orient="bottom"))
    offset = alt.YOffset("series_label:N", sort=series, title=None)
    bars = alt.Chart(data).mark_bar().encode(
        y=y, yOffset=offset, x=alt.X("share:Q", title=share_title, axis=alt.Axis(format=".0%"),
                                     scale=alt.Scale(domain=[0, 1] if data["share"].max() > 0.6
                                                     else [0, float(data["share"].max()) + 0.15])),
        color=colour, tooltip=tips)
    text = alt.Chart(data).mark_text(align="left", dx=4, fontSize=11).encode(
        y=y, yOffset=offset, x="share:Q", text=alt.Text("share:Q", format=".1%"), tooltip=tips)
    layers = [bars, text]
    ranged = data[data["series"] == "current"].dropna(subset=["low", "high"])
    if len(ranged):
        band_tips = [alt.Tooltip("channel_label:N", title=ch_title),
                     alt.Tooltip("low:Q", title=t("optimiser.bound_min", lang), format=".0%"),
                     alt.Tooltip("high:Q", title=t("optimiser.bound_max", lang), format=".0%")]
        band = alt.Chart(ranged).mark_bar(color="#4f7f6e", opacity=0.12).encode(
            y=y, x="low:Q", x2="high:Q", tooltip=band_tips)
        layers.insert(0, band)
    return alt.layer(*layers).properties(
        title=charts._title(title or t("optimiser.shares_title", lang)),
        width="container", height=charts.HEIGHT)


# --- response curves with both spends -----------------------------------------------------------

def response_names(lang: str) -> list[str]:
    return [t("optimiser.series_current", lang), t("optimiser.series_recommended", lang)]


def response_chart(current: Scenario, recommended: Scenario, lang: str,
                   columns: int = 3) -> alt.ConcatChart:
    """``ui.charts.response_curves`` of the current and the recommended scenario: the
    channels' steady-state response with a dot at each scenario's monthly spend (the
    current one grey)."""
    names = response_names(lang)
    curves, markers = charts.response_frame(dict(zip(names, (current, recommended),
                                                     strict=True)))
    return charts.response_curves(curves, markers, names, lang, baseline=names[0],
                                  columns=columns)
