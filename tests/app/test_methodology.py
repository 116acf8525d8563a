"""The methodology page: the diagram, the parameter table from the schema, the calibration
table computed live, the Erlang C check, limitations and versions, in both languages.

The page is opened once (Chinese) and reused: the tests that move a widget or switch the
language put it back afterwards, so they do not depend on their order. Its replications
are cached by the runner, so every rerun after the first is quick.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from simulation.scenario import parameter_table
from simulation.validation import erlang_c_wait_hours
from ui import methodology as md
from ui.i18n import LANGS, t

TIMEOUT_S = 120
PAGE = "pages/3_methodology.py"


def tm(key: str, lang: str, **fields) -> str:
    return t(f"methodology.{key}", lang, **fields)


def open_page(repo_root, lang: str | None = None) -> AppTest:
    """The methodology page as a link to it opens it (the shell's page links need the app's
    entry point, so the page is reached from app.py)."""
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
    if lang:
        at.session_state["lang"] = lang
    at.switch_page(PAGE)
    at.run()
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.fixture(scope="module")
def page(repo_root):
    at = open_page(repo_root)
    assert_clean(at)
    return at


def params_table(at: AppTest):
    return at.dataframe[0].value


def calibration_table(at: AppTest):
    return at.dataframe[1].value


def diagram(at: AppTest) -> str:
    charts = at.get("graphviz_chart")
    assert len(charts) == 1
    return charts[0].proto.spec


def metric(at: AppTest, label: str):
    found = [m for m in at.metric if m.label == label]
    assert found, f"no metric {label!r}: {[m.label for m in at.metric]}"
    return found[0]


# --- the page, in Chinese ----------------------------------------------------------------

def test_runs_in_chinese_with_every_section(page):
    assert page.title[0].value == tm("title", "zh")
    headers = [h.value for h in page.header]
    for key in ("diagram_title", "params_title", "cal_title", "mmc_title", "lim_title",
                "ver_title"):
        assert tm(key, "zh") in headers
    spec = diagram(page)
    assert spec.startswith("digraph") and tm("dg_cluster_levers", "zh") in spec
    limitations = " ".join(m.value for m in page.markdown)
    assert all(tm(k, "zh") in limitations for k in md.LIMITATIONS)


def test_the_glossary_defines_every_kpi_and_key_term(page):
    """Its own section with a tab of KPIs (meaning, formula, unit, better direction) and a
    tab of terms, as the KPI cards' help points to it."""
    from simulation import KPI_LABELS
    from simulation.strings import glossary

    assert t("glossary.title", "zh") in [h.value for h in page.header]
    tables = {tuple(d.value.columns): d.value for d in page.dataframe}
    kpis = tables[tuple(md.glossary_frame("zh", "kpis").columns)]
    terms = tables[tuple(md.glossary_frame("zh", "terms").columns)]
    assert list(kpis[t("glossary.col_term", "zh")]) == [KPI_LABELS[k][0] for k in glossary.KPIS]
    assert len(kpis) == len(KPI_LABELS) and len(terms) == len(glossary.TERMS)
    row = kpis[kpis[t("glossary.col_term", "zh")] == KPI_LABELS["retention_90d"][0]].iloc[0]
    assert row[t("glossary.col_formula", "zh")] == t("glossary.f_retention_90d", "zh")
    assert row[t("glossary.col_unit", "zh")] == "%"
    assert [tab.label for tab in page.tabs][:2] == [t("glossary.kpis_title", "zh"),
                                                    t("glossary.terms_title", "zh")]


def test_parameter_table_has_one_row_per_schema_parameter(page):
    table = params_table(page)
    rows = parameter_table()
    assert len(table) == len(rows)
    assert list(table.columns) == list(md.column_labels("zh").values())
    assert set(table[md.column_labels("zh")["path"]]) == {r["path"] for r in rows}


def test_filtering_by_group_and_search_reduces_the_table(page):
    path_col = md.column_labels("zh")["path"]
    n_all = len(params_table(page))
    try:
        page.multiselect(key="meth_groups").set_value(["E"]).run()
        assert_clean(page)
        table = params_table(page)
        expected = {r["path"] for r in parameter_table() if r["group"] == "E"}
        assert 0 < len(table) < n_all
        assert set(table[path_col]) == expected

        page.text_input(key="meth_search").input("packaging").run()
        narrowed = params_table(page)
        assert 0 < len(narrowed) < len(table)
        assert all("packaging" in p for p in narrowed[path_col])

        page.text_input(key="meth_search").input("no such parameter at all").run()
        assert len(params_table(page)) == 0
        assert page.info and page.info[0].value == tm("params_none", "zh")
    finally:
        page.multiselect(key="meth_groups").set_value(list(md.GROUPS))
        page.text_input(key="meth_search").input("").run()
    assert len(params_table(page)) == n_all


