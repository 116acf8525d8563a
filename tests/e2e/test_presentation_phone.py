"""Presentation view and the phone layout in a real browser (see conftest.py).

Presentation view hides the sidebar, so the way out must be on the page itself; on a phone
(390x844) the builder shows its results before its controls.
"""

from __future__ import annotations

import pytest
from conftest import goto, screenshot, wait_for_app
from playwright.sync_api import expect

pytestmark = pytest.mark.slow

PHONE = {"width": 390, "height": 844}


def test_presentation_view_hides_the_sidebar_and_offers_a_way_out(browser_page, tmp_path):
    page = browser_page
    goto(page, "/builder?lang=en")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_be_visible()
    sidebar.get_by_text("Presentation view").click()
    wait_for_app(page)

    exit_button = page.get_by_role("button", name="Exit presentation view")
    expect(exit_button).to_be_visible()
    expect(sidebar).to_be_hidden()
    expect(page.get_by_test_id("stSidebarCollapsedControl")).to_be_hidden()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, tmp_path / "builder_presentation.png", full_page=False)

    # the other pages are reached from the page itself, and keep the view
    page.get_by_role("button", name="Pages").click()
    page.get_by_test_id("stPopoverBody").get_by_role("link", name="Sensitivity & attribution").click()
    wait_for_app(page)
    expect(page.locator("h1", has_text="Sensitivity")).to_be_visible()
    expect(exit_button).to_be_visible()
    expect(sidebar).to_be_hidden()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, tmp_path / "sensitivity_presentation.png", full_page=False)

    exit_button.click()
    wait_for_app(page)
    expect(sidebar).to_be_visible()
    expect(exit_button).to_have_count(0)


def test_phone_shows_the_builders_results_before_its_levers(browser_page, tmp_path):
    page = browser_page
    page.set_viewport_size(PHONE)
    goto(page, "/builder?lang=en")
    card = page.get_by_test_id("stMetric").first
    lever = page.get_by_test_id("stSelectbox").filter(has_text="Packaging option").first
    expect(card).to_be_visible()
    card_box, lever_box = card.bounding_box(), lever.bounding_box()
    assert card_box is not None and lever_box is not None
    assert card_box["y"] < lever_box["y"], (card_box, lever_box)
    assert card_box["y"] < PHONE["height"] * 2, f"the first KPI card is {card_box['y']:.0f} px down"
    screenshot(page, tmp_path / "builder_phone.png", full_page=False)
