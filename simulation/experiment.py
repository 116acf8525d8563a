"""Replications with common random numbers, confidence intervals and worker processes.

Replication ``i`` of every scenario uses the ``i``-th child of the experiment's seed, so
differences between scenarios are paired (common random numbers). Running on many worker
processes gives the same numbers as ``workers=1``.

The pieces are public for whoever schedules replications another way (the app's scheduler,
``ui/jobs.py``, hands them out one at a time by priority): :func:`replication_jobs` gives each
task its seed, :func:`run_one` runs one replication and :func:`spawn_pool` starts worker
processes that import only this package.
"""

from __future__ import annotations

import atexit
import multiprocessing as mp
import os
import sys
import threading
import types
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from .engine import simulate
from .metrics import KPI_LABELS, cohort_retention
from .scenario import Scenario
from .streams import replication_seeds

MAX_REPLICATIONS = 1000
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ReplicationDetail:
    """What one replication gives a chart: KPIs, the daily frame (float32 to halve its size),
    the carbon and cost breakdowns and the cohort retention curves."""

    kpis: dict[str, float]
    daily: pd.DataFrame
    carbon_by_source: dict[str, float]
    carbon_by_scope: dict[str, float]
    cost_by_category: dict[str, float]
    cohorts: pd.DataFrame


def run_one(name: str, scenario: Scenario, rep: int, seed_seq,
            detail: bool = False) -> tuple[str, int, dict | ReplicationDetail]:
    """One replication (what a worker process runs): ``(name, rep, KPIs)``, or ``(name, rep,
    ReplicationDetail)`` with ``detail=True``. ``seed_seq`` is the replication's child of the
    experiment's seed (:func:`replication_jobs` hands it out)."""
    r = simulate(scenario, seed_seq)
    if not detail:
        return name, rep, r.kpis
    daily = r.daily.astype({c: "float32" for c in r.daily.columns if c != "day"})
    return name, rep, ReplicationDetail(r.kpis, daily, r.carbon_by_source, r.carbon_by_scope,
                                        r.cost_by_category, cohort_retention(r))



_POOLS: dict[int, ProcessPoolExecutor] = {}
_POOL_LOCK = threading.Lock()
_MAIN_LOCK = threading.Lock()         # __main__ is swapped while workers start


def spawn_pool(n_workers: int) -> ProcessPoolExecutor:
    """A new pool of ``n_workers`` worker processes, all started before it is returned
    (starting one costs about a second). The caller owns it (``shutdown`` it when done).

    The 'spawn' start method is used everywhere: forking a process that runs threads (as a
    Streamlit server does) can deadlock. A spawned worker normally re-runs the parent's
    ``__main__`` script first; under Streamlit that is the page being shown, so every worker
    would run the page (and its simulations) again. The workers are therefore started while
    ``__main__`` is a bare module: they import only the simulation package.
    """
    pool = ProcessPoolExecutor(max_workers=n_workers, mp_context=mp.get_context("spawn"))
    with _MAIN_LOCK:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:    # one task per worker starts them all now, while __main__ is bare
            started = [pool.submit(os.getpid) for _ in range(n_workers)]
        finally:
            if main is not None:
                sys.modules["__main__"] = main
    for f in started:
        f.result()
    return pool


def kept_pool(n_workers: int) -> ProcessPoolExecutor:
    """A pool of worker processes kept for reuse (one per number of workers, started by
    :func:`spawn_pool` on first use): :func:`run_replications` and the policy lab's local
    backend share them."""
    with _POOL_LOCK:
        pool = _POOLS.get(n_workers)
        if pool is None:
            pool = spawn_pool(n_workers)
            _POOLS[n_workers] = pool
        return pool


