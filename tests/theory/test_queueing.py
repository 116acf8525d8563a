"""The pick/pack stage against queueing theory: Erlang C and Little's law.

``mmc_scenario`` reduces the fulfilment stage to an M/M/c queue. Each replication gives one
estimate of the mean wait; the tolerance is three standard errors of the mean across
replications (a two-sided check that fails by chance about 0.3% of the time, and the seeds
are fixed, so the result is reproducible).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulation import run_experiment, simulate
from simulation.validation import erlang_c_wait_hours, mmc_scenario

Z = 3.0
REPS = 16


def test_erlang_c_formula_known_values():
    # textbook values: M/M/1 Wq = rho / (mu - lambda); M/M/2 with a = 1: C = 1/3
    assert erlang_c_wait_hours(0.5, 1.0, 1) == pytest.approx(0.5 / 0.5)
    assert erlang_c_wait_hours(1.0, 1.0, 2) == pytest.approx((1 / 3) / (2 - 1))
    assert math.isinf(erlang_c_wait_hours(3.0, 1.0, 3))


@pytest.mark.parametrize("lam, mu, c", [
    (9.0, 1.0, 10),    # utilisation 0.90
    (4.0, 1.0, 5),     # utilisation 0.80
    (6.0, 4.0, 2),     # utilisation 0.75, fast service
])
def test_mmc_wait_matches_erlang_c(lam, mu, c):
    q = mmc_scenario(arrival_rate_per_hour=lam, service_rate_per_hour=mu, servers=c,
                     horizon_days=60, warmup_days=5)
    df = run_experiment({"mmc": q}, replications=REPS, seed=2024)
    w = df["fulfilment_wait_hours_mean"].to_numpy()
    se = w.std(ddof=1) / np.sqrt(len(w))
    theory = erlang_c_wait_hours(lam, mu, c)
    assert abs(w.mean() - theory) <= Z * se, (
        f"simulated Wq {w.mean():.4f} h ± {se:.4f} (SE) vs Erlang C {theory:.4f} h")
    # the arrival process really is the configured Poisson rate
    rate = df["order_rate_per_hour"].to_numpy()
    rate_se = rate.std(ddof=1) / np.sqrt(len(rate))
    assert abs(rate.mean() - lam) <= Z * max(rate_se, 1e-9) + 1e-9


def test_littles_law_on_the_fulfilment_system():
    """L = λW: the time-average number of orders in pick/pack (sampled every 15 minutes)
    equals the order rate times the mean time in the stage."""
    q = mmc_scenario(arrival_rate_per_hour=9.0, service_rate_per_hour=1.0, servers=10,
                     horizon_days=40, warmup_days=5, monitor_interval_hours=0.25)
    df = run_experiment({"mmc": q}, replications=8, seed=7)
    L = df["fulfilment_in_system_mean"].to_numpy()
    lam_w = (df["order_rate_per_hour"] * df["fulfilment_sojourn_hours_mean"]).to_numpy()
    d = L - lam_w
    se = d.std(ddof=1) / np.sqrt(len(d))
    assert abs(d.mean()) <= Z * se + 0.01 * L.mean(), (
        f"L={L.mean():.3f}, λW={lam_w.mean():.3f}, diff {d.mean():.4f} ± {se:.4f}")
    # and the level agrees with theory: L = λ(Wq + 1/μ)
    theory = 9.0 * (erlang_c_wait_hours(9.0, 1.0, 10) + 1.0)
    se_l = L.std(ddof=1) / np.sqrt(len(L))
    assert abs(L.mean() - theory) <= Z * se_l


def test_littles_law_on_the_baseline_shop():
    """Little's law holds in the full shop too (shifts, learning curve, quits, festivals)."""
    from simulation import Scenario

    sc = Scenario().with_changes({"run.horizon_days": 120, "run.warmup_days": 10,
                                  "run.monitor_interval_hours": 0.5})
    k = simulate(sc, seed=3).kpis
    L = k["fulfilment_in_system_mean"]
    lam_w = k["order_rate_per_hour"] * k["fulfilment_sojourn_hours_mean"]
    # one long replication: the only gap is edge effects and cancellations (few)
    assert L == pytest.approx(lam_w, rel=0.05)
