"""``Scenario.expected_orders``: the work a run asks of the server (what the app's limits
and the per-session hourly quota count) is close to what the run simulates, erring high
(the platform ranking is taken at its steady value, where a run starts at the reference;
brand trust at its highest), where ``workload_orders`` (the schema's bound) is five to six
times the simulated number."""

from __future__ import annotations

import numpy as np
import pytest

from simulation import Scenario, load_scenario, simulate

SHORT = {"run.horizon_days": 120}
CASES = {
    "baseline": {},
    "full ESG": "full_esg",
    "big budget": {"marketing.monthly_budget_cny": 1_200_000},
    "no marketing": {"marketing.monthly_budget_cny": 0},
    "no repeat buying": {"customers.repurchase_enabled": False},
    "a new shop": {"customers.initial_state": "new_cohort", "customers.initial_customers": 2000},
    "membership": {"marketing.membership": True},
}


def _scenario(case) -> Scenario:
    base = load_scenario(case) if isinstance(case, str) else Scenario().with_changes(case)
    return base.with_changes(SHORT)


@pytest.mark.parametrize("name", sorted(CASES))
def test_expected_orders_are_close_to_the_simulated(name):
    sc = _scenario(CASES[name])
    simulated = np.mean([simulate(sc, seed).kpis["orders"] for seed in (1, 2)])
    expected = sc.expected_orders()
    assert 0.8 * simulated <= expected <= 1.75 * simulated, (expected, simulated)
    assert sc.workload_orders() >= expected


def test_expected_orders_grow_with_the_horizon_and_the_budget():
    sc = Scenario()
    assert sc.with_changes({"run.horizon_days": 730}).expected_orders() > 1.8 * sc.with_changes(
        {"run.horizon_days": 365}).expected_orders()
    assert sc.with_changes({"marketing.monthly_budget_cny": 600_000}).expected_orders() > \
        sc.expected_orders()
