"""The PowerPoint report: a synthetic Report (English and Chinese) rendered and opened again
with python-pptx: native charts with the input's numbers, a picture for a chart without its
numbers, the KPI table's cells, a long table split with its header repeated, speaker notes,
slide titles, Chinese text with an East-Asian typeface, a hostile scenario name kept as
plain text, and every shape inside the slide."""

from __future__ import annotations

import io
import math

import altair as alt
import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from ui.report import render
from ui.report.model import Chart, Report, Section, Series, Table
from ui.i18n import t
from ui.report.to_pptx import FOOTER_TOP, clean

HOSTILE = "<script>alert(1)</script>\x01 shop"
SHOWN = "<script>alert(1)</script> shop"      # the same name as a slide shows it
NAN = float("nan")


def _spec() -> dict:
    df = pd.DataFrame({"x": [1, 2, 3, 4], "y": [3.0, 1.0, 2.0, 5.0], "s": ["a", "a", "b", "b"]})
    return alt.Chart(df).mark_point().encode(x="x:Q", y="y:Q", color="s:N").properties(
        width=300, height=200).to_dict()


SPEC = _spec()


def _report(lang: str) -> Report:
    zh = lang == "zh"
    names = ["基准" if zh else "Baseline", "全面 ESG" if zh else "Full ESG", HOSTILE]
    kpi = Table(title="关键指标（95% 区间）" if zh else "KPIs (95% intervals)",
                columns=["情景" if zh else "Scenario", "利润（元）" if zh else "Profit (CNY)",
                         "碳排放（kg）" if zh else "Carbon (kg)"],
                rows=[[n, f"{100 + i:,} ({90 + i} – {110 + i})", f"{5.5 + i:.1f}"]
                      for i, n in enumerate(names)],
                note="均值及其 95% 置信区间" if zh else "Mean and its 95% interval", kind="kpi")
    long = Table(title="逐日数据" if zh else "Daily values",
                 columns=["日" if zh else "Day", "订单" if zh else "Orders", "碳" if zh else "Carbon"],
                 rows=[[str(d), str(100 + d), f"{d * 1.5:.1f}"] for d in range(1, 61)])
    bar = Series(kind="bar", categories=names,
                 series={"利润" if zh else "Profit": [1.5, 2.5, NAN],
                         "成本" if zh else "Cost": [0.5, 1.0, 1.25]},
                 axis_title="万元" if zh else "CNY 10k", number_format="#,##0.0")
    line = Series(kind="line", categories=[f"D{d}" for d in range(1, 9)],
                  series={n: [d * (i + 1) if d != 4 else NAN for d in range(1, 9)]
                          for i, n in enumerate(names)},
                  axis_title="订单" if zh else "Orders", number_format="0")
    charts = Section(
        heading="图表" if zh else "Charts",
        headline="全面 ESG 利润更高" if zh else "Full ESG earns more",
        notes="方法：共同随机数。" if zh else "Method: common random numbers.",
        charts=[Chart("profit", "利润与成本" if zh else "Profit and cost", SPEC,
                      caption="柱状图说明" if zh else "Bars: profit and cost", series=bar),
                Chart("orders", "每日订单" if zh else "Daily orders", SPEC,
                      caption="折线图说明" if zh else "Lines: orders per day", series=line),
                Chart("scatter", "散点" if zh else "Scatter", SPEC,
                      caption="散点图说明" if zh else "Points: a picture")])
    return Report(
        kind="compare", lang=lang,
        title="情景比较" if zh else "Scenario comparison",
        subtitle=("、" if zh else ", ").join(names),
        facts=[("情景" if zh else "Scenarios", ", ".join(names)), ("种子" if zh else "Seed", "42"),
               ("重复次数" if zh else "Replications", "5")],
        summary=["全面 ESG 的利润更高（概率 92%）。" if zh else "Full ESG earns more (probability 92%).",
                 f"{HOSTILE} costs more."],
        sections=[
            Section(heading="与基准不同的杠杆" if zh else "Levers that differ",
                    paragraphs=["三个情景。" if zh else "Three scenarios."],
                    bullets=[f"{HOSTILE}: packaging"], notes="杠杆说明" if zh else "Lever notes",
                    tables=[long]),
            Section(heading="指标" if zh else "KPIs", notes="指标说明" if zh else "KPI notes",
                    tables=[kpi]),
            charts,
        ],
        appendix=[Section(heading="假设" if zh else "Assumptions", paragraphs=["A."],
                          notes="来源" if zh else "Sources"),
                  Section(heading="局限" if zh else "Limitations", bullets=["L1", "L2"])],
        link="https://example.org/app?view=compare&s=1",
    )


