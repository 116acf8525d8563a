"""The workshop session's report (``ui.report.workshop``) on hand-made results: the summary in
plain words names the teams tied within noise as tied, counts the teams that met the goal and
compares the predictions with the results; the leaderboard table holds the page's cells with
the facilitator's reference line last; only released rounds are reported; a team's name is
plain text in the HTML. (The page's "Download report" control: tests/app/test_workshop.py.)"""

from __future__ import annotations

from html import escape

import pytest

from simulation.exercises import load_exercise
from ui import workshop
from ui import workshop_store as ws
from ui.report import render
from ui.report.workshop import workshop_report

EXERCISE = "green_packaging_eco"
HOSTILE = "<b>C</b> **x**"
# team: probability, its interval, mean carbon per order, met
TEAMS = {"A": (1.0, 0.6, 1.0, 0.30, True), "B": (0.5, 0.1, 0.9, 0.32, False),
         HOSTILE: (0.0, 0.0, 0.4, 0.40, False)}


@pytest.fixture
def session(tmp_path, monkeypatch):
    monkeypatch.setenv("ESG_SIM_LIBRARY", str(tmp_path))
    ex = load_exercise(EXERCISE)
    store = ws.WorkshopStore()
    code, fac = store.create_session(EXERCISE, 4, 2, "4711", tiebreak=(ex.goals[0].kpi, ex.goals[0].op))
    for name, (p, lo, hi, carbon, met) in TEAMS.items():
        token = store.join(code, name)
        changes = {"packaging.option": "recycled_carton"} if name == "A" else {}
        sub = store.submit(token, 1, changes, {"carbon_kg_per_order": 0.3})
        kpis = [{"carbon_kg_per_order": carbon + r / 100, "cost_per_order_cny": 20.0 + r,
                 "retention_90d": 0.3, "profit_cny": 1e5} for r in range(2)]
        store.record_result(sub.team_id, 1, sub.version, kpis,
                            {"probability": p, "ci_low": lo, "ci_high": hi, "met": met})
    store.record_reference(store.session_of(fac).id,
                           [{"carbon_kg_per_order": 0.29, "cost_per_order_cny": 20.0,
                             "retention_90d": 0.3}] * 2,
                           {"probability": 0.75, "ci_low": 0.2, "ci_high": 0.95, "met": False})
    return store, fac, ex


def _report(store, fac, ex, lang):
    s = store.session_of(fac)
    results = {r: store.results(fac, r) for r in s.released}
    return workshop_report(s, ex, results, store.submissions(fac), lang,
                           reference=store.reference(fac, 1), replications=2)


def test_nothing_is_reported_before_a_release(session):
    store, fac, ex = session
    report = _report(store, fac, ex, "en")
    assert report.summary == ["No round's results have been released yet."]
    assert not report.tables("leaderboard")


def test_the_report_says_what_the_leaderboard_shows(session):
    store, fac, ex = session
    store.release(fac, 1)
    report = _report(store, fac, ex, "en")
    summary = report.summary
    assert summary[0].startswith("Round 1: 1 of 3 teams met the goal")
    assert "A and B share first place within noise: A 100% (60%–100%), B 50% (10%–90%)." in summary[0]
    assert "reference solution: a probability of 75% (95% interval 20%–95%)" in summary[0]
    # predictions 0.300 kg each; results 0.305, 0.325, 0.405 kg: mean 0.345, off by 0.045
    assert ("the 3 predictions averaged 0.300 kg against results averaging 0.345 kg; a "
            "prediction was 0.045 kg off on average") in summary[1]
    (board,) = report.tables("leaderboard")
    s = store.session_of(fac)
    page = workshop.page_board(store.results(fac, 1), s, "en", store.reference(fac, 1))
    assert board.columns == [str(c) for c in page.columns]
    assert board.rows == [[str(v) for v in row] for row in page.itertuples(index=False)]
    assert board.rows[-1][:2] == ["Ref.", "Reference solution (facilitator)"]
    assert [r[0] for r in board.rows[:-1]] == ["=1", "=1", "2"]      # the teams' ranks alone
    (subs,) = report.tables("submissions")
    assert subs.rows[0] == ["A", "1", "Packaging option: Recycled carton"]
    assert any(c.name == "pareto_round_1" for c in report.charts())
    facts = dict(report.facts)
    assert facts["Join code"] == s.code and facts["Rounds"] == "2" and facts["Teams"] == "3"
    assert facts["Replications"] == "2" and facts["Seed"] == str(ex.seed)


def test_the_chinese_html_report_shows_a_team_name_as_text(session):
    store, fac, ex = session
    store.release(fac, 1)
    report = _report(store, fac, ex, "zh")
    assert "A、B 在噪声范围内并列第一" in report.summary[0]
    html = render(report, "html").decode("utf-8")
    assert escape(HOSTILE) in html and HOSTILE not in html
    assert "参考方案（主持人）" in html


def test_a_team_reads_the_reference_only_after_release(session):
    store, fac, ex = session
    s = store.session_of(fac)
    team = store.join(s.code, "Late")
    with pytest.raises(ws.WorkshopError) as err:
        store.reference(team, 1)
    assert err.value.key == "workshop.not_released"
    assert store.reference_missing(fac) is None
    store.release(fac, 1)
    ref = store.reference(team, 1)
    assert ref.evaluation["probability"] == 0.75 and ref.team == "" and len(ref.kpis) == 2
    assert store.pending() == []                   # the reference is not a team's submission


def test_a_database_of_the_first_schema_gains_the_reference_table(tmp_path):
    import sqlite3

    old = ws.WorkshopStore(tmp_path)
    code, fac = old.create_session(EXERCISE, 2, 1, "4711")
    con = sqlite3.connect(old.path)
    con.execute("DROP TABLE workshop_reference")
    con.execute("UPDATE workshop_meta SET value = 1 WHERE key = 'schema'")
    con.commit()
    con.close()
    store = ws.WorkshopStore(tmp_path)
    missing = store.reference_missing(fac)
    assert missing is not None and missing.code == code
    assert store.record_reference(missing.id, [{"carbon_kg_per_order": 0.3}],
                                  {"probability": 1.0, "ci_low": 0.2, "ci_high": 1.0, "met": True})
    assert store.reference_missing(fac) is None
