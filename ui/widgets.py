"""Widgets built from the schema: every lever's range, label, unit, help and source comes
from the pydantic field (``simulation.scenario.parameter_table``), never from the page.

The scenario the user is working on is kept as its changes from the baseline under
``st.session_state["working"]``; each widget's own key (``p:<dotted path>``) is re-seeded
from it whenever Streamlit has forgotten the widget (after a visit to another page or in
presentation view). Fractions are shown in percent.
"""

from __future__ import annotations

import math
import typing
from functools import lru_cache
from typing import Any

import streamlit as st

from simulation import Scenario, category
from simulation.loader import ScenarioError, apply_changes, diff_scenarios
from simulation.scenario import (CHANNEL_LABELS, CHANNELS, iter_parameters, parameter_rows,
                                 parameter_table)

from . import limits
from .i18n import TEXT, normalise_lang, t
from .citations import source_text

GROUPS = ("E", "S", "G", "marketing", "policy", "assumptions", "run")
SHARE_PATHS = tuple(f"marketing.shares.{c}" for c in CHANNELS)
BUDGET_PATH = "marketing.monthly_budget_cny"
ESG_RECOMMENDED = (0.10, 0.15)          # 10–15% of the budget on ESG content (sources.ESG_MARKETING_GOV)
STATE = "working"
CATEGORY_PATH = "shop.category"          # its profile sets other levers (simulation.category)


def rows() -> dict[str, dict[str, Any]]:
    """The schema's parameters by dotted path (defaults, bounds, labels, sources)."""
    return parameter_rows()


@lru_cache(maxsize=1)
def choices() -> dict[str, tuple[str, ...]]:
    """The allowed values of every Literal (option) parameter."""
    out = {}
    for path, info, _group in iter_parameters():
        if typing.get_origin(info.annotation) is typing.Literal:
            out[path] = tuple(typing.get_args(info.annotation))
    return out


def paths_in(group: str) -> list[str]:
    return [p for p, r in rows().items() if r["group"] == group]


def key(path: str) -> str:
    """A lever's widget key. Option lists (select boxes) get one key per language: Streamlit
    keeps a select box's shown label across reruns, so a language switch must give it a new
    widget, which is then seeded from the working scenario."""
    if path in choices() and normalise_lang(st.session_state.get("lang")) != "zh":
        return f"p:{path}@{normalise_lang(st.session_state.get('lang'))}"
    return f"p:{path}"


def label(path: str, lang: str) -> str:
    r = rows()[path]
    return r["label_zh"] if normalise_lang(lang) == "zh" else r["label_en"]


def _is_fraction(path: str) -> bool:
    return rows()[path]["unit"] == "fraction"


def to_widget(path: str, value: Any) -> Any:
    """A scenario value as its widget shows it (fractions in percent, tuples as text)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (tuple, list)):
        return ", ".join(f"{v:g}" for v in value)
    if _is_fraction(path):
        return round(float(value) * 100.0, 6)
    return value


def from_widget(path: str, value: Any) -> Any:
    r = rows()[path]
    if isinstance(r["default"], bool):
        return bool(value)
    if isinstance(r["default"], (tuple, list)):
        parts = [p.strip() for p in str(value).replace("，", ",").split(",") if p.strip()]
        try:
            return [float(p) for p in parts]
        except ValueError:
            return str(value)       # the schema names the problem
    if isinstance(r["default"], int):
        return int(value)
    if isinstance(r["default"], float):
        return float(value) / 100.0 if _is_fraction(path) else float(value)
    return value


def working_changes() -> dict[str, Any]:
    return dict(st.session_state.get(STATE, {}))


def working_scenario() -> Scenario:
    """The scenario being worked on (the baseline when nothing is changed)."""
    try:
        return apply_changes(Scenario(), working_changes(), source="working scenario")
    except ScenarioError:
        return Scenario()


def load_into_state(scenario: Scenario) -> None:
    """Make ``scenario`` the working scenario and set every widget to it (safe in callbacks
    and before the widgets are drawn)."""
    st.session_state[STATE] = diff_scenarios(Scenario(), scenario)
    seed_widgets(scenario, force=True)


def seed_widgets(scenario: Scenario, force: bool = False) -> None:
    values = {r["path"]: r["value"] for r in parameter_table(scenario)}
    for path, value in values.items():
        if force or key(path) not in st.session_state:
            st.session_state[key(path)] = to_widget(path, value)


def reset_group(group: str) -> None:
    """Callback: put a group's levers back to the baseline."""
    base = {r["path"]: r["default"] for r in rows().values()}
    for path in paths_in(group):
        st.session_state[key(path)] = to_widget(path, base[path])


