"""Where scenarios come from: the presets, the session's library (``ui/workspace.py``),
uploaded files and the builder's current scenario, each as a :class:`Choice` with a stable id
(``preset:<name>``, ``library:<name>``, ``upload:<hash>``, ``current``) and a title in both
languages. Pages that let the user pick scenarios (compare, sensitivity) read them here;
display names in the session's language are put on at the edge, so stored results serve
both languages.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import streamlit as st

from simulation import Scenario, list_presets
from simulation.loader import ScenarioError, parse_document

from . import library, limits, widgets, workspace
from .i18n import normalise_lang, t

BASELINE_ID = "preset:baseline"
CURRENT_ID = "current"
KIND_ICONS = {"preset": "📋", "library": "📁", "upload": "⬆️", "current": "🎛️"}
UPLOADS_KEY = "compare_uploads"       # this session's uploaded scenarios: id -> (title, json, name)


@dataclass(frozen=True)
class Choice:
    """A scenario the user can choose: a stable id, where it comes from, its title."""

    id: str
    kind: str                      # preset, library, upload, current
    title: Mapping[str, str]       # {"zh", "en"}; empty strings fall back to ``fallback``
    scenario: Scenario
    fallback: str = ""

    def label(self, lang: str) -> str:
        lang = normalise_lang(lang)
        other = "en" if lang == "zh" else "zh"
        return (self.title.get(lang) or self.title.get(other) or self.fallback or self.id).strip()

    def option(self, lang: str) -> str:
        """The label in the multiselect, with an icon for where it comes from."""
        return f"{KIND_ICONS.get(self.kind, '')} {self.label(lang)}".strip()


def preset_choices() -> list[Choice]:
    return [Choice(f"preset:{p.name}", "preset", dict(p.title), p.scenario, p.name)
            for p in list_presets()]


def library_choices(entries: Iterable[library.Entry]) -> list[Choice]:
    return [Choice(f"library:{e.name}", "library", {"zh": e.name, "en": e.name}, e.scenario,
                   e.name) for e in entries]


def current_choice(scenario: Scenario) -> Choice:
    return Choice(CURRENT_ID, "current", {"zh": t("compare.current_choice", "zh"),
                                          "en": t("compare.current_choice", "en")}, scenario)


def shown_name(filename: Any, limit: int = 80) -> str:
    """An uploaded file's name, safe to show (unprintable characters escaped, cut short)."""
    text = str(filename)
    text = text if text.isprintable() else repr(text)[1:-1]
    return text if len(text) <= limit else text[: limit - 1] + "…"


UPLOAD_CACHE_SIZE = 64       # parsed uploads kept (a result or the error), by content and name
_upload_cache: OrderedDict[tuple[str, str], Choice | library.LibraryError] = OrderedDict()
_upload_lock = threading.Lock()


def upload_choice(data: bytes, filename: str) -> Choice:
    """The scenario in an uploaded file, or LibraryError with the message to show: the file
    is over MAX_UPLOAD_BYTES (``library.upload_too_large``) or not a valid scenario file
    (``library.bad_upload``, naming the file and its problems).

    Each content (by SHA-256) and name is parsed once: a rerun of the page, which hands the
    uploader's files over again, finds the result (or the error) in a small shared cache."""
    data = bytes(data)
    key = (hashlib.sha256(data).hexdigest(), str(filename))
    with _upload_lock:
        hit = _upload_cache.get(key)
        if hit is not None:
            _upload_cache.move_to_end(key)
    if hit is None:
        try:
            hit = _parse_upload(data, filename)
        except library.LibraryError as err:
            hit = err
        with _upload_lock:
            _upload_cache[key] = hit
            while len(_upload_cache) > UPLOAD_CACHE_SIZE:
                _upload_cache.popitem(last=False)
    if isinstance(hit, library.LibraryError):
        raise hit
    return hit


def _parse_upload(data: bytes, filename: str) -> Choice:
    scenario = library.from_upload(data, filename, limits.MAX_UPLOAD_BYTES)
    try:
        title = parse_document(data, str(filename))["title"]
    except ScenarioError:  # pragma: no cover - from_upload parsed it already
        title = {"zh": "", "en": ""}
    digest = hashlib.sha256(data).hexdigest()[:12]
    return Choice(f"upload:{digest}", "upload", dict(title), scenario,
                  Path(shown_name(filename)).stem)


def display_names(choices: Sequence[Choice], lang: str) -> dict[str, str]:
    """id -> the name shown in tables and charts; names that clash get where they come from
    (``Baseline (library)``), then a number if they still clash."""
    labels = {c.id: c.label(lang) for c in choices}
    counts: dict[str, int] = {}
    for name in labels.values():
        counts[name] = counts.get(name, 0) + 1
    out: dict[str, str] = {}
    for c in choices:
        name = labels[c.id]
        if counts[name] > 1:
            name = t("compare.disambiguated", lang, name=name, kind=t(f"compare.kind_{c.kind}", lang))
        out[c.id] = name
    seen: set[str] = set()
    for cid, name in out.items():
        unique, n = name, 2
        while unique in seen:
            unique = f"{name} ({n})"
            n += 1
        seen.add(unique)
        out[cid] = unique
    return out


def gather_choices() -> tuple[list[Choice], list[library.Problem]]:
    """Presets, library entries, this session's uploads and the builder's current scenario;
    and the library files that were skipped."""
    entries, problems = workspace.library().entries()
    uploads = [Choice(cid, "upload", title, Scenario.model_validate_json(js), fallback)
               for cid, (title, js, fallback) in st.session_state.get(UPLOADS_KEY, {}).items()]
    choices = [*preset_choices(), *library_choices(entries), *uploads,
               current_choice(widgets.working_scenario())]
    return choices, problems



def reference_for(scenario: Scenario) -> Scenario:
    """The baseline to compare with: the built-in baseline with this scenario's run settings
    (horizon and windows), so the two cover the same days."""
    return Scenario().with_changes({f"run.{k}": v for k, v in scenario.run.model_dump().items()})
