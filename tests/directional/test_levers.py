"""Single levers move KPIs the documented way (simulation/METHODOLOGY.md, each lever's section)."""

from __future__ import annotations

import numpy as np
import pytest

from simulation import Scenario, compare_to, run_experiment
from simulation.marketing import expected_cac, response_curve

SEED = 99


def _paired(scenarios, reps, kpis):
    df = run_experiment(scenarios, replications=reps, seed=SEED)
    return compare_to(df, "base").set_index(["scenario", "kpi"]), df


def test_more_spend_buys_more_customers_at_rising_cac():
    base = Scenario().with_changes({"run.horizon_days": 120})
    budgets = [90_000, 180_000, 360_000]
    scs = {"base" if b == 180_000 else f"b{b}": base.with_changes(
        {"marketing.monthly_budget_cny": b}) for b in budgets}
    d, df = _paired(scs, 4, None)
    means = df.groupby("scenario")[["paid_customers_acquired", "cac_cny"]].mean()
    order = ["b90000", "base", "b360000"]
    cust = means.loc[order, "paid_customers_acquired"].to_numpy()
    cac = means.loc[order, "cac_cny"].to_numpy()
    assert np.all(np.diff(cust) > 0), cust
    assert np.all(np.diff(cac) > 0), cac
    assert d.loc[("b360000", "paid_customers_acquired")].ci_low > 0
    assert d.loc[("b360000", "cac_cny")].ci_low > 0
    # the steady-state response curve is increasing and concave (saturating)
    sc = Scenario()
    x = np.linspace(0, 400_000, 41)
    for ch in ("search", "feed", "livestream", "esg_content", "community"):
        y = response_curve(sc, ch, x)
        assert y[0] == 0 and np.all(np.diff(y) > 0)
        assert np.diff(y)[-1] < np.diff(y)[len(x) // 2]
    assert expected_cac(sc.with_changes({"marketing.monthly_budget_cny": 360_000})) > \
        expected_cac(sc) > expected_cac(sc.with_changes({"marketing.monthly_budget_cny": 90_000}))


def test_default_spend_gives_cac_near_185():
    assert 160 <= expected_cac(Scenario()) <= 210


def test_route_optimisation_and_electric_vehicles_cut_transport_carbon():
    base = Scenario().with_changes({"run.horizon_days": 90})
    scs = {"base": base,
           "route": base.with_changes({"logistics.route_optimisation": 0.25}),
           "ev": base.with_changes({"logistics.electric_share": 1.0}),
           "shared": base.with_changes({"logistics.consolidated_delivery": True})}
    d, _ = _paired(scs, 3, None)
    # per parcel: a lever that also lifts trust brings more orders, so total transport carbon
    # can rise while each parcel's falls (the levers act on the last mile only)
    for s in ("route", "ev", "shared"):
        assert d.loc[(s, "carbon_transport_kg_per_parcel")].ci_high < 0, s


def test_welfare_lowers_delays_through_experience_when_capacity_is_tight():
    """With two packers, each vacancy and each slow new hire shows in the queue; better
    welfare (same hours) means fewer quits, so shorter waits, fewer errors, more on time."""
    tight = Scenario().with_changes({"staff.packers": 2, "run.horizon_days": 365})
    welfare = tight.with_changes({"staff.wage_cny_per_month": 6500,
                                  "staff.full_social_insurance": True,
                                  "staff.training": True, "staff.health_checks": True,
                                  "staff.overtime_paid": True})
    # quits are rare events (a couple a year in a team of four), so this needs many
    # replications for the paired interval to separate from zero: at 20 the weakest of the
    # three (the wait) is 4.2 standard errors below zero against the 2.09 its interval needs
    # (at 24 it was 5.0, more than needed; at 16 only 3.3)
    d, _ = _paired({"base": tight, "welfare": welfare}, 20, None)
    assert d.loc[("welfare", "staff_turnover_rate")].ci_high < 0
    assert d.loc[("welfare", "fulfilment_wait_hours_mean")].ci_high < 0
    assert d.loc[("welfare", "wrong_item_rate")].ci_high < 0


def test_overtime_raises_capacity_now_and_quits_later():
    base = Scenario().with_changes({"staff.packers": 2, "staff.overtime_hours_per_day": 0,
                                    "run.horizon_days": 120})
    ot = base.with_changes({"staff.overtime_hours_per_day": 3})
    # capacity now: with nobody quitting, longer shifts shorten the queue
    steady = {"staff.base_quit_rate_per_year": 0}
    d, _ = _paired({"base": base.with_changes(steady), "ot": ot.with_changes(steady)}, 4, None)
    assert d.loc[("ot", "fulfilment_wait_hours_mean")].ci_high < 0
    # quits depend on welfare and overtime fatigue, not on volume: measure them precisely
    # on the same staff with demand switched off
    quiet = {"customers.initial_customers": 0, "marketing.monthly_budget_cny": 0,
             "customers.organic_new_per_day": 1, "run.horizon_days": 365}
    d2, df = _paired({"base": base.with_changes(quiet), "ot": ot.with_changes(quiet)}, 120, None)
    assert d2.loc[("ot", "staff_turnover_rate")].ci_low > 0


def test_audits_without_capability_building_achieve_less():
    base = Scenario().with_changes({"run.horizon_days": 120})
    scs = {"base": base,
           "monitor": base.with_changes({"suppliers.audits_per_year": 4}),
           "capability": base.with_changes({"suppliers.audits_per_year": 4,
                                            "suppliers.capability_building": True})}
    d, _ = _paired(scs, 4, None)
    mon = d.loc[("monitor", "defect_rate")]
    cap = d.loc[("capability", "defect_rate")]
    assert mon.ci_high < 0 and cap.ci_high < 0
    assert cap.diff_mean < mon.diff_mean


@pytest.mark.parametrize("option", ["recycled_carton", "degradable_mailer", "reusable_box"])
def test_green_packaging_costs_more_per_parcel(option):
    from simulation.packaging import packaging_factors

    std = packaging_factors(Scenario())
    g = packaging_factors(Scenario().with_changes({"packaging.option": option}))
    assert g.cost_per_parcel > std.cost_per_parcel
    assert g.green
    if option == "degradable_mailer":
        assert g.kg_per_parcel == std.kg_per_parcel     # no carbon gain without data
    else:
        assert g.kg_per_parcel < std.kg_per_parcel


def test_reusable_box_breaks_even_after_about_three_uses():
    from simulation.packaging import packaging_factors

    std = packaging_factors(Scenario()).kg_per_parcel
    kg = {r: packaging_factors(Scenario().with_changes(
        {"packaging.option": "reusable_box", "packaging.reusable_return_rate": r})).kg_per_parcel
        for r in (0.5, 0.6, 0.7, 0.95)}
    assert kg[0.5] > std            # 2 uses: worse than a standard parcel
    assert kg[0.7] < std            # 3.3 uses: better
    assert kg[0.95] < 0.3 * std     # 20 uses: most of the gain (Fashion for Good: up to −82%)


def test_green_packaging_brings_eco_minded_customers_back_sooner():
    """The mechanism alone, its direction: with trust gains and platform ranking off, green
    packaging changes nothing but eco-minded customers' experience, so each of them (the
    same customer, the same draws) buys again sooner and leaves less. At the default bonus
    (+0.05 satisfaction) the effect on repeat purchase within a year is about +0.2 to +0.5
    points, too small for a few replications to separate from the noise of the other
    draws; the dose is raised here (+0.3) to test the direction, not the size."""
    base = Scenario().with_changes({"governance.esg_trust_gain": 0,
                                    "marketing.ranking_elasticity": 0,
                                    "customers.green_packaging_bonus": 0.3})
    scs = {"base": base, "green": base.with_changes({"packaging.option": "recycled_carton"})}
    d, _ = _paired(scs, 4, None)
    assert d.loc[("green", "repeat_purchase_rate_eco")].ci_low > 0
    assert d.loc[("green", "orders")].ci_low > 0
    assert d.loc[("green", "customers_acquired")].diff_mean == 0   # arrivals untouched
    convenience = d.loc[("green", "repeat_purchase_rate_convenience")]
    assert convenience.ci_low <= 0 <= convenience.ci_high
