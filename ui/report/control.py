"""The "Download report" control every results page draws: a format (HTML, PDF, PPTX), a
button that makes the report, then the download.

The page passes ``build``, a function giving the :class:`Report` of what it shows, and a
``fingerprint`` of those results (its run key). Making a report takes a few seconds (the PDF
and PPTX render every chart), so it happens on the button, under a spinner, never on every
rerun; the bytes are kept in the session under ``_report_<key>`` with the format, language
and fingerprint they were made for, and the download is offered only while all three still
match what the page shows (a changed result or language asks for a new report). A failure is
a message in the user's language, never a traceback, and leaves the page as it was.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Hashable

import streamlit as st

from ..i18n import t, tx
from . import FORMATS, MIME, Report, file_name, render

LOG = logging.getLogger(__name__)
STATE_PREFIX = "_report_"


def state_key(key: str) -> str:
    """Where the last report of the control ``key`` is kept in the session."""
    return f"{STATE_PREFIX}{key}"


def size_text(n: int, lang: str) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{max(1, round(n / 1000))} kB"


def make(key: str, build: Callable[[], Report], fmt: str, lang: str,
         fingerprint: Hashable) -> dict[str, Any]:
    """Build and render the report; keep it in the session; return what was kept."""
    report = build()
    data = render(report, fmt)
    kept = {"fmt": fmt, "lang": lang, "fingerprint": fingerprint,
            "name": file_name(report, fmt), "data": data}
    st.session_state[state_key(key)] = kept
    return kept


def kept(key: str, fmt: str, lang: str, fingerprint: Hashable) -> dict[str, Any] | None:
    """The session's report for this control if it matches the format, language and
    results now shown."""
    got = st.session_state.get(state_key(key))
    if got and got["fmt"] == fmt and got["lang"] == lang and got["fingerprint"] == fingerprint:
        return got
    return None


def draw(key: str, build: Callable[[], Report], lang: str, fingerprint: Hashable,
         container: Any = st) -> None:
    """The control: format choice, "Make the report", then the download button."""
    box = container.container(border=True)
    box.markdown(f"**{t('report.control_heading', lang)}**", help=t("report.control_help", lang))
    fmt = box.segmented_control(
        t("report.format", lang), FORMATS, key=f"{key}_report_format", default=FORMATS[0],
        format_func=lambda f: t(f"report.format_{f}", lang), selection_mode="single")
    fmt = fmt or FORMATS[0]
    cols = box.columns(2, vertical_alignment="bottom")
    if cols[0].button(t("report.prepare", lang), key=f"{key}_report_make", width="stretch"):
        with box, st.spinner(t("report.preparing", lang)):
            try:
                make(key, build, fmt, lang, fingerprint)
            except Exception as err:       # noqa: BLE001 - shown as a message, logged in full
                LOG.exception("report %s (%s) failed", key, fmt)
                box.error(tx("report.failed", lang, reason=type(err).__name__))
                return
    got = kept(key, fmt, lang, fingerprint)
    if got is None:
        old = st.session_state.get(state_key(key))
        if old and old["fingerprint"] != fingerprint:
            box.caption(t("report.stale", lang))
        return
    cols[1].download_button(tx("report.download", lang, name=got["name"]), got["data"],
                            file_name=got["name"], mime=MIME[fmt], key=f"{key}_report_download",
                            on_click="ignore", type="primary", width="stretch")
    box.caption(tx("report.ready", lang, name=got["name"], size=size_text(len(got["data"]), lang)))
