"""``validate``: check scenario files, one line per problem."""

from __future__ import annotations

from typing import TextIO

from ..loader import ScenarioError, load_preset
from ._common import EXIT_BAD_INPUT, EXIT_OK, _err, _problem_lines


def add_parser(sub) -> None:
    p_val = sub.add_parser("validate", help="check scenario files; exit 2 if any is invalid",
                           description="Check each FILE: print 'OK FILE' for a valid one, or one "
                                       "line per problem ('FILE: field: problem') on stderr and "
                                       "exit 2.")
    p_val.add_argument("files", nargs="+", metavar="FILE")


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
