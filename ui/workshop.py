"""The workshop page: live team sessions on one exercise (``ui.workshop_store`` keeps them).

**Facilitator.** Creates a session (exercise, teams, rounds, PIN) and gets the join code, in
large type, and a QR code of the join link; sees the teams that joined and, per round, who has
submitted and who has a result (never what they submitted before release); locks or opens
the round, releases its results, moves to the next round, reveals the debrief, downloads
the whole session as CSV and, once a round is released, as a report (HTML, PDF or PPTX:
``ui.report.workshop``), and ends the session (its code is free again; what was stored stays
readable). Another device takes over with the code and the PIN.

**Team.** Joins with the code and a team name, reads the brief and the goal, sets the
exercise's levers (the rest is locked), predicts the goal KPIs and submits (again, to
replace it, while the round is open). After a release: the leaderboard with intervals and
ties within noise, beside a Pareto view of carbon, cost and retention. The pages follow the
session by themselves (a fragment polls the store every ``POLL_S`` seconds and reruns the page
when the round, a release, the debrief or the results change).

The team token (``wt``) or facilitator token (``wf``) rides in the URL like the workspace
token, so a reload keeps the role. A submission's simulation (the exercise's baseline and
the team's scenario on common random numbers) runs as a background job through
``ui.runner`` and its result is stored at once; a submission without a result (the server
was restarted, or the job was cancelled) is simulated again when a page of its session next
runs: the seeds are fixed, so the numbers are the same.

**The facilitator's reference.** The exercise's reference ``solution`` is simulated exactly as
a team's submission of it would be (the same baseline, seed and replications; stored once per
session with ``WorkshopStore.record_reference`` and simulated again by the facilitator's page
when it is missing) and shown as the last line of every round's leaderboard, marked as the
reference and not ranked among the teams (``ui.workshop_tables``); a team sees it only on a
released round, like any result.
"""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from simulation import KPI_NAMES
from simulation.exercises import (Evaluation, Exercise, ExerciseError, baseline_scenario, evaluate,
                                  list_exercises, load_exercise, scenario_for)

from . import classroom_levers as levers
from . import classroom_tables as tables
from . import charts, limits, runner, widgets
from .i18n import inert, kpi_label, t, tx
from .report import control as report_control
from .workshop_store import (MAX_PIN_CHARS, MAX_ROUNDS, MAX_TEAM_NAME_CHARS, MAX_TEAMS, Result,
                             Session, Submission, WorkshopError, WorkshopStore, rank)
from .workshop_tables import (PARETO_KPIS, board_frame, pareto_chart, pareto_complete,  # noqa: F401
                              pareto_frame, reference_standing)

TEAM_PARAM, FACILITATOR_PARAM, CODE_PARAM = "wt", "wf", "code"
TEAM_KEY, FACILITATOR_KEY = "ws_team_token", "ws_facilitator_token"
SLOT = "workshop_results"           # the session's job slot for simulating submissions
POLL_S = 3.0                        # how often a page looks for the facilitator's changes
REPORT_KEY = "workshop"             # the "Download report" control (``ui.report.control``)
TEAM_ROUND_KEY, FAC_ROUND_KEY = "ws_team_round", "ws_fac_round"    # the "Round shown" pickers


def replications_for(ex: Exercise) -> int:
    """The replications a submission is simulated with (the exercise's own)."""
    return ex.replications


def store() -> WorkshopStore:
    return WorkshopStore()


# --- tokens in the URL ----------------------------------------------------------------------

def _param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if isinstance(value, str) and value else None


def _tokens() -> tuple[str | None, str | None]:
    """(team token, facilitator token): from the session, else (first run) from the URL;
    kept in the URL."""
    for key, param in ((TEAM_KEY, TEAM_PARAM), (FACILITATOR_KEY, FACILITATOR_PARAM)):
        if key not in st.session_state:
            st.session_state[key] = _param(param)
        tok = st.session_state[key]
        if tok and st.query_params.get(param) != tok:
            st.query_params[param] = tok
    return st.session_state[TEAM_KEY], st.session_state[FACILITATOR_KEY]


