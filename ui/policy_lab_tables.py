"""The policy lab page's tables, sentences and charts: plain functions of a lab result
(``simulation.lab.results.LabResult``) and of the MAC curve, shared by the page
(``ui/policy_lab.py``) and its report (``ui/report/policy_lab.py``), so the report shows what
the page showed. Every label comes from the string catalogue (``policy_lab`` area) or from the
schema's bilingual labels; text from a region file is returned as it is (the caller shows it
as text). Plain Python (no Streamlit).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, NamedTuple, Sequence

import altair as alt
import pandas as pd

from simulation.category import CATEGORY_LABELS
from simulation.scenario import parameter_rows

from .charts import PALETTE
from .i18n import finite, fmt, normalise_lang, number, percent, t, unit_text

GROUP_DIMENSIONS = ("category", "size_band", "area")
SIZE_BANDS = ("micro", "small", "medium")
AREAS = ("urban", "rural")
SERIES_COLOURS = ("#8C8C8C", PALETTE[2])        # without the policy (grey), with it (green)
PROFIT_COLOUR = PALETTE[0]
MAC_COLOURS = PALETTE
CHART_WIDTH = 560

# the subsidy lines the shops book (results.SUBSIDY_LINES) and the instrument paying each
SUBSIDY_PATHS = {
    "packaging": "policy.packaging_subsidy",
    "green_logistics": "policy.green_logistics_subsidy_cny",
    "training": "policy.training_subsidy",
    "community": "policy.community_funding_cny_per_year",
    "commission_rebate": "policy.commission_rebate",
}


# --- small helpers ------------------------------------------------------------------------------

def localised(value: Any, lang: str) -> str:
    """A bilingual text of a region file ({zh, en} or an object with ``zh``/``en``) in
    ``lang``; a plain string as it is."""
    lang = normalise_lang(lang)
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return str(value.get(lang) or value.get("en") or value.get("zh") or "")
    if hasattr(value, lang):
        return str(getattr(value, lang) or "")
    return str(value)


def info_bounds(info: Any, path: str) -> tuple[float, float]:
    """An instrument's range in the model's units (the schema's when the info has none)."""
    lo, hi = getattr(info, "low", None), getattr(info, "high", None)
    if lo is None or hi is None or isinstance(lo, bool):
        row = parameter_rows()[path]
        lo, hi = row["min"], row["max"]
    return float(lo or 0.0), float(hi if hi is not None else 0.0)


def info_grid(info: Any) -> tuple[Any, ...]:
    return tuple(getattr(info, "grid", ()) or ())


def grid_size(instruments: Mapping[str, Any]) -> int:
    """The policies the MAC curve runs: every instrument at every intensity of its grid."""
    return sum(len(info_grid(i)) for i in instruments.values())


def safe_stem(name: str) -> str:
    """An ASCII file-name part from a region's name."""
    return re.sub(r"[^A-Za-z0-9_]+", "_", str(name)).strip("_")[:40] or "region"


def unit_name(unit: str, lang: str) -> str:
    return unit_text(unit, lang)


def instrument_label(path: str, lang: str) -> str:
    row = parameter_rows().get(path)
    if row is None:
        return path
    return row["label_zh"] if normalise_lang(lang) == "zh" else row["label_en"]


def line_label(line: str, lang: str) -> str:
    """A subsidy line ("packaging") by the instrument that pays it."""
    return instrument_label(SUBSIDY_PATHS.get(line, line), lang)


def value_text(path: str, value: Any, lang: str) -> str:
    """An instrument's intensity as a reader sees it: 50%, 0.4 元/件, on."""
    row = parameter_rows().get(path, {"unit": "", "default": 0.0})
    if isinstance(value, bool) or isinstance(row.get("default"), bool):
        return t("policy_lab.on" if value else "policy_lab.off", lang)
    if row["unit"] == "fraction":
        return f"{float(value) * 100:g}%"
    unit = unit_text(row["unit"], lang)
    return f"{float(value):,g} {unit}".strip()


def policy_text(policy: Mapping[str, Any], lang: str) -> str:
    """The instruments on, "label value" joined; "none" when no instrument is on."""
    if not policy:
        return t("policy_lab.no_policy", lang)
    sep = "；" if normalise_lang(lang) == "zh" else "; "
    return sep.join(f"{instrument_label(p, lang)} {value_text(p, v, lang)}"
                    for p, v in policy.items())


def lever_name(lever: str, lang: str) -> str:
    try:
        from simulation.lab.levers import LEVER_LABELS
    except ImportError:  # the engine without its levers: the name itself
        return lever
    zh, en = LEVER_LABELS.get(lever, (lever, lever))
    return zh if normalise_lang(lang) == "zh" else en


def group_name(dim: str, value: Any, lang: str) -> str:
    """A group's name: a category's label, a size band, urban or rural, all shops."""
    value = str(value)
    if dim == "all" or value == "all":
        return t("policy_lab.all_shops", lang)
    if dim == "category":
        zh, en = CATEGORY_LABELS.get(value, (value, value))
        return zh if normalise_lang(lang) == "zh" else en
    if dim == "size_band" and value in SIZE_BANDS:
        return t(f"policy_lab.size_{value}", lang)
    if dim == "area" and value in AREAS:
        return t(f"policy_lab.area_{value}", lang)
    return value


def dimension_name(dim: str, lang: str) -> str:
    return t(f"policy_lab.group_{dim}", lang)


def tonnes(x: float | None, lang: str) -> str:
    """Tonnes of CO2e as the page writes them: one decimal below 100, whole above."""
    if not finite(x):
        return "—"
    return number(x, lang, decimals=1 if abs(float(x)) < 100 else 0)


def money(x: float | None, lang: str) -> str:
    return fmt(x, "CNY", lang=lang)


def share(x: float | None) -> str:
    return percent(x, 0) if finite(x) else "—"


def rate(x: float | None) -> str:
    return percent(x, 1) if finite(x) else "—"


def _pair(ci: Sequence[float] | None) -> tuple[float, float]:
    if not ci:
        return float("nan"), float("nan")
    return float(ci[0]), float(ci[1])


# --- the headline -----------------------------------------------------------------------------

class Metric(NamedTuple):
    label: str
    value: str
    caption: str = ""
    help: str = ""


def cost_note(note: str | None, lang: str) -> str:
    """Why a cost per tonne (or its interval) is not given."""
    if not note:
        return ""
    key = f"policy_lab.note_{note}"
    try:
        return t(key, lang)
    except KeyError:
        return str(note)


def per_tonne(x: float | None, lang: str) -> str:
    if not finite(x):
        return "—"
    return t("policy_lab.per_tonne", lang, value=money(x, lang))


def interval_text(lo: float, hi: float, fmt_one: Callable[[float], str], lang: str) -> str:
    if not (finite(lo) and finite(hi)):
        return ""
    return t("policy_lab.card_interval", lang, lo=fmt_one(lo), hi=fmt_one(hi))


def headline_metrics(result: Any, lang: str) -> list[Metric]:
    """The four cards: tonnes avoided (interval), public spend (carbon-price revenue), public
    cost per tonne and total cost per tonne (interval, or why there is none)."""
    lo, hi = _pair(result.tonnes_ci)
    cards = [Metric(t("policy_lab.card_tonnes", lang),
                    t("policy_lab.card_tonnes_unit", lang, value=tonnes(result.tonnes_avoided, lang)),
                    interval_text(lo, hi, lambda v: tonnes(v, lang), lang))]
    revenue = float(result.carbon_price_revenue_cny or 0.0)
    cards.append(Metric(t("policy_lab.card_spend", lang), money(result.public_spend_cny, lang),
                        t("policy_lab.card_spend_note", lang, revenue=money(revenue, lang))
                        if abs(revenue) > 0.5 else ""))
    for label, value, ci, note, extra in (
            ("policy_lab.card_public_cost", result.public_cost_per_tonne,
             result.public_cost_per_tonne_ci, result.public_cost_per_tonne_note, ""),
            ("policy_lab.card_total_cost", result.total_cost_per_tonne,
             result.total_cost_per_tonne_ci, result.total_cost_per_tonne_note,
             t("policy_lab.card_total_note", lang))):
        lo, hi = _pair(ci)
        caption = interval_text(lo, hi, lambda v: per_tonne(v, lang), lang) or cost_note(note, lang)
        cards.append(Metric(t(label, lang), per_tonne(value, lang), caption, extra))
    return cards


def _all_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["group_by"] == "all"] if "group_by" in frame else frame


