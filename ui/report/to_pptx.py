"""The report as an editable PowerPoint deck (python-pptx), 16:9.

The deck reads: a title slide (title, subtitle, the facts as a two-column table), an agenda,
the executive summary as bullets, then each section with one headline per slide (the
section's ``headline``, else its heading, as the slide's title): its text, its tables as
native PowerPoint tables (split over several slides with the header row repeated when long;
a KPI table on slides of its own, titled with the table's title), its charts as native
charts when the chart carries its numbers (``Chart.series``: bar -> clustered columns, line
-> lines with markers, NaN a gap), otherwise as a picture drawn by vl-convert from the
page's Vega-Lite spec. The appendix follows behind a divider slide, and the share link ends
the deck. Every content slide has speaker notes: the section's method and caveats, plus a
chart's caption.

Everything is a real text box, table or chart, so the slides stay editable. The sizes are
worked out here from an estimate of the text's width (python-pptx cannot measure text
without the fonts), so that nothing leaves the slide and no text is smaller than 10 pt
(8-9 pt only for tables wider than twelve columns).

Text is plain text: scenario names and titles come from users. python-pptx writes text as
XML text (escaped), and :func:`clean` drops the characters XML cannot hold (C0 controls such
as ``\\x01``, which python-pptx would otherwise write as a visible ``_x0001_``) and the
invisible format characters that can disguise text.
"""

from __future__ import annotations

import io
import logging
import math
import struct
import unicodedata
from dataclasses import dataclass
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from ..i18n import t
from . import vega
from .model import Chart, Report, Section, Table

log = logging.getLogger(__name__)

# --- geometry (EMU) --------------------------------------------------------------------------
SLIDE_W = Emu(12192000)           # 13.333 in: PowerPoint's own 16:9
SLIDE_H = Emu(6858000)            # 7.5 in
MARGIN = Inches(0.5)
CONTENT_W = SLIDE_W - 2 * MARGIN
TITLE_TOP = Inches(0.3)
TITLE_H = Inches(0.95)
BODY_TOP = Inches(1.45)
BODY_BOTTOM = SLIDE_H - Inches(0.55)
BODY_H = BODY_BOTTOM - BODY_TOP
FOOTER_TOP = SLIDE_H - Inches(0.42)
FOOTER_H = Inches(0.3)
GAP = Inches(0.05)                # between a table or chart and its note or caption
EMU_PER_PT = 12700

# --- style -----------------------------------------------------------------------------------
ACCENT = RGBColor(0x4F, 0x7F, 0x6E)      # the app's primary colour (.streamlit/config.toml)
INK = RGBColor(0x2C, 0x33, 0x2F)
MUTED = RGBColor(0x5F, 0x66, 0x62)
# East-Asian typeface for every run. A run names one typeface per script (a:latin, a:ea), not
# a fallback list, so the Chinese glyphs need one font the readers' machines have: Microsoft
# YaHei ships with Windows and with Office for Mac (PowerPoint substitutes its own CJK font
# where it is missing, LibreOffice maps it to Noto Sans CJK). It is set as the East-Asian
# typeface in both languages (an English deck may show Chinese scenario names) and, in a
# Chinese deck, as the Latin typeface too, so that digits and Latin letters match the Chinese
# text; an English deck keeps the theme's Latin font (Calibri).
FONT_ZH = "Microsoft YaHei"
LINE = 1.2                        # line height, in font sizes
MIN_PT = 10                       # the smallest text, but for very wide tables
BULLET = "\u2022"

# characters dropped from every text: C0/C1 controls (tab and newline kept), lone surrogates,
# unassigned code points (U+FFFE/U+FFFF among them, which XML cannot hold), private use, and
# invisible format characters (bidirectional overrides, zero-width characters)
_DROPPED = {"Cc", "Cs", "Cn", "Co", "Cf"}


def clean(text: Any) -> str:
    """``text`` as a str with the characters no slide should hold dropped."""
    s = "" if text is None else str(text)
    if s.isascii() and s.isprintable():
        return s
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in s if ch in "\n\t" or unicodedata.category(ch) not in _DROPPED)


# --- text measuring (an estimate: python-pptx has no font metrics) ----------------------------

