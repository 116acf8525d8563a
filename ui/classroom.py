"""The classroom page, self-study mode: pick an exercise (``simulation.exercises``), read its
brief and goal, change only its levers (the rest of the shop is listed, locked), predict the
goal KPIs, run, and get feedback: whether the goal is met with its probability over the
replications and its interval, each goal's numbers, the predictions against the result, a
hint after a failed try, the debrief after success or when the runs are spent, and the
history of tries as a download. The facilitator's guide opens in an expander.

A run simulates the exercise's baseline and the student's scenario on common random numbers
(the exercise's seed and replications) as a background job through ``ui.runner``: the
replication store makes the baseline free after its first run, the page shows the progress
with a Cancel button, and a run counts against the budget only when it completes. Tries are
kept in the session (``cl_tries``: {exercise id: [Try, ...]}).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from simulation import Scenario
from simulation.exercises import (PASS_PROBABILITY, Evaluation, Exercise, ExerciseError,
                                  baseline_scenario, evaluate, hint_for, list_exercises,
                                  load_exercise, scenario_for)

from . import classroom_levers as levers
from . import classroom_tables as tables
from . import inputs, runner, shell, widgets
from .i18n import inert, kpi_label, normalise_lang, percent, t, tx

SLOT = "classroom_run"                   # the session's job slot for a run
CHOSEN = "cl_exercise"                   # the exercise chosen (its id)
TRIES = "cl_tries"                       # {exercise id: [tables.Try, ...]}
PENDING = "cl_pending"                   # the run under way: {"ex", "key", "changes", ...}
CLICKED = "cl_run_clicked"               # set by the Run button's callback: the exercise id
GUIDE_FILES = {"en": "FACILITATOR.md", "zh": "FACILITATOR.zh.md"}
DOCS = Path(__file__).resolve().parent.parent / "docs"


# --- session state -----------------------------------------------------------------------

def tries(ex_id: str) -> list[tables.Try]:
    return st.session_state.setdefault(TRIES, {}).setdefault(ex_id, [])


def prediction_keys(ex_id: str, kpi: str) -> tuple[str, str]:
    """(the prediction's session key, its widget's key)."""
    return f"cl_p:{ex_id}:{kpi}", f"_w_cl_p:{ex_id}:{kpi}"


def _keep(widget: str, state: str) -> None:
    st.session_state[state] = st.session_state[widget]


def _clicked(ex_id: str) -> None:
    st.session_state[CLICKED] = ex_id


def _restart(ex_id: str, kpis: list[str]) -> None:
    """Callback: forget the exercise's tries and predictions (the levers stay)."""
    st.session_state.setdefault(TRIES, {})[ex_id] = []
    for kpi in kpis:
        st.session_state.pop(prediction_keys(ex_id, kpi)[0], None)
    pending = st.session_state.get(PENDING)
    if pending and pending["ex"] == ex_id:
        st.session_state.pop(PENDING, None)


def predictions(ex: Exercise, lang: str) -> tuple[dict[str, float], list[str], list[str]]:
    """(the predictions typed, in each KPI's unit; the KPIs without one; range messages)."""
    found, missing, refused = {}, [], []
    for kpi in tables.goal_kpis(ex):
        value = st.session_state.get(prediction_keys(ex.id, kpi)[0])
        lo, hi = tables.prediction_bounds(kpi)
        if value is None:
            missing.append(kpi_label(kpi, lang))
        elif not inputs.in_range(value, lo, hi):
            refused.append(inputs.range_message(_prediction_label(kpi, lang), lo, hi, lang))
        else:
            found[kpi] = tables.from_display(kpi, float(value))
    return found, missing, refused


def _prediction_label(kpi: str, lang: str) -> str:
    unit = tables.display_unit(kpi, lang)
    name = kpi_label(kpi, lang)
    return (t("classroom.predict_label", lang, kpi=name, unit=unit) if unit
            else t("classroom.predict_label_plain", lang, kpi=name))


