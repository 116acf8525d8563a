"""``list``: the presets with their titles and the first sentence of the description."""

from __future__ import annotations

import re
import textwrap
from typing import TextIO

from ..loader import PRESET_DIR, ScenarioError, load_preset
from ._common import EXIT_OK, _dumps, _err, _problem_lines


def add_parser(sub) -> None:
    p_list = sub.add_parser("list", help="list the presets",
                            description="List the presets: name, titles in English and Chinese "
                                        "and the first sentence of the description "
                                        "(--json gives the full texts).")
    p_list.add_argument("--json", action="store_true", help="print the presets as JSON")
    p_list.add_argument("--lang", choices=("en", "zh"), default="en",
                        help="language of the description (default en)")


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
        return _err(problems, stderr, getattr(args, "lang", "en"))
    return EXIT_OK
