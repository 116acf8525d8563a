"""Where the lab's shop batches run: in this process, on local worker processes, or on a Dask
distributed cluster.

:func:`run_tasks` maps one top-level function over a list of argument tuples (the lab's
batches of shops) and returns the results **in task order**, whichever backend ran them and
in whatever order they finished, so the numbers are identical on every backend:

- ``serial``: in this process (``workers=1``);
- ``local``: worker processes started with :func:`simulation.experiment.spawn_pool` (the
  'spawn' start method; the workers import only the simulation package, never the caller's
  ``__main__``). The pool is kept for the next run;
- ``dask``: a Dask cluster through ``distributed.Client(address)`` (``scheduler=`` or the
  ``ESG_SIM_SCHEDULER`` environment variable): each batch a future submitted with
  ``retries`` (a batch whose worker dies is run again elsewhere; the scheduler also
  reschedules the tasks of a lost worker), the results streamed back with
  ``distributed.as_completed``. Dask is imported only here and only then; without it the
  error says what to install.

``progress(done, total)`` is called as results come back (``done`` counts the weights of the
finished tasks, e.g. shops); ``cancel`` (a ``threading.Event`` or a callable returning True)
stops the run: nothing more is submitted, pending futures are cancelled and
:class:`Cancelled` is raised.
"""

from __future__ import annotations

import contextlib
import math
import os
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor
from concurrent.futures import wait as _wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Sequence

SCHEDULER_ENV = "ESG_SIM_SCHEDULER"
DASK_INSTALL_HINT = ("pip install -r requirements-dask.txt (dask[distributed]) on this machine "
                     "and on every worker")
DASK_RETRIES = 3
# batch sizing: at least this many seconds of work per task (the per-task overhead of a Dask
# cluster is a few milliseconds, of a local pool less), but at least this many tasks per
# worker so that the last batches do not leave the other workers idle (the smaller wins)
MIN_TASK_SECONDS = 2.0
TASKS_PER_WORKER = 8
_POLL_SECONDS = 0.05

Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """The run was cancelled (``cancel`` was set) before every task had finished."""


def is_cancelled(cancel: Any) -> bool:
    """True when ``cancel`` (None, a ``threading.Event`` or a callable) says stop."""
    if cancel is None:
        return False
    is_set = getattr(cancel, "is_set", None)
    if callable(is_set):
        return bool(is_set())
    if callable(cancel):
        return bool(cancel())
    raise TypeError(f"cancel must be a threading.Event or a callable, got {type(cancel).__name__}")


def scheduler_address(scheduler: Any = None) -> Any:
    """The Dask scheduler to use: ``scheduler`` (an address such as ``tcp://host:8786``, or a
    ``distributed.Client``), else the ``ESG_SIM_SCHEDULER`` environment variable, else None
    (local). ``""`` or ``"local"`` means local even when the variable is set."""
    if scheduler is None:
        scheduler = os.environ.get(SCHEDULER_ENV, "").strip() or None
    if isinstance(scheduler, str):
        s = scheduler.strip()
        return None if s in ("", "local") else s
    return scheduler


def backend_name(workers: int | None, scheduler: Any = None) -> str:
    """"dask", "local" or "serial": what :func:`run_tasks` would use."""
    if scheduler_address(scheduler) is not None:
        return "dask"
    return "serial" if resolve_workers(workers) <= 1 else "local"


def resolve_workers(workers: int | None) -> int:
    """Local worker processes: ``workers``, or every core for None."""
    if workers is None:
        return max(1, os.cpu_count() or 1)
    w = int(workers)
    if w < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    return w


