"""The budget optimiser page's pieces that are more than layout.

The optimiser (``simulation.analysis.optimise_budget``) searches the split of the builder's
current scenario's marketing budget across the channels (and, if asked, the total and some
on/off levers) for the best value of one KPI under KPI constraints and share bounds. This
module keeps the page's inputs under their own session keys (``opt_*``; each widget is
re-seeded from them, so a visit to another page or a language switch loses nothing), runs
the optimiser as a background job (``ui/jobs.py``: progress and a Cancel button; the inputs
and the result come back after a reload) through the replication store
(``ui.runner.kpi_runner``), keeps the result keyed by the inputs (a rerun redraws without
simulating) and draws it. The tables and sentences are plain functions of the result
(``ui/optimiser_tables.py``), which the page's report (``ui/report/optimiser.py``, offered by
the "Download report" control above the result) uses too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd
import streamlit as st

from simulation import KPI_LABELS, KPI_NAMES, MODEL_VERSION, SCHEMA_VERSION, Scenario
from simulation.analysis import MAX_DESIGN_POINTS, min_design_points, optimise_budget
from simulation.loader import ScenarioError
from simulation.scenario import CHANNELS

from . import (budget_charts, charts, history, inputs as numbers, library, limits, runner, session,
               shell, widgets, workspace)
from .report import control as report_control, optimiser as report_optimiser
from .i18n import inert, kpi_help, kpi_label, kpi_unit, t, tx, unit_label
from .optimiser_tables import (CURRENT_KPIS, EXTRA_KPIS, METHODS,  # noqa: F401 (the page's API)
                               binding_lines, current_lines, fmt_limit, headline,
                               headline_metrics, infeasible_messages, interval_caption,
                               kpi_table, levers_text, marginal_table, metamodel_caption,
                               method_label, per_thousand, point_label, point_scenario,
                               point_table, table_kpis, violation_text, why_lines, with_error)

BUILDER_PAGE = "pages/1_builder.py"
DEFAULT_OBJECTIVE = "profit_cny"
MAX_CONSTRAINTS = 3
OPS = ("<=", ">=")
DEFAULT_REPLICATIONS = limits.DEFAULT_REPLICATIONS   # the session's run settings by default
DEFAULT_DESIGN_REPLICATIONS = 2
MIN_DESIGN_POINTS = min_design_points()   # the fewest the metamodel fits (shares only)
MAX_DESIGN_REPLICATIONS = 10
ESG_PATH = "marketing.shares.esg_content"
LEVER_GROUPS = ("E", "S", "G")

# session keys: the inputs (re-seeded into their widgets every run), the result, the page's
# own flags
OBJECTIVE, MAXIMISE = "opt_objective", "opt_maximise"
MIN_ESG, BUDGET_ON, BUDGET_LOW, BUDGET_HIGH = ("opt_min_esg", "opt_budget_on",
                                               "opt_budget_low", "opt_budget_high")
LEVERS, REPS, DESIGN, DESIGN_REPS = ("opt_levers", "opt_replications", "opt_design_points",
                                     "opt_design_replications")
SEED = "opt_seed"
RESULT_KEY = "opt_result"
CURRENT_SLOT = "optimiser_current"    # the job slot of the current split's evaluation
CURRENT_BOX = "opt_current_kpis"      # the container of the current split's KPIs
PICK_KEY = "opt_pick"
CHART_KEY = "opt_pareto_chart"
SAVE_NAME = "opt_save_name"
CONFIRM_KEY = "_opt_confirm_overwrite"
FLASH_KEY = "_opt_flash"
GOTO_KEY = "_opt_goto_builder"
RUN_BUTTON = "opt_run"


def c_key(i: int, part: str) -> str:
    """The session key of constraint ``i``'s kpi, op or value."""
    return f"opt_c{i}_{part}"


def bound_key(channel: str, side: str) -> str:
    return f"opt_{side}_{channel}"


