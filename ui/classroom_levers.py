"""The classroom's lever widgets: only an exercise's levers are drawn as widgets (from the
schema, as in ``ui/widgets.py``: label, unit, range, help; fractions in percent, the channel
split always 100%), every other parameter is listed read-only.

Each lever's value lives under its own session key per exercise (``cl_v:<exercise>:<path>``,
in the widget's form: a fraction in percent), so it outlives the widget (a visit to another
page, presentation view) and never touches the builder's working scenario; the widget
(``_w_cl:<exercise>:<path>``) is re-seeded from it on every run and copies its value back
when changed. :func:`collect` reads the values into the changes from the exercise's
baseline, with a message for each value that is not taken (nothing runs while there is one).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from simulation import Scenario
from simulation.exercises import Exercise, lever_parameters
from simulation.scenario import CHANNEL_LABELS, CHANNELS, parameter_table

from . import inputs, widgets
from .citations import source_text
from .format import format_value
from .i18n import normalise_lang, t, unit_text

SHARES = "marketing.shares"
SHARE_PATHS = tuple(f"{SHARES}.{c}" for c in CHANNELS)


def state_key(ex_id: str, path: str) -> str:
    return f"cl_v:{ex_id}:{path}"


def widget_key(ex_id: str, path: str, lang: str) -> str:
    """A lever's widget key; a select box gets one per language (Streamlit keeps a select
    box's shown label across reruns, so a language switch needs a new widget)."""
    base = f"_w_cl:{ex_id}:{path}"
    return f"{base}@{normalise_lang(lang)}" if path in widgets.choices() else base


def paths(ex: Exercise) -> list[str]:
    """The leaf parameters the student may change, in the exercise's order."""
    return lever_parameters(ex)


def base_values(base: Scenario) -> dict[str, Any]:
    return {r["path"]: r["value"] for r in parameter_table(base)}


def seed(ex: Exercise, base: Scenario, force: bool = False) -> None:
    """Put the baseline's value of every lever under its session key (where there is none,
    or every one with ``force``)."""
    values = base_values(base)
    for path in paths(ex):
        k = state_key(ex.id, path)
        if force or k not in st.session_state:
            st.session_state[k] = widgets.to_widget(path, values[path])


def _keep(widget: str, state: str) -> None:
    st.session_state[state] = st.session_state[widget]


def _rebalance(ex_id: str, changed: str, widget: str) -> None:
    """Callback: a channel's share moved; the others are scaled so the split is 100%."""
    v = min(100.0, max(0.0, float(st.session_state[widget])))
    others = {c: float(st.session_state.get(state_key(ex_id, f"{SHARES}.{c}"), 0.0))
              for c in CHANNELS if c != changed}
    for c, value in widgets.balanced(v, others).items():
        st.session_state[state_key(ex_id, f"{SHARES}.{c}")] = value
    st.session_state[state_key(ex_id, f"{SHARES}.{changed}")] = round(v, 1)


# --- reading the values ------------------------------------------------------------------

def refused(ex: Exercise, path: str, lang: str) -> str | None:
    """Why a lever's value is not taken (a number out of its range, a malformed list)."""
    value = st.session_state.get(state_key(ex.id, path))
    r = widgets.rows()[path]
    default = r["default"]
    if isinstance(default, (tuple, list)):
        if isinstance(widgets.from_widget(path, value), str):
            return t("classroom.lever_list_bad", lang, label=widgets.label(path, lang))
        return None
    if isinstance(default, bool) or path in widgets.choices():
        return None
    if widgets.rows()[path]["unit"] == "fraction":
        lo, hi = (r["min"] or 0.0) * 100, (r["max"] if r["max"] is not None else 1.0) * 100
    else:
        lo, hi = widgets.bounds(path)
    if not inputs.in_range(value, lo, hi):
        return inputs.range_message(widgets.label(path, lang), lo, hi, lang)
    return None


def collect(ex: Exercise, base: Scenario, lang: str) -> tuple[dict[str, Any], list[str]]:
    """(the changes from the baseline, the messages of the values not taken)."""
    seed(ex, base)
    values = base_values(base)
    changes: dict[str, Any] = {}
    problems: list[str] = []
    shares: dict[str, float] = {}
    for path in paths(ex):
        message = refused(ex, path, lang)
        if message:
            problems.append(message)
            continue
        value = widgets.from_widget(path, st.session_state[state_key(ex.id, path)])
        if path in SHARE_PATHS:
            shares[path.rsplit(".", 1)[-1]] = value
            continue
        old = values[path]
        old = list(old) if isinstance(old, tuple) else old
        if isinstance(value, float) and isinstance(old, (int, float)) and not isinstance(old, bool):
            if math.isclose(value, float(old), rel_tol=1e-9, abs_tol=1e-9):
                continue
        elif value == old:
            continue
        changes[path] = value
    if shares and any(abs(v - values[f"{SHARES}.{c}"]) > 1e-6 for c, v in shares.items()):
        total = sum(shares.values())
        changes[SHARES] = {c: v / total for c, v in shares.items()} if total > 0 else shares
    return changes, problems


