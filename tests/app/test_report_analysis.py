"""The sensitivity and optimiser pages' reports, made through each page's "Download report"
control (ui/report/control.py) in Streamlit's AppTest: in both languages each format comes out
as a valid file (HTML, PDF, PPTX), and the values the HTML report shows are the very cells and
sentences the page showed (the tornado, global and attribution tables, the fit verdict; the
optimiser's KPI and marginal tables and its headline).

One small run of each page serves every case (module-scoped): a tornado of two parameters,
a global analysis of five samples and a two-lever attribution on 30-day scenarios; an
optimisation of a 120-day shop with the fewest design points and two confirmation
replications."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from report_reading import html_text, make_report, ok
from streamlit.testing.v1 import AppTest

from simulation import Scenario
from ui import export, optimiser, optimiser_tables, sensitivity, sensitivity_tables
from ui.i18n import TEXT, fmt_kpi
from ui.report import common
from ui.report import render

TIMEOUT_S = 180
FORMATS = ("html", "pdf", "pptx")
CASES = [(lang, fmt) for lang in ("zh", "en") for fmt in FORMATS]
TWO = ["shop.gross_margin", "customers.eco_share"]
GREENER = {"run.horizon_days": 30, "customers.initial_customers": 1500,
           "packaging.option": "recycled_carton", "logistics.electric_share": 0.5}
SHORT = {"run.horizon_days": 120, "customers.initial_customers": 2000}
SMALL = {optimiser.REPS: 2, optimiser.DESIGN: optimiser.MIN_DESIGN_POINTS,
         optimiser.DESIGN_REPS: 1}


def text(key: str, lang: str, **fields) -> str:
    return TEXT[key][lang].format(**fields)


def make(at: AppTest, key: str, lang: str, fmt: str) -> bytes:
    """Switch the page to ``lang``, choose ``fmt`` on the control and make the report."""
    return make_report(at, key, lang, fmt)["data"]


def sensitivity_scenario(at: AppTest) -> Scenario:
    return Scenario().with_changes(GREENER)


def frames(at: AppTest, column: str):
    """The page's tables with a column ``column``."""
    return [d.value for d in at.dataframe if column in d.value.columns]


# --- the sensitivity page ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def sens_page(repo_root, wait_jobs, tmp_path_factory):
    """The sensitivity page after a small tornado, a global analysis and an attribution."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ESG_SIM_LIBRARY", str(tmp_path_factory.mktemp("sens") / "library"))
        at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
        at.session_state["lang"] = "zh"
        at.session_state["working"] = dict(GREENER)
        at.switch_page("pages/4_sensitivity.py")
        ok(at.run())
        assert "sensitivity_report_make" not in [b.key for b in at.button]   # no result yet
        at.multiselect(key="_w_sens_parameters").set_value(TWO)
        at.number_input(key="_w_sens_replications").set_value(2)
        at.number_input(key="_w_sens_samples").set_value(len(TWO) + 3)
        at.number_input(key="_w_sens_attr_replications").set_value(2)
        at.radio(key="_w_sens_attr_by").set_value("lever")
        ok(at.run())
        for run in ("sens_tornado_run", "sens_global_run", "sens_attr_run"):
            ok(at.button(key=run).click().run())
            ok(wait_jobs(at))
        assert all(at.session_state[slot] for slot in sensitivity.JOB_SLOTS)
        yield at


@pytest.mark.parametrize("lang,fmt", CASES)
def test_sensitivity_report_in_each_format_shows_the_pages_values(sens_page, lang, fmt):
    at = sens_page
    data = make(at, "sensitivity", lang, fmt)
    if fmt == "pptx":
        shapes = [s for slide in Presentation(io.BytesIO(data)).slides for s in slide.shapes]
        assert any(s.has_chart for s in shapes)     # the global coefficients, a native bar chart
        kpi_col = text("report_analysis.col_kpi", lang)
        assert any(s.has_table and s.table.cell(0, 0).text == kpi_col for s in shapes)
    if fmt != "html":
        return
    cells, body = html_text(data)
    for key in ("sensitivity.col_swing", "sensitivity.col_src", "sensitivity.col_contribution"):
        (shown,) = frames(at, text(key, lang))
        assert len(shown) >= 2
        for row in shown.itertuples(index=False):
            for value in row:
                if str(value):
                    assert str(value) in cells, (key, value)
    # the fit figures and the verdict, word for word as the page says them
    for m in at.metric:
        assert m.label in cells and m.value in cells, (m.label, m.value)
    said = [*[w.value for w in at.warning], *[s.value for s in at.success]]
    assert len(said) >= 5           # three "done", the fit's verdict, the zero crossings
    for line in said:
        plain = line.replace("\\", "")          # the page's Markdown escapes in names
        assert " ".join(plain.split()) in body, line
    # the scenario's own value and the attribution's total, as the captions say them
    result, scenario = at.session_state[sensitivity.TORNADO_LAST][1], sensitivity_scenario(at)
    kpi = at.session_state[sensitivity.KPI_KEY]
    base = sensitivity_tables.base_text(kpi, sensitivity_tables.base_interval(result, kpi, scenario),
                                        lang)
    assert base in [c.value for c in at.caption] and base in body
    mean, lo, hi = sensitivity_tables.base_interval(result, kpi, scenario)
    assert {fmt_kpi(kpi, mean, lang=lang), f"{fmt_kpi(kpi, lo, lang=lang)} – "
            f"{fmt_kpi(kpi, hi, lang=lang)}"} <= cells           # the key figures' KPI table
    attribution = at.session_state[sensitivity.ATTR_LAST][1]
    totals = sensitivity_tables.totals_text(attribution, at.session_state[sensitivity.ATTR_KPI_KEY],
                                            lang)
    assert totals in [m.value for m in at.markdown] and totals in body
    assert text("report_analysis.sens_title", lang) in body


# --- the optimiser page ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def opt_page(repo_root, wait_jobs, tmp_path_factory):
    """The optimiser page after a small optimisation (ESG content at least 10%)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ESG_SIM_LIBRARY", str(tmp_path_factory.mktemp("opt") / "library"))
        at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
        at.session_state["lang"] = "zh"
        at.session_state["working"] = dict(SHORT)
        for k, v in SMALL.items():
            at.session_state[k] = v
        at.switch_page("pages/5_optimiser.py")
        ok(at.run())
        assert "optimiser_report_make" not in [b.key for b in at.button]    # no result yet
        at.number_input(key=f"_w_{optimiser.MIN_ESG}").set_value(10.0)
        ok(at.run())
        ok(at.button(key=optimiser.RUN_BUTTON).click().run())
        ok(wait_jobs(at))
        assert at.session_state[optimiser.RESULT_KEY][1].feasible
        yield at


