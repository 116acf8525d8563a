"""Which assumptions does the answer hang on?

* One at a time (a tornado): each parameter goes to the low, then the high end of its
  documented plausible range (``simulation.scenario.PLAUSIBLE_RANGES``; else ±25% of its
  value within the schema's bounds), everything else unchanged, every variant on the same
  replications (common random numbers), so a swing is a paired difference and a parameter
  the KPI does not depend on swings by noise only — or by exactly nothing.
* Global: a Latin hypercube (``scipy.stats.qmc``) over all the ranges at once, one model
  run per sample on common random numbers, summarised by standardised regression
  coefficients (SRC: the KPI's change in standard deviations per standard deviation of a
  parameter, all others varying too) with bootstrap intervals, and their rank version
  (SRRC) for effects that are monotone but not linear. R² says how much of the variation
  the linear summary explains on the samples it was fitted to; the adjusted R² charges it
  for its parameters, and the cross-validated Q² (leave-one-out, from the PRESS statistic)
  says how well it predicts a sample it was not fitted to. ``GlobalSensitivity.fit`` turns
  these into a verdict: the coefficients are read as the parameters' effects only with at
  least ``MIN_SAMPLES_PER_PARAMETER`` samples per parameter and Q² ≥ ``MIN_Q2``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..loader import ScenarioError
from ..scenario import PLAUSIBLE_RANGES, Scenario
from ._common import (
    Evaluator,
    Progress,
    Runner,
    check_kpi,
    check_replications,
    get_value,
    interval,
    labels,
    paired,
    param_row,
)

DEFAULT_SENSITIVITY_PARAMETERS = (
    "shop.order_value_cny",
    "shop.gross_margin",
    "customers.dropout_b",
    "customers.purchase_rate_scale_days",
    "customers.satisfaction_weight",
    "customers.eco_share",
    "governance.esg_trust_gain",
    "staff.base_quit_rate_per_year",
    "logistics.linehaul_kg_per_parcel",
    "policy.commission_rate",
)
DEFAULT_SWING = 0.25          # ± this fraction where no plausible range is documented
MAX_PARAMETERS = 60
MAX_SAMPLES = 1000
MIN_SAMPLES_PER_PARAMETER = 10   # fewer: a regression this size fits noise (R² flatters it)
MIN_Q2 = 0.7                     # the linear summary must predict left-out samples this well


def min_samples(parameters: int) -> int:
    """The fewest Latin-hypercube samples ``global_sensitivity`` accepts for ``parameters``
    parameters: parameters + 3 (the intercept and each coefficient, plus two degrees of
    freedom for the residuals, so that R², its adjusted form and Q² are defined)."""
    return int(parameters) + 3


def regression_fit(x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """How well an ordinary least-squares fit of ``y`` on the columns of ``x`` (with an
    intercept) describes and predicts ``y``: ``r2``; ``r2_adjusted`` = 1 − (1 − R²)(n − 1) /
    (n − p − 1); ``press``, the sum of squared leave-one-out prediction errors, from the
    hat matrix H = A(AᵀA)⁺Aᵀ as Σ (eᵢ / (1 − hᵢᵢ))² (exact for least squares: no refit); and
    ``q2`` = 1 − PRESS / Σ(yᵢ − ȳ)². ``n`` rows and ``p`` non-constant columns are counted;
    NaN where the numbers are not defined (too few rows, a constant ``y``, or a sample whose
    own value alone fixes the fit, hᵢᵢ = 1)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n = len(y)
    keep = x.std(axis=0) > 0 if n else np.zeros(x.shape[1], dtype=bool)
    p = int(keep.sum())
    nan = float("nan")
    out = {"n": n, "p": p, "r2": nan, "r2_adjusted": nan, "press": nan, "q2": nan}
    if n <= p + 1:
        return out
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    if ss_tot == 0:
        return out
    a = np.column_stack([np.ones(n), x[:, keep]])
    hat = a @ np.linalg.pinv(a)
    resid = y - hat @ y
    r2 = 1.0 - float(resid @ resid) / ss_tot
    out["r2"] = r2
    out["r2_adjusted"] = 1.0 - (1.0 - r2) * (n - 1) / (n - p - 1)
    lever = 1.0 - np.diag(hat)
    if np.all(lever > 1e-9):
        press = float(np.sum((resid / lever) ** 2))
        out["press"] = press
        out["q2"] = 1.0 - press / ss_tot
    return out


