"""The marginal abatement cost (MAC) curve of a region across instruments and intensities.

Every (instrument, intensity) of the grid is one lab run with only that instrument. The
no-policy arm is the same in all of them (same shops, same seed, same no-policy adoption:
common random numbers), so it is simulated once (:func:`run_policies`) and each grid point
simulates only its policy arm; all grid points go to the backend as one batch of tasks (local
worker processes or a Dask cluster, like ``run_lab``), with one progress count.

Per instrument, the steps between successive intensities (from 0, the no-policy world, to the
first intensity, then to the next, ...) give the marginal tonnes and the marginal cost per
tonne; :func:`mac_steps` sorts all steps by marginal cost per tonne with the cumulative tonnes,
the x extent of the classic MAC bar chart. The cost is the total cost (the region's: net
public cost plus the shops' profit loss, see ``results``) by default, or the public spend
(``by="public"``). A step that avoids no carbon has no cost per tonne: it is kept at the end,
outside the cumulative tonnes.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from .results import LabResult, summarise_lab

Progress = Callable[[int, int], None]

MAC_COLUMNS = ("instrument", "intensity", "tonnes_avoided", "tonnes_ci_low", "tonnes_ci_high",
               "public_spend_cny", "carbon_price_revenue_cny", "net_public_cost_cny",
               "profit_change_cny", "total_cost_cny", "public_cost_per_tonne_cny",
               "total_cost_per_tonne_cny", "step_from", "marginal_tonnes",
               "marginal_public_spend_cny", "marginal_total_cost_cny",
               "marginal_public_cost_per_tonne_cny", "marginal_total_cost_per_tonne_cny")
STEP_COLUMNS = ("instrument", "step_from", "intensity", "marginal_tonnes",
                "marginal_cost_per_tonne_cny", "cumulative_tonnes_start", "cumulative_tonnes",
                "valid")


def default_grid() -> dict[str, list[Any]]:
    """{dotted path: intensities} from ``simulation.lab.instruments.INSTRUMENTS`` (each
    instrument's default grid for the MAC curve)."""
    from .instruments import INSTRUMENTS

    out: dict[str, list[Any]] = {}
    for path, info in INSTRUMENTS.items():
        grid = getattr(info, "grid", None)
        if grid:
            out[path] = list(grid)
    return out


def _is_zero(value: Any) -> bool:
    return value is False or value is None or (not isinstance(value, bool) and value == 0)


def normalise_grid(grid: Mapping[str, Sequence[Any]] | None) -> dict[str, list[Any]]:
    """The grid with every value validated (``parse_instruments``), zero intensities (the
    no-policy world) dropped, duplicates removed and the rest sorted ascending."""
    from .instruments import parse_instruments

    grid = default_grid() if grid is None else grid
    out: dict[str, list[Any]] = {}
    for path, values in grid.items():
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
            values = [values]
        checked = [parse_instruments({path: v})[path] for v in values]
        kept = sorted({v for v in checked if not _is_zero(v)}, key=float)
        if kept:
            out[path] = kept
    if not out:
        raise ValueError("the grid has no instrument with a non-zero intensity")
    return out


# -- running many policies on one shared no-policy arm -------------------------------------------

def simulate_policy_arm(region: Any, base: Sequence[Any], policy: Mapping[str, Any], seed: int,
                        horizon_days: int) -> list[Any]:
    """One batch (what a worker runs): the policy arm of shops whose no-policy arm is already
    in ``base`` (their ``ShopOutcome``s from ``run_outcomes(region, {})``). The same as
    ``run.simulate_shops`` gives for those shops, without simulating the no-policy arm again."""
    from simulation.engine import simulate

    from .adoption import adopt
    from .run import ShopOutcome, _figures, same_run
    from .shops import shop_scenario, shop_seed

    policy = dict(policy)
    out = []
    for b in base:
        shop = b.shop
        lev_pol = frozenset(adopt(region, shop, policy))
        sc_base = shop_scenario(region, shop, b.levers_base, None, horizon_days)
        sc_pol = shop_scenario(region, shop, lev_pol, policy, horizon_days)
        reused = same_run(sc_base, sc_pol)
        pol = dict(b.base) if reused else _figures(sc_pol, simulate(sc_pol, shop_seed(seed, shop.index)))
        out.append(ShopOutcome(shop.index, b.levers_base, lev_pol, dict(b.base), pol, shop, reused))
    return out


def run_policies(region: Any, policies: Sequence[Mapping[str, Any]], *, shops: int | None = None,
                 seed: int = 1, horizon_days: int | None = None, workers: int | None = None,
                 scheduler: Any = None, progress: Progress | None = None, cancel: Any = None,
                 base: Sequence[Any] | None = None) -> tuple[list[Any], list[LabResult]]:
    """(the no-policy outcomes, one ``LabResult`` per policy): the no-policy arm simulated once
    (or given as ``base``), then every policy's arm, all in one batch of tasks on the backend
    (``workers``/``scheduler`` as in ``run_lab``). ``progress(done, total)`` counts shop
    simulations over both phases; ``cancel`` stops the run (``Cancelled``)."""
    from .backends import (backend_name, choose_batch_size, dask_threads, resolve_workers,
                           run_tasks, scheduler_address)
    from .run import _policy, _region, estimate_seconds_per_shop, run_outcomes

    reg = _region(region)
    pols = [_policy(p) for p in policies]
    horizon = int(reg.horizon_days if horizon_days is None else horizon_days)
    n = reg.shops if shops is None else int(shops)
    total = n * (len(pols) + (0 if base is not None else 1))

    def phase(offset: int) -> Progress | None:
        if progress is None:
            return None
        return lambda done, _t: progress(offset + done, total)

    if base is None:
        base = run_outcomes(reg, {}, shops=n, seed=seed, horizon_days=horizon, workers=workers,
                            scheduler=scheduler, progress=phase(0), cancel=cancel)
        offset = n
    else:
        base = sorted(base, key=lambda o: o.index)
        if len(base) != n:
            raise ValueError(f"base has {len(base)} shops, expected {n}")
        offset = 0
    if not pols:
        return list(base), []
    backend = backend_name(workers, scheduler)
    if backend == "serial":
        size = 1
    else:
        n_workers = (dask_threads(scheduler_address(scheduler)) if backend == "dask"
                     else resolve_workers(workers))
        per_shop = sum(estimate_seconds_per_shop(o.shop, horizon) for o in base) / len(base) / 2
        size = choose_batch_size(n * len(pols), per_shop, n_workers)
    batches = [base[i:i + size] for i in range(0, n, size)]
    tasks, owner = [], []
    for k, pol in enumerate(pols):
        for b in batches:
            tasks.append((reg, b, pol, int(seed), horizon))
            owner.append(k)
    results = run_tasks(simulate_policy_arm, tasks, [len(t[1]) for t in tasks], workers=workers,
                        scheduler=scheduler, progress=phase(offset), cancel=cancel)
    per_policy: list[list[Any]] = [[] for _ in pols]
    for k, batch in zip(owner, results, strict=True):
        per_policy[k].extend(batch)
    labs = [summarise_lab(reg, outs, policy=pol, seed=int(seed), horizon_days=horizon,
                          n_region_shops=reg.shops) for pol, outs in zip(pols, per_policy, strict=True)]
    return list(base), labs


# -- the curve -----------------------------------------------------------------------------------

def _row(path: str, value: Any, lab: LabResult) -> dict[str, Any]:
    return {"instrument": path, "intensity": value, "tonnes_avoided": lab.tonnes_avoided,
            "tonnes_ci_low": lab.tonnes_ci[0], "tonnes_ci_high": lab.tonnes_ci[1],
            "public_spend_cny": lab.public_spend_cny,
            "carbon_price_revenue_cny": lab.carbon_price_revenue_cny,
            "net_public_cost_cny": lab.net_public_cost_cny,
            "profit_change_cny": lab.profit_change_cny,
            "total_cost_cny": lab.net_public_cost_cny - lab.profit_change_cny,
            "public_cost_per_tonne_cny": lab.public_cost_per_tonne,
            "total_cost_per_tonne_cny": lab.total_cost_per_tonne}


def _per_tonne(cost: float, tonnes: float) -> float:
    return cost / tonnes if tonnes > 0 else float("nan")


def add_increments(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The curve's rows (sorted by instrument order, then intensity) with each instrument's
    increments from the previous intensity (the first from 0: no tonnes, no cost)."""
    out = []
    prev: dict[str, dict[str, Any]] = {}
    for r in rows:
        p = prev.get(r["instrument"])
        t0, s0, c0 = (0.0, 0.0, 0.0) if p is None else (
            p["tonnes_avoided"], p["public_spend_cny"], p["total_cost_cny"])
        dt = r["tonnes_avoided"] - t0
        ds = r["public_spend_cny"] - s0
        dc = r["total_cost_cny"] - c0
        out.append({**r, "step_from": 0 if p is None else p["intensity"], "marginal_tonnes": dt,
                    "marginal_public_spend_cny": ds, "marginal_total_cost_cny": dc,
                    "marginal_public_cost_per_tonne_cny": _per_tonne(ds, dt),
                    "marginal_total_cost_per_tonne_cny": _per_tonne(dc, dt)})
        prev[r["instrument"]] = r
    df = pd.DataFrame(out, columns=list(MAC_COLUMNS))
    for col in ("intensity", "step_from"):   # keep 0.5, 2000.0 and True as given
        df[col] = pd.Series([r[col] for r in out], dtype=object, index=df.index)
    return df


def mac_curve(region: Any, grid: Mapping[str, Sequence[Any]] | None = None, *,
              shops: int | None = None, seed: int = 1, horizon_days: int | None = None,
              workers: int | None = None, scheduler: Any = None, progress: Progress | None = None,
              cancel: Any = None, results: dict | None = None) -> pd.DataFrame:
    """One row per (instrument, intensity) of ``grid`` ({dotted path: intensities}; default
    each instrument's grid in ``INSTRUMENTS``): the lab run with only that instrument at that
    intensity: tonnes avoided (interval), public spend, carbon-price revenue, net public cost,
    the shops' profit change, total cost, cost per tonne (public and total), and the increment
    from the instrument's previous intensity (``step_from``): marginal tonnes, marginal public
    spend and total cost, and their cost per tonne (NaN when the step avoids no carbon).

    ``results``: a dict to receive {(path, intensity): LabResult} (and ``"base"``: the
    no-policy outcomes), for a caller that needs more than the table."""
    from .run import _region

    reg = _region(region)
    g = normalise_grid(grid)
    points = [(path, v) for path, values in g.items() for v in values]
    base, labs = run_policies(reg, [{p: v} for p, v in points], shops=shops, seed=seed,
                              horizon_days=horizon_days, workers=workers, scheduler=scheduler,
                              progress=progress, cancel=cancel)
    if results is not None:
        results["base"] = base
        results.update({pt: lab for pt, lab in zip(points, labs, strict=True)})
    return add_increments([_row(p, v, lab) for (p, v), lab in zip(points, labs, strict=True)])


def mac_steps(curve: pd.DataFrame, by: str = "total") -> pd.DataFrame:
    """The MAC bar chart: every step of the curve sorted by marginal cost per tonne (``by``:
    "total" or "public"), cheapest first, with the cumulative tonnes where its bar starts and
    ends. Steps that avoid no carbon (``valid`` False) come last, without cumulative tonnes."""
    if by not in ("total", "public"):
        raise ValueError(f"by must be 'total' or 'public', got {by!r}")
    col = f"marginal_{by}_cost_per_tonne_cny"
    df = curve.assign(marginal_cost_per_tonne_cny=curve[col],
                      valid=(curve["marginal_tonnes"] > 0) & np.isfinite(curve[col]))
    valid = df[df["valid"]].sort_values("marginal_cost_per_tonne_cny", kind="stable")
    rest = df[~df["valid"]]
    end = valid["marginal_tonnes"].cumsum()
    valid = valid.assign(cumulative_tonnes=end, cumulative_tonnes_start=end - valid["marginal_tonnes"])
    rest = rest.assign(cumulative_tonnes=np.nan, cumulative_tonnes_start=np.nan)
    out = pd.concat([valid, rest], ignore_index=True) if len(rest) else valid.reset_index(drop=True)
    return out[list(STEP_COLUMNS)]
