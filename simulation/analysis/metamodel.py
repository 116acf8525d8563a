"""The budget optimiser's metamodel: a cheap stand-in for the simulation, fitted per KPI to
the simulated design points, so that tens of thousands of candidate splits can be screened
and polished in milliseconds.

Per KPI: a linear trend in the model's own steady-state marketing response
(``_trend_features``) plus a thin-plate-spline radial-basis interpolator of what the trend
misses, on the search space's orthonormal coordinates; its one setting, the smoothing
(simulation results are noisy), is chosen by leave-one-out cross-validation, whose error
also measures how far the metamodel can be trusted (``_Metamodel.loo_error``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .. import marketing as mk
from ..scenario import CHANNELS
from .design import ESG_CHANNEL, _Space

SMOOTHING_GRID = (0.0, 1e-3, 1e-2, 0.1, 1.0, 10.0)


def _trend_features(space: _Space, z: np.ndarray) -> np.ndarray:
    """The metamodel's trend features of each row of ``z``: the model's own steady-state
    marketing response (see ``_Metamodel``), then the total and the levers."""
    z = np.atleast_2d(z)
    k = len(CHANNELS)
    m = space.base.marketing
    if space.budget:
        lo, hi = space.budget
        total = lo + z[:, k] * (hi - lo)
    else:
        total = np.full(len(z), float(m.monthly_budget_cny))
    dp_path = "governance.data_platform"
    if dp_path in space.levers:
        start = k + (1 if space.budget else 0)
        dp = z[:, start + space.levers.index(dp_path)] >= 0.5
    else:
        dp = np.full(len(z), bool(space.base.governance.data_platform))
    conv = np.where(dp, mk.DATA_PLATFORM_CONVERSION, 1.0)
    new = np.zeros(len(z))
    eco = np.zeros(len(z))
    for i, ch in enumerate(CHANNELS):
        if ch not in mk.ACQUISITION_CHANNELS:
            continue
        r = getattr(m.response, ch)
        daily = total * z[:, i] / mk.DAYS_PER_MONTH / (1.0 - r.decay)
        rate = r.max_new_per_day * mk.hill(daily, r.half_saturation_cny_per_day, r.shape)
        new += rate * conv * mk.DAYS_PER_MONTH
        eco += rate * conv * mk.DAYS_PER_MONTH * r.eco_mix
    crm_daily = total * z[:, CHANNELS.index("crm")] / mk.DAYS_PER_MONTH
    crm = (m.crm_max_logit * mk.hill(crm_daily, m.crm_half_saturation_cny_per_day, 1.0)
           * np.where(dp, mk.DATA_PLATFORM_CRM, 1.0))
    esg = np.minimum(1.0, z[:, CHANNELS.index(ESG_CHANNEL)] / 0.15)
    return np.column_stack([new, eco, crm, esg, total, z[:, k:]])


class _Metamodel:
    """Per KPI: a linear trend in the model's own steady-state marketing response, plus a
    radial-basis interpolator of what the trend misses; smoothing chosen by leave-one-out
    cross-validation.

    The trend's features are what the shares do in the model: paid new customers a month
    (the channels' Hill curves at their adstocked spend), the eco-minded among them, the
    CRM repurchase lift and the ESG-communication share (against the 15% of
    ``sources.ESG_MARKETING_GOV``); plus the total and
    the levers when they are searched. The simulation decides how much each matters (the
    trend is fitted to simulated results); the interpolator catches everything else
    (queues, satisfaction, trust dynamics, interactions).
    """

    METHOD = ("linear trend in the steady-state marketing response (new customers by channel "
              "from the Hill curves, CRM lift, ESG share) + scipy RBFInterpolator "
              "(thin-plate spline) on orthonormal simplex coordinates; smoothing chosen by "
              "leave-one-out cross-validation")

    def __init__(self, space: _Space, z: np.ndarray, ys: Mapping[str, np.ndarray],
                 offset: Mapping[str, float] | None = None):
        from scipy.interpolate import RBFInterpolator

        self._rbf = RBFInterpolator
        self.space = space
        self.offset = dict(offset or {})
        x, f = space.coords(z), _trend_features(space, z)
        self.f_mean, self.f_sd = f.mean(axis=0), f.std(axis=0)
        self.f_keep = self.f_sd > 1e-12 * np.maximum(1.0, np.abs(self.f_mean))
        f = self._std(f)
        # KPI -> (trend coefficients, interpolator, mean, sd); (None, None, mean, 1.0) when
        # too few finite values or a constant KPI leave nothing to fit
        self.models: dict[str, Any] = {}
        self.loo_error: dict[str, float] = {}
        self._x, self._f = x, f
        self._data: dict[str, tuple[np.ndarray, float]] = {}    # KPI -> (fitted rows, smoothing)
        for kpi, y in ys.items():
            ok = np.isfinite(y)
            mean, sd = (float(np.mean(y[ok])), float(np.std(y[ok]))) if ok.any() else (0.0, 0.0)
            if ok.sum() < f.shape[1] + x.shape[1] + 4 or sd == 0:
                self.models[kpi] = (None, None, mean, 1.0)
                self.loo_error[kpi] = 0.0 if sd == 0 else float("nan")
                continue
            ys_ = (y[ok] - mean) / sd
            best = min(SMOOTHING_GRID, key=lambda s: self._loo(x[ok], f[ok], ys_, s))
            self.loo_error[kpi] = float(self._loo(x[ok], f[ok], ys_, best))
            self.models[kpi] = (*self._fit(x[ok], f[ok], ys_, best), mean, sd)
            self._data[kpi] = (ok, best)

    def _std(self, f: np.ndarray) -> np.ndarray:
        return (f[:, self.f_keep] - self.f_mean[self.f_keep]) / self.f_sd[self.f_keep]

    def _fit(self, x, f, y, smoothing):
        a = np.column_stack([np.ones(len(y)), f])
        beta, *_ = np.linalg.lstsq(a, y, rcond=None)
        rbf = self._rbf(x, y - a @ beta, kernel="thin_plate_spline", degree=1,
                        smoothing=smoothing)
        return beta, rbf

    def _loo(self, x, f, y, smoothing: float) -> float:
        """Root-mean-square leave-one-out error, in standard deviations of the KPI."""
        err = []
        for i in range(len(y)):
            keep = np.arange(len(y)) != i
            try:
                beta, rbf = self._fit(x[keep], f[keep], y[keep], smoothing)
            except (np.linalg.LinAlgError, ValueError):
                return float("inf")
            pred = float(np.concatenate([[1.0], f[i]]) @ beta + rbf(x[i:i + 1])[0])
            err.append(pred - y[i])
        return float(np.sqrt(np.mean(np.square(err))))

    def predict(self, kpi: str, z: np.ndarray) -> np.ndarray:
        """The metamodel's ``kpi`` at each row of ``z``, on the confirmation's level (the
        design's mean plus ``offset``)."""
        beta, rbf, mean, sd = self.models[kpi]
        z = np.atleast_2d(z)
        mean = mean + self.offset.get(kpi, 0.0)
        if beta is None:
            return np.full(len(z), mean)
        f = self._std(_trend_features(self.space, z))
        return mean + sd * (np.column_stack([np.ones(len(z)), f]) @ beta
                            + rbf(self.space.coords(z)))

    def weights(self, kpi: str, z: np.ndarray) -> np.ndarray | None:
        """The metamodel is linear in the design's values (least squares, then a smoothing
        interpolator at a fixed smoothing): ``W`` with ``predict(kpi, z) = c + W @ y`` for the
        design values ``y`` of the fitted points; None for a KPI with nothing fitted. A
        difference of predictions has weights that sum to zero, and its standard error is
        the design values' noise times the weights' norm."""
        if kpi not in self._data:
            return None
        ok, smoothing = self._data[kpi]
        x, f = self._x[ok], self._f[ok]
        n = int(ok.sum())
        eye = np.eye(n)
        a = np.column_stack([np.ones(n), f])
        beta, *_ = np.linalg.lstsq(a, eye, rcond=None)
        rbf = self._rbf(x, eye - a @ beta, kernel="thin_plate_spline", degree=1,
                        smoothing=smoothing)
        z = np.atleast_2d(z)
        fz = self._std(_trend_features(self.space, z))
        return np.column_stack([np.ones(len(z)), fz]) @ beta + rbf(self.space.coords(z))

    def noise(self, kpi: str) -> float:
        """The typical error of one design value, in the KPI's units: the leave-one-out RMS
        error (simulation noise and what the metamodel misses together)."""
        err = self.loo_error.get(kpi, float("nan"))
        sd = self.models.get(kpi, (None, None, 0.0, 0.0))[3]
        return float(err * sd) if np.isfinite(err) else float("nan")
