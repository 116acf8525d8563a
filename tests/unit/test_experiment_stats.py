"""Intervals, paired comparisons and cost per tonne avoided, on constructed data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from simulation import abatement_cost, compare_to, summarise
from simulation.experiment import t_interval
from simulation.loader import ScenarioError, apply_changes
from simulation.scenario import MAX_ORDERS, Scenario


def _frame(values: dict[str, list[dict]]) -> pd.DataFrame:
    rows = []
    for name, reps in values.items():
        for i, kpis in enumerate(reps):
            rows.append({"scenario": name, "replication": i, **kpis})
    return pd.DataFrame(rows)


def test_t_interval_matches_scipy():
    v = np.array([1.0, 2.0, 4.0, 3.5, 2.5])
    m, lo, hi = t_interval(v)
    exp = stats.t.interval(0.95, 4, loc=v.mean(), scale=v.std(ddof=1) / np.sqrt(5))
    assert m == pytest.approx(v.mean()) and (lo, hi) == pytest.approx(exp)
    assert np.isnan(t_interval(np.array([1.0]))[1])


def test_summarise_and_paired_differences():
    df = _frame({"a": [{"profit_cny": x, "carbon_kg_total": 10.0} for x in (1.0, 2.0, 3.0)],
                 "b": [{"profit_cny": x + 1.0, "carbon_kg_total": 9.0} for x in (1.0, 2.0, 3.0)]})
    s = summarise(df).set_index(["scenario", "kpi"])
    assert s.loc[("a", "profit_cny"), "mean"] == pytest.approx(2.0)
    c = compare_to(df, "a").set_index("kpi")
    # identical noise cancels in the paired difference: zero-width interval, sure win
    assert c.loc["profit_cny", "diff_mean"] == pytest.approx(1.0)
    assert c.loc["profit_cny", "ci_low"] == pytest.approx(1.0)
    assert c.loc["profit_cny", "prob_better"] == 1.0
    assert c.loc["carbon_kg_total", "prob_better"] == 1.0     # lower carbon is better
    with pytest.raises(ValueError, match="no scenario named"):
        compare_to(df, "zzz")


def test_abatement_cost_is_profit_forgone_per_tonne():
    rng = np.random.default_rng(0)
    noise = rng.normal(0, 5, 8)
    df = _frame({
        "base": [{"profit_cny": 1000 + n, "carbon_kg_total": 5000 + n} for n in noise],
        # 2 t avoided for 300 CNY less profit: 150 CNY/t
        "green": [{"profit_cny": 700 + n, "carbon_kg_total": 3000 + n} for n in noise],
        # more carbon, not less: cost per tonne avoided is undefined
        "same": [{"profit_cny": 900 + n, "carbon_kg_total": 5000 + n + e}
                 for n, e in zip(noise, np.abs(rng.normal(0, 50, 8)), strict=True)],
    })
    a = abatement_cost(df, "base").set_index("scenario")
    assert a.loc["green", "cost_per_t_avoided_cny"] == pytest.approx(150.0)
    assert a.loc["green", "ci_low"] <= 150.0 <= a.loc["green", "ci_high"]
    assert np.isnan(a.loc["same", "cost_per_t_avoided_cny"])


def test_workload_limit_names_the_limit():
    with pytest.raises(ScenarioError) as e:
        apply_changes(Scenario(), {"customers.organic_new_per_day": 10_000,
                                   "run.horizon_days": 3650})
    assert f"{MAX_ORDERS:,}" in str(e.value) and "organic_new_per_day" in str(e.value)
