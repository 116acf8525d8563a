"""``verify``: the validation report. Runs every registered check of
:mod:`simulation.verification` (queueing theory, accounting rebuilt from the raw records, ...)
and prints each one's measured value ± standard error against the expected value and the
tolerance; exit 0 only when every check passes, 1 otherwise."""

from __future__ import annotations

import math
import time
from typing import Any, TextIO

from ..scenario import MODEL_VERSION
from ._common import EXIT_OK, ProgressBar, _dumps, _table, _want_progress

EXIT_FAILED = 1


def add_parser(sub) -> None:
    p = sub.add_parser(
        "verify", help="the validation report: the model against theory and its own records",
        description="Run the verification checks: queueing results against Erlang C and "
                    "Little's law, the accounting rebuilt from the raw event records against "
                    "the KPIs, and any other registered checks. Prints each check's measured "
                    "value ± standard error, the expected value and the tolerance (from the "
                    "standard errors, or a band's half-width), PASS or FAIL, then a summary.",
        epilog="Exit codes: 0 every check passes, 1 at least one fails.")
    p.add_argument("--quick", action="store_true",
                   help="shorter runs and fewer replications (well under two minutes)")
    p.add_argument("--json", action="store_true",
                   help='print {"model_version": ..., "checks": [...]} instead of the table '
                        "(NaN becomes null)")
    p.add_argument("--progress", action="store_true", default=None,
                   help="progress bar on stderr (default: only when stderr is a terminal)")


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


def report(checks: list, quick: bool, seconds: float) -> str:
    rows = [[c.name, f"{_num(c.measured)} ± {_num(c.se)}", _num(c.expected), _num(c.tolerance),
             "PASS" if c.passed else "FAIL", c.reference] for c in checks]
    table = _table(["check", "measured ± SE", "expected", "tolerance", "result", "reference"],
                   rows, right={1, 2, 3})
    failed = [c for c in checks if not c.passed]
    lines = [f"Verification report, model {MODEL_VERSION}{' (quick)' if quick else ''}", "",
             table, ""]
    for c in failed:
        if c.detail:
            lines.append(f"FAIL {c.name}: {c.detail}")
    if failed:
        lines.append("")
    lines.append(f"{len(checks)} checks: {len(checks) - len(failed)} passed, {len(failed)} "
                 f"failed ({seconds:.1f} s)")
    return "\n".join(lines)


def cmd_verify(args, stdout: TextIO, stderr: TextIO) -> int:
    from .. import verification

    progress = ProgressBar(stderr, unit="check groups") if _want_progress(args, 2, stderr) \
        else None
    start = time.perf_counter()
    checks = verification.run_all(quick=args.quick, progress=progress)
    seconds = time.perf_counter() - start
    if args.json:
        print(_dumps({"model_version": MODEL_VERSION,
                      "checks": [c.to_json() for c in checks]}), file=stdout)
    else:
        print(report(checks, args.quick, seconds), file=stdout)
    if not checks:
        print("verify: no checks are registered", file=stderr)
        return EXIT_FAILED
    return EXIT_OK if all(c.passed for c in checks) else EXIT_FAILED
