"""One seed in, named random streams out.

Each process of the model draws from its own generator, spawned from a single
``numpy.random.SeedSequence``. Replication ``i`` of an experiment uses the ``i``-th child of
the experiment's seed in every scenario (common random numbers), and because each stream
belongs to one process, a lever that changes one process does not reshuffle the others.
The order of ``STREAM_NAMES`` is part of the model version: append, never reorder.
"""

from __future__ import annotations

import numpy as np

STREAM_NAMES = (
    "arrivals",      # new-customer arrivals (unit exponentials of the time change)
    "segments",      # channel and segment of each new customer
    "repurchase",    # the key of per-order draws hashed with customer and order number: stay or
                     # leave, time to the next purchase, defect, return (common random numbers)
    "base",          # the initial customer base
    "packing",       # pick/pack service times and packing errors
    "service",       # customer-service contacts and handling times
    "delivery",      # zone, transit times, failed attempts
    "weather",       # bad-weather days
    "staff_packer",  # packers: starting tenure, daily quit draws, hiring delays
    "staff_cs",      # customer-service agents: the same
    "defects",       # (unused since model 0.2: defects and returns are per-order draws)
    "incidents",     # supply-chain scandals
    "membership",    # who joins the membership programme
    "leave_packer",  # packers' paid-leave days (a table drawn up front)
    "leave_cs",      # agents' paid-leave days
    "values",        # order values
    "customers",     # each new customer's purchase rate and dropout probability (BG/NBD)
)

_BATCH = 2048


class Stream:
    """A generator that hands out scalars from pre-drawn blocks (fast in SimPy callbacks)."""

    __slots__ = ("rng", "_u", "_ui", "_e", "_ei", "_n", "_ni", "_g")

    def __init__(self, seed_seq: np.random.SeedSequence):
        self.rng = np.random.Generator(np.random.PCG64(seed_seq))
        self._u = self._e = self._n = np.empty(0)
        self._ui = self._ei = self._ni = 0
        self._g: dict[float, list] = {}

    def uniform(self) -> float:
        if self._ui >= len(self._u):
            self._u = self.rng.random(_BATCH).tolist()
            self._ui = 0
        v = self._u[self._ui]
        self._ui += 1
        return v

    def exponential(self) -> float:
        """Standard exponential (mean 1)."""
        if self._ei >= len(self._e):
            self._e = self.rng.standard_exponential(_BATCH).tolist()
            self._ei = 0
        v = self._e[self._ei]
        self._ei += 1
        return v

    def normal(self) -> float:
        """Standard normal."""
        if self._ni >= len(self._n):
            self._n = self.rng.standard_normal(_BATCH).tolist()
            self._ni = 0
        v = self._n[self._ni]
        self._ni += 1
        return v

    def gamma(self, shape: float, scale: float) -> float:
        """Gamma(shape, scale), from pre-drawn standard-gamma blocks (one block per shape)."""
        buf = self._g.get(shape)
        if buf is None or buf[1] >= len(buf[0]):
            buf = self._g[shape] = [self.rng.standard_gamma(shape, _BATCH).tolist(), 0]
        v = buf[0][buf[1]]
        buf[1] += 1
        return v * scale


def as_seed_sequence(seed: int | np.random.SeedSequence) -> np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    return np.random.SeedSequence(int(seed))


def _children(ss: np.random.SeedSequence, n: int) -> list[np.random.SeedSequence]:
    """The same children as ``ss.spawn(n)`` on a fresh sequence, without mutating ``ss``."""
    return [np.random.SeedSequence(ss.entropy, spawn_key=ss.spawn_key + (i,),
                                   pool_size=ss.pool_size) for i in range(n)]


def make_streams(seed: int | np.random.SeedSequence) -> dict[str, Stream]:
    children = _children(as_seed_sequence(seed), len(STREAM_NAMES))
    return {name: Stream(child) for name, child in zip(STREAM_NAMES, children, strict=True)}


def replication_seeds(seed: int, replications: int) -> list[np.random.SeedSequence]:
    """Replication i's seed: the same in every scenario of an experiment (CRN)."""
    return _children(as_seed_sequence(seed), replications)
