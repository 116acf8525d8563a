"""``validate``: check scenario files, one line per problem."""

from __future__ import annotations

from typing import TextIO

from ..loader import ScenarioError, load_preset
from ..strings import t
from ._common import EXIT_BAD_INPUT, EXIT_OK, _err, _problem_lines, help_text, lang_option


def add_parser(sub, lang: str = "en") -> None:
    p_val = sub.add_parser("validate", help=help_text("cli.validate_help", lang),
                           description=t("cli.validate_description", lang))
    p_val.add_argument("files", nargs="+", metavar="FILE")
    lang_option(p_val, lang)


def cmd_validate(args, stdout: TextIO, stderr: TextIO) -> int:
    code = EXIT_OK
    for f in args.files:
        try:
            load_preset(f)
        except ScenarioError as e:
            _err(_problem_lines(e, f), stderr, args.lang)
            code = EXIT_BAD_INPUT
            continue
        print(t("cli.validate_ok", args.lang, file=f), file=stdout)
    return code
