"""``sensitivity``: a one-at-a-time tornado table, or a global (Latin hypercube) analysis."""

from __future__ import annotations

import math
from typing import Any, TextIO

import numpy as np

from ..experiment import MAX_REPLICATIONS
from ..loader import ScenarioError, parse_value
from ..scenario import MODEL_VERSION, parameter_rows
from ._analysis import (TEXT, _analysis_progress, _emit_analysis, _fmt_param, _kpi_problems,
                        _kpi_title, _load_one, _note, _number, _param_problems, _param_unit)
from ._common import (KPI_HELP, _check_out, _err, _int_in, _interval, _label, _shown_unit,
                      _table, analysis_out_help, experiment_options, fmt_value)


def add_parser(sub) -> None:
    p_sen = sub.add_parser(
        "sensitivity", help="which assumptions a KPI hangs on: a tornado table, or --global",
        description="One at a time, set each parameter to the low and then the high end of its "
                    "range (its documented plausible range, else ±25% of its value; on/off for "
                    "a lever), everything else as in SCENARIO, on common random numbers. "
                    "Prints the KPI at both ends and the swing (high − low) with its 95% "
                    "interval, largest first; 'within noise' marks a swing whose interval "
                    "contains 0. --global varies all the parameters together over a Latin "
                    "hypercube and prints standardised regression coefficients (SRC) with "
                    "bootstrap intervals and R².")
    p_sen.add_argument("scenario", metavar="SCENARIO", help="a scenario YAML file or preset name")
    p_sen.add_argument("--kpi", required=True, metavar="K", help=KPI_HELP)
    p_sen.add_argument("--parameter", "-p", dest="parameters", action="append", default=[],
                       metavar="PATH", help="a parameter's dotted path (repeatable; default: "
                                            "ten assumptions on prices, margins, customers, "
                                            "staff, carbon and commission)")
    p_sen.add_argument("--range", dest="ranges", action="append", default=[],
                       metavar="PATH=LOW:HIGH",
                       help="the low and high value of a parameter, e.g. "
                            "customers.eco_share=0.2:0.35 (repeatable; also selects it)")
    p_sen.add_argument("--global", dest="global_", action="store_true",
                       help="global sensitivity: a Latin hypercube over every range at once")
    p_sen.add_argument("--samples", type=_int_in("samples", 2, MAX_REPLICATIONS), default=None,
                       metavar="N", help="Latin-hypercube samples with --global (default 40; at "
                                         "least the number of parameters + 3)")
    experiment_options(p_sen, "the scenario", replications=None,
                       replications_help="replications of every variant (default 6, at least "
                                         "2; with --global per sample, default 1)",
                       out_help=analysis_out_help("the table, one row per parameter"))


def _parse_range(text: str, problems: list[str]) -> tuple[str, Any, Any] | None:
    path, sep, rest = text.partition("=")
    path = path.strip()
    low_s, sep2, high_s = rest.partition(":")
    if not sep or not sep2 or not path or not low_s.strip() or not high_s.strip():
        problems.append(f"--range {text}: expected PATH=LOW:HIGH, e.g. "
                        "customers.eco_share=0.2:0.35")
        return None
    bad = _param_problems(path, "--range")
    if bad:
        problems += bad
        return None
    row = parameter_rows()[path]
    ends = []
    for raw in (low_s, high_s):
        raw = raw.strip()
        try:
            value = parse_value(raw)
        except ScenarioError:
            value = raw
        if isinstance(value, str):
            try:
                value = _number(value)
            except ValueError:
                problems.append(f"--range {text}: '{raw}' is not a number")
                return None
        ends.append(value)
    low, high = ends
    if isinstance(row["value"], bool):
        if not (isinstance(low, bool) and isinstance(high, bool)) or low == high:
            problems.append(f"--range {text}: {path} is an on/off lever; its range is "
                            "false:true")
            return None
        return path, low, high
    if not isinstance(row["value"], (int, float)):
        problems.append(f"--range {text}: {path} is not a number; it cannot be swung")
        return None
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in ends):
        problems.append(f"--range {text}: LOW and HIGH must be numbers")
        return None
    if not low < high:
        problems.append(f"--range {text}: LOW ({low:g}) must be below HIGH ({high:g})")
        return None
    if row["min"] is not None and low < row["min"]:
        problems.append(f"--range {text}: {low:g} is below the minimum of {path} "
                        f"({row['min']:g})")
        return None
    if row["max"] is not None and high > row["max"]:
        problems.append(f"--range {text}: {high:g} is above the maximum of {path} "
                        f"({row['max']:g})")
        return None
    return path, low, high


