"""The workshop session's report: the released rounds of a live session as a meeting pack.

It reads: the title page (the exercise, join code, date, rounds, teams, replications, seed,
model version), the summary in plain words generated from the numbers (per released round how
many teams met the goal, the leader or the leaders tied within noise with their probability
and interval, the facilitator's reference solution; how the predictions compared with the
results on average), the exercise and its goal, then per released round the leaderboard (the
page's strings, the reference line last), the submissions (each team's changed levers) and the
predictions against the results, and the round's Pareto view (the page's chart); the
exercise's debrief; the appendix. Only released rounds are reported: the report is for the
room. No Streamlit.
"""

from __future__ import annotations

import statistics
from datetime import datetime
from typing import Mapping, Sequence

from simulation.exercises import PASS_PROBABILITY, Exercise, baseline_scenario, scenario_for
from simulation.scenario import parameter_rows

from .. import classroom_tables as ctables
from ..i18n import kpi_label, normalise_lang, percent, t
from ..workshop_store import Result, Session, Submission, _t_interval, rank
from ..workshop_tables import (board_frame, names_text, pareto_chart, pareto_complete, pareto_frame,
                               reference_standing)
from . import common
from .model import Report, Section, Table


def _space(lang: str) -> str:
    return "" if normalise_lang(lang) == "zh" else " "


def _frame_table(frame, title: str, note: str = "", kind: str = "") -> Table:
    return Table(title=title, columns=[str(c) for c in frame.columns],
                 rows=[[str(v) for v in row] for row in frame.itertuples(index=False)],
                 note=note, kind=kind, first_column_is_header=False)


def _mean(result: Result, kpi: str) -> float | None:
    vals = [r.get(kpi) for r in result.kpis if r.get(kpi) is not None]
    return statistics.fmean(vals) if vals else None


def round_summary(rnd: int, results: Sequence[Result], session: Session, lang: str,
                  reference: Result | None = None) -> str:
    """One released round in plain words: how many teams met the goal, the leader (or the
    leaders tied within noise), the reference solution."""
    board = rank(results, session.tiebreak_kpi, session.tiebreak_higher)
    met = sum(1 for s in board if s.met)
    parts = [t("workshop.report_round_met", lang, round=rnd, k=met, n=len(board),
               need=percent(PASS_PROBABILITY, 0))]
    top = [s for s in board if s.rank == 1]
    if len(top) == 1:
        s = top[0]
        parts.append(t("workshop.report_leader", lang, team=s.team, p=percent(s.probability, 0),
                       lo=percent(s.ci_low, 0), hi=percent(s.ci_high, 0)))
    elif top:
        detail = names_text([t("workshop.report_leader_detail", lang, team=s.team,
                               p=percent(s.probability, 0), lo=percent(s.ci_low, 0),
                               hi=percent(s.ci_high, 0)) for s in top], lang)
        parts.append(t("workshop.report_leaders_tied", lang,
                       teams=common._join([s.team for s in top], lang, ", "), detail=detail))
    if reference is not None:
        ev = reference.evaluation
        parts.append(t("workshop.report_reference", lang, p=percent(ev["probability"], 0),
                       lo=percent(ev["ci_low"], 0), hi=percent(ev["ci_high"], 0)))
    return _space(lang).join(parts)


def _pairs(ex: Exercise, results: Mapping[int, Sequence[Result]],
           submissions: Sequence[Submission]) -> dict[str, list[tuple[float, float]]]:
    """(prediction, result mean) per goal KPI, over the released rounds' results."""
    subs = {(s.team_id, s.round): s for s in submissions}
    out: dict[str, list[tuple[float, float]]] = {k: [] for k in ctables.goal_kpis(ex)}
    for rs in results.values():
        for r in rs:
            sub = subs.get((r.team_id, r.round))
            if sub is None or sub.version != r.version:
                continue
            for kpi, pred in sub.predictions.items():
                mean = _mean(r, kpi)
                if kpi in out and mean is not None:
                    out[kpi].append((pred, mean))
    return out


def predictions_summary(ex: Exercise, results: Mapping[int, Sequence[Result]],
                        submissions: Sequence[Submission], lang: str) -> str:
    """How the predictions compared with the results on average, per goal KPI."""
    parts = []
    for kpi, pairs in _pairs(ex, results, submissions).items():
        if not pairs:
            continue
        pred = statistics.fmean(p for p, _ in pairs)
        res = statistics.fmean(m for _, m in pairs)
        gap = statistics.fmean(abs(p - m) for p, m in pairs)
        parts.append(t("workshop.report_predictions", lang, kpi=kpi_label(kpi, lang), n=len(pairs),
                       pred=ctables.value_text(kpi, pred, lang),
                       result=ctables.value_text(kpi, res, lang),
                       gap=ctables.value_text(kpi, gap, lang)))
    return _space(lang).join(parts) if parts else t("workshop.report_no_predictions", lang)


def submissions_table(rnd: int, submissions: Sequence[Submission], lang: str) -> Table:
    rows_by_path = parameter_rows()
    rows = [[s.team, str(s.version), ctables.changes_text(s.changes, rows_by_path, lang)]
            for s in submissions if s.round == rnd]
    return Table(title=t("workshop.report_subs_title", lang, round=rnd),
                 columns=[t("workshop.col_team", lang), t("workshop.col_version", lang),
                          t("workshop.col_changes", lang)],
                 rows=rows, kind="submissions", first_column_is_header=False)