# --- the page ----------------------------------------------------------------------------

def draw(lang: str) -> None:
    st.title(t("classroom.title", lang))
    st.caption(t("classroom.intro", lang))
    draw_guide(lang)
    ex = _choose(lang)
    if ex is None:
        return
    try:
        base = baseline_scenario(ex)
    except Exception as err:  # noqa: BLE001 - a message, never a traceback
        st.error(tx("classroom.load_failed", lang, error=err))
        return
    changes, lever_problems = levers.collect(ex, base, lang)
    _start_if_clicked(ex, base, changes, lever_problems, lang)
    controls, results = shell.two_panes()
    with results:
        _follow_run(ex, lang)           # records a finished run before anything counts runs
        _draw_brief(ex, base, lang)
        _draw_feedback(ex, lang)
        _draw_history(ex, lang)
    if controls is not None:
        with controls:
            _draw_controls(ex, base, lever_problems, lang)


def draw_guide(lang: str) -> None:
    """The facilitator's guide in ``lang`` (our own Markdown file), in an expander."""
    with st.expander(t("classroom.guide_head", lang), icon="🧑‍🏫"):
        text = guide_text(lang)
        if text is None:
            st.info(t("classroom.guide_missing", lang))
        else:
            st.markdown(text)


def guide_text(lang: str) -> str | None:
    path = DOCS / GUIDE_FILES[normalise_lang(lang)]
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def _choose(lang: str) -> Exercise | None:
    ids = list_exercises()
    if not ids:
        st.info(t("classroom.none", lang))
        return None
    loaded: dict[str, Exercise] = {}
    for ex_id in ids:
        try:
            loaded[ex_id] = load_exercise(ex_id)
        except ExerciseError as err:     # a broken file is named, the others still work
            st.warning(tx("classroom.load_failed", lang, error="; ".join(err.problems)))
    if not loaded:
        st.info(t("classroom.none", lang))
        return None
    names = list(loaded)
    if st.session_state.get(CHOSEN) not in names:
        st.session_state[CHOSEN] = names[0]
    widget = f"_w_{CHOSEN}@{normalise_lang(lang)}"
    st.session_state[widget] = st.session_state[CHOSEN]

    def option(ex_id: str) -> str:
        ex = loaded[ex_id]
        return t("classroom.pick_option", lang, title=ex.title.get(lang),
                 theme=t(f"classroom.theme_{ex.theme}", lang))

    st.selectbox(t("classroom.pick", lang), names, key=widget, format_func=option,
                 on_change=_keep, args=(widget, CHOSEN))
    return loaded[st.session_state[CHOSEN]]


def _baseline_means(ex: Exercise, base: Scenario) -> dict[str, float]:
    """The starting shop's mean of each goal KPI when known (stored, or from a try)."""
    done = tries(ex.id)
    if done:
        return {r.kpi: r.baseline_mean for r in done[-1].evaluation.goals}
    kept = runner.stored({"baseline": base}, ex.seed, ex.replications)
    if kept is None:
        return {}
    return {kpi: float(kept.kpis[kpi].mean()) for kpi in tables.goal_kpis(ex)
            if kpi in kept.kpis}


def _draw_brief(ex: Exercise, base: Scenario, lang: str) -> None:
    st.subheader(inert(ex.title.get(lang)))
    st.markdown(f"**{t('classroom.brief_head', lang)}**")
    st.markdown(inert(ex.brief.get(lang)))
    st.markdown(f"**{t('classroom.goals_head', lang)}**")
    means = _baseline_means(ex, base)
    st.markdown("\n".join(f"- {inert(tables.goal_sentence(g, lang, means.get(g.kpi)))}"
                          for g in ex.goals))
    st.caption(t("classroom.goals_rule", lang, pct=percent(PASS_PROBABILITY, 0)))
    left = max(0, ex.runs - len(tries(ex.id)))
    st.markdown(f"**{t('classroom.runs_left', lang, left=left, total=ex.runs)}**")
    st.caption(t("classroom.settings", lang, reps=ex.replications, seed=ex.seed,
                 days=base.run.horizon_days))


