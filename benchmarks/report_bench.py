"""The meeting pack's speed: build and render a three-scenario compare report (the compare
page's report, ``ui/report/compare.py``) in each format, after the simulations are done.

Run as part of ``make bench`` (section 9 of benchmarks/run.py) or alone:
``python benchmarks/report_bench.py [--quick]``. Measurements, not tests. The issue's
target: each format within 10 s on 2 cores. ``--quick`` compares 30-day shops on 2
replications (the charts and tables are as many; only the numbers are smaller) and makes the
HTML only, as a smoke test.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REPORT_TARGET_S = 10.0          # the issue: a three-scenario compare report within 10 s
PRESETS = ("baseline", "green_packaging", "green_logistics")
QUICK = {"run.horizon_days": 30, "customers.initial_customers": 2000}
QUICK_FORMATS = ("html",)       # --quick (the README's smoke test): one format, to stay fast


def results(quick: bool):
    """The three scenarios' replications (as the command line's ``report`` runs them)."""
    import pandas as pd

    from simulation import load_scenario
    from simulation.experiment import run_replications
    from ui.compare_tables import Outcome

    reps = 2 if quick else 3
    scenarios = {f"preset:{p}": load_scenario(p) for p in PRESETS}
    if quick:
        scenarios = {k: sc.with_changes(QUICK) for k, sc in scenarios.items()}
    tasks = [(sid, sc, i) for i in range(reps) for sid, sc in scenarios.items()]
    t0 = time.perf_counter()
    rows = run_replications(tasks, seed=1, detail=True)
    seconds = time.perf_counter() - t0
    kpis = pd.DataFrame([{"scenario": s, "replication": i, **rows[(s, i)].kpis}
                         for s in scenarios for i in range(reps)])
    costs = pd.DataFrame([{"scenario": s, "replication": i, "kind": "cost", "item": k, "value": v}
                          for s in scenarios for i in range(reps)
                          for k, v in rows[(s, i)].cost_by_category.items()])
    return scenarios, Outcome(kpis=kpis, seed=1, replications=reps, breakdown=costs), seconds


def bench(quick: bool, lang: str = "zh") -> dict:
    from ui.report import FORMATS, render
    from ui.report.compare import compare_report

    scenarios, outcome, sim_seconds = results(quick)
    names = {"zh": ("基准情景", "绿色包装", "绿色物流"),
             "en": ("Baseline", "Green packaging", "Green logistics")}[lang]
    shown = dict(zip(scenarios, names, strict=True))
    out = {"scenarios": len(scenarios), "replications": outcome.replications,
           "simulation_seconds": sim_seconds, "lang": lang, "formats": {}}
    for fmt in (QUICK_FORMATS if quick else FORMATS):
        t0 = time.perf_counter()
        report = compare_report(outcome, scenarios, shown, "preset:baseline", lang)
        built = time.perf_counter() - t0
        data = render(report, fmt)
        seconds = time.perf_counter() - t0
        out["formats"][fmt] = {"seconds": seconds, "build_seconds": built, "bytes": len(data),
                               "charts": len(report.charts()), "tables": len(report.tables())}
    return out


def report(quick: bool, line, verdict) -> dict:
    got = bench(quick)
    line(f"simulations first: {got['scenarios']} scenarios × {got['replications']} replications "
         "(not counted)", f"{got['simulation_seconds']:.1f} s")
    for fmt, f in got["formats"].items():
        line(f"compare report, {got['scenarios']} scenarios, {fmt.upper()} "
             f"({f['charts']} charts, {f['tables']} tables, {f['bytes'] / 1e6:.2f} MB)",
             f"{f['seconds']:.1f} s", "" if quick else f"≤ {REPORT_TARGET_S:g} s",
             "" if quick else verdict(f["seconds"], REPORT_TARGET_S))
        line("  of which building the content", f"{f['build_seconds']:.2f} s")
    return got


def _line(label: str, value: str, target: str = "", result: str = "") -> None:
    print(f"  {label:<58} {value:>14}  {target:<10} {result}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="30-day shops on 2 replications")
    report(ap.parse_args().quick, _line,
           lambda v, t: "met" if v <= t else f"missed by {v / t - 1:.0%}")
