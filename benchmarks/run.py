"""Performance figures of the shop model: ``make bench`` (or ``python benchmarks/run.py``).

Prints figures and ratios, each beside its target with "met" or "missed by X%". These are
measurements, not tests: the exit status is 0 whether or not a target is met.

    python benchmarks/run.py                 # full run (about a minute and a half on 2 cores)
    python benchmarks/run.py --quick         # fewer replications, a smoke test
    python benchmarks/run.py --json out.json # also write the figures as JSON
    python benchmarks/run.py --profile 15    # also cProfile one baseline replication

Section 7 times the app (benchmarks/app_bench.py): a lever change's quick preview in the
scenario builder and a compare of three scenarios. Section 8 times the experiments
(benchmarks/analysis_bench.py): a tornado over ten parameters and a confirmed budget
recommendation, with the number of full simulations each used.
Section 9 times the meeting pack (benchmarks/report_bench.py): building and rendering a
three-scenario compare report as HTML, PDF and PPTX once the simulations are done.
Section 10 times the policy lab (benchmarks/lab_bench.py): shops per second on 1 and 2 local
workers and a 2-worker Dask LocalCluster, and a region of 1,000 shops over 180 days.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as _dt
import io
import json
import os
import platform
import pstats
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

import numpy as np  # noqa: E402
import simpy  # noqa: E402

from bare_mmc import run_mmc  # noqa: E402
from simulation import load_scenario, run_experiment, simulate  # noqa: E402
from simulation.validation import erlang_c_wait_hours  # noqa: E402

HORIZON_DAYS = 365
MMC_SERVERS = 3

TARGETS = {
    "seconds_per_replication_year": 1.0,    # ≤ 1 s per baseline replication-year
    "ratio_to_bare_mmc": 3.0,               # ≤ 3× a bare SimPy M/M/c, same orders
    "experiment_40_seconds": 15.0,          # 2 scenarios × 20 replications within 15 s
    "peak_memory_mb": 500.0,                # < 500 MB for one replication
}

# One replication in a fresh interpreter; prints the peak RSS (KiB on Linux) after imports
# and after the replication.
# The child's peak resident memory in KiB: VmHWM from /proc where there is one (Linux keeps
# ru_maxrss across fork and exec, so a child started by a large parent would report the
# parent's peak), else ru_maxrss.
_RSS_CHILD = """
import resource, sys
def peak():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from simulation import load_scenario, simulate
before = peak()
sc = load_scenario("baseline").with_changes({"run.horizon_days": %d})
simulate(sc, 1)
after = peak()
print(before, after)
""" % HORIZON_DAYS


def _rss_kib_to_mb(v: int) -> float:
    # ru_maxrss is in KiB on Linux, bytes on macOS
    return v / (1024.0 * 1024.0) if sys.platform == "darwin" else v / 1024.0


def verdict(value: float, target: float, strict: bool = False) -> str:
    ok = value < target if strict else value <= target
    if ok:
        return "met"
    return f"missed by {100.0 * (value / target - 1.0):.0f}%"


def baseline_scenario():
    sc = load_scenario("baseline")
    if sc.run.horizon_days != HORIZON_DAYS:
        sc = sc.with_changes({"run.horizon_days": HORIZON_DAYS})
    return sc


def shop_utilisation(sc, orders: float) -> float:
    """Packers' offered load in their working hours: order work / staffed hours (approx.;
    ignores leave, vacancies and the learning curve)."""
    s = sc.staff
    hours_per_day = min(24.0, s.shift_hours + s.overtime_hours_per_day)
    work_h = orders * s.pack_minutes / 60.0
    return work_h / (s.packers * hours_per_day * sc.run.horizon_days)


def load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - not on every platform
        return None


def line(label: str, value: str, target: str = "", result: str = "") -> None:
    if target:
        print(f"  {label:<44} {value:>14}   target {target:<10} {result}")
    else:
        print(f"  {label:<44} {value:>14}")


def bench_replications(n: int) -> dict:
    sc = baseline_scenario()
    # warm-up: first-call costs (lazy imports, scipy distribution set-up) are not counted
    simulate(sc.with_changes({"run.horizon_days": 30}), 0)
    secs, cpu, orders, shipped = [], [], [], []
    for seed in range(1, n + 1):
        c0, t0 = time.process_time(), time.perf_counter()
        r = simulate(sc, seed)
        secs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        orders.append(r.kpis["orders"])
        shipped.append(r.kpis["orders_shipped"])
    return {"replications": n, "seconds": secs, "seconds_mean": float(np.mean(secs)),
            "seconds_min": float(np.min(secs)), "cpu_seconds_mean": float(np.mean(cpu)),
            "orders": orders, "orders_shipped": shipped,
            "orders_mean": float(np.mean(orders)),
            "orders_per_second": float(np.sum(orders) / np.sum(secs))}


def bench_bare_mmc(n_orders: int, rho: float, n: int, pack_minutes: float) -> dict:
    mu = 60.0 / pack_minutes                 # per hour, the shop's mean pack rate
    lam = rho * MMC_SERVERS * mu
    run_mmc(1000, lam, mu, MMC_SERVERS, 0)   # warm-up
    secs, cpu, wq = [], [], []
    for seed in range(1, n + 1):
        c0, t0 = time.process_time(), time.perf_counter()
        waits = run_mmc(n_orders, lam, mu, MMC_SERVERS, seed)
        secs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        wq.append(float(np.mean(waits)))
    return {"orders": n_orders, "lambda_per_hour": lam, "mu_per_hour": mu, "servers": MMC_SERVERS,
            "utilisation": rho, "runs": n, "seconds": secs, "seconds_mean": float(np.mean(secs)),
            "seconds_min": float(np.min(secs)), "cpu_seconds_mean": float(np.mean(cpu)),
            "wq_hours_mean": float(np.mean(wq)),
            "wq_hours_erlang_c": erlang_c_wait_hours(lam, mu, MMC_SERVERS)}


def bench_memory() -> dict:
    sc = baseline_scenario()
    tracemalloc.start()
    simulate(sc, 1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH")
                                     else "")
    out = subprocess.run([sys.executable, "-c", _RSS_CHILD], cwd=str(ROOT), env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    before, after = int(out[0]), int(out[1])
    return {"tracemalloc_peak_mb": peak / 2**20,
            "rss_after_imports_mb": _rss_kib_to_mb(before),
            "rss_peak_mb": _rss_kib_to_mb(after)}


def bench_experiment(reps: int) -> dict:
    scs = {"baseline": baseline_scenario(), "full_esg": load_scenario("full_esg")}
    t0 = time.perf_counter()
    df_par = run_experiment(scs, replications=reps, seed=1, workers=None)
    t_par = time.perf_counter() - t0
    t0 = time.perf_counter()
    df_seq = run_experiment(scs, replications=reps, seed=1, workers=1)
    t_seq = time.perf_counter() - t0
    identical = bool(df_par.equals(df_seq))
    return {"scenarios": list(scs), "replications_per_scenario": reps,
            "runs": reps * len(scs), "workers_all": os.cpu_count(),
            "seconds_parallel": t_par, "seconds_sequential": t_seq,
            "speedup": t_seq / t_par, "dataframes_identical": identical}


def profile_one(top: int) -> str:
    sc = baseline_scenario()
    prof = cProfile.Profile()
    prof.runcall(simulate, sc, 1)
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(top)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true",
                    help="fewer replications (2 timed, 2 scenarios × 3 in the experiment)")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--profile", metavar="N", type=int, nargs="?", const=15, default=0,
                    help="also cProfile one baseline replication, top N by tottime")
    args = ap.parse_args(argv)

    n_timed = 2 if args.quick else 5
    exp_reps = 3 if args.quick else 20
    exp_runs = 2 * exp_reps
    exp_target = TARGETS["experiment_40_seconds"] * exp_runs / 40.0

    print("ESG shop model — performance figures"
          + ("  (--quick: fewer replications)" if args.quick else ""))
    print(f"  date {_dt.date.today().isoformat()}   cores {os.cpu_count()}   "
          f"Python {platform.python_version()}   SimPy {simpy.__version__}   "
          f"numpy {np.__version__}   {platform.machine()}")
    load0 = load_average()
    if load0 is not None:
        print(f"  1-minute load average at start {load0:.2f}"
              + ("   (above 0.5: other work may inflate wall times; compare the CPU seconds)"
                 if load0 > 0.5 else ""))
    print()

    print(f"1–2. Baseline replication-year ({n_timed} sequential replications, seeds 1–{n_timed}, "
          "in this process)")
    rep = bench_replications(n_timed)
    line("seconds per replication-year, mean", f"{rep['seconds_mean']:.3f} s",
         f"≤ {TARGETS['seconds_per_replication_year']:g} s",
         verdict(rep["seconds_mean"], TARGETS["seconds_per_replication_year"]))
    line("seconds per replication-year, min", f"{rep['seconds_min']:.3f} s",
         f"≤ {TARGETS['seconds_per_replication_year']:g} s",
         verdict(rep["seconds_min"], TARGETS["seconds_per_replication_year"]))
    line("CPU seconds per replication-year, mean", f"{rep['cpu_seconds_mean']:.3f} s")
    line("orders per replication, mean", f"{rep['orders_mean']:,.0f}")
    line("orders simulated per second", f"{rep['orders_per_second']:,.0f}")
    print()

    sc = baseline_scenario()
    rho = shop_utilisation(sc, rep["orders_mean"])
    n_orders = int(round(rep["orders_mean"]))
    print(f"3. Bare SimPy M/M/c, c={MMC_SERVERS}, serving {n_orders:,} orders "
          f"(same process, {n_timed} runs)")
    mmc = bench_bare_mmc(n_orders, rho, n_timed, sc.staff.pack_minutes)
    line("λ, μ per hour; utilisation ρ",
         f"{mmc['lambda_per_hour']:.2f}, {mmc['mu_per_hour']:.2f}; {rho:.2f}")
    line("mean wait: simulated / Erlang C",
         f"{mmc['wq_hours_mean'] * 60:.2f} / {mmc['wq_hours_erlang_c'] * 60:.2f} min")
    line("bare M/M/c seconds, mean (min)", f"{mmc['seconds_mean']:.3f} ({mmc['seconds_min']:.3f})")
    line("shop model seconds, mean (min)", f"{rep['seconds_mean']:.3f} ({rep['seconds_min']:.3f})")
    line("CPU seconds, bare / shop", f"{mmc['cpu_seconds_mean']:.3f} / "
         f"{rep['cpu_seconds_mean']:.3f}")
    ratio = rep["seconds_mean"] / mmc["seconds_mean"]
    ratio_min = rep["seconds_min"] / mmc["seconds_min"]
    ratio_cpu = rep["cpu_seconds_mean"] / mmc["cpu_seconds_mean"]
    line("ratio shop / bare M/M/c, means", f"{ratio:.2f}×", f"≤ {TARGETS['ratio_to_bare_mmc']:g}×",
         verdict(ratio, TARGETS["ratio_to_bare_mmc"]))
    line("ratio shop / bare M/M/c, mins", f"{ratio_min:.2f}×",
         f"≤ {TARGETS['ratio_to_bare_mmc']:g}×", verdict(ratio_min, TARGETS["ratio_to_bare_mmc"]))
    line("ratio shop / bare M/M/c, CPU seconds", f"{ratio_cpu:.2f}×")
    print()

    print("4. Peak memory of one baseline replication")
    mem = bench_memory()
    line("tracemalloc peak (Python allocations)", f"{mem['tracemalloc_peak_mb']:.1f} MB",
         f"< {TARGETS['peak_memory_mb']:g} MB",
         verdict(mem["tracemalloc_peak_mb"], TARGETS["peak_memory_mb"], strict=True))
    line("fresh process: max RSS after imports", f"{mem['rss_after_imports_mb']:.1f} MB")
    line("fresh process: max RSS after replication", f"{mem['rss_peak_mb']:.1f} MB",
         f"< {TARGETS['peak_memory_mb']:g} MB",
         verdict(mem["rss_peak_mb"], TARGETS["peak_memory_mb"], strict=True))
    print()

    print(f"5–6. run_experiment: baseline + full_esg × {exp_reps} replications = {exp_runs} runs")
    exp = bench_experiment(exp_reps)
    line(f"workers=None ({os.cpu_count()} cores) wall time", f"{exp['seconds_parallel']:.2f} s",
         f"≤ {exp_target:g} s", verdict(exp["seconds_parallel"], exp_target))
    line("workers=1 wall time (for the speed-up; no target)", f"{exp['seconds_sequential']:.2f} s")
    line("speed-up (workers=1 / workers=None)", f"{exp['speedup']:.2f}×")
    line("seconds per run, sequential", f"{exp['seconds_sequential'] / exp_runs:.3f} s")
    ideal = exp["seconds_sequential"] / (os.cpu_count() or 1)
    line("ideal parallel time (sequential / cores)", f"{ideal:.2f} s")
    line("parallel and sequential DataFrames identical",
         "yes" if exp["dataframes_identical"] else "no")
    print()

    print("7. The app: the builder's quick preview and a compare of three scenarios "
          "(benchmarks/app_bench.py)")
    import app_bench
    app = app_bench.report(args.quick, line)
    print()

    print("8. Experiments: a tornado over ten parameters and a confirmed budget recommendation "
          "for the baseline (benchmarks/analysis_bench.py)")
    import analysis_bench
    analysis = analysis_bench.report(args.quick, line, verdict)
    print()

    print("9. The meeting pack: a three-scenario compare report in each format, after the "
          "simulations (benchmarks/report_bench.py)")
    import report_bench
    reports = report_bench.report(args.quick, line, verdict)
    print()

    print("10. The policy lab: shops simulated per second on 1 and 2 local workers and a 2-worker "
          "Dask LocalCluster; a region of 1,000 shops (benchmarks/lab_bench.py)")
    import lab_bench
    lab = lab_bench.report(args.quick, line, verdict)
    print()

    summary = {
        "seconds_per_replication_year": (rep["seconds_mean"],
                                         TARGETS["seconds_per_replication_year"], False),
        "ratio_to_bare_mmc": (ratio, TARGETS["ratio_to_bare_mmc"], False),
        f"experiment_{exp_runs}_runs_seconds": (exp["seconds_parallel"], exp_target, False),
        "peak_memory_mb": (max(mem["rss_peak_mb"], mem["tracemalloc_peak_mb"]),
                           TARGETS["peak_memory_mb"], True),
    }
    if not args.quick:
        summary["tornado_10_parameters_seconds"] = (analysis["tornado"]["seconds"],
                                                    analysis_bench.TORNADO_TARGET_S, False)
        summary["budget_recommendation_seconds"] = (analysis["budget"]["seconds"],
                                                    analysis_bench.BUDGET_TARGET_S, False)
        for fmt, figures in reports["formats"].items():
            summary[f"compare_report_{fmt}_seconds"] = (figures["seconds"],
                                                        report_bench.REPORT_TARGET_S, False)
        summary["lab_1000_shops_180_days_seconds"] = (lab["region"]["seconds"],
                                                      lab_bench.REGION_TARGET_S, False)
    print("Targets")
    verdicts = {}
    for k, (v, t, strict) in summary.items():
        verdicts[k] = {"value": v, "target": t, "verdict": verdict(v, t, strict)}
        print(f"  {k:<44} {v:>10.3f}   target {'<' if strict else '≤'} {t:<8g} "
              f"{verdicts[k]['verdict']}")

    load1 = load_average()
    if load1 is not None:
        print(f"  1-minute load average at end {load1:.2f}")

    prof_text = None
    if args.profile:
        print()
        print(f"cProfile of one baseline replication (seed 1), top {args.profile} by tottime")
        prof_text = profile_one(args.profile)
        print(prof_text)

    if args.json:
        out = {"date": _dt.date.today().isoformat(), "quick": args.quick,
               "cores": os.cpu_count(), "python": platform.python_version(),
               "simpy": simpy.__version__, "numpy": np.__version__,
               "replication_year": rep, "bare_mmc": mmc,
               "ratio_to_bare_mmc_means": ratio, "ratio_to_bare_mmc_mins": ratio_min,
               "ratio_to_bare_mmc_cpu": ratio_cpu, "load_average_start": load0,
               "load_average_end": load1,
               "memory": mem, "experiment": exp, "app": app, "analysis": analysis,
               "reports": reports, "lab": lab,
               "targets": verdicts}
        if prof_text is not None:
            out["profile"] = prof_text
        Path(args.json).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
