"""Shops drawn from a region, and each shop as a scenario (simulation.lab.shops, levers)."""

from __future__ import annotations

import dataclasses
import math
import time

import numpy as np
import pytest
from scipy import special

from simulation.category import CATEGORIES, CATEGORY_PROFILES
from simulation.engine import simulate
from simulation.lab.levers import LAB_BASE_SHARES, LEVER_LABELS, LEVERS, lever_changes
from simulation.lab.region import load_region
from simulation.lab.shops import ShopDraw, draw_shops, shop_scenario, shop_seed, staff_for
from simulation.loader import load_preset
from simulation.scenario import MAX_ORDERS, Scenario

N_DRAWS = 2000


@pytest.fixture(scope="module")
def metro():
    return load_region("metro_district")


@pytest.fixture(scope="module")
def county():
    return load_region("county_town")


@pytest.fixture(scope="module")
def metro_draws(metro):
    return draw_shops(metro, N_DRAWS, seed=7)


def _within(share: float, p: float, n: int, z: float = 4.0) -> bool:
    """A binomial proportion within z standard errors of p (exact when p is 0 or 1)."""
    return abs(share - p) <= z * math.sqrt(p * (1 - p) / n) + 1e-12


def test_shop_i_is_the_same_for_any_n_and_every_call(county):
    ten = draw_shops(county, 10, seed=3)
    forty = draw_shops(county, 40, seed=3)
    assert ten == forty[:10]
    assert draw_shops(county, 40, seed=3) == forty
    assert [s.index for s in forty] == list(range(40))
    other = draw_shops(county, 10, seed=4)
    assert other != ten
    # a region with other capability changes that attribute and nothing else
    changed = county.model_copy(update={"capability": county.capability.model_copy(
        update={"a": 5.0, "b": 2.0})})
    moved = draw_shops(changed, 10, seed=3)
    for a, b in zip(ten, moved, strict=True):
        assert dataclasses.replace(a, capability=0.0) == dataclasses.replace(b, capability=0.0)
    assert np.mean([s.capability for s in moved]) > np.mean([s.capability for s in ten])


def test_streams(county):
    ss = shop_seed(5, 12)
    assert ss.entropy == 5 and ss.spawn_key == (1, 12)
    assert len(draw_shops(county)) == county.shops
    assert draw_shops(county, 0) == []
    for bad in (county.shops + 1, -1, 2.5, True):
        with pytest.raises(ValueError):
            draw_shops(county, bad)
    with pytest.raises(ValueError):
        draw_shops(county, 5, seed=-1)
    assert draw_shops("county_town", 5) == draw_shops(county, 5)


def test_drawing_is_fast(metro):
    start = time.process_time()
    draw_shops(metro, N_DRAWS, seed=11)
    assert time.process_time() - start < 1.5


def test_category_and_rural_shares_match_the_region(metro, metro_draws):
    n = len(metro_draws)
    for c in CATEGORIES:
        p = metro.categories.shares.get(c, 0.0)
        share = sum(s.category == c for s in metro_draws) / n
        assert _within(share, p, n), (c, share, p)
    rural = sum(s.rural for s in metro_draws) / n
    assert _within(rural, metro.rural.share, n)
    for lever in LEVERS:
        p = metro.practices.probabilities.get(lever, 0.0)
        share = sum(lever in s.practices for s in metro_draws) / n
        assert _within(share, p, n), (lever, share, p)


def test_sizes_margins_and_capability_follow_their_laws(metro, metro_draws):
    n = len(metro_draws)
    o = metro.orders_per_year
    sizes = np.array([s.orders_per_year for s in metro_draws])
    assert sizes.min() >= o.min and sizes.max() <= o.max
    # the truncated lognormal's median: half the shops below it (binomial bounds)
    lo = special.ndtr(math.log(o.min / o.median) / o.sigma)
    hi = special.ndtr(math.log(o.max / o.median) / o.sigma)
    median = o.median * math.exp(o.sigma * special.ndtri((lo + hi) / 2))
    assert _within(float(np.mean(sizes < median)), 0.5, n)
    # heavy-tailed: the mean well above the median, most shops sell a few thousand orders
    assert sizes.mean() > 1.5 * np.median(sizes)
    assert 1_000 < np.median(sizes) < 10_000
    # log-sd close to sigma (truncation shrinks it a little)
    assert 0.85 * o.sigma < np.log(sizes).std() <= o.sigma * 1.05
    # margins around the category profile: mean offset 0 within 4 standard errors
    offsets = np.array([s.gross_margin - CATEGORY_PROFILES[s.category].gross_margin
                        for s in metro_draws])
    assert abs(offsets.mean()) < 4 * metro.margins.sd / math.sqrt(n)
    assert abs(offsets.std() - metro.margins.sd) < 0.1 * metro.margins.sd
    # capability: Beta(a, b) mean within 4 standard errors
    a, b = metro.capability.a, metro.capability.b
    caps = np.array([s.capability for s in metro_draws])
    sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    assert abs(caps.mean() - a / (a + b)) < 4 * sd / math.sqrt(n)
    assert caps.min() >= 0 and caps.max() <= 1


