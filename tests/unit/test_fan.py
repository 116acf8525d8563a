"""Fan-chart quantiles: per day across replications, cumulative within each replication."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulation.analysis import FAN_METRICS, fan_quantiles


def frame(n_reps: int = 21, days: int = 3) -> pd.DataFrame:
    rows = []
    for scenario, offset in (("base", 0.0), ("green", 100.0)):
        for r in range(n_reps):
            for d in range(days):
                rows.append({"scenario": scenario, "replication": r, "day": d,
                             "active_customers": offset + r, "carbon_kg_total": 1.0 + r,
                             "profit_cny": -5.0 if d == 0 else 10.0})
    return pd.DataFrame(rows).sample(frac=1.0, random_state=0)    # any row order


def test_quantiles_per_day_and_cumulative_sums():
    q = fan_quantiles(frame()).set_index(["scenario", "metric", "day"])
    assert set(q.index.get_level_values("metric")) == set(FAN_METRICS)
    # replications 0..20: the 5th/25th/50th/75th/95th percentiles are 1, 5, 10, 15, 19
    row = q.loc[("base", "active_customers", 2)]
    assert list(row[["p05", "p25", "p50", "p75", "p95"]]) == [1, 5, 10, 15, 19]
    assert q.loc[("green", "active_customers", 0), "p50"] == 110
    # cumulative carbon on day 2 is 3 × (1 + r): its median is 3 × 11
    assert q.loc[("base", "cumulative_carbon_kg", 2), "p50"] == 33
    assert list(q.loc["base"].loc["cumulative_profit_cny"]["p50"]) == [-5, 5, 15]
    assert (np.diff(q[["p05", "p25", "p50", "p75", "p95"]].to_numpy(), axis=1) >= 0).all()


def test_bad_frames_are_named():
    with pytest.raises(ValueError, match="replication"):
        fan_quantiles(frame().drop(columns="replication"))
    with pytest.raises(ValueError, match="unknown fan-chart metric"):
        fan_quantiles(frame(), metrics=("smiles",))
