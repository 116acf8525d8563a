"""The scenario builder's report, made through the page's "Download report" control in
Streamlit's AppTest: in both languages each format (HTML, PDF, PPTX) comes out, and the KPI
values it shows are the very strings the page's KPI cards show (read back from the HTML's
cells, the PPTX's table cells and the PDF's text); the page's charts download as PNG and SVG
named after the chart and the pair.

One small preview (a 100-day shop of 2,000 past buyers, the preview's few replications)
serves every case (module-scoped). The PDF, the slowest to make (WeasyPrint draws every chart's
SVG), is made in Chinese, the harder case (CJK text); English makes the HTML and the PPTX."""

from __future__ import annotations

import html
import os
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from report_reading import ReportHTML, make_report, ok, pdf_text, pptx_rows
from streamlit.testing.v1 import AppTest

from simulation import Scenario
from ui import builder_tables, export, limits, runner, session
from ui.i18n import TEXT, kpi_label
from ui.sources import reference_for

TIMEOUT_S = 180
KEY = "builder"
FORMATS = {"zh": ("html", "pdf", "pptx"), "en": ("html", "pdf", "pptx")}
CHANGES = {"run.horizon_days": 100, "customers.initial_customers": 2000,
           "packaging.option": "recycled_carton"}


def text(key: str, lang: str, **fields) -> str:
    return TEXT[key][lang].format(**fields)


def html_rows(data: bytes) -> list[list[str]]:
    return ReportHTML(data).rows


PDF_PAGES = 8       # title, contents, summary, levers, KPI cards: the pages to read


def page_cards(at: AppTest, lang: str) -> list[list[str]]:
    """The KPI cards as the page shows them, in the report's row shape: label, value, change,
    the change's interval (from the caption under the card), probability, baseline value."""
    rows = []
    captions = [c.value for c in at.caption]
    for k in builder_tables.KPI_CARDS:
        card = next(m for m in at.metric if m.label == kpi_label(k, lang))
        rows.append([card.label, card.value, card.delta or "—", captions, card.help])
    return rows


def matches(page_row: list, report_row: list[str], lang: str) -> None:
    """A report's card row says what the page's card says."""
    label, value, delta, captions, help_text = page_row
    assert report_row[:3] == [label, value, delta], (report_row, page_row)
    interval, prob, base = report_row[3], report_row[4], report_row[5]
    if delta != "—" and interval != "—":         # the card's caption shows the same interval
        lo, hi = interval.split(" ~ ")
        assert text("builder.card_ci", lang, lo=lo, hi=hi) in captions
    assert text("builder.card_baseline", lang, value=base) in help_text
    if prob != "—":
        assert text("builder.prob_better", lang, p=prob) in help_text


@pytest.fixture(scope="module")
def page(repo_root, tmp_path_factory):
    """The builder page on a small shop with one lever moved, its preview on show."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ESG_SIM_LIBRARY", str(tmp_path_factory.mktemp("builder") / "library"))
        at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
        at.session_state["lang"] = "zh"
        at.session_state["working"] = dict(CHANGES)
        at.switch_page("pages/1_builder.py")
        ok(at.run())
        yield at


def make(at: AppTest, lang: str, fmt: str) -> bytes:
    """Switch the page to ``lang``, choose ``fmt`` on the control and make the report."""
    kept = make_report(at, KEY, lang, fmt)
    assert kept["name"].startswith("esg_builder_")
    return kept["data"]


@pytest.mark.skipif(shutil.which("pdftotext") is None and not os.environ.get("CI"),
                    reason="needs poppler's pdftotext (make sysdeps)")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_format_shows_the_kpi_cards_values(page, lang, tmp_path):
    cards = None
    for fmt in FORMATS[lang]:
        data = make(page, lang, fmt)
        cards = page_cards(page, lang)        # the page as it is now (the same results)
        if fmt == "html":
            assert data.lstrip()[:15].lower() == b"<!doctype html>"
            rows = html_rows(data)
        elif fmt == "pptx":
            rows = pptx_rows(data)
        else:
            assert data.startswith(b"%PDF")
            flat = pdf_text(data, tmp_path, PDF_PAGES)
            for label, value, delta, _captions, _help in cards:
                for cell in (label, value, delta):
                    assert re.sub(r"\s+", "", cell) in flat, (fmt, cell)
            continue
        header = [text(f"report.b_col_{c}", lang) for c in
                  ("kpi", "current", "change", "interval", "prob", "baseline")]
        assert header in rows, f"{fmt}: no KPI card table"
        by_label = {r[0]: r for r in rows if len(r) == len(header)}
        for card in cards:
            matches(card, by_label[card[0]], lang)
        # the levers that differ, as the page lists them
        lever = builder_tables.lever_label("packaging.option", lang)
        assert any(r[0] == lever and r[1] == builder_tables.lever_value(
            "packaging.option", "recycled_carton", lang) for r in rows), fmt
        if fmt == "html":       # the run it shows: the preview, and says so
            reps = page.session_state[session.REPS_KEY]
            preview = text("report.b_set_preview", lang, n=min(limits.PREVIEW_REPLICATIONS, reps),
                           full=reps)
            assert preview in html.unescape(data.decode("utf-8"))       # on the title page


def test_a_changed_result_asks_for_a_new_report(page):
    make(page, "zh", "html")
    page.selectbox(key="p:packaging.option").set_value("reusable_box")
    ok(page.run())
    assert not any(b.key == f"{KEY}_report_download" for b in page.download_button)
    assert text("report.stale", "zh") in [c.value for c in page.caption]
    page.selectbox(key="p:packaging.option").set_value("recycled_carton")
    ok(page.run())


def test_the_charts_download_as_png_and_svg_named_after_chart_and_pair(page):
    ok(page.run())
    keys = {b.key for b in page.download_button}
    for fmt in ("png", "svg"):       # the open tab's charts offer both formats
        assert f"chart_dl_active_customers_over_time_baseline_vs_current_{fmt}" in keys
    scenario = Scenario().with_changes(CHANGES)
    pair = {"baseline": reference_for(scenario), "current": scenario}
    reps = page.session_state[session.REPS_KEY]
    done = runner.stored(pair, page.session_state[session.SEED_KEY],
                         min(limits.PREVIEW_REPLICATIONS, reps))       # the preview on show
    assert done is not None
    (chart,) = builder_tables.tab_charts("carbon", done, pair, "zh")[1][1:]
    assert chart.name == "carbon_over_time"
    assert export.chart_file_name(chart.name, builder_tables.NAMES, "svg") == \
        "carbon_over_time_baseline_vs_current.svg"
    spec = chart.chart.to_dict(validate=False)
    png = export.chart_bytes(spec, "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    svg = export.chart_bytes(spec, "svg")
    assert ET.fromstring(svg).tag.endswith("svg") and "累计".encode() in svg
