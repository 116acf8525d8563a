"""A workshop of 12 teams over two rounds against one server, killed with -9 between the
rounds (issue 13's done-when).

The facilitator's session is made in the store (the page's own flow is tested in
test_workshop_browsers.py) and run from its page (``wf`` token in the URL). Twelve teams, a
browser tab each, join by the join link (all at once) and submit round 1 from their pages:
the first team alone (its simulation fills the server's replication store), then the other
eleven at once. Every team submits the exercise's default levers (one scenario: the
replication store shares its simulations) and its own predictions (so every submission's
content is its team's own). Once every round-1 result is stored, the server's whole process
group is killed with SIGKILL; a new server on the same database and port resumes, and the
open pages reconnect to it by themselves (a new server session each, its role from the token
in the URL): the facilitator releases round 1 and opens round 2, every team's page shows the
round-1 leaderboard and the new round by itself, the teams submit round 2 (again the first
alone, then eleven at once), the facilitator releases it and a team's "Round shown" picker
moves to round 2. The database is the oracle: it then holds exactly one submission per
(team, round) with the content the team submitted, every result, and leaderboards equal to a
ranking recomputed from the stored results (round 1's the same as before the kill). A team's
token reads only its own submission before release and can neither change another team's
submission nor act as the facilitator.

A server of its own (not the session's ``app_url``): this test kills it. Each page is loaded
once; the waits are on the database, not on each team's rendering of its result.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import SERVER_START_TIMEOUT_S, VIEWPORT, _free_port, _health_ok, _start_server, wait_for_app
from playwright.sync_api import expect

from simulation.exercises import load_exercise
from ui.workshop_store import WorkshopError, WorkshopStore, rank

# Opt-in: twelve live browser tabs and their server sessions over two rounds are about 150 s
# of CPU (the browser's drawing of the pages half, the server's page runs and polls over a
# third, the simulations the rest): 110-135 s on two cores, too long for `make test`; run it with
# ESG_SIM_LOAD_TESTS=1 (the store-level version, 12 processes and a SIGKILL, runs in
# tests/unit/test_workshop_store.py every time).
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not os.environ.get("ESG_SIM_LOAD_TESTS"),
                                 reason="a load test: set ESG_SIM_LOAD_TESTS=1 to run it")]

EXERCISE = "green_logistics_last_mile"
TEAMS = 12
ROUNDS = 2
PIN = "4711"
NAMES = ["Falcon", "Heron", "Otter", "Badger", "Lynx", "Marten", "Osprey", "Plover",
         "Quokka", "Raven", "Stoat", "Wren"]
PRED_KPI = "on_time_rate"         # a goal KPI of the exercise: typed in percent
RESULTS_TIMEOUT_S = 240
PAGE_TIMEOUT_MS = 120_000


def _prediction(rnd: int, i: int) -> float:
    """Team i's on-time prediction for round rnd, in percent (distinct for every pair)."""
    return 60.0 + 10.0 * (rnd - 1) + i