def _ems(text: str) -> float:
    """The width of ``text`` in ems: CJK and other wide characters 1 em, the rest ~0.58 em."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.58 for ch in text)


def _lines(text: str, size: float, width: int) -> int:
    """How many lines ``text`` takes at ``size`` pt in a box ``width`` EMU wide."""
    per_line = max(width / EMU_PER_PT / size, 1.0)
    # 8% lost to breaking between words
    return sum(max(1, math.ceil(_ems(part) * 1.08 / per_line)) for part in text.split("\n"))


def _text_height(text: str, size: float, width: int) -> int:
    return int(_lines(text, size, width) * size * LINE * EMU_PER_PT)


# --- runs, paragraphs and text boxes ----------------------------------------------------------

def _style(font, lang: str, size: float | None = None, *, bold: bool | None = None,
           italic: bool | None = None, color: RGBColor | None = None) -> None:
    """Size, weight and colour of a run (or a chart's default text), with the CJK typeface."""
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if color is not None:
        font.color.rgb = color
    if lang == "zh":
        font.name = FONT_ZH
        font.language_id = MSO_LANGUAGE_ID.SIMPLIFIED_CHINESE
    rpr = font._rPr
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = OxmlElement("a:ea")
        rpr.insert_element_before(ea, "a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver",
                                  "a:rtl", "a:extLst")
    ea.set("typeface", FONT_ZH)


@dataclass(frozen=True)
class Para:
    text: str
    size: float = 18
    bold: bool = False
    italic: bool = False
    bullet: bool = False
    level: int = 0
    color: RGBColor | None = None
    link: str | None = None
    space_after: float = 6          # pt

    def sized(self, size: float) -> Para:
        return Para(self.text, size, self.bold, self.italic, self.bullet, self.level, self.color,
                    self.link, self.space_after)

    def height(self, width: int) -> int:
        indent = int(Inches(0.3) * (self.level + 1)) if self.bullet else 0
        return _text_height(self.text, self.size, width - indent) + int(self.space_after * EMU_PER_PT)


def _bullet(paragraph, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    indent = int(Inches(0.3))
    ppr.set("marL", str(indent * (level + 1)))
    ppr.set("indent", str(-indent))
    for old in ppr.findall(qn("a:buNone")):
        ppr.remove(old)
    bu = OxmlElement("a:buChar")
    bu.set("char", BULLET)
    ppr.insert_element_before(bu, "a:tabLst", "a:defRPr", "a:extLst")


def _fill(frame, paras: list[Para], lang: str, *, anchor=MSO_ANCHOR.TOP,
          align: PP_ALIGN | None = None) -> None:
    """Write ``paras`` into a text frame (replacing its text)."""
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for side in ("left", "right"):
        setattr(frame, f"margin_{side}", Inches(0.08))
    for side in ("top", "bottom"):
        setattr(frame, f"margin_{side}", Inches(0.04))
    frame.clear()
    for i, para in enumerate(paras):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align is not None:
            p.alignment = align
        p.space_after = Pt(para.space_after)
        if para.bullet:
            _bullet(p, para.level)
        run = p.add_run()
        run.text = clean(para.text)
        _style(run.font, lang, para.size, bold=para.bold, italic=para.italic,
               color=para.color or INK)
        if para.link:
            run.hyperlink.address = para.link
            run.font.color.rgb = ACCENT
            run.font.underline = True


def _textbox(slide, left, top, width, height, paras: list[Para], lang: str, *,
             anchor=MSO_ANCHOR.TOP, align: PP_ALIGN | None = None, shrink: bool = True):
    box = slide.shapes.add_textbox(int(left), int(top), int(width), int(height))
    _fill(box.text_frame, paras, lang, anchor=anchor, align=align)
    # the sizes are chosen to fit; "shrink text on overflow" covers the estimate's error and
    # whatever the reader adds later in PowerPoint
    box.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE if shrink else MSO_AUTO_SIZE.NONE
    return box


def _fit(paras: list[Para], width: int, height: int, sizes: tuple[float, ...]
         ) -> list[list[Para]]:
    """``paras`` at the largest of ``sizes`` at which they fit ``height``, else at the smallest,
    split into pages that each fit (a paragraph is never split)."""
    for size in sizes:
        sized = [p.sized(size) for p in paras]
        if sum(p.height(width) for p in sized) <= height:
            return [sized]
    pages: list[list[Para]] = [[]]
    used = 0
    for p in sized:
        h = p.height(width)
        if pages[-1] and used + h > height:
            pages.append([])
            used = 0
        pages[-1].append(p)
        used += h
    return pages


# --- slides ------------------------------------------------------------------------------------

class Deck:
    """A presentation being written, with its language and the slides' bookkeeping."""

    def __init__(self, report: Report):
        self.report = report
        self.lang = report.lang
        self.prs = Presentation()
        self.prs.slide_width = SLIDE_W
        self.prs.slide_height = SLIDE_H
        _widen_layouts(self.prs)
        self.title_layout = self.prs.slide_layouts[0]       # Title Slide
        self.content_layout = self.prs.slide_layouts[5]     # Title Only

    def tr(self, key: str, **fields: Any) -> str:
        return t(f"report.{key}", self.lang, **fields)

    def slide(self, title: str, notes: str = ""):
        """A new slide with ``title`` in its title placeholder and ``notes`` as speaker notes."""
        slide = self.prs.slides.add_slide(self.content_layout)
        ph = slide.shapes.title
        ph.left, ph.top, ph.width, ph.height = MARGIN, TITLE_TOP, CONTENT_W, TITLE_H
        # 28 pt on one line, else the largest size that keeps it to two lines (three at 18 pt)
        fits = [s for s, most in ((28, 1), (24, 2), (20, 2)) if _lines(clean(title), s, CONTENT_W) <= most]
        size = fits[0] if fits else 18
        _fill(ph.text_frame, [Para(title, size, bold=True, space_after=0)], self.lang,
              anchor=MSO_ANCHOR.MIDDLE, align=PP_ALIGN.LEFT)
        bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, MARGIN, TITLE_TOP + TITLE_H + Inches(0.04),
                                     CONTENT_W, Inches(0.03))
        bar.fill.solid()
        bar.fill.fore_color.rgb = ACCENT
        bar.line.fill.background()
        bar.shadow.inherit = False
        self.notes(slide, notes or title)
        return slide

    def notes(self, slide, text: str) -> None:
        frame = slide.notes_slide.notes_text_frame
        frame.text = clean(text)
        for p in frame.paragraphs:
            for run in p.runs:
                _style(run.font, self.lang)

    def text_slides(self, title: str, paras: list[Para], notes: str,
                    sizes: tuple[float, ...] = (20, 18, 16, 14)) -> None:
        pages = _fit(paras, CONTENT_W, BODY_H, sizes)
        for i, page in enumerate(pages):
            slide = self.slide(self.part(title, i, len(pages)), notes)
            _textbox(slide, MARGIN, BODY_TOP, CONTENT_W, BODY_H, page, self.lang)

    def part(self, title: str, i: int, n: int) -> str:
        """The title of part ``i`` (from 0) of ``n`` slides: "(continued, 2/3)" after the first."""
        return title if i == 0 else self.tr("pptx_continued", title=title, part=i + 1, parts=n)


def _widen_layouts(prs) -> None:
    """The default template's master and layouts are 4:3 (10 in wide): stretch their shapes
    across the 16:9 slide so that slides added later in PowerPoint look right too."""
    k = SLIDE_W / Inches(10)
    shapes = [*prs.slide_master.shapes, *(s for lay in prs.slide_layouts for s in lay.shapes)]
    for shape in shapes:
        if shape._element.find(".//" + qn("a:xfrm")) is not None and shape.left is not None:
            shape.left = int(shape.left * k)
            shape.width = int(shape.width * k)


def _title_slide(deck: Deck) -> None:
    report, lang = deck.report, deck.lang
    slide = deck.prs.slides.add_slide(deck.title_layout)
    title, subtitle = slide.placeholders[0], slide.placeholders[1]
    title.left, title.top, title.width, title.height = MARGIN, Inches(0.7), CONTENT_W, Inches(1.4)
    size = next((s for s in (36, 32, 28) if _lines(clean(report.title), s, CONTENT_W) <= 2), 24)
    _fill(title.text_frame, [Para(report.title, size, bold=True, space_after=0)], lang,
          anchor=MSO_ANCHOR.BOTTOM, align=PP_ALIGN.LEFT)
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, MARGIN, Inches(2.2), Inches(2.5), Inches(0.06))
    bar.fill.solid()
    bar.fill.fore_color.rgb = ACCENT
    bar.line.fill.background()
    bar.shadow.inherit = False
    if report.subtitle:
        subtitle.left, subtitle.top = MARGIN, Inches(2.35)
        subtitle.width, subtitle.height = CONTENT_W, Inches(0.8)
        _fill(subtitle.text_frame, [Para(report.subtitle, 18, color=MUTED, space_after=0)], lang,
              align=PP_ALIGN.LEFT)
    else:
        subtitle._element.getparent().remove(subtitle._element)
    top = Inches(3.3)
    bottom = SLIDE_H - Inches(0.8)
    facts = [(clean(k), clean(v)) for k, v in report.facts]
    if facts:
        _facts_table(slide, facts, top, bottom - top, lang)
    _textbox(slide, MARGIN, SLIDE_H - Inches(0.6), CONTENT_W, Inches(0.35),
             [Para(deck.tr("generated_by"), 10, color=MUTED, space_after=0)], lang)
    deck.notes(slide, "\n".join(f"{k}: {v}" for k, v in facts) or report.title)


