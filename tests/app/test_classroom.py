"""The classroom page in self-study mode: an exercise played end to end through AppTest
(predictions before a run, a failed try and its hint, the reference solution meeting the
goal with its probability, the runs spent and the debrief), locked levers not editable, the
facilitator's guide in both languages, no English on the Chinese page; and the page's
words and tables (``ui/classroom_tables.py``) on a hand-made evaluation."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_chinese_text import visible_texts

from simulation import exercises
from simulation.exercises import evaluate, lever_parameters, list_exercises, load_exercise
from ui import classroom, widgets
from ui import classroom_levers as levers
from ui import classroom_tables as tables
from ui.i18n import TEXT, english_words

PAGE = "pages/6_classroom.py"
TIMEOUT_S = 180

SMALL = """
title: {zh: 小练习, en: A small exercise}
brief: {zh: 降低单均碳排放。, en: Cut the carbon per order.}
theme: packaging
start: baseline
levers: [packaging.option]
goals:
  - {kpi: carbon_kg_per_order, op: "<=", relative: 0.8}
  - {kpi: retention_90d, op: ">=", relative: 1.0}
runs: 3
hints:
  - {after_failures: 1, text: {zh: 看看包装。, en: Look at the packaging.}}
debrief: {zh: 包装是关键。, en: Packaging is the key.}
solution: {packaging.option: recycled_carton}
"""


def small() -> exercises.Exercise:
    return exercises.parse_exercise(SMALL, "small")


def kpis(team_carbon: list[float], base_carbon: float = 1.0) -> pd.DataFrame:
    """Replication KPIs: the baseline's carbon per order ``base_carbon``, retention 0.3 in
    both; the team's carbon as given."""
    n = len(team_carbon)
    base = pd.DataFrame({"scenario": "baseline", "replication": range(n),
                         "carbon_kg_per_order": base_carbon, "retention_90d": 0.3})
    team = pd.DataFrame({"scenario": "team", "replication": range(n),
                         "carbon_kg_per_order": team_carbon, "retention_90d": 0.3})
    return pd.concat([base, team], ignore_index=True)


# --- words and tables --------------------------------------------------------------------

def test_goal_sentences_in_both_languages():
    ex = small()
    assert tables.goal_sentence(ex.goals[0], "en") == \
        "Carbon per order at most 80% of the starting shop's"
    assert tables.goal_sentence(ex.goals[1], "en") == \
        "90-day retention no lower than the starting shop's"
    with_base = tables.goal_sentence(ex.goals[0], "en", baseline=0.5)
    assert "0.500 kg" in with_base and "0.400 kg" in with_base
    zh = tables.goal_sentence(ex.goals[0], "zh", baseline=0.5)
    assert zh.startswith("单均碳排放不高于起始店铺的 80%") and not english_words(zh)


def test_outcome_names_successes_probability_and_interval():
    ex = small()
    ev = evaluate(ex, kpis([0.7] * 7 + [0.9]))         # 7 of 8 replications meet it
    assert (ev.successes, ev.replications, ev.met) == (7, 8, True)
    text = tables.outcome(ev, "en")
    assert text.startswith("Goal met in 7 of 8 replications: 88% (47%–100%")
    failed = evaluate(ex, kpis([0.7] * 6 + [0.9] * 2))  # 75% < 80%: not met
    assert not failed.met
    assert tables.outcome(failed, "en").startswith("Goal not met: met in 6 of 8 replications: 75%")
    assert "80%" in tables.outcome(failed, "en")


def test_predictions_against_the_result():
    ex = small()
    rng = np.random.default_rng(3)
    team = list(0.7 + 0.02 * rng.standard_normal(8))
    ev = evaluate(ex, kpis(team))
    mean = float(np.mean(team))
    error, inside = tables.prediction_check(ev, "carbon_kg_per_order", mean + 0.001)
    assert error == pytest.approx(0.001) and inside
    error, inside = tables.prediction_check(ev, "carbon_kg_per_order", 0.5)
    assert error == pytest.approx(0.5 - mean) and not inside
    # a rate is typed in percent and compared as a fraction; its error is in points
    assert tables.from_display("retention_90d", 30.0) == pytest.approx(0.3)
    table = tables.prediction_table(ev, {"retention_90d": 0.25}, "en")
    row = table.iloc[0]
    assert row["Your prediction"] == "25.0%" and row["Result (mean)"] == "30.0%"
    assert row["Error (prediction − result)"] == "-5.0 pp"
    assert row["Inside the 95% interval"] == "no"


