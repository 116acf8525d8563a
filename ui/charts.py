"""Altair charts of simulation results, bilingual, one colour per scenario on every chart.

Plain functions: frames in, ``alt.Chart`` (or a layered/concatenated chart) out; no Streamlit
here, so the pages draw them with ``st.altair_chart(chart, use_container_width=True)``.

Conventions shared by every chart:

* ``names`` are the scenarios' display names in the order to show them; the frames' ``scenario``
  column already holds those display names (rows of other scenarios are ignored).
* ``baseline`` names the display name of the baseline, which is always drawn in grey; the
  others take colours from a colour-blind-safe palette (Okabe–Ito) in the order of ``names``,
  so the same ``names`` give the same colours on every chart (``scenario_scale``).
* Every title, axis, legend and tooltip title comes from ``simulation/strings/charts.py`` (or the
  model's KPI and channel labels) in ``lang``; every mark has a tooltip.
* Intervals over replications: bands are the 5th–95th percentiles (the spread of single
  runs), error bars the 95% Student-t interval of the mean (``simulation.experiment``).

Helpers that shape the data (``band_frame``, ``cohort_frame``, ``interval_frame``,
``waterfall_frame``, ``response_frame``, ``tornado_frame``, ``attribution_frame``) are public
so their arithmetic can be tested apart from the drawing. The sensitivity, attribution and
fan charts (section 9) take their strings from the ``sensitivity`` area.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextvars import ContextVar

import altair as alt
import numpy as np
import pandas as pd

from simulation import KPI_LABELS, Scenario
from simulation.experiment import t_interval
from simulation.marketing import DAYS_PER_MONTH, response_curve
from simulation.records import COST_CATEGORIES
from simulation.scenario import ACQUISITION_CHANNELS, CHANNEL_LABELS

from .i18n import fmt, fmt_kpi, kpi_label, kpi_unit, normalise_lang, t, unit_label

# Okabe & Ito (2008), without black; yellow last as it is faint on white.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442")
BASELINE_GREY = "#8C8C8C"
# px, a single chart's whole height: Streamlit fits title, axes and legend into it, so the
# plot itself gets about 250 px (charts with slanted category labels get more room)
HEIGHT = 400
LABELLED_HEIGHT = 470
LABEL_AXIS = alt.Axis(labelAngle=-30, labelLimit=160, labelOverlap=False)   # show every label
PANEL_WIDTH, PANEL_HEIGHT = 220, 170   # px, each small panel of the response curves
ACQUISITION_SOURCES = ACQUISITION_CHANNELS + ("organic",)
BREAKDOWN_ITEMS: dict[str, tuple[str, ...]] = {
    "carbon_source": ("packaging", "transport_linehaul", "transport_lastmile",
                      "transport_redelivery", "transport_returns", "warehouse"),
    "carbon_scope": ("scope1", "scope2", "scope3"),
    "cost": COST_CATEGORIES,
}
_BREAKDOWN_AXES = {  # kind: (title key, x-axis key, y-axis key)
    "carbon_source": ("charts.carbon_source_title", "charts.source", "charts.carbon_axis"),
    "carbon_scope": ("charts.carbon_scope_title", "charts.scope", "charts.carbon_axis"),
    "cost": ("charts.cost_title", "charts.category", "charts.money_axis"),
}
_SERIES_KEYS = {  # daily column (or summed columns) -> label key
    "active_customers": "charts.series_active_customers",
    "on_time_rate": "charts.series_on_time_rate",
    "queue_start": "charts.series_queue_start",
    "packers": "charts.series_packers",
    "cs_agents": "charts.series_cs_agents",
    ("packers", "cs_agents"): "charts.series_staff",
    "trust": "charts.series_trust",
    "carbon_kg_total": "charts.series_carbon_kg_total",
    "profit_cny": "charts.series_profit_cny",
    "revenue_cny": "charts.series_revenue_cny",
    "cost_total_cny": "charts.series_cost_total_cny",
    "orders": "charts.series_orders",
    "new_customers": "charts.series_new_customers",
}
_COUNT_UNITS = ("CNY", "orders", "customers", "people", "events")


# --- colours and shared encodings -----------------------------------------------------

def scenario_colours(names: Sequence[str], baseline: str | None = None) -> dict[str, str]:
    """Display name -> colour: grey for ``baseline``, the palette in order for the others."""
    colours: dict[str, str] = {}
    i = 0
    for name in dict.fromkeys(names):
        if baseline is not None and name == baseline:
            colours[name] = BASELINE_GREY
        else:
            colours[name] = PALETTE[i % len(PALETTE)]
            i += 1
    return colours


def scenario_scale(names: Sequence[str], baseline: str | None = None) -> alt.Scale:
    """The colour scale of the scenarios (same ``names`` and ``baseline`` -> same colours)."""
    colours = scenario_colours(names, baseline)
    return alt.Scale(domain=list(colours), range=list(colours.values()))


def _colour(names: Sequence[str], lang: str, baseline: str | None) -> alt.Color:
    title = t("charts.scenario", lang)
    return alt.Color("scenario:N", scale=scenario_scale(names, baseline), sort=list(names),
                     title=title, legend=alt.Legend(title=title, orient="bottom", symbolOpacity=1))


def _offset(names: Sequence[str]) -> alt.XOffset:
    return alt.XOffset("scenario:N", sort=list(names), title=None)


def _tip_scenario(lang: str) -> alt.Tooltip:
    return alt.Tooltip("scenario:N", title=t("charts.scenario", lang))


def _title(text: str, subtitle: str | None = None) -> alt.TitleParams:
    # the padding keeps a Chinese title clear of its subtitle and of the chart's top edge
    if subtitle:
        return alt.TitleParams(text=text, subtitle=subtitle, anchor="start", offset=10,
                               subtitlePadding=6)
    return alt.TitleParams(text=text, anchor="start", offset=10)


def _only(df: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    return df[df["scenario"].isin(list(names))]


def number_format(unit: str, magnitude: float = float("inf")) -> str:
    """A d3 format for values in ``unit``: percentages for fractions, thousands separators."""
    if unit.startswith("fraction"):
        return ".1%"
    if unit in _COUNT_UNITS:
        return ",.0f"
    if unit == "kg CO2e":
        return ",.0f" if abs(magnitude) >= 100 else ",.3f"
    return ",.0f" if abs(magnitude) >= 1000 else ",.2f"


def _axis_format(unit: str, magnitude: float = float("inf")) -> str:
    return ".0%" if unit.startswith("fraction") else number_format(unit, magnitude)


def _magnitude(values: pd.Series | np.ndarray) -> float:
    v = np.abs(np.asarray(values, dtype=float))
    v = v[np.isfinite(v)]
    return float(v.max()) if len(v) else 0.0


def kpi_title(kpi: str, lang: str) -> str:
    """A KPI's label with its unit in ``lang``, e.g. 单均碳排放（kg CO₂e）."""
    unit = kpi_unit(kpi)
    label = kpi_label(kpi, lang)
    return t("charts.with_unit", lang, label=label, unit=unit_label(unit, lang)) if unit else label


def channel_label(channel: str, lang: str) -> str:
    """An acquisition source's name: the model's channel labels, plus organic traffic."""
    if channel == "organic":
        return t("charts.channel_organic", lang)
    zh, en = CHANNEL_LABELS.get(channel, (channel, channel))
    return zh if normalise_lang(lang) == "zh" else en


def item_label(kind: str, item: str, lang: str) -> str:
    """The name of a breakdown item (``kind`` carbon_source, carbon_scope or cost)."""
    return t(f"charts.{kind}_{item}", lang)


# --- aggregation helpers ----------------------------------------------------------------