def _forget() -> None:
    """Callback: leave the session (its tokens leave the URL)."""
    st.session_state[TEAM_KEY] = st.session_state[FACILITATOR_KEY] = None
    for param in (TEAM_PARAM, FACILITATOR_PARAM):
        if param in st.query_params:
            del st.query_params[param]


def join_link(code: str, lang: str) -> str:
    base = (st.context.url or "").split("?")[0]
    return f"{base}?{urlencode({CODE_PARAM: code, 'lang': lang})}"


# --- the page ----------------------------------------------------------------------------------

def draw(lang: str) -> None:
    st.title(t("workshop.title", lang))
    team, facilitator = _tokens()
    try:
        if team:
            _team_view(team, lang)
        elif facilitator:
            _facilitator_view(facilitator, lang)
        else:
            st.caption(t("workshop.intro", lang))
            _start(lang)
    except WorkshopError as err:
        st.error(err.message(lang))
        if err.key in ("workshop.token_bad", "workshop.token_unknown"):
            st.button(t("workshop.start_over", lang), key="ws_start_over", on_click=_forget)
    except ExerciseError as err:
        st.error(tx("workshop.exercise_broken", lang, error=err))


def _exercise_title(ex_id: str, lang: str) -> str:
    try:
        return load_exercise(ex_id).title.get(lang)
    except ExerciseError:
        return ex_id


def _start(lang: str) -> None:
    join, run = st.tabs([t("workshop.tab_join", lang), t("workshop.tab_facilitate", lang)])
    with join:
        code = st.text_input(t("workshop.code", lang), value=_param(CODE_PARAM) or "",
                             max_chars=12, key="ws_join_code")
        name = st.text_input(t("workshop.team_name", lang), max_chars=MAX_TEAM_NAME_CHARS,
                             key="ws_join_name")
        if st.button(t("workshop.join", lang), key="ws_join", type="primary"):
            try:
                st.session_state[TEAM_KEY] = store().join(code, name)
            except WorkshopError as err:
                st.error(err.message(lang))
            else:
                st.rerun()
    with run:
        exercises = list_exercises()
        ex_id = st.selectbox(t("workshop.exercise", lang), exercises, key="ws_new_exercise",
                             format_func=lambda e: _exercise_title(e, lang))
        teams = st.number_input(t("workshop.teams", lang), 1, MAX_TEAMS, 6, key="ws_new_teams")
        rounds = st.number_input(t("workshop.rounds", lang), 1, MAX_ROUNDS, 2, key="ws_new_rounds")
        pin = st.text_input(t("workshop.pin", lang), type="password", max_chars=MAX_PIN_CHARS,
                            key="ws_new_pin", help=t("workshop.pin_help", lang))
        if st.button(t("workshop.create", lang), key="ws_create", type="primary"):
            try:
                ex = load_exercise(ex_id)
                goal = ex.goals[0]
                _code, token = store().create_session(ex.id, int(teams), int(rounds), pin,
                                                      tiebreak=(goal.kpi, goal.op))
            except WorkshopError as err:
                st.error(err.message(lang))
            else:
                st.session_state[FACILITATOR_KEY] = token
                st.rerun()
        st.divider()
        st.caption(t("workshop.resume_help", lang))
        code = st.text_input(t("workshop.code", lang), max_chars=12, key="ws_resume_code")
        pin = st.text_input(t("workshop.pin", lang), type="password", max_chars=MAX_PIN_CHARS,
                            key="ws_resume_pin")
        if st.button(t("workshop.resume", lang), key="ws_resume"):
            try:
                st.session_state[FACILITATOR_KEY] = store().facilitator_login(code, pin)
            except WorkshopError as err:
                st.error(err.message(lang))
            else:
                st.rerun()


def follow_newest(key: str, newest: int) -> None:
    """Before the round picker ``key`` is drawn: put it on ``newest`` (the newest round it
    offers) when that is not the newest this browser session saw last, e.g. a round just
    released (or another workshop session); otherwise leave it where it is (a round the user
    picked stays shown until the next release)."""
    seen = f"{key}:newest"
    if st.session_state.get(seen) != newest:
        st.session_state[seen] = newest
        st.session_state[key] = newest


