"""The command line: ``python -m simulation run|compare|validate|list``.

Every command returns an exit code instead of exiting, so tests call :func:`main` in-process:
0 for success, 2 for bad input (unknown preset, malformed YAML, unknown key, out-of-range
value, bad ``--set``, bad option). Problems are printed on stderr, one line each, naming the
file or option and the dotted path of the field; bad input never ends in a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import textwrap
import unicodedata
from pathlib import Path
from typing import Any, Sequence, TextIO

from .experiment import (MAX_REPLICATIONS, abatement_cost, compare_to, run_experiment,
                         summarise)
from .loader import PRESET_DIR, ScenarioError, apply_changes, load_preset, parse_value
from .metrics import KPI_LABELS, KPI_NAMES
from .scenario import MODEL_VERSION, Scenario, parameter_table

EXIT_OK = 0
EXIT_BAD_INPUT = 2
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
                    "scenario files, compare them with common random numbers, validate files.",
        epilog="Exit codes: 0 success, 2 bad input (one line per problem on stderr).")
    parser.add_argument("--version", action="version", version=f"simulation {MODEL_VERSION}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def experiment_options(p: argparse.ArgumentParser, what: str) -> None:
        p.add_argument("--replications", "-n", type=_int_in("replications", 1, MAX_REPLICATIONS),
                       default=DEFAULT_REPLICATIONS, metavar="N",
                       help=f"replications per scenario, 1..{MAX_REPLICATIONS} "
                            f"(default {DEFAULT_REPLICATIONS})")
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
                       help="also write the results to FILE (stdout is printed as usual): "
                            "FILE.csv gets one row per (scenario, replication) with every KPI; "
                            "FILE.json, or any FILE with --json, gets the JSON document; "
                            "anything else gets the table")
        p.add_argument("--workers", "-w", type=_int_in("workers", 1, MAX_WORKERS), default=None,
                       metavar="W", help="worker processes (default: all cores; 1 runs in this "
                                         "process); results do not depend on it")
        p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="progress bar on stderr (default: only when stderr is a terminal)")
        p.add_argument("--lang", choices=("en", "zh"), default="en",
                       help="language of KPI labels in the table (default en)")

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

    def __init__(self, stream: TextIO, width: int = BAR_WIDTH):
        self.stream = stream
        self.width = width
        self._last = None

    def __call__(self, done: int, total: int) -> None:
        filled = int(self.width * done / total) if total else self.width
        text = f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} replications"
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
              r["source"]] for r in rows]
    print(_table(["parameter", "group", "label", "unit", "default", "range", "source"], table,
                 right=set()), file=stdout)
    return EXIT_OK


COMMANDS = {"run": cmd_run, "compare": cmd_compare, "validate": cmd_validate, "list": cmd_list,
            "params": cmd_params}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); returns the exit code
    (0 ok, 2 bad input). Output goes to ``sys.stdout``/``sys.stderr`` as they are at call
    time, so ``contextlib.redirect_stdout`` and pytest's ``capsys`` capture it."""
    stdout, stderr = sys.stdout, sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # -h/--version (0) and usage errors (2)
        return e.code if isinstance(e.code, int) else EXIT_BAD_INPUT
    try:
        return COMMANDS[args.command](args, stdout, stderr)
    except ScenarioError as e:  # a problem found late (should not happen; never a traceback)
        return _err(_problem_lines(e, getattr(args, "scenario", None) or args.command), stderr)
    except KeyboardInterrupt:
        print("interrupted", file=stderr)
        return 130