def _draw_controls(ex: Exercise, base: Scenario, lever_problems: list[str], lang: str) -> None:
    st.subheader(t("classroom.levers_head", lang))
    levers.draw(ex, base, lang)
    with st.expander(t("classroom.locked_head", lang, n=len(base_values_locked(ex, base))),
                     expanded=False):
        st.caption(t("classroom.locked_caption", lang))
        st.dataframe(levers.locked_table(ex, base, lang), hide_index=True, width="stretch")
    st.subheader(t("classroom.predict_head", lang))
    st.caption(t("classroom.predict_caption", lang))
    means = _baseline_means(ex, base)
    for kpi in tables.goal_kpis(ex):
        state, widget = prediction_keys(ex.id, kpi)
        st.session_state[widget] = st.session_state.get(state)
        known = means.get(kpi)
        help_text = (t("classroom.predict_help", lang, value=tables.value_text(kpi, known, lang))
                     if known is not None else t("classroom.predict_help_unknown", lang))
        step, fmt = tables.prediction_step(kpi)
        st.number_input(_prediction_label(kpi, lang), value=None, key=widget, step=step,
                        format=fmt, help=help_text, on_change=_keep, args=(widget, state))
    found, missing, refused = predictions(ex, lang)
    for message in refused:
        st.error(message)
    left = ex.runs - len(tries(ex.id))
    pending = st.session_state.get(PENDING)
    reason = None
    if left <= 0:
        reason = t("classroom.budget_spent", lang)
    elif lever_problems or refused:
        reason = t("classroom.predict_refused", lang)
    elif missing:
        reason = t("classroom.predict_missing", lang, missing="、".join(missing) if lang == "zh"
                   else ", ".join(missing))
    st.button(t("classroom.run", lang), key="cl_run", type="primary", icon="▶️",
              help=t("classroom.run_help", lang), on_click=_clicked, args=(ex.id,),
              disabled=reason is not None or bool(pending))
    if reason:
        st.caption(reason)
    if tries(ex.id):
        st.button(t("classroom.restart", lang), key="cl_restart", icon="🔄",
                  help=t("classroom.restart_help", lang), on_click=_restart,
                  args=(ex.id, tables.goal_kpis(ex)))


def base_values_locked(ex: Exercise, base: Scenario) -> list[str]:
    open_paths = set(levers.paths(ex))
    return [p for p in levers.base_values(base) if p not in open_paths]


# --- running -----------------------------------------------------------------------------

def _start_if_clicked(ex: Exercise, base: Scenario, changes: dict[str, Any],
                      lever_problems: list[str], lang: str) -> None:
    """After a click on Run: check everything again (the button's state may be a run old),
    then start the run as the session's job."""
    if st.session_state.pop(CLICKED, None) != ex.id:
        return
    found, missing, refused = predictions(ex, lang)
    if lever_problems or missing or refused or ex.runs - len(tries(ex.id)) <= 0:
        return
    if st.session_state.get(PENDING):
        return
    try:
        team = scenario_for(ex, changes)
    except (ExerciseError, ValueError) as err:
        st.error(tx("classroom.run_failed", lang, error="; ".join(getattr(err, "problems", [])
                                                                  or [str(err)])))
        return
    number = len(tries(ex.id)) + 1
    key = ("classroom", ex.id, number, team.fingerprint(), tuple(sorted(found.items())))
    st.session_state[PENDING] = {"ex": ex.id, "key": key, "changes": changes,
                                 "predictions": found, "number": number}
    scenarios = {"baseline": base, "team": team}
    seed, reps = ex.seed, ex.replications

    def work(progress) -> Evaluation:
        res = runner.run(scenarios, seed, reps, progress=progress)
        return evaluate(ex, res.kpis)

    orders = sum(sc.expected_orders() for sc in scenarios.values()) * reps
    if runner.start_job(SLOT, work, key, lang, orders=orders) is None:
        st.session_state.pop(PENDING, None)          # refused: the message names the limit


