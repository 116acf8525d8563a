"""Issue 14's done-when: with adoption forced on and one shop type, the region's total equals
the number of shops times the single-shop result, within its interval.

The region ``single_type`` has N identical shops. The lab simulates n of them, each on its own
stream (``shop_seed``), with and without a policy whose lever every shop is forced to adopt.
The single-shop result is measured independently: the same shop's two scenarios through
``run_experiment`` (replications on the experiment's own seeds, common random numbers
between the two arms). The region's total carbon avoided must equal N times the single
shop's mean difference, within the combined 99% interval of the two estimates (both are
means of independent paired differences, so their difference is normal with the sum of
their variances); and the lab's own interval must contain N × the single-shop mean.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from simulation.experiment import run_experiment
from simulation.lab.region import load_region
from simulation.lab.run import run_lab
from simulation.lab.shops import draw_shops, shop_scenario

HORIZON = 60
SHOPS = 30            # shops the lab simulates
REPLICATIONS = 30     # replications of the single shop
POLICY = {"policy.packaging_subsidy": 0.5}
FORCED = frozenset({"green_packaging"})


@pytest.fixture(scope="module")
def single():
    region = load_region("single_type")
    lab = run_lab(region, POLICY, shops=SHOPS, seed=11, horizon_days=HORIZON, workers=1,
                  forced_levers=FORCED)
    shop = draw_shops(region, 1, seed=11)[0]
    base = shop_scenario(region, shop, shop.practices, horizon_days=HORIZON)
    pol = shop_scenario(region, shop, shop.practices | FORCED, POLICY, horizon_days=HORIZON)
    df = run_experiment({"base": base, "policy": pol}, replications=REPLICATIONS, seed=5,
                        workers=1)
    wide = df.pivot(index="replication", columns="scenario")
    return region, lab, wide


def test_every_shop_adopted_the_forced_lever(single):
    _, lab, _ = single
    assert all(FORCED <= o.levers_policy for o in lab.outcomes)
    assert all(not (FORCED & o.levers_base) for o in lab.outcomes)


def _check(total: float, ci: tuple[float, float], n_lab: int, per_shop: np.ndarray, N: int):
    lab_se = (ci[1] - ci[0]) / 2 / stats.t.ppf(0.975, n_lab - 1)
    one_mean = float(per_shop.mean())
    one_se = float(per_shop.std(ddof=1)) / math.sqrt(len(per_shop))
    expected = N * one_mean
    z = stats.norm.ppf(0.995)
    assert abs(total - expected) <= z * math.hypot(lab_se, N * one_se), (total, expected)
    return expected


def test_region_carbon_avoided_is_n_times_one_shop(single):
    region, lab, wide = single
    diff_t = (wide["carbon_kg_total"]["base"] - wide["carbon_kg_total"]["policy"]).to_numpy() / 1000
    assert diff_t.mean() > 0                                  # green packaging avoids carbon
    expected = _check(lab.tonnes_avoided, lab.tonnes_ci, lab.n_shops, diff_t, region.shops)
    lo, hi = lab.tonnes_ci
    # the lab's own interval covers N × one shop's mean, widened by that mean's own noise
    one_se = region.shops * diff_t.std(ddof=1) / math.sqrt(len(diff_t))
    assert lo - 3 * one_se <= expected <= hi + 3 * one_se


def test_region_profit_change_is_n_times_one_shop(single):
    region, lab, wide = single
    diff = (wide["profit_cny"]["policy"] - wide["profit_cny"]["base"]).to_numpy()
    _check(lab.profit_change_cny, lab.profit_change_ci, lab.n_shops, diff, region.shops)


def test_public_spend_is_n_times_one_shops_subsidy(single):
    """The packaging subsidy is paid per parcel: the region's spend is N × one shop's
    subsidy (half the premium on every parcel), within the same kind of interval."""
    region, lab, wide = single
    per_shop = np.array([o.policy.get("subsidies_packaging", np.nan) for o in lab.outcomes])
    assert np.isfinite(per_shop).all() and (per_shop > 0).all()
    assert lab.public_spend_cny == pytest.approx(region.shops * per_shop.mean(), rel=1e-9)
