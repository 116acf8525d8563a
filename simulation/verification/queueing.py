"""The pick/pack stage against queueing theory.

* Erlang C: :func:`simulation.validation.mmc_scenario` reduces fulfilment to an M/M/c queue
  (Poisson orders, exponential packing, c packers round the clock). Over long horizons with
  the warm-up discarded, the mean wait before packing must match Erlang C's Wq, the mean
  number in the stage λ(Wq + 1/μ), and the order rate λ. The standard errors come from
  independent replications (each one an independent estimate).
* Little's law: in the full baseline shop (shifts, learning curve, quits, festivals,
  cancellations) the time-average number of orders in fulfilment L equals the order rate λ
  times the mean time in the stage W. Per replication the difference L − λW is computed, and
  its mean over the replications is compared with 0 using the SE of that paired difference.
"""

from __future__ import annotations

import numpy as np

from ..engine import run_shop
from ..experiment import default_workers, kept_pool, run_experiment
from ..metrics import compute
from ..scenario import Scenario
from ..streams import replication_seeds
from ..validation import erlang_c_wait_hours, mmc_scenario
from .checks import Check, mean_se, register, statistical

# name, λ (orders/hour), μ (orders/hour per packer), c (packers)
ERLANG_SETTINGS = (
    ("rho0.90_c10", 9.0, 1.0, 10),     # heavy traffic, many servers
    ("rho0.90_c1", 5.4, 6.0, 1),       # heavy traffic, one server
    ("rho0.80_c5", 4.0, 1.0, 5),
    ("rho0.75_c2", 6.0, 4.0, 2),       # fast service
    ("rho0.50_c1", 3.0, 6.0, 1),       # light traffic, one server
)
# (horizon days, warm-up days, replications)
ERLANG_RUNS = {True: (45, 5.0, 8), False: (150, 10.0, 20)}
# (horizon days, warm-up days, replications, monitor interval hours): the monitor samples
# the occupancy on a grid; a coarse grid (1 h) biases the time average by ~0.2% in the shop
# with its daily cycle, 6 minutes by less than 0.01%
LITTLE_RUNS = {True: (60, 10.0, 8, 0.1), False: (180, 10.0, 16, 0.1)}
SEED = 20240601

CATEGORY = "queueing"

def mmc(arrival_rate_per_hour: float, service_rate_per_hour: float, servers: int,
        horizon_days: int, warmup_days: float, monitor_interval_hours: float = 0.25
        ) -> Scenario:
    """The pick/pack stage as an M/M/c queue (``validation.mmc_scenario``)."""
    return mmc_scenario(arrival_rate_per_hour=arrival_rate_per_hour,
                        service_rate_per_hour=service_rate_per_hour, servers=servers,
                        horizon_days=horizon_days, warmup_days=warmup_days,
                        monitor_interval_hours=monitor_interval_hours)


def _fmt(x: float) -> str:
    return f"{x:g}"


@register(CATEGORY)
def erlang_c(quick: bool) -> list[Check]:
    horizon, warmup, reps = ERLANG_RUNS[quick]
    scenarios = {name: mmc(lam, mu, c, horizon_days=horizon, warmup_days=warmup)
                 for name, lam, mu, c in ERLANG_SETTINGS}
    df = run_experiment(scenarios, replications=reps, seed=SEED)
    checks: list[Check] = []
    for name, lam, mu, c in ERLANG_SETTINGS:
        rows = df[df["scenario"] == name]
        setting = f"λ={_fmt(lam)}/h μ={_fmt(mu)}/h c={c} (ρ={lam / (c * mu):.2f})"
        runs = (f"{reps} independent replications of {horizon} days, first {warmup:g} days "
                "discarded")
        wq = erlang_c_wait_hours(lam, mu, c)
        m, se = mean_se(rows["fulfilment_wait_hours_mean"])
        checks.append(statistical(f"erlang_c.wait_hours.{name}", CATEGORY,
                                  f"Erlang C Wq (hours), {setting}", wq, m, se, detail=runs))
        m, se = mean_se(rows["fulfilment_in_system_mean"])
        checks.append(statistical(f"erlang_c.in_system.{name}", CATEGORY,
                                  f"M/M/c L = λ(Wq + 1/μ) (orders), {setting}",
                                  lam * (wq + 1.0 / mu), m, se,
                                  detail=runs + "; time average sampled every 15 minutes"))
        m, se = mean_se(rows["order_rate_per_hour"])
        checks.append(statistical(f"erlang_c.arrival_rate.{name}", CATEGORY,
                                  f"Poisson order rate λ (orders/hour), {setting}", lam, m, se,
                                  detail=runs))
    return checks