def sensitivity_parameters() -> list[str]:
    """Every parameter with a documented plausible range."""
    return list(PLAUSIBLE_RANGES)


def sensitivity_range(path: str, scenario: Scenario | None = None) -> tuple:
    """(low, high) for ``path``: its documented plausible range, else ±25% of the current
    value clipped to the schema's bounds; (False, True) for an on/off lever."""
    sc = scenario or Scenario()
    row = param_row(path)
    value = get_value(sc, path)
    if isinstance(value, bool):
        return False, True
    if not isinstance(value, (int, float)):
        raise ValueError(  # noqa: TRY004 (bad input, reported like every other)
            f"'{path}' is not a number or an on/off lever; it cannot be swung")
    if path in PLAUSIBLE_RANGES:
        lo, hi, _ = PLAUSIBLE_RANGES[path]
    else:
        span = abs(value) * DEFAULT_SWING
        lo, hi = value - span, value + span
        if row["min"] is not None:
            lo = max(lo, row["min"])
        if row["max"] is not None:
            hi = min(hi, row["max"])
    if isinstance(value, int):              # whole numbers (people, audits): at least ±1
        lo, hi = min(math.ceil(lo), value - 1), max(math.floor(hi), value + 1)
        if row["min"] is not None:
            lo = max(lo, math.ceil(row["min"]))
        if row["max"] is not None:
            hi = min(hi, math.floor(row["max"]))
    return lo, hi


def _ranges(scenario: Scenario, parameters) -> dict[str, tuple]:
    if parameters is None:
        parameters = DEFAULT_SENSITIVITY_PARAMETERS
    if isinstance(parameters, str):
        parameters = [parameters]
    if isinstance(parameters, Mapping):
        out = {}
        for path, rng in parameters.items():
            param_row(path)
            lo, hi = rng
            if not lo < hi:
                raise ValueError(f"range for '{path}': low ({lo:g}) must be below high ({hi:g})")
            out[path] = (lo, hi)
    else:
        out = {path: sensitivity_range(path, scenario) for path in dict.fromkeys(parameters)}
    if not out:
        raise ValueError("choose at least one parameter")
    if len(out) > MAX_PARAMETERS:
        raise ValueError(f"{len(out)} parameters; at most {MAX_PARAMETERS} at once")
    return out


def _variant(scenario: Scenario, changes: dict) -> Scenario:
    try:
        return scenario.with_changes(changes)
    except ScenarioError as err:
        raise ValueError("; ".join(err.problems)) from None


