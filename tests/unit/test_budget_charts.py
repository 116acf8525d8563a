"""The budget optimiser's charts (ui/budget_charts.py): valid Vega-Lite in both languages,
the recommendation and the current split marked, intervals as error bars, a click
selection on the point index, shares per channel, response curves with both spends."""

from __future__ import annotations

import re
from typing import Any, Iterator

import numpy as np
import pytest

from simulation import Scenario
from simulation.scenario import ACQUISITION_CHANNELS, CHANNEL_LABELS, CHANNELS
from ui import budget_charts as bc
from ui.i18n import kpi_label, t

CJK = re.compile(r"[\u4e00-\u9fff]")
CURRENT = {"search": 0.30, "feed": 0.25, "livestream": 0.20, "crm": 0.10, "esg_content": 0.05,
           "community": 0.10}
BETTER = {"search": 0.20, "feed": 0.20, "livestream": 0.15, "crm": 0.15, "esg_content": 0.15,
          "community": 0.15}


def _kpis(retention: float, carbon: float, cost: float) -> dict[str, dict[str, float]]:
    return {"retention_90d": {"mean": retention, "ci_low": retention - 0.01,
                              "ci_high": retention + 0.01},
            "carbon_kg_total": {"mean": carbon, "ci_low": carbon - 200, "ci_high": carbon + 200},
            "cost_total_cny": {"mean": cost, "ci_low": cost - 5000, "ci_high": cost + 5000}}


def _points() -> list[dict[str, Any]]:
    """Four confirmed splits: the current one, the recommendation, a point on the front and
    a dominated one that breaks a constraint."""
    other = dict(BETTER, search=0.25, esg_content=0.10)
    return [
        {"shares": CURRENT, "total_budget": 180_000.0, "levers": {},
         "kpis": _kpis(0.30, 30_000, 4.0e6), "recommended": False, "current": True,
         "feasible": True},
        {"shares": BETTER, "total_budget": 180_000.0, "levers": {},
         "kpis": _kpis(0.34, 29_000, 4.1e6), "recommended": True, "current": False,
         "feasible": True},
        {"shares": other, "total_budget": 180_000.0, "levers": {},
         "kpis": _kpis(0.32, 28_500, 4.05e6), "recommended": False, "current": False,
         "feasible": True, "pareto": True},
        {"shares": other, "total_budget": 200_000.0, "levers": {},
         "kpis": _kpis(0.36, 31_500, 4.3e6), "recommended": False, "current": False,
         "feasible": False, "pareto": False},
    ]


def _units(spec: dict) -> Iterator[dict]:
    if "mark" in spec:
        yield spec
    for key in ("layer", "concat", "hconcat", "vconcat"):
        for sub in spec.get(key, []):
            yield from _units(sub)


