"""The compare page, driven through Streamlit's AppTest, and its data shaping (ui/compare.py):
2–6 scenarios from presets, the library, uploads and the builder; KPI, difference,
abatement and lever tables; downloads; messages (never tracebacks) for bad input."""

from __future__ import annotations

import io
import math
import sqlite3

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from simulation import MODEL_VERSION, Scenario, load_scenario
from ui import compare, export, format, library, limits, sources, workspace
from ui.i18n import TEXT, kpi_label

TIMEOUT_S = 180
PAGE = "pages/2_compare.py"
REPS = 3
LIB_ENTRY = "我的电动配送"                     # a library entry: half the km electric
LIB_CHANGES = {"logistics.electric_share": 0.5}
BROKEN = "损坏的条目"
WORKSPACE = library.new_workspace()          # the sessions' workspace (the URL's ws=)
RUN_WORKSPACE = library.new_workspace()      # the one that runs the comparison (a job)
CHOSEN = [sources.BASELINE_ID, "preset:green_packaging", f"library:{LIB_ENTRY}"]


def zh(key: str, **fields) -> str:
    return TEXT[key]["zh"].format(**fields)


def new_app(repo_root, lang: str | None = None, ws: str = WORKSPACE) -> AppTest:
    """The compare page in a workspace that holds the library entry (``?ws=``)."""
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
    at.query_params[workspace.PARAM] = ws
    if lang:
        at.session_state["lang"] = lang
    return at.switch_page(PAGE)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def table(at: AppTest, first_column: str, index: bool = False, n: int = 0) -> pd.DataFrame:
    """The ``n``-th st.dataframe whose first column (or with ``index``, index name) is
    ``first_column`` (AppTest does not expose a dataframe's key)."""
    found = [d.value for d in at.dataframe
             if (d.value.index.name if index else (list(d.value.columns) or [None])[0])
             == first_column]
    assert len(found) > n, f"no table starting with {first_column!r}"
    return found[n]


@pytest.fixture(scope="module")
def lib_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("compare") / "library"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ESG_SIM_LIBRARY", str(path))
        for ws in (WORKSPACE, RUN_WORKSPACE):
            lib = library.Library(workspace=ws)
            lib.save(LIB_ENTRY, Scenario().with_changes(LIB_CHANGES))
            lib.save(BROKEN, Scenario())
            con = sqlite3.connect(lib.path)       # a stored text the loader no longer reads
            with con:
                con.execute("UPDATE entries SET yaml = 'changes: [unclosed' WHERE name = ?",
                            (BROKEN,))
            con.close()
        yield path


@pytest.fixture(scope="module")
def ran(repo_root, lib_dir, wait_jobs, jobs_of):
    """One app that has compared baseline, green packaging and the library entry (a job)."""
    at = ok(new_app(repo_root, ws=RUN_WORKSPACE).run())
    assert any(BROKEN in w.value for w in at.warning)               # skipped, not raised
    assert any(o.endswith(LIB_ENTRY) for o in at.multiselect(key=compare.W_SELECTION).options)
    at.multiselect(key=compare.W_SELECTION).set_value(CHOSEN)
    at.number_input(key=compare.W_REPS).set_value(REPS)
    ok(at.run())
    assert at.info and at.info[0].value == zh("compare.press_run")
    ok(at.button(key="cmp_run").click().run())
    (job,) = jobs_of(at)
    assert job.slot == compare.JOB_SLOT
    ok(wait_jobs(at))
    assert job.succeeded and not at.error, [e.value for e in at.error]
    return at


def names_zh() -> list[str]:
    return ["基准情景", "绿色包装", LIB_ENTRY]


# --- the page ---------------------------------------------------------------------------------

def test_page_opens_in_both_languages(repo_root, lib_dir):
    at = ok(new_app(repo_root).run())
    assert at.title[0].value == zh("compare.title")
    assert any(BROKEN in w.value for w in at.warning)               # a corrupt library entry
    assert at.multiselect(key=compare.W_SELECTION).value == list(compare.DEFAULT_SELECTION)
    assert str(limits.MAX_REPLICATIONS) in at.number_input(key=compare.W_REPS).label
    en = ok(new_app(repo_root, lang="en").run())
    assert en.title[0].value == TEXT["compare.title"]["en"]
    assert en.info[0].value == TEXT["compare.press_run"]["en"]
    en.radio(key="_w_lang").set_value("zh")
    assert ok(en.run()).title[0].value == zh("compare.title")


