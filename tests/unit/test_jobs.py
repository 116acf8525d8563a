"""The server's scheduler and jobs (ui/jobs.py), without Streamlit: the same numbers as
``run_replications``; a preview overtakes another session's long job (it waits for at most
the replications already in the processes); two sessions' jobs take turns; a cancelled job
stops dispatching and ends within seconds; the limits refuse with the named messages.

Short-horizon scenarios (30 days, 300 past buyers: about 0.1 s a replication) on two worker
processes; the tests check the order of dispatch (the scheduler's log), not wall times,
except for generous bounds."""

from __future__ import annotations

import math
import threading
import time

import pandas as pd
import pytest

from simulation import Scenario
from simulation.experiment import run_replications
from ui import jobs, limits
from ui.i18n import TEXT

SHORT = Scenario().with_changes({"run.horizon_days": 30, "customers.initial_customers": 300})
GREEN = SHORT.with_changes({"packaging.option": "recycled_carton"})
WORKERS = 2


@pytest.fixture(scope="module")
def sched():
    s = jobs.Scheduler(workers=WORKERS, orders_per_hour=None)
    s.run([("warm-up", SHORT, 0)], seed=99)          # start the processes once
    yield s
    s.close()


def tasks(scenario: Scenario, n: int, name: str = "s", first: int = 0):
    return [(name, scenario, i) for i in range(first, first + n)]


