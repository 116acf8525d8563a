"""Real repeat-buying data (CDNOW) and the BG/NBD model, for checking the customer model.

The data
    CDNOW (Fader & Hardie's public data set): 23,570 customers who made their first purchase
    at the CDNOW online music store in the first quarter of 1997, with every purchase they
    made up to 30 June 1998 (78 weeks). The file ``CDNOW_master.txt`` ships inside the
    ``lifetimes`` package (MIT licence, in requirements.txt). The package itself is **never
    imported** (its import pulls in autograd and pkg_resources, slow or broken with current
    numpy/pandas): :func:`cdnow_path` finds its folder with ``importlib.util.find_spec``,
    which does not run the package, and pandas reads the text file.

The model (Fader, Hardie & Lee 2005, "Counting your customers the easy way", Marketing
Science 24(2):275-284)
    A customer's first purchase is at time 0. While alive, she buys at a Poisson rate
    λ ~ Gamma(shape r, rate α) (per unit of time, days here); after each *repeat* purchase
    she drops out for good with probability p ~ Beta(a, b). X(t) is the number of repeat
    purchases in (0, t]. Given λ and p, with J ~ Geometric(p) on {1, 2, ...} the index of
    the repeat purchase after which she drops out and K(t) ~ Poisson(λt) the purchases the
    process would make, X(t) = min(J, K(t)) — which :func:`simulate_bgnbd` uses.

The functions are pure (numpy, pandas, scipy); only :func:`load_cdnow` caches its result.
"""

from __future__ import annotations

import importlib.util
import math
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import integrate, optimize, special, stats

__all__ = [
    "BGNBDParams", "cdnow_path", "load_cdnow", "cdnow_sample_summary", "repeat_buying_shapes",
    "bgnbd_summary", "bgnbd_loglik", "fit_bgnbd", "bgnbd_fit_se", "bgnbd_expected_repeats",
    "bgnbd_pmf", "bgnbd_prob_repeat", "bgnbd_shapes", "simulate_bgnbd",
]

CDNOW_START = pd.Timestamp("1997-01-01")
CDNOW_LAST_DAY = 545.0          # 1998-06-30, days since CDNOW_START (78 weeks = 546 days)
CDNOW_CUSTOMERS = 23570
# published BG/NBD fit on the 2,357-customer CDNOW sample, time in weeks (FHL 2005, sec. 4)
FHL_CDNOW_SAMPLE_WEEKS = (0.243, 4.414, 0.793, 2.426)


class BGNBDParams(NamedTuple):
    """BG/NBD parameters: λ ~ Gamma(shape r, rate alpha), p ~ Beta(a, b)."""

    r: float
    alpha: float
    a: float
    b: float


# --------------------------------------------------------------------------- the data

def _lifetimes_datasets() -> Path:
    spec = importlib.util.find_spec("lifetimes")      # finds the package, does not run it
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "the CDNOW data ship in the 'lifetimes' package, which is not installed: "
            "pip install 'lifetimes>=0.11.3,<0.12' (it is in requirements.txt)",
            name="lifetimes")
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / "datasets"
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the 'lifetimes' package has no datasets/ folder "
                            f"(looked in {list(spec.submodule_search_locations)})")


def cdnow_path(name: str = "CDNOW_master.txt") -> Path:
    """Path of a data file shipped in ``lifetimes/datasets/`` (the package is not imported).

    Raises ModuleNotFoundError naming the package when ``lifetimes`` is not installed."""
    path = _lifetimes_datasets() / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing from the installed 'lifetimes' package")
    return path