# --- the inputs -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Inputs:
    """Everything the optimiser is asked, hashable (the key of the kept result)."""

    objective: str = DEFAULT_OBJECTIVE
    maximise: bool = True
    constraints: tuple[str, ...] = ()
    min_share: tuple[tuple[str, float], ...] = ()     # only the channels with a bound
    max_share: tuple[tuple[str, float], ...] = ()
    min_esg_share: float | None = None
    budget_range: tuple[float, float] | None = None
    levers: tuple[str, ...] = ()
    replications: int = DEFAULT_REPLICATIONS
    design_points: int | None = None
    design_replications: int = DEFAULT_DESIGN_REPLICATIONS
    seed: int = 1

    def kwargs(self) -> dict[str, Any]:
        """The keyword arguments of ``optimise_budget`` (besides the scenario)."""
        return {"objective": self.objective, "maximise": self.maximise,
                "constraints": list(self.constraints) or None,
                "min_share": dict(self.min_share) or None,
                "max_share": dict(self.max_share) or None,
                "min_esg_share": self.min_esg_share,
                "budget_range": self.budget_range, "levers": list(self.levers) or None,
                "replications": self.replications, "design_points": self.design_points,
                "design_replications": self.design_replications, "seed": self.seed}

    def least_design_points(self) -> int:
        """The fewest design points the optimiser accepts for this search (more when the
        total and levers are searched too)."""
        return min_design_points(self.budget_range is not None, len(self.levers))

    def bounds(self) -> dict[str, tuple[float, float]]:
        """{channel: (min, max)} fractions for the channels with a bound set."""
        lo, hi = dict(self.min_share), dict(self.max_share)
        if self.min_esg_share is not None:
            lo["esg_content"] = max(lo.get("esg_content", 0.0), self.min_esg_share)
        return {c: (lo.get(c, 0.0), hi.get(c, 1.0)) for c in CHANNELS if c in lo or c in hi}


def default_direction(kpi: str) -> bool:
    """Maximise unless less of the KPI is better."""
    return KPI_LABELS.get(kpi, ("", "", "", None))[3] is not False


def is_fraction(kpi: str) -> bool:
    return kpi_unit(kpi).startswith("fraction")


def constraint_text(kpi: str, op: str, shown: float) -> str:
    """A constraint as the optimiser reads it; ``shown`` is the value as typed (fractions
    in percent)."""
    value = shown / 100.0 if is_fraction(kpi) else shown
    return f"{kpi}{op}{value:.10g}"


def _limit_range(kpi: str) -> tuple[float | None, float | None]:
    """The values a constraint's limit may take, as typed: a rate 0–100 (percent)."""
    return (0.0, 100.0) if is_fraction(kpi) else (None, None)


def budget_bounds() -> tuple[float, float]:
    r = widgets.rows()[widgets.BUDGET_PATH]
    return float(r["min"] or 0.0), float(r["max"] or 1e9)


def boolean_levers() -> list[str]:
    """The on/off levers of the E, S and G groups (the optimiser may also search these)."""
    return [p for p, r in widgets.rows().items()
            if r["group"] in LEVER_GROUPS and isinstance(r["default"], bool)]


def _get(state_key: str, default: Any) -> Any:
    if state_key not in st.session_state:
        st.session_state[state_key] = default
    return st.session_state[state_key]


def _follow(state_key: str, value: int) -> int:
    """A run setting that follows the session's (``value``) until the user changes it on
    this page: while it still equals the session value it was last given, a new session
    value replaces it. A value put there otherwise (a test, a restored job) is kept."""
    given = f"_{state_key}_given"
    if state_key not in st.session_state or (
            given in st.session_state and st.session_state[state_key] == st.session_state[given]):
        st.session_state[state_key] = value
        st.session_state[given] = value
    return int(st.session_state[state_key])


def run_settings() -> tuple[int, int]:
    """(seed, confirmation replications): the session's run settings (the builder's)
    unless changed on this page."""
    return _follow(SEED, session.seed()), _follow(REPS, session.replications())


def settings_from_session() -> bool:
    seed, reps = run_settings()
    return seed == session.seed() and reps == session.replications()


