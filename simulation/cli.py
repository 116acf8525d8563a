"""The command line: ``python -m simulation run|compare|validate|list|params|sensitivity|
attribute|optimise``.

Every command returns an exit code instead of exiting, so tests call :func:`main` in-process:
0 for success, 2 for bad input (unknown preset, malformed YAML, unknown key, out-of-range
value, bad ``--set``, bad option, malformed constraint), 3 when ``optimise`` finds no budget
split that meets the constraints. Problems are printed on stderr, one line each, naming the
file or option and the dotted path of the field; bad input never ends in a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import re
import sys
import textwrap
import unicodedata
import warnings
from pathlib import Path
from typing import Any, Mapping, Sequence, TextIO

import numpy as np
import pandas as pd

from .experiment import (MAX_REPLICATIONS, abatement_cost, compare_to, run_experiment,
                         summarise)
from .loader import PRESET_DIR, ScenarioError, apply_changes, load_preset, parse_value
from .metrics import KPI_LABELS, KPI_NAMES
from .scenario import (CHANNEL_LABELS, CHANNELS, MAX_MONTHLY_BUDGET_CNY, MODEL_VERSION, Scenario,
                       parameter_rows, parameter_table)

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
DEFAULT_REPLICATIONS = 10
DEFAULT_SEED = 1
MAX_SEED = 2**63 - 1
MAX_WORKERS = 256
BAR_WIDTH = 30

HEADERS = {
    "en": {"kpi": "KPI", "unit": "Unit", "mean": "Mean", "ci": "95% interval",
           "scenario": "Scenario", "diff": "Difference vs {ref}", "p": "P(better)",
           "reps": "{n} replications, seed {seed}, model {version}",
           "crn": "common random numbers; differences are paired by replication",
           "reference": "reference",
           "abate": "Net cost (profit forgone) per tonne CO2e avoided vs {ref}: {name} {value} "
                    "CNY/t (95% interval {lo} to {hi}; {t:.2f} t avoided, profit {c:+,.0f} "
                    "CNY)",
           "abate_none": "Net cost per tonne CO2e avoided vs {ref}: {name} avoids no carbon"},
    "zh": {"kpi": "指标", "unit": "单位", "mean": "均值", "ci": "95% 区间",
           "scenario": "情景", "diff": "相对 {ref} 的差值", "p": "更优概率",
           "reps": "{n} 次重复，种子 {seed}，模型 {version}",
           "crn": "公共随机数；差值按重复配对",
           "reference": "参照",
           "abate": "相对 {ref} 每减排一吨二氧化碳当量的净成本（损失的利润）：{name} {value} 元/吨"
                    "（95% 区间 {lo} 至 {hi}；减排 {t:.2f} 吨，利润变化 {c:+,.0f} 元）",
           "abate_none": "相对 {ref} 每减排一吨的成本：{name} 未减少排放"},
}


# -- argument types (errors become argparse's "argument --x: ..." line and exit 2) ------------

def _int_in(name: str, lo: int, hi: int):
    def conv(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < lo and lo == 0:
            raise argparse.ArgumentTypeError(f"{name} must not be negative, got {value}")
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{name} must be between {lo} and {hi}, got {value}")
        return value
    conv.__name__ = name  # argparse names the type in some messages
    return conv


def _set_item(text: str) -> tuple[str, Any]:
    path, sep, raw = text.partition("=")
    path = path.strip()
    if not sep or not path or any(c.isspace() for c in path) or path.startswith(".") \
            or path.endswith(".") or ".." in path:
        raise argparse.ArgumentTypeError(
            f"expected dotted.path=value (for example staff.packers=4), got {text!r}")
    try:
        return path, parse_value(raw.strip())
    except ScenarioError as e:
        raise argparse.ArgumentTypeError(f"{path}: {'; '.join(e.problems)}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m simulation",
        description="ESG strategy simulator for small e-commerce shops: run presets or "
                    "scenario files, compare them with common random numbers, validate files, "
                    "and analyse a scenario: sensitivity to assumptions, attribution of a "
                    "difference to levers, a marketing-budget optimiser.",
        epilog="Exit codes: 0 success, 2 bad input (one line per problem on stderr), 3 optimise "
               "found no budget split that meets the constraints.")
    parser.add_argument("--version", action="version", version=f"simulation {MODEL_VERSION}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def experiment_options(p: argparse.ArgumentParser, what: str,
                           replications: int | None = DEFAULT_REPLICATIONS,
                           replications_help: str | None = None,
                           out_help: str | None = None) -> None:
        p.add_argument("--replications", "-n", type=_int_in("replications", 1, MAX_REPLICATIONS),
                       default=replications, metavar="N",
                       help=replications_help or f"replications per scenario, "
                                                 f"1..{MAX_REPLICATIONS} (default {replications})")
        p.add_argument("--seed", type=_int_in("seed", 0, MAX_SEED), default=DEFAULT_SEED,
                       metavar="S", help=f"experiment seed, a non-negative integer (default "
                                         f"{DEFAULT_SEED}); the same seed gives the same output")
        p.add_argument("--set", dest="changes", type=_set_item, action="append", default=[],
                       metavar="PATH=VALUE",
                       help=f"override a parameter in {what}, e.g. --set staff.packers=4 or "
                            "--set run.horizon_days=90; the value is read as YAML (0.5, true, "
                            "[17, 20], {a: 1}); repeatable, applied together, last one wins")
        p.add_argument("--json", action="store_true",
                       help="print JSON instead of the table (NaN becomes null)")
        p.add_argument("--out", metavar="FILE", type=Path,
                       help=out_help or "also write the results to FILE (stdout is printed as "
                            "usual): FILE.csv gets one row per (scenario, replication) with "
                            "every KPI; FILE.json, or any FILE with --json, gets the JSON "
                            "document; anything else gets the table")
        p.add_argument("--workers", "-w", type=_int_in("workers", 1, MAX_WORKERS), default=None,
                       metavar="W", help="worker processes (default: all cores; 1 runs in this "
                                         "process); results do not depend on it")
        p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="progress bar on stderr (default: only when stderr is a terminal)")
        p.add_argument("--lang", choices=("en", "zh"), default="en",
                       help="language of the labels in the table (default en)")

    p_run = sub.add_parser("run", help="run one scenario and print KPI means with 95%% intervals",
                           description="Run SCENARIO (a YAML file or a preset name) and print "
                                       "each KPI's mean with its 95% t-interval.")
    p_run.add_argument("scenario", metavar="SCENARIO", help="a scenario YAML file or preset name")
    experiment_options(p_run, "the scenario")

    p_cmp = sub.add_parser(
        "compare", help="compare scenarios with common random numbers",
        description="Run every SCENARIO with the same random numbers and print each KPI's mean "
                    "and 95% interval per scenario, plus the paired difference against the "
                    "reference with its interval and the probability that it is better.")
    p_cmp.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                       help="two or more scenario YAML files or preset names")
    p_cmp.add_argument("--reference", "-r", metavar="NAME",
                       help="the scenario to compare against (default: the first)")
    experiment_options(p_cmp, "every scenario")

    p_val = sub.add_parser("validate", help="check scenario files; exit 2 if any is invalid",
                           description="Check each FILE: print 'OK FILE' for a valid one, or one "
                                       "line per problem ('FILE: field: problem') on stderr and "
                                       "exit 2.")
    p_val.add_argument("files", nargs="+", metavar="FILE")

    p_list = sub.add_parser("list", help="list the presets",
                            description="List the presets: name, titles in English and Chinese "
                                        "and the first sentence of the description "
                                        "(--json gives the full texts).")
    p_list.add_argument("--json", action="store_true", help="print the presets as JSON")
    p_list.add_argument("--lang", choices=("en", "zh"), default="en",
                        help="language of the description (default en)")

    p_par = sub.add_parser("params", help="list every model parameter with unit, range, "
                                          "default and source",
                           description="List the schema's parameters (the model's inputs): "
                                       "dotted path, lever group, label, unit, default, "
                                       "allowed range and source.")
    p_par.add_argument("--json", action="store_true", help="print the table as JSON")
    p_par.add_argument("--lang", choices=("en", "zh"), default="en",
                       help="language of the labels (default en)")
    p_par.add_argument("--group", choices=("E", "S", "G", "marketing", "policy", "assumptions",
                                           "run"), help="only this lever group")

    kpi_help = "a KPI name (the keys of `run --json`, e.g. profit_cny, carbon_kg_total)"

    def out_help(csv_what: str) -> str:
        return (f"also write the results to FILE (stdout is printed as usual): FILE.csv gets "
                f"{csv_what}; FILE.json, or any FILE with --json, gets the JSON document; "
                "anything else gets the report")

    p_sen = sub.add_parser(
        "sensitivity", help="which assumptions a KPI hangs on: a tornado table, or --global",
        description="One at a time, set each parameter to the low and then the high end of its "
                    "range (its documented plausible range, else ±25% of its value; on/off for "
                    "a lever), everything else as in SCENARIO, on common random numbers. "
                    "Prints the KPI at both ends and the swing (high − low) with its 95% "
                    "interval, largest first; 'within noise' marks a swing whose interval "
                    "contains 0. --global varies all the parameters together over a Latin "
                    "hypercube and prints standardised regression coefficients (SRC) with "
                    "bootstrap intervals and R².")
    p_sen.add_argument("scenario", metavar="SCENARIO", help="a scenario YAML file or preset name")
    p_sen.add_argument("--kpi", required=True, metavar="K", help=kpi_help)
    p_sen.add_argument("--parameter", "-p", dest="parameters", action="append", default=[],
                       metavar="PATH", help="a parameter's dotted path (repeatable; default: "
                                            "ten assumptions on prices, margins, customers, "
                                            "staff, carbon and commission)")
    p_sen.add_argument("--range", dest="ranges", action="append", default=[],
                       metavar="PATH=LOW:HIGH",
                       help="the low and high value of a parameter, e.g. "
                            "customers.eco_share=0.2:0.35 (repeatable; also selects it)")
    p_sen.add_argument("--global", dest="global_", action="store_true",
                       help="global sensitivity: a Latin hypercube over every range at once")
    p_sen.add_argument("--samples", type=_int_in("samples", 2, MAX_REPLICATIONS), default=None,
                       metavar="N", help="Latin-hypercube samples with --global (default 40; at "
                                         "least the number of parameters + 3)")
    experiment_options(p_sen, "the scenario", replications=None,
                       replications_help="replications of every variant (default 6, at least "
                                         "2; with --global per sample, default 1)",
                       out_help=out_help("the table, one row per parameter"))

    p_att = sub.add_parser(
        "attribute", help="split the difference between two scenarios among their levers",
        description="Shapley attribution: how much of the change in each KPI from BASE to "
                    "SCENARIO each lever group (or each changed lever, --by lever) is "
                    "responsible for, averaged over every order of switching them on, on "
                    "common random numbers. The contributions add up to the difference.")
    p_att.add_argument("base", metavar="BASE", help="the scenario to start from (file or preset)")
    p_att.add_argument("scenario", metavar="SCENARIO", help="the scenario to explain")
    p_att.add_argument("--kpi", dest="kpis", action="append", default=None, metavar="K",
                       help=f"{kpi_help}; repeatable (default: profit, cost, carbon, 90-day "
                            "retention and repeat-purchase rate)")
    p_att.add_argument("--by", choices=("group", "lever"), default="group",
                       help="players: lever groups E/S/G/marketing/policy/... (default) or each "
                            "changed parameter (the channel shares count as one)")
    p_att.add_argument("--permutations", type=_int_in("permutations", 2, 1000), default=24,
                       metavar="N", help="sampled orders when there are more than six players "
                                         "(default 24)")
    experiment_options(p_att, "both scenarios", replications=8,
                       replications_help="replications of every combination of players, "
                                         f"2..{MAX_REPLICATIONS} (default 8)",
                       out_help=out_help("one row per (KPI, player)"))

    p_opt = sub.add_parser(
        "optimise", aliases=["optimize"],
        help="recommend a marketing-budget split under constraints",
        description="Search the channel shares of the marketing budget (and, if asked, the "
                    "monthly total and on/off levers) for the best value of an objective KPI "
                    "subject to constraints: a metamodel fitted to a design of simulations "
                    "proposes, then the recommendation, the current split and the Pareto points "
                    "are confirmed by full simulations on common random numbers. Shares are "
                    "fractions (0.1) or percentages (10%).",
        epilog="Exit codes: 0 a recommendation that meets every constraint; 2 bad input (a "
               "malformed constraint, unknown KPI or channel, a share outside 0–1, a minimum "
               "above a maximum; one line each on stderr); 3 no split meets the constraints: "
               "the report names each unmet constraint, its limit and the best value reached "
               "(with --json the document is still printed, with \"feasible\": false, and the "
               "reasons go to stderr).")
    p_opt.add_argument("scenario", metavar="SCENARIO", help="a scenario YAML file or preset name")
    p_opt.add_argument("--objective", required=True, metavar="K", help=kpi_help)
    p_opt.add_argument("--minimise", "--minimize", dest="minimise", action="store_true",
                       help="minimise the objective (default: maximise)")
    p_opt.add_argument("--constraint", "-c", dest="constraints", action="append", default=[],
                       metavar="'K<=V'", help="a KPI limit, e.g. 'carbon_kg_total<=30000' or "
                                              "'retention_90d>=40%%' (repeatable)")
    p_opt.add_argument("--min-share", dest="min_shares", action="append", default=[],
                       metavar="CHANNEL=V", help="lower bound on a channel's share, e.g. "
                                                 "search=0.2 or search=20%% (repeatable)")
    p_opt.add_argument("--max-share", dest="max_shares", action="append", default=[],
                       metavar="CHANNEL=V", help="upper bound on a channel's share (repeatable)")
    p_opt.add_argument("--min-esg-share", metavar="V", default=None,
                       help="lower bound on the ESG-content share, e.g. 0.1 or 10%%")
    p_opt.add_argument("--budget-range", metavar="LOW:HIGH", default=None,
                       help="also search the monthly total between LOW and HIGH CNY")
    p_opt.add_argument("--lever", dest="levers", action="append", default=[], metavar="PATH",
                       help="also search this on/off lever, e.g. marketing.membership "
                            "(repeatable)")
    p_opt.add_argument("--design-points", type=_int_in("design points", 2, MAX_REPLICATIONS),
                       default=None, metavar="N",
                       help="simulated design points for the metamodel (default: chosen from "
                            "the number of dimensions)")
    p_opt.add_argument("--design-replications", type=_int_in("design replications", 1, 100),
                       default=2, metavar="N", help="replications per design point (default 2)")
    experiment_options(p_opt, "the scenario", replications=8,
                       replications_help="replications confirming the recommendation, the "
                                         "current split and each Pareto point, "
                                         f"2..{MAX_REPLICATIONS} (default 8)",
                       out_help=out_help("one row per Pareto point"))
    return parser


# -- helpers -----------------------------------------------------------------------------------

def _problem_lines(err: ScenarioError, source: str) -> list[str]:
    """One line per problem, prefixed by ``source`` (and by the file the error came from when
    that is another file, e.g. an included preset)."""
    prefix = source
    if err.source and err.source != source and Path(err.source).name != Path(source).name:
        prefix = f"{source}: {err.source}"
    return [f"{prefix}: {p}" for p in err.problems]


def _err(lines: Sequence[str], stream: TextIO) -> int:
    seen = set()
    for line in lines:
        if line not in seen:
            seen.add(line)
            print(line, file=stream)
    return EXIT_BAD_INPUT


def _nan_to_none(x: Any) -> Any:
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if hasattr(x, "item"):  # numpy scalars
        return _nan_to_none(x.item())
    return x


def _dumps(doc: Any) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False)


def _kpi_order(names: Sequence[str]) -> list[str]:
    known = [k for k in KPI_NAMES if k in names]
    return known + [k for k in names if k not in KPI_LABELS]


def _label(kpi: str, lang: str) -> str:
    zh, en, _unit, _better = KPI_LABELS.get(kpi, (kpi, kpi, "", None))
    return zh if lang == "zh" else en


def _unit(kpi: str) -> str:
    return KPI_LABELS.get(kpi, ("", "", "", None))[2]


def _shown_unit(kpi: str) -> str:
    """The unit as the table shows it (fractions are printed as percentages)."""
    unit = _unit(kpi)
    return "%" + unit[len("fraction"):] if unit.startswith("fraction") else unit


def _is_fraction(kpi: str) -> bool:
    return _unit(kpi).startswith("fraction")


def fmt_value(x: float, kpi: str, signed: bool = False) -> str:
    """A number for the table: fractions as percentages, money and counts with separators."""
    if x is None or not math.isfinite(x):
        return "n/a"
    sign = "+" if signed and x != 0 else ""
    if _is_fraction(kpi):
        return f"{x * 100:{sign}.1f}{' pp' if signed else '%'}"
    ax = abs(x)
    if ax >= 1000:
        return f"{x:{sign},.0f}"
    if ax >= 10:
        return f"{x:{sign},.1f}"
    if ax == 0:
        return "0"
    return f"{x:{sign}.3g}"


def _interval(lo: float, hi: float, kpi: str, signed: bool = False) -> str:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return "n/a"
    return f"[{fmt_value(lo, kpi, signed)}, {fmt_value(hi, kpi, signed)}]"


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in s)


def _pad(s: str, w: int, right: bool = False) -> str:
    fill = " " * max(0, w - _width(s))
    return fill + s if right else s + fill


def _table(header: list[str], rows: list[list[str]], right: set[int]) -> str:
    widths = [max([_width(header[i])] + [_width(r[i]) for r in rows]) for i in range(len(header))]
    lines = ["  ".join(_pad(h, widths[i], i in right) for i, h in enumerate(header)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for r in rows:
        lines.append("  ".join(_pad(c, widths[i], i in right) for i, c in enumerate(r)).rstrip())
    return "\n".join(lines)


class ProgressBar:
    """``[#####.........] 12/40 replications`` on a stream, redrawn in place."""

    def __init__(self, stream: TextIO, width: int = BAR_WIDTH, unit: str = "replications"):
        self.stream = stream
        self.width = width
        self.unit = unit
        self._last = None

    def __call__(self, done: int, total: int) -> None:
        filled = min(self.width, int(self.width * done / total)) if total else self.width
        text = f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {self.unit}"
        if text == self._last:
            return
        self._last = text
        self.stream.write(text + ("\n" if done >= total else ""))
        self.stream.flush()


def _want_progress(args, total: int, stream: TextIO) -> bool:
    if total <= 1 or args.progress is False:
        return False
    if args.progress:
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# -- loading -----------------------------------------------------------------------------------

def _load(arg: str) -> tuple[Scenario, str]:
    preset = load_preset(arg)
    return preset.scenario, preset.name


def _check_out(path: Path | None) -> list[str]:
    if path is None:
        return []
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        return [f"--out {path}: is a directory"]
    if not parent.is_dir():
        return [f"--out {path}: directory {parent} does not exist"]
    return []


def _load_all(args_scenarios: Sequence[str], changes: list[tuple[str, Any]]
              ) -> tuple[dict[str, Scenario], dict[str, str], list[str]]:
    """Load scenarios and apply --set; returns (name -> scenario, argument -> name, problems)."""
    loaded: list[tuple[str, str, Scenario]] = []
    problems: list[str] = []
    for arg in args_scenarios:
        try:
            sc, name = _load(arg)
        except ScenarioError as e:
            problems += _problem_lines(e, arg)
            continue
        loaded.append((arg, name, sc))
    set_changes = dict(changes)
    if set_changes and loaded:
        set_problems: dict[str, list[str]] = {}
        applied = []
        for arg, name, sc in loaded:
            try:
                applied.append((arg, name, apply_changes(sc, set_changes)))
            except ScenarioError as e:
                set_problems[arg] = e.problems
        loaded = applied
        if set_problems:
            lists = list(set_problems.values())
            if len(set_problems) == len(applied) + len(set_problems) and all(
                    p == lists[0] for p in lists):
                problems += [f"--set: {p}" for p in lists[0]]
            else:
                for arg, ps in set_problems.items():
                    problems += [f"--set (with {arg}): {p}" for p in ps]
    names: dict[str, Scenario] = {}
    arg_to_name: dict[str, str] = {}
    for arg, name, sc in loaded:
        if name in names:
            name = arg
        if name in names:
            problems.append(f"{arg}: given more than once")
            continue
        names[name] = sc
        arg_to_name[arg] = name
    return names, arg_to_name, problems


def _run(args, scenarios: dict[str, Scenario], stderr: TextIO):
    total = args.replications * len(scenarios)
    progress = ProgressBar(stderr) if _want_progress(args, total, stderr) else None
    return run_experiment(scenarios, replications=args.replications, seed=args.seed,
                          workers=args.workers, progress=progress)


def _write_out(path: Path, df, doc: dict, table: str, as_json: bool) -> None:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        df.to_csv(path, index=False)
    elif suffix == ".json" or as_json:
        path.write_text(_dumps(doc) + "\n", encoding="utf-8")
    else:
        path.write_text(table + "\n", encoding="utf-8")


def _emit(args, df, doc: dict, table: str, stdout: TextIO, stderr: TextIO) -> int:
    """Write --out if asked, then print the JSON document or the table."""
    if args.out is not None:
        try:
            _write_out(args.out, df, doc, table, args.json)
        except OSError as e:
            return _err([f"--out {args.out}: cannot write: {e.strerror or e}"], stderr)
    print(_dumps(doc) if args.json else table, file=stdout)
    return EXIT_OK


def _kpi_stats(rows) -> dict[str, dict[str, Any]]:
    by_kpi = {r["kpi"]: r for r in rows}
    return {k: {"mean": _nan_to_none(float(by_kpi[k]["mean"])),
                "ci_low": _nan_to_none(float(by_kpi[k]["ci_low"])),
                "ci_high": _nan_to_none(float(by_kpi[k]["ci_high"]))}
            for k in _kpi_order(list(by_kpi))}


# -- commands ----------------------------------------------------------------------------------

def cmd_run(args, stdout: TextIO, stderr: TextIO) -> int:
    problems = _check_out(args.out)
    scenarios, _, load_problems = _load_all([args.scenario], args.changes)
    problems = load_problems + problems
    if problems:
        return _err(problems, stderr)
    (name, _sc), = scenarios.items()
    df = _run(args, scenarios, stderr)
    summary = summarise(df)
    rows = summary.to_dict("records")
    doc = {"scenario": name, "replications": args.replications, "seed": args.seed,
           "model_version": MODEL_VERSION, "kpis": _kpi_stats(rows)}
    h = HEADERS[args.lang]
    by_kpi = {r["kpi"]: r for r in rows}
    table_rows = [[_label(k, args.lang), fmt_value(by_kpi[k]["mean"], k),
                   _interval(by_kpi[k]["ci_low"], by_kpi[k]["ci_high"], k), _shown_unit(k)]
                  for k in _kpi_order(list(by_kpi))]
    table = "\n".join([
        f"{name}: " + h["reps"].format(n=args.replications, seed=args.seed,
                                       version=MODEL_VERSION),
        "",
        _table([h["kpi"], h["mean"], h["ci"], h["unit"]], table_rows, right={1, 2})])
    return _emit(args, df, doc, table, stdout, stderr)


def cmd_compare(args, stdout: TextIO, stderr: TextIO) -> int:
    if len(args.scenarios) < 2:
        return _err(["compare: give at least two scenarios (A B ...)"], stderr)
    problems = _check_out(args.out)
    scenarios, arg_to_name, load_problems = _load_all(args.scenarios, args.changes)
    problems = load_problems + problems
    reference = None
    if not load_problems:
        names = list(scenarios)
        if args.reference is None:
            reference = names[0]
        elif args.reference in scenarios:
            reference = args.reference
        elif args.reference in arg_to_name:
            reference = arg_to_name[args.reference]
        else:
            problems.append(f"--reference {args.reference}: not one of the scenarios "
                            f"({', '.join(names)})")
    if problems:
        return _err(problems, stderr)
    df = _run(args, scenarios, stderr)
    summary = summarise(df).to_dict("records")
    diffs = compare_to(df, reference).to_dict("records")
    kpis = {name: _kpi_stats([r for r in summary if r["scenario"] == name]) for name in scenarios}
    differences: dict[str, dict[str, dict]] = {}
    for name in scenarios:
        if name == reference:
            continue
        mine = {r["kpi"]: r for r in diffs if r["scenario"] == name}
        differences[name] = {k: {f: _nan_to_none(float(mine[k][f]))
                                 for f in ("diff_mean", "ci_low", "ci_high", "prob_better")}
                             for k in _kpi_order(list(mine))}
    abate = abatement_cost(df, reference).to_dict("records")
    doc = {"scenarios": list(scenarios), "reference": reference,
           "replications": args.replications, "seed": args.seed,
           "model_version": MODEL_VERSION, "kpis": kpis, "differences": differences,
           "abatement": {r["scenario"]: {k: _nan_to_none(float(r[k])) for k in (
               "carbon_avoided_t", "profit_forgone_cny", "cost_per_t_avoided_cny", "ci_low",
               "ci_high")} for r in abate}}

    h = HEADERS[args.lang]
    s_index = {(r["scenario"], r["kpi"]): r for r in summary}
    d_index = {(r["scenario"], r["kpi"]): r for r in diffs}
    rows = []
    for k in _kpi_order(list(kpis[reference])):
        unit = _shown_unit(k)
        label = f"{_label(k, args.lang)} ({unit})" if unit else _label(k, args.lang)
        for i, name in enumerate([reference] + [n for n in scenarios if n != reference]):
            s = s_index[(name, k)]
            row = [label if i == 0 else "", name, fmt_value(s["mean"], k),
                   _interval(s["ci_low"], s["ci_high"], k)]
            if name == reference:
                row += ["", "", ""]
            else:
                d = d_index[(name, k)]
                p = d["prob_better"]
                row += [fmt_value(d["diff_mean"], k, signed=True),
                        _interval(d["ci_low"], d["ci_high"], k, signed=True),
                        f"{p:.2f}" if math.isfinite(p) else "–"]
            rows.append(row)
    table = "\n".join([
        ", ".join(f"{n} ({h['reference']})" if n == reference else n for n in scenarios) + ": "
        + h["reps"].format(n=args.replications, seed=args.seed, version=MODEL_VERSION)
        + "; " + h["crn"],
        "",
        _table([h["kpi"], h["scenario"], h["mean"], h["ci"], h["diff"].format(ref=reference),
                h["ci"], h["p"]], rows, right={2, 3, 4, 5, 6}),
        ""] + [
        h["abate"].format(ref=reference, name=r["scenario"],
                          value=f"{r['cost_per_t_avoided_cny']:,.0f}",
                          lo=f"{r['ci_low']:,.0f}", hi=f"{r['ci_high']:,.0f}",
                          t=r["carbon_avoided_t"], c=-r["profit_forgone_cny"])
        if math.isfinite(r["cost_per_t_avoided_cny"])
        else h["abate_none"].format(ref=reference, name=r["scenario"]) for r in abate])
    return _emit(args, df, doc, table, stdout, stderr)


def cmd_validate(args, stdout: TextIO, stderr: TextIO) -> int:
    code = EXIT_OK
    for f in args.files:
        try:
            load_preset(f)
        except ScenarioError as e:
            _err(_problem_lines(e, f), stderr)
            code = EXIT_BAD_INPUT
            continue
        print(f"OK {f}", file=stdout)
    return code


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])|(?<=[。！？])")