def band_frame(daily: pd.DataFrame, column: str | Sequence[str], rolling: int = 1,
               cumulative: bool = False, low: float = 0.05, high: float = 0.95) -> pd.DataFrame:
    """Per scenario and day, the mean and the ``low``/``high`` quantiles across replications.

    ``column`` may name several columns, which are summed (e.g. packers + cs_agents). Within
    each replication the series is first summed cumulatively (``cumulative``), then smoothed
    by a trailing ``rolling``-day mean (days without a value are skipped). Quantiles are
    numpy's linear interpolation. Columns: scenario, day, mean, low, high, n.
    """
    cols = [column] if isinstance(column, str) else list(column)
    frame = daily[["scenario", "replication", "day"]].copy()
    frame["value"] = daily[cols].sum(axis=1, min_count=len(cols))
    frame = frame.sort_values(["scenario", "replication", "day"])
    groups = frame.groupby(["scenario", "replication"], sort=False)["value"]
    if cumulative:
        frame["value"] = groups.cumsum()
        groups = frame.groupby(["scenario", "replication"], sort=False)["value"]
    if rolling > 1:
        frame["value"] = groups.transform(lambda s: s.rolling(rolling, min_periods=1).mean())
    by_day = frame.groupby(["scenario", "day"], sort=False)["value"]
    out = by_day.agg(mean="mean", n="count")
    out["low"] = by_day.quantile(low)
    out["high"] = by_day.quantile(high)
    return out.reset_index()[["scenario", "day", "mean", "low", "high", "n"]]


def interval_frame(df: pd.DataFrame, by: Sequence[str], value: str = "value",
                   confidence: float = 0.95) -> pd.DataFrame:
    """Mean and Student-t interval of ``value`` over the rows of each ``by`` group (one row
    per replication). Columns: *by, mean, ci_low, ci_high, n (missing with one replication)."""
    rows = []
    for key, g in df.groupby(list(by), sort=False):
        key = key if isinstance(key, tuple) else (key,)
        v = g[value].to_numpy(dtype=float)
        m, lo, hi = t_interval(v, confidence)
        rows.append({**dict(zip(by, key, strict=True)), "mean": m, "ci_low": lo, "ci_high": hi,
                     "n": int(np.isfinite(v).sum())})
    return pd.DataFrame(rows, columns=[*by, "mean", "ci_low", "ci_high", "n"])


def cohort_frame(cohorts: pd.DataFrame, horizon_days: float | None = None, bucket_days: int = 30,
                 low: float = 0.05, high: float = 0.95) -> pd.DataFrame:
    """Retention curves averaged over cohorts, then over replications.

    ``cohorts`` is the runner's frame (scenario, replication, cohort, months_since, share;
    a row only where someone ordered again). In each replication, cohort ``c`` is kept for
    month ``k`` only when the whole month was observed for every customer of the cohort,
    ``(c + k + 2) × bucket_days ≤ horizon_days``; a kept cell without a row is 0 (nobody
    ordered again). Without ``horizon_days`` it is inferred conservatively from the latest
    cell with data (the last two diagonals are dropped). Cohorts are weighted equally (not by
    size), then replications equally; the band is the ``low``–``high`` quantiles over
    replications. Columns: scenario, months_since, mean, low, high, cohorts.
    """
    cols = ["scenario", "months_since", "mean", "low", "high", "cohorts"]
    if cohorts.empty:
        return pd.DataFrame(columns=cols)
    per_rep = []
    for (name, rep), g in cohorts.groupby(["scenario", "replication"], sort=False):
        cells = g.set_index(["cohort", "months_since"])["share"]
        if horizon_days is not None:
            last = int(np.floor(horizon_days / bucket_days)) - 2   # max c + k fully observed
        else:
            last = int((g["cohort"] + g["months_since"]).max()) - 2
        full = [(c, k) for c in sorted(g["cohort"].unique()) for k in range(1, last - c + 1)]
        if not full:
            continue
        idx = pd.MultiIndex.from_tuples(full, names=["cohort", "months_since"])
        filled = cells.groupby(level=[0, 1]).sum().reindex(idx, fill_value=0.0).reset_index()
        mean = filled.groupby("months_since")["share"].agg(["mean", "count"]).reset_index()
        per_rep.append(mean.assign(scenario=name, replication=rep))
    if not per_rep:
        return pd.DataFrame(columns=cols)
    reps = pd.concat(per_rep, ignore_index=True)
    by = reps.groupby(["scenario", "months_since"], sort=False)
    out = by["mean"].mean().to_frame("mean")
    out["low"] = by["mean"].quantile(low)
    out["high"] = by["mean"].quantile(high)
    out["cohorts"] = by["count"].mean()
    return out.reset_index()[cols]


# --- 1. a daily series over time -----------------------------------------------------------

def series_label(column: str | Sequence[str], lang: str) -> str:
    """The label of a daily column (or of a sum of columns) for titles and axes."""
    key = column if isinstance(column, str) else tuple(column)
    if key in _SERIES_KEYS:
        return t(_SERIES_KEYS[key], lang)
    return column if isinstance(column, str) else " + ".join(column)


def _series_format(column: str | Sequence[str], magnitude: float) -> tuple[str, str]:
    """(tooltip format, axis format) for a daily series."""
    name = column if isinstance(column, str) else ""
    if name.endswith("_rate"):
        return ".1%", ".0%"
    fmt = ",.0f" if magnitude >= 100 else ",.2f"
    return fmt, fmt


def over_time(daily: pd.DataFrame, column: str | Sequence[str], names: Sequence[str], lang: str,
              title: str | None = None, y_title: str | None = None, baseline: str | None = None,
              rolling: int = 1, cumulative: bool = False, y_zero: bool = True) -> alt.LayerChart:
    """A daily series per scenario: mean over replications and a 90% band (5th–95th pct).

    ``daily``: the runner's daily frame (scenario, replication, day, ``column``...).
    ``column`` may be several columns to sum, e.g. ("packers", "cs_agents"). ``rolling``:
    trailing mean over that many days (7 suits the on-time rate); ``cumulative``: running
    total (carbon, profit); ``y_zero=False`` lets the axis start near the data (e.g. trust).
    Titles default to the series' label (the title also names the rolling window).
    """
    data = band_frame(_only(daily, names), column, rolling=rolling, cumulative=cumulative)
    label = series_label(column, lang)
    if cumulative:
        label = t("charts.cumulative", lang, label=label)
    y_title = y_title or label
    if rolling > 1:
        label = t("charts.rolling", lang, label=label, days=rolling)
    tip_fmt, axis_fmt = _series_format(column, _magnitude(data[["low", "high", "mean"]]))
    tips = [_tip_scenario(lang), alt.Tooltip("day:Q", title=t("charts.day", lang), format=","),
            alt.Tooltip("mean:Q", title=t("charts.mean", lang), format=tip_fmt),
            alt.Tooltip("low:Q", title=t("charts.band_low", lang), format=tip_fmt),
            alt.Tooltip("high:Q", title=t("charts.band_high", lang), format=tip_fmt)]
    # the data sits on the layer, not on each mark: altair copies a sub-chart's data
    base = alt.Chart().encode(
        x=alt.X("day:Q", title=t("charts.day", lang), scale=alt.Scale(nice=False),
                axis=alt.Axis(format=",d")),
        color=_colour(names, lang, baseline), tooltip=tips)
    band = base.mark_area(opacity=0.18).encode(
        y=alt.Y("low:Q", title=y_title, scale=alt.Scale(zero=y_zero),
                axis=alt.Axis(format=axis_fmt)), y2="high:Q")
    line = base.mark_line(strokeWidth=2).encode(
        y=alt.Y("mean:Q", title=y_title, scale=alt.Scale(zero=y_zero),
                axis=alt.Axis(format=axis_fmt)))
    # invisible points make the whole line easy to hover
    hover = base.mark_point(opacity=0, size=40).encode(y=alt.Y("mean:Q", title=y_title))
    return alt.layer(band, line, hover, data=data).properties(
        title=_title(title or label, t("charts.band_note", lang)),
        width="container", height=HEIGHT)


# --- 2. cohort retention curves ----------------------------------------------------------------