def read_inputs(scenario: Scenario) -> tuple[Inputs, list[tuple[str, dict[str, Any]]]]:
    """The inputs from the session (defaults where unset) and the problems with them, as
    (string key, fields) pairs; with problems the optimiser must not run."""
    problems: list[tuple[str, dict[str, Any]]] = []
    objective = _get(OBJECTIVE, DEFAULT_OBJECTIVE)
    maximise = bool(_get(MAXIMISE, default_direction(objective)))
    constraints = []
    for i in range(1, MAX_CONSTRAINTS + 1):
        kpi = _get(c_key(i, "kpi"), None)
        op = _get(c_key(i, "op"), "<=")
        value = _get(c_key(i, "value"), None)
        if not kpi:
            continue
        if value is None or not math.isfinite(float(value)):
            problems.append(("optimiser.constraint_no_value", {"n": i}))
            continue
        constraints.append(constraint_text(kpi, op, float(value)))
    min_share, max_share = [], []
    for c in CHANNELS:
        lo = float(_get(bound_key(c, "min"), 0.0))
        hi = float(_get(bound_key(c, "max"), 100.0))
        if lo > hi:
            problems.append(("optimiser.bound_order", {"channel": c, "lo": f"{lo:g}%",
                                                       "hi": f"{hi:g}%"}))
        if lo > 0:
            min_share.append((c, lo / 100.0))
        if hi < 100:
            max_share.append((c, hi / 100.0))
    esg = float(_get(MIN_ESG, 0.0))
    budget = None
    if _get(BUDGET_ON, False):
        total = scenario.marketing.monthly_budget_cny
        lo_b, hi_b = budget_bounds()
        low = float(_get(BUDGET_LOW, max(lo_b, round(total * 0.5, -3))))
        high = float(_get(BUDGET_HIGH, min(hi_b, round(total * 1.5, -3))))
        if low >= high:
            problems.append(("optimiser.budget_order", {"low": f"{low:,.0f}",
                                                        "high": f"{high:,.0f}"}))
        budget = (low, high)
    design = _get(DESIGN, None)
    seed, reps = run_settings()
    design_reps = int(_get(DESIGN_REPS, DEFAULT_DESIGN_REPLICATIONS))
    if design_reps > reps:
        problems.append(("optimiser.design_reps_order", {"design": design_reps, "reps": reps}))
    inputs = Inputs(
        objective=objective, maximise=maximise, constraints=tuple(constraints),
        min_share=tuple(min_share), max_share=tuple(max_share),
        min_esg_share=esg / 100.0 if esg > 0 else None, budget_range=budget,
        levers=tuple(p for p in _get(LEVERS, []) if p in boolean_levers()),
        replications=reps, design_points=int(design) if design is not None else None,
        design_replications=design_reps,
        seed=seed)
    return inputs, problems


def problem_text(problem: tuple[str, dict[str, Any]], lang: str) -> str:
    key, fields = problem
    fields = dict(fields)
    if "channel" in fields:
        fields["channel"] = budget_charts.channel_name(fields["channel"], lang)
    return t(key, lang, **fields)


def check_limits(scenario: Scenario, inputs: Inputs) -> None:
    """Refuse a request beyond the server's limits (``limits.LimitError`` names it):
    replications, horizon, the orders of the confirmation runs (at the top of the budget
    range when the total is searched too) and the design points."""
    checked = {"current": scenario}
    if inputs.budget_range is not None:
        checked["budget"] = scenario.with_changes(
            {widgets.BUDGET_PATH: float(inputs.budget_range[1])})
    limits.check_request(checked, inputs.replications)
    least = inputs.least_design_points()
    if inputs.design_points is not None and not (
            least <= inputs.design_points <= MAX_DESIGN_POINTS):
        raise limits.LimitError("optimiser.limit_design", n=inputs.design_points,
                                lo=least, hi=MAX_DESIGN_POINTS)
    if not 1 <= inputs.design_replications <= MAX_DESIGN_REPLICATIONS:
        raise limits.LimitError("optimiser.limit_design_reps", n=inputs.design_replications,
                                hi=MAX_DESIGN_REPLICATIONS)


def result_key(scenario: Scenario, inputs: Inputs) -> tuple:
    return (scenario.fingerprint(), inputs)


# --- drawing the inputs -------------------------------------------------------------------------

def _widget(state_key: str, default: Any, lang: str | None = None) -> str:
    """Seed a widget from its session key; returns the widget's key. Select boxes, radios
    and multiselects whose option labels are translated get one widget per language
    (``lang``): Streamlit keeps a shown option label across reruns."""
    w = f"_w_{state_key}" + (f"@{lang}" if lang else "")
    st.session_state[w] = _get(state_key, default)
    return w


def _on_objective(widget_key: str) -> None:
    shell.keep(widget_key, OBJECTIVE)
    st.session_state[MAXIMISE] = default_direction(st.session_state[OBJECTIVE])


def draw_scenario(scenario: Scenario, lang: str) -> None:
    """The scenario being optimised: the builder's current one, with its split."""
    changes = widgets.working_changes()
    st.caption(t("optimiser.scenario_changes", lang, n=len(changes)) if changes
               else t("optimiser.scenario_baseline", lang))
    total = scenario.marketing.monthly_budget_cny
    shares = scenario.marketing.shares.as_dict()
    row = {t("optimiser.total_budget", lang): f"¥{total:,.0f}"}
    row.update({budget_charts.channel_name(c, lang): f"{shares[c] * 100:.1f}%" for c in CHANNELS})
    st.dataframe(pd.DataFrame([row]), hide_index=True, key="opt_current_split")
    if not shell.presentation():
        st.page_link(BUILDER_PAGE, label=t("optimiser.change_in_builder", lang), icon="🎛️")


# --- the current split's own KPIs ---------------------------------------------------------------

