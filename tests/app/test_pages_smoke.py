"""Every page, in each language: runs without an exception or an error message, shows no
raw string key, and shows no text of the other language in its titles and widget labels."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from simulation.strings import AREAS

PAGES = ("app.py", "pages/1_builder.py", "pages/2_compare.py", "pages/3_methodology.py",
         "pages/4_sensitivity.py", "pages/5_optimiser.py", "pages/6_classroom.py")
RAW_KEY = re.compile(r"\b(?:{})\.[a-z][a-z0-9_]*\b".format("|".join(AREAS)))
CJK = re.compile(r"[\u4e00-\u9fff]")
LANGUAGE_NAMES = {"中文", "语言 / Language", "Language / 语言"}


def visible_texts(at: AppTest) -> tuple[list[str], list[str]]:
    """(all text shown, the titles and widget labels among it)."""
    labels = [e.value for e in (*at.title, *at.header, *at.subheader)]
    for kind in ("button", "toggle", "slider", "selectbox", "multiselect", "number_input",
                 "text_input", "radio", "checkbox", "metric", "tabs", "expander"):
        labels += [getattr(w, "label", "") or "" for w in getattr(at, kind)]
    texts = labels + [e.value for e in (*at.markdown, *at.caption, *at.info, *at.success,
                                        *at.warning, *at.error)]
    return texts, labels


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_in_each_language(repo_root, tmp_path, monkeypatch, page, lang):
    monkeypatch.setenv("ESG_SIM_LIBRARY", str(tmp_path / "library"))
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=180)
    at.query_params["lang"] = lang
    if page != "app.py":
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    texts, labels = visible_texts(at)
    assert texts, "the page shows nothing"
    raw = sorted({m.group(0) for text in texts for m in RAW_KEY.finditer(text)
                  if not text.startswith(("seed ", "scenarios/"))})
    assert not raw, f"untranslated string keys on the page: {raw}"
    if lang == "en":
        chinese = [s for s in labels if CJK.search(s) and s not in LANGUAGE_NAMES]
        assert not chinese, f"Chinese labels on the English page: {chinese[:5]}"
    else:
        assert any(CJK.search(s) for s in labels)
