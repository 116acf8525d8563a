"""Shared by the analyses (sensitivity, attribute, optimise): their bilingual texts, strict
JSON, checking KPI and parameter names, formatting parameters, and loading one scenario."""

from __future__ import annotations

import difflib
import math
import textwrap
from typing import Any, Mapping, Sequence, TextIO

import numpy as np
import pandas as pd

from ..metrics import KPI_LABELS, KPI_NAMES
from ..scenario import Scenario, parameter_rows
from ._common import (ProgressBar, _emit, _label, _load_all, _nan_to_none, _shown_unit,
                      _want_progress, _width)

TEXT = {
    "en": {
        "on": "on", "off": "off", "param": "Parameter", "unit": "Unit", "low": "Low",
        "high": "High", "at_low": "KPI at low", "at_high": "KPI at high", "swing": "Swing",
        "ci": "95% interval", "noise": "within noise",
        "unmeasured": "{kpi} is n/a: it cannot be measured in this scenario (for example a "
                      "90-day retention over a shorter horizon).",
        "oat_head": "{name}: one-at-a-time sensitivity of {kpi}; {n} parameters, {reps} "
                    "replications each, seed {seed}, model {version}; {sims} simulations",
        "base": "Base: {mean} {unit}, 95% interval {ci}",
        "oat_note": "Swing = the KPI at the high end minus at the low end, paired by "
                    "replication (common random numbers); largest first. 'within noise': its "
                    "95% interval contains 0.",
        "glob_head": "{name}: global sensitivity of {kpi}; Latin hypercube over {n} "
                     "parameters, {samples} samples × {reps} replications, seed {seed}, model "
                     "{version}; {sims} simulations",
        "src": "SRC", "srrc": "SRRC (ranks)",
        "r2": "R² = {r2} (on ranks {r2r}): the share of the KPI's variation that a linear "
              "model in the parameters explains",
        "glob_note": "SRC: standardised regression coefficient, the KPI's change in standard "
                     "deviations per standard deviation of the parameter with all of them "
                     "varying together (bootstrap 95% interval); SRRC: the same on ranks.",
        "att_head": "{base} → {scenario}: Shapley attribution by {by} ({method}), {reps} "
                    "replications, seed {seed}, model {version}; {sims} simulations; common "
                    "random numbers",
        "by_group": "lever group", "by_lever": "lever",
        "exact": "exact over {n} players", "perm": "{p} sampled orders of {n} players",
        "value": "Value", "difference": "Difference",
        "check": "Contributions add up to {sum}; the difference is {diff} {mark}",
        "perm_note": "With sampled orders the intervals include the sampling error (perm_se "
                     "in --json).",
        "opt_head": "{name}: {direction} {kpi}; {reps} replications per confirmation, seed "
                    "{seed}, model {version}",
        "maximise": "maximise", "minimise": "minimise",
        "constraints": "Constraints: {items}", "none": "none",
        "channel": "Channel", "current": "Current", "recommended": "Recommended",
        "change": "Change", "budget": "Monthly budget (CNY)",
        "kpi": "KPI", "diff": "Difference", "p": "P(better)",
        "confirmed": "Confirmed by full simulations (common random numbers):",
        "p_better": "P(the recommendation is better on {kpi}) = {p}",
        "is_current": "The current split is the best confirmed one: keep it.",
        "binding": "Binding constraints:",
        "binding_item": "  {name}: {value} against a limit of {limit} (slack {slack})",
        "marginal": "Marginal returns at the recommendation (per extra 1,000 CNY a month):",
        "share": "Share", "spend": "Spend (CNY/month)", "new_per": "New customers / 1,000 CNY",
        "obj_per": "{kpi} / 1,000 CNY", "at_bound": "At bound",
        "pareto": "Pareto points of retention, carbon, cost and the objective (confirmed by "
                  "simulation; means), with the recommendation and the current split:",
        "mark_rec": "recommended", "mark_cur": "current", "mark_infeasible": "infeasible",
        "mark_dominated": "dominated",
        "sims": "{n} full simulations (design {design}, confirmation {confirm})",
        "metamodel": "Metamodel: {method}; {points} design points",
        "loo": "Leave-one-out error, in standard deviations of the KPI over the design: {items}",
        "infeasible": "No budget split meets the constraints:",
        "inf_kpi": "  {c}: limit {limit}; the best reachable is {best}",
        "inf_kpi_none": "  {c}: limit {limit}; no design point came close",
        "inf_bounds": "  {c}: the share bounds add up to {sum}, so no split sums to 100%",
        "together": " (reachable alone, not together with the others)",
        "current_only": "The current split, for reference:",
        "levers": "Levers",
    },
    "zh": {
        "on": "开", "off": "关", "param": "参数", "unit": "单位", "low": "低值", "high": "高值",
        "at_low": "低值时指标", "at_high": "高值时指标", "swing": "摆幅", "ci": "95% 区间",
        "noise": "在噪声内",
        "unmeasured": "{kpi} 为 n/a：该情景下无法计算此指标（例如模拟天数不足 90 天时的 90 天留存率）。",
        "oat_head": "{name}：{kpi} 的单因素敏感性分析；{n} 个参数，每个 {reps} 次重复，种子 "
                    "{seed}，模型 {version}；共 {sims} 次模拟",
        "base": "基准：{mean} {unit}，95% 区间 {ci}",
        "oat_note": "摆幅 = 参数取高值时的指标减去取低值时的指标，按重复配对（公共随机数）；按大小排序。"
                    "“在噪声内”：其 95% 区间包含 0。",
        "glob_head": "{name}：{kpi} 的全局敏感性分析；对 {n} 个参数做拉丁超立方抽样，{samples} 个样本 × "
                     "{reps} 次重复，种子 {seed}，模型 {version}；共 {sims} 次模拟",
        "src": "SRC", "srrc": "SRRC（秩）",
        "r2": "R² = {r2}（秩 {r2r}）：参数的线性模型能解释的指标变异比例",
        "glob_note": "SRC：标准化回归系数，即所有参数同时变化时，参数变动一个标准差引起的指标变动"
                     "（以标准差计，自助法 95% 区间）；SRRC：基于秩的同一系数。",
        "att_head": "{base} → {scenario}：按{by}的 Shapley 归因（{method}），{reps} 次重复，种子 "
                    "{seed}，模型 {version}；共 {sims} 次模拟；公共随机数",
        "by_group": "措施组", "by_lever": "措施",
        "exact": "{n} 个参与者精确计算", "perm": "{n} 个参与者抽样 {p} 种顺序",
        "value": "数值", "difference": "差值",
        "check": "各项贡献之和为 {sum}；差值为 {diff} {mark}",
        "perm_note": "抽样顺序时，区间已包含抽样误差（--json 中的 perm_se）。",
        "opt_head": "{name}：{direction}{kpi}；每次确认 {reps} 次重复，种子 {seed}，模型 {version}",
        "maximise": "最大化", "minimise": "最小化",
        "constraints": "约束：{items}", "none": "无",
        "channel": "渠道", "current": "当前", "recommended": "推荐", "change": "变化",
        "budget": "月度预算（元）",
        "kpi": "指标", "diff": "差值", "p": "更优概率",
        "confirmed": "完整模拟确认（公共随机数）：",
        "p_better": "推荐方案在{kpi}上更优的概率 = {p}",
        "is_current": "当前分配就是经确认的最优分配：保持不变。",
        "binding": "起作用的约束：",
        "binding_item": "  {name}：{value}，限值 {limit}（余量 {slack}）",
        "marginal": "推荐方案处的边际回报（每月每多投 1,000 元）：",
        "share": "占比", "spend": "投入（元/月）", "new_per": "每 1,000 元新客数",
        "obj_per": "每 1,000 元{kpi}", "at_bound": "触及边界",
        "pareto": "留存、碳排放、成本与目标指标的帕累托点（经模拟确认；均值），以及推荐与当前分配：",
        "mark_rec": "推荐", "mark_cur": "当前", "mark_infeasible": "不可行",
        "mark_dominated": "被支配",
        "sims": "共 {n} 次完整模拟（设计 {design}，确认 {confirm}）",
        "metamodel": "元模型：{method}；{points} 个设计点",
        "loo": "留一交叉验证误差（以设计点上该指标的标准差计）：{items}",
        "infeasible": "没有满足约束的预算分配：",
        "inf_kpi": "  {c}：限值 {limit}；最好能达到 {best}",
        "inf_kpi_none": "  {c}：限值 {limit}；没有设计点接近",
        "inf_bounds": "  {c}：各渠道占比的界限合计为 {sum}，任何分配都无法合计为 100%",
        "together": "（单独可以达到，但无法与其他约束同时满足）",
        "current_only": "当前分配，供参考：",
        "levers": "措施",
    },
}


