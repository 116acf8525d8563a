"""The pick/pack stage against queueing theory: Erlang C and Little's law.

``mmc_scenario`` reduces the fulfilment stage to an M/M/c queue (Poisson orders at a fixed
rate: no marketing, festivals, platform ranking or repurchase). Each
replication gives one estimate of the mean wait; the tolerance is three standard errors of
the mean across replications (a two-sided check that fails by chance about 0.3% of the time,
and the seeds are fixed, so the result is reproducible). Each test also bounds the standard
error itself, so that a check cannot pass merely because the estimate is too noisy to fail.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulation import Scenario, run_experiment
from simulation.streams import replication_seeds
from simulation.validation import erlang_c_wait_hours
from simulation.verification.queueing import _little_replication, _map, mmc

Z = 3.0
REPS = 16


def _se(x: np.ndarray) -> float:
    return float(x.std(ddof=1) / np.sqrt(len(x)))


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
    q = mmc(lam, mu, c, horizon_days=60, warmup_days=5)
    df = run_experiment({"mmc": q}, replications=REPS, seed=2024)
    w = df["fulfilment_wait_hours_mean"].to_numpy()
    se = _se(w)
    theory = erlang_c_wait_hours(lam, mu, c)
    assert abs(w.mean() - theory) <= Z * se, (
        f"simulated Wq {w.mean():.4f} h ± {se:.4f} (SE) vs Erlang C {theory:.4f} h")
    # meaningful: the SE is at most 7% of Wq (measured 3.7–5.3%), so a 21% error would fail
    assert se <= 0.07 * theory, f"SE {se:.4f} h is {se / theory:.1%} of Wq"
    # the arrival process really is the configured Poisson rate (SE measured 0.2–0.3% of λ)
    rate = df["order_rate_per_hour"].to_numpy()
    rate_se = _se(rate)
    assert abs(rate.mean() - lam) <= Z * rate_se, f"rate {rate.mean():.4f} ± {rate_se:.4f}"
    assert rate_se <= 0.005 * lam


def test_littles_law_on_the_fulfilment_system():
    """L = λW: the time-average number of orders in pick/pack (sampled every 15 minutes)
    equals the order rate times the mean time in the stage, paired per replication."""
    q = mmc(9.0, 1.0, 10, horizon_days=40, warmup_days=5, monitor_interval_hours=0.25)
    df = run_experiment({"mmc": q}, replications=8, seed=7)
    L = df["fulfilment_in_system_mean"].to_numpy()
    lam_w = (df["order_rate_per_hour"] * df["fulfilment_sojourn_hours_mean"]).to_numpy()
    d = L - lam_w
    se = _se(d)
    assert abs(d.mean()) <= Z * se, (
        f"L={L.mean():.3f}, λW={lam_w.mean():.3f}, diff {d.mean():.4f} ± {se:.4f}")
    # meaningful: the SE of the difference is at most 0.3% of L (measured 0.1%)
    assert se <= 0.003 * L.mean(), f"SE {se:.4f} is {se / L.mean():.2%} of L"
    # and the level agrees with theory: L = λ(Wq + 1/μ) (SE measured 3.6% of L)
    theory = 9.0 * (erlang_c_wait_hours(9.0, 1.0, 10) + 1.0)
    se_l = _se(L)
    assert abs(L.mean() - theory) <= Z * se_l
    assert se_l <= 0.06 * theory


def test_littles_law_on_the_baseline_shop():
    """Little's law holds in the full shop too (shifts, learning curve, quits, festivals,
    cancellations), in its exact finite-window form L = λW + B: B, the boundary terms of
    orders already in fulfilment when the window opens and of those not finished at the
    horizon, comes from the order records, L from the occupancy monitor (every 6 minutes).

    Measured over 8 replications of 120 days (two sets of seeds): the raw relative gap
    (L − λW)/L is +0.25% ± 0.03% (SE), all of it boundary terms (+0.25%); what is left,
    (L − λW − B)/L, is −0.002% ± 0.002%, the monitor's sampling error."""
    sc = Scenario().with_changes({"run.horizon_days": 120, "run.warmup_days": 10,
                                  "run.monitor_interval_hours": 0.1})
    terms = np.array(_map(_little_replication, [(sc, s) for s in replication_seeds(3, 8)]))
    L, lam_w, b = terms.T
    gap, boundary = (L - lam_w) / L, b / L
    residual = gap - boundary
    se = _se(residual)
    msg = (f"relative gap {gap.mean():+.4%} ± {_se(gap):.4%}, boundary terms "
           f"{boundary.mean():+.4%}, residual {residual.mean():+.4%} ± {se:.4%}")
    assert abs(residual.mean()) <= Z * se, msg
    assert se <= 5e-5, msg                      # 0.005% of L (measured 0.0017–0.0019%)
    # the asymptotic form L ≈ λW: within 0.5% (measured +0.25% ± 0.03%; was 5%)
    assert abs(gap.mean()) <= 0.005, msg