def biggest_move(result: Any) -> tuple[str, float, float] | None:
    """The lever whose adoption (all shops) moves most: (lever, without, with)."""
    rows = _all_rows(result.adoption)
    if rows.empty:
        return None
    row = rows.loc[rows["change"].abs().idxmax()]
    if abs(float(row["change"])) < 1e-12:
        return None
    return str(row["lever"]), float(row["rate_base"]), float(row["rate_policy"])


def windfall_share(result: Any) -> float | None:
    """The share of the subsidy paid for what shops did anyway (None without subsidy)."""
    spend = result.spend
    paid = float(spend["public_spend_cny"].sum()) if len(spend) else 0.0
    if paid <= 0:
        return None
    return float(spend["windfall_cny"].sum()) / paid


def identity_rows(result: Any) -> list[tuple[str, float, float, bool]]:
    try:
        return list(result.identities())
    except Exception:  # noqa: BLE001 - a result without them shows none
        return []


def summary_lines(result: Any, days: int, lang: str) -> list[str]:
    """The result in plain sentences, generated from the numbers."""
    lo, hi = _pair(result.tonnes_ci)
    out = []
    fields = {"days": days, "tonnes": tonnes(result.tonnes_avoided, lang),
              "lo": tonnes(lo, lang), "hi": tonnes(hi, lang)}
    if finite(lo) and lo > 0:
        out.append(t("policy_lab.headline", lang, spend=money(result.public_spend_cny, lang),
                     **fields))
    else:
        out.append(t("policy_lab.headline_nothing", lang, **fields))
    if finite(result.public_cost_per_tonne) or finite(result.total_cost_per_tonne):
        out.append(t("policy_lab.headline_cost", lang,
                     public=per_tonne(result.public_cost_per_tonne, lang),
                     total=per_tonne(result.total_cost_per_tonne, lang)))
    moved = biggest_move(result)
    if moved is not None:
        lever, base, pol = moved
        out.append(t("policy_lab.headline_adoption", lang, lever=lever_name(lever, lang),
                     base=rate(base), policy=rate(pol)))
    profit = _all_rows(result.profit)
    if len(profit):
        out.append(t("policy_lab.headline_losers", lang,
                     share=share(float(profit["share_losing"].iloc[0]))))
    wf = windfall_share(result)
    if wf is not None:
        out.append(t("policy_lab.headline_additional", lang, share=share(wf)))
    checks = identity_rows(result)
    if checks:
        failed = sum(1 for *_x, ok in checks if not ok)
        out.append(t("policy_lab.headline_identities", lang, n=len(checks)) if not failed else
                   t("policy_lab.headline_identities_failed", lang, k=failed, n=len(checks)))
    return out


