"""Cached runners: scenarios in, replications with their details out, with progress; and
the glue between the pages and the server's scheduler and jobs (``ui/jobs.py``).

Every replication is stored once under (the scenario's canonical JSON, seed, replication
index), in one store shared by all sessions (``st.cache_resource``). Replication ``i``
always uses the same random streams, so a preview's replications are the first ones of the
full set, and the baseline run for the builder is reused by the compare page. A progress
callback cannot live inside ``st.cache_data`` (Streamlit replays elements made inside a
cached function), which is why the store is explicit.

Whatever is missing from the store is simulated by :func:`simulate`, through the server's
one scheduler (:func:`server`): at interactive priority when a page waits for it (the
builder's preview), at background priority under the job's session inside a job. Long work
runs as a job (:func:`start_job`): the page shows its progress with a Cancel button
(:func:`show_job`, polling in a fragment) and its result when it ends
(:func:`show_outcome` for a failure); a page restores the inputs of the session's jobs after
a reload (:func:`restore`). The session is the workspace token (``ui/workspace.py``).
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from simulation import KPI_LABELS, Scenario, ScenarioError, compare_to, summarise
from simulation.experiment import ReplicationDetail, run_replications

from . import jobs, limits, workspace
from .i18n import t, tx

STORE_ENTRIES = 1500            # replications kept (about 60 kB each)
Progress = Callable[[int, int], None]


class _Store:
    """A thread-safe LRU of replications (Streamlit serves sessions from threads)."""

    def __init__(self, max_entries: int = STORE_ENTRIES):
        self.max_entries = max_entries
        self._data: OrderedDict[tuple, ReplicationDetail] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple) -> ReplicationDetail | None:
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self.hits += 1
            self._data.move_to_end(key)
            return value

    def put(self, key: tuple, value: ReplicationDetail) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


@st.cache_resource
def store() -> _Store:
    return _Store()


@st.cache_resource(show_spinner=False, on_release=lambda released: released.close())
def server() -> jobs.Server:
    """The server's scheduler (its worker processes start on first use) and jobs; a cleared
    cache stops its processes."""
    return jobs.Server()


def _store() -> _Store:
    """The store; inside a job, the one the page handed over (a job's thread has no script
    context to reach ``st.cache_resource`` through)."""
    ctx = jobs.current()
    if ctx is not None and "store" in ctx.resources:
        return ctx.resources["store"]
    return store()


def session_id() -> str:
    """This browser session's share of the server: its workspace token ("" outside a page,
    e.g. in a script)."""
    ctx = jobs.current()
    if ctx is not None:
        return ctx.session
    if get_script_run_ctx(suppress_warning=True) is None:
        return ""
    return workspace.token()


def simulate(tasks: Sequence[tuple[str, Scenario, int]], seed: int,
             progress: Progress | None = None, workers: int | None = None,
             on_result: Callable[[str, int, Any], None] | None = None
             ) -> dict[tuple[str, int], ReplicationDetail]:
    """Simulate ``tasks`` (name, scenario, replication index) with their details: through the
    server's scheduler, at background priority under the job's session inside a job
    (cancelling the job raises ``jobs.Cancelled`` here), else at interactive priority under
    this session. ``workers`` set: ``run_replications`` in this thread instead (scripts).
    ``on_result(name, i, detail)`` sees each replication as it arrives."""
    if workers is not None:
        return run_replications(tasks, seed=seed, workers=workers, progress=progress,
                                detail=True)
    ctx = jobs.current()
    if ctx is not None:
        return ctx.scheduler.run(tasks, seed, session=ctx.session, priority=jobs.BACKGROUND,
                                 progress=progress, detail=True, tag=ctx.job_id,
                                 cancel=ctx.cancel, on_result=on_result)
    return server().scheduler.run(tasks, seed, session=session_id(),
                                  priority=jobs.INTERACTIVE, progress=progress, detail=True,
                                  on_result=on_result)


def _keeper(cache: _Store, seed: int) -> Callable[[str, int, Any], None]:
    """Put each replication into the store as it arrives (so a cancelled run keeps what it
    did); the task names are the scenarios' fingerprints."""
    def keep(key: str, i: int, detail: Any) -> None:
        cache.put((key, seed, i), detail)
    return keep


