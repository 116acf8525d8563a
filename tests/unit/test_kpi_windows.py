"""KPIs defined over a fixed window keep their meaning at every horizon: measured when the
horizon can observe the window, missing (NaN, with the reason in Chinese and English) when
it cannot, never redefined; rates per year are annualised."""

from __future__ import annotations

import math

import pytest

from simulation import Scenario, simulate
from simulation.metrics import CUSTOMER_WINDOW_KPIS, missing_reason

SMALL = {"customers.initial_customers": 2000, "marketing.monthly_budget_cny": 60_000}


@pytest.mark.parametrize("kpi,shortest", [("repeat_purchase_rate", 364),
                                          ("retention_90d", 91), ("churn_30d", 30),
                                          ("customer_value_180d_cny", 181)])
def test_the_shortest_horizon_that_measures_each_window(kpi, shortest):
    assert missing_reason(kpi, shortest) is None
    zh, en = missing_reason(kpi, shortest - 1)
    assert f"{shortest - 1:g}-day horizon" in en and "天" in zh
    assert missing_reason("orders", 1) is None          # totals are never missing


def test_a_short_run_reports_nan_with_the_reason():
    r = simulate(Scenario().with_changes({**SMALL, "run.horizon_days": 100}), seed=4)
    missing = r.extras["missing"]
    assert set(missing) == {k for k in CUSTOMER_WINDOW_KPIS if missing_reason(k, 100)}
    assert "repeat_purchase_rate" in missing and "retention_90d" not in missing
    for k in missing:
        assert math.isnan(r.kpis[k])
    assert 0 <= r.kpis["retention_90d"] <= 1 and 0 <= r.kpis["churn_30d"] <= 1


def test_staff_turnover_is_per_year_at_any_horizon():
    """quits / mean headcount × 365 / horizon: rebuilt from the run's own records."""
    r = simulate(Scenario().with_changes({**SMALL, "run.horizon_days": 200}), seed=5)
    heads = (r.daily["packers"] + r.daily["cs_agents"]).mean()
    expected = r.kpis["staff_quits"] / heads * 365.0 / 200.0
    assert r.kpis["staff_turnover_rate"] == pytest.approx(expected, rel=1e-9)
