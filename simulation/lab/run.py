"""Running a region: every shop simulated without and with the policy.

Shop ``i`` is drawn from the region's seed (``draw_shops``) and simulated on its own stream
``shop_seed(seed, i)`` in both runs (common random numbers), each run with the levers the
shop adopts in that world (``adopt(region, shop, {})`` without the policy, ``adopt(region,
shop, policy)`` with it). The work is cut into batches of shops (:func:`simulate_shops`, a
top-level function a worker process or a Dask worker runs) and handed to a backend
(``backends.py``: this process, local worker processes or a Dask cluster). The outcomes come
back sorted by shop index, so every backend gives the same numbers, bit for bit.

:func:`run_outcomes` returns the per-shop :class:`ShopOutcome` list; :func:`run_lab` also
summarises it into the region's ``LabResult`` (``results.summarise_lab``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

from simulation.engine import simulate

from .backends import (Cancelled, backend_name, dask_session, dask_threads, plan_batches,
                       resolve_workers, run_tasks, scheduler_address)

if TYPE_CHECKING:  # pragma: no cover
    from simulation.scenario import Scenario

    from .region import Region
    from .shops import ShopDraw

__all__ = ["ShopOutcome", "simulate_shops", "run_outcomes", "run_lab", "Cancelled",
           "SUBSIDY_INSTRUMENTS", "estimate_seconds_per_shop"]

# the split of the subsidies a shop books (SimulationResult.extras["subsidies_by_instrument"]);
# each becomes a "subsidies_<name>" figure of the outcome (CNY, positive = public money)
SUBSIDY_INSTRUMENTS = ("packaging", "green_logistics", "training", "community",
                       "commission_rebate")

# policy instruments that change nothing for a shop they do not apply to, with the test of
# "does not apply" on the shop's policy scenario (tests/unit/test_lab_run.py checks each:
# the run with the instrument equals the run without it, bit for bit)
_INERT: dict[str, Callable[["Scenario"], bool]] = {}


def _register_inert() -> None:
    from simulation.certification import certified_green

    _INERT.update({
        # paid per parcel on the green-packaging premium: nothing on standard packaging
        "policy.packaging_subsidy": lambda sc: sc.packaging.option == "standard",
        # paid per electric parcel
        "policy.green_logistics_subsidy_cny": lambda sc: sc.logistics.electric_share == 0,
        # paid to certified green shops only
        "policy.commission_rebate": lambda sc: not certified_green(sc),
        # a mandate to do what the shop already does
        "policy.disclosure_mandate": lambda sc: bool(sc.governance.footprint_page),
    })


@dataclass(frozen=True)
class ShopOutcome:
    """One shop's two runs. ``base``: without the policy, with the levers it adopts then
    (``levers_base``); ``policy``: with the policy and its adoption then (``levers_policy``).
    Each holds every KPI of ``SimulationResult.kpis`` plus ``subsidies_<instrument>`` (CNY of
    public money by instrument, positive), ``subsidies_cny`` (their total: −the subsidies the
    shop books), ``carbon_price_cny`` (the carbon price the shop pays: public revenue),
    ``jobs`` (packers + customer-service agents) and ``quits`` (staff who quit over the run).
    ``reused``: the two runs were the same simulation (see :func:`simulate_shops`)."""

    index: int
    levers_base: frozenset[str]
    levers_policy: frozenset[str]
    base: dict[str, float]
    policy: dict[str, float]
    shop: "ShopDraw"
    reused: bool = False


def _figures(sc: "Scenario", r) -> dict[str, float]:
    out = {k: float(v) for k, v in r.kpis.items()}
    split = r.extras.get("subsidies_by_instrument") or {}
    for name in SUBSIDY_INSTRUMENTS:
        out[f"subsidies_{name}"] = float(split.get(name, 0.0))
    out["subsidies_cny"] = 0.0 - float(r.cost_by_category.get("subsidies", 0.0))  # no −0.0
    out["carbon_price_cny"] = float(r.cost_by_category.get("carbon_price", 0.0))
    out["jobs"] = float(sc.staff.packers + sc.staff.cs_agents)
    out["quits"] = float(r.kpis.get("staff_quits", 0.0))
    return out


def same_run(sc_base: "Scenario", sc_policy: "Scenario") -> bool:
    """True when the policy scenario would simulate exactly like the no-policy one: equal
    once the instruments that do not apply to the shop are set back to their no-policy
    values. Then one simulation serves both (same scenario, same seed: the same numbers)."""
    if sc_base == sc_policy:
        return True
    if not _INERT:
        _register_inert()
    changes = {}
    for path, inert in _INERT.items():
        section, name = path.split(".", 1)
        mine = getattr(getattr(sc_policy, section), name)
        theirs = getattr(getattr(sc_base, section), name)
        if mine != theirs:
            if not inert(sc_policy):
                return False
            changes[path] = theirs
    return bool(changes) and sc_policy.with_changes(changes) == sc_base


def simulate_shops(region: "Region", shops: Sequence["ShopDraw"], policy: Mapping[str, Any],
                   seed: int, horizon_days: int | None = None,
                   forced_levers: Iterable[str] | None = None,
                   reuse: bool = True) -> list[ShopOutcome]:
    """One batch (what a worker runs): each shop simulated without the policy (its no-policy
    adoption) and with it (its policy adoption), both on ``shop_seed(seed, shop.index)``.

    ``forced_levers``: adoption forced on, the adoption rule bypassed in both runs: without
    the policy every shop keeps exactly the practices it already has; with it, it uses these
    levers on top of them. The difference is then the levers' and instruments' own effect,
    shop by shop (the check "region total = N × one shop's result" rests on it).

    When the two runs of a shop have the same scenario (the same levers adopted and no
    instrument that applies to this shop: e.g. a packaging subsidy for a shop that keeps
    standard packaging), the shop is simulated once and the result used for both: the same
    scenario on the same seed gives the same numbers (common random numbers), so this only
    saves time. ``reuse=False`` simulates twice anyway (for the test of that claim).
    """
    from .adoption import adopt
    from .shops import shop_scenario, shop_seed

    policy = dict(policy or {})
    forced = None if forced_levers is None else frozenset(forced_levers)
    out = []
    for shop in shops:
        if forced is not None:
            lev_base = frozenset(shop.practices)
            lev_pol = lev_base | forced
        else:
            lev_base = frozenset(adopt(region, shop, {}))
            lev_pol = frozenset(adopt(region, shop, policy)) if policy else lev_base
        sc_base = shop_scenario(region, shop, lev_base, None, horizon_days)
        sc_pol = (sc_base if not policy and lev_pol == lev_base
                  else shop_scenario(region, shop, lev_pol, policy, horizon_days))
        base = _figures(sc_base, simulate(sc_base, shop_seed(seed, shop.index)))
        reused = reuse and same_run(sc_base, sc_pol)
        if reused:
            pol = dict(base)
        else:
            pol = _figures(sc_pol, simulate(sc_pol, shop_seed(seed, shop.index)))
        out.append(ShopOutcome(shop.index, lev_base, lev_pol, base, pol, shop, reused))
    return out


# Seconds one simulation of a shop takes, roughly: a fixed part plus a part per order
# (measured on the benchmark machine; only used to size the batches).
_SECONDS_PER_RUN = 0.02
_SECONDS_PER_ORDER = 2.3e-5


def estimate_seconds_per_shop(shop: "ShopDraw", horizon_days: int) -> float:
    """A rough CPU time of one shop's two runs (for batch sizing only)."""
    orders = float(getattr(shop, "orders_per_year", 0.0) or 0.0) * horizon_days / 365.0
    return 2.0 * (_SECONDS_PER_RUN + _SECONDS_PER_ORDER * orders)