@dataclass(frozen=True)
class Results:
    """Replications of several scenarios under common random numbers.

    ``kpis``: one row per (scenario, replication), a column per KPI (as ``run_experiment``).
    ``daily``: the daily frames stacked, with scenario and replication columns.
    ``breakdown``: scenario, replication, kind (carbon_source / carbon_scope / cost), item,
    value. ``cohorts``: scenario, replication, cohort, months_since, share.
    """

    kpis: pd.DataFrame
    daily: pd.DataFrame
    breakdown: pd.DataFrame
    cohorts: pd.DataFrame
    seed: int
    replications: int

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(self.kpis["scenario"]))

    def summary(self) -> pd.DataFrame:
        """Mean and 95% t-interval per scenario and KPI, the interval cut to the values the
        KPI can take (a rate within 0–100%, a count or a duration not below zero): with few
        replications of a noisy rate, a symmetric interval can otherwise leave that range."""
        out = summarise(self.kpis)
        unit = out["kpi"].map(lambda k: KPI_LABELS.get(k, ("", "", "", None))[2])
        rate = unit.str.startswith("fraction")
        nonneg = rate | unit.isin(["orders", "customers", "people", "events", "hours"])
        out.loc[nonneg, "ci_low"] = out.loc[nonneg, "ci_low"].clip(lower=0.0)
        out.loc[rate, "ci_high"] = out.loc[rate, "ci_high"].clip(upper=1.0)
        return out

    def compare(self, reference: str) -> pd.DataFrame:
        return compare_to(self.kpis, reference)


def run(scenarios: Mapping[str, Scenario], seed: int, replications: int,
        progress: Progress | None = None, workers: int | None = None) -> Results:
    """Replications 0..n−1 of every scenario, from the store where they are there already.

    ``progress(done, total)`` counts only the replications that have to be simulated.
    Raises ``limits.LimitError`` for a request beyond the server's limits.
    """
    limits.check_request(scenarios, replications)       # LimitError names the limit
    cache = _store()
    keys = {name: sc.fingerprint() for name, sc in scenarios.items()}   # canonical-JSON hash
    found: dict[tuple[str, int], ReplicationDetail] = {}
    missing: list[tuple[str, Scenario, int]] = []
    # identical scenarios under different names are simulated once
    todo: dict[tuple[str, int], tuple[str, Scenario, int]] = {}
    for name, sc in scenarios.items():
        for i in range(replications):
            hit = cache.get((keys[name], seed, i))
            if hit is not None:
                found[(name, i)] = hit
            elif (keys[name], i) not in todo:
                todo[(keys[name], i)] = (keys[name], sc, i)
    missing = list(todo.values())
    if missing:
        computed = simulate(missing, seed, progress=progress, workers=workers,
                            on_result=_keeper(cache, seed))
        for (key, i), detail in computed.items():
            cache.put((key, seed, i), detail)
        for name in scenarios:
            for i in range(replications):
                if (name, i) not in found:
                    found[(name, i)] = computed[(keys[name], i)]
    return assemble(found, list(scenarios), seed, replications)


