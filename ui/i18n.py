"""The app's side of translation: ``t`` and the catalogue come from
``simulation/strings`` (shared with the command line); this module adds safe display of text
from users, files and links (:func:`inert`, :func:`tx`), messages that carry a string key
(:class:`MessageError`), and KPI labels and units (from the model's ``KPI_LABELS``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from simulation import KPI_LABELS
from simulation.strings import DEFAULT_LANG, LANG_NAMES, LANGS, TEXT, normalise_lang, t

__all__ = ["DEFAULT_LANG", "LANG_NAMES", "LANGS", "TEXT", "normalise_lang", "t", "inert", "tx",
           "MessageError", "finite", "kpi_label", "kpi_unit", "unit_label", "compact", "fmt",
           "fmt_kpi"]


# Markdown, HTML and Streamlit's own syntax (``:red[...]``, ``$math$``):
# every ASCII character that can start or end such a construct is escaped with a backslash
# (CommonMark shows an escaped punctuation character as itself)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#!|~$&])")
_WWW = re.compile(r"(www)\.", re.IGNORECASE)
MAX_INERT_CHARS = 2000


def inert(text: Any, limit: int = MAX_INERT_CHARS) -> str:
    """``text`` from a user, a file or a link, made safe to put inside Markdown: control
    and invisible characters dropped (newline and tab kept), unencodable characters (lone
    surrogates) replaced, Markdown/HTML special characters backslash-escaped so that no
    link, image, emphasis or tag is rendered, and at most ``limit`` characters."""
    s = str(text)
    s = s.encode("utf-8", "replace").decode("utf-8") if _unencodable(s) else s
    s = "".join(ch for ch in s if ch in "\n\t" or unicodedata.category(ch) not in _HIDDEN)
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    s = _MD_SPECIAL.sub(r"\\\1", s)
    s = _WWW.sub(r"\1\\.", s).replace("://", ":\\/\\/")     # no bare-address autolink
    return s.replace("@", "\\@")


_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}


def _unencodable(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def tx(key: str, lang: str, **fields: Any) -> str:
    """:func:`t` for a Markdown element, with every text field (names, titles, file names,
    error details, values from a link) made :func:`inert`; numbers are filled in as they are."""
    return t(key, lang, **{k: v if isinstance(v, (int, float)) else inert(v)
                           for k, v in fields.items()})


class MessageError(ValueError):
    """An error whose message is a string key and its fields, so a page can show it in
    the user's language: ``err.message(lang)``; ``str(err)`` is the English message."""

    def __init__(self, key: str, **fields: Any):
        self.key = key
        self.fields = fields
        super().__init__(t(key, "en", **fields))

    def message(self, lang: str) -> str:
        """The message in ``lang`` (zh or en), its fields made :func:`inert` (it is shown in
        Markdown elements)."""
        return tx(self.key, lang, **self.fields)


# --- KPI labels and units (from the model) ---------------------------------------------

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


def finite(x: Any) -> bool:
    """True for a number that is neither NaN nor infinite (None and text are not)."""
    try:
        return x is not None and math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def kpi_label(name: str, lang: str) -> str:
    zh, en, _unit, _better = KPI_LABELS.get(name, (name, name, "", None))
    return zh if normalise_lang(lang) == "zh" else en


def kpi_unit(name: str) -> str:
    return KPI_LABELS.get(name, ("", "", "", None))[2]


def unit_label(unit: str, lang: str) -> str:
    return UNITS.get(unit, {}).get(normalise_lang(lang), unit)


def compact(value: float, lang: str) -> str:
    """A large number shortened the way a reader of ``lang`` expects: 534.5万 or 5.35M."""
    v = abs(value)
    if normalise_lang(lang) == "zh":
        return f"{v / 1e8:,.2f}亿" if v >= 1e8 else f"{v / 1e4:,.1f}万"
    return f"{v / 1e9:,.2f}B" if v >= 1e9 else f"{v / 1e6:,.2f}M"


def fmt(value: float | None, unit: str, signed: bool = False, lang: str | None = None) -> str:
    """A KPI value for display: fractions as percentages, money with a ¥ sign.

    ``signed=True`` formats a difference (+/-; fractions in percentage points); a difference
    that rounds to zero shows no sign. Negative numbers use the ASCII hyphen, which is also
    what Streamlit's metric reads to point its arrow down. With ``lang``, money and carbon of
    a million or more are shortened (534.5万 / 5.35M) so they fit on a KPI card.
    """
    if value is None or not math.isfinite(value):
        return "—"
    v = abs(value)
    if lang is not None and unit in ("CNY", "kg CO2e") and v >= 1e6:
        body = compact(value, lang)
        body = f"¥{body}" if unit == "CNY" else f"{body} kg"
    elif unit.startswith("fraction"):
        body = f"{v * 100:.1f}{' pp' if signed else '%'}"
    elif unit == "CNY":
        body = f"¥{v:,.0f}"
    elif unit == "kg CO2e":
        body = (f"{v:,.0f}" if v >= 100 else f"{v:,.3f}") + " kg"
    elif unit in ("orders", "customers", "people", "events"):
        body = f"{v:,.0f}"
    else:
        body = f"{v:,.2f}"
    if not any(ch in "123456789" for ch in body.split(" ")[0]):     # rounds to zero
        return body
    if value < 0:
        return "-" + body
    return ("+" if signed else "") + body


def fmt_kpi(name: str, value: float | None, signed: bool = False, lang: str | None = None) -> str:
    return fmt(value, kpi_unit(name), signed=signed, lang=lang)
