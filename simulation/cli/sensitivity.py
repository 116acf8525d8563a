"""``sensitivity``: a one-at-a-time tornado table, or a global (Latin hypercube) analysis."""

from __future__ import annotations

import math
from typing import Any, TextIO

import numpy as np

from ..experiment import MAX_REPLICATIONS
from ..loader import ScenarioError, parse_value
from ..analysis.sensitivity import MIN_Q2, MIN_SAMPLES_PER_PARAMETER
from ..scenario import MODEL_VERSION, parameter_rows
from ._analysis import (TEXT, _analysis_progress, _emit_analysis, _fmt_param, _kpi_problems,
                        _kpi_title, _load_one, _note, _number, _param_problems, _param_unit)
from ..strings import t
from ._common import (_check_out, _err, _int_in, _interval, _label, _shown_unit,
                      _table, analysis_out_help, experiment_options, fmt_value, help_text)


def add_parser(sub, lang: str = "en") -> None:
    p_sen = sub.add_parser("sensitivity", help=help_text("cli.sensitivity_help", lang),
                           description=t("cli.sensitivity_description", lang))
    p_sen.add_argument("scenario", metavar="SCENARIO", help=help_text("cli.help_scenario", lang))
    p_sen.add_argument("--kpi", required=True, metavar="K", help=help_text("cli.help_kpi", lang))
    p_sen.add_argument("--parameter", "-p", dest="parameters", action="append", default=[],
                       metavar="PATH", help=help_text("cli.sensitivity_parameter", lang))
    p_sen.add_argument("--range", dest="ranges", action="append", default=[],
                       metavar="PATH=LOW:HIGH", help=help_text("cli.sensitivity_range", lang))
    p_sen.add_argument("--global", dest="global_", action="store_true",
                       help=help_text("cli.sensitivity_global", lang))
    p_sen.add_argument("--samples", type=_int_in("samples", 2, MAX_REPLICATIONS, lang),
                       default=None, metavar="N", help=help_text("cli.sensitivity_samples", lang))
    experiment_options(p_sen, t("cli.what_scenario", lang), replications=None,
                       replications_help=help_text("cli.sensitivity_replications", lang),
                       out_help=analysis_out_help(t("cli.sensitivity_csv", lang), lang),
                       lang=lang)


def _parse_range(text: str, problems: list[str], lang: str = "en"
                 ) -> tuple[str, Any, Any] | None:
    path, sep, rest = text.partition("=")
    path = path.strip()
    low_s, sep2, high_s = rest.partition(":")
    if not sep or not sep2 or not path or not low_s.strip() or not high_s.strip():
        problems.append(t("cli.range_syntax", lang, text=text))
        return None
    bad = _param_problems(path, "--range", lang)
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
                problems.append(t("cli.range_nan", lang, text=text, raw=raw))
                return None
        ends.append(value)
    low, high = ends
    if isinstance(row["value"], bool):
        if not (isinstance(low, bool) and isinstance(high, bool)) or low == high:
            problems.append(t("cli.range_onoff", lang, text=text, path=path))
            return None
        return path, low, high
    if not isinstance(row["value"], (int, float)):
        problems.append(t("cli.range_not_number", lang, text=text, path=path))
        return None
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in ends):
        problems.append(t("cli.range_numbers", lang, text=text))
        return None
    if not low < high:
        problems.append(t("cli.range_order", lang, text=text, low=f"{low:g}", high=f"{high:g}"))
        return None
    if row["min"] is not None and low < row["min"]:
        problems.append(t("cli.range_below_min", lang, text=text, low=f"{low:g}", path=path,
                          min=f"{row['min']:g}"))
        return None
    if row["max"] is not None and high > row["max"]:
        problems.append(t("cli.range_above_max", lang, text=text, high=f"{high:g}", path=path,
                          max=f"{row['max']:g}"))
        return None
    return path, low, high