def _signature(session: Session) -> tuple:
    return (session.current_round, tuple(sorted(session.round_states.items())),
            tuple(sorted(session.released)), session.debrief, session.closed)


def _watch(token: str, seen: Any, lang: str, look=None) -> None:
    """Rerun the page when the session changes (polled every POLL_S seconds): ``look()`` gives
    what is compared (default: the session's state)."""
    look = look or (lambda: _signature(store().session_of(token)))

    @st.fragment(run_every=POLL_S)
    def poll() -> None:
        try:
            now = look()
        except WorkshopError:
            return
        if now != seen:
            st.rerun(scope="app")

    poll()


def _round_state(session: Session, rnd: int, lang: str) -> str:
    if session.closed or not session.accepting:
        return t("workshop.state_ended", lang)
    if rnd in session.released:
        return t("workshop.state_released", lang)
    return t(f"workshop.state_{session.round_states.get(rnd, 'pending')}", lang)


def _header(session: Session, ex: Exercise, lang: str) -> None:
    st.subheader(ex.title.get(lang))
    st.caption(t("workshop.round_of", lang, round=session.current_round, rounds=session.rounds,
                 state=_round_state(session, session.current_round, lang)))


def _brief(ex: Exercise, lang: str, expanded: bool) -> None:
    with st.expander(t("workshop.brief", lang), expanded=expanded):
        st.markdown(inert(ex.brief.get(lang)))
        st.markdown("\n".join(f"- {inert(tables.goal_sentence(g, lang))}" for g in ex.goals))


# --- results: simulated in the background ------------------------------------------------------

def evaluation_dict(ev: Evaluation) -> dict[str, Any]:
    return {"probability": ev.probability, "ci_low": ev.ci_low, "ci_high": ev.ci_high,
            "met": ev.met, "replications": ev.replications, "successes": ev.successes,
            "goals": [{"kpi": g.kpi, "op": g.op, "threshold_mean": g.threshold_mean,
                       "team_mean": g.team_mean, "team_ci_low": g.team_ci_low,
                       "team_ci_high": g.team_ci_high, "baseline_mean": g.baseline_mean,
                       "share": g.share} for g in ev.goals]}


def simulate_submission(ws: WorkshopStore, exercise: str, sub: Submission, progress=None) -> bool:
    """Simulate one submission (the exercise's baseline and the team's scenario, common random
    numbers, the exercise's seed) and store its result; False when the submission has been
    replaced meanwhile."""
    ex = load_exercise(exercise)
    scenarios = {"baseline": baseline_scenario(ex), "team": scenario_for(ex, sub.changes)}
    res = runner.run(scenarios, ex.seed, replications_for(ex), progress=progress)
    ev = evaluate(ex, res.kpis)
    team = res.kpis[res.kpis["scenario"] == "team"].sort_values("replication")
    rows = team[[k for k in KPI_NAMES if k in team.columns]].to_dict("records")
    return ws.record_result(sub.team_id, sub.round, sub.version, rows, evaluation_dict(ev))


def simulate_reference(ws: WorkshopStore, exercise: str, session_id: int, progress=None) -> bool:
    """Simulate the facilitator's reference run (the exercise's reference ``solution``,
    exactly as a team's submission of it is simulated: the same baseline, seed and
    replications, so its numbers are stable) and store it for the session."""
    ex = load_exercise(exercise)
    scenarios = {"baseline": baseline_scenario(ex), "team": scenario_for(ex, ex.solution)}
    res = runner.run(scenarios, ex.seed, replications_for(ex), progress=progress)
    ev = evaluate(ex, res.kpis)
    team = res.kpis[res.kpis["scenario"] == "team"].sort_values("replication")
    rows = team[[k for k in KPI_NAMES if k in team.columns]].to_dict("records")
    return ws.record_reference(session_id, rows, evaluation_dict(ev))