def test_shop_fields(metro, metro_draws):
    for s in metro_draws[:200]:
        assert isinstance(s, ShopDraw)
        assert s.size_band == ("micro" if s.orders_per_year < 5000 else
                               "small" if s.orders_per_year < 25000 else "medium")
        packers, cs = staff_for(metro, s.orders_per_year)
        assert s.staff == packers + cs and packers >= 1 and cs >= 1
        assert set(s.uniforms) == set(LEVERS)
        assert all(0 <= u < 1 for u in s.uniforms.values())
        assert s.practices <= set(LEVERS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        metro_draws[0].index = 5


@pytest.mark.parametrize("orders", [500, 2_000, 10_000, 50_000])
def test_expected_orders_are_calibrated_to_the_size(county, orders):
    for category, rural in (("apparel", False), ("food", True), ("electronics", False)):
        shop = dataclasses.replace(draw_shops(county, 1)[0], orders_per_year=float(orders),
                                   category=category, rural=rural)
        sc = shop_scenario(county, shop, frozenset(), horizon_days=365)
        assert sc.expected_orders() == pytest.approx(orders, rel=0.01)
        assert sc.shop.category == category
        assert sc.staff.packers >= 1 and sc.staff.cs_agents >= 1
    # a shop k times larger has about k times the budget, past buyers and overheads (a little
    # less: its larger CRM spend keeps customers longer, so it needs fewer of them)
    k = 10.0 if orders <= 10_000 else 2.0
    small = dataclasses.replace(shop, orders_per_year=float(orders))
    big = dataclasses.replace(shop, orders_per_year=float(orders) * k)
    s1, s2 = shop_scenario(county, small), shop_scenario(county, big)
    ratio = s2.marketing.monthly_budget_cny / s1.marketing.monthly_budget_cny
    assert 0.75 * k < ratio <= 1.02 * k
    assert s2.shop.overheads_cny_per_month / s1.shop.overheads_cny_per_month == \
        pytest.approx(ratio)
    assert s2.customers.initial_customers / s1.customers.initial_customers == \
        pytest.approx(ratio, rel=0.01)


def test_shop_scenario_applies_the_shop_levers_policy_and_horizon(county):
    shops = draw_shops(county, 40, seed=2)
    rural = next(s for s in shops if s.rural)
    urban = next(s for s in shops if not s.rural)
    sc = shop_scenario(county, rural, frozenset())
    assert sc.logistics.rural_share == county.rural.rural_parcel_share
    assert shop_scenario(county, urban).logistics.rural_share == county.rural.urban_parcel_share
    assert sc.shop.gross_margin == rural.gross_margin
    assert sc.shop.order_value_cny == CATEGORY_PROFILES[rural.category].order_value_cny
    assert sc.run.horizon_days == county.horizon_days
    assert sc.marketing.shares.community == 0
    assert sc.marketing.shares.as_dict() == pytest.approx(LAB_BASE_SHARES)
    full = shop_scenario(county, rural, frozenset(LEVERS),
                         policy={"policy.packaging_subsidy": 0.5}, horizon_days=30)
    assert full.packaging.option == "recycled_carton"
    assert full.logistics.electric_share == 0.6 and full.staff.training
    assert full.suppliers.audits_per_year == 4 and full.governance.footprint_page
    assert full.marketing.shares.community == pytest.approx(0.10)
    assert full.policy.packaging_subsidy == 0.5 and full.run.horizon_days == 30
    # the size does not move with the levers: the same past buyers and budget
    assert full.customers.initial_customers == sc.customers.initial_customers
    assert full.marketing.monthly_budget_cny == sc.marketing.monthly_budget_cny
    with pytest.raises(ValueError, match="not a policy parameter"):
        shop_scenario(county, rural, policy={"packaging.option": "reusable_box"})
    with pytest.raises(ValueError, match="unknown lever"):
        shop_scenario(county, rural, frozenset({"solar_roof"}))


def test_the_largest_shop_stays_within_the_workload_limit(metro):
    shop = dataclasses.replace(draw_shops(metro, 1)[0], orders_per_year=metro.orders_per_year.max)
    sc = shop_scenario(metro, shop, frozenset(LEVERS), horizon_days=730)
    assert sc.workload_orders() < MAX_ORDERS


def test_degenerate_region_gives_identical_shops():
    region = load_region("single_type")
    shops = draw_shops(region, 30, seed=9)
    first = dataclasses.replace(shops[0], index=0, uniforms={})
    for s in shops:
        assert dataclasses.replace(s, index=0, uniforms={}) == first
    fingerprints = {shop_scenario(region, s, s.practices).fingerprint() for s in shops}
    assert len(fingerprints) == 1
    assert first.orders_per_year == region.orders_per_year.median
    assert first.practices == frozenset() and first.capability == region.capability.value


def test_a_shop_simulates_reproducibly(county):
    shop = min(draw_shops(county, 10, seed=1), key=lambda s: s.orders_per_year)
    sc = shop_scenario(county, shop, shop.practices, horizon_days=30)
    a = simulate(sc, shop_seed(1, shop.index))
    b = simulate(sc, shop_seed(1, shop.index))
    assert {k: repr(v) for k, v in a.kpis.items()} == {k: repr(v) for k, v in b.kpis.items()}
    assert a.kpis["orders"] > 0


def test_levers_are_the_presets_interventions():
    for name in ("green_packaging", "green_logistics", "staff_welfare", "supplier_audits"):
        assert load_preset(name).changes == LEVERS[name], name
    assert set(LEVER_LABELS) == set(LEVERS)
    for zh, en in LEVER_LABELS.values():
        assert zh and en
    assert sum(LAB_BASE_SHARES.values()) == pytest.approx(1, abs=1e-12)
    joined = Scenario().with_changes(lever_changes({"community_marketing"}))
    assert joined.marketing.shares == Scenario().marketing.shares   # the baseline's split