def test_calibration_table_has_every_target_and_a_model_value(page):
    table = calibration_table(page)
    cols = {c: tm(f"cal_col_{c}", "zh") for c in md.CAL_COLUMNS}
    assert list(table.columns) == list(cols.values())
    assert list(table[cols["kpi"]]) == [tg.kpi for tg in md.TARGETS]
    assert {"repeat_purchase_rate", "on_time_rate", "cac_cny", "staff_turnover_rate",
            "carbon_packaging_kg_per_parcel", "marketing_share_of_revenue",
            "profit_margin"} == set(table[cols["kpi"]])
    for value in table[cols["model"]]:
        assert re.search(r"\d", value), value          # a mean with its interval
    assert set(table[cols["within"]]) <= {"✓", "✗", "✓*", "✗*"}
    # the bands as simulation/METHODOLOGY.md states them
    bands = dict(zip(table[cols["kpi"]], table[cols["band"]], strict=True))
    assert bands["repeat_purchase_rate"] == "26–30%" and bands["cac_cny"] == "160–210"
    assert bands["profit_margin"] == "< 3%"


def test_erlang_c_section_shows_the_formula_and_the_simulation(page):
    lam, mu, c = md.MMC_SETTINGS[0]
    formula = metric(page, tm("mmc_formula", "zh"))
    assert formula.value == tm("mmc_hours", "zh", value=md.fmt_hours(erlang_c_wait_hours(lam, mu, c)))
    simulated = metric(page, tm("mmc_simulated", "zh"))
    assert re.search(r"\d\.\d{3}", simulated.value)
    assert metric(page, tm("mmc_inside", "zh")).value in (tm("mmc_yes", "zh"), tm("mmc_no", "zh"))


def test_versions_are_shown(page):
    from simulation import MODEL_VERSION, SCHEMA_VERSION

    assert metric(page, tm("ver_model", "zh")).value == MODEL_VERSION
    assert metric(page, tm("ver_schema", "zh")).value == str(SCHEMA_VERSION)
    assert metric(page, tm("ver_seed", "zh")).value == str(md.SEED)


def test_switching_to_english_changes_the_headers_and_labels(page):
    zh_params = list(params_table(page).columns)
    zh_cal = list(calibration_table(page).columns)
    try:
        page.radio(key="_w_lang").set_value("en").run()
        assert_clean(page)
        assert page.title[0].value == tm("title", "en")
        en_params = list(params_table(page).columns)
        assert en_params == list(md.column_labels("en").values()) and en_params != zh_params
        assert "Parameter" in en_params
        en_cal = list(calibration_table(page).columns)
        assert en_cal != zh_cal and tm("cal_col_target", "en") in en_cal
        assert tm("dg_cluster_levers", "en") in diagram(page)
        assert metric(page, tm("mmc_formula", "en"))
        groups = set(params_table(page)[md.column_labels("en")["group"]])
        assert groups == {md.group_label(g, "en") for g in md.GROUPS}
    finally:
        page.radio(key="_w_lang").set_value("zh").run()
    assert list(params_table(page).columns) == zh_params


def test_a_failed_run_is_a_message_not_a_traceback(repo_root, monkeypatch):
    from ui import runner

    def broken(*args, **kwargs):
        raise RuntimeError("no workers left")

    monkeypatch.setattr(runner, "run", broken)
    at = open_page(repo_root, lang="en")
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert errors and all("no workers left" in e for e in errors)
    assert errors[0] == t("common.run_error", "en", error="no workers left")
    # the tables that need no simulation are still there
    assert len(params_table(at)) == len(parameter_table())
    assert set(calibration_table(at)[tm("cal_col_model", "en")]) == {"—"}


# --- the helpers ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_diagram_is_well_formed_and_fully_labelled(lang):
    dot = md.diagram_dot(lang)
    assert dot.count("{") == dot.count("}")
    nodes = set(md.diagram_labels(lang))
    for src, dst, *_rest in md._EDGES:
        assert src in nodes and dst in nodes
    for node, label in md.diagram_labels(lang).items():
        assert f"{node} [label={md._dot_string(label)}" in dot
    assert "\n" not in "".join(re.findall(r'"(?:[^"\\]|\\.)*"', dot))   # breaks escaped
    assert md.diagram_dot("zh") != md.diagram_dot("en")


def test_dot_strings_escape_quotes_and_breaks():
    assert md._dot_string('a "b"\nc\\d') == '"a \\"b\\"\\nc\\\\d"'