def _region(region) -> "Region":
    from .region import Region, load_region

    return region if isinstance(region, Region) else load_region(region)


def _policy(policy) -> dict[str, Any]:
    if not policy:
        return {}
    from .instruments import parse_instruments

    return parse_instruments(policy)


def run_outcomes(region, policy=None, shops: int | None = None, seed: int = 1,
                 horizon_days: int | None = None, workers: int | None = None,
                 scheduler: Any = None, progress: Callable[[int, int], None] | None = None,
                 cancel: Any = None, batch_size: int | None = None,
                 forced_levers: Iterable[str] | None = None) -> list[ShopOutcome]:
    """Every shop's :class:`ShopOutcome`, sorted by shop index.

    ``region``: a ``Region`` or a region name/file; ``policy``: the instruments ({dotted path:
    value}, or "path=value" strings); ``shops``: how many of the region's shops to simulate
    (shops 0..n−1, a random sample of the region; default all); ``horizon_days``: default the
    region's. Backend: ``scheduler`` (a Dask address or client; default the
    ``ESG_SIM_SCHEDULER`` environment variable) else ``workers`` local processes (None: every
    core; 1: this process). ``progress(done_shops, total_shops)``; ``cancel``: a
    ``threading.Event`` or callable that stops the run (raises ``Cancelled``).
    ``batch_size``: shops per task, in index order (default: tasks of about equal estimated
    work, sized for the overhead and the balance, the heaviest first: ``plan_batches``).
    """
    from .shops import draw_shops

    reg = _region(region)
    pol = _policy(policy)
    n = reg.shops if shops is None else int(shops)
    if not 1 <= n <= reg.shops:
        raise ValueError(f"shops must be between 1 and the region's {reg.shops}, got {shops}")
    horizon = int(reg.horizon_days if horizon_days is None else horizon_days)
    forced = None if forced_levers is None else tuple(sorted(forced_levers))
    draws = list(draw_shops(reg, n, seed))

    if backend_name(workers, scheduler) == "dask":
        with dask_session(scheduler_address(scheduler)) as client:   # one connection
            return _run_outcomes(reg, pol, draws, seed, horizon, forced, workers, client,
                                 progress, cancel, batch_size)
    return _run_outcomes(reg, pol, draws, seed, horizon, forced, workers, None, progress,
                         cancel, batch_size)


