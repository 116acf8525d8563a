"""The workshop page through AppTest: a facilitator creates a session, two teams join from
their own sessions (one by the link's code) and submit, their results are simulated in the
background and stored, a team sees neither the other's submission nor any result before
release, the facilitator releases and both teams see the same leaderboard; a reload keeps the
role (the token rides in the URL); and the page's tables on hand-made results."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import workshop
from ui import workshop_store as ws

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/7_workshop.py"
EXERCISE = "green_packaging_eco"
TIMEOUT_S = 180


@pytest.fixture
def library(tmp_path, monkeypatch):
    monkeypatch.setenv("ESG_SIM_LIBRARY", str(tmp_path))
    monkeypatch.setattr(workshop, "replications_for", lambda ex: 2)    # a quick test
    return tmp_path


def _app(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    at.query_params["lang"] = "en"
    for k, v in params.items():
        at.query_params[k] = v
    return at.switch_page(PAGE).run()


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.info] + [e.value for e in at.success] + [e.value for e in at.error]
    return "\n".join(str(p) for p in parts)


def _no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _join(code: str, name: str, by_link: bool) -> AppTest:
    at = _app(code=code) if by_link else _app()
    if by_link:
        assert at.text_input(key="ws_join_code").value == code
    else:
        at.text_input(key="ws_join_code").input(code.lower())
    at.text_input(key="ws_join_name").input(name)
    at.button(key="ws_join").click().run()
    _no_errors(at)
    assert at.session_state[workshop.TEAM_KEY].startswith(ws.TEAM_PREFIX)
    assert at.query_params[workshop.TEAM_PARAM] == at.session_state[workshop.TEAM_KEY]
    return at


def test_a_session_from_creation_to_the_leaderboard(library, wait_jobs):
    fac = _app()
    _no_errors(fac)
    fac.selectbox(key="ws_new_exercise").set_value(EXERCISE)
    fac.number_input(key="ws_new_teams").set_value(2)
    fac.number_input(key="ws_new_rounds").set_value(1)
    fac.text_input(key="ws_new_pin").input("4711")
    fac.button(key="ws_create").click().run()
    _no_errors(fac)
    token = fac.session_state[workshop.FACILITATOR_KEY]
    code = ws.WorkshopStore().session_of(token).code
    assert fac.metric[0].value == code
    assert fac.query_params[workshop.FACILITATOR_PARAM] == token
    assert len(fac.get("image")) == 1, "no QR code"

    alpha = _join(code, "Alpha", by_link=True)
    beta = _join(code, "Beta", by_link=False)
    assert "**Teams joined: 2 of 2**" in _texts(fac.run())

    # Alpha submits the starting shop as it is, Beta the exercise's reference solution
    alpha.number_input(key=f"ws_pred:{EXERCISE}:carbon_kg_per_order").set_value(0.25)
    alpha.button(key="ws_submit").click().run()
    _no_errors(alpha)
    solution = workshop.load_exercise(EXERCISE).solution
    beta.selectbox(key=f"_w_cl:{EXERCISE}:packaging.option@en").set_value(
        solution["packaging.option"])
    beta.toggle(key=f"_w_cl:{EXERCISE}:governance.green_label").set_value(True)
    beta.button(key="ws_submit").click().run()
    _no_errors(beta)
    for at in (alpha, beta):
        wait_jobs(at)
    fac = wait_jobs(fac.run())
    _no_errors(fac)

    store = ws.WorkshopStore()
    over = store.overview(token)
    assert over.submitted[1] == ["Alpha", "Beta"] and over.with_result[1] == ["Alpha", "Beta"]
    subs = {s.team: s for s in store.submissions(token)}
    assert subs["Alpha"].changes == {} and subs["Alpha"].predictions == {"carbon_kg_per_order": 0.25}
    assert subs["Beta"].changes == {"packaging.option": solution["packaging.option"],
                                    "governance.green_label": True}

    # before release: each team sees its own submission only, and no results
    for at, other in ((alpha.run(), "recycled"), (beta.run(), None)):
        _no_errors(at)
        assert not at.dataframe, "a result is shown before release"
        assert "Results appear once the facilitator releases them." in _texts(at)
        if other:
            assert other not in _texts(at).lower(), "a team sees another team's submission"
    assert "Not released yet" in _texts(fac)          # the facilitator's own preview
    # the facilitator's reference run (the exercise's solution) is stored; no team sees it yet
    reference = store.reference(token, 1)
    assert reference is not None and len(reference.kpis) == 2
    (fac_board,) = [d.value for d in fac.dataframe]
    assert list(fac_board["Team"])[-1] == "Reference solution (facilitator)"
    assert list(fac_board["Rank"])[-1] == "Ref."
    with pytest.raises(ws.WorkshopError):
        store.reference(alpha.session_state[workshop.TEAM_KEY], 1)
    for at in (alpha, beta):
        assert "Reference solution" not in _texts(at)
    # a reload (a new session with the URL's token) brings the team's submission back
    again = _app(**{workshop.TEAM_PARAM: beta.session_state[workshop.TEAM_KEY]})
    _no_errors(again)
    assert again.selectbox(key=f"_w_cl:{EXERCISE}:packaging.option@en").value == \
        solution["packaging.option"]
    assert again.toggle(key=f"_w_cl:{EXERCISE}:governance.green_label").value is True
    assert again.number_input(key=f"ws_pred:{EXERCISE}:carbon_kg_per_order").value is None
    again = _app(**{workshop.TEAM_PARAM: alpha.session_state[workshop.TEAM_KEY]})
    assert again.number_input(key=f"ws_pred:{EXERCISE}:carbon_kg_per_order").value == 0.25

    fac.button(key="ws_release").click().run()
    _no_errors(fac)
    assert store.session_of(token).released == {1}
    boards = []
    for at in (alpha.run(), beta.run()):
        _no_errors(at)
        assert len(at.dataframe) == 1
        board = at.dataframe[0].value
        assert list(board["Team"])[-1] == "Reference solution (facilitator)"
        assert sorted(board["Team"][:-1]) == ["Alpha", "Beta"]
        assert "The last line is the facilitator's reference" in _texts(at)
        boards.append(board)
    assert boards[0].equals(boards[1])
    session = store.session_of(token)
    expected = workshop.page_board(store.results(token, 1), session, "en", store.reference(token, 1))
    assert boards[0].reset_index(drop=True).equals(expected)
    teams_only = workshop.board_frame(store.leaderboard(token, 1), "en")
    assert boards[0].iloc[:-1].reset_index(drop=True).equals(teams_only)    # not ranked with them
    # the reference is the exercise's solution simulated like Beta's submission of it
    ref_row = boards[0].iloc[-1]
    beta_row = boards[0][boards[0]["Team"] == "Beta"].iloc[0]
    for col in ("Probability goal met", "95% interval", "Met"):
        assert ref_row[col] == beta_row[col]
    assert "Beta" in ref_row["Tied with"].split(", ")

    # the session as a report: the leaderboard's cells are the page's
    fac = fac.run()
    _no_errors(fac)
    html = _make_report(fac, "html")
    rows = _html_rows(html)
    header = [str(c) for c in boards[0].columns]
    cells = [[str(v) for v in row] for row in boards[0].itertuples(index=False)]
    start = rows.index(header)
    assert rows[start + 1:start + 1 + len(cells)] == cells
    text = html.decode("utf-8")
    assert escape(workshop.load_exercise(EXERCISE).debrief.get("en")[:60]) in text
    assert "Round 1: " in text and "teams met the goal" in text
    assert _make_report(fac, "pdf").startswith(b"%PDF")
    assert _make_report(fac, "pptx").startswith(b"PK")

    # a reload (a new session with the URL's token) keeps the role
    again = _app(**{workshop.TEAM_PARAM: alpha.session_state[workshop.TEAM_KEY]})
    _no_errors(again)
    assert "You are team **Alpha**" in _texts(again) and len(again.dataframe) == 1


def _html_rows(data: bytes) -> list[list[str]]:
    """The table rows of an HTML report, each a list of its cells' texts."""
    from html.parser import HTMLParser

    rows: list[list[str]] = []

    class Rows(HTMLParser):
        cell: list[str] | None = None

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                rows.append([])
            elif tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.cell is not None:
                rows[-1].append(" ".join("".join(self.cell).split()))
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)

    Rows().feed(data.decode("utf-8"))
    return rows