def _summary(text: str) -> str:
    """The first sentence of the description's first line (folded YAML is one line)."""
    for line in text.strip().splitlines():
        if line.strip():
            return _SENTENCE_END.split(line.strip(), maxsplit=1)[0].strip()
    return ""


def cmd_list(args, stdout: TextIO, stderr: TextIO) -> int:
    presets, problems = [], []
    for path in sorted(PRESET_DIR.glob("*.yaml")):
        try:
            presets.append(load_preset(path))
        except ScenarioError as e:
            problems += _problem_lines(e, path.name)
    if args.json:
        print(_dumps([{"name": p.name, "title": p.title, "description": p.description}
                      for p in presets]), file=stdout)
    else:
        for p in presets:
            en, zh = p.title.get("en", ""), p.title.get("zh", "")
            print(f"{p.name}  {en} / {zh}".rstrip(" /"), file=stdout)
            desc = _summary(p.description.get(args.lang) or p.description.get("en", ""))
            if desc:
                width = 50 if args.lang == "zh" else 88  # a Chinese character is two columns
                print(textwrap.fill(desc, width=width, initial_indent="    ",
                                    subsequent_indent="    ",
                                    break_long_words=args.lang == "zh"), file=stdout)
    if problems:
        return _err(problems, stderr)
    return EXIT_OK