def test_kpi_table_has_a_column_per_scenario_headline_first(ran):
    kpis = table(ran, zh("compare.col_kpi"), index=True)
    assert list(kpis.columns) == names_zh()
    assert list(kpis.index) == [kpi_label(k, "zh") for k in format.HEADLINE]
    assert all("(" in cell and "–" in cell for cell in kpis.iloc[:, 0])   # mean (low – high)
    rest = table(ran, zh("compare.col_kpi"), index=True, n=1)
    assert len(rest) > 10 and list(rest.columns) == names_zh()


def test_difference_table_covers_the_other_scenarios(ran):
    diffs = table(ran, zh("compare.col_kpi"))
    scen, prob = zh("compare.col_scenario"), zh("compare.col_prob")
    assert set(diffs[scen]) == {"绿色包装", LIB_ENTRY}
    p = diffs[prob].dropna()
    assert len(p) and ((p >= 0) & (p <= 1)).all()
    carbon = diffs[(diffs[zh("compare.col_kpi")] == kpi_label("carbon_kg_total", "zh"))]
    # both cut carbon by far more than the noise (common random numbers)
    assert set(carbon[zh("compare.col_verdict")]) == {zh("compare.verdict_better")}


def test_abatement_and_levers(ran):
    abate = table(ran, zh("compare.col_scenario"))
    assert list(abate[zh("compare.col_scenario")]) == ["绿色包装", LIB_ENTRY]
    levers = table(ran, zh("compare.col_parameter"))
    assert set(levers[zh("compare.col_path")]) == {"packaging.option", "logistics.electric_share"}
    assert list(levers.columns[2:]) == names_zh()
    row = levers.set_index(zh("compare.col_path")).loc["logistics.electric_share"]
    assert list(row[names_zh()]) == ["0%", "0%", "50%"]
    assert ran.get("vega_lite_chart") or ran.get("arrow_vega_lite_chart")   # the trade-off


