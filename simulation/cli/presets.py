"""``list``: the presets with their titles and the first sentence of the description."""

from __future__ import annotations

import re
import textwrap
from typing import TextIO

from ..loader import PRESET_DIR, ScenarioError, load_preset
from ..strings import t
from ._common import EXIT_OK, _dumps, _err, _problem_lines, help_text, lang_option


def add_parser(sub, lang: str = "en") -> None:
    p_list = sub.add_parser("list", help=help_text("cli.list_help", lang),
                            description=t("cli.list_description", lang))
    p_list.add_argument("--json", action="store_true", help=help_text("cli.list_json", lang))
    lang_option(p_list, lang)


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
        return _err(problems, stderr, args.lang)
    return EXIT_OK