@pytest.fixture(scope="module")
def decks():
    reports = {lang: _report(lang) for lang in ("en", "zh")}
    return {lang: (r, Presentation(io.BytesIO(render(r, "pptx")))) for lang, r in reports.items()}


def _title(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def _texts(slide) -> str:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [c.text_frame.text for row in shape.table.rows for c in row.cells]
    return "\n".join(out)


def _charts(prs):
    return [(slide, shape.chart) for slide in prs.slides for shape in slide.shapes if shape.has_chart]


def _same(read, wanted) -> bool:
    return len(read) == len(wanted) and all(
        (r is None and (w is None or math.isnan(w))) or (r is not None and math.isclose(r, w))
        for r, w in zip(read, wanted, strict=True))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_deck_is_16_9_and_reads_in_order(decks, lang):
    report, prs = decks[lang]
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    slides = list(prs.slides)
    assert _title(slides[0]) == report.title
    assert report.subtitle.replace("\x01", "") in _texts(slides[0])
    for key, value in report.facts:
        assert clean(key) in _texts(slides[0]) and clean(value) in _texts(slides[0])
    agenda = _texts(slides[1])
    for section in (*report.sections, *report.appendix):
        assert section.heading in agenda
    assert "Full ESG earns more (probability 92%)." in _texts(slides[2]) or lang == "zh"
    titles = [_title(s) for s in slides]
    assert titles.count("Full ESG earns more" if lang == "en" else "全面 ESG 利润更高") == 3
    assert titles.index(report.sections[0].heading) < titles.index(report.sections[2].headline)
    assert titles.index(report.appendix[0].heading) > titles.index(report.sections[2].headline)
    link = slides[-1]
    runs = [r for shape in link.shapes if shape.has_text_frame
            for p in shape.text_frame.paragraphs for r in p.runs]
    assert any(r.hyperlink.address == report.link for r in runs)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bar_and_line_charts_are_native_with_the_input_numbers(decks, lang):
    report, prs = decks[lang]
    wanted = {c.title: c for c in report.charts() if c.series is not None}
    found = _charts(prs)
    assert len(found) == 2
    for slide, chart in found:
        source = wanted[chart.chart_title.text_frame.text]
        s = source.series
        kind = XL_CHART_TYPE.COLUMN_CLUSTERED if s.kind == "bar" else XL_CHART_TYPE.LINE_MARKERS
        assert chart.chart_type == kind
        plot = chart.plots[0]
        assert list(plot.categories) == [clean(c) for c in s.categories]
        assert [x.name for x in plot.series] == [clean(n) for n in s.series]
        for read, values in zip(plot.series, s.series.values(), strict=True):
            assert _same(read.values, values)
        assert chart.has_legend == (len(s.series) > 1)
        assert chart.value_axis.axis_title.text_frame.text == s.axis_title
        assert chart.value_axis.tick_labels.number_format == s.number_format
        assert chart._chartSpace.chart.find(qn("c:dispBlanksAs")).get("val") == "gap"
        notes = slide.notes_slide.notes_text_frame.text
        assert source.caption in notes and report.sections[2].notes in notes
        assert source.caption in _texts(slide)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_chart_without_series_is_a_picture_fitted_with_its_caption(decks, lang):
    report, prs = decks[lang]
    chart = report.sections[2].charts[2]
    pictures = [(slide, shape) for slide in prs.slides for shape in slide.shapes
                if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    slide, pic = pictures[0]
    assert pic.image.content_type == "image/png"
    ratio = pic.image.size[0] / pic.image.size[1]
    assert pic.width / pic.height == pytest.approx(ratio, rel=0.01)
    caption = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text == chart.caption]
    assert caption and caption[0].top >= pic.top + pic.height
    assert chart.caption in slide.notes_slide.notes_text_frame.text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_kpi_table_has_its_own_slide_with_the_same_cells(decks, lang):
    report, prs = decks[lang]
    (kpi,) = report.tables("kpi")
    slides = [s for s in prs.slides if _title(s) == kpi.title]
    assert len(slides) == 1
    (shape,) = [s for s in slides[0].shapes if s.has_table]
    cells = [[c.text_frame.text for c in row.cells] for row in shape.table.rows]
    assert cells[0] == kpi.columns
    assert cells[1:] == [[clean(c) for c in row] for row in kpi.rows]
    assert cells[3][0] == SHOWN
    assert kpi.note in _texts(slides[0]) and kpi.note in slides[0].notes_slide.notes_text_frame.text


def test_a_long_table_is_split_with_its_header_repeated(decks):
    report, prs = decks["en"]
    long = report.sections[0].tables[0]
    tables = [shape.table for slide in prs.slides for shape in slide.shapes
              if shape.has_table and shape.table.cell(0, 0).text_frame.text == long.columns[0]]
    assert len(tables) >= 2
    rows = []
    for table in tables:
        read = [[c.text_frame.text for c in row.cells] for row in table.rows]
        assert read[0] == long.columns
        rows += read[1:]
    assert rows == long.rows


def _inside(prs) -> None:
    """Every shape inside the slide; on content slides, nothing runs into the footer."""
    for i, slide in enumerate(prs.slides):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, (i, shape.name)
            assert shape.left + shape.width <= prs.slide_width, (i, shape.name)
            assert shape.top + shape.height <= prs.slide_height, (i, shape.name)
            if i and shape.top < FOOTER_TOP:
                assert shape.top + shape.height <= FOOTER_TOP, (i, shape.name)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_content_slide_has_notes_and_every_shape_is_inside(decks, lang):
    _report_, prs = decks[lang]
    for i, slide in enumerate(prs.slides):
        if i:
            assert slide.notes_slide.notes_text_frame.text.strip(), _title(slide)
    _inside(prs)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_is_readable_and_has_an_east_asian_typeface(decks, lang):
    _report_, prs = decks[lang]
    runs = [r for slide in prs.slides for shape in slide.shapes
            for frame in ([shape.text_frame] if shape.has_text_frame else
                          [c.text_frame for row in shape.table.rows for c in row.cells]
                          if shape.has_table else [])
            for p in frame.paragraphs for r in p.runs]
    assert runs
    for r in runs:
        assert r.font.size is None or r.font.size.pt >= 10, r.text
        assert r._r.rPr.find(qn("a:ea")).get("typeface") == "Microsoft YaHei"
        if lang == "zh":
            assert r.font.name == "Microsoft YaHei"
    text = "".join(r.text for r in runs)
    if lang == "zh":
        assert "全面 ESG 利润更高" in text and "关键指标" in text


def test_a_hostile_name_is_plain_text(decks):
    _report_, prs = decks["en"]
    everything = "\n".join(_texts(s) for s in prs.slides)
    assert SHOWN in everything and "\x01" not in everything and "_x0001_" not in everything
    out = io.BytesIO()
    prs.save(out)          # the deck saves again: nothing in it is invalid XML


def test_clean_drops_what_xml_cannot_hold():
    assert clean("a\x00b\x08c\x0bd\ufffee\u202ef\r\ng\th") == "abcdef\ng\th"
    assert clean(None) == "" and clean(3) == "3"


def test_a_bare_report_renders():
    report = Report(kind="builder", lang="en", title="\x00Only a title", subtitle="", facts=[],
                    summary=[], sections=[Section(heading="Empty")], appendix=[])
    prs = Presentation(io.BytesIO(render(report, "pptx")))
    assert _title(prs.slides[0]) == "Only a title"
    assert [_title(s) for s in prs.slides][-1] == "Empty"


def test_extremes_stay_on_the_slides():
    """Forty summary sentences, a 20-column table, a cell longer than a slide, an undrawable
    chart: the deck still opens, every text is there once and every shape is inside."""
    summary = [f"Sentence {i}: " + "the shop earns more " * 6 for i in range(40)]
    wide = Table(title="Wide", columns=[f"Column {j}" for j in range(20)],
                 rows=[[f"{i}.{j}" for j in range(20)] for i in range(5)])
    huge = Table(title="Huge", columns=["Name", "Text"], rows=[["a", "word " * 1500], ["b", "x"]])
    broken = Chart("broken", "Broken chart", {"mark": "no such mark"}, caption="Caption")
    report = Report(kind="optimiser", lang="en", title="Extremes", subtitle="s",
                    facts=[(f"Fact {i}", "value " * 8) for i in range(30)], summary=summary,
                    sections=[Section(heading="Tables", tables=[wide, huge], charts=[broken])],
                    appendix=[], link="javascript:alert(1)")
    prs = Presentation(io.BytesIO(render(report, "pptx")))
    _inside(prs)
    text = "\n".join(_texts(s) for s in prs.slides)
    assert all(text.count(x) == 1 for x in summary)
    assert sum(_title(s).startswith(t("report.summary", "en")) for s in prs.slides) >= 2
    assert all(f"Fact {i}" in _texts(prs.slides[0]) for i in range(30))
    assert t("report.chart_failed", "en") in text
    runs = [r for sh in list(prs.slides)[-1].shapes if sh.has_text_frame
            for p in sh.text_frame.paragraphs for r in p.runs]
    assert "javascript:alert(1)" in text and all(r.hyperlink.address is None for r in runs)
