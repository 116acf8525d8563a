"""The budget optimiser against an optimum worked out by hand.

With repurchase, festivals, organic traffic, the initial base and trust effects switched off,
the customers a run acquires are Poisson arrivals at the channels' steady Hill responses, so
the expected count is horizon × Σ response(share × budget), a smooth concave function of the
shares; its maximum over the simplex equalises the channels' marginal returns. SLSQP on that
formula gives the answer the simulation-based optimiser must find.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize

from simulation import Scenario
from simulation import marketing as mk
from simulation.analysis import optimise_budget, parse_constraint
from simulation.scenario import ACQUISITION_CHANNELS, CHANNELS

HORIZON = 180
SEED = 7
SHARE_TOL = 0.02        # two percentage points of the budget per channel
REGRET_TOL = 1e-3       # expected customers within 0.1% of the optimum


@pytest.fixture(scope="module")
def hill_shop() -> Scenario:
    return Scenario().with_changes({
        "run.horizon_days": HORIZON, "customers.initial_customers": 0,
        "customers.repurchase_enabled": False, "customers.organic_new_per_day": 0,
        "marketing.festivals": False, "governance.esg_trust_gain": 0.0})


def expected_customers(sc: Scenario, x: np.ndarray) -> float:
    budget = sc.marketing.monthly_budget_cny
    return HORIZON / mk.DAYS_PER_MONTH * sum(
        float(mk.response_curve(sc, c, np.array([budget * x[i]]))[0])
        for i, c in enumerate(CHANNELS) if c in ACQUISITION_CHANNELS)


def marginal(sc: Scenario, channel: str, spend: float, h: float = 20.0) -> float:
    """New customers a month per extra 1,000 CNY a month at this monthly spend."""
    up, down = mk.response_curve(sc, channel, np.array([spend + h, spend - h]))
    return float((up - down) / (2 * h) * 1000)


def hand_optimum(sc: Scenario, lo=None, hi=None) -> tuple[np.ndarray, float]:
    lo = np.zeros(6) if lo is None else lo
    hi = np.ones(6) if hi is None else hi
    x0 = np.clip(np.full(6, 1 / 6), lo, hi)
    scale = expected_customers(sc, x0)         # a well-scaled objective near 1
    r = minimize(lambda x: -expected_customers(sc, x) / scale, x0, method="SLSQP",
                 bounds=list(zip(lo, hi, strict=False)),
                 constraints=[{"type": "eq", "fun": lambda x: x.sum() - 1}],
                 options={"ftol": 1e-12, "maxiter": 500})
    assert r.success, r.message
    return r.x, -r.fun * scale


def shares(rec) -> np.ndarray:
    return np.array([rec.shares[c] for c in CHANNELS])


@pytest.fixture(scope="module")
def optimum(hill_shop):
    return optimise_budget(hill_shop, "customers_acquired", replications=8, seed=SEED,
                           workers=2)


def test_finds_the_hand_worked_optimum(hill_shop, optimum):
    rec = optimum
    best_x, best = hand_optimum(hill_shop)
    x = shares(rec)
    assert rec.feasible
    assert np.abs(x - best_x).max() < SHARE_TOL, dict(zip(CHANNELS, x.round(3), strict=False))
    assert expected_customers(hill_shop, x) >= best * (1 - REGRET_TOL)
    # the optimum equalises marginal returns across the channels it funds: the reported
    # returns sit at the hand optimum's common value, within what a share error of SHARE_TOL
    # moves a channel's marginal return
    m = rec.marginal.set_index("channel")
    budget = hill_shop.marketing.monthly_budget_cny
    funded = [c for c in ACQUISITION_CHANNELS if best_x[CHANNELS.index(c)] > 0.01]
    common = np.mean([marginal(hill_shop, c, budget * best_x[CHANNELS.index(c)])
                      for c in funded])
    for c in funded:
        spend = budget * best_x[CHANNELS.index(c)]
        allowed = abs(marginal(hill_shop, c, spend + SHARE_TOL * budget)
                      - marginal(hill_shop, c, spend))
        assert abs(m.loc[c, "new_customers_per_1000_cny"] - common) <= allowed, (c, common)
    assert m.loc["crm", "at_bound"] == "min"            # CRM buys no new customers
    # the confirmed mean agrees with the formula (Poisson counts: within 3 standard errors)
    k = rec.kpis["customers_acquired"]
    se = (k["ci_high"] - k["ci_low"]) / 2 / 2.365        # t(0.975, 7 df)
    assert abs(k["mean"] - expected_customers(hill_shop, x)) < 3 * se + 1e-9
    # and it beats the current split
    assert rec.prob_better > 0.95
    assert rec.difference["customers_acquired"]["ci_low"] > 0
    assert rec.simulations == rec.stages["design"] + rec.stages["confirm"]


def test_marginals_of_the_channels_inside_their_bounds_agree_within_error(hill_shop, optimum):
    """At the optimum the channels strictly inside their bounds give the same objective per
    ¥1,000 moved in (from the inside channels evenly): zero within the reported standard
    errors, and each reported marginal agrees with the formula's at the recommended split
    within three of them."""
    rec = optimum
    m = rec.marginal.set_index("channel")
    inside = [c for c in CHANNELS if not m.loc[c, "at_bound"]]
    assert len(inside) >= 3 and rec.marginal_check["inside"] == inside
    assert rec.marginal_check["consistent"] is True, rec.marginal_check
    assert not rec.marginal_check["multipliers"]          # no KPI constraint
    budget = hill_shop.marketing.monthly_budget_cny
    x = shares(rec)
    # the formula's customers per ¥1,000 a month more in each channel, over the horizon
    g = np.array([marginal(hill_shop, c, budget * x[i]) * HORIZON / mk.DAYS_PER_MONTH
                  if c in ACQUISITION_CHANNELS else 0.0 for i, c in enumerate(CHANNELS)])
    idx = [CHANNELS.index(c) for c in inside]
    truth = g - g[idx].mean()
    for c in inside:
        value, se = m.loc[c, "objective_per_1000_cny"], m.loc[c, "objective_per_1000_se"]
        assert np.isfinite(se) and se > 0
        assert abs(value) <= 3 * se, (c, value, se)
        assert abs(value - truth[CHANNELS.index(c)]) <= 3 * se, (c, value, truth, se)
    # and the formula itself says the inside channels are equal at this split (the errors
    # are not so wide that anything would pass): within a tenth of the spread across bounds
    assert np.ptp(g[idx]) < 0.1 * np.ptp(g) + 1e-9, dict(zip(CHANNELS, g.round(2), strict=True))


def test_respects_bounds_and_the_minimum_esg_share(hill_shop):
    max_share = {"livestream": 0.15, "search": 0.45}
    rec = optimise_budget(hill_shop, "customers_acquired", max_share=max_share,
                          min_share={"crm": 0.05}, min_esg_share=0.10, replications=6,
                          seed=SEED, workers=2)
    x = shares(rec)
    lo = np.array([0, 0, 0, 0.05, 0.10, 0])
    hi = np.array([0.45, 1, 0.15, 1, 1, 1])
    assert rec.feasible
    assert abs(x.sum() - 1) < 1e-9
    assert np.all(x >= lo - 1e-12) and np.all(x <= hi + 1e-12), x
    for point in rec.pareto:              # every simulated candidate is inside the bounds too
        if not point["current"]:
            p = np.array([point["shares"][c] for c in CHANNELS])
            assert np.all(p >= lo - 1e-12) and np.all(p <= hi + 1e-12)
    best_x, best = hand_optimum(hill_shop, lo, hi)
    assert np.abs(x - best_x).max() < SHARE_TOL, (x.round(3), best_x.round(3))
    assert expected_customers(hill_shop, x) >= best * (1 - REGRET_TOL)
    binding = {b["name"] for b in rec.binding_constraints}
    # the hand optimum puts livestream above 15% and ESG below 10%: both bounds bind
    assert best_x[2] == pytest.approx(0.15, abs=1e-6) and best_x[4] == pytest.approx(0.10)
    assert "max_share:livestream<=0.15" in binding
    assert "min_share:esg_content>=0.1" in binding
    assert "min_share:crm>=0.05" in binding
    assert rec.current_feasible is False        # the current split has ESG at 4%


def test_an_unreachable_constraint_is_named(hill_shop):
    rec = optimise_budget(hill_shop, "customers_acquired",
                          constraints=["customers_acquired>=1000000", "cost_total_cny<=1e12"],
                          replications=3, design_points=14, design_replications=1,
                          seed=SEED, workers=2)
    assert not rec.feasible
    assert [p["constraint"] for p in rec.infeasible] == ["customers_acquired>=1e+06"]
    reach = rec.infeasible[0]["best_reachable"]
    assert 0 < reach < 1_000_000
    assert rec.shares == rec.current_shares       # nothing recommended


def test_bounds_that_cannot_sum_to_one_cost_no_simulation(hill_shop):
    rec = optimise_budget(hill_shop, "customers_acquired",
                          min_share={"search": 0.6, "feed": 0.5})
    assert not rec.feasible and rec.simulations == 0
    assert rec.infeasible[0]["kind"] == "bounds"
    assert rec.infeasible[0]["best_reachable"] == pytest.approx(1.1)
    rec = optimise_budget(hill_shop, "customers_acquired",
                          max_share={c: 0.1 for c in CHANNELS})
    assert not rec.feasible and rec.infeasible[0]["constraint"] == "sum(max_share)>=1"


@pytest.mark.parametrize("kwargs, words", [
    ({"min_share": {"search": 0.5}, "max_share": {"search": 0.4}}, "above the maximum"),
    ({"min_share": {"tv": 0.1}}, "unknown channel 'tv'"),
    ({"max_share": {"feed": 1.5}}, "between 0 and 1"),
    ({"min_esg_share": -0.1}, "between 0 and 1"),
    ({"constraints": ["carbon<=5"]}, "unknown KPI 'carbon'"),
    ({"constraints": ["carbon_kg_total<5"]}, "KPI<=VALUE"),
    ({"levers": ["packaging.option"]}, "not an on/off lever"),
    ({"budget_range": (200_000, 100_000)}, "budget range"),
    ({"replications": 1}, "replications"),
    ({"design_points": 3}, "design_points"),
])
def test_bad_input_is_refused_with_a_named_reason(hill_shop, kwargs, words):
    with pytest.raises(ValueError, match=words):
        optimise_budget(hill_shop, "customers_acquired", **kwargs)


def test_constraint_text():
    c = parse_constraint(" carbon_kg_total <= 30,000 ")
    assert (c.kpi, c.op, c.limit, str(c)) == ("carbon_kg_total", "<=", 30000.0,
                                              "carbon_kg_total<=30000")
    assert c.satisfied(29999) and not c.satisfied(30001)
    assert c.slack(29000) == 1000 and c.violation(31000) == 1000
    assert parse_constraint(("retention_90d", ">=", 0.3)).satisfied(0.31)
    for bad in ("retention_90d=>0.3", "retention_90d>=x", "nope<=1", ""):
        with pytest.raises(ValueError):
            parse_constraint(bad)
