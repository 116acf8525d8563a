"""What the builder is working on: where its scenario came from (the *origin*: a preset, a
library entry, a read-only link, a share link or an uploaded file) and a bounded undo/redo
history of the working changes.

Everything lives in ``st.session_state``. :func:`load` is the one way a scenario is opened
(it records the origin); :func:`record` runs once per builder run after the widgets have
been read and turns any difference from the last recorded state into one undoable step, so a
lever move, a group reset or a load is one step each. :func:`undo` and :func:`redo` are
button callbacks: they set the widgets before they are drawn.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import streamlit as st

from simulation import Scenario, list_presets
from simulation.loader import ScenarioError, apply_changes

from . import widgets

ORIGIN_KEY = "_origin"
HISTORY_KEY = "_history"
MAX_STEPS = 50                  # undo steps kept; the oldest go first
KINDS = ("preset", "library", "shared", "link", "upload")


@lru_cache(maxsize=1)
def preset_titles() -> dict[str, dict[str, str]]:
    """Each preset's title by language ({name: {"zh", "en"}}; the preset files are read
    once per server)."""
    try:
        return {p.name: dict(p.title) for p in list_presets()}
    except ScenarioError:
        return {}


def _baseline_origin() -> dict[str, Any]:
    return {"kind": "preset", "name": "baseline", "changes": {}}


def origin() -> dict[str, Any]:
    """Where the working scenario came from: {"kind", "name", "changes"} (``changes``: the
    working changes right after it was opened)."""
    return dict(st.session_state.get(ORIGIN_KEY) or _baseline_origin())


def set_origin(kind: str, name: str) -> None:
    """Record that the scenario now in the widgets came from ``kind`` called ``name``."""
    st.session_state[ORIGIN_KEY] = {"kind": kind, "name": str(name),
                                    "changes": widgets.working_changes()}


def load(scenario: Scenario, kind: str, name: str = "") -> None:
    """Make ``scenario`` the working scenario (every widget set to it) and remember where it
    came from. Safe in callbacks and before the widgets are drawn."""
    widgets.load_into_state(scenario)
    set_origin(kind, name)


def same(a: Any, b: Any) -> bool:
    """Equal working changes, floats up to the widgets' rounding (percent with 6 places)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-7, abs_tol=1e-7)
    return a == b


def modified() -> bool:
    """Whether levers have moved since the origin was opened."""
    return not same(origin()["changes"], widgets.working_changes())


def title(lang: str) -> str:
    """The origin's name as the reader sees it: a preset's title in ``lang``, else the
    entry's or file's name (text from a user: show it inert), "" for a share link."""
    o = origin()
    if o["kind"] == "preset":
        titles = preset_titles().get(o["name"], {})
        return titles.get(lang) or titles.get("en") or ""
    if o["kind"] == "link":
        return ""
    return o["name"]


# --- undo / redo ---------------------------------------------------------------------------

def _history() -> dict[str, Any]:
    return st.session_state.setdefault(HISTORY_KEY, {"past": [], "present": None, "future": []})


def record(valid: bool = True) -> None:
    """After the widgets were read: a working state that differs from the last recorded one
    becomes one undoable step (and drops the redo steps). An invalid state (``valid``
    False) is not recorded: undo then goes back to the last valid one."""
    h = _history()
    h["invalid"] = not valid
    if not valid:
        return
    now = {"changes": widgets.working_changes(), "origin": origin()}
    if h["present"] is None:
        h["present"] = now
        return
    if same(h["present"]["changes"], now["changes"]):
        h["present"]["origin"] = now["origin"]          # e.g. saved under a new name
        return
    h["past"].append(h["present"])
    del h["past"][:-MAX_STEPS]
    h["present"] = now
    h["future"].clear()


def can_undo() -> bool:
    h = _history()
    return bool(h["past"]) or (bool(h.get("invalid")) and h["present"] is not None)


def can_redo() -> bool:
    return bool(_history()["future"])


def _restore(entry: dict[str, Any]) -> None:
    try:
        scenario = apply_changes(Scenario(), entry["changes"], source="history")
    except ScenarioError:
        scenario = Scenario()
    widgets.load_into_state(scenario)
    st.session_state[ORIGIN_KEY] = entry["origin"]


def undo() -> None:
    """Callback: back one step."""
    h = _history()
    if h.get("invalid") and h["present"] is not None:      # back to the last valid state
        h["invalid"] = False
        _restore(h["present"])
        return
    if not h["past"]:
        return
    h["future"].append(h["present"])
    h["present"] = h["past"].pop()
    _restore(h["present"])


def redo() -> None:
    """Callback: forward one step (after an undo)."""
    h = _history()
    if not h["future"]:
        return
    h["past"].append(h["present"])
    h["present"] = h["future"].pop()
    _restore(h["present"])


def reset_lever(path: str) -> None:
    """Callback: one lever back to its baseline value (the budget split as a whole)."""
    rows = widgets.rows()
    paths = widgets.SHARE_PATHS if path == "marketing.shares" else (path,)
    for p in paths:
        st.session_state[widgets.key(p)] = widgets.to_widget(p, rows[p]["default"])


def reset_all() -> None:
    """Callback: every lever back to the baseline (one undoable step)."""
    widgets.load_into_state(Scenario())