@lru_cache(maxsize=1)
def _load_cdnow_cached() -> pd.DataFrame:
    raw = pd.read_csv(cdnow_path(), sep=r"\s+", header=None, dtype=str,
                      names=["customer", "date", "cds", "dollars"])
    cust = pd.to_numeric(raw["customer"], errors="coerce")
    raw = raw[cust.notna()]                       # drops the header line, if there is one
    frame = pd.DataFrame({
        "customer": pd.to_numeric(raw["customer"]).astype(np.int64),
        "day": (pd.to_datetime(raw["date"], format="%Y%m%d") - CDNOW_START).dt.days.astype(float),
        "cds": pd.to_numeric(raw["cds"]).astype(np.int64),
        "dollars": pd.to_numeric(raw["dollars"]).astype(float),
    })
    daily = (frame.groupby(["customer", "day"], sort=True)
             .agg(transactions=("cds", "size"), cds=("cds", "sum"), dollars=("dollars", "sum"))
             .reset_index())
    return daily


def load_cdnow() -> pd.DataFrame:
    """The CDNOW master file, one row per customer and purchase *day*.

    Columns: ``customer`` (int), ``day`` (float, days since 1997-01-01; 0 … 545),
    ``transactions`` (rows of the file that day), ``cds`` (number of CDs) and ``dollars``
    (value) summed over the day. Sorted by customer and day. The parsed file is cached; each
    call returns a copy."""
    return _load_cdnow_cached().copy()


def cdnow_sample_summary() -> pd.DataFrame:
    """FHL's own per-customer summary of the 2,357-customer CDNOW sample, time in **weeks**
    (columns ``x``, ``t_x``, ``T``): the data behind the published fit
    r = 0.243, α = 4.414, a = 0.793, b = 2.426 (log-likelihood −9582.4)."""
    frame = pd.read_csv(cdnow_path("cdnow_customers_summary.csv"))
    return pd.DataFrame({"x": frame["frequency"].astype(float),
                         "t_x": frame["recency"].astype(float), "T": frame["T"].astype(float)})


# --------------------------------------------------------------------------- stylised facts

def _binomial_se(p: float, n: int) -> float:
    return math.sqrt(p * (1.0 - p) / n) if n > 0 else math.nan


def _ratio(num: int, den: int) -> float:
    return num / den if den > 0 else math.nan


