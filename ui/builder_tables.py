"""The scenario builder's text that is more than layout, shared by the page (``ui/builder.py``)
and its report (``ui/report/builder.py``), so the report shows exactly what the page shows:
the KPI cards' values (:func:`cards`), the levers that differ from the baseline
(:func:`changed_levers`, :func:`lever_value`) and the result tabs' charts (:func:`tab_charts`).

Plain Python (no Streamlit): a report module must not import a page module, so the page
imports these back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

import pandas as pd

from simulation import KPI_LABELS, Scenario
from simulation.analysis import FAN_METRICS, fan_quantiles
from simulation.metrics import missing_reason
from simulation.scenario import CHANNEL_LABELS, CHANNELS, parameter_rows

from . import charts, format
from .i18n import finite, fmt_kpi, kpi_help, kpi_label, normalise_lang, t, unit_text
from .report.model import Series

KPI_CARDS = ("retention_90d", "repeat_purchase_rate", "carbon_kg_total", "carbon_kg_per_order",
             "cost_total_cny", "profit_cny")
NAMES = ("baseline", "current")
SHARES_PATH = "marketing.shares"
SHARE_PATHS = tuple(f"{SHARES_PATH}.{c}" for c in CHANNELS)


# --- the levers that differ from the baseline --------------------------------------------------

def lever_label(path: str, lang: str) -> str:
    """A lever's label in ``lang`` (the budget split is one lever)."""
    if path == SHARES_PATH:
        return t("builder.lever_shares", lang)
    r = parameter_rows()[path]
    return r["label_zh"] if normalise_lang(lang) == "zh" else r["label_en"]


def lever_value(path: str, value: Any, lang: str) -> str:
    """A lever's value as the changed-levers list shows it (with its unit; the budget split
    as each moved channel's share)."""
    if path == SHARES_PATH:
        parts = []
        for c, share_ in value.items():
            zh, en = CHANNEL_LABELS[c]
            parts.append(f"{zh if lang == 'zh' else en} {share_ * 100:.1f}%")
        return "，".join(parts) if lang == "zh" else ", ".join(parts)
    unit = parameter_rows()[path]["unit"]
    shown = format.format_value(path, value, unit, lang)
    if unit and unit != "fraction" and not isinstance(value, (bool, str)):
        shown = f"{shown} {unit_text(unit, lang)}"      # as the lever's own label shows it
    return shown


