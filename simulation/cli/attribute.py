"""``attribute``: Shapley attribution of the difference between two scenarios to levers."""

from __future__ import annotations

import math
from typing import TextIO

from ..experiment import MAX_REPLICATIONS
from ..scenario import MODEL_VERSION
from ._analysis import TEXT, _analysis_progress, _emit_analysis, _kpi_problems, _kpi_title, _note
from ..strings import t
from ._common import (_check_out, _err, _int_in, _interval, _load_all, _table,
                      analysis_out_help, experiment_options, fmt_value, help_text)


def add_parser(sub, lang: str = "en") -> None:
    p_att = sub.add_parser("attribute", help=help_text("cli.attribute_help", lang),
                           description=t("cli.attribute_description", lang))
    p_att.add_argument("base", metavar="BASE", help=help_text("cli.attribute_base", lang))
    p_att.add_argument("scenario", metavar="SCENARIO",
                       help=help_text("cli.attribute_scenario", lang))
    p_att.add_argument("--kpi", dest="kpis", action="append", default=None, metavar="K",
                       help=help_text("cli.attribute_kpi", lang,
                                      kpi_help=t("cli.help_kpi", lang)))
    p_att.add_argument("--by", choices=("group", "lever"), default="group",
                       help=help_text("cli.attribute_by", lang))
    p_att.add_argument("--permutations", type=_int_in("permutations", 2, 1000, lang), default=24,
                       metavar="N", help=help_text("cli.attribute_permutations", lang))
    experiment_options(p_att, t("cli.what_both", lang), replications=8,
                       replications_help=help_text("cli.attribute_replications", lang,
                                                   max=MAX_REPLICATIONS),
                       out_help=analysis_out_help(t("cli.attribute_csv", lang), lang), lang=lang)


ATTRIBUTE_KPIS = ("profit_cny", "cost_total_cny", "carbon_kg_total", "retention_90d",
                  "repeat_purchase_rate")


def cmd_attribute(args, stdout: TextIO, stderr: TextIO) -> int:
    from ..analysis import attribute

    kpis = list(dict.fromkeys(args.kpis)) if args.kpis else list(ATTRIBUTE_KPIS)
    problems = _check_out(args.out, args.lang)
    for k in kpis:
        problems += _kpi_problems(k, "--kpi", args.lang)
    if args.replications < 2:
        problems.append(t("cli.reps_attribute", args.lang, reps=args.replications))
    scenarios, _, load_problems = _load_all([args.base, args.scenario], args.changes, args.lang)
    problems = load_problems + problems
    if not problems:
        (base_name, base), (sc_name, sc) = scenarios.items()
        if base.fingerprint() == sc.fingerprint():
            problems.append(t("cli.same_scenario", args.lang, base=args.base,
                              scenario=args.scenario))
    if problems:
        return _err(problems, stderr, args.lang)
    progress = _analysis_progress(args, stderr)
    try:
        res = attribute(base, sc, kpis=kpis, replications=args.replications, seed=args.seed,
                        by=args.by, permutations=args.permutations, progress=progress,
                        workers=args.workers)
    except ValueError as e:
        return _err([f"attribute: {e}"], stderr, args.lang)
    doc = {"base": base_name, "scenario": sc_name, "model_version": MODEL_VERSION,
           "kpis": list(res.kpis), "by": args.by, **res.to_dict()}
    tx, lang = TEXT[args.lang], args.lang
    label = "label_zh" if lang == "zh" else "label_en"
    table = res.table()
    totals = {r["kpi"]: r for r in res.totals().to_dict("records")}
    method = (tx["exact"].format(n=len(res.players)) if res.method == "exact"
              else tx["perm"].format(n=len(res.players), p=res.permutations))
    parts = [tx["att_head"].format(base=base_name, scenario=sc_name,
                                  by=tx["by_group" if args.by == "group" else "by_lever"],
                                  method=method, reps=res.replications, seed=args.seed,
                                  version=MODEL_VERSION, sims=res.simulations)]
    for k in res.kpis:
        tot = totals[k]
        rows = [[base_name, fmt_value(tot["base_mean"], k), ""],
                [sc_name, fmt_value(tot["scenario_mean"], k), ""],
                [tx["difference"], fmt_value(tot["diff_mean"], k, signed=True),
                 _interval(tot["ci_low"], tot["ci_high"], k, signed=True)]]
        contributions = table[table["kpi"] == k].to_dict("records")
        rows += [["  " + r[label], fmt_value(r["contribution"], k, signed=True),
                  _interval(r["ci_low"], r["ci_high"], k, signed=True)] for r in contributions]
        total = float(sum(r["contribution"] for r in contributions))
        diff = float(tot["diff_mean"])
        if math.isfinite(total) and math.isfinite(diff):
            mark = "✓" if abs(total - diff) <= 1e-6 * max(1.0, abs(diff)) else "≠ (!)"
        else:
            mark = ""
        parts += ["", _table([_kpi_title(k, lang), tx["value"], tx["ci"]], rows, right={1, 2}),
                  tx["check"].format(sum=fmt_value(total, k, signed=True),
                                    diff=fmt_value(diff, k, signed=True), mark=mark).rstrip()]
    if res.method != "exact":
        parts += ["", _note(tx["perm_note"], lang)]
    return _emit_analysis(args, table, doc, "\n".join(parts), stdout, stderr)
