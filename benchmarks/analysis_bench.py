"""Experiment timings: a tornado over ten parameters and a confirmed budget recommendation.

Run as part of ``make bench`` (section 8 of benchmarks/run.py) or alone:
``python benchmarks/analysis_bench.py [--quick]``. Measurements, not tests. Each figure comes
with the number of full simulations it used and the longest wait between two progress
updates (the page's progress bar moves at least that often).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TORNADO_TARGET_S = 60.0         # the issue: a tornado over 10 parameters within 60 s
BUDGET_TARGET_S = 90.0          # a confirmed recommendation (6 channels, 3 constraints)
CONSTRAINTS = ("carbon_kg_total<=34000", "retention_90d>=0.18", "cost_total_cny<=8100000")


class _Ticks:
    """A progress callback that remembers when it was called."""

    def __init__(self):
        self.start = time.perf_counter()
        self.times = [self.start]
        self.last = (0, 0)

    def __call__(self, done: int, total: int) -> None:
        self.times.append(time.perf_counter())
        self.last = (done, total)

    def longest_gap(self) -> float:
        t = self.times + [time.perf_counter()]
        return max(b - a for a, b in zip(t, t[1:], strict=False))


def bench_tornado(quick: bool) -> dict:
    from simulation import Scenario
    from simulation.analysis import DEFAULT_SENSITIVITY_PARAMETERS, sensitivity

    sc = Scenario()
    params = list(DEFAULT_SENSITIVITY_PARAMETERS)
    reps = 6
    if quick:
        sc = sc.with_changes({"run.horizon_days": 60, "customers.initial_customers": 3000})
        params, reps = params[:2], 2
    ticks = _Ticks()
    t0 = time.perf_counter()
    s = sensitivity(sc, "profit_cny", parameters=params, replications=reps, seed=1,
                    progress=ticks)
    seconds = time.perf_counter() - t0
    top = s.table().iloc[0]
    return {"parameters": len(params), "replications": reps, "seconds": seconds,
            "simulations": s.simulations, "progress_updates": len(ticks.times) - 1,
            "longest_gap_s": ticks.longest_gap(), "top_parameter": top["path"],
            "top_swing": float(top["swing"])}


def bench_budget(quick: bool) -> dict:
    from simulation import Scenario
    from simulation.analysis import optimise_budget

    sc = Scenario()
    kw = {"replications": 8}
    if quick:
        sc = sc.with_changes({"run.horizon_days": 60, "customers.initial_customers": 3000})
        kw = {"replications": 2, "design_points": 14, "design_replications": 1}
    constraints = [] if quick else list(CONSTRAINTS)
    ticks = _Ticks()
    t0 = time.perf_counter()
    rec = optimise_budget(sc, "profit_cny", constraints=constraints, seed=1, progress=ticks,
                          **kw)
    seconds = time.perf_counter() - t0
    return {"channels": len(rec.shares), "constraints": len(constraints), "seconds": seconds,
            "simulations": rec.simulations, "design_simulations": rec.stages["design"],
            "confirm_simulations": rec.stages["confirm"],
            "design_points": rec.metamodel.get("design_points"),
            "progress_updates": len(ticks.times) - 1, "longest_gap_s": ticks.longest_gap(),
            "feasible": rec.feasible, "prob_better": rec.prob_better,
            "binding": [b["name"] for b in rec.binding_constraints],
            "shares": rec.shares}


def report(quick: bool, line, verdict) -> dict:
    tor = bench_tornado(quick)
    line(f"tornado, {tor['parameters']} parameters × 2 ends + base, {tor['replications']} "
         "replications", f"{tor['seconds']:.1f} s",
         "" if quick else f"≤ {TORNADO_TARGET_S:g} s",
         "" if quick else verdict(tor["seconds"], TORNADO_TARGET_S))
    line("  full simulations; progress updates; longest gap",
         f"{tor['simulations']}; {tor['progress_updates']}; {tor['longest_gap_s']:.1f} s")
    line("  widest swing", f"{tor['top_parameter']} ({tor['top_swing']:,.0f} CNY)")
    bud = bench_budget(quick)
    line(f"budget recommendation, {bud['channels']} channels, {bud['constraints']} "
         "constraints, confirmed", f"{bud['seconds']:.1f} s",
         "" if quick else f"≤ {BUDGET_TARGET_S:g} s",
         "" if quick else verdict(bud["seconds"], BUDGET_TARGET_S))
    line("  full simulations (design + confirmation)",
         f"{bud['simulations']} ({bud['design_simulations']} + {bud['confirm_simulations']})")
    line("  progress updates; longest gap",
         f"{bud['progress_updates']}; {bud['longest_gap_s']:.1f} s")
    shares = ", ".join(f"{c} {v:.0%}" for c, v in bud["shares"].items())
    line("  recommended split", shares)
    line("  P(beats the current split); binding",
         f"{bud['prob_better']:.2f}; {', '.join(bud['binding']) or 'none'}")
    return {"tornado": tor, "budget": bud}


def _line(label: str, value: str, target: str = "", result: str = "") -> None:
    print(f"  {label:<58} {value:>14}  {target:<10} {result}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a short horizon, a smoke test")
    report(ap.parse_args().quick, _line,
           lambda v, t: "met" if v <= t else f"missed by {v / t - 1:.0%}")