def changed_levers(changes: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(path, value, baseline value) of every lever that differs from the baseline; the
    budget split is one lever (``marketing.shares``)."""
    rows = parameter_rows()
    out = []
    for path, value in changes.items():
        if path == SHARES_PATH:
            base = {p.rsplit(".", 1)[-1]: rows[p]["default"] for p in SHARE_PATHS}
            moved = [c for c in value if abs(value[c] - base[c]) > 1e-9]
            out.append((path, {c: value[c] for c in moved}, {c: base[c] for c in moved}))
        elif path in rows:
            out.append((path, value, rows[path]["default"]))
    return out


def lever_rows(changes: dict[str, Any], lang: str) -> list[tuple[str, str, str, str]]:
    """(path, label, value, baseline value) of every changed lever, as text in ``lang``."""
    return [(path, lever_label(path, lang), lever_value(path, value, lang),
             lever_value(path, base, lang)) for path, value, base in changed_levers(changes)]


# --- the KPI cards ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Card:
    """One KPI card's text, current scenario against the baseline, as the page shows it."""

    kpi: str
    label: str
    value: str                  # the current scenario's mean
    delta: str | None           # the change from the baseline; None when it did not move
    delta_color: str            # "normal", "inverse" or "off" (st.metric)
    baseline: str               # the baseline's mean
    interval: str               # the change's 95% interval (help text), or why there is none
    probability: str            # the probability of beating the baseline (help text), or ""
    change_low: str | None      # the change's 95% interval's ends, as the page shows them
    change_high: str | None
    prob: str | None            # the probability alone ("73%")
    help: str                   # the card's tooltip (Markdown)
    interval_caption: str | None    # under the card: the change's interval
    level_caption: str | None       # under the card: the level's own interval (profit)
    missing: str | None             # under the card: why the horizon cannot measure it


def cards_caption(full: bool, n: int, full_n: int, lang: str) -> str:
    """Above the cards: how many replications they come from (the preview or the full set)."""
    return t("builder.cards_full" if full else "builder.cards_preview", lang, n=n, full=full_n)


def cards(summary: pd.DataFrame, diff: pd.DataFrame, n: int, lang: str,
          horizon_days: float | None = None) -> list[Card]:
    """The KPI cards: ``summary`` is ``Results.summary()``, ``diff`` ``Results.compare
    ("baseline")`` (both with the scenario ids ``baseline`` and ``current``); ``n`` the
    replications."""
    s = summary.set_index(["scenario", "kpi"])
    d_all = diff.set_index(["scenario", "kpi"])
    out = []
    for k in KPI_CARDS:
        better = KPI_LABELS[k][3]
        cur = s.loc[("current", k)]
        base = s.loc[("baseline", k)]
        d = d_all.loc[("current", k)]
        lo = hi = None
        if finite(d["ci_low"]):
            lo = fmt_kpi(k, d["ci_low"], signed=True, lang=lang)
            hi = fmt_kpi(k, d["ci_high"], signed=True, lang=lang)
            ci = t("builder.ci", lang, lo=lo, hi=hi, n=int(d["n"]))
        else:
            ci = t("builder.no_ci", lang)
        prob = f"{d['prob_better'] * 100:.0f}%" if finite(d["prob_better"]) else None
        p = t("builder.prob_better", lang, p=prob) if prob else ""
        baseline = fmt_kpi(k, base["mean"], lang=lang)
        help_text = "  \n".join(x for x in (
            t("builder.card_baseline", lang, value=baseline), ci, p,
            "---", kpi_help(k, lang)) if x)
        moved = finite(d["diff_mean"]) and abs(d["diff_mean"]) > 1e-12 * max(1.0, abs(base["mean"]))
        why = missing_reason(k, horizon_days) \
            if horizon_days is not None and not finite(cur["mean"]) else None
        out.append(Card(
            kpi=k, label=kpi_label(k, lang), value=fmt_kpi(k, cur["mean"], lang=lang),
            delta=fmt_kpi(k, d["diff_mean"], signed=True, lang=lang) if moved else None,
            delta_color="off" if better is None else ("normal" if better else "inverse"),
            baseline=baseline, interval=ci, probability=p, change_low=lo, change_high=hi,
            prob=prob, help=help_text,
            interval_caption=(t("builder.card_ci", lang, lo=lo, hi=hi)
                              if moved and lo is not None else None),
            level_caption=(t("builder.card_level_ci", lang, lo=fmt_kpi(k, cur["ci_low"], lang=lang),
                             hi=fmt_kpi(k, cur["ci_high"], lang=lang), n=n)
                           if k == "profit_cny" and finite(cur["ci_low"]) else None),
            missing=(why[0] if lang == "zh" else why[1]) if why else None))
    return out


# --- the result tabs' charts ------------------------------------------------------------------------

TABS = ("customers", "carbon", "cost", "operations", "marketing", "uncertainty")


def display_names(lang: str) -> dict[str, str]:
    """The pair's display names: 基准/当前, baseline/current."""
    return {"baseline": t("common.baseline", lang), "current": t("common.current", lang)}


@dataclass(frozen=True)
class PageChart:
    """One chart of a result tab: ``name`` its file-name stem (ASCII), ``chart`` the Altair
    chart the page draws, ``width`` how the page draws it, ``series`` (a function, called
    only by a report) its numbers for a native PowerPoint chart when it is a plain bar or
    line chart."""

    name: str
    chart: Any
    width: str = "stretch"
    series: Callable[[], Series] | None = None


def _named(df: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    return df.assign(scenario=df["scenario"].map(names))


def _number_format(unit: str) -> str:
    return "0.0%" if unit.startswith("fraction") else ("#,##0" if unit in (
        "CNY", "kg CO2e", "orders", "customers", "people") else "#,##0.00")


def _line_series(daily: pd.DataFrame, column: str | tuple[str, ...], names: Mapping[str, str],
                 axis_title: str, unit: str, rolling: int = 1, cumulative: bool = False) -> Series:
    """An over-time chart's mean lines (the page's ``charts.over_time`` numbers)."""
    frame = charts.band_frame(daily, column, rolling=rolling, cumulative=cumulative)
    wide = frame.pivot(index="day", columns="scenario", values="mean").sort_index()
    return Series(kind="line", categories=[f"{d:g}" for d in wide.index],
                  series={str(n): [float(v) for v in wide[n]] if n in wide else
                          [float("nan")] * len(wide) for n in names.values()},
                  axis_title=axis_title, number_format=_number_format(unit))


def _kpi_series(kpis: pd.DataFrame, kpi: str, names: Mapping[str, str], lang: str) -> Series:
    """A KPI bar chart's means (the page's ``charts.kpi_bars`` numbers)."""
    means = kpis.groupby("scenario")[kpi].mean()
    return Series(kind="bar", categories=[str(n) for n in names.values()],
                  series={kpi_label(kpi, lang): [float(means.get(n, float("nan")))
                                                 for n in names.values()]},
                  axis_title=charts.kpi_title(kpi, lang), number_format=_number_format(
                      KPI_LABELS[kpi][2]))


def _breakdown_series(breakdown: pd.DataFrame, kind: str, names: Mapping[str, str],
                      lang: str, axis_title: str) -> Series:
    """A breakdown chart's means by item (the page's ``charts.breakdown_bars`` numbers)."""
    rows = breakdown[breakdown["kind"] == kind]
    means = rows.groupby(["item", "scenario"])["value"].mean()
    items = [i for i in charts.BREAKDOWN_ITEMS[kind] if i in set(rows["item"])]
    return Series(kind="bar", categories=[charts.item_label(kind, i, lang) for i in items],
                  series={str(n): [float(means.get((i, n), float("nan"))) for i in items]
                          for n in names.values()},
                  axis_title=axis_title, number_format="#,##0" if kind == "cost" else "#,##0.0")


def tab_charts(tab: str, results: Any, pair: Mapping[str, Scenario], lang: str,
               wide: bool = False) -> list[tuple[PageChart, ...]]:
    """The charts of one result tab, in rows (one chart, or two side by side), the baseline
    beside the current scenario in each. ``results``: the pair's ``runner.Results``;
    ``pair``: {"baseline": scenario, "current": scenario}. Only the asked tab's charts are
    built (the page's tabs are lazy)."""
    names = display_names(lang)
    order = [names[n] for n in NAMES]
    base = names["baseline"]
    kw: dict[str, Any] = {"names": order, "lang": lang, "baseline": base}
    current = pair["current"]
    if tab == "customers":
        daily = _named(results.daily, names)
        title = t("builder.chart_active", lang)
        return [
            (PageChart("active_customers_over_time", charts.over_time(
                daily, "active_customers", title=title, y_title=t("builder.axis_customers", lang), **kw),
                series=lambda: _line_series(daily, "active_customers", names,
                                            t("builder.axis_customers", lang), "customers")),),
            (PageChart("cohort_retention", charts.cohort_curves(
                _named(results.cohorts, names), horizon_days=current.run.horizon_days, **kw)),
             PageChart("new_customers_by_channel", charts.acquisition_by_channel(daily, **kw))),
        ]
    if tab == "carbon":
        daily, kpis = _named(results.daily, names), _named(results.kpis, names)
        breakdown = _named(results.breakdown, names)
        axis = t("charts.carbon_axis", lang)
        return [
            (PageChart("carbon_by_source", charts.breakdown_bars(breakdown, "carbon_source", **kw),
                       series=lambda: _breakdown_series(breakdown, "carbon_source", names, lang, axis)),
             PageChart("carbon_by_scope", charts.breakdown_bars(breakdown, "carbon_scope", **kw),
                       series=lambda: _breakdown_series(breakdown, "carbon_scope", names, lang, axis))),
            (PageChart("carbon_per_order", charts.kpi_bars(kpis, "carbon_kg_per_order", **kw),
                       series=lambda: _kpi_series(kpis, "carbon_kg_per_order", names, lang)),
             PageChart("carbon_over_time", charts.over_time(
                 daily, "carbon_kg_total", cumulative=True, title=t("builder.chart_cum_carbon", lang),
                 y_title="kg CO₂e", **kw),
                 series=lambda: _line_series(daily, "carbon_kg_total", names, "kg CO₂e", "kg CO2e",
                                             cumulative=True))),
        ]
    if tab == "cost":
        daily, kpis = _named(results.daily, names), _named(results.kpis, names)
        breakdown = _named(results.breakdown, names)
        return [
            (PageChart("cost_waterfall", charts.cost_waterfall(kpis, breakdown, **kw)),),
            (PageChart("cost_per_order", charts.kpi_bars(kpis, "cost_per_order_cny", **kw),
                       series=lambda: _kpi_series(kpis, "cost_per_order_cny", names, lang)),
             PageChart("profit_over_time", charts.over_time(
                 daily, "profit_cny", cumulative=True, title=t("builder.chart_cum_profit", lang),
                 y_title="¥", **kw),
                 series=lambda: _line_series(daily, "profit_cny", names, "¥", "CNY", cumulative=True))),
        ]
    if tab == "operations":
        daily, kpis = _named(results.daily, names), _named(results.kpis, names)
        share_axis, people = t("builder.axis_share", lang), t("builder.axis_people", lang)
        return [
            (PageChart("fulfilment_wait", charts.kpi_bars(kpis, "fulfilment_wait_hours_mean", **kw),
                       series=lambda: _kpi_series(kpis, "fulfilment_wait_hours_mean", names, lang)),
             PageChart("on_time_rate_over_time", charts.over_time(
                 daily, "on_time_rate", rolling=7, title=t("builder.chart_on_time", lang),
                 y_title=share_axis, **kw),
                 series=lambda: _line_series(daily, "on_time_rate", names, share_axis, "fraction",
                                             rolling=7))),
            (PageChart("staff_over_time", charts.over_time(
                daily, ("packers", "cs_agents"), title=t("builder.chart_staff", lang),
                y_title=people, **kw),
                series=lambda: _line_series(daily, ("packers", "cs_agents"), names, people, "people")),
             PageChart("staff_turnover", charts.kpi_bars(kpis, "staff_turnover_rate", **kw),
                       series=lambda: _kpi_series(kpis, "staff_turnover_rate", names, lang))),
        ]
    if tab == "marketing":
        curves, markers = charts.response_frame({names["baseline"]: pair["baseline"],
                                                 names["current"]: current})
        return [(PageChart("response_curves", charts.response_curves(
            curves, markers, columns=3 if wide else 2, **kw), width="content"),)]
    if tab == "uncertainty":
        fans = _named(fan_quantiles(results.daily), names)
        return [(PageChart(f"fan_{metric}", charts.fan_chart(fans, metric, **kw)),)
                for metric in FAN_METRICS]
    raise ValueError(f"unknown tab {tab!r}: use one of {', '.join(TABS)}")
