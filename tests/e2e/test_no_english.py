"""The Chinese app in a browser shows no English: every page's text as rendered, Streamlit's
own texts included (the file uploader's button and size limit), with every expander open.
The rule is the catalogue test's (``ui.i18n.english_words``); icons drawn from an icon font
(their ligature names are words) are not text.
"""

from __future__ import annotations

import re

import pytest
from conftest import goto, wait_for_app

from ui.i18n import english_words
from ui.limits import MAX_UPLOAD_BYTES

pytestmark = pytest.mark.slow

PAGES = ("/", "/builder", "/compare", "/methodology", "/sensitivity", "/optimiser", "/classroom",
         "/workshop", "/policy_lab")
INTERNAL = re.compile(r"seed\s*0\d\d|MODEL\.md|DESIGN\.md|种子文档", re.IGNORECASE)
# not text: icon-font ligatures ("upload", "keyboard_arrow_down") and code blocks (commands)
NOT_TEXT = '[data-testid="stIconMaterial"], [data-testid="stCode"] { display: none !important; }'


def _open_expanders(page) -> None:
    closed = page.locator('[data-testid="stExpander"] details:not([open]) > summary')
    for _ in range(closed.count()):
        closed.first.click()            # opening one re-counts: the next closed one is first
    if closed.count():
        wait_for_app(page, initial_wait_ms=100)


def test_no_english_words_on_any_chinese_page(browser_page):
    page = browser_page
    found: dict[str, list[str]] = {}
    uploader_limits: list[str] = []
    for path in PAGES:
        goto(page, f"{path}?lang=zh")
        _open_expanders(page)
        page.add_style_tag(content=NOT_TEXT)
        text = page.locator("body").inner_text()
        words = [w for line in text.splitlines() for w in english_words(line)]
        internal = INTERNAL.findall(text)
        if words or internal:
            found[path] = sorted(set(words)) + internal
        # Streamlit's own uploader text is replaced by ours: the app's limit, in Chinese
        uploader_limits += page.locator(
            '[data-testid="stFileUploaderDropzoneInstructions"] > div').evaluate_all(
            "els => els.map(e => getComputedStyle(e, '::after').content)")
    assert not found, f"English on the Chinese pages: {found}"
    assert uploader_limits, "no file uploader found on the builder or compare page"
    kb = f"{MAX_UPLOAD_BYTES // 1024} KB"
    assert all(kb in c and "每个文件" in c for c in uploader_limits), uploader_limits