def _make_report(at: AppTest, fmt: str) -> bytes:
    at.segmented_control(key=f"{workshop.REPORT_KEY}_report_format").set_value(fmt)
    at.button(key=f"{workshop.REPORT_KEY}_report_make").click().run()
    _no_errors(at)
    kept = at.session_state[f"_report_{workshop.REPORT_KEY}"]
    assert kept["fmt"] == fmt and kept["lang"] == "en"
    return kept["data"]


def test_a_bad_token_in_the_link_is_a_message(library):
    at = _app(**{workshop.TEAM_PARAM: ws.TEAM_PREFIX + "x" * 22})
    assert not at.exception
    assert [e.value for e in at.error] == [ws.WorkshopError("workshop.token_unknown").message("en")]
    at.button(key="ws_start_over").click().run()
    assert not at.error and workshop.TEAM_PARAM not in at.query_params
    assert at.button(key="ws_join") is not None


def test_the_leaderboard_table_marks_ties():
    def result(team, p, lo, hi, profit):
        return ws.Result(0, team, 1, 1, [{"carbon_kg_per_order": profit / 1000,
                                          "cost_per_order_cny": profit / 10,
                                          "retention_90d": 0.3}] * 2,
                         {"probability": p, "ci_low": lo, "ci_high": hi, "met": p >= 0.8})
    results = [result("A", 1.0, 0.6, 1.0, 100), result("B", 0.5, 0.1, 0.9, 200),
               result("C", 0.0, 0.0, 0.4, 300)]
    board = ws.rank(results, "carbon_kg_per_order", higher_is_better=False)
    frame = workshop.board_frame(board, "en")
    assert list(frame["Rank"]) == ["=1", "=1", "2"]
    assert list(frame["Tied with"]) == ["B", "A, C", "B"]
    zh = workshop.board_frame(board, "zh")
    assert list(zh["与之并列"]) == ["B", "A、C", "B"]
    pareto = workshop.pareto_frame(results)
    assert list(pareto["pareto"]) == [True, False, False]      # A: least carbon and cost