# --- tables -------------------------------------------------------------------------------------

def adoption_table(result: Any, lang: str) -> pd.DataFrame:
    """Each lever's adoption over the region's shops, without and with the policy."""
    rows = _all_rows(result.adoption)
    return pd.DataFrame({
        t("policy_lab.col_lever", lang): [lever_name(v, lang) for v in rows["lever"]],
        t("policy_lab.col_base", lang): [rate(v) for v in rows["rate_base"]],
        t("policy_lab.col_policy", lang): [rate(v) for v in rows["rate_policy"]],
        t("policy_lab.col_change", lang): [percent(v, 1, signed=True, lang=lang)
                                           for v in rows["change"]],
    })


def group_table(result: Any, lang: str) -> pd.DataFrame:
    """Per group (category, size, urban/rural): shops, carbon avoided, public spend, profit
    change (region totals), the median shop's profit change and the share losing."""
    bg = result.by_group
    profit = result.profit.set_index(["group_by", "group"]) if len(result.profit) else None
    rows = []
    for r in bg.itertuples(index=False):
        med = float("nan")
        if profit is not None and (r.group_by, r.group) in profit.index:
            med = float(profit.loc[(r.group_by, r.group), "q50_cny"])
        rows.append({
            t("policy_lab.group_by", lang): (t("policy_lab.all_shops", lang) if r.group_by == "all"
                                             else dimension_name(r.group_by, lang)),
            t("policy_lab.col_group", lang): group_name(r.group_by, r.group, lang),
            t("policy_lab.col_shops", lang): f"{int(r.shops):,}",
            t("policy_lab.col_tonnes", lang): tonnes(r.tonnes_avoided, lang),
            t("policy_lab.col_spend", lang): money(r.public_spend_cny, lang),
            t("policy_lab.col_profit_total", lang): money(r.profit_change_cny, lang),
            t("policy_lab.col_profit_median", lang): money(med, lang),
            t("policy_lab.col_losers", lang): share(r.share_losing),
            t("policy_lab.col_adopters", lang): share(r.share_induced),
        })
    return pd.DataFrame(rows)