def current_results(scenario: Scenario, seed: int, reps: int) -> runner.Results | None:
    """The current split (exactly the builder's current scenario, so the same store
    entries as its full set and the compare page) at ``seed`` and ``reps``: from the store,
    or from this session's finished evaluation; None when neither has it."""
    try:
        found = runner.stored({"current": scenario}, seed, reps)
    except limits.LimitError:
        found = None
    if found is not None:
        return found
    job = runner.job(CURRENT_SLOT)
    if job is not None and job.succeeded and job.key == (scenario.fingerprint(), seed, reps):
        return job.result
    return None


def _start_current(scenario_json: str, seed: int, reps: int, lang: str) -> None:
    scenario = Scenario.model_validate_json(scenario_json)
    pair = {"current": scenario}

    def work(progress):
        return runner.run(pair, seed, reps, progress=progress)

    try:
        limits.check_request(pair, reps)
    except limits.LimitError as err:
        st.session_state[FLASH_KEY] = ("error", err.key, dict(err.fields))
        return
    runner.start_job(CURRENT_SLOT, work, (scenario.fingerprint(), seed, reps), lang,
                     orders=limits.request_orders(pair, reps))


def draw_current(scenario: Scenario, lang: str) -> None:
    """The current split's profit (with its interval), carbon and retention at the page's
    seed and replications; when they are not at hand, a button that simulates them (a
    background job with progress and Cancel)."""
    seed, reps = run_settings()
    box = st.container(key=CURRENT_BOX)
    box.markdown(f"**{t('optimiser.current_heading', lang)}**")
    results = current_results(scenario, seed, reps)
    if results is not None:
        cols = box.columns(len(CURRENT_KPIS))
        for col, (label, value, ci) in zip(cols, current_lines(results, lang), strict=True):
            col.metric(label, value, border=True)
            if ci:
                col.caption(ci)
        box.caption(t("optimiser.current_from_store", lang, n=reps, seed=seed))
        return
    job = runner.job(CURRENT_SLOT)
    key = (scenario.fingerprint(), seed, reps)
    if job is not None and job.key == key and job.active:
        with box:
            runner.show_job(job, lang)
        return
    if job is not None and job.key == key and not job.succeeded:
        with box:
            runner.show_outcome(job, lang)
    box.caption(t("optimiser.current_not_run", lang, n=reps, seed=seed))
    if not shell.presentation():
        box.button(t("optimiser.current_run", lang, n=reps), key="opt_current_run",
                   on_click=_start_current, args=(scenario.model_dump_json(), seed, reps, lang))