@pytest.mark.parametrize("lang,fmt", CASES)
def test_optimiser_report_in_each_format_shows_the_pages_values(opt_page, lang, fmt):
    at = opt_page
    data = make(at, "optimiser", lang, fmt)
    if fmt == "pptx":
        deck = Presentation(io.BytesIO(data))
        shapes = [s for slide in deck.slides for s in slide.shapes]
        assert any(s.has_chart for s in shapes)          # the shares as a native bar chart
        kpi_col = text("optimiser.col_kpi", lang)
        assert any(s.has_table and s.table.cell(0, 0).text == kpi_col for s in shapes)
    if fmt != "html":
        return
    cells, body = html_text(data)
    (kpis,) = frames(at, text("optimiser.col_prob", lang))
    prob = text("optimiser.col_prob", lang)
    for row in kpis.to_dict("records"):
        for col, value in row.items():
            shown = common.probability(value) if col == prob else str(value)
            assert shown in cells, (col, shown)
    (marginal,) = frames(at, text("optimiser.col_new_per_1000", lang))
    for row in marginal.itertuples(index=False):
        for value in row:
            assert str(value) in cells, value
    heading = [s.value for s in at.subheader if s.value.startswith(
        text("optimiser.headline_alt", lang, n=0, p="")[:8])
        or s.value.startswith(text("optimiser.headline_only", lang)[:8])
        or s.value.startswith(text("optimiser.headline", lang, p="")[:8])]
    assert heading and heading[0] in body
    rec = at.session_state[optimiser.RESULT_KEY][1]
    metrics = {m.label: m.value for m in at.metric}
    for m in optimiser_tables.headline_metrics(rec, lang):       # the headline's three figures
        assert metrics[m.label] == m.value and m.label in body and m.value in body
        assert not m.caption or m.caption in body
    assert text("report_analysis.opt_title", lang) in body


def test_the_sensitivity_downloads_read(sens_page):
    """The CSV downloads: numbers rounded to their meaning, the unit in each header, labels
    in the page's language."""
    at = sens_page
    result = at.session_state[sensitivity.TORNADO_LAST][1]
    frame = sensitivity_tables.tornado_download(result.table("profit_cny"), "profit_cny", "zh")
    swing = export.unit_header(text("sensitivity.col_swing", "zh"), "CNY", "zh")
    assert swing in frame.columns and swing != text("sensitivity.col_swing", "zh")   # "摆幅（元）"
    money = [c for c in frame.columns if c.startswith(text("sensitivity.col_swing", "zh"))]
    assert len(money) == 3 and all(float(v).is_integer() for c in money for v in frame[c])
    assert list(frame[text("sensitivity.col_parameter", "zh")]) == [
        sensitivity_tables.row_label(r, "zh") for r in result.table("profit_cny").to_dict("records")]
    margin = frame.set_index(text("sensitivity.col_path", "zh")).loc["shop.gross_margin"]
    assert (margin[text("sensitivity.col_low", "zh")], margin[text("sensitivity.col_high", "zh")]) \
        == (50.0, 70.0)                                                     # percent
    rate = sensitivity_tables.tornado_download(result.table("retention_90d"), "retention_90d", "en")
    assert any(c.endswith("(pp)") for c in rate.columns)      # changes of a rate in points
    players = at.session_state[sensitivity.ATTR_LAST][1]
    attribution = sensitivity_tables.attribution_download(players, "en")
    carbon = attribution[attribution["KPI"] == "Total carbon"]
    assert len(carbon) == len(players.players) and set(carbon["Unit"]) == {"kg CO₂e"}
    glob = sensitivity_tables.global_download(at.session_state[sensitivity.GLOBAL_LAST][1],
                                              "profit_cny", "en")
    assert all(round(v, 3) == v for v in glob["SRC"])


def test_an_infeasible_result_reports_why(opt_page):
    """No split meets the conditions: the report says why, as the page does."""
    from dataclasses import replace

    from ui.report import optimiser as report

    rec = at_rec = opt_page.session_state[optimiser.RESULT_KEY][1]
    rec = replace(at_rec, feasible=False, infeasible=[
        {"kind": "kpi", "constraint": "carbon_kg_total<=100", "best_reachable": 4000.0}])
    for lang in ("zh", "en"):
        made = report.optimiser_report(report.Optimised(rec, Scenario().with_changes(SHORT),
                                                        "current"), lang)
        why = optimiser_tables.infeasible_messages(rec, lang)
        assert made.summary == why and "4,000 kg" in why[0]
        assert [s.heading for s in made.sections] == [text("report_analysis.sec_infeasible", lang)]
        _cells, body = html_text(render(made, "html"))
        assert why[0] in body
