""""Why did this change?" (ui/explain.py): nothing is simulated until the button is pressed;
the change in each headline KPI is split by lever group, the groups' parts add up to the
change (an accounting identity of the Shapley attribution under common random numbers) and
a one-lever change is carried by its group; the baseline has nothing to explain. Short
horizons and two replications keep it quick."""

from __future__ import annotations

import math

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from simulation.analysis.attribution import Attribution
from ui import explain


def _app():
    import streamlit as st

    from simulation import Scenario
    from ui import explain
    changes = {"run.horizon_days": 30, **st.session_state.get("changes", {})}
    explain.draw(Scenario().with_changes(changes), st.session_state.setdefault("lang", "en"))


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setattr(explain, "REPLICATIONS", 2)


def new(changes: dict, lang: str = "en") -> AppTest:
    at = AppTest.from_function(_app, default_timeout=120)
    at.session_state["changes"] = changes
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_baseline_has_nothing_to_explain(small):
    at = new({})
    assert any("nothing to explain" in i.value or "no change to explain" in i.value for i in at.info)
    assert not at.button


def test_a_one_lever_change_is_carried_by_its_group(small):
    at = new({"packaging.option": "recycled_carton"})
    assert explain.RESULTS_KEY not in at.session_state or not at.session_state[explain.RESULTS_KEY]
    assert not at.dataframe                                    # on demand: nothing yet
    at.button(key="explain_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    (result,) = at.session_state[explain.RESULTS_KEY].values()
    assert result.players == ["E"] and result.replications == 2
    parts, totals = explain.contributions(result), explain.totals(result).set_index("kpi")
    for kpi in result.kpis:
        diff = totals.loc[kpi, "diff_mean"]
        if not math.isfinite(diff):                            # not measurable in 30 days
            continue
        part = parts[parts["kpi"] == kpi]["contribution"].sum()
        assert part == pytest.approx(diff, rel=1e-9, abs=1e-9)   # the identity
    assert totals.loc["carbon_kg_per_order", "diff_mean"] < 0    # a recycled carton: less CO2e
    table = at.dataframe[0].value
    assert list(table.columns) == ["KPI", "Baseline", "Current", "Change (95% interval)",
                                   "Environment (E)"]
    assert (table["Change (95% interval)"] == table["Environment (E)"]).all()
    assert " to " in table.loc[table["KPI"] == "Profit", "Change (95% interval)"].iloc[0]
    sentence = at.markdown[0].value
    assert sentence.startswith("Profit changed by") and "Environment (E)" in sentence
    # kept per scenario: a rerun shows it without the button
    at.run()
    assert at.dataframe and not [b for b in at.button if b.key == "explain_run"]
    at.session_state["lang"] = "zh"
    at.run()
    assert at.dataframe[0].value.columns[-1] == "环境（E）"
    assert at.markdown[0].value.startswith("利润变化")


def _fake(parts: dict[str, float], base: float = 100.0) -> Attribution:
    """An attribution of profit with the given group parts (two replications each)."""
    players = list(parts)
    shapley = {"profit_cny": np.array([[v - 1.0, v + 1.0] for v in parts.values()])}
    total = sum(parts.values())
    return Attribution(kpis=["profit_cny"], players=players,
                       player_paths={p: [] for p in players},
                       player_labels={p: (p, p) for p in players}, method="exact",
                       permutations=None, replications=2, seed=1, simulations=8,
                       base_values={"profit_cny": np.array([base, base])},
                       scenario_values={"profit_cny": np.array([base + total - 2.0, base + total + 2.0])},
                       shapley=shapley, perm_se={"profit_cny": np.full(len(players), np.nan)})


def test_the_sentence_names_the_biggest_parts_and_those_pulling_the_other_way():
    text = explain.sentence(_fake({"E": 500.0, "marketing": -3000.0, "policy": -1000.0}),
                            "profit_cny", "en")
    assert text.startswith("Profit changed by -¥3,500")
    assert "biggest contributions come from Marketing budget (-¥3,000), Policy (-¥1,000)" in text
    assert "Pulling the other way: Environment (E) (+¥500)" in text
    zh = explain.sentence(_fake({"E": 500.0, "marketing": -3000.0}), "profit_cny", "zh")
    assert "贡献最大的是营销预算（-¥3,000）" in zh and "方向相反的是环境（E）（+¥500）" in zh
    noisy = explain.sentence(_fake({"S": 1.0}), "profit_cny", "en")
    assert "cannot yet be told apart from chance" in noisy


def test_the_chart_has_a_bar_per_group_and_the_total():
    chart = explain.chart(_fake({"E": 500.0, "marketing": -3000.0}), "profit_cny", "en")
    data = chart.to_dict(validate=False)
    values = next(iter(data["datasets"].values()))
    assert [v["label"] for v in values] == ["Environment (E)", "Marketing budget", "Total change"]
    assert [v["kind"] for v in values] == ["improves", "worsens", "total"]