@dataclass(frozen=True)
class Sensitivity:
    """A one-at-a-time sensitivity analysis: every KPI at the base, low and high values."""

    kpi: str
    replications: int
    seed: int
    simulations: int
    parameters: list[str]
    ranges: dict[str, tuple]
    values: dict[str, object]                          # the scenario's own values
    base_values: dict[str, np.ndarray] = field(repr=False)          # kpi -> (reps,)
    low_values: dict[str, np.ndarray] = field(repr=False)           # kpi -> (params, reps)
    high_values: dict[str, np.ndarray] = field(repr=False)

    def base(self, kpi: str | None = None) -> tuple[float, float, float]:
        return interval(self.base_values[check_kpi(kpi or self.kpi)])

    def table(self, kpi: str | None = None) -> pd.DataFrame:
        kpi = check_kpi(kpi or self.kpi)
        base = self.base_values[kpi]
        rows = []
        for i, path in enumerate(self.parameters):
            zh, en, unit = labels(path)
            lo_v, hi_v = self.low_values[kpi][i], self.high_values[kpi][i]
            d_lo, d_lo_l, d_lo_h = paired(lo_v, base)
            d_hi, d_hi_l, d_hi_h = paired(hi_v, base)
            sw, sw_l, sw_h = paired(hi_v, lo_v)
            noise = not (sw_l > 0 or sw_h < 0) if np.isfinite(sw_l) else sw == 0
            rows.append({
                "path": path, "label_zh": zh, "label_en": en, "unit": unit,
                "value": self.values[path], "low": self.ranges[path][0],
                "high": self.ranges[path][1], "kpi_low": interval(lo_v)[0],
                "kpi_high": interval(hi_v)[0], "delta_low": d_lo,
                "delta_low_ci_low": d_lo_l, "delta_low_ci_high": d_lo_h, "delta_high": d_hi,
                "delta_high_ci_low": d_hi_l, "delta_high_ci_high": d_hi_h, "swing": sw,
                "swing_ci_low": sw_l, "swing_ci_high": sw_h, "within_noise": bool(noise)})
        df = pd.DataFrame(rows)
        order = df["swing"].abs().fillna(-1).sort_values(ascending=False, kind="stable").index
        return df.loc[order].reset_index(drop=True)

    def to_dict(self, kpi: str | None = None) -> dict:
        kpi = kpi or self.kpi
        m, lo, hi = self.base(kpi)
        return {"kind": "one_at_a_time", "kpi": kpi, "replications": self.replications,
                "seed": self.seed, "simulations": self.simulations,
                "base": {"mean": m, "ci_low": lo, "ci_high": hi},
                "parameters": _records(self.table(kpi))}


