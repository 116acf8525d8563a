"""The MAC curve and the budget-constrained mix search on a tiny region: a grid point shares
the no-policy arm yet equals the full lab run of that policy; the increments, the sorted steps
and the greedy arithmetic; the search respects the budget."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from simulation.lab.mac import mac_curve, mac_steps, normalise_grid
from simulation.lab.run import run_lab
from simulation.lab.search import best_mix, greedy_mix, mix_label

REGION = "metro_district"
SHOPS, DAYS = 8, 30
GRID = {"policy.packaging_subsidy": [1.0, 0.5], "policy.carbon_price_cny_per_t": [1000]}


@pytest.fixture(scope="module")
def curve():
    results: dict = {}
    df = mac_curve(REGION, GRID, shops=SHOPS, seed=3, horizon_days=DAYS, workers=1, results=results)
    return df, results


def test_a_grid_point_equals_the_full_run_of_its_policy(curve):
    df, results = curve
    assert list(zip(df["instrument"], df["intensity"], strict=True)) == [
        ("policy.packaging_subsidy", 0.5), ("policy.packaging_subsidy", 1.0),
        ("policy.carbon_price_cny_per_t", 1000.0)]
    full = run_lab(REGION, {"policy.packaging_subsidy": 0.5}, shops=SHOPS, seed=3,
                   horizon_days=DAYS, workers=1)
    mine = results[("policy.packaging_subsidy", 0.5)]
    assert mine.tonnes_avoided == full.tonnes_avoided            # bit for bit
    assert mine.public_spend_cny == full.public_spend_cny
    assert mine.profit_change_cny == full.profit_change_cny
    assert [o.levers_policy for o in mine.outcomes] == [o.levers_policy for o in full.outcomes]
    assert len(results["base"]) == SHOPS
    assert all(ok for *_x, ok in mine.identities())


def test_increments_and_steps(curve):
    df, _ = curve
    pk = df[df["instrument"] == "policy.packaging_subsidy"].reset_index(drop=True)
    assert pk.loc[0, "step_from"] == 0 and pk.loc[1, "step_from"] == 0.5
    assert pk.loc[0, "marginal_tonnes"] == pk.loc[0, "tonnes_avoided"]
    assert pk.loc[1, "marginal_tonnes"] == pytest.approx(pk.loc[1, "tonnes_avoided"]
                                                         - pk.loc[0, "tonnes_avoided"])
    assert pk.loc[1, "marginal_public_spend_cny"] == pytest.approx(
        pk.loc[1, "public_spend_cny"] - pk.loc[0, "public_spend_cny"])
    for r in df.itertuples():
        if r.marginal_tonnes > 0:
            assert r.marginal_public_cost_per_tonne_cny == pytest.approx(
                r.marginal_public_spend_cny / r.marginal_tonnes)
        else:
            assert math.isnan(r.marginal_total_cost_per_tonne_cny)
    carbon = df[df["instrument"] == "policy.carbon_price_cny_per_t"].iloc[0]
    assert carbon["public_spend_cny"] == 0
    steps = mac_steps(df)
    valid = steps[steps["valid"]]
    assert list(valid["marginal_cost_per_tonne_cny"]) == sorted(valid["marginal_cost_per_tonne_cny"])
    assert list(valid["cumulative_tonnes"]) == pytest.approx(list(valid["marginal_tonnes"].cumsum()))
    assert not steps["valid"].iloc[len(valid):].any()
    assert len(steps) == len(df)


def test_the_grid_is_checked():
    from simulation.lab.instruments import INSTRUMENTS

    default = normalise_grid(None)
    assert set(default) == set(INSTRUMENTS) and all(default.values())
    assert default["policy.disclosure_mandate"] == [True]
    assert normalise_grid({"policy.packaging_subsidy": [0, 0.5, 0.25, 0.5]}) == {
        "policy.packaging_subsidy": [0.25, 0.5]}
    with pytest.raises(ValueError, match="policy.packaging_subsidy"):
        normalise_grid({"policy.packaging_subsidy": [2.0]})
    with pytest.raises(ValueError, match="policy.nope"):
        normalise_grid({"policy.nope": [1]})


def _curve(rows):
    from simulation.lab.mac import add_increments
    return add_increments([{"instrument": p, "intensity": v, "tonnes_avoided": t,
                            "public_spend_cny": s, "total_cost_cny": s, "tonnes_ci_low": t,
                            "tonnes_ci_high": t, "carbon_price_revenue_cny": 0.0,
                            "net_public_cost_cny": s, "profit_change_cny": 0.0,
                            "public_cost_per_tonne_cny": s / t, "total_cost_per_tonne_cny": s / t}
                           for p, v, t, s in rows])


def test_greedy_arithmetic():
    """a: 10 t for 100, then +10 t for +400; b: 8 t for 40; c (free): 1 t for 0. Budget 150:
    by ratio c (free), b (0.2 t/yuan), a@1 (0.1 t/yuan) → 140 spent; a@2 does not fit."""
    curve = _curve([("a", 1, 10.0, 100.0), ("a", 2, 20.0, 500.0), ("b", 1, 8.0, 40.0),
                    ("c", 1, 1.0, 0.0)])
    assert greedy_mix(curve, 150.0) == [("c", 1), ("b", 1), ("a", 1)]
    assert greedy_mix(curve, 500.0, by="tonnes") == [("a", 2), ("c", 1)]
    assert greedy_mix(curve, 0.0) == [("c", 1)]
    # a level can be skipped: a@2 straight from off when it is the better step
    curve2 = _curve([("a", 1, 1.0, 100.0), ("a", 2, 30.0, 200.0)])
    assert greedy_mix(curve2, 200.0) == [("a", 2)]


def test_best_mix_within_the_budget(curve):
    """Exhaustive over the fixture's grid (the MAC run's no-policy arm and single-instrument
    runs reused, so only the two combinations are simulated), then greedy."""
    _df, results = curve
    budget = 2_000_000
    found = best_mix(REGION, budget, GRID, shops=SHOPS, seed=3, horizon_days=DAYS, workers=1,
                     mac_results=results)
    assert found.method == "exhaustive" and found.runs == 5
    c = found.candidates
    assert isinstance(c, pd.DataFrame) and len(c) == 5
    assert list(c["feasible"]) == list(c["public_spend_cny"] <= budget)
    best = found.chosen_result
    assert best is not None and best.public_spend_cny <= budget and best.tonnes_avoided > 0
    assert best.tonnes_avoided == c[c["feasible"]]["tonnes_avoided"].max()
    assert mix_label(found.chosen) == c[c["feasible"]]["mix"].iloc[0]
    assert found.runner_up is not None and found.runner_up != found.chosen
    assert found.runner_up_result.tonnes_avoided <= best.tonnes_avoided
    doc = found.to_json()
    assert set(doc) >= {"budget_cny", "chosen", "runner_up", "candidates", "method"}
    assert doc["chosen"]["tonnes_avoided"] == pytest.approx(best.tonnes_avoided)
    # a combination run on the shared no-policy arm equals its own full run
    both = {"policy.packaging_subsidy": 0.5, "policy.carbon_price_cny_per_t": 1000.0}
    assert mix_label(both) == "policy.carbon_price_cny_per_t=1000; policy.packaging_subsidy=0.5"
    row = c[c["mix"] == mix_label(both)]
    full = run_lab(REGION, both, shops=SHOPS, seed=3, horizon_days=DAYS, workers=1)
    assert row["tonnes_avoided"].iloc[0] == full.tonnes_avoided
    assert row["public_spend_cny"].iloc[0] == full.public_spend_cny
    # a budget below every subsidy: only the (free) carbon price fits; greedy
    tight = best_mix(REGION, 1000, GRID, shops=SHOPS, seed=3, horizon_days=DAYS, workers=1,
                     method="greedy", mac_results=results)
    assert tight.method == "greedy"
    assert len(tight.candidates[tight.candidates["source"] == "single"]) == 3
    ok = tight.candidates[tight.candidates["feasible"] & (tight.candidates["tonnes_avoided"] > 0)]
    if len(ok):
        assert tight.chosen_result.tonnes_avoided == ok["tonnes_avoided"].max()
        assert set(tight.chosen) == {"policy.carbon_price_cny_per_t"}
    else:
        assert tight.chosen == {} and tight.chosen_result is None
        assert tight.to_json()["chosen"]["tonnes_avoided"] == 0
