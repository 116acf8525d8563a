"""The budget optimiser: which split of the marketing budget across channels (and, if asked,
which total and which on/off levers) gives the best objective under the user's bounds and KPI
constraints, and how sure are we?

Simulation is the expensive part, so the search runs in three stages:

1. **Design**: a space-filling (greedy maximin) set of feasible splits, chosen from thousands
   of random points of the bounded simplex, each simulated on a few replications with common
   random numbers.
2. **Metamodel**: for the objective, every constrained KPI and the Pareto KPIs, a radial-basis
   interpolator (``scipy.interpolate.RBFInterpolator``, thin-plate spline with a linear trend)
   on orthonormal coordinates of the simplex. A thin-plate spline has no length scale to tune
   and a linear trend extrapolates sensibly to the simplex's corners; its one setting, the
   smoothing (simulation results are noisy), is chosen by leave-one-out cross-validation.
   The metamodel screens tens of thousands of candidate splits in milliseconds; the best are
   polished with SLSQP (bounds, the sum to 100% and the constraints on the metamodel).
3. **Confirmation**: the best few candidates, a spread of the metamodel's Pareto set
   (retention × carbon × cost) and the current split are simulated with the full number of
   replications, all on the same random streams. Only confirmed numbers are reported: the
   recommendation is the confirmed candidate with the best mean objective whose confirmed
   means meet every constraint.

No candidate is ever outside the bounds: they are all drawn inside them (or projected onto
them) before they are simulated.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import marketing as mk
from ..loader import ScenarioError
from ..scenario import CHANNELS, MAX_MONTHLY_BUDGET_CNY, Scenario
from ._common import (
    Evaluator,
    Progress,
    Runner,
    better_direction,
    check_kpi,
    check_replications,
    get_value,
    param_row,
    stat,
)

PARETO_KPIS = ("retention_90d", "carbon_kg_total", "cost_total_cny")
PARETO_SENSE = (1.0, -1.0, -1.0)          # more retention, less carbon, less cost
_CONSTRAINT = re.compile(r"^\s*([a-z0-9_]+)\s*(<=|>=)\s*([-+0-9.eE_,]+)\s*$")
ESG_CHANNEL = "esg_content"
MAX_DESIGN_POINTS = 200
POOL = 20_000                  # candidate splits screened on the metamodel
PARETO_POOL = 3_000            # of which this many are searched for the Pareto set
CONFIRM_BEST = 3               # best candidates confirmed by simulation
CONFIRM_PARETO = 6             # Pareto points confirmed by simulation
SMOOTHING_GRID = (0.0, 1e-3, 1e-2, 0.1, 1.0, 10.0)
SHARE_DECIMALS = 4
BOUND_TOL = 5e-4               # a share this close to a bound is at the bound


@dataclass(frozen=True)
class Constraint:
    """A KPI bound: ``kpi <= limit`` or ``kpi >= limit`` (on the confirmed mean)."""

    kpi: str
    op: str
    limit: float

    def __post_init__(self):
        check_kpi(self.kpi)
        if self.op not in ("<=", ">="):
            raise ValueError(f"constraint operator must be <= or >=, got '{self.op}'")
        if not math.isfinite(float(self.limit)):
            raise ValueError(f"constraint limit must be a finite number, got {self.limit}")

    def __str__(self) -> str:
        return f"{self.kpi}{self.op}{self.limit:g}"

    def satisfied(self, value: float) -> bool:
        return bool(value <= self.limit) if self.op == "<=" else bool(value >= self.limit)

    def slack(self, value: float) -> float:
        """Room left before the limit (negative when violated)."""
        return self.limit - value if self.op == "<=" else value - self.limit

    def violation(self, value: float) -> float:
        return max(0.0, -self.slack(value))


def parse_constraint(text) -> Constraint:
    """'carbon_kg_total<=30000' -> Constraint; ValueError naming the problem otherwise."""
    if isinstance(text, Constraint):
        return text
    if isinstance(text, (tuple, list)) and len(text) == 3:
        try:
            return Constraint(str(text[0]), str(text[1]), float(text[2]))
        except (TypeError, ValueError) as err:
            raise ValueError(f"constraint {tuple(text)}: {err}") from None
    m = _CONSTRAINT.match(str(text))
    if not m:
        raise ValueError(f"constraint '{text}': write it as KPI<=VALUE or KPI>=VALUE, e.g. "
                         "carbon_kg_total<=30000")
    kpi, op, raw = m.groups()
    try:
        limit = float(raw.replace(",", "").replace("_", ""))
    except ValueError:
        raise ValueError(f"constraint '{text}': '{raw}' is not a number") from None
    try:
        return Constraint(kpi, op, limit)
    except ValueError as err:
        raise ValueError(f"constraint '{text}': {err}") from None


# --- the feasible region ------------------------------------------------------------------

def _share_bounds(min_share, max_share, min_esg_share) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = np.zeros(len(CHANNELS)), np.ones(len(CHANNELS))
    for name, given, arr in (("min_share", min_share, lo), ("max_share", max_share, hi)):
        for ch, v in (given or {}).items():
            if ch not in CHANNELS:
                raise ValueError(f"{name}: unknown channel '{ch}'; channels are "
                                 f"{', '.join(CHANNELS)}")
            v = float(v)
            if not 0.0 <= v <= 1.0:
                raise ValueError(f"{name} {ch}={v:g}: a share must be between 0 and 1")
            arr[CHANNELS.index(ch)] = v
    if min_esg_share is not None:
        v = float(min_esg_share)
        if not 0.0 <= v <= 1.0:
            raise ValueError(f"min_esg_share={v:g}: a share must be between 0 and 1")
        i = CHANNELS.index(ESG_CHANNEL)
        lo[i] = max(lo[i], v)
    for i, ch in enumerate(CHANNELS):
        if lo[i] > hi[i] + 1e-12:
            raise ValueError(f"{ch}: the minimum share {lo[i]:g} is above the maximum "
                             f"{hi[i]:g}")
    return lo, hi


def project(y: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The nearest point (Euclidean) to each row of ``y`` with lo ≤ x ≤ hi and Σx = 1:
    x = clip(y − λ, lo, hi) with λ found by bisection (Σ is monotone in λ)."""
    y = np.atleast_2d(np.asarray(y, dtype=float))
    a = (y - hi[None, :]).min(axis=1) - 1.0
    b = (y - lo[None, :]).max(axis=1) + 1.0
    for _ in range(80):
        mid = 0.5 * (a + b)
        s = np.clip(y - mid[:, None], lo, hi).sum(axis=1)
        a = np.where(s > 1.0, mid, a)
        b = np.where(s > 1.0, b, mid)
    return np.clip(y - (0.5 * (a + b))[:, None], lo, hi)


