"""Presentation view enlarges chart text: ``charts.show`` applies the run's scale (a context
variable that ``ui.shell.setup`` sets on every run, so sessions served from different threads
never see each other's) or one given explicitly; ``shell.scaled`` does the same for a chart
drawn with ``st.altair_chart``."""

from __future__ import annotations

import threading

import altair as alt
import pandas as pd

from ui import charts, shell


class Place:
    """Stands in for a Streamlit container: keeps the spec it was asked to draw."""

    def vega_lite_chart(self, spec, width):
        self.spec, self.width = spec, width


def _chart():
    data = pd.DataFrame({"x": ["a", "b"], "y": [1, 2]})
    return alt.Chart(data).mark_bar().encode(x="x", y="y").properties(title="T")


def _drawn(**kw) -> dict:
    place = Place()
    charts.show(place, _chart(), **kw)
    return place.spec


def test_normal_size_leaves_the_text_alone():
    spec = _drawn()
    assert "labelFontSize" not in spec.get("config", {}).get("axis", {})
    assert spec["padding"]["top"] == 12


def test_an_explicit_scale_enlarges_every_kind_of_text():
    config = _drawn(scale=2)["config"]
    for group, prop, size in charts.SCALED_TEXT:
        assert config[group][prop] == size * 2, (group, prop)
    assert config["axis"]["labelLimit"] == 0       # long labels are not cut short


def test_the_run_scale_is_per_thread():
    token = charts.CHART_SCALE.set(1.5)
    try:
        assert _drawn()["config"]["axis"]["labelFontSize"] == 18
        seen = {}
        worker = threading.Thread(target=lambda: seen.update(spec=_drawn()))   # another session
        worker.start()
        worker.join()
        assert "labelFontSize" not in seen["spec"].get("config", {}).get("axis", {})
    finally:
        charts.CHART_SCALE.reset(token)


def test_shell_scaled_configures_an_altair_chart(monkeypatch):
    monkeypatch.setattr(shell, "presentation", lambda: False)
    chart = _chart()
    assert shell.scaled(chart) is chart
    monkeypatch.setattr(shell, "presentation", lambda: True)
    config = shell.scaled(chart).to_dict()["config"]
    assert config["axis"]["labelFontSize"] == round(12 * shell.PRESENTATION_CHART_SCALE, 1)
    assert config["title"]["fontSize"] == round(15 * shell.PRESENTATION_CHART_SCALE, 1)
