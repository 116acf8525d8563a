"""Charts: valid Vega-Lite, one colour per scenario, translated titles, tooltips, and the
arithmetic behind them (bands, cohorts, intervals, the waterfall, response curves)."""

from __future__ import annotations

import re
from typing import Any, Iterator, Sequence

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from simulation import load_scenario, simulate, summarise
from simulation.records import COST_CATEGORIES
from simulation.scenario import ACQUISITION_CHANNELS, CHANNEL_LABELS
from ui import charts
from ui.i18n import kpi_label, t

NAMES = ["基准", "ESG 方案", "other"]
BASE = "基准"
CJK = re.compile(r"[\u4e00-\u9fff]")
LANGS = ("zh", "en")


# --- synthetic runner frames ---------------------------------------------------------------

def _daily(days: int = 20, reps: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = []
    for s, name in enumerate(NAMES):
        for r in range(reps):
            for d in range(days):
                row = {"scenario": name, "replication": r, "day": d,
                       "active_customers": 1000 + 10 * s + r + d,
                       "on_time_rate": 0.8 + 0.01 * s + 0.001 * r,
                       "packers": 3.0, "cs_agents": 2.0, "trust": 1.0 + 0.01 * r,
                       "queue_start": float(rng.integers(0, 30)),
                       "carbon_kg_total": 90.0 + s, "profit_cny": 1000.0 - 100 * s}
                for i, ch in enumerate((*ACQUISITION_CHANNELS, "organic")):
                    row[f"new_customers_{ch}"] = float(i + s + r)
                rows.append(row)
    return pd.DataFrame(rows)


def _kpis(reps: int = 4) -> pd.DataFrame:
    rows = []
    for s, name in enumerate(NAMES):
        for r in range(reps):
            cost = 900.0 + 10 * s + r
            rows.append({"scenario": name, "replication": r, "revenue_cny": 1000.0 + 5 * r,
                         "cost_total_cny": cost, "profit_cny": 1000.0 + 5 * r - cost,
                         "carbon_kg_total": 500.0 - 50 * s + r, "carbon_kg_per_order": 1.3 - 0.1 * s,
                         "repeat_purchase_rate": 0.28 + 0.04 * s + 0.001 * r})
    return pd.DataFrame(rows)


def _breakdown(kpis: pd.DataFrame) -> pd.DataFrame:
    """Cost rows consistent with the KPIs (subsidies negative, audits zero everywhere),
    and carbon rows."""
    rows = []
    for rec in kpis.itertuples():
        costs = {c: 0.0 for c in COST_CATEGORIES}
        costs.update(goods=500.0, marketing=300.0, wages=120.0, subsidies=-20.0)
        costs["commission"] = rec.cost_total_cny - sum(costs.values())
        for item, v in costs.items():
            rows.append((rec.scenario, rec.replication, "cost", item, v))
        for i, item in enumerate(charts.BREAKDOWN_ITEMS["carbon_source"]):
            rows.append((rec.scenario, rec.replication, "carbon_source", item, 10.0 * i + rec.replication))
        for i, item in enumerate(charts.BREAKDOWN_ITEMS["carbon_scope"]):
            rows.append((rec.scenario, rec.replication, "carbon_scope", item, 100.0 * i))
    return pd.DataFrame(rows, columns=["scenario", "replication", "kind", "item", "value"])


def _cohorts() -> pd.DataFrame:
    rows = []
    for name in NAMES:
        for r in range(2):
            for c in range(4):
                for k in range(1, 6 - c):
                    rows.append((name, r, c, k, 0.1 / k + 0.01 * r))
    return pd.DataFrame(rows, columns=["scenario", "replication", "cohort", "months_since", "share"])


def _all_charts(lang: str) -> dict[str, Any]:
    daily, kpis = _daily(), _kpis()
    breakdown = _breakdown(kpis)
    curves, markers = charts.response_frame({n: load_scenario("baseline") for n in NAMES}, points=12)
    return {
        "active": charts.over_time(daily, "active_customers", NAMES, lang, baseline=BASE),
        "on_time": charts.over_time(daily, "on_time_rate", NAMES, lang, baseline=BASE, rolling=7),
        "staff": charts.over_time(daily, ("packers", "cs_agents"), NAMES, lang, baseline=BASE),
        "carbon": charts.over_time(daily, "carbon_kg_total", NAMES, lang, baseline=BASE,
                                   cumulative=True),
        "cohorts": charts.cohort_curves(_cohorts(), NAMES, lang, baseline=BASE, horizon_days=240),
        "acquisition": charts.acquisition_by_channel(daily, NAMES, lang, baseline=BASE),
        "source": charts.breakdown_bars(breakdown, "carbon_source", NAMES, lang, baseline=BASE),
        "scope": charts.breakdown_bars(breakdown, "carbon_scope", NAMES, lang, baseline=BASE),
        "kpi": charts.kpi_bars(kpis, "carbon_kg_per_order", NAMES, lang, baseline=BASE),
        "waterfall": charts.cost_waterfall(kpis, breakdown, NAMES[:2], lang, baseline=BASE),
        "response": charts.response_curves(curves, markers, NAMES, lang, baseline=BASE),
        "trade_off": charts.trade_off(summarise(kpis), NAMES, lang, baseline=BASE),
    }


# --- spec walkers ------------------------------------------------------------------------------

def _units(spec: dict) -> Iterator[dict]:
    """Every single-view spec (one with a mark) inside layers and concatenations."""
    if "mark" in spec:
        yield spec
    for key in ("layer", "concat", "hconcat", "vconcat"):
        for sub in spec.get(key, []):
            yield from _units(sub)
    if "spec" in spec:
        yield from _units(spec["spec"])


def _titles(obj: Any) -> Iterator[str]:
    """Every title and subtitle string (outside the inline data)."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key == "datasets":
                continue
            if key == "title" and isinstance(value, str):
                yield value
            elif key == "title" and isinstance(value, dict):
                yield from (v for k, v in value.items() if k in ("text", "subtitle"))
            elif key == "subtitle" and isinstance(value, str):
                yield value
            else:
                yield from _titles(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _titles(value)


def _colour_scales(spec: dict) -> list[dict]:
    return [u["encoding"]["color"]["scale"] for u in _units(spec)
            if "color" in u.get("encoding", {}) and "scale" in u["encoding"]["color"]]


@pytest.fixture(scope="module", params=LANGS)
def built(request) -> tuple[str, dict[str, dict]]:
    lang = request.param
    return lang, {name: chart.to_dict() for name, chart in _all_charts(lang).items()}


# --- colours -----------------------------------------------------------------------------------

def test_scale_gives_baseline_grey_and_distinct_palette_colours():
    colours = charts.scenario_colours(NAMES, baseline=BASE)
    assert colours[BASE] == charts.BASELINE_GREY
    assert colours["ESG 方案"] == charts.PALETTE[0] and colours["other"] == charts.PALETTE[1]
    assert len(set(colours.values())) == len(NAMES)
    scale = charts.scenario_scale(NAMES, baseline=BASE).to_dict()
    assert scale == {"domain": NAMES, "range": list(colours.values())}
    # without a baseline every scenario takes a palette colour, in order
    assert list(charts.scenario_colours(["a", "b"]).values()) == list(charts.PALETTE[:2])


def test_same_scenario_same_colour_on_every_chart(built):
    _lang, specs = built
    expected = {"domain": NAMES,
                "range": list(charts.scenario_colours(NAMES, baseline=BASE).values())}
    for name, spec in specs.items():
        if name == "waterfall":              # coloured by increase / decrease (own test)
            continue
        scales = _colour_scales(spec)
        assert scales, name
        assert all(s == expected for s in scales), name


# --- validity, titles, tooltips -------------------------------------------------------------

def test_every_chart_validates_and_is_container_friendly(built):
    _lang, specs = built
    for name, spec in specs.items():
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6"), name
        if name != "response":           # the small panels have a fixed width
            assert spec["width"] == "container", name
            assert spec["height"] in (charts.HEIGHT, charts.LABELLED_HEIGHT), name


def test_titles_are_translated(built):
    lang, specs = built
    for name, spec in specs.items():
        titles = list(_titles(spec))
        assert titles, name
        for title in titles:
            assert title.strip(), (name, title)
            if lang == "zh":
                assert CJK.search(title), (name, title)
            else:
                assert not CJK.search(title), (name, title)
    # the main titles are the strings of the charts area
    expect = {"cohorts": "charts.cohort_title", "acquisition": "charts.acquisition_title",
              "source": "charts.carbon_source_title", "scope": "charts.carbon_scope_title",
              "waterfall": "charts.waterfall_title", "response": "charts.response_title",
              "trade_off": "charts.tradeoff_title"}
    for name, key in expect.items():
        assert specs[name]["title"]["text"] == t(key, lang)
    assert specs["kpi"]["title"]["text"].startswith(kpi_label("carbon_kg_per_order", lang))
    assert specs["active"]["title"]["text"] == t("charts.series_active_customers", lang)
    assert str(7) in specs["on_time"]["title"]["text"]


def test_every_field_has_a_translated_title(built):
    lang, specs = built
    for name, spec in specs.items():
        for unit in _units(spec):
            for channel, enc in unit["encoding"].items():
                items = enc if isinstance(enc, list) else [enc]
                for item in items:
                    if "field" not in item or channel in ("xOffset", "x2", "y2"):   # share an axis
                        continue
                    assert item.get("title"), (name, channel, item)
            if name == "waterfall" and "color" not in unit["encoding"]:    # its bar labels
                continue
            legend_title = unit["encoding"]["color"]["legend"]["title"]
            assert legend_title == t("charts.waterfall_kind" if name == "waterfall"
                                     else "charts.scenario", lang)


def test_every_mark_has_tooltips(built):
    lang, specs = built
    for name, spec in specs.items():
        for unit in _units(spec):
            tips = unit["encoding"].get("tooltip")
            assert tips, (name, unit["mark"])
            assert tips[0] == {"field": "scenario", "type": "nominal",
                               "title": t("charts.scenario", lang)}
            assert all(tip.get("title") for tip in tips), name


def test_item_and_channel_labels_are_translated():
    daily, kpis = _daily(), _kpis()
    for lang in LANGS:
        spec = charts.acquisition_by_channel(daily, NAMES, lang).to_dict()
        labels = {row["label"] for rows in spec["datasets"].values() for row in rows}
        want = {CHANNEL_LABELS[c][0 if lang == "zh" else 1] for c in ACQUISITION_CHANNELS}
        assert labels == want | {t("charts.channel_organic", lang)}
        spec = charts.breakdown_bars(_breakdown(kpis), "carbon_scope", NAMES, lang).to_dict()
        labels = {row["label"] for rows in spec["datasets"].values() for row in rows}
        assert labels == {t(f"charts.carbon_scope_{s}", lang) for s in ("scope1", "scope2", "scope3")}
    with pytest.raises(ValueError):
        charts.breakdown_bars(_breakdown(kpis), "water", NAMES, "en")


def test_strings_are_complete():
    from simulation.strings import charts as strings

    for key, text in strings.TEXT.items():
        assert set(text) == {"zh", "en"}, key
        assert text["zh"].strip() and text["en"].strip(), key
        if key != "with_unit":                      # a pure template: {label}（{unit}）
            assert CJK.search(text["zh"]), key
    for kind, items in charts.BREAKDOWN_ITEMS.items():
        for item in items:
            assert f"{kind}_{item}" in strings.TEXT


# --- aggregation ---------------------------------------------------------------------------------

def test_band_frame_mean_and_percentiles():
    values = {0: [1.0, 2.0, 3.0], 1: [10.0, 20.0, 60.0]}
    daily = pd.DataFrame([{"scenario": "a", "replication": r, "day": d, "x": v[r]}
                          for d, v in values.items() for r in range(3)])
    out = charts.band_frame(daily, "x").set_index("day")
    for d, v in values.items():
        assert out.loc[d, "mean"] == pytest.approx(np.mean(v))
        assert out.loc[d, "low"] == pytest.approx(np.quantile(v, 0.05))
        assert out.loc[d, "high"] == pytest.approx(np.quantile(v, 0.95))
        assert out.loc[d, "n"] == 3
    cum = charts.band_frame(daily, "x", cumulative=True).set_index("day")
    assert cum.loc[1, "mean"] == pytest.approx(np.mean([11.0, 22.0, 63.0]))
    roll = charts.band_frame(daily, "x", rolling=2).set_index("day")
    assert roll.loc[0, "mean"] == pytest.approx(2.0)                   # one day so far
    assert roll.loc[1, "mean"] == pytest.approx(np.mean([5.5, 11.0, 31.5]))
    staff = charts.band_frame(_daily(), ("packers", "cs_agents"))
    assert (staff["mean"] == 5.0).all()


def test_band_frame_skips_missing_days_in_rolling_mean():
    daily = pd.DataFrame({"scenario": "a", "replication": 0, "day": [0, 1, 2],
                          "x": [0.8, np.nan, 0.6]})
    out = charts.band_frame(daily, "x", rolling=3).set_index("day")
    assert out.loc[2, "mean"] == pytest.approx(0.7)


def test_cohort_frame_weights_cohorts_equally_fills_zeros_and_drops_unobserved_months():
    cohorts = pd.DataFrame([("a", 0, 0, 1, 0.30), ("a", 0, 0, 2, 0.10), ("a", 0, 1, 1, 0.10),
                            ("a", 1, 0, 1, 0.50), ("a", 1, 1, 1, 0.30), ("a", 1, 1, 2, 0.20)],
                           columns=["scenario", "replication", "cohort", "months_since", "share"])
    # horizon 120 days: fully observed cells have cohort + month <= 2
    out = charts.cohort_frame(cohorts, horizon_days=120).set_index("months_since")
    assert list(out.index) == [1, 2]
    assert out.loc[1, "mean"] == pytest.approx(np.mean([(0.30 + 0.10) / 2, (0.50 + 0.30) / 2]))
    assert out.loc[2, "mean"] == pytest.approx(np.mean([0.10, 0.0]))   # cohort 1 month 2 cut
    assert out.loc[1, "cohorts"] == 2 and out.loc[2, "cohorts"] == 1
    longer = charts.cohort_frame(cohorts, horizon_days=150).set_index("months_since")
    # cohort 1 month 2 is observed now: replication 0 has no row there, so it counts as 0
    assert longer.loc[2, "mean"] == pytest.approx(np.mean([(0.10 + 0.0) / 2, (0.0 + 0.20) / 2]))
    # without a horizon the last two diagonals (cohort + month > 1 here) are dropped
    guess = charts.cohort_frame(cohorts).set_index("months_since")
    assert list(guess.index) == [1]
    assert charts.cohort_frame(cohorts.iloc[:0]).empty


def test_interval_frame_is_the_t_interval():
    df = pd.DataFrame({"scenario": ["a"] * 4 + ["b"], "value": [1.0, 2.0, 4.0, 7.0, 3.0]})
    out = charts.interval_frame(df, ["scenario"]).set_index("scenario")
    v = np.array([1.0, 2.0, 4.0, 7.0])
    lo, hi = stats.t.interval(0.95, 3, loc=v.mean(), scale=v.std(ddof=1) / 2)
    assert out.loc["a", "mean"] == pytest.approx(3.5)
    assert (out.loc["a", "ci_low"], out.loc["a", "ci_high"]) == pytest.approx((lo, hi))
    assert out.loc["b", "n"] == 1 and np.isnan(out.loc["b", "ci_low"])


def test_acquisition_totals_are_means_over_replications():
    spec = charts.acquisition_by_channel(_daily(days=20, reps=3), NAMES, "en").to_dict()
    rows = [row for rows in spec["datasets"].values() for row in rows]
    search = next(r for r in rows if r["scenario"] == "ESG 方案" and r["source"] == "search")
    # search is column 0: value 0 + s + r per day, s = 1, r = 0..2, 20 days
    assert search["mean"] == pytest.approx(20 * np.mean([1, 2, 3]))


def test_kpi_bars_use_the_kpi_unit():
    kpis = _kpis()
    spec = charts.kpi_bars(kpis, "repeat_purchase_rate", NAMES, "zh").to_dict()
    assert spec["title"]["text"] == "复购率（%）"
    bars = next(u for u in _units(spec) if u["mark"]["type"] == "bar")
    assert bars["encoding"]["y"]["axis"]["format"] == ".0%"
    rows = [row for rows in spec["datasets"].values() for row in rows]
    assert {r["scenario"]: r["mean"] for r in rows}[BASE] == pytest.approx(0.2815)


# --- waterfall ----------------------------------------------------------------------------------

def _changed_breakdown(kpis: pd.DataFrame) -> pd.DataFrame:
    """``_breakdown`` with the ESG scenario paying 40 more for packaging and getting 30 more
    subsidy (the commission still makes up each scenario's total)."""
    frame = _breakdown(kpis)
    esg = frame["scenario"] == "ESG 方案"
    frame.loc[esg & (frame["item"] == "packaging"), "value"] += 40.0
    frame.loc[esg & (frame["item"] == "subsidies"), "value"] -= 30.0
    return frame


def test_waterfall_shows_changes_from_the_baseline_that_sum_to_the_total_change():
    kpis = _kpis()
    breakdown = _changed_breakdown(kpis)
    frame = charts.waterfall_frame(kpis, breakdown, NAMES, "en", baseline=BASE)
    assert set(frame["scenario"]) == {"ESG 方案", "other"}          # not the baseline itself
    costs = breakdown[breakdown["kind"] == "cost"].groupby(["scenario", "item"])["value"].mean()
    for name in ("ESG 方案", "other"):
        f = frame[frame["scenario"] == name].sort_values("order")
        assert f["step"].iloc[-1] == "total"
        steps = f.iloc[:-1]
        assert "goods" not in set(steps["step"]) and "audits" not in set(steps["step"])   # no change
        total = costs[name].sum() - costs[BASE].sum()
        assert f["delta"].iloc[-1] == pytest.approx(total)
        assert steps["delta"].sum() == pytest.approx(total)               # bars sum to the total
        assert steps["end"].iloc[-1] == pytest.approx(total)              # the walk ends there
        assert (steps["start"].iloc[1:].to_numpy() == steps["end"].iloc[:-1].to_numpy()).all()
        assert f["kind"].iloc[-1] == "total"
        assert ((steps["delta"] > 0) == (steps["kind"] == "increase")).all()
    esg = frame[frame["scenario"] == "ESG 方案"].set_index("step")
    assert esg.loc["packaging", "delta"] == pytest.approx(40.0)
    assert esg.loc["subsidies", "delta"] == pytest.approx(-30.0)
    assert esg.loc["subsidies", "kind"] == "decrease"
    # the scale of the change, not of the costs (about a thousand yuan here)
    assert frame[["start", "end"]].abs().to_numpy().max() < 100


@pytest.mark.parametrize("lang", LANGS)
def test_waterfall_legend_matches_the_bars_and_labels_have_no_negative_zero(lang):
    kpis = _kpis()
    breakdown = _changed_breakdown(kpis)
    frame = charts.waterfall_frame(kpis, breakdown, NAMES[:2], lang, baseline=BASE)
    spec = charts.cost_waterfall(kpis, breakdown, NAMES[:2], lang, baseline=BASE).to_dict()
    bars = next(u for u in _units(spec) if u["mark"]["type"] == "bar")
    scale = bars["encoding"]["color"]["scale"]
    kinds = [k for k in ("increase", "decrease", "total") if k in set(frame["kind"])]
    assert scale["domain"] == [t(f"charts.waterfall_{k}", lang) for k in kinds]
    assert scale["range"] == [charts.WATERFALL_COLOURS[k] for k in kinds]
    rows = [r for rows in spec["datasets"].values() for r in rows]
    assert {r["kind_label"] for r in rows} == set(scale["domain"])   # every swatch has a bar
    for r in rows:
        assert not re.match(r"^[-−]0([.,]0*)?\b", r["text"].lstrip("+¥")), r["text"]
        assert not r["text"].startswith(("-¥0", "−¥0", "-0", "−0")), r["text"]
    # tiny changes round to zero without a sign
    assert charts.fmt(-0.004, "CNY", signed=True) == "¥0"


def test_waterfall_of_several_scenarios_is_one_panel_each_with_wrapped_labels():
    kpis = _kpis()
    spec = charts.cost_waterfall(kpis, _changed_breakdown(kpis), NAMES, "zh",
                                 baseline=BASE).to_dict()
    assert len(spec["vconcat"]) == 2
    rows = [r for rows in spec["datasets"].values() for r in rows]
    assert all(len(line) <= 7 for r in rows for line in r["label"].split("\n"))
    assert charts.wrap_label("Subsidies (reduce cost)") == "Subsidies\n(reduce cost)"
    assert charts.wrap_label("政府补贴（冲减成本）") == "政府补贴（冲减\n成本）"


def test_model_identity_profit_is_revenue_minus_cost_categories():
    """The identity the waterfall relies on, in the model itself (revenue is net of refunds;
    subsidies are a negative cost)."""
    sc = load_scenario("full_esg").with_changes({
        "run.horizon_days": 40, "run.warmup_days": 5, "policy.packaging_subsidy": 0.5,
        "policy.green_logistics_subsidy_cny": 0.3, "policy.carbon_price_cny_per_t": 100})
    res = simulate(sc, seed=3)
    assert res.cost_by_category["subsidies"] < 0
    total = sum(res.cost_by_category.values())
    assert total == pytest.approx(res.kpis["cost_total_cny"])
    assert res.kpis["revenue_cny"] - total == pytest.approx(res.kpis["profit_cny"])


# --- response curves ------------------------------------------------------------------------------

def test_response_frame_markers_lie_on_their_curves():
    base = load_scenario("baseline")
    crm_heavy = base.with_changes({"marketing.shares.search": 0.20, "marketing.shares.crm": 0.25})
    curves, markers = charts.response_frame({"a": base, "b": crm_heavy}, points=30)
    assert set(curves["channel"]) == set(ACQUISITION_CHANNELS)     # CRM has no acquisition curve
    assert "crm" not in set(markers["channel"])
    assert len(markers) == 2 * len(ACQUISITION_CHANNELS)
    for m in markers.itertuples():
        c = curves[(curves["channel"] == m.channel) & (curves["scenario"] == m.scenario)]
        assert c["spend"].is_monotonic_increasing and c["spend"].iloc[0] == 0.0
        assert np.interp(m.spend, c["spend"], c["customers"]) == pytest.approx(m.customers)
        assert c["spend"].iloc[-1] >= 3 * m.spend - 1e-6
        expected_spend = base.marketing.monthly_budget_cny * getattr(
            (base if m.scenario == "a" else crm_heavy).marketing.shares, m.channel)
        assert m.spend == pytest.approx(expected_spend)
    # both scenarios share each channel's grid (up to their own current-spend points)
    search = curves[curves["channel"] == "search"]
    assert search.groupby("scenario")["spend"].max().nunique() == 1


def test_response_curves_have_a_panel_per_channel_with_its_label():
    curves, markers = charts.response_frame({"a": load_scenario("baseline")}, points=10)
    spec = charts.response_curves(curves, markers, ["a"], "zh").to_dict()
    assert spec["columns"] == 3
    assert [p["title"] for p in spec["concat"]] == [CHANNEL_LABELS[c][0] for c in ACQUISITION_CHANNELS]
    assert "CRM" in spec["title"]["subtitle"]


def test_trade_off_uses_means_and_intervals():
    kpis = _kpis()
    summary = summarise(kpis)
    spec = charts.trade_off(summary, NAMES, "en", baseline=BASE,
                            size_kpi="repeat_purchase_rate").to_dict()
    rows = [row for rows in spec["datasets"].values() for row in rows]
    row = next(r for r in rows if r["scenario"] == BASE)
    s = summary[summary["scenario"] == BASE].set_index("kpi")
    assert row["cost"] == pytest.approx(s.loc["cost_total_cny", "mean"])
    assert row["carbon_lo"] == pytest.approx(s.loc["carbon_kg_total", "ci_low"])
    assert row["size"] == pytest.approx(s.loc["repeat_purchase_rate", "mean"])
    marks = [u["mark"]["type"] for u in _units(spec)]
    assert marks == ["rule", "rule", "circle", "text", "text"]      # labels right / left of points


# --- sensitivity, attribution and fan charts ---------------------------------------------------

def _sensitivity_table() -> pd.DataFrame:
    """A ``Sensitivity.table("profit_cny")`` as the contract gives it (sorted by |swing|):
    a fraction, a money parameter and an on/off lever, base profit 1000."""
    base = 1000.0
    specs = [  # path, zh, en, unit, value, low, high, delta_low, delta_high, half-width
        ("shop.gross_margin", "毛利率", "Gross margin", "fraction", 0.65, 0.55, 0.75,
         -200.0, 220.0, 30.0),
        ("shop.order_value_cny", "客单价", "Order value", "CNY", 240.0, 180.0, 300.0,
         -80.0, 60.0, 20.0),
        ("staff.training", "培训", "Training", "", False, False, True, 0.0, -5.0, 9.0),
    ]
    rows = []
    for path, zh, en, unit, value, low, high, d_lo, d_hi, w in specs:
        swing = d_hi - d_lo
        rows.append({"path": path, "label_zh": zh, "label_en": en, "unit": unit, "value": value,
                     "low": low, "high": high, "kpi_low": base + d_lo, "kpi_high": base + d_hi,
                     "delta_low": d_lo, "delta_low_ci_low": d_lo - w, "delta_low_ci_high": d_lo + w,
                     "delta_high": d_hi, "delta_high_ci_low": d_hi - w,
                     "delta_high_ci_high": d_hi + w, "swing": swing,
                     "swing_ci_low": swing - 1.5 * w, "swing_ci_high": swing + 1.5 * w,
                     "within_noise": bool(swing - 1.5 * w <= 0 <= swing + 1.5 * w)})
    return pd.DataFrame(rows)


def _global_table() -> pd.DataFrame:
    return pd.DataFrame([
        {"path": "shop.gross_margin", "label_zh": "毛利率", "label_en": "Gross margin",
         "unit": "fraction", "low": 0.55, "high": 0.75, "src": 0.8, "src_ci_low": 0.7,
         "src_ci_high": 0.9, "srrc": 0.78},
        {"path": "policy.commission_rate", "label_zh": "平台佣金率", "label_en": "Commission rate",
         "unit": "fraction", "low": 0.08, "high": 0.15, "src": -0.4, "src_ci_low": -0.5,
         "src_ci_high": -0.3, "srrc": -0.41},
        {"path": "customers.eco_share", "label_zh": "环保型客户占比", "label_en": "Eco share",
         "unit": "fraction", "low": 0.15, "high": 0.4, "src": 0.02, "src_ci_low": -0.05,
         "src_ci_high": 0.09, "srrc": 0.01}])


def _waterfall(contributions: Sequence[float], base: float = 1000.0) -> pd.DataFrame:
    """An ``Attribution.waterfall(kpi)`` frame: base, a player per contribution (interval
    ±10 on the contribution), scenario."""
    rows = [{"step": 0, "kind": "base", "name": "base", "label_zh": "基准", "label_en": "Base",
             "value": base, "start": 0.0, "end": base, "ci_low": base - 30, "ci_high": base + 30}]
    level = base
    for i, c in enumerate(contributions, start=1):
        rows.append({"step": i, "kind": "player", "name": f"p{i}", "label_zh": f"杠杆{i}",
                     "label_en": f"Lever {i}", "value": c, "start": level, "end": level + c,
                     "ci_low": c - 10.0, "ci_high": c + 10.0})
        level += c
    rows.append({"step": len(rows), "kind": "scenario", "name": "scenario", "label_zh": "方案",
                 "label_en": "Scenario", "value": level, "start": 0.0, "end": level,
                 "ci_low": level - 30, "ci_high": level + 30})
    return pd.DataFrame(rows)


def _fans() -> pd.DataFrame:
    from simulation.analysis import fan_quantiles

    return fan_quantiles(_daily(days=15, reps=5))


def _analysis_charts(lang: str) -> dict[str, dict]:
    fans = _fans()
    return {
        "tornado": charts.tornado(_sensitivity_table(), "profit_cny", lang).to_dict(),
        "global": charts.global_bars(_global_table(), lang, kpi="profit_cny", r2=0.83).to_dict(),
        "attribution": charts.attribution_waterfall(_waterfall([120.0, -40.0]), "profit_cny",
                                                    lang).to_dict(),
        **{f"fan_{m}": charts.fan_chart(fans, m, lang, NAMES, baseline=BASE).to_dict()
           for m in ("active_customers", "cumulative_carbon_kg", "cumulative_profit_cny")},
    }


@pytest.fixture(scope="module", params=LANGS)
def analysis_built(request) -> tuple[str, dict[str, dict]]:
    return request.param, _analysis_charts(request.param)


def _data(spec: dict) -> list[dict]:
    return [row for rows in spec["datasets"].values() for row in rows]


def _mark(unit: dict) -> str:
    return unit["mark"]["type"] if isinstance(unit["mark"], dict) else unit["mark"]


def test_analysis_charts_validate_and_are_bilingual(analysis_built):
    lang, specs = analysis_built
    for name, spec in specs.items():                   # to_dict() validated the schema
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6"), name
        assert spec["width"] == "container", name
        titles = list(_titles(spec))
        assert titles, name
        for title in titles:
            assert title.strip(), (name, title)
            assert bool(CJK.search(title)) == (lang == "zh") or title in ("SRC",), (name, title)
        for unit in _units(spec):
            for channel, enc in unit["encoding"].items():
                for item in enc if isinstance(enc, list) else [enc]:
                    if "field" in item and channel not in ("x2", "y2"):
                        assert item.get("title"), (name, channel, item)
    assert specs["tornado"]["title"]["text"] == t("sensitivity.chart_tornado_title", lang,
                                                  kpi=kpi_label("profit_cny", lang))
    assert specs["attribution"]["title"]["text"] == t("sensitivity.chart_attr_title", lang,
                                                      kpi=kpi_label("profit_cny", lang))
    assert specs["fan_active_customers"]["title"]["text"] == t("sensitivity.fan_active_customers",
                                                                lang)
    assert "0.83" in specs["global"]["title"]["subtitle"]


def test_tornado_bars_run_from_the_base_sorted_by_swing_with_interval_error_bars():
    table = _sensitivity_table()
    for lang in LANGS:
        spec = charts.tornado(table, "profit_cny", lang).to_dict()
        units = list(_units(spec))
        assert [_mark(u) for u in units] == ["bar", "rule", "text", "text", "rule"]
        bars, errors, _right, _left, base_line = units
        assert bars["encoding"]["x"]["field"] == "start" and bars["encoding"]["x2"]["field"] == "stop"
        assert bars["encoding"]["y"]["field"] == "label"
        labels = [r[f"label_{lang}"] for r in table.to_dict("records")]
        assert bars["encoding"]["y"]["sort"] == labels                 # largest |swing| on top
        assert bars["encoding"]["yOffset"]["field"] == "end_label"
        assert bars["encoding"]["color"]["scale"]["domain"] == [
            t("sensitivity.chart_end_low", lang), t("sensitivity.chart_end_high", lang)]
        assert errors["encoding"]["x"]["field"] == "err_low"
        assert errors["encoding"]["x2"]["field"] == "err_high"
        assert base_line["encoding"]["x"]["field"] == "base"
        assert bars["encoding"]["tooltip"] and errors["encoding"]["tooltip"]
        assert bars["encoding"]["x"]["axis"]["format"] == ",.0f"      # money: thousands
    frame = charts.tornado_frame(table, "profit_cny", "en")
    assert len(frame) == 2 * len(table)
    assert np.allclose(frame["start"], 1000.0)                         # kpi_low − delta_low
    first = frame.iloc[0]
    assert first["stop"] == pytest.approx(800.0)
    assert (first["err_low"], first["err_high"]) == pytest.approx((770.0, 830.0))
    assert first["setting"] == "55%"                                   # a fraction in percent
    money = frame[frame["path"] == "shop.order_value_cny"]
    assert list(money["setting"]) == ["180", "300"]
    switch = frame[frame["path"] == "staff.training"]
    assert list(switch["setting"]) == ["no", "yes"]                    # an on/off lever
    assert set(switch["noise"]) == {t("sensitivity.chart_noise_yes", "en")}
    assert set(frame[frame["path"] == "shop.gross_margin"]["noise"]) == {
        t("sensitivity.chart_noise_no", "en")}
    zh = charts.tornado_frame(table, "profit_cny", "zh")
    assert list(zh[zh["path"] == "staff.training"]["setting"]) == ["否", "是"]
    assert zh["label"].iloc[0] == "毛利率"
    # an explicit base moves the bars' start and the error bars with it
    moved = charts.tornado_frame(table, "profit_cny", "en", base=900.0)
    assert moved["err_low"].iloc[0] == pytest.approx(900.0 - 230.0)


def test_global_bars_show_src_with_intervals_and_rank_coefficients():
    spec = charts.global_bars(_global_table(), "en", kpi="profit_cny", r2=0.5).to_dict()
    units = list(_units(spec))
    assert [_mark(u) for u in units] == ["rule", "bar", "rule", "point"]
    _zero, bars, errors, ranks = units
    assert bars["encoding"]["x"]["field"] == "src"
    assert bars["encoding"]["y"]["sort"] == ["Gross margin", "Commission rate", "Eco share"]
    assert (errors["encoding"]["x"]["field"], errors["encoding"]["x2"]["field"]) == (
        "src_ci_low", "src_ci_high")
    assert ranks["encoding"]["x"]["field"] == "srrc"
    rows = {r["path"]: r for r in _data(spec) if "path" in r}
    assert rows["policy.commission_rate"]["direction"] == t("sensitivity.chart_lowers", "en")
    assert rows["shop.gross_margin"]["direction"] == t("sensitivity.chart_raises", "en")
    assert rows["shop.gross_margin"]["range"] == "55% – 75%"
    assert "—" in charts.global_bars(_global_table(), "zh").to_dict()["title"]["subtitle"]


def test_attribution_waterfall_colours_follow_the_kpi_direction():
    frame = _waterfall([120.0, -40.0])
    profit = charts.attribution_frame(frame, "profit_cny", "en").set_index("name")
    assert list(profit["colour"]) == ["total", "improves", "worsens", "total"]   # more is better
    carbon = charts.attribution_frame(frame, "carbon_kg_total", "en").set_index("name")
    assert list(carbon["colour"]) == ["total", "worsens", "improves", "total"]   # less is better
    spend = charts.attribution_frame(frame, "marketing_cny", "en")
    assert list(spend["colour"]) == ["total", "up", "down", "total"]             # no direction
    # a player's interval is on its contribution: the error bar sits around the bar's end
    assert (profit.loc["p1", "err_low"], profit.loc["p1", "err_high"]) == pytest.approx((1110, 1130))
    assert (profit.loc["p2", "err_low"], profit.loc["p2", "err_high"]) == pytest.approx((1070, 1090))
    assert (profit.loc["base", "err_low"], profit.loc["base", "err_high"]) == pytest.approx((970, 1030))
    assert profit.loc["p1", "text"] == "+¥120" and profit.loc["p2", "text"] == "-¥40"
    assert profit.loc["scenario", "end"] == pytest.approx(1080.0)
    for lang in LANGS:
        spec = charts.attribution_waterfall(frame, "profit_cny", lang).to_dict()
        bars, errors, labels = list(_units(spec))
        assert bars["encoding"]["x"]["sort"] == [r[f"label_{lang}"] for r in frame.to_dict("records")]
        assert (bars["encoding"]["y"]["field"], bars["encoding"]["y2"]["field"]) == ("start", "end")
        colour = bars["encoding"]["color"]["scale"]
        assert colour["domain"] == [t(f"sensitivity.chart_kind_{k}", lang)
                                    for k in ("total", "improves", "worsens")]
        assert colour["range"] == [charts.ATTRIBUTION_COLOURS[k]
                                   for k in ("total", "improves", "worsens")]
        assert (errors["encoding"]["y"]["field"], errors["encoding"]["y2"]["field"]) == (
            "err_low", "err_high")
        assert labels["encoding"]["text"]["field"] == "text"
        # small changes beside the levels: the axis is zoomed and does not start at zero
        assert bars["encoding"]["y"]["scale"]["domain"][0] > 0
    big = charts.attribution_waterfall(_waterfall([-900.0]), "profit_cny", "en").to_dict()
    assert "domain" not in list(_units(big))[0]["encoding"]["y"]["scale"]


def test_fan_chart_bands_median_and_scenario_colours():
    fans = _fans()
    spec = charts.fan_chart(fans, "cumulative_profit_cny", "en", NAMES, baseline=BASE).to_dict()
    wide, core, line, _hover = list(_units(spec))
    assert (wide["encoding"]["y"]["field"], wide["encoding"]["y2"]["field"]) == ("p05", "p95")
    assert (core["encoding"]["y"]["field"], core["encoding"]["y2"]["field"]) == ("p25", "p75")
    assert line["encoding"]["y"]["field"] == "p50"
    assert wide["mark"]["opacity"] < core["mark"]["opacity"]            # 90% light, 50% darker
    assert line["encoding"]["x"]["field"] == "day"
    expected = {"domain": NAMES, "range": list(charts.scenario_colours(NAMES, BASE).values())}
    assert all(s == expected for s in _colour_scales(spec))
    rows = _data(spec)
    assert {r["metric"] for r in rows} == {"cumulative_profit_cny"}
    assert {r["scenario"] for r in rows} == set(NAMES)
    # cumulative profit of BASE: 1000 a day in every replication, so the fan has no width
    last = max(r["day"] for r in rows)
    end = next(r for r in rows if r["scenario"] == BASE and r["day"] == last)
    assert end["p05"] == end["p95"] == pytest.approx(1000.0 * (last + 1))
    only_two = charts.fan_chart(fans, "active_customers", "zh", NAMES[:2], baseline=BASE).to_dict()
    assert {r["scenario"] for r in _data(only_two)} == set(NAMES[:2])
    assert only_two["layer"][0]["encoding"]["color"]["legend"]["title"] == t("charts.scenario", "zh")


# --- trade-off labels ---------------------------------------------------------------------------

def _crowded_summary(names: Sequence[str]) -> pd.DataFrame:
    """Scenarios at almost the same cost and carbon (two exactly on top of each other)."""
    rows = []
    for i, name in enumerate(names):
        offset = min(i, 4)                  # the last two coincide
        for kpi, mean, half in (("cost_total_cny", 900_000.0 + 50 * offset, 4_000.0),
                                ("carbon_kg_total", 5_000.0 + 3 * offset, 200.0),
                                ("retention_90d", 0.4 + 0.01 * i, 0.02)):
            rows.append({"scenario": name, "kpi": kpi, "mean": mean, "ci_low": mean - half,
                         "ci_high": mean + half, "sd": half, "n": 2})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("lang", LANGS)
def test_trade_off_labels_never_overlap_when_crowded(lang):
    names = ["基准情景", "绿色包装", "绿色物流", "Full ESG programme", "我的电动配送", "copy"]
    spec = charts.trade_off(_crowded_summary(names), names, lang, baseline=names[0]).to_dict()
    text = next(u for u in _units(spec) if u["mark"]["type"] == "text")
    assert text["encoding"]["y"]["field"] == "label_y"
    rows = [r for rows in spec["datasets"].values() for r in rows]
    data = pd.DataFrame(rows).drop_duplicates("scenario").set_index("scenario").loc[names]
    data = data.reset_index()
    texts = [u for u in _units(spec) if u["mark"]["type"] == "text"]
    assert [u["mark"]["align"] for u in texts] == ["left", "right"]
    right = data["cost"] > data["cost"].min() + 0.6 * (data["cost_hi"].max() - data["cost_lo"].min())
    assert (data["side"] == np.where(right, "left", "right")).all()      # no label off the edge
    positions = {(r["cost"], r["label_y"]) for _, r in data.iterrows()}
    assert len(positions) == len(names)                      # no two at the same place
    for width in charts.PLOT_WIDTHS:                          # a narrow and a wide chart
        boxes = charts.label_boxes(data, list(data["label_y"]), width)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_trade_off_labels_stay_beside_points_that_are_far_apart():
    summary = summarise(_kpis())
    data = charts.trade_off(summary, NAMES, "en", baseline=BASE).to_dict()
    rows = [r for rows in data["datasets"].values() for r in rows]
    for r in rows:
        if "label_y" in r:
            assert r["label_y"] == pytest.approx(r["carbon"])
