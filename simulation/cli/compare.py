"""``compare``: scenarios side by side on common random numbers, with paired differences
and the net cost per tonne of CO2e avoided."""

from __future__ import annotations

import math
from typing import TextIO

from ..experiment import abatement_cost, compare_to, summarise
from ..scenario import MODEL_VERSION
from ..strings import t
from ._common import (HEADERS, _emit, _err, _check_out, _interval, _kpi_order, _kpi_stats,
                      _label, _load_all, _nan_to_none, _run, _shown_unit, _table,
                      experiment_options, fmt_value, help_text)


def add_parser(sub, lang: str = "en") -> None:
    p_cmp = sub.add_parser("compare", help=help_text("cli.compare_help", lang),
                           description=t("cli.compare_description", lang))
    p_cmp.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                       help=help_text("cli.compare_scenarios", lang))
    p_cmp.add_argument("--reference", "-r", metavar="NAME",
                       help=help_text("cli.compare_reference", lang))
    experiment_options(p_cmp, t("cli.what_every", lang), lang=lang)


def cmd_compare(args, stdout: TextIO, stderr: TextIO) -> int:
    if len(args.scenarios) < 2:
        return _err([t("cli.compare_two", args.lang)], stderr, args.lang)
    problems = _check_out(args.out, args.lang)
    scenarios, arg_to_name, load_problems = _load_all(args.scenarios, args.changes, args.lang)
    problems = load_problems + problems
    reference = None
    if not load_problems:
        names = list(scenarios)
        if args.reference is None:
            reference = names[0]
        elif args.reference in scenarios:
            reference = args.reference
        elif args.reference in arg_to_name:
            reference = arg_to_name[args.reference]
        else:
            problems.append(t("cli.compare_bad_reference", args.lang, name=args.reference,
                              names=", ".join(names)))
    if problems:
        return _err(problems, stderr, args.lang)
    df = _run(args, scenarios, stderr)
    summary = summarise(df).to_dict("records")
    diffs = compare_to(df, reference).to_dict("records")
    kpis = {name: _kpi_stats([r for r in summary if r["scenario"] == name]) for name in scenarios}
    differences: dict[str, dict[str, dict]] = {}
    for name in scenarios:
        if name == reference:
            continue
        mine = {r["kpi"]: r for r in diffs if r["scenario"] == name}
        differences[name] = {k: {f: _nan_to_none(float(mine[k][f]))
                                 for f in ("diff_mean", "ci_low", "ci_high", "prob_better")}
                             for k in _kpi_order(list(mine))}
    abate = abatement_cost(df, reference).to_dict("records")
    doc = {"scenarios": list(scenarios), "reference": reference,
           "replications": args.replications, "seed": args.seed,
           "model_version": MODEL_VERSION, "kpis": kpis, "differences": differences,
           "abatement": {r["scenario"]: {k: _nan_to_none(float(r[k])) for k in (
               "carbon_avoided_t", "profit_forgone_cny", "cost_per_t_avoided_cny", "ci_low",
               "ci_high")} for r in abate}}

    h = HEADERS[args.lang]
    s_index = {(r["scenario"], r["kpi"]): r for r in summary}
    d_index = {(r["scenario"], r["kpi"]): r for r in diffs}
    rows = []
    for k in _kpi_order(list(kpis[reference])):
        unit = _shown_unit(k)
        label = f"{_label(k, args.lang)} ({unit})" if unit else _label(k, args.lang)
        for i, name in enumerate([reference] + [n for n in scenarios if n != reference]):
            s = s_index[(name, k)]
            row = [label if i == 0 else "", name, fmt_value(s["mean"], k),
                   _interval(s["ci_low"], s["ci_high"], k)]
            if name == reference:
                row += ["", "", ""]
            else:
                d = d_index[(name, k)]
                p = d["prob_better"]
                row += [fmt_value(d["diff_mean"], k, signed=True),
                        _interval(d["ci_low"], d["ci_high"], k, signed=True),
                        f"{p:.2f}" if math.isfinite(p) else "–"]
            rows.append(row)
    table = "\n".join([
        ", ".join(f"{n} ({h['reference']})" if n == reference else n for n in scenarios) + ": "
        + h["reps"].format(n=args.replications, seed=args.seed, version=MODEL_VERSION)
        + "; " + h["crn"],
        "",
        _table([h["kpi"], h["scenario"], h["mean"], h["ci"], h["diff"].format(ref=reference),
                h["ci"], h["p"]], rows, right={2, 3, 4, 5, 6}),
        ""] + [
        h["abate"].format(ref=reference, name=r["scenario"],
                          value=f"{r['cost_per_t_avoided_cny']:,.0f}",
                          lo=f"{r['ci_low']:,.0f}", hi=f"{r['ci_high']:,.0f}",
                          t=r["carbon_avoided_t"], c=-r["profit_forgone_cny"])
        if math.isfinite(r["cost_per_t_avoided_cny"])
        else h["abate_none"].format(ref=reference, name=r["scenario"]) for r in abate])
    return _emit(args, df, doc, table, stdout, stderr)