def test_downloads_and_workbook(ran):
    labels = [b.label for b in ran.download_button]
    assert zh("compare.download_xlsx") in labels
    keys = [b.key or "" for b in ran.download_button]
    assert len([k for k in keys if k.startswith("cmp_")]) == len(compare.EXPORT_FILES) + 1
    assert len([k for k in keys if k.startswith("chart_dl_cost_carbon_tradeoff")]) == 2  # PNG, SVG
    results = ran.session_state[compare.LAST_KEY][1]
    scenarios = {CHOSEN[0]: Scenario(), CHOSEN[1]: load_scenario("green_packaging"),
                 CHOSEN[2]: Scenario().with_changes(LIB_CHANGES)}
    names = dict(zip(CHOSEN, names_zh(), strict=True))
    for lang in ("zh", "en"):
        tables = compare.build_tables(results, scenarios, names, CHOSEN[0], lang)
        book = openpyxl.load_workbook(io.BytesIO(export.workbook_bytes(tables.exports)))
        assert book.sheetnames == [TEXT[f"compare.sheet_{s}"][lang] for s in
                                   ("kpis", "diffs", "abatement", "levers")] + [
                                       TEXT["report.prov_sheet"][lang]]
        header = [c.value for c in book.worksheets[0][1]]
        assert header[0] == TEXT["compare.col_kpi"][lang]
        assert TEXT["compare.col_mean"][lang].format(name="绿色包装") in header
        assert book.worksheets[0].max_row == 1 + results.kpis.shape[1] - 2   # a row per KPI
        # numbers rounded to their meaning: rates in percent to 0.1, money to the yuan
        kpi_rows = {r[1]: r for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
        mean_col = header.index(TEXT["compare.col_mean"][lang].format(name="绿色包装"))
        summary = results.summary().set_index(["scenario", "kpi"])
        repeat = summary.loc[(CHOSEN[1], "repeat_purchase_rate"), "mean"]
        assert kpi_rows["repeat_purchase_rate"][mean_col] == round(repeat * 100, 1)
        assert kpi_rows["repeat_purchase_rate"][2] == "%"              # the row's unit
        profit = kpi_rows["profit_cny"][mean_col]
        assert profit == round(summary.loc[(CHOSEN[1], "profit_cny"), "mean"]) and profit == int(profit)
        carbon = kpi_rows["carbon_kg_total"][mean_col]
        assert carbon == round(summary.loc[(CHOSEN[1], "carbon_kg_total"), "mean"], 1)
        diff_rows = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
        assert {r[2] for r in diff_rows if r[1] == "repeat_purchase_rate"} == {
            TEXT["report.dl_unit_pp"][lang]}                              # percentage points
        about = dict(book.worksheets[4].iter_rows(min_row=2, values_only=True))
        assert about[TEXT["report.prov_model"][lang]] == MODEL_VERSION
        assert about[TEXT["report.prov_seed"][lang]] == str(results.seed)
        assert "绿色包装 — " in about[TEXT["report.prov_origin"][lang]]
        csv = export.csv_bytes(tables.exports[TEXT["compare.sheet_kpis"][lang]])
        assert csv.startswith(b"\xef\xbb\xbf") and "绿色包装".encode() in csv


def test_language_switch_keeps_the_results_and_the_reference_can_change(ran):
    ok(ran.radio(key="_w_lang").set_value("en").run())
    kpis = table(ran, "KPI", index=True)
    assert list(kpis.columns) == ["Baseline", "Green packaging", LIB_ENTRY]
    assert not any(i.value == TEXT["compare.stale"]["en"] for i in ran.info)
    ran.selectbox(key=compare.W_REFERENCE).set_value(CHOSEN[1])
    ok(ran.run())
    diffs = table(ran, "KPI")
    assert set(diffs["Scenario"]) == {"Baseline", LIB_ENTRY}
    ok(ran.radio(key="_w_lang").set_value("zh").run())


def test_presentation_view_hides_the_controls(ran):
    ran.session_state["presentation"] = True
    ok(ran.run())
    assert not ran.multiselect and not ran.number_input and not ran.download_button
    assert len(ran.table) == 3 and ran.subheader
    ran.session_state["presentation"] = False
    ok(ran.run())
    assert ran.multiselect


def test_too_few_or_too_many_scenarios_is_a_message(repo_root, lib_dir):
    at = ok(new_app(repo_root).run())
    presets = [c.id for c in sources.preset_choices()]
    for n in (1, limits.MAX_SCENARIOS + 1):
        at.multiselect(key=compare.W_SELECTION).set_value(presets[:n])
        ok(at.run())
        limit = zh("compare.limit", min=limits.MIN_SCENARIOS, max=limits.MAX_SCENARIOS, n=n)
        assert any(w.value == limit for w in at.warning), [w.value for w in at.warning]
        assert not any(b.key == "cmp_run" for b in at.button)
    at.multiselect(key=compare.W_SELECTION).set_value(presets[:2])
    assert ok(at.run()).button(key="cmp_run")


def test_uploads_join_the_choice_and_bad_files_are_messages(repo_root, lib_dir):
    at = ok(new_app(repo_root).run())
    good = ("schema_version: 1\ntitle: {zh: 上传的方案, en: Uploaded plan}\n"
            "changes:\n  packaging.option: recycled_carton\n").encode()
    big = b"#" * (limits.MAX_UPLOAD_BYTES + 1)
    at.file_uploader(key="_w_cmp_upload_0").set_value([
        ("plan.yaml", good, "application/x-yaml"),
        ("bad.yaml", b"changes: {packaging.option: plastic_bag", "application/x-yaml"),
        ("huge.yaml", big, "application/x-yaml")])
    ok(at.run())
    errors = [e.value for e in at.error]
    assert any("bad.yaml" in e for e in errors), errors
    assert any("huge.yaml" in e and f"{limits.MAX_UPLOAD_BYTES:,}" in e for e in errors), errors
    chosen = at.multiselect(key=compare.W_SELECTION).value
    assert len(chosen) == len(compare.DEFAULT_SELECTION) + 1
    assert chosen[-1].startswith("upload:")
    assert at.multiselect(key=compare.W_SELECTION).format_func(chosen[-1]).endswith("上传的方案")
    ok(at.button(key="cmp_forget").click().run())                    # remove them again
    assert at.multiselect(key=compare.W_SELECTION).value == list(compare.DEFAULT_SELECTION)
    assert at.file_uploader(key="_w_cmp_upload_1").value in (None, [])
    assert not at.error


def test_at_most_a_handful_of_files_are_read_from_one_upload(repo_root, lib_dir):
    at = ok(new_app(repo_root, lang="en").run())
    n = limits.MAX_UPLOAD_FILES + 3
    files = [(f"plan{i}.yaml", (f"title: plan {i}\nchanges:\n  staff.packers: {i + 2}\n").encode(),
              "application/x-yaml") for i in range(n)]
    at.file_uploader(key="_w_cmp_upload_0").set_value(files)
    ok(at.run())
    errors = [e.value for e in at.error]
    assert errors == [f"At most {limits.MAX_UPLOAD_FILES} files are read at once: the first "
                      f"{limits.MAX_UPLOAD_FILES} were read, the other 3 were not."]
    assert len(at.session_state[sources.UPLOADS_KEY]) == limits.MAX_UPLOAD_FILES


def test_a_reload_shows_the_last_comparison(ran, repo_root, jobs_of):
    """A new session with the same workspace (a reload) gets the inputs and the result of
    the workspace's comparison back, without pressing Run."""
    reloaded = ok(new_app(repo_root, ws=RUN_WORKSPACE).run())
    assert reloaded.multiselect(key=compare.W_SELECTION).value == CHOSEN
    assert not reloaded.error and not reloaded.info
    assert list(table(reloaded, zh("compare.col_kpi"), index=True).columns) == names_zh()
    assert reloaded.session_state[compare.LAST_KEY][1] is jobs_of(ran)[0].result


def test_a_comparison_shows_progress_and_can_be_cancelled(repo_root, lib_dir, jobs_of):
    at = new_app(repo_root, ws=library.new_workspace())
    at.session_state[compare.SEED_KEY] = 90_003                     # nothing of it stored
    ok(at.run())
    scheduler = compare.runner.server().scheduler
    scheduler.pause()
    try:
        ok(at.button(key="cmp_run").click().run())
        (job,) = jobs_of(at)
        assert job.active and at.get("progress") and not at.dataframe
        ok(at.button(key=f"job_cancel_{compare.JOB_SLOT}").click().run())
        assert job.wait(5.0) and job.state == "cancelled"
    finally:
        scheduler.resume()
    ok(at.run())
    assert zh("common.job_cancelled", done=0) in [i.value for i in at.info]
    assert at.button(key="cmp_run") and not at.dataframe


def test_a_failed_run_is_a_message(repo_root, lib_dir, monkeypatch, wait_jobs):
    def boom(*args, **kwargs):
        raise RuntimeError("worker pool broke")

    monkeypatch.setattr(compare.runner, "run", boom)
    at = ok(new_app(repo_root, ws=library.new_workspace()).run())
    ok(at.button(key="cmp_run").click().run())
    ok(wait_jobs(at))
    assert [e.value for e in at.error] == [zh("common.run_error", error="worker pool broke")]
    assert not at.dataframe


def test_the_builders_current_scenario_is_a_choice(repo_root, lib_dir, wait_jobs):
    at = new_app(repo_root, ws=library.new_workspace())
    at.session_state["working"] = {"packaging.option": "recycled_carton"}
    at.session_state[compare.SELECTION_KEY] = [sources.BASELINE_ID, sources.CURRENT_ID]
    at.session_state[compare.REPS_KEY] = REPS
    ok(at.run())
    ok(at.button(key="cmp_run").click().run())                      # cached: green packaging
    ok(wait_jobs(at))
    levers = table(at, zh("compare.col_parameter"))
    assert list(levers[zh("compare.col_path")]) == ["packaging.option"]
    assert list(levers.columns[2:]) == ["基准情景", zh("compare.current_choice")]


# --- data shaping -----------------------------------------------------------------------------

def test_display_names_are_unique():
    base = Scenario()
    preset = sources.Choice("preset:baseline", "preset", {"zh": "基准情景", "en": "Baseline"}, base)
    saved = sources.Choice("library:Baseline", "library", {"zh": "Baseline", "en": "Baseline"}, base)
    other = sources.Choice("upload:1", "upload", {"zh": "Baseline", "en": "Baseline"}, base)
    assert sources.display_names([preset, saved], "zh") == {"preset:baseline": "基准情景",
                                                            "library:Baseline": "Baseline"}
    names = sources.display_names([preset, saved, other], "en")
    assert len(set(names.values())) == 3
    assert names["library:Baseline"] == "Baseline (library)"
    twins = [sources.Choice(f"upload:{i}", "upload", {"zh": "x", "en": "x"}, base) for i in range(3)]
    assert len(set(sources.display_names(twins, "en").values())) == 3


def test_kpi_order_and_verdicts():
    order = format.kpi_order(["orders", "profit_cny", "retention_90d", "zzz_new"])
    assert order == ["retention_90d", "profit_cny", "orders", "zzz_new"]
    assert compare.verdict("carbon_kg_total", -5, -1, -3) == "better"
    assert compare.verdict("profit_cny", -5, -1, -3) == "worse"
    assert compare.verdict("marketing_cny", 1, 5, 3) == "differs"
    assert compare.verdict("profit_cny", -1, 5, 2) == "unclear"
    assert compare.verdict("profit_cny", math.nan, math.nan, 2) == "na"


def test_lever_diff_lists_only_what_differs():
    sc = {"a": Scenario(), "b": load_scenario("green_packaging"),
          "c": load_scenario("private_domain_crm")}
    names = {"a": "A", "b": "B", "c": "C"}
    df = compare.lever_diff(sc, names, "en")
    paths = set(df["Path"])
    assert "packaging.option" in paths and "marketing.membership" in paths
    assert "marketing.shares.crm" in paths and "marketing.shares.esg_content" not in paths
    row = df.set_index("Path").loc["marketing.membership"]
    assert list(row[["A", "B", "C"]]) == ["✗ no", "✗ no", "✓ yes"]
    assert df.set_index("Path").loc["marketing.shares.crm", "C"] == "20%"
    same = compare.lever_diff({"a": Scenario(), "b": Scenario()}, {"a": "A", "b": "B"}, "zh")
    assert same.empty and list(same.columns) == ["参数", "路径", "A", "B"]


def test_upload_choice_errors_name_the_file():
    with pytest.raises(library.LibraryError) as err:
        sources.upload_choice(b"x" * (limits.MAX_UPLOAD_BYTES + 1), "big.yaml")
    assert err.value.key == "library.upload_too_large" and "big.yaml" in err.value.message("zh")
    with pytest.raises(library.LibraryError) as err:
        sources.upload_choice(b"changes: {nope: 1}", "typo.yaml")
    assert err.value.key == "library.bad_upload" and "typo.yaml" in err.value.message("en")
    choice = sources.upload_choice(b"changes: {packaging.option: recycled_carton}", "my plan.yml")
    assert choice.label("zh") == "my plan" and choice.scenario.packaging.option == "recycled_carton"


def test_sheet_names_are_valid_and_unique():
    assert export.sheet_name("a/b:c*?[d]") == "a_b_c___d_"
    long = "x" * 40
    first = export.sheet_name(long)
    assert len(first) == 31
    second = export.sheet_name(long, [first])
    assert len(second) <= 31 and second != first


# --- a comparison's link ------------------------------------------------------------------------

def _link_of(at: AppTest) -> str:
    links = [c.value for c in at.code if "k=cmp" in c.value]
    assert len(links) == 1, [c.value for c in at.code]
    return links[0]


def _open_link(repo_root, link: str, ws: str) -> AppTest:
    from urllib.parse import parse_qsl, urlsplit

    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
    at.query_params[workspace.PARAM] = ws
    for k, v in parse_qsl(urlsplit(link).query):
        at.query_params[k] = v
    return at.switch_page(PAGE)


def test_a_link_reopens_the_same_comparison_in_another_workspace(ran, repo_root, wait_jobs):
    ran.radio(key="_w_lang").set_value("zh")
    ok(ran.run())
    link = _link_of(ran)
    assert workspace.PARAM + "=" not in link                       # never the workspace key
    want = table(ran, zh("compare.col_kpi"), index=True)
    # another browser: a workspace without the library entry, another seed and replications
    at = _open_link(repo_root, link, library.new_workspace())
    at.session_state[compare.SEED_KEY] = 5
    ok(at.run())
    ok(wait_jobs(at))                                               # it ran by itself
    assert not at.error, [e.value for e in at.error]
    assert at.session_state[compare.SEED_KEY] == ran.session_state[compare.SEED_KEY]
    assert at.session_state[compare.REPS_KEY] == REPS
    got = table(at, zh("compare.col_kpi"), index=True)
    assert list(got.columns) == names_zh()
    pd.testing.assert_frame_equal(got, want)                        # the same numbers
    assert at.session_state[compare.REFERENCE_KEY] == ran.session_state[compare.REFERENCE_KEY]
    assert _link_of(at).split("?")[1] == link.split("?")[1]         # and the same link


def test_a_damaged_link_is_a_message_and_the_page_keeps_its_choice(repo_root, lib_dir):
    from simulation import list_presets
    from ui import share

    presets = {p.name: p.scenario for p in list_presets()}
    params = share.encode_comparison([("baseline", {}, presets["baseline"]),
                                      ("full_esg", {}, presets["full_esg"])], 0, 1, 2, "en")
    link = "http://x/compare?" + share.query_string({**params, "s": params["s"][:-6]})
    at = ok(_open_link(repo_root, link, WORKSPACE).run())
    assert [e.value for e in at.error] == [TEXT["share.damaged"]["en"] + "  \n"
                                           + TEXT["compare.link_kept"]["en"]]
    assert at.multiselect(key=compare.W_SELECTION).value == list(compare.DEFAULT_SELECTION)


def test_presentation_view_names_the_scenarios_and_notes_fewer_replications(ran):
    note = zh("compare.fewer_reps", n=REPS, m=limits.DEFAULT_REPLICATIONS)
    ok(ran.radio(key="_w_lang").set_value("zh").run())
    assert any(c.value == note for c in ran.caption)               # 3 of the session's 20
    ran.session_state["presentation"] = True
    try:
        ok(ran.run())
        assert [h.value for h in ran.header] == [" · ".join(names_zh())]
        assert any(c.value == note for c in ran.caption)
        assert not ran.code and not any(b.key == "cmp_run" for b in ran.button)   # no controls
    finally:
        ran.session_state["presentation"] = False
        ok(ran.run())


def test_an_out_of_range_seed_or_replications_is_a_message_and_runs_nothing(repo_root, lib_dir,
                                                                            jobs_of):
    at = ok(new_app(repo_root, ws=library.new_workspace()).run())
    at.number_input(key=compare.W_REPS).set_value(limits.MAX_REPLICATIONS + 1)
    ok(at.run())
    label = TEXT["compare.replications"]["zh"].format(max=limits.MAX_REPLICATIONS)
    assert [e.value for e in at.error] == [zh("common.out_of_range", label=label, lo="2",
                                              hi=f"{limits.MAX_REPLICATIONS:,}")]
    assert at.button(key="cmp_run").disabled
    assert at.session_state[compare.REPS_KEY] == limits.DEFAULT_REPLICATIONS      # kept
    at.number_input(key=compare.W_REPS).set_value(REPS)
    at.number_input(key=compare.W_SEED).set_value(-1)
    ok(at.run())
    assert len(at.error) == 1 and at.button(key="cmp_run").disabled
    assert not jobs_of(at)


def test_abatement_shows_no_negative_zero():
    abatement = pd.DataFrame({"scenario": ["a"], "carbon_avoided_t": [-0.001],
                              "profit_forgone_cny": [-0.2], "cost_per_t_avoided_cny": [float("nan")],
                              "ci_low": [float("nan")], "ci_high": [float("nan")]})
    for lang in ("zh", "en"):
        shown = compare.abatement_display(compare.abatement_table(abatement, {"a": "A"}, lang), lang)
        cells = [str(v) for v in shown.to_numpy().ravel()]
        assert "0.00" in cells and "¥0" in cells, cells
        assert not any(c.startswith(("-0", "−0", "-¥0", "−¥0")) for c in cells), cells
