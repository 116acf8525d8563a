"""The workshop store: the whole flow of a session; tokens that keep teams apart (a team
cannot read or change another's submission, nor see results before release); the PIN; the
limits with their messages; the leaderboard's rule for ties; and 12 teams submitting at once
from 12 processes over two rounds while a process holding the database is killed with
SIGKILL between the rounds, after which every submission, result and leaderboard is intact."""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import signal
import sqlite3
import time

import pytest
from scipy import stats

from ui import workshop_store as ws
from ui.i18n import english_words
from ui.workshop_store import WorkshopError, WorkshopStore

PIN = "4711"


def _store(tmp_path, **kw) -> WorkshopStore:
    return WorkshopStore(tmp_path / "library.db", **kw)


def fake_result(team: str, rnd: int, changes: dict, reps: int = 6) -> tuple[list[dict], dict]:
    """A deterministic stand-in for a simulation's result (a function of what was submitted)."""
    seed = hashlib.sha256(json.dumps([team, rnd, changes], sort_keys=True).encode()).digest()
    kpis = [{"carbon_kg_per_order": 0.2 + seed[i] / 1000, "profit_cny": 1000.0 * seed[i + 8],
             "retention_90d": seed[i + 16] / 255, "cost_total_cny": 500.0 + seed[i + 24]}
            for i in range(reps)]
    k = seed[31] % (reps + 1)
    ci = stats.binomtest(k, reps).proportion_ci(method="exact")
    return kpis, {"probability": k / reps, "ci_low": float(ci.low), "ci_high": float(ci.high),
                  "met": k / reps >= 0.8, "replications": reps, "successes": k}


def _record(store: WorkshopStore, sub: ws.Submission) -> bool:
    kpis, ev = fake_result(sub.team, sub.round, sub.changes)
    return store.record_result(sub.team_id, sub.round, sub.version, kpis, ev)


def _key(err: pytest.ExceptionInfo) -> str:
    return err.value.key


# -- the flow -----------------------------------------------------------------------------------

