"""The regional policy lab page (``pages/8_policy_lab.py``).

A region (``scenarios/regions/*.yaml``, ``simulation.lab.region``) is many heterogeneous small
shops; the user turns policy instruments on with their intensities (``simulation.lab.
instruments.INSTRUMENTS``: off by default), chooses how many of the region's shops to simulate,
the horizon and the seed, and runs the lab (``simulation.lab.run.run_lab``) as the session's
background job (``ui/runner.py``: progress and a Cancel button; the inputs and the result
come back after a reload). The result is drawn from plain functions of it
(``ui/policy_lab_tables.py``), which the page's report (``ui/report/policy_lab.py``) uses too.
The marginal abatement cost curve (``simulation.lab.mac.mac_curve``, and with a public budget
the best-mix search) runs many policies, so it is a second job behind its own button.

Fairness on a shared server: the server's scheduler (``ui/jobs.py``) seeds replication ``i``
of a scenario from the experiment's seed, while shop ``i`` of the lab is seeded by
``shop_seed(seed, i)`` after its adoption decision, so the scheduler cannot take these tasks.
The lab's shops therefore run on the lab's own kept pool of at most ``LAB_PROCESSES`` worker
processes (``simulation.experiment.kept_pool``): one pool for every session's lab jobs, so
lab work never takes more than that many processes, and never the server's interpreter lock
(a simulation in the server's own thread would slow every page). One job per slot, the
session's and the server's job limits, the per-request orders limit and the hourly orders
limit bound what a session can ask: a run's expected orders (a MAC curve's: every policy's)
are checked before it starts and counted in the session's hour
(``Scheduler.charge_orders``) when it starts. A server whose environment names a Dask
scheduler (``ESG_SIM_SCHEDULER``) sends the shops there instead (``run_lab``'s rule).
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import Any, Callable

import streamlit as st

from simulation import MODEL_VERSION
from simulation.lab import (instruments as lab_instruments, mac as lab_mac, region as lab_region,
                            run as lab_run, search as lab_search, shops as lab_shops)

from . import export, inputs as numbers, jobs, limits, runner, session, shell, widgets
from . import policy_lab_tables as tables
from .i18n import inert, t, tx
from .report import control as report_control, policy_lab as report_lab

LOG = logging.getLogger(__name__)

# bounds a shared server accepts (the command line takes more)
MIN_SHOPS, MAX_SHOPS, DEFAULT_SHOPS = 10, 1000, 100
MIN_DAYS, MAX_DAYS, DEFAULT_DAYS = 30, 365, 180
MIN_BUDGET, MAX_BUDGET, DEFAULT_BUDGET = 0.0, 1e10, 1_000_000.0
RUNS_PER_SHOP = 2                 # each shop simulated without and with the policy
LAB_PROCESSES = 2                 # worker processes all lab jobs of the server share

# session keys: the inputs (re-seeded into their widgets every run) and the results
REGION, SHOPS, DAYS, SEED = "lab_region", "lab_shops", "lab_days", "lab_seed"
BUDGET_ON, BUDGET = "lab_budget_on", "lab_budget"
GROUP_BY, LEVER_PICK, MAC_BY = "lab_group_by", "lab_lever_pick", "lab_mac_by"
RESULT_KEY, MAC_KEY = "lab_result", "lab_mac_result"
JOB_SLOT, MAC_SLOT = "policy_lab", "policy_lab_mac"
RUN_BUTTON, MAC_BUTTON = "lab_run", "lab_mac_run"


def on_key(path: str) -> str:
    """The session key of an instrument's on/off switch."""
    return f"lab_on:{path}"


def value_key(path: str) -> str:
    """The session key of an instrument's intensity (as its field shows it)."""
    return f"lab_val:{path}"


def instrument_paths() -> list[str]:
    """The instruments' dotted paths, in the engine's order."""
    return list(lab_instruments.INSTRUMENTS)


def is_switch(path: str) -> bool:
    """An on/off instrument (the disclosure mandate): no intensity."""
    info = lab_instruments.INSTRUMENTS[path]
    return getattr(info, "kind", "") == "bool" or isinstance(widgets.rows()[path]["default"], bool)


