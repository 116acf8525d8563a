"""The policy instruments of model 0.3.0: a disclosure mandate, public funding of the
merchant-community channel, a commission rebate for certified green shops, and the training
subsidy booked as a subsidy.

Every subsidy is rebuilt here from the raw records (the shipped record of ``run_shop``, the
daily frame's headcounts and hires), not from the sums the KPIs use, and compared with the
booked line; the public money identity (the split by instrument sums to the booked
subsidies) holds; with every new instrument at its default the presets' KPIs are bit for bit
those of model 0.2.0 (recorded before the change, seed 7, a 60-day small shop).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulation import Scenario, load_scenario, simulate
from simulation.certification import (CERTIFIED_MIN_ELECTRIC_SHARE, certified_green,
                                      footprint_page_shown)
from simulation.delivery import delivery_factors
from simulation.engine import run_shop
from simulation.marketing import DAYS_PER_MONTH, daily_spend
from simulation.metrics import SUBSIDY_INSTRUMENTS, SUBSIDY_LABELS
from simulation.packaging import packaging_factors
from simulation.records import SHIPPED
from simulation.scenario import MODEL_VERSION, parameter_rows

SEED = 7
SMALL = {"run.horizon_days": 60, "customers.initial_customers": 1500,
         "customers.organic_new_per_day": 4.0}
NEW_FIELDS = ("policy.disclosure_mandate", "policy.community_funding_cny_per_year",
              "policy.commission_rebate")
REL = 1e-9      # floating point: the same money added in another order


def _small(preset: str = "baseline", **changes) -> Scenario:
    return load_scenario(preset).with_changes({**SMALL, **changes})


def _shipped_rows(shop) -> list[dict]:
    return [dict(zip(SHIPPED, r, strict=True)) for r in shop.rec.shipped]


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


# -- the schema ----------------------------------------------------------------------------------

def test_model_version_is_0_3():
    assert MODEL_VERSION == "0.3.0"


@pytest.mark.parametrize("path", NEW_FIELDS)
def test_new_fields_are_policy_levers_with_labels_and_sources(path):
    row = parameter_rows()[path]
    assert row["group"] == "policy"
    assert row["label_zh"] and row["label_en"] and row["label_zh"] != row["label_en"]
    assert row["help_zh"] != row["label_zh"] and row["help_en"] != row["label_en"]
    assert row["source"]
    assert row["default"] in (0, 0.0, False)


def test_new_fields_bounds():
    rows = parameter_rows()
    assert (rows["policy.community_funding_cny_per_year"]["min"],
            rows["policy.community_funding_cny_per_year"]["max"]) == (0, 1_000_000)
    assert (rows["policy.commission_rebate"]["min"], rows["policy.commission_rebate"]["max"]) \
        == (0, 0.10)
    for bad in ({"policy.commission_rebate": 0.2}, {"policy.community_funding_cny_per_year": -1},
                {"policy.community_funding_cny_per_year": 2_000_000}):
        with pytest.raises(ValueError):
            Scenario().with_changes(bad)


def test_certification_rule():
    base = Scenario()
    assert not certified_green(base)
    green = base.with_changes({"packaging.option": "degradable_mailer",
                               "logistics.electric_share": CERTIFIED_MIN_ELECTRIC_SHARE})
    assert certified_green(green)
    assert not certified_green(green.with_changes({"logistics.electric_share": 0.49}))
    assert not certified_green(green.with_changes({"packaging.option": "standard"}))
    assert certified_green(load_scenario("full_esg"))


def test_footprint_page_shown_by_choice_or_mandate():
    sc = Scenario()
    assert not footprint_page_shown(sc)
    assert footprint_page_shown(sc.with_changes({"governance.footprint_page": True}))
    assert footprint_page_shown(sc.with_changes({"policy.disclosure_mandate": True}))


def test_subsidy_labels_cover_the_instruments():
    assert SUBSIDY_INSTRUMENTS == ("packaging", "green_logistics", "training", "community",
                                   "commission_rebate")
    for zh, en in SUBSIDY_LABELS.values():
        assert zh and en and zh != en


# -- defaults: the presets are those of model 0.2.0 ----------------------------------------------

NAN = float("nan")
# KPIs of model 0.2.0 (before the instruments), load_scenario(name) with SMALL, seed 7
V020 = {
    "baseline": {
        "orders": 2403.0, "customers_acquired": 1845.0, "active_customers_end": 2477.0,
        "repeat_purchase_rate": NAN, "retention_90d": NAN, "cac_cny": 187.09221861319034,
        "marketing_cny": 355068.49315068475, "revenue_cny": 485261.0807888875,
        "cost_total_cny": 860659.3209866318, "cost_per_order_cny": 359.80740843922734,
        "profit_cny": -375398.2401977443, "carbon_kg_total": 2052.8573728,
        "carbon_kg_per_order": 0.8582179652173914, "carbon_packaging_kg": 703.5399999999995,
        "carbon_transport_kg": 885.9125568000003, "carbon_warehouse_kg": 463.40481600000015,
        "on_time_rate": 0.8168896321070234, "fulfilment_wait_hours_mean": 5.169515874983982,
        "staff_turnover_rate": 0.0, "defect_rate": 0.03177257525083612,
        "satisfaction_mean": 0.8456301690626974, "carbon_kg_net": 2052.8573728,
        "carbon_packaging_kg_per_parcel": 0.2899999999999998, "carbon_scope1_kg": 0.0,
        "carbon_scope2_kg": 463.40481600000015, "carbon_scope3_kg": 1589.4525568,
        "marketing_share_of_revenue": 0.7317061005046004, "esg_share_of_budget": 0.04,
        "esg_spend_cny": 14202.739726027407, "profit_margin": -0.7736005524849849,
        "orders_shipped": 2392.0, "orders_cancelled": 0.0, "orders_in_progress_end": 11.0,
        "paid_customers_acquired": 1746.0, "return_rate": 0.21780936454849498,
        "wrong_item_rate": 0.014214046822742474, "customer_value_180d_cny": NAN,
        "repeat_purchase_rate_eco": NAN, "repeat_purchase_rate_price": NAN,
        "repeat_purchase_rate_convenience": NAN, "churn_30d": 0.10515631343889566,
        "buyers_5plus_share": 0.008672086720867209,
        "carbon_transport_kg_per_parcel": 0.36517417840065963,
        "cs_wait_hours_mean": 4.978365476476915,
        "staff_quits": 0.0, "trust_mean": 1.0011261373167224, "scandals": 0.0,
        "fulfilment_sojourn_hours_mean": 5.302368010983158,
        "fulfilment_in_system_mean": 8.87855655794587, "order_rate_per_hour": 1.66875,
    },
    "full_esg": {
        "orders": 2332.0, "customers_acquired": 1686.0, "active_customers_end": 2318.0,
        "repeat_purchase_rate": NAN, "retention_90d": NAN, "cac_cny": 184.50960987551443,
        "marketing_cny": 355068.4931506849, "revenue_cny": 482874.66931940254,
        "cost_total_cny": 899010.9947099895, "cost_per_order_cny": 387.67183902974966,
        "profit_cny": -416136.325390587, "carbon_kg_total": 1684.411257600001,
        "carbon_kg_per_order": 0.7263524181112553, "carbon_packaging_kg": 446.88000000000034,
        "carbon_transport_kg": 788.2616256000005, "carbon_warehouse_kg": 449.26963200000006,
        "on_time_rate": 0.8201811125485123, "fulfilment_wait_hours_mean": 4.995410742499786,
        "staff_turnover_rate": 0.0, "defect_rate": 0.013367830961621389,
        "satisfaction_mean": 0.877140831617029, "carbon_kg_net": 1684.411257600001,
        "carbon_packaging_kg_per_parcel": 0.19000000000000014, "carbon_scope1_kg": 0.0,
        "carbon_scope2_kg": 449.26963200000006, "carbon_scope3_kg": 1235.1416256000007,
        "marketing_share_of_revenue": 0.7353222600206869, "esg_share_of_budget": 0.15,
        "esg_spend_cny": 64767.12328767119, "profit_margin": -0.8617895115043387,
        "orders_shipped": 2319.0, "orders_cancelled": 0.0, "orders_in_progress_end": 13.0,
        "paid_customers_acquired": 1578.0, "return_rate": 0.2013799051315222,
        "wrong_item_rate": 0.014230271668822769, "customer_value_180d_cny": NAN,
        "repeat_purchase_rate_eco": NAN, "repeat_purchase_rate_price": NAN,
        "repeat_purchase_rate_convenience": NAN, "churn_30d": 0.10979228486646884,
        "buyers_5plus_share": 0.013048635824436536,
        "carbon_transport_kg_per_parcel": 0.335145248979592,
        "cs_wait_hours_mean": 4.589459673934192,
        "staff_quits": 0.0, "trust_mean": 1.0375379105574123, "scandals": 0.0,
        "fulfilment_sojourn_hours_mean": 5.127062972141438,
        "fulfilment_in_system_mean": 8.325468424705067, "order_rate_per_hour": 1.6194444444444445,
    },
}
# full_esg_policy under model 0.2.0: the training subsidy was netted off the wages
V020_FULL_ESG_POLICY = {"profit_cny": -414589.0887081276, "cost_total_cny": 897463.7580275302,
                        "wages": 89141.37931034484, "subsidies": -893.7600000000007}


@pytest.mark.parametrize("preset", sorted(V020))
def test_defaults_leave_the_presets_bit_identical_to_0_2(preset):
    r = simulate(_small(preset), seed=SEED)
    changed = {k: (v, r.kpis[k]) for k, v in V020[preset].items() if not _same(v, r.kpis[k])}
    assert not changed
    assert set(r.kpis) == set(V020[preset])


def test_training_subsidy_leaves_profit_as_in_0_2_but_is_booked():
    r = simulate(_small("full_esg_policy"), seed=SEED)
    old = V020_FULL_ESG_POLICY
    for k in ("profit_cny", "cost_total_cny"):
        assert r.kpis[k] == pytest.approx(old[k], rel=1e-12)
    training = r.extras["subsidies_by_instrument"]["training"]
    assert training > 0
    # the full training cost is now in wages, and the subsidy on its own line
    assert r.cost_by_category["wages"] - old["wages"] == pytest.approx(training, rel=REL)
    assert old["subsidies"] - r.cost_by_category["subsidies"] == pytest.approx(training, rel=REL)


# -- each instrument rebuilt from the raw records -----------------------------------------------

@pytest.fixture(scope="module")
def everything_on():
    """A certified green shop with staff training and quits (so hires happen), every subsidy
    instrument on: the finished shop (raw records) and the result of the same run."""
    sc = _small("full_esg", **{
        "policy.packaging_subsidy": 0.5, "policy.green_logistics_subsidy_cny": 0.3,
        "policy.training_subsidy": 0.6, "policy.commission_rebate": 0.03,
        "policy.community_funding_cny_per_year": 120_000, "staff.base_quit_rate_per_year": 4.0,
        "staff.hiring_delay_days": 2.0})
    assert certified_green(sc)
    return run_shop(sc, SEED), simulate(sc, SEED)


def test_packaging_and_logistics_subsidies_from_the_shipped_record(everything_on):
    shop, r = everything_on
    sc = r.scenario
    pk, dv = packaging_factors(sc), delivery_factors(sc)
    parcels = math.fsum(1 + int(row["wrong"]) for row in _shipped_rows(shop))
    booked = r.extras["subsidies_by_instrument"]
    assert booked["packaging"] == pytest.approx(
        parcels * sc.policy.packaging_subsidy * pk.premium_per_parcel, rel=REL)
    assert booked["green_logistics"] == pytest.approx(
        parcels * sc.policy.green_logistics_subsidy_cny * dv.electric_share, rel=REL)
    assert booked["packaging"] > 0 and booked["green_logistics"] > 0


def test_commission_rebate_from_the_shipped_record(everything_on):
    shop, r = everything_on
    rows = _shipped_rows(shop)
    kept_sales = math.fsum(row["value"] for row in rows if not row["returned"])
    rebate = r.extras["subsidies_by_instrument"]["commission_rebate"]
    assert rebate == pytest.approx(r.scenario.policy.commission_rebate * kept_sales, rel=REL)
    # the commission itself is booked in full
    assert r.cost_by_category["commission"] == pytest.approx(
        r.scenario.policy.commission_rate * kept_sales, rel=REL)


def test_training_subsidy_from_headcounts_and_hires(everything_on):
    _, r = everything_on
    sc, d = r.scenario, r.daily
    assert d["hires"].sum() > 0     # the per-hire training cost is exercised too
    person_days = float((d["packers"] + d["cs_agents"]).sum())
    cost = (person_days * sc.staff.training_cost_per_person_year_cny / 365.0
            + float(d["hires"].sum()) * sc.staff.training_cost_per_hire_cny)
    assert r.extras["subsidies_by_instrument"]["training"] == pytest.approx(
        sc.policy.training_subsidy * cost, rel=REL)


def test_community_funding_is_marketing_and_an_equal_subsidy(everything_on):
    _, r = everything_on
    sc, days = r.scenario, r.scenario.run.horizon_days
    funded = sc.policy.community_funding_cny_per_year / 365.0 * days
    assert r.extras["subsidies_by_instrument"]["community"] == pytest.approx(funded, rel=REL)
    own = sc.marketing.monthly_budget_cny / DAYS_PER_MONTH * days
    assert r.kpis["marketing_cny"] == pytest.approx(own + funded, rel=REL)
    assert r.daily["marketing_community_cny"].sum() == pytest.approx(
        own * sc.marketing.shares.community + funded, rel=REL)


def test_public_money_identity(everything_on):
    _, r = everything_on
    split = r.extras["subsidies_by_instrument"]
    assert tuple(split) == SUBSIDY_INSTRUMENTS
    assert all(v > 0 for v in split.values())
    assert math.fsum(split.values()) == pytest.approx(-r.cost_by_category["subsidies"], rel=REL)
    assert r.daily["cost_subsidies_cny"].sum() == pytest.approx(r.cost_by_category["subsidies"],
                                                                rel=REL)
    assert r.kpis["cost_total_cny"] == pytest.approx(math.fsum(r.cost_by_category.values()),
                                                     rel=REL)


def test_no_policy_no_subsidy():
    r = simulate(_small("full_esg"), seed=SEED)
    assert r.extras["subsidies_by_instrument"] == {k: 0.0 for k in SUBSIDY_INSTRUMENTS}
    assert r.cost_by_category["subsidies"] == 0.0


# -- behaviour -----------------------------------------------------------------------------------

def test_mandate_is_the_footprint_page():
    base = _small("full_esg", **{"governance.footprint_page": False})
    page = simulate(base.with_changes({"governance.footprint_page": True}), seed=SEED)
    mandate = simulate(base.with_changes({"policy.disclosure_mandate": True}), seed=SEED)
    neither = simulate(base, seed=SEED)
    assert all(_same(page.kpis[k], v) for k, v in mandate.kpis.items())
    assert page.cost_by_category == mandate.cost_by_category
    # and the page matters here, so the equality is not vacuous
    assert mandate.kpis["trust_mean"] > neither.kpis["trust_mean"]
    assert mandate.extras["subsidies_by_instrument"]["packaging"] == 0.0


def test_community_funding_brings_customers_at_no_net_cost():
    base = _small()
    funding = 600_000.0
    funded = simulate(base.with_changes({"policy.community_funding_cny_per_year": funding}),
                      seed=SEED)
    unfunded = simulate(base, seed=SEED)
    n1 = funded.daily["new_customers_community"].sum()
    n0 = unfunded.daily["new_customers_community"].sum()
    assert n1 - n0 > 3.0 * math.sqrt(n0 + n1), (n0, n1)
    # the same community spend paid by the shop itself: a bigger budget, the same spend on
    # every channel (the same customers, same seed); profit lower by exactly the funding
    m, days = base.marketing, base.run.horizon_days
    extra_month = funding / 365.0 * DAYS_PER_MONTH
    budget = m.monthly_budget_cny + extra_month
    shares = {c: getattr(m.shares, c) * m.monthly_budget_cny / budget
              for c in ("search", "feed", "livestream", "crm", "esg_content", "community")}
    shares["community"] += extra_month / budget
    paid = base.with_changes({"marketing.monthly_budget_cny": budget,
                              **{f"marketing.shares.{c}": v for c, v in shares.items()}})
    assert daily_spend(paid) == pytest.approx(daily_spend(funded.scenario), rel=1e-12)
    by_shop = simulate(paid, seed=SEED)
    assert by_shop.kpis["orders"] == funded.kpis["orders"]
    assert by_shop.kpis["revenue_cny"] == pytest.approx(funded.kpis["revenue_cny"], rel=REL)
    assert funded.kpis["profit_cny"] - by_shop.kpis["profit_cny"] == pytest.approx(
        funding / 365.0 * days, rel=1e-6)
    assert by_shop.extras["subsidies_by_instrument"]["community"] == 0.0


def test_rebate_only_for_certified_shops():
    rebate = {"policy.commission_rebate": 0.05}
    for changes in ({"packaging.option": "standard", "logistics.electric_share": 1.0},
                    {"packaging.option": "recycled_carton", "logistics.electric_share": 0.3}):
        sc = _small(**changes)
        assert not certified_green(sc)
        without, with_ = simulate(sc, seed=SEED), simulate(sc.with_changes(rebate), seed=SEED)
        assert with_.extras["subsidies_by_instrument"]["commission_rebate"] == 0.0
        assert all(_same(without.kpis[k], v) for k, v in with_.kpis.items())
    certified = _small(**{"packaging.option": "recycled_carton", "logistics.electric_share": 0.5})
    without = simulate(certified, seed=SEED)
    with_ = simulate(certified.with_changes(rebate), seed=SEED)
    paid = with_.extras["subsidies_by_instrument"]["commission_rebate"]
    assert paid > 0
    assert with_.kpis["orders"] == without.kpis["orders"]     # money only: the same run
    assert with_.kpis["profit_cny"] - without.kpis["profit_cny"] == pytest.approx(paid, rel=1e-6)


def test_training_subsidy_changes_profit_by_the_booked_subsidy_only():
    sc = _small("full_esg", **{"staff.base_quit_rate_per_year": 4.0, "staff.hiring_delay_days": 2.0})
    none = simulate(sc, seed=SEED)
    half = simulate(sc.with_changes({"policy.training_subsidy": 0.5}), seed=SEED)
    training = half.extras["subsidies_by_instrument"]["training"]
    assert training > 0
    for k in ("wages", "hiring_training"):
        assert half.cost_by_category[k] == none.cost_by_category[k]
    assert half.kpis["profit_cny"] - none.kpis["profit_cny"] == pytest.approx(training, rel=1e-6)
    assert np.array_equal(half.daily["orders"], none.daily["orders"])
