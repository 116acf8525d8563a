"""``params``: every model parameter with its unit, range, default and source."""

from __future__ import annotations

from typing import Any, TextIO

from ..scenario import parameter_table
from ..strings import t
from ._common import EXIT_OK, _dumps, _table, help_text, lang_option


def add_parser(sub, lang: str = "en") -> None:
    p_par = sub.add_parser("params", help=help_text("cli.params_help", lang),
                           description=t("cli.params_description", lang))
    p_par.add_argument("--json", action="store_true", help=help_text("cli.params_json", lang))
    lang_option(p_par, lang)
    p_par.add_argument("--group", choices=("E", "S", "G", "marketing", "policy", "assumptions",
                                           "run"), help=help_text("cli.params_group", lang))


def cmd_params(args, stdout: TextIO, stderr: TextIO) -> int:
    rows = [r for r in parameter_table() if args.group is None or r["group"] == args.group]
    if args.json:
        print(_dumps(rows), file=stdout)
        return EXIT_OK
    label = "label_zh" if args.lang == "zh" else "label_en"

    def show(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, float):
            return f"{v:g}"
        if isinstance(v, (list, tuple)):
            return ",".join(show(x) for x in v)
        return str(v)

    table = [[r["path"], r["group"], r[label], r["unit"], show(r["default"]),
              f"[{show(r['min'])}, {show(r['max'])}]" if r["min"] is not None else "",
              f"{show(r['plausible_low'])}–{show(r['plausible_high'])}"
              if r["plausible_low"] is not None else "",
              r["source"]] for r in rows]
    header = [t(f"cli.col_{c}", args.lang) for c in ("parameter", "group", "label", "unit",
                                                      "default", "range", "plausible", "source")]
    print(_table(header, table, right=set()), file=stdout)
    return EXIT_OK