def draw_inputs(scenario: Scenario, lang: str) -> None:
    """Every input of the optimiser, each kept under its session key; a typed number out of
    its range gets a message naming the range under its field. Returns how many are refused
    (nothing may run while one is)."""
    refused = 0
    names = list(KPI_NAMES)
    a, b = st.columns([2, 1], vertical_alignment="bottom")
    w = _widget(OBJECTIVE, DEFAULT_OBJECTIVE, lang)
    a.selectbox(t("optimiser.objective", lang), names, key=w,
                format_func=lambda k: kpi_label(k, lang), on_change=_on_objective, args=(w,),
                help=t("optimiser.objective_help", lang) + "\n\n---\n\n"
                + kpi_help(st.session_state[OBJECTIVE], lang))
    w = _widget(MAXIMISE, default_direction(st.session_state[OBJECTIVE]), lang)
    b.radio(t("optimiser.direction", lang), [True, False], key=w, horizontal=True,
            format_func=lambda m: t("optimiser.maximise" if m else "optimiser.minimise", lang),
            on_change=shell.keep, args=(w, MAXIMISE))

    with st.expander(t("optimiser.constraints", lang, n=MAX_CONSTRAINTS)):
        for i in range(1, MAX_CONSTRAINTS + 1):
            c1, c2, c3 = st.columns([3, 1, 2], vertical_alignment="bottom")
            w = _widget(c_key(i, "kpi"), None, lang)
            c1.selectbox(t("optimiser.constraint_kpi", lang, n=i), names, key=w, index=None,
                         placeholder=t("optimiser.constraint_none", lang),
                         format_func=lambda k: kpi_label(k, lang), on_change=shell.keep,
                         args=(w, c_key(i, "kpi")))
            w = _widget(c_key(i, "op"), "<=")
            c2.selectbox(t("optimiser.constraint_op", lang), OPS, key=w, on_change=shell.keep,
                         args=(w, c_key(i, "op")),
                         format_func=lambda op: {"<=": "≤", ">=": "≥"}[op])
            kpi = st.session_state[c_key(i, "kpi")]
            unit = "%" if kpi and is_fraction(kpi) else unit_label(kpi_unit(kpi), lang) if kpi else ""
            label = t("optimiser.constraint_value", lang)
            w = _widget(c_key(i, "value"), None)
            c3.number_input(f"{label} ({unit})" if unit else label, key=w, value=None,
                            step=1.0 if unit == "%" else None, format="%g",
                            disabled=not kpi, on_change=shell.keep, args=(w, c_key(i, "value")),
                            placeholder=t("optimiser.constraint_value_placeholder", lang))
            value = st.session_state.get(c_key(i, "value"))
            if kpi and value is not None and not numbers.in_range(value, *_limit_range(kpi)):
                c3.error(numbers.range_message(t("optimiser.constraint_label", lang, n=i),
                                               *_limit_range(kpi), lang))
                refused += 1
        st.caption(t("optimiser.constraints_note", lang))

    with st.expander(t("optimiser.bounds", lang)):
        for c in CHANNELS:
            c1, c2, c3 = st.columns([3, 2, 2], vertical_alignment="bottom")
            name = budget_charts.channel_name(c, lang)
            c1.markdown(name)
            for col, side, default in ((c2, "min", 0.0), (c3, "max", 100.0)):
                side_label = t(f"optimiser.bound_{side}", lang)
                got = numbers.number(
                    side_label + " (%)", key=f"_w_{bound_key(c, side)}",
                    state_key=bound_key(c, side), default=default, lo=0.0, hi=100.0, lang=lang,
                    container=col, step=1.0, format="%.1f",
                    message_label=t("optimiser.bound_label", lang, channel=name, side=side_label),
                    follow_state=True)
                refused += got is None
        got = numbers.number(t("optimiser.min_esg", lang), key=f"_w_{MIN_ESG}", state_key=MIN_ESG,
                             default=0.0, lo=0.0, hi=100.0, lang=lang, step=1.0, format="%.1f",
                             help=t("optimiser.min_esg_help", lang), follow_state=True)
        refused += got is None
        lo, hi = widgets.ESG_RECOMMENDED
        st.caption(t("optimiser.min_esg_note", lang, lo=f"{lo * 100:.0f}%", hi=f"{hi * 100:.0f}%"))

    with st.expander(t("optimiser.also", lang)):
        w = _widget(BUDGET_ON, False)
        st.checkbox(t("optimiser.budget_on", lang), key=w, on_change=shell.keep,
                    args=(w, BUDGET_ON), help=t("optimiser.budget_on_help", lang))
        if st.session_state[BUDGET_ON]:
            total = scenario.marketing.monthly_budget_cny
            lo_b, hi_b = budget_bounds()
            c1, c2 = st.columns(2)
            for col, key_, default, label in (
                    (c1, BUDGET_LOW, max(lo_b, round(total * 0.5, -3)), "optimiser.budget_low"),
                    (c2, BUDGET_HIGH, min(hi_b, round(total * 1.5, -3)), "optimiser.budget_high")):
                got = numbers.number(t(label, lang), key=f"_w_{key_}", state_key=key_,
                                     default=float(default), lo=lo_b, hi=hi_b, lang=lang,
                                     container=col, step=1000.0, format="%.0f",
                                     follow_state=True)
                refused += got is None
        options = boolean_levers()
        w = _widget(LEVERS, [], lang)
        st.session_state[w] = [p for p in st.session_state[w] if p in options]
        st.multiselect(t("optimiser.levers", lang), options, key=w,
                       format_func=lambda p: widgets.label(p, lang), on_change=shell.keep,
                       args=(w, LEVERS), help=t("optimiser.levers_help", lang),
                       placeholder=t("optimiser.levers_placeholder", lang))

    seed, reps = run_settings()
    with st.expander(t("optimiser.effort", lang)):
        c0, c1, c2, c3 = st.columns(4)
        got = numbers.number(t("optimiser.seed", lang), key=f"_w_{SEED}", state_key=SEED,
                             default=seed, lo=0, hi=limits.MAX_SEED, lang=lang, container=c0,
                             help=t("optimiser.seed_help", lang), follow_state=True)
        refused += got is None
        got = numbers.number(t("optimiser.replications", lang), key=f"_w_{REPS}", state_key=REPS,
                             default=reps, lo=numbers.MIN_REPLICATIONS,
                             hi=limits.MAX_REPLICATIONS, lang=lang, container=c1,
                             help=t("optimiser.replications_help", lang,
                                    max=limits.MAX_REPLICATIONS), follow_state=True)
        refused += got is None
        w = _widget(DESIGN, None)
        c2.number_input(t("optimiser.design_points", lang), key=w, value=None, step=1,
                        placeholder=t("optimiser.auto", lang), on_change=shell.keep,
                        args=(w, DESIGN), help=t("optimiser.design_points_help", lang,
                                                 lo=MIN_DESIGN_POINTS, hi=MAX_DESIGN_POINTS))
        design = st.session_state.get(DESIGN)
        if design is not None and not numbers.in_range(design, MIN_DESIGN_POINTS,
                                                       MAX_DESIGN_POINTS):
            c2.error(numbers.range_message(t("optimiser.design_points", lang),
                                           MIN_DESIGN_POINTS, MAX_DESIGN_POINTS, lang))
            refused += 1
        got = numbers.number(t("optimiser.design_replications", lang), key=f"_w_{DESIGN_REPS}",
                             state_key=DESIGN_REPS, default=DEFAULT_DESIGN_REPLICATIONS, lo=1,
                             hi=MAX_DESIGN_REPLICATIONS, lang=lang, container=c3,
                             help=t("optimiser.design_replications_help", lang),
                             follow_state=True)
        refused += got is None
        seed, reps = run_settings()
        st.caption(t("optimiser.run_settings_note", lang, n=reps, seed=seed,
                     d=st.session_state.get(DESIGN_REPS, DEFAULT_DESIGN_REPLICATIONS),
                     source=t("optimiser.source_session", lang) if settings_from_session()
                     else t("optimiser.source_page", lang, n=session.replications(),
                            seed=session.seed())))
    return refused


