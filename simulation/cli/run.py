"""``run``: one scenario, each KPI's mean with its 95% interval."""

from __future__ import annotations

from typing import TextIO

from ..experiment import summarise
from ..scenario import MODEL_VERSION
from ..strings import t
from ._common import (HEADERS, _check_out, _emit, _err, _interval, _kpi_order, _kpi_stats,
                      _label, _load_all, _run, _shown_unit, _table, experiment_options,
                      fmt_value, help_text)


def add_parser(sub, lang: str = "en") -> None:
    p_run = sub.add_parser("run", help=help_text("cli.run_help", lang),
                           description=t("cli.run_description", lang))
    p_run.add_argument("scenario", metavar="SCENARIO", help=help_text("cli.help_scenario", lang))
    experiment_options(p_run, t("cli.what_scenario", lang), lang=lang)


def cmd_run(args, stdout: TextIO, stderr: TextIO) -> int:
    problems = _check_out(args.out, args.lang)
    scenarios, _, load_problems = _load_all([args.scenario], args.changes, args.lang)
    problems = load_problems + problems
    if problems:
        return _err(problems, stderr, args.lang)
    (name, _sc), = scenarios.items()
    df = _run(args, scenarios, stderr)
    summary = summarise(df)
    rows = summary.to_dict("records")
    doc = {"scenario": name, "replications": args.replications, "seed": args.seed,
           "model_version": MODEL_VERSION, "kpis": _kpi_stats(rows)}
    h = HEADERS[args.lang]
    by_kpi = {r["kpi"]: r for r in rows}
    table_rows = [[_label(k, args.lang), fmt_value(by_kpi[k]["mean"], k),
                   _interval(by_kpi[k]["ci_low"], by_kpi[k]["ci_high"], k), _shown_unit(k)]
                  for k in _kpi_order(list(by_kpi))]
    table = "\n".join([
        f"{name}: " + h["reps"].format(n=args.replications, seed=args.seed,
                                       version=MODEL_VERSION),
        "",
        _table([h["kpi"], h["mean"], h["ci"], h["unit"]], table_rows, right={1, 2})])
    return _emit(args, df, doc, table, stdout, stderr)