def kpi_runner(tasks: Sequence[tuple[str, Scenario, int]], seed: int,
               progress: Progress | None = None, workers: int | None = None
               ) -> dict[tuple[str, int], dict[str, float]]:
    """The analyses' runner (``simulation.analysis.Runner``) backed by the store.

    ``tasks`` are (name, scenario, replication index); returns {(name, i): KPIs}. Each
    replication is looked up under (the scenario's fingerprint, seed, i); only the missing
    ones are simulated (identical scenarios under different names once), with their details,
    and kept, so the builder and the compare page reuse them and a rerun simulates nothing.
    ``progress(done, total)`` counts only the replications simulated. Raises
    ``limits.LimitError`` for a scenario whose horizon is beyond the server's limit.
    """
    cache = _store()
    out: dict[tuple[str, int], dict[str, float]] = {}
    todo: dict[tuple[str, int], tuple[str, Scenario, int]] = {}
    wanted: dict[tuple[str, int], list[tuple[str, int]]] = {}
    checked: set[str] = set()
    for name, sc, i in tasks:
        key, i = sc.fingerprint(), int(i)
        if key not in checked:
            limits.check_scenario(sc, name)
            checked.add(key)
        hit = cache.get((key, seed, i))
        if hit is not None:
            out[(name, i)] = dict(hit.kpis)
            continue
        todo.setdefault((key, i), (key, sc, i))
        wanted.setdefault((key, i), []).append((name, i))
    if todo:
        computed = simulate(list(todo.values()), seed, progress=progress, workers=workers,
                            on_result=_keeper(cache, seed))
        for (key, i), detail in computed.items():
            cache.put((key, seed, i), detail)
            for task in wanted[(key, i)]:
                out[task] = dict(detail.kpis)
    return out


def has_stored(scenarios: Mapping[str, Scenario], seed: int, replications: int) -> bool:
    """Whether the store holds replications 0..n−1 of every scenario."""
    cache = _store()
    keys = {sc.fingerprint() for sc in scenarios.values()}
    return all(cache.get((key, seed, i)) is not None
               for key in keys for i in range(int(replications)))


def stored(scenarios: Mapping[str, Scenario], seed: int, replications: int) -> Results | None:
    """Replications 0..n−1 of every scenario when the store holds them all (nothing is
    simulated), else None."""
    cache = _store()
    found: dict[tuple[str, int], ReplicationDetail] = {}
    for name, sc in scenarios.items():
        key = sc.fingerprint()
        for i in range(int(replications)):
            hit = cache.get((key, seed, i))
            if hit is None:
                return None
            found[(name, i)] = hit
    return assemble(found, list(scenarios), seed, int(replications))


def assemble(found: Mapping[tuple[str, int], ReplicationDetail], names: list[str], seed: int,
             replications: int) -> Results:
    kpi_rows, daily, breakdown, cohorts = [], [], [], []
    for name in names:
        for i in range(replications):
            d = found[(name, i)]
            kpi_rows.append({"scenario": name, "replication": i, **d.kpis})
            daily.append(d.daily.assign(scenario=name, replication=i))
            for kind, items in (("carbon_source", d.carbon_by_source),
                                ("carbon_scope", d.carbon_by_scope),
                                ("cost", d.cost_by_category)):
                breakdown.extend({"scenario": name, "replication": i, "kind": kind,
                                  "item": item, "value": float(v)} for item, v in items.items())
            if len(d.cohorts):
                cohorts.append(d.cohorts.assign(scenario=name, replication=i))
    cohort_df = (pd.concat(cohorts, ignore_index=True) if cohorts else
                 pd.DataFrame(columns=["cohort", "months_since", "share", "scenario",
                                       "replication"]))
    return Results(kpis=pd.DataFrame.from_records(kpi_rows),
                   daily=pd.concat(daily, ignore_index=True),
                   breakdown=pd.DataFrame.from_records(breakdown),
                   cohorts=cohort_df, seed=seed, replications=replications)


def limited_kpi_runner(tasks, seed: int, progress: Progress | None = None):
    """``kpi_runner`` behind the server's limit on the work of one request (an analysis
    runs its batches through this): the expected orders of every task together
    (``limits.MAX_ORDERS_PER_RUN``), checked before anything is simulated. Raises
    ``limits.LimitError``."""
    workload: dict[str, float] = {}
    orders = 0.0
    for name, sc, _i in tasks:
        if name not in workload:
            workload[name] = sc.expected_orders()
        orders += workload[name]
    if orders > limits.MAX_ORDERS_PER_RUN:
        raise limits.LimitError("common.limit_work", orders=f"{orders:,.0f}", sims=len(tasks),
                                limit=f"{limits.MAX_ORDERS_PER_RUN:,}")
    return kpi_runner(tasks, seed, progress)


