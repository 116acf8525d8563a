"""The global sensitivity's fit statistics are what they claim to be.

* Q² from the PRESS statistic (the hat-matrix shortcut eᵢ / (1 − hᵢᵢ)) equals the one from
  refitting the regression without each sample in turn, and the adjusted R² is
  1 − (1 − R²)(n − 1) / (n − p − 1), both against a direct numpy computation.
* On an exactly linear response Q² = R² = 1; on pure noise with nearly as many parameters as
  samples R² is high while Q² is far below it (the overfit the page must not call reliable).
* ``GlobalSensitivity.fit`` calls the coefficients reliable only with enough samples per
  parameter and a predictive Q².
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulation.analysis.sensitivity import (MIN_Q2, MIN_SAMPLES_PER_PARAMETER, GlobalSensitivity,
                                             min_samples, regression_fit)


def _direct(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """(R², adjusted R², Q²) by refitting least squares without each sample in turn."""
    n, p = x.shape
    a = np.column_stack([np.ones(n), x])
    beta, *_ = np.linalg.lstsq(a, y, rcond=None)
    ss_tot = np.sum((y - y.mean()) ** 2)
    r2 = 1 - np.sum((y - a @ beta) ** 2) / ss_tot
    press = 0.0
    for i in range(n):
        keep = np.arange(n) != i
        b, *_ = np.linalg.lstsq(a[keep], y[keep], rcond=None)
        press += (y[i] - a[i] @ b) ** 2
    return r2, 1 - (1 - r2) * (n - 1) / (n - p - 1), 1 - press / ss_tot


@pytest.mark.parametrize("n,p", [(8, 2), (13, 10), (30, 4)])
def test_press_q2_and_adjusted_r2_match_a_direct_leave_one_out_refit(n, p):
    rng = np.random.default_rng(n * 100 + p)
    x = rng.random((n, p))
    y = x @ rng.normal(size=p) + 0.3 * rng.normal(size=n)
    fit = regression_fit(x, y)
    r2, r2_adj, q2 = _direct(x, y)
    assert (fit["n"], fit["p"]) == (n, p)
    assert fit["r2"] == pytest.approx(r2, rel=1e-9, abs=1e-12)
    assert fit["r2_adjusted"] == pytest.approx(r2_adj, rel=1e-9, abs=1e-12)
    assert fit["q2"] == pytest.approx(q2, rel=1e-9, abs=1e-12)
    assert fit["q2"] <= fit["r2"]


def test_exact_line_and_pure_noise():
    rng = np.random.default_rng(7)
    x = rng.random((20, 3))
    exact = regression_fit(x, 2.0 + x @ np.array([1.0, -3.0, 0.5]))
    assert exact["r2"] == pytest.approx(1.0) and exact["q2"] == pytest.approx(1.0)
    noise = regression_fit(rng.random((13, 10)), rng.normal(size=13))
    assert noise["r2"] > 0.5 and noise["q2"] < 0 and noise["r2_adjusted"] < noise["r2"]
    # undefined: a constant response, too few rows, a sample alone fixing a coefficient
    assert np.isnan(regression_fit(x, np.ones(20))["q2"])
    assert np.isnan(regression_fit(x[:4], x[:4, 0])["r2"])
    lone = np.zeros((6, 1))
    lone[0, 0] = 1.0
    assert np.isnan(regression_fit(lone, rng.normal(size=6))["q2"])


def _result(n: int, p: int, noise: float, seed: int = 3) -> GlobalSensitivity:
    rng = np.random.default_rng(seed)
    paths = [f"p{i}" for i in range(p)]
    design = pd.DataFrame(rng.random((n, p)), columns=paths)
    design["profit_cny"] = design.to_numpy() @ np.linspace(1.0, 2.0, p) + noise * rng.normal(size=n)
    return GlobalSensitivity(kpi="profit_cny", samples=n, replications=1, seed=seed, simulations=n,
                             parameters=paths, ranges={q: (0.0, 1.0) for q in paths}, design=design)


def test_the_verdict_follows_the_numbers():
    small = _result(min_samples(10), 10, noise=1.0).fit()
    assert small["per_parameter"] == pytest.approx(1.3)
    assert not small["enough_samples"] and not small["reliable"]
    sized = _result(MIN_SAMPLES_PER_PARAMETER * 3, 3, noise=0.05).fit()
    assert sized["enough_samples"] and sized["q2"] >= MIN_Q2 and sized["reliable"]
    flat = _result(MIN_SAMPLES_PER_PARAMETER * 3, 3, noise=50.0).fit()
    assert flat["enough_samples"] and not flat["predictive"] and not flat["reliable"]