def _run_outcomes(reg, pol, draws, seed, horizon, forced, workers, client, progress, cancel,
                  batch_size) -> list[ShopOutcome]:
    backend = "dask" if client is not None else backend_name(workers, "local")
    if batch_size is not None:
        size = int(batch_size)
        if size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        batches = [draws[i:i + size] for i in range(0, len(draws), size)]
    elif backend == "serial":          # no overhead to amortise: progress after every shop
        batches = [[d] for d in draws]
    else:                              # about equal work per task, the heaviest first
        n_workers = dask_threads(client) if backend == "dask" else resolve_workers(workers)
        costs = [estimate_seconds_per_shop(s, horizon) for s in draws]
        batches = [[draws[i] for i in g] for g in plan_batches(costs, n_workers)]
    tasks = [(reg, b, pol, int(seed), horizon, forced) for b in batches]
    results = run_tasks(simulate_shops, tasks, [len(b) for b in batches], workers=workers,
                        scheduler=client if client is not None else "local", progress=progress,
                        cancel=cancel)
    outcomes = [o for batch in results for o in batch]
    outcomes.sort(key=lambda o: o.index)
    return outcomes


def run_lab(region, policy=None, shops: int | None = None, seed: int = 1,
            horizon_days: int | None = None, workers: int | None = None, scheduler: Any = None,
            progress: Callable[[int, int], None] | None = None, cancel: Any = None,
            batch_size: int | None = None, forced_levers: Iterable[str] | None = None):
    """Run the region (see :func:`run_outcomes`) and summarise it: the ``LabResult`` of
    ``results.summarise_lab`` (region totals weighted N/n, intervals, public spend, cost per
    tonne, adoption, groups, identities)."""
    from .results import summarise_lab

    reg = _region(region)
    pol = _policy(policy)
    horizon = int(reg.horizon_days if horizon_days is None else horizon_days)
    outcomes = run_outcomes(reg, pol, shops=shops, seed=seed, horizon_days=horizon,
                            workers=workers, scheduler=scheduler, progress=progress,
                            cancel=cancel, batch_size=batch_size, forced_levers=forced_levers)
    return summarise_lab(reg, outcomes, policy=pol, seed=int(seed), horizon_days=horizon,
                         n_region_shops=reg.shops)