def repeat_buying_shapes(transactions: pd.DataFrame, window_days: float | None = 365.0,
                         end_day: float | None = None, first_by: float | None = None,
                         quiet_days: float = 90.0, max_k: int = 5) -> dict:
    """Stylised facts of repeat buying, with standard errors.

    ``transactions`` has columns ``customer`` and ``day`` (float, any origin) and holds each
    customer's purchases from her first one on; several purchases on the same day count as
    one purchase (purchases are distinct values of ``day``). ``end_day`` is the last day
    observed (inclusive; default: the largest ``day``).

    Who counts, and which purchases
        With ``window_days = W``: customers whose first purchase f satisfies
        f ≤ end_day − W (and f ≤ ``first_by`` when given), and their purchases with
        f ≤ day < f + W. With ``window_days=None``: every customer whose first purchase is
        ≤ ``first_by`` (default: all), with all her purchases up to ``end_day`` (so
        observation lengths differ between customers; CDNOW's full 78-week span).

    Returned (each proportion with a binomial standard error ``<name>_se``)
        ``n_customers``; ``n_at_least_k`` (customers with ≥ k purchases, k = 1 … max_k+1);
        ``p_next_given_k`` — P(≥ k+1 purchases | ≥ k), k = 1 … max_k;
        ``repeat_rate`` — share with ≥ 2 purchases; ``share_5plus`` — share with ≥ 5;
        ``mean_purchases``;
        ``gap_cv`` — sd/mean (ddof = 1) of the gaps between consecutive purchase days,
        pooled over customers; its standard error is the delta-method (linearisation)
        one with customers as clusters, so several gaps of one customer are not taken as
        independent; ``n_gaps``; ``mean_gap``; ``median_gap``;
        ``returned_after_quiet`` — among customers with ≥ 2 purchases, the share with some
        gap ≥ ``quiet_days`` between two consecutive purchases (a quiet spell followed by a
        purchase); ``returned_after_quiet_all`` — the same count over all customers;
        ``returned_after_quiet_of_lapsed`` — among customers who had a quiet spell of
        ≥ quiet_days days at all (a gap ≥ quiet_days, or a last purchase with no purchase in
        the next quiet_days days while still observed, i.e. last + quiet_days ≤ f + W, or
        ≤ end_day + 1 without a window), the share who came back; ``n_lapsed``;
        ``first_repeat_after_quiet`` — among all customers, the share whose *first repeat*
        purchase came ≥ quiet_days after the first purchase (quiet for months after the
        first purchase, then back within the window: the definition that gives CDNOW's
        ≈ 17 % for a 365-day window); ``first_repeat_after_quiet_of_quiet`` — the same count
        among the customers with no repeat purchase within quiet_days of the first
        (``n_quiet_start``).
    """
    if quiet_days <= 0:
        raise ValueError("quiet_days must be positive")
    if not {"customer", "day"} <= set(transactions.columns):
        raise ValueError("transactions needs the columns 'customer' and 'day'")
    tx = (transactions[["customer", "day"]].astype({"day": float})
          .drop_duplicates().sort_values(["customer", "day"], kind="stable"))
    if end_day is None:
        end_day = float(tx["day"].max())
    tx = tx[tx["day"] <= end_day]
    first = tx.groupby("customer", sort=True)["day"].min()
    limit = math.inf if first_by is None else float(first_by)
    if window_days is not None:
        if window_days <= 0:
            raise ValueError("window_days must be positive")
        limit = min(limit, end_day - window_days)
    first = first[first <= limit]
    n = int(first.size)
    if n == 0:
        raise ValueError("no customer has a first purchase that leaves the full window")
    tx = tx[tx["customer"].isin(first.index)]
    f_tx = tx["customer"].map(first).to_numpy()
    day = tx["day"].to_numpy()
    if window_days is not None:
        cutoff = first + window_days                  # exclusive end of each window
        keep = day < f_tx + window_days
        tx, day = tx[keep], day[keep]
    else:
        cutoff = pd.Series(end_day + 1.0, index=first.index)
    cust = tx["customer"].to_numpy()

    counts = tx.groupby("customer", sort=True).size().reindex(first.index).to_numpy()
    at_least = [int((counts >= k).sum()) for k in range(1, max_k + 2)]
    p_next = [_ratio(at_least[k], at_least[k - 1]) for k in range(1, max_k + 1)]
    p_next_se = [_binomial_se(p_next[k - 1], at_least[k - 1]) for k in range(1, max_k + 1)]

    same = np.r_[False, cust[1:] == cust[:-1]]            # row continues the previous customer
    gaps = np.diff(day, prepend=np.nan)[same]
    gap_cust = cust[same]
    gap_cv, gap_cv_se = _pooled_cv(gaps, gap_cust)

    quiet_gap = pd.Series(gaps >= quiet_days).groupby(gap_cust).any()
    returned = quiet_gap.reindex(first.index, fill_value=False).to_numpy()
    last = tx.groupby("customer", sort=True)["day"].max().reindex(first.index).to_numpy()
    trailing = last + quiet_days <= cutoff.reindex(first.index).to_numpy()
    lapsed = returned | trailing
    repeaters = counts >= 2
    n_rep, n_lapsed = int(repeaters.sum()), int(lapsed.sum())
    _, first_gap_at = np.unique(gap_cust, return_index=True)   # gap_cust is sorted
    n_late_first = int((gaps[first_gap_at] >= quiet_days).sum())
    f_arr = first.to_numpy()
    one_only = (counts == 1) & (f_arr + quiet_days <= cutoff.reindex(first.index).to_numpy())
    n_quiet_start = n_late_first + int(one_only.sum())
    late_all = n_late_first / n
    late_quiet = _ratio(n_late_first, n_quiet_start)
    ret_rep = _ratio(int(returned.sum()), n_rep)
    ret_all = _ratio(int(returned.sum()), n)
    ret_lapsed = _ratio(int(returned.sum()), n_lapsed)
    repeat_rate = at_least[1] / n
    share_5 = int((counts >= 5).sum()) / n
    return {
        "n_customers": n, "window_days": window_days, "end_day": float(end_day),
        "quiet_days": float(quiet_days),
        "n_at_least_k": at_least,
        "p_next_given_k": p_next, "p_next_given_k_se": p_next_se,
        "repeat_rate": repeat_rate, "repeat_rate_se": _binomial_se(repeat_rate, n),
        "share_5plus": share_5, "share_5plus_se": _binomial_se(share_5, n),
        "mean_purchases": float(counts.mean()),
        "gap_cv": gap_cv, "gap_cv_se": gap_cv_se, "n_gaps": int(gaps.size),
        "mean_gap": float(gaps.mean()) if gaps.size else math.nan,
        "median_gap": float(np.median(gaps)) if gaps.size else math.nan,
        "returned_after_quiet": ret_rep, "returned_after_quiet_se": _binomial_se(ret_rep, n_rep),
        "returned_after_quiet_all": ret_all,
        "returned_after_quiet_all_se": _binomial_se(ret_all, n),
        "returned_after_quiet_of_lapsed": ret_lapsed,
        "returned_after_quiet_of_lapsed_se": _binomial_se(ret_lapsed, n_lapsed),
        "first_repeat_after_quiet": late_all,
        "first_repeat_after_quiet_se": _binomial_se(late_all, n),
        "first_repeat_after_quiet_of_quiet": late_quiet,
        "first_repeat_after_quiet_of_quiet_se": _binomial_se(late_quiet, n_quiet_start),
        "n_repeaters": n_rep, "n_lapsed": n_lapsed, "n_quiet_start": n_quiet_start,
    }