def with_progress(work: Callable[[Progress], Any], lang: str, failed_key: str) -> Any | None:
    """Run an analysis, ``work(progress)``, under a progress bar counting its simulations.
    Any failure becomes a message in the user's language (never a traceback) and None:
    a server limit names the limit, bad input shows ``failed_key`` with the reason."""
    bar = st.progress(0.0, text=t("common.progress_start", lang))

    def progress(done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)),
                     text=t("common.progress_simulations", lang, done=done, total=total))

    try:
        return work(progress)
    except limits.LimitError as err:
        st.error(err.message(lang))
    except (ScenarioError, ValueError) as err:
        st.error(tx(failed_key, lang, error=err))
    except Exception as err:  # noqa: BLE001 - shown as a message, never a traceback
        st.error(tx("common.run_error", lang, error=err))
    finally:
        bar.empty()
    return None


# --- jobs: long work in the background ---------------------------------------------------------

POLL_S = 1.0                    # how often a page looks at its running job
_RESTORED = "_jobs_restored"     # the slots whose inputs this session has restored


def job(slot: str) -> jobs.Job | None:
    """This session's job in ``slot`` (running, or kept after it ended)."""
    return server().jobs.get(session_id(), slot)


def start_job(slot: str, work: Callable[[Progress], Any], key: Any, lang: str,
              meta: Mapping[str, Any] | None = None, orders: float = 0.0) -> jobs.Job | None:
    """Run ``work(progress)`` as this session's job in ``slot`` (replacing the slot's
    previous job); its simulations go through the scheduler in the background. ``key``: the
    inputs (the page shows the job for the same key); ``meta``: session values that bring
    the inputs back after a reload (:func:`restore`); ``orders``: the simulated orders it
    expects. A limit that refuses it is shown (naming the limit) and None returned."""
    try:
        return server().jobs.start(session_id(), slot, work, key=key, meta=meta, orders=orders,
                                   resources={"store": store()})
    except limits.LimitError as err:
        st.error(err.message(lang))
        return None


def snapshot(keys: Iterable[str]) -> dict[str, Any]:
    """The session's values under ``keys`` (those set), copied: a job's ``meta``."""
    return {k: copy.deepcopy(st.session_state[k]) for k in keys if k in st.session_state}


def restore(slots: Iterable[str]) -> None:
    """Once per session and slot: put back the inputs (``meta``) of this session's job in
    each slot where the session has no value of its own, so that after a reload the page
    asks for the same thing again and finds the job (its progress or its result)."""
    done = st.session_state.setdefault(_RESTORED, [])
    for slot in slots:
        if slot in done:
            continue
        done.append(slot)
        found = job(slot)
        if found is None:
            continue
        for k, v in found.meta.items():
            if k not in st.session_state:
                st.session_state[k] = copy.deepcopy(v)


def _cancel(slot: str) -> None:
    found = job(slot)
    if found is not None:
        found.cancel()


def show_job(running: jobs.Job, lang: str, note: str | None = None) -> None:
    """A running job's progress and its Cancel button, redrawn every POLL_S seconds (a
    fragment); when the job ends, the whole page runs again to show the result."""
    slot = running.slot

    @st.fragment(run_every=POLL_S)
    def poll() -> None:
        if not running.active:
            st.rerun(scope="app")
        if note:
            st.caption(note)
        done, total = running.done, running.total
        if total:
            st.progress(min(1.0, done / total),
                        text=t("common.job_running", lang, done=done, total=total))
        else:
            st.progress(0.0, text=t("common.job_waiting", lang))
        st.button(t("common.job_cancel", lang), key=f"job_cancel_{slot}", on_click=_cancel,
                  args=(slot,), disabled=running.cancelling)

    poll()


def last_result(slot: str, key: Any) -> Any:
    """The result kept in the session under ``slot`` for the inputs ``key`` (else None)."""
    last = st.session_state.get(slot)
    return last[1] if last and last[0] == key else None