def drop_pool(n_workers: int) -> None:
    """Forget (and stop) the kept pool of ``n_workers``: after a worker died, the next run
    starts a fresh one."""
    with _POOL_LOCK:
        pool = _POOLS.pop(n_workers, None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


@atexit.register
def shutdown_pools() -> None:
    """Stop every kept pool."""
    while _POOLS:
        _, pool = _POOLS.popitem()
        pool.shutdown(wait=False, cancel_futures=True)


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def _check(scenarios: Mapping[str, Scenario] | Scenario) -> Mapping[str, Scenario]:
    if isinstance(scenarios, Scenario):
        scenarios = {"scenario": scenarios}
    if not scenarios:
        raise ValueError("run_experiment needs at least one scenario")
    for name, sc in scenarios.items():
        if not isinstance(sc, Scenario):
            raise TypeError(f"scenario '{name}' is a {type(sc).__name__}, not a Scenario")
    return scenarios


def replication_jobs(tasks: Sequence[tuple[str, Scenario, int]], seed: int = 1,
                     detail: bool = False) -> list[tuple]:
    """The arguments of :func:`run_one` for each task (name, scenario, replication index):
    replication ``i`` gets the ``i``-th child of ``seed`` (``replication_seeds``), whatever
    else is run. Raises ValueError for an index outside 0..MAX_REPLICATIONS−1. Whoever runs
    the replications (:func:`run_replications`, the app's scheduler) starts from this, so
    they give the same numbers."""
    if not tasks:
        return []
    top = max(int(rep) for _, _, rep in tasks)
    if min(int(rep) for _, _, rep in tasks) < 0 or top >= MAX_REPLICATIONS:
        raise ValueError(f"replication indices must be between 0 and {MAX_REPLICATIONS - 1}")
    seeds = replication_seeds(seed, top + 1)
    return [(name, sc, int(rep), seeds[int(rep)], detail) for name, sc, rep in tasks]


def run_replications(tasks: Sequence[tuple[str, Scenario, int]], seed: int = 1,
                     workers: int | None = None, progress: Progress | None = None,
                     detail: bool = False) -> dict[tuple[str, int], dict | ReplicationDetail]:
    """Run chosen replications: ``tasks`` lists (name, scenario, replication index).

    Replication ``i`` uses the ``i``-th child of ``seed`` whatever else is run, so results
    cached from a smaller experiment are the first replications of a larger one (the app
    runs a quick preview, then only the missing replications of the full set). Returns
    {(name, i): KPIs}, or {(name, i): ReplicationDetail} with ``detail=True``.
    """
    if not tasks:
        return {}
    jobs = replication_jobs(tasks, seed, detail)
    total = len(jobs)
    n_workers = min(total, default_workers() if workers is None else max(1, int(workers)))
    rows: dict[tuple[str, int], dict | ReplicationDetail] = {}
    done = 0
    if n_workers <= 1:
        for job in jobs:
            name, rep, k = run_one(*job)
            rows[(name, rep)] = k
            done += 1
            if progress:
                progress(done, total)
        return rows
    pool = kept_pool(n_workers)
    futures = [pool.submit(run_one, *job) for job in jobs]
    try:
        for f in as_completed(futures):
            name, rep, k = f.result()
            rows[(name, rep)] = k
            done += 1
            if progress:
                progress(done, total)
    except BrokenProcessPool:
        drop_pool(n_workers)
        raise
    finally:
        for f in futures:
            f.cancel()
    return rows


def run_experiment(scenarios: Mapping[str, Scenario] | Scenario, replications: int = 20,
                   seed: int = 1, workers: int | None = None,
                   progress: Progress | None = None) -> pd.DataFrame:
    """One row per (scenario, replication), a column per KPI.

    ``workers=None`` uses every core; ``workers=1`` runs in this process. ``progress(done,
    total)`` is called after each replication.
    """
    scenarios = _check(scenarios)
    if not (1 <= int(replications) <= MAX_REPLICATIONS):
        raise ValueError(f"replications must be between 1 and {MAX_REPLICATIONS}, got "
                         f"{replications}")
    tasks = [(name, sc, i) for i in range(int(replications)) for name, sc in scenarios.items()]
    rows = run_replications(tasks, seed=seed, workers=workers, progress=progress)
    records = [{"scenario": name, "replication": i, **rows[(name, i)]}
               for name in scenarios for i in range(int(replications))]
    return pd.DataFrame.from_records(records)


def _kpi_columns(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if c not in ("scenario", "replication")]


def t_interval(values: np.ndarray, confidence: float = 0.95) -> tuple[float, float, float]:
    """(mean, low, high): Student-t interval for the mean of replications."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    n = len(v)
    if n == 0:
        return float("nan"), float("nan"), float("nan")
    m = float(v.mean())
    if n == 1:
        return m, float("nan"), float("nan")
    se = float(v.std(ddof=1) / np.sqrt(n))
    if se == 0:
        return m, m, m
    from scipy import stats  # imported here: worker processes never need it

    lo, hi = stats.t.interval(confidence, n - 1, loc=m, scale=se)
    return m, float(lo), float(hi)


def summarise(df: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Mean and t-interval of each KPI per scenario: columns scenario, kpi, mean, ci_low,
    ci_high, sd, n."""
    out = []
    for name, g in df.groupby("scenario", sort=False):
        for k in _kpi_columns(df):
            v = g[k].to_numpy(dtype=float)
            m, lo, hi = t_interval(v, confidence)
            fin = v[np.isfinite(v)]
            out.append({"scenario": name, "kpi": k, "mean": m, "ci_low": lo, "ci_high": hi,
                        "sd": float(fin.std(ddof=1)) if len(fin) > 1 else float("nan"),
                        "n": int(len(fin))})
    return pd.DataFrame(out)


def _paired(df: pd.DataFrame, reference: str):
    """For each scenario but the reference: (name, diff) where ``diff(kpi)`` gives the
    paired differences scenario − reference over their common replications."""
    ref = df[df["scenario"] == reference].set_index("replication")
    if ref.empty:
        raise ValueError(f"no scenario named '{reference}' in the results")
    for name, g in df.groupby("scenario", sort=False):
        if name == reference:
            continue
        g = g.set_index("replication")
        common = g.index.intersection(ref.index)

        def diff(kpi: str, finite: bool = True, g=g, common=common) -> np.ndarray:
            d = (g.loc[common, kpi] - ref.loc[common, kpi]).to_numpy(dtype=float)
            return d[np.isfinite(d)] if finite else d

        yield name, diff


def compare_to(df: pd.DataFrame, reference: str, confidence: float = 0.95) -> pd.DataFrame:
    """Paired differences (scenario − reference) per KPI with t-intervals and the
    probability that the scenario is better (Student-t on the paired differences, using
    each KPI's direction; NaN where a KPI has no better direction)."""
    from scipy import stats

    out = []
    for name, diff in _paired(df, reference):
        for k in _kpi_columns(df):
            d = diff(k)
            m, lo, hi = t_interval(d, confidence)
            better = KPI_LABELS.get(k, (None, None, None, None))[3]
            p = float("nan")
            if better is not None and len(d) > 1:
                se = d.std(ddof=1) / np.sqrt(len(d))
                if se > 0:
                    p_pos = float(stats.t.cdf(m / se, len(d) - 1))
                else:
                    p_pos = 1.0 if m > 0 else (0.0 if m < 0 else 0.5)
                p = p_pos if better else 1.0 - p_pos
            out.append({"scenario": name, "reference": reference, "kpi": k, "diff_mean": m,
                        "ci_low": lo, "ci_high": hi, "prob_better": p, "n": int(len(d))})
    return pd.DataFrame(out)


def abatement_cost(df: pd.DataFrame, reference: str, confidence: float = 0.95,
                   seed: int = 0) -> pd.DataFrame:
    """Net cost per tonne of CO2e avoided against ``reference``, per scenario.

    Net cost is profit forgone (−Δprofit), so a scenario that shrinks the business does not
    look cheap just because it spends less; a negative value saves money. The ratio of paired
    mean differences, −Δprofit / (−Δcarbon / 1000), with a paired bootstrap
    interval (scipy.stats.bootstrap, percentile method, fixed seed). NaN where the scenario
    does not avoid carbon (its carbon difference is not significantly below zero).
    """
    from scipy import stats

    out = []
    for name, diff in _paired(df, reference):
        dc = -diff("profit_cny", finite=False)
        dk = diff("carbon_kg_total", finite=False)
        _, _, hi_k = t_interval(dk, confidence)
        value = lo = hi = float("nan")
        if len(dk) > 1 and hi_k < 0:
            def ratio(c, k, axis=-1):
                return np.mean(c, axis=axis) / (-np.mean(k, axis=axis) / 1000.0)

            value = float(ratio(dc, dk))
            res = stats.bootstrap((dc, dk), ratio, paired=True, vectorized=True,
                                  confidence_level=confidence, n_resamples=2000,
                                  method="percentile", random_state=np.random.default_rng(seed))
            lo, hi = float(res.confidence_interval.low), float(res.confidence_interval.high)
        out.append({"scenario": name, "reference": reference,
                    "carbon_avoided_t": float(-dk.mean() / 1000.0) if len(dk) else float("nan"),
                    "profit_forgone_cny": float(dc.mean()) if len(dc) else float("nan"),
                    "cost_per_t_avoided_cny": value, "ci_low": lo, "ci_high": hi})
    return pd.DataFrame(out)
