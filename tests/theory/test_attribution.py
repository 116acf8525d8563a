"""Lever attribution obeys the Shapley axioms the product's waterfall relies on.

* Efficiency: the contributions add up exactly to the paired mean difference scenario − base
  (with common random numbers the identity holds replication by replication, so it is exact,
  not statistical), whether every coalition is simulated or permutations are sampled.
* Symmetry: two identical levers get identical contributions; swapping two levers swaps
  their contributions.
* Null player: a lever the KPI does not depend on contributes exactly nothing.
* With two levers the value is the closed form ½[(v(a) − v(∅)) + (v(ab) − v(b))], checked
  against an independent run_experiment.
"""

from __future__ import annotations

import pytest

from simulation import Scenario, load_preset, run_experiment
from simulation.analysis import attribute
from simulation.loader import diff_scenarios

SEED = 11
REPS = 3
SHORT = {"run.horizon_days": 60, "customers.initial_customers": 3000}
KPIS = ["profit_cny", "carbon_kg_total", "orders", "cost_total_cny", "on_time_rate"]


@pytest.fixture(scope="module")
def pair() -> tuple[Scenario, Scenario]:
    base = Scenario().with_changes(SHORT)
    changes = diff_scenarios(Scenario(), load_preset("full_esg").scenario)
    return base, base.with_changes(changes)


def assert_additive(att):
    table = att.table().set_index(["kpi", "player"])
    totals = att.totals().set_index("kpi")
    for kpi in att.kpis:
        total = table.loc[kpi, "contribution"].sum()
        diff = totals.loc[kpi, "diff_mean"]
        assert total == pytest.approx(diff, rel=1e-9, abs=1e-9), kpi
        wf = att.waterfall(kpi)
        assert wf["end"].iloc[-2] == pytest.approx(wf["end"].iloc[-1], rel=1e-9, abs=1e-9)


def test_exact_shapley_by_group_adds_up(pair):
    att = attribute(*pair, kpis=KPIS, replications=REPS, seed=SEED, workers=2)
    assert att.method == "exact"
    assert att.players == ["E", "S", "G", "marketing"]
    assert att.simulations == 2 ** 4 * REPS
    assert_additive(att)
    # the E group (packaging, electric vans, routes) makes nearly all the carbon cut
    t = att.table("carbon_kg_total").set_index("player")
    assert t.loc["E", "ci_high"] < 0
    assert abs(t.loc["E", "contribution"]) > 0.5 * abs(t["contribution"].sum())


def test_sampled_permutations_add_up_and_report_their_error(pair):
    base, _ = pair
    scenario = base.with_changes({
        "logistics.electric_share": 0.6, "logistics.route_optimisation": 0.2,
        "packaging.option": "recycled_carton", "staff.training": True,
        "marketing.shares": {"search": 0.3, "feed": 0.24, "livestream": 0.17, "crm": 0.08,
                             "esg_content": 0.11, "community": 0.10}})
    att = attribute(base, scenario, kpis=KPIS, replications=REPS, seed=SEED, by="lever",
                    permutations=4, exact_limit=3, workers=2)
    assert att.method == "permutations" and att.permutations == 4
    assert len(att.players) == 5
    assert "marketing.shares" in att.players       # the six shares move as one lever
    assert_additive(att)
    t = att.table("carbon_kg_total")
    assert t["perm_se"].notna().all() and (t["perm_se"] >= 0).all()


def test_identical_levers_share_equally_and_swapping_swaps(pair):
    base, _ = pair
    electric = {"logistics.electric_share": 0.6}
    packaging = {"packaging.option": "recycled_carton"}
    att = attribute(base, None, kpis=KPIS, replications=REPS, seed=SEED, workers=2,
                    players={"a": electric, "b": dict(electric), "c": packaging})
    t = att.table().set_index(["kpi", "player"])["contribution"]
    for kpi in KPIS:
        assert t[(kpi, "a")] == pytest.approx(t[(kpi, "b")], rel=1e-12, abs=1e-9)
    assert_additive(att)
    swapped = attribute(base, None, kpis=KPIS, replications=REPS, seed=SEED, workers=2,
                        players={"a": packaging, "c": electric, "b": electric})
    s = swapped.table().set_index(["kpi", "player"])["contribution"]
    for kpi in KPIS:
        assert s[(kpi, "a")] == pytest.approx(t[(kpi, "c")], rel=1e-12, abs=1e-9)
        assert s[(kpi, "c")] == pytest.approx(t[(kpi, "a")], rel=1e-12, abs=1e-9)


def test_a_lever_the_kpi_ignores_gets_nothing(pair):
    base, _ = pair
    att = attribute(base, None, kpis=["orders", "customers_acquired"], replications=REPS,
                    seed=SEED, workers=2,
                    players={"kwh": {"emissions.kwh_per_order": 0.5},
                             "packers": {"staff.packers": 4}})
    t = att.table().set_index(["kpi", "player"])
    assert t.loc[("orders", "kwh"), "contribution"] == 0.0
    assert t.loc[("customers_acquired", "kwh"), "contribution"] == 0.0


def test_two_levers_match_the_closed_form(pair):
    base, _ = pair
    a = {"logistics.electric_share": 0.6}
    b = {"logistics.route_optimisation": 0.2}
    att = attribute(base, None, kpis=["carbon_kg_total"], replications=REPS, seed=SEED,
                    workers=2, players={"a": a, "b": b})
    df = run_experiment({"0": base, "a": base.with_changes(a), "b": base.with_changes(b),
                         "ab": base.with_changes({**a, **b})}, replications=REPS, seed=SEED,
                        workers=2)
    v = df.groupby("scenario")["carbon_kg_total"].mean()
    phi_a = 0.5 * ((v["a"] - v["0"]) + (v["ab"] - v["b"]))
    t = att.table().set_index("player")["contribution"]
    assert t["a"] == pytest.approx(phi_a, rel=1e-9)
    assert t["a"] + t["b"] == pytest.approx(v["ab"] - v["0"], rel=1e-9)


def test_nothing_to_attribute_and_bad_players(pair):
    base, _ = pair
    att = attribute(base, base, kpis=["orders"], replications=2, seed=SEED, workers=1)
    assert att.players == [] and att.totals()["diff_mean"].iloc[0] == 0.0
    with pytest.raises(ValueError, match="disagree"):
        attribute(base, None, replications=2, players={"a": {"staff.packers": 4},
                                                       "b": {"staff.packers": 5}})
    with pytest.raises(ValueError, match="by must be"):
        attribute(base, base, by="colour")
    with pytest.raises(ValueError, match="invalid scenario"):
        attribute(base, None, replications=2,
                  players={"a": {"customers.eco_share": 0.7}, "b": {"staff.packers": 4}})