def spend_table(result: Any, lang: str) -> pd.DataFrame:
    """Public spend by instrument (its share of the total), the carbon-price revenue and the
    net public cost."""
    total = float(result.public_spend_cny or 0.0)
    rows = []
    for line, value in result.spend_by_instrument.items():
        if abs(float(value)) < 0.5 and not total:
            continue
        rows.append({t("policy_lab.col_instrument", lang): line_label(line, lang),
                     t("policy_lab.col_spend", lang): money(value, lang),
                     t("policy_lab.col_share", lang): share(value / total) if total else "—"})
    rows.append({t("policy_lab.col_instrument", lang): t("policy_lab.total_row", lang),
                 t("policy_lab.col_spend", lang): money(total, lang),
                 t("policy_lab.col_share", lang): share(1.0) if total else "—"})
    rows.append({t("policy_lab.col_instrument", lang): t("policy_lab.revenue_row", lang),
                 t("policy_lab.col_spend", lang): money(result.carbon_price_revenue_cny, lang),
                 t("policy_lab.col_share", lang): ""})
    rows.append({t("policy_lab.col_instrument", lang): t("policy_lab.net_row", lang),
                 t("policy_lab.col_spend", lang): money(result.net_public_cost_cny, lang),
                 t("policy_lab.col_share", lang): ""})
    return pd.DataFrame(rows)


def additionality_table(result: Any, lang: str) -> pd.DataFrame:
    """Per subsidy: paid, paid for what shops did anyway, additional, the share not
    additional."""
    rows = []
    for r in result.spend.itertuples(index=False):
        paid = float(r.public_spend_cny)
        rows.append({
            t("policy_lab.col_instrument", lang): line_label(r.instrument, lang),
            t("policy_lab.col_paid", lang): money(paid, lang),
            t("policy_lab.col_anyway", lang): money(r.windfall_cny, lang),
            t("policy_lab.col_additional", lang): money(r.additional_cny, lang),
            t("policy_lab.col_nonadditional", lang): share(r.windfall_cny / paid) if paid else "—",
        })
    return pd.DataFrame(rows)


