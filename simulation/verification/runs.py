"""Simulation runs shared by several checks, each made once per report (cached).

* ``baseline``: replications of the 365-day baseline (KPIs and the daily frame);
* ``long_baseline``: 730-day baseline replications (KPIs and the new customers' orders);
* ``budget_sweep``: the baseline at 0, 0.5, 1, 2 and 4 times its marketing budget under
  common random numbers;
* ``staff_only``: many replications of the baseline's staff with no demand, where quits
  depend on welfare and overtime alone (the precise way to measure turnover).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from ..engine import simulate
from ..experiment import run_experiment, run_replications
from ..scenario import Scenario
from ..streams import replication_seeds
from .queueing import _map

SEED = 314
BASELINE_REPS = {True: 4, False: 16}
LONG_REPS = {True: 1, False: 4}
SWEEP_REPS = {True: 2, False: 6}
STAFF_REPS = {True: 60, False: 200}
BUDGET_MULTIPLES = (0.0, 0.5, 1.0, 2.0, 4.0)


@functools.lru_cache(maxsize=2)
def baseline(quick: bool) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """(KPIs, one row per replication; daily frames) of the 365-day baseline."""
    sc = Scenario()
    out = run_replications([("baseline", sc, i) for i in range(BASELINE_REPS[quick])],
                           seed=SEED, detail=True)
    reps = [out[("baseline", i)] for i in range(BASELINE_REPS[quick])]
    return pd.DataFrame([r.kpis for r in reps]), [r.daily for r in reps]


def _long_replication(sc: Scenario, seed) -> tuple[dict, pd.DataFrame]:
    r = simulate(sc, seed)
    o = r.orders
    new = o[o["channel"] != "base"][["customer", "placed_day"]]
    return r.kpis, new.rename(columns={"placed_day": "day"}).reset_index(drop=True)


@functools.lru_cache(maxsize=2)
def long_baseline(quick: bool) -> list[tuple[dict, pd.DataFrame]]:
    """(KPIs, new customers' orders: customer, day) of 730-day baseline replications."""
    sc = Scenario().with_changes({"run.horizon_days": 730})
    return _map(_long_replication, [(sc, s) for s in replication_seeds(SEED + 1,
                                                                        LONG_REPS[quick])])


@functools.lru_cache(maxsize=2)
def budget_sweep(quick: bool) -> pd.DataFrame:
    """Profit per replication (rows) and budget multiple (columns)."""
    base = Scenario()
    budget = base.marketing.monthly_budget_cny
    scenarios = {m: base.with_changes({"marketing.monthly_budget_cny": budget * m})
                 for m in BUDGET_MULTIPLES}
    df = run_experiment({f"{m:g}": sc for m, sc in scenarios.items()},
                        replications=SWEEP_REPS[quick], seed=SEED + 2)
    return df.pivot(index="replication", columns="scenario", values="profit_cny")


def staff_only_scenario(horizon_days: int = 365) -> Scenario:
    """The baseline's staff with (almost) no demand: quits depend on welfare and overtime."""
    return Scenario().with_changes({"customers.initial_customers": 0,
                                    "marketing.monthly_budget_cny": 0,
                                    "customers.organic_new_per_day": 1,
                                    "marketing.ranking_elasticity": 0,
                                    "run.horizon_days": horizon_days})


@functools.lru_cache(maxsize=4)
def staff_turnover(quick: bool, horizon_days: int) -> np.ndarray:
    df = run_experiment({"staff": staff_only_scenario(horizon_days)},
                        replications=STAFF_REPS[quick], seed=SEED + 3)
    return df["staff_turnover_rate"].to_numpy()
