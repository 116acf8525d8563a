"""The "Sensitivity & attribution" page's pieces that are more than layout.

Three analyses of ``simulation.analysis`` on a scenario the user picks (the builder's
current scenario, a preset or a library entry): a one-at-a-time sensitivity (tornado), a
global sensitivity (standardised regression coefficients over a Latin hypercube) and a
lever attribution (Shapley values) between two scenarios. Nothing is simulated until a Run
button is pressed; the result is kept in the session under the inputs that made it (not the
KPI: every analysis keeps all KPIs), so switching the KPI redraws without simulating. The
replications go through the app's store (``ui.runner.kpi_runner``), so a rerun, the builder
and the compare page share them.

Each analysis runs as a background job (``ui/jobs.py``) in its own slot of the session
(``sens_tornado_last``, ``sens_global_last``, ``sens_attr_last``): the section shows the
job's progress and a Cancel button until it ends, then its result (also after a reload: the
inputs come back from the job). Input problems and server limits are checked before the job
starts, so they are shown at once.

The tables' shaping (``ranges_table``, ``tornado_display``, ``global_display``,
``contributions_display``) and what the global section says about its own fit
(``fit_messages``: samples per parameter, cross-validated Q², coefficients not
distinguishable from zero) are plain functions of the analyses' results in
``ui/sensitivity_tables.py``, which the page's report (``ui/report/sensitivity.py``) uses
too, so the report says what the page shows.

Every typed number (replications, samples) is checked against exactly the range the
analysis accepts (``ui.inputs.number``: the samples' minimum follows the number of
parameters); replications default to the session's (``ui.session``), so a scenario's numbers
here are those of the builder and the compare page (the replication store is the one
source). In presentation view (``shell.presentation()``) the page shows the analysed
scenario's name and the results of the analyses run for the current inputs, with big
charts and no controls.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import streamlit as st

from simulation import KPI_NAMES, Scenario
from simulation.analysis import (DEFAULT_SENSITIVITY_PARAMETERS, Attribution, GlobalSensitivity,
                                 Sensitivity, attribute, global_sensitivity, sensitivity,
                                 sensitivity_parameters)
from simulation.analysis.sensitivity import MIN_SAMPLES_PER_PARAMETER, min_samples
from simulation.loader import ScenarioError

from . import charts, export, format, inputs, limits, runner, session, shell, sources, widgets
from .report import control as report_control, sensitivity as report_sensitivity
from .i18n import kpi_help, kpi_label, t, tx
from .sensitivity_tables import (MAX_SAMPLES, attribution_download,  # noqa: F401 (the page's API)
                                 base_interval, base_text, contributions_display, fit_messages,
                                 fit_metrics, global_display, global_download, method_text,
                                 parameter_label, ranges_table, tornado_display, tornado_download,
                                 totals_text)

Progress = Callable[[int, int], None]

DEFAULT_KPI = "profit_cny"
MIN_REPLICATIONS = 2
GLOBAL_SAMPLES = 40              # the default's floor; the default is 10 per parameter, up to MAX
PRESENT_HEIGHT = 620             # px: the charts' least height in presentation view
MATCHED_BASELINE = "matched_baseline"          # the baseline with the scenario's run settings
BY = ("group", "lever")

# session keys (each widget is "_w_" + its key, re-seeded from the key on every run)
SOURCE_KEY = "sens_source"
KPI_KEY, PARAMS_KEY, REPS_KEY = "sens_kpi", "sens_parameters", "sens_replications"
GLOBAL_KPI_KEY, SAMPLES_KEY = "sens_global_kpi", "sens_samples"
BASE_KEY, TARGET_KEY, BY_KEY = "sens_attr_base", "sens_attr_scenario", "sens_attr_by"
ATTR_REPS_KEY, ATTR_KPI_KEY = "sens_attr_replications", "sens_attr_kpi"
TORNADO_LAST, GLOBAL_LAST, ATTR_LAST = "sens_tornado_last", "sens_global_last", "sens_attr_last"
JOB_SLOTS = (TORNADO_LAST, GLOBAL_LAST, ATTR_LAST)    # each analysis's job slot


# --- plain helpers (no Streamlit) -----------------------------------------------------------

def kpi_options() -> list[str]:
    """Every KPI, the headline ones first (as on the compare page)."""
    return format.kpi_order(KPI_NAMES)


def samples_range(parameters: int) -> tuple[int, int]:
    """(fewest, most) samples the page accepts for ``parameters`` parameters: exactly what
    ``global_sensitivity`` accepts (parameters + 3), up to ``MAX_SAMPLES``."""
    return min_samples(parameters), MAX_SAMPLES


def default_samples(parameters: int) -> int:
    """``MIN_SAMPLES_PER_PARAMETER`` per parameter (at least ``GLOBAL_SAMPLES``), within
    the accepted range."""
    lo, hi = samples_range(parameters)
    return max(lo, min(hi, max(GLOBAL_SAMPLES, MIN_SAMPLES_PER_PARAMETER * parameters)))


def default_replications() -> int:
    """The session's replications (the builder's run settings), within the page's range."""
    return max(MIN_REPLICATIONS, min(limits.MAX_REPLICATIONS, session.replications()))