def sample_shares(n: int, lo: np.ndarray, hi: np.ndarray,
                  rng: np.random.Generator) -> np.ndarray:
    """``n`` splits spread uniformly over {lo ≤ x ≤ hi, Σx = 1} (Dirichlet(1) on the slack
    above the minimums, rejection at the maximums; the rest projected if the maximums reject
    nearly everything)."""
    slack = 1.0 - lo.sum()
    out: list[np.ndarray] = []
    have = 0
    for _ in range(40):
        w = rng.dirichlet(np.ones(len(lo)), size=max(4 * n, 256))
        x = lo + slack * w
        ok = (x <= hi + 1e-12).all(axis=1)
        out.append(x[ok])
        have += int(ok.sum())
        if have >= n:
            break
    pts = np.concatenate(out)[:n] if out else np.empty((0, len(lo)))
    if len(pts) < n:
        extra = project(lo + slack * rng.dirichlet(np.ones(len(lo)), size=n - len(pts)), lo, hi)
        pts = np.concatenate([pts, extra])
    return pts


def round_shares(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Shares rounded to 0.01%, still within the bounds and summing to exactly 1."""
    r = np.clip(np.round(x, SHARE_DECIMALS), lo, hi)
    step = 10.0 ** -SHARE_DECIMALS
    for _ in range(10 * len(r) + 100):
        gap = 1.0 - r.sum()
        if abs(gap) < 1e-12:
            break
        room = (hi - r) if gap > 0 else (r - lo)
        candidates = np.flatnonzero(room > 1e-12)
        if not len(candidates):
            break
        i = candidates[np.argmax(np.where(gap > 0, x - r, r - x)[candidates])]
        move = min(abs(gap), min(step, abs(gap)), room[i])
        r[i] += move if gap > 0 else -move
    return r


# --- the search space: shares, optionally the total and on/off levers ----------------------

@dataclass
class _Space:
    base: Scenario
    lo: np.ndarray
    hi: np.ndarray
    budget: tuple[float, float] | None
    levers: list[str]

    def __post_init__(self):
        k = len(CHANNELS)
        # an orthonormal basis of {Σx = 0}: the simplex in k − 1 isotropic coordinates
        q, _ = np.linalg.qr(np.eye(k) - 1.0 / k)
        self.basis = q[:, : k - 1]

    @property
    def dims(self) -> int:
        return len(CHANNELS) - 1 + (1 if self.budget else 0) + len(self.levers)

    def min_design(self) -> int:
        """The fewest design points the metamodel can be fitted to and cross-validated on:
        its trend terms (features) and interpolator's linear terms, plus three."""
        n_features = 4 + (2 if self.budget else 0) + len(self.levers)
        return self.dims + 1 + n_features + 3

    def local_points(self) -> int:
        """Design points added around each centre of the local refinement."""
        return self.dims + 3

    def sample_near(self, centre: np.ndarray, n: int, radius: float,
                    rng: np.random.Generator) -> np.ndarray:
        """``n`` points within about ``radius`` (share points; and of the total's range) of
        ``centre``, inside the bounds, with the centre's levers."""
        k = len(CHANNELS)
        z = np.repeat(centre[None, :], n, axis=0)
        z[:, :k] = project(centre[:k] + radius * (2 * rng.random((n, k)) - 1), self.lo,
                           self.hi)
        if self.budget:
            z[:, k] = np.clip(centre[k] + radius * (2 * rng.random(n) - 1), 0.0, 1.0)
        return z

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """Rows: the six shares, then the total's position in its range (0–1), then levers."""
        parts = [sample_shares(n, self.lo, self.hi, rng)]
        if self.budget:
            parts.append(rng.random((n, 1)))
        if self.levers:
            parts.append((rng.random((n, len(self.levers))) < 0.5).astype(float))
        return np.hstack(parts)

    def coords(self, z: np.ndarray) -> np.ndarray:
        """Metamodel coordinates (distances comparable across the parts)."""
        z = np.atleast_2d(z)
        k = len(CHANNELS)
        parts = [(z[:, :k] - 1.0 / k) @ self.basis]
        rest = z[:, k:]
        if rest.shape[1]:
            parts.append(0.5 * rest)
        return np.hstack(parts)

    def features(self, z: np.ndarray) -> np.ndarray:
        """The steady-state marketing response of each row (see ``_Metamodel``)."""
        z = np.atleast_2d(z)
        k = len(CHANNELS)
        m = self.base.marketing
        if self.budget:
            lo, hi = self.budget
            total = lo + z[:, k] * (hi - lo)
        else:
            total = np.full(len(z), float(m.monthly_budget_cny))
        dp_path = "governance.data_platform"
        if dp_path in self.levers:
            start = k + (1 if self.budget else 0)
            dp = z[:, start + self.levers.index(dp_path)] >= 0.5
        else:
            dp = np.full(len(z), bool(self.base.governance.data_platform))
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

    def total(self, z: np.ndarray) -> float:
        if not self.budget:
            return float(self.base.marketing.monthly_budget_cny)
        lo, hi = self.budget
        return float(lo + z[len(CHANNELS)] * (hi - lo))

    def lever_values(self, z: np.ndarray) -> dict[str, bool]:
        start = len(CHANNELS) + (1 if self.budget else 0)
        return {p: bool(z[start + i] >= 0.5) for i, p in enumerate(self.levers)}

    def point(self, z: np.ndarray) -> np.ndarray:
        """``z`` with its shares rounded inside the bounds and its levers at 0/1."""
        z = np.array(z, dtype=float)
        k = len(CHANNELS)
        z[:k] = round_shares(project(z[:k], self.lo, self.hi)[0], self.lo, self.hi)
        if self.budget:
            z[k] = float(np.clip(np.round(z[k], 4), 0.0, 1.0))
        start = k + (1 if self.budget else 0)
        z[start:] = (z[start:] >= 0.5).astype(float)
        return z

    def changes(self, z: np.ndarray) -> dict[str, Any]:
        out: dict[str, Any] = {"marketing.shares": {c: float(z[i]) for i, c in
                                                    enumerate(CHANNELS)}}
        if self.budget:
            out["marketing.monthly_budget_cny"] = round(self.total(z), 2)
        out.update(self.lever_values(z))
        return out

    def scenario(self, z: np.ndarray) -> Scenario:
        try:
            return self.base.with_changes(self.changes(z))
        except ScenarioError as err:
            raise ValueError("a candidate split makes an invalid scenario: "
                             + "; ".join(err.problems)) from None

    def current(self) -> np.ndarray:
        m = self.base.marketing
        z = [m.shares.as_dict()[c] for c in CHANNELS]
        if self.budget:
            lo, hi = self.budget
            z.append(float(np.clip((m.monthly_budget_cny - lo) / (hi - lo), 0.0, 1.0)))
        z += [float(bool(get_value(self.base, p))) for p in self.levers]
        return np.array(z, dtype=float)


def _maximin(pool: np.ndarray, coords: np.ndarray, n: int, first: Sequence[int]) -> list[int]:
    """Greedy maximin: start from ``first``, then repeatedly add the pool point farthest
    from everything chosen (a space-filling design)."""
    chosen = list(dict.fromkeys(first))
    d = np.full(len(pool), np.inf)
    for i in chosen:
        d = np.minimum(d, np.linalg.norm(coords - coords[i], axis=1))
    while len(chosen) < min(n, len(pool)):
        i = int(np.argmax(d))
        chosen.append(i)
        d = np.minimum(d, np.linalg.norm(coords - coords[i], axis=1))
    return chosen


# --- the metamodel --------------------------------------------------------------------------

class _Metamodel:
    """Per KPI: a linear trend in the model's own steady-state marketing response, plus a
    radial-basis interpolator of what the trend misses; smoothing chosen by leave-one-out
    cross-validation.

    The trend's features are what the shares do in the model: paid new customers a month
    (the channels' Hill curves at their adstocked spend), the eco-minded among them, the
    CRM repurchase lift and the ESG-communication share (seed 000's 15%); plus the total and
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
        x, f = space.coords(z), space.features(z)
        self.f_mean, self.f_sd = f.mean(axis=0), f.std(axis=0)
        self.f_keep = self.f_sd > 1e-12 * np.maximum(1.0, np.abs(self.f_mean))
        f = self._std(f)
        self.models: dict[str, Any] = {}
        self.loo_error: dict[str, float] = {}
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
        beta, rbf, mean, sd = self.models[kpi]
        z = np.atleast_2d(z)
        mean = mean + self.offset.get(kpi, 0.0)
        if beta is None:
            return np.full(len(z), mean)
        f = self._std(self.space.features(z))
        return mean + sd * (np.column_stack([np.ones(len(z)), f]) @ beta
                            + rbf(self.space.coords(z)))


def _frontier(objective: str, maximise: bool) -> list[tuple[str, float]]:
    """(KPI, sign) pairs of the Pareto set: retention (more), carbon and cost (less), and
    the objective when it is none of those. Without the objective the three mostly agree
    (spending less on acquisition lowers carbon and cost and raises the retention rate), so
    the frontier would collapse to "shrink the shop"; with it, it shows what each step
    towards less carbon or cost gives up in the objective."""
    pairs = list(zip(PARETO_KPIS, PARETO_SENSE, strict=True))
    if objective not in PARETO_KPIS:
        pairs.append((objective, 1.0 if maximise else -1.0))
    return pairs


def _nondominated(values: np.ndarray) -> np.ndarray:
    """Mask of rows no other row beats in every column (all columns: larger is better)."""
    n = len(values)
    keep = np.ones(n, dtype=bool)
    for i in range(n):
        if not keep[i]:
            continue
        dom = (values >= values[i]).all(axis=1) & (values > values[i]).any(axis=1)
        if dom.any():
            keep[i] = False
    return keep


# --- the result -----------------------------------------------------------------------------

@dataclass
class BudgetRecommendation:
    """The recommended split, confirmed by simulation, beside the current one."""

    objective: str
    maximise: bool
    constraints: list[Constraint]
    replications: int
    seed: int
    feasible: bool
    infeasible: list[dict]
    shares: dict[str, float]
    total_budget: float
    levers: dict[str, bool]
    scenario: Scenario
    changes: dict[str, Any]
    current_shares: dict[str, float]
    current_total_budget: float
    kpis: dict[str, dict[str, float]]
    current_kpis: dict[str, dict[str, float]]
    difference: dict[str, dict[str, float]]
    prob_better: float
    recommended_is_current: bool
    pareto: list[dict]
    binding_constraints: list[dict]
    constraint_status: list[dict]
    marginal: pd.DataFrame
    metamodel: dict[str, Any]
    simulations: int
    stages: dict[str, int]
    bounds: dict[str, dict[str, float]] = field(default_factory=dict)
    current_feasible: bool | None = None      # the current split meets bounds and constraints

    def to_json(self) -> dict[str, Any]:
        return {
            "objective": self.objective, "maximise": self.maximise,
            "constraints": [str(c) for c in self.constraints],
            "replications": self.replications, "seed": self.seed,
            "feasible": self.feasible, "infeasible": self.infeasible,
            "shares": self.shares, "total_budget": self.total_budget, "levers": self.levers,
            "changes": self.changes, "kpis": self.kpis,
            "current_shares": self.current_shares,
            "current_total_budget": self.current_total_budget,
            "current_kpis": self.current_kpis, "difference": self.difference,
            "prob_better": self.prob_better,
            "recommended_is_current": self.recommended_is_current,
            "pareto": self.pareto, "binding_constraints": self.binding_constraints,
            "constraint_status": self.constraint_status,
            "marginal": [{k: (v.item() if isinstance(v, np.generic) else v)
                          for k, v in r.items()}
                         for r in self.marginal.to_dict(orient="records")],
            "bounds": self.bounds, "current_feasible": self.current_feasible,
            "metamodel": self.metamodel,
            "simulations": self.simulations, "stages": self.stages,
        }


def _prob_better(diff: np.ndarray, more_is_better: bool) -> float:
    from scipy import stats

    d = diff[np.isfinite(diff)]
    if len(d) < 2:
        return float("nan")
    se = d.std(ddof=1) / math.sqrt(len(d))
    m = d.mean()
    p = float(stats.t.cdf(m / se, len(d) - 1)) if se > 0 else (
        1.0 if m > 0 else 0.0 if m < 0 else 0.5)
    return p if more_is_better else 1.0 - p


def _kpi_stats(values: Mapping[str, np.ndarray], i: int, kpis: Sequence[str]) -> dict:
    return {k: stat(values[k][i]) for k in kpis}


def _marginal(space: _Space, mm: _Metamodel, objective: str, z: np.ndarray,
              sc: Scenario) -> pd.DataFrame:
    """Each channel's marginal return at ``z``: new customers a month per extra ¥1,000 a month
    (the model's own steady-state response curve), and the metamodel's change in the
    objective when ¥1,000 a month moves into the channel from the others in proportion."""
    k = len(CHANNELS)
    total = space.total(z)
    x = z[:k]
    rows = []
    for i, ch in enumerate(CHANNELS):
        spend = total * x[i]
        if ch in mk.ACQUISITION_CHANNELS:
            h = 50.0
            up, down = mk.response_curve(sc, ch, np.array([spend + h, max(spend - h, 0.0)]))
            new_per_1000 = float((up - down) / (spend + h - max(spend - h, 0.0)) * 1000.0)
        else:
            new_per_1000 = float("nan")
        obj = float("nan")
        if total > 0 and x[i] < 1.0 - 1e-9:
            delta = 1000.0 / total
            direction = -x / (1.0 - x[i])
            direction[i] = 1.0
            eps = min(delta, 0.01)
            zp, zm = z.copy(), z.copy()
            zp[:k] = x + eps * direction
            zm[:k] = x - eps * direction
            fp, fm = mm.predict(objective, np.vstack([zp, zm]))
            obj = float((fp - fm) / (2 * eps) * delta)
        at = "min" if x[i] <= space.lo[i] + BOUND_TOL else (
            "max" if x[i] >= space.hi[i] - BOUND_TOL else "")
        rows.append({"channel": ch, "share": float(x[i]), "spend_cny_month": float(spend),
                     "new_customers_per_1000_cny": new_per_1000,
                     "objective_per_1000_cny": obj, "at_bound": at})
    return pd.DataFrame(rows)


def _check_levers(scenario: Scenario, levers) -> list[str]:
    out = []
    for p in levers or []:
        param_row(p)
        if not isinstance(get_value(scenario, p), bool):
            raise ValueError(f"lever '{p}' is not an on/off lever")  # noqa: TRY004 (bad input)
        out.append(p)
    return list(dict.fromkeys(out))


def min_design_points(budget: bool = False, levers: int = 0) -> int:
    """The fewest design points ``optimise_budget`` accepts for this search space."""
    return _Space(Scenario(), np.zeros(len(CHANNELS)), np.ones(len(CHANNELS)),
                  (0.0, 1.0) if budget else None, ["x"] * int(levers)).min_design()


def _default_design(dims: int) -> int:
    return int(min(MAX_DESIGN_POINTS, 6 * dims + 6))


def optimise_budget(scenario: Scenario, objective: str = "profit_cny", maximise: bool = True,
                    constraints=None, min_share: Mapping[str, float] | None = None,
                    max_share: Mapping[str, float] | None = None,
                    min_esg_share: float | None = None,
                    budget_range: tuple[float, float] | None = None,
                    levers: Sequence[str] | None = None, replications: int = 8,
                    design_points: int | None = None, design_replications: int = 2,
                    seed: int = 1, progress: Progress | None = None,
                    runner: Runner | None = None, workers: int | None = None
                    ) -> BudgetRecommendation:
    """Search channel shares (and optionally the total and on/off levers) for the best
    ``objective`` under bounds and KPI constraints; see the module's docstring for how.

    Runs design_points × design_replications + (up to 10 confirmed splits) × replications
    simulations.
    """
    check_kpi(objective)
    cons = [parse_constraint(c) for c in (constraints or [])]
    lo, hi = _share_bounds(min_share, max_share, min_esg_share)
    lever_paths = _check_levers(scenario, levers)
    if budget_range is not None:
        b_lo, b_hi = (float(v) for v in budget_range)
        if not 0.0 <= b_lo < b_hi <= MAX_MONTHLY_BUDGET_CNY:
            raise ValueError(f"budget range {b_lo:g}–{b_hi:g}: need 0 ≤ low < high ≤ "
                             f"{MAX_MONTHLY_BUDGET_CNY:,}")
        budget = (b_lo, b_hi)
    else:
        budget = None
    reps_n, design_reps = check_replications(replications, 2), int(design_replications)
    if not 1 <= design_reps <= reps_n:
        raise ValueError(f"design_replications must be between 1 and replications ({reps_n}), "
                         f"got {design_replications}")
    space = _Space(scenario, lo, hi, budget, lever_paths)
    n_design = _default_design(space.dims) if design_points is None else int(design_points)
    least = space.min_design()
    if not least <= n_design <= MAX_DESIGN_POINTS:
        raise ValueError(f"design_points must be between {least} and {MAX_DESIGN_POINTS} "
                         f"for {space.dims} search dimensions (the metamodel fits "
                         f"{least - 3} terms), got {design_points}")
    current_z = space.current()
    cur_shares = {c: float(current_z[i]) for i, c in enumerate(CHANNELS)}
    cur_total = float(scenario.marketing.monthly_budget_cny)
    bounds_doc = {c: {"min": float(lo[i]), "max": float(hi[i])} for i, c in enumerate(CHANNELS)}
    more_better = bool(maximise)
    sense = 1.0 if more_better else -1.0
    common: dict[str, Any] = {
        "objective": objective, "maximise": more_better, "constraints": cons,
        "replications": reps_n, "seed": int(seed), "current_shares": cur_shares,
        "current_total_budget": cur_total, "bounds": bounds_doc}

    # bounds that no split can meet: say which, simulate nothing
    problems = []
    if lo.sum() > 1.0 + 1e-9:
        problems.append({"kind": "bounds", "constraint": "sum(min_share)<=1",
                         "limit": 1.0, "best_reachable": float(lo.sum())})
    if hi.sum() < 1.0 - 1e-9:
        problems.append({"kind": "bounds", "constraint": "sum(max_share)>=1",
                         "limit": 1.0, "best_reachable": float(hi.sum())})
    if problems:
        return BudgetRecommendation(
            **common, feasible=False, infeasible=problems, shares=cur_shares,
            total_budget=cur_total, levers=space.lever_values(current_z), scenario=scenario,
            changes={}, kpis={}, current_kpis={}, difference={}, prob_better=float("nan"),
            recommended_is_current=True, pareto=[], binding_constraints=[],
            constraint_status=[], marginal=pd.DataFrame(columns=[
                "channel", "share", "spend_cny_month", "new_customers_per_1000_cny",
                "objective_per_1000_cny", "at_bound"]),
            metamodel={}, simulations=0, stages={"design": 0, "confirm": 0})

    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 0x0B7]))
    design_reps_idx = list(range(design_reps))
    confirm_reps = list(range(reps_n))
    n_confirm_max = 1 + CONFIRM_BEST + CONFIRM_PARETO + len(cons) + 1
    n_local_max = 2 * space.local_points()
    ev = Evaluator(seed, runner, workers, progress,
                   total=(n_design + n_local_max) * design_reps + n_confirm_max * reps_n)

    # 1. design: space-filling feasible points, the current split (inside the bounds) first
    pool = np.vstack([space.point(current_z), space.sample(4096, rng)])
    design_idx = _maximin(pool, space.coords(pool), n_design, first=[0])
    design = np.array([space.point(z) for z in pool[design_idx]])
    design_sc = [space.scenario(z) for z in design]
    res = ev.run(design_sc, design_reps_idx)
    kpis_needed = list(dict.fromkeys([objective, *(c.kpi for c in cons), *PARETO_KPIS]))
    y = {k: np.array([np.nanmean(row) if np.isfinite(row).any() else np.nan
                      for row in res[k]]) for k in kpis_needed}

    # 2. the current split with the full replications. The design ran replications
    # 0..d−1 and the confirmation runs 0..r−1: under common random numbers every split's
    # KPIs shift between the two by nearly the same amount (the random world of
    # replications d..r−1), so that shift, measured on the current split, puts the
    # metamodel on the confirmation's level (without it a constraint near the current
    # split's value is judged against the wrong level).
    design_sims = ev.simulations
    cur = ev.run([scenario], confirm_reps)
    current_sims = ev.simulations - design_sims
    offset = {}
    for k in kpis_needed:
        full, part = cur[k][0], cur[k][0][:design_reps]
        if np.isfinite(full).any() and np.isfinite(part).any():
            offset[k] = float(np.nanmean(full) - np.nanmean(part))

    # 3. metamodel; refined by a local design around its best split and the current one,
    # then screening and polishing
    mm = _Metamodel(space, design, y, offset)
    local = _local_design(space, mm, objective, sense, cons, design, current_z, rng)
    if len(local):
        before_local = ev.simulations
        res_l = ev.run([space.scenario(z) for z in local], design_reps_idx)
        design_sims += ev.simulations - before_local
        design = np.vstack([design, local])
        for k in kpis_needed:
            y[k] = np.concatenate([y[k], [np.nanmean(row) if np.isfinite(row).any() else np.nan
                                          for row in res_l[k]]])
        mm = _Metamodel(space, design, y, offset)
    cand = np.vstack([design, space.sample(POOL, rng)])
    pred = {k: mm.predict(k, cand) for k in kpis_needed}
    viol = np.zeros(len(cand))
    for c in cons:
        viol += np.array([c.violation(v) for v in pred[c.kpi]]) / max(abs(c.limit), 1e-9)
    ok = viol <= 0
    score = sense * pred[objective]

    frontier = _frontier(objective, more_better)
    best_z: list[np.ndarray] = []
    extra_z: list[np.ndarray] = []
    if ok.any():
        # A candidate polished onto a constraint's limit meets it on confirmation about half
        # the time (noise and metamodel error). So most candidates come from the problem with
        # every constraint tightened by the metamodel's typical error in that KPI (its
        # leave-one-out RMS error), and one from the problem as posed.
        safe = [_tightened(c, mm) for c in cons]
        for problem, n in ((safe, CONFIRM_BEST - 1), (cons, CONFIRM_BEST)):
            for z in _best_candidates(space, mm, objective, sense, problem, cand, pred, score):
                if all(np.abs(z - b).max() > 0.02 for b in best_z) and len(best_z) < n:
                    best_z.append(z)
        # the metamodel's Pareto set, spread out
        sub = np.flatnonzero(ok)
        if len(sub) > PARETO_POOL:
            sub = rng.choice(sub, PARETO_POOL, replace=False)
        vals = np.column_stack([s * pred[k][sub] for k, s in frontier])
        nd = sub[_nondominated(vals)]
        if len(nd):
            pv = np.column_stack([s * pred[k][nd] for k, s in frontier])
            span = pv.max(axis=0) - pv.min(axis=0)
            pv = (pv - pv.min(axis=0)) / np.where(span > 0, span, 1.0)
            extremes = [int(np.argmax(pv[:, j])) for j in range(pv.shape[1])]
            picks = _maximin(cand[nd], pv, CONFIRM_PARETO, first=extremes)
            extra_z = [space.point(cand[nd][i]) for i in picks]
    else:
        # nothing meets the constraints on the metamodel: confirm the least-violating split
        # and, for each constraint, the split that comes closest to meeting it
        extra_z.append(space.point(cand[int(np.argmin(viol))]))
        for c in cons:
            i = int(np.argmin([c.violation(v) for v in pred[c.kpi]]))
            extra_z.append(space.point(cand[i]))

    # 4. confirmation by simulation (the current split as given, even if outside the bounds)
    confirm_z = [current_z]
    for z in best_z + extra_z:
        if all(np.abs(z - q).max() > 1e-9 for q in confirm_z):
            confirm_z.append(z)
    confirm_sc = [scenario] + [space.scenario(z) for z in confirm_z[1:]]
    before_rest = ev.simulations
    if len(confirm_sc) > 1:
        rest = ev.run(confirm_sc[1:], confirm_reps, last=True)
        conf = {k: np.vstack([cur[k], rest[k]]) for k in cur}
    else:
        conf = cur
    ev.finish()
    confirm_sims = current_sims + ev.simulations - before_rest
    all_kpis = list(conf)
    means = {k: np.array([stat(row)["mean"] for row in conf[k]]) for k in all_kpis}
    in_bounds = [True] + [True] * (len(confirm_z) - 1)
    cur_inside = bool(((current_z[:len(CHANNELS)] >= lo - 1e-9)
                       & (current_z[:len(CHANNELS)] <= hi + 1e-9)).all())
    in_bounds[0] = cur_inside
    feasible_mask = np.array([in_bounds[i] and all(c.satisfied(means[c.kpi][i]) for c in cons)
                              for i in range(len(confirm_z))])
    stages = {"design": design_sims, "confirm": confirm_sims}
    meta = {"method": _Metamodel.METHOD, "design_points": len(design),
            "design_replications": design_reps,
            "loo_error": {k: v for k, v in mm.loo_error.items()}}
    current_kpis = _kpi_stats(conf, 0, all_kpis)
    common["current_feasible"] = bool(feasible_mask[0])

    if not feasible_mask.any():
        infeasible = _explain(cons, pred, means)
        return BudgetRecommendation(
            **common, feasible=False, infeasible=infeasible, shares=cur_shares,
            total_budget=cur_total, levers=space.lever_values(current_z), scenario=scenario,
            changes={}, kpis=current_kpis, current_kpis=current_kpis, difference={},
            prob_better=float("nan"), recommended_is_current=True,
            pareto=_pareto_points(confirm_z, conf, means, feasible_mask, None, space, cons,
                                  objective, more_better, mm),
            binding_constraints=[], constraint_status=_status(cons, means, 0),
            marginal=_marginal(space, mm, objective, space.point(current_z), scenario),
            metamodel=meta, simulations=ev.simulations, stages=stages)

    obj = sense * means[objective]
    best = int(np.flatnonzero(feasible_mask)[np.argmax(obj[feasible_mask])])
    z = confirm_z[best]
    rec_sc = confirm_sc[best]
    diff = {}
    for k in all_kpis:
        d = conf[k][best] - conf[k][0]
        m_, lo_, hi_ = stat(d).values()
        direction = better_direction(k)
        diff[k] = {"mean": m_, "ci_low": lo_, "ci_high": hi_,
                   "prob_better": _prob_better(d, direction) if direction is not None
                   else float("nan")}
    is_current = best == 0
    binding = _binding(space, mm, objective, sense, cons, z, means, best, conf, lo, hi,
                       min_share, max_share, min_esg_share)
    changes = {} if is_current else space.changes(z)
    return BudgetRecommendation(
        **common, feasible=True, infeasible=[],
        shares={c: round(float(z[i]), 6) for i, c in enumerate(CHANNELS)},
        total_budget=space.total(z) if not is_current else cur_total,
        levers=space.lever_values(z), scenario=rec_sc, changes=changes,
        kpis=_kpi_stats(conf, best, all_kpis), current_kpis=current_kpis, difference=diff,
        prob_better=float("nan") if is_current else diff[objective]["prob_better"],
        recommended_is_current=is_current,
        pareto=_pareto_points(confirm_z, conf, means, feasible_mask, best, space, cons,
                              objective, more_better, mm),
        binding_constraints=[b for b in binding if b["binding"]],
        constraint_status=binding,
        marginal=_marginal(space, mm, objective, space.point(z), rec_sc),
        metamodel=meta, simulations=ev.simulations, stages=stages)


LOCAL_RADIUS = 0.08            # the local design's reach: 8 points of share around a centre


def _local_design(space: _Space, mm: _Metamodel, objective: str, sense: float,
                  cons: list[Constraint], design: np.ndarray, current: np.ndarray,
                  rng: np.random.Generator) -> np.ndarray:
    """A few design points around the first metamodel's best split (and around the current
    split when that lies inside the bounds): a global design resolves the whole simplex but
    not the last few percent of the objective near the optimum, where it matters."""
    cand = np.vstack([design, space.sample(4096, rng)])
    kpis = list(dict.fromkeys([objective, *(c.kpi for c in cons)]))
    pred = {k: mm.predict(k, cand) for k in kpis}
    score = sense * pred[objective]
    best = (_best_candidates(space, mm, objective, sense, [_tightened(c, mm) for c in cons],
                             cand, pred, score)
            or _best_candidates(space, mm, objective, sense, cons, cand, pred, score))
    centres = [best[0]] if best else []
    k = len(CHANNELS)
    cur = space.point(current)
    inside = bool(np.all(current[:k] >= space.lo - 1e-9) and np.all(current[:k] <= space.hi + 1e-9))
    if inside and all(np.abs(cur - c).max() > 0.02 for c in centres):
        centres.append(cur)
    chosen: list[np.ndarray] = []
    existing = design
    for centre in centres:
        near = np.array([space.point(z) for z in space.sample_near(centre, 256, LOCAL_RADIUS,
                                                                   rng)])
        pool = np.vstack([existing, centre[None, :], near])
        first = list(range(len(existing)))
        if all(np.abs(centre - e).max() > 1e-9 for e in existing):
            first.append(len(existing))            # the centre itself is a design point
        picks = _maximin(pool, space.coords(pool), len(first) + space.local_points(),
                         first=first)
        new = pool[picks[len(existing):]]
        chosen.extend(new)
        existing = np.vstack([existing, new])
    return np.array(chosen) if chosen else np.empty((0, design.shape[1]))


def _tightened(c: Constraint, mm: _Metamodel) -> Constraint:
    """``c`` with its limit moved inwards by the metamodel's typical error in its KPI."""
    err = mm.loo_error.get(c.kpi, 0.0)
    margin = float(err * mm.models[c.kpi][3]) if np.isfinite(err) else 0.0
    return Constraint(c.kpi, c.op, c.limit - margin if c.op == "<=" else c.limit + margin)


def _best_candidates(space, mm, objective, sense, cons, cand, pred, score) -> list[np.ndarray]:
    """The best splits on the metamodel under ``cons``: the five best screened candidates
    and each polished by SLSQP, best first (none when no candidate meets ``cons``)."""
    viol = np.zeros(len(cand))
    for c in cons:
        viol += np.array([c.violation(v) for v in pred[c.kpi]])
    ok = viol <= 0
    if not ok.any():
        return []
    order = np.flatnonzero(ok)[np.argsort(-score[ok])]
    starts = [cand[i] for i in order[:5]]
    polished = [_polish(space, mm, objective, sense, cons, z) for z in starts]
    ranked = sorted(polished + starts, key=lambda z: -_score(space, mm, objective, sense,
                                                             cons, z))
    return [space.point(z) for z in ranked]


def _score(space, mm, objective, sense, cons, z) -> float:
    """Metamodel objective with a steep penalty for violated constraints."""
    x = space.point(z)
    value = sense * float(mm.predict(objective, x)[0])
    pen = sum(c.violation(float(mm.predict(c.kpi, x)[0])) / max(abs(c.limit), 1e-9)
              for c in cons)
    return value - 1e9 * pen


def _polish(space: _Space, mm: _Metamodel, objective: str, sense: float,
            cons: list[Constraint], z0: np.ndarray) -> np.ndarray:
    """SLSQP on the metamodel from ``z0`` over the shares (and the total), the levers held."""
    from scipy.optimize import minimize

    k = len(CHANNELS)
    n_cont = k + (1 if space.budget else 0)
    fixed = z0[n_cont:]
    scale = max(abs(float(mm.models[objective][3])), 1e-9)

    def full(v):
        return np.concatenate([v, fixed])

    def f(v):
        return -sense * float(mm.predict(objective, full(v))[0]) / scale

    cons_sl = [{"type": "eq", "fun": lambda v: float(np.sum(v[:k]) - 1.0)}]
    for c in cons:
        s = max(abs(c.limit), 1e-9)
        cons_sl.append({"type": "ineq", "fun": lambda v, c=c, s=s:
                        c.slack(float(mm.predict(c.kpi, full(v))[0])) / s})
    bnds = [(float(space.lo[i]), float(space.hi[i])) for i in range(k)]
    if space.budget:
        bnds.append((0.0, 1.0))
    try:
        r = minimize(f, z0[:n_cont], method="SLSQP", bounds=bnds, constraints=cons_sl,
                     options={"maxiter": 200, "ftol": 1e-9})
        v = r.x
    except (ValueError, np.linalg.LinAlgError):
        v = z0[:n_cont]
    return full(np.asarray(v, dtype=float))


def _binding(space, mm, objective, sense, cons, z, means, best, conf, lo, hi, min_share,
             max_share, min_esg_share) -> list[dict]:
    """Every constraint's value and slack at the recommendation, and whether it binds: a KPI
    constraint binds when the metamodel's best split without it beats its best split with it
    (both polished from the recommendation) by more than the objective's standard error; a
    bound the user set binds when the recommendation sits on it."""
    row = conf[objective][best]
    row = row[np.isfinite(row)]
    se = float(row.std(ddof=1) / math.sqrt(len(row))) if len(row) > 1 else 0.0
    here = _best_under(space, mm, objective, sense, cons, z)
    prices = [_best_under(space, mm, objective, sense, [d for d in cons if d is not c], z)
              - here for c in cons]
    out = _status(cons, means, best, [p > max(se, 1e-9) for p in prices])
    given_min = dict(min_share or {})
    if min_esg_share is not None:
        given_min[ESG_CHANNEL] = max(float(min_esg_share), given_min.get(ESG_CHANNEL, 0.0))
    for i, ch in enumerate(CHANNELS):
        if ch in given_min:
            out.append({"name": f"min_share:{ch}>={lo[i]:g}", "kind": "min_share",
                        "channel": ch, "limit": float(lo[i]), "value": float(z[i]),
                        "slack": float(z[i] - lo[i]),
                        "binding": bool(z[i] <= lo[i] + BOUND_TOL)})
        if ch in (max_share or {}):
            out.append({"name": f"max_share:{ch}<={hi[i]:g}", "kind": "max_share",
                        "channel": ch, "limit": float(hi[i]), "value": float(z[i]),
                        "slack": float(hi[i] - z[i]),
                        "binding": bool(z[i] >= hi[i] - BOUND_TOL)})
    if space.budget:
        b_lo, b_hi = space.budget
        total = space.total(z)
        tol = BOUND_TOL * (b_hi - b_lo)
        out.append({"name": f"budget>={b_lo:g}", "kind": "budget_min", "limit": b_lo,
                    "value": total, "slack": total - b_lo, "binding": bool(total <= b_lo + tol)})
        out.append({"name": f"budget<={b_hi:g}", "kind": "budget_max", "limit": b_hi,
                    "value": total, "slack": b_hi - total, "binding": bool(total >= b_hi - tol)})
    return out


def _best_under(space, mm, objective, sense, cons, z) -> float:
    """The metamodel's best objective under ``cons``, polished from ``z``."""
    return _score(space, mm, objective, sense, cons,
                  _polish(space, mm, objective, sense, cons, z))


def _status(cons, means, i, binding=None) -> list[dict]:
    """Each KPI constraint's confirmed value and slack at split ``i``."""
    out = []
    for j, c in enumerate(cons):
        value = float(means[c.kpi][i])
        out.append({"name": str(c), "kind": "kpi", "kpi": c.kpi, "limit": c.limit,
                    "value": value, "slack": c.slack(value),
                    "binding": bool(binding[j]) if binding else False})
    return out


def _explain(cons, pred, means) -> list[dict]:
    """Which constraints make the problem infeasible: each one that no split reaches on its
    own (by the metamodel and by every confirmed split), else all of them together."""
    alone = []
    for c in cons:
        reach_model = (min if c.op == "<=" else max)(pred[c.kpi])
        reach_conf = (min if c.op == "<=" else max)(means[c.kpi])
        best = reach_model if c.violation(reach_model) < c.violation(reach_conf) else reach_conf
        if not c.satisfied(best):
            alone.append({"kind": "kpi", "constraint": str(c), "kpi": c.kpi, "limit": c.limit,
                          "best_reachable": float(best), "together": False})
    if alone:
        return alone
    i = int(np.argmin([sum(c.violation(means[c.kpi][j]) / max(abs(c.limit), 1e-9)
                           for c in cons) for j in range(len(means[cons[0].kpi]))]))
    return [{"kind": "kpi", "constraint": str(c), "kpi": c.kpi, "limit": c.limit,
             "best_reachable": float(means[c.kpi][i]), "together": True} for c in cons]


def _pareto_points(confirm_z, conf, means, feasible_mask, best, space, cons,
                   objective, maximise, mm) -> list[dict]:
    vals = np.column_stack([s * means[k] for k, s in _frontier(objective, maximise)])
    vals = vals[:, np.isfinite(vals).any(axis=0)]      # a KPI the horizon cannot measure
    finite = np.isfinite(vals).all(axis=1)
    nd = np.zeros(len(vals), dtype=bool)
    if finite.any():
        nd[np.flatnonzero(finite)] = _nondominated(vals[finite])
    kpis = list(dict.fromkeys([*PARETO_KPIS, objective, *(c.kpi for c in cons)]))
    out = []
    for i, z in enumerate(confirm_z):
        out.append({
            "shares": {c: round(float(z[j]), 6) for j, c in enumerate(CHANNELS)},
            "total_budget": space.total(z) if i else float(
                space.base.marketing.monthly_budget_cny),
            "levers": space.lever_values(z),
            "kpis": {k: stat(conf[k][i]) for k in kpis},
            # what the metamodel expected here, beside what simulation confirmed
            "predicted": {k: float(mm.predict(k, space.point(z))[0]) for k in kpis
                          if k in mm.models},
            "recommended": best is not None and i == best, "current": i == 0,
            "feasible": bool(feasible_mask[i]), "pareto": bool(nd[i]),
        })
    return out


__all__ = ["MAX_DESIGN_POINTS", "PARETO_KPIS", "BudgetRecommendation", "Constraint",
           "min_design_points", "optimise_budget",
           "parse_constraint", "project", "round_shares", "sample_shares"]
