"""The HTML report works with no network: opened from a file in Debian's chromium with every
request but file:// refused and the context offline, each chart is drawn (an SVG with marks),
its tooltip shows on hover, and the console stays free of errors.

Uses only the session's browser (conftest.py ``chromium``), not the app server.
"""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path

import pytest
from conftest import ACTION_TIMEOUT_MS, VIEWPORT
from playwright.sync_api import expect

pytestmark = pytest.mark.slow

UNIT_TESTS = Path(__file__).resolve().parents[1] / "unit"
# the SVG elements Vega draws for marks: each mark group holds one path per bar, area or line
MARKS = "svg g.role-mark > path, svg g.role-mark > line, svg g.role-mark > rect"


def _report():
    """The unit tests' made-up report (Chinese text, a hostile scenario name, a bar chart,
    a line-and-band chart, a KPI table)."""
    sys.path.insert(0, str(UNIT_TESTS))
    try:
        from test_report_html_pdf import make_report
    finally:
        sys.path.remove(str(UNIT_TESTS))
    return make_report()


@contextlib.contextmanager
def offline_page(chromium, path: Path):
    """``path`` opened from its file in an offline context where every request but file:// is
    refused; on leaving, no console error and no request may have happened."""
    context = chromium.new_context(viewport=VIEWPORT, offline=True)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    refused: list[str] = []

    def only_files(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(path.as_uri(), wait_until="load")
        yield page
    finally:
        context.close()
    assert not errors, errors
    assert not refused, f"the report asked the network for {refused}"


def test_html_report_draws_its_charts_offline(chromium, tmp_path):
    from ui.report import to_html

    report = _report()
    path = tmp_path / "report.html"
    path.write_bytes(to_html.render(report))

    with offline_page(chromium, path) as page:
        charts = page.locator("[data-chart]")
        expect(charts).to_have_count(len(report.charts()))
        expect(page.locator("[data-chart][data-drawn=true]")).to_have_count(
            len(report.charts()), timeout=ACTION_TIMEOUT_MS)
        for chart in report.charts():
            box = page.locator(f'[data-chart="{chart.name}"]')
            assert box.locator(MARKS).count() > 0, f"{chart.name}: nothing drawn"
        # the layered chart: three bands and three lines, drawn as wide as the column (its
        # width is "container", as the app's charts)
        band = page.locator('[data-chart="orders_band"]')
        assert band.locator(MARKS).count() >= 6
        column = band.bounding_box()["width"]
        drawn = band.locator("svg").first.bounding_box()["width"]
        assert column > 600 and drawn > 0.8 * column, (drawn, column)

        # interactive: a bar's tooltip, in the report's language
        page.locator('[data-chart="carbon"] g.mark-rect > path').first.hover()
        tooltip = page.locator("#vg-tooltip-element")
        expect(tooltip).to_have_class(re.compile(r"\bvisible\b"), timeout=ACTION_TIMEOUT_MS)
        expect(tooltip).to_contain_text("基准情景")

        # the scenario name that looks like markup is text, and ran nothing
        expect(page.get_by_role("heading", level=2).filter(has_text="alert(1)")).to_have_count(1)
        assert page.evaluate("document.querySelectorAll('script').length") == 6


def test_a_real_comparison_report_draws_every_chart_offline(chromium, tmp_path):
    """The command line's report of three presets (a 100-day shop, so that 90-day retention
    exists; 2 replications): every chart the compare page draws (trade-off, KPI bars, cost
    waterfall) is drawn offline."""
    from simulation.cli import main

    path = tmp_path / "comparison.html"
    code = main(["report", "baseline", "green_packaging", "green_logistics", "--lang", "en",
                 "--set", "run.horizon_days=100", "--set", "customers.initial_customers=2000",
                 "--replications", "2", "--workers", "1", "--out", str(path)])
    assert code == 0 and path.stat().st_size > 0

    with offline_page(chromium, path) as page:
        charts = page.locator("[data-chart]")
        n = charts.count()
        assert n >= 5, f"only {n} charts in the report"
        expect(page.locator("[data-chart][data-drawn=true]")).to_have_count(
            n, timeout=ACTION_TIMEOUT_MS)
        for i in range(n):
            box = charts.nth(i)
            name = box.get_attribute("data-chart")
            assert box.locator(MARKS).count() > 0, f"{name}: nothing drawn"
