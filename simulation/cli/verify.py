"""``verify``: the validation report. Runs every registered check of
:mod:`simulation.verification` (queueing theory, accounting rebuilt from the raw records, ...)
and prints each one's measured value ± standard error against the expected value and the
tolerance; exit 0 only when every check passes, 1 otherwise."""

from __future__ import annotations

import math
import time
from typing import Any, TextIO

from ..scenario import MODEL_VERSION
from ..strings import t
from ._common import EXIT_OK, ProgressBar, _dumps, _table, _want_progress, help_text, lang_option

EXIT_FAILED = 1


def add_parser(sub, lang: str = "en") -> None:
    p = sub.add_parser("verify", help=help_text("cli.verify_help", lang),
                       description=t("cli.verify_description", lang),
                       epilog=t("cli.verify_epilog", lang))
    p.add_argument("--quick", action="store_true", help=help_text("cli.verify_quick", lang))
    p.add_argument("--json", action="store_true", help=help_text("cli.verify_json", lang))
    p.add_argument("--progress", action="store_true", default=None,
                   help=help_text("cli.help_progress", lang))
    lang_option(p, lang)


def _num(x: Any) -> str:
    if x is None:
        return "–"
    x = float(x)
    if not math.isfinite(x):
        return "n/a" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    ax = abs(x)
    if ax == 0:
        return "0"
    if ax >= 1e5 or ax < 1e-3:
        return f"{x:.4g}"
    return f"{x:.4g}" if ax < 1000 else f"{x:,.1f}"


def report(checks: list, quick: bool, seconds: float, lang: str = "en") -> str:
    rows = [[c.name, f"{_num(c.measured)} ± {_num(c.se)}", _num(c.expected), _num(c.tolerance),
             "PASS" if c.passed else "FAIL", c.reference] for c in checks]
    table = _table([t(f"cli.verify_col_{col}", lang) for col in (
        "check", "measured", "expected", "tolerance", "result", "reference")],
        rows, right={1, 2, 3})
    failed = [c for c in checks if not c.passed]
    lines = [t("cli.verify_title", lang, version=MODEL_VERSION,
               quick=t("cli.verify_quick_mark", lang) if quick else ""), "", table, ""]
    for c in failed:
        if c.detail:
            lines.append(f"FAIL {c.name}: {c.detail}")
    if failed:
        lines.append("")
    lines.append(t("cli.verify_summary", lang, n=len(checks), passed=len(checks) - len(failed),
                   failed=len(failed), seconds=f"{seconds:.1f}"))
    return "\n".join(lines)


def cmd_verify(args, stdout: TextIO, stderr: TextIO) -> int:
    from .. import verification

    progress = (ProgressBar(stderr, unit=t("cli.unit_check_groups", args.lang))
                if _want_progress(args, 2, stderr) else None)
    start = time.perf_counter()
    checks = verification.run_all(quick=args.quick, progress=progress)
    seconds = time.perf_counter() - start
    if args.json:
        print(_dumps({"model_version": MODEL_VERSION,
                      "checks": [c.to_json() for c in checks]}), file=stdout)
    else:
        print(report(checks, args.quick, seconds, args.lang), file=stdout)
    if not checks:
        print(t("cli.verify_none", args.lang), file=stderr)
        return EXIT_FAILED
    return EXIT_OK if all(c.passed for c in checks) else EXIT_FAILED