def cmd_params(args, stdout: TextIO, stderr: TextIO) -> int:
    rows = [r for r in parameter_table() if args.group is None or r["group"] == args.group]
    if args.json:
        print(_dumps(rows), file=stdout)
        return EXIT_OK
    label = "label_zh" if args.lang == "zh" else "label_en"

    def show(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, float):
            return f"{v:g}"
        if isinstance(v, (list, tuple)):
            return ",".join(show(x) for x in v)
        return str(v)

    table = [[r["path"], r["group"], r[label], r["unit"], show(r["default"]),
              f"[{show(r['min'])}, {show(r['max'])}]" if r["min"] is not None else "",
              f"{show(r['plausible_low'])}–{show(r['plausible_high'])}"
              if r["plausible_low"] is not None else "",
              r["source"]] for r in rows]
    print(_table(["parameter", "group", "label", "unit", "default", "range", "plausible",
                  "source"], table, right=set()), file=stdout)
    return EXIT_OK


# -- analyses: sensitivity, attribute, optimise ------------------------------------------------

ATTRIBUTE_KPIS = ("profit_cny", "cost_total_cny", "carbon_kg_total", "retention_90d",
                  "repeat_purchase_rate")
SHORT_CHANNELS = {
    "en": {"search": "search", "feed": "feed", "livestream": "live", "crm": "CRM",
           "esg_content": "ESG", "community": "community"},
    "zh": {"search": "搜索", "feed": "信息流", "livestream": "直播", "crm": "私域",
           "esg_content": "ESG", "community": "社群"},
}

