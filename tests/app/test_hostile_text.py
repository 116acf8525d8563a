"""Hostile text from other users, files and links, on every page in both languages: a
library entry named with Markdown link/image syntax or HTML, a stored file whose title is
a lone surrogate, a share link whose echoed value is a Markdown link, uploads whose title
holds Markdown or a lone surrogate. No page raises or shows a traceback, and no element
renders the hostile text as a link, an image or HTML: it appears escaped (``\\[``)."""

from __future__ import annotations

import re
import sqlite3

import pytest
from streamlit.testing.v1 import AppTest

from simulation import Scenario
from ui import compare, library, share

TIMEOUT_S = 180
PAGES = ("app.py", "pages/1_builder.py", "pages/2_compare.py", "pages/3_methodology.py",
         "pages/4_sensitivity.py", "pages/5_optimiser.py", "pages/6_classroom.py",
         "pages/7_workshop.py", "pages/8_policy_lab.py")
LINK_NAME = "[click me](https://evil.example/login)"
IMAGE_NAME = "![x](http://ev.il/x.png)"
HTML_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_NAMES = (LINK_NAME, IMAGE_NAME, HTML_NAME)
MARKERS = ("evil", "ev.il", "ev\\.il", "onerror", "Re-login", "Hijack")
LIVE_LINK = re.compile(r"(?<!\\)!?\[[^\]]*(?<!\\)\]\(")
LIVE_TAG = re.compile(r"(?<!\\)<[A-Za-z/!]")
BARE_URL = re.compile(r"https?://|(?<![\\\w])www\.", re.IGNORECASE)


def rendered(at: AppTest) -> list[str]:
    """The Markdown bodies of every element that renders Markdown."""
    out = []
    for kind in ("markdown", "caption", "info", "success", "warning", "error", "title",
                 "header", "subheader", "toast"):
        out += [str(e.value) for e in getattr(at, kind, [])]
    return out


def assert_inert(at: AppTest) -> list[str]:
    """No exception, no traceback; every element that shows hostile text shows it escaped.
    Returns the bodies that held hostile text."""
    assert not at.exception, [e.value for e in at.exception]
    hostile = []
    for body in rendered(at):
        assert "Traceback" not in body and "UnicodeEncodeError" not in body, body
        if any(m in body for m in MARKERS):
            hostile.append(body)
            assert not LIVE_LINK.search(body), body
            assert not LIVE_TAG.search(body), body
            assert not BARE_URL.search(body), body
    return hostile


@pytest.fixture
def hostile_library(tmp_path, monkeypatch):
    """A workspace (its token) holding entries with hostile names, and stored texts the
    loader refuses (a lone surrogate or a control character in the title, malformed YAML
    under a hostile name), as a damaged or outdated database would hold them."""
    path = tmp_path / "library"
    monkeypatch.setenv("ESG_SIM_LIBRARY", str(path))
    token = library.new_workspace()
    lib = library.Library(workspace=token)
    for i, name in enumerate(HOSTILE_NAMES):
        lib.save(name, Scenario().with_changes({"staff.packers": 3 + i}),
                 description=f"see {LINK_NAME}")
    con = sqlite3.connect(lib.path)
    with con:
        for name, text in (("surrogate", 'title: "\\ud800x"\nchanges: {}\n'),
                           ("control", 'title: "a\\x1b[31mred"\nchanges: {}\n'),
                           ("x [Hijack](javascript:alert(1))", "changes: [unclosed\n")):
            con.execute("INSERT INTO entries(workspace, name, yaml, size, saved_at) "
                        "VALUES (?, ?, ?, ?, 0)", (lib._ws, name, text, len(text)))
    con.close()
    return token