def test_a_whole_session(tmp_path):
    store = _store(tmp_path)
    code, fac = store.create_session("green_packaging", teams=3, rounds=2, pin=PIN,
                                     tiebreak=("carbon_kg_per_order", "<="))
    assert len(code) == ws.CODE_CHARS and set(code) <= set(ws.CODE_ALPHABET)
    a = store.join(code.lower(), "  Team   Alpha ")            # any case, trimmed
    b = store.join(f"{code[:3]}-{code[3:]}", "Beta")            # a dash is fine too
    view = store.team_view(a)
    assert view.team == "Team Alpha" and view.session.current_round == 1
    assert view.session.round_open(1) and not view.session.round_open(2)
    assert store.overview(fac).teams == ["Team Alpha", "Beta"]

    first = store.submit(a, 1, {"packaging.option": "recycled_carton"}, {"profit_cny": 1e5})
    again = store.submit(a, 1, {"packaging.option": "plastic_mailer"}, {"profit_cny": 2e5})
    assert (first.version, again.version) == (1, 2)
    store.submit(b, 1, {"packaging.option": "recycled_carton"})
    over = store.overview(fac)
    assert over.submitted[1] == ["Team Alpha", "Beta"] and over.with_result[1] == []
    assert store.team_view(a).submissions[1].changes == {"packaging.option": "plastic_mailer"}
    assert store.team_view(a).submissions[1].predictions == {"profit_cny": 2e5}

    # the server simulates: a result for the replaced submission is not stored
    kpis, ev = fake_result("Team Alpha", 1, first.changes)
    assert not store.record_result(first.team_id, 1, first.version, kpis, ev)
    for _session, sub in store.pending():
        assert _record(store, sub)
    assert store.pending() == [] and store.overview(fac).with_result[1] == ["Team Alpha", "Beta"]

    # nobody's results before release; the facilitator sees them
    assert store.team_view(a).results == {}
    with pytest.raises(WorkshopError) as err:
        store.results(a, 1)
    assert _key(err) == "workshop.not_released"
    with pytest.raises(WorkshopError):
        store.leaderboard(b, 1)
    assert len(store.results(fac, 1)) == 2
    board = store.leaderboard(fac, 1)
    assert {s.team for s in board} == {"Team Alpha", "Beta"}

    session = store.release(fac, 1)
    assert session.released == {1} and session.round_states[1] == ws.LOCKED
    with pytest.raises(WorkshopError) as err:
        store.submit(b, 1, {})
    assert _key(err) == "workshop.round_closed"
    assert store.leaderboard(a, 1) == store.leaderboard(b, 1) == board
    assert {r.team for r in store.team_view(b).results[1]} == {"Team Alpha", "Beta"}
    with pytest.raises(WorkshopError) as err:
        store.open_round(fac, 1)
    assert _key(err) == "workshop.round_released"

    session = store.advance(fac)
    assert session.current_round == 2 and session.round_states == {1: ws.LOCKED, 2: ws.OPEN}
    store.submit(b, 2, {"packaging.option": "recycled_carton"}, {"carbon_kg_per_order": 0.3})
    store.lock_round(fac, 2)
    with pytest.raises(WorkshopError):
        store.submit(a, 2, {})
    store.open_round(fac, 2)
    store.submit(a, 2, {})
    with pytest.raises(WorkshopError) as err:
        store.advance(fac)
    assert _key(err) == "workshop.last_round"
    assert not store.team_view(a).session.debrief
    assert store.reveal_debrief(fac).debrief and store.team_view(b).session.debrief

    rows = store.export_rows(fac)
    assert [(r["round"], r["team"]) for r in rows] == [(1, "Team Alpha"), (1, "Beta"),
                                                       (2, "Team Alpha"), (2, "Beta")]
    assert rows[0]["change:packaging.option"] == "plastic_mailer"
    assert rows[0]["prediction:profit_cny"] == 2e5 and rows[0]["version"] == 2
    assert rows[0]["probability"] == store.results(fac, 1)[0].evaluation["probability"]
    assert "mean:profit_cny" in rows[0] and "probability" not in rows[2]     # no result yet

    closed = store.close_session(fac)
    assert closed.closed and not closed.accepting
    with pytest.raises(WorkshopError) as err:
        store.join(code, "Gamma")
    assert _key(err) == "workshop.code_unknown"
    assert len(store.export_rows(fac)) == 4          # still readable after closing


def test_a_team_token_reaches_only_its_own_submissions(tmp_path):
    store = _store(tmp_path)
    code, fac = store.create_session("ex", teams=5, rounds=1, pin=PIN)
    a, b = store.join(code, "A"), store.join(code, "B")
    store.submit(a, 1, {"x": 1}, {"profit_cny": 1.0})
    store.submit(b, 1, {"x": 2}, {"profit_cny": 2.0})
    store.submit(a, 1, {"x": 3})                              # replaces A's, not B's
    assert {r: s.changes for r, s in store.team_view(a).submissions.items()} == {1: {"x": 3}}
    assert {r: s.changes for r, s in store.team_view(b).submissions.items()} == {1: {"x": 2}}
    assert store.team_view(b).submissions[1].version == 1
    assert [s.team for s in store.pending_for(a)] == ["A"]
    # a team token opens nothing of the facilitator's
    for call in (store.overview, store.submissions, store.export_rows, store.reveal_debrief,
                 store.advance, store.close_session):
        with pytest.raises(WorkshopError) as err:
            call(a)
        assert _key(err) == "workshop.token_bad"
    for call in (store.release, store.lock_round, store.open_round):
        with pytest.raises(WorkshopError):
            call(a, 1)
    # forged, malformed or someone else's kind of token
    fake = ws.TEAM_PREFIX + "A" * 22
    for token, key in ((fake, "workshop.token_unknown"), ("", "workshop.token_bad"),
                       (a[:-1], "workshop.token_bad"), (a + "x", "workshop.token_bad"),
                       (a[:-1] + "%", "workshop.token_bad"), (fac, "workshop.token_bad"),
                       (None, "workshop.token_bad")):
        with pytest.raises(WorkshopError) as err:
            store.submit(token, 1, {"x": 9})
        assert _key(err) == key, token
    with pytest.raises(WorkshopError):
        store.team_view(ws.FACILITATOR_PREFIX + a[2:])
    # a team of another session cannot touch this one
    code2, _fac2 = store.create_session("ex", teams=5, rounds=1, pin=PIN)
    c = store.join(code2, "A")                                # the same name elsewhere is fine
    store.submit(c, 1, {"x": 7})
    assert store.team_view(a).submissions[1].changes == {"x": 3}
    assert sorted(s.changes["x"] for s in store.submissions(fac)) == [2, 3]
    # only hashes are stored
    raw = (tmp_path / "library.db").read_bytes()
    for token in (a, b, c, fac):
        assert token.encode() not in raw and token[2:].encode() not in raw
    assert PIN.encode() not in raw


