"""The report as a PDF: A4 landscape, fonts embedded (Chinese included), charts as vector
graphics, page numbers, a contents page with page numbers and the headings as bookmarks.

WeasyPrint lays out the same Jinja template as the HTML file (:mod:`ui.report.to_html`) in
its ``"pdf"`` mode, with ``templates/pdf.css`` for the pages: no JavaScript; each chart is the
SVG vl-convert draws from the page's spec (:func:`ui.report.vega.svg`), which WeasyPrint draws
as vector paths and text (so a chart's labels can be searched and copied), drawn as wide as
the page allows (:func:`chart_width_mm`: never wider than the page nor taller than 140 mm, at
most 1.5 times its own size). Text is set with the machine's fonts through Pango
(``make sysdeps`` installs Pango and the Noto CJK fonts); WeasyPrint embeds the subset of
each font the report uses.

Why WeasyPrint: Debian's Noto Sans CJK fonts are OpenType collections with CFF (PostScript)
outlines, which WeasyPrint (HarfBuzz and Pango) shapes and embeds as they are, while
ReportLab's ``TTFont`` refuses them ("postscript outlines are not supported": it embeds
TrueType outlines only); WeasyPrint draws the charts' SVG as vectors itself; and the layout is
the HTML report's, so the two formats cannot drift apart.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from markupsafe import Markup

from ..i18n import t
from . import vega
from .model import Chart, Report
from .to_html import TEMPLATE, Ids, chart_name, environment, page

_FIELD = re.compile(r"\{(page|pages)\}")
_SVG_ROOT = re.compile(r"<svg\b[^>]*>")
# A4 landscape less the page's margins (pdf.css), in mm; CSS pixels are 1/96 inch
CONTENT_WIDTH_MM = 297 - 2 * 16
CHART_MAX_HEIGHT_MM = 140
CHART_MAX_SCALE = 1.5
MM_PER_PX = 25.4 / 96
# a chart the app draws as wide as its column ("container") is drawn this wide on a page: the
# plot, with its axis and legend beside it, then fills the page's width at about its own size
CONTAINER_WIDTH_PX = 760
CONTAINER_HEIGHT_PX = 360


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: every character that is not a plain letter, digit,
    space or CJK character written as a CSS hex escape (so nothing can end the string, the
    rule or the style element)."""
    out = []
    for ch in text:
        if ch.isalnum() or ch == " " or ord(ch) > 0x2000 and ch.isprintable():
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x}")
    return '"' + "".join(out) + '"'


def page_number_css(lang: str) -> Markup:
    """The footer's "第 n 页，共 m 页" / "Page n of m" from the catalogue, as CSS ``content``
    with the page counters in place of ``{page}`` and ``{pages}``."""
    parts = []
    for i, piece in enumerate(_FIELD.split(t("report.page", lang))):
        if i % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    content = " ".join(parts)
    return Markup("@page { @bottom-right { content: " + content
                  + "; font-size: 8pt; color: #52606d; } }")


def svg_size(svg: str) -> tuple[float, float] | None:
    """The SVG's width and height in CSS pixels, from its root element's attributes."""
    root = _SVG_ROOT.search(svg)
    if not root:
        return None
    size = []
    for name in ("width", "height"):
        found = re.search(rf'\s{name}="([0-9]+(?:\.[0-9]+)?)(?:px)?"', root.group(0))
        if not found or float(found.group(1)) <= 0:
            return None
        size.append(float(found.group(1)))
    return size[0], size[1]


def chart_width_mm(svg: str) -> float | None:
    """The width the chart is drawn at: as wide as the page allows, no taller than
    :data:`CHART_MAX_HEIGHT_MM`, and at most :data:`CHART_MAX_SCALE` times its own size (its
    text stays the size of the page's); ``None`` when the SVG gives no size."""
    size = svg_size(svg)
    if size is None:
        return None
    width_mm, height_mm = (v * MM_PER_PX for v in size)
    scale = min(CONTENT_WIDTH_MM / width_mm, CHART_MAX_HEIGHT_MM / height_mm, CHART_MAX_SCALE)
    return round(width_mm * scale, 2)


def fixed_size(spec: Any) -> Any:
    """The spec with every ``"container"`` width or height made a fixed size for a page."""
    return vega.fixed_size(spec, CONTAINER_WIDTH_PX, CONTAINER_HEIGHT_PX)


def _pdf_chart(chart: Chart, ids: Ids) -> dict[str, Any]:
    svg = vega.svg(fixed_size(chart.spec))
    width = chart_width_mm(svg)
    # the SVG, base64-encoded, as an <img>: WeasyPrint draws an SVG picture as vectors and
    # text, and as a picture the SVG never meets the page's HTML parser
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return {"id": ids("chart"), "name": chart_name(chart), "title": chart.title,
            "caption": chart.caption, "svg_uri": uri,
            "style": f"width: {width}mm" if width else ""}


def html(report: Report) -> str:
    """The HTML WeasyPrint lays out (no script), for looking at the PDF's source."""
    context = page(report, "pdf", chart=_pdf_chart)
    context["page_css"] = page_number_css(report.lang)
    return environment().get_template(TEMPLATE).render(**context)


def render(report: Report) -> bytes:
    """The report as PDF bytes."""
    import weasyprint     # loads Pango through cffi: only when a PDF is made

    # every resource is in the page (data: URIs): nothing is fetched from the network or
    # the file system, whatever a chart's SVG might name
    fetcher_class = getattr(weasyprint, "URLFetcher", None)
    fetcher = fetcher_class(allowed_protocols=("data",)) if fetcher_class else None
    document = weasyprint.HTML(string=html(report), base_url=None, url_fetcher=fetcher)
    return document.write_pdf()
