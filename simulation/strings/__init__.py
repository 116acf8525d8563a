"""The string catalogue of the app and the command line, in Chinese (``zh``) and English
(``en``): one module per area, each defining ``TEXT = {key: {"zh", "en"}}``, merged here as
``"<area>.<key>"``. ``t("area.key", lang, **fields)`` looks a string up.

The app (``ui/i18n.py`` adds what only the app needs: safe display of user text, number
formats) and the command line (``simulation/cli``) share it. A test fails when a key is
missing or empty in either language, or when code asks for a key that does not exist.
"""

from __future__ import annotations

import importlib
from typing import Any

AREAS = ("common", "home", "builder", "compare", "methodology", "charts", "share", "library",
         "sensitivity", "optimiser", "glossary", "cli", "report", "report_analysis", "classroom", "workshop",
         "policy_lab")
LANGS = ("zh", "en")
LANG_NAMES = {"zh": "中文", "en": "English"}
DEFAULT_LANG = "zh"


def _collect() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for area in AREAS:
        module = importlib.import_module(f"{__name__}.{area}")
        for key, value in module.TEXT.items():
            merged[f"{area}.{key}"] = value
    return merged


TEXT = _collect()


def normalise_lang(value: Any) -> str:
    """A language code from user input (query parameter, session, command line): 'zh'
    unless 'en'."""
    return value if value in LANGS else DEFAULT_LANG


def t(key: str, lang: str, **fields: Any) -> str:
    """The string ``key`` in ``lang``, with ``{fields}`` filled in."""
    text = TEXT[key][normalise_lang(lang)]
    return text.format(**fields) if fields else text
