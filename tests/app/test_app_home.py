"""The landing page runs the baseline, shows its KPIs and switches language."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from simulation import KPI_LABELS

TIMEOUT_S = 120
HEADLINE = ("repeat_purchase_rate", "retention_90d", "carbon_kg_total", "cost_total_cny",
            "profit_cny", "on_time_rate")


@pytest.fixture
def app(repo_root):
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_runs_and_shows_headline_metrics(app):
    assert not app.error, [e.value for e in app.error]
    labels = [m.label for m in app.metric]
    assert sorted(labels) == sorted(KPI_LABELS[k][0] for k in HEADLINE)   # Chinese by default
    for m in app.metric:
        assert m.value and m.value != "—"
        assert "95%" in m.help
    assert len(app.dataframe) == 1
    table = app.dataframe[0].value
    assert len(table) == len(KPI_LABELS)


def test_language_radio_switches_every_text(app):
    zh_title = app.title[0].value
    assert "电商" in zh_title

    app.radio(key="lang").set_value("English").run()
    assert not app.exception
    en_title = app.title[0].value
    assert en_title != zh_title and "e-commerce" in en_title
    assert sorted(m.label for m in app.metric) == sorted(KPI_LABELS[k][1] for k in HEADLINE)
    assert "KPI" in app.dataframe[0].value.columns

    app.radio(key="lang").set_value("中文").run()
    assert not app.exception
    assert app.title[0].value == zh_title


def test_a_broken_baseline_is_a_message_not_a_traceback(repo_root, monkeypatch):
    import simulation

    def broken(name):
        raise simulation.ScenarioError(["marketing.shares: must sum to 1, got 1.2"], "baseline")

    monkeypatch.setattr(simulation, "load_scenario", broken)
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception
    assert len(at.error) == 1 and "marketing.shares" in at.error[0].value
    assert not at.metric
