"""Reading the meeting pack's reports back in the app tests: an HTML report's table rows,
cells and text, a deck's table rows, a PDF's text (poppler's pdftotext), a file's kind, and
making a page's report through its "Download report" control (``ui/report/control.py``).

Import it from a test in tests/app (``from report_reading import ...``).
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from html.parser import HTMLParser

from pptx import Presentation
from streamlit.testing.v1 import AppTest

from ui.report.control import state_key


class ReportHTML(HTMLParser):
    """An HTML report's tables (``rows``: lists of cell texts; ``cells``: every cell) and the
    text of its body (``parts``), scripts and styles left out."""

    def __init__(self, data: bytes):
        super().__init__()
        self.rows: list[list[str]] = []
        self.cells: list[str] = []
        self.parts: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._skip = 0
        self.feed(data.decode("utf-8"))

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag in ("td", "th") and self._cell is not None:
            cell = "".join(self._cell).strip()
            self.cells.append(cell)
            if self._row is not None:
                self._row.append(" ".join(cell.split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._skip:
            return
        self.parts.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def html_text(data: bytes) -> tuple[set[str], str]:
    """An HTML report's table cells and its whole text (whitespace squeezed)."""
    page = ReportHTML(data)
    return set(page.cells), page.text


def pptx_rows(data: bytes, charts: bool = True, squeeze: bool = True) -> list[list[str]]:
    """Every table row of a deck, as cell texts (runs of whitespace made one space, unless not
    ``squeeze``: then only stripped); with ``charts``, the deck must hold a native chart."""
    deck = Presentation(io.BytesIO(data))
    shapes = [s for slide in deck.slides for s in slide.shapes]
    if charts:
        assert any(s.has_chart for s in shapes), "no native chart in the deck"
    return [[" ".join(c.text.split()) if squeeze else c.text.strip() for c in row.cells]
            for s in shapes if s.has_table for row in s.table.rows]


def pdf_text(data: bytes, tmp_path, last_page: int | None = None) -> str:
    """A PDF's text by pdftotext, all whitespace removed (up to ``last_page``: pdftotext takes
    about a second a page of charts)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    pages = ["-l", str(last_page)] if last_page else []
    out = subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True, check=True,
                         timeout=120).stdout.decode("utf-8")
    return re.sub(r"\s+", "", out)


def check_file(data: bytes, fmt: str) -> None:
    """The bytes are a file of ``fmt``: an HTML page, a PDF or a PowerPoint deck."""
    if fmt == "html":
        head = data[:200].lstrip().lower()
        assert head.startswith((b"<!doctype html", b"<html")), head[:40]
    elif fmt == "pdf":
        assert data.startswith(b"%PDF")
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert "ppt/presentation.xml" in z.namelist()


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def make_report(at: AppTest, key: str, lang: str, fmt: str) -> dict:
    """Switch the page to ``lang``, choose ``fmt`` on the control ``key``, make the report;
    what the session keeps (``name``, ``data``, ...), checked: the format and language asked
    for, an ASCII file name ending ``_<lang>.<fmt>``, the download button, a real file."""
    if at.session_state["lang"] != lang:
        ok(at.radio(key="_w_lang").set_value(lang).run())
    at.button_group(key=f"{key}_report_format").set_value(fmt)
    ok(at.button(key=f"{key}_report_make").click().run())
    kept = at.session_state[state_key(key)]
    assert (kept["fmt"], kept["lang"]) == (fmt, lang)
    assert kept["name"].isascii() and kept["name"].endswith(f"_{lang}.{fmt}"), kept["name"]
    assert any(b.key == f"{key}_report_download" for b in at.download_button)
    check_file(kept["data"], fmt)
    return kept