def _facts_table(slide, facts: list[tuple[str, str]], top: int, height: int, lang: str) -> None:
    """The facts as one two-column table, or two side by side when they are many."""
    def plan(size: float, columns: int):
        per = math.ceil(len(facts) / columns)
        width = int(CONTENT_W * (0.75 if columns == 1 else 0.49))
        widths = [int(width * 0.38), width - int(width * 0.38)]
        chunks = [facts[i * per:(i + 1) * per] for i in range(columns)]
        heights = [[max(_cell_height(k, size, widths[0]), _cell_height(v, size, widths[1]))
                    for k, v in chunk] for chunk in chunks]
        return size, width, widths, chunks, heights

    plans = [plan(size, columns) for size in (12, 11, 10) for columns in (1, 2)]
    fits = [p for p in plans if max(sum(h) for h in p[4]) <= height]
    size, width, widths, chunks, heights = fits[0] if fits else plans[-1]
    if not fits:    # too many to fit even small: squeeze the rows (PowerPoint grows them)
        heights = [[int(h * height / max(sum(hs), 1)) for h in hs] for hs in heights]
    gap = CONTENT_W - len(chunks) * width
    for c, (chunk, hs) in enumerate(zip(chunks, heights, strict=True)):
        if not chunk:
            continue
        left = MARGIN + c * (width + gap)
        shape = slide.shapes.add_table(len(chunk), 2, int(left), int(top), width, sum(hs))
        table = shape.table
        table.first_row = False
        table.first_col = True
        table.horz_banding = True
        table.columns[0].width, table.columns[1].width = widths[0], widths[1]
        for r, ((k, v), h) in enumerate(zip(chunk, hs, strict=True)):
            table.rows[r].height = h
            _cell(table.cell(r, 0), k, size, lang, bold=True)
            _cell(table.cell(r, 1), v, size, lang)


