"""The home page: what the simulator answers, the three ways in, the presets as cards, the
language switch."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from simulation import list_presets

TIMEOUT_S = 60


@pytest.fixture
def app(repo_root, tmp_path, monkeypatch):
    monkeypatch.setenv("ESG_SIM_LIBRARY", str(tmp_path / "library"))
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_home_shows_the_ways_in_and_every_preset(app):
    assert "电商" in app.title[0].value                                 # Chinese by default
    presets = list_presets()
    buttons = [b for b in app.button if b.key and b.key.startswith("open_")]
    assert len(buttons) == len(presets)
    shown = " ".join(m.value for m in app.markdown)
    for p in presets:
        assert p.title["zh"] in shown


def test_language_switch_changes_every_text(app):
    zh_title = app.title[0].value
    app.radio(key="_w_lang").set_value("en").run()
    assert not app.exception
    assert "e-commerce" in app.title[0].value
    shown = " ".join(m.value for m in app.markdown)
    for p in list_presets():
        assert p.title["en"] in shown
    assert app.query_params.get("lang") == ["en"] or app.query_params.get("lang") == "en"
    app.radio(key="_w_lang").set_value("zh").run()
    assert app.title[0].value == zh_title


def test_language_comes_from_the_link(repo_root):
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
    at.query_params["lang"] = "en"
    at.run()
    assert "e-commerce" in at.title[0].value
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
    at.query_params["lang"] = "<script>"
    at.run()
    assert not at.exception and "电商" in at.title[0].value


def test_opening_a_preset_loads_it_into_the_builder(app):
    app.button(key="open_green_packaging").click().run()
    assert not app.exception
    assert app.session_state["working"] == {"packaging.option": "recycled_carton"} or \
        "packaging.option" in app.session_state["working"]
