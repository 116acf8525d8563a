"""Number fields that answer every typed value.

Streamlit's ``number_input`` with ``min_value``/``max_value`` refuses a typed value outside
its range silently (a red border, the old value kept), so a user can believe a budget of
99,999,999,999 was taken. :func:`number` draws the field with no bounds of its own, checks
the value against the range, and shows a message in the user's language naming the range
when it is outside; the caller gets ``None`` then and runs nothing on it. The last accepted
value stays under ``state_key`` (it outlives the widget, see ``shell.keep``).
"""

from __future__ import annotations

import math
from typing import Any

import streamlit as st

from . import limits, session
from .i18n import finite, t


def bound_text(x: float | int) -> str:
    """A range's end as the messages show it (thousands separated)."""
    return _bound(x)


def _bound(x: float | int) -> str:
    if isinstance(x, int) or float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.6g}"


def in_range(value: Any, lo: float | None, hi: float | None) -> bool:
    """True for a finite number within [lo, hi] (an open end when None)."""
    if not finite(value):
        return False
    v = float(value)
    return (lo is None or v >= lo) and (hi is None or v <= hi)


def range_message(label: str, lo: float | None, hi: float | None, lang: str) -> str:
    """"<label>: enter a number from lo to hi" (or "at least lo" / "at most hi")."""
    if lo is not None and hi is not None:
        return t("common.out_of_range", lang, label=label, lo=_bound(lo), hi=_bound(hi))
    if lo is not None:
        return t("common.out_of_range_low", lang, label=label, lo=_bound(lo))
    return t("common.out_of_range_high", lang, label=label, hi=_bound(hi))


def _accept(widget_key: str, state_key: str, lo: float | None, hi: float | None) -> None:
    value = st.session_state.get(widget_key)
    if in_range(value, lo, hi):
        st.session_state[state_key] = value


def number(label: str, *, key: str, state_key: str, default: float | int,
           lo: float | int | None, hi: float | int | None, lang: str, container: Any = st,
           step: float | int | None = None, format: str | None = None,
           help: str | None = None, message_label: str | None = None,
           follow_state: bool = False) -> float | int | None:
    """A number field checked against [lo, hi]: the value when it is accepted, else None
    after showing why under the field. Integers when ``default`` is an int.
    ``follow_state``: a value that code puts under ``state_key`` (a share link, a test, a
    restored job) is shown in the field on the next run, as if typed there."""
    is_int = isinstance(default, int) and not isinstance(default, bool)
    if state_key not in st.session_state:
        st.session_state[state_key] = default
    seen = f"_seen:{key}"
    if key not in st.session_state or (
            follow_state and seen in st.session_state
            and st.session_state[seen] != st.session_state[state_key]):
        st.session_state[key] = st.session_state[state_key]
    st.session_state[seen] = st.session_state[state_key]
    if step is None:
        step = 1 if is_int else None
    container.number_input(label, key=key, step=step, format=format, help=help,
                           on_change=_accept, args=(key, state_key, lo, hi))
    value = st.session_state.get(key)
    if not in_range(value, lo, hi):
        container.error(range_message(message_label or label, lo, hi, lang))
        return None
    if st.session_state[state_key] != value:          # set from code (a reset, a link)
        st.session_state[state_key] = value
    st.session_state[seen] = st.session_state[state_key]
    return int(value) if is_int else float(value)


def refusals(fields: dict[str, tuple[str, float | None, float | None]], lang: str) -> list[str]:
    """The range message of every field in ``fields`` ({widget key: (label, lo, hi)}) whose
    widget holds a value that is refused: what a page shows instead of running anything
    while such a value is typed. Fields not drawn yet are not looked at."""
    return [range_message(label, lo, hi, lang) for k, (label, lo, hi) in fields.items()
            if k in st.session_state and not in_range(st.session_state[k], lo, hi)]


# --- the builder's run settings (seed and replications, shared by every page) ------------------

SEED_WIDGET, REPS_WIDGET = "_w_seed", "_w_reps"
MIN_REPLICATIONS = 2                  # an interval needs two


def run_fields(lang: str) -> dict[str, tuple[str, int, int]]:
    """The run settings' fields: {widget key: (label, lo, hi)} (for :func:`refusals`)."""
    return {SEED_WIDGET: (t("builder.seed", lang), 0, limits.MAX_SEED),
            REPS_WIDGET: (t("builder.replications", lang), MIN_REPLICATIONS,
                          limits.MAX_REPLICATIONS)}


def run_settings(lang: str, container: Any = st) -> tuple[int | None, int | None]:
    """The seed and the replications side by side, kept in the session's run settings
    (``ui.session``) when in range; a value out of range gets a message under its field
    (and ``widgets.collect`` runs nothing while it is there). Returns (seed, replications),
    None for a refused one."""
    fields = run_fields(lang)
    a, b = container.columns(2)
    out = []
    for col, k, state_key, default, help_text in (
            (a, SEED_WIDGET, session.SEED_KEY, session.seed(), t("builder.seed_help", lang)),
            (b, REPS_WIDGET, session.REPS_KEY, session.replications(),
             t("builder.replications_help", lang, max=limits.MAX_REPLICATIONS))):
        label, lo, hi = fields[k]
        out.append(number(label, key=k, state_key=state_key, default=default, lo=lo, hi=hi,
                          lang=lang, container=col, help=help_text, follow_state=True))
    return out[0], out[1]


def clamp_finite(value: Any, lo: float, hi: float) -> float:
    """``value`` within [lo, hi] (NaN and infinities to ``lo``): for values from code, never
    for what the user typed."""
    v = float(value) if finite(value) else lo
    return min(max(v, lo), hi) if not math.isnan(v) else lo