def _pooled_cv(gaps: np.ndarray, cluster: np.ndarray) -> tuple[float, float]:
    """CV (ddof = 1) of pooled gaps and its cluster-robust delta-method standard error."""
    m = gaps.size
    if m < 2:
        return math.nan, math.nan
    mean = gaps.mean()
    sd = gaps.std(ddof=1)
    if mean <= 0:
        return math.nan, math.nan
    cv = sd / mean
    # linearisation of g(m1, m2) = sqrt(m2 − m1²)/m1 around the sample moments; the
    # influence of a customer is the sum over her gaps
    m1, m2 = mean, float(np.mean(gaps ** 2))
    var = m2 - m1 * m1
    if var <= 0:
        return cv, math.nan
    s = math.sqrt(var)
    d1 = -m1 / (s * m1) - s / (m1 * m1)          # ∂g/∂m1
    d2 = 1.0 / (2.0 * s * m1)                    # ∂g/∂m2
    psi = d1 * (gaps - m1) + d2 * (gaps * gaps - m2)
    per_cluster = pd.Series(psi).groupby(cluster).sum().to_numpy()
    c = per_cluster.size
    if c < 2:
        return cv, math.nan
    se = math.sqrt(float(np.sum(per_cluster ** 2)) * c / (c - 1)) / m
    return cv, se


# --------------------------------------------------------------------------- BG/NBD

def bgnbd_summary(transactions: pd.DataFrame, end_day: float) -> pd.DataFrame:
    """Per customer: ``x`` repeat purchases (distinct purchase days − 1), ``t_x`` time of
    the last purchase since the first, ``T`` time from the first purchase to ``end_day``
    (the end of observation; for daily data observed through day D, D + 1 counts the whole
    of the last day). Indexed by customer; purchases after ``end_day`` are ignored."""
    tx = transactions[["customer", "day"]].astype({"day": float}).drop_duplicates()
    tx = tx[tx["day"] <= end_day]
    g = tx.groupby("customer", sort=True)["day"]
    first, last, n = g.min(), g.max(), g.size()
    return pd.DataFrame({"x": (n - 1).astype(float), "t_x": last - first, "T": end_day - first})


