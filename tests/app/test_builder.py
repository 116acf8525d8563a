"""The scenario builder, driven through Streamlit's AppTest: levers move the KPIs, the
budget split always sums to 100%, the library saves/reloads/deletes, share links round-trip
and bad links or uploads give a message, never a traceback."""

from __future__ import annotations

import sqlite3
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from simulation import load_scenario
from simulation.metrics import missing_reason
from simulation.scenario import CHANNELS
from ui import builder, library, limits, runner, session, share, widgets, workspace
from ui.i18n import TEXT, kpi_label

TIMEOUT_S = 180
PAGE = "pages/1_builder.py"


def new_app(repo_root, **query) -> AppTest:
    """The app opened on the builder page (as a link to it would), with ``query`` in its URL."""
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
    for k, v in query.items():
        at.query_params[k] = v
    return at.switch_page(PAGE)


@pytest.fixture
def lib_dir(tmp_path, monkeypatch):
    path = tmp_path / "library"
    monkeypatch.setenv("ESG_SIM_LIBRARY", str(path))
    return path


@pytest.fixture
def app(repo_root, lib_dir):
    at = new_app(repo_root)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def short_app(repo_root, lib_dir):
    """The builder opened by a link to a 30-day horizon, for tests of the page's controls:
    each lever change simulates its preview, a full year each on the baseline's horizon."""
    short = load_scenario("baseline").with_changes({"run.horizon_days": 30})
    at = new_app(repo_root, **share.encode(short, 0, limits.DEFAULT_REPLICATIONS, "zh"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["working"] == {"run.horizon_days": 30}
    return at


def metric(at: AppTest, kpi: str, lang: str = "zh"):
    label = kpi_label(kpi, lang)
    found = [m for m in at.metric if m.label == label]
    assert found, f"no KPI card {label!r}: {[m.label for m in at.metric]}"
    return found[0]


def shares(at: AppTest) -> dict[str, float]:
    return {c: at.slider(key=f"p:marketing.shares.{c}").value for c in CHANNELS}


def query(at: AppTest) -> dict[str, str]:
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def has(elements, key: str) -> bool:
    return any(e.key == key for e in elements)


def session_library(at: AppTest, lib_dir) -> library.Library:
    """The library workspace of the app's session."""
    return library.Library(lib_dir, workspace=at.session_state[workspace.STATE_KEY])


def test_page_runs_with_cards_tabs_and_preview(app):
    assert not app.error, [e.value for e in app.error]
    assert len(app.metric) == len(builder.KPI_CARDS)
    for k in builder.KPI_CARDS:
        card = metric(app, k)
        assert card.value and card.value != "—"
        assert "95%" in card.help or TEXT["builder.no_ci"]["zh"] in card.help
    assert len(app.tabs) == 6
    # lazy tabs: the open one (customers) has its three charts, the others wait for a click
    kinds = [getattr(c, "type", "") for c in app.tabs[0].children.values()
             if getattr(c, "type", "") != "popover"]            # a chart's download popover
    assert kinds.count("vega_lite_chart") == 1 and len(kinds) == 3
    assert all(not tab.children for tab in app.tabs[1:])
    assert any("4" in i.value for i in app.info)                 # the preview says how many
    assert app.button(key="run_full")


def test_moving_a_lever_changes_the_kpis(app):
    before = metric(app, "carbon_kg_total").value
    app.selectbox(key="p:packaging.option").set_value("recycled_carton").run()
    assert not app.exception
    after = metric(app, "carbon_kg_total")
    assert after.value != before
    assert after.delta and after.delta.startswith("-")           # less carbon than the baseline
    shown = [c.value for c in app.caption if "95%" in c.value]
    assert shown, "the change's interval is shown under the cards"
    assert app.session_state["working"] == {"packaging.option": "recycled_carton"}


def test_budget_shares_always_sum_to_100(short_app):
    app = short_app
    assert sum(shares(app).values()) == pytest.approx(100.0, abs=1e-9)
    for channel, value in (("esg_content", 15.0), ("search", 100.0), ("feed", 10.0),
                           ("crm", 0.0), ("community", 33.3)):
        app.slider(key=f"p:marketing.shares.{channel}").set_value(value).run()
        assert not app.exception
        s = shares(app)
        assert s[channel] == pytest.approx(value)
        assert sum(s.values()) == pytest.approx(100.0, abs=1e-9), s
        assert all(v >= 0 for v in s.values())
    working = app.session_state["working"]["marketing.shares"]
    assert sum(working.values()) == pytest.approx(1.0, abs=1e-9)


def test_the_esg_share_is_shown_against_the_recommendation(app):
    low = [c.value for c in app.caption if "ESG" in c.value]
    assert low and "4.0%" in low[0] and "低于" in low[0]                # baseline: 4%, below
    app.slider(key="p:marketing.shares.esg_content").set_value(12.0).run()
    assert not app.exception
    ok = [c.value for c in app.caption if "ESG" in c.value]
    assert ok and "12.0%" in ok[0] and "之内" in ok[0]


def test_reset_group_restores_the_baseline(app):
    app.slider(key="p:logistics.electric_share").set_value(80.0).run()
    assert app.session_state["working"].get("logistics.electric_share") == pytest.approx(0.8)
    app.button(key="reset_E").click().run()
    assert not app.exception
    assert "logistics.electric_share" not in app.session_state["working"]
    assert app.slider(key="p:logistics.electric_share").value == 0.0


def test_an_invalid_combination_is_a_message(app):
    app.session_state[widgets.SUBGROUP_KEY] = "customers"     # the assumptions on show
    app.run()
    app.slider(key="p:customers.eco_share").set_value(70.0).run()
    app.slider(key="p:customers.price_share").set_value(70.0).run()
    assert not app.exception
    assert app.error
    # the levers' labels, never their dotted paths
    assert "环保型客户占比" in app.error[0].value and "customers." not in app.error[0].value
    # undo goes back to the last valid scenario
    app.button(key="undo").click().run()
    assert not app.error and not app.exception
    assert app.slider(key="p:customers.eco_share").value != 70.0      # 70% + the rest: over
    assert app.slider(key="p:customers.price_share").value != 70.0
    assert app.session_state["working"] == {}


def test_full_run_is_a_job_with_progress_then_results_and_a_link_that_reopens_it(
        app, repo_root, wait_jobs, jobs_of):
    app.session_state[session.REPS_KEY] = 5
    app.run()
    assert "f" not in query(app)                                # a preview's link
    scheduler = runner.server().scheduler
    scheduler.pause()                         # hold the job's replications: it stays running
    try:
        app.button(key="run_full").click().run()
        assert not app.exception
        (job,) = jobs_of(app)
        assert job.slot == builder.JOB_SLOT and job.active
        # the preview stays on show, with the job's progress and a Cancel button
        assert any("4" in i.value for i in app.info) and not app.success
        assert app.button(key=f"job_cancel_{builder.JOB_SLOT}")
        assert not has(app.button, "run_full")
        assert [p.proto.text for p in app.get("progress")][-1] in (
            TEXT["common.job_waiting"]["zh"],
            TEXT["common.job_running"]["zh"].format(done=0, total=2))   # reps 4 of each
    finally:
        scheduler.resume()
    wait_jobs(app)
    assert not app.exception and job.succeeded
    assert app.success and "5" in app.success[0].value
    assert "95%" in metric(app, "profit_cny").help
    params = query(app)
    assert params["f"] == "1" and params["reps"] == "5"
    reopened = new_app(repo_root, **params)
    reopened.run()
    assert not reopened.exception and reopened.success        # the job's result, at once
    assert metric(reopened, "profit_cny").value == metric(app, "profit_cny").value
    # another workspace has no job, but every replication is stored: shown, nothing runs
    others = {k: v for k, v in params.items() if k != workspace.PARAM}
    elsewhere = new_app(repo_root, **others)
    elsewhere.run()
    assert not elsewhere.exception and elsewhere.success and not jobs_of(elsewhere)
    assert metric(elsewhere, "profit_cny").value == metric(app, "profit_cny").value


def test_a_full_run_can_be_cancelled(app, jobs_of):
    app.session_state[session.REPS_KEY] = 30
    app.session_state[session.SEED_KEY] = 90_001               # nothing of it is stored
    app.run()
    scheduler = runner.server().scheduler
    scheduler.pause()
    try:
        app.button(key="run_full").click().run()
        (job,) = jobs_of(app)
        assert job.active
        app.button(key=f"job_cancel_{builder.JOB_SLOT}").click().run()
        assert job.wait(5.0), "the job did not end after Cancel"
    finally:
        scheduler.resume()
    assert job.state == "cancelled"
    app.run()
    assert not app.exception
    assert TEXT["common.job_cancelled"]["zh"].format(done=0) in [i.value for i in app.info]
    assert app.button(key="run_full") and not app.success         # it can be run again


def test_a_link_with_the_full_set_does_not_start_it(repo_root, lib_dir, jobs_of):
    """``reps=100&f=1``: the link opens the scenario with the preview and a Run button;
    nothing beyond the preview is simulated until the button is pressed."""
    short = load_scenario("baseline").with_changes({"run.horizon_days": 60,
                                                    "customers.initial_customers": 2000})
    params = share.encode(short, 90_002, 100, "en", full=True)
    at = new_app(repo_root, **params)
    at.run()
    assert not at.exception and not at.error
    assert not jobs_of(at) and not at.success
    assert TEXT["builder.full_not_run"]["en"].format(n=100) in [i.value for i in at.info]
    assert TEXT["builder.preview"]["en"].format(n=limits.PREVIEW_REPLICATIONS) in [
        i.value for i in at.info]
    assert at.button(key="run_full").label == TEXT["builder.run_full"]["en"].format(n=100)
    stored = runner.store()
    key = short.fingerprint()
    assert stored.get((key, 90_002, limits.PREVIEW_REPLICATIONS - 1)) is not None
    assert stored.get((key, 90_002, limits.PREVIEW_REPLICATIONS)) is None
    assert "f" not in query(at)                       # the address shows what is on show
    at.run()
    assert not jobs_of(at) and not at.success
    # what was simulated: the preview (baseline and scenario), at interactive priority,
    # through the server's scheduler under the session's workspace
    session = at.session_state[workspace.STATE_KEY]
    mine = [d for d in runner.server().scheduler.dispatches() if d.session == session]
    assert len(mine) == 2 * limits.PREVIEW_REPLICATIONS
    assert {d.priority for d in mine} == {"interactive"}
    assert sorted({d.rep for d in mine}) == list(range(limits.PREVIEW_REPLICATIONS))


def test_presentation_view_hides_the_controls(app):
    assert app.expander
    app.toggle(key="_w_presentation").set_value(True).run()
    assert not app.exception
    lever_groups = {TEXT[f"builder.group_{g}"]["zh"] for g in widgets.GROUPS} | {TEXT["builder.file"]["zh"]}
    assert not [e for e in app.expander if e.label in lever_groups]
    assert len(app.metric) == len(builder.KPI_CARDS)
    assert [h.value for h in app.title] == ["基准情景"]          # the scenario's title on top
    assert not has(app.button, "undo")
    app.toggle(key="_w_presentation").set_value(False).run()
    assert app.expander and app.selectbox(key="p:packaging.option")


def test_save_reload_and_delete_in_the_library(app, lib_dir):
    app.selectbox(key="p:packaging.option").set_value("reusable_box").run()
    app.text_input(key="save_name").set_value("循环箱试点").run()
    app.button(key="save").click().run()
    assert not app.exception
    lib = session_library(app, lib_dir)
    assert lib.exists("循环箱试点")
    assert not library.Library(lib_dir).exists("循环箱试点")     # not in the shared workspace
    # a second save under the same name asks first; the entry is untouched until confirmed
    app.selectbox(key="p:packaging.option").set_value("degradable_mailer").run()
    app.button(key="save").click().run()
    assert app.warning and "循环箱试点" in app.warning[0].value
    assert lib.load("循环箱试点").packaging.option == "reusable_box"
    app.button(key="overwrite").click().run()
    assert lib.load("循环箱试点").packaging.option == "degradable_mailer"
    # back to the baseline, then reload the entry
    app.button(key="reset_E").click().run()
    assert app.session_state["working"] == {}
    app.selectbox(key="library_choice").set_value("循环箱试点").run()
    app.button(key="load_entry").click().run()
    assert app.session_state["working"] == {"packaging.option": "degradable_mailer"}
    app.button(key="delete_entry").click().run()
    assert not app.exception
    assert not lib.exists("循环箱试点")


def test_a_corrupt_entry_is_reported_not_fatal(repo_root, lib_dir):
    token = library.new_workspace()
    lib = library.Library(lib_dir, workspace=token)
    lib.save("good", load_scenario("green_packaging"))
    lib.save("broken", load_scenario("green_packaging"))
    con = sqlite3.connect(lib.path)
    with con:
        con.execute("UPDATE entries SET yaml = 'changes: [unclosed' WHERE name = 'broken'")
    con.close()
    at = new_app(repo_root, ws=token)
    at.run()
    assert not at.exception
    assert any("broken" in w.value for w in at.warning)
    assert at.selectbox(key="library_choice").options == ["good"]


def test_old_library_files_stay_out_of_a_session(repo_root, lib_dir):
    """The old folder's files go to the shared workspace, which no session sees: neither
    its entries nor the files that could not be imported (their names are the server's)."""
    lib_dir.mkdir(parents=True)
    (lib_dir / "broken.yaml").write_text("changes: [unclosed", encoding="utf-8")
    (lib_dir / "old.yaml").write_text("title: Old\nchanges: {staff.packers: 4}\n",
                                      encoding="utf-8")
    at = new_app(repo_root)
    at.run()
    assert not at.exception and not at.warning
    assert not has(at.selectbox, "library_choice")
    entries, problems = library.Library(lib_dir).entries()
    assert [e.name for e in entries] == ["Old"] and [p.filename for p in problems] == ["broken.yaml"]
    shown = " ".join(str(c.value) for c in at.caption) + " ".join(str(c.value) for c in at.code)
    assert str(lib_dir) not in shown and "library.db" not in shown      # no server path


def test_each_session_has_its_own_workspace_kept_in_the_url(repo_root, lib_dir):
    a = new_app(repo_root)
    a.run()
    token = query(a)[workspace.PARAM]
    assert library.check_token(token) == token == a.session_state[workspace.STATE_KEY]
    a.text_input(key="save_name").set_value("mine").run()
    a.button(key="save").click().run()
    assert a.selectbox(key="library_choice").options == ["mine"]
    # the workspace link is shown, without the scenario; the share link without the workspace
    links = [parse_qs(urlsplit(str(c.value)).query) for c in a.code]
    assert [q for q in links if "ws" in q] == [{"ws": [token], "lang": ["zh"]}]
    assert [q for q in links if "s" in q and "c" in q and "ws" not in q]
    # another session does not see it; a reload (the same URL) does
    b = new_app(repo_root)
    b.run()
    assert query(b)[workspace.PARAM] != token
    assert not has(b.selectbox, "library_choice")
    reloaded = new_app(repo_root, **query(a))
    reloaded.run()
    assert not reloaded.exception
    assert reloaded.selectbox(key="library_choice").options == ["mine"]
    assert query(reloaded)[workspace.PARAM] == token


@pytest.mark.parametrize("bad", ["short", "x" * 40, "a" * 21 + "!", "r-" + "a" * 22, "../../etc"])
def test_a_malformed_workspace_key_gives_a_message_and_a_fresh_workspace(repo_root, lib_dir, bad):
    at = new_app(repo_root, ws=bad)
    at.run()
    assert not at.exception
    assert any(TEXT["builder.workspace_fresh"]["zh"] in w.value for w in at.warning)
    token = query(at)[workspace.PARAM]
    assert token != bad and library.check_token(token) == token
    at.run()                                                 # said once
    assert not any(TEXT["builder.workspace_fresh"]["zh"] in w.value for w in at.warning)


def test_a_read_only_link_opens_an_entry_that_cannot_be_changed(repo_root, lib_dir):
    owner = new_app(repo_root)
    owner.run()
    owner.selectbox(key="p:packaging.option").set_value("reusable_box").run()
    owner.text_input(key="save_name").set_value("试点").run()
    owner.button(key="save").click().run()
    owner.button(key="share_entry").click().run()
    assert not owner.exception
    links = [str(c.value) for c in owner.code if "ro=" in str(c.value)]
    assert len(links) == 1 and "ws=" not in links[0]
    read_token = links[0].split("ro=")[1].split("&")[0]
    guest = new_app(repo_root, ro=read_token)
    guest.run()
    assert not guest.exception and not guest.error
    assert guest.session_state["working"] == {"packaging.option": "reusable_box"}
    assert any("试点" in s.value for s in guest.success)
    assert guest.selectbox(key="shared_choice").options == ["试点"]
    assert query(guest)[workspace.PARAM] != query(owner)[workspace.PARAM]
    assert not has(guest.selectbox, "library_choice")         # the guest's own: empty
    guest.button(key="load_shared").click().run()
    assert not guest.exception
    # the guest cannot change it: the read-only view refuses, the owner's entry is intact
    with pytest.raises(library.LibraryError):
        library.open_shared(read_token, lib_dir).delete("试点")
    assert session_library(owner, lib_dir).load("试点").packaging.option == "reusable_box"
    # a bad read-only key is a message, not a traceback
    bad = new_app(repo_root, ro="r-nonsense")
    bad.run()
    assert not bad.exception and bad.error


def test_share_link_round_trips(short_app, repo_root):
    app = short_app
    app.selectbox(key="p:packaging.option").set_value("recycled_carton").run()
    app.slider(key="p:marketing.shares.esg_content").set_value(15.0).run()
    app.session_state[session.SEED_KEY] = 7
    app.radio(key="_w_lang").set_value("en").run()
    assert not app.exception
    params = query(app)
    assert params["lang"] == "en" and params["seed"] == "7"
    working = app.session_state["working"]
    reopened = new_app(repo_root, **params)
    reopened.run()
    assert not reopened.exception and not reopened.error
    assert reopened.session_state["working"] == working
    assert reopened.session_state[session.SEED_KEY] == 7
    assert reopened.session_state["lang"] == "en"
    assert metric(reopened, "carbon_kg_total", "en").value == metric(app, "carbon_kg_total",
                                                                     "en").value


@pytest.mark.parametrize("damage", ["tampered", "truncated", "outdated"])
def test_a_bad_link_gives_a_message_and_the_baseline(repo_root, lib_dir, damage):
    params = share.encode(load_scenario("full_esg"), 3, 10, "en")
    if damage == "tampered":
        params["seed"] = "4"
    elif damage == "truncated":
        params["s"] = params["s"][: len(params["s"]) // 2]
    else:
        params = share.sign({**params, "v": "0"})
    at = new_app(repo_root, **params)
    at.run()
    assert not at.exception
    assert at.error, "the link's problem should be shown"
    assert at.session_state["working"] == {}
    assert at.session_state["lang"] == "en"                     # the language still applies
    assert metric(at, "carbon_kg_total", "en").value            # the baseline runs


def test_a_malformed_upload_names_the_problem():
    with pytest.raises(library.LibraryError) as err:
        library.from_upload(b"changes:\n  packaging.option: plastic_bag\n", "bad.yaml",
                            limits.MAX_UPLOAD_BYTES)
    assert "packaging.option" in str(err.value.fields)
    with pytest.raises(library.LibraryError) as err:
        library.from_upload(b"x" * (300 * 1024), "big.yaml", limits.MAX_UPLOAD_BYTES)
    assert err.value.key == "library.upload_too_large"
    ok = library.from_upload(b"changes:\n  packaging.option: reusable_box\n", "ok.yaml",
                             limits.MAX_UPLOAD_BYTES)
    assert ok.packaging.option == "reusable_box"


def test_uploads_in_the_page(app):
    """A malformed upload shows its message and changes nothing; a good one is loaded."""
    uploader = app.file_uploader(key="upload")
    uploader.set_value(("bad.yaml", b"changes:\n  packaging.option: plastic_bag\n",
                        "application/x-yaml")).run()
    assert not app.exception
    assert app.error and "packaging.option" in app.error[0].value and "bad.yaml" in app.error[0].value
    assert app.session_state["working"] == {}
    app.file_uploader(key="upload").set_value(
        ("alias.yaml", b"a: &x [1]\nchanges: *x\n", "application/x-yaml")).run()
    assert not app.exception and app.error
    app.file_uploader(key="upload").set_value(
        ("ok.yaml", b"changes:\n  packaging.option: reusable_box\n", "application/x-yaml")).run()
    assert not app.exception and not app.error
    assert app.session_state["working"] == {"packaging.option": "reusable_box"}


def test_a_link_beyond_the_server_limits_names_the_limit(repo_root, lib_dir):
    long_run = load_scenario("baseline").with_changes({"run.horizon_days": 3000})
    at = new_app(repo_root, **share.encode(long_run, 1, 10, "en"))
    at.run()
    assert not at.exception
    assert at.error and "730" in at.error[0].value and "3000" in at.error[0].value
    assert at.session_state["working"] == {}


def test_the_runner_refuses_requests_beyond_the_limits():
    sc = load_scenario("baseline")
    with pytest.raises(limits.LimitError) as err:
        runner.run({"a": sc}, 1, limits.MAX_REPLICATIONS + 1)
    assert str(limits.MAX_REPLICATIONS) in err.value.message("zh")
    with pytest.raises(limits.LimitError) as err:
        runner.run({"a": sc.with_changes({"run.horizon_days": 731})}, 1, 2)
    assert "730" in err.value.message("en")
    big = sc.with_changes({"marketing.monthly_budget_cny": 20_000_000, "run.horizon_days": 730,
                           "customers.initial_customers": 200_000})
    assert big.expected_orders() * 100 > limits.MAX_ORDERS_PER_RUN
    with pytest.raises(limits.LimitError) as err:
        limits.check_request({"a": big}, 100)       # what runner.run checks first
    assert err.value.key == "common.limit_orders"
    limits.check_request({"a": sc, "b": sc}, limits.DEFAULT_REPLICATIONS)   # the usual: fine


def test_choosing_a_category_sets_its_profile_levers(app):
    app.selectbox(key="p:shop.category").set_value("electronics").run()
    assert not app.exception
    assert app.number_input(key="p:shop.order_value_cny").value == 600.0
    assert app.slider(key="p:shop.gross_margin").value == pytest.approx(18.0)
    working = app.session_state["working"]
    assert working["shop.category"] == "electronics"
    assert working["suppliers.defect_rate"] == pytest.approx(0.02)


def test_a_kpi_the_horizon_cannot_measure_says_why(repo_root, lib_dir):
    """A 120-day horizon cannot observe repeat purchase within 365 days of a first order: its
    card shows a dash and, beneath it, the reason (never a number redefined to fit)."""
    at = new_app(repo_root)
    at.session_state["lang"] = "en"
    at.session_state["working"] = {"run.horizon_days": 120,
                                   "customers.initial_customers": 3000}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert metric(at, "repeat_purchase_rate", "en").value == "—"
    assert metric(at, "retention_90d", "en").value != "—"         # 90 days fit in 120
    why = missing_reason("repeat_purchase_rate", 120)[1]
    assert why in [c.value for c in at.caption]


# --- what is loaded: title and origin, the changed levers, undo and redo, open panels -----

SHORT = {"run.horizon_days": 60, "customers.initial_customers": 2000}     # quick previews


def heading(at: AppTest) -> str:
    """The scenario's title at the top of the results."""
    assert at.subheader, "no scenario title"
    return at.subheader[0].value


def origin_shown(at: AppTest, kind: str, lang: str = "zh") -> bool:
    return TEXT[f"builder.origin_{kind}"][lang] in [c.value for c in at.caption]


def test_the_title_says_what_is_loaded_and_where_it_came_from(repo_root, lib_dir):
    # a preset opened from the home page: its title, never its file name
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
    at.session_state[session.REPS_KEY] = 2                  # a preview of 2: quick
    at.run()
    at.button(key="open_green_packaging").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert heading(at) == "绿色包装" and origin_shown(at, "preset")
    # saved: the library entry is what is loaded now
    at.text_input(key="save_name").set_value("电动试点").run()
    at.button(key="save").click().run()
    assert heading(at) == "电动试点" and origin_shown(at, "library")
    assert "green_packaging" not in " ".join(s.value for s in at.success)
    # a share link of it: a link's scenario
    link = new_app(repo_root, **share.encode(load_scenario("green_packaging"), 1, 2, "en"))
    link.run()
    assert not link.exception
    assert heading(link) == TEXT["builder.origin_link_title"]["en"] and origin_shown(link, "link", "en")
    # a preset loaded in the file panel: its title in the message too
    link.selectbox(key="preset_choice").set_value("baseline").run()
    link.button(key="load_preset").click().run()
    assert heading(link) == "Baseline" and origin_shown(link, "preset", "en")
    assert [s.value for s in link.success] == [TEXT["builder.loaded"]["en"].format(name="Baseline")]


def test_changed_levers_are_listed_with_a_reset_each_and_undo_redo_step_through(repo_root, lib_dir):
    at = new_app(repo_root)
    at.session_state["working"] = dict(SHORT)
    at.session_state[session.REPS_KEY] = 2                  # a preview of 2: quick
    at.run()
    assert not at.exception
    assert at.button(key="undo").disabled and at.button(key="redo").disabled
    # the cards say how many replications they come from; profit with its interval
    captions = [c.value for c in at.caption]
    assert TEXT["builder.cards_preview"]["zh"].format(n=2, full=2) in captions
    assert [c for c in captions if c.startswith("利润 95% 区间") and "（2 次重复）" in c]

    def working() -> dict:
        return {k: v for k, v in at.session_state["working"].items() if k not in SHORT}

    at.selectbox(key="p:packaging.option").set_value("reusable_box").run()
    at.slider(key="p:logistics.electric_share").set_value(80.0).run()
    listed = " ".join(m.value for m in at.get("markdown"))
    assert "循环快递箱" in listed and "普通纸箱" in listed          # value and baseline, as labels
    assert "packaging.option" not in listed and "reusable_box" not in listed
    assert "80%" in listed
    # one lever back: only it
    at.button(key="reset_one:packaging.option").click().run()
    assert working() == {"logistics.electric_share": pytest.approx(0.8)}
    assert not has(at.button, "reset_one:packaging.option")
    # undo twice, redo twice: the same states back, the buttons disabled at the ends
    at.button(key="undo").click().run()
    assert working() == {"packaging.option": "reusable_box", "logistics.electric_share": pytest.approx(0.8)}
    assert at.selectbox(key="p:packaging.option").value == "reusable_box"
    at.button(key="undo").click().run()
    assert working() == {"packaging.option": "reusable_box"}
    assert at.slider(key="p:logistics.electric_share").value == 0.0
    carbon = metric(at, "carbon_kg_total").value
    at.button(key="redo").click().run()
    at.button(key="redo").click().run()
    assert working() == {"logistics.electric_share": pytest.approx(0.8)}
    assert at.button(key="redo").disabled and not at.button(key="undo").disabled
    at.button(key="undo").click().run()
    at.button(key="undo").click().run()
    assert metric(at, "carbon_kg_total").value == carbon         # the same numbers back
    # a new change drops the redo steps; reset all is one step
    at.slider(key="p:logistics.electric_share").set_value(50.0).run()
    assert at.button(key="redo").disabled
    at.button(key="reset_all").click().run()
    assert at.session_state["working"] == {} and at.button(key="reset_all").disabled
    at.button(key="undo").click().run()
    assert working() == {"packaging.option": "reusable_box", "logistics.electric_share": pytest.approx(0.5)}
    assert not at.exception


def test_the_file_panel_stays_open_after_save_load_and_upload(app):
    def file_panel():
        (found,) = [e for e in app.expander if e.label == TEXT["builder.file"]["zh"]]
        return found

    assert not file_panel().proto.expanded
    app.session_state["open_file"] = True          # what opening it in the browser keeps
    app.session_state["open_group_E"] = False      # and closing a lever group
    app.run()
    assert file_panel().proto.expanded
    app.text_input(key="save_name").set_value("保留").run()
    app.button(key="save").click().run()
    assert app.success and file_panel().proto.expanded
    app.button(key="load_entry").click().run()
    assert file_panel().proto.expanded
    app.button(key="load_preset").click().run()
    assert file_panel().proto.expanded
    app.file_uploader(key="upload").set_value(
        ("ok.yaml", b"changes:\n  run.horizon_days: 60\n", "application/x-yaml")).run()
    assert not app.exception and file_panel().proto.expanded
    assert heading(app) == "ok.yaml" and origin_shown(app, "upload")
    # a lever moves: "modified from" the file; undo: the file again
    app.selectbox(key="p:packaging.option").set_value("reusable_box").run()
    assert heading(app) == TEXT["builder.title_modified"]["zh"].format(name="ok.yaml")
    app.button(key="undo").click().run()
    assert heading(app) == "ok.yaml" and file_panel().proto.expanded
    group_e = [e for e in app.expander if e.label == TEXT["builder.group_E"]["zh"]][0]
    assert not group_e.proto.expanded                 # a closed group stays closed
