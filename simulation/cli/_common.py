"""Shared by every command: exit codes, argument types and the common experiment options,
error lines, JSON, table printing, the progress bar, loading scenarios and writing --out."""

from __future__ import annotations

import argparse
import json
import math
import unicodedata
from pathlib import Path
from typing import Any, Sequence, TextIO

from ..experiment import MAX_REPLICATIONS, run_experiment
from ..loader import (MAX_REPORTED_PROBLEMS, ScenarioError, apply_changes, load_preset,
                      parse_value)
from ..metrics import KPI_LABELS, KPI_NAMES
from ..scenario import Scenario

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


# -- options shared by the experiment and analysis commands ------------------------------------

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


KPI_HELP = "a KPI name (the keys of `run --json`, e.g. profit_cny, carbon_kg_total)"


def analysis_out_help(csv_what: str) -> str:
    return (f"also write the results to FILE (stdout is printed as usual): FILE.csv gets "
            f"{csv_what}; FILE.json, or any FILE with --json, gets the JSON document; "
            "anything else gets the report")


# -- helpers -----------------------------------------------------------------------------------

def _problem_lines(err: ScenarioError, source: str) -> list[str]:
    """One line per problem, prefixed by ``source`` (and by the file the error came from when
    that is another file, e.g. an included preset)."""
    prefix = source
    if err.source and err.source != source and Path(err.source).name != Path(source).name:
        prefix = f"{source}: {err.source}"
    return [f"{prefix}: {p}" for p in err.problems]


MORE_PROBLEMS = {"en": "… and {n:,} more problems", "zh": "……另有 {n:,} 个问题"}


def _err(lines: Sequence[str], stream: TextIO, lang: str = "en") -> int:
    """Print each distinct line once, the first MAX_REPORTED_PROBLEMS of them, then how many
    more there are (a file of 300,000 bad items gives 21 lines, not 300,000)."""
    distinct = list(dict.fromkeys(lines))
    for line in distinct[:MAX_REPORTED_PROBLEMS]:
        print(line, file=stream)
    if len(distinct) > MAX_REPORTED_PROBLEMS:
        more = MORE_PROBLEMS["zh" if lang == "zh" else "en"]
        print(more.format(n=len(distinct) - MAX_REPORTED_PROBLEMS), file=stream)
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