def _records(df: pd.DataFrame) -> list[dict]:
    out = []
    for row in df.to_dict(orient="records"):
        out.append({k: (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()})
    return out


def sensitivity(scenario: Scenario, kpi: str = "profit_cny", parameters=None,
                replications: int = 6, seed: int = 1, progress: Progress | None = None,
                runner: Runner | None = None, workers: int | None = None) -> Sensitivity:
    """One-at-a-time low/high swings of each parameter over its range (a tornado).

    ``parameters``: None (``DEFAULT_SENSITIVITY_PARAMETERS``), a list of dotted paths, or
    {path: (low, high)}. Runs (2 × parameters + 1) × replications simulations, fewer where
    an end of a range is the scenario's own value.
    """
    check_kpi(kpi)
    reps = list(range(check_replications(replications, 2)))
    ranges = _ranges(scenario, parameters)
    paths = list(ranges)
    lows = [_variant(scenario, {p: ranges[p][0]}) for p in paths]
    highs = [_variant(scenario, {p: ranges[p][1]}) for p in paths]
    variants = [scenario, *lows, *highs]
    unique = len({v.fingerprint() for v in variants})
    ev = Evaluator(seed, runner, workers, progress, total=unique * len(reps))
    res = ev.run(variants, reps)
    n = len(paths)
    ev.finish()
    return Sensitivity(
        kpi=kpi, replications=len(reps), seed=int(seed), simulations=ev.simulations,
        parameters=paths, ranges=ranges, values={p: get_value(scenario, p) for p in paths},
        base_values={k: v[0] for k, v in res.items()},
        low_values={k: v[1:1 + n] for k, v in res.items()},
        high_values={k: v[1 + n:] for k, v in res.items()})


@dataclass(frozen=True)
class GlobalSensitivity:
    """A Latin-hypercube design over many parameters at once and every KPI at each sample."""

    kpi: str
    samples: int
    replications: int
    seed: int
    simulations: int
    parameters: list[str]
    ranges: dict[str, tuple]
    design: pd.DataFrame

    def _xy(self, kpi: str) -> tuple[np.ndarray, np.ndarray]:
        x = self.design[self.parameters].to_numpy(dtype=float)
        y = self.design[check_kpi(kpi)].to_numpy(dtype=float)
        ok = np.isfinite(y)
        return x[ok], y[ok]

    @staticmethod
    def _src(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
        """Standardised regression coefficients and R² of y on x (OLS with intercept)."""
        if len(y) <= x.shape[1] + 1:          # too few finite results (or none)
            return np.full(x.shape[1], np.nan), float("nan")
        sx, sy = x.std(axis=0, ddof=1), y.std(ddof=1)
        if sy == 0:
            return np.full(x.shape[1], np.nan), float("nan")
        keep = sx > 0
        xs = (x[:, keep] - x[:, keep].mean(axis=0)) / sx[keep]
        ys = (y - y.mean()) / sy
        coef, *_ = np.linalg.lstsq(np.column_stack([np.ones(len(ys)), xs]), ys, rcond=None)
        out = np.zeros(x.shape[1])
        out[keep] = coef[1:]
        resid = ys - np.column_stack([np.ones(len(ys)), xs]) @ coef
        return out, float(1.0 - resid.var() / ys.var())

    @staticmethod
    def _ranks(a: np.ndarray) -> np.ndarray:
        from scipy.stats import rankdata
        return rankdata(a, axis=0)

    def r2(self, kpi: str | None = None) -> float:
        return self._src(*self._xy(kpi or self.kpi))[1]

    def r2_rank(self, kpi: str | None = None) -> float:
        x, y = self._xy(kpi or self.kpi)
        return self._src(self._ranks(x), self._ranks(y))[1]

    def fit(self, kpi: str | None = None) -> dict:
        """How far the linear summary of ``kpi`` can be trusted (``regression_fit`` on the
        finite results): ``n``, ``p``, ``per_parameter`` (n / p), ``r2``, ``r2_adjusted``,
        ``press``, ``q2``; ``enough_samples`` (at least ``MIN_SAMPLES_PER_PARAMETER`` per
        parameter), ``predictive`` (Q² ≥ ``MIN_Q2``) and ``reliable`` (both)."""
        x, y = self._xy(kpi or self.kpi)
        out = regression_fit(x, y)
        p = max(len(self.parameters), 1)
        out["per_parameter"] = out["n"] / p
        out["enough_samples"] = bool(out["n"] >= MIN_SAMPLES_PER_PARAMETER * p)
        out["predictive"] = bool(np.isfinite(out["q2"]) and out["q2"] >= MIN_Q2)
        out["reliable"] = out["enough_samples"] and out["predictive"]
        return out

    def q2(self, kpi: str | None = None) -> float:
        """Cross-validated (leave-one-out) R² of the linear summary."""
        return self.fit(kpi)["q2"]

    def r2_adjusted(self, kpi: str | None = None) -> float:
        return self.fit(kpi)["r2_adjusted"]

    def table(self, kpi: str | None = None, bootstrap: int = 500) -> pd.DataFrame:
        kpi = kpi or self.kpi
        x, y = self._xy(kpi)
        src, _ = self._src(x, y)
        srrc, _ = self._src(self._ranks(x), self._ranks(y))
        rng = np.random.default_rng(self.seed)
        boot = np.array([self._src(x[idx], y[idx])[0] for idx in
                         (rng.integers(0, len(y), len(y)) for _ in range(bootstrap))])
        if np.isfinite(boot).any():
            lo, hi = np.nanpercentile(boot, [2.5, 97.5], axis=0)
        else:
            lo = hi = np.full(len(self.parameters), np.nan)
        rows = []
        for i, path in enumerate(self.parameters):
            zh, en, unit = labels(path)
            rows.append({"path": path, "label_zh": zh, "label_en": en, "unit": unit,
                         "low": self.ranges[path][0], "high": self.ranges[path][1],
                         "src": float(src[i]), "src_ci_low": float(lo[i]),
                         "src_ci_high": float(hi[i]), "srrc": float(srrc[i]),
                         # the 95% interval excludes zero (else: not distinguishable from it)
                         "distinguishable": bool(lo[i] > 0 or hi[i] < 0)})
        df = pd.DataFrame(rows)
        order = df["src"].abs().fillna(-1).sort_values(ascending=False, kind="stable").index
        return df.loc[order].reset_index(drop=True)

    def to_dict(self, kpi: str | None = None) -> dict:
        kpi = kpi or self.kpi
        fit = {k: (v.item() if isinstance(v, np.generic) else v) for k, v in self.fit(kpi).items()}
        return {"kind": "global", "kpi": kpi, "method": "standardised regression "
                "coefficients on a Latin hypercube", "samples": self.samples,
                "replications": self.replications, "seed": self.seed,
                "simulations": self.simulations, "r2": self.r2(kpi),
                "r2_rank": self.r2_rank(kpi), "r2_adjusted": fit["r2_adjusted"],
                "q2": fit["q2"], "fit": fit, "parameters": _records(self.table(kpi))}


def _lhs(d: int, n: int, seed: int) -> np.ndarray:
    from scipy.stats import qmc

    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 0x5EED]))
    try:
        sampler = qmc.LatinHypercube(d=d, rng=rng)
    except TypeError:                     # scipy < 1.15 names it seed
        sampler = qmc.LatinHypercube(d=d, seed=rng)
    return sampler.random(n)