def check_replications(replications: int, scenarios: dict[str, Scenario]) -> None:
    """The app's limits on one analysis: replications within 2–MAX_REPLICATIONS and every
    scenario's horizon within MAX_HORIZON_DAYS (``limits.LimitError`` names the limit)."""
    if not MIN_REPLICATIONS <= int(replications) <= limits.MAX_REPLICATIONS:
        raise limits.LimitError("common.limit_replications", n=replications,
                                limit=limits.MAX_REPLICATIONS)
    for name, sc in scenarios.items():
        limits.check_scenario(sc, name)


# --- session state and widgets ------------------------------------------------------------------

def _seed_widget(key: str, default: Any, valid: Callable[[Any], bool] | None = None) -> dict:
    """Seed the widget ``_w_<key>`` from the session key (``default`` when missing or no
    longer valid) and return the widget's key/callback arguments."""
    if key not in st.session_state or (valid is not None and not valid(st.session_state[key])):
        st.session_state[key] = default
    widget = f"_w_{key}"
    st.session_state[widget] = st.session_state[key]
    return {"key": widget, "on_change": shell.keep, "args": (widget, key)}


def _kpi_select(key: str, lang: str, container=st) -> str:
    options = kpi_options()
    seeded = _seed_widget(key, DEFAULT_KPI, lambda v: v in options)
    return container.selectbox(t("sensitivity.kpi", lang), options,
                               format_func=lambda k: kpi_label(k, lang),
                               help=kpi_help(st.session_state[key], lang), **seeded)


def _reps_input(key: str, lang: str, container=st) -> int | None:
    """The replications field (``MIN_REPLICATIONS``–``limits.MAX_REPLICATIONS``, the
    session's replications by default); None, with a message naming the range, for a typed
    value outside it."""
    value = inputs.number(
        t("sensitivity.replications", lang, lo=MIN_REPLICATIONS, hi=limits.MAX_REPLICATIONS),
        key=f"_w_{key}", state_key=key, default=default_replications(), lo=MIN_REPLICATIONS,
        hi=limits.MAX_REPLICATIONS, lang=lang, container=container,
        help=t("sensitivity.replications_help", lang),
        message_label=t("sensitivity.replications_message", lang))
    return None if value is None else int(value)


def _samples_input(parameters: int, lang: str, container=st) -> int | None:
    """The samples field, its range exactly what the analysis accepts for ``parameters``
    parameters (in its label and help); None, with a message naming the range, outside."""
    lo, hi = samples_range(parameters)
    advised = min(hi, MIN_SAMPLES_PER_PARAMETER * parameters)
    value = inputs.number(
        t("sensitivity.samples", lang, lo=lo, hi=hi), key=f"_w_{SAMPLES_KEY}",
        state_key=SAMPLES_KEY, default=default_samples(parameters), lo=lo, hi=hi, lang=lang,
        container=container, message_label=t("sensitivity.samples_message", lang),
        help=t("sensitivity.samples_help", lang, params=parameters, lo=lo, hi=hi,
               per=MIN_SAMPLES_PER_PARAMETER, advised=advised))
    return None if value is None else int(value)