def same_kpis(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(
        a[k] == b[k] or (math.isnan(a[k]) and math.isnan(b[k])) for k in a)


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


# --- the numbers ---------------------------------------------------------------------------------

def test_the_same_numbers_as_run_replications(sched):
    work = [("a", SHORT, 3), ("b", GREEN, 0), ("a", SHORT, 0), ("b", GREEN, 5), ("a", SHORT, 1)]
    ref = run_replications(work, seed=11, workers=1)
    got = sched.run(work, seed=11, session="x", priority=jobs.BACKGROUND)
    assert got.keys() == ref.keys()
    assert all(same_kpis(got[k], ref[k]) for k in ref)
    # replication 3 is replication 3 whatever else runs with it (its own child of the seed)
    alone = sched.run([("a", SHORT, 3)], seed=11)
    assert same_kpis(alone[("a", 3)], ref[("a", 3)])
    # with the details the app keeps (daily frames, breakdowns, cohorts)
    detail = sched.run(work[:2], seed=11, detail=True)
    ref_detail = run_replications(work[:2], seed=11, workers=1, detail=True)
    for k, d in ref_detail.items():
        assert same_kpis(detail[k].kpis, d.kpis)
        pd.testing.assert_frame_equal(detail[k].daily, d.daily)
        assert detail[k].cost_by_category == d.cost_by_category


def test_progress_and_each_result_as_it_arrives(sched):
    seen, arrived = [], []
    out = sched.run(tasks(SHORT, 5), seed=12, progress=lambda d, n: seen.append((d, n)),
                    on_result=lambda name, i, kpis: arrived.append(i))
    assert seen[-1] == (5, 5) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    wait_for(lambda: len(arrived) == 5)
    assert sorted(arrived) == [0, 1, 2, 3, 4] and len(out) == 5
    with pytest.raises(ValueError):
        sched.submit([("s", SHORT, -1)])
    with pytest.raises(ValueError):
        sched.submit(tasks(SHORT, 1), priority="urgent")


# --- priority and fairness -----------------------------------------------------------------------

def test_a_preview_overtakes_another_sessions_long_job(sched):
    job = sched.submit(tasks(SHORT, 60), seed=13, session="heavy", priority=jobs.BACKGROUND)
    try:
        wait_for(lambda: job.done >= 2)               # the job is well under way
        t0 = time.monotonic()
        preview = sched.submit(tasks(GREEN, 4), seed=13, session="light")
        sched.wait(preview)
        took = time.monotonic() - t0
        # every replication dispatched after the preview came in was the preview's, until
        # it was all out: it waited only for the replications already in the processes
        after = [d for d in sched.dispatches() if d.seq > preview.seq]
        assert [d.batch for d in after[:4]] == [preview.id] * 4
        assert all(d.priority == jobs.INTERACTIVE for d in after[:4])
        assert job.done < job.total                   # the job was still running
        # generous: about two rounds of 0.1 s replications, far from the job's 60
        assert took < 5.0, took
    finally:
        sched.drop(job)


def test_interactive_first_then_sessions_take_turns(sched):
    sched.pause()
    try:
        a = sched.submit(tasks(SHORT, 6), seed=14, session="A", priority=jobs.BACKGROUND)
        b = sched.submit(tasks(GREEN, 6), seed=14, session="B", priority=jobs.BACKGROUND)
        a2 = sched.submit(tasks(SHORT, 2, first=6), seed=14, session="A",
                          priority=jobs.BACKGROUND)
        p = sched.submit(tasks(GREEN, 2, first=6), seed=14, session="C")
        assert sched.pending() == 16 and sched.pending(jobs.INTERACTIVE) == 2
    finally:
        sched.resume()
    for batch in (p, a, b, a2):
        sched.wait(batch)
    ours = {a.id: "A", a2.id: "A", b.id: "B", p.id: "C"}
    order = [ours[d.batch] for d in sched.dispatches() if d.batch in ours]
    # the preview first, then A and B in turn (A's two batches one after the other)
    assert order == ["C", "C"] + ["A", "B"] * 6 + ["A", "A"]
    assert [d.rep for d in sched.dispatches() if d.batch == a.id] == list(range(6))


# --- cancelling ---------------------------------------------------------------------------------

def test_cancel_stops_dispatching_and_the_job_ends_within_seconds(sched):
    board = jobs.Jobs(sched)
    seen = []

    def work(progress):
        ctx = jobs.current()
        try:
            return ctx.scheduler.run(tasks(SHORT, 80), seed=15, session=ctx.session,
                                     priority=jobs.BACKGROUND, progress=progress,
                                     tag=ctx.job_id, cancel=ctx.cancel)
        except jobs.Cancelled:
            seen.append("cancelled")
            raise

    job = board.start("S", "long", work, key="k")
    wait_for(lambda: job.done >= 3)
    t0 = time.monotonic()
    job.cancel()
    out = [d for d in sched.dispatches() if d.session == "S"]
    assert sched.pending(jobs.BACKGROUND) == 0            # nothing left to hand out
    assert job.wait(5.0), "the job did not end"
    assert time.monotonic() - t0 < 3.0
    assert job.state == jobs.CANCELLED and not job.active and seen == ["cancelled"]
    time.sleep(0.3)
    assert [d for d in sched.dispatches() if d.session == "S"] == out     # nothing dispatched since
    assert len(out) < 20                                        # of 80
    # the processes are free for the next caller at once
    assert len(sched.run(tasks(GREEN, 2), seed=15)) == 2


def test_a_failed_job_keeps_its_error_and_finished_jobs_expire(sched):
    now = [0.0]
    board = jobs.Jobs(sched, keep_s=60, clock=lambda: now[0])

    def boom(progress):
        raise ValueError("bad input")

    job = board.start("S", "x", boom)
    assert job.wait(5.0)
    assert job.state == jobs.FAILED and str(job.error) == "bad input"
    assert board.get("S", "x") is job and board.of("S") == [job]
    done = board.start("S", "y", lambda progress: 42, key=1)
    assert done.wait(5.0) and done.result == 42 and done.succeeded
    now[0] = 61.0
    assert board.get("S", "x") is None and board.of("S") == []


# --- limits ------------------------------------------------------------------------------------

def message_names(err: limits.LimitError, key: str, limit: int | str) -> None:
    assert err.key == key
    for lang in ("zh", "en"):
        text = err.message(lang)
        assert str(limit) in text
        assert text == TEXT[key][lang].format(**err.fields)


def test_jobs_at_once_per_session_and_queued_per_server(sched):
    board = jobs.Jobs(sched, per_session=2, per_server=3)
    release = threading.Event()

    def blocked(progress):
        release.wait(30)
        return "ok"

    try:
        a1 = board.start("A", "one", blocked, key=1)
        assert board.start("A", "one", blocked, key=1) is a1          # the same job again
        board.start("A", "two", blocked)
        with pytest.raises(limits.LimitError) as err:
            board.start("A", "three", blocked)
        message_names(err.value, "common.limit_jobs_session", 2)
        board.start("B", "one", blocked)
        with pytest.raises(limits.LimitError) as err:
            board.start("C", "one", blocked)
        message_names(err.value, "common.limit_jobs_server", 3)
        # a new job in a slot replaces the old one (cancelled), within the session's limit
        a1b = board.start("A", "one", blocked, key=2)
        assert a1b is not a1 and a1.cancelling and board.get("A", "one") is a1b
    finally:
        release.set()
    for job in board.of("A") + board.of("B"):
        assert job.wait(5.0)
    assert not board.running()


def test_simulated_orders_per_hour():
    now = [1000.0]
    per_run = SHORT.expected_orders()
    s = jobs.Scheduler(workers=1, orders_per_hour=3.5 * per_run, clock=lambda: now[0])
    board = jobs.Jobs(s, clock=lambda: now[0])
    s.pause()                                          # nothing is simulated here
    try:
        first = s.submit(tasks(SHORT, 3), session="A", priority=jobs.BACKGROUND)
        assert s.orders_used("A") == pytest.approx(3 * per_run)
        with pytest.raises(limits.LimitError) as err:
            s.submit(tasks(SHORT, 1, first=3), session="A", priority=jobs.BACKGROUND)
        message_names(err.value, "common.limit_orders_hour", f"{3.5 * per_run:,.0f}")
        with pytest.raises(limits.LimitError):
            board.start("A", "big", lambda progress: None, orders=per_run)
        # another session has its own hour; a preview is counted but never refused
        s.submit(tasks(SHORT, 3), session="B", priority=jobs.BACKGROUND)
        s.submit(tasks(SHORT, 2), session="A")
        assert s.orders_used("A") == pytest.approx(5 * per_run)
        # what is dropped before it ran is not counted
        s.drop(first)
        assert s.orders_used("A") == pytest.approx(2 * per_run)
        # an hour later the window is empty again
        now[0] += jobs.HOUR_S + 1
        assert s.orders_used("A") == 0.0
        s.submit(tasks(SHORT, 3), session="A", priority=jobs.BACKGROUND)
        # orders simulated outside the queues (the policy lab's shops) count the same way
        s.charge_orders("A", 0.4 * per_run)
        assert s.orders_used("A") == pytest.approx(3.4 * per_run)
        with pytest.raises(limits.LimitError):
            s.submit(tasks(SHORT, 1, first=3), session="A", priority=jobs.BACKGROUND)
        assert s.orders_used("B") == 0.0
    finally:
        s.close()


def test_the_limits_are_set_for_a_shared_server():
    assert limits.MAX_JOBS_PER_SESSION == 2 and limits.MAX_JOBS_PER_SERVER == 16
    baseline_full_set = 2 * Scenario().expected_orders() * limits.DEFAULT_REPLICATIONS
    assert limits.MAX_ORDERS_PER_HOUR >= 3 * limits.MAX_ORDERS_PER_RUN > 3 * baseline_full_set
    # the largest full set the builder offers, a changed scenario against the baseline,
    # fits one request; the same scenario under two names counts once
    changed = Scenario().with_changes({"packaging.option": "recycled_carton"})
    pair = {"baseline": Scenario(), "current": changed}
    assert limits.request_orders(pair, limits.MAX_REPLICATIONS) < limits.MAX_ORDERS_PER_RUN
    limits.check_request(pair, limits.MAX_REPLICATIONS)
    same = {"baseline": Scenario(), "current": Scenario()}
    assert limits.request_orders(same, 10) == pytest.approx(10 * Scenario().expected_orders())