def _simulate_pending(exercise: str, pending: list[Submission], lang: str,
                      reference: int | None = None) -> None:
    """Start (unless one runs) this browser session's job that simulates ``pending`` and,
    when ``reference`` (a session id) is given, the session's reference run first."""
    if not pending and reference is None:
        return
    items: tuple = ((("reference", reference),) if reference is not None else ()) + tuple(pending)
    key = ("workshop", tuple(s if isinstance(s, tuple) else (s.team_id, s.round, s.version)
                             for s in items))
    found = runner.job(SLOT)
    if found is not None and found.active:
        return
    if found is not None and found.key == key and not found.succeeded:
        runner.show_outcome(found, lang, "workshop.simulation_failed")    # not again by itself
        return
    ws = store()

    def work(progress) -> int:
        done = 0
        for i, sub in enumerate(items):
            def step(d: int, total: int, i: int = i) -> None:
                progress(i * total + d, len(items) * total)
            if isinstance(sub, tuple):
                done += simulate_reference(ws, exercise, sub[1], step)
            else:
                done += simulate_submission(ws, exercise, sub, step)
        return done

    runner.start_job(SLOT, work, key, lang)


# --- the facilitator --------------------------------------------------------------------------

def _qr_png(link: str) -> bytes | None:
    try:
        import segno
    except ImportError:
        return None
    buf = io.BytesIO()
    segno.make(link, error="m").save(buf, kind="png", scale=8, border=2)
    return buf.getvalue()


def _facilitator_view(token: str, lang: str) -> None:
    ws = store()
    over = ws.overview(token)
    s = over.session
    ex = load_exercise(s.exercise)
    _header(s, ex, lang)
    left, right = st.columns([2, 1])
    with right:
        st.metric(t("workshop.code", lang), s.code)
        link = join_link(s.code, lang)
        png = _qr_png(link)
        if png is not None:
            st.image(png, caption=t("workshop.qr_caption", lang), width=220)
        st.code(link, language=None, wrap_lines=True)
    with left:
        st.markdown(t("workshop.teams_joined", lang, n=len(over.teams), limit=s.max_teams))
        if over.teams:
            st.markdown("\n".join(f"- {inert(n)}" for n in over.teams))
        rnd = s.current_round
        sub, res = over.submitted.get(rnd, []), over.with_result.get(rnd, [])
        st.markdown(t("workshop.submitted", lang, round=rnd, n=len(sub), teams=len(over.teams),
                      results=len(res)))
        waiting = [n for n in over.teams if n not in sub]
        if waiting:
            st.caption(tx("workshop.waiting_for", lang, names="、".join(waiting) if lang == "zh"
                          else ", ".join(waiting)))
        _controls(token, s, lang)
    pending = ws.pending_for(token)
    # the reference run is simulated once the session has work (a submission) for it to sit beside
    missing = ws.reference_missing(token) if (pending or any(over.submitted.values())) else None
    _simulate_pending(s.exercise, pending, lang, missing.id if missing is not None else None)
    running = runner.job(SLOT)
    if running is not None and running.active:
        runner.show_job(running, lang, note=t("workshop.simulating", lang))
    shown = sorted(s.released | {s.current_round})
    follow_newest(FAC_ROUND_KEY, shown[-1])
    rnd = st.selectbox(t("workshop.board_round", lang), shown[::-1], key=FAC_ROUND_KEY,
                       format_func=lambda r: t("workshop.round_n", lang, round=r))
    results = ws.results(token, rnd)
    if rnd not in s.released:
        st.caption(t("workshop.preview_only", lang))
    _results(results, s, ex, lang, None, ws.reference(token, rnd))
    rows = ws.export_rows(token)
    if rows:
        data = pd.DataFrame.from_records(rows).to_csv(index=False).encode("utf-8-sig")
        st.download_button(t("workshop.export", lang), data, file_name=f"workshop-{s.code}.csv",
                           mime="text/csv", key="ws_export")
    if s.released:
        _report(ws, token, s, lang)
    end = st.container(horizontal=True)
    end.button(t("workshop.leave", lang), key="ws_leave", on_click=_forget)
    if not s.closed:
        with end.popover(t("workshop.close", lang)):
            st.caption(t("workshop.close_help", lang))
            st.button(t("workshop.close_confirm", lang), key="ws_close", type="primary",
                      on_click=_act, args=(ws.close_session, token))
    _watch(token, (_signature(s), over.submitted, over.with_result), lang,
           look=lambda: _fac_look(token))


def _fac_look(token: str) -> tuple:
    over = store().overview(token)
    return (_signature(over.session), over.submitted, over.with_result)


