"""Exercises as data (simulation/exercises.py): every shipped exercise loads; the loader is
strict (every problem names the file and the dotted path) and refuses hostile YAML through
the scenario loader's limits; only the exercise's levers may change; the evaluation's
probability, Clopper–Pearson interval and per-goal shares are those computed by hand."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

from simulation import KPI_NAMES, Scenario
from simulation import exercises as exm
from simulation.exercises import (PASS_PROBABILITY, THEMES, ExerciseError, baseline_scenario,
                                  evaluate, hint_for, lever_parameters, list_exercises,
                                  load_exercise, scenario_for)
from simulation.loader import MAX_FILE_BYTES
from simulation.scenario import iter_parameters

GOOD = {
    "title": {"zh": "练习", "en": "Exercise"},
    "brief": {"zh": "简介", "en": "Brief"},
    "theme": "packaging",
    "start": "baseline",
    "set": {"run.horizon_days": 120},
    "levers": ["packaging.option", "governance.green_label", "marketing.shares"],
    "goals": [{"kpi": "carbon_kg_per_order", "op": "<=", "relative": 0.9},
              {"kpi": "profit_cny", "op": ">=", "relative": 1.0}],
    "runs": 5,
    "replications": 6,
    "seed": 3,
    "hints": [{"after_failures": 1, "text": {"zh": "一", "en": "one"}},
              {"after_failures": 2, "text": {"zh": "二", "en": "two"}},
              {"after_failures": 4, "text": {"zh": "四", "en": "four"}}],
    "debrief": {"zh": "总结", "en": "Debrief"},
    "solution": {"packaging.option": "recycled_carton"},
}


def _write(tmp_path, doc, name="trial.yaml"):
    p = tmp_path / name
    p.write_text(doc if isinstance(doc, str) else yaml.safe_dump(doc, allow_unicode=True),
                 encoding="utf-8")
    return p


def _problems(tmp_path, doc, name="trial.yaml") -> list[str]:
    with pytest.raises(ExerciseError) as err:
        load_exercise(_write(tmp_path, doc, name))
    assert isinstance(err.value, ValueError)
    assert all(p.startswith(f"{name}: ") for p in err.value.problems), err.value.problems
    return err.value.problems


def _changed(**kw):
    doc = copy.deepcopy(GOOD)
    doc.update(kw)
    return doc


# -- the shipped exercises ------------------------------------------------------------------

def test_every_shipped_exercise_loads_and_the_themes_are_covered():
    names = list_exercises()
    assert len(names) >= 6
    themes = set()
    leaves = {p for p, _, _ in iter_parameters()}
    for name in names:
        ex = load_exercise(name)
        assert ex.id == name
        themes.add(ex.theme)
        for text in (ex.title, ex.brief, ex.debrief, *(h.text for h in ex.hints)):
            assert text.zh.strip() and text.en.strip()
        assert 2 <= len(ex.levers) <= 5 and 2 <= len(ex.hints) <= 3 and ex.runs >= 1
        assert 6 <= ex.replications <= 8
        assert all(g.kpi in KPI_NAMES for g in ex.goals)
        assert set(lever_parameters(ex)) <= leaves
        base = baseline_scenario(ex)
        assert 120 <= base.run.horizon_days <= 180
        team = scenario_for(ex, ex.solution)
        assert team != base
        assert [h.after_failures for h in ex.hints] == sorted({h.after_failures for h in ex.hints})
    assert themes == set(THEMES)


def test_policy_exercise_uses_policy_levers():
    policy = [load_exercise(n) for n in list_exercises() if load_exercise(n).theme == "policy"]
    assert policy and all(any(lv.startswith("policy.") for lv in ex.levers) for ex in policy)
    assert any(k.startswith("policy.") for ex in policy for k in ex.solution)


def test_a_good_file_loads_with_defaults(tmp_path):
    doc = _changed()
    del doc["replications"], doc["seed"]
    ex = load_exercise(_write(tmp_path, doc))
    assert ex.id == "trial" and ex.replications == 8 and ex.seed == 1
    assert baseline_scenario(ex).run.horizon_days == 120
    assert lever_parameters(ex)[:2] == ["packaging.option", "governance.green_label"]
    assert "marketing.shares.esg_content" in lever_parameters(ex)
    assert ex.goals[0].label("en") == "Carbon per order ≤ Baseline × 90%"
    assert ex.goals[0].label("zh").startswith("单均碳排放 ≤ ")


# -- strictness ------------------------------------------------------------------------------

def test_unknown_top_level_key(tmp_path):
    problems = _problems(tmp_path, _changed(budget=5))
    assert problems == [p for p in problems if "budget: unknown key" in p] and problems


def test_unknown_nested_key_names_the_dotted_path(tmp_path):
    doc = _changed()
    doc["goals"][1]["weight"] = 2
    doc["hints"][0]["text"]["fr"] = "un"
    problems = _problems(tmp_path, doc)
    assert any("goals[1].weight: unknown key" in p for p in problems)
    assert any("hints[0].text.fr: unknown key" in p for p in problems)


def test_a_lever_that_does_not_exist(tmp_path):
    problems = _problems(tmp_path, _changed(levers=["packaging.option", "packaging.colour"]))
    assert any("levers[1]: 'packaging.colour' is not a parameter" in p for p in problems)


def test_an_assumption_or_run_setting_is_not_a_lever(tmp_path):
    problems = _problems(tmp_path, _changed(levers=["packaging.option", "customers.eco_share",
                                                    "run.horizon_days"]))
    assert any(p.startswith("trial.yaml: levers[1]: customers.eco_share is a model") for p in problems)
    assert any("levers[2]: run.horizon_days" in p for p in problems)


def test_a_goal_kpi_that_does_not_exist(tmp_path):
    doc = _changed()
    doc["goals"][0]["kpi"] = "carbon_per_order"
    problems = _problems(tmp_path, doc)
    assert any("goals[0].kpi: 'carbon_per_order' is not a KPI" in p
               and "carbon_kg_per_order" in p for p in problems)


def test_a_goal_needs_exactly_one_threshold(tmp_path):
    doc = _changed()
    doc["goals"][0]["value"] = 0.7
    doc["goals"][1].pop("relative")
    problems = _problems(tmp_path, doc)
    assert sum("exactly one of 'relative'" in p for p in problems) == 2
    assert any(p.startswith("trial.yaml: goals[0]") for p in problems)


def test_a_solution_path_outside_the_schema(tmp_path):
    problems = _problems(tmp_path, _changed(
        levers=["packaging.option", "packaging"],
        solution={"packaging.material": "paper"}))
    assert any(p.startswith("trial.yaml: levers[1]") for p in problems)
    problems = _problems(tmp_path, _changed(solution={"packaging.option": "banana"}))
    assert any(p.startswith("trial.yaml: solution.packaging.option: 'banana' is not one of")
               for p in problems)


def test_a_solution_path_under_a_section_lever_must_exist(tmp_path):
    problems = _problems(tmp_path, _changed(solution={"marketing.shares.tv": 0.1}))
    assert any(p.startswith("trial.yaml: solution.marketing.shares.tv: unknown key")
               for p in problems)


def test_a_set_path_outside_the_schema(tmp_path):
    problems = _problems(tmp_path, _changed(set={"run.horizon": 120}))
    assert any(p.startswith("trial.yaml: set.run.horizon: unknown key") for p in problems)
    problems = _problems(tmp_path, _changed(set={"run.horizon_days": -5}))
    assert any("set.run.horizon_days" in p and "out of range" in p for p in problems)


def test_a_solution_path_not_in_the_levers(tmp_path):
    problems = _problems(tmp_path, _changed(solution={"logistics.electric_share": 1.0}))
    assert problems == ["trial.yaml: solution.logistics.electric_share: is not one of the levers "
                        "(packaging.option, governance.green_label, marketing.shares)"]


def test_a_missing_language(tmp_path):
    problems = _problems(tmp_path, _changed(brief={"zh": "只有中文"}))
    assert problems == ["trial.yaml: brief.en: missing (required)"]
    problems = _problems(tmp_path, _changed(debrief={"zh": "总结", "en": "  "}))
    assert any(p.startswith("trial.yaml: debrief.en: must not be empty") for p in problems)


def test_a_negative_budget_and_bad_numbers(tmp_path):
    problems = _problems(tmp_path, _changed(runs=-1))
    assert any(p.startswith("trial.yaml: runs: -1") for p in problems)
    problems = _problems(tmp_path, _changed(replications=0, seed=-2))
    assert any(p.startswith("trial.yaml: replications") for p in problems)
    assert any(p.startswith("trial.yaml: seed") for p in problems)
    doc = _changed()
    doc["hints"][1]["after_failures"] = 0
    assert any(p.startswith("trial.yaml: hints[1].after_failures")
               for p in _problems(tmp_path, doc))


def test_numbers_are_numbers_and_signed_kpis_are_relative_to_one(tmp_path):
    problems = _problems(tmp_path, _changed(runs=True, replications="6"))
    assert any(p.startswith("trial.yaml: runs: True") for p in problems)
    assert any(p.startswith("trial.yaml: replications: '6'") for p in problems)
    doc = _changed()
    doc["goals"][1]["relative"] = 1.1
    doc["goals"][0]["relative"] = True
    problems = _problems(tmp_path, doc)
    assert any(p.startswith("trial.yaml: goals[1]: relative: profit_cny can be negative")
               for p in problems)
    assert any(p.startswith("trial.yaml: goals[0].relative: True: expected a number")
               for p in problems)


def test_a_loaded_exercise_is_a_copy(tmp_path):
    path = _write(tmp_path, _changed())
    load_exercise(path).solution["governance.green_label"] = True
    assert load_exercise(path).solution == {"packaging.option": "recycled_carton"}


def test_hints_must_be_released_in_order(tmp_path):
    doc = _changed()
    doc["hints"][2]["after_failures"] = 1
    assert any(p.startswith("trial.yaml: hints: after_failures must increase")
               for p in _problems(tmp_path, doc))


def test_start_must_be_a_preset_and_theme_known(tmp_path):
    problems = _problems(tmp_path, _changed(start="../baseline"))
    assert any(p.startswith("trial.yaml: start: no preset") for p in problems)
    problems = _problems(tmp_path, _changed(theme="fashion"))
    assert any(p.startswith("trial.yaml: theme: 'fashion'") for p in problems)


def test_an_id_that_differs_from_the_file_name(tmp_path):
    assert _problems(tmp_path, _changed(id="other")) == [
        "trial.yaml: id: 'other' differs from the file name 'trial'"]


def test_no_such_exercise():
    with pytest.raises(ExerciseError, match="no such exercise"):
        load_exercise("no_such_exercise_here")


# -- hostile YAML: the scenario loader's limits ----------------------------------------------

BOMB = ("a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)))


@pytest.mark.parametrize("text, message", [
    (BOMB, "aliases"),
    ("title: !!python/object/apply:os.system ['echo hi']\n", "malformed YAML"),
    ("title: !!python/name:os.system\n", "malformed YAML"),
    ("a: " + "[" * 60 + "]" * 60 + "\n", "nested too deeply"),
    ("title: {zh: a, zh: b}\n", "duplicate key"),
    ("- just\n- a list\n", "must be a mapping"),
    ("   \n# nothing\n", "empty"),
])
def test_hostile_yaml_is_refused(tmp_path, text, message):
    with pytest.raises(ExerciseError) as err:
        load_exercise(_write(tmp_path, text, "evil.yaml"))
    assert message in str(err.value)
    assert all(p.startswith("evil.yaml: ") for p in err.value.problems)


def test_a_huge_file_is_refused_before_reading(tmp_path, monkeypatch):
    p = tmp_path / "huge.yaml"
    p.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    monkeypatch.setattr(yaml, "safe_load", lambda *_a, **_k: pytest.fail("parsed"))
    with pytest.raises(ExerciseError, match="limit") as err:
        load_exercise(p)
    assert err.value.problems[0].startswith("huge.yaml: ")


def test_a_long_value_is_refused(tmp_path):
    doc = _changed(brief={"zh": "长" * 5000, "en": "b"})
    with pytest.raises(ExerciseError, match="characters long"):
        load_exercise(_write(tmp_path, doc))


# -- levers ----------------------------------------------------------------------------------

def test_scenario_for_refuses_locked_levers(tmp_path):
    ex = load_exercise(_write(tmp_path, _changed()))
    with pytest.raises(ExerciseError) as err:
        scenario_for(ex, {"packaging.option": "recycled_carton", "logistics.electric_share": 1.0,
                          "run.horizon_days": 365})
    assert len(err.value.problems) == 2
    assert err.value.problems[0].startswith("logistics.electric_share: is locked")
    assert err.value.problems[1].startswith("run.horizon_days: is locked")
    with pytest.raises(ExerciseError, match="packaging.option"):
        scenario_for(ex, {"packaging.option": "banana"})   # validated by the schema
    with pytest.raises(ExerciseError, match="sum to 1"):
        scenario_for(ex, {"marketing.shares.esg_content": 0.15})
    sc = scenario_for(ex, {"packaging.option": "reusable_box", "governance.green_label": True})
    assert isinstance(sc, Scenario) and sc.packaging.option == "reusable_box"
    assert sc.run.horizon_days == 120 and sc.governance.green_label
    assert scenario_for(ex, {}) == baseline_scenario(ex)


# -- evaluation -------------------------------------------------------------------------------

def _frame(base: dict[str, list[float]], team: dict[str, list[float]]) -> pd.DataFrame:
    n = len(next(iter(base.values())))
    rows = [{"scenario": "baseline", "replication": i, **{k: v[i] for k, v in base.items()}}
            for i in range(n)]
    rows += [{"scenario": "team", "replication": i, **{k: v[i] for k, v in team.items()}}
             for i in reversed(range(n))]        # order does not matter: pairs by replication
    return pd.DataFrame(rows)


def test_evaluate_by_hand(tmp_path):
    doc = _changed(goals=[{"kpi": "carbon_kg_per_order", "op": "<=", "relative": 0.9},
                          {"kpi": "profit_cny", "op": ">=", "relative": 1.0},
                          {"kpi": "on_time_rate", "op": ">=", "value": 0.8}])
    ex = load_exercise(_write(tmp_path, doc))
    base = {"carbon_kg_per_order": [1.0, 1.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0],
            "profit_cny": [-100.0, 50.0, 10.0, 0.0, 5.0, 5.0, 5.0, 5.0],
            "on_time_rate": [0.5] * 8}
    team = {"carbon_kg_per_order": [0.9, 0.95, 1.7, 0.8, 0.8, 0.8, float("nan"), 0.8],
            "profit_cny": [-90.0, 60.0, 9.0, 0.0, 6.0, 6.0, 6.0, 6.0],
            "on_time_rate": [0.85, 0.85, 0.85, 0.85, 0.85, 0.79, 0.85, 0.85]}
    # per replication: carbon ok (≤ 0.9 × base): T F T T T T F(NaN) T -> 6/8
    #                  profit ok (≥ base):        T T F T T T T T   -> 7/8
    #                  on time ok (≥ 0.8):        T T T T T F T T   -> 7/8
    #                  all:                       T F F T T F F T   -> 4/8
    ev = evaluate(ex, _frame(base, team))
    assert ev.replications == 8 and ev.successes == 4 and ev.probability == 0.5
    ci = stats.binomtest(4, 8).proportion_ci(confidence_level=0.95, method="exact")
    assert (ev.ci_low, ev.ci_high) == (pytest.approx(ci.low), pytest.approx(ci.high))
    assert not ev.met and PASS_PROBABILITY == 0.8
    assert [g.share for g in ev.goals] == [6 / 8, 7 / 8, 7 / 8]
    g0 = ev.goals[0]
    assert g0.kpi == "carbon_kg_per_order" and g0.op == "<="
    assert g0.threshold_mean == pytest.approx(0.9 * np.mean(base["carbon_kg_per_order"]))
    assert g0.baseline_mean == pytest.approx(np.mean(base["carbon_kg_per_order"]))
    finite = [v for v in team["carbon_kg_per_order"] if v == v]
    assert g0.team_mean == pytest.approx(np.mean(finite))
    t = stats.t.interval(0.95, len(finite) - 1, loc=np.mean(finite),
                         scale=np.std(finite, ddof=1) / np.sqrt(len(finite)))
    assert (g0.team_ci_low, g0.team_ci_high) == (pytest.approx(t[0]), pytest.approx(t[1]))
    assert ev.goals[2].threshold_mean == pytest.approx(0.8)
    # every replication meeting every goal
    team["carbon_kg_per_order"] = [0.5] * 8
    team["profit_cny"] = [v + 1 for v in base["profit_cny"]]
    team["on_time_rate"] = [0.9] * 8
    ev = evaluate(ex, _frame(base, team))
    assert ev.probability == 1.0 and ev.met and ev.ci_high == 1.0
    assert ev.ci_low == pytest.approx(0.025 ** (1 / 8))


def test_evaluate_needs_both_scenarios(tmp_path):
    ex = load_exercise(_write(tmp_path, _changed()))
    df = _frame({"carbon_kg_per_order": [1.0], "profit_cny": [1.0]},
                {"carbon_kg_per_order": [1.0], "profit_cny": [1.0]})
    with pytest.raises(ValueError, match="baseline"):
        evaluate(ex, df[df["scenario"] == "team"])


def test_hints_are_released_in_order(tmp_path):
    ex = load_exercise(_write(tmp_path, _changed()))
    assert hint_for(ex, 0) is None
    assert hint_for(ex, 1).text.en == "one"
    assert hint_for(ex, 2).text.en == "two"
    assert hint_for(ex, 3).text.en == "two"
    assert hint_for(ex, 4).text.en == "four"
    assert hint_for(ex, 99).text.zh == "四"


def test_run_pairs_the_baseline_and_the_team(tmp_path):
    ex = load_exercise(_write(tmp_path, _changed(set={"run.horizon_days": 20})))
    df, ev = exm.run(ex, ex.solution, replications=2, workers=1)
    assert sorted(set(df["scenario"])) == ["baseline", "team"] and len(df) == 4
    assert ev.replications == 2
    carbon = df.pivot(index="replication", columns="scenario", values="carbon_kg_per_order")
    assert (carbon["team"] < 0.9 * carbon["baseline"]).all()    # recycled cartons
    assert ev.goals[0].share == 1.0
    assert ev == evaluate(ex, df)