def _compress(x, t_x, T, weights=None):
    x = np.asarray(x, float)
    t_x = np.asarray(t_x, float)
    T = np.asarray(T, float)
    w = np.ones_like(x) if weights is None else np.asarray(weights, float)
    if not (x.shape == t_x.shape == T.shape == w.shape):
        raise ValueError("x, t_x, T (and weights) must have the same shape")
    if np.any(x < 0) or np.any(t_x < 0) or np.any(T < t_x) or np.any((x > 0) & (t_x <= 0)):
        raise ValueError("need x ≥ 0, 0 ≤ t_x ≤ T and t_x > 0 when x > 0")
    keys = np.stack([x, t_x, T], axis=1)
    uniq, inv = np.unique(keys, axis=0, return_inverse=True)
    wsum = np.bincount(inv.ravel(), weights=w, minlength=len(uniq))
    return uniq[:, 0], uniq[:, 1], uniq[:, 2], wsum


def _ll_rows(r, alpha, a, b, x, t_x, T):
    """Per-customer BG/NBD log-likelihood (FHL 2005, eq. 6)."""
    lnb = special.betaln(a, b)
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a2 = special.betaln(a, b + x) - lnb - (r + x) * np.log(alpha + T)
    xs = np.maximum(x, 1.0)
    a3 = special.betaln(a + 1.0, b + xs - 1.0) - lnb - (r + x) * np.log(alpha + t_x)
    return a1 + np.where(x > 0, np.logaddexp(a2, a3), a2)


def bgnbd_loglik(params, x, t_x, T, weights=None) -> float:
    """Total BG/NBD log-likelihood of (x, t_x, T) under params = (r, alpha, a, b)."""
    r, alpha, a, b = params
    x, t_x, T, w = _compress(x, t_x, T, weights)
    return float(np.sum(w * _ll_rows(r, alpha, a, b, x, t_x, T)))


def fit_bgnbd(x, t_x, T, weights=None, init=None) -> BGNBDParams:
    """Maximum-likelihood BG/NBD fit (FHL 2005, eq. 6), in the time unit of t_x and T.

    Optimises the log-parameters with L-BFGS-B, time rescaled so that max T = 1 (α is scaled
    back), from a few starting points; ``weights`` counts identical customers."""
    x, t_x, T, w = _compress(x, t_x, T, weights)
    scale = float(T.max())
    if scale <= 0:
        raise ValueError("T must be positive")
    ts, Ts = t_x / scale, T / scale
    total = float(w.sum())

    def nll(theta):
        r, alpha, a, b = np.exp(theta)
        val = -np.sum(w * _ll_rows(r, alpha, a, b, x, ts, Ts)) / total
        return val if np.isfinite(val) else 1e10

    starts = [np.zeros(4), np.log([0.5, 0.05, 0.8, 2.5]), np.log([2.0, 0.5, 2.0, 5.0])]
    if init is not None:
        r0, a0, aa0, b0 = init
        starts.insert(0, np.log([r0, a0 / scale, aa0, b0]))
    best = None
    for s in starts:
        res = optimize.minimize(nll, s, method="L-BFGS-B", bounds=[(-12.0, 12.0)] * 4,
                                options={"maxiter": 2000, "ftol": 1e-13, "gtol": 1e-9})
        if best is None or res.fun < best.fun:
            best = res
    res = optimize.minimize(nll, best.x, method="Nelder-Mead",
                            options={"xatol": 1e-8, "fatol": 1e-13, "maxiter": 4000})
    theta = res.x if res.fun <= best.fun else best.x
    r, alpha, a, b = np.exp(theta)
    return BGNBDParams(float(r), float(alpha * scale), float(a), float(b))