TEXT = {
    "en": {
        "on": "on", "off": "off", "param": "Parameter", "unit": "Unit", "low": "Low",
        "high": "High", "at_low": "KPI at low", "at_high": "KPI at high", "swing": "Swing",
        "ci": "95% interval", "noise": "within noise",
        "unmeasured": "{kpi} is n/a: it cannot be measured in this scenario (for example a "
                      "90-day retention over a shorter horizon).",
        "oat_head": "{name}: one-at-a-time sensitivity of {kpi}; {n} parameters, {reps} "
                    "replications each, seed {seed}, model {version}; {sims} simulations",
        "base": "Base: {mean} {unit}, 95% interval {ci}",
        "oat_note": "Swing = the KPI at the high end minus at the low end, paired by "
                    "replication (common random numbers); largest first. 'within noise': its "
                    "95% interval contains 0.",
        "glob_head": "{name}: global sensitivity of {kpi}; Latin hypercube over {n} "
                     "parameters, {samples} samples × {reps} replications, seed {seed}, model "
                     "{version}; {sims} simulations",
        "src": "SRC", "srrc": "SRRC (ranks)",
        "r2": "R² = {r2} (on ranks {r2r}): the share of the KPI's variation that a linear "
              "model in the parameters explains",
        "glob_note": "SRC: standardised regression coefficient, the KPI's change in standard "
                     "deviations per standard deviation of the parameter with all of them "
                     "varying together (bootstrap 95% interval); SRRC: the same on ranks.",
        "att_head": "{base} → {scenario}: Shapley attribution by {by} ({method}), {reps} "
                    "replications, seed {seed}, model {version}; {sims} simulations; common "
                    "random numbers",
        "by_group": "lever group", "by_lever": "lever",
        "exact": "exact over {n} players", "perm": "{p} sampled orders of {n} players",
        "value": "Value", "difference": "Difference",
        "check": "Contributions add up to {sum}; the difference is {diff} {mark}",
        "perm_note": "With sampled orders the intervals include the sampling error (perm_se "
                     "in --json).",
        "opt_head": "{name}: {direction} {kpi}; {reps} replications per confirmation, seed "
                    "{seed}, model {version}",
        "maximise": "maximise", "minimise": "minimise",
        "constraints": "Constraints: {items}", "none": "none",
        "channel": "Channel", "current": "Current", "recommended": "Recommended",
        "change": "Change", "budget": "Monthly budget (CNY)",
        "kpi": "KPI", "diff": "Difference", "p": "P(better)",
        "confirmed": "Confirmed by full simulations (common random numbers):",
        "p_better": "P(the recommendation is better on {kpi}) = {p}",
        "is_current": "The current split is the best confirmed one: keep it.",
        "binding": "Binding constraints:",
        "binding_item": "  {name}: {value} against a limit of {limit} (slack {slack})",
        "marginal": "Marginal returns at the recommendation (per extra 1,000 CNY a month):",
        "share": "Share", "spend": "Spend (CNY/month)", "new_per": "New customers / 1,000 CNY",
        "obj_per": "{kpi} / 1,000 CNY", "at_bound": "At bound",
        "pareto": "Pareto points of retention, carbon, cost and the objective (confirmed by "
                  "simulation; means), with the recommendation and the current split:",
        "mark_rec": "recommended", "mark_cur": "current", "mark_infeasible": "infeasible",
        "mark_dominated": "dominated",
        "sims": "{n} full simulations (design {design}, confirmation {confirm})",
        "metamodel": "Metamodel: {method}; {points} design points",
        "loo": "Leave-one-out error, in standard deviations of the KPI over the design: {items}",
        "infeasible": "No budget split meets the constraints:",
        "inf_kpi": "  {c}: limit {limit}; the best reachable is {best}",
        "inf_kpi_none": "  {c}: limit {limit}; no design point came close",
        "inf_bounds": "  {c}: the share bounds add up to {sum}, so no split sums to 100%",
        "together": " (reachable alone, not together with the others)",
        "current_only": "The current split, for reference:",
        "levers": "Levers",
    },
    "zh": {
        "on": "开", "off": "关", "param": "参数", "unit": "单位", "low": "低值", "high": "高值",
        "at_low": "低值时指标", "at_high": "高值时指标", "swing": "摆幅", "ci": "95% 区间",
        "noise": "在噪声内",
        "unmeasured": "{kpi} 为 n/a：该情景下无法计算此指标（例如模拟天数不足 90 天时的 90 天留存率）。",
        "oat_head": "{name}：{kpi} 的单因素敏感性分析；{n} 个参数，每个 {reps} 次重复，种子 "
                    "{seed}，模型 {version}；共 {sims} 次模拟",
        "base": "基准：{mean} {unit}，95% 区间 {ci}",
        "oat_note": "摆幅 = 参数取高值时的指标减去取低值时的指标，按重复配对（公共随机数）；按大小排序。"
                    "“在噪声内”：其 95% 区间包含 0。",
        "glob_head": "{name}：{kpi} 的全局敏感性分析；对 {n} 个参数做拉丁超立方抽样，{samples} 个样本 × "
                     "{reps} 次重复，种子 {seed}，模型 {version}；共 {sims} 次模拟",
        "src": "SRC", "srrc": "SRRC（秩）",
        "r2": "R² = {r2}（秩 {r2r}）：参数的线性模型能解释的指标变异比例",
        "glob_note": "SRC：标准化回归系数，即所有参数同时变化时，参数变动一个标准差引起的指标变动"
                     "（以标准差计，自助法 95% 区间）；SRRC：基于秩的同一系数。",
        "att_head": "{base} → {scenario}：按{by}的 Shapley 归因（{method}），{reps} 次重复，种子 "
                    "{seed}，模型 {version}；共 {sims} 次模拟；公共随机数",
        "by_group": "措施组", "by_lever": "措施",
        "exact": "{n} 个参与者精确计算", "perm": "{n} 个参与者抽样 {p} 种顺序",
        "value": "数值", "difference": "差值",
        "check": "各项贡献之和为 {sum}；差值为 {diff} {mark}",
        "perm_note": "抽样顺序时，区间已包含抽样误差（--json 中的 perm_se）。",
        "opt_head": "{name}：{direction}{kpi}；每次确认 {reps} 次重复，种子 {seed}，模型 {version}",
        "maximise": "最大化", "minimise": "最小化",
        "constraints": "约束：{items}", "none": "无",
        "channel": "渠道", "current": "当前", "recommended": "推荐", "change": "变化",
        "budget": "月度预算（元）",
        "kpi": "指标", "diff": "差值", "p": "更优概率",
        "confirmed": "完整模拟确认（公共随机数）：",
        "p_better": "推荐方案在{kpi}上更优的概率 = {p}",
        "is_current": "当前分配就是经确认的最优分配：保持不变。",
        "binding": "起作用的约束：",
        "binding_item": "  {name}：{value}，限值 {limit}（余量 {slack}）",
        "marginal": "推荐方案处的边际回报（每月每多投 1,000 元）：",
        "share": "占比", "spend": "投入（元/月）", "new_per": "每 1,000 元新客数",
        "obj_per": "每 1,000 元{kpi}", "at_bound": "触及边界",
        "pareto": "留存、碳排放、成本与目标指标的帕累托点（经模拟确认；均值），以及推荐与当前分配：",
        "mark_rec": "推荐", "mark_cur": "当前", "mark_infeasible": "不可行",
        "mark_dominated": "被支配",
        "sims": "共 {n} 次完整模拟（设计 {design}，确认 {confirm}）",
        "metamodel": "元模型：{method}；{points} 个设计点",
        "loo": "留一交叉验证误差（以设计点上该指标的标准差计）：{items}",
        "infeasible": "没有满足约束的预算分配：",
        "inf_kpi": "  {c}：限值 {limit}；最好能达到 {best}",
        "inf_kpi_none": "  {c}：限值 {limit}；没有设计点接近",
        "inf_bounds": "  {c}：各渠道占比的界限合计为 {sum}，任何分配都无法合计为 100%",
        "together": "（单独可以达到，但无法与其他约束同时满足）",
        "current_only": "当前分配，供参考：",
        "levers": "措施",
    },
}

