"""The builder as a person uses it (a real browser, see conftest.py): a lever change is
undone and redone with the KPI cards following, the file panel stays open after a load,
and on a phone the results come before the levers."""

from __future__ import annotations

import pytest
from conftest import VIEWPORT, goto, screenshot, wait_for_app
from playwright.sync_api import expect

from simulation import load_scenario
from ui import share

pytestmark = pytest.mark.slow

PHONE = {"width": 390, "height": 844}


def _short_link() -> str:
    """The builder opened by a share link of a short run (60 days, 2,000 past buyers): its
    previews (2 replications: the run settings' smallest) take a second, not the full
    year's several."""
    short = load_scenario("baseline").with_changes({"run.horizon_days": 60,
                                                    "customers.initial_customers": 2000})
    return "/builder?" + share.query_string(share.encode(short, 1, 2, "en"))


def _carbon_card(page) -> str:
    return page.get_by_test_id("stMetric").filter(has_text="Total carbon").first.inner_text()


def _click(page, key: str) -> None:
    page.locator(f".st-key-{key} button").click()
    wait_for_app(page)


def test_undo_redo_and_the_file_panel_stays_open(browser_page, tmp_path):
    page = browser_page
    goto(page, _short_link())
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_role("heading", name="Scenario from a share link")).to_be_visible()
    expect(page.locator(".st-key-undo button")).to_be_disabled()
    before = _carbon_card(page)

    select = page.get_by_test_id("stSelectbox").filter(has_text="Packaging option").first
    select.click()
    page.get_by_role("option", name="Recycled carton").click()
    wait_for_app(page)
    changed = _carbon_card(page)
    assert changed != before, "the carbon card did not move with the lever"
    expect(page.get_by_role("heading", name="Modified from “Scenario from a share link”")).to_be_visible()
    expect(page.locator(".st-key-changed_levers")).to_contain_text("Recycled carton")

    _click(page, "undo")
    assert _carbon_card(page) == before
    expect(page.locator(".st-key-redo button")).to_be_enabled()
    _click(page, "redo")
    assert _carbon_card(page) == changed
    expect(page.locator(".st-key-redo button")).to_be_disabled()
    screenshot(page, tmp_path / "builder_redo.png", full_page=False)

    # the file panel, opened, stays open after a save (a message appears above it)
    panel = page.get_by_test_id("stExpander").filter(has_text="Scenario files, library and sharing")
    panel.get_by_text("Scenario files, library and sharing").click()
    wait_for_app(page)
    name = page.get_by_label("Name to save as", exact=True)
    name.fill("Recycled pilot")
    name.press("Enter")
    wait_for_app(page)
    save = page.locator(".st-key-save button")
    save.click()
    wait_for_app(page)
    expect(page.get_by_test_id("stAlertContentSuccess").first).to_contain_text("Recycled pilot")
    expect(save).to_be_visible()                      # still open
    expect(page.get_by_role("heading", name="Recycled pilot")).to_be_visible()
    for key in ("save", "load_preset", "download"):   # whole labels, never "保…"
        button = page.locator(f".st-key-{key} button")
        assert button.evaluate("b => b.scrollWidth <= b.clientWidth + 1"), key
    assert _carbon_card(page) == changed
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_on_a_phone_the_results_come_first(chromium, app_url, tmp_path):
    context = chromium.new_context(viewport=PHONE, base_url=app_url, is_mobile=True,
                                   has_touch=True)
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        goto(page, _short_link())
        expect(page.get_by_test_id("stException")).to_have_count(0)
        card = page.get_by_test_id("stMetric").first
        lever = page.get_by_test_id("stSelectbox").filter(has_text="Packaging option").first
        expect(card).to_be_attached()
        expect(lever).to_be_attached()
        card_box, lever_box = card.bounding_box(), lever.bounding_box()
        assert card_box and lever_box
        assert card_box["y"] < lever_box["y"], (card_box, lever_box)
        # the undo row fits the phone's width: no button runs off the screen
        for key in ("undo", "redo", "reset_all"):
            b = page.locator(f".st-key-{key} button").bounding_box()
            assert b and b["x"] + b["width"] <= PHONE["width"] + 1, (key, b)
        screenshot(page, tmp_path / "builder_phone.png", full_page=False)
    finally:
        context.close()
    assert VIEWPORT["width"] > PHONE["width"]
