"""Shared by every command: exit codes, argument types and the common experiment options,
error lines, JSON, table printing, the progress bar, loading scenarios and writing --out."""

from __future__ import annotations

import argparse
import json
import math
import os
import unicodedata
from pathlib import Path
from typing import Any, Sequence, TextIO

from ..experiment import MAX_REPLICATIONS, run_experiment
from ..loader import (MAX_REPORTED_PROBLEMS, ScenarioError, apply_changes, load_preset,
                      parse_value)
from ..metrics import KPI_LABELS, KPI_NAMES
from ..scenario import Scenario
from ..strings import LANGS, t

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
DEFAULT_REPLICATIONS = 10
DEFAULT_SEED = 1
MAX_SEED = 2**63 - 1
MAX_WORKERS = 256
BAR_WIDTH = 30

LANG_ENV = "ESG_SIM_LANG"     # the language when no --lang is given (default English)


class Strings:
    """The command line's strings in one language by short key: ``Strings("zh", "table_")["kpi"]``
    is ``t("cli.table_kpi", "zh")`` (the catalogue is ``simulation/strings/cli.py``)."""

    def __init__(self, lang: str, prefix: str = ""):
        self.lang, self.prefix = lang, prefix

    def __getitem__(self, key: str) -> str:
        return t(f"cli.{self.prefix}{key}", self.lang)


HEADERS = {lang: Strings(lang, "table_") for lang in LANGS}   # run and compare


def default_lang() -> str:
    """The language when no --lang is given: $ESG_SIM_LANG if it is zh or en, else en."""
    value = os.environ.get(LANG_ENV, "").strip().lower()
    return value if value in LANGS else "en"


def argv_lang(argv: Sequence[str]) -> str:
    """The --lang an argument list asks for (the last one wins), else :func:`default_lang`:
    known before parsing, so the help texts and argparse's type errors are in it too."""
    lang = default_lang()
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in LANGS:
            lang = args[i + 1]
        elif arg.startswith("--lang=") and arg[len("--lang="):] in LANGS:
            lang = arg[len("--lang="):]
    return lang


def help_text(key: str, lang: str, **fields: Any) -> str:
    """A help text for argparse: the catalogue's ``key`` with ``%`` escaped."""
    return t(key, lang).format(**fields).replace("%", "%%")


def lang_option(p: argparse.ArgumentParser, lang: str) -> None:
    """``--lang zh|en``: its default is the language already chosen (see :func:`argv_lang`)."""
    p.add_argument("--lang", choices=LANGS[::-1], default=lang,
                   help=help_text("cli.help_lang", lang, default=default_lang(), env=LANG_ENV))


# -- argument types (errors become argparse's "argument --x: ..." line and exit 2) ------------

def _int_in(name: str, lo: int, hi: int, lang: str = "en"):
    def conv(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                t("cli.err_whole_number", lang, text=repr(text))) from None
        if value < lo and lo == 0:
            raise argparse.ArgumentTypeError(t("cli.err_negative", lang, name=name, value=value))
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(t("cli.err_between", lang, name=name, lo=lo, hi=hi,
                                               value=value))
        return value
    conv.__name__ = name  # argparse names the type in some messages
    return conv


def set_item_type(lang: str = "en"):
    """The argparse type of ``--set PATH=VALUE``, its errors in ``lang``."""
    def _set_item(text: str) -> tuple[str, Any]:
        path, sep, raw = text.partition("=")
        path = path.strip()
        if not sep or not path or any(c.isspace() for c in path) or path.startswith(".") \
                or path.endswith(".") or ".." in path:
            raise argparse.ArgumentTypeError(t("cli.err_set_item", lang, text=repr(text)))
        try:
            return path, parse_value(raw.strip())
        except ScenarioError as e:
            raise argparse.ArgumentTypeError(f"{path}: {'; '.join(e.problems)}") from None
    return _set_item


_set_item = set_item_type("en")


# -- options shared by the experiment and analysis commands ------------------------------------