def cohort_curves(cohorts: pd.DataFrame, names: Sequence[str], lang: str,
                  baseline: str | None = None, horizon_days: float | None = None,
                  bucket_days: int = 30) -> alt.LayerChart:
    """Share of new customers who ordered again k months after their first order.

    ``cohorts``: the runner's cohort frame (scenario, replication, cohort, months_since,
    share). Averaged as ``cohort_frame`` explains (cohorts weighted equally); pass the
    scenario's ``horizon_days`` to keep exactly the fully observed months.
    """
    data = cohort_frame(_only(cohorts, names), horizon_days=horizon_days,
                        bucket_days=bucket_days)
    x_title, y_title = t("charts.cohort_x", lang), t("charts.cohort_y", lang)
    tips = [_tip_scenario(lang), alt.Tooltip("months_since:Q", title=x_title, format="d"),
            alt.Tooltip("mean:Q", title=t("charts.mean", lang), format=".1%"),
            alt.Tooltip("low:Q", title=t("charts.band_low", lang), format=".1%"),
            alt.Tooltip("high:Q", title=t("charts.band_high", lang), format=".1%"),
            alt.Tooltip("cohorts:Q", title=t("charts.cohort_n", lang), format=".1f")]
    base = alt.Chart(data).encode(
        x=alt.X("months_since:Q", title=x_title, axis=alt.Axis(format="d", tickMinStep=1)),
        color=_colour(names, lang, baseline), tooltip=tips)
    band = base.mark_area(opacity=0.18).encode(
        y=alt.Y("low:Q", title=y_title, axis=alt.Axis(format=".0%")), y2="high:Q")
    line = base.mark_line(point=True, strokeWidth=2).encode(
        y=alt.Y("mean:Q", title=y_title, axis=alt.Axis(format=".0%")))
    return alt.layer(band, line).properties(
        title=_title(t("charts.cohort_title", lang), t("charts.cohort_note", lang)),
        width="container", height=HEIGHT)


# --- grouped bars with error bars (3, 4) -------------------------------------------------------

def _grouped_bars(data: pd.DataFrame, order: list[str], names: Sequence[str], lang: str,
                  baseline: str | None, title: str, x_title: str, y_title: str,
                  fmt: str) -> alt.LayerChart:
    """Bars of ``mean`` per ``label`` (in ``order``), one per scenario side by side, with
    rules for the 95% interval. ``data``: scenario, label, mean, ci_low, ci_high, n."""
    tips = [_tip_scenario(lang), alt.Tooltip("label:N", title=x_title),
            alt.Tooltip("mean:Q", title=t("charts.mean", lang), format=fmt),
            alt.Tooltip("ci_low:Q", title=t("charts.ci_low", lang), format=fmt),
            alt.Tooltip("ci_high:Q", title=t("charts.ci_high", lang), format=fmt),
            alt.Tooltip("n:Q", title=t("charts.replications", lang), format=",")]
    base = alt.Chart(data).encode(
        x=alt.X("label:N", sort=order, title=x_title, axis=LABEL_AXIS),
        xOffset=_offset(names), color=_colour(names, lang, baseline), tooltip=tips)
    bars = base.mark_bar().encode(y=alt.Y("mean:Q", title=y_title, axis=alt.Axis(format=fmt)))
    errors = base.mark_rule(color="#333333", strokeWidth=1.5).encode(
        y=alt.Y("ci_low:Q", title=y_title), y2="ci_high:Q")
    return alt.layer(bars, errors).properties(
        title=_title(title, t("charts.ci_note", lang)), width="container", height=LABELLED_HEIGHT)


def acquisition_by_channel(daily: pd.DataFrame, names: Sequence[str], lang: str,
                           baseline: str | None = None) -> alt.LayerChart:
    """New customers over the horizon per acquisition channel and organic traffic.

    ``daily``: the runner's daily frame with ``new_customers_<channel>`` columns for the
    channels in ``ACQUISITION_CHANNELS`` and ``organic``. Each replication's total over the
    days; bars are means over replications with 95% intervals.
    """
    sources = [s for s in ACQUISITION_SOURCES if f"new_customers_{s}" in daily.columns]
    cols = [f"new_customers_{s}" for s in sources]
    totals = _only(daily, names).groupby(["scenario", "replication"], sort=False)[cols].sum()
    long = totals.reset_index().melt(id_vars=["scenario", "replication"], value_vars=cols,
                                     var_name="source", value_name="value")
    long["source"] = long["source"].str.removeprefix("new_customers_")
    data = interval_frame(long, ["scenario", "source"])
    data["label"] = [channel_label(s, lang) for s in data["source"]]
    order = [channel_label(s, lang) for s in sources]
    return _grouped_bars(data, order, names, lang, baseline, t("charts.acquisition_title", lang),
                         t("charts.channel", lang), t("charts.new_customers", lang), ",.0f")


def breakdown_bars(breakdown: pd.DataFrame, kind: str, names: Sequence[str], lang: str,
                   baseline: str | None = None) -> alt.LayerChart:
    """Carbon by source (``kind="carbon_source"``), by scope (``"carbon_scope"``) or costs by
    category (``"cost"``): mean over replications with 95% intervals, a bar per scenario.

    ``breakdown``: the runner's frame (scenario, replication, kind, item, value).
    """
    if kind not in BREAKDOWN_ITEMS:
        raise ValueError(f"kind must be one of {', '.join(BREAKDOWN_ITEMS)}, got {kind!r}")
    rows = _only(breakdown, names)
    rows = rows[rows["kind"] == kind]
    data = interval_frame(rows, ["scenario", "item"])
    data["label"] = [item_label(kind, i, lang) for i in data["item"]]
    order = [item_label(kind, i, lang) for i in BREAKDOWN_ITEMS[kind]]
    title_key, x_key, y_key = _BREAKDOWN_AXES[kind]
    fmt = ",.0f" if kind == "cost" else number_format("kg CO2e", _magnitude(data["mean"]))
    return _grouped_bars(data, order, names, lang, baseline, t(title_key, lang), t(x_key, lang),
                         t(y_key, lang), fmt)


# --- 5. one KPI per scenario ----------------------------------------------------------------

def kpi_bars(kpis: pd.DataFrame, kpi: str, names: Sequence[str], lang: str,
             baseline: str | None = None) -> alt.LayerChart:
    """One bar per scenario for ``kpi`` (mean over replications) with its 95% interval.

    ``kpis``: the runner's KPI frame (scenario, replication, one column per KPI).
    """
    data = interval_frame(_only(kpis, names), ["scenario"], value=kpi)
    unit = kpi_unit(kpi)
    magnitude = _magnitude(data["mean"])
    fmt, axis_fmt = number_format(unit, magnitude), _axis_format(unit, magnitude)
    title = kpi_title(kpi, lang)
    tips = [_tip_scenario(lang),
            alt.Tooltip("mean:Q", title=t("charts.mean", lang), format=fmt),
            alt.Tooltip("ci_low:Q", title=t("charts.ci_low", lang), format=fmt),
            alt.Tooltip("ci_high:Q", title=t("charts.ci_high", lang), format=fmt),
            alt.Tooltip("n:Q", title=t("charts.replications", lang), format=",")]
    base = alt.Chart(data).encode(
        x=alt.X("scenario:N", sort=list(names), title=t("charts.scenario", lang),
                axis=alt.Axis(labelAngle=0)),
        color=_colour(names, lang, baseline), tooltip=tips)
    bars = base.mark_bar(size=48).encode(y=alt.Y("mean:Q", title=title,
                                                 axis=alt.Axis(format=axis_fmt)))
    errors = base.mark_rule(color="#333333", strokeWidth=1.5).encode(
        y=alt.Y("ci_low:Q", title=title), y2="ci_high:Q")
    return alt.layer(bars, errors).properties(
        title=_title(title, t("charts.kpi_note", lang)), width="container", height=HEIGHT)


# --- 6. cost waterfall: the change in each cost category against the baseline ---------------------

WATERFALL_COLOURS = {"increase": "#D55E00", "decrease": "#009E73", "total": "#5B6770"}


def wrap_label(text: str, width: int = 14) -> str:
    """A category label in lines of about ``width`` characters (Chinese ones of ``width``
    // 2), joined by "\\n" (the axes split them: ``WRAPPED_AXIS``), so no label is cut."""
    text = str(text)
    wide = sum(1 for ch in text if ord(ch) > 0x2E7F)
    if wide:
        step = max(1, width // 2)
        return "\n".join(text[i:i + step] for i in range(0, len(text), step))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines) or text


WRAPPED_AXIS = alt.Axis(labelAngle=0, labelLimit=0, labelOverlap=False, labelPadding=6,
                        labelExpr="split(datum.label, '\\n')", titlePadding=10)