def test_no_english_on_the_chinese_page(library):
    from test_chinese_text import visible_texts

    from ui.i18n import english_words

    def english(at: AppTest) -> list:
        assert not at.exception, [e.value for e in at.exception]
        texts = [(w, s) for w, s in visible_texts(at._tree) if not s.lstrip().startswith("<style>")]
        assert len(texts) > 10
        return sorted({(w, s[:80]) for w, s in texts if english_words(s)})

    def zh(**params) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
        at.query_params["lang"] = "zh"
        for k, v in params.items():
            at.query_params[k] = v
        return at.switch_page(PAGE).run()

    assert english(zh()) == []
    store = ws.WorkshopStore()
    ex = workshop.load_exercise(EXERCISE)
    code, fac = store.create_session(EXERCISE, 3, 2, "4711", tiebreak=(ex.goals[0].kpi, ex.goals[0].op))
    teams = {name: store.join(code, name) for name in ("红队", "蓝队")}
    for i, token in enumerate(teams.values()):
        sub = store.submit(token, 1, {}, {"carbon_kg_per_order": 0.3})
        kpis = [{"carbon_kg_per_order": 0.3 + i / 100 + r / 1000, "cost_per_order_cny": 20.0 + r,
                 "retention_90d": 0.3, "profit_cny": 1e5} for r in range(3)]
        store.record_result(sub.team_id, 1, sub.version, kpis,
                            {"probability": 2 / 3, "ci_low": 0.09, "ci_high": 0.99, "met": False})
    store.release(fac, 1)
    store.reveal_debrief(fac)
    for at in (zh(**{workshop.FACILITATOR_PARAM: fac}), zh(**{workshop.TEAM_PARAM: teams["红队"]})):
        assert len(at.dataframe) == 1
        assert english(at) == []