def new_app(repo_root, page: str, lang: str, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
    at.query_params["lang"] = lang
    for k, v in (query or {}).items():
        at.query_params[k] = v
    if page != "app.py":
        at.switch_page(page)
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_with_a_hostile_library(repo_root, hostile_library, page, lang):
    at = new_app(repo_root, page, lang, {"ws": hostile_library}).run()
    hostile = assert_inert(at)
    if page in ("pages/1_builder.py", "pages/2_compare.py"):
        # the skipped files are reported (escaped), the good entries are offered
        assert any("Hijack" in b for b in hostile), hostile


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_loading_saving_and_deleting_hostile_names_on_the_builder(repo_root, hostile_library,
                                                                   lang):
    at = new_app(repo_root, "pages/1_builder.py", lang, {"ws": hostile_library}).run()
    assert_inert(at)
    assert set(HOSTILE_NAMES) <= set(at.selectbox(key="library_choice").options)
    for name in HOSTILE_NAMES:
        at.selectbox(key="library_choice").set_value(name).run()
        at.button(key="load_entry").click().run()
        hostile = assert_inert(at)
        assert at.success and any("\\[" in b or "\\<" in b for b in hostile), hostile
    at.text_input(key="save_name").set_value(LINK_NAME).run()
    at.button(key="save").click().run()                      # taken: asks to overwrite
    hostile = assert_inert(at)
    assert any("\\[click me\\]" in b for b in hostile), hostile
    at.button(key="overwrite").click().run()
    assert_inert(at)
    at.selectbox(key="library_choice").set_value(IMAGE_NAME).run()
    at.button(key="delete_entry").click().run()
    hostile = assert_inert(at)
    assert any("\\!\\[x\\]" in b for b in hostile), hostile


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_a_share_link_echoing_a_markdown_link(repo_root, tmp_path, monkeypatch, page, lang):
    monkeypatch.setenv("ESG_SIM_LIBRARY", str(tmp_path / "library"))
    params = share.encode(Scenario().with_changes({"staff.packers": 4}), 7, 3, lang)
    params["seed"] = "[Re-login](http://ev.il)"
    params = share.sign(params)                                 # re-signed
    at = new_app(repo_root, page, lang, params).run()
    hostile = assert_inert(at)
    if page == "pages/1_builder.py":
        assert at.error and any("\\[Re-login\\]" in b for b in hostile), hostile


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hostile_uploads_on_compare(repo_root, tmp_path, monkeypatch, lang):
    monkeypatch.setenv("ESG_SIM_LIBRARY", str(tmp_path / "library"))
    at = new_app(repo_root, "pages/2_compare.py", lang).run()
    assert_inert(at)
    titled = (f"title: {{zh: '{LINK_NAME}', en: '{IMAGE_NAME}'}}\n"
              "changes: {packaging.option: recycled_carton}\n").encode()
    surrogate = b'title: "\\ud800x"\nchanges: {}\n'
    control = b'title: "a\\x07b"\nchanges: {}\n'
    quoted = b"changes: {staff.packers: '4'}\n"
    at.file_uploader(key=compare.upload_key()).set_value([
        ("titled.yaml", titled, "application/x-yaml"),
        ("surrogate.yaml", surrogate, "application/x-yaml"),
        ("control.yaml", control, "application/x-yaml"),
        ("quoted.yaml", quoted, "application/x-yaml"),
        ("[Hijack](http://ev.il).yaml", b"changes: {nope: 1}\n", "application/x-yaml")])
    at.run()
    hostile = assert_inert(at)
    errors = [e.value for e in at.error]
    assert len(errors) == 4, errors
    assert any("\\[Hijack\\]" in e for e in errors), errors
    assert any("staff.packers" in e and "'4'" in e for e in errors), errors
    chosen = at.multiselect(key=compare.W_SELECTION).value
    assert chosen[-1].startswith("upload:")
    at.run()                                                   # a rerun: same messages
    assert_inert(at)
    assert [e.value for e in at.error] == errors
    assert any("\\[Hijack\\]" in b for b in hostile), hostile


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hostile_uploads_on_the_builder(repo_root, tmp_path, monkeypatch, lang):
    monkeypatch.setenv("ESG_SIM_LIBRARY", str(tmp_path / "library"))
    at = new_app(repo_root, "pages/1_builder.py", lang).run()
    for name, data in [
            ("[Hijack](http://ev.il).yaml", b"changes: {staff.packers: 4}\n"),
            ("<img src=x onerror=alert(1)>.yaml", b'title: "\\ud800x"\nchanges: {}\n'),
            ("ok.yaml", f"title: '{LINK_NAME}'\nchanges: {{nope: 1}}\n".encode())]:
        at.file_uploader(key="upload").set_value((name, data, "application/x-yaml")).run()
        hostile = assert_inert(at)
        assert hostile or at.error, name


def release_made_up_results(ws, facilitator: str, teams: list[str]) -> None:
    """Every team submits round 1 and gets a made-up result (no simulation: the page only
    reads what is stored), beside the facilitator's reference line; round 1 is released."""
    from simulation import KPI_NAMES

    for i, token in enumerate(teams):
        sub = ws.submit(token, 1, {}, {})
        kpis = [{k: 1.0 + 0.1 * i + 0.01 * r for k in KPI_NAMES} for r in range(6)]
        ws.record_result(sub.team_id, 1, sub.version, kpis,
                         {"probability": 1.0 - i / 6, "ci_low": 0.3, "ci_high": 1.0,
                          "met": i == 0, "replications": 6, "successes": 6 - i, "goals": []})
    ws.record_reference(ws.session_of(facilitator).id, kpis,
                        {"probability": 1.0, "ci_low": 0.54, "ci_high": 1.0, "met": True,
                         "replications": 6, "successes": 6, "goals": []})
    ws.release(facilitator, 1)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("released", [False, True], ids=["joined", "released"])
@pytest.mark.parametrize("role", ["facilitator", "team"])
def test_hostile_team_names_in_a_workshop(repo_root, tmp_path, monkeypatch, role, released,
                                          lang):
    """Teams named with Markdown link/image syntax or HTML, with nothing submitted or with
    round 1 released from stored results (no simulation): the facilitator's list of teams
    and of those not yet submitted, a team's own "you are" line, the leaderboard and the
    report control show the names escaped or as table cells."""
    from simulation.exercises import list_exercises
    from ui import workshop
    from ui.workshop_store import WorkshopStore

    monkeypatch.setenv("ESG_SIM_LIBRARY", str(tmp_path / "library"))
    ws = WorkshopStore()
    code, facilitator = ws.create_session(list_exercises()[0], 4, 2, "4821")
    teams = [ws.join(code, name) for name in HOSTILE_NAMES]
    if released:
        release_made_up_results(ws, facilitator, teams)
    query = ({workshop.TEAM_PARAM: teams[0]} if role == "team"
             else {workshop.FACILITATOR_PARAM: facilitator})
    at = new_app(repo_root, "pages/7_workshop.py", lang, query).run()
    hostile = assert_inert(at)
    assert any("\\[click me\\]" in b for b in hostile), hostile
    if role == "facilitator":
        assert any("onerror" in b for b in hostile) and any("ev.il" in b or "ev\\.il" in b
                                                             for b in hostile), hostile
    elif not released:                     # a team sees no other team's name before release
        assert not any("onerror" in b or "ev.il" in b or "ev\\.il" in b for b in hostile), hostile
    if released:                           # the names are table cells, as typed
        cells = {str(v) for df in at.dataframe for v in df.value.to_numpy().ravel()}
        assert set(HOSTILE_NAMES) <= cells, cells


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_workshop_join_link_echoing_a_markdown_link(repo_root, tmp_path, monkeypatch, lang):
    """A join link whose code is a Markdown link: the code field shows it as typed; joining
    with it is refused with an escaped message."""
    from ui import workshop

    monkeypatch.setenv("ESG_SIM_LIBRARY", str(tmp_path / "library"))
    at = new_app(repo_root, "pages/7_workshop.py", lang,
                 {workshop.CODE_PARAM: "[Re-login](http://ev.il)"}).run()
    assert_inert(at)
    at.text_input(key="ws_join_name").set_value(LINK_NAME)
    at.button(key="ws_join").click().run()
    assert_inert(at)
    assert at.error, "a bad code is refused"