def labour_table(result: Any, lang: str) -> pd.DataFrame:
    """Jobs, staff quits and turnover without and with the policy, the difference and its
    interval."""
    rows = []
    for r in result.labour.itertuples(index=False):
        is_rate = r.metric == "staff_turnover_rate"
        one = (lambda v: rate(v)) if is_rate else (lambda v: number(v, lang, 0))
        diff = (percent(r.difference, 1, signed=True, lang=lang) if is_rate
                else (("+" if finite(r.difference) and r.difference >= 0.5 else "")
                      + number(r.difference, lang, 0)))
        lo, hi = float(r.ci_low), float(r.ci_high)
        rows.append({
            t("policy_lab.col_item", lang): t(f"policy_lab.labour_{r.metric}", lang),
            t("policy_lab.col_base", lang): one(r.base),
            t("policy_lab.col_policy", lang): one(r.policy),
            t("policy_lab.col_change", lang): diff,
            t("policy_lab.col_ci", lang): (f"{one(lo)} – {one(hi)}"
                                           if finite(lo) and finite(hi) else "—"),
        })
    return pd.DataFrame(rows)


_ID_WORDS_ZH = (
    ("Σ weight × shop (base − policy)", "Σ 权重 × 各网店（无政策 − 有政策）"),
    ("Σ weight × shop profit change", "Σ 权重 × 各网店利润变化"),
    ("Σ weight × shop carbon price", "Σ 权重 × 各网店碳价"),
    ("Σ weight × shop carbon", "Σ 权重 × 各网店碳排放"),
    ("Σ weight × shop subsidies_", "Σ 权重 × 各网店 subsidies_"),
    ("Σ weight × shop subsidies", "Σ 权重 × 各网店补贴"),
    ("subsidies booked", "已入账补贴"),
    ("Σ instrument lines (every shop, both arms)", "Σ 各政策工具分项（每家网店，两种情形）"),
    ("Σ instrument lines", "Σ 各政策工具分项"),
    ("Σ spend table", "Σ 支出表"),
    ("windfall + additional", "非额外 + 额外"),
    ("= region shops", "= 地区网店数"),
    ("= region", "= 地区总量"),
    ("shops-weighted mean by", "按网店数加权平均，分组："),
    ("Σ shops by", "Σ 网店数，分组："),
)
_ID_BY = re.compile(r"^Σ (\w+) by (\w+) = region$")


def identity_name(name: str, lang: str) -> str:
    """An identity's name as the engine writes it (English with code names); in Chinese its
    words translated, the code names (``tonnes_avoided``, ``spend[packaging]``) kept."""
    if normalise_lang(lang) != "zh":
        return name
    m = _ID_BY.match(name)
    if m:
        return f"Σ {m.group(1)}（分组：{dimension_name(m.group(2), lang)}）= 地区总量"
    out = re.sub(r"^(spend|paid)\[(\w+)\]",
                 lambda m: ("支出" if m.group(1) == "spend" else "已付")
                 + f"（{line_label(m.group(2), lang)}）", name)
    for en, zh in _ID_WORDS_ZH:
        out = out.replace(en, zh)
    out = re.sub(r"分组： ?(\w+)", lambda m: "分组：" + (dimension_name(m.group(1), lang)
                                                     if m.group(1) in GROUP_DIMENSIONS
                                                     else m.group(1)), out)
    out = re.sub(r"^adoption ", "采用率 ", out)
    return out


def identity_table(result: Any, lang: str) -> pd.DataFrame:
    """Every accounting identity: its two sides and whether they agree."""
    rows = [{t("policy_lab.col_identity", lang): identity_name(name, lang),
             t("policy_lab.col_left", lang): f"{lhs:,.4f}",
             t("policy_lab.col_right", lang): f"{rhs:,.4f}",
             t("policy_lab.col_holds", lang): t("policy_lab.holds_yes" if ok else "policy_lab.holds_no",
                                                lang)}
            for name, lhs, rhs, ok in identity_rows(result)]
    return pd.DataFrame(rows, columns=[t("policy_lab.col_identity", lang),
                                       t("policy_lab.col_left", lang),
                                       t("policy_lab.col_right", lang),
                                       t("policy_lab.col_holds", lang)])


TABLES = ("adoption", "groups", "spend", "additionality", "jobs", "identities")


def all_tables(result: Any, lang: str) -> dict[str, tuple[str, pd.DataFrame]]:
    """{name: (title, table)} in the page's order (its tabs and CSV downloads)."""
    makers = {"adoption": adoption_table, "groups": group_table, "spend": spend_table,
              "additionality": additionality_table, "jobs": labour_table,
              "identities": identity_table}
    return {name: (t(f"policy_lab.tab_{name}", lang), makers[name](result, lang))
            for name in TABLES}