def _waiting(state_key: str, lang: str) -> None:
    st.info(t("sensitivity.stale", lang) if st.session_state.get(state_key)
            else t("sensitivity.press_run", lang))


def job_meta(*keys: str) -> dict[str, Any]:
    """What brings an analysis back after a reload: its inputs (``keys``), the source, the
    builder's scenario and seed."""
    return runner.snapshot((SOURCE_KEY, *keys, widgets.STATE, session.SEED_KEY))


def kept_or_run(state_key: str, key: tuple, pressed: bool, work: Callable[[Progress], Any],
                lang: str, check: Callable[[], None] | None = None,
                meta: dict[str, Any] | None = None) -> Any | None:
    """:func:`runner.kept_or_run` for an analysis of this page; without a result, a hint to
    press its Run button (or that the inputs changed)."""
    result = runner.kept_or_run(state_key, key, pressed, work, lang, check=check, meta=meta,
                                failed_key="sensitivity.failed")
    if result is None and not _job_active(state_key, key):
        _waiting(state_key, lang)
    return result


def _job_active(slot: str, key: tuple) -> bool:
    found = runner.job(slot)
    return found is not None and found.key == key and (found.active or not found.succeeded)


def gather(lang: str) -> list[sources.Choice]:
    """The scenarios to choose from: the builder's current scenario first, then the presets
    and the library (files that cannot be read are skipped with a warning)."""
    try:
        choices, problems = sources.gather_choices()
    except ScenarioError as err:                      # a broken preset file
        st.error(tx("common.run_error", lang, error=err))
        st.stop()
    for problem in problems:
        st.warning(problem.text(lang))
    current = [c for c in choices if c.kind == "current"]
    return current + [c for c in choices if c.kind != "current"]


def draw_source(choices: Sequence[sources.Choice], lang: str) -> sources.Choice:
    by_id = {c.id: c for c in choices}
    chosen = st.selectbox(t("sensitivity.source", lang), list(by_id),
                          format_func=lambda cid: by_id[cid].option(lang),
                          help=t("sensitivity.source_help", lang),
                          **_seed_widget(SOURCE_KEY, sources.CURRENT_ID, lambda v: v in by_id))
    choice = by_id[chosen]
    st.caption(t("sensitivity.seed_note", lang, seed=session.seed(),
                 days=choice.scenario.run.horizon_days, reps=session.replications()))
    return choice


# --- 1. tornado ----------------------------------------------------------------------------------

def draw_tornado(choice: sources.Choice, lang: str, shown: dict | None = None) -> list[str]:
    """The one-at-a-time section; returns the chosen parameters (the global section uses
    them too). A result shown is recorded in ``shown`` (for the report)."""
    scenario = choice.scenario
    st.subheader(t("sensitivity.tornado_heading", lang))
    st.caption(t("sensitivity.tornado_intro", lang))
    options = sensitivity_parameters()
    default = [p for p in DEFAULT_SENSITIVITY_PARAMETERS if p in options]
    if PARAMS_KEY in st.session_state:
        st.session_state[PARAMS_KEY] = [p for p in st.session_state[PARAMS_KEY] if p in options]
    params = list(st.multiselect(t("sensitivity.parameters", lang), options,
                                 format_func=lambda p: parameter_label(p, lang),
                                 help=t("sensitivity.parameters_help", lang),
                                 **_seed_widget(PARAMS_KEY, default)))
    if params:
        with st.expander(t("sensitivity.ranges", lang)):
            try:
                st.dataframe(ranges_table(params, scenario, lang), hide_index=True,
                             key="sens_ranges")
            except ValueError as err:
                st.error(tx("sensitivity.failed", lang, error=err))
            st.caption(t("sensitivity.ranges_note", lang))
    a, b, c = st.columns([1, 1, 1], vertical_alignment="bottom")
    kpi = _kpi_select(KPI_KEY, lang, a)
    reps = _reps_input(REPS_KEY, lang, b)
    pressed = c.button(t("sensitivity.run_tornado", lang), key="sens_tornado_run", type="primary",
                       width="stretch", disabled=not params or reps is None)
    if reps is None:
        return params
    variants = 2 * len(params) + 1
    st.caption(t("sensitivity.tornado_cost", lang, n=variants * reps, variants=variants, reps=reps))
    if not params:
        st.warning(t("sensitivity.no_parameters", lang))
        return params
    key = tornado_key(scenario, params, reps)
    seed = key[-1]

    def check() -> None:
        check_replications(reps, {choice.label(lang): scenario})

    def work(progress: Progress) -> Sensitivity:
        return sensitivity(scenario, kpi=kpi, parameters=params, replications=reps, seed=seed,
                           progress=progress, runner=runner.limited_kpi_runner)

    result = kept_or_run(TORNADO_LAST, key, pressed, work, lang, check,
                         job_meta(PARAMS_KEY, REPS_KEY, KPI_KEY))
    if result is None:
        return params
    show_tornado(result, kpi, lang, scenario, names=[choice.label(lang)])
    if shown is not None:
        shown["tornado"] = (key, result, kpi)
    return params