def choose_batch_size(n_items: int, seconds_per_item: float, n_workers: int,
                      min_task_seconds: float = MIN_TASK_SECONDS,
                      tasks_per_worker: int = TASKS_PER_WORKER) -> int:
    """Items per task: enough for ``min_task_seconds`` of work (the overhead of a task is
    then negligible), but never so many that there are fewer than ``tasks_per_worker`` tasks
    per worker (balance; the smaller bound wins on small runs)."""
    if n_items <= 0:
        return 1
    for_overhead = math.ceil(min_task_seconds / max(seconds_per_item, 1e-6))
    for_balance = max(1, n_items // (max(1, n_workers) * max(1, tasks_per_worker)))
    return max(1, min(for_overhead, for_balance))


def plan_batches(costs: Sequence[float], n_workers: int,
                 min_task_seconds: float = MIN_TASK_SECONDS,
                 tasks_per_worker: int = TASKS_PER_WORKER) -> list[list[int]]:
    """Item indices grouped into tasks of about equal estimated work (``costs``, seconds),
    **heaviest first**: each task holds at least ``target = min(min_task_seconds, total /
    (tasks_per_worker × n_workers))`` of work (the last one, the lightest items, may hold
    less), so the overhead is amortised and there are enough tasks to balance. Handing the
    heavy tasks out first and the light ones last (longest processing time first) keeps the
    workers busy to the end when item costs are heavy-tailed, as shop sizes are. Each task's
    indices are sorted; the order of the results does not depend on the plan."""
    n = len(costs)
    if n == 0:
        return []
    c = [max(0.0, float(x)) for x in costs]
    total = sum(c)
    target = min(min_task_seconds, total / (max(1, n_workers) * max(1, tasks_per_worker)))
    batches: list[list[int]] = []
    cur: list[int] = []
    acc = 0.0
    for i in sorted(range(n), key=lambda i: (-c[i], i)):
        cur.append(i)
        acc += c[i]
        if acc >= target:
            batches.append(sorted(cur))
            cur, acc = [], 0.0
    if cur:
        batches.append(sorted(cur))
    return batches


def run_tasks(fn: Callable[..., Any], tasks: Sequence[tuple], weights: Sequence[int] | None = None,
              *, workers: int | None = None, scheduler: Any = None,
              progress: Progress | None = None, cancel: Any = None) -> list[Any]:
    """``[fn(*t) for t in tasks]``, on the backend chosen by ``scheduler`` and ``workers``
    (see the module docstring), in task order. ``fn`` must be a top-level function of the
    simulation package (the workers import it by name)."""
    tasks = list(tasks)
    weights = [1] * len(tasks) if weights is None else [int(w) for w in weights]
    if len(weights) != len(tasks):
        raise ValueError("one weight per task")
    total = sum(weights)
    if is_cancelled(cancel):
        raise Cancelled()
    if progress:
        progress(0, total)
    if not tasks:
        return []
    address = scheduler_address(scheduler)
    if address is not None:
        return _run_dask(fn, tasks, weights, total, address, progress, cancel)
    n = min(resolve_workers(workers), len(tasks))
    if n <= 1:
        return _run_serial(fn, tasks, weights, total, progress, cancel)
    return _run_local(fn, tasks, weights, total, n, progress, cancel)


def _run_serial(fn, tasks, weights, total, progress, cancel) -> list[Any]:
    out, done = [], 0
    for t, w in zip(tasks, weights, strict=True):
        if is_cancelled(cancel):
            raise Cancelled()
        out.append(fn(*t))
        done += w
        if progress:
            progress(done, total)
    return out


# --- local worker processes ------------------------------------------------------------
# The kept pools of simulation.experiment (spawned workers importing only the simulation
# package), shared with run_replications.

def local_pool(n_workers: int) -> ProcessPoolExecutor:
    """The kept pool of ``n_workers`` spawned worker processes (started on first use)."""
    from simulation.experiment import kept_pool

    return kept_pool(n_workers)


def _run_local(fn, tasks, weights, total, n_workers, progress, cancel) -> list[Any]:
    from simulation.experiment import drop_pool

    pool = local_pool(n_workers)
    futures = {pool.submit(fn, *t): i for i, t in enumerate(tasks)}
    out: list[Any] = [None] * len(tasks)
    done = 0
    pending = set(futures)
    try:
        while pending:
            if is_cancelled(cancel):
                raise Cancelled()
            finished, pending = _wait(pending, timeout=_POLL_SECONDS * 4,
                                      return_when=FIRST_COMPLETED)
            for f in sorted(finished, key=futures.__getitem__):
                i = futures[f]
                out[i] = f.result()
                done += weights[i]
                if progress:
                    progress(done, total)
    except BrokenProcessPool:
        drop_pool(n_workers)       # a worker died: the next run starts a fresh pool
        raise
    finally:
        for f in pending:
            f.cancel()
    return out


# --- Dask ---------------------------------------------------------------------------------

def _import_distributed():
    try:
        import distributed
    except ImportError as e:
        raise RuntimeError(f"a Dask scheduler was given but dask.distributed is not installed: "
                           f"{DASK_INSTALL_HINT}") from e
    return distributed


def worker_model_version() -> str:
    """Run on a Dask worker: the model version it has (it must be this project's)."""
    from simulation.scenario import MODEL_VERSION

    return MODEL_VERSION


def dask_client(address: Any):
    """``(client, owned)``: a ``distributed.Client`` on ``address`` (owned: close it when
    done), or the given client itself."""
    distributed = _import_distributed()
    if isinstance(address, distributed.Client):
        return address, False
    if not isinstance(address, str):
        raise TypeError(f"scheduler must be an address or a distributed.Client, got "
                        f"{type(address).__name__}")
    try:    # checked first: a Client given a malformed address hangs on its way out
        distributed.comm.get_address_host_port(address)
    except ValueError as e:
        raise ValueError(f"scheduler address {address!r}: {e} (expected tcp://HOST:PORT)") from None
    try:
        client = distributed.Client(address, set_as_default=False, timeout="20s")
    except (OSError, TimeoutError) as e:
        raise RuntimeError(f"cannot reach the Dask scheduler at {address}: {e}") from e
    return client, True


def _check_workers(client) -> None:
    from simulation.scenario import MODEL_VERSION

    try:
        theirs = client.submit(worker_model_version, pure=False).result()
    except Exception as e:   # the workers cannot unpickle a function of this package
        raise RuntimeError("the Dask cluster cannot run the simulation: run the scheduler "
                           "and every worker with this project importable (the same version, "
                           f"e.g. PYTHONPATH set to its checkout) ({type(e).__name__}: {e})"
                           ) from e
    if theirs != MODEL_VERSION:
        raise RuntimeError(f"the Dask workers have model version {theirs}, this machine "
                           f"{MODEL_VERSION}: install the same version everywhere")


@contextlib.contextmanager
def dask_session(scheduler: Any):
    """A ``distributed.Client`` on ``scheduler`` for the duration of a ``with`` block (closed
    at its end unless it was given as a client): one connection for sizing and running."""
    client, owned = dask_client(scheduler)
    try:
        yield client
    finally:
        if owned:
            client.close()


def dask_threads(scheduler: Any) -> int:
    """Worker threads on the Dask cluster now (for batch sizing; at least 1)."""
    with dask_session(scheduler) as client:
        return max(1, sum(client.nthreads().values()))


def _run_dask(fn, tasks, weights, total, address, progress, cancel) -> list[Any]:
    distributed = _import_distributed()
    client, owned = dask_client(address)
    futures: list[Any] = []
    try:
        _check_workers(client)
        index: dict[str, int] = {}
        for i, t in enumerate(tasks):
            if is_cancelled(cancel):
                raise Cancelled()
            f = client.submit(fn, *t, retries=DASK_RETRIES, pure=False)
            futures.append(f)
            index[f.key] = i
        out: list[Any] = [None] * len(tasks)
        done = 0
        ac = distributed.as_completed(futures, loop=client.loop)
        while not ac.is_empty():
            if is_cancelled(cancel):
                raise Cancelled()
            if not ac.has_ready():
                time.sleep(_POLL_SECONDS)
                continue
            for f in ac.next_batch(block=False):
                i = index[f.key]
                out[i] = f.result()
                f.release()
                done += weights[i]
                if progress:
                    progress(done, total)
        return out
    finally:
        pending = [f for f in futures if not f.done()]
        if pending:
            client.cancel(pending)
        if owned:
            client.close()
