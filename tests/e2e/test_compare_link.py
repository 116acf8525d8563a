"""A comparison's link in a real browser (see conftest.py): compare two scenarios at two
replications, copy the page's link, open it in a new browser context (another session and
workspace) and find the same KPI table."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import goto, screenshot, wait_for_app
from playwright.sync_api import expect

pytestmark = pytest.mark.slow

KPI_HEADING = "KPIs by scenario (mean and 95% confidence interval)"


def _kpi_table(page) -> str:
    """The KPI table's numbers, as its CSV download gives them (the grid on the page is
    drawn on a canvas)."""
    expect(page.get_by_role("heading", name=KPI_HEADING)).to_be_visible(timeout=120_000)
    with page.expect_download() as got:
        page.get_by_role("button", name="KPIs (CSV file)").click()
    return Path(got.value.path()).read_text(encoding="utf-8-sig")


def test_a_comparison_link_reopens_the_same_table(chromium, app_url, browser_page, tmp_path):
    page = browser_page
    goto(page, "/compare?lang=en")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    chooser = page.locator(".st-key-_w_cmp_selection")
    chooser.get_by_role("button", name="Remove 📋 Green logistics").click()
    wait_for_app(page)
    expect(chooser.locator("[data-tag]")).to_have_count(2)
    reps = page.get_by_role("spinbutton", name="Replications (per scenario, at most 100)")
    reps.fill("2")
    reps.press("Enter")
    wait_for_app(page)
    page.locator(".st-key-cmp_run button").click()
    wait_for_app(page)
    first = _kpi_table(page)
    assert "Baseline · mean" in first and "Green packaging · mean" in first, first
    assert "retention_90d" in first and "profit_cny" in first
    code = page.get_by_test_id("stCode").filter(has_text="k=cmp")
    expect(code).to_have_count(1)
    link = code.inner_text().strip()
    assert link.startswith(app_url) and "ws=" not in link

    other = chromium.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    other.set_default_timeout(30_000)
    try:
        again = other.new_page()
        again.goto(link)
        wait_for_app(again)
        expect(again.get_by_test_id("stException")).to_have_count(0)
        assert _kpi_table(again) == first
        expect(again.get_by_test_id("stAlertContentSuccess").first).to_contain_text(
            "2 scenarios × 2 replications")
        screenshot(again, tmp_path / "compare_link.png", full_page=False)
    finally:
        other.close()