def test_a_submission_without_a_result_is_simulated_when_its_session_is_opened(library, wait_jobs):
    """As after a restart: a stored submission whose result was never stored is simulated
    when a page of its session runs, and the facilitator can end the session."""
    store = ws.WorkshopStore()
    code, fac = store.create_session(EXERCISE, 2, 1, "4711")
    team = store.join(code, "Alpha")
    store.submit(team, 1, {}, {"carbon_kg_per_order": 0.3})
    assert len(store.pending()) == 1
    at = wait_jobs(_app(**{workshop.FACILITATOR_PARAM: fac}))
    _no_errors(at)
    assert store.pending() == []
    (result,) = store.results(fac, 1)
    assert len(result.kpis) == 2 and 0.0 <= result.evaluation["probability"] <= 1.0
    assert len(at.dataframe) == 1                       # the facilitator's preview
    at.button(key="ws_close").click().run()
    _no_errors(at)
    assert store.session_of(fac).closed
    assert "the session has ended" in _texts(at)
    with pytest.raises(ws.WorkshopError):
        store.join(code, "Late")


def test_a_team_name_is_shown_as_text(library):
    from ui.i18n import inert

    store = ws.WorkshopStore()
    code, fac = store.create_session(EXERCISE, 2, 1, "4711")
    name = "**x** <b>y</b> [z](http://e.example) $a$"
    team = store.join(code, name)
    for at in (_app(**{workshop.FACILITATOR_PARAM: fac}), _app(**{workshop.TEAM_PARAM: team})):
        _no_errors(at)
        shown = _texts(at)
        assert inert(name) in shown and name not in shown


def test_the_round_shown_follows_each_new_release(library):
    """After a release the team's and the facilitator's "Round shown" pickers move to the
    newest round, unless the user picked a round since: that pick stays until the next
    release."""
    store = ws.WorkshopStore()
    ex = workshop.load_exercise(EXERCISE)
    code, fac = store.create_session(EXERCISE, 2, 3, "4711", tiebreak=(ex.goals[0].kpi, ex.goals[0].op))
    team = store.join(code, "Alpha")
    kpis = [{"carbon_kg_per_order": 0.3 + r / 1000, "cost_per_order_cny": 20.0 + r,
             "retention_90d": 0.3, "profit_cny": 1e5} for r in range(2)]
    evaluation = {"probability": 0.5, "ci_low": 0.1, "ci_high": 0.9, "met": False}
    store.record_reference(store.session_of(fac).id, kpis, evaluation)   # no reference run to simulate

    def play(rnd: int) -> None:
        """The team submits round ``rnd``, its result is stored, the facilitator releases it."""
        if rnd > 1:
            store.advance(fac)
        sub = store.submit(team, rnd, {}, {"carbon_kg_per_order": 0.3})
        store.record_result(sub.team_id, rnd, sub.version, kpis, evaluation)
        store.release(fac, rnd)

    def shown(at: AppTest, key: str) -> int:
        _no_errors(at)
        return at.selectbox(key=key).value

    play(1)
    alpha, host = _app(**{workshop.TEAM_PARAM: team}), _app(**{workshop.FACILITATOR_PARAM: fac})
    assert shown(alpha, workshop.TEAM_ROUND_KEY) == 1 and shown(host, workshop.FAC_ROUND_KEY) == 1
    store.advance(fac)                                   # the facilitator's page: the new round
    assert shown(host.run(), workshop.FAC_ROUND_KEY) == 2
    assert shown(alpha.run(), workshop.TEAM_ROUND_KEY) == 1
    sub = store.submit(team, 2, {}, {"carbon_kg_per_order": 0.3})
    store.record_result(sub.team_id, 2, sub.version, kpis, evaluation)
    store.release(fac, 2)
    assert shown(alpha.run(), workshop.TEAM_ROUND_KEY) == 2       # the news, not round 1
    assert alpha.selectbox(key=workshop.TEAM_ROUND_KEY).options == ["Round 2", "Round 1"]
    alpha.selectbox(key=workshop.TEAM_ROUND_KEY).set_value(1).run()
    assert shown(alpha.run(), workshop.TEAM_ROUND_KEY) == 1       # the team's own pick stays
    host.selectbox(key=workshop.FAC_ROUND_KEY).set_value(1).run()
    assert shown(host.run(), workshop.FAC_ROUND_KEY) == 1
    play(3)
    assert shown(alpha.run(), workshop.TEAM_ROUND_KEY) == 3       # until the next release
    assert shown(host.run(), workshop.FAC_ROUND_KEY) == 3