def collect() -> tuple[Scenario | None, dict[str, Any], list[str]]:
    """Read every widget: (scenario or None when invalid, changes, problems)."""
    values = {path: from_widget(path, st.session_state[key(path)]) if key(path) in st.session_state
              else r["default"] for path, r in rows().items()}
    changes: dict[str, Any] = {}
    for path, r in rows().items():
        default = list(r["default"]) if isinstance(r["default"], tuple) else r["default"]
        if path not in SHARE_PATHS and values[path] != default:
            changes[path] = values[path]
    if any(abs(values[p] - rows()[p]["default"]) > 1e-12 for p in SHARE_PATHS):  # one change
        changes["marketing.shares"] = {p.rsplit(".", 1)[-1]: values[p] for p in SHARE_PATHS}
    try:
        sc = apply_changes(Scenario(), changes, source="scenario")
    except ScenarioError as err:
        return None, changes, err.problems
    st.session_state[STATE] = diff_scenarios(Scenario(), sc)
    return sc, changes, []


# --- drawing ---------------------------------------------------------------------------

def _help(path: str, lang: str) -> str:
    r = rows()[path]
    zh = normalise_lang(lang) == "zh"
    parts = [r["help_zh"] if zh else r["help_en"]]
    if r["min"] is not None and r["max"] is not None:
        lo, hi = r["min"], r["max"]
        if path == "run.horizon_days":          # the app's limit, narrower than the schema's
            hi = limits.MAX_HORIZON_DAYS
        if _is_fraction(path):
            lo, hi = f"{lo * 100:g}%", f"{hi * 100:g}%"
        parts.append(t("builder.range", lang, lo=lo, hi=hi, unit=r["unit"]))
    parts.append(t("builder.default", lang, value=to_widget(path, r["default"])))
    parts.append(t("builder.source", lang, source=source_text(r["source"], lang)))
    return "  \n".join(p for p in parts if p)


def _step(lo: float, hi: float, is_int: bool) -> float | int:
    if is_int:
        return 1
    span = hi - lo
    if span <= 0:
        return 0.1
    return float(10 ** math.floor(math.log10(span) - 2))


def draw(path: str, lang: str, container=st) -> None:
    """One lever's widget, from the schema."""
    r = rows()[path]
    k = key(path)
    name = label(path, lang)
    unit = r["unit"]
    help_text = _help(path, lang)
    default = r["default"]
    if path in choices():
        extra = {"on_change": _category_changed, "args": (k,)} if path == CATEGORY_PATH else {}
        container.selectbox(name, choices()[path], key=k, help=help_text,
                            format_func=lambda v: option_label(path, v, lang), **extra)
    elif isinstance(default, bool):
        container.toggle(name, key=k, help=help_text)
    elif isinstance(default, (tuple, list)):
        container.text_input(f"{name} ({unit})" if unit else name, key=k, help=help_text)
    elif _is_fraction(path):
        lo, hi = (r["min"] or 0.0) * 100, (r["max"] if r["max"] is not None else 1.0) * 100
        step = 0.5 if hi - lo > 20 else 0.1
        container.slider(f"{name} (%)", min_value=float(lo), max_value=float(hi), step=step,
                         key=k, help=help_text, format="%.1f%%")
    else:
        is_int = isinstance(default, int)
        lo, hi = r["min"], r["max"]
        if path == "run.horizon_days":
            hi = limits.MAX_HORIZON_DAYS
        if is_int:
            lo = int(lo) if lo is not None else None
            hi = int(hi) if hi is not None else None
        else:
            lo = float(lo) if lo is not None else None
            hi = float(hi) if hi is not None else None
        step = _step(lo if lo is not None else 0.0, hi if hi is not None else
                     max(abs(default) * 10, 1.0), is_int)
        fmt = None if is_int else ("%.0f" if step >= 1 else f"%.{max(0, -int(math.log10(step)))}f")
        container.number_input(f"{name} ({unit})" if unit else name, min_value=lo, max_value=hi,
                               step=step, key=k, help=help_text, format=fmt)