def shops_frame(result: Any, lang: str) -> pd.DataFrame:
    """Every simulated shop's row (the engine's columns, for a spreadsheet)."""
    return result.shops.copy()


def result_json(result: Any) -> str | None:
    try:
        return json.dumps(result.to_json(), ensure_ascii=False, allow_nan=False, indent=1)
    except Exception:  # noqa: BLE001 - no JSON download then
        return None


# --- charts -------------------------------------------------------------------------------------

def _title(text: str, subtitle: str | None = None) -> alt.TitleParams:
    return alt.TitleParams(text=text, subtitle=subtitle or "", anchor="start")


def series_labels(lang: str) -> tuple[str, str]:
    return t("policy_lab.series_base", lang), t("policy_lab.series_policy", lang)


def _series_scale(lang: str) -> alt.Scale:
    return alt.Scale(domain=list(series_labels(lang)), range=list(SERIES_COLOURS))


def adoption_frame(rows: pd.DataFrame, label: Callable[[Any], str], lang: str) -> pd.DataFrame:
    base, pol = series_labels(lang)
    out = []
    for r in rows.itertuples(index=False):
        name = label(r)
        out.append({"item": name, "series": base, "rate": float(r.rate_base)})
        out.append({"item": name, "series": pol, "rate": float(r.rate_policy)})
    return pd.DataFrame(out, columns=["item", "series", "rate"])


def _grouped_rates(data: pd.DataFrame, title: str, axis_title: str, lang: str) -> alt.Chart:
    order = list(dict.fromkeys(data["item"]))
    return alt.Chart(data, title=_title(title)).mark_bar().encode(
        y=alt.Y("item:N", sort=order, title=None, axis=alt.Axis(labelLimit=0)),
        yOffset=alt.YOffset("series:N", sort=list(series_labels(lang))),
        x=alt.X("rate:Q", title=t("policy_lab.share_axis", lang),
                axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("series:N", title=None, scale=_series_scale(lang),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("item:N", title=axis_title), alt.Tooltip("series:N", title=" "),
                 alt.Tooltip("rate:Q", title=t("policy_lab.share_axis", lang), format=".1%")],
    ).properties(width=CHART_WIDTH, height=alt.Step(14))


def adoption_chart(result: Any, lang: str) -> alt.Chart | None:
    """Adoption of every lever over the region's shops, without and with the policy."""
    rows = _all_rows(result.adoption)
    if rows.empty:
        return None
    data = adoption_frame(rows, lambda r: lever_name(r.lever, lang), lang)
    return _grouped_rates(data, t("policy_lab.adoption_chart_title", lang),
                          t("policy_lab.col_lever", lang), lang)


def lever_options(result: Any) -> list[str]:
    levers = list(getattr(result, "levers", ()) or [])
    if not levers and len(result.adoption):
        levers = list(dict.fromkeys(result.adoption["lever"]))
    return levers or [""]


def adoption_group_chart(result: Any, dim: str, lever: str, lang: str) -> alt.Chart | None:
    """One lever's adoption by group (category, size, urban/rural), without and with."""
    ad = result.adoption
    rows = ad[(ad["group_by"] == dim) & (ad["lever"] == lever)]
    if rows.empty:
        return None
    data = adoption_frame(rows, lambda r: group_name(dim, r.group, lang), lang)
    return _grouped_rates(data, t("policy_lab.adoption_group_title", lang,
                                  group=dimension_name(dim, lang), lever=lever_name(lever, lang)),
                          dimension_name(dim, lang), lang)


def profit_frame(result: Any, dim: str, lang: str) -> pd.DataFrame:
    """Each simulated shop's profit change with its group's name and a fixed jitter (from its
    index, so a chart is the same every time it is drawn)."""
    shops = result.shops
    if shops.empty or dim not in shops:
        return pd.DataFrame(columns=["group", "profit", "jitter", "shop"])
    return pd.DataFrame({
        "group": [group_name(dim, v, lang) for v in shops[dim]],
        "profit": shops["profit_change_cny"].astype(float),
        "jitter": [((int(i) * 0.618034) % 1.0) - 0.5 for i in shops["index"]],
        "shop": shops["index"].astype(int),
    })


def profit_chart(result: Any, dim: str, lang: str) -> alt.Chart | None:
    """Each shop's profit change by group: a box (quartiles, median) over the shops as dots."""
    data = profit_frame(result, dim, lang)
    if data.empty:
        return None
    order = sorted(dict.fromkeys(data["group"]))
    axis = t("policy_lab.profit_axis", lang)
    y = alt.Y("group:N", sort=order, title=None, axis=alt.Axis(labelLimit=0))
    box = alt.Chart(data).mark_boxplot(extent="min-max", opacity=0.35, color=PROFIT_COLOUR,
                                       size=22).encode(
        y=y, x=alt.X("profit:Q", title=axis))
    dots = alt.Chart(data).mark_circle(size=22, opacity=0.7, color=PROFIT_COLOUR).encode(
        y=y, x=alt.X("profit:Q", title=axis),
        yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-1.2, 1.2])),
        tooltip=[alt.Tooltip("shop:Q", title="#"), alt.Tooltip("group:N", title=" "),
                 alt.Tooltip("profit:Q", title=axis, format=",.0f")])
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#5B6770",
                                                           strokeDash=[4, 3]).encode(x="x:Q")
    return alt.layer(box, dots, zero).properties(
        width=CHART_WIDTH, height=alt.Step(44),
        title=_title(t("policy_lab.profit_chart_title", lang, group=dimension_name(dim, lang))))


