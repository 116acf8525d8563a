"""The meeting pack: a page's results as one report, in HTML, PDF or PPTX.

``model`` defines what a report holds (:class:`Report`); each page's builder
(``builder``, ``compare``, ``sensitivity``, ``optimiser``) fills one from the page's results,
with the shared parts (title facts, plain-words summary, assumptions, limitations, methods
appendix) from ``common``; ``vega`` renders the pages' Altair charts with vl-convert (no
browser); ``to_html``, ``to_pdf`` and ``to_pptx`` write the three formats. ``control`` is the
"Download report" control the pages draw (the only module here that uses Streamlit).

``render(report, "pdf")`` gives the bytes; ``file_name(report, "pdf")`` a name for them.
"""

from __future__ import annotations

from importlib import import_module

from .model import Chart, Report, Section, Series, Table

FORMATS = ("html", "pdf", "pptx")
MIME = {"html": "text/html",
        "pdf": "application/pdf",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}

__all__ = ["FORMATS", "MIME", "Chart", "Report", "Section", "Series", "Table", "file_name",
           "render"]


def render(report: Report, fmt: str) -> bytes:
    """The report as a file of format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")
    return import_module(f"{__name__}.to_{fmt}").render(report)


def file_name(report: Report, fmt: str) -> str:
    return f"{report.file_stem}_{report.lang}.{fmt}"
