"""``optimise`` (``optimize``): recommend a marketing-budget split under constraints."""

from __future__ import annotations

import math
import re
import textwrap
from typing import Any, Mapping, Sequence, TextIO

import pandas as pd

from ..experiment import MAX_REPLICATIONS
from ..metrics import KPI_LABELS, KPI_NAMES
from ..scenario import (CHANNEL_LABELS, CHANNELS, MAX_MONTHLY_BUDGET_CNY, MODEL_VERSION, Scenario,
                        parameter_rows)
from ._analysis import (TEXT, _analysis_progress, _emit_analysis, _fmt_param, _kpi_problems,
                        _kpi_title, _load_one, _number, _param_problems, _strict, _suggest)
from ..strings import LANGS, t
from ._common import (EXIT_INFEASIBLE, EXIT_OK, Strings, _err, _check_out, _int_in, _interval,
                      _is_fraction, _label, _table, _unit, analysis_out_help,
                      experiment_options, fmt_value, help_text)


def add_parser(sub, lang: str = "en") -> None:
    p_opt = sub.add_parser("optimise", aliases=["optimize"],
                           help=help_text("cli.optimise_help", lang),
                           description=t("cli.optimise_description", lang),
                           epilog=t("cli.optimise_epilog", lang))
    p_opt.add_argument("scenario", metavar="SCENARIO", help=help_text("cli.help_scenario", lang))
    p_opt.add_argument("--objective", required=True, metavar="K",
                       help=help_text("cli.help_kpi", lang))
    p_opt.add_argument("--minimise", "--minimize", dest="minimise", action="store_true",
                       help=help_text("cli.optimise_minimise", lang))
    p_opt.add_argument("--constraint", "-c", dest="constraints", action="append", default=[],
                       metavar="'K<=V'", help=help_text("cli.optimise_constraint", lang))
    p_opt.add_argument("--min-share", dest="min_shares", action="append", default=[],
                       metavar="CHANNEL=V", help=help_text("cli.optimise_min_share", lang))
    p_opt.add_argument("--max-share", dest="max_shares", action="append", default=[],
                       metavar="CHANNEL=V", help=help_text("cli.optimise_max_share", lang))
    p_opt.add_argument("--min-esg-share", metavar="V", default=None,
                       help=help_text("cli.optimise_min_esg", lang))
    p_opt.add_argument("--budget-range", metavar="LOW:HIGH", default=None,
                       help=help_text("cli.optimise_budget_range", lang))
    p_opt.add_argument("--lever", dest="levers", action="append", default=[], metavar="PATH",
                       help=help_text("cli.optimise_lever", lang))
    p_opt.add_argument("--design-points",
                       type=_int_in("design points", 2, MAX_REPLICATIONS, lang),
                       default=None, metavar="N", help=help_text("cli.optimise_design_points", lang))
    p_opt.add_argument("--design-replications", type=_int_in("design replications", 1, 100, lang),
                       default=2, metavar="N",
                       help=help_text("cli.optimise_design_replications", lang))
    experiment_options(p_opt, t("cli.what_scenario", lang), replications=8,
                       replications_help=help_text("cli.optimise_replications", lang,
                                                   max=MAX_REPLICATIONS),
                       out_help=analysis_out_help(t("cli.optimise_csv", lang), lang), lang=lang)


SHORT_CHANNELS = {lang: Strings(lang, "short_") for lang in LANGS}   # the Pareto table's headers


def _get(sc: Scenario, path: str) -> Any:
    value: Any = sc
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _share(text: str, lang: str = "en") -> float:
    """A share given as a fraction (0.1) or a percentage (10%); ValueError naming the problem."""
    try:
        value = _number(text)
    except ValueError:
        raise ValueError(t("cli.share_not", lang, text=text.strip())) from None
    if not 0 <= value <= 1:
        hint = t("cli.share_hint", lang, text=text.strip()) if 1 < value <= 100 and \
            not text.strip().endswith("%") else ""
        raise ValueError(t("cli.share_outside", lang, text=text.strip(), hint=hint))
    return value