def test_the_pin(tmp_path):
    now = [1_000_000.0]
    store = _store(tmp_path, clock=lambda: now[0])
    code, fac = store.create_session("ex", teams=2, rounds=2, pin=PIN)
    other = store.facilitator_login(code, PIN)
    assert other != fac and store.overview(other).session.code == code
    store.advance(other)
    assert store.overview(fac).session.current_round == 2
    with pytest.raises(WorkshopError) as err:
        store.facilitator_login(code, "0000")
    assert _key(err) == "workshop.pin_wrong"
    with pytest.raises(WorkshopError) as err:
        store.facilitator_login(code, "")
    assert _key(err) == "workshop.pin_wrong"
    for _ in range(ws.MAX_PIN_FAILURES - 1):
        with pytest.raises(WorkshopError):
            store.facilitator_login(code, "9999")
    with pytest.raises(WorkshopError) as err:          # locked: even the right PIN waits
        store.facilitator_login(code, PIN)
    assert _key(err) == "workshop.pin_locked"
    assert err.value.fields["seconds"] == ws.PIN_LOCK_SECONDS
    now[0] += ws.PIN_LOCK_SECONDS + 1
    assert store.facilitator_login(code, PIN).startswith(ws.FACILITATOR_PREFIX)
    with pytest.raises(WorkshopError) as err:
        store.facilitator_login("ZZZZZZ", PIN)
    assert _key(err) == "workshop.code_unknown"