def predictions_table(rnd: int, ex: Exercise, results: Sequence[Result],
                      submissions: Sequence[Submission], lang: str) -> Table:
    subs = {(s.team_id, s.round): s for s in submissions}
    rows = []
    for r in results:
        sub = subs.get((r.team_id, r.round))
        if sub is None or sub.version != r.version:
            continue
        for kpi in ctables.goal_kpis(ex):
            if kpi not in sub.predictions:
                continue
            vals = [x.get(kpi) for x in r.kpis if x.get(kpi) is not None]
            mean, lo, hi = _t_interval(vals)
            rows.append([r.team, kpi_label(kpi, lang),
                         ctables.value_text(kpi, sub.predictions[kpi], lang),
                         ctables.value_text(kpi, mean, lang),
                         f"{ctables.value_text(kpi, lo, lang)} – {ctables.value_text(kpi, hi, lang)}"])
    return Table(title=t("workshop.report_preds_title", lang, round=rnd),
                 columns=[t("workshop.col_team", lang), t("workshop.col_kpi", lang),
                          t("workshop.col_prediction", lang), t("workshop.col_result", lang),
                          t("workshop.col_result_interval", lang)],
                 rows=rows, note=t("workshop.report_preds_note", lang), kind="predictions",
                 first_column_is_header=False)


def workshop_report(session: Session, ex: Exercise, results: Mapping[int, Sequence[Result]],
                    submissions: Sequence[Submission], lang: str, *,
                    reference: Result | None = None, replications: int | None = None,
                    created: datetime | None = None) -> Report:
    """The session as a :class:`Report` in ``lang``.

    ``results``: round -> that round's results (``WorkshopStore.results``); only the rounds
    in ``session.released`` are reported. ``submissions``: the session's submissions
    (``WorkshopStore.submissions``); ``reference``: the facilitator's reference run
    (``WorkshopStore.reference``), shown on every round's leaderboard, not ranked;
    ``replications``: those each submission was simulated with (default the exercise's)."""
    released = [r for r in sorted(session.released) if r in results]
    replications = replications or ex.replications
    teams = sorted({s.team for s in submissions} | {r.team for rs in results.values() for r in rs},
                   key=str.casefold)
    notes = t("workshop.report_notes", lang)

    summary = [round_summary(r, results[r], session, lang, reference)
               for r in released if results[r]]
    if not summary:
        summary = [t("workshop.report_none_released", lang)]
    else:
        summary.append(predictions_summary(ex, {r: results[r] for r in released}, submissions, lang))

    sections = [Section(
        heading=t("workshop.report_goal_title", lang),
        paragraphs=[ex.brief.get(lang)],
        bullets=[ctables.goal_sentence(g, lang) for g in ex.goals],
        headline=t("workshop.report_goal_headline", lang), notes=notes)]
    for rnd in released:
        rs = list(results[rnd])
        if not rs:
            continue
        board = rank(rs, session.tiebreak_kpi, session.tiebreak_higher)
        ref = (reference_standing(reference, board, session.tiebreak_kpi, session.tiebreak_higher,
                                  lang) if reference is not None else None)
        frame = board_frame(board, lang, ref)
        note = t("workshop.ties_rule", lang)
        if ref is not None:
            note += _space(lang) + t("workshop.reference_note", lang)
        sections.append(Section(
            heading=t("workshop.report_board_title", lang, round=rnd),
            paragraphs=[round_summary(rnd, rs, session, lang, reference)],
            tables=[_frame_table(frame, t("workshop.report_board_title", lang, round=rnd), note,
                                 kind="leaderboard")],
            headline=t("workshop.report_board_headline", lang), notes=notes))
        sections.append(Section(
            heading=t("workshop.report_subs_title", lang, round=rnd),
            tables=[submissions_table(rnd, submissions, lang),
                    predictions_table(rnd, ex, rs, submissions, lang)],
            headline=t("workshop.report_subs_title", lang, round=rnd), notes=notes))
        df = pareto_frame(rs)
        if pareto_complete(df):
            title = t("workshop.report_pareto_title", lang, round=rnd)
            sections.append(Section(
                heading=title,
                charts=[common.chart(f"pareto_round_{rnd}", title, pareto_chart(df, lang),
                                     caption=t("workshop.pareto_help", lang))],
                headline=t("workshop.pareto_help", lang), notes=notes))
    sections.append(Section(heading=t("workshop.report_debrief_title", lang),
                            paragraphs=[ex.debrief.get(lang)],
                            headline=t("workshop.report_debrief_title", lang), notes=notes))

    base = baseline_scenario(ex)
    scenarios = {"baseline": base, "reference": scenario_for(ex, ex.solution)}
    facts = common.facts(
        lang, scenarios=teams or [ex.title.get(lang)], seed=ex.seed, replications=replications,
        horizon_days=int(base.run.horizon_days), created=created,
        extra=[(t("workshop.fact_exercise", lang), ex.title.get(lang)),
               (t("workshop.fact_code", lang), session.code),
               (t("workshop.fact_rounds", lang), str(session.rounds)),
               (t("workshop.fact_released", lang),
                names_text([str(r) for r in released], lang) or "—"),
               (t("workshop.fact_teams", lang), str(session.teams))])
    return Report(
        kind="workshop", lang=lang,
        title=t("workshop.report_title", lang, exercise=ex.title.get(lang)),
        subtitle=t("workshop.report_subtitle", lang, code=session.code, teams=session.teams,
                   released=len(released), rounds=session.rounds),
        facts=facts, summary=summary, sections=sections,
        appendix=common.appendix(lang, scenarios, seed=ex.seed, replications=replications),
        file_stem=f"esg_workshop_{session.code}")
