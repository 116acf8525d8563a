"""中小电商 ESG 策略模拟器 — landing page: the built-in baseline and its KPIs.

Run with ``make run`` (or ``streamlit run app.py``). The page only calls the public API of
``simulation``; the full multipage app (levers, comparisons, charts) comes later.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from simulation import (KPI_LABELS, MODEL_VERSION, ScenarioError, load_scenario,
                        run_experiment, summarise)

SEED = 1
REPLICATIONS = 3
HEADLINE_KPIS = ("repeat_purchase_rate", "retention_90d", "carbon_kg_total", "cost_total_cny",
                 "profit_cny", "on_time_rate")
LANGUAGES = {"中文": "zh", "English": "en"}

# Every visible string, in both languages.
TEXT = {
    "title": {"zh": "中小电商 ESG 策略模拟器",
              "en": "ESG strategy simulator for small e-commerce shops"},
    "intro": {
        "zh": "一家中小网店的离散事件仿真：顾客、物流与员工。下面是内置基准情景的主要结果——"
              "复购与留存、碳排放、成本与利润——并给出 95% 置信区间。",
        "en": "A discrete-event simulation of one small online shop's customers, logistics "
              "and staff. Below are the built-in baseline's results — repurchase and "
              "retention, carbon, cost and profit — with 95% intervals.",
    },
    "language": {"zh": "语言 / Language", "en": "Language / 语言"},
    "spinner": {"zh": "正在模拟基准情景（{n} 次重复）…",
                "en": "Simulating the baseline ({n} replications)…"},
    "headline": {"zh": "主要指标", "en": "Headline KPIs"},
    "interval": {"zh": "95% 置信区间：{lo} – {hi}（{n} 次重复）",
                 "en": "95% interval: {lo} – {hi} ({n} replications)"},
    "no_interval": {"zh": "重复次数不足，无法给出区间", "en": "Too few replications for an interval"},
    "all_kpis": {"zh": "全部指标", "en": "All KPIs"},
    "col_kpi": {"zh": "指标", "en": "KPI"},
    "col_unit": {"zh": "单位", "en": "Unit"},
    "col_mean": {"zh": "均值", "en": "Mean"},
    "col_low": {"zh": "95% 下限", "en": "95% low"},
    "col_high": {"zh": "95% 上限", "en": "95% high"},
    "footer": {"zh": "模型版本 {version} · 随机种子 {seed} · {n} 次重复 · 模拟期 {days} 天 · "
                     "除注明来源者外，参数均为假设。",
               "en": "Model version {version} · seed {seed} · {n} replications · horizon "
                     "{days} days · parameters are assumptions unless a source is named."},
    "load_error": {"zh": "无法加载基准情景：", "en": "Could not load the baseline scenario:"},
    "run_error": {"zh": "模拟失败：", "en": "The simulation failed:"},
}

# Units as KPI_LABELS spells them -> what the page shows.
UNITS = {
    "fraction": {"zh": "%", "en": "%"},
    "fraction/year": {"zh": "%/年", "en": "%/year"},
    "CNY": {"zh": "元", "en": "CNY"},
    "kg CO2e": {"zh": "kg CO₂e", "en": "kg CO₂e"},
    "orders": {"zh": "单", "en": "orders"},
    "customers": {"zh": "人", "en": "customers"},
    "people": {"zh": "人", "en": "people"},
    "hours": {"zh": "小时", "en": "hours"},
    "events": {"zh": "次", "en": "events"},
    "index": {"zh": "指数", "en": "index"},
    "orders/hour": {"zh": "单/小时", "en": "orders/hour"},
}


def t(key: str, lang: str, **kw) -> str:
    text = TEXT[key][lang]
    return text.format(**kw) if kw else text


def kpi_label(name: str, lang: str) -> str:
    zh, en, _unit, _better = KPI_LABELS.get(name, (name, name, "", None))
    return zh if lang == "zh" else en


def fmt(value: float, unit: str) -> str:
    """A KPI value for display: fractions as percentages, money with a ¥ sign."""
    if value is None or not math.isfinite(value):
        return "—"
    if unit.startswith("fraction"):
        return f"{value * 100:.1f}%"
    if unit == "CNY":
        return f"¥{value:,.0f}"
    if unit == "kg CO2e":
        return f"{value:,.0f} kg CO₂e" if abs(value) >= 100 else f"{value:,.3f} kg CO₂e"
    if unit in ("orders", "customers", "people", "events"):
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def unit_label(unit: str, lang: str) -> str:
    return UNITS.get(unit, {}).get(lang, unit)


@st.cache_data(show_spinner=False, max_entries=32)
def run_summary(scenario_json: str, seed: int, replications: int, _scenario) -> pd.DataFrame:
    """Mean and 95% interval of every KPI; cached by the scenario's canonical JSON, the seed
    and the number of replications (``_scenario`` is not hashed: the JSON stands for it)."""
    df = run_experiment({"baseline": _scenario}, replications=replications, seed=seed,
                        workers=1)
    return summarise(df)


st.set_page_config(page_title="中小电商 ESG 策略模拟器 · ESG simulator", page_icon="🌿",
                   layout="wide")

choice = st.sidebar.radio(TEXT["language"][LANGUAGES.get(st.session_state.get("lang"), "zh")],
                          list(LANGUAGES), key="lang", horizontal=True)
lang = LANGUAGES[choice]

st.title(t("title", lang))
st.write(t("intro", lang))

try:
    scenario = load_scenario("baseline")
except ScenarioError as err:
    st.error(f"{t('load_error', lang)} {err}")
    st.stop()

try:
    with st.spinner(t("spinner", lang, n=REPLICATIONS)):
        summary = run_summary(scenario.canonical_json(), SEED, REPLICATIONS, scenario)
except Exception as err:  # shown to the user as a message, never as a traceback
    st.error(f"{t('run_error', lang)} {err}")
    st.stop()

rows = {r.kpi: r for r in summary.itertuples(index=False)}

st.subheader(t("headline", lang))
columns = st.columns(3)
for i, name in enumerate(HEADLINE_KPIS):
    row = rows.get(name)
    if row is None:
        continue
    unit = KPI_LABELS[name][2]
    if math.isfinite(row.ci_low) and math.isfinite(row.ci_high):
        help_text = t("interval", lang, lo=fmt(row.ci_low, unit), hi=fmt(row.ci_high, unit),
                      n=int(row.n))
    else:
        help_text = t("no_interval", lang)
    columns[i % 3].metric(kpi_label(name, lang), fmt(row.mean, unit), help=help_text)

st.subheader(t("all_kpis", lang))


def table_row(r) -> dict[str, str]:
    unit = KPI_LABELS.get(r.kpi, ("", "", "", None))[2]
    return {
        t("col_kpi", lang): kpi_label(r.kpi, lang),
        t("col_unit", lang): unit_label(unit, lang),
        t("col_mean", lang): fmt(r.mean, unit),
        t("col_low", lang): fmt(r.ci_low, unit),
        t("col_high", lang): fmt(r.ci_high, unit),
    }


table = pd.DataFrame([table_row(r) for r in summary.itertuples(index=False)])
st.dataframe(table, hide_index=True)

st.caption(t("footer", lang, version=MODEL_VERSION, seed=SEED, n=REPLICATIONS,
             days=scenario.run.horizon_days))
