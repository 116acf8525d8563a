"""The budget-constrained best policy mix: the combination of instrument intensities that
avoids the most tonnes with public spend (the subsidies booked) within the budget.

Two methods, both ending in full lab runs of the mixes they report (one shared no-policy arm):

- ``exhaustive`` (when the grid has at most ``max_runs`` combinations): every combination of
  the instruments' intensities (each also at 0) is run; the feasible one with the most tonnes
  wins (ties: the cheaper), the next is the runner-up.
- ``greedy`` (larger grids): first the MAC curve (each instrument alone at each intensity),
  then steps are added as if instruments added up: repeatedly the step with the most tonnes
  per yuan of public spend (steps that cost nothing first) that keeps the estimated spend
  within the budget. Instruments interact (a shop adopts a lever once, whichever instrument
  moved it), so the chosen mix and its variants (greedy on tonnes; without its last step; the
  best single instrument) are then verified by full runs, and the best verified feasible mix
  is chosen, the next best is the runner-up.

A carbon price and the disclosure mandate cost no public money, so with them in the grid they
are always in the best mix; leave them out of the grid to search subsidies only.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import pandas as pd

from .mac import add_increments, normalise_grid, run_policies, _row
from .results import LabResult, json_safe

Progress = Callable[[int, int], None]
MAX_EXHAUSTIVE_RUNS = 32
CANDIDATE_COLUMNS = ("mix", "tonnes_avoided", "tonnes_ci_low", "tonnes_ci_high",
                     "public_spend_cny", "public_cost_per_tonne_cny", "total_cost_per_tonne_cny",
                     "feasible", "source")


@dataclass(frozen=True, eq=False)
class MixResult:
    """The search's answer. ``chosen``/``runner_up``: {dotted path: intensity} (``{}`` is no
    policy; None when there is no feasible mix besides it) with their full lab runs;
    ``candidates``: every mix run (mix as "path=value; ..."), tonnes, spend, cost per tonne,
    feasible, and how it was found."""

    budget_cny: float
    method: str
    chosen: dict[str, Any]
    chosen_result: LabResult | None = field(repr=False)
    runner_up: dict[str, Any] | None
    runner_up_result: LabResult | None = field(repr=False)
    candidates: pd.DataFrame = field(repr=False)
    runs: int = 0

    def to_json(self) -> dict[str, Any]:
        def mix(policy, lab):
            if policy is None:
                return None
            doc = {"policy": dict(policy), "tonnes_avoided": 0.0, "tonnes_ci_low": None,
                   "tonnes_ci_high": None, "public_spend_cny": 0.0,
                   "public_cost_per_tonne_cny": None, "total_cost_per_tonne_cny": None}
            if lab is not None:
                doc.update(tonnes_avoided=lab.tonnes_avoided, tonnes_ci_low=lab.tonnes_ci[0],
                           tonnes_ci_high=lab.tonnes_ci[1], public_spend_cny=lab.public_spend_cny,
                           public_cost_per_tonne_cny=lab.public_cost_per_tonne,
                           total_cost_per_tonne_cny=lab.total_cost_per_tonne)
            return doc

        return json_safe({"budget_cny": self.budget_cny, "method": self.method,
                          "runs": self.runs, "chosen": mix(self.chosen, self.chosen_result),
                          "runner_up": mix(self.runner_up, self.runner_up_result),
                          "candidates": self.candidates.to_dict("records")})


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return f"{v:g}" if isinstance(v, (int, float)) else str(v)


def mix_label(policy: Mapping[str, Any]) -> str:
    """"path=value; ..." in path order ("none" for no policy), numbers without trailing
    zeros (``policy.packaging_subsidy=1``)."""
    return "; ".join(f"{p}={_value(v)}" for p, v in sorted(policy.items())) or "none"


def _rank(runs: list[tuple[dict, LabResult, str]], budget: float):
    feasible = [r for r in runs if r[1].public_spend_cny <= budget and r[1].tonnes_avoided > 0]
    feasible.sort(key=lambda r: (-r[1].tonnes_avoided, r[1].public_spend_cny))
    return feasible


def _candidates_table(runs: list[tuple[dict, LabResult, str]], budget: float) -> pd.DataFrame:
    rows = [{"mix": mix_label(p), "tonnes_avoided": lab.tonnes_avoided,
             "tonnes_ci_low": lab.tonnes_ci[0], "tonnes_ci_high": lab.tonnes_ci[1],
             "public_spend_cny": lab.public_spend_cny,
             "public_cost_per_tonne_cny": lab.public_cost_per_tonne,
             "total_cost_per_tonne_cny": lab.total_cost_per_tonne,
             "feasible": bool(lab.public_spend_cny <= budget), "source": src}
            for p, lab, src in runs]
    df = pd.DataFrame(rows, columns=list(CANDIDATE_COLUMNS))
    return df.sort_values(["feasible", "tonnes_avoided"], ascending=[False, False],
                          kind="stable").reset_index(drop=True)


def greedy_mix(curve: pd.DataFrame, budget: float, by: str = "ratio") -> list[tuple[str, Any]]:
    """Steps chosen on the MAC curve as if instruments added up: a list of (path, intensity),
    the last intensity of a path being its level in the mix. ``by``: "ratio" (most tonnes per
    yuan; free steps first) or "tonnes" (most tonnes that fit)."""
    table: dict[str, list[tuple[Any, float, float]]] = {}
    for r in curve.itertuples():
        table.setdefault(r.instrument, []).append((r.intensity, r.tonnes_avoided,
                                                   r.public_spend_cny))
    level = {p: -1 for p in table}           # index into table[p]; -1: off
    spent = 0.0
    chosen: list[tuple[str, Any]] = []
    while True:
        best = None
        for p, rows in table.items():
            t0, s0 = (0.0, 0.0) if level[p] < 0 else rows[level[p]][1:]
            for j in range(level[p] + 1, len(rows)):
                dt, ds = rows[j][1] - t0, rows[j][2] - s0
                if dt <= 0 or spent + ds > budget:
                    continue
                score = dt if by == "tonnes" else (math.inf if ds <= 0 else dt / ds)
                key = (score, dt)
                if best is None or key > best[0]:
                    best = (key, p, j, ds)
        if best is None:
            return chosen
        _key, p, j, ds = best
        level[p] = j
        spent += ds
        chosen.append((p, table[p][j][0]))


def _as_mix(steps: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    return {p: v for p, v in steps}


def best_mix(region: Any, budget_cny: float, grid: Mapping[str, Sequence[Any]] | None = None, *,
             shops: int | None = None, seed: int = 1, horizon_days: int | None = None,
             workers: int | None = None, scheduler: Any = None, progress: Progress | None = None,
             cancel: Any = None, max_runs: int = MAX_EXHAUSTIVE_RUNS,
             method: str | None = None, mac_results: Mapping[Any, Any] | None = None) -> MixResult:
    """The mix of instrument intensities (from ``grid``, default each instrument's MAC grid)
    that avoids the most tonnes with public spend ≤ ``budget_cny``, and the runner-up, each
    verified by a full lab run (see the module docstring). ``method``: "exhaustive",
    "greedy" or None (exhaustive when the grid has at most ``max_runs`` combinations).

    ``mac_results``: the ``results`` dict a ``mac_curve`` call filled for the same region,
    shops, seed and horizon: its no-policy arm and single-instrument runs are reused instead
    of simulated again."""
    from .run import _region

    budget = float(budget_cny)
    if not math.isfinite(budget) or budget < 0:
        raise ValueError(f"budget must be a non-negative number of CNY, got {budget_cny}")
    reg = _region(region)
    g = normalise_grid(grid)
    combos = 1
    for values in g.values():
        combos *= len(values) + 1
    combos -= 1                            # not the all-off mix
    if method is None:
        method = "exhaustive" if combos <= max_runs else "greedy"
    if method not in ("exhaustive", "greedy"):
        raise ValueError(f"method must be 'exhaustive' or 'greedy', got {method!r}")
    n = reg.shops if shops is None else int(shops)
    known = dict(mac_results or {})
    base = known.get("base")
    if base is not None and len(base) != n:
        base, known = None, {}
    kw = dict(shops=n, seed=seed, horizon_days=horizon_days, workers=workers,
              scheduler=scheduler, cancel=cancel)

    def run(mixes: list[dict[str, Any]], report: Progress | None) -> list[LabResult]:
        """Each mix's lab run: a single instrument already run by ``mac_curve`` is reused."""
        nonlocal base
        out: list[LabResult | None] = []
        todo = []
        for mix in mixes:
            point = next(iter(mix.items())) if len(mix) == 1 else None
            lab = known.get(point) if point is not None else None
            out.append(lab)
            if lab is None:
                todo.append(mix)
        if todo:
            base, labs = run_policies(reg, todo, base=base, progress=report, **kw)
            fresh = iter(labs)
            out = [lab if lab is not None else next(fresh) for lab in out]
        return out

    if method == "exhaustive":
        paths = list(g)
        mixes = []
        for levels in itertools.product(*[[None] + g[p] for p in paths]):
            mix = {p: v for p, v in zip(paths, levels, strict=True) if v is not None}
            if mix:
                mixes.append(mix)
        runs = [(m, lab, "exhaustive") for m, lab in zip(mixes, run(mixes, progress), strict=True)]
    else:
        points = [(p, v) for p, values in g.items() for v in values]
        labs = run([{p: v} for p, v in points], progress)
        curve = add_increments([_row(p, v, lab) for (p, v), lab in zip(points, labs, strict=True)])
        runs = [({p: v}, lab, "single") for (p, v), lab in zip(points, labs, strict=True)]
        seen = {mix_label(m) for m, _l, _s in runs}
        proposals: list[tuple[dict, str]] = []
        by_ratio = greedy_mix(curve, budget, "ratio")
        for steps, src in ((by_ratio, "greedy"), (greedy_mix(curve, budget, "tonnes"), "greedy_tonnes"),
                           (by_ratio[:-1], "greedy_minus_last")):
            mix = _as_mix(steps)
            if mix and mix_label(mix) not in seen:
                seen.add(mix_label(mix))
                proposals.append((mix, src))
        if proposals:
            verified = run([m for m, _s in proposals], None)
            runs += [(m, lab, src) for (m, src), lab in zip(proposals, verified, strict=True)]
    ranked = _rank(runs, budget)
    chosen, chosen_lab = ({}, None) if not ranked else (ranked[0][0], ranked[0][1])
    runner, runner_lab = (None, None) if len(ranked) < 2 else (ranked[1][0], ranked[1][1])
    return MixResult(budget_cny=budget, method=method, chosen=chosen, chosen_result=chosen_lab,
                     runner_up=runner, runner_up_result=runner_lab,
                     candidates=_candidates_table(runs, budget), runs=len(runs))