def _strict(x: Any) -> Any:
    """A strict-JSON copy: NaN and infinities become None, numpy values Python ones, tuples
    lists, DataFrames lists of records."""
    if isinstance(x, Mapping):
        return {str(k): _strict(v) for k, v in x.items()}
    if isinstance(x, pd.DataFrame):
        return [_strict(r) for r in x.to_dict("records")]
    if isinstance(x, np.ndarray):
        return [_strict(v) for v in x.tolist()]
    if isinstance(x, (list, tuple, set, frozenset)):
        return [_strict(v) for v in x]
    if x is None or isinstance(x, str):
        return x
    if isinstance(x, (bool, int, float, np.generic)):
        return _nan_to_none(x)
    return str(x)


def _suggest(word: str, valid: Sequence[str], what: str) -> str:
    """'; did you mean X?' (names that start with ``word`` first), else '; ' + ``what``."""
    close = [v for v in valid if v.startswith(word)][:3] or \
        difflib.get_close_matches(word, list(valid), n=1, cutoff=0.6)
    if not close:
        return f"; {what}"
    names = close[0] if len(close) == 1 else f"{', '.join(close[:-1])} or {close[-1]}"
    return f"; did you mean {names}?"


def _kpi_problems(kpi: str, option: str) -> list[str]:
    if kpi in KPI_LABELS:
        return []
    return [f"{option} {kpi}: unknown KPI" + _suggest(kpi, list(KPI_LABELS),
                                                       f"choose one of {', '.join(KPI_NAMES)}")]