def bgnbd_fit_se(params, x, t_x, T, weights=None) -> BGNBDParams:
    """Standard errors of the ML estimates: inverse of the numerical (central-difference)
    Hessian of the negative log-likelihood in log-parameters, mapped back by the delta
    method (SE(θ) = θ · SE(log θ)). NaN where the Hessian is not positive definite."""
    x, t_x, T, w = _compress(x, t_x, T, weights)
    theta0 = np.log(np.asarray(params, float))

    def nll(theta):
        r, alpha, a, b = np.exp(theta)
        return -float(np.sum(w * _ll_rows(r, alpha, a, b, x, t_x, T)))

    h = 1e-4
    k = theta0.size
    hess = np.empty((k, k))
    f0 = nll(theta0)
    for i in range(k):
        for j in range(i, k):
            if i == j:
                e = np.zeros(k)
                e[i] = h
                val = (nll(theta0 + e) - 2 * f0 + nll(theta0 - e)) / h ** 2
            else:
                ei, ej = np.zeros(k), np.zeros(k)
                ei[i], ej[j] = h, h
                val = (nll(theta0 + ei + ej) - nll(theta0 + ei - ej)
                       - nll(theta0 - ei + ej) + nll(theta0 - ei - ej)) / (4 * h * h)
            hess[i, j] = hess[j, i] = val
    try:
        cov = np.linalg.inv(hess)
        var = np.diag(cov)
    except np.linalg.LinAlgError:
        var = np.full(k, np.nan)
    se = np.where(var > 0, np.sqrt(np.abs(var)), np.nan) * np.exp(theta0)
    return BGNBDParams(*(float(v) for v in se))


def _expected_repeats_integral(r, alpha, a, b, t) -> float:
    """E[X(t)] = ∫₀¹ (1/p) [1 − (α/(α + p t))^r] Beta(p; a, b) dp by adaptive quadrature
    with the algebraic weight p^(a−1)(1−p)^(b−1) (QUADPACK qaws), valid for all a, b > 0."""
    if t <= 0:
        return 0.0

    def h(p):
        if p <= 0.0:
            return r * t / alpha
        return -math.expm1(-r * math.log1p(p * t / alpha)) / p

    val, _ = integrate.quad(h, 0.0, 1.0, weight="alg", wvar=(a - 1.0, b - 1.0),
                            epsabs=0.0, epsrel=1e-10, limit=200)
    return val / math.exp(special.betaln(a, b))


def bgnbd_expected_repeats(r, alpha, a, b, t):
    """E[X(t)], the expected number of repeat purchases in (0, t] (FHL 2005, eq. 9).

    For a > 1 (from a ≥ 1.05, to keep clear of the 0/0 at a = 1) the closed form
    (a+b−1)/(a−1) · [1 − (α/(α+t))^r · ₂F₁(r, b; a+b−1; t/(α+t))]. It is derived for a > 1;
    it continues analytically to a < 1 (FHL apply it to CDNOW with a = 0.793) but is 0/0 at
    a = 1 and singular where a + b = 1, so for a < 1.05 the expectation is computed from its
    definition, E[X(t)] = E_p[(1/p)(1 − (α/(α+pt))^r)], by one-dimensional quadrature over
    p (see ``_expected_repeats_integral``). ``t`` may be an array."""
    if min(r, alpha, a, b) <= 0:
        raise ValueError("r, alpha, a, b must be positive")
    t_arr = np.asarray(t, float)
    if np.any(t_arr < 0):
        raise ValueError("t must be ≥ 0")
    if a >= 1.05:
        z = t_arr / (alpha + t_arr)
        out = (a + b - 1.0) / (a - 1.0) * (
            1.0 - (alpha / (alpha + t_arr)) ** r * special.hyp2f1(r, b, a + b - 1.0, z))
    else:
        out = np.vectorize(lambda tt: _expected_repeats_integral(r, alpha, a, b, tt),
                           otypes=[float])(t_arr)
    return float(out) if np.ndim(out) == 0 else out


def bgnbd_pmf(x, r, alpha, a, b, t):
    """P(X(t) = x) (FHL 2005, eq. 8); x (integers ≥ 0) and t broadcast."""
    x = np.asarray(x, float)
    t = np.asarray(t, float)
    lnb = special.betaln(a, b)
    q = alpha / (alpha + t)                      # NBD "success" probability
    log_nbd = (special.gammaln(r + x) - special.gammaln(r) - special.gammaln(x + 1.0)
               + r * np.log(q) + special.xlogy(x, 1.0 - q))
    term1 = np.exp(special.betaln(a, b + x) - lnb + log_nbd)
    xs = np.maximum(x, 1.0)
    # 1 − (α/(α+t))^r Σ_{j<x} NBD_j = P(NBD count ≥ x) = sf(x − 1)
    term2 = np.exp(special.betaln(a + 1.0, b + xs - 1.0) - lnb) * stats.nbinom.sf(xs - 1.0, r, q)
    out = term1 + np.where(x > 0, term2, 0.0)
    return float(out) if np.ndim(out) == 0 else out