def _strict(x: Any) -> Any:
    """A strict-JSON copy: NaN and infinities become None, numpy values Python ones, tuples
    lists, DataFrames lists of records."""
    if isinstance(x, Mapping):
        return {str(k): _strict(v) for k, v in x.items()}
    if isinstance(x, pd.DataFrame):
        return [_strict(r) for r in x.to_dict("records")]
    if isinstance(x, np.ndarray):
        return [_strict(v) for v in x.tolist()]
    if isinstance(x, (list, tuple, set, frozenset)):
        return [_strict(v) for v in x]
    if x is None or isinstance(x, str):
        return x
    if isinstance(x, (bool, int, float, np.generic)):
        return _nan_to_none(x)
    return str(x)


def _suggest(word: str, valid: Sequence[str], what: str) -> str:
    """'; did you mean X?' (names that start with ``word`` first), else '; ' + ``what``."""
    close = [v for v in valid if v.startswith(word)][:3] or \
        difflib.get_close_matches(word, list(valid), n=1, cutoff=0.6)
    if not close:
        return f"; {what}"
    names = close[0] if len(close) == 1 else f"{', '.join(close[:-1])} or {close[-1]}"
    return f"; did you mean {names}?"


def _kpi_problems(kpi: str, option: str) -> list[str]:
    if kpi in KPI_LABELS:
        return []
    return [f"{option} {kpi}: unknown KPI" + _suggest(kpi, list(KPI_LABELS),
                                                       f"choose one of {', '.join(KPI_NAMES)}")]


def _param_problems(path: str, option: str) -> list[str]:
    rows = parameter_rows()
    if path in rows:
        return []
    return [f"{option} {path}: unknown parameter" + _suggest(
        path, list(rows), "`python -m simulation params` lists them")]


def _get(sc: Scenario, path: str) -> Any:
    value: Any = sc
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _number(text: str) -> float:
    """A number, or a percentage with a % sign (10% -> 0.1); ValueError otherwise."""
    t = text.strip().replace("_", "").replace(",", "")
    pct = t.endswith("%")
    value = float(t[:-1].strip() if pct else t)
    if not math.isfinite(value):
        raise ValueError(text)
    return value / 100 if pct else value


def _share(text: str) -> float:
    """A share given as a fraction (0.1) or a percentage (10%); ValueError naming the problem."""
    try:
        value = _number(text)
    except ValueError:
        raise ValueError(f"'{text.strip()}' is not a share: write a fraction (0.1) or a "
                         "percentage (10%)") from None
    if not 0 <= value <= 1:
        hint = f" (write {text.strip()}% for a percentage)" if 1 < value <= 100 and \
            not text.strip().endswith("%") else ""
        raise ValueError(f"share {text.strip()} is outside 0–1{hint}")
    return value


def _channel_shares(items: Sequence[str], option: str, problems: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for text in items:
        channel, sep, raw = text.partition("=")
        channel = channel.strip()
        if not sep or not channel or not raw.strip():
            problems.append(f"{option} {text}: expected CHANNEL=SHARE, e.g. search=0.2 or "
                            "search=20%")
            continue
        if channel not in CHANNELS:
            problems.append(f"{option} {text}: unknown channel '{channel}'" + _suggest(
                channel, CHANNELS, f"channels: {', '.join(CHANNELS)}"))
            continue
        try:
            out[channel] = _share(raw)
        except ValueError as e:
            problems.append(f"{option} {text}: {e}")
    return out


def _constraint(text: str, parse_constraint) -> Any:
    """parse_constraint, also taking a percentage for a rate KPI ('retention_90d>=40%') and
    suggesting the KPI meant by an unknown name."""
    m = re.match(r"^\s*([A-Za-z0-9_]+)\s*(<=|>=)\s*(.+?)\s*%\s*$", text)
    if m:
        kpi, op, raw = m.groups()
        if kpi in KPI_LABELS and not _is_fraction(kpi):
            raise ValueError(f"{kpi} is in {_unit(kpi)}, not a rate: give its limit without %")
        try:
            value = float(raw.replace(",", "").replace("_", "")) / 100
        except ValueError:
            raise ValueError(f"'{raw}%' is not a number") from None
        text = f"{kpi}{op}{value!r}"
    m = re.match(r"^\s*([A-Za-z0-9_]+)\s*(<=|>=)\s*[-+0-9.eE_,]+\s*$", text)
    if m and m.group(1) not in KPI_LABELS:   # well formed but for the name: say which KPI
        kpi = m.group(1)
        raise ValueError(f"unknown KPI '{kpi}'" + _suggest(
            kpi, list(KPI_LABELS), f"choose one of {', '.join(KPI_NAMES)}"))
    return parse_constraint(text)


def _fmt_param(v: Any, unit: str, lang: str) -> str:
    """A parameter value for a table: on/off, whole numbers, fractions as percentages."""
    if isinstance(v, (bool, np.bool_)):
        return TEXT[lang]["on" if v else "off"]
    if v is None:
        return "n/a"
    if isinstance(v, (int, np.integer)):
        return f"{int(v):,}"
    try:
        v = float(v)
    except (TypeError, ValueError):
        return str(v)
    if not math.isfinite(v):
        return "n/a"
    if unit == "fraction":
        return f"{v * 100:.3g}%"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.4g}"


def _param_unit(unit: str) -> str:
    """A parameter's unit for a table (fractions are printed as percentages)."""
    return "" if unit == "fraction" else unit


def _note(text: str, lang: str, width: int = 100) -> str:
    """A note wrapped to ``width`` columns (Chinese: anywhere, a character is two columns)."""
    if lang != "zh":
        return textwrap.fill(text, width=width)
    lines, line = [], ""
    for c in text:
        if _width(line + c) > width:
            lines.append(line.rstrip())
            line = c.lstrip()
        else:
            line += c
    return "\n".join(lines + [line.rstrip()])


def _kpi_title(kpi: str, lang: str) -> str:
    unit = _shown_unit(kpi)
    return f"{_label(kpi, lang)} ({unit})" if unit else _label(kpi, lang)


def _share_pct(x: Any, signed: bool = False) -> str:
    if x is None or not math.isfinite(float(x)):
        return "n/a"
    return f"{float(x) * 100:+.1f} pp" if signed else f"{float(x) * 100:.1f}%"


