"""The meeting pack's HTML and PDF renderers, on a made-up report: Chinese text, a scenario
name that looks like an attack (``<script>``, ``**bold**``), a bar chart, a layered line and
band chart, a KPI table and a table too wide for a page.

HTML: one file with nothing to fetch (no external script, style or picture; the only link
out is the share link, and only when it is an http(s) address), the charts' specs and the
tables' cells in it, user text escaped. PDF: A4 landscape pages, bookmarks, the fonts
embedded (a Chinese one among them), the text searchable (title, a KPI value, the chart's
axis titles: the charts are vectors, not pictures), "第 n 页，共 m 页" on every page, a
contents page whose page numbers are right, nothing past the page's edge, no page blank.

The PDF checks read the file with poppler's tools (pdftotext, pdffonts, pdftoppm; installed
by ``make sysdeps``): without them they skip, except on CI (CI set), where they fail.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import pytest

from ui.report import Chart, Report, Section, Series, Table, file_name, render
from ui.report import to_html, to_pdf

HOSTILE = "<script>alert(1)</script> **粗体** 方案"
NAMES = ["基准情景", HOSTILE, "绿色包装 Green"]
TITLE = "中小电商 ESG 情景对比报告"
KPI_VALUES = ["1,234.5（1,200.1–1,260.7）", "1,134.5（1,100.1–1,160.7）",
              "1,034.5（1,000.1–1,060.7）"]
SHARE = "https://esg.example.org/compare?s=abc123&lang=zh"
AXIS_TITLE = "总碳排放（千克二氧化碳当量）"
BAND_AXIS = "每日订单量"
WIDE_COLUMNS = 12


# ------------------------------------------------------------------------------ the report

def _bar_chart() -> alt.Chart:
    df = pd.DataFrame({"scenario": NAMES, "carbon": [1234.5, 1134.5, 1034.5]})
    return alt.Chart(df).mark_bar().encode(
        x=alt.X("scenario:N", title="情景"), y=alt.Y("carbon:Q", title=AXIS_TITLE),
        tooltip=[alt.Tooltip("scenario:N", title="情景"),
                 alt.Tooltip("carbon:Q", title="碳排放", format=",.1f")],
    ).properties(width=360, height=240)


def _band_chart() -> alt.LayerChart:
    days = np.arange(60)
    df = pd.concat([pd.DataFrame({"day": days, "scenario": name,
                                  "mean": 100 + 10 * i + 5 * np.sin(days / 7)})
                    for i, name in enumerate(NAMES)])
    df["lo"], df["hi"] = df["mean"] - 4, df["mean"] + 4
    base = alt.Chart(df).encode(x=alt.X("day:Q", title="天"),
                                color=alt.Color("scenario:N", title="情景"))
    band = base.mark_area(opacity=0.2).encode(y=alt.Y("lo:Q", title=BAND_AXIS), y2="hi:Q")
    line = base.mark_line().encode(y="mean:Q", tooltip=["scenario:N", "day:Q", "mean:Q"])
    # as wide as its column, like the app's charts: the PDF gives it a page's width
    return alt.layer(band, line).properties(width="container", height=240)


def make_report(lang: str = "zh", charts: bool = True, link: str | None = SHARE) -> Report:
    kpi = Table(title="关键指标（均值与 95% 区间）",
                columns=["情景", "总碳排放（kg CO2e）", "复购率", "净利润"],
                rows=[[n, v, f"{12.3 + i:.1f}%", f"¥{45_600 + 1000 * i:,}"]
                      for i, (n, v) in enumerate(zip(NAMES, KPI_VALUES, strict=True))],
                note="括号内为 95% 置信区间。", kind="kpi")
    wide = Table(title="宽表",
                 columns=[f"第 {c} 列 column heading {c}" for c in range(WIDE_COLUMNS)],
                 rows=[[f"格 {r}-{c} 0.123456789012" for c in range(WIDE_COLUMNS)]
                       for r in range(45)])
    levers = Table(title="与基准不同的杠杆", columns=["杠杆", "基准情景", HOSTILE],
                   rows=[["包装", "标准纸箱", "再生纸箱"]])
    series = Series(kind="bar", categories=NAMES, series={"碳排放": [1234.5, 1134.5, 1034.5]})
    chart_list = [
        Chart(name="carbon", title="总碳排放对比", spec=_bar_chart().to_dict(),
              caption="误差线为 95% 区间。", series=series),
        Chart(name="orders_band", title="每日订单量（95% 区间）", spec=_band_chart().to_dict()),
        Chart(name="carbon_again", title="总碳排放（再次）", spec=_bar_chart().to_dict()),
    ] if charts else []
    return Report(
        kind="compare", lang=lang, title=TITLE, subtitle=f"三个情景：{'、'.join(NAMES)}",
        facts=[("情景", "、".join(NAMES)), ("日期", "2026-11-27"), ("随机种子", "42"),
               ("重复次数", "20")],
        summary=["绿色包装情景的总碳排放更低（概率 97%，差值 −200.0，区间 −240.2 至 −160.1）。"],
        sections=[
            Section(heading="杠杆", paragraphs=["以下杠杆与基准情景不同。"], tables=[levers]),
            Section(heading="关键指标", tables=[kpi, wide]),
            Section(heading=f"图表：{HOSTILE}", charts=chart_list, bullets=["**不是粗体**"]),
        ],
        appendix=[Section(heading="假设与来源", paragraphs=["来源：公开报告。"]),
                  Section(heading="模型局限", bullets=["局限一", "局限二"])],
        link=link, file_stem="esg_compare_3_scenarios")


@pytest.fixture(scope="module")
def report() -> Report:
    return make_report()


# ------------------------------------------------------------------------------ HTML

class _Page(HTMLParser):
    """The elements of an HTML page: every start tag with its attributes, the text of each
    script element by id, the text of every table cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.cells: list[str] = []
        self.text: list[str] = []
        self._in: tuple[str, dict[str, str | None]] | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "td", "th", "style"):
            self._in, self._buf = (tag, dict(attrs)), []

    def handle_endtag(self, tag):
        if self._in and self._in[0] == tag:
            content = "".join(self._buf)
            if tag == "script":
                self.scripts.append((self._in[1], content))
            elif tag in ("td", "th"):
                self.cells.append(content)
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._buf.append(data)
        if not self._in or self._in[0] in ("td", "th"):
            self.text.append(data)