def waterfall_frame(kpis: pd.DataFrame, breakdown: pd.DataFrame, names: Sequence[str],
                    lang: str = "en", baseline: str | None = None) -> pd.DataFrame:
    """The change of each cost category from the baseline, then the total change, per other
    scenario (means over replications; ``subsidies`` is a negative cost, so more subsidy is a
    decrease). The baseline is ``baseline`` when among ``names``, else the first name.
    Categories whose change is zero for every scenario are left out. The bars of a scenario
    run from 0 through the changes, so the last category bar ends at the total change.

    Columns: scenario, step (a category / total), label, order, kind (increase / decrease /
    total), delta (the change in CNY, + = more cost), start, end, text (the change, formatted
    with no negative zero).
    """
    names = list(names)
    ref = baseline if baseline in names else (names[0] if names else None)
    costs = _only(breakdown, names)
    costs = costs[costs["kind"] == "cost"]
    means = costs.groupby(["scenario", "item"])["value"].mean()
    others = [n for n in names if n != ref and n in means.index.get_level_values(0)]
    cols = ["scenario", "step", "label", "order", "kind", "delta", "start", "end", "text"]
    if ref is None or ref not in means.index.get_level_values(0):
        return pd.DataFrame(columns=cols)
    cats = [c for c in COST_CATEGORIES if c in means.index.get_level_values(1)]

    def change(name: str, c: str) -> float:
        return float(means.get((name, c), 0.0)) - float(means.get((ref, c), 0.0))

    shown = [c for c in cats if any(abs(change(n, c)) >= 0.5 for n in others)]
    rows = []
    for name in others:
        running = 0.0
        for i, c in enumerate(shown):
            d = change(name, c)
            rows.append((name, c, i, "increase" if d > 0 else "decrease", d, running, running + d))
            running += d
        total = sum(change(name, c) for c in cats)          # all categories, shown or not
        rows.append((name, "total", len(shown), "total", total, 0.0, total))
    frame = pd.DataFrame(rows, columns=["scenario", "step", "order", "kind", "delta", "start",
                                        "end"])
    frame["label"] = [wrap_label(_step_label(s, lang)) for s in frame["step"]]
    frame["text"] = [fmt(d, "CNY", signed=True, lang=lang) for d in frame["delta"]]
    return frame[cols]


def _step_label(step: str, lang: str) -> str:
    if step == "total":
        return t("charts.waterfall_total", lang)
    return item_label("cost", step, lang)


def cost_waterfall(kpis: pd.DataFrame, breakdown: pd.DataFrame, names: Sequence[str], lang: str,
                   baseline: str | None = None) -> alt.Chart | alt.VConcatChart:
    """How each cost category changes from the baseline, then the total change: a waterfall
    on the scale of the change (not of the costs themselves), one per other scenario. Red
    bars raise cost, green ones lower it, the grey one is the total; the legend lists only
    the kinds drawn, in the bars' colours; each bar is labelled with its change.

    ``kpis`` is accepted for the call's symmetry with the other charts; ``breakdown``: the
    runner's breakdown frame (rows of kind "cost").
    """
    data = waterfall_frame(kpis, breakdown, names, lang, baseline)
    ref = baseline if baseline in list(names) else (list(names) or [""])[0]
    step = t("charts.waterfall_step", lang)
    kind_title = t("charts.waterfall_kind", lang)
    kinds = [k for k in ("increase", "decrease", "total") if k in set(data["kind"])]
    data["kind_label"] = [t(f"charts.waterfall_{k}", lang) for k in data["kind"]]
    colour = alt.Color("kind_label:N", title=kind_title,
                       scale=alt.Scale(domain=[t(f"charts.waterfall_{k}", lang) for k in kinds],
                                       range=[WATERFALL_COLOURS[k] for k in kinds]),
                       legend=alt.Legend(title=kind_title, orient="bottom", labelLimit=0))
    money = t("charts.waterfall_axis", lang)
    tips = [alt.Tooltip("label:N", title=step),
            alt.Tooltip("text:N", title=t("charts.waterfall_change", lang)),
            alt.Tooltip("end:Q", title=t("charts.waterfall_running", lang), format=",.0f")]
    charts = []
    others = list(dict.fromkeys(data["scenario"]))
    for name in others:
        part = data[data["scenario"] == name]
        order = list(part.sort_values("order")["label"])
        magnitude = _magnitude(np.concatenate([part["start"], part["end"]]))
        x = alt.X("label:N", sort=order, title=step, axis=WRAPPED_AXIS)
        base = alt.Chart(part).encode(x=x, tooltip=[_tip_scenario(lang), *tips])
        bars = base.mark_bar().encode(
            y=alt.Y("start:Q", title=money, axis=alt.Axis(format=_money_format(magnitude),
                                                          titlePadding=10)),
            y2="end:Q", color=colour)
        text = base.mark_text(dy=-8, fontSize=11, color="#222222").encode(
            y=alt.Y("top:Q", title=money),
            text=alt.Text("text:N", title=t("charts.waterfall_change", lang))
        ).transform_calculate(top="max(datum.start, datum.end)")
        title = (t("charts.waterfall_title", lang) if len(others) == 1 else
                 t("charts.waterfall_title_named", lang, scenario=name, baseline=ref))
        charts.append(alt.layer(bars, text).properties(
            title=_title(title, t("charts.waterfall_note", lang)),
            width="container", height=LABELLED_HEIGHT))
    if not charts:
        return alt.Chart(data).mark_bar().properties(
            title=_title(t("charts.waterfall_none", lang)), width="container", height=HEIGHT)
    return charts[0] if len(charts) == 1 else alt.vconcat(*charts)


def _money_format(magnitude: float) -> str:
    """Axis ticks for a change in CNY: whole yuan, with decimals only for tiny changes."""
    return ",.0f" if magnitude >= 10 else ",.2f"


# --- 7. marketing response curves ---------------------------------------------------------------

