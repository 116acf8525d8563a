"""A workshop in real browsers (see conftest.py): a facilitator creates a session, two teams
join by its code from their own browser contexts (one through the join link, one by typing
the code) and submit; neither sees a leaderboard before release; the facilitator's page
follows the submissions and results by itself, and after the release both teams' pages show
the leaderboard without a reload."""

from __future__ import annotations

import re

import pytest
from conftest import VIEWPORT, goto, wait_for_app
from playwright.sync_api import expect

pytestmark = pytest.mark.slow

SIMULATION_TIMEOUT_MS = 180_000


def _context(chromium, app_url):
    context = chromium.new_context(viewport=VIEWPORT, base_url=app_url)
    context.set_default_timeout(60_000)
    return context


def _click(page, key: str) -> None:
    page.locator(f".st-key-{key} button").click()
    wait_for_app(page)


def _fill(page, key: str, text: str) -> None:
    field = page.locator(f".st-key-{key} input")
    field.fill(text)
    field.press("Enter")
    wait_for_app(page)


def test_two_teams_join_by_code_and_see_the_leaderboard_after_release(chromium, app_url):
    contexts = [_context(chromium, app_url) for _ in range(3)]
    try:
        fac, alpha, beta = (c.new_page() for c in contexts)
        goto(fac, "/workshop?lang=en")
        fac.get_by_role("tab", name="Run a session (facilitator)").click()
        _fill(fac, "ws_new_pin", "4711")
        _click(fac, "ws_create")
        expect(fac.get_by_test_id("stException")).to_have_count(0)
        code = fac.get_by_test_id("stMetricValue").first.inner_text().strip()
        assert re.fullmatch(r"[A-Z2-9]{6}", code), code
        expect(fac.get_by_role("img").first).to_be_visible()          # the QR code

        goto(alpha, f"/workshop?lang=en&code={code}")                 # the join link
        expect(alpha.locator(".st-key-ws_join_code input")).to_have_value(code)
        _fill(alpha, "ws_join_name", "Alpha")
        _click(alpha, "ws_join")
        goto(beta, "/workshop?lang=en")
        _fill(beta, "ws_join_code", code.lower())
        _fill(beta, "ws_join_name", "Beta")
        _click(beta, "ws_join")
        for page, name in ((alpha, "Alpha"), (beta, "Beta")):
            expect(page.get_by_text(f"You are team {name}")).to_be_visible()
            _click(page, "ws_submit")
            expect(page.get_by_text("Your scenario for round 1 is submitted.")).to_be_visible()
            expect(page.get_by_text("Results appear once the facilitator releases them.")) \
                .to_be_visible()

        # the facilitator's page follows the submissions and the results by itself
        expect(fac.get_by_text(re.compile(r"Round 1: 2 of 2 teams have submitted; 2 results"))) \
            .to_be_visible(timeout=SIMULATION_TIMEOUT_MS)
        for page in (alpha, beta):
            expect(page.get_by_text("Leaderboard", exact=True)).to_have_count(0)
            expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
        _click(fac, "ws_release")
        expect(fac.get_by_text(re.compile("results released"))).to_be_visible()

        for page in (alpha, beta):                        # no reload: the page polls
            expect(page.get_by_text("Leaderboard", exact=True)).to_be_visible(timeout=30_000)
            expect(page.get_by_test_id("stDataFrame")).to_have_count(1, timeout=30_000)
            expect(page.get_by_test_id("stException")).to_have_count(0)
            expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    finally:
        for c in contexts:
            c.close()