def experiment_options(p: argparse.ArgumentParser, what: str,
                       replications: int | None = DEFAULT_REPLICATIONS,
                       replications_help: str | None = None,
                       out_help: str | None = None, lang: str = "en") -> None:
    """The options of run, compare and the analyses; ``what`` (the scenarios --set changes)
    and the help texts given are already in ``lang``."""
    p.add_argument("--replications", "-n",
                   type=_int_in("replications", 1, MAX_REPLICATIONS, lang),
                   default=replications, metavar="N",
                   help=replications_help or help_text("cli.help_replications", lang,
                                                       max=MAX_REPLICATIONS,
                                                       default=replications))
    p.add_argument("--seed", type=_int_in("seed", 0, MAX_SEED, lang), default=DEFAULT_SEED,
                   metavar="S", help=help_text("cli.help_seed", lang, default=DEFAULT_SEED))
    p.add_argument("--set", dest="changes", type=set_item_type(lang), action="append",
                   default=[], metavar="PATH=VALUE",
                   help=help_text("cli.help_set", lang, what=what))
    p.add_argument("--json", action="store_true", help=help_text("cli.help_json", lang))
    p.add_argument("--out", metavar="FILE", type=Path,
                   help=out_help or help_text("cli.help_out", lang))
    p.add_argument("--workers", "-w", type=_int_in("workers", 1, MAX_WORKERS, lang),
                   default=None, metavar="W", help=help_text("cli.help_workers", lang))
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help=help_text("cli.help_progress", lang))
    lang_option(p, lang)


def kpi_help(lang: str = "en") -> str:
    return help_text("cli.help_kpi", lang)


KPI_HELP = kpi_help("en")


def analysis_out_help(csv_what: str, lang: str = "en") -> str:
    """The help of an analysis' --out; ``csv_what`` (what FILE.csv gets) is in ``lang``."""
    return help_text("cli.help_analysis_out", lang, csv_what=csv_what)


# -- helpers -----------------------------------------------------------------------------------

def _problem_lines(err: ScenarioError, source: str) -> list[str]:
    """One line per problem, prefixed by ``source`` (and by the file the error came from when
    that is another file, e.g. an included preset)."""
    prefix = source
    if err.source and err.source != source and Path(err.source).name != Path(source).name:
        prefix = f"{source}: {err.source}"
    return [f"{prefix}: {p}" for p in err.problems]


def _err(lines: Sequence[str], stream: TextIO, lang: str = "en") -> int:
    """Print each distinct line once, the first MAX_REPORTED_PROBLEMS of them, then how many
    more there are (a file of 300,000 bad items gives 21 lines, not 300,000)."""
    distinct = list(dict.fromkeys(lines))
    for line in distinct[:MAX_REPORTED_PROBLEMS]:
        print(line, file=stream)
    if len(distinct) > MAX_REPORTED_PROBLEMS:
        print(t("cli.more_problems", lang, n=len(distinct) - MAX_REPORTED_PROBLEMS), file=stream)
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


def _check_out(path: Path | None, lang: str = "en") -> list[str]:
    if path is None:
        return []
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        return [t("cli.out_is_dir", lang, path=path)]
    if not parent.is_dir():
        return [t("cli.out_no_dir", lang, path=path, parent=parent)]
    return []


def _load_all(args_scenarios: Sequence[str], changes: list[tuple[str, Any]], lang: str = "en"
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
                    problems += [t("cli.set_with", lang, arg=arg, problem=p) for p in ps]
    names: dict[str, Scenario] = {}
    arg_to_name: dict[str, str] = {}
    for arg, name, sc in loaded:
        if name in names:
            name = arg
        if name in names:
            problems.append(t("cli.given_twice", lang, arg=arg))
            continue
        names[name] = sc
        arg_to_name[arg] = name
    return names, arg_to_name, problems


def _run(args, scenarios: dict[str, Scenario], stderr: TextIO):
    total = args.replications * len(scenarios)
    progress = (ProgressBar(stderr, unit=t("cli.unit_replications", args.lang))
                if _want_progress(args, total, stderr) else None)
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
            return _err([t("cli.out_cannot_write", args.lang, path=args.out,
                           error=e.strerror or e)], stderr, args.lang)
    print(_dumps(doc) if args.json else table, file=stdout)
    return EXIT_OK


def _kpi_stats(rows) -> dict[str, dict[str, Any]]:
    by_kpi = {r["kpi"]: r for r in rows}
    return {k: {"mean": _nan_to_none(float(by_kpi[k]["mean"])),
                "ci_low": _nan_to_none(float(by_kpi[k]["ci_low"])),
                "ci_high": _nan_to_none(float(by_kpi[k]["ci_high"]))}
            for k in _kpi_order(list(by_kpi))}