def response_frame(scenarios: Mapping[str, Scenario], points: int = 60
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Steady-state response curves of every acquisition channel, and each scenario's point.

    For each channel the spend grid (CNY/month, shared by the scenarios) runs from 0 to 3 ×
    the largest of the scenarios' current monthly spend and the monthly spend at which the
    channel reaches half saturation (``half_saturation_cny_per_day`` is adstocked daily
    spend, i.e. ``K × (1 − decay) × days a month`` before carry-over); every scenario's
    current spend is added to the grid, so each marker is a vertex of its line. CRM has no
    acquisition response (it lifts repurchase, ``marketing.crm_logit``) and is left out.

    Returns (curves, markers), both with columns channel, scenario, spend, customers (new
    customers a month).
    """
    curves, markers = [], []
    for channel in ACQUISITION_CHANNELS:
        current = {name: sc.marketing.monthly_budget_cny * getattr(sc.marketing.shares, channel)
                   for name, sc in scenarios.items()}
        half = [getattr(sc.marketing.response, channel).half_saturation_cny_per_day
                * (1.0 - getattr(sc.marketing.response, channel).decay) * DAYS_PER_MONTH
                for sc in scenarios.values()]
        top = 3.0 * max([*current.values(), *half, 1.0])
        grid = np.unique(np.concatenate([np.linspace(0.0, top, points), list(current.values())]))
        for name, sc in scenarios.items():
            curves.append(pd.DataFrame({"channel": channel, "scenario": name, "spend": grid,
                                        "customers": response_curve(sc, channel, grid)}))
            markers.append({"channel": channel, "scenario": name, "spend": current[name],
                            "customers": float(response_curve(sc, channel, current[name]))})
    cols = ["channel", "scenario", "spend", "customers"]
    return (pd.concat(curves, ignore_index=True)[cols] if curves else pd.DataFrame(columns=cols),
            pd.DataFrame(markers, columns=cols))


def response_curves(curves: pd.DataFrame, markers: pd.DataFrame, names: Sequence[str], lang: str,
                    baseline: str | None = None, columns: int = 3) -> alt.ConcatChart:
    """One small panel per acquisition channel (``columns`` a row): a line per scenario and a dot at its
    current monthly spend. Frames as ``response_frame`` returns them (channel, scenario,
    spend, customers); the CRM channel's absence is explained in the subtitle."""
    curves, markers = _only(curves, names), _only(markers, names)
    x_title, y_title = t("charts.response_x", lang), t("charts.response_y", lang)
    tips = [_tip_scenario(lang), alt.Tooltip("spend:Q", title=x_title, format=",.0f"),
            alt.Tooltip("customers:Q", title=y_title, format=",.1f")]
    colour = _colour(names, lang, baseline)
    x = alt.X("spend:Q", title=x_title, axis=alt.Axis(format="~s", tickCount=4))
    y = alt.Y("customers:Q", title=y_title, axis=alt.Axis(format=",.0f"))
    panels = []
    channels = [c for c in ACQUISITION_CHANNELS if c in set(curves["channel"])]
    for channel in channels:
        line = alt.Chart(curves[curves["channel"] == channel]).mark_line(strokeWidth=2).encode(
            x=x, y=y, color=colour, tooltip=tips)
        dots = alt.Chart(markers[markers["channel"] == channel]).mark_point(
            filled=True, size=80, stroke="#222222", strokeWidth=1).encode(
            x=x, y=y, color=colour,
            tooltip=[*tips[:1], alt.Tooltip("spend:Q", title=t("charts.response_current", lang),
                                            format=",.0f"), tips[2]])
        panels.append(alt.layer(line, dots).properties(
            title=channel_label(channel, lang), width=PANEL_WIDTH, height=PANEL_HEIGHT))
    return alt.concat(*panels, columns=columns).properties(
        title=_title(t("charts.response_title", lang), t("charts.response_note", lang)))


# --- 8. cost-carbon trade-off ----------------------------------------------------------------

# What the label dodging assumes of the plot (px): a narrow container's plot area, so labels
# that clear each other there clear each other on a wider one too.
PLOT_WIDTH, PLOT_HEIGHT = 360, 250
PLOT_WIDTHS = (PLOT_WIDTH, 600, 900)   # a label must clear the others at each of these widths
POINT_RADIUS = 10                      # what a label keeps clear of around another point
LABEL_DX, LABEL_LINE = 18, 18          # label start beside its point (clear of the largest
                                       # circle's radius); one line of text


def text_width(text: str, size: float = 12) -> float:
    """Roughly how wide ``text`` is drawn at ``size`` px (CJK full width, others ~0.6)."""
    return sum(size if ord(ch) > 0x2E7F else 0.6 * size for ch in str(text))


def _span(lo: pd.Series, hi: pd.Series, mid: pd.Series) -> tuple[float, float]:
    v = np.concatenate([np.asarray(x, dtype=float) for x in (lo, hi, mid)])
    v = v[np.isfinite(v)]
    if not len(v):
        return 0.0, 1.0
    low, high = float(v.min()), float(v.max())
    return low, (high - low) or max(abs(low) * 0.1, 1.0)


def label_boxes(data: pd.DataFrame, label_y: Sequence[float],
                plot_width: float = PLOT_WIDTH) -> list[tuple[float, float, float, float]]:
    """Each label's box (left, top, right, bottom) in the assumed plot's pixels, with its
    text at ``label_y`` (data units; the same scale assumptions as :func:`dodge_labels`)."""
    xs = _span(data["cost_lo"], data["cost_hi"], data["cost"])
    ys = _span(data["carbon_lo"], data["carbon_hi"], data["carbon"])
    return [_box(row, ly, xs, ys, plot_width)
            for (_, row), ly in zip(data.iterrows(), label_y, strict=True)]


def _box(row: pd.Series, label_y: float, xs: tuple[float, float], ys: tuple[float, float],
         plot_width: float = PLOT_WIDTH) -> tuple[float, float, float, float]:
    cost = float(row["cost"]) if np.isfinite(row["cost"]) else xs[0]
    px = (cost - xs[0]) / xs[1] * plot_width
    py = (1 - (label_y - ys[0]) / ys[1]) * PLOT_HEIGHT
    width = text_width(row["scenario"])
    left = px - LABEL_DX - width if row.get("side") == "left" else px + LABEL_DX
    return (left, py - LABEL_LINE / 2, left + width, py + LABEL_LINE / 2)


def label_sides(data: pd.DataFrame, right_share: float = 0.6) -> list[str]:
    """Which side of its point each label goes: the left for points in the right part of
    the plot (so a name never runs off the chart or into the legend), else the right."""
    xs = _span(data["cost_lo"], data["cost_hi"], data["cost"])
    return ["left" if np.isfinite(c) and (c - xs[0]) / xs[1] > right_share else "right"
            for c in data["cost"]]


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def dodge_labels(data: pd.DataFrame, tries: int = 12) -> list[float]:
    """The height (data units) of each scenario's label on the trade-off chart: beside its
    point, moved up or down a line at a time until it clears the labels placed before it
    (in the plot size assumed by ``PLOT_WIDTH``/``PLOT_HEIGHT``), so no two names print
    over each other."""
    if data.empty:
        return []
    xs = _span(data["cost_lo"], data["cost_hi"], data["cost"])
    ys = _span(data["carbon_lo"], data["carbon_hi"], data["carbon"])
    unit = ys[1] / PLOT_HEIGHT                  # data units per pixel
    placed: dict[float, list[tuple[float, float, float, float]]] = {w: [] for w in PLOT_WIDTHS}
    for _, row in data.iterrows():              # the points themselves: no name over a dot
        if np.isfinite(row["cost"]) and np.isfinite(row["carbon"]):
            py = (1 - (float(row["carbon"]) - ys[0]) / ys[1]) * PLOT_HEIGHT
            for w in PLOT_WIDTHS:
                px = (float(row["cost"]) - xs[0]) / xs[1] * w
                placed[w].append((px - POINT_RADIUS, py - POINT_RADIUS, px + POINT_RADIUS,
                                  py + POINT_RADIUS))
    out: list[float] = []
    steps = [0] + [s * k for k in range(1, tries + 1) for s in (1, -1)]
    for _, row in data.iterrows():
        base = float(row["carbon"]) if np.isfinite(row["carbon"]) else ys[0]
        for k in steps:
            ly = base + k * LABEL_LINE * unit
            boxes = {w: _box(row, ly, xs, ys, w) for w in PLOT_WIDTHS}
            if not any(_overlap(boxes[w], p) for w in PLOT_WIDTHS for p in placed[w]):
                break
        for w in PLOT_WIDTHS:
            placed[w].append(boxes[w])
        out.append(ly)
    return out

def trade_off(summary: pd.DataFrame, names: Sequence[str], lang: str, baseline: str | None = None,
              size_kpi: str = "retention_90d") -> alt.LayerChart:
    """A point per scenario at (total cost, total carbon) means, sized by ``size_kpi``, with
    95% intervals on both axes and the scenario's name beside it.

    ``summary``: ``simulation.summarise`` output (scenario, kpi, mean, ci_low, ci_high, sd, n)
    including cost_total_cny, carbon_kg_total and ``size_kpi``.
    """
    s = _only(summary, names).set_index(["scenario", "kpi"])
    rows = []
    for name in names:
        if (name, "cost_total_cny") not in s.index:
            continue
        row = {"scenario": name}
        for short, kpi in (("cost", "cost_total_cny"), ("carbon", "carbon_kg_total"),
                           ("size", size_kpi)):
            rec = s.loc[(name, kpi)] if (name, kpi) in s.index else None
            for col, suffix in (("mean", ""), ("ci_low", "_lo"), ("ci_high", "_hi")):
                row[short + suffix] = float(rec[col]) if rec is not None else float("nan")
        rows.append(row)
    data = pd.DataFrame(rows, columns=["scenario", "cost", "cost_lo", "cost_hi", "carbon",
                                       "carbon_lo", "carbon_hi", "size", "size_lo", "size_hi"])
    x_title = kpi_title("cost_total_cny", lang)
    y_title = kpi_title("carbon_kg_total", lang)
    size_unit = kpi_unit(size_kpi)
    size_fmt = number_format(size_unit, _magnitude(data["size"]))
    carbon_fmt = number_format("kg CO2e", _magnitude(data["carbon"]))
    size_title = kpi_label(size_kpi, lang)
    tips = [_tip_scenario(lang),
            alt.Tooltip("cost:Q", title=x_title, format=",.0f"),
            alt.Tooltip("cost_lo:Q", title=f"{x_title} · {t('charts.ci_low', lang)}", format=",.0f"),
            alt.Tooltip("cost_hi:Q", title=f"{x_title} · {t('charts.ci_high', lang)}", format=",.0f"),
            alt.Tooltip("carbon:Q", title=y_title, format=carbon_fmt),
            alt.Tooltip("carbon_lo:Q", title=f"{y_title} · {t('charts.ci_low', lang)}",
                        format=carbon_fmt),
            alt.Tooltip("carbon_hi:Q", title=f"{y_title} · {t('charts.ci_high', lang)}",
                        format=carbon_fmt),
            alt.Tooltip("size:Q", title=size_title, format=size_fmt)]
    x = alt.X("cost:Q", title=x_title, scale=alt.Scale(zero=False), axis=alt.Axis(format=",.0f"))
    y = alt.Y("carbon:Q", title=y_title, scale=alt.Scale(zero=False),
              axis=alt.Axis(format=carbon_fmt))
    base = alt.Chart(data).encode(color=_colour(names, lang, baseline), tooltip=tips)
    x_err = base.mark_rule(strokeWidth=1.5).encode(
        x=alt.X("cost_lo:Q", title=x_title, scale=alt.Scale(zero=False)), x2="cost_hi:Q", y=y)
    y_err = base.mark_rule(strokeWidth=1.5).encode(
        x=x, y=alt.Y("carbon_lo:Q", title=y_title, scale=alt.Scale(zero=False)), y2="carbon_hi:Q")
    points = base.mark_circle(opacity=0.85, stroke="#222222", strokeWidth=0.5).encode(
        x=x, y=y, size=alt.Size("size:Q", title=size_title,
                                scale=alt.Scale(zero=False, range=[60, 700]),
                                legend=alt.Legend(title=size_title, format=size_fmt)))
    data["side"] = label_sides(data)
    data["label_y"] = dodge_labels(data)
    labels = [alt.Chart(data).transform_filter(alt.datum.side == side).mark_text(
        align="left" if side == "right" else "right", baseline="middle",
        dx=LABEL_DX if side == "right" else -LABEL_DX, fontSize=12).encode(
        x=x, y=alt.Y("label_y:Q", title=y_title, scale=alt.Scale(zero=False)),
        color=_colour(names, lang, baseline), tooltip=tips,
        text=alt.Text("scenario:N", title=t("charts.scenario", lang)))
        for side in ("right", "left")]
    return alt.layer(x_err, y_err, points, *labels).properties(
        title=_title(t("charts.tradeoff_title", lang),
                     t("charts.tradeoff_note", lang, size=size_title)),
        width="container", height=HEIGHT)


# --- 9. sensitivity (tornado, global bars), lever attribution, fan charts ------------------------

TORNADO_COLOURS = ("#56B4E9", "#E69F00")      # low end, high end (Okabe–Ito sky blue, orange)
DIRECTION_COLOURS = {"raises": PALETTE[0], "lowers": PALETTE[3]}
ATTRIBUTION_COLOURS = {"total": "#5B6770", "improves": "#009E73", "worsens": "#D55E00",
                       "up": "#56B4E9", "down": "#E69F00"}
FAN_OPACITY = (0.13, 0.32)                    # the 90% band, the 50% band
_FAN_FORMATS = {"active_customers": "customers", "cumulative_carbon_kg": "kg CO2e",
                "cumulative_profit_cny": "CNY"}


def _localised(row: Mapping, lang: str) -> str:
    return str(row["label_zh"] if normalise_lang(lang) == "zh" else row["label_en"])


def _signed(fmt: str) -> str:
    return "+" + fmt


def _bool_parameters() -> set[str]:
    from simulation.scenario import parameter_rows

    return {p for p, r in parameter_rows().items() if isinstance(r["default"], bool)}


def setting_text(path: str, value, unit: str, lang: str) -> str:
    """A parameter's value as the tornado labels a bar: yes / no for switches, percent for
    fractions, else the number (thousands separated)."""
    if value is None:
        return "—"
    if isinstance(value, (bool, np.bool_)) or path in _bool_parameters():
        return t("sensitivity.yes" if bool(value) else "sensitivity.no", lang)
    if isinstance(value, str):
        return value
    v = float(value)
    if not np.isfinite(v):
        return "—"
    if unit.startswith("fraction"):
        return f"{v * 100:.3g}%"
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.4g}"