def global_sensitivity(scenario: Scenario, kpi: str = "profit_cny", parameters=None,
                       samples: int = 40, replications: int = 1, seed: int = 1,
                       progress: Progress | None = None, runner: Runner | None = None,
                       workers: int | None = None) -> GlobalSensitivity:
    """Standardised regression coefficients over a Latin hypercube of the ranges.

    Runs samples × replications simulations; every sample uses replications 0..r−1, so the
    design's rows differ by their parameters only.
    """
    check_kpi(kpi)
    reps = list(range(check_replications(replications)))
    ranges = _ranges(scenario, parameters)
    paths = list(ranges)
    n = int(samples)
    if not min_samples(len(paths)) <= n <= MAX_SAMPLES:
        raise ValueError(f"samples must be between {min_samples(len(paths))} (parameters + 3) "
                         f"and {MAX_SAMPLES}, got {samples}")
    u = _lhs(len(paths), n, seed)
    rows, variants = [], []
    for k in range(n):
        changes = {}
        for j, path in enumerate(paths):
            lo, hi = ranges[path]
            if isinstance(lo, bool):
                v = bool(u[k, j] >= 0.5)
            else:
                v = lo + u[k, j] * (hi - lo)
                if isinstance(get_value(scenario, path), int) and not isinstance(lo, float):
                    v = round(v)
            changes[path] = v
        rows.append(changes)
        variants.append(_variant(scenario, changes))
    ev = Evaluator(seed, runner, workers, progress,
                   total=len({v.fingerprint() for v in variants}) * len(reps))
    res = ev.run(variants, reps)
    ev.finish()
    design = pd.DataFrame(rows).astype(float)
    for k, v in res.items():
        design[k] = [interval(row)[0] for row in v]
    return GlobalSensitivity(kpi=kpi, samples=n, replications=len(reps), seed=int(seed),
                             simulations=ev.simulations, parameters=paths, ranges=ranges,
                             design=design)


__all__ = ["DEFAULT_SENSITIVITY_PARAMETERS", "MIN_Q2", "MIN_SAMPLES_PER_PARAMETER",
           "GlobalSensitivity", "Sensitivity", "global_sensitivity", "min_samples",
           "regression_fit", "sensitivity", "sensitivity_parameters", "sensitivity_range"]