def _parse(data: bytes) -> _Page:
    page = _Page()
    page.feed(data.decode("utf-8"))
    page.close()
    return page


@pytest.fixture(scope="module")
def html_bytes(report) -> bytes:
    return to_html.render(report)


@pytest.fixture(scope="module")
def html_page(html_bytes) -> _Page:
    return _parse(html_bytes)


def test_html_fetches_nothing(html_page, html_bytes):
    """No external script, style sheet, picture or frame: the only address out of the file
    is the share link's anchor."""
    outward = []
    for tag, attrs in html_page.tags:
        assert tag not in ("link", "iframe", "object", "embed", "base"), tag
        if tag == "script":
            assert "src" not in attrs, attrs
        for name in ("src", "href", "srcset", "poster", "data", "action", "formaction"):
            value = (attrs.get(name) or "").strip()
            if value and not value.startswith("#"):
                outward.append((tag, name, value))
    assert outward == [("a", "href", SHARE)]
    text = html_bytes.decode("utf-8")
    style = text[text.index("<style>"):text.index("</style>")]
    assert "url(" not in style and "@import" not in style
    assert len(html_bytes) < 2_000_000, f"{len(html_bytes)} bytes for a three-chart report"


def test_html_embeds_the_javascript_once(html_page, html_bytes):
    code = [c for a, c in html_page.scripts if a.get("type") is None]
    assert len(code) == 2                       # the Vega bundle and the loader
    assert html_bytes.count(b"window.vegaEmbed=") == 1
    assert "vegaEmbed" in code[1] and "[data-chart]" in code[1]


def test_html_holds_each_chart_spec(report, html_page):
    scripts = {a.get("id"): c for a, c in html_page.scripts}
    containers = [a for t, a in html_page.tags if "data-chart" in a]
    assert [c["data-chart"] for c in containers] == [c.name for c in report.charts()]
    for attrs, chart in zip(containers, report.charts(), strict=True):
        spec = json.loads(scripts[attrs["data-spec"]])
        assert spec == json.loads(json.dumps(chart.spec))
    for content in scripts.values():
        assert "</" not in content and "<!--" not in content
    options = json.loads(scripts["embed-options"])
    assert options["renderer"] == "svg" and options["tooltip"] is True
    assert options["actions"]["editor"] is False     # the online editor needs the network


