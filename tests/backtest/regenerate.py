"""Regenerate the stored baseline result. Run deliberately after a model change, and note
the change in the README's model changelog:  .venv/bin/python tests/backtest/regenerate.py"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from simulation import MODEL_VERSION, load_scenario, simulate  # noqa: E402

SEED = 1

if __name__ == "__main__":
    r = simulate(load_scenario("baseline"), seed=SEED)
    out = {"model_version": MODEL_VERSION, "seed": SEED, "scenario": "baseline",
           "kpis": {k: (None if v != v else v) for k, v in r.kpis.items()}}
    (HERE / "baseline_seed1.json").write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print("wrote", HERE / "baseline_seed1.json")