# --- the page ----------------------------------------------------------------------------------

def draw(lang: str) -> None:
    """The optimiser page (pages/5_optimiser.py): the scenario and its current split's KPIs,
    the inputs, the run (a background job with progress and Cancel) and the result. In
    presentation view: the scenario's name as the title, no controls, the result as it is."""
    runner.restore([JOB_SLOT, CURRENT_SLOT])    # after a reload: the inputs of the last run
    goto_builder_if_asked()
    present = shell.presentation()
    if present:
        name = history.title(lang)
        st.title(inert(name) if name else t("optimiser.title", lang), anchor=False)
        st.caption(t("optimiser.title", lang))
    else:
        st.title(t("optimiser.title", lang))
        st.caption(t("optimiser.intro", lang))
    scenario = widgets.working_scenario()
    st.subheader(t("optimiser.scenario_heading", lang))
    draw_scenario(scenario, lang)
    draw_current(scenario, lang)

    refused = 0
    if not present:
        st.subheader(t("optimiser.inputs_heading", lang))
        refused = draw_inputs(scenario, lang)
    inputs, problems = read_inputs(scenario)
    pressed = False
    if not present:
        for problem in problems:
            st.warning(problem_text(problem, lang))
        pressed = st.button(t("optimiser.run", lang), key=RUN_BUTTON, type="primary",
                            disabled=bool(problems) or refused > 0)
    if pressed and not problems and not refused and start(scenario, inputs, lang) is None:
        return                                 # refused: the message names the limit
    rec = outcome(scenario, inputs, lang)      # running: progress and Cancel
    if rec is None:
        show_flash(lang)
        return
    st.divider()
    if not present:
        draw_report(rec, scenario, inputs, lang)
    show_result(rec, scenario, inputs, lang)


def draw_report(rec, scenario: Scenario, inputs: Inputs, lang: str) -> None:
    """The "Download report" control (``ui.report.control``) of the result shown; its
    fingerprint is the result's key (the scenario and every input)."""
    shown = report_optimiser.Optimised(rec=rec, scenario=scenario,
                                       scenario_name=t("compare.current_choice", lang),
                                       bounds=inputs.bounds(), budget_range=inputs.budget_range,
                                       levers=inputs.levers)
    report_control.draw("optimiser", lambda: report_optimiser.optimiser_report(shown, lang), lang,
                        result_key(scenario, inputs))


# --- running ------------------------------------------------------------------------------------

JOB_SLOT = "optimiser"           # the session's job slot of the optimiser


def has_result() -> bool:
    return st.session_state.get(RESULT_KEY) is not None


def input_keys() -> list[str]:
    """Every session key of the optimiser's inputs."""
    keys = [OBJECTIVE, MAXIMISE, MIN_ESG, BUDGET_ON, BUDGET_LOW, BUDGET_HIGH, LEVERS, REPS,
            DESIGN, DESIGN_REPS, SEED, f"_{SEED}_given", f"_{REPS}_given"]
    keys += [c_key(i, part) for i in range(1, MAX_CONSTRAINTS + 1) for part in ("kpi", "op",
                                                                               "value")]
    keys += [bound_key(c, side) for c in CHANNELS for side in ("min", "max")]
    return keys


