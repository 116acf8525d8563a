"""A workshop of 12 teams over two rounds against one server, killed with -9 between the
rounds (issue 13's done-when).

The facilitator's session is made in the store (the page's own flow is tested in
test_workshop_browsers.py) and run from its page (``wf`` token in the URL). Twelve teams join
by the code from their own browser contexts and submit round 1 from their pages, in waves of
``WAVE`` at once; every team submits the exercise's default levers (one scenario: the server's
replication store shares its simulations) and its own predictions (so every submission's
content is its team's own). Once every round-1 result is stored, the server's whole process
group is killed with SIGKILL; a new server on the same database resumes: the facilitator
releases round 1 and opens round 2, the teams reopen their own links (their tokens), see the
round-1 leaderboard and submit round 2, the facilitator releases it. The database then holds
exactly one submission per (team, round) with the content the team submitted, every result,
and leaderboards equal to a ranking recomputed from the stored results (round 1's the same
as before the kill). A team's token reads only its own submission before release and can
neither change another team's submission nor act as the facilitator.

A server of its own (not the session's ``app_url``): this test kills it.
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
from conftest import (SERVER_START_TIMEOUT_S, VIEWPORT, _free_port, _health_ok, _start_server,
                      _stop, wait_for_app)
from playwright.sync_api import expect

from simulation.exercises import load_exercise
from ui.workshop_store import WorkshopError, WorkshopStore, rank

# Opt-in: 24 team visits through the browser take 150-220 s on two cores, too long for
# `make test`; run it with ESG_SIM_LOAD_TESTS=1 (the store-level version, 12 processes and a
# SIGKILL, runs in tests/unit/test_workshop_store.py every time).
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not os.environ.get("ESG_SIM_LOAD_TESTS"),
                                 reason="a load test: set ESG_SIM_LOAD_TESTS=1 to run it")]

EXERCISE = "green_logistics_last_mile"
TEAMS = 12
ROUNDS = 2
WAVE = 6                          # teams acting at once (bounded concurrency)
PIN = "4711"
NAMES = ["Falcon", "Heron", "Otter", "Badger", "Lynx", "Marten", "Osprey", "Plover",
         "Quokka", "Raven", "Stoat", "Wren"]
PRED_KPI = "on_time_rate"         # a goal KPI of the exercise: typed in percent
RESULTS_TIMEOUT_S = 300
PAGE_TIMEOUT_MS = 120_000


def _prediction(rnd: int, i: int) -> float:
    """Team i's on-time prediction for round rnd, in percent (distinct for every pair)."""
    return 60.0 + 10.0 * (rnd - 1) + i