def test_history_download_is_rounded_with_units_in_headers():
    ex = small()
    ev = evaluate(ex, kpis([0.7123456] * 8))
    tries = [tables.Try(number=1, changes={"packaging.option": "recycled_carton"},
                        predictions={"carbon_kg_per_order": 0.75, "retention_90d": 0.31},
                        evaluation=ev)]
    for lang in ("en", "zh"):
        df = pd.read_csv(io.BytesIO(tables.history_csv(tries, ex, widgets.rows(), lang)))
        assert len(df) == 1
        headers = " | ".join(df.columns)
        assert "kg CO₂e" in headers and "%" in headers, headers
    df = pd.read_csv(io.BytesIO(tables.history_csv(tries, ex, widgets.rows(), "en")))
    assert df.loc[0, "Carbon per order, result (kg CO₂e)"] == pytest.approx(0.712)
    assert df.loc[0, "90-day retention, predicted (%)"] == pytest.approx(31.0)
    assert df.loc[0, "Probability met (%)"] == pytest.approx(100.0)
    assert "Recycled" in df.loc[0, "Changes"]


# --- the page ----------------------------------------------------------------------------

def new_app(repo_root, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
    at.query_params["lang"] = lang
    return at.switch_page(PAGE)


@pytest.fixture
def lib_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ESG_SIM_LIBRARY", str(tmp_path / "library"))
    return tmp_path / "library"


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def chosen_exercise() -> exercises.Exercise:
    """The shipped exercise the end-to-end test plays (the cheapest one to run)."""
    ids = list_exercises()
    assert len(ids) >= 6, ids
    loaded = [load_exercise(i) for i in ids]
    return min(loaded, key=lambda ex: exercises.baseline_scenario(ex).expected_orders()
               * ex.replications)


def choose(at: AppTest, ex: exercises.Exercise, lang: str = "en") -> AppTest:
    at.selectbox(key=f"_w_{classroom.CHOSEN}@{lang}").set_value(ex.id)
    return ok(at.run())


def predict(at: AppTest, ex: exercises.Exercise, base_means: dict[str, float] | None = None):
    """Type a prediction for every goal KPI (the starting shop's value when known)."""
    for kpi in tables.goal_kpis(ex):
        value = tables.to_display(kpi, (base_means or {}).get(kpi, 1.0))
        at.number_input(key=classroom.prediction_keys(ex.id, kpi)[1]).set_value(round(value, 3))
    return ok(at.run())


def set_solution(at: AppTest, ex: exercises.Exercise, lang: str = "en") -> AppTest:
    """Move the exercise's levers to its reference solution through their widgets (the
    channel split, six sliders that rebalance each other, through their session values)."""
    for path, value in ex.solution.items():
        if isinstance(value, dict):
            for channel, share in value.items():
                at.session_state[levers.state_key(ex.id, f"{path}.{channel}")] = share * 100
            continue
        key = levers.widget_key(ex.id, path, lang)
        if path in widgets.choices():
            at.selectbox(key=key).set_value(value)
        elif isinstance(value, bool):
            at.toggle(key=key).set_value(value)
        elif widgets.rows()[path]["unit"] == "fraction":
            at.slider(key=key).set_value(widgets.to_widget(path, value))
        else:
            at.number_input(key=key).set_value(value)
    return ok(at.run())


def run_try(at: AppTest, ex: exercises.Exercise, wait_jobs) -> AppTest:
    run = at.button(key="cl_run")
    assert not run.disabled
    run.click()
    ok(at.run())
    return ok(wait_jobs(at))


def base_means(at: AppTest, ex: exercises.Exercise) -> dict[str, float]:
    done = at.session_state[classroom.TRIES][ex.id]
    return {r.kpi: r.baseline_mean for r in done[-1].evaluation.goals}


def test_self_study_end_to_end(repo_root, lib_dir, wait_jobs):
    ex = chosen_exercise()
    at = ok(new_app(repo_root).run())
    at = choose(at, ex)
    assert any(ex.title.en in s for s in texts(at.subheader))
    assert any(f"Runs left: {ex.runs} of {ex.runs}" in s for s in texts(at.markdown))
    # no run before every goal KPI has a prediction, and the page says why
    assert at.button(key="cl_run").disabled
    assert any(s.startswith("Enter a prediction for every goal KPI") for s in texts(at.caption))

    # a failed try: the starting shop as it is; the first hint follows
    at = predict(at, ex)
    at = run_try(at, ex, wait_jobs)
    done = at.session_state[classroom.TRIES][ex.id]
    assert len(done) == 1 and not done[0].evaluation.met
    assert any(s.startswith("Goal not met") for s in texts(at.warning)), texts(at.warning)
    first_hint = exercises.hint_for(ex, 1)
    assert first_hint is not None
    assert any(s.startswith(first_hint.text.en[:30].rstrip()) or
               first_hint.text.en[:20] in s.replace("\\", "") for s in texts(at.info))
    assert any(f"Runs left: {ex.runs - 1} of {ex.runs}" in s for s in texts(at.markdown))
    assert at.button(key="cl_run").disabled           # predictions are asked for again

    # the reference solution meets the goal, with its probability and interval
    means = base_means(at, ex)
    at = set_solution(at, ex)
    at = predict(at, ex, means)
    at = run_try(at, ex, wait_jobs)
    done = at.session_state[classroom.TRIES][ex.id]
    assert len(done) == 2 and done[1].evaluation.met, done[1].evaluation
    met = [s for s in texts(at.success) if s.startswith("Goal met in ")]
    assert met and "%" in met[0] and "95% interval" in met[0], texts(at.success)
    assert done[1].predictions and set(done[1].predictions) == set(tables.goal_kpis(ex))
    assert "You met the goal. Here is the debrief of this exercise." in texts(at.caption)
    assert any(ex.debrief.en[:20] in s.replace("\\", "") for s in texts(at.info))
    assert len(at.dataframe[-1].value) == 2                         # the history: two tries
    assert at.get("download_button")[0].proto.label == TEXT["classroom.download"]["en"]

    # start again and spend the whole budget on failed tries: the debrief follows
    at.button(key="cl_restart").click()
    ok(at.run())
    assert not at.session_state[classroom.TRIES][ex.id]
    assert any(f"Runs left: {ex.runs} of {ex.runs}" in s for s in texts(at.markdown))
    start = levers.base_values(exercises.baseline_scenario(ex))
    for path in levers.paths(ex):                  # the levers back at the starting shop's
        at.session_state[levers.state_key(ex.id, path)] = widgets.to_widget(path, start[path])
    for _ in range(ex.runs):
        at = predict(at, ex)
        at = run_try(at, ex, wait_jobs)
    assert len(at.session_state[classroom.TRIES][ex.id]) == ex.runs
    assert at.button(key="cl_run").disabled
    assert TEXT["classroom.budget_spent"]["en"] in texts(at.caption)
    assert "Your runs are spent. Here is the debrief of this exercise." in texts(at.caption)


def test_locked_levers_are_not_editable(repo_root, lib_dir):
    ex = chosen_exercise()
    at = choose(ok(new_app(repo_root).run()), ex)
    allowed = set(lever_parameters(ex))
    prefix = f"_w_cl:{ex.id}:"
    lever_widgets = [w.key.removeprefix(prefix).split("@")[0]
                     for kind in ("selectbox", "slider", "toggle", "number_input", "text_input")
                     for w in getattr(at, kind) if (w.key or "").startswith(prefix)]
    assert lever_widgets and set(lever_widgets) == allowed, (lever_widgets, allowed)
    # the builder's widgets (the working scenario) are not on this page
    assert not [w.key for w in at.selectbox if (w.key or "").startswith("p:")]
    locked = at.dataframe[0].value
    base = exercises.baseline_scenario(ex)
    assert len(locked) == len(levers.base_values(base)) - len(allowed)
    labels = set(locked["Parameter"])
    assert widgets.label("run.horizon_days", "en") in labels
    assert not labels & {widgets.label(p, "en") for p in allowed if p in widgets.rows()}
    # a change to a locked parameter is refused by the exercise, whatever the page sends
    with pytest.raises(exercises.ExerciseError):
        exercises.scenario_for(ex, {"run.horizon_days": 30})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_guide_in_each_language(repo_root, lib_dir, lang):
    at = ok(new_app(repo_root, lang).run())
    expander = [e for e in at.expander if e.label == TEXT["classroom.guide_head"][lang]]
    assert expander, [e.label for e in at.expander]
    body = " ".join(m.value for m in expander[0].markdown)
    guide = classroom.guide_text(lang)
    assert guide and guide.strip()[:40] in body
    assert ("45" in body and "90" in body)
    for ex_id in list_exercises():          # the table of exercises names every one
        assert load_exercise(ex_id).title.get(lang) in guide, ex_id
    if lang == "zh":
        assert "主持人" in body and not english_words(body), english_words(body)[:10]
    else:
        assert "facilitator" in body.lower()


def test_no_english_on_the_chinese_page(repo_root, lib_dir, wait_jobs):
    """The page in Chinese after a failed try: feedback tables, hint, history included."""
    ex = chosen_exercise()
    at = choose(ok(new_app(repo_root, "zh").run()), ex, "zh")
    at = run_try(predict(at, ex), ex, wait_jobs)
    assert at.session_state[classroom.TRIES][ex.id]
    assert any(s.startswith("目标未达成") for s in texts(at.warning)), texts(at.warning)
    found = [(w, s[:80]) for w, s in visible_texts(at._tree)
             if not s.lstrip().startswith("<style>") and english_words(s)]
    assert not found, found[:10]


def test_presentation_view_shows_the_exercise_without_controls(repo_root, lib_dir):
    ex = chosen_exercise()
    at = choose(ok(new_app(repo_root).run()), ex)
    at.session_state["presentation"] = True
    ok(at.run())
    assert any(ex.title.en in s for s in texts(at.subheader))
    assert not [w for w in at.button if w.key == "cl_run"]
    assert not [w for w in at.selectbox if (w.key or "").startswith("_w_cl:")]