CELL_MARGIN_X = Inches(0.06)
CELL_MARGIN_Y = Inches(0.04)


def _cell_height(text: str, size: float, width: int) -> int:
    return _text_height(text, size, width - 2 * CELL_MARGIN_X) + 2 * CELL_MARGIN_Y


def _cell(cell, text: str, size: float, lang: str, *, bold: bool = False,
          align: PP_ALIGN | None = None) -> None:
    cell.margin_left = cell.margin_right = CELL_MARGIN_X
    cell.margin_top = cell.margin_bottom = CELL_MARGIN_Y
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame = cell.text_frame
    frame.word_wrap = True
    p = frame.paragraphs[0]
    if align is not None:
        p.alignment = align
    run = p.add_run()
    run.text = text
    _style(run.font, lang, size, bold=bold)


# --- tables ------------------------------------------------------------------------------------

def _table_size(columns: int) -> float:
    if columns <= 6:
        return 12
    if columns <= 9:
        return 11
    if columns <= 12:
        return MIN_PT
    return 9 if columns <= 16 else 8


def _numeric(text: str) -> bool:
    s = text.strip().lstrip("+-\u2212\u2013\u00a5$\u20ac\u00a3 ")
    return bool(s) and (s[0].isdigit() or s[0] == ".")


@dataclass
class _Layout:
    size: float
    widths: list[int]
    header: int
    heights: list[int]