def tornado_frame(table: pd.DataFrame, kpi: str, lang: str, base: float | None = None
                  ) -> pd.DataFrame:
    """Two rows per parameter (low end, high end) of ``Sensitivity.table(kpi)``, in the
    table's order (by |swing|): the bar runs from ``base`` (the scenario as it is; by default
    ``kpi_low − delta_low``, the same for every row) to the KPI's mean at that end; the error
    bar is ``base`` + the paired change's 95% interval.

    Columns: path, label, end (low/high), end_label, setting (the parameter's value, as
    text), unit, start, stop, delta, delta_ci_low, delta_ci_high, err_low, err_high, swing,
    noise (translated "within noise" / "beyond noise").
    """
    cols = ["path", "label", "end", "end_label", "setting", "unit", "start", "stop", "delta",
            "delta_ci_low", "delta_ci_high", "err_low", "err_high", "swing", "noise"]
    if table.empty:
        return pd.DataFrame(columns=cols)
    if base is None:
        base = float((table["kpi_low"].astype(float) - table["delta_low"].astype(float)).mean())
    labels: dict[str, str] = {}
    for rec in table.to_dict("records"):
        label = _localised(rec, lang)
        labels[rec["path"]] = f"{label} ({rec['path']})" if label in labels.values() else label
    rows = []
    for rec in table.to_dict("records"):
        for end in ("low", "high"):
            lo, hi = float(rec[f"delta_{end}_ci_low"]), float(rec[f"delta_{end}_ci_high"])
            rows.append({
                "path": rec["path"], "label": labels[rec["path"]], "end": end,
                "end_label": t(f"sensitivity.chart_end_{end}", lang),
                "setting": setting_text(rec["path"], rec[end], str(rec.get("unit") or ""), lang),
                "unit": str(rec.get("unit") or ""), "start": base,
                "stop": float(rec[f"kpi_{end}"]), "delta": float(rec[f"delta_{end}"]),
                "delta_ci_low": lo, "delta_ci_high": hi,
                "err_low": base + lo, "err_high": base + hi, "swing": float(rec["swing"]),
                "noise": t("sensitivity.chart_noise_yes" if bool(rec["within_noise"])
                           else "sensitivity.chart_noise_no", lang)})
    return pd.DataFrame(rows, columns=cols)