def test_limits_are_refused_with_their_messages(tmp_path, monkeypatch):
    now = [1_000_000.0]
    store = _store(tmp_path, clock=lambda: now[0])
    refusals = {
        "workshop.teams_range": lambda: store.create_session("ex", ws.MAX_TEAMS + 1, 2, PIN),
        "workshop.rounds_range": lambda: store.create_session("ex", 2, 0, PIN),
        "workshop.pin_length": lambda: store.create_session("ex", 2, 2, "123"),
        "workshop.exercise_bad": lambda: store.create_session("", 2, 2, PIN),
        "workshop.tiebreak_bad": lambda: store.create_session("ex", 2, 2, PIN, ("nope", ">=")),
    }
    for key, call in refusals.items():
        with pytest.raises(WorkshopError) as err:
            call()
        assert _key(err) == key
    code, fac = store.create_session("ex", teams=2, rounds=1, pin=PIN)
    for name, key in (("", "workshop.name_empty"), ("  ", "workshop.name_empty"),
                      ("x" * (ws.MAX_TEAM_NAME_CHARS + 1), "workshop.name_too_long"),
                      ("a\u202eb", "workshop.name_control"), ("a\x00b", "workshop.name_control")):
        with pytest.raises(WorkshopError) as err:
            store.join(code, name)
        assert _key(err) == key, name
    a = store.join(code, "Ä" * ws.MAX_TEAM_NAME_CHARS)
    with pytest.raises(WorkshopError) as err:
        store.join(code, "ä" * ws.MAX_TEAM_NAME_CHARS)         # names differ by case only
    assert _key(err) == "workshop.name_taken"
    store.join(code, "Second")
    with pytest.raises(WorkshopError) as err:
        store.join(code, "Third")
    assert _key(err) == "workshop.session_full" and err.value.fields["limit"] == 2
    for bad, key in (("", "workshop.code_empty"), ("ABC", "workshop.code_bad"),
                     ("ABCDE0", "workshop.code_bad"), ("ABCDEFG", "workshop.code_bad")):
        with pytest.raises(WorkshopError) as err:
            store.join(bad, "X")
        assert _key(err) == key
    big = {"x": "y" * ws.MAX_CHANGES_BYTES}
    for changes, predictions, key in (
            (big, None, "workshop.changes_too_large"),
            ({"x": float("nan")}, None, "workshop.changes_bad"),
            ({"x": object()}, None, "workshop.changes_bad"),
            ([1, 2], None, "workshop.changes_bad"),
            ({}, {"no_such_kpi": 1.0}, "workshop.prediction_kpi"),
            ({}, {"profit_cny": float("inf")}, "workshop.prediction_value"),
            ({}, {"profit_cny": "1"}, "workshop.prediction_value"),
            ({}, [1], "workshop.predictions_bad")):
        with pytest.raises(WorkshopError) as err:
            store.submit(a, 1, changes, predictions)
        assert _key(err) == key
    with pytest.raises(WorkshopError) as err:
        store.submit(a, 2, {})
    assert _key(err) == "workshop.round_closed"
    sub = store.submit(a, 1, {})
    with pytest.raises(WorkshopError) as err:
        store.record_result(sub.team_id, 1, sub.version, [{"profit_cny": 1.0}],
                            {"probability": 1.5, "ci_low": 0, "ci_high": 1})
    assert _key(err) == "workshop.result_bad"
    with pytest.raises(WorkshopError) as err:
        store.record_result(sub.team_id, 1, sub.version, [{"profit_cny": 1.0}] * 40_000,
                            {"probability": 1, "ci_low": 0, "ci_high": 1})
    assert _key(err) == "workshop.result_too_large"
    # open sessions per server (a small limit here); an expired session frees its place
    monkeypatch.setattr(ws, "MAX_OPEN_SESSIONS", 2)
    store.create_session("ex", 2, 1, PIN)
    with pytest.raises(WorkshopError) as err:
        store.create_session("ex", 2, 1, PIN)
    assert _key(err) == "workshop.server_full" and err.value.fields["limit"] == 2
    now[0] += ws.SESSION_HOURS * 3600 + 1
    with pytest.raises(WorkshopError) as err:
        store.join(code, "Late")
    assert _key(err) == "workshop.code_unknown"
    with pytest.raises(WorkshopError):
        store.submit(a, 1, {})
    store.create_session("ex", 2, 1, PIN)
    assert len(store.export_rows(fac)) == 1                   # an old session stays readable


def test_every_message_reads_in_both_languages():
    import string

    from simulation.strings import TEXT

    keys = [k for k in TEXT if k.startswith("workshop.")]
    assert len(keys) > 25
    for key in keys:
        fields = {f: "7" for _, f, _, _ in string.Formatter().parse(TEXT[key]["en"]) if f}
        zh = WorkshopError(key, **fields).message("zh")
        en = WorkshopError(key, **fields).message("en")
        assert zh and en and zh != en
        assert not english_words(zh), key


# -- the leaderboard ---------------------------------------------------------------------------

def _result(team: str, p: float, lo: float, hi: float, profits: list[float]) -> ws.Result:
    return ws.Result(0, team, 1, 1, [{"profit_cny": v} for v in profits],
                     {"probability": p, "ci_low": lo, "ci_high": hi, "met": p >= 0.8})