def _serve(env: dict[str, str], log: Path, port: int | None = None):
    """A server on ``port`` (default: a free one): (process, url), or None when it could not
    listen there (another process took the port)."""
    port = port or _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = _start_server(port, env, log)
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while not _health_ok(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            _kill_9(proc)
            text = log.read_text(errors="replace")
            if "already in use" in text or "not available" in text:
                return None
            pytest.fail(f"the app server did not start:\n{text[-3000:]}")
        time.sleep(0.25)
    return proc, url


def _kill_9(proc) -> None:
    """kill -9 the server's whole process group (its worker processes too)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _ready(page) -> None:
    page.get_by_test_id("stAppViewContainer").wait_for(state="attached", timeout=60_000)
    wait_for_app(page, timeout_ms=PAGE_TIMEOUT_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def _click(page, key: str) -> None:
    button = page.locator(f".st-key-{key} button")
    expect(button).to_have_count(1, timeout=PAGE_TIMEOUT_MS)    # no stale copy mid-rerun
    button.click()


def _type(page, selector: str, text: str) -> None:
    field = page.locator(selector)
    field.fill(text)
    field.press("Enter")


def _submit(pages: dict[int, object], rnd: int) -> None:
    """The teams type their predictions, then submit round ``rnd`` all at once (no wait for
    their pages to show it: the database is the oracle)."""
    for i, page in pages.items():
        _type(page, f'[class*="st-key-ws_pred"][class*="{PRED_KPI}"] input', f"{_prediction(rnd, i):.1f}")
    for page in pages.values():
        _click(page, "ws_submit")


def _wait_stored(ws: WorkshopStore, fac: str, rnd: int, teams: list[str], log: Path) -> None:
    """Until each of ``teams`` has its round-``rnd`` submission, with this round's prediction,
    and its result stored."""
    want = {NAMES.index(n): n for n in teams}
    deadline = time.monotonic() + RESULTS_TIMEOUT_S
    while True:
        subs = {x.team: x for x in ws.submissions(fac) if x.round == rnd}
        done = {x.team for x in ws.results(fac, rnd)} if subs else set()
        ok = [n for i, n in want.items() if n in subs and n in done
              and subs[n].predictions.get(PRED_KPI) == pytest.approx(_prediction(rnd, i) / 100)]
        if len(ok) == len(want) and not ws.pending_for(fac):
            return
        if time.monotonic() > deadline:
            pytest.fail(f"round {rnd}: {len(ok)} of {len(want)} submissions with results after "
                        f"{RESULTS_TIMEOUT_S} s (missing: {sorted(set(want.values()) - set(ok))}); "
                        f"server log:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.25)


def test_twelve_teams_two_rounds_survive_kill_9_between_rounds(chromium, tmp_path):
    t0 = time.monotonic()
    db = tmp_path / "lib" / "library.db"
    db.parent.mkdir()
    env = {**os.environ, "ESG_SIM_LIBRARY": str(db)}
    ws = WorkshopStore(db)
    goal = load_exercise(EXERCISE).goals[0]
    code, fac = ws.create_session(EXERCISE, TEAMS, ROUNDS, PIN, tiebreak=(goal.kpi, goal.op))
    logs = [tmp_path / "server1.log", tmp_path / "server2.log"]

    procs = []
    contexts = []

    def new_context(url: str):
        context = chromium.new_context(viewport=VIEWPORT, base_url=url)
        context.set_default_timeout(60_000)
        contexts.append(context)
        return context

    tokens: list[str] = []
    try:
        # -- round 1 on the first server --------------------------------------------------------
        served = _serve(env, logs[0])
        assert served is not None, "no free port"
        proc, url = served
        procs.append(proc)
        fac_page = new_context(url).new_page()
        fac_page.goto(f"/workshop?lang=en&wf={fac}", wait_until="commit")
        # the twelve teams' tabs share one browser context, so the app's scripts are loaded
        # and compiled once, not twelve times: each tab is its own server session and its
        # team is the token in its own URL (the app keeps nothing in cookies or storage);
        # teams in separate contexts: test_workshop_browsers.py
        teams_context = new_context(url)
        pages = {i: teams_context.new_page() for i in range(TEAMS)}
        for page in pages.values():
            page.goto(f"/workshop?lang=en&code={code}", wait_until="commit")
        _ready(fac_page)
        expect(fac_page.get_by_test_id("stMetricValue").first).to_have_text(code)

        # the twelve teams join by the join link's code at once
        for i, page in pages.items():
            _ready(page)
            _type(page, ".st-key-ws_join_name input", NAMES[i])
        for page in pages.values():
            _click(page, "ws_join")
        for i, page in pages.items():
            expect(page.get_by_text(f"You are team {NAMES[i]}")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
            expect(page).to_have_url(re.compile(r"[?&]wt="), timeout=30_000)
            tokens.append(parse_qs(urlparse(page.url).query)["wt"][0])
        assert sorted(ws.overview(fac).teams) == sorted(NAMES)     # joined at once: any order
        t_joined = time.monotonic()
        print(f"joined: {t_joined - t0:.1f} s")

        # round 1: the first team alone (its simulation fills the store), then eleven at once
        _submit({0: pages[0]}, 1)
        _wait_stored(ws, fac, 1, NAMES[:1], logs[0])
        _submit({i: pages[i] for i in range(1, TEAMS)}, 1)
        _wait_stored(ws, fac, 1, NAMES, logs[0])
        t_round1 = time.monotonic()
        print(f"round 1 stored: {t_round1 - t0:.1f} s")

        # before release: a team's token sees its own submission only, no results
        a, b = tokens[0], tokens[1]
        view = ws.team_view(a)
        assert set(view.submissions) == {1} and view.submissions[1].team == NAMES[0]
        assert view.results == {}
        for read in (ws.results, ws.leaderboard, ws.reference):
            with pytest.raises(WorkshopError) as err:
                read(a, 1)
            assert err.value.key == "workshop.not_released"
        for fake in (fac, b[:-1] + ("A" if b[-1] != "A" else "B")):
            with pytest.raises(WorkshopError):
                ws.team_view(fake)                      # not a team token / an unknown one
        # ... nor does its page: its own submission, no other team's name, no leaderboard
        expect(pages[0].get_by_text(re.compile(r"Your scenario for round 1\s*\(version 1\)"))) \
            .to_be_visible(timeout=PAGE_TIMEOUT_MS)
        for other in NAMES[1:]:
            expect(pages[0].get_by_text(other)).to_have_count(0)
        expect(pages[0].get_by_test_id("stDataFrame")).to_have_count(0)
        board1_before = ws.leaderboard(fac, 1)

        # -- kill -9 between the rounds; a new server on the same database and port ---------------
        _kill_9(proc)
        with sqlite3.connect(db) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        port = urlparse(url).port
        served = _serve(env, logs[1], port)
        if served is None:                              # the port was taken meanwhile: reopen
            served = _serve(env, logs[1])
            assert served is not None, "no free port"
            for page in [fac_page, *pages.values()]:
                page.goto(served[1] + urlparse(page.url)._replace(scheme="", netloc="").geturl(),
                          wait_until="commit")
        proc, url = served
        procs.append(proc)
        t_restarted = time.monotonic()
        print(f"restarted: {t_restarted - t0:.1f} s")
        assert ws.leaderboard(fac, 1) == board1_before

        # the facilitator's page is back by itself: it releases round 1 and opens round 2
        expect(fac_page.get_by_text(re.compile(
            rf"Round 1: {TEAMS} of {TEAMS} teams have submitted; {TEAMS} results"))) \
            .to_be_visible(timeout=PAGE_TIMEOUT_MS)
        _ready(fac_page)
        _click(fac_page, "ws_release")
        expect(fac_page.get_by_text(re.compile("results released"))).to_be_visible(timeout=60_000)
        wait_for_app(fac_page, timeout_ms=PAGE_TIMEOUT_MS)
        _click(fac_page, "ws_next")
        expect(fac_page.get_by_text("Round 2 of 2 · open for submissions")).to_be_visible(
            timeout=PAGE_TIMEOUT_MS)
        s = ws.session_of(fac)
        assert s.current_round == 2 and s.released == {1} and s.round_open(2)

        # a team's token can change no other team's submission (only its own, and not a
        # locked round's)
        sub_b1 = {x.team: x for x in ws.submissions(fac)}[NAMES[1]]
        with pytest.raises(WorkshopError) as err:
            ws.submit(a, 1, {}, {PRED_KPI: 0.01})
        assert err.value.key == "workshop.round_closed"
        forged = ws.submit(a, 2, {}, {PRED_KPI: 0.02})
        assert forged.team == NAMES[0]              # the token's own team, whatever is sent
        with pytest.raises(WorkshopError):
            ws.release(a, 2)                        # a team token does not run the session
        assert {x.team: x for x in ws.submissions(fac) if x.round == 1}[NAMES[1]] == sub_b1
        assert [x.team for x in ws.submissions(fac) if x.round == 2] == [NAMES[0]]

        # -- round 2 on the new server: every team's page follows by itself ----------------------
        for i, page in pages.items():
            expect(page.get_by_text(f"You are team {NAMES[i]}")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
            expect(page.get_by_text("Round 2 of 2 · open for submissions")).to_be_visible(
                timeout=PAGE_TIMEOUT_MS)
            expect(page.get_by_text("Leaderboard", exact=True)).to_be_visible()   # round 1's
            expect(page.get_by_test_id("stException")).to_have_count(0)
        # (the board's table on two pages: twelve pages drawing it at once is the browser's work)
        for page in (pages[0], pages[TEAMS - 1]):
            expect(page.get_by_test_id("stDataFrame")).to_have_count(1, timeout=PAGE_TIMEOUT_MS)
        print(f"round 2 shown: {time.monotonic() - t0:.1f} s")
        _submit({0: pages[0]}, 2)
        _wait_stored(ws, fac, 2, NAMES[:1], logs[1])
        _submit({i: pages[i] for i in range(1, TEAMS)}, 2)
        _wait_stored(ws, fac, 2, NAMES, logs[1])
        wait_for_app(fac_page, timeout_ms=PAGE_TIMEOUT_MS, initial_wait_ms=0)
        _click(fac_page, "ws_release")
        wait_for_app(fac_page, timeout_ms=PAGE_TIMEOUT_MS)
        assert ws.session_of(fac).released == {1, 2}
        # a team's page shows round 2's leaderboard after the release (it polls: no reload),
        # its "Round shown" picker on the newly released round
        last = pages[TEAMS - 1]
        expect(last.get_by_text("Round 2 of 2 · results released")).to_be_visible(timeout=30_000)
        expect(last.get_by_role("combobox", name="Round shown")).to_have_value("Round 2")
        expect(last.get_by_test_id("stDataFrame")).to_have_count(1)
        expect(last.get_by_test_id("stException")).to_have_count(0)
        t_round2 = time.monotonic()
    finally:
        for context in contexts:
            with contextlib.suppress(Exception):
                context.close()
        for p in procs:
            _kill_9(p)

    # -- what the database holds ---------------------------------------------------------------
    subs = ws.submissions(fac)
    assert len(subs) == TEAMS * ROUNDS
    assert len({(x.team, x.round) for x in subs}) == TEAMS * ROUNDS
    for x in subs:
        i = NAMES.index(x.team)
        assert x.changes == {}, (x.team, x.round, x.changes)
        assert x.predictions == pytest.approx({PRED_KPI: _prediction(x.round, i) / 100}), \
            (x.team, x.round, x.predictions)
        # round 2 of team 0 replaced its token-only submission: version 2
        assert x.version == (2 if (x.round, i) == (2, 0) else 1), (x.team, x.round, x.version)
    s = ws.session_of(fac)
    for rnd in (1, 2):
        results = ws.results(fac, rnd)
        by_team = {r.team: r for r in results}
        assert sorted(by_team) == sorted(NAMES) and len(results) == TEAMS
        versions = {x.team: x.version for x in subs if x.round == rnd}
        for r in results:
            assert r.version == versions[r.team] and len(r.kpis) == load_exercise(EXERCISE) \
                .replications
        board = ws.leaderboard(fac, rnd)
        assert board == rank(results, s.tiebreak_kpi, s.tiebreak_higher)
        assert sorted(st.team for st in board) == sorted(NAMES)
        assert ws.leaderboard(tokens[5], rnd) == board      # released: every team sees it
    assert ws.leaderboard(fac, 1) == board1_before
    print(f"\ntimings: joined {t_joined - t0:.1f} s, round 1 with results {t_round1 - t0:.1f} s, "
          f"restarted {t_restarted - t0:.1f} s, round 2 released {t_round2 - t0:.1f} s, "
          f"total {time.monotonic() - t0:.1f} s")
