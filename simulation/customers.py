"""The customer process: BG/NBD at its core, modulated by each order's experience.

Each customer buys at a rate λ ~ Gamma(shape r, rate α) per day while active and, after
each repeat purchase, leaves for good with probability p ~ Beta(a, b) (Fader, Hardie & Lee
2005). The shop's practice acts through the *log-odds of leaving* after an order:

    m = satisfaction_weight · (satisfaction − SAT_REFERENCE)
        + trust_weight · (trust − 1) + (CRM lift − CRM lift at the reference spend)

    after a repeat order:  P(leave) = σ(logit p − m)
    after a first order:   P(leave) = max(0, σ(logit p − m) − p)

so with every modulation at zero the process is exactly BG/NBD (a first buyer always stays;
a bad first order can lose a customer who would have stayed, a good one keeps no one who
would have stayed anyway). (r, α, a, b) describe the shop's customers as they are today,
at the reference experience and CRM spend; levers shift the odds from there. Membership
multiplies a member's purchase rate.

Past buyers (``draw_past_buyers``) are drawn from the same process: acquired at a steady
rate over the past ``BASE_HISTORY_DAYS``, each simulated forward to day 0, so each one's
rate, dropout probability, whether still active and last purchase agree with each other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .scenario import Scenario

SAT_BASE = 0.90                 # satisfaction of a flawless order
SAT_REFERENCE = 0.85            # the baseline's mean satisfaction: the experience (r, α, a, b) describe
BASE_HISTORY_DAYS = 5 * 365.0   # past buyers were acquired over the previous five years
YEAR_DAYS = 365.0
_P_CLIP = 1e-12


def logit(p: float) -> float:
    p = min(1.0 - _P_CLIP, max(_P_CLIP, p))
    return math.log(p / (1.0 - p))


def leave_probability(p: float, m: float, first: bool) -> float:
    """Chance a customer with BG/NBD dropout probability ``p`` leaves after an order whose
    experience shifts the log-odds of staying by ``m`` (see the module docstring)."""
    if m == 0.0:
        return 0.0 if first else p
    q = 1.0 / (1.0 + math.exp(-(logit(p) - m)))
    return max(0.0, q - p) if first else q


def draw_traits(rng: np.random.Generator, sc: Scenario, n: int) -> tuple[np.ndarray, np.ndarray]:
    """n customers' purchase rates (per day) and dropout probabilities."""
    c = sc.customers
    lam = rng.gamma(c.purchase_rate_shape, 1.0 / c.purchase_rate_scale_days, n)
    p = rng.beta(c.dropout_a, c.dropout_b, n)
    return lam, p


@dataclass
class PastBuyers:
    """The initial base: one entry per past buyer kept (active in the last year or still
    alive), in draw order."""

    lam: np.ndarray
    p: np.ndarray
    alive: np.ndarray      # still active at day 0
    last: np.ndarray       # last purchase, days before day 0 (negative)
    drawn: int             # candidates drawn from the history (kept or not)

    @property
    def inflow_per_day(self) -> float:
        """The steady rate of new customers the history assumed."""
        return self.drawn / BASE_HISTORY_DAYS


def _histories(rng: np.random.Generator, sc: Scenario, n: int):
    """Simulate n buyers acquired uniformly over the history up to day 0."""
    lam, p = draw_traits(rng, sc, n)
    t = -rng.random(n) * BASE_HISTORY_DAYS          # first purchase
    alive = np.ones(n, dtype=bool)
    idx = np.arange(n) if sc.customers.repurchase_enabled else np.empty(0, np.int64)
    while len(idx):
        nxt = t[idx] + rng.standard_exponential(len(idx)) / lam[idx]
        buy = nxt < 0.0
        idx, nxt = idx[buy], nxt[buy]
        t[idx] = nxt
        drop = rng.random(len(idx)) < p[idx]
        alive[idx[drop]] = False
        idx = idx[~drop]
    if not sc.customers.repurchase_enabled:
        alive[:] = False
    return lam, p, alive, t


def draw_past_buyers(rng: np.random.Generator, sc: Scenario) -> PastBuyers:
    """Past buyers until ``customers.initial_customers`` of them bought in the last year
    (or, with ``initial_state = "new_cohort"``, that many first buyers at day 0)."""
    target = sc.customers.initial_customers
    if sc.customers.initial_state == "new_cohort":
        lam, p = draw_traits(rng, sc, target)
        return PastBuyers(lam, p, np.full(target, sc.customers.repurchase_enabled),
                          np.zeros(target), target)
    parts = []
    found = drawn = 0
    batch = max(1000, 3 * target)
    while found < target:
        lam, p, alive, last = _histories(rng, sc, batch)
        recent = last > -YEAR_DAYS
        cum = np.cumsum(recent)
        if found + cum[-1] >= target:
            cut = int(np.searchsorted(cum, target - found)) + 1
            lam, p, alive, last, recent = lam[:cut], p[:cut], alive[:cut], last[:cut], recent[:cut]
        keep = recent | alive
        parts.append((lam[keep], p[keep], alive[keep], last[keep]))
        found += int(recent.sum())
        drawn += len(lam)
    if not parts:
        e = np.empty(0)
        return PastBuyers(e, e, np.empty(0, dtype=bool), e, 0)
    lam, p, alive, last = (np.concatenate(x) for x in zip(*parts, strict=True))
    return PastBuyers(lam, p, alive, last, drawn)