def start(scenario: Scenario, inputs: Inputs, lang: str):
    """Start the optimiser as the session's background job; the server's limits are checked
    first (a message naming the limit, and None, when one refuses it)."""
    try:
        check_limits(scenario, inputs)
    except limits.LimitError as err:
        st.error(err.message(lang))
        return None

    def work(progress: Callable[[int, int], None]):
        return optimise_budget(scenario, **inputs.kwargs(), progress=progress,
                               runner=runner.limited_kpi_runner)

    meta = runner.snapshot([*input_keys(), widgets.STATE, session.SEED_KEY])
    return runner.start_job(JOB_SLOT, work, result_key(scenario, inputs), lang, meta=meta)


def outcome(scenario: Scenario, inputs: Inputs, lang: str):
    """The recommendation for these inputs: a finished job's (kept in the session, the
    chosen Pareto point reset) or the one kept before; None while a job for them runs (its
    progress and Cancel button are shown) or when there is none (a failed or cancelled job
    says why)."""
    key = result_key(scenario, inputs)
    before = st.session_state.get(RESULT_KEY)
    rec = runner.kept_or_run(JOB_SLOT, key, False, None, lang, failed_key="optimiser.failed",
                             keep=RESULT_KEY)
    if st.session_state.get(RESULT_KEY) is not before:
        st.session_state.pop(PICK_KEY, None)           # a new result: no point chosen yet
    found = runner.job(JOB_SLOT)
    explained = found is not None and found.key == key and (found.active or not found.succeeded)
    if rec is None and not explained:
        show_stale_or_hint(lang)
    return rec


# --- the result as tables and words: ui/optimiser_tables.py ---------------------------------------

# --- actions (callbacks) ------------------------------------------------------------------------

def _apply(scenario_json: str) -> None:
    """Callback: load a scenario into the builder and go there."""
    widgets.load_into_state(Scenario.model_validate_json(scenario_json))
    st.session_state["_flash"] = ("success", "optimiser.applied", {})    # shown by the builder
    st.session_state[GOTO_KEY] = True


def goto_builder_if_asked() -> None:
    if st.session_state.pop(GOTO_KEY, False):
        st.switch_page(BUILDER_PAGE)


def _save(scenario_json: str, overwrite: bool) -> None:
    name = str(st.session_state.get(SAVE_NAME, "")).strip()
    scenario = Scenario.model_validate_json(scenario_json)
    try:
        workspace.library().save(name, scenario, overwrite=overwrite)
        st.session_state[FLASH_KEY] = ("success", "optimiser.saved", {"name": name})
        st.session_state.pop(CONFIRM_KEY, None)
    except library.NameTaken:
        st.session_state[CONFIRM_KEY] = name
    except library.LibraryError as err:
        st.session_state[FLASH_KEY] = ("error", err.key, dict(err.fields))


def _cancel_overwrite() -> None:
    st.session_state.pop(CONFIRM_KEY, None)


def _on_pick() -> None:
    """Callback of the Pareto chart: a clicked point becomes the chosen one."""
    event = st.session_state.get(CHART_KEY)
    try:
        chosen = event["selection"][budget_charts.PICK]
    except (KeyError, TypeError):
        return
    if chosen:
        st.session_state[PICK_KEY] = int(chosen[0][budget_charts.POINT_FIELD])


def show_flash(lang: str) -> None:
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        kind, key, fields = flash
        getattr(st, kind)(tx(key, lang, **fields))


def draw_actions(rec, lang: str) -> None:
    """Apply the recommendation to the builder, or save it to the library."""
    js = rec.scenario.model_dump_json()
    c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
    c1.button(t("optimiser.apply", lang), key="opt_apply", type="primary", on_click=_apply,
              args=(js,), width="stretch")
    c2.text_input(t("optimiser.save_name", lang), key=SAVE_NAME, max_chars=library.MAX_NAME_CHARS)
    c3.button(t("optimiser.save", lang), key="opt_save", on_click=_save, args=(js, False),
              width="stretch")
    pending = st.session_state.get(CONFIRM_KEY)
    if pending:
        st.warning(tx("optimiser.confirm_overwrite", lang, name=pending))
        c1, c2 = st.columns(2)
        c1.button(t("optimiser.overwrite", lang), key="opt_overwrite", on_click=_save,
                  args=(js, True), type="primary")
        c2.button(t("optimiser.cancel", lang), key="opt_cancel", on_click=_cancel_overwrite)
    show_flash(lang)


# --- drawing the result -------------------------------------------------------------------------