def test_the_leaderboard_orders_and_shows_ties_within_noise():
    results = [_result("C", 0.25, 0.05, 0.55, [5, 5, 5]),
               _result("A", 1.0, 0.75, 1.0, [1, 2, 3]),
               _result("B", 0.625, 0.3, 0.9, [9, 10, 11]),
               _result("D", 1.0, 0.75, 1.0, [2, 3, 4])]
    board = ws.rank(results, "profit_cny", higher_is_better=True)
    assert [s.team for s in board] == ["D", "A", "B", "C"]      # equal p: higher profit first
    assert [s.position for s in board] == [1, 2, 3, 4]
    by = {s.team: s for s in board}
    assert by["D"].rank == by["A"].rank == by["B"].rank == 1    # no interval wholly above
    assert by["C"].rank == 3                                   # A's and D's lie above C's
    assert set(by["D"].tied_with) == {"A", "B"} and set(by["B"].tied_with) == {"D", "A", "C"}
    assert by["C"].tied_with == ("B",) and by["C"].tied
    assert by["D"].tiebreak_mean == pytest.approx(3.0)
    half = stats.t.ppf(0.975, 2) * 1.0 / 3 ** 0.5
    assert (by["D"].tiebreak_low, by["D"].tiebreak_high) == pytest.approx((3 - half, 3 + half))
    lower = ws.rank(results, "profit_cny", higher_is_better=False)
    assert [s.team for s in lower] == ["A", "D", "B", "C"]
    alone = ws.rank([_result("A", 1, 0.9, 1, [1]), _result("B", 0, 0, 0.1, [1])], "profit_cny", True)
    assert [(s.rank, s.tied) for s in alone] == [(1, False), (2, False)]
    assert ws.rank([], "profit_cny", True) == []


# -- 12 teams at once from 12 processes, a killed process between the rounds --------------------

TEAMS = 12


def _team_worker(db: str, code: str, i: int, barrier, out) -> None:
    """Join, submit round 1 twice (the second replaces the first) at the same moment as the
    other teams, then wait for round 2 to open and submit once."""
    store = WorkshopStore(db)
    name = f"队伍 {i:02d}"
    barrier.wait(timeout=120)
    token = store.join(code, name)
    barrier.wait(timeout=120)
    store.submit(token, 1, {"marketing.esg_share": i / 100, "try": 1}, {"profit_cny": float(i)})
    last = {"marketing.esg_share": i / 100, "try": 2, "team": name}
    store.submit(token, 1, last, {"profit_cny": float(i) + 0.5})
    out.put(("r1", name, token, last))
    deadline = time.monotonic() + 120
    while not store.team_view(token).session.round_open(2):
        if time.monotonic() > deadline:
            out.put(("timeout", name, token, None))
            return
        time.sleep(0.05)
    mine = {"marketing.esg_share": (i + 20) / 100, "round": 2}
    store.submit(token, 2, mine, {"carbon_kg_per_order": i / 10})
    out.put(("r2", name, token, mine))


def _server_worker(db: str, holding: str, hold, stop) -> None:
    """The server's side: record a result for every pending submission. When ``hold`` is
    set, start a write transaction that would wipe every submission and wait in it (until
    killed)."""
    store = WorkshopStore(db)
    while not stop.is_set():
        for _session, sub in store.pending():
            _record(store, sub)
        if hold.is_set():
            con = sqlite3.connect(db, isolation_level=None, timeout=30)
            con.execute("BEGIN IMMEDIATE")
            con.execute("DELETE FROM workshop_results")
            con.execute("DELETE FROM workshop_submissions")
            con.execute("UPDATE workshop_sessions SET current_round = 1, closed = 1")
            with open(holding, "w") as f:
                f.write("holding")
            time.sleep(600)
        time.sleep(0.02)


def _context():
    try:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["ui.workshop_store", "scipy.stats", "pytest"])
    except ValueError:                       # no forkserver on this platform
        ctx = mp.get_context("spawn")
    return ctx


