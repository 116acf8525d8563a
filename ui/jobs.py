"""Fair work on one shared server: a scheduler that owns the worker processes, and jobs.

**The scheduler** (:class:`Scheduler`) owns the server's worker processes (started like
``simulation.experiment``'s, by ``spawn_pool``: spawned, importing only the simulation
package) and hands them work *one replication at a time*: never more replications in the
processes than there are processes, the rest waiting in the scheduler's own queues. When a
process frees up it takes the next replication of

1. the interactive queue (a lever change's quick preview, which a page waits for), else
2. the background queue (jobs),

each queue round-robin between sessions (a session's own batches first come, first served).
So a session's 200-replication job delays another session's preview by at most about one
replication's time, and two sessions' jobs share the processes evenly, however much each
has asked for. Replication ``i`` is seeded by ``simulation.experiment.replication_jobs``,
as in ``run_replications``, so the numbers are the same bit for bit. Each session's
simulated orders (``Scenario.expected_orders()`` per replication) are counted over a sliding
hour; background work beyond ``limits.MAX_ORDERS_PER_HOUR`` is refused (previews are
counted but never refused: they are small and a page waits for them).

**Jobs** (:class:`Jobs`, :class:`Job`): long work (the builder's full set, a comparison, an
analysis, the optimiser) runs in a background thread of the server: ``work(progress)``
whose simulations go through the scheduler at background priority under the job's session
(:func:`current` tells code running inside a job which scheduler, session and cancel flag
to use). A job reports progress (done/total), can be cancelled (its pending replications
are dropped at once and ``work`` gets :class:`Cancelled` from the scheduler call it waits
in), and keeps its result (or error) for a while after it ends (``limits.JOB_KEEP_SECONDS``,
at most ``limits.MAX_KEPT_JOBS`` finished jobs), under (session, slot): the app's session is
the workspace token that rides in the URL, so a reload finds its jobs again. A session runs
at most ``limits.MAX_JOBS_PER_SESSION`` jobs at once and the server at most
``limits.MAX_JOBS_PER_SERVER`` queued or running; each refusal is a ``limits.LimitError``
that names the limit.

Plain Python (no streamlit here): the app reaches one :class:`Server` per process through
``st.cache_resource`` (``ui.runner.server``); the unit tests drive these classes directly.
"""

from __future__ import annotations

import atexit
import functools
import itertools
import secrets
import threading
import time
from collections import OrderedDict, deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, NamedTuple, Sequence

from simulation import Scenario
from simulation.experiment import default_workers, replication_jobs, run_one, spawn_pool

from . import limits

INTERACTIVE, BACKGROUND = "interactive", "background"
PRIORITIES = (INTERACTIVE, BACKGROUND)       # the order the queues are served in
POLL_S = 0.1                  # how often a waiting caller looks at its cancel flag
HOUR_S = 3600.0
LOG_ENTRIES = 10_000          # dispatches remembered (for tests and diagnostics)

Progress = Callable[[int, int], None]
Task = tuple[str, Scenario, int]
OnResult = Callable[[str, int, Any], None]

RUNNING, DONE, FAILED, CANCELLED = "running", "done", "failed", "cancelled"


class Cancelled(Exception):
    """The work was cancelled: its pending replications were dropped."""


# --- the scheduler ------------------------------------------------------------------------------

class Dispatch(NamedTuple):
    """One replication handed to a worker process: ``seq`` orders dispatches and batch
    submissions (``Batch.seq``) on one clock."""

    seq: int
    batch: int
    session: str
    priority: str
    name: str
    rep: int


@dataclass(eq=False)
class _Item:
    batch: Batch
    args: tuple                   # run_one's arguments
    orders: float                 # its share of the session's hourly count