def tornado_key(scenario: Scenario, params: Sequence[str], reps: int) -> tuple:
    return ("tornado", scenario.fingerprint(), tuple(params), int(reps), session.seed())


def _big(chart):
    """The chart half as tall again, at least ``PRESENT_HEIGHT`` (presentation view; the
    shell enlarges its text)."""
    height = getattr(chart, "height", None)
    return chart.properties(height=max(int(1.5 * height), PRESENT_HEIGHT)
                            if isinstance(height, int) else PRESENT_HEIGHT)


def show_tornado(result: Sensitivity, kpi: str, lang: str, scenario: Scenario | None = None,
                 present: bool = False, names: Sequence[str] = ()) -> None:
    """The tornado's chart, table and CSV (``names``: the scenario's, for the chart's
    PNG/SVG file names)."""
    if not present:
        st.success(t("sensitivity.tornado_done", lang, params=len(result.parameters),
                     reps=result.replications, sims=result.simulations, seed=result.seed))
    table = result.table(kpi)
    base = base_interval(result, kpi, scenario)
    mean = base[0]
    st.caption(base_text(kpi, base, lang))
    chart = charts.tornado(table, kpi, lang, base=mean)
    if present:
        charts.show(st, _big(chart))
    else:
        charts.show(st, chart, name=f"tornado_{kpi}", scenarios=names, lang=lang)
    if present:
        return
    st.dataframe(tornado_display(table, kpi, lang), hide_index=True, key="sens_tornado_table")
    st.caption(t("sensitivity.tornado_caption", lang))
    st.download_button(t("sensitivity.download_csv", lang),
                       export.csv_bytes(tornado_download(table, kpi, lang)),
                       file_name=f"tornado_{kpi}.csv", mime="text/csv", key="sens_tornado_csv",
                       on_click="ignore")


# --- 2. global sensitivity ---------------------------------------------------------------------

def draw_global(choice: sources.Choice, params: Sequence[str], lang: str,
                shown: dict | None = None) -> None:
    scenario = choice.scenario
    st.subheader(t("sensitivity.global_heading", lang))
    st.caption(t("sensitivity.global_intro", lang))
    a, b, c = st.columns([1, 1, 1], vertical_alignment="bottom")
    kpi = _kpi_select(GLOBAL_KPI_KEY, lang, a)
    samples = _samples_input(max(len(params), 1), lang, b)
    pressed = c.button(t("sensitivity.run_global", lang), key="sens_global_run", type="primary",
                       width="stretch", disabled=not params or samples is None)
    if not params or samples is None:
        return
    key = global_key(scenario, params, samples)
    seed = key[-1]

    def check() -> None:
        check_replications(MIN_REPLICATIONS, {choice.label(lang): scenario})
        if samples < min_samples(len(params)):
            raise limits.LimitError("sensitivity.too_few_samples", n=samples,
                                    least=min_samples(len(params)), params=len(params))

    def work(progress: Progress) -> GlobalSensitivity:
        return global_sensitivity(scenario, kpi=kpi, parameters=list(params), samples=samples,
                                  seed=seed, progress=progress, runner=runner.limited_kpi_runner)

    result = kept_or_run(GLOBAL_LAST, key, pressed, work, lang, check,
                         job_meta(PARAMS_KEY, SAMPLES_KEY, GLOBAL_KPI_KEY))
    if result is None:
        return
    show_global(result, kpi, lang, names=[choice.label(lang)])
    if shown is not None:
        shown["global"] = (key, result, kpi)


