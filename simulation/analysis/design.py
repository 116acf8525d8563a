"""Where the budget optimiser may look, and how it spreads its design over that region.

* the feasible region: channel shares within the user's bounds that sum to one
  (``project``, ``sample_shares``, ``round_shares``);
* the search space ``_Space``: the shares, optionally the total budget's position in its
  range and on/off levers, as one vector ``z`` per split; its metamodel coordinates (so
  distances are comparable across the parts) and the scenario each ``z`` stands for;
* ``_maximin``: the greedy maximin picker of the space-filling designs (and of the spread
  of Pareto candidates);
* the checks that turn the user's bounds, budget range and levers into that space.

Nothing here simulates or fits anything; ``optimise.py`` runs the search.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..loader import ScenarioError
from ..scenario import CHANNELS, MAX_MONTHLY_BUDGET_CNY, Scenario
from ._common import get_value, param_row

ESG_CHANNEL = "esg_content"
SHARE_DECIMALS = 4


# --- the feasible region ------------------------------------------------------------------

def _share_bounds(min_share, max_share, min_esg_share) -> tuple[np.ndarray, np.ndarray]:
    """Per-channel share bounds (lo, hi) from the user's minimums, maximums and ESG minimum;
    ValueError naming the problem when one is malformed."""
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
    """The optimiser's search space around a base scenario. A split is a vector ``z``: the
    six channel shares (within ``lo``..``hi``, summing to one), then the total budget's
    position in ``budget`` (0–1) when the total is searched, then each lever at 0/1."""

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

    def total(self, z: np.ndarray) -> float:
        """The monthly budget of split ``z`` (the base's when the total is not searched)."""
        if not self.budget:
            return float(self.base.marketing.monthly_budget_cny)
        lo, hi = self.budget
        return float(lo + z[len(CHANNELS)] * (hi - lo))

    def lever_values(self, z: np.ndarray) -> dict[str, bool]:
        """Each searched lever's setting in split ``z``."""
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
        """Split ``z`` as scenario changes (dotted path -> value)."""
        out: dict[str, Any] = {"marketing.shares": {c: float(z[i]) for i, c in
                                                    enumerate(CHANNELS)}}
        if self.budget:
            out["marketing.monthly_budget_cny"] = round(self.total(z), 2)
        out.update(self.lever_values(z))
        return out

    def scenario(self, z: np.ndarray) -> Scenario:
        """The base scenario with split ``z`` applied."""
        try:
            return self.base.with_changes(self.changes(z))
        except ScenarioError as err:
            raise ValueError("a candidate split makes an invalid scenario: "
                             + "; ".join(err.problems)) from None

    def current(self) -> np.ndarray:
        """The base scenario's own split as a ``z`` (not rounded, possibly out of bounds)."""
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


# --- building the space from the user's inputs --------------------------------------------

def _check_levers(scenario: Scenario, levers) -> list[str]:
    """The lever paths to search, each an on/off parameter, without repeats."""
    out = []
    for p in levers or []:
        param_row(p)
        if not isinstance(get_value(scenario, p), bool):
            raise ValueError(f"lever '{p}' is not an on/off lever")  # noqa: TRY004 (bad input)
        out.append(p)
    return list(dict.fromkeys(out))


def _check_budget_range(budget_range) -> tuple[float, float] | None:
    """The total budget's search range (low, high), or None when the total is held."""
    if budget_range is None:
        return None
    b_lo, b_hi = (float(v) for v in budget_range)
    if not 0.0 <= b_lo < b_hi <= MAX_MONTHLY_BUDGET_CNY:
        raise ValueError(f"budget range {b_lo:g}–{b_hi:g}: need 0 ≤ low < high ≤ "
                         f"{MAX_MONTHLY_BUDGET_CNY:,}")
    return (b_lo, b_hi)


def _unmeetable_bounds(lo: np.ndarray, hi: np.ndarray) -> list[dict]:
    """Share bounds that no split can meet (minimums above 100% in all, maximums below it):
    the optimiser reports these without simulating anything."""
    problems = []
    if lo.sum() > 1.0 + 1e-9:
        problems.append({"kind": "bounds", "constraint": "sum(min_share)<=1",
                         "limit": 1.0, "best_reachable": float(lo.sum())})
    if hi.sum() < 1.0 - 1e-9:
        problems.append({"kind": "bounds", "constraint": "sum(max_share)>=1",
                         "limit": 1.0, "best_reachable": float(hi.sum())})
    return problems
