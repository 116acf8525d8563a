"""The policy lab in a real browser (see conftest.py), in both languages: a small region
(10 shops, 30 days) with the carbon price on runs as a background job and shows its result:
the four cards, the adoption chart and the tables, with no exception on the page."""

from __future__ import annotations

import pytest
from conftest import goto, screenshot, wait_for_app
from playwright.sync_api import expect

from simulation.strings import TEXT

pytestmark = pytest.mark.slow

RESULT_TIMEOUT_MS = 90_000        # the run (about 20 shop simulations) on a loaded machine


def _t(key: str, lang: str, **fields) -> str:
    return TEXT[key][lang].format(**fields)


def _set_number(page, label: str, value: int) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(str(value))
    field.press("Enter")
    wait_for_app(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_small_region_runs_on_the_page(browser_page, tmp_path, lang):
    page = browser_page
    goto(page, f"/policy_lab?lang={lang}")
    expect(page.get_by_role("heading", name=_t("policy_lab.title", lang)).first).to_be_visible()
    _set_number(page, _t("policy_lab.shops", lang), 10)
    _set_number(page, _t("policy_lab.days", lang), 30)
    carbon = TEXT["policy_lab.instrument_on"][lang].format(
        label="碳价" if lang == "zh" else "Carbon price")
    page.get_by_test_id("stCheckbox").filter(has_text=carbon).first.locator("label").click()
    wait_for_app(page)
    expect(page.get_by_test_id("stAlertContainer").filter(
        has_text=_t("policy_lab.no_instrument", lang))).to_have_count(0)

    page.get_by_role("button", name=_t("policy_lab.run", lang)).click()
    cards = page.get_by_test_id("stMetric")
    expect(cards.filter(has_text=_t("policy_lab.card_tonnes", lang))).to_be_visible(
        timeout=RESULT_TIMEOUT_MS)
    wait_for_app(page)
    for key in ("card_spend", "card_public_cost", "card_total_cost"):
        expect(cards.filter(has_text=_t(f"policy_lab.{key}", lang))).to_be_visible()
    expect(page.get_by_text(_t("policy_lab.adoption_heading", lang), exact=True)).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    expect(page.get_by_role("tab", name=_t("policy_lab.tab_identities", lang))).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, tmp_path / f"policy_lab_{lang}.png", full_page=False)