def global_key(scenario: Scenario, params: Sequence[str], samples: int) -> tuple:
    return ("global", scenario.fingerprint(), tuple(params), int(samples), session.seed())


def show_global(result: GlobalSensitivity, kpi: str, lang: str, present: bool = False,
                names: Sequence[str] = ()) -> None:
    if not present:
        st.success(t("sensitivity.global_done", lang, samples=result.samples,
                     sims=result.simulations, seed=result.seed))
    table = result.table(kpi)
    fit = result.fit(kpi)
    r2 = fit["r2"]
    helps = ("sensitivity.r2_help", "sensitivity.r2_adjusted_help", "sensitivity.q2_help", None)
    for col, (label, value), help_key in zip(st.columns(4), fit_metrics(result, kpi, lang), helps,
                                             strict=True):
        col.metric(label, value, help=t(help_key, lang) if help_key else None, border=True)
    for level, text in fit_messages(result, kpi, lang):
        (st.success if level == "success" else st.warning)(text)
    chart = charts.global_bars(table, lang, kpi=kpi, r2=r2)
    if present:
        charts.show(st, _big(chart))
    else:
        charts.show(st, chart, name=f"global_sensitivity_{kpi}", scenarios=names, lang=lang)
    st.caption(t("sensitivity.global_caption", lang))
    if present:
        return
    st.dataframe(global_display(table, lang), hide_index=True, key="sens_global_table")
    st.download_button(t("sensitivity.download_csv", lang),
                       export.csv_bytes(global_download(result, kpi, lang)),
                       file_name=f"global_sensitivity_{kpi}.csv", mime="text/csv",
                       key="sens_global_csv", on_click="ignore")


# --- 3. lever attribution --------------------------------------------------------------------

def attribution_pair(choices: Sequence[sources.Choice], base_id: str, target_id: str
                     ) -> tuple[Scenario, Scenario]:
    """(base, scenario) for the chosen ids; the matched baseline is the built-in baseline
    with the scenario's run settings (``sources.reference_for``)."""
    by_id = {c.id: c for c in choices}
    target = by_id[target_id].scenario
    base = sources.reference_for(target) if base_id == MATCHED_BASELINE else by_id[base_id].scenario
    return base, target


def draw_attribution(choices: Sequence[sources.Choice], lang: str,
                     shown: dict | None = None) -> None:
    st.subheader(t("sensitivity.attr_heading", lang))
    st.caption(t("sensitivity.attr_intro", lang))
    by_id = {c.id: c for c in choices}
    base_options = [MATCHED_BASELINE, *by_id]

    def name(cid: str) -> str:
        return t("sensitivity.matched_baseline", lang) if cid == MATCHED_BASELINE else \
            by_id[cid].option(lang)

    a, b = st.columns(2)
    base_id = a.selectbox(t("sensitivity.attr_base", lang), base_options, format_func=name,
                          **_seed_widget(BASE_KEY, MATCHED_BASELINE, lambda v: v in base_options))
    target_id = b.selectbox(t("sensitivity.attr_scenario", lang), list(by_id), format_func=name,
                            **_seed_widget(TARGET_KEY, sources.CURRENT_ID, lambda v: v in by_id))
    a, b, c = st.columns([2, 1, 1], vertical_alignment="bottom")
    by = a.radio(t("sensitivity.attr_by", lang), BY, horizontal=True,
                 format_func=lambda x: t(f"sensitivity.by_{x}", lang),
                 **_seed_widget(BY_KEY, "group", lambda v: v in BY))
    reps = _reps_input(ATTR_REPS_KEY, lang, b)
    base, target = attribution_pair(choices, base_id, target_id)
    if base.fingerprint() == target.fingerprint():
        st.info(t("sensitivity.identical", lang))
        return
    pressed = c.button(t("sensitivity.run_attr", lang), key="sens_attr_run", type="primary",
                       width="stretch", disabled=reps is None)
    if reps is None:
        return
    key = attribution_key(base, target, by, reps)
    seed = key[-1]

    def check() -> None:
        check_replications(reps, {name(base_id): base, name(target_id): target})

    def work(progress: Progress) -> Attribution:
        return attribute(base, target, replications=reps, seed=seed, by=by,
                         progress=progress, runner=runner.limited_kpi_runner)

    result = kept_or_run(ATTR_LAST, key, pressed, work, lang, check,
                         job_meta(BASE_KEY, TARGET_KEY, BY_KEY, ATTR_REPS_KEY))
    if result is None:
        return
    base_name = (t("sensitivity.matched_baseline", lang) if base_id == MATCHED_BASELINE
                 else by_id[base_id].label(lang))
    kpi = show_attribution(result, lang, names=[base_name, by_id[target_id].label(lang)])
    if shown is not None:
        shown["attribution"] = (key, result, kpi, base_name, by_id[target_id].label(lang), base,
                                target)


