"""``policy``: the regional policy lab from the command line. A region (a name in
``scenarios/regions/`` or a file) of many shops, each simulated without and with the
instruments on common random numbers: tonnes avoided, public spend, cost per tonne, adoption,
jobs, who gains and who loses, additionality. ``--mac``: the marginal abatement cost curve;
``--budget CNY``: the best mix within a public budget. Never imports streamlit."""

from __future__ import annotations

import argparse
import math
import textwrap
from collections import defaultdict
from typing import Any, TextIO

from ..scenario import MAX_HORIZON_DAYS
from ..strings import t
from ._common import (DEFAULT_SEED, EXIT_BAD_INPUT, EXIT_OK, MAX_SEED, MAX_WORKERS, ProgressBar, _dumps, _err,
                      _int_in, _problem_lines, _table, _want_progress, fmt_value, help_text,
                      lang_option)

MAX_SHOPS = 200_000
MAX_DAYS = MAX_HORIZON_DAYS
EXIT_FAILED = 1


def _budget_type(lang: str):
    def conv(text: str) -> float:
        try:
            value = float(text.replace(",", "").replace("_", ""))
        except ValueError:
            value = float("nan")
        if not math.isfinite(value) or value < 0:
            raise argparse.ArgumentTypeError(t("cli.policy_err_budget", lang, text=repr(text)))
        return value
    conv.__name__ = "budget"
    return conv


def _wrap(text: str, lang: str) -> str:
    return textwrap.fill(text, 44 if lang == "zh" else 88)


def add_parser(sub, lang: str = "en") -> None:
    p = sub.add_parser("policy", help=help_text("cli.policy_help", lang),
                       description=_wrap(t("cli.policy_description", lang), lang),
                       epilog=t("cli.policy_epilog", lang),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("region", metavar="REGION", help=help_text("cli.policy_region", lang))
    p.add_argument("--instrument", "-i", dest="instruments", action="append", default=[],
                   metavar="PATH=VALUE", help=help_text("cli.policy_instrument", lang))
    p.add_argument("--shops", type=_int_in("shops", 1, MAX_SHOPS, lang), default=None,
                   metavar="N", help=help_text("cli.policy_shops", lang))
    p.add_argument("--seed", type=_int_in("seed", 0, MAX_SEED, lang), default=DEFAULT_SEED,
                   metavar="S", help=help_text("cli.help_seed", lang, default=DEFAULT_SEED))
    p.add_argument("--days", type=_int_in("days", 1, MAX_DAYS, lang), default=None, metavar="D",
                   help=help_text("cli.policy_days", lang))
    p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help=help_text("cli.policy_scheduler", lang))
    p.add_argument("--workers", "-w", type=_int_in("workers", 1, MAX_WORKERS, lang),
                   default=None, metavar="W", help=help_text("cli.help_workers", lang))
    p.add_argument("--json", action="store_true", help=help_text("cli.policy_json", lang))
    p.add_argument("--mac", action="store_true", help=help_text("cli.policy_mac", lang))
    p.add_argument("--budget", type=_budget_type(lang), default=None, metavar="CNY",
                   help=help_text("cli.policy_budget", lang))
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help=help_text("cli.help_progress", lang))
    lang_option(p, lang)


# -- formatting ------------------------------------------------------------------------------

def _num(x: Any) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "n/a"
    return fmt_value(float(x), "")


def _pct(x: Any) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "n/a"
    return f"{100 * float(x):.1f}%"


def _ci(lo: Any, hi: Any) -> str:
    if any(v is None or (isinstance(v, float) and not math.isfinite(v)) for v in (lo, hi)):
        return ""
    return f"[{_num(lo)}, {_num(hi)}]"


def _instrument_label(path: str, lang: str) -> str:
    from ..lab.instruments import INSTRUMENTS

    info = INSTRUMENTS.get(path)
    return f"{info.label(lang)} ({path})" if info is not None else path


def _lever_label(lever: str, lang: str) -> str:
    from ..lab.levers import LEVER_LABELS

    zh, en = LEVER_LABELS.get(lever, (lever, lever))
    return zh if lang == "zh" else en