# --- the MAC curve and the best mix ----------------------------------------------------------

@dataclass(frozen=True)
class MacOutcome:
    """What the MAC job gives the page: the curve (the engine's frame), the best mix within
    the budget (when one was asked) and the budget."""

    curve: Any
    best: Any = None
    budget: float | None = None


COST_BASES = ("public", "total")     # the MAC curve's cost per tonne: public spend, or the region's


def mac_policy_label(path: Any, intensity: Any, lang: str, step_from: Any = None) -> str:
    """"Green packaging subsidy 25% → 50%" (a step from the previous intensity), or the
    instrument and its intensity."""
    path = str(path)
    if path not in parameter_rows():
        return path
    to = value_text(path, intensity, lang)
    if step_from is not None and not _is_off(step_from):
        to = f"{value_text(path, step_from, lang)} → {to}"
    return f"{instrument_label(path, lang)} {to}"


def _is_off(value: Any) -> bool:
    return value is False or value is None or (not isinstance(value, bool) and value == 0)


def mac_bars(curve: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    """The MAC curve's bars (``simulation.lab.mac.mac_steps``): every step from one intensity
    of an instrument to the next that avoids carbon, cheapest per tonne first, each from the
    cumulative tonnes before it to after it."""
    from simulation.lab.mac import mac_steps

    steps = mac_steps(curve, by=by)
    ok = steps[steps["valid"].astype(bool)]
    return pd.DataFrame({
        "policy": [mac_policy_label(p, v, lang, f) for p, v, f in
                   zip(ok["instrument"], ok["intensity"], ok["step_from"], strict=True)],
        "instrument": [instrument_label(str(p), lang) for p in ok["instrument"]],
        "x0": ok["cumulative_tonnes_start"].astype(float).to_numpy(),
        "x1": ok["cumulative_tonnes"].astype(float).to_numpy(),
        "tonnes": ok["marginal_tonnes"].astype(float).to_numpy(),
        "cost": ok["marginal_cost_per_tonne_cny"].astype(float).to_numpy(),
    }, columns=["policy", "instrument", "x0", "x1", "tonnes", "cost"])


def mac_chart(curve: pd.DataFrame, by: str, lang: str) -> alt.Chart | None:
    """Bars whose width is the carbon a step avoids and height its marginal cost per tonne
    (public or total, ``by``), cheapest first, coloured by instrument. None when no step
    avoids carbon."""
    bars = mac_bars(curve, by, lang)
    if bars.empty:
        return None
    instruments = list(dict.fromkeys(bars["instrument"]))
    colours = list(MAC_COLOURS[:len(instruments)]) if len(instruments) <= len(MAC_COLOURS) else None
    y_title = t("policy_lab.mac_y_public" if by == "public" else "policy_lab.mac_y_total", lang)
    colour = alt.Color("instrument:N", title=None, sort=instruments,
                       scale=alt.Scale(domain=instruments, range=colours) if colours
                       else alt.Scale(domain=instruments),
                       legend=alt.Legend(orient="bottom", columns=2, labelLimit=320))
    tips = [alt.Tooltip("policy:N", title=t("policy_lab.col_instrument", lang)),
            alt.Tooltip("tonnes:Q", title=t("policy_lab.col_tonnes", lang), format=",.1f"),
            alt.Tooltip("cost:Q", title=y_title, format=",.0f")]
    x = alt.X("x0:Q", title=t("policy_lab.mac_x", lang))
    base = alt.Chart(bars)
    rects = base.mark_rect(stroke="white", strokeWidth=0.5, opacity=0.85).encode(
        x=x, x2="x1:Q", y=alt.Y("cost:Q", title=y_title), y2=alt.datum(0), color=colour,
        tooltip=tips)
    tops = base.mark_rule(strokeWidth=3).encode(    # a step that costs nothing still shows
        x=x, x2="x1:Q", y="cost:Q", color=colour, tooltip=tips)
    return alt.layer(rects, tops).properties(
        width=CHART_WIDTH, height=320, title=_title(t("policy_lab.mac_chart_title", lang)))


def mac_table(curve: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every policy the curve ran (one instrument at one intensity): carbon avoided with its
    interval, public spend, public and total cost per tonne."""
    rows = []
    for r in curve.itertuples(index=False):
        path = str(r.instrument)
        lo, hi = float(r.tonnes_ci_low), float(r.tonnes_ci_high)
        rows.append({
            t("policy_lab.col_instrument", lang): instrument_label(path, lang),
            t("policy_lab.col_intensity", lang): (value_text(path, r.intensity, lang)
                                                  if path in parameter_rows() else str(r.intensity)),
            t("policy_lab.col_tonnes", lang): tonnes(r.tonnes_avoided, lang),
            t("policy_lab.col_ci", lang): (f"{tonnes(lo, lang)} – {tonnes(hi, lang)}"
                                           if finite(lo) and finite(hi) else "—"),
            t("policy_lab.col_spend", lang): money(r.public_spend_cny, lang),
            t("policy_lab.col_public_cost", lang): per_tonne(r.public_cost_per_tonne_cny, lang),
            t("policy_lab.col_total_cost", lang): per_tonne(r.total_cost_per_tonne_cny, lang),
        })
    return pd.DataFrame(rows)


def _get(obj: Any, *names: str) -> Any:
    for n in names:
        if isinstance(obj, Mapping) and n in obj:
            return obj[n]
        if hasattr(obj, n):
            return getattr(obj, n)
    return None


def best_text(got: MacOutcome, lang: str) -> str:
    """The best mix within the budget in one sentence (its policy, tonnes and spend), from
    ``simulation.lab.search.best_mix``'s answer."""
    budget = money(got.budget, lang)
    best = got.best
    chosen = _get(best, "chosen") if best is not None else None
    lab = _get(best, "chosen_result") if best is not None else None
    if not chosen or lab is None or not finite(lab.tonnes_avoided) or lab.tonnes_avoided <= 0:
        return t("policy_lab.best_none", lang, budget=budget)
    return t("policy_lab.best_line", lang, budget=budget, policy=policy_text(dict(chosen), lang),
             tonnes=tonnes(lab.tonnes_avoided, lang), spend=money(lab.public_spend_cny, lang))