def kept_or_run(slot: str, key: Any, pressed: bool, work: Callable[[Progress], Any] | None,
                lang: str, check: Callable[[], None] | None = None,
                meta: Mapping[str, Any] | None = None, failed_key: str = "common.run_error",
                orders: float = 0.0, keep: str | None = None) -> Any | None:
    """The result of ``work`` for the inputs ``key``, run as the session's background job in
    ``slot``: the one way a page runs long work with progress and Cancel.

    ``pressed`` (a Run button, or a page that starts its work by itself): ``check()`` first
    (a limit or bad input is a message at once), then ``work(progress)`` starts as a job. A
    running job for ``key`` shows its progress and Cancel button; a finished one's result is
    kept in the session under ``slot`` (a rerun or a KPI switch redraws without simulating);
    one that failed or was cancelled says why (``failed_key`` for bad input). None when
    there is no result for ``key`` (the caller says what to press). ``keep``: the session
    key the result is kept under, when it is not ``slot``."""
    keep = keep or slot
    if pressed:
        try:
            if check is not None:
                check()
        except limits.LimitError as err:
            st.error(err.message(lang))
            return last_result(keep, key)
        except (ScenarioError, ValueError) as err:
            st.error(tx(failed_key, lang, error=err))
            return last_result(keep, key)
        if start_job(slot, work, key, lang, meta=meta, orders=orders) is None:
            return last_result(keep, key)           # refused (the message names the limit)
    found = job(slot)
    if found is not None and found.key == key:
        if found.active:
            show_job(found, lang)
            return None
        if found.succeeded:
            last = st.session_state.get(keep)
            if not last or last[0] != key or last[1] is not found.result:
                st.session_state[keep] = (key, found.result)
        elif last_result(keep, key) is None:
            show_outcome(found, lang, failed_key)
            return None
    return last_result(keep, key)


def ended_without_result(slot: str, key: Any) -> bool:
    """True when the session's job in ``slot`` for ``key`` was cancelled or failed (a page
    that starts its work by itself then waits for the user's Run instead)."""
    found = job(slot)
    return found is not None and found.key == key and not found.active and not found.succeeded


def show_outcome(ended: jobs.Job, lang: str, failed_key: str = "common.run_error") -> None:
    """Why a job ended without a result: cancelled (after how much), a server limit (named),
    bad input (``failed_key`` with the reason) or another failure (never a traceback). A job
    that succeeded has nothing to explain: nothing is shown."""
    if ended.succeeded:
        return
    if ended.state == jobs.CANCELLED:
        st.info(t("common.job_cancelled", lang, done=ended.done))
        return
    err = ended.error
    if isinstance(err, limits.LimitError):
        st.error(err.message(lang))
    elif isinstance(err, (ScenarioError, ValueError)):
        st.error(tx(failed_key, lang, error=err))
    else:
        st.error(tx("common.run_error", lang, error=err))


# --- the validation report, run once per model version and shared by every session ------------

class _ReportStore:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.checks: dict[str, list] = {}


@st.cache_resource
def report_store() -> _ReportStore:
    return _ReportStore()


def validation_report() -> list | None:
    """The quick validation report of this model version, if this server has run it."""
    from simulation import MODEL_VERSION

    return report_store().checks.get(MODEL_VERSION)


def report_running() -> bool:
    return report_store().lock.locked()


def run_validation_report(progress: Progress | None = None) -> list | None:
    """Run ``simulation.verification.run_all(quick=True)`` once (None when another session is
    already running it); the result is kept for every session."""
    from simulation import MODEL_VERSION
    from simulation.verification import run_all

    s = report_store()
    if not s.lock.acquire(blocking=False):
        return None
    try:
        if MODEL_VERSION not in s.checks:
            s.checks[MODEL_VERSION] = run_all(quick=True, progress=progress)
        return s.checks[MODEL_VERSION]
    finally:
        s.lock.release()
