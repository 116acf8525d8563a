"""The command line: ``python -m simulation run|compare|validate|list|params|sensitivity|
attribute|optimise|verify``.

Every command returns an exit code instead of exiting, so tests call :func:`main` in-process:
0 for success, 1 when ``verify`` finds a failing check, 2 for bad input (unknown preset,
malformed YAML, unknown key, out-of-range value, bad ``--set``, bad option, malformed
constraint), 3 when ``optimise`` finds no budget split that meets the constraints. Problems
are printed on stderr, one line each, naming the file or option and the dotted path of the
field; bad input never ends in a traceback.

One module per command (``run``, ``compare``, ``validate``, ``presets`` for ``list``,
``params``, ``sensitivity``, ``attribute``, ``optimise``, ``verify``), each with
``add_parser(sub)`` and its ``cmd_*`` function; ``_common`` holds the shared helpers (exit
codes, options, tables, JSON, progress, errors, loading) and ``_analysis`` those of the
three analyses.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from typing import Sequence

import numpy as np

from ..loader import ScenarioError
from ..scenario import MODEL_VERSION
from . import attribute, compare, optimise, params, presets, run, sensitivity, validate, verify
from ._common import (EXIT_BAD_INPUT, EXIT_INFEASIBLE, EXIT_OK, ProgressBar, _err,
                      _problem_lines, fmt_value)
from .attribute import cmd_attribute
from .compare import cmd_compare
from .optimise import cmd_optimise
from .params import cmd_params
from .presets import cmd_list
from .run import cmd_run
from .sensitivity import cmd_sensitivity
from .validate import cmd_validate
from .verify import EXIT_FAILED, cmd_verify

__all__ = ["main", "build_parser", "COMMANDS", "EXIT_OK", "EXIT_FAILED", "EXIT_BAD_INPUT",
           "EXIT_INFEASIBLE", "ProgressBar", "fmt_value"]

# the order of the commands in --help
_MODULES = (run, compare, validate, presets, params, sensitivity, attribute, optimise, verify)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m simulation",
        description="ESG strategy simulator for small e-commerce shops: run presets or "
                    "scenario files, compare them with common random numbers, validate files, "
                    "and analyse a scenario: sensitivity to assumptions, attribution of a "
                    "difference to levers, a marketing-budget optimiser.",
        epilog="Exit codes: 0 success, 1 verify found a failing check, 2 bad input (one line per "
               "problem on stderr), 3 optimise found no budget split that meets the constraints.")
    parser.add_argument("--version", action="version", version=f"simulation {MODEL_VERSION}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _MODULES:
        module.add_parser(sub)
    return parser


COMMANDS = {"run": cmd_run, "compare": cmd_compare, "validate": cmd_validate, "list": cmd_list,
            "params": cmd_params, "sensitivity": cmd_sensitivity, "attribute": cmd_attribute,
            "optimise": cmd_optimise, "optimize": cmd_optimise, "verify": cmd_verify}
ANALYSES = ("sensitivity", "attribute", "optimise", "optimize", "verify")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); returns the exit code
    (0 ok, 1 a failing verification check, 2 bad input, 3 no feasible budget split). Output
    goes to ``sys.stdout``/``sys.stderr`` as they are at call time, so
    ``contextlib.redirect_stdout`` and pytest's ``capsys`` capture it."""
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