def is_fraction(path: str) -> bool:
    return widgets.rows()[path]["unit"] == "fraction"


def shown_bounds(path: str) -> tuple[float, float]:
    """An instrument's range as its field shows it (fractions in percent)."""
    info = lab_instruments.INSTRUMENTS[path]
    lo, hi = tables.info_bounds(info, path)
    if is_fraction(path):
        return lo * 100.0, hi * 100.0
    return lo, hi


def default_intensity(path: str) -> float:
    """The intensity an instrument starts from when it is turned on (as its field shows it):
    the middle of its MAC grid, else the middle of its range."""
    info = lab_instruments.INSTRUMENTS[path]
    grid = [float(g) for g in tables.info_grid(info) if g]
    if grid:
        value = grid[len(grid) // 2]
    else:
        lo, hi = tables.info_bounds(info, path)
        value = (lo + hi) / 2.0
    return round(value * 100.0, 6) if is_fraction(path) else value


def to_model(path: str, shown: Any) -> Any:
    """A field's value in the model's units (percent back to a fraction)."""
    if is_switch(path):
        return bool(shown)
    return float(shown) / 100.0 if is_fraction(path) else float(shown)


# --- the inputs ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Inputs:
    """Everything a run is asked, hashable (the key of the kept result)."""

    region: str
    policy: tuple[tuple[str, Any], ...] = ()
    shops: int = DEFAULT_SHOPS
    days: int = DEFAULT_DAYS
    seed: int = 1
    budget: float | None = None

    @property
    def policy_dict(self) -> dict[str, Any]:
        return dict(self.policy)

    def run_key(self) -> tuple:
        return ("lab", MODEL_VERSION, self.region, self.policy, self.shops, self.days, self.seed)

    def mac_key(self) -> tuple:
        return ("mac", MODEL_VERSION, self.region, self.shops, self.days, self.seed, self.budget)


def _get(state_key: str, default: Any) -> Any:
    if state_key not in st.session_state:
        st.session_state[state_key] = default
    return st.session_state[state_key]


def _widget(state_key: str, default: Any, lang: str | None = None) -> str:
    """Seed a widget from its session key; returns the widget's key (one per language for
    a widget whose option labels are translated)."""
    w = f"_w_{state_key}" + (f"@{lang}" if lang else "")
    st.session_state[w] = _get(state_key, default)
    return w


def input_keys() -> list[str]:
    """Every session key of the page's inputs (a job's meta: restored after a reload)."""
    keys = [REGION, SHOPS, DAYS, SEED, BUDGET_ON, BUDGET]
    for p in instrument_paths():
        keys += [on_key(p), value_key(p)]
    return keys


def read_inputs(regions: list[str], lang: str) -> tuple[Inputs, list[str]]:
    """The inputs from the session (defaults where unset) and the problems with them, as
    messages in ``lang``; with problems nothing runs. The instruments are validated by the
    engine (``parse_instruments``): a bad value is named, never a traceback."""
    problems: list[str] = []
    region = _get(REGION, regions[0])
    if region not in regions:
        region = st.session_state[REGION] = regions[0]
    policy: dict[str, Any] = {}
    for path in instrument_paths():
        if not _get(on_key(path), False):
            continue
        if is_switch(path):
            policy[path] = True
            continue
        shown = _get(value_key(path), default_intensity(path))
        lo, hi = shown_bounds(path)
        if not numbers.in_range(shown, lo, hi):
            problems.append(numbers.range_message(widgets.label(path, lang), lo, hi, lang))
            continue
        policy[path] = to_model(path, shown)
    try:
        parsed = lab_instruments.parse_instruments(policy) if policy else {}
    except (ValueError, TypeError) as err:
        problems.append(tx("policy_lab.instrument_bad", lang, error=err))
        parsed = {}
    shops = _get(SHOPS, DEFAULT_SHOPS)
    days = _get(DAYS, DEFAULT_DAYS)
    seed = _get(SEED, session.seed())
    for label, value, lo, hi in ((t("policy_lab.shops", lang), shops, MIN_SHOPS, MAX_SHOPS),
                                 (t("policy_lab.days", lang), days, MIN_DAYS, MAX_DAYS),
                                 (t("policy_lab.seed", lang), seed, 0, limits.MAX_SEED)):
        if not numbers.in_range(value, lo, hi) or float(value) != int(value):
            problems.append(numbers.range_message(label, lo, hi, lang))
    budget = None
    if _get(BUDGET_ON, False):
        budget = _get(BUDGET, DEFAULT_BUDGET)
        if not numbers.in_range(budget, MIN_BUDGET, MAX_BUDGET):
            problems.append(numbers.range_message(t("policy_lab.budget", lang), MIN_BUDGET,
                                                  MAX_BUDGET, lang))
            budget = None
    ok = not problems
    inputs = Inputs(region=region,
                    policy=tuple(sorted(parsed.items())),
                    shops=int(shops) if ok else DEFAULT_SHOPS,
                    days=int(days) if ok else DEFAULT_DAYS,
                    seed=int(seed) if ok else 1,
                    budget=float(budget) if budget is not None else None)
    return inputs, problems


# --- the region -----------------------------------------------------------------------------------

def load(name: str) -> Any:
    """The region ``name`` (the loader's checks); its errors as they are raised."""
    return lab_region.load_region(name)


@functools.lru_cache(maxsize=64)
def _expected_orders(region_name: str, n: int, seed: int, days: int) -> float:
    """The orders a run simulates, about: each drawn shop's orders a year over the horizon,
    twice (without and with the policy)."""
    region = load(region_name)
    shops = lab_shops.draw_shops(region, n=n, seed=seed)
    return RUNS_PER_SHOP * sum(float(s.orders_per_year) for s in shops) * days / 365.0


def expected_orders(inputs: Inputs) -> float:
    return _expected_orders(inputs.region, inputs.shops, inputs.seed, inputs.days)


def check(inputs: Inputs) -> None:
    """Refuse a run beyond the server's limits (a ``limits.LimitError`` naming it) or one
    whose region cannot be read or holds fewer shops (a ValueError with the reason)."""
    region = load(inputs.region)
    total = int(getattr(region, "shops", inputs.shops))
    if inputs.shops > total:
        raise limits.LimitError("policy_lab.shops_region_cap", n=f"{total:,}")
    orders = expected_orders(inputs)
    if orders > limits.MAX_ORDERS_PER_RUN:
        raise limits.LimitError("policy_lab.limit_orders", orders=f"{orders:,.0f}",
                                limit=f"{limits.MAX_ORDERS_PER_RUN:,}")


def draw_region(regions: list[str], lang: str, container: Any = st) -> Any | None:
    """The region's choice and its title and description (from its file, shown as text);
    the loaded region, or None (with the reason) when it cannot be read."""
    container.subheader(t("policy_lab.region_heading", lang))
    w = _widget(REGION, regions[0])
    if st.session_state[w] not in regions:
        st.session_state[w] = st.session_state[REGION] = regions[0]
    container.selectbox(t("policy_lab.region", lang), regions, key=w, on_change=shell.keep,
                        args=(w, REGION), help=t("policy_lab.region_help", lang),
                        format_func=lambda n: region_title(n, lang))   # options are plain text
    return show_region(st.session_state[REGION], lang, container)


@functools.lru_cache(maxsize=32)
def _titles(name: str) -> dict[str, str]:
    try:
        region = load(name)
    except Exception:  # noqa: BLE001 - the bare name then
        return {}
    return {lang: tables.localised(region.title, lang) for lang in ("zh", "en")}


def region_title(name: str, lang: str) -> str:
    """A region's title in ``lang`` (its file name when the file cannot be read)."""
    return _titles(name).get(lang) or name


def show_region(name: str, lang: str, container: Any = st) -> Any | None:
    try:
        region = load(name)
    except Exception as err:  # noqa: BLE001 - a message, never a traceback
        container.error(tx("policy_lab.region_bad", lang, name=name, error=err))
        return None
    description = tables.localised(getattr(region, "description", ""), lang)
    if description:
        container.markdown(inert(description))
    container.caption(t("policy_lab.region_facts", lang, shops=f"{int(region.shops):,}",
                        days=int(getattr(region, "horizon_days", DEFAULT_DAYS))))
    return region


def draw_instruments(lang: str, container: Any = st) -> int:
    """Each instrument: a switch, and its intensity when on (a number field checked against
    the instrument's bounds). Returns how many fields refuse their value."""
    container.subheader(t("policy_lab.instruments_heading", lang))
    container.caption(t("policy_lab.instruments_note", lang))
    refused = 0
    for path in instrument_paths():
        label = widgets.label(path, lang)
        row = widgets.rows()[path]
        help_text = row["help_zh"] if lang == "zh" else row["help_en"]
        w = _widget(on_key(path), False)
        container.toggle(t("policy_lab.instrument_on", lang, label=label), key=w,
                         on_change=shell.keep, args=(w, on_key(path)), help=help_text or None)
        if is_switch(path) or not st.session_state.get(on_key(path)):
            continue
        lo, hi = shown_bounds(path)
        field = (t("policy_lab.instrument_percent", lang, label=label) if is_fraction(path)
                 else t("policy_lab.instrument_value", lang, label=label,
                        unit=tables.unit_name(row["unit"], lang)))
        got = numbers.number(field, key=f"_w_{value_key(path)}", state_key=value_key(path),
                             default=default_intensity(path), lo=lo, hi=hi, lang=lang,
                             container=container, follow_state=True,
                             help=t("builder.range", lang, lo=numbers.bound_text(lo),
                                    hi=numbers.bound_text(hi),
                                    unit="%" if is_fraction(path)
                                    else tables.unit_name(row["unit"], lang)).strip())
        refused += got is None
    return refused


def draw_settings(region: Any | None, lang: str, container: Any = st) -> int:
    """Shops simulated, horizon, seed and the optional public budget. Returns how many
    fields refuse their value."""
    container.subheader(t("policy_lab.settings_heading", lang))
    refused = 0
    hi_shops = MAX_SHOPS
    if region is not None:
        hi_shops = max(MIN_SHOPS, min(MAX_SHOPS, int(region.shops)))
    a, b = container.columns(2)
    got = numbers.number(t("policy_lab.shops", lang), key=f"_w_{SHOPS}", state_key=SHOPS,
                         default=min(DEFAULT_SHOPS, hi_shops), lo=MIN_SHOPS, hi=hi_shops,
                         lang=lang, container=a, follow_state=True,
                         help=t("policy_lab.shops_help", lang, lo=MIN_SHOPS,
                                hi=f"{hi_shops:,}"))
    refused += got is None
    got = numbers.number(t("policy_lab.days", lang), key=f"_w_{DAYS}", state_key=DAYS,
                         default=DEFAULT_DAYS, lo=MIN_DAYS, hi=MAX_DAYS, lang=lang, container=b,
                         follow_state=True,
                         help=t("policy_lab.days_help", lang, lo=MIN_DAYS, hi=MAX_DAYS))
    refused += got is None
    got = numbers.number(t("policy_lab.seed", lang), key=f"_w_{SEED}", state_key=SEED,
                         default=session.seed(), lo=0, hi=limits.MAX_SEED, lang=lang,
                         container=container, follow_state=True,
                         help=t("policy_lab.seed_help", lang))
    refused += got is None
    w = _widget(BUDGET_ON, False)
    container.toggle(t("policy_lab.budget_on", lang), key=w, on_change=shell.keep,
                     args=(w, BUDGET_ON), help=t("policy_lab.budget_help", lang))
    if st.session_state.get(BUDGET_ON):
        got = numbers.number(t("policy_lab.budget", lang), key=f"_w_{BUDGET}", state_key=BUDGET,
                             default=DEFAULT_BUDGET, lo=MIN_BUDGET, hi=MAX_BUDGET, lang=lang,
                             container=container, step=100_000.0, format="%.0f",
                             follow_state=True)
        refused += got is None
    return refused


# --- running -----------------------------------------------------------------------------------

def _cancel_flag() -> Any:
    ctx = jobs.current()
    return ctx.cancel if ctx is not None else None


def _simulations(progress: Callable[[int, int], None]) -> Callable[[int, int], None]:
    """The engine's progress (shops done of shops) as the job's (simulations: two a shop)."""
    def report(done: int, total: int) -> None:
        progress(RUNS_PER_SHOP * int(done), RUNS_PER_SHOP * int(total))
    return report


def _stop_if_cancelled(cancel: Any) -> None:
    if cancel is not None and cancel.is_set():
        raise jobs.Cancelled()


def _charge(orders: float) -> None:
    """Count the job's simulated orders in its session's hour (see the module's note)."""
    ctx = jobs.current()
    if ctx is not None and orders > 0:
        ctx.scheduler.charge_orders(ctx.session, orders)


def mac_policies() -> int:
    """Policies a MAC curve runs (every instrument's default grid), besides no policy."""
    return sum(len(v) for v in lab_mac.default_grid().values())


def mac_orders(inputs: Inputs) -> float:
    """The orders a MAC curve simulates, about: the no-policy arm once and each policy's."""
    return expected_orders(inputs) / RUNS_PER_SHOP * (1 + mac_policies())


def lab_work(inputs: Inputs) -> Callable[[Callable[[int, int], None]], Any]:
    """The job's work: the lab run on the lab's worker processes (see the module's note)."""
    def work(progress: Callable[[int, int], None]) -> Any:
        cancel = _cancel_flag()
        region = load(inputs.region)
        _charge(expected_orders(inputs))
        result = lab_run.run_lab(region, inputs.policy_dict, shops=inputs.shops,
                                      seed=inputs.seed, horizon_days=inputs.days,
                                      workers=LAB_PROCESSES,
                                      progress=_simulations(progress), cancel=cancel)
        _stop_if_cancelled(cancel)
        return result
    return work


def mac_work(inputs: Inputs) -> Callable[[Callable[[int, int], None]], Any]:
    """The MAC job's work: the curve over the instruments' default grids (and, with a
    budget, the best mix within it), serially in the job's thread. Its progress counts shop
    simulations (the no-policy arm once, then each policy's arm)."""
    def work(progress: Callable[[int, int], None]) -> Any:
        cancel = _cancel_flag()
        region = load(inputs.region)
        _charge(mac_orders(inputs))
        runs: dict = {}        # the curve's runs, which the best-mix search reuses
        curve = lab_mac.mac_curve(region, shops=inputs.shops, seed=inputs.seed,
                                  horizon_days=inputs.days, workers=LAB_PROCESSES,
                                  progress=progress, cancel=cancel, results=runs)
        _stop_if_cancelled(cancel)
        best = None
        if inputs.budget is not None:
            best = lab_search.best_mix(region, inputs.budget, shops=inputs.shops,
                                       seed=inputs.seed, horizon_days=inputs.days,
                                       workers=LAB_PROCESSES, progress=progress, cancel=cancel,
                                       mac_results=runs)
            _stop_if_cancelled(cancel)
        return tables.MacOutcome(curve=curve, best=best, budget=inputs.budget)
    return work


def _meta() -> dict[str, Any]:
    return runner.snapshot(input_keys())


def _cancelled_note(slot: str, key: tuple, keep: str, lang: str) -> bool:
    """The lab's own words for a cancelled job with no result kept (the shared message
    speaks of replications kept for reuse, which the lab does not keep)."""
    found = runner.job(slot)
    if (found is not None and found.key == key and found.state == jobs.CANCELLED
            and runner.last_result(keep, key) is None):
        st.info(t("policy_lab.cancelled", lang, done=found.done))
        return True
    return False


def _failure_texts(err: BaseException, lang: str) -> str:
    return err.message(lang) if isinstance(err, limits.LimitError) else tx(
        "policy_lab.failed", lang, error=err)


def run_or_kept(inputs: Inputs, pressed: bool, lang: str) -> Any | None:
    """The lab's result for ``inputs``: started as the session's job when ``pressed`` (after
    the checks), its progress and Cancel button while it runs, then kept in the session."""
    key = inputs.run_key()
    if not pressed and _cancelled_note(JOB_SLOT, key, RESULT_KEY, lang):
        return None
    orders = 0.0
    if pressed:
        try:
            check(inputs)
            orders = expected_orders(inputs)
        except limits.LimitError as err:
            st.error(err.message(lang))
            return runner.last_result(RESULT_KEY, key)
        except Exception as err:  # noqa: BLE001 - a message, never a traceback
            st.error(_failure_texts(err, lang))
            return runner.last_result(RESULT_KEY, key)
    return runner.kept_or_run(JOB_SLOT, key, pressed, lab_work(inputs), lang, meta=_meta(),
                              failed_key="policy_lab.failed", orders=orders, keep=RESULT_KEY)


def mac_or_kept(inputs: Inputs, pressed: bool, lang: str) -> Any | None:
    key = inputs.mac_key()
    if not pressed and _cancelled_note(MAC_SLOT, key, MAC_KEY, lang):
        return None
    orders = 0.0
    if pressed:
        try:
            check(inputs)
            orders = mac_orders(inputs)
            if orders > limits.MAX_ORDERS_PER_RUN:
                raise limits.LimitError("policy_lab.limit_orders", orders=f"{orders:,.0f}",
                                        limit=f"{limits.MAX_ORDERS_PER_RUN:,}")
        except limits.LimitError as err:
            st.error(err.message(lang))
            return runner.last_result(MAC_KEY, key)
        except Exception as err:  # noqa: BLE001 - a message, never a traceback
            st.error(_failure_texts(err, lang))
            return None
    return runner.kept_or_run(MAC_SLOT, key, pressed, mac_work(inputs), lang, meta=_meta(),
                              failed_key="policy_lab.mac_failed", orders=orders, keep=MAC_KEY)


def previous_result() -> tuple[Any, Any] | None:
    """The last result kept in the session (for other inputs), as (key, result)."""
    last = st.session_state.get(RESULT_KEY)
    return tuple(last) if last else None


# --- the page ----------------------------------------------------------------------------------

def draw(lang: str) -> None:
    """The policy lab page: region, instruments and run settings (left), the run and its
    result (right); the MAC curve below. In presentation view: the result only."""
    runner.restore([JOB_SLOT, MAC_SLOT])        # after a reload: the inputs of the last runs
    present = shell.presentation()
    st.title(t("policy_lab.title", lang), anchor=False)
    if not present:
        st.caption(t("policy_lab.intro", lang))
    regions = lab_region.list_regions()
    if not regions:
        st.error(t("policy_lab.no_regions", lang))
        return
    controls, results = shell.two_panes()
    refused = 0
    region = None
    if controls is not None:
        with controls:
            region = draw_region(regions, lang)
            refused += draw_instruments(lang)
            refused += draw_settings(region, lang)
    inputs, problems = read_inputs(regions, lang)
    with results:
        pressed = False
        if controls is not None:
            for problem in problems if not refused else []:
                st.warning(problem)
            if not problems and not refused:
                if not inputs.policy:
                    st.info(t("policy_lab.no_instrument", lang))
                try:
                    orders = f"{expected_orders(inputs):,.0f}"
                except Exception:  # noqa: BLE001 - the run's check names the problem
                    orders = "—"
                st.caption(t("policy_lab.run_note", lang, n=inputs.shops, days=inputs.days,
                             orders=orders))
            pressed = st.button(t("policy_lab.run", lang), key=RUN_BUTTON, type="primary",
                                disabled=bool(problems) or refused > 0)
        ready = not problems and not refused
        result = run_or_kept(inputs, pressed and ready, lang) if ready else None
        shown_inputs = inputs
        if result is None:
            if not runner.job(JOB_SLOT) or runner.job(JOB_SLOT).key != inputs.run_key():
                last = previous_result()
                if last is not None and present:
                    result, shown_inputs = last[1], _inputs_of(last[0], inputs)
                elif last is not None:
                    st.info(t("policy_lab.stale", lang))
                    result, shown_inputs = last[1], _inputs_of(last[0], inputs)
                elif ready and not present:
                    st.info(t("policy_lab.press", lang))
        try:
            if result is not None:
                show_result(result, shown_inputs, lang, present)
            draw_mac(inputs, ready, lang, present)
        except Exception as err:  # noqa: BLE001 - a message in the user's language, never a traceback
            LOG.exception("policy lab: drawing the result failed")
            st.error(tx("policy_lab.failed", lang, error=type(err).__name__))


def _inputs_of(key: tuple, current: Inputs) -> Inputs:
    """The inputs a kept result was made with (from its run key)."""
    try:
        _kind, _model, region, policy, shops, days, seed = key
        return Inputs(region=region, policy=tuple(policy), shops=int(shops), days=int(days),
                      seed=int(seed), budget=current.budget)
    except (TypeError, ValueError):
        return current


# --- drawing the result -------------------------------------------------------------------------

def region_label(inputs: Inputs, lang: str) -> str:
    return region_title(inputs.region, lang)


def show_result(result: Any, inputs: Inputs, lang: str, present: bool) -> None:
    view = result
    region_name = region_label(inputs, lang)
    st.subheader(t("policy_lab.result_heading", lang, region=inert(region_name)), anchor=False)
    st.caption(tx("policy_lab.result_note", lang, n=view.n_shops, total=f"{view.n_region_shops:,}",
                  days=inputs.days, policy=tables.policy_text(inputs.policy_dict, lang)))
    if not present:
        draw_report(result, inputs, lang)
    metrics = tables.headline_metrics(view, lang)
    for row in (metrics[:2], metrics[2:]):              # two by two: the values in full
        for col, m in zip(st.columns(2), row, strict=True):
            col.metric(m.label, m.value, border=True, help=m.help or None)
            if m.caption:
                col.caption(m.caption)
    for line in tables.summary_lines(view, inputs.days, lang):
        st.markdown(line)

    st.subheader(t("policy_lab.adoption_heading", lang), anchor=False)
    downloads = {} if present else {"lang": lang}
    charts_show(tables.adoption_chart(view, lang), "lab_adoption" if downloads else None,
                downloads)
    st.caption(t("policy_lab.adoption_note", lang))

    st.subheader(t("policy_lab.group_heading", lang), anchor=False)
    dims = tables.GROUP_DIMENSIONS
    if st.session_state.get(GROUP_BY) not in dims:       # none chosen (a click that deselects)
        st.session_state[GROUP_BY] = dims[0]
    if present:
        dim = _get(GROUP_BY, dims[0])
    else:
        w = _widget(GROUP_BY, dims[0], lang)
        st.segmented_control(t("policy_lab.group_by", lang), dims, key=w, on_change=shell.keep,
                             args=(w, GROUP_BY),
                             format_func=lambda d: t(f"policy_lab.group_{d}", lang))
        dim = st.session_state.get(GROUP_BY) or dims[0]
    charts_show(tables.profit_chart(view, dim, lang), "lab_profit_change" if downloads else None,
                downloads)
    st.caption(t("policy_lab.profit_note", lang))
    levers = tables.lever_options(view)
    if present:
        lever = _get(LEVER_PICK, levers[0])
    else:
        w = _widget(LEVER_PICK, levers[0], lang)
        if st.session_state[w] not in levers:
            st.session_state[w] = st.session_state[LEVER_PICK] = levers[0]
        st.selectbox(t("policy_lab.adoption_group_lever", lang), levers, key=w,
                     on_change=shell.keep, args=(w, LEVER_PICK),
                     format_func=lambda v: tables.lever_name(v, lang))
        lever = st.session_state.get(LEVER_PICK) or levers[0]
    if lever not in levers:
        lever = levers[0]
    charts_show(tables.adoption_group_chart(view, dim, lever, lang),
                "lab_adoption_by_group" if downloads else None, downloads)

    st.subheader(t("policy_lab.tables_heading", lang), anchor=False)
    frames = tables.all_tables(view, lang)
    tabs = st.tabs([title for title, _frame in frames.values()])
    for tab, (name, (_title, frame)) in zip(tabs, frames.items(), strict=True):
        tab.dataframe(frame, hide_index=True, key=f"lab_table_{name}", width="stretch")
    if not present:
        draw_downloads(view, frames, lang)
    st.caption(t("policy_lab.footer", lang, model=MODEL_VERSION, seed=inputs.seed,
                 n=view.n_shops, days=inputs.days))


def charts_show(chart: Any, name: str | None, downloads: dict[str, Any]) -> None:
    from . import charts

    if chart is None:
        return
    charts.show(st, chart, name=name, **downloads)


def draw_downloads(view: Any, frames: dict[str, tuple[str, Any]], lang: str) -> None:
    with st.expander(t("policy_lab.downloads_heading", lang)):
        cols = st.columns(3)
        shops = tables.shops_frame(view, lang)
        cols[0].download_button(t("policy_lab.download_shops", lang), export.csv_bytes(shops),
                                file_name=f"policy_lab_shops_{lang}.csv", mime="text/csv",
                                key="lab_dl_shops", on_click="ignore")
        for i, (name, (title, frame)) in enumerate(frames.items(), start=1):
            cols[i % 3].download_button(title, export.csv_bytes(frame),
                                        file_name=f"policy_lab_{name}_{lang}.csv",
                                        mime="text/csv", key=f"lab_dl_{name}", on_click="ignore")
        js = tables.result_json(view)
        if js is not None:
            st.download_button(t("policy_lab.download_json", lang), js,
                               file_name="policy_lab_result.json", mime="application/json",
                               key="lab_dl_json", on_click="ignore")


def draw_report(result: Any, inputs: Inputs, lang: str) -> None:
    """The "Download report" control of the result shown (its key: the run's inputs)."""
    mac = runner.last_result(MAC_KEY, inputs.mac_key())
    shown = report_lab.Shown(result=result, region=inputs.region,
                             region_title=region_title(inputs.region, lang),
                             policy=inputs.policy_dict, shops=inputs.shops, days=inputs.days,
                             seed=inputs.seed, mac=mac)
    report_control.draw("policy_lab", lambda: report_lab.lab_report(shown, lang), lang,
                        (inputs.run_key(), mac is not None))


def draw_mac(inputs: Inputs, ready: bool, lang: str, present: bool) -> None:
    """The marginal abatement cost curve: its own button and job (it runs many policies);
    with a public budget, the best mix within it."""
    st.divider()
    st.subheader(t("policy_lab.mac_heading", lang), anchor=False)
    n_policies = tables.grid_size(lab_instruments.INSTRUMENTS)
    pressed = False
    if not present:
        st.caption(t("policy_lab.mac_intro", lang, n=n_policies, shops=inputs.shops))
        pressed = st.button(t("policy_lab.mac_run", lang), key=MAC_BUTTON, disabled=not ready)
    if not ready:
        return
    got = mac_or_kept(inputs, pressed, lang)
    if got is None:
        found = runner.job(MAC_SLOT)
        if not present and (found is None or found.key != inputs.mac_key()):
            st.caption(t("policy_lab.mac_press", lang))
        return
    if st.session_state.get(MAC_BY) not in tables.COST_BASES:
        st.session_state[MAC_BY] = tables.COST_BASES[0]
    by = st.session_state[MAC_BY]
    if not present:
        w = _widget(MAC_BY, tables.COST_BASES[0], lang)
        st.segmented_control(t("policy_lab.mac_by", lang), tables.COST_BASES, key=w,
                             on_change=shell.keep, args=(w, MAC_BY),
                             format_func=lambda b: t(f"policy_lab.mac_by_{b}", lang))
        by = st.session_state.get(MAC_BY) or tables.COST_BASES[0]
    chart = tables.mac_chart(got.curve, by, lang)
    if chart is None:
        st.info(t("policy_lab.mac_empty", lang))
    else:
        charts_show(chart, None if present else "lab_mac_curve", {} if present else {"lang": lang})
        st.caption(t("policy_lab.mac_note", lang))
    st.markdown(f"**{t('policy_lab.mac_table', lang)}**")
    st.dataframe(tables.mac_table(got.curve, lang), hide_index=True, key="lab_mac_table",
                 width="stretch")
    if got.budget is not None:
        st.subheader(t("policy_lab.best_heading", lang), anchor=False)
        st.markdown(tables.best_text(got, lang))
