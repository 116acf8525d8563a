"""The app as a person sees it: `streamlit run app.py` in Debian's chromium (see conftest.py).

Each test leaves its screenshots in its tmp_path (pytest prints where on a failure).
"""

from __future__ import annotations

import pytest
from conftest import goto, screenshot, wait_for_app
from playwright.sync_api import expect

pytestmark = pytest.mark.slow


def test_home_page_renders(browser_page, tmp_path):
    page = browser_page
    goto(page, "/")

    # Chinese by default, and no traceback anywhere on the page
    expect(page.locator("h1", has_text="中小电商")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)

    shot = screenshot(page, tmp_path / "home_zh.png")
    assert shot.stat().st_size > 10_000, "the screenshot is (nearly) empty"


def _metric_value(page, label: str) -> str:
    card = page.get_by_test_id("stMetric").filter(has_text=label).first
    return card.get_by_test_id("stMetricValue").inner_text()


def test_builder_lever_changes_a_kpi_and_chinese_labels(browser_page, tmp_path):
    page = browser_page
    goto(page, "/builder?lang=en")
    expect(page.locator("h1", has_text="Scenario builder")).to_be_visible()
    before = _metric_value(page, "Total carbon")
    screenshot(page, tmp_path / "builder_en_before.png", full_page=False)

    # move a lever: the packaging option, from standard cartons to recycled ones
    select = page.get_by_test_id("stSelectbox").filter(has_text="Packaging option").first
    select.click()
    page.get_by_role("option", name="Recycled carton").click()
    wait_for_app(page)
    after = _metric_value(page, "Total carbon")
    assert after != before, f"the carbon KPI did not change ({before})"
    expect(page.get_by_test_id("stException")).to_have_count(0)

    # switch to Chinese: the labels follow, the scenario stays
    page.get_by_test_id("stSidebar").get_by_text("中文", exact=True).click()
    wait_for_app(page)
    expect(page.locator("h1", has_text="情景构建")).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="总碳排放")).to_have_count(1)
    assert _metric_value(page, "总碳排放") == after
    shot = screenshot(page, tmp_path / "builder_zh.png", full_page=False)
    assert shot.stat().st_size > 10_000
    assert "lang=zh" in page.url and "s=" in page.url          # the address is the share link

    # the carbon tab draws its four charts when it is opened
    page.get_by_role("tab", name="碳排放").click()
    wait_for_app(page)
    panel = page.get_by_role("tabpanel").filter(has=page.get_by_test_id("stVegaLiteChart"))
    expect(panel.get_by_test_id("stVegaLiteChart")).to_have_count(4)
    screenshot(page, tmp_path / "builder_zh_carbon.png", full_page=False)


def test_a_malformed_upload_shows_its_message(browser_page, tmp_path):
    page = browser_page
    goto(page, "/builder?lang=en")
    page.get_by_text("Scenario files, library and sharing").click()
    bad = tmp_path / "bad.yaml"
    bad.write_text("changes:\n  packaging.option: plastic_bag\n", encoding="utf-8")
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(str(bad))
    wait_for_app(page)
    alert = page.get_by_test_id("stAlertContentError").first
    expect(alert).to_contain_text("packaging.option")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, tmp_path / "bad_upload.png", full_page=False)


def test_budget_optimiser_finds_a_split(browser_page, tmp_path):
    from simulation import Scenario
    from ui import limits, share

    page = browser_page
    # the baseline on a 120-day horizon, opened in the builder by its link: the optimiser
    # works on the builder's scenario, and a third of a year's simulations show the same page
    short = Scenario().with_changes({"run.horizon_days": 120})
    goto(page, "/builder?" + share.query_string(share.encode(short, 1, limits.DEFAULT_REPLICATIONS, "en")))
    page.get_by_test_id("stSidebar").locator("a", has_text="Budget optimiser").first.click()
    wait_for_app(page, initial_wait_ms=1_000)
    expect(page.locator("h1", has_text="Budget optimiser")).to_be_visible()
    expect(page.get_by_text("Optimising the builder's current scenario (1 changes")).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(0)     # nothing run yet

    # the smallest effort the page offers: ~33 simulations
    page.get_by_test_id("stExpander").filter(has_text="Effort").get_by_text("Effort").click()
    for label, value in (("Replications to confirm", "2"), ("Design points", "13"),
                         ("Replications per design point", "1")):
        box = page.get_by_label(label, exact=True)
        box.fill(value)
        box.press("Enter")
        wait_for_app(page)
    page.get_by_role("button", name="Find the best split").click()
    # a background job: its progress and Cancel button, then the page redraws itself with
    # the result (it polls the job; nothing is clicked)
    headline = page.get_by_role("heading", name="Probability the recommendation beats")
    cancel = page.get_by_role("button", name="Cancel")
    expect(cancel.or_(headline).first).to_be_visible(timeout=60_000)
    expect(headline).to_be_visible(timeout=300_000)
    wait_for_app(page, timeout_ms=120_000, initial_wait_ms=1_000)

    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    expect(headline).to_be_visible()
    headline.evaluate("e => e.scrollIntoView({block: 'start'})")
    # the recommendation's KPI table and the frontier chart, below their headings
    kpis = page.get_by_test_id("stDataFrame").filter(has_text="Recommended (95% interval)")
    expect(kpis).to_have_count(1)
    expect(kpis).to_be_visible()
    screenshot(page, tmp_path / "optimiser_en_result.png", full_page=False)
    pareto = page.get_by_role("heading", name="Retention, carbon and cost")
    pareto.evaluate("e => e.scrollIntoView({block: 'start'})")
    expect(pareto).to_be_visible()
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(4)          # shares, frontier, the chosen split, responses
    expect(charts.nth(1)).to_be_visible()
    assert charts.nth(1).bounding_box()["height"] > 200
    shot = screenshot(page, tmp_path / "optimiser_en_pareto.png", full_page=False)
    assert shot.stat().st_size > 10_000
