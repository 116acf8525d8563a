"""One number per question, in a real browser (see conftest.py): with the builder's run
settings at 3 replications and seed 1 on the baseline, the builder's full set, the compare
page and the optimiser's current split show the baseline's profit (with its 95% interval),
carbon and retention as the same strings. The three pages use the same store entries
(scenario, seed, replication), so any difference is a bug, never noise.

Elements are found by their keys and by text from the string catalogue, so the test does
not hang on the pages' layout; it tolerates no difference in the numbers.
"""

from __future__ import annotations

import re
import time

import pytest
from conftest import goto, screenshot, wait_for_app
from playwright.sync_api import expect

from ui.i18n import fmt_kpi, kpi_label, t

pytestmark = pytest.mark.slow

LANG = "en"
SEED, REPS = 1, 3
KPIS = ("profit_cny", "carbon_kg_total", "retention_90d")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _metric(page, scope, label: str) -> str:
    """The value of the metric card in ``scope`` whose label is exactly ``label``."""
    card = scope.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)).first
    expect(card).to_be_visible()
    return _norm(card.get_by_test_id("stMetricValue").inner_text())


def _nav(page, key: str) -> None:
    """Another page through the sidebar (the same session: the run settings stay)."""
    page.get_by_test_id("stSidebar").locator("a", has_text=t(key, LANG)).first.click()
    wait_for_app(page, initial_wait_ms=1_000)


def _grid_cell(rows: list[list[str]], row_label: str, column: str) -> str:
    """The cell of a data grid (its rows of cell texts, the header first) in the row whose
    first cell starts with ``row_label`` and the first column whose heading has ``column``."""
    header = [_norm(c) for c in rows[0]]
    found = [i for i, c in enumerate(header) if column in c]
    assert found, header
    hits = [cells for cells in rows[1:] if cells and _norm(cells[0]).startswith(row_label)]
    assert hits, (row_label, rows)
    return _norm(hits[0][found[0]])


def _grid_rows(grid) -> list[list[str]]:
    """A data grid's rows as its accessible table holds them (the grid itself is drawn on a
    canvas): a list of cell texts per row, the header first."""
    return grid.locator("tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.children).map(c => c.textContent || ''))")


def _await_full_set(page, timeout_s: float = 180.0) -> None:
    """Wait for the builder's full set. A job that ends between the builder's two looks at
    it (the first before its results are drawn, the second beside the preview) can leave
    the preview on show without the poll that reruns the page; a rerun (Streamlit's "r"
    shortcut) then shows the full set, which is in the store."""
    done = page.get_by_test_id("stAlertContentSuccess").filter(
        has_text=t("builder.full_done", LANG, n=REPS))
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            expect(done).to_be_visible(timeout=10_000)
            wait_for_app(page)
            return
        except AssertionError:
            if page.get_by_role("button", name=t("common.job_cancel", LANG)).count() == 0:
                page.get_by_test_id("stApp").press("r")
                wait_for_app(page)
    expect(done).to_be_visible(timeout=1_000)


def test_the_baseline_shows_the_same_numbers_on_every_page(browser_page, tmp_path):
    page = browser_page
    goto(page, f"/builder?lang={LANG}")
    expect(page.get_by_test_id("stException")).to_have_count(0)

    # the builder's run settings: seed 1, 3 replications; then its full set
    page.locator(".st-key-_w_open_group_run summary").click()
    wait_for_app(page)
    for label, value in ((t("builder.seed", LANG), SEED), (t("builder.replications", LANG), REPS)):
        box = page.get_by_label(label, exact=True)
        box.fill(str(value))
        box.press("Enter")
        wait_for_app(page)
    page.locator(".st-key-run_full button").click()
    _await_full_set(page)
    builder = {k: _metric(page, page, kpi_label(k, LANG)) for k in KPIS}
    screenshot(page, tmp_path / "builder_full.png", full_page=False)

    # the optimiser's current split: the same scenario, seed and replications, from the store
    _nav(page, "common.nav_optimiser")
    box = page.locator(".st-key-opt_current_kpis")
    expect(box).to_contain_text(t("optimiser.current_from_store", LANG, n=REPS, seed=SEED),
                                timeout=60_000)
    optimiser = {k: _metric(page, box, kpi_label(k, LANG)) for k in KPIS}
    # profit's 95% interval, beside it (the first "lo – hi" in the box: profit comes first)
    profit_ci = re.search(r"(-?¥[\d,.]+\S*) – (-?¥[\d,.]+\S*)", _norm(box.inner_text()))
    assert profit_ci, box.inner_text()
    lo_hi = profit_ci.groups()
    screenshot(page, tmp_path / "optimiser_current.png", full_page=False)

    # the compare page: its run settings start from the session's; run the default choice
    _nav(page, "common.nav_compare")
    expect(page.get_by_label(t("compare.seed", LANG), exact=True)).to_have_value(str(SEED))
    page.locator(".st-key-cmp_run button").click()
    heading = page.get_by_role("heading", name=t("compare.kpi_heading", LANG))
    expect(heading).to_be_visible(timeout=180_000)
    wait_for_app(page)
    grid = page.get_by_test_id("stDataFrame").filter(has_text=t("common.baseline", LANG)).filter(
        has_text=kpi_label("profit_cny", LANG)).first
    expect(grid).to_be_visible()
    rows = _grid_rows(grid)
    baseline = t("common.baseline", LANG)
    compare = {k: _grid_cell(rows, kpi_label(k, LANG), baseline) for k in KPIS}
    screenshot(page, tmp_path / "compare.png", full_page=False)

    # one number per question: the same strings on the three pages
    for k in KPIS:
        assert builder[k] == optimiser[k], (k, builder[k], optimiser[k])
        assert compare[k].startswith(optimiser[k]), (k, compare[k], optimiser[k])
    # profit with its interval: the optimiser's and the compare page's agree to the digit
    assert compare["profit_cny"] == f"{optimiser['profit_cny']} ({lo_hi[0]} – {lo_hi[1]})", \
        (compare["profit_cny"], lo_hi)
    assert all(v not in ("—", "") for v in builder.values()), builder
    assert fmt_kpi("profit_cny", 0.0) == "¥0"          # the same formatter on every page
    expect(page.get_by_test_id("stException")).to_have_count(0)