def _channel_shares(items: Sequence[str], option: str, problems: list[str], lang: str = "en"
                    ) -> dict[str, float]:
    out: dict[str, float] = {}
    for text in items:
        channel, sep, raw = text.partition("=")
        channel = channel.strip()
        if not sep or not channel or not raw.strip():
            problems.append(t("cli.channel_syntax", lang, option=option, text=text))
            continue
        if channel not in CHANNELS:
            problems.append(t("cli.unknown_channel", lang, option=option, text=text,
                              channel=channel) + _suggest(
                channel, CHANNELS, t("cli.channels", lang, names=", ".join(CHANNELS)), lang))
            continue
        try:
            out[channel] = _share(raw, lang)
        except ValueError as e:
            problems.append(f"{option} {text}: {e}")
    return out


def _constraint(text: str, parse_constraint) -> Any:
    """parse_constraint, also taking a percentage for a rate KPI ('retention_90d>=40%') and
    suggesting the KPI meant by an unknown name."""
    m = re.match(r"^\s*([A-Za-z0-9_]+)\s*(<=|>=)\s*(.+?)\s*%\s*$", text)
    if m:
        kpi, op, raw = m.groups()
        if kpi in KPI_LABELS and not _is_fraction(kpi):
            raise ValueError(f"{kpi} is in {_unit(kpi)}, not a rate: give its limit without %")
        try:
            value = float(raw.replace(",", "").replace("_", "")) / 100
        except ValueError:
            raise ValueError(f"'{raw}%' is not a number") from None
        text = f"{kpi}{op}{value!r}"
    m = re.match(r"^\s*([A-Za-z0-9_]+)\s*(<=|>=)\s*[-+0-9.eE_,]+\s*$", text)
    if m and m.group(1) not in KPI_LABELS:   # well formed but for the name: say which KPI
        kpi = m.group(1)
        raise ValueError(f"unknown KPI '{kpi}'" + _suggest(
            kpi, list(KPI_LABELS), f"choose one of {', '.join(KPI_NAMES)}"))
    return parse_constraint(text)


def _share_pct(x: Any, signed: bool = False) -> str:
    if x is None or not math.isfinite(float(x)):
        return "n/a"
    return f"{float(x) * 100:+.1f} pp" if signed else f"{float(x) * 100:.1f}%"


def _stat_cells(stat: Mapping[str, Any] | None, kpi: str, signed: bool = False) -> list[str]:
    if not stat:
        return ["n/a", "n/a"]
    mean = stat.get("mean")
    lo, hi = stat.get("ci_low"), stat.get("ci_high")
    nan = float("nan")
    return [fmt_value(nan if mean is None else float(mean), kpi, signed),
            _interval(nan if lo is None else float(lo), nan if hi is None else float(hi), kpi,
                      signed)]


def _constraint_kpi(text: str) -> str | None:
    m = re.match(r"\s*([A-Za-z0-9_]+)\s*(<=|>=)", str(text))
    return m.group(1) if m else None


def _infeasible_lines(rec, tx) -> list[str]:
    lines = []
    for item in rec.infeasible:
        c = str(item.get("constraint", ""))
        kpi = _constraint_kpi(c)
        best = item.get("best_reachable")
        if item.get("kind") == "bounds" or kpi is None:
            lines.append(tx["inf_bounds"].format(c=c, sum=_share_pct(best)))
            continue
        limit = item.get("limit")
        limit_s = fmt_value(float(limit), kpi) if limit is not None else "n/a"
        if best is None or not math.isfinite(float(best)):
            line = tx["inf_kpi_none"].format(c=c, limit=limit_s)
        else:
            line = tx["inf_kpi"].format(c=c, limit=limit_s, best=fmt_value(float(best), kpi))
        lines.append(line + (tx["together"] if item.get("together") else ""))
    return lines


