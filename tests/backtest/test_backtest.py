"""One stored result of the baseline catches unintended changes to the model.

If a change to the model is intended, regenerate the file with
``.venv/bin/python tests/backtest/regenerate.py`` and say why in the README's changelog.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from simulation import MODEL_VERSION, load_scenario, simulate

STORED = json.loads((Path(__file__).parent / "baseline_seed1.json").read_text())


@pytest.fixture(scope="module")
def result():
    return simulate(load_scenario("baseline"), seed=STORED["seed"])


def test_model_version_matches_stored(result):
    assert STORED["model_version"] == MODEL_VERSION, (
        "model version changed: regenerate tests/backtest/baseline_seed1.json deliberately")


def test_baseline_kpis_unchanged(result):
    changed = []
    for k, v in STORED["kpis"].items():
        now = result.kpis.get(k)
        if v is None:
            if not (now is None or math.isnan(now)):
                changed.append(f"{k}: stored nan, now {now}")
        elif now is None or not math.isclose(now, v, rel_tol=1e-9, abs_tol=1e-9):
            changed.append(f"{k}: stored {v}, now {now}")
    assert not changed, "baseline changed:\n" + "\n".join(changed)
    missing = set(STORED["kpis"]) - set(result.kpis)
    assert not missing, f"KPIs disappeared: {sorted(missing)}"