def cmd_sensitivity(args, stdout: TextIO, stderr: TextIO) -> int:
    from ..analysis import (DEFAULT_SENSITIVITY_PARAMETERS, global_sensitivity, sensitivity,
                           sensitivity_range)

    lang = args.lang
    problems = _check_out(args.out, lang) + _kpi_problems(args.kpi, "--kpi", lang)
    for path in args.parameters:
        problems += _param_problems(path, "--parameter", lang)
    ranges: dict[str, tuple] = {}
    for text in args.ranges:
        parsed = _parse_range(text, problems, lang)
        if parsed:
            ranges[parsed[0]] = parsed[1:]
    reps = args.replications if args.replications is not None else (1 if args.global_ else 6)
    if not args.global_ and args.samples is not None:
        problems.append(t("cli.samples_only_global", lang))
    if not args.global_ and reps < 2:
        problems.append(t("cli.reps_oat", lang, reps=reps))
    paths = list(dict.fromkeys([*args.parameters, *ranges])) or \
        list(DEFAULT_SENSITIVITY_PARAMETERS)
    samples = args.samples if args.samples is not None else max(40, len(paths) + 3)
    if args.global_ and samples < len(paths) + 3:
        problems.append(t("cli.samples_min", lang, samples=samples, least=len(paths) + 3,
                          n=len(paths)))
    loaded = _load_one(args, problems)
    if loaded and not problems:
        for path in paths:
            if path not in ranges:
                try:
                    ranges[path] = tuple(sensitivity_range(path, loaded[1]))
                except ValueError as e:
                    problems.append(f"--parameter {path}: {e}")
    if problems or loaded is None:
        return _err(problems, stderr, lang)
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
        return _err([f"sensitivity: {e}"], stderr, lang)
    table = res.table()
    doc = {"scenario": name, "model_version": MODEL_VERSION, **res.to_dict()}
    tx, kpi = TEXT[lang], args.kpi
    label = "label_zh" if lang == "zh" else "label_en"
    if args.global_:
        rows = [[r[label], _param_unit(r["unit"]), _fmt_param(r["low"], r["unit"], lang),
                 _fmt_param(r["high"], r["unit"], lang), _fmt_coef(r["src"]),
                 f"[{_fmt_coef(r['src_ci_low'])}, {_fmt_coef(r['src_ci_high'])}]",
                 _fmt_coef(r["srrc"])] for r in table.to_dict("records")]
        report = "\n".join([
            tx["glob_head"].format(name=name, kpi=_kpi_title(kpi, lang), n=len(paths),
                                  samples=res.samples, reps=res.replications, seed=args.seed,
                                  version=MODEL_VERSION, sims=res.simulations),
            tx["r2"].format(r2=_fmt_coef(res.r2(), 3, signed=False),
                           r2r=_fmt_coef(res.r2_rank(), 3, signed=False)),
            *_fit_lines(res.fit(kpi), tx),
            "",
            _table([tx["param"], tx["unit"], tx["low"], tx["high"], tx["src"], tx["ci"], tx["srrc"]],
                   rows, right={2, 3, 4, 5, 6}),
            "", _note(tx["glob_note"], lang)])
        if not np.isfinite(res.design[kpi].to_numpy(dtype=float)).any():
            report += "\n" + tx["unmeasured"].format(kpi=_label(kpi, lang))
    else:
        mean, lo, hi = res.base()
        rows = [[r[label], _param_unit(r["unit"]), _fmt_param(r["low"], r["unit"], lang),
                 _fmt_param(r["high"], r["unit"], lang), fmt_value(r["kpi_low"], kpi),
                 fmt_value(r["kpi_high"], kpi), fmt_value(r["swing"], kpi, signed=True),
                 _interval(r["swing_ci_low"], r["swing_ci_high"], kpi, signed=True),
                 tx["noise"] if r["within_noise"] else ""] for r in table.to_dict("records")]
        report = "\n".join([
            tx["oat_head"].format(name=name, kpi=_kpi_title(kpi, lang), n=len(paths),
                                 reps=res.replications, seed=args.seed, version=MODEL_VERSION,
                                 sims=res.simulations),
            tx["base"].format(mean=fmt_value(mean, kpi), unit=_shown_unit(kpi),
                             ci=_interval(lo, hi, kpi)),
            "",
            _table([tx["param"], tx["unit"], tx["low"], tx["high"], tx["at_low"], tx["at_high"],
                    tx["swing"], tx["ci"], ""], rows, right={2, 3, 4, 5, 6, 7}),
            "", _note(tx["oat_note"], lang)])
        if not math.isfinite(mean):
            report += "\n" + tx["unmeasured"].format(kpi=_label(kpi, lang))
    return _emit_analysis(args, table, doc, report, stdout, stderr)


def _fit_lines(fit: dict, tx) -> list[str]:
    """How far the global analysis's linear summary can be trusted, as the app says it:
    adjusted R², the leave-one-out Q², samples per parameter, and the verdict."""
    lines = [tx["fit"].format(r2a=_fmt_coef(fit["r2_adjusted"], 3, signed=False),
                              q2=_fmt_coef(fit["q2"], 3, signed=False), n=fit["n"], p=fit["p"],
                              per=f"{fit['per_parameter']:.1f}")]
    if not fit["enough_samples"]:
        lines.append(tx["fit_few_samples"].format(least=MIN_SAMPLES_PER_PARAMETER))
    if not fit["predictive"]:
        lines.append(tx["fit_not_predictive"].format(q2min=MIN_Q2))
    if fit["reliable"]:
        lines.append(tx["fit_reliable"])
    return lines


def _fmt_coef(x: Any, digits: int = 2, signed: bool = True) -> str:
    if x is None or not math.isfinite(float(x)):
        return "n/a"
    return f"{float(x):{'+' if signed else ''}.{digits}f}"
