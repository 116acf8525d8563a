"""A minimal, idiomatic bare-SimPy M/M/c queue: the yardstick for the shop model's speed.

Poisson arrivals, one SimPy process per customer, ``simpy.Resource(capacity=c)``, exponential
service, a numpy ``Generator`` for the randomness and every wait recorded in a list. The run
stops as soon as ``n_orders`` customers have been served. Time is in hours.
"""

from __future__ import annotations

import numpy as np
import simpy


def run_mmc(n_orders: int, lam: float, mu: float, c: int, seed: int = 0) -> list[float]:
    """Serve ``n_orders`` customers of an M/M/c queue; return each customer's wait (hours)."""
    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    res = simpy.Resource(env, capacity=c)
    waits: list[float] = []
    all_served = env.event()

    def customer(env):
        arrive = env.now
        with res.request() as req:
            yield req
            waits.append(env.now - arrive)
            yield env.timeout(rng.exponential(1.0 / mu))
        if len(waits) >= n_orders and not all_served.triggered:
            all_served.succeed()

    def source(env):
        while True:
            yield env.timeout(rng.exponential(1.0 / lam))
            env.process(customer(env))

    env.process(source(env))
    env.run(until=all_served)
    return waits