def tornado(table: pd.DataFrame, kpi: str, lang: str, base: float | None = None) -> alt.LayerChart:
    """A tornado chart of a one-at-a-time sensitivity analysis (``Sensitivity.table(kpi)``).

    A row per parameter, largest |swing| on top; in each row a bar from the scenario as it
    is (the dashed line) to the KPI's mean with the parameter at the low end of its range and
    one to the high end, labelled with the parameter's value there; error bars are the 95%
    intervals of the paired changes; swings within the noise are pale.
    """
    data = tornado_frame(table, kpi, lang, base)
    if base is None:
        base = float(data["start"].iloc[0]) if len(data) else 0.0
    order = list(dict.fromkeys(data["label"]))
    ends = [t("sensitivity.chart_end_low", lang), t("sensitivity.chart_end_high", lang)]
    noise = [t("sensitivity.chart_noise_no", lang), t("sensitivity.chart_noise_yes", lang)]
    unit = kpi_unit(kpi)
    magnitude = _magnitude(data[["start", "stop", "err_low", "err_high"]].to_numpy(float))
    fmt, axis_fmt = number_format(unit, magnitude), _axis_format(unit, magnitude)
    change_fmt = _signed(number_format(unit, _magnitude(data["delta"])))
    x_title = kpi_title(kpi, lang)
    param, end_title = t("sensitivity.chart_parameter", lang), t("sensitivity.chart_end", lang)
    noise_title, change = t("sensitivity.chart_noise", lang), t("sensitivity.chart_change", lang)
    tips = [alt.Tooltip("label:N", title=param),
            alt.Tooltip("end_label:N", title=end_title),
            alt.Tooltip("setting:N", title=t("sensitivity.chart_setting", lang)),
            alt.Tooltip("stop:Q", title=t("charts.mean", lang), format=fmt),
            alt.Tooltip("delta:Q", title=change, format=change_fmt),
            alt.Tooltip("delta_ci_low:Q", title=f"{change} · {t('charts.ci_low', lang)}",
                        format=change_fmt),
            alt.Tooltip("delta_ci_high:Q", title=f"{change} · {t('charts.ci_high', lang)}",
                        format=change_fmt),
            alt.Tooltip("swing:Q", title=t("sensitivity.chart_swing", lang), format=change_fmt),
            alt.Tooltip("noise:N", title=noise_title)]
    y = alt.Y("label:N", sort=order, title=param, axis=alt.Axis(labelLimit=280))
    y_offset = alt.YOffset("end_label:N", sort=ends, title=end_title)
    x = alt.X("start:Q", title=x_title, scale=alt.Scale(zero=False), axis=alt.Axis(format=axis_fmt))
    base_chart = alt.Chart(data).encode(y=y, yOffset=y_offset, tooltip=tips)
    bars = base_chart.mark_bar().encode(
        x=x, x2="stop:Q",
        color=alt.Color("end_label:N", title=end_title,
                        scale=alt.Scale(domain=ends, range=list(TORNADO_COLOURS)),
                        legend=alt.Legend(title=end_title, orient="bottom", labelLimit=320)),
        opacity=alt.Opacity("noise:N", title=noise_title,
                            scale=alt.Scale(domain=noise, range=[0.95, 0.35]),
                            legend=alt.Legend(title=noise_title, orient="bottom", labelLimit=320)))
    errors = base_chart.mark_rule(color="#333333", strokeWidth=1.5).encode(
        x=alt.X("err_low:Q", title=x_title), x2="err_high:Q")
    text = alt.Text("setting:N", title=t("sensitivity.chart_setting", lang))
    stop = alt.X("stop:Q", title=x_title)
    right = base_chart.transform_filter(alt.datum.stop >= alt.datum.start).mark_text(
        align="left", dx=5, fontSize=11, color="#333333").encode(x=stop, text=text)
    left = base_chart.transform_filter(alt.datum.stop < alt.datum.start).mark_text(
        align="right", dx=-5, fontSize=11, color="#333333").encode(x=stop, text=text)
    line_data = pd.DataFrame({"base": [base], "base_label": [
        t("sensitivity.chart_base", lang, value=fmt_kpi(kpi, base, lang=lang))]})
    line = alt.Chart(line_data).mark_rule(color="#222222", strokeDash=[5, 3], strokeWidth=1.5).encode(
        x=alt.X("base:Q", title=x_title),
        tooltip=[alt.Tooltip("base_label:N", title=t("sensitivity.chart_setting", lang))])
    height = max(HEIGHT, 110 + 46 * len(order))
    return alt.layer(bars, errors, right, left, line).properties(
        title=_title(t("sensitivity.chart_tornado_title", lang, kpi=kpi_label(kpi, lang)),
                     t("sensitivity.chart_tornado_note", lang)),
        width="container", height=height)


def global_bars(table: pd.DataFrame, lang: str, kpi: str | None = None,
                r2: float | None = None) -> alt.LayerChart:
    """Standardised regression coefficients of a global sensitivity analysis
    (``GlobalSensitivity.table(kpi)``): a bar per parameter (largest |SRC| on top) coloured by
    the direction of its effect, its bootstrap 95% interval as an error bar, the rank
    coefficient (SRRC) as a diamond, and ``r2`` in the subtitle."""
    data = table.copy()
    data["label"] = [_localised(r, lang) for r in data.to_dict("records")]
    if data["label"].duplicated().any():
        data["label"] = [f"{lab} ({p})" for lab, p in zip(data["label"], data["path"], strict=True)]
    directions = [t("sensitivity.chart_raises", lang), t("sensitivity.chart_lowers", lang)]
    data["direction"] = [directions[0] if s >= 0 else directions[1] for s in data["src"]]
    data["range"] = [f"{setting_text(p, lo, str(u or ''), lang)} – {setting_text(p, hi, str(u or ''), lang)}"
                     for p, lo, hi, u in zip(data["path"], data["low"], data["high"], data["unit"],
                                             strict=True)]
    data = data[["path", "label", "direction", "range", "src", "src_ci_low", "src_ci_high", "srrc"]]
    order = list(data["label"])
    param, src_title = t("sensitivity.chart_parameter", lang), t("sensitivity.chart_src", lang)
    dir_title = t("sensitivity.chart_direction", lang)
    tips = [alt.Tooltip("label:N", title=param),
            alt.Tooltip("range:N", title=t("sensitivity.chart_range", lang)),
            alt.Tooltip("src:Q", title=src_title, format="+.2f"),
            alt.Tooltip("src_ci_low:Q", title=f"SRC · {t('charts.ci_low', lang)}", format="+.2f"),
            alt.Tooltip("src_ci_high:Q", title=f"SRC · {t('charts.ci_high', lang)}", format="+.2f"),
            alt.Tooltip("srrc:Q", title=t("sensitivity.chart_srrc", lang), format="+.2f"),
            alt.Tooltip("direction:N", title=dir_title)]
    y = alt.Y("label:N", sort=order, title=param, axis=alt.Axis(labelLimit=280))
    base = alt.Chart(data).encode(y=y, tooltip=tips)
    bars = base.mark_bar(height={"band": 0.6}).encode(
        x=alt.X("src:Q", title=src_title, axis=alt.Axis(format="+.1f")),
        color=alt.Color("direction:N", title=dir_title,
                        scale=alt.Scale(domain=directions, range=list(DIRECTION_COLOURS.values())),
                        legend=alt.Legend(title=dir_title, orient="bottom", labelLimit=320)))
    errors = base.mark_rule(color="#333333", strokeWidth=1.5).encode(
        x=alt.X("src_ci_low:Q", title=src_title), x2="src_ci_high:Q")
    ranks = base.mark_point(shape="diamond", filled=True, size=70, color="#222222").encode(
        x=alt.X("srrc:Q", title=src_title))
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="#222222").encode(
        x=alt.X("zero:Q", title=src_title))
    title = (t("sensitivity.chart_global_title", lang, kpi=kpi_label(kpi, lang)) if kpi
             else t("sensitivity.global_heading", lang))
    r2_text = f"{r2:.2f}" if r2 is not None and np.isfinite(r2) else "—"
    return alt.layer(zero, bars, errors, ranks).properties(
        title=_title(title, t("sensitivity.chart_global_note", lang, r2=r2_text)),
        width="container", height=max(HEIGHT, 110 + 34 * len(order)))


def attribution_frame(frame: pd.DataFrame, kpi: str, lang: str) -> pd.DataFrame:
    """``Attribution.waterfall(kpi)`` ready to draw: the label in ``lang``, a colour class
    (total; improves / worsens the KPI; up / down for a KPI without a better direction), the
    error bar's ends (a player's interval is on its contribution, so it is placed from the
    bar's start; the base and scenario intervals are on their levels), the value as text."""
    better = KPI_LABELS.get(kpi, (None, None, None, None))[3]
    out = frame.sort_values("step").copy()
    out["label"] = [_localised(r, lang) for r in out.to_dict("records")]
    classes, err_low, err_high, texts = [], [], [], []
    for rec in out.to_dict("records"):
        player = rec["kind"] == "player"
        if not player:
            classes.append("total")
            err_low.append(rec["ci_low"])
            err_high.append(rec["ci_high"])
        else:
            up = rec["value"] >= 0
            classes.append(("up" if up else "down") if better is None
                           else ("improves" if up == bool(better) else "worsens"))
            err_low.append(rec["start"] + rec["ci_low"])
            err_high.append(rec["start"] + rec["ci_high"])
        texts.append(fmt_kpi(kpi, rec["value"], signed=player, lang=lang))
    out["colour"] = classes
    out["colour_label"] = [t(f"sensitivity.chart_kind_{c}", lang) for c in classes]
    out["err_low"], out["err_high"] = err_low, err_high
    out["text"] = texts
    out["top"] = out[["start", "end", "err_low", "err_high"]].astype(float).max(axis=1)
    return out.reset_index(drop=True)