def test_html_holds_the_tables_and_the_title_page(report, html_page):
    cells = {c.strip() for c in html_page.cells}
    for table in report.tables():
        for cell in (*table.columns, *(c for row in table.rows for c in row)):
            assert cell in cells, cell
    text = "".join(html_page.text)
    for key, value in report.facts:
        assert key in text and value in text
    assert report.summary[0] in text and TITLE in text
    for value in KPI_VALUES:
        assert value in cells


def test_html_contents_link_to_every_section(report, html_page):
    ids = {a["id"] for _, a in html_page.tags if "id" in a}
    anchors = [a["href"] for t, a in html_page.tags if t == "a" and a.get("href", "")[:1] == "#"]
    assert len(anchors) == 1 + len(report.sections) + 1 + len(report.appendix) + 1
    for href in anchors:
        assert href[1:] in ids, href


def test_html_escapes_user_text(html_bytes, html_page):
    text = html_bytes.decode("utf-8")
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert HOSTILE in "".join(html_page.text)          # shown as the text it is
    assert "<strong>" not in text and "<b>" not in text  # Markdown stays Markdown
    # only the page's own scripts: the bundle, the loader and JSON data
    kinds = sorted(a.get("type") or "js" for a, _ in html_page.scripts)
    assert kinds == ["application/json"] * 4 + ["js", "js"]