@dataclass(eq=False)
class Batch:
    """Replications submitted together (one ``Scheduler.submit``). Read its fields under the
    scheduler's lock, or after it has finished."""

    id: int
    session: str
    priority: str
    tag: Any
    total: int
    seq: int = 0                  # when it was submitted (on the dispatch log's clock)
    on_result: OnResult | None = None
    results: dict = field(default_factory=dict)
    done: int = 0
    dispatched: int = 0
    error: BaseException | None = None
    dropped: bool = False         # cancelled, or its caller stopped waiting
    _charge: list | None = None   # the hourly ledger's entry: [time, orders]

    @property
    def finished(self) -> bool:
        return self.dropped or self.error is not None or self.done >= self.total


class _RoundRobin:
    """Items per session; ``pop`` takes the next session's oldest item."""

    def __init__(self) -> None:
        self._by_session: OrderedDict[str, deque[_Item]] = OrderedDict()

    def __len__(self) -> int:
        return sum(len(q) for q in self._by_session.values())

    def __bool__(self) -> bool:
        return bool(self._by_session)

    def push(self, session: str, item: _Item) -> None:
        self._by_session.setdefault(session, deque()).append(item)

    def pop(self) -> _Item | None:
        if not self._by_session:
            return None
        session, queue = next(iter(self._by_session.items()))
        item = queue.popleft()
        if queue:
            self._by_session.move_to_end(session)
        else:
            del self._by_session[session]
        return item

    def remove(self, batch: Batch) -> list[_Item]:
        """Take out (and return) ``batch``'s items."""
        queue = self._by_session.get(batch.session)
        if not queue:
            return []
        gone = [it for it in queue if it.batch is batch]
        if gone:
            kept = deque(it for it in queue if it.batch is not batch)
            if kept:
                self._by_session[batch.session] = kept
            else:
                del self._by_session[batch.session]
        return gone

    def batches(self) -> set[Batch]:
        return {it.batch for q in self._by_session.values() for it in q}


class _Ledger:
    """Simulated orders per session over the last hour (a sliding window)."""

    def __init__(self, window_s: float = HOUR_S, clock: Callable[[], float] = time.monotonic):
        self.window_s = window_s
        self.clock = clock
        self._entries: dict[str, deque[list]] = {}
        self._charges = 0

    def _prune(self, session: str) -> deque[list] | None:
        queue = self._entries.get(session)
        if queue is None:
            return None
        cutoff = self.clock() - self.window_s
        while queue and queue[0][0] < cutoff:
            queue.popleft()
        if not queue:
            del self._entries[session]
            return None
        return queue

    def used(self, session: str) -> float:
        queue = self._prune(session)
        return float(sum(e[1] for e in queue)) if queue else 0.0

    def charge(self, session: str, orders: float) -> list:
        self._charges += 1
        if self._charges % 256 == 0:             # sessions gone quiet: forget their hour
            for other in list(self._entries):
                self._prune(other)
        self._prune(session)
        entry = [self.clock(), float(orders)]
        self._entries.setdefault(session, deque()).append(entry)
        return entry


def workload(tasks: Iterable[Task]) -> list[float]:
    """Each task's expected orders (``Scenario.expected_orders()``, once per scenario)."""
    memo: dict[int, float] = {}
    out = []
    for _name, sc, _rep in tasks:
        if id(sc) not in memo:
            memo[id(sc)] = float(sc.expected_orders())
        out.append(memo[id(sc)])
    return out


