"""Widgets built from the schema: every lever's range, label, unit, help and source comes
from the pydantic field (``simulation.scenario.parameter_table``), never from the page.

The scenario the user is working on is kept as its changes from the baseline under
``st.session_state["working"]``; each widget's own key (``p:<dotted path>``) is re-seeded
from it whenever Streamlit has forgotten the widget (after a visit to another page or in
presentation view). Fractions are shown in percent.

Number fields have no bounds of their own (Streamlit would refuse a typed value out of
range with only a red border): the range is checked here, a refused value gets a message
naming it under the field, and :func:`collect` gives no scenario while one is there (nor
while the run settings hold one, ``ui.inputs.run_settings``). The assumptions (over a
hundred) are drawn one sub-group at a time, or found by name (:func:`draw_assumptions`).
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

from . import inputs, limits
from .i18n import TEXT, normalise_lang, t, unit_text
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


def bounds(path: str) -> tuple[float | int | None, float | int | None]:
    """A number lever's range as the app takes it: the schema's, the horizon within the
    server's limit; integers for an integer lever."""
    r = rows()[path]
    lo, hi = r["min"], r["max"]
    if path == "run.horizon_days":          # the app's limit, narrower than the schema's
        hi = limits.MAX_HORIZON_DAYS if hi is None else min(hi, limits.MAX_HORIZON_DAYS)
    if isinstance(r["default"], int) and not isinstance(r["default"], bool):
        return (int(lo) if lo is not None else None), (int(hi) if hi is not None else None)
    return (float(lo) if lo is not None else None), (float(hi) if hi is not None else None)


def _is_number(path: str) -> bool:
    """A lever typed as a number (a fraction is a slider, bounded by construction)."""
    d = rows()[path]["default"]
    return (isinstance(d, (int, float)) and not isinstance(d, bool) and not _is_fraction(path)
            and path not in choices())


def _is_list(path: str) -> bool:
    return isinstance(rows()[path]["default"], (tuple, list))


def refused(path: str, lang: str) -> str | None:
    """Why the value in a lever's field is not taken (in ``lang``), or None when it is: a
    number out of range, a list that is not numbers separated by commas."""
    k = key(path)
    if k not in st.session_state:
        return None
    value = st.session_state[k]
    if _is_number(path):
        lo, hi = bounds(path)
        if not inputs.in_range(value, lo, hi):
            return inputs.range_message(label(path, lang), lo, hi, lang)
    elif _is_list(path) and isinstance(from_widget(path, value), str):
        return t("builder.list_malformed", lang, label=label(path, lang),
                 example=to_widget(path, rows()[path]["default"]))
    return None


def hold() -> None:
    """Set every lever's widget value (and the run settings') again under its key, before
    any widget is drawn."""
    for k in [*(key(path) for path in rows()), inputs.SEED_WIDGET, inputs.REPS_WIDGET]:
        if k in st.session_state:
            st.session_state[k] = st.session_state[k]


def refusals(lang: str | None = None) -> list[str]:
    """The messages of every field holding a value that is not taken: the levers and the
    run settings (seed, replications). While there is one, nothing runs."""
    lang = normalise_lang(lang if lang is not None else st.session_state.get("lang"))
    found = [m for m in (refused(p, lang) for p in rows()) if m]
    return found + inputs.refusals(inputs.run_fields(lang), lang)


def collect(lang: str | None = None) -> tuple[Scenario | None, dict[str, Any], list[str]]:
    """Read every widget: (scenario or None when invalid, changes, problems). A field that
    holds a refused value (out of range, malformed; :func:`refusals`) gives no scenario and
    its message as the problem, so nothing runs on a value the user cannot see taken.

    Every lever's value is held (set again under its key): a widget that is not drawn on
    this run (an assumption in another sub-group, presentation view) would otherwise fall
    back to the value it was created with on the next run."""
    hold()
    stopped = refusals(lang)
    if stopped:
        return None, working_changes(), stopped
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
        lo, hi = bounds(path)
        if _is_fraction(path):
            lo, hi = f"{lo * 100:g}%", f"{hi * 100:g}%"
        else:
            lo, hi = inputs.bound_text(lo), inputs.bound_text(hi)
        parts.append(t("builder.range", lang, lo=lo, hi=hi,
                       unit="" if _is_fraction(path) else unit_text(r["unit"], lang)).rstrip())
    parts.append(t("builder.default", lang, value=_default_text(path, r["default"], lang)))
    parts.append(t("builder.source", lang, source=source_text(r["source"], lang)))
    return "  \n".join(p for p in parts if p)


def _default_text(path: str, value: Any, lang: str) -> str:
    """A default value as the reader sees it: on/off, an option's label, a percentage."""
    if isinstance(value, bool):
        return t("methodology.value_on" if value else "methodology.value_off", lang)
    if isinstance(value, str) and path in choices():
        return option_label(path, value, lang)
    shown = to_widget(path, value)
    if isinstance(shown, float):
        return f"{shown:g}%" if _is_fraction(path) else f"{shown:g}"
    return str(shown)


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
    unit = unit_text(r["unit"], lang)
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
        _refusal_under(path, lang, container)
    elif _is_fraction(path):
        lo, hi = (r["min"] or 0.0) * 100, (r["max"] if r["max"] is not None else 1.0) * 100
        step = 0.5 if hi - lo > 20 else 0.1
        container.slider(f"{name} (%)", min_value=float(lo), max_value=float(hi), step=step,
                         key=k, help=help_text, format="%.1f%%")
    else:
        # no min/max on the field: Streamlit would refuse a typed value out of range with
        # only a red border; the range is checked here and named in a message instead
        is_int = isinstance(default, int)
        lo, hi = bounds(path)
        step = _step(lo if lo is not None else 0.0, hi if hi is not None else
                     max(abs(default) * 10, 1.0), is_int)
        fmt = None if is_int else ("%.0f" if step >= 1 else f"%.{max(0, -int(math.log10(step)))}f")
        container.number_input(f"{name} ({unit})" if unit else name, step=step, key=k,
                               help=help_text, format=fmt)
        _refusal_under(path, lang, container)