def _follow_run(current: Exercise, lang: str) -> None:
    """The run under way (of this exercise, or of one the student has left since): its
    progress, or, once it has completed, the try recorded under its exercise (and the
    predictions cleared for the next one). A run cancelled or failed is not counted."""
    pending = st.session_state.get(PENDING)
    if not pending:
        return
    try:
        ex = current if pending["ex"] == current.id else load_exercise(pending["ex"])
    except ExerciseError:
        st.session_state.pop(PENDING, None)
        return
    key = pending["key"]
    found = runner.job(SLOT)
    if found is None or found.key != key:
        st.session_state.pop(PENDING, None)          # the server forgot it: not counted
        return
    if found.active:
        st.caption(tx("classroom.running", lang, n=pending["number"], title=ex.title.get(lang)))
    result = runner.kept_or_run(SLOT, key, False, None, lang, failed_key="classroom.run_failed")
    if isinstance(result, Evaluation):
        done = tries(ex.id)
        failures = sum(1 for tr in done if not tr.evaluation.met)
        done.append(tables.Try(number=len(done) + 1, changes=dict(pending["changes"]),
                               predictions=dict(pending["predictions"]), evaluation=result,
                               failures_before=failures))
        st.session_state.pop(PENDING, None)
        for kpi in tables.goal_kpis(ex):
            st.session_state.pop(prediction_keys(ex.id, kpi)[0], None)
    elif runner.ended_without_result(SLOT, key):
        st.session_state.pop(PENDING, None)


# --- feedback ----------------------------------------------------------------------------

def _draw_feedback(ex: Exercise, lang: str) -> None:
    done = tries(ex.id)
    if not done:
        return
    last = done[-1]
    ev = last.evaluation
    st.subheader(t("classroom.feedback_head", lang, n=last.number))
    (st.success if ev.met else st.warning)(tables.outcome(ev, lang), icon="✅" if ev.met else "⚠️")
    st.dataframe(tables.goal_table(ev, lang), hide_index=True, width="stretch")
    if last.predictions:
        st.markdown(f"**{t('classroom.predictions_head', lang)}**")
        st.dataframe(tables.prediction_table(ev, last.predictions, lang), hide_index=True,
                     width="stretch")
    succeeded = any(tr.evaluation.met for tr in done)
    spent = len(done) >= ex.runs
    if not ev.met and not spent:
        failures = sum(1 for tr in done if not tr.evaluation.met)
        hint = hint_for(ex, failures)
        st.markdown(f"**{t('classroom.hint_head', lang)}**")
        st.info(inert(hint.text.get(lang)) if hint is not None else t("classroom.no_hint", lang),
                icon="💡")
    if succeeded or spent:
        st.markdown(f"**{t('classroom.debrief_head', lang)}**")
        st.caption(t("classroom.debrief_success" if succeeded else "classroom.debrief_budget",
                     lang))
        st.info(inert(ex.debrief.get(lang)), icon="🎓")


def _draw_history(ex: Exercise, lang: str) -> None:
    done = tries(ex.id)
    st.markdown(f"**{t('classroom.history_head', lang)}**")
    if not done:
        st.caption(t("classroom.history_empty", lang))
        return
    rows = widgets.rows()
    st.dataframe(tables.history_frame(done, ex, rows, lang), hide_index=True, width="stretch")
    st.download_button(t("classroom.download", lang), tables.history_csv(done, ex, rows, lang),
                       file_name=f"classroom_{ex.id}.csv", mime="text/csv",
                       key="cl_download", icon="⬇️")