class Scheduler:
    """The server's worker processes and the queues that feed them one replication at a
    time: interactive before background, round-robin between sessions in each.

    ``workers``: processes (default: one per core). ``orders_per_hour``: a session's
    simulated orders over the last hour beyond which background batches are refused
    (``None``: no limit). ``pool_factory(n)`` starts the processes (on first use).
    """

    def __init__(self, workers: int | None = None,
                 orders_per_hour: float | None = limits.MAX_ORDERS_PER_HOUR,
                 pool_factory: Callable[[int], ProcessPoolExecutor] = spawn_pool,
                 clock: Callable[[], float] = time.monotonic):
        self.workers = max(1, int(workers or default_workers()))
        self.orders_per_hour = orders_per_hour
        self._pool_factory = pool_factory
        self._pool: ProcessPoolExecutor | None = None
        self._cond = threading.Condition()
        self._queues = {p: _RoundRobin() for p in PRIORITIES}
        self._ledger = _Ledger(clock=clock)
        self._running = 0
        self._paused = False
        self._closed = False
        self._seq = itertools.count(1)
        self._ids = itertools.count(1)
        self._thread: threading.Thread | None = None
        self.log: deque[Dispatch] = deque(maxlen=LOG_ENTRIES)
        atexit.register(self.close)

    # -- submitting and waiting -----------------------------------------------------------

    def submit(self, tasks: Sequence[Task], seed: int = 1, *, session: str = "",
               priority: str = INTERACTIVE, detail: bool = False, tag: Any = None,
               on_result: OnResult | None = None) -> Batch:
        """Queue replications ``tasks`` (name, scenario, replication index) and return their
        batch at once (see :meth:`wait`). ``on_result(name, rep, value)`` is called as each
        replication arrives (from another thread), even after the batch was dropped.
        Raises ValueError for a bad replication index, ``limits.LimitError``
        (``common.limit_orders_hour``) for background work beyond the session's hourly
        orders."""
        if priority not in PRIORITIES:
            raise ValueError(f"priority must be one of {PRIORITIES}, got {priority!r}")
        args = replication_jobs(tasks, seed, detail)
        orders = workload(tasks)
        total = float(sum(orders))
        with self._cond:
            if self._closed:
                raise RuntimeError("the scheduler is closed")
            if priority == BACKGROUND:
                self._check_orders(session, total)
            batch = Batch(next(self._ids), session, priority, tag, len(args),
                          seq=next(self._seq), on_result=on_result)
            batch._charge = self._ledger.charge(session, total)
            for a, o in zip(args, orders, strict=True):
                self._queues[priority].push(session, _Item(batch, a, o))
            if self._thread is None and args:
                self._thread = threading.Thread(target=self._loop, name="esg-scheduler",
                                                daemon=True)
                self._thread.start()
            self._cond.notify_all()
        return batch

    def _check_orders(self, session: str, orders: float) -> None:
        if self.orders_per_hour is None:
            return
        used = self._ledger.used(session)
        if used + orders > self.orders_per_hour:
            raise limits.LimitError("common.limit_orders_hour", orders=f"{orders:,.0f}",
                                    used=f"{used:,.0f}", limit=f"{self.orders_per_hour:,.0f}")

    def check_orders(self, session: str, orders: float) -> None:
        """Refuse (``limits.LimitError``) ``orders`` more simulated orders for ``session``
        this hour."""
        with self._cond:
            self._check_orders(session, orders)

    def charge_orders(self, session: str, orders: float) -> None:
        """Count ``orders`` simulated outside the scheduler's queues (the policy lab's shops,
        which its own worker processes run) in ``session``'s hour, as a batch's are."""
        with self._cond:
            self._ledger.charge(session, orders)

    def orders_used(self, session: str) -> float:
        """``session``'s simulated orders (expected) over the last hour."""
        with self._cond:
            return self._ledger.used(session)

    def wait(self, batch: Batch, progress: Progress | None = None,
             cancel: threading.Event | None = None) -> dict:
        """Wait for ``batch``: {(name, i): KPIs or ReplicationDetail}. ``progress(done,
        total)`` is called from this thread as replications arrive (not before the first). Raises
        :class:`Cancelled` when ``cancel`` is set or the batch was cancelled, and a
        replication's error; either way (and if ``progress`` raises) the batch's pending
        replications are dropped."""
        last = 0
        try:
            while True:
                with self._cond:
                    if (batch.done == last and not batch.finished
                            and not (cancel is not None and cancel.is_set())):
                        self._cond.wait(POLL_S)
                    done, error, dropped = batch.done, batch.error, batch.dropped
                if (cancel is not None and cancel.is_set()) or dropped:
                    raise Cancelled()
                if error is not None:
                    raise error
                if progress is not None and done != last:
                    progress(done, batch.total)
                last = done
                if done >= batch.total:
                    with self._cond:
                        return dict(batch.results)
        finally:
            self.drop(batch)

    def run(self, tasks: Sequence[Task], seed: int = 1, *, session: str = "",
            priority: str = INTERACTIVE, progress: Progress | None = None,
            detail: bool = False, tag: Any = None, cancel: threading.Event | None = None,
            on_result: OnResult | None = None) -> dict:
        """:meth:`submit` and :meth:`wait`: the same result as
        ``run_replications(tasks, seed, detail=detail)``."""
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        if not tasks:
            return {}
        batch = self.submit(tasks, seed, session=session, priority=priority, detail=detail,
                            tag=tag, on_result=on_result)
        return self.wait(batch, progress, cancel)

    # -- cancelling -------------------------------------------------------------------------

    def drop(self, batch: Batch) -> int:
        """Drop ``batch``'s pending replications (those in the processes finish); returns how
        many were dropped. Nothing happens to a finished batch."""
        with self._cond:
            return self._drop(batch)

    def _drop(self, batch: Batch) -> int:
        if batch.done >= batch.total or batch.dropped:
            return 0
        gone = self._remove(batch)
        if batch.error is None:
            batch.dropped = True
        self._cond.notify_all()
        return gone

    def _remove(self, batch: Batch) -> int:
        """Take ``batch``'s pending replications out of the queue; what is never simulated
        is not counted against the session."""
        gone = self._queues[batch.priority].remove(batch)
        if batch._charge is not None:
            batch._charge[1] -= sum(it.orders for it in gone)
        return len(gone)

    def cancel(self, tag: Any) -> int:
        """Drop the pending replications of every batch tagged ``tag`` (a job's id); returns
        how many were dropped."""
        with self._cond:
            batches = {b for q in self._queues.values() for b in q.batches() if b.tag == tag}
            return sum(self._drop(b) for b in batches)

    def pause(self) -> None:
        """Hand out nothing until :meth:`resume` (for maintenance and tests)."""
        with self._cond:
            self._paused = True

    def resume(self) -> None:
        with self._cond:
            self._paused = False
            self._cond.notify_all()

    def close(self) -> None:
        """Drop everything pending and stop the worker processes."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            for q in self._queues.values():
                for b in q.batches():
                    self._drop(b)
            pool, self._pool = self._pool, None
            self._cond.notify_all()
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    # -- state ------------------------------------------------------------------------------

    def pending(self, priority: str | None = None) -> int:
        """Replications waiting for a process."""
        with self._cond:
            return sum(len(q) for p, q in self._queues.items() if priority in (None, p))

    def dispatches(self) -> list[Dispatch]:
        """The dispatch log (the last LOG_ENTRIES replications handed out), oldest first."""
        with self._cond:
            return list(self.log)

    @property
    def in_flight(self) -> int:
        with self._cond:
            return self._running

    # -- the dispatcher -------------------------------------------------------------------------

    def _next(self) -> _Item | None:
        for p in PRIORITIES:
            item = self._queues[p].pop()
            if item is not None:
                return item
        return None

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._closed and (self._paused or self._running >= self.workers
                                            or not any(self._queues.values())):
                    self._cond.wait()
                if self._closed:
                    return
                item = self._next()
                assert item is not None
                b = item.batch
                self._running += 1
                b.dispatched += 1
                self.log.append(Dispatch(next(self._seq), b.id, b.session, b.priority,
                                         str(item.args[0]), int(item.args[2])))
                pool = self._pool
            try:
                if pool is None:
                    pool = self._start_pool()
                future = pool.submit(run_one, *item.args)
            except BaseException as err:  # noqa: BLE001 - the batch's caller gets it
                self._finish(item, None, err, pool)
                continue
            future.add_done_callback(functools.partial(self._done, item, pool))

    def _start_pool(self) -> ProcessPoolExecutor:
        pool = self._pool_factory(self.workers)
        with self._cond:
            if self._closed:
                pool.shutdown(wait=False, cancel_futures=True)
                raise RuntimeError("the scheduler is closed")
            self._pool = pool
        return pool

    def _done(self, item: _Item, pool, future) -> None:
        try:
            value, err = future.result(), None
        except BaseException as e:  # noqa: BLE001 - the batch's caller gets it
            value, err = None, e
        self._finish(item, value, err, pool)

    def _finish(self, item: _Item, value, err: BaseException | None, pool) -> None:
        b = item.batch
        with self._cond:
            self._running -= 1
            if err is not None:
                if b.error is None and not b.dropped:
                    b.error = err
                    self._remove(b)
            else:
                name, rep, result = value
                if not b.dropped and b.error is None:
                    b.results[(name, rep)] = result
                    b.done += 1
            broken = isinstance(err, BrokenProcessPool) and pool is not None \
                and self._pool is pool
            if broken:
                self._pool = None
            self._cond.notify_all()
        if broken:
            pool.shutdown(wait=False, cancel_futures=True)
        if err is None and b.on_result is not None:
            try:
                b.on_result(*value)
            except Exception:  # noqa: BLE001 - a cache that cannot take it loses nothing
                pass


# --- jobs ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Context:
    """What code running inside a job uses: the scheduler, the job's session and id, its
    cancel flag and the resources the page handed over (e.g. the replication store)."""

    scheduler: Scheduler
    session: str
    job_id: str
    cancel: threading.Event
    resources: Mapping[str, Any]


_local = threading.local()


def current() -> Context | None:
    """The job the calling thread runs, or None outside a job."""
    return getattr(_local, "context", None)


@dataclass(eq=False)
class Job:
    """Long work run in a background thread. ``state``: running, done, failed or
    cancelled; ``done``/``total``: its progress; ``result`` or ``error`` when it ends.
    ``key``: the inputs that made it (a page shows it for the same inputs); ``meta``: what
    the page needs to show it again after a reload (its inputs, as session values)."""

    id: str
    session: str
    slot: str
    key: Any = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    state: str = RUNNING
    done: int = 0
    total: int = 0
    result: Any = None
    error: BaseException | None = None
    started: float = 0.0
    ended: float | None = None
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)
    _finished: threading.Event = field(default_factory=threading.Event, repr=False)
    _scheduler: Scheduler | None = field(default=None, repr=False)

    @property
    def active(self) -> bool:
        return self.state == RUNNING

    @property
    def succeeded(self) -> bool:
        return self.state == DONE

    @property
    def cancelling(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int) -> None:
        """The work's progress callback."""
        self.done, self.total = int(done), int(total)

    def cancel(self) -> None:
        """Stop it: its pending replications are dropped now and its work gets
        :class:`Cancelled` within a moment (what is in the processes finishes)."""
        if not self.active:
            return
        self._cancel.set()
        if self._scheduler is not None:
            self._scheduler.cancel(self.id)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until it has ended; False on a time-out."""
        return self._finished.wait(timeout)


class Jobs:
    """The server's jobs, one per (session, slot) (a new one in a slot replaces the old:
    a running one is cancelled), with the limits on how many run at once."""

    def __init__(self, scheduler: Scheduler,
                 per_session: int = limits.MAX_JOBS_PER_SESSION,
                 per_server: int = limits.MAX_JOBS_PER_SERVER,
                 keep_s: float = limits.JOB_KEEP_SECONDS,
                 keep_finished: int = limits.MAX_KEPT_JOBS,
                 clock: Callable[[], float] = time.monotonic):
        self.scheduler = scheduler
        self.per_session = per_session
        self.per_server = per_server
        self.keep_s = keep_s
        self.keep_finished = keep_finished
        self.clock = clock
        self._jobs: dict[tuple[str, str], Job] = {}
        self._lock = threading.Lock()

    def start(self, session: str, slot: str, work: Callable[[Progress], Any], *,
              key: Any = None, meta: Mapping[str, Any] | None = None, orders: float = 0.0,
              resources: Mapping[str, Any] | None = None) -> Job:
        """Run ``work(progress)`` as ``session``'s job in ``slot``; returns the job (the one
        already running, when it was started with the same ``key``). ``orders``: the
        simulated orders it expects (checked against the session's hourly limit now; what
        it really simulates is counted as it goes). Raises ``limits.LimitError`` naming the
        limit: jobs at once per session, jobs queued or running on the server, orders per
        hour."""
        with self._lock:
            self._prune()
            old = self._jobs.get((session, slot))
            if old is not None and old.active and not old.cancelling and old.key == key:
                return old
            running = [j for j in self._jobs.values()
                       if j.active and not j.cancelling and j is not old]
            mine = [j for j in running if j.session == session]
            if len(mine) >= self.per_session:
                raise limits.LimitError("common.limit_jobs_session", n=len(mine),
                                        limit=self.per_session)
            if len(running) >= self.per_server:
                raise limits.LimitError("common.limit_jobs_server", n=len(running),
                                        limit=self.per_server)
            if orders:
                self.scheduler.check_orders(session, orders)
            if old is not None:
                old.cancel()
            job = Job(id=secrets.token_hex(8), session=session, slot=slot, key=key,
                      meta=dict(meta or {}), started=self.clock(), _scheduler=self.scheduler)
            self._jobs[(session, slot)] = job
            context = Context(self.scheduler, session, job.id, job._cancel, dict(resources or {}))
            thread = threading.Thread(target=self._run, args=(job, work, context),
                                      name=f"esg-job-{slot}", daemon=True)
        thread.start()
        return job

    def _run(self, job: Job, work: Callable[[Progress], Any], context: Context) -> None:
        _local.context = context
        try:
            if job.cancelling:
                raise Cancelled()
            result = work(job.progress)
        except Cancelled:
            job.state = CANCELLED
        except BaseException as err:  # noqa: BLE001 - kept for the page to show
            job.error = err
            job.state = CANCELLED if job.cancelling else FAILED
        else:
            job.result = result
            job.state = DONE
        finally:
            job.ended = self.clock()
            _local.context = None
            job._finished.set()

    def get(self, session: str, slot: str) -> Job | None:
        with self._lock:
            self._prune()
            return self._jobs.get((session, slot))

    def of(self, session: str) -> list[Job]:
        """``session``'s jobs, running or kept."""
        with self._lock:
            self._prune()
            return [j for (s, _slot), j in self._jobs.items() if s == session]

    def running(self) -> list[Job]:
        """Every job queued or running on the server."""
        with self._lock:
            return [j for j in self._jobs.values() if j.active]

    def _prune(self) -> None:
        now = self.clock()
        ended = sorted(((j.ended or 0.0, k) for k, j in self._jobs.items() if not j.active),
                       key=lambda x: x[0])
        excess = len(ended) - self.keep_finished
        for i, (t, k) in enumerate(ended):
            if i < excess or now - t > self.keep_s:
                del self._jobs[k]


class Server:
    """One per server process: the scheduler and the jobs."""

    def __init__(self, workers: int | None = None, **job_limits: Any):
        self.scheduler = Scheduler(workers)
        self.jobs = Jobs(self.scheduler, **job_limits)

    def close(self) -> None:
        """Cancel every job and stop the worker processes."""
        for job in self.jobs.running():
            job.cancel()
        self.scheduler.close()