def _analysis_progress(args, stderr: TextIO):
    """The progress bar for an analysis, whose total is known only as it runs."""
    return ProgressBar(stderr, unit="simulations") if _want_progress(args, 2, stderr) else None


def _emit_analysis(args, df: pd.DataFrame, doc: dict, report: str, stdout: TextIO,
                   stderr: TextIO) -> int:
    """Like _emit, for an analysis: FILE.csv gets ``df`` (its main table)."""
    return _emit(args, df, _strict(doc), report, stdout, stderr)


def _load_one(args, problems: list[str]) -> tuple[str, Scenario] | None:
    scenarios, _, load_problems = _load_all([args.scenario], args.changes)
    problems[:0] = load_problems
    if load_problems:
        return None
    (name, sc), = scenarios.items()
    return name, sc


def _parse_range(text: str, problems: list[str]) -> tuple[str, Any, Any] | None:
    path, sep, rest = text.partition("=")
    path = path.strip()
    low_s, sep2, high_s = rest.partition(":")
    if not sep or not sep2 or not path or not low_s.strip() or not high_s.strip():
        problems.append(f"--range {text}: expected PATH=LOW:HIGH, e.g. "
                        "customers.eco_share=0.2:0.35")
        return None
    bad = _param_problems(path, "--range")
    if bad:
        problems += bad
        return None
    row = parameter_rows()[path]
    ends = []
    for raw in (low_s, high_s):
        raw = raw.strip()
        try:
            value = parse_value(raw)
        except ScenarioError:
            value = raw
        if isinstance(value, str):
            try:
                value = _number(value)
            except ValueError:
                problems.append(f"--range {text}: '{raw}' is not a number")
                return None
        ends.append(value)
    low, high = ends
    if isinstance(row["value"], bool):
        if not (isinstance(low, bool) and isinstance(high, bool)) or low == high:
            problems.append(f"--range {text}: {path} is an on/off lever; its range is "
                            "false:true")
            return None
        return path, low, high
    if not isinstance(row["value"], (int, float)):
        problems.append(f"--range {text}: {path} is not a number; it cannot be swung")
        return None
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in ends):
        problems.append(f"--range {text}: LOW and HIGH must be numbers")
        return None
    if not low < high:
        problems.append(f"--range {text}: LOW ({low:g}) must be below HIGH ({high:g})")
        return None
    if row["min"] is not None and low < row["min"]:
        problems.append(f"--range {text}: {low:g} is below the minimum of {path} "
                        f"({row['min']:g})")
        return None
    if row["max"] is not None and high > row["max"]:
        problems.append(f"--range {text}: {high:g} is above the maximum of {path} "
                        f"({row['max']:g})")
        return None
    return path, low, high


def cmd_sensitivity(args, stdout: TextIO, stderr: TextIO) -> int:
    from .analysis import (DEFAULT_SENSITIVITY_PARAMETERS, global_sensitivity, sensitivity,
                           sensitivity_range)

    problems = _check_out(args.out) + _kpi_problems(args.kpi, "--kpi")
    for path in args.parameters:
        problems += _param_problems(path, "--parameter")
    ranges: dict[str, tuple] = {}
    for text in args.ranges:
        parsed = _parse_range(text, problems)
        if parsed:
            ranges[parsed[0]] = parsed[1:]
    reps = args.replications if args.replications is not None else (1 if args.global_ else 6)
    if not args.global_ and args.samples is not None:
        problems.append("--samples: only with --global")
    if not args.global_ and reps < 2:
        problems.append(f"--replications {reps}: a one-at-a-time analysis needs at least 2, to "
                        "tell a swing from noise")
    paths = list(dict.fromkeys([*args.parameters, *ranges])) or \
        list(DEFAULT_SENSITIVITY_PARAMETERS)
    samples = args.samples if args.samples is not None else max(40, len(paths) + 3)
    if args.global_ and samples < len(paths) + 3:
        problems.append(f"--samples {samples}: at least the number of parameters + 3 "
                        f"({len(paths) + 3}) with {len(paths)} parameters")
    loaded = _load_one(args, problems)
    if loaded and not problems:
        for path in paths:
            if path not in ranges:
                try:
                    ranges[path] = tuple(sensitivity_range(path, loaded[1]))
                except ValueError as e:
                    problems.append(f"--parameter {path}: {e}")
    if problems or loaded is None:
        return _err(problems, stderr)
    name, sc = loaded
    parameters = {p: ranges[p] for p in paths}
    progress = _analysis_progress(args, stderr)
    try:
        if args.global_:
            res = global_sensitivity(sc, kpi=args.kpi, parameters=parameters, samples=samples,
                                     replications=reps, seed=args.seed, progress=progress,
                                     workers=args.workers)
        else:
            res = sensitivity(sc, kpi=args.kpi, parameters=parameters, replications=reps,
                              seed=args.seed, progress=progress, workers=args.workers)
    except ValueError as e:  # ScenarioError too: a variant the schema refuses
        return _err([f"sensitivity: {e}"], stderr)
    table = res.table()
    doc = {"scenario": name, "model_version": MODEL_VERSION, **res.to_dict()}
    t, lang, kpi = TEXT[args.lang], args.lang, args.kpi
    label = "label_zh" if lang == "zh" else "label_en"
    if args.global_:
        rows = [[r[label], _param_unit(r["unit"]), _fmt_param(r["low"], r["unit"], lang),
                 _fmt_param(r["high"], r["unit"], lang), _fmt_coef(r["src"]),
                 f"[{_fmt_coef(r['src_ci_low'])}, {_fmt_coef(r['src_ci_high'])}]",
                 _fmt_coef(r["srrc"])] for r in table.to_dict("records")]
        report = "\n".join([
            t["glob_head"].format(name=name, kpi=_kpi_title(kpi, lang), n=len(paths),
                                  samples=res.samples, reps=res.replications, seed=args.seed,
                                  version=MODEL_VERSION, sims=res.simulations),
            t["r2"].format(r2=_fmt_coef(res.r2(), 3, signed=False),
                           r2r=_fmt_coef(res.r2_rank(), 3, signed=False)),
            "",
            _table([t["param"], t["unit"], t["low"], t["high"], t["src"], t["ci"], t["srrc"]],
                   rows, right={2, 3, 4, 5, 6}),
            "", _note(t["glob_note"], lang)])
        if not np.isfinite(res.design[kpi].to_numpy(dtype=float)).any():
            report += "\n" + t["unmeasured"].format(kpi=_label(kpi, lang))
    else:
        mean, lo, hi = res.base()
        rows = [[r[label], _param_unit(r["unit"]), _fmt_param(r["low"], r["unit"], lang),
                 _fmt_param(r["high"], r["unit"], lang), fmt_value(r["kpi_low"], kpi),
                 fmt_value(r["kpi_high"], kpi), fmt_value(r["swing"], kpi, signed=True),
                 _interval(r["swing_ci_low"], r["swing_ci_high"], kpi, signed=True),
                 t["noise"] if r["within_noise"] else ""] for r in table.to_dict("records")]
        report = "\n".join([
            t["oat_head"].format(name=name, kpi=_kpi_title(kpi, lang), n=len(paths),
                                 reps=res.replications, seed=args.seed, version=MODEL_VERSION,
                                 sims=res.simulations),
            t["base"].format(mean=fmt_value(mean, kpi), unit=_shown_unit(kpi),
                             ci=_interval(lo, hi, kpi)),
            "",
            _table([t["param"], t["unit"], t["low"], t["high"], t["at_low"], t["at_high"],
                    t["swing"], t["ci"], ""], rows, right={2, 3, 4, 5, 6, 7}),
            "", _note(t["oat_note"], lang)])
        if not math.isfinite(mean):
            report += "\n" + t["unmeasured"].format(kpi=_label(kpi, lang))
    return _emit_analysis(args, table, doc, report, stdout, stderr)


def _fmt_coef(x: Any, digits: int = 2, signed: bool = True) -> str:
    if x is None or not math.isfinite(float(x)):
        return "n/a"
    return f"{float(x):{'+' if signed else ''}.{digits}f}"


