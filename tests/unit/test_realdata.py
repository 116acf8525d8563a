"""simulation.realdata: the BG/NBD formulas against its generative process, the ML fit, the
repeat-buying shapes on a hand-made frame, and the CDNOW data shipped in ``lifetimes``."""

from __future__ import annotations

import importlib.util
import math
import sys

import numpy as np
import pandas as pd
import pytest
from scipy import special

from simulation import realdata as rd

HAS_LIFETIMES = importlib.util.find_spec("lifetimes") is not None
needs_lifetimes = pytest.mark.skipif(
    not HAS_LIFETIMES, reason="the CDNOW data ship in the 'lifetimes' package (requirements.txt), "
                              "which is not installed here")


def _mc_counts(r, alpha, a, b, t, n, seed):
    """X(t) = min(J, K(t)) straight from the generative process."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(r, 1.0 / alpha, size=n)
    p = rng.beta(a, b, size=n)
    return np.minimum(rng.geometric(p), rng.poisson(lam * t))


# --------------------------------------------------------------------------- formulas

@pytest.mark.parametrize("params", [(0.27, 41.9, 0.49, 2.14),     # a < 1: quadrature path
                                    (0.8, 20.0, 2.5, 4.0)])        # a > 1: closed form
def test_expected_repeats_matches_monte_carlo(params):
    t = 365.0
    x = _mc_counts(*params, t, n=400_000, seed=11)
    mc, se = x.mean(), x.std(ddof=1) / math.sqrt(x.size)
    assert abs(rd.bgnbd_expected_repeats(*params, t) - mc) < 4 * se


@pytest.mark.parametrize("a", [0.3, 0.8, 1.5, 3.0])
def test_expected_repeats_quadrature_agrees_with_closed_form(a):
    # the closed form continues analytically to a < 1 away from a = 1 and a + b = 1
    r, alpha, b = 0.27, 41.9, 2.14
    t = np.array([0.0, 30.0, 365.0, 2000.0])
    z = t / (alpha + t)
    closed = (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r
                                      * special.hyp2f1(r, b, a + b - 1, z))
    quad = np.array([rd._expected_repeats_integral(r, alpha, a, b, tt) for tt in t])
    np.testing.assert_allclose(quad, closed, rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(rd.bgnbd_expected_repeats(r, alpha, a, b, t), closed, rtol=1e-7,
                               atol=1e-12)
    assert rd.bgnbd_expected_repeats(r, alpha, a, b, 0.0) == 0.0


@pytest.mark.parametrize("params", [(0.27, 41.9, 0.49, 2.14), (0.8, 20.0, 2.5, 4.0)])
def test_pmf_sums_to_one_and_matches_monte_carlo(params):
    t = 365.0
    xs = np.arange(5000)
    pmf = rd.bgnbd_pmf(xs, *params, t)
    assert pmf.min() >= 0
    assert pmf.sum() == pytest.approx(1.0, abs=1e-6)
    assert (xs * pmf).sum() == pytest.approx(rd.bgnbd_expected_repeats(*params, t), rel=1e-4)
    assert rd.bgnbd_prob_repeat(params[0], params[1], t) == pytest.approx(1 - pmf[0], abs=1e-12)
    x = _mc_counts(*params, t, n=200_000, seed=5)
    for k in range(6):
        freq = np.mean(x == k)
        assert abs(freq - pmf[k]) < 4 * math.sqrt(pmf[k] * (1 - pmf[k]) / x.size) + 1e-9, k


def test_window_shapes_of_bgnbd_match_its_simulation():
    params = (0.27, 41.9, 0.49, 2.14)
    exact = rd.bgnbd_shapes(*params, t=365.0)
    tx = rd.simulate_bgnbd(100_000, *params, end_day=365.0, rng=np.random.default_rng(3))
    assert tx["day"].between(0.0, 365.0).all()
    sim = rd.repeat_buying_shapes(tx, window_days=365.0, end_day=365.0)
    assert abs(sim["repeat_rate"] - exact["repeat_rate"]) < 4 * sim["repeat_rate_se"]
    assert abs(sim["share_5plus"] - exact["share_5plus"]) < 4 * sim["share_5plus_se"]
    for k in range(4):
        assert abs(sim["p_next_given_k"][k] - exact["p_next_given_k"][k]) \
            < 4 * sim["p_next_given_k_se"][k], k
    assert sim["gap_cv"] > 1.0           # heterogeneous rates: pooled gaps more spread than exp.


# --------------------------------------------------------------------------- the fit

def test_fit_recovers_known_parameters():
    true = rd.BGNBDParams(0.5, 30.0, 0.8, 2.5)
    rng = np.random.default_rng(2024)
    n, end = 4000, 546.0
    tx = rd.simulate_bgnbd(n, *true, end_day=end, rng=rng, first_day=rng.uniform(0, 90, n))
    summ = rd.bgnbd_summary(tx, end)
    assert len(summ) == n
    fit = rd.fit_bgnbd(summ["x"], summ["t_x"], summ["T"])
    se = rd.bgnbd_fit_se(fit, summ["x"], summ["t_x"], summ["T"])
    for name in true._fields:
        est, s, tv = getattr(fit, name), getattr(se, name), getattr(true, name)
        assert np.isfinite(s) and 0 < s < 0.5 * tv, (name, s)
        assert abs(est - tv) < 4 * s, (name, est, tv, s)
    # the optimum really is one
    ll = rd.bgnbd_loglik(fit, summ["x"], summ["t_x"], summ["T"])
    assert ll >= rd.bgnbd_loglik(true, summ["x"], summ["t_x"], summ["T"])


def test_fit_input_checks():
    with pytest.raises(ValueError):
        rd.fit_bgnbd([1, 0], [0.0, 0.0], [10.0, 10.0])        # x > 0 needs t_x > 0
    with pytest.raises(ValueError):
        rd.fit_bgnbd([0], [0.0], [10.0, 10.0])


@needs_lifetimes
def test_fit_reproduces_published_cdnow_sample_estimates():
    s = rd.cdnow_sample_summary()
    assert len(s) == 2357
    fit = rd.fit_bgnbd(s["x"], s["t_x"], s["T"])
    np.testing.assert_allclose(fit, rd.FHL_CDNOW_SAMPLE_WEEKS, atol=1.5e-3)
    assert rd.bgnbd_loglik(fit, s["x"], s["t_x"], s["T"]) == pytest.approx(-9582.4, abs=0.1)


# --------------------------------------------------------------------------- shapes

HAND = pd.DataFrame(
    [(1, d) for d in (0, 10, 50, 90, 150)]
    + [(2, 5), (2, 5), (2, 6)]                # two purchases the same day count once
    + [(3, 20)]
    + [(4, d) for d in (100, 140, 170, 199)]
    + [(5, 101), (5, 110)]                    # first purchase too late for a full window
    + [(6, d) for d in (30, 31, 32, 33, 34, 35)],
    columns=["customer", "day"])


def test_shapes_on_a_hand_made_frame():
    s = rd.repeat_buying_shapes(HAND, window_days=100.0, end_day=200.0, quiet_days=30.0)
    # eligible: first ≤ 100 → customers 1, 2, 3, 4, 6; purchases in [f, f + 100):
    # 1: 0 10 50 90 (150 is outside) | 2: 5 6 | 3: 20 | 4: 100 140 170 199 | 6: 30 … 35
    assert s["n_customers"] == 5
    assert s["n_at_least_k"] == [5, 4, 3, 3, 1, 1]
    assert s["p_next_given_k"] == pytest.approx([4 / 5, 3 / 4, 1.0, 1 / 3, 1.0])
    assert s["p_next_given_k_se"][0] == pytest.approx(math.sqrt(0.8 * 0.2 / 5))
    assert s["repeat_rate"] == pytest.approx(0.8)
    assert s["share_5plus"] == pytest.approx(0.2)
    assert s["mean_purchases"] == pytest.approx(17 / 5)
    gaps = np.array([10, 40, 40, 1, 40, 30, 29, 1, 1, 1, 1, 1], float)
    assert s["n_gaps"] == 12
    assert s["gap_cv"] == pytest.approx(gaps.std(ddof=1) / gaps.mean())
    assert np.isfinite(s["gap_cv_se"]) and s["gap_cv_se"] > 0
    # a gap ≥ 30 then a purchase: customers 1 and 4, of 4 repeaters / of 5 customers
    assert s["returned_after_quiet"] == pytest.approx(2 / 4)
    assert s["returned_after_quiet_all"] == pytest.approx(2 / 5)
    # quiet ≥ 30 days at all: 1, 4 (gaps), 2 (6 + 30 ≤ 105), 3 (20 + 30 ≤ 120), 6 → 5
    assert s["n_lapsed"] == 5
    assert s["returned_after_quiet_of_lapsed"] == pytest.approx(2 / 5)
    # first repeat ≥ 30 days after the first purchase: customer 4 only; quiet start: 3 and 4
    assert s["first_repeat_after_quiet"] == pytest.approx(1 / 5)
    assert s["n_quiet_start"] == 2
    assert s["first_repeat_after_quiet_of_quiet"] == pytest.approx(1 / 2)


def test_shapes_window_options():
    whole = rd.repeat_buying_shapes(HAND, window_days=None, end_day=200.0, quiet_days=30.0)
    # everyone, all purchases: counts 5, 2, 1, 4, 2, 6
    assert whole["n_customers"] == 6
    assert whole["repeat_rate"] == pytest.approx(5 / 6)
    assert whole["share_5plus"] == pytest.approx(2 / 6)
    early = rd.repeat_buying_shapes(HAND, window_days=100.0, end_day=200.0, first_by=50.0)
    assert early["n_customers"] == 4
    # default end_day is the last day seen (199): customer 4 (first 100) drops out
    assert rd.repeat_buying_shapes(HAND, window_days=100.0)["n_customers"] == 4
    with pytest.raises(ValueError):
        rd.repeat_buying_shapes(HAND, window_days=500.0)


def test_gap_cv_standard_error_is_calibrated():
    # one exponential gap per customer: CV = 1 and, by the delta method, var(CV) ≈ 1/n
    rng = np.random.default_rng(8)
    n = 20_000
    gaps = rng.exponential(30.0, n)
    tx = pd.DataFrame({"customer": np.r_[np.arange(n), np.arange(n)], "day": np.r_[np.zeros(n), gaps]})
    s = rd.repeat_buying_shapes(tx, window_days=None)
    assert abs(s["gap_cv"] - 1.0) < 4 * s["gap_cv_se"]
    assert s["gap_cv_se"] == pytest.approx(1 / math.sqrt(n), rel=0.2)   # exp.: var(CV) ≈ 1/n


def test_bgnbd_summary_by_hand():
    summ = rd.bgnbd_summary(HAND, 200.0)
    assert summ.loc[1].tolist() == [4.0, 150.0, 200.0]
    assert summ.loc[2].tolist() == [1.0, 1.0, 195.0]
    assert summ.loc[3].tolist() == [0.0, 0.0, 180.0]


# --------------------------------------------------------------------------- CDNOW

@needs_lifetimes
def test_cdnow_loads_without_importing_lifetimes():
    d = rd.load_cdnow()
    assert d["customer"].nunique() == rd.CDNOW_CUSTOMERS == 23570
    assert d["day"].min() == 0.0 and d["day"].max() == rd.CDNOW_LAST_DAY
    assert not d.duplicated(["customer", "day"]).any()
    assert "lifetimes" not in sys.modules
    s = rd.repeat_buying_shapes(d, window_days=365.0, end_day=rd.CDNOW_LAST_DAY)
    assert s["n_customers"] == 23570
    assert s["n_at_least_k"][:5] == [23570, 10796, 6495, 4262, 2966]


def test_missing_lifetimes_is_named(monkeypatch):
    monkeypatch.setattr(rd.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match="lifetimes"):
        rd.cdnow_path()