def _serve(env: dict[str, str], log: Path):
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = _start_server(port, env, log)
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while not _health_ok(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            _stop(proc)
            pytest.fail(f"the app server did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.25)
    return proc, url


def _kill_9(proc) -> None:
    """kill -9 the server's whole process group (its worker processes too)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _open(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded", timeout=60_000)


def _ready(page) -> None:
    page.get_by_test_id("stAppViewContainer").wait_for(state="attached", timeout=60_000)
    wait_for_app(page, timeout_ms=PAGE_TIMEOUT_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def _click(page, key: str) -> None:
    button = page.locator(f".st-key-{key} button")
    expect(button).to_have_count(1, timeout=PAGE_TIMEOUT_MS)    # no stale copy mid-rerun
    button.click()


def _waves(items: list) -> list[list]:
    """The first team alone (its simulation fills the server's replication store, which the
    other teams' identical scenarios then share), then WAVE teams at a time."""
    return [items[:1]] + [items[start:start + WAVE] for start in range(1, len(items), WAVE)]


def _wait_results(ws: WorkshopStore, fac: str, rnd: int, server_log: Path, n: int = TEAMS) -> None:
    deadline = time.monotonic() + RESULTS_TIMEOUT_S
    while True:
        over = ws.overview(fac)
        done = over.with_result[rnd]
        if len(done) >= n and not ws.pending_for(fac):
            return
        if time.monotonic() > deadline:
            pytest.fail(f"round {rnd}: {len(done)} of {n} results after {RESULTS_TIMEOUT_S} s "
                        f"(submitted: {len(over.submitted[rnd])}); server log:\n"
                        f"{server_log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.5)


def _submit(wave: list, rnd: int) -> None:
    """The wave's teams type their predictions, then submit round ``rnd`` all at once."""
    for i, page in wave:
        field = page.locator(f'[class*="st-key-ws_pred"][class*="{PRED_KPI}"] input')
        field.fill(f"{_prediction(rnd, i):.1f}")
        field.press("Enter")
    for _i, page in wave:
        wait_for_app(page, timeout_ms=PAGE_TIMEOUT_MS)
    for _i, page in wave:                        # the wave's submissions in flight together
        _click(page, "ws_submit")
    for i, page in wave:
        # the page's own record of the stored submission (the transient "submitted" note can
        # be gone already when the page polls and reruns); team 0 replaced one in round 2
        version = 2 if (rnd, i) == (2, 0) else 1
        expect(page.get_by_text(re.compile(rf"Your scenario for round {rnd}\s*\(version {version}\)"))) \
            .to_be_visible(timeout=PAGE_TIMEOUT_MS)
        wait_for_app(page, timeout_ms=PAGE_TIMEOUT_MS)


def test_twelve_teams_two_rounds_survive_kill_9_between_rounds(chromium, tmp_path):
    t0 = time.monotonic()
    db = tmp_path / "lib" / "library.db"
    db.parent.mkdir()
    env = {**os.environ, "ESG_SIM_LIBRARY": str(db)}
    ws = WorkshopStore(db)
    goal = load_exercise(EXERCISE).goals[0]
    code, fac = ws.create_session(EXERCISE, TEAMS, ROUNDS, PIN, tiebreak=(goal.kpi, goal.op))

    procs = []
    contexts = []

    def new_page(url: str):
        context = chromium.new_context(viewport=VIEWPORT, base_url=url)
        context.set_default_timeout(60_000)
        contexts.append(context)
        return context.new_page()

    tokens: list[str] = []
    try:
        # -- round 1 on the first server --------------------------------------------------------
        proc, url = _serve(env, tmp_path / "server1.log")
        procs.append(proc)
        fac_page = new_page(url)
        _open(fac_page, f"/workshop?lang=en&wf={fac}")
        _ready(fac_page)
        expect(fac_page.get_by_test_id("stMetricValue").first).to_have_text(code)

        # teams join by the join link and submit, a wave at a time; a wave's pages close once
        # it has submitted (their tokens ride in the URL), but for the first team's, kept open
        teams: dict[int, object] = {}
        for n, wave_ids in enumerate(_waves(list(range(TEAMS)))):
            wave = [(i, new_page(url)) for i in wave_ids]
            for _i, page in wave:
                _open(page, f"/workshop?lang=en&code={code}")
            for i, page in wave:
                _ready(page)
                field = page.locator(".st-key-ws_join_name input")
                field.fill(NAMES[i])
                field.press("Enter")
            for _i, page in wave:
                wait_for_app(page, timeout_ms=PAGE_TIMEOUT_MS)
            for _i, page in wave:                    # the wave joins at once
                _click(page, "ws_join")
            for i, page in wave:
                expect(page.get_by_text(f"You are team {NAMES[i]}")).to_be_visible(
                    timeout=PAGE_TIMEOUT_MS)
                expect(page).to_have_url(re.compile(r"[?&]wt="), timeout=30_000)
                tokens.append(parse_qs(urlparse(page.url).query)["wt"][0])
                wait_for_app(page, timeout_ms=PAGE_TIMEOUT_MS)
            _submit(wave, 1)
            print(f"round 1 wave {n}: {time.monotonic() - t0:.1f} s")
            if n == 0:
                _wait_results(ws, fac, 1, tmp_path / "server1.log", n=1)
                teams[0] = wave[0][1]
            else:
                for _i, page in wave:
                    page.context.close()
        assert sorted(ws.overview(fac).teams) == sorted(NAMES)     # joined in waves: any order
        t_joined = time.monotonic()

        _wait_results(ws, fac, 1, tmp_path / "server1.log")
        t_round1 = time.monotonic()

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
        # ... nor does its page: no other team's name, no leaderboard
        for other in NAMES[1:]:
            expect(teams[0].get_by_text(other)).to_have_count(0)
        expect(teams[0].get_by_test_id("stDataFrame")).to_have_count(0)
        board1_before = ws.leaderboard(fac, 1)

        # -- kill -9 between the rounds; a new server on the same database ------------------------
        _kill_9(proc)
        with sqlite3.connect(db) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        proc, url = _serve(env, tmp_path / "server2.log")
        procs.append(proc)
        t_restarted = time.monotonic()

        assert ws.leaderboard(fac, 1) == board1_before
        _open(fac_page, f"{url}/workshop?lang=en&wf={fac}")
        _ready(fac_page)
        expect(fac_page.get_by_text(re.compile(
            rf"Round 1: {TEAMS} of {TEAMS} teams have submitted; {TEAMS} results"))).to_be_visible()
        _click(fac_page, "ws_release")
        expect(fac_page.get_by_text(re.compile("results released"))).to_be_visible(timeout=60_000)
        wait_for_app(fac_page, timeout_ms=PAGE_TIMEOUT_MS)
        _click(fac_page, "ws_next")
        wait_for_app(fac_page, timeout_ms=PAGE_TIMEOUT_MS)
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

        # -- round 2 on the new server: each team reopens its own link ---------------------------
        teams[0].context.close()
        for n, wave_ids in enumerate(_waves(list(range(TEAMS)))):
            wave = [(i, new_page(url)) for i in wave_ids]
            for i, page in wave:
                _open(page, f"/workshop?lang=en&wt={tokens[i]}")
            for i, page in wave:
                _ready(page)
                expect(page.get_by_text(f"You are team {NAMES[i]}")).to_be_visible()
                expect(page.get_by_text("Leaderboard", exact=True)).to_be_visible()
                expect(page.get_by_test_id("stDataFrame")).to_have_count(1)
            _submit(wave, 2)
            print(f"round 2 wave {n}: {time.monotonic() - t0:.1f} s")
            if n == 0:
                _wait_results(ws, fac, 2, tmp_path / "server2.log", n=1)
            if n < len(_waves(list(range(TEAMS)))) - 1:
                for _i, page in wave:
                    page.context.close()
            else:
                last = wave[-1][1]
        _wait_results(ws, fac, 2, tmp_path / "server2.log")
        _click(fac_page, "ws_release")
        wait_for_app(fac_page, timeout_ms=PAGE_TIMEOUT_MS)
        assert ws.session_of(fac).released == {1, 2}
        # a team's page shows round 2's leaderboard after the release (it polls: no reload)
        # (the round picker keeps the round the team was looking at: round 2 is a new choice)
        expect(last.get_by_text("Round 2 of 2 · results released")).to_be_visible(timeout=30_000)
        wait_for_app(last, timeout_ms=PAGE_TIMEOUT_MS, initial_wait_ms=0)
        last.locator(".st-key-ws_team_round").click()
        expect(last.get_by_role("option", name="Round 2")).to_be_visible()
        last.get_by_role("option", name="Round 2").click()
        wait_for_app(last, timeout_ms=PAGE_TIMEOUT_MS)
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