def _param_problems(path: str, option: str) -> list[str]:
    rows = parameter_rows()
    if path in rows:
        return []
    return [f"{option} {path}: unknown parameter" + _suggest(
        path, list(rows), "`python -m simulation params` lists them")]


def _number(text: str) -> float:
    """A number, or a percentage with a % sign (10% -> 0.1); ValueError otherwise."""
    t = text.strip().replace("_", "").replace(",", "")
    pct = t.endswith("%")
    value = float(t[:-1].strip() if pct else t)
    if not math.isfinite(value):
        raise ValueError(text)
    return value / 100 if pct else value


def _fmt_param(v: Any, unit: str, lang: str) -> str:
    """A parameter value for a table: on/off, whole numbers, fractions as percentages."""
    if isinstance(v, (bool, np.bool_)):
        return TEXT[lang]["on" if v else "off"]
    if v is None:
        return "n/a"
    if isinstance(v, (int, np.integer)):
        return f"{int(v):,}"
    try:
        v = float(v)
    except (TypeError, ValueError):
        return str(v)
    if not math.isfinite(v):
        return "n/a"
    if unit == "fraction":
        return f"{v * 100:.3g}%"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.4g}"


def _param_unit(unit: str) -> str:
    """A parameter's unit for a table (fractions are printed as percentages)."""
    return "" if unit == "fraction" else unit


def _note(text: str, lang: str, width: int = 100) -> str:
    """A note wrapped to ``width`` columns (Chinese: anywhere, a character is two columns)."""
    if lang != "zh":
        return textwrap.fill(text, width=width)
    lines, line = [], ""
    for c in text:
        if _width(line + c) > width:
            lines.append(line.rstrip())
            line = c.lstrip()
        else:
            line += c
    return "\n".join(lines + [line.rstrip()])


def _kpi_title(kpi: str, lang: str) -> str:
    unit = _shown_unit(kpi)
    return f"{_label(kpi, lang)} ({unit})" if unit else _label(kpi, lang)


def _analysis_progress(args, stderr: TextIO):
    """The progress bar for an analysis, whose total is known only as it runs."""
    return ProgressBar(stderr, unit="simulations") if _want_progress(args, 2, stderr) else None


def _emit_analysis(args, df: pd.DataFrame, doc: dict, report: str, stdout: TextIO,
                   stderr: TextIO) -> int:
    """Like _emit, for an analysis: FILE.csv gets ``df`` (its main table)."""
    return _emit(args, df, _strict(doc), report, stdout, stderr)


def _load_one(args, problems: list[str]) -> tuple[str, Scenario] | None:
    scenarios, _, load_problems = _load_all([args.scenario], args.changes)
    problems[:0] = load_problems
    if load_problems:
        return None
    (name, sc), = scenarios.items()
    return name, sc