def cmd_sensitivity(args, stdout: TextIO, stderr: TextIO) -> int:
    from ..analysis import (DEFAULT_SENSITIVITY_PARAMETERS, global_sensitivity, sensitivity,
                           sensitivity_range)

    problems = _check_out(args.out) + _kpi_problems(args.kpi, "--kpi")
    for path in args.parameters:
        problems += _param_problems(path, "--parameter")
    ranges: dict[str, tuple] = {}
    for text in args.ranges:
        parsed = _parse_range(text, problems)
        if parsed:
            ranges[parsed[0]] = parsed[1:]
    reps = args.replications if args.replications is not None else (1 if args.global_ else 6)
    if not args.global_ and args.samples is not None:
        problems.append("--samples: only with --global")
    if not args.global_ and reps < 2:
        problems.append(f"--replications {reps}: a one-at-a-time analysis needs at least 2, to "
                        "tell a swing from noise")
    paths = list(dict.fromkeys([*args.parameters, *ranges])) or \
        list(DEFAULT_SENSITIVITY_PARAMETERS)
    samples = args.samples if args.samples is not None else max(40, len(paths) + 3)
    if args.global_ and samples < len(paths) + 3:
        problems.append(f"--samples {samples}: at least the number of parameters + 3 "
                        f"({len(paths) + 3}) with {len(paths)} parameters")
    loaded = _load_one(args, problems)
    if loaded and not problems:
        for path in paths:
            if path not in ranges:
                try:
                    ranges[path] = tuple(sensitivity_range(path, loaded[1]))
                except ValueError as e:
                    problems.append(f"--parameter {path}: {e}")
    if problems or loaded is None:
        return _err(problems, stderr, getattr(args, "lang", "en"))
    name, sc = loaded
    parameters = {p: ranges[p] for p in paths}
    progress = _analysis_progress(args, stderr)
    try:
        if args.global_:
            res = global_sensitivity(sc, kpi=args.kpi, parameters=parameters, samples=samples,
                                     replications=reps, seed=args.seed, progress=progress,
                                     workers=args.workers)
        else:
            res = sensitivity(sc, kpi=args.kpi, parameters=parameters, replications=reps,
                              seed=args.seed, progress=progress, workers=args.workers)
    except ValueError as e:  # ScenarioError too: a variant the schema refuses
        return _err([f"sensitivity: {e}"], stderr)
    table = res.table()
    doc = {"scenario": name, "model_version": MODEL_VERSION, **res.to_dict()}
    t, lang, kpi = TEXT[args.lang], args.lang, args.kpi
    label = "label_zh" if lang == "zh" else "label_en"
    if args.global_:
        rows = [[r[label], _param_unit(r["unit"]), _fmt_param(r["low"], r["unit"], lang),
                 _fmt_param(r["high"], r["unit"], lang), _fmt_coef(r["src"]),
                 f"[{_fmt_coef(r['src_ci_low'])}, {_fmt_coef(r['src_ci_high'])}]",
                 _fmt_coef(r["srrc"])] for r in table.to_dict("records")]
        report = "\n".join([
            t["glob_head"].format(name=name, kpi=_kpi_title(kpi, lang), n=len(paths),
                                  samples=res.samples, reps=res.replications, seed=args.seed,
                                  version=MODEL_VERSION, sims=res.simulations),
            t["r2"].format(r2=_fmt_coef(res.r2(), 3, signed=False),
                           r2r=_fmt_coef(res.r2_rank(), 3, signed=False)),
            "",
            _table([t["param"], t["unit"], t["low"], t["high"], t["src"], t["ci"], t["srrc"]],
                   rows, right={2, 3, 4, 5, 6}),
            "", _note(t["glob_note"], lang)])
        if not np.isfinite(res.design[kpi].to_numpy(dtype=float)).any():
            report += "\n" + t["unmeasured"].format(kpi=_label(kpi, lang))
    else:
        mean, lo, hi = res.base()
        rows = [[r[label], _param_unit(r["unit"]), _fmt_param(r["low"], r["unit"], lang),
                 _fmt_param(r["high"], r["unit"], lang), fmt_value(r["kpi_low"], kpi),
                 fmt_value(r["kpi_high"], kpi), fmt_value(r["swing"], kpi, signed=True),
                 _interval(r["swing_ci_low"], r["swing_ci_high"], kpi, signed=True),
                 t["noise"] if r["within_noise"] else ""] for r in table.to_dict("records")]
        report = "\n".join([
            t["oat_head"].format(name=name, kpi=_kpi_title(kpi, lang), n=len(paths),
                                 reps=res.replications, seed=args.seed, version=MODEL_VERSION,
                                 sims=res.simulations),
            t["base"].format(mean=fmt_value(mean, kpi), unit=_shown_unit(kpi),
                             ci=_interval(lo, hi, kpi)),
            "",
            _table([t["param"], t["unit"], t["low"], t["high"], t["at_low"], t["at_high"],
                    t["swing"], t["ci"], ""], rows, right={2, 3, 4, 5, 6, 7}),
            "", _note(t["oat_note"], lang)])
        if not math.isfinite(mean):
            report += "\n" + t["unmeasured"].format(kpi=_label(kpi, lang))
    return _emit_analysis(args, table, doc, report, stdout, stderr)


def _fmt_coef(x: Any, digits: int = 2, signed: bool = True) -> str:
    if x is None or not math.isfinite(float(x)):
        return "n/a"
    return f"{float(x):{'+' if signed else ''}.{digits}f}"