@pytest.mark.parametrize("link, linked", [
    ("http://127.0.0.1:8501/compare?s=x", True),
    ("javascript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("https://example.org/a b", False),
    ("?s=abc&lang=zh", False),
])
def test_the_share_link_is_a_link_only_when_it_is_http(link, linked):
    data = to_html.render(make_report(charts=False, link=link))
    page = _parse(data)
    hrefs = [a.get("href") for t, a in page.tags if t == "a" and not a["href"].startswith("#")]
    assert hrefs == ([link] if linked else [])
    assert link in "".join(page.text)
    assert b"<script>alert(1)</script>" not in data


def test_html_without_charts_has_no_script():
    data = to_html.render(make_report(charts=False, link=None))
    page = _parse(data)
    assert not page.scripts and len(data) < 50_000
    assert "在应用中打开" not in "".join(page.text)


def test_invisible_and_control_characters_are_dropped():
    sneaky = dataclasses.replace(make_report(charts=False),
                                 title="报告\u202e\x00\x1b[31m标题\u200b")
    data = to_html.render(sneaky).decode("utf-8")
    assert "报告[31m标题" in data
    for ch in ("\u202e", "\x00", "\x1b", "\u200b"):
        assert ch not in data


def test_english_report_uses_english_labels():
    data = to_html.render(make_report("en", charts=False)).decode("utf-8")
    assert 'lang="en"' in data and ">Contents<" in data and ">Executive summary<" in data


def test_script_json_cannot_close_its_element():
    text = to_html.script_json({"a": "</script><!--x-->&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!--x-->&\u2028"}


def test_render_dispatch_and_file_name(report):
    assert render(make_report(charts=False), "html").startswith(b"<!DOCTYPE html>")
    assert file_name(report, "pdf") == "esg_compare_3_scenarios_zh.pdf"


# ------------------------------------------------------------------------------ PDF

def _on_ci() -> bool:
    return bool(os.environ.get("CI"))


def _missing(reason: str) -> None:
    """Skip locally, fail on CI (CI must not pass by skipping)."""
    reason += " (run `make sysdeps`)"
    if _on_ci():
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        _missing(f"poppler's {name} is not installed")
    return path


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60,
                          check=True).stdout


def _has_chinese_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    return bool(_run(fc_list, ":lang=zh").strip())


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


WEASYPRINT_WARNINGS: list[str] = []


@pytest.fixture(scope="module")
def pdf_path(report, tmp_path_factory) -> Path:
    try:
        import weasyprint  # noqa: F401  (loads Pango)
    except OSError as err:
        _missing(f"WeasyPrint cannot load Pango: {err}")
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    kept, logger = _Kept(), logging.getLogger("weasyprint")
    logger.addHandler(kept)
    try:
        path.write_bytes(to_pdf.render(report))
    finally:
        logger.removeHandler(kept)
    WEASYPRINT_WARNINGS[:] = kept.messages
    return path


def test_pdf_layout_raises_no_warning(pdf_path):
    """WeasyPrint understood every rule of the style sheets and fetched nothing."""
    assert WEASYPRINT_WARNINGS == []


@pytest.fixture(scope="module")
def pdf_pages(pdf_path) -> list[str]:
    """pdftotext's text of each page (``-layout``: a table's row stays on one line)."""
    text = _run(_tool("pdftotext"), "-layout", "-enc", "UTF-8", str(pdf_path), "-")
    return text.split("\f")[:-1]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_pdf_pages_are_a4_landscape(pdf_path):
    from pypdf import PdfReader

    reader = PdfReader(pdf_path)
    assert len(reader.pages) >= 8
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(842, abs=1)
        assert float(page.mediabox.height) == pytest.approx(595, abs=1)
    raw = pdf_path.read_bytes()
    assert b"/JavaScript" not in raw and b"/JS " not in raw and b"/JS(" not in raw


def test_pdf_has_bookmarks_for_the_headings(report, pdf_path):
    from pypdf import PdfReader

    reader = PdfReader(pdf_path)

    def titles(items) -> list[str]:
        out = []
        for item in items:
            out += titles(item) if isinstance(item, list) else [item.title]
        return out

    found = titles(reader.outline)
    assert TITLE in found and "执行摘要" in found and "附录" in found
    for sec in (*report.sections, *report.appendix):
        assert sec.heading in found, sec.heading


def test_pdf_embeds_its_fonts_with_a_chinese_one(pdf_path):
    rows = _run(_tool("pdffonts"), str(pdf_path)).splitlines()[2:]
    assert rows, "no fonts in the PDF"
    for row in rows:
        # name type... emb sub uni object ID: "emb" is the fourth field from the end but two
        assert row.split()[-5] == "yes", f"not embedded: {row}"
    if not _has_chinese_font():
        _missing("no Chinese font (fc-list :lang=zh finds none)")
    assert any("CJK" in row for row in rows), rows


def test_pdf_text_has_the_title_values_and_page_numbers(pdf_pages):
    n = len(pdf_pages)
    assert TITLE in pdf_pages[0]
    body = _squash("".join(pdf_pages))
    for value in KPI_VALUES:
        assert _squash(value) in body, value
    assert _squash(HOSTILE) in body                     # the user's text, as text
    for i, text in enumerate(pdf_pages, start=1):
        assert f"第 {i} 页，共 {n} 页" in text, f"page {i}: no page number"


def test_pdf_contents_page_numbers_point_at_the_sections(report, pdf_pages):
    contents = pdf_pages[1]
    assert "目录" in contents
    for heading in ("执行摘要", *(s.heading for s in report.sections), "附录"):
        line = next(ln for ln in contents.splitlines() if ln.strip().startswith(heading))
        number = int(re.search(r"(\d+)\s*$", line).group(1))
        page_text = pdf_pages[number - 1]
        assert heading in page_text, f"{heading}: the contents say page {number}"


def test_pdf_charts_are_vector_graphics(pdf_path, pdf_pages):
    """The charts' axis titles are text on their pages (a picture would have none), and the
    PDF holds no raster picture at all."""
    chart_pages = [t for t in pdf_pages if AXIS_TITLE in t]
    assert len(chart_pages) >= 2                       # the two bar charts
    assert any(BAND_AXIS in t for t in pdf_pages)
    listing = _run(_tool("pdfimages"), "-list", str(pdf_path)).splitlines()
    assert len(listing) == 2, listing                  # the header lines, no image
    # the chart as wide as its column in the app ("container") fills the page's width: its
    # legend, right of the plot, lies in the right part of the page
    bbox = _run(_tool("pdftotext"), "-bbox", str(pdf_path), "-")
    page = next(p for p in bbox.split("<page ")[1:] if BAND_AXIS in p)
    width = float(re.search(r'width="([\d.]+)"', page).group(1))
    legend = re.search(r'xMin="([\d.]+)"[^>]*>绿色包装</word>', page)
    assert legend and float(legend.group(1)) > 0.6 * width


def test_pdf_nothing_runs_past_the_page_edge(pdf_path):
    """Every word (tables, charts' labels, footers) lies between the page's side margins:
    wide tables wrap and charts are scaled to the page's width. (pdftotext drops what lies
    off the page, so a word in the right margin is what shows an overflow.)"""
    margin_pt = (297 - to_pdf.CONTENT_WIDTH_MM) / 2 * 72 / 25.4
    bbox = _run(_tool("pdftotext"), "-bbox", str(pdf_path), "-")
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S)
    assert pages
    for width, _height, words in pages:
        boxes = re.findall(r'xMin="([\d.-]+)" yMin="[\d.-]+" xMax="([\d.-]+)"', words)
        assert len(boxes) >= 3                         # at least the page number's words
        for x_min, x_max in boxes:
            assert float(x_min) >= margin_pt - 1
            assert float(x_max) <= float(width) - margin_pt + 1, f"a word ends at {x_max} pt"