def cmd_attribute(args, stdout: TextIO, stderr: TextIO) -> int:
    from .analysis import attribute

    kpis = list(dict.fromkeys(args.kpis)) if args.kpis else list(ATTRIBUTE_KPIS)
    problems = _check_out(args.out)
    for k in kpis:
        problems += _kpi_problems(k, "--kpi")
    if args.replications < 2:
        problems.append(f"--replications {args.replications}: attribution needs at least 2, "
                        "for intervals")
    scenarios, _, load_problems = _load_all([args.base, args.scenario], args.changes)
    problems = load_problems + problems
    if not problems:
        (base_name, base), (sc_name, sc) = scenarios.items()
        if base.fingerprint() == sc.fingerprint():
            problems.append(f"attribute: {args.base} and {args.scenario} are the same "
                            "scenario; there is no difference to attribute")
    if problems:
        return _err(problems, stderr)
    progress = _analysis_progress(args, stderr)
    try:
        res = attribute(base, sc, kpis=kpis, replications=args.replications, seed=args.seed,
                        by=args.by, permutations=args.permutations, progress=progress,
                        workers=args.workers)
    except ValueError as e:
        return _err([f"attribute: {e}"], stderr)
    doc = {"base": base_name, "scenario": sc_name, "model_version": MODEL_VERSION,
           "kpis": list(res.kpis), "by": args.by, **res.to_dict()}
    t, lang = TEXT[args.lang], args.lang
    label = "label_zh" if lang == "zh" else "label_en"
    table = res.table()
    totals = {r["kpi"]: r for r in res.totals().to_dict("records")}
    method = (t["exact"].format(n=len(res.players)) if res.method == "exact"
              else t["perm"].format(n=len(res.players), p=res.permutations))
    parts = [t["att_head"].format(base=base_name, scenario=sc_name,
                                  by=t["by_group" if args.by == "group" else "by_lever"],
                                  method=method, reps=res.replications, seed=args.seed,
                                  version=MODEL_VERSION, sims=res.simulations)]
    for k in res.kpis:
        tot = totals[k]
        rows = [[base_name, fmt_value(tot["base_mean"], k), ""],
                [sc_name, fmt_value(tot["scenario_mean"], k), ""],
                [t["difference"], fmt_value(tot["diff_mean"], k, signed=True),
                 _interval(tot["ci_low"], tot["ci_high"], k, signed=True)]]
        contributions = table[table["kpi"] == k].to_dict("records")
        rows += [["  " + r[label], fmt_value(r["contribution"], k, signed=True),
                  _interval(r["ci_low"], r["ci_high"], k, signed=True)] for r in contributions]
        total = float(sum(r["contribution"] for r in contributions))
        diff = float(tot["diff_mean"])
        if math.isfinite(total) and math.isfinite(diff):
            mark = "✓" if abs(total - diff) <= 1e-6 * max(1.0, abs(diff)) else "≠ (!)"
        else:
            mark = ""
        parts += ["", _table([_kpi_title(k, lang), t["value"], t["ci"]], rows, right={1, 2}),
                  t["check"].format(sum=fmt_value(total, k, signed=True),
                                    diff=fmt_value(diff, k, signed=True), mark=mark).rstrip()]
    if res.method != "exact":
        parts += ["", _note(t["perm_note"], lang)]
    return _emit_analysis(args, table, doc, "\n".join(parts), stdout, stderr)


def _stat_cells(stat: Mapping[str, Any] | None, kpi: str, signed: bool = False) -> list[str]:
    if not stat:
        return ["n/a", "n/a"]
    mean = stat.get("mean")
    lo, hi = stat.get("ci_low"), stat.get("ci_high")
    nan = float("nan")
    return [fmt_value(nan if mean is None else float(mean), kpi, signed),
            _interval(nan if lo is None else float(lo), nan if hi is None else float(hi), kpi,
                      signed)]


def _constraint_kpi(text: str) -> str | None:
    m = re.match(r"\s*([A-Za-z0-9_]+)\s*(<=|>=)", str(text))
    return m.group(1) if m else None


def _infeasible_lines(rec, t: dict) -> list[str]:
    lines = []
    for item in rec.infeasible:
        c = str(item.get("constraint", ""))
        kpi = _constraint_kpi(c)
        best = item.get("best_reachable")
        if item.get("kind") == "bounds" or kpi is None:
            lines.append(t["inf_bounds"].format(c=c, sum=_share_pct(best)))
            continue
        limit = item.get("limit")
        limit_s = fmt_value(float(limit), kpi) if limit is not None else "n/a"
        if best is None or not math.isfinite(float(best)):
            line = t["inf_kpi_none"].format(c=c, limit=limit_s)
        else:
            line = t["inf_kpi"].format(c=c, limit=limit_s, best=fmt_value(float(best), kpi))
        lines.append(line + (t["together"] if item.get("together") else ""))
    return lines


def _optimise_report(rec, name: str, sc: Scenario, args, bounds: list[str]) -> str:
    from .analysis import PARETO_KPIS

    t, lang = TEXT[args.lang], args.lang
    objective = rec.objective
    head = [t["opt_head"].format(name=name, direction=t["minimise" if args.minimise
                                                         else "maximise"],
                                 kpi=_kpi_title(objective, lang), reps=rec.replications,
                                 seed=args.seed, version=MODEL_VERSION),
            t["constraints"].format(items=", ".join([str(c) for c in rec.constraints] + bounds)
                                    or t["none"])]
    shown = list(dict.fromkeys([objective, *(c.kpi for c in rec.constraints), *PARETO_KPIS]))
    metamodel = getattr(rec, "metamodel", None) or {}
    stages = getattr(rec, "stages", None) or {}
    footer = [t["sims"].format(n=rec.simulations, design=stages.get("design", 0),
                               confirm=stages.get("confirm", 0))]
    if metamodel:
        footer.append(textwrap.fill(t["metamodel"].format(
            method=metamodel.get("method", "n/a"), points=metamodel.get("design_points", 0)),
            width=100))

    def measured(k: str) -> bool:  # a KPI the horizon cannot measure (all NaN) has no error
        mean = (rec.kpis.get(k) or rec.current_kpis.get(k) or {}).get("mean")
        return mean is not None and math.isfinite(float(mean))

    loo = metamodel.get("loo_error") or {}
    loo_items = [f"{_label(k, lang)} {float(v):.2f}" for k, v in loo.items()
                 if v is not None and math.isfinite(float(v)) and measured(k)]
    if loo_items:
        footer.append(textwrap.fill(t["loo"].format(items=", ".join(loo_items)), width=100))

    if rec.current_kpis and not measured(objective):
        footer.append(t["unmeasured"].format(kpi=_label(objective, lang)))
    if not rec.feasible:
        rows = [[_kpi_title(k, lang), *_stat_cells(rec.current_kpis.get(k), k)]
                for k in shown if k in rec.current_kpis]
        current = ["", t["current_only"], _table([t["kpi"], t["current"], t["ci"]], rows,
                                                 right={1, 2})] if rows else []
        return "\n".join(head + ["", t["infeasible"], *_infeasible_lines(rec, t), *current, "",
                                 *footer])

    # the split: current next to recommended
    label = 1 if lang == "en" else 0
    split = [[CHANNEL_LABELS[ch][label], _share_pct(rec.current_shares.get(ch)),
              _share_pct(rec.shares.get(ch)),
              _share_pct(rec.shares.get(ch, 0) - rec.current_shares.get(ch, 0), signed=True)]
             for ch in CHANNELS]
    cur_budget, new_budget = float(rec.current_total_budget), float(rec.total_budget)
    split.append([t["budget"], f"{cur_budget:,.0f}", f"{new_budget:,.0f}",
                  f"{new_budget - cur_budget:+,.0f}"])
    rows_param = parameter_rows()
    for path, on in (rec.levers or {}).items():
        row = rows_param.get(path, {})
        lever = row.get("label_zh" if lang == "zh" else "label_en", path)
        before = _get(sc, path)
        split.append([f"{t['levers']}: {lever}", _fmt_param(before, "", lang),
                      _fmt_param(on, "", lang), "" if bool(before) == bool(on) else "*"])
    split_table = _table([t["channel"], t["current"], t["recommended"], t["change"]], split,
                         right={1, 2, 3})

    kpi_rows = []
    for k in shown:
        if k not in rec.kpis and k not in rec.current_kpis:
            continue
        d = (rec.difference or {}).get(k) or {}
        p = d.get("prob_better")
        kpi_rows.append([_kpi_title(k, lang), *_stat_cells(rec.current_kpis.get(k), k),
                         *_stat_cells(rec.kpis.get(k), k), *_stat_cells(d, k, signed=True),
                         f"{p:.2f}" if p is not None and math.isfinite(float(p)) else "–"])
    kpi_table = _table([t["kpi"], t["current"], t["ci"], t["recommended"], t["ci"], t["diff"],
                        t["ci"], t["p"]], kpi_rows, right={1, 2, 3, 4, 5, 6, 7})
    p = rec.prob_better
    p_line = t["p_better"].format(kpi=_label(objective, lang),
                                  p=f"{p:.2f}" if p is not None and math.isfinite(float(p))
                                  else "n/a")
    if getattr(rec, "recommended_is_current", False):
        p_line = t["is_current"]

    binding = []
    for b in rec.binding_constraints:
        if b.get("kind") == "kpi":
            k = b.get("kpi") or _constraint_kpi(b.get("name", "")) or objective

            def show(x, k=k, signed=False):
                return fmt_value(float(x), k, signed) if x is not None else "n/a"
        elif str(b.get("kind", "")).startswith("budget"):
            def show(x, signed=False):
                return fmt_value(float(x), "marketing_cny", signed) if x is not None else "n/a"
        else:
            def show(x, signed=False):
                return _share_pct(x, signed) if x is not None else "n/a"
        binding.append(t["binding_item"].format(name=b.get("name", ""), value=show(b.get("value")),
                                                limit=show(b.get("limit")),
                                                slack=show(b.get("slack"))))
    binding_lines = [t["binding"]] + binding if binding else [t["binding"] + " " + t["none"]]

    marginal = rec.marginal if isinstance(rec.marginal, pd.DataFrame) else pd.DataFrame(
        rec.marginal)
    m_rows = []
    for r in marginal.to_dict("records"):
        ch = r.get("channel")
        m_rows.append([CHANNEL_LABELS.get(ch, (ch, ch))[label], _share_pct(r.get("share")),
                       f"{float(r.get('spend_cny_month', float('nan'))):,.0f}",
                       _fmt_rate(r.get("new_customers_per_1000_cny")),
                       fmt_value(float(r.get("objective_per_1000_cny", float("nan"))), objective,
                                 signed=True), r.get("at_bound") or ""])
    m_table = _table([t["channel"], t["share"], t["spend"], t["new_per"],
                      t["obj_per"].format(kpi=_label(objective, lang)), t["at_bound"]], m_rows,
                     right={1, 2, 3, 4})

    short = SHORT_CHANNELS[lang]
    searched_budget = any(abs(float(pt.get("total_budget", cur_budget)) - cur_budget) > 1e-9
                          for pt in rec.pareto) or args.budget_range is not None
    lever_paths = list(rec.levers or {})
    pareto_kpis = list(dict.fromkeys([*PARETO_KPIS, objective]))
    p_rows = []
    # the front, plus the recommendation and the current split; when no point is on the front
    # (a Pareto KPI the horizon cannot measure, e.g. 90-day retention in 60 days) all of them
    front = any(pt.get("pareto") for pt in rec.pareto)
    points = [pt for pt in rec.pareto if not front or pt.get("pareto", True)
              or pt.get("recommended") or pt.get("current")]
    for i, pt in enumerate(points, start=1):
        marks = [t[m] for m, on in (("mark_rec", pt.get("recommended")),
                                    ("mark_cur", pt.get("current")),
                                    ("mark_infeasible", pt.get("feasible") is False),
                                    ("mark_dominated", front and pt.get("pareto") is False))
                 if on]
        shares = pt.get("shares") or {}
        row = [str(i)] + [_share_pct(shares.get(ch)) for ch in CHANNELS]
        if searched_budget:
            row.append(f"{float(pt.get('total_budget', float('nan'))):,.0f}")
        row += [_fmt_param((pt.get("levers") or {}).get(path), "", lang) for path in lever_paths]
        kp = pt.get("kpis") or {}
        row += [_stat_cells(kp.get(k), k)[0] for k in pareto_kpis]
        p_rows.append(row + [", ".join(marks)])
    p_header = ["#"] + [short[ch] for ch in CHANNELS]
    if searched_budget:
        p_header.append(t["budget"])
    p_header += [rows_param.get(path, {}).get("label_zh" if lang == "zh" else "label_en", path)
                 for path in lever_paths]
    p_header += [_kpi_title(k, lang) for k in pareto_kpis] + [""]
    n_fixed = len(p_header) - 1
    p_table = _table(p_header, p_rows, right=set(range(1, n_fixed)))

    return "\n".join(head + ["", split_table, "", t["confirmed"], kpi_table, p_line, "",
                             *binding_lines, "", t["marginal"], m_table, "", t["pareto"],
                             p_table, "", *footer])