def _table_layout(columns: list[str], rows: list[list[str]], width: int) -> _Layout:
    size = _table_size(len(columns))
    # each column gets a share of the width after its longest text (long texts wrap)
    natural = [max(min(_ems(c), 40.0) for c in col) + 1.5
               for col in zip(columns, *rows, strict=True)]
    total = sum(natural)
    widths = [int(width * n / total) for n in natural]
    widths[-1] = width - sum(widths[:-1])
    header = max(_cell_height(c, size, w) for c, w in zip(columns, widths, strict=True))
    heights = [max(_cell_height(c, size, w) for c, w in zip(row, widths, strict=True))
               for row in rows]
    return _Layout(size, widths, header, heights)


def _paginate(heights: list[int], header: int, room: int) -> list[range]:
    pages: list[range] = []
    start, used = 0, header
    for i, h in enumerate(heights):
        if i > start and used + h > room:
            pages.append(range(start, i))
            start, used = i, header
        used += h
    pages.append(range(start, len(heights)))
    return pages


def _table_slides(deck: Deck, section: Section, table: Table, headline: str) -> None:
    """``table`` as native tables, over as many slides as it needs, the header on each."""
    lang = deck.lang
    columns = [clean(c) for c in table.columns] or [""]
    rows = [[clean(c) for c in row][:len(columns)] for row in table.rows]
    rows = [row + [""] * (len(columns) - len(row)) for row in rows]
    kpi = table.kind == "kpi"
    title = clean(table.title) if kpi and table.title else headline
    label = "" if kpi else clean(table.title)
    note = clean(table.note)
    label_h = _text_height(label, 14, CONTENT_W) + Inches(0.08) if label else 0
    note_size = 11
    note_h = min(_text_height(note, note_size, CONTENT_W) + Inches(0.1), Inches(1.1)) if note else 0
    top = BODY_TOP + label_h
    room = BODY_H - label_h - (note_h + GAP if note else 0)
    layout = _table_layout(columns, rows, CONTENT_W)
    # a row taller than a slide is squeezed (PowerPoint grows it as needed when edited)
    layout.heights = [min(h, room - layout.header) for h in layout.heights]
    pages = _paginate(layout.heights, layout.header, room) if rows else [range(0)]
    notes = "\n\n".join(x for x in (clean(section.notes), note) if x)
    for i, page in enumerate(pages):
        slide = deck.slide(deck.part(title, i, len(pages)), notes)
        if label:
            _textbox(slide, MARGIN, BODY_TOP, CONTENT_W, label_h,
                     [Para(label, 14, bold=True, space_after=0)], lang)
        heights = [layout.header] + [layout.heights[r] for r in page]
        shape = slide.shapes.add_table(len(heights), len(columns), MARGIN, int(top), CONTENT_W,
                                       sum(heights))
        tbl = shape.table
        tbl.first_row = True
        tbl.first_col = table.first_column_is_header
        tbl.horz_banding = True
        for j, w in enumerate(layout.widths):
            tbl.columns[j].width = w
        for r, h in enumerate(heights):
            tbl.rows[r].height = h
        for j, text in enumerate(columns):
            _cell(tbl.cell(0, j), text, layout.size, lang, bold=True)
        for r, row in enumerate((rows[k] for k in page), start=1):
            for j, text in enumerate(row):
                first = j == 0 and table.first_column_is_header
                align = PP_ALIGN.RIGHT if j and _numeric(text) else None
                _cell(tbl.cell(r, j), text, layout.size, lang, bold=first, align=align)
        if note:
            _textbox(slide, MARGIN, top + sum(heights) + GAP, CONTENT_W, note_h,
                     [Para(note, note_size, color=MUTED, space_after=0)], lang)