def test_filter_matches_every_word_in_either_field():
    df = md.parameter_frame("en")
    assert len(md.filter_parameters(df)) == len(df)
    both = md.filter_parameters(df, None, "Reusable  BOX price")
    assert list(both["path"]) == ["packaging.reusable_box_cost_cny"]
    assert len(md.filter_parameters(df, ["policy"], "")) == sum(
        r["group"] == "policy" for r in parameter_table())


def test_bands_and_within_band():
    by_kpi = {tg.kpi: tg for tg in md.TARGETS}
    turnover, margin = by_kpi["staff_turnover_rate"], by_kpi["profit_margin"]
    assert md.band_text(turnover, "en") == "40–60% a year"
    assert md.band_text(by_kpi["carbon_packaging_kg_per_parcel"], "zh") == "0.25–0.35"
    assert md.within_band(margin, 0.01, 0.0, 0.02) and not md.within_band(margin, 0.04, 0.03, 0.05)
    # turnover: met when the interval overlaps the band, even if the mean lies outside it
    assert md.within_band(turnover, 0.65, 0.45, 0.85)
    assert not md.within_band(turnover, 0.75, 0.65, 0.85)
    assert md.within_band(turnover, float("nan"), 0, 1) is None


def test_every_unit_and_source_of_the_schema_is_translated():
    from simulation.strings.methodology import SOURCES_ZH, UNITS_ZH

    rows = parameter_table()
    assert {r["unit"] for r in rows if r["unit"]} <= set(UNITS_ZH)
    # every source is listed in Chinese (a bare citation of simulation/sources.py included)
    untranslated = {r["source"] for r in rows} - set(SOURCES_ZH)
    assert not untranslated, untranslated


def test_validation_report_runs_once_for_every_session(repo_root, monkeypatch, wait_jobs):
    """The report runs on a click (quick), once per model version, and every later session
    sees the same table; a failing check shows as failed, with the summary as an error."""
    from simulation import verification
    from simulation.verification import Check
    from ui import runner

    fake = [Check("bgnbd.expected_repeats.cohort", "customers", "BG/NBD E[X(t)] closed form",
                  0.797, 0.795, 0.03, 0.104, True),
            Check("calibration.cac_cny", "calibration", "CAC 185 CNY", 185.0, 230.0, 1.0, 25.0,
                  False)]
    calls = []

    def run_all(quick=False, progress=None, categories=None):
        calls.append(quick)
        if progress:
            progress(1, 1)
        return fake

    monkeypatch.setattr(verification, "run_all", run_all)
    runner.report_store().checks.clear()
    at = open_page(repo_root, "en")
    assert tm("report_not_run", "en") in [i.value for i in at.info]
    at.button(key="meth_report_run").click().run()
    wait_jobs(at)                                       # a background job
    assert calls == [True]
    assert not at.exception
    assert any(tm("report_summary", "en", total=2, passed=1, failed=1, version="")[:20]
               in e.value for e in at.error)
    table = next(d.value for d in at.dataframe if tm("report_check", "en") in d.value.columns)
    assert list(table[tm("report_check", "en")]) == [c.name for c in fake]
    assert list(table[tm("report_passed", "en")]) == [tm("report_pass", "en"),
                                                      tm("report_fail", "en")]
    # another session, in Chinese: the stored report, no second run
    other = open_page(repo_root, "zh")
    assert calls == [True]
    table = next(d.value for d in other.dataframe if tm("report_check", "zh") in d.value.columns)
    assert tm("report_fail", "zh") in list(table[tm("report_passed", "zh")])
    assert tm("report_cat_customers", "zh") in list(table[tm("report_category", "zh")])
    runner.report_store().checks.clear()


def test_validation_report_can_be_cancelled(repo_root, monkeypatch, wait_jobs, jobs_of):
    """The report is a background job with progress and a Cancel button: cancelled between
    two checks, it says so, keeps nothing, and offers Run again."""
    import threading

    from simulation import verification
    from ui import runner

    started, release = threading.Event(), threading.Event()

    def run_all(quick=False, progress=None, categories=None):
        for i in range(1, 50):
            started.set()
            release.wait(5)
            progress(i, 50)
        raise AssertionError("not cancelled")

    monkeypatch.setattr(verification, "run_all", run_all)
    runner.report_store().checks.clear()
    at = open_page(repo_root, "en")
    at.button(key="meth_report_run").click().run()
    (job,) = jobs_of(at)
    assert started.wait(10)
    assert any(b.label == t("common.job_cancel", "en") for b in at.button)
    job.cancel()
    release.set()
    wait_jobs(at)
    assert not at.exception and not job.succeeded
    assert t("common.job_cancelled", "en", done=job.done) in [i.value for i in at.info]
    assert any(b.key == "meth_report_run" for b in at.button)
    assert runner.validation_report() is None