def bgnbd_prob_repeat(r, alpha, t) -> float:
    """P(X(t) ≥ 1) = 1 − (α/(α+t))^r: the share with a repeat purchase within t (it does not
    depend on a, b, because a customer can only drop out after a repeat purchase)."""
    return float(-math.expm1(-r * math.log1p(t / alpha)))


def bgnbd_shapes(r, alpha, a, b, t=365.0, max_k: int = 5) -> dict:
    """The window shapes implied by BG/NBD, exactly (from the pmf): purchases in the window
    = 1 + X(t). Returns ``repeat_rate`` P(X ≥ 1), ``p_next_given_k`` P(≥ k+1 | ≥ k) for
    k = 1 … max_k, ``share_5plus`` P(X ≥ 4) and ``mean_purchases`` 1 + E[X(t)]."""
    pmf = bgnbd_pmf(np.arange(max_k + 1), r, alpha, a, b, t)
    sf = 1.0 - np.r_[0.0, np.cumsum(pmf)]           # sf[m] = P(X ≥ m)
    p_next = [float(sf[k] / sf[k - 1]) for k in range(1, max_k + 1)]
    return {"repeat_rate": float(sf[1]), "p_next_given_k": p_next, "share_5plus": float(sf[4]),
            "mean_purchases": 1.0 + float(bgnbd_expected_repeats(r, alpha, a, b, t))}


def simulate_bgnbd(n: int, r: float, alpha: float, a: float, b: float, end_day: float,
                   rng: np.random.Generator, first_day=None, daily: bool = False) -> pd.DataFrame:
    """Purchases of ``n`` customers from the BG/NBD generative process.

    Customer i makes her first purchase at ``first_day[i]`` (default 0) and repeat purchases
    in (first_day, end_day]. Returns a frame with ``customer`` (0 … n−1) and ``day``, first
    purchases included, sorted. With ``daily`` the times are floored to whole days and
    same-day purchases merged, like the CDNOW rows.

    Uses X = min(J, K) (module docstring) and, for the times, the first X order statistics
    of K uniforms on the customer's span, drawn as normalised exponential spacings, so that
    only X + 1 random numbers per customer are needed however large K is."""
    first = np.zeros(n) if first_day is None else np.asarray(first_day, float)
    if first.shape != (n,):
        raise ValueError("first_day must have n values")
    span = np.maximum(end_day - first, 0.0)
    lam = rng.gamma(r, 1.0 / alpha, size=n)
    p = np.clip(rng.beta(a, b, size=n), 1e-12, 1.0)
    j = rng.geometric(p)
    k = rng.poisson(lam * span)
    x = np.minimum(j, k)
    idx = np.repeat(np.arange(n), x)
    e = rng.standard_exponential(int(x.sum()))
    cs = np.cumsum(e)
    ends = np.cumsum(x)
    starts = ends - x
    base = np.r_[0.0, cs][starts]                    # cumsum before each customer's block
    within = cs - base[idx]
    block = np.r_[0.0, cs][ends] - base              # sum of each customer's X spacings
    total = block + rng.gamma(k - x + 1.0)           # + the remaining K + 1 − X spacings
    times = first[idx] + span[idx] * within / total[idx]
    frame = pd.DataFrame({"customer": np.r_[np.arange(n), idx],
                          "day": np.r_[first, times]})
    if daily:
        frame["day"] = np.floor(frame["day"])
        frame = frame.drop_duplicates()
    return frame.sort_values(["customer", "day"], kind="stable").reset_index(drop=True)