def _act(action, *args) -> None:
    """Callback of a facilitator's button: the store action; a refusal is kept to show."""
    try:
        action(*args)
    except WorkshopError as err:
        st.session_state["ws_action_error"] = (err.key, err.fields)


def _controls(token: str, s: Session, lang: str) -> None:
    err = st.session_state.pop("ws_action_error", None)
    if err:
        st.error(WorkshopError(err[0], **err[1]).message(lang))
    ws, rnd = store(), s.current_round
    row = st.container(horizontal=True)
    if s.round_states.get(rnd) == "open":
        row.button(t("workshop.lock", lang), key="ws_lock", on_click=_act, args=(ws.lock_round, token, rnd))
    elif rnd not in s.released:
        row.button(t("workshop.open", lang), key="ws_open", on_click=_act, args=(ws.open_round, token, rnd))
    row.button(t("workshop.release", lang), key="ws_release", type="primary",
               disabled=rnd in s.released, on_click=_act, args=(ws.release, token, rnd))
    row.button(t("workshop.next_round", lang), key="ws_next", disabled=rnd >= s.rounds,
               on_click=_act, args=(ws.advance, token))
    row.button(t("workshop.reveal", lang), key="ws_reveal", disabled=s.debrief,
               on_click=_act, args=(ws.reveal_debrief, token))


# --- a team -------------------------------------------------------------------------------------

def _pred_key(ex_id: str, kpi: str) -> str:
    return f"ws_pred:{ex_id}:{kpi}"


def _team_view(token: str, lang: str) -> None:
    ws = store()
    view = ws.team_view(token)
    s = view.session
    ex = load_exercise(s.exercise)
    base = baseline_scenario(ex)
    st.markdown(tx("workshop.you_are", lang, team=view.team, code=s.code))
    _header(s, ex, lang)
    if s.debrief:
        st.success(t("workshop.debrief", lang))
        st.markdown(inert(ex.debrief.get(lang)))
    _brief(ex, lang, expanded=not view.submissions)
    if view.results:                     # the latest released round first: it is the news
        released = sorted(view.results)[::-1]
        follow_newest(TEAM_ROUND_KEY, released[0])
        shown = st.selectbox(t("workshop.board_round", lang), released, key=TEAM_ROUND_KEY,
                             format_func=lambda r: t("workshop.round_n", lang, round=r))
        _results(view.results[shown], s, ex, lang, view.team, ws.reference(token, shown))
    rnd = s.current_round
    mine = view.submissions.get(rnd)
    if s.round_open(rnd):
        _seed_from(ex, base, mine, f"ws_seeded:{s.id}:{rnd}")
        with st.container(border=True):
            st.markdown(t("workshop.your_levers", lang, round=rnd))
            levers.draw(ex, base, lang)
            st.markdown(t("workshop.predict", lang))
            for kpi in tables.goal_kpis(ex):
                lo, hi = tables.prediction_bounds(kpi)
                step, fmt = tables.prediction_step(kpi)
                st.number_input(f"{kpi_label(kpi, lang)} ({tables.display_unit(kpi, lang)})",
                                min_value=lo, max_value=hi, value=None, step=step, format=fmt,
                                key=_pred_key(ex.id, kpi))
            label = "workshop.resubmit" if mine else "workshop.submit"
            if st.button(t(label, lang), key="ws_submit", type="primary"):
                mine = _submit(ws, token, ex, base, rnd, lang) or mine
    elif mine is None:
        st.info(t("workshop.round_closed_note", lang, round=rnd))
    if mine is not None:
        st.markdown(tx("workshop.your_submission", lang, round=rnd, version=mine.version))
        rows = widgets.rows()
        st.markdown(inert(tables.changes_text(mine.changes, rows, lang)))
        if rnd not in s.released:
            st.caption(t("workshop.wait_release", lang))
    _simulate_pending(s.exercise, ws.pending_for(token), lang)
    st.button(t("workshop.leave", lang), key="ws_leave", on_click=_forget)
    _watch(token, _team_look(view), lang, look=lambda: _team_look(store().team_view(token)))