def _group_label(by: str, value: str, lang: str) -> str:
    from ..category import CATEGORY_LABELS

    if by == "all":
        return t("cli.policy_group_all", lang)
    if by == "category":
        zh, en = CATEGORY_LABELS.get(value, (value, value))
        return zh if lang == "zh" else en
    names = {"micro": "cli.policy_size_micro", "small": "cli.policy_size_small",
             "medium": "cli.policy_size_medium", "rural": "cli.policy_area_rural",
             "urban": "cli.policy_area_urban"}
    return t(names[value], lang) if value in names else value


def _note(note: str | None, lang: str) -> str:
    keys = {"no_tonnes_avoided": "cli.policy_note_no_tonnes",
            "interval_unbounded": "cli.policy_note_unbounded", "one_shop": "cli.policy_note_one_shop"}
    return t(keys[note], lang) if note in keys else ""


def _value(v: Any) -> str:
    """An intensity as given: true/false, a number without trailing zeros."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return f"{v:g}"
    return str(v)


def _policy_text(policy: dict[str, Any]) -> str:
    return ", ".join(f"{p}={_value(v)}" for p, v in policy.items()) or "—"


def lab_table(res, lang: str) -> str:
    """The human-readable report of one lab run."""
    right = {1, 2}
    head = [t("cli.policy_title", lang, region=res.region, n=f"{res.n_shops:,}",
              N=f"{res.n_region_shops:,}",
              w=_num(res.weight), days=res.horizon_days, seed=res.seed,
              policy=_policy_text(res.policy)),
            t("cli.policy_method", lang), ""]
    hl = res.headline.set_index("metric")
    rows = []
    for metric, key in (("tonnes_avoided", "cli.policy_row_tonnes"),
                        ("carbon_base_t", "cli.policy_row_carbon_base"),
                        ("carbon_policy_t", "cli.policy_row_carbon_policy"),
                        ("public_spend_cny", "cli.policy_row_spend"),
                        ("carbon_price_revenue_cny", "cli.policy_row_revenue"),
                        ("net_public_cost_cny", "cli.policy_row_net_cost"),
                        ("profit_change_cny", "cli.policy_row_profit"),
                        ("public_cost_per_tonne_cny", "cli.policy_row_public_per_t"),
                        ("total_cost_per_tonne_cny", "cli.policy_row_total_per_t")):
        r = hl.loc[metric]
        value = _num(r["value"])
        note = _note(r["note"], lang) if isinstance(r["note"], str) else ""
        if note and not math.isfinite(r["value"]):
            value = f"n/a ({note})"
        ci = _ci(r["ci_low"], r["ci_high"]) or (f"({note})" if note and value != "n/a" and
                                                 math.isfinite(r["value"]) else "")
        rows.append([t(key, lang), value, ci])
    out = head + [_table([t("cli.policy_col_quantity", lang), t("cli.policy_col_value", lang),
                          t("cli.policy_col_ci", lang)], rows, right), ""]

    spend_rows = [[_instrument_label(r.path, lang), _num(r.public_spend_cny), str(r.shops_paid),
                   _num(r.additional_cny), _pct(r.additionality)]
                  for r in res.spend.itertuples() if r.public_spend_cny != 0 or r.path in res.policy]
    if spend_rows:
        out += [t("cli.policy_spend_title", lang),
                _table([t("cli.policy_col_instrument", lang), t("cli.policy_col_spend", lang),
                        t("cli.policy_col_shops_paid", lang), t("cli.policy_col_additional", lang),
                        t("cli.policy_col_additionality", lang)], spend_rows, {1, 2, 3, 4}), ""]

    ad = res.adoption[res.adoption["group_by"] == "all"]
    out += [t("cli.policy_adoption_title", lang),
            _table([t("cli.policy_col_lever", lang), t("cli.policy_col_without", lang),
                    t("cli.policy_col_with", lang), t("cli.policy_col_change", lang)],
                   [[_lever_label(r.lever, lang), _pct(r.rate_base), _pct(r.rate_policy),
                     f"{100 * r.change:+.1f} pp"] for r in ad.itertuples()], {1, 2, 3}), ""]

    prof = res.profit.set_index(["group_by", "group"])
    group_rows = []
    for r in res.by_group.itertuples():
        p = prof.loc[(r.group_by, r.group)]
        group_rows.append([_group_label(r.group_by, r.group, lang), str(r.shops),
                           _num(r.tonnes_avoided), _num(r.public_spend_cny),
                           _num(p["mean_change_cny"]), _num(p["q10_cny"]), _num(p["q50_cny"]),
                           _num(p["q90_cny"]), _pct(p["share_losing"]), _pct(r.share_induced)])
    out += [t("cli.policy_groups_title", lang),
            _table([t("cli.policy_col_group", lang), t("cli.policy_col_shops", lang),
                    t("cli.policy_col_tonnes", lang), t("cli.policy_col_spend", lang),
                    t("cli.policy_col_profit_mean", lang), "q10", t("cli.policy_col_median", lang),
                    "q90", t("cli.policy_col_losing", lang), t("cli.policy_col_induced", lang)],
                   group_rows, set(range(1, 10))), ""]

    labour_keys = {"jobs": "cli.policy_row_jobs", "quits": "cli.policy_row_quits",
                   "staff_turnover_rate": "cli.policy_row_turnover"}
    lab_rows = []
    for r in res.labour.itertuples():
        fmt = _pct if r.metric == "staff_turnover_rate" else _num
        lab_rows.append([t(labour_keys.get(r.metric, "cli.policy_row_jobs"), lang), fmt(r.base),
                         fmt(r.policy), fmt(r.difference), "" if fmt is _pct else
                         _ci(r.ci_low, r.ci_high)])
    out += [t("cli.policy_labour_title", lang),
            _table([t("cli.policy_col_quantity", lang), t("cli.policy_col_without", lang),
                    t("cli.policy_col_with", lang), t("cli.policy_col_difference", lang),
                    t("cli.policy_col_ci", lang)], lab_rows, {1, 2, 3, 4}), ""]

    ids = res.identities()
    bad = [name for name, _l, _r, ok in ids if not ok]
    out.append(t("cli.policy_identities_ok", lang, n=len(ids)) if not bad else
               t("cli.policy_identities_bad", lang, n=len(bad), names="; ".join(bad)))
    return "\n".join(out)


def mac_table(region: str, curve, steps, lang: str, n: int, days: int, seed: int) -> str:
    rows = [[_instrument_label(r.instrument, lang), _value(r.intensity), _num(r.tonnes_avoided),
             _num(r.public_spend_cny), _num(r.public_cost_per_tonne_cny),
             _num(r.total_cost_per_tonne_cny), _num(r.marginal_tonnes),
             _num(r.marginal_total_cost_per_tonne_cny)] for r in curve.itertuples()]
    step_rows = [[_instrument_label(r.instrument, lang), f"{_value(r.step_from)} → {_value(r.intensity)}",
                  _num(r.marginal_tonnes), _num(r.marginal_cost_per_tonne_cny),
                  _num(r.cumulative_tonnes)] for r in steps.itertuples()]
    return "\n".join([
        t("cli.policy_mac_title", lang, region=region, n=n, days=days, seed=seed), "",
        _table([t("cli.policy_col_instrument", lang), t("cli.policy_col_intensity", lang),
                t("cli.policy_col_tonnes", lang), t("cli.policy_col_spend", lang),
                t("cli.policy_col_public_per_t", lang), t("cli.policy_col_total_per_t", lang),
                t("cli.policy_col_marginal_t", lang), t("cli.policy_col_marginal_per_t", lang)],
               rows, set(range(2, 8))), "",
        t("cli.policy_steps_title", lang),
        _table([t("cli.policy_col_instrument", lang), t("cli.policy_col_step", lang),
                t("cli.policy_col_marginal_t", lang), t("cli.policy_col_marginal_per_t", lang),
                t("cli.policy_col_cumulative_t", lang)], step_rows, {2, 3, 4})])


def mix_table(region: str, mix, lang: str) -> str:
    method = t("cli.policy_method_greedy" if mix.method == "greedy" else "cli.policy_method_exhaustive",
               lang)
    out = [t("cli.policy_mix_title", lang, region=region, budget=_num(mix.budget_cny),
             method=method, runs=mix.runs), ""]
    for key, policy, lab in (("cli.policy_mix_chosen", mix.chosen, mix.chosen_result),
                             ("cli.policy_mix_runner_up", mix.runner_up, mix.runner_up_result)):
        if policy is None:
            continue
        if lab is None:
            out.append(t(key, lang, mix=t("cli.policy_mix_none", lang), tonnes="0", spend="0"))
        else:
            out.append(t(key, lang, mix=_policy_text(policy), tonnes=_num(lab.tonnes_avoided),
                         spend=_num(lab.public_spend_cny)))
    c = mix.candidates
    rows = [[r.mix, _num(r.tonnes_avoided), _num(r.public_spend_cny),
             _num(r.public_cost_per_tonne_cny),
             t("cli.policy_yes", lang) if r.feasible else t("cli.policy_no", lang)]
            for r in c.itertuples()]
    out += ["", _table([t("cli.policy_col_mix", lang), t("cli.policy_col_tonnes", lang),
                        t("cli.policy_col_spend", lang), t("cli.policy_col_public_per_t", lang),
                        t("cli.policy_col_feasible", lang)], rows, {1, 2, 3})]
    return "\n".join(out)


# -- the command -----------------------------------------------------------------------------

def _grid(items: list[str]) -> dict[str, list[Any]]:
    """--instrument values as a grid: the same path may come several times."""
    from ..lab.instruments import parse_instruments

    grid: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        for path, value in parse_instruments([item]).items():
            grid[path].append(value)
    return dict(grid)


def cmd_policy(args, stdout: TextIO, stderr: TextIO) -> int:
    from ..lab.region import RegionError, load_region

    lang = args.lang
    problems: list[str] = []
    region = None
    try:
        region = load_region(args.region)
    except RegionError as e:
        problems += _problem_lines(e, args.region)
    policy: dict[str, Any] = {}
    grid: dict[str, list[Any]] | None = None
    try:
        if args.mac or args.budget is not None:
            grid = _grid(args.instruments) if args.instruments else None
        elif not args.instruments:
            problems.append(t("cli.policy_err_no_instrument", lang))
        else:
            from ..lab.instruments import parse_instruments
            policy = parse_instruments(args.instruments)
    except ValueError as e:
        problems.append(f"--instrument {e}")
    if region is not None and args.shops is not None and args.shops > region.shops:
        problems.append(t("cli.policy_err_shops", lang, n=args.shops, region=region.name,
                          N=region.shops))
    if problems:
        return _err(problems, stderr, lang)

    n = region.shops if args.shops is None else args.shops
    days = region.horizon_days if args.days is None else args.days
    kw = dict(shops=n, seed=args.seed, horizon_days=days, workers=args.workers,
              scheduler=args.scheduler)

    def progress_for(total: int):
        if not _want_progress(args, total, stderr):
            return None
        return ProgressBar(stderr, unit=t("cli.policy_unit_shops", lang))

    try:
        if args.mac or args.budget is not None:
            from ..lab.mac import mac_curve, mac_steps, normalise_grid
            from ..lab.results import json_safe
            from ..scenario import MODEL_VERSION
            g = normalise_grid(grid)
            total = n * (1 + sum(len(v) for v in g.values()))
            doc = {"region": region.name, "shops": {"simulated": n, "region": region.shops},
                   "seed": args.seed, "horizon_days": days, "model_version": MODEL_VERSION}
            parts = []
            results: dict = {}
            if args.mac:
                curve = mac_curve(region, g, progress=progress_for(total), results=results, **kw)
                steps = mac_steps(curve)
                doc.update(mac=json_safe(curve.to_dict("records")),
                           steps=json_safe(steps.to_dict("records")))
                parts.append(mac_table(region.name, curve, steps, lang, n, days, args.seed))
            if args.budget is not None:
                from ..lab.search import best_mix
                mix = best_mix(region, args.budget, g, progress=progress_for(total),
                               mac_results=results or None, **kw)
                doc.update(mix.to_json())
                parts.append(mix_table(region.name, mix, lang))
            text = "\n\n".join(parts)
        else:
            from ..lab.run import run_lab
            res = run_lab(region, policy, progress=progress_for(n), **kw)
            doc = res.to_json()
            text = lab_table(res, lang)
    except ValueError as e:           # a grid or setting the lab refuses
        return _err([str(e)], stderr, lang)
    except RuntimeError as e:         # the backend: Dask missing (bad input), or unreachable
        print(t("cli.policy_err_backend", lang, error=e), file=stderr)
        return EXIT_BAD_INPUT if isinstance(e.__cause__, ImportError) else EXIT_FAILED
    print(_dumps(doc) if args.json else text, file=stdout)
    return EXIT_OK
