"""``report``: a scenario comparison written as the meeting pack's report (HTML, PDF or PPTX),
the same report the app's compare page makes.

    python -m simulation report SCENARIO [SCENARIO...] --out FILE [--format html|pdf|pptx]
        [--lang zh|en] [--replications N] [--seed S] [--reference NAME] [--set PATH=VALUE]

SCENARIO is a preset name or a YAML file (as for ``compare``); a single scenario is compared
with the baseline preset. The format comes from ``--format`` or, without it, from the suffix
of ``--out``; a suffix that does not match ``--format`` is refused (exit 2). The report's
builder and renderers live in the app's package (``ui.report``), imported only when a
report is made and never with Streamlit.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TextIO

from ..experiment import MAX_REPLICATIONS
from ..loader import ScenarioError, load_preset
from ..scenario import Scenario
from ..strings import t
from ._common import (DEFAULT_REPLICATIONS, DEFAULT_SEED, EXIT_OK, MAX_SEED,
                      MAX_WORKERS, ProgressBar, _check_out, _err, _int_in, _load_all,
                      _want_progress, help_text, lang_option, set_item_type)

FORMATS = ("html", "pdf", "pptx")
MAX_SCENARIOS = 6              # as the compare page
EXIT_FAILED = 1
BASELINE = "baseline"


def add_parser(sub, lang: str = "en") -> None:
    p = sub.add_parser("report", help=help_text("cli.report_help", lang),
                       description=t("cli.report_description", lang),
                       epilog=t("cli.report_epilog", lang))
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                   help=help_text("cli.report_scenarios", lang, max=MAX_SCENARIOS))
    p.add_argument("--out", "-o", metavar="FILE", type=Path, required=True,
                   help=help_text("cli.report_out", lang))
    p.add_argument("--format", "-f", choices=FORMATS, default=None, dest="fmt",
                   help=help_text("cli.report_format", lang))
    p.add_argument("--reference", "-r", metavar="NAME",
                   help=help_text("cli.report_reference", lang))
    p.add_argument("--replications", "-n", type=_int_in("replications", 2, MAX_REPLICATIONS, lang),
                   default=DEFAULT_REPLICATIONS, metavar="N",
                   help=help_text("cli.report_replications", lang, max=MAX_REPLICATIONS,
                                  default=DEFAULT_REPLICATIONS))
    p.add_argument("--seed", type=_int_in("seed", 0, MAX_SEED, lang), default=DEFAULT_SEED,
                   metavar="S", help=help_text("cli.help_seed", lang, default=DEFAULT_SEED))
    p.add_argument("--set", dest="changes", type=set_item_type(lang), action="append",
                   default=[], metavar="PATH=VALUE",
                   help=help_text("cli.help_set", lang, what=t("cli.what_every", lang)))
    p.add_argument("--workers", "-w", type=_int_in("workers", 1, MAX_WORKERS, lang),
                   default=None, metavar="W", help=help_text("cli.help_workers", lang))
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help=help_text("cli.help_progress", lang))
    lang_option(p, lang)


def report_format(out: Path, fmt: str | None, lang: str) -> tuple[str | None, list[str]]:
    """The format to write (from ``--format`` or the suffix of ``--out``) and any problem."""
    suffix = out.suffix.lower().lstrip(".")
    if fmt is None:
        if suffix in FORMATS:
            return suffix, []
        return None, [t("cli.report_format_unknown", lang, path=out)]
    if suffix != fmt:
        return None, [t("cli.report_format_mismatch", lang, path=out, fmt=fmt)]
    return fmt, []


def _ids_and_names(args_scenarios: list[str], scenarios: dict[str, Scenario],
                   arg_to_name: dict[str, str], lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """(name -> id, id -> display name): a preset's id is ``preset:<name>`` and its name its
    title in ``lang``; a file's id ``file:<name>``, its name the file's title or stem."""
    ids: dict[str, str] = {}
    shown: dict[str, str] = {}
    name_to_arg = {name: arg for arg, name in arg_to_name.items()}
    for name in scenarios:
        arg = name_to_arg.get(name, name)
        try:
            preset = load_preset(arg)
        except ScenarioError:            # pragma: no cover - loaded once already
            preset = None
        is_file = arg.endswith((".yaml", ".yml")) or "/" in arg
        sid = f"file:{name}" if is_file else f"preset:{name}"
        title = (preset.title.get(lang) or preset.title.get("en")) if preset and preset.title else None
        label, n = title or name, 2
        while label in shown.values():
            label = f"{title or name} ({n})"
            n += 1
        ids[name] = sid
        shown[sid] = label
    return ids, shown


def cmd_report(args, stdout: TextIO, stderr: TextIO) -> int:
    lang = args.lang
    problems = _check_out(args.out, lang)
    fmt, fmt_problems = report_format(args.out, args.fmt, lang)
    problems += fmt_problems
    wanted = list(args.scenarios)
    if len(wanted) == 1 and wanted[0] != BASELINE:
        wanted = [BASELINE, *wanted]               # one scenario: against the baseline
    if len(wanted) > MAX_SCENARIOS:
        problems.append(t("cli.report_too_many", lang, max=MAX_SCENARIOS, n=len(wanted)))
    scenarios, arg_to_name, load_problems = _load_all(wanted, args.changes, lang)
    problems = load_problems + problems
    reference = None
    if not load_problems:
        if args.reference is None:
            reference = BASELINE if BASELINE in scenarios else next(iter(scenarios))
        elif args.reference in scenarios:
            reference = args.reference
        elif args.reference in arg_to_name:
            reference = arg_to_name[args.reference]
        else:
            problems.append(t("cli.compare_bad_reference", lang, name=args.reference,
                              names=", ".join(scenarios)))
    if problems:
        return _err(problems, stderr, lang)
    try:
        from ui.compare_tables import Outcome
        from ui.report import render
        from ui.report.compare import compare_report
    except ImportError:
        return _err([t("cli.report_needs_app", lang)], stderr, lang)

    ids, names = _ids_and_names(wanted, scenarios, arg_to_name, lang)
    by_id = {ids[n]: sc for n, sc in scenarios.items()}
    results = simulate(by_id, args, stderr, Outcome)
    start = time.perf_counter()
    try:
        report = compare_report(results, by_id, names, ids[reference], lang)
        data = render(report, fmt)
    except Exception as err:  # noqa: BLE001 - one line, never a traceback
        _err([t("cli.report_failed", lang, error=f"{type(err).__name__}: {err}")], stderr, lang)
        return EXIT_FAILED
    seconds = time.perf_counter() - start
    try:
        args.out.write_bytes(data)
    except OSError as e:
        return _err([t("cli.out_cannot_write", lang, path=args.out, error=e.strerror or e)],
                    stderr, lang)
    size = f"{len(data) / 1e6:.1f} MB" if len(data) >= 1e6 else f"{max(1, round(len(data) / 1e3))} kB"
    print(t("cli.report_wrote", lang, path=args.out, size=size, fmt=fmt.upper(),
            seconds=f"{seconds:.1f}"), file=stdout)
    return EXIT_OK


def simulate(scenarios: dict[str, Scenario], args, stderr: TextIO, outcome):
    """Replications 0..n−1 of every scenario on common random numbers, with the cost
    breakdown the cost waterfall needs (the progress bar on stderr)."""
    import pandas as pd

    from ..experiment import run_replications

    reps = int(args.replications)
    tasks = [(sid, sc, i) for i in range(reps) for sid, sc in scenarios.items()]
    progress = (ProgressBar(stderr, unit=t("cli.unit_replications", args.lang))
                if _want_progress(args, len(tasks), stderr) else None)
    rows = run_replications(tasks, seed=args.seed, workers=args.workers, progress=progress,
                            detail=True)
    kpis, costs = [], []
    for sid in scenarios:
        for i in range(reps):
            d = rows[(sid, i)]
            kpis.append({"scenario": sid, "replication": i, **d.kpis})
            costs.extend({"scenario": sid, "replication": i, "kind": "cost", "item": item,
                          "value": float(v)} for item, v in d.cost_by_category.items())
    return outcome(kpis=pd.DataFrame.from_records(kpis), seed=int(args.seed), replications=reps,
                   breakdown=pd.DataFrame.from_records(costs))