def _optimise_report(rec, name: str, sc: Scenario, args, bounds: list[str]) -> str:
    from ..analysis import PARETO_KPIS

    tx, lang = TEXT[args.lang], args.lang
    objective = rec.objective
    head = [tx["opt_head"].format(name=name, direction=tx["minimise" if args.minimise
                                                         else "maximise"],
                                 kpi=_kpi_title(objective, lang), reps=rec.replications,
                                 seed=args.seed, version=MODEL_VERSION),
            tx["constraints"].format(items=", ".join([str(c) for c in rec.constraints] + bounds)
                                    or tx["none"])]
    shown = list(dict.fromkeys([objective, *(c.kpi for c in rec.constraints), *PARETO_KPIS]))
    metamodel = getattr(rec, "metamodel", None) or {}
    stages = getattr(rec, "stages", None) or {}
    footer = [tx["sims"].format(n=rec.simulations, design=stages.get("design", 0),
                               confirm=stages.get("confirm", 0))]
    if metamodel:
        footer.append(textwrap.fill(tx["metamodel"].format(
            method=metamodel.get("method", "n/a"), points=metamodel.get("design_points", 0)),
            width=100))

    def measured(k: str) -> bool:  # a KPI the horizon cannot measure (all NaN) has no error
        mean = (rec.kpis.get(k) or rec.current_kpis.get(k) or {}).get("mean")
        return mean is not None and math.isfinite(float(mean))

    loo = metamodel.get("loo_error") or {}
    loo_items = [f"{_label(k, lang)} {float(v):.2f}" for k, v in loo.items()
                 if v is not None and math.isfinite(float(v)) and measured(k)]
    if loo_items:
        footer.append(textwrap.fill(tx["loo"].format(items=", ".join(loo_items)), width=100))

    if rec.current_kpis and not measured(objective):
        footer.append(tx["unmeasured"].format(kpi=_label(objective, lang)))
    if not rec.feasible:
        rows = [[_kpi_title(k, lang), *_stat_cells(rec.current_kpis.get(k), k)]
                for k in shown if k in rec.current_kpis]
        current = ["", tx["current_only"], _table([tx["kpi"], tx["current"], tx["ci"]], rows,
                                                 right={1, 2})] if rows else []
        return "\n".join(head + ["", tx["infeasible"], *_infeasible_lines(rec, tx), *current, "",
                                 *footer])

    # the split: current next to recommended
    label = 1 if lang == "en" else 0
    split = [[CHANNEL_LABELS[ch][label], _share_pct(rec.current_shares.get(ch)),
              _share_pct(rec.shares.get(ch)),
              _share_pct(rec.shares.get(ch, 0) - rec.current_shares.get(ch, 0), signed=True)]
             for ch in CHANNELS]
    cur_budget, new_budget = float(rec.current_total_budget), float(rec.total_budget)
    split.append([tx["budget"], f"{cur_budget:,.0f}", f"{new_budget:,.0f}",
                  f"{new_budget - cur_budget:+,.0f}"])
    rows_param = parameter_rows()
    for path, on in (rec.levers or {}).items():
        row = rows_param.get(path, {})
        lever = row.get("label_zh" if lang == "zh" else "label_en", path)
        before = _get(sc, path)
        split.append([f"{tx['levers']}: {lever}", _fmt_param(before, "", lang),
                      _fmt_param(on, "", lang), "" if bool(before) == bool(on) else "*"])
    split_table = _table([tx["channel"], tx["current"], tx["recommended"], tx["change"]], split,
                         right={1, 2, 3})

    kpi_rows = []
    for k in shown:
        if k not in rec.kpis and k not in rec.current_kpis:
            continue
        d = (rec.difference or {}).get(k) or {}
        p = d.get("prob_better")
        kpi_rows.append([_kpi_title(k, lang), *_stat_cells(rec.current_kpis.get(k), k),
                         *_stat_cells(rec.kpis.get(k), k), *_stat_cells(d, k, signed=True),
                         f"{p:.2f}" if p is not None and math.isfinite(float(p)) else "–"])
    kpi_table = _table([tx["kpi"], tx["current"], tx["ci"], tx["recommended"], tx["ci"], tx["diff"],
                        tx["ci"], tx["p"]], kpi_rows, right={1, 2, 3, 4, 5, 6, 7})
    p = rec.prob_better
    p_line = tx["p_better"].format(kpi=_label(objective, lang),
                                  p=f"{p:.2f}" if p is not None and math.isfinite(float(p))
                                  else "n/a")
    if getattr(rec, "recommended_is_current", False):
        p_line = tx["is_current"]

    binding = []
    for b in rec.binding_constraints:
        if b.get("kind") == "kpi":
            k = b.get("kpi") or _constraint_kpi(b.get("name", "")) or objective

            def show(x, k=k, signed=False):
                return fmt_value(float(x), k, signed) if x is not None else "n/a"
        elif str(b.get("kind", "")).startswith("budget"):
            def show(x, signed=False):
                return fmt_value(float(x), "marketing_cny", signed) if x is not None else "n/a"
        else:
            def show(x, signed=False):
                return _share_pct(x, signed) if x is not None else "n/a"
        binding.append(tx["binding_item"].format(name=b.get("name", ""), value=show(b.get("value")),
                                                limit=show(b.get("limit")),
                                                slack=show(b.get("slack"))))
    binding_lines = [tx["binding"]] + binding if binding else [tx["binding"] + " " + tx["none"]]

    marginal = rec.marginal if isinstance(rec.marginal, pd.DataFrame) else pd.DataFrame(
        rec.marginal)
    m_rows = []
    for r in marginal.to_dict("records"):
        ch = r.get("channel")
        m_rows.append([CHANNEL_LABELS.get(ch, (ch, ch))[label], _share_pct(r.get("share")),
                       f"{float(r.get('spend_cny_month', float('nan'))):,.0f}",
                       _fmt_rate(r.get("new_customers_per_1000_cny")),
                       fmt_value(float(r.get("objective_per_1000_cny", float("nan"))), objective,
                                 signed=True), r.get("at_bound") or ""])
    m_table = _table([tx["channel"], tx["share"], tx["spend"], tx["new_per"],
                      tx["obj_per"].format(kpi=_label(objective, lang)), tx["at_bound"]], m_rows,
                     right={1, 2, 3, 4})

    short = SHORT_CHANNELS[lang]
    searched_budget = any(abs(float(pt.get("total_budget", cur_budget)) - cur_budget) > 1e-9
                          for pt in rec.pareto) or args.budget_range is not None
    lever_paths = list(rec.levers or {})
    pareto_kpis = list(dict.fromkeys([*PARETO_KPIS, objective]))
    p_rows = []
    # the front, plus the recommendation and the current split; when no point is on the front
    # (a Pareto KPI the horizon cannot measure, e.g. 90-day retention in 60 days) all of them
    front = any(pt.get("pareto") for pt in rec.pareto)
    points = [pt for pt in rec.pareto if not front or pt.get("pareto", True)
              or pt.get("recommended") or pt.get("current")]
    for i, pt in enumerate(points, start=1):
        marks = [tx[m] for m, on in (("mark_rec", pt.get("recommended")),
                                    ("mark_cur", pt.get("current")),
                                    ("mark_infeasible", pt.get("feasible") is False),
                                    ("mark_dominated", front and pt.get("pareto") is False))
                 if on]
        shares = pt.get("shares") or {}
        row = [str(i)] + [_share_pct(shares.get(ch)) for ch in CHANNELS]
        if searched_budget:
            row.append(f"{float(pt.get('total_budget', float('nan'))):,.0f}")
        row += [_fmt_param((pt.get("levers") or {}).get(path), "", lang) for path in lever_paths]
        kp = pt.get("kpis") or {}
        row += [_stat_cells(kp.get(k), k)[0] for k in pareto_kpis]
        p_rows.append(row + [", ".join(marks)])
    p_header = ["#"] + [short[ch] for ch in CHANNELS]
    if searched_budget:
        p_header.append(tx["budget"])
    p_header += [rows_param.get(path, {}).get("label_zh" if lang == "zh" else "label_en", path)
                 for path in lever_paths]
    p_header += [_kpi_title(k, lang) for k in pareto_kpis] + [""]
    n_fixed = len(p_header) - 1
    p_table = _table(p_header, p_rows, right=set(range(1, n_fixed)))

    return "\n".join(head + ["", split_table, "", tx["confirmed"], kpi_table, p_line, "",
                             *binding_lines, "", tx["marginal"], m_table, "", tx["pareto"],
                             p_table, "", *footer])