def attribution_waterfall(frame: pd.DataFrame, kpi: str, lang: str) -> alt.LayerChart:
    """The lever-attribution waterfall (from ``Attribution.waterfall(kpi)``): the base bar,
    a floating bar per player (green when it improves the KPI, red when it worsens it; blue /
    orange for a KPI with no better direction) with its 95% interval, and the scenario bar.
    When the changes are small beside the levels, the axis is zoomed (it does not start at
    zero) so the players' bars stay readable."""
    data = attribution_frame(frame, kpi, lang)
    order = list(data["label"])
    classes = ["total"] + (["up", "down"] if KPI_LABELS.get(kpi, (0, 0, 0, None))[3] is None
                           else ["improves", "worsens"])
    domain = [t(f"sensitivity.chart_kind_{c}", lang) for c in classes]
    unit = kpi_unit(kpi)
    values = data[["start", "end", "err_low", "err_high"]].to_numpy(float)
    magnitude = _magnitude(values)
    fmt, axis_fmt = number_format(unit, magnitude), _axis_format(unit, magnitude)
    y_title, step = kpi_title(kpi, lang), t("sensitivity.chart_step", lang)
    kind_title = t("sensitivity.chart_kind", lang)
    # every level the chart shows (the bars' ends and the error bars), not the totals' zero
    spread = data[["end", "err_low", "err_high"]].to_numpy(float)
    spread = spread[np.isfinite(spread)]
    scale = alt.Scale(zero=True)
    if len(spread):
        lo, hi = float(np.min(spread)), float(np.max(spread))
        span = max(hi - lo, 1e-9)
        if lo > 0 and span < 0.5 * lo:                # all positive, changes small: zoom
            scale = alt.Scale(domain=[lo - 0.6 * span, hi + 0.25 * span], zero=False, nice=False)
        elif hi < 0 and span < 0.5 * abs(hi):
            scale = alt.Scale(domain=[lo - 0.25 * span, hi + 0.6 * span], zero=False, nice=False)
    tips = [alt.Tooltip("label:N", title=step),
            alt.Tooltip("colour_label:N", title=kind_title),
            alt.Tooltip("value:Q", title=t("sensitivity.chart_contribution", lang), format=fmt),
            alt.Tooltip("ci_low:Q", title=t("charts.ci_low", lang), format=fmt),
            alt.Tooltip("ci_high:Q", title=t("charts.ci_high", lang), format=fmt),
            alt.Tooltip("end:Q", title=t("sensitivity.chart_level", lang), format=fmt)]
    x = alt.X("label:N", sort=order, title=step, axis=LABEL_AXIS)
    base = alt.Chart(data).encode(x=x, tooltip=tips)
    bars = base.mark_bar(clip=True, size=42).encode(
        y=alt.Y("start:Q", title=y_title, scale=scale, axis=alt.Axis(format=axis_fmt)), y2="end:Q",
        color=alt.Color("colour_label:N", title=kind_title,
                        scale=alt.Scale(domain=domain,
                                        range=[ATTRIBUTION_COLOURS[c] for c in classes]),
                        legend=alt.Legend(title=kind_title, orient="bottom", labelLimit=320)))
    errors = base.mark_rule(color="#222222", strokeWidth=1.5, clip=True).encode(
        y=alt.Y("err_low:Q", title=y_title, scale=scale), y2="err_high:Q")
    labels = base.mark_text(dy=-8, fontSize=11, color="#222222", clip=True).encode(
        y=alt.Y("top:Q", title=y_title, scale=scale),
        text=alt.Text("text:N", title=t("sensitivity.chart_contribution", lang)))
    return alt.layer(bars, errors, labels).properties(
        title=_title(t("sensitivity.chart_attr_title", lang, kpi=kpi_label(kpi, lang)),
                     t("sensitivity.chart_attr_note", lang)),
        width="container", height=LABELLED_HEIGHT)


def fan_chart(frame: pd.DataFrame, metric: str, lang: str, names: Sequence[str],
              baseline: str | None = None, title: str | None = None,
              y_title: str | None = None) -> alt.LayerChart:
    """Uncertainty over time for one metric of ``simulation.analysis.fan_quantiles`` output
    (scenario, metric, day, p05, p25, p50, p75, p95; the scenario column holds display
    names): per scenario a light 90% band, a darker 50% band and the median line, in the
    scenarios' colours (``scenario_scale``)."""
    data = _only(frame[frame["metric"] == metric], names)
    label = t(f"sensitivity.fan_{metric}", lang)
    y_title = y_title or label
    unit = _FAN_FORMATS.get(metric, "")
    fmt = number_format(unit, _magnitude(data[["p05", "p95"]].to_numpy(float)))
    tips = [_tip_scenario(lang), alt.Tooltip("day:Q", title=t("charts.day", lang), format=","),
            *[alt.Tooltip(f"{q}:Q", title=t(f"sensitivity.fan_{q}", lang), format=fmt)
              for q in ("p50", "p25", "p75", "p05", "p95")]]
    base = alt.Chart().encode(
        x=alt.X("day:Q", title=t("charts.day", lang), scale=alt.Scale(nice=False),
                axis=alt.Axis(format=",d")),
        color=_colour(names, lang, baseline), tooltip=tips)
    y_axis = alt.Axis(format=fmt)
    wide = base.mark_area(opacity=FAN_OPACITY[0]).encode(
        y=alt.Y("p05:Q", title=y_title, axis=y_axis), y2="p95:Q")
    core = base.mark_area(opacity=FAN_OPACITY[1]).encode(
        y=alt.Y("p25:Q", title=y_title, axis=y_axis), y2="p75:Q")
    line = base.mark_line(strokeWidth=2).encode(y=alt.Y("p50:Q", title=y_title, axis=y_axis))
    hover = base.mark_point(opacity=0, size=40).encode(y=alt.Y("p50:Q", title=y_title))
    return alt.layer(wide, core, line, hover, data=data).properties(
        title=_title(title or label, t("sensitivity.fan_note", lang)),
        width="container", height=HEIGHT)


# The size of chart text in the current script run: 1 normally, larger in presentation view.
# ``ui.shell.setup`` sets it at the start of every run. A context variable, not a module
# setting: Streamlit runs each session's script in its own thread, so sessions never see each
# other's value (a fresh thread starts at the default).
CHART_SCALE: ContextVar[float] = ContextVar("chart_scale", default=1.0)

# (config group, property, size when the chart sets none): the text a scale enlarges.
SCALED_TEXT = (("axis", "labelFontSize", 12), ("axis", "titleFontSize", 13),
               ("legend", "labelFontSize", 12), ("legend", "titleFontSize", 13),
               ("header", "labelFontSize", 12), ("header", "titleFontSize", 13),
               ("title", "fontSize", 15), ("title", "subtitleFontSize", 12),
               ("text", "fontSize", 11))


def show(place, chart, width: str = "stretch", scale: float | None = None, *,
         name: str | None = None, scenarios: Sequence[str] = (), lang: str | None = None) -> None:
    """Draw an altair chart. The spec is built without altair's JSON-schema validation (the
    unit tests validate every chart); on the builder's dozen charts that saves about half a
    second per rerun. ``scale`` enlarges the chart's text (axis, legend, title, labels); by
    default the run's :data:`CHART_SCALE` (larger in presentation view).

    With ``name`` (an ASCII file-name stem, e.g. ``carbon_over_time``) a small "Download
    chart" popover under the chart offers it as PNG and SVG, drawn from this spec only when
    clicked and named after the chart and ``scenarios`` (``ui.export.chart_downloads``);
    ``lang``: the language of its labels."""
    spec = chart.to_dict(validate=False)
    spec.setdefault("padding", {"top": 12, "left": 5, "right": 5, "bottom": 5})  # room for CJK titles
    scale = CHART_SCALE.get() if scale is None else scale
    if scale != 1:
        config = spec.setdefault("config", {})
        for group, prop, size in SCALED_TEXT:
            part = config.setdefault(group, {})
            current = part.get(prop, size)
            if isinstance(current, (int, float)):
                part[prop] = round(current * scale, 1)
        config.setdefault("axis", {}).setdefault("labelLimit", 0)      # long labels not cut
        config.setdefault("legend", {}).setdefault("labelLimit", 0)
    place.vega_lite_chart(spec, width=width)
    if name:
        from . import export

        export.chart_downloads(place, spec, name, scenarios, normalise_lang(lang))
