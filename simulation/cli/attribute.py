"""``attribute``: Shapley attribution of the difference between two scenarios to levers."""

from __future__ import annotations

import math
from typing import TextIO

from ..experiment import MAX_REPLICATIONS
from ..scenario import MODEL_VERSION
from ._analysis import TEXT, _analysis_progress, _emit_analysis, _kpi_problems, _kpi_title, _note
from ._common import (KPI_HELP, _check_out, _err, _int_in, _interval, _load_all, _table,
                      analysis_out_help, experiment_options, fmt_value)


def add_parser(sub) -> None:
    p_att = sub.add_parser(
        "attribute", help="split the difference between two scenarios among their levers",
        description="Shapley attribution: how much of the change in each KPI from BASE to "
                    "SCENARIO each lever group (or each changed lever, --by lever) is "
                    "responsible for, averaged over every order of switching them on, on "
                    "common random numbers. The contributions add up to the difference.")
    p_att.add_argument("base", metavar="BASE", help="the scenario to start from (file or preset)")
    p_att.add_argument("scenario", metavar="SCENARIO", help="the scenario to explain")
    p_att.add_argument("--kpi", dest="kpis", action="append", default=None, metavar="K",
                       help=f"{KPI_HELP}; repeatable (default: profit, cost, carbon, 90-day "
                            "retention and repeat-purchase rate)")
    p_att.add_argument("--by", choices=("group", "lever"), default="group",
                       help="players: lever groups E/S/G/marketing/policy/... (default) or each "
                            "changed parameter (the channel shares count as one)")
    p_att.add_argument("--permutations", type=_int_in("permutations", 2, 1000), default=24,
                       metavar="N", help="sampled orders when there are more than six players "
                                         "(default 24)")
    experiment_options(p_att, "both scenarios", replications=8,
                       replications_help="replications of every combination of players, "
                                         f"2..{MAX_REPLICATIONS} (default 8)",
                       out_help=analysis_out_help("one row per (KPI, player)"))


ATTRIBUTE_KPIS = ("profit_cny", "cost_total_cny", "carbon_kg_total", "retention_90d",
                  "repeat_purchase_rate")


def cmd_attribute(args, stdout: TextIO, stderr: TextIO) -> int:
    from ..analysis import attribute

    kpis = list(dict.fromkeys(args.kpis)) if args.kpis else list(ATTRIBUTE_KPIS)
    problems = _check_out(args.out)
    for k in kpis:
        problems += _kpi_problems(k, "--kpi")
    if args.replications < 2:
        problems.append(f"--replications {args.replications}: attribution needs at least 2, "
                        "for intervals")
    scenarios, _, load_problems = _load_all([args.base, args.scenario], args.changes)
    problems = load_problems + problems
    if not problems:
        (base_name, base), (sc_name, sc) = scenarios.items()
        if base.fingerprint() == sc.fingerprint():
            problems.append(f"attribute: {args.base} and {args.scenario} are the same "
                            "scenario; there is no difference to attribute")
    if problems:
        return _err(problems, stderr, getattr(args, "lang", "en"))
    progress = _analysis_progress(args, stderr)
    try:
        res = attribute(base, sc, kpis=kpis, replications=args.replications, seed=args.seed,
                        by=args.by, permutations=args.permutations, progress=progress,
                        workers=args.workers)
    except ValueError as e:
        return _err([f"attribute: {e}"], stderr)
    doc = {"base": base_name, "scenario": sc_name, "model_version": MODEL_VERSION,
           "kpis": list(res.kpis), "by": args.by, **res.to_dict()}
    t, lang = TEXT[args.lang], args.lang
    label = "label_zh" if lang == "zh" else "label_en"
    table = res.table()
    totals = {r["kpi"]: r for r in res.totals().to_dict("records")}
    method = (t["exact"].format(n=len(res.players)) if res.method == "exact"
              else t["perm"].format(n=len(res.players), p=res.permutations))
    parts = [t["att_head"].format(base=base_name, scenario=sc_name,
                                  by=t["by_group" if args.by == "group" else "by_lever"],
                                  method=method, reps=res.replications, seed=args.seed,
                                  version=MODEL_VERSION, sims=res.simulations)]
    for k in res.kpis:
        tot = totals[k]
        rows = [[base_name, fmt_value(tot["base_mean"], k), ""],
                [sc_name, fmt_value(tot["scenario_mean"], k), ""],
                [t["difference"], fmt_value(tot["diff_mean"], k, signed=True),
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
        parts += ["", _table([_kpi_title(k, lang), t["value"], t["ci"]], rows, right={1, 2}),
                  t["check"].format(sum=fmt_value(total, k, signed=True),
                                    diff=fmt_value(diff, k, signed=True), mark=mark).rstrip()]
    if res.method != "exact":
        parts += ["", _note(t["perm_note"], lang)]
    return _emit_analysis(args, table, doc, "\n".join(parts), stdout, stderr)