def _fmt_rate(x: Any) -> str:
    if x is None:
        return "n/a"
    x = float(x)
    if not math.isfinite(x):
        return "n/a"
    return f"{x:,.1f}" if abs(x) >= 10 else f"{x:.3g}"


def cmd_optimise(args, stdout: TextIO, stderr: TextIO) -> int:
    from ..analysis import optimise_budget, parse_constraint

    lang = args.lang
    problems = _check_out(args.out, lang) + _kpi_problems(args.objective, "--objective", lang)
    constraints = []
    for text in args.constraints:
        try:
            constraints.append(_constraint(text, parse_constraint))
        except ValueError as e:
            msg = str(e)
            problems.append("--" + msg if msg.startswith("constraint '")
                            else f"--constraint '{text}': {msg}")
    min_share = _channel_shares(args.min_shares, "--min-share", problems, lang)
    max_share = _channel_shares(args.max_shares, "--max-share", problems, lang)
    min_esg = None
    if args.min_esg_share is not None:
        try:
            min_esg = _share(args.min_esg_share, lang)
        except ValueError as e:
            problems.append(f"--min-esg-share {args.min_esg_share}: {e}")
    for ch in CHANNELS:
        low = min_share.get(ch)
        if ch == "esg_content" and min_esg is not None:
            low = min_esg if low is None else max(low, min_esg)
        if low is not None and ch in max_share and low > max_share[ch] + 1e-12:
            problems.append(t("cli.max_below_min", lang, channel=ch, max=f"{max_share[ch]:g}",
                              min=f"{low:g}"))
    budget_range = None
    if args.budget_range is not None:
        low_s, sep, high_s = args.budget_range.partition(":")
        try:
            if not sep:
                raise ValueError
            budget_range = (_number(low_s), _number(high_s))
        except ValueError:
            problems.append(t("cli.budget_syntax", lang, text=args.budget_range))
        else:
            low, high = budget_range
            if not 0 <= low < high <= MAX_MONTHLY_BUDGET_CNY:
                problems.append(t("cli.budget_bounds", lang, text=args.budget_range,
                                  max=f"{MAX_MONTHLY_BUDGET_CNY:,}"))
    if args.replications < 2:
        problems.append(t("cli.reps_optimise", lang, reps=args.replications))
    elif args.design_replications > args.replications:
        problems.append(t("cli.design_reps_max", lang, design=args.design_replications,
                          reps=args.replications))
    for path in dict.fromkeys(args.levers):
        bad = _param_problems(path, "--lever", lang)
        if not bad and not isinstance(parameter_rows()[path]["value"], bool):
            bad = [t("cli.not_onoff", lang, path=path)]
        problems += bad
    loaded = _load_one(args, problems)
    if problems or loaded is None:
        return _err(problems, stderr, lang)
    name, sc = loaded
    progress = _analysis_progress(args, stderr)
    try:
        rec = optimise_budget(
            sc, objective=args.objective, maximise=not args.minimise, constraints=constraints,
            min_share=min_share or None, max_share=max_share or None, min_esg_share=min_esg,
            budget_range=budget_range, levers=list(dict.fromkeys(args.levers)) or None,
            replications=args.replications, design_points=args.design_points,
            design_replications=args.design_replications, seed=args.seed, progress=progress,
            workers=args.workers)
    except ValueError as e:
        return _err([f"optimise: {e}"], stderr, lang)
    bounds = [f"{ch}>={v * 100:.4g}%" for ch, v in min_share.items()]
    bounds += [f"{ch}<={v * 100:.4g}%" for ch, v in max_share.items()]
    if min_esg is not None:
        bounds.append(f"esg_content>={min_esg * 100:.4g}%")
    if budget_range is not None:
        bounds.append(f"{budget_range[0]:,.0f}<=budget<={budget_range[1]:,.0f}")
    doc = {"scenario": name, "model_version": MODEL_VERSION, **rec.to_json()}
    report = _optimise_report(rec, name, sc, args, bounds)
    pareto = pd.json_normalize(_strict(rec.pareto)) if rec.pareto else pd.DataFrame()
    code = _emit_analysis(args, pareto, doc, report, stdout, stderr)
    if code != EXIT_OK:
        return code
    if not rec.feasible:
        if args.json:
            for line in _infeasible_lines(rec, TEXT["en"]):
                print(f"optimise: infeasible: {line.strip()}", file=stderr)
        return EXIT_INFEASIBLE
    return EXIT_OK
