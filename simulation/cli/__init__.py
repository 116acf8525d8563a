"""The command line: ``python -m simulation run|compare|report|validate|list|params|
sensitivity|attribute|optimise|verify|policy``.

Every command returns an exit code instead of exiting, so tests call :func:`main` in-process:
0 for success, 1 when ``verify`` finds a failing check, 2 for bad input (unknown preset,
malformed YAML, unknown key, out-of-range value, bad ``--set``, bad option, malformed
constraint), 3 when ``optimise`` finds no budget split that meets the constraints. Problems
are printed on stderr, one line each, naming the file or option and the dotted path of the
field; bad input never ends in a traceback.

Every command takes ``--lang zh|en`` (default: the environment variable ``ESG_SIM_LANG``, else
English): its help, table headers, report lines and problems come from the string catalogue
(``simulation/strings/cli.py``), the same one the app uses. The JSON keys stay English.

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
from . import (attribute, compare, optimise, params, policy, presets, report, run, sensitivity,
               validate, verify)
from ..strings import t
from ._common import (EXIT_BAD_INPUT, EXIT_INFEASIBLE, EXIT_OK, LANG_ENV, ProgressBar, _err,
                      _problem_lines, argv_lang, default_lang, fmt_value, lang_option)
from .attribute import cmd_attribute
from .compare import cmd_compare
from .optimise import cmd_optimise
from .params import cmd_params
from .policy import cmd_policy
from .presets import cmd_list
from .report import cmd_report
from .run import cmd_run
from .sensitivity import cmd_sensitivity
from .validate import cmd_validate
from .verify import EXIT_FAILED, cmd_verify

__all__ = ["main", "build_parser", "COMMANDS", "LANG_ENV", "EXIT_OK", "EXIT_FAILED", "EXIT_BAD_INPUT",
           "EXIT_INFEASIBLE", "ProgressBar", "fmt_value"]

# the order of the commands in --help
_MODULES = (run, compare, report, validate, presets, params, sensitivity, attribute, optimise,
            verify, policy)


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The parser, its help texts and messages in ``lang`` (default: $ESG_SIM_LANG, else en;
    every command also takes ``--lang``)."""
    lang = lang or default_lang()
    parser = argparse.ArgumentParser(prog="python -m simulation",
                                     description=t("cli.prog_description", lang),
                                     epilog=t("cli.prog_epilog", lang))
    parser.add_argument("--version", action="version", version=f"simulation {MODEL_VERSION}")
    lang_option(parser, lang)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _MODULES:
        module.add_parser(sub, lang)
    return parser


COMMANDS = {"run": cmd_run, "compare": cmd_compare, "validate": cmd_validate, "list": cmd_list,
            "params": cmd_params, "sensitivity": cmd_sensitivity, "attribute": cmd_attribute,
            "optimise": cmd_optimise, "optimize": cmd_optimise, "verify": cmd_verify,
            "report": cmd_report, "policy": cmd_policy}
ANALYSES = ("sensitivity", "attribute", "optimise", "optimize", "verify", "report", "policy")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); returns the exit code
    (0 ok, 1 a failing verification check, 2 bad input, 3 no feasible budget split). Output
    goes to ``sys.stdout``/``sys.stderr`` as they are at call time, so
    ``contextlib.redirect_stdout`` and pytest's ``capsys`` capture it."""
    stdout, stderr = sys.stdout, sys.stderr
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = argv_lang(argv)        # before parsing: the help and usage errors are in it too
    parser = build_parser(lang)
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
        return _err(_problem_lines(e, getattr(args, "scenario", None) or args.command), stderr,
                    args.lang)
    except KeyboardInterrupt:
        print(t("cli.interrupted", args.lang), file=stderr)
        return 130