def little_scenario(quick: bool) -> Scenario:
    horizon, warmup, _reps, monitor = LITTLE_RUNS[quick]
    return Scenario().with_changes({"run.horizon_days": horizon, "run.warmup_days": warmup,
                                    "run.monitor_interval_hours": monitor})


def little_terms(shop, kpis: dict) -> tuple[float, float, float]:
    """(L, λW, B) of one replication: L and λW from the KPIs, B the boundary terms of the
    sample-path form of Little's law on the window [warm-up, horizon] (orders).

    On a finite window, exactly, L = λW + B with
    B = [Σ over orders in fulfilment when the window opens of their time in it after that
    + Σ over orders placed in the window and still in it at the horizon of (time so far − W)]
    / window length: orders already there at the start count in L but not in W, and orders
    not finished at the end count in λ but not in W. B comes from the order records
    (placed, packed, cancelled), L from the occupancy monitor, so L − λW − B is the monitor's
    sampling error, and its mean over replications is 0."""
    rec, H = shop.rec, shop.H
    warm = shop.sc.run.warmup_days
    window_h = (H - warm) * 24.0
    left = {oid: end for oid, _start, end, _ship in rec.packed}
    for oid, _t, removed in rec.cancelled:
        if removed == removed:          # not NaN: a packer took it off the queue
            left[oid] = removed
    w = kpis["fulfilment_sojourn_hours_mean"]
    start_term = end_term = 0.0
    for oid, _cust, t in rec.placed:
        out = left.get(oid, H)          # still in the stage at the horizon: H
        if t < warm:
            if out > warm:
                start_term += (min(out, H) - warm) * 24.0
        elif oid not in left:
            end_term += (H - t) * 24.0 - w
    L = kpis["fulfilment_in_system_mean"]
    return L, kpis["order_rate_per_hour"] * w, (start_term + end_term) / window_h


def _little_replication(sc: Scenario, seed) -> tuple[float, float, float]:
    shop = run_shop(sc, seed)
    return little_terms(shop, compute(shop).kpis)


def _map(func, jobs: list[tuple]) -> list:
    """``func(*job)`` for every job, on the experiment's worker processes when there are
    several cores (in this process otherwise), in order."""
    n = min(len(jobs), default_workers())
    if n <= 1:
        return [func(*job) for job in jobs]
    return list(kept_pool(n).map(func, *zip(*jobs, strict=True)))


@register(CATEGORY)
def littles_law(quick: bool) -> list[Check]:
    horizon, warmup, reps, monitor = LITTLE_RUNS[quick]
    sc = little_scenario(quick)
    terms = np.array(_map(_little_replication,
                          [(sc, s) for s in replication_seeds(SEED + 1, reps)]))
    L, lam_w, b = terms.T
    gap_a, boundary_a = (L - lam_w) / L, b / L
    m, se = mean_se(gap_a - boundary_a)
    raw, raw_se = mean_se(gap_a)
    b_mean, _ = mean_se(boundary_a)
    return [statistical(
        "littles_law.baseline_shop", CATEGORY,
        "Little's law L = λW in the baseline shop, on the window after the warm-up: relative "
        "gap (L − λW)/L, L the time-average orders in fulfilment, λ the order rate, W the mean "
        "time in fulfilment; expected: the window's boundary terms (sample-path form)",
        float(b_mean), float(raw), float(se),
        detail=f"paired per replication: SE of the per-replication (L − λW − B)/L, mean "
               f"{m:+.4%}; {reps} replications of {horizon} days, first {warmup:g} days "
               f"discarded, occupancy sampled every {monitor:g} h; raw gap {raw:+.3%} ± "
               f"{raw_se:.3%}, boundary terms B/L {b_mean:+.3%}")]
