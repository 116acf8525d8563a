"""``params``: every model parameter with its unit, range, default and source."""

from __future__ import annotations

from typing import Any, TextIO

from ..scenario import parameter_table
from ._common import EXIT_OK, _dumps, _table


def add_parser(sub) -> None:
    p_par = sub.add_parser("params", help="list every model parameter with unit, range, "
                                          "default and source",
                           description="List the schema's parameters (the model's inputs): "
                                       "dotted path, lever group, label, unit, default, "
                                       "allowed range and source.")
    p_par.add_argument("--json", action="store_true", help="print the table as JSON")
    p_par.add_argument("--lang", choices=("en", "zh"), default="en",
                       help="language of the labels (default en)")
    p_par.add_argument("--group", choices=("E", "S", "G", "marketing", "policy", "assumptions",
                                           "run"), help="only this lever group")


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
    print(_table(["parameter", "group", "label", "unit", "default", "range", "plausible",
                  "source"], table, right=set()), file=stdout)
    return EXIT_OK