def _rows(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def _tooltip_titles(spec: dict) -> set[str]:
    out = set()
    for u in _units(spec):
        tips = u.get("encoding", {}).get("tooltip", [])
        for tip in tips if isinstance(tips, list) else [tips]:
            if isinstance(tip, dict) and "title" in tip:
                out.add(tip["title"])
    return out


# --- the Pareto frontier -----------------------------------------------------------------------

def test_pareto_frame_reads_means_intervals_kinds_and_shares():
    df = bc.pareto_frame(_points(), "en")
    assert list(df[bc.POINT_FIELD]) == [0, 1, 2, 3]
    assert list(df["kind"]) == ["current", "recommended", "frontier", "other"]
    rec = df.iloc[1]
    assert rec["x"] == 29_000 and rec["x_lo"] == 28_800 and rec["x_hi"] == 29_200
    assert rec["y"] == pytest.approx(0.34) and rec["y_lo"] == pytest.approx(0.33)
    assert rec["c"] == 4.1e6 and rec["kind_label"] == t("optimiser.kind_recommended", "en")
    assert [rec[f"share_{c}"] for c in CHANNELS] == [BETTER[c] for c in CHANNELS]
    assert list(df["feasible"]) == [True, True, True, False]
    other_axes = bc.pareto_frame(_points(), "zh", x="cost_total_cny", y="carbon_kg_total")
    assert other_axes["x"].iloc[0] == 4.0e6 and other_axes["y"].iloc[0] == 30_000
    assert other_axes["kind_label"].iloc[0] == "当前分配"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pareto_chart_is_valid_and_translated(lang):
    spec = bc.pareto_chart(_points(), lang).to_dict()          # validates against the schema
    assert spec["title"]["text"] == t("optimiser.pareto_title", lang)
    layers = [u["mark"]["type"] if isinstance(u["mark"], dict) else u["mark"]
              for u in _units(spec)]
    assert layers == ["rule", "rule", "point", "text", "text"]  # error bars, points, two labels
    point = [u for u in _units(spec) if u["mark"]["type"] == "point"][0]
    enc = point["encoding"]
    assert enc["x"]["field"] == "x" and enc["y"]["field"] == "y"
    assert enc["x"]["title"].startswith(kpi_label("carbon_kg_total", lang))
    assert enc["y"]["title"].startswith(kpi_label("retention_90d", lang))
    assert enc["color"]["field"] == "c" and enc["color"]["title"].startswith(
        kpi_label("cost_total_cny", lang))
    titles = _tooltip_titles(spec)
    for c in CHANNELS:                                          # the shares are in the tooltip
        assert CHANNEL_LABELS[c][0 if lang == "zh" else 1] in titles
    if lang == "zh":
        assert all(CJK.search(x) or x.startswith("90") for x in titles if x)


def test_pareto_chart_marks_the_recommendation_and_the_current_split():
    spec = bc.pareto_chart(_points(), "en").to_dict()
    point = [u for u in _units(spec) if u["mark"]["type"] == "point"][0]
    shape = point["encoding"]["shape"]["scale"]
    labels = dict(zip(shape["domain"], shape["range"], strict=True))
    assert labels[t("optimiser.kind_recommended", "en")] == bc.KIND_SHAPES["recommended"]
    assert labels[t("optimiser.kind_current", "en")] == bc.KIND_SHAPES["current"]
    assert labels[t("optimiser.kind_frontier", "en")] == bc.KIND_SHAPES["frontier"]
    assert labels[t("optimiser.kind_other", "en")] == bc.KIND_SHAPES["other"]
    assert len(set(shape["range"])) == 4
    size = point["encoding"]["size"]["scale"]
    sizes = dict(zip(size["domain"], size["range"], strict=True))
    assert sizes[t("optimiser.kind_recommended", "en")] > sizes[t("optimiser.kind_other", "en")]
    # the recommendation and the current split are labelled by name, the others are not;
    # a label sits on the side of its point with more room (left of a point on the right)
    texts = [u for u in _units(spec) if u["mark"]["type"] == "text"]
    labelled = [(r, u["mark"]["align"]) for u in texts for r in spec["datasets"][u["data"]["name"]]]
    assert sorted(r["kind"] for r, _ in labelled) == ["current", "recommended"]
    middle = (28_500 + 31_500) / 2
    assert all(align == ("right" if r["x"] > middle else "left") for r, align in labelled)
    moved = _points()
    moved[0]["kpis"] = _kpis(0.30, 31_400, 4.0e6)              # the current split far right
    spec = bc.pareto_chart(moved, "en").to_dict()
    aligns = {r["kind"]: u["mark"]["align"] for u in _units(spec) if u["mark"]["type"] == "text"
              for r in spec["datasets"][u["data"]["name"]]}
    assert aligns == {"current": "right", "recommended": "left"}
    # drawn last, so on top of any split close to them
    assert point["encoding"]["order"]["field"] == "layer"
    layer = {r["kind"]: r["layer"] for r in _rows(spec) if "layer" in r}
    assert layer["recommended"] > layer["current"] > layer["frontier"] > layer["other"]
    # a split that breaks a constraint is pale
    assert point["encoding"]["opacity"]["condition"]["value"] > point["encoding"]["opacity"]["value"]


def test_pareto_chart_has_a_click_selection_on_the_point_index():
    spec = bc.pareto_chart(_points(), "en", selected=2).to_dict()
    params = [p for u in _units(spec) for p in u.get("params", [])] + spec.get("params", [])
    pick = [p for p in params if p["name"] == bc.PICK]
    assert pick and pick[0]["select"]["type"] == "point"
    assert pick[0]["select"]["fields"] == [bc.POINT_FIELD] and pick[0]["select"]["on"] == "click"
    point = [u for u in _units(spec) if u["mark"]["type"] == "point"][0]
    stroke = point["encoding"]["strokeWidth"]
    assert stroke["condition"]["test"] == "(datum['point'] === 2)"
    assert stroke["condition"]["value"] > stroke["value"]
    # without a choice from the page, the clicked point itself is outlined (none at first)
    spec = bc.pareto_chart(_points(), "en").to_dict()
    point = [u for u in _units(spec) if u["mark"]["type"] == "point"][0]
    assert point["encoding"]["strokeWidth"]["condition"]["param"] == bc.PICK
    assert point["encoding"]["strokeWidth"]["condition"]["empty"] is False


def test_pareto_chart_error_bars_span_the_intervals():
    spec = bc.pareto_chart(_points(), "en").to_dict()
    rules = [u for u in _units(spec) if u["mark"]["type"] == "rule"]
    assert {r["encoding"]["x"]["field"] for r in rules} == {"x_lo", "x"}
    assert rules[0]["encoding"]["x2"]["field"] == "x_hi"
    assert rules[1]["encoding"]["y"]["field"] == "y_lo" and rules[1]["encoding"]["y2"]["field"] == "y_hi"
    rows = _rows(spec)
    assert all(r["x_lo"] <= r["x"] <= r["x_hi"] and r["y_lo"] <= r["y"] <= r["y_hi"] for r in rows)


def test_pareto_chart_with_a_single_point_and_missing_kpis():
    only = [{"shares": CURRENT, "total_budget": 1.0, "kpis": {}, "recommended": True,
             "current": False, "feasible": True}]
    spec = bc.pareto_chart(only, "zh").to_dict()
    row = _rows(spec)[0]
    assert row["x"] is None or np.isnan(row["x"])


# --- shares and response curves ------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_shares_bars_show_both_splits_per_channel(lang):
    bounds = {c: (0.0, 1.0) for c in CHANNELS}
    bounds["esg_content"] = (0.10, 0.30)
    spec = bc.shares_bars(CURRENT, BETTER, lang, bounds=bounds).to_dict()
    assert spec["title"]["text"] == t("optimiser.shares_title", lang)
    df = bc.shares_frame(CURRENT, BETTER, lang, bounds)
    assert len(df) == 2 * len(CHANNELS)
    assert set(df["channel_label"]) == {CHANNEL_LABELS[c][0 if lang == "zh" else 1] for c in CHANNELS}
    pivot = df.pivot(index="channel", columns="series", values="share")
    assert pivot["current"].to_dict() == CURRENT and pivot["recommended"].to_dict() == BETTER
    esg = df[df["channel"] == "esg_content"].iloc[0]
    assert (esg["low"], esg["high"]) == (0.10, 0.30)
    marks = [u["mark"]["type"] for u in _units(spec)]
    assert marks == ["bar", "bar", "text"]           # the allowed range, the bars, the values
    bars = [u for u in _units(spec) if u["mark"]["type"] == "bar"][1]
    colours = bars["encoding"]["color"]["scale"]
    assert colours["range"] == [bc.CURRENT_COLOUR, bc.RECOMMENDED_COLOUR]
    assert colours["domain"] == [t("optimiser.series_current", lang),
                                 t("optimiser.series_recommended", lang)]
    plain = bc.shares_bars(CURRENT, BETTER, lang).to_dict()
    assert [u["mark"]["type"] for u in _units(plain)] == ["bar", "text"]
    # a Pareto point's split under its own name
    point = bc.shares_bars(CURRENT, BETTER, lang, other="#3").to_dict()
    bars = [u for u in _units(point) if u["mark"]["type"] == "bar"][0]
    assert bars["encoding"]["color"]["scale"]["domain"] == [t("optimiser.series_current", lang),
                                                            "#3"]


def test_response_chart_marks_the_current_and_the_recommended_spend():
    current = Scenario()
    recommended = current.with_changes({"marketing.shares": BETTER})
    spec = bc.response_chart(current, recommended, "en").to_dict()
    assert [p["title"] for p in spec["concat"]] == [CHANNEL_LABELS[c][1] for c in ACQUISITION_CHANNELS]
    names = bc.response_names("en")
    dots = [row for row in _rows(spec) if "spend" in row and row["scenario"] in names]
    budget = current.marketing.monthly_budget_cny
    for channel in ACQUISITION_CHANNELS:
        for name, shares in zip(names, (current.marketing.shares.as_dict(), BETTER), strict=True):
            spends = {round(r["spend"], 6) for r in dots
                      if r["channel"] == channel and r["scenario"] == name}
            assert round(budget * shares[channel], 6) in spends, (channel, name)
    colours = [u["encoding"]["color"]["scale"] for u in _units(spec)][0]
    assert colours["range"][0] == bc.CURRENT_COLOUR         # the current spend in grey