def show_result(rec, scenario: Scenario, inputs: Inputs, lang: str) -> None:
    if not rec.feasible:
        st.error("\n\n".join(infeasible_messages(rec, lang)))
        return
    obj = rec.objective
    direction = t("optimiser.maximise" if rec.maximise else "optimiser.minimise", lang)
    heading, why_out = headline(rec, lang)
    st.subheader(heading)
    if why_out:
        st.markdown(why_out)
    st.caption(t("optimiser.headline_note", lang, objective=kpi_label(obj, lang),
                 direction=direction, n=rec.replications))
    if rec.recommended_is_current:
        st.info(t("optimiser.keep_current", lang))
    if any(p_.get("current") and not p_.get("feasible", True) for p_ in rec.pareto or []):
        st.info(t("optimiser.current_outside", lang))
    for col, m in zip(st.columns(3), headline_metrics(rec, lang), strict=True):
        col.metric(m.label, m.value, delta=m.delta, delta_color=m.delta_color, border=True)
        if m.caption:
            col.caption(m.caption)
    levers = levers_text(rec, lang)
    if levers:
        st.markdown(levers)

    table = kpi_table(rec, lang)
    prob = t("optimiser.col_prob", lang)
    st.dataframe(table, hide_index=True, key="opt_kpis", height=38 + 35 * len(table),
                 width="stretch", column_config={prob: st.column_config.ProgressColumn(
                     prob, format="percent", min_value=0.0, max_value=1.0)})
    st.caption(t("optimiser.kpi_note", lang, n=rec.replications))
    if not shell.presentation():
        draw_actions(rec, lang)
    downloads = {} if shell.presentation() else {"scenarios": [t("compare.current_choice", lang)],
                                                  "lang": lang}
    charts.show(st, budget_charts.shares_bars(rec.current_shares, rec.shares, lang,
                                               bounds=inputs.bounds()),
                name="budget_shares" if downloads else None, **downloads)

    st.subheader(t("optimiser.binding_heading", lang))
    lines = binding_lines(rec, lang)
    if lines:
        st.markdown("\n".join(f"- {line}" for line in lines))
    else:
        st.caption(t("optimiser.binding_none", lang))

    st.subheader(t("optimiser.why_heading", lang))
    st.dataframe(marginal_table(rec, lang), hide_index=True, key="opt_marginal")
    for line in why_lines(rec, lang):
        st.caption(line)

    draw_pareto(rec, scenario, lang)

    st.subheader(t("optimiser.response_heading", lang))
    charts.show(st, budget_charts.response_chart(scenario, rec.scenario, lang), width="content",
                name="response_curves" if downloads else None, **downloads)
    st.caption(t("optimiser.response_note", lang))
    st.caption(metamodel_caption(rec, lang))
    st.caption(t("common.footer", lang, model=MODEL_VERSION, schema=SCHEMA_VERSION,
                 seed=rec.seed, n=rec.replications))


def draw_pareto(rec, scenario: Scenario, lang: str) -> None:
    """The frontier, a click (or the select box) choosing a point, and that point."""
    st.subheader(t("optimiser.pareto_heading", lang))
    points = list(rec.pareto or [])
    if not points:
        st.info(t("optimiser.pareto_empty", lang))
        return
    default = next((i for i, p in enumerate(points) if p.get("recommended")), 0)
    if not 0 <= int(st.session_state.get(PICK_KEY, default)) < len(points):
        st.session_state[PICK_KEY] = default
    picked = int(_get(PICK_KEY, default))
    st.altair_chart(shell.scaled(budget_charts.pareto_chart(points, lang, selected=picked)),
                    width="stretch",
                    key=CHART_KEY, on_select=_on_pick, selection_mode=budget_charts.PICK)
    st.caption(t("optimiser.pareto_caption", lang))
    present = shell.presentation()
    if not present:
        w = _widget(PICK_KEY, default, lang)
        st.selectbox(t("optimiser.pick", lang), list(range(len(points))), key=w,
                     format_func=lambda i: point_label(i, points[i], lang), on_change=shell.keep,
                     args=(w, PICK_KEY))
    point = points[picked]
    left, right = st.columns([2, 3])
    charts.show(left, budget_charts.shares_bars(
        rec.current_shares, point["shares"], lang,
        title=t("optimiser.point_shares_title", lang, n=picked + 1),
        other=t("optimiser.series_point", lang, n=picked + 1)))
    with right:
        st.dataframe(point_table(point, rec, lang), hide_index=True, key="opt_point_kpis")
        if present:
            return
        try:
            js = (rec.scenario if point.get("recommended") else
                  point_scenario(scenario, point)).model_dump_json()
        except (ScenarioError, ValueError) as err:
            st.error(tx("optimiser.failed", lang, error=err))
            return
        st.button(t("optimiser.apply_point", lang, n=picked + 1), key="opt_apply_point",
                  on_click=_apply, args=(js,))


def show_stale_or_hint(lang: str) -> None:
    st.info(t("optimiser.stale", lang) if has_result() else t("optimiser.press", lang))