# --- charts ------------------------------------------------------------------------------------

def _value(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _native_chart(slide, chart: Chart, left: int, top: int, width: int, height: int,
                  lang: str) -> None:
    s = chart.series
    assert s is not None
    fmt = s.number_format or "General"
    data = CategoryChartData(number_format=fmt)
    data.categories = [clean(c) for c in s.categories]
    n = len(s.categories)
    for name, values in s.series.items():
        vals = [_value(v) for v in list(values)[:n]]
        data.add_series(clean(name), vals + [None] * (n - len(vals)), number_format=fmt)
    kind = XL_CHART_TYPE.COLUMN_CLUSTERED if s.kind == "bar" else XL_CHART_TYPE.LINE_MARKERS
    frame = slide.shapes.add_chart(kind, left, top, width, height, data)
    ch = frame.chart
    _style(ch.font, lang, 12, color=INK)
    if chart.title:
        ch.has_title = True
        _fill(ch.chart_title.text_frame, [Para(chart.title, 16, bold=True, space_after=0)], lang)
    else:
        ch.has_title = False
    ch.has_legend = len(s.series) > 1
    if ch.has_legend:
        ch.legend.position = XL_LEGEND_POSITION.BOTTOM
        ch.legend.include_in_layout = False
    axis = ch.value_axis
    axis.has_major_gridlines = True
    axis.tick_labels.number_format = fmt
    axis.tick_labels.number_format_is_linked = False
    if s.axis_title:
        axis.has_title = True
        _fill(axis.axis_title.text_frame, [Para(s.axis_title, 12, space_after=0)], lang)
    if s.kind == "bar" and n * len(s.series) <= 12:
        plot = ch.plots[0]
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = fmt
        labels.number_format_is_linked = False
        labels.font.size = Pt(MIN_PT)
    # a missing value is a gap in the line, not a zero
    blanks = ch._chartSpace.chart.find(qn("c:dispBlanksAs"))
    if blanks is not None:
        blanks.set("val", "gap")


# a page's chart drawn as wide as its container ("container") gets this width on a slide, in
# CSS px (a concatenated chart's parts get PART_PX each); a picture is enlarged at most ZOOM
# times its drawn size, so its text is about 1.5 times the app's (11 px -> 12 pt)
SLIDE_PX = 880
PART_PX = 420
PNG_SCALE = 2.0
ZOOM = 1.5
CSS_PX = Inches(1) / 96


def _slide_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with a width (and height) for a slide where it says "container"."""
    return vega.fixed_size(spec, SLIDE_PX, 360, part_width=PART_PX)


def _png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def _chart_slide(deck: Deck, section: Section, chart: Chart, headline: str) -> None:
    lang = deck.lang
    caption = clean(chart.caption)
    notes = "\n\n".join(x for x in (clean(section.notes), caption) if x)
    slide = deck.slide(headline, notes)
    cap_size = 12
    cap_h = min(_text_height(caption, cap_size, CONTENT_W) + Inches(0.1), Inches(1.0)) if caption else 0
    room = BODY_H - (cap_h + GAP if caption else 0)
    bottom = BODY_TOP + room
    s = chart.series
    if s is not None and s.categories and s.series:
        _native_chart(slide, chart, MARGIN, BODY_TOP, CONTENT_W, room, lang)
    else:
        try:
            png = vega.png(_slide_spec(chart.spec), scale=PNG_SCALE)
            px_w, px_h = _png_size(png)
        except Exception:       # one chart that cannot be drawn must not cost the whole deck
            log.exception("chart %s could not be drawn", chart.name)
            png = None
        if png is None:
            _textbox(slide, MARGIN, BODY_TOP, CONTENT_W, room,
                     [Para(chart.title, 16, bold=True), Para(deck.tr("chart_failed"), 14)], lang)
        else:
            scale = min(CONTENT_W / px_w, room / px_h, ZOOM * CSS_PX / PNG_SCALE)
            w, h = int(px_w * scale), int(px_h * scale)
            left = MARGIN + (CONTENT_W - w) // 2
            pic = slide.shapes.add_picture(io.BytesIO(png), left, BODY_TOP, w, h)
            pic.name = clean(chart.name) or "chart"
            # screen readers read the picture's description
            pic._element.nvPicPr.cNvPr.set("descr", clean(chart.title or caption))
            bottom = BODY_TOP + h
    if caption:
        _textbox(slide, MARGIN, bottom + GAP, CONTENT_W, cap_h,
                 [Para(caption, cap_size, italic=True, color=MUTED, space_after=0)], lang)


# --- sections ----------------------------------------------------------------------------------

def _section(deck: Deck, section: Section) -> None:
    headline = clean(section.headline or section.heading)
    paras = [Para(p) for p in section.paragraphs if p] + \
            [Para(b, bullet=True) for b in section.bullets if b]
    notes = clean(section.notes)
    if paras or not (section.tables or section.charts):
        if section.headline and section.heading and section.headline != section.heading:
            paras.insert(0, Para(section.heading, bold=True, color=ACCENT))
        deck.text_slides(headline, paras, notes, sizes=(18, 16, 14, 12))
    for table in section.tables:
        _table_slides(deck, section, table, headline)
    for chart in section.charts:
        _chart_slide(deck, section, chart, headline)


def _agenda(deck: Deck) -> None:
    report = deck.report
    items = [Para(deck.tr("summary"), bullet=True)]
    items += [Para(s.heading, bullet=True) for s in report.sections]
    if report.appendix:
        items.append(Para(deck.tr("appendix"), bullet=True))
        items += [Para(s.heading, bullet=True, level=1, color=MUTED) for s in report.appendix]
    if report.link:
        items.append(Para(deck.tr("link_heading"), bullet=True))
    deck.text_slides(deck.tr("contents"), items, deck.tr("pptx_contents_notes"),
                     sizes=(20, 18, 16, 14, 12))


def _link_slide(deck: Deck, link: str) -> None:
    link = clean(link).strip()
    web = link.lower().startswith(("http://", "https://")) and not any(c.isspace() for c in link)
    slide = deck.slide(deck.tr("link_heading"), deck.tr("link_text"))
    _textbox(slide, MARGIN, BODY_TOP, CONTENT_W, BODY_H - Inches(0.6),
             [Para(deck.tr("link_text"), 18, space_after=12),
              Para(link, 14 if len(link) < 400 else MIN_PT, link=link if web else None)], lang=deck.lang)
    _textbox(slide, MARGIN, BODY_BOTTOM - Inches(0.5), CONTENT_W, Inches(0.4),
             [Para(deck.tr("generated_by"), 12, color=MUTED, space_after=0)], deck.lang)


def _footers(deck: Deck) -> None:
    slides = list(deck.prs.slides)
    for i, slide in enumerate(slides[1:], start=2):
        _textbox(slide, MARGIN, FOOTER_TOP, CONTENT_W * 3 // 4, FOOTER_H,
                 [Para(deck.report.title, MIN_PT, color=MUTED, space_after=0)], deck.lang)
        _textbox(slide, MARGIN + CONTENT_W * 3 // 4, FOOTER_TOP, CONTENT_W // 4, FOOTER_H,
                 [Para(deck.tr("pptx_slide", slide=i, slides=len(slides)), MIN_PT, color=MUTED,
                       space_after=0)], deck.lang, align=PP_ALIGN.RIGHT)


def render(report: Report) -> bytes:
    """The report as a .pptx file."""
    deck = Deck(report)
    _title_slide(deck)
    _agenda(deck)
    if report.summary:
        deck.text_slides(deck.tr("summary"), [Para(s, bullet=True, space_after=10)
                                              for s in report.summary],
                         deck.tr("pptx_summary_notes"))
    for section in report.sections:
        _section(deck, section)
    if report.appendix:
        deck.text_slides(deck.tr("appendix"), [Para(s.heading, bullet=True) for s in report.appendix],
                         deck.tr("pptx_contents_notes"))
        for section in report.appendix:
            _section(deck, section)
    if report.link:
        _link_slide(deck, report.link)
    _footers(deck)
    out = io.BytesIO()
    deck.prs.save(out)
    return out.getvalue()