def attribution_key(base: Scenario, target: Scenario, by: str, reps: int) -> tuple:
    return ("attribution", base.fingerprint(), target.fingerprint(), by, int(reps),
            session.seed())


def show_attribution(result: Attribution, lang: str, present: bool = False,
                     names: Sequence[str] = ()) -> str:
    """The attribution's totals, waterfall and table for the KPI chosen (returned);
    ``names``: the two scenarios', for the chart's PNG/SVG file names."""
    if present:
        kpi = st.session_state.get(ATTR_KPI_KEY, DEFAULT_KPI)
        kpi = kpi if kpi in kpi_options() else DEFAULT_KPI
    else:
        st.success(t("sensitivity.attr_done", lang, players=len(result.players),
                     reps=result.replications, sims=result.simulations, seed=result.seed))
        kpi = _kpi_select(ATTR_KPI_KEY, lang)
    st.markdown(totals_text(result, kpi, lang))
    st.caption(method_text(result, kpi, lang))
    chart = charts.attribution_waterfall(result.waterfall(kpi), kpi, lang)
    if present:
        charts.show(st, _big(chart))
    else:
        charts.show(st, chart, name=f"attribution_{kpi}", scenarios=names, lang=lang)
    st.caption(t("sensitivity.attr_caption", lang))
    if present:
        return kpi
    st.dataframe(contributions_display(result, kpi, lang), hide_index=True, key="sens_attr_table")
    st.download_button(t("sensitivity.download_csv", lang),
                       export.csv_bytes(attribution_download(result, lang)),
                       file_name="lever_attribution.csv", mime="text/csv", key="sens_attr_csv",
                       on_click="ignore")
    return kpi


# --- the report ----------------------------------------------------------------------------------

def draw_report(choice: sources.Choice, shown: dict, lang: str, container: Any = st) -> None:
    """The "Download report" control (``ui.report.control``) for the analyses shown, only
    when there is at least one; its fingerprint is the results' keys and KPIs."""
    if not shown:
        return
    analyses = report_sensitivity.Analyses(
        scenario_name=choice.label(lang), scenario=choice.scenario,
        tornado=shown["tornado"][1:] if "tornado" in shown else None,
        global_=shown["global"][1:] if "global" in shown else None,
        attribution=report_sensitivity.Pair(*shown["attribution"][1:])
        if "attribution" in shown else None)
    fingerprint = tuple((name, shown[name][0], shown[name][2]) for name in
                        ("tornado", "global", "attribution") if name in shown)
    report_control.draw("sensitivity",
                        lambda: report_sensitivity.sensitivity_report(analyses, lang),
                        lang, fingerprint, container=container)



# --- the page ----------------------------------------------------------------------------------

