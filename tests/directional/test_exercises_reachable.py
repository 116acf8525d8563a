"""Every exercise's goal is reachable within its levers and not met by doing nothing: its
``solution`` (a setting of some of its levers) meets the goal with probability at least
PASS_PROBABILITY over the exercise's own replications and seed, and the baseline does not.

One batch per exercise, as a student's run (baseline and solution on common random
numbers). Replication i of a scenario draws the i-th child of the seed whatever else runs,
so exercises with the same baseline (preset, overrides, replications and seed) share its
replications instead of simulating them again."""

from __future__ import annotations

import pandas as pd
import pytest

from simulation import run_experiment
from simulation.exercises import (PASS_PROBABILITY, baseline_scenario, evaluate, list_exercises,
                                  load_exercise, scenario_for)

pytestmark = pytest.mark.slow

_BASELINES: dict[tuple[str, int, int], pd.DataFrame] = {}


def _run(ex) -> pd.DataFrame:
    base = baseline_scenario(ex)
    key = (base.fingerprint(), ex.replications, ex.seed)
    scenarios = {"team": scenario_for(ex, ex.solution)}
    if key not in _BASELINES:
        scenarios = {"baseline": base, **scenarios}
    df = run_experiment(scenarios, replications=ex.replications, seed=ex.seed)
    if key not in _BASELINES:
        _BASELINES[key] = df[df["scenario"] == "baseline"]
    return pd.concat([_BASELINES[key], df[df["scenario"] == "team"]], ignore_index=True)


@pytest.mark.parametrize("name", list_exercises())
def test_the_solution_meets_the_goal_and_the_baseline_does_not(name):
    ex = load_exercise(name)
    df = _run(ex)
    solved = evaluate(ex, df)
    shares = {g.kpi: g.share for g in solved.goals}
    assert solved.replications == ex.replications
    assert solved.met and solved.probability >= PASS_PROBABILITY, (name, shares)
    # the baseline against itself (its own replications as the "team")
    base = df[df["scenario"] == "baseline"]
    idle = evaluate(ex, pd.concat([base, base.assign(scenario="team")]))
    assert not idle.met and idle.probability < PASS_PROBABILITY, (name, idle.probability)