def _refusal_under(path: str, lang: str, container=st) -> None:
    """The message under a field whose value is not taken (nothing runs while it is there)."""
    message = refused(path, lang)
    if message:
        container.error(message)


def _category_changed(k: str) -> None:
    """Callback: a new shop category sets the widgets of its profile (order value, margin,
    returns, packaging size, defects) to the category's values."""
    for path, value in category.profile_changes(st.session_state[k]).items():
        st.session_state[key(path)] = to_widget(path, value)


def option_label(path: str, value: str, lang: str) -> str:
    k = f"builder.opt_{path.rsplit('.', 1)[-1]}_{value}"
    return t(k, lang) if k in TEXT else str(value)


def _head(path: str, group: str) -> str | None:
    """The sub-heading a lever is drawn under: its schema section in the assumptions and the
    run settings, a channel's response for the marketing response parameters."""
    if path.startswith("marketing.response."):
        return "marketing.response." + path.split(".")[2]
    return path.split(".")[0] if group in ("assumptions", "run") else None


def _draw_levers(paths: list[str], group: str, lang: str, container=st) -> None:
    section = None
    for path in paths:
        head = _head(path, group)
        if head and head != section:
            section = head
            container.markdown(f"**{section_label(head, lang)}**")
        draw(path, lang, container)


def draw_group(group: str, lang: str, container=st) -> None:
    """Every lever of a group; the assumptions (over a hundred) one sub-group at a time
    (:func:`draw_assumptions`), the others sub-headed by their schema section."""
    paths = [p for p in paths_in(group) if p not in SHARE_PATHS and p != BUDGET_PATH]
    if group == "assumptions":
        draw_assumptions(paths, lang, container)
    else:
        _draw_levers(paths, group, lang, container)


# the assumptions' sub-groups: their schema section; the channels' response curves apart
SUBGROUP_KEY, FIND_KEY = "assumption_subgroup", "assumption_find"


def subgroup(path: str) -> str:
    return "marketing.response" if path.startswith("marketing.response.") else path.split(".")[0]


def subgroups(paths: list[str] | None = None) -> dict[str, list[str]]:
    """{sub-group: its assumptions' paths}, in the schema's order."""
    out: dict[str, list[str]] = {}
    for path in paths_in("assumptions") if paths is None else paths:
        out.setdefault(subgroup(path), []).append(path)
    return out


def subgroup_label(name: str, lang: str) -> str:
    return t("builder.section_marketing_response" if name == "marketing.response"
             else f"builder.section_{name}", lang)


def matches(path: str, query: str) -> bool:
    """Whether an assumption's label (either language), unit or path contains ``query``."""
    q = query.strip().casefold()
    r = rows()[path]
    return not q or any(q in str(x).casefold() for x in (r["label_zh"], r["label_en"], path,
                                                         r["unit"]))


def _keep(widget_key: str, state_key: str) -> None:
    st.session_state[state_key] = st.session_state[widget_key]


def draw_assumptions(paths: list[str], lang: str, container=st) -> None:
    """The assumptions one sub-group at a time (customers, marketing, channel response,
    logistics, staff, ...), chosen in a list that says how many each holds and how many are
    changed; or, with a search text, every assumption whose name matches it. Levers not on
    show keep their values (:func:`collect` holds them)."""
    groups = subgroups(paths)
    changed = working_changes()

    def n_changed(name: str) -> int:
        return sum(1 for p in groups[name] if p in changed)

    def option(name: str) -> str:
        n = n_changed(name)
        return t("builder.subgroup_changed" if n else "builder.subgroup_option", lang,
                 name=subgroup_label(name, lang), n=len(groups[name]), changed=n)

    names = list(groups)
    # the list's key per language: a select box keeps its shown label across reruns
    w_find, w_sub = f"_w_{FIND_KEY}", f"_w_{SUBGROUP_KEY}@{normalise_lang(lang)}"
    st.session_state[w_find] = str(st.session_state.setdefault(FIND_KEY, ""))
    if st.session_state.get(SUBGROUP_KEY) not in names:
        st.session_state[SUBGROUP_KEY] = names[0]
    st.session_state[w_sub] = st.session_state[SUBGROUP_KEY]
    query = container.text_input(t("builder.find", lang), key=w_find,
                                 placeholder=t("builder.find_placeholder", lang),
                                 on_change=_keep, args=(w_find, FIND_KEY))
    if query.strip():
        found = [p for p in paths if matches(p, query)]
        container.caption(t("builder.find_count", lang, n=len(found)) if found
                          else t("builder.find_none", lang))
        _draw_levers(found, "assumptions", lang, container)
        return
    chosen = container.selectbox(t("builder.subgroup", lang), names, key=w_sub,
                                 format_func=option, on_change=_keep, args=(w_sub, SUBGROUP_KEY))
    _draw_levers(groups[chosen], "assumptions", lang, container)


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

