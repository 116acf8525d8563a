"""Accounting identities: conservation of orders, and every total equals the sum of its parts."""

from __future__ import annotations

import math

import pytest

from simulation import Scenario, load_scenario, simulate
from simulation.marketing import DAYS_PER_MONTH
from simulation.records import COST_CATEGORIES

HORIZON = {"run.horizon_days": 120}


def _scenarios():
    base = Scenario().with_changes(HORIZON)
    return {
        "baseline": base,
        "full_esg": load_scenario("full_esg").with_changes(HORIZON),
        # stressed: one packer, short patience -> cancellations and a backlog at the end
        "stressed": base.with_changes({"staff.packers": 1, "customers.cancel_after_hours": 24}),
        "offsets_and_policy": load_scenario("policy_support").with_changes(
            {**HORIZON, "governance.offset_share": 0.5, "packaging.option": "reusable_box",
             "logistics.electric_share": 0.5}),
    }


@pytest.fixture(scope="module", params=list(_scenarios()))
def result(request):
    return simulate(_scenarios()[request.param], seed=11)


def test_orders_are_conserved(result):
    k = result.kpis
    assert k["orders"] == k["orders_shipped"] + k["orders_in_progress_end"] + k["orders_cancelled"]


def test_stressed_case_exercises_cancellations():
    k = simulate(_scenarios()["stressed"], seed=11).kpis
    assert k["orders_cancelled"] > 0
    assert k["orders_in_progress_end"] > 0


def test_cost_total_is_sum_of_categories(result):
    assert set(result.cost_by_category) == set(COST_CATEGORIES)
    total = sum(result.cost_by_category.values())
    assert result.kpis["cost_total_cny"] == pytest.approx(total, rel=1e-12, abs=1e-6)
    assert result.kpis["profit_cny"] == pytest.approx(
        result.kpis["revenue_cny"] - result.kpis["cost_total_cny"], rel=1e-12, abs=1e-6)


def test_carbon_total_is_sum_of_sources_and_of_scopes(result):
    k = result.kpis
    src = result.carbon_by_source
    assert k["carbon_kg_total"] == pytest.approx(sum(src.values()), rel=1e-12)
    assert k["carbon_kg_total"] == pytest.approx(sum(result.carbon_by_scope.values()), rel=1e-12)
    transport = sum(v for s, v in src.items() if s.startswith("transport_"))
    assert k["carbon_transport_kg"] == pytest.approx(transport, rel=1e-12)
    assert (k["carbon_packaging_kg"] + k["carbon_transport_kg"] + k["carbon_warehouse_kg"]
            == pytest.approx(k["carbon_kg_total"], rel=1e-12))
    assert k["carbon_scope2_kg"] == pytest.approx(k["carbon_warehouse_kg"])
    assert k["carbon_scope3_kg"] == pytest.approx(k["carbon_packaging_kg"]
                                                  + k["carbon_transport_kg"])


def test_daily_frame_sums_to_totals(result):
    d = result.daily
    k = result.kpis
    assert len(d) == result.scenario.run.horizon_days
    assert d["orders"].sum() == k["orders"]
    assert d["orders_shipped"].sum() == k["orders_shipped"]
    assert d["revenue_cny"].sum() == pytest.approx(k["revenue_cny"], rel=1e-9)
    assert d["cost_total_cny"].sum() == pytest.approx(k["cost_total_cny"], rel=1e-9)
    assert d["profit_cny"].sum() == pytest.approx(k["profit_cny"], rel=1e-9, abs=1e-3)
    assert d["carbon_kg_total"].sum() == pytest.approx(k["carbon_kg_total"], rel=1e-9)
    for c in COST_CATEGORIES:
        assert d[f"cost_{c}_cny"].sum() == pytest.approx(result.cost_by_category[c], rel=1e-9,
                                                         abs=1e-6)
    assert d["cost_total_cny"].to_numpy() == pytest.approx(
        sum(d[f"cost_{c}_cny"] for c in COST_CATEGORIES).to_numpy(), rel=1e-9, abs=1e-6)