def _wait(predicate, timeout: float = 120, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_twelve_teams_at_once_and_a_killed_process_lose_nothing(tmp_path):
    db = str(tmp_path / "library.db")
    store = WorkshopStore(db)
    code, fac = store.create_session("green_packaging", teams=TEAMS, rounds=2, pin=PIN)
    ctx = _context()
    barrier, out = ctx.Barrier(TEAMS), ctx.Queue()
    hold, stop = ctx.Event(), ctx.Event()
    holding = str(tmp_path / "holding")
    teams = [ctx.Process(target=_team_worker, args=(db, code, i, barrier, out))
             for i in range(TEAMS)]
    server = ctx.Process(target=_server_worker, args=(db, holding, hold, stop))
    procs = [*teams, server]
    acked: dict[tuple[str, int], tuple[str, dict]] = {}
    try:
        for p in procs:
            p.start()
        for _ in range(TEAMS):
            kind, name, token, changes = out.get(timeout=120)
            assert kind == "r1"
            acked[(name, 1)] = (token, changes)
        _wait(lambda: len(store.overview(fac).with_result[1]) == TEAMS, what="round 1 results")

        # the server process takes the write lock, deletes everything, and dies mid-transaction
        hold.set()
        _wait(lambda: os.path.exists(holding), what="the server to hold the database")
        os.kill(server.pid, signal.SIGKILL)
        server.join(timeout=30)
        assert server.exitcode == -signal.SIGKILL

        store.release(fac, 1)
        board1 = store.leaderboard(fac, 1)
        assert len(board1) == TEAMS
        store.advance(fac)                                  # round 2 opens: teams submit at once
        never = ctx.Event()                                 # (kept: the child unpickles it)
        server = ctx.Process(target=_server_worker, args=(db, holding, never, stop))
        procs.append(server)                                # the server, restarted
        server.start()
        for _ in range(TEAMS):
            kind, name, token, changes = out.get(timeout=120)
            assert kind == "r2"
            acked[(name, 2)] = (token, changes)
        _wait(lambda: len(store.overview(fac).with_result[2]) == TEAMS, what="round 2 results")
        stop.set()
        for p in procs:
            p.join(timeout=30)
        assert [p.exitcode for p in teams] == [0] * TEAMS
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
                p.join(timeout=10)

    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = con.execute("SELECT team, round, count(*) FROM workshop_submissions "
                           "GROUP BY team, round").fetchall()
    finally:
        con.close()
    assert len(rows) == 2 * TEAMS and {n for *_, n in rows} == {1}      # each once
    fresh = WorkshopStore(db)                                            # a new server's view
    session = fresh.session_of(fac)
    assert not session.closed and session.current_round == 2 and session.released == {1}
    subs = {(s.team, s.round): s for s in fresh.submissions(fac)}
    assert set(subs) == set(acked)
    for (name, rnd), (token, changes) in acked.items():
        assert subs[(name, rnd)].changes == changes                      # the last one acked
        assert subs[(name, rnd)].version == (2 if rnd == 1 else 1)
        assert fresh.team_view(token).submissions[rnd].changes == changes
    fresh.release(fac, 2)
    for rnd in (1, 2):
        results = fresh.results(fac, rnd)
        assert len(results) == TEAMS
        for r in results:
            kpis, ev = fake_result(r.team, rnd, subs[(r.team, rnd)].changes)
            assert r.kpis == kpis and r.evaluation == ev
        recomputed = ws.rank([ws.Result(0, r.team, rnd, 1, *fake_result(r.team, rnd,
                                                                        subs[(r.team, rnd)].changes))
                              for r in results], session.tiebreak_kpi, session.tiebreak_higher)
        assert fresh.leaderboard(fac, rnd) == recomputed
    assert fresh.leaderboard(fac, 1) == board1
    assert fresh.pending() == []


def test_the_store_is_plain_python(repo_root):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", "import sys, ui.workshop_store; "
                          "print('streamlit' in sys.modules)"], cwd=repo_root, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