def test_pdf_wide_table_repeats_its_header(pdf_pages):
    header = f"第 {WIDE_COLUMNS - 1} 列"
    pages_with_rows = [t for t in pdf_pages if "格 " in t]
    assert len(pages_with_rows) >= 2, "the 45-row table should run over pages"
    for text in pages_with_rows:
        assert header in text


def test_pdf_pages_are_not_blank(pdf_path, tmp_path):
    from PIL import Image

    _run(_tool("pdftoppm"), "-r", "30", "-png", str(pdf_path), str(tmp_path / "p"))
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == _page_count(pdf_path)
    for png in pngs:
        with Image.open(png) as im:
            grey = np.asarray(im.convert("L"))
        inked = int((grey < 200).sum())
        assert inked > 50, f"{png.name} is blank ({inked} dark pixels)"


def _page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def test_pdf_in_english_numbers_its_pages_in_english(tmp_path):
    try:
        small = make_report("en", charts=False)
        data = to_pdf.render(dataclasses.replace(small, sections=small.sections[:1]))
    except OSError as err:
        _missing(f"WeasyPrint cannot load Pango: {err}")
    path = tmp_path / "en.pdf"
    path.write_bytes(data)
    pages = _run(_tool("pdftotext"), "-layout", str(path), "-").split("\f")[:-1]
    for i, text in enumerate(pages, start=1):
        assert f"Page {i} of {len(pages)}" in text
    assert "Contents" in pages[1]


def test_page_number_css_escapes_its_text():
    assert to_pdf.page_number_css("en") == (
        '@page { @bottom-right { content: "Page " counter(page) " of " counter(pages); '
        'font-size: 8pt; color: #52606d; } }')
    assert to_pdf.css_string('a"b\\c</style>') == '"a\\000022b\\00005cc\\00003c\\00002fstyle\\00003e"'


def test_a_container_wide_chart_gets_a_page_wide_size():
    spec = {"width": "container", "layer": [{"mark": "line", "height": "container"}],
            "datasets": {"d": [{"width": "container"}]}, "hconcat": [{"width": 300}]}
    fixed = to_pdf.fixed_size(spec)
    assert fixed["width"] == to_pdf.CONTAINER_WIDTH_PX
    assert fixed["layer"][0]["height"] == to_pdf.CONTAINER_HEIGHT_PX
    assert fixed["datasets"] == spec["datasets"] and fixed["hconcat"] == [{"width": 300}]
    assert spec["width"] == "container"                 # the report's own spec is untouched


def test_chart_width_fills_the_page_within_limits():
    wide = '<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="300">'
    tall = '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="900">'
    small = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200">'
    assert to_pdf.chart_width_mm(wide) == pytest.approx(to_pdf.CONTENT_WIDTH_MM)
    # height-bound: 900 px tall drawn 140 mm tall
    assert to_pdf.chart_width_mm(tall) == pytest.approx(400 / 900 * 140, abs=0.01)
    assert to_pdf.chart_width_mm(small) == pytest.approx(300 * 25.4 / 96 * 1.5, abs=0.01)
    assert to_pdf.chart_width_mm("<svg>") is None