# --- drawing -----------------------------------------------------------------------------

def _help(path: str, lang: str, base_value: Any) -> str:
    r = widgets.rows()[path]
    zh = normalise_lang(lang) == "zh"
    parts = [r["help_zh"] if zh else r["help_en"]]
    if r["min"] is not None and r["max"] is not None:
        lo, hi = widgets.bounds(path)
        if r["unit"] == "fraction":
            lo, hi, unit = f"{lo * 100:g}%", f"{hi * 100:g}%", ""
        else:
            lo, hi, unit = inputs.bound_text(lo), inputs.bound_text(hi), unit_text(r["unit"], lang)
        parts.append(t("builder.range", lang, lo=lo, hi=hi, unit=unit).rstrip())
    parts.append(t("builder.source", lang, source=source_text(r["source"], lang)))
    return "  \n".join(p for p in parts if p)


def draw(ex: Exercise, base: Scenario, lang: str, container: Any = st) -> None:
    """The exercise's levers as widgets, each seeded from its session key."""
    seed(ex, base)
    values = base_values(base)
    for path in paths(ex):
        r = widgets.rows()[path]
        sk, wk = state_key(ex.id, path), widget_key(ex.id, path, lang)
        st.session_state[wk] = st.session_state[sk]
        name = widgets.label(path, lang)
        unit = unit_text(r["unit"], lang)
        help_text = _help(path, lang, values[path])
        default = r["default"]
        keep = {"on_change": _keep, "args": (wk, sk)}
        if path in SHARE_PATHS:
            c = path.rsplit(".", 1)[-1]
            zh, en = CHANNEL_LABELS[c]
            container.slider(f"{zh if lang == 'zh' else en} (%)", 0.0, 100.0, step=0.1, key=wk,
                             help=help_text, format="%.1f%%", on_change=_rebalance,
                             args=(ex.id, c, wk))
        elif path in widgets.choices():
            container.selectbox(name, widgets.choices()[path], key=wk, help=help_text,
                                format_func=lambda v, p=path: widgets.option_label(p, v, lang),
                                **keep)
        elif isinstance(default, bool):
            container.toggle(name, key=wk, help=help_text, **keep)
        elif isinstance(default, (tuple, list)):
            container.text_input(f"{name} ({unit})" if unit else name, key=wk, help=help_text,
                                 **keep)
        elif r["unit"] == "fraction":
            lo, hi = (r["min"] or 0.0) * 100, (r["max"] if r["max"] is not None else 1.0) * 100
            container.slider(f"{name} (%)", min_value=float(lo), max_value=float(hi),
                             step=0.5 if hi - lo > 20 else 0.1, key=wk, help=help_text,
                             format="%.1f%%", **keep)
        else:
            is_int = isinstance(default, int)
            step: float | int = 1 if is_int else _step(path)
            fmt = None if is_int else ("%.0f" if step >= 1 else
                                       f"%.{max(0, -int(math.log10(step)))}f")
            container.number_input(f"{name} ({unit})" if unit else name, key=wk, step=step,
                                   format=fmt, help=help_text, **keep)
        message = refused(ex, path, lang)
        if message:
            container.error(message)
    if any(p in SHARE_PATHS for p in paths(ex)):
        total = sum(float(st.session_state[state_key(ex.id, p)]) for p in SHARE_PATHS
                    if p in paths(ex))
        container.caption(t("builder.share_total", lang, total=f"{total:.1f}%"))


def _step(path: str) -> float:
    lo, hi = widgets.bounds(path)
    default = float(widgets.rows()[path]["default"])
    lo = 0.0 if lo is None else float(lo)
    hi = max(abs(default) * 10, 1.0) if hi is None else float(hi)
    span = hi - lo
    return 0.1 if span <= 0 else float(10 ** math.floor(math.log10(span) - 2))


def locked_table(ex: Exercise, base: Scenario, lang: str) -> pd.DataFrame:
    """Every parameter the student may not change, with its value in this exercise."""
    open_paths = set(paths(ex))
    rows = []
    for r in parameter_table(base):
        if r["path"] in open_paths:
            continue
        value = r["value"]
        rows.append({
            t("classroom.col_group", lang): t(f"builder.group_{r['group']}", lang),
            t("classroom.col_parameter", lang): r["label_zh"] if lang == "zh" else r["label_en"],
            t("classroom.col_value", lang): format_value(r["path"], value, r["unit"], lang),
            t("classroom.col_unit", lang): "" if r["unit"] == "fraction" else unit_text(r["unit"], lang),
        })
    return pd.DataFrame(rows)