def _fmt_rate(x: Any) -> str:
    if x is None:
        return "n/a"
    x = float(x)
    if not math.isfinite(x):
        return "n/a"
    return f"{x:,.1f}" if abs(x) >= 10 else f"{x:.3g}"


def cmd_optimise(args, stdout: TextIO, stderr: TextIO) -> int:
    from .analysis import optimise_budget, parse_constraint

    problems = _check_out(args.out) + _kpi_problems(args.objective, "--objective")
    constraints = []
    for text in args.constraints:
        try:
            constraints.append(_constraint(text, parse_constraint))
        except ValueError as e:
            msg = str(e)
            problems.append("--" + msg if msg.startswith("constraint '")
                            else f"--constraint '{text}': {msg}")
    min_share = _channel_shares(args.min_shares, "--min-share", problems)
    max_share = _channel_shares(args.max_shares, "--max-share", problems)
    min_esg = None
    if args.min_esg_share is not None:
        try:
            min_esg = _share(args.min_esg_share)
        except ValueError as e:
            problems.append(f"--min-esg-share {args.min_esg_share}: {e}")
    for ch in CHANNELS:
        low = min_share.get(ch)
        if ch == "esg_content" and min_esg is not None:
            low = min_esg if low is None else max(low, min_esg)
        if low is not None and ch in max_share and low > max_share[ch] + 1e-12:
            problems.append(f"--max-share {ch}={max_share[ch]:g}: below the minimum share of "
                            f"{ch} ({low:g})")
    budget_range = None
    if args.budget_range is not None:
        low_s, sep, high_s = args.budget_range.partition(":")
        try:
            if not sep:
                raise ValueError
            budget_range = (_number(low_s), _number(high_s))
        except ValueError:
            problems.append(f"--budget-range {args.budget_range}: expected LOW:HIGH in CNY a "
                            "month, e.g. 150000:250000")
        else:
            low, high = budget_range
            if not 0 <= low < high <= MAX_MONTHLY_BUDGET_CNY:
                problems.append(f"--budget-range {args.budget_range}: need 0 <= LOW < HIGH <= "
                                f"{MAX_MONTHLY_BUDGET_CNY:,}")
    if args.replications < 2:
        problems.append(f"--replications {args.replications}: the optimiser needs at least 2, "
                        "to compare splits")
    elif args.design_replications > args.replications:
        problems.append(f"--design-replications {args.design_replications}: at most "
                        f"--replications ({args.replications})")
    for path in dict.fromkeys(args.levers):
        bad = _param_problems(path, "--lever")
        if not bad and not isinstance(parameter_rows()[path]["value"], bool):
            bad = [f"--lever {path}: not an on/off lever (true/false)"]
        problems += bad
    loaded = _load_one(args, problems)
    if problems or loaded is None:
        return _err(problems, stderr)
    name, sc = loaded
    progress = _analysis_progress(args, stderr)
    try:
        rec = optimise_budget(
            sc, objective=args.objective, maximise=not args.minimise, constraints=constraints,
            min_share=min_share or None, max_share=max_share or None, min_esg_share=min_esg,
            budget_range=budget_range, levers=list(dict.fromkeys(args.levers)) or None,
            replications=args.replications, design_points=args.design_points,
            design_replications=args.design_replications, seed=args.seed, progress=progress,
            workers=args.workers)
    except ValueError as e:
        return _err([f"optimise: {e}"], stderr)
    bounds = [f"{ch}>={v * 100:.4g}%" for ch, v in min_share.items()]
    bounds += [f"{ch}<={v * 100:.4g}%" for ch, v in max_share.items()]
    if min_esg is not None:
        bounds.append(f"esg_content>={min_esg * 100:.4g}%")
    if budget_range is not None:
        bounds.append(f"{budget_range[0]:,.0f}<=budget<={budget_range[1]:,.0f}")
    doc = {"scenario": name, "model_version": MODEL_VERSION, **rec.to_json()}
    report = _optimise_report(rec, name, sc, args, bounds)
    pareto = pd.json_normalize(_strict(rec.pareto)) if rec.pareto else pd.DataFrame()
    code = _emit_analysis(args, pareto, doc, report, stdout, stderr)
    if code != EXIT_OK:
        return code
    if not rec.feasible:
        if args.json:
            for line in _infeasible_lines(rec, TEXT["en"]):
                print(f"optimise: infeasible: {line.strip()}", file=stderr)
        return EXIT_INFEASIBLE
    return EXIT_OK


COMMANDS = {"run": cmd_run, "compare": cmd_compare, "validate": cmd_validate, "list": cmd_list,
            "params": cmd_params, "sensitivity": cmd_sensitivity, "attribute": cmd_attribute,
            "optimise": cmd_optimise, "optimize": cmd_optimise}
ANALYSES = ("sensitivity", "attribute", "optimise", "optimize")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); returns the exit code
    (0 ok, 2 bad input, 3 no feasible budget split). Output goes to ``sys.stdout``/
    ``sys.stderr`` as they are at call time, so ``contextlib.redirect_stdout`` and pytest's
    ``capsys`` capture it."""
    stdout, stderr = sys.stdout, sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # -h/--version (0) and usage errors (2)
        return e.code if isinstance(e.code, int) else EXIT_BAD_INPUT
    try:
        if args.command in ANALYSES:  # a KPI the horizon cannot measure is n/a, not a warning
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore", RuntimeWarning)
                return COMMANDS[args.command](args, stdout, stderr)
        return COMMANDS[args.command](args, stdout, stderr)
    except ScenarioError as e:  # a problem found late (should not happen; never a traceback)
        return _err(_problem_lines(e, getattr(args, "scenario", None) or args.command), stderr)
    except KeyboardInterrupt:
        print("interrupted", file=stderr)
        return 130