def _category_changed(k: str) -> None:
    """Callback: a new shop category sets the widgets of its profile (order value, margin,
    returns, packaging size, defects) to the category's values."""
    for path, value in category.profile_changes(st.session_state[k]).items():
        st.session_state[key(path)] = to_widget(path, value)


def option_label(path: str, value: str, lang: str) -> str:
    k = f"builder.opt_{path.rsplit('.', 1)[-1]}_{value}"
    return t(k, lang) if k in TEXT else str(value)


def draw_group(group: str, lang: str, container=st) -> None:
    """Every lever of a group; assumptions are sub-headed by their schema section."""
    section = None
    for path in paths_in(group):
        if path in SHARE_PATHS or path == BUDGET_PATH:
            continue
        head = path.split(".")[0] if group in ("assumptions", "run") else None
        if path.startswith("marketing.response."):
            head = "marketing.response." + path.split(".")[2]
        if head and head != section:
            section = head
            container.markdown(f"**{section_label(head, lang)}**")
        draw(path, lang, container)


def section_label(head: str, lang: str) -> str:
    if head.startswith("marketing.response."):
        ch = head.rsplit(".", 1)[-1]
        zh, en = CHANNEL_LABELS[ch]
        return t("builder.section_response", lang, channel=zh if lang == "zh" else en)
    return t(f"builder.section_{head}", lang)


# --- the budget split ------------------------------------------------------------------

def rebalance(changed: str) -> None:
    """Callback: after one channel's share moved, scale the others so the split is 100%.

    The others keep their proportions; with nothing left to scale they share the remainder
    equally. Rounded to 0.1%, with the rounding put on the largest other channel, so the
    shares sum to exactly 100.0 and the split is never in a state that does not.
    """
    k_changed = key(f"marketing.shares.{changed}")
    v = min(100.0, max(0.0, float(st.session_state[k_changed])))
    others = [c for c in CHANNELS if c != changed]
    old = {c: float(st.session_state.get(key(f"marketing.shares.{c}"), 0.0)) for c in others}
    new = balanced(v, old)
    for c, value in new.items():
        st.session_state[key(f"marketing.shares.{c}")] = value
    st.session_state[k_changed] = round(v, 1)


def balanced(value: float, others: dict[str, float]) -> dict[str, float]:
    """The other channels' shares (percent) so that ``value`` + theirs = 100."""
    rest = 100.0 - round(value, 1)
    total = sum(others.values())
    if total <= 1e-9:
        raw = {c: rest / len(others) for c in others}
    else:
        raw = {c: v * rest / total for c, v in others.items()}
    out = {c: round(v, 1) for c, v in raw.items()}
    gap = round(rest - sum(out.values()), 1)
    if gap:
        top = max(out, key=lambda c: out[c])
        out[top] = round(out[top] + gap, 1)
    return out


def draw_budget(lang: str, container=st) -> dict[str, float]:
    """The monthly total and the per-channel shares (always 100%); returns the shares."""
    draw(BUDGET_PATH, lang, container)
    total = float(st.session_state[key(BUDGET_PATH)])
    shares = {}
    for c in CHANNELS:
        path = f"marketing.shares.{c}"
        zh, en = CHANNEL_LABELS[c]
        name = zh if lang == "zh" else en
        container.slider(f"{name} (%)", 0.0, 100.0, step=0.1, key=key(path),
                         help=_help(path, lang), format="%.1f%%", on_change=rebalance,
                         args=(c,))
        shares[c] = float(st.session_state[key(path)])
        container.caption(t("builder.channel_spend", lang, spend=f"{total * shares[c] / 100:,.0f}"))
    esg = shares["esg_content"] / 100.0
    lo, hi = ESG_RECOMMENDED
    state = "ok" if lo <= esg <= hi else ("low" if esg < lo else "high")
    container.progress(min(1.0, esg / 0.30))
    icon = "✅" if state == "ok" else "⚠️"
    container.caption(f"{icon} " + t(f"builder.esg_share_{state}", lang, share=f"{esg * 100:.1f}%",
                                     lo="10%", hi="15%"))
    container.caption(t("builder.share_total", lang, total=f"{sum(shares.values()):.1f}%"))
    return shares