def test_marketing_spend_equals_budget_over_horizon(result):
    sc = result.scenario
    expected = sc.marketing.monthly_budget_cny / DAYS_PER_MONTH * sc.run.horizon_days
    assert result.kpis["marketing_cny"] == pytest.approx(expected, rel=1e-9)
    by_channel = sum(result.daily[c].sum() for c in result.daily.columns
                     if c.startswith("marketing_") and c.endswith("_cny"))
    assert by_channel == pytest.approx(expected, rel=1e-9)


def test_offsets_and_carbon_price_follow_the_footprint():
    r = simulate(_scenarios()["offsets_and_policy"], seed=11)
    sc = r.scenario
    gross = r.kpis["carbon_kg_total"]
    net = r.kpis["carbon_kg_net"]
    assert net == pytest.approx(gross * (1 - sc.governance.offset_share))
    assert r.cost_by_category["offsets"] == pytest.approx(
        gross * sc.governance.offset_share / 1000 * sc.governance.offset_price_cny_per_t)
    assert r.cost_by_category["carbon_price"] == pytest.approx(
        net / 1000 * sc.policy.carbon_price_cny_per_t)
    # subsidies are paid (negative cost) for green packaging premium and electric parcels
    assert r.cost_by_category["subsidies"] < 0


def test_packaging_carbon_per_parcel_matches_the_factor():
    r = simulate(Scenario().with_changes(HORIZON), seed=5)
    assert r.kpis["carbon_packaging_kg_per_parcel"] == pytest.approx(0.29)
    reusable = Scenario().with_changes({**HORIZON, "packaging.option": "reusable_box",
                                        "packaging.reusable_return_rate": 0.9})
    r2 = simulate(reusable, seed=5)
    uses = min(20, 1 / (1 - 0.9))
    assert r2.kpis["carbon_packaging_kg_per_parcel"] == pytest.approx(0.87 / uses + 0.02)


def test_rates_are_fractions(result):
    for name in ("repeat_purchase_rate", "retention_90d", "on_time_rate", "defect_rate",
                 "satisfaction_mean", "return_rate"):
        v = result.kpis[name]
        assert 0.0 <= v <= 1.0 or math.isnan(v), name


def test_acquisition_by_channel_adds_up(result):
    d = result.daily
    by_channel = [c for c in d.columns if c.startswith("new_customers_")]
    assert len(by_channel) == 6
    assert (d[by_channel].sum(axis=1) == d["new_customers"]).all()
    assert d["new_customers"].sum() == result.kpis["customers_acquired"]
    assert d[[c for c in by_channel if not c.endswith("organic")]].sum().sum() == \
        result.kpis["paid_customers_acquired"]


def test_cohort_curves_are_shares(result):
    from simulation.metrics import cohort_retention

    c = cohort_retention(result)
    assert not c.empty
    assert ((c["share"] > 0) & (c["share"] <= 1)).all()
    assert (c["months_since"] >= 1).all()


def test_customer_value_is_margin_per_new_customer():
    r = simulate(Scenario().with_changes({"run.horizon_days": 240}), seed=2)
    v = r.kpis["customer_value_180d_cny"]
    sc = r.scenario
    # at least one order's contribution margin, on average (a first order always ships or
    # is cancelled; cancellations are rare)
    first_order_margin = sc.shop.order_value_cny * (sc.shop.gross_margin
                                                    - sc.policy.commission_rate) - 10
    assert 0.5 * first_order_margin < v < 5 * first_order_margin


def test_daily_active_customers_end_where_the_kpi_does(result):
    assert result.daily["active_customers"].iloc[-1] == result.kpis["active_customers_end"]


def test_daily_quits_and_hires_match_the_staff_records(result):
    d = result.daily
    assert d["quits"].sum() == result.kpis["staff_quits"]
    assert d["hires"].sum() <= d["quits"].sum()    # every hire fills a vacancy left by a quit
