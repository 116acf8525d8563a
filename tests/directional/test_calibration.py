"""The baseline lands inside every calibration band of MODEL.md.

The mean over replications must lie inside the band. Staff turnover is the noisiest figure
(five employees, a couple of quits a year), so besides the baseline's own replications it is
also measured precisely on many replications of the baseline's staff with demand switched
off: quits depend only on welfare and overtime, not on order volume.
"""

from __future__ import annotations

import numpy as np
import pytest

from simulation import Scenario, load_scenario, run_experiment, summarise

REPS = 16
BANDS = {
    "repeat_purchase_rate": (0.26, 0.30),
    "on_time_rate": (0.80, 0.84),
    "cac_cny": (160.0, 210.0),
    "staff_turnover_rate": (0.40, 0.60),
    "carbon_packaging_kg_per_parcel": (0.25, 0.35),
    "marketing_share_of_revenue": (0.25, 0.45),
}


@pytest.fixture(scope="module")
def baseline_summary():
    df = run_experiment({"baseline": load_scenario("baseline")}, replications=REPS, seed=314)
    return summarise(df).set_index("kpi")


@pytest.mark.parametrize("kpi", [k for k in BANDS if k != "staff_turnover_rate"])
def test_baseline_inside_band(baseline_summary, kpi):
    lo, hi = BANDS[kpi]
    m = baseline_summary.loc[kpi, "mean"]
    assert lo <= m <= hi, f"{kpi} = {m:.4g}, band [{lo}, {hi}]"


def test_staff_turnover_inside_band(baseline_summary):
    lo, hi = BANDS["staff_turnover_rate"]
    # the baseline's own 95% interval must overlap the band ...
    row = baseline_summary.loc["staff_turnover_rate"]
    assert row.ci_low <= hi and row.ci_high >= lo
    # ... and the precise estimate (same staff, no demand) must lie inside it
    staff_only = Scenario().with_changes({"customers.initial_customers": 0,
                                          "marketing.monthly_budget_cny": 0,
                                          "customers.organic_new_per_day": 1})
    df = run_experiment({"s": staff_only}, replications=160, seed=315)
    v = df["staff_turnover_rate"].to_numpy()
    assert lo <= v.mean() <= hi, f"turnover {v.mean():.3f} ± {v.std(ddof=1) / np.sqrt(len(v)):.3f}"


def test_profit_margin_is_thin_like_small_merchants(baseline_summary):
    # seed 002: small merchants' profit margin under 3%
    m = baseline_summary.loc["profit_margin", "mean"]
    assert -0.03 <= m <= 0.03