def _finished(slot: str, key: tuple) -> Any | None:
    """The result kept for ``key`` in ``slot``, or that of this session's job for ``key``
    when it has succeeded (kept then)."""
    found = runner.job(slot)
    if found is not None and found.key == key and found.succeeded:
        last = st.session_state.get(slot)
        if not last or last[0] != key or last[1] is not found.result:
            st.session_state[slot] = (key, found.result)
    return runner.last_result(slot, key)


def _kept_value(key: str, default: Any, valid: Callable[[Any], bool]) -> Any:
    value = st.session_state.get(key, default)
    return value if valid(value) else default


def draw_presentation(choices: Sequence[sources.Choice], lang: str) -> None:
    """Presentation view: the analysed scenario's name, then each analysis run for the
    current inputs (set in the normal view) with its chart big; no controls."""
    by_id = {c.id: c for c in choices}
    choice = by_id.get(st.session_state.get(SOURCE_KEY), choices[0])
    st.header(tx("sensitivity.present_scenario", lang, name=choice.label(lang)))
    scenario, shown = choice.scenario, 0
    options = sensitivity_parameters()
    params = [p for p in st.session_state.get(
        PARAMS_KEY, [p for p in DEFAULT_SENSITIVITY_PARAMETERS if p in options]) if p in options]

    def reps_of(key: str) -> int:
        return int(_kept_value(key, default_replications(),
                               lambda v: inputs.in_range(v, MIN_REPLICATIONS,
                                                         limits.MAX_REPLICATIONS)))

    def kpi_of(key: str) -> str:
        return _kept_value(key, DEFAULT_KPI, lambda v: v in kpi_options())

    if params:
        result = _finished(TORNADO_LAST, tornado_key(scenario, params, reps_of(REPS_KEY)))
        if result is not None:
            st.subheader(t("sensitivity.tornado_heading", lang))
            show_tornado(result, kpi_of(KPI_KEY), lang, scenario, present=True)
            shown += 1
        lo, hi = samples_range(len(params))
        samples = int(_kept_value(SAMPLES_KEY, default_samples(len(params)),
                                  lambda v: inputs.in_range(v, lo, hi)))
        result = _finished(GLOBAL_LAST, global_key(scenario, params, samples))
        if result is not None:
            st.subheader(t("sensitivity.global_heading", lang))
            show_global(result, kpi_of(GLOBAL_KPI_KEY), lang, present=True)
            shown += 1
    base_id = _kept_value(BASE_KEY, MATCHED_BASELINE,
                          lambda v: v == MATCHED_BASELINE or v in by_id)
    target_id = _kept_value(TARGET_KEY, sources.CURRENT_ID, lambda v: v in by_id)
    if target_id in by_id:
        base, target = attribution_pair(choices, base_id, target_id)
        by = _kept_value(BY_KEY, "group", lambda v: v in BY)
        result = _finished(ATTR_LAST, attribution_key(base, target, by, reps_of(ATTR_REPS_KEY)))
        if result is not None:
            st.subheader(t("sensitivity.attr_heading", lang))
            base_name = (t("sensitivity.matched_baseline", lang) if base_id == MATCHED_BASELINE
                         else by_id[base_id].label(lang))
            st.markdown(tx("sensitivity.present_pair", lang, base=base_name,
                           scenario=by_id[target_id].label(lang)))
            show_attribution(result, lang, present=True)
            shown += 1
    if not shown:
        st.info(t("sensitivity.present_nothing", lang))


def draw(lang: str) -> None:
    """The whole page (``pages/4_sensitivity.py`` calls this): the scenario, then the
    tornado, the global analysis and the attribution; in presentation view only the
    results, big."""
    runner.restore(JOB_SLOTS)         # after a reload: the inputs of the last runs
    st.title(t("sensitivity.title", lang))
    choices = gather(lang)
    if shell.presentation():
        draw_presentation(choices, lang)
        return
    st.caption(t("sensitivity.intro", lang))
    source = draw_source(choices, lang)
    report_box = st.container()            # the report control, once there are results
    st.divider()
    shown: dict[str, tuple] = {}
    parameters = draw_tornado(source, lang, shown)
    st.divider()
    draw_global(source, parameters, lang, shown)
    st.divider()
    draw_attribution(choices, lang, shown)
    draw_report(source, shown, lang, report_box)