def _team_look(view) -> tuple:
    """What a team's page follows: the session's state and the results it may see (a result
    that arrives after the release shows up too)."""
    return (_signature(view.session),
            tuple(sorted((r, len(res)) for r, res in view.results.items())))


def _seed_from(ex: Exercise, base, mine: Submission | None, flag: str) -> None:
    """Once per browser session and round: put the team's submission back into the lever and
    prediction widgets (after a reload, or on another of the team's devices)."""
    if mine is None or st.session_state.get(flag):
        return
    st.session_state[flag] = True
    levers.seed(ex, base, force=True)
    paths = set(levers.paths(ex))
    for path, value in mine.changes.items():
        items = value.items() if isinstance(value, dict) else [("", value)]
        for sub, v in items:
            leaf = f"{path}.{sub}" if sub else path
            if leaf in paths:
                st.session_state[levers.state_key(ex.id, leaf)] = widgets.to_widget(leaf, v)
    for kpi, value in mine.predictions.items():
        st.session_state[_pred_key(ex.id, kpi)] = tables.to_display(kpi, value)


def _submit(ws: WorkshopStore, token: str, ex: Exercise, base, rnd: int,
            lang: str) -> Submission | None:
    changes, problems = levers.collect(ex, base, lang)
    for message in problems:
        st.error(message)
    if problems:
        return None
    predictions = {}
    for kpi in tables.goal_kpis(ex):
        value = st.session_state.get(_pred_key(ex.id, kpi))
        if value is not None:
            predictions[kpi] = tables.from_display(kpi, value)
    try:
        sc = scenario_for(ex, changes)
        limits.check_request({"baseline": base, "team": sc}, replications_for(ex))
        sub = ws.submit(token, rnd, changes, predictions)
    except (WorkshopError, limits.LimitError) as err:
        st.error(err.message(lang))
        return None
    except ExerciseError as err:
        st.error(tx("workshop.exercise_broken", lang, error=err))
        return None
    st.success(t("workshop.submitted_ok", lang, round=rnd))
    return sub


# --- the leaderboard and the Pareto view ----------------------------------------------------------

def page_board(results: list[Result], s: Session, lang: str,
               reference: Result | None = None) -> pd.DataFrame:
    """The leaderboard the page shows: the teams ranked, the reference line last."""
    board = rank(results, s.tiebreak_kpi, s.tiebreak_higher)
    ref = (reference_standing(reference, board, s.tiebreak_kpi, s.tiebreak_higher, lang)
           if reference is not None else None)
    return board_frame(board, lang, ref)


def _results(results: list[Result], s: Session, ex: Exercise, lang: str, team: str | None,
             reference: Result | None = None) -> None:
    if not results:
        st.info(t("workshop.no_results", lang))
        return
    board_col, pareto_col = st.columns([3, 2])
    with board_col:
        st.markdown(t("workshop.leaderboard", lang))
        st.dataframe(page_board(results, s, lang, reference), hide_index=True,
                     key=f"ws_board_{team or 'f'}")
        st.caption(t("workshop.ties_rule", lang))
        if reference is not None:
            st.caption(t("workshop.reference_note", lang))
    with pareto_col:
        st.markdown(t("workshop.pareto", lang))
        df = pareto_frame(results)
        if pareto_complete(df):
            charts.show(st, pareto_chart(df, lang, team))
        st.caption(t("workshop.pareto_help", lang))



# --- the session as a report (the meeting pack) ---------------------------------------------------

def _report(ws: WorkshopStore, token: str, s: Session, lang: str) -> None:
    """The "Download report" control: the released rounds as a report (HTML, PDF, PPTX)."""
    from .report.workshop import workshop_report

    results = {r: ws.results(token, r) for r in sorted(s.released)}
    reference = ws.reference(token, max(s.released))
    fingerprint = (s.code, tuple(sorted(s.released)), s.debrief,
                   tuple((r.team, r.round, r.version, r.stored_at) for rs in results.values()
                         for r in rs),
                   reference.stored_at if reference is not None else None)

    def build():
        return workshop_report(s, load_exercise(s.exercise), results, ws.submissions(token), lang,
                               reference=reference, replications=replications_for(
                                   load_exercise(s.exercise)))

    report_control.draw(REPORT_KEY, build, lang, fingerprint)
