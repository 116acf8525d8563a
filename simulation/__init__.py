"""中小电商 ESG 策略模拟器 — the shop model.

Public API (a contract; see docs/DESIGN.md and README, "The Python API")::

    from simulation import load_scenario, simulate, run_experiment
"""

from .engine import simulate
from .experiment import abatement_cost, compare_to, run_experiment, summarise
from .loader import ScenarioError, load_scenario, list_presets, load_preset
from .metrics import KPI_LABELS, KPI_NAMES, SimulationResult
from .scenario import MODEL_VERSION, SCHEMA_VERSION, Scenario

__all__ = [
    "load_scenario", "simulate", "run_experiment", "summarise", "compare_to", "abatement_cost",
    "ScenarioError",
    "list_presets", "load_preset", "KPI_LABELS", "KPI_NAMES", "SimulationResult",
    "MODEL_VERSION", "SCHEMA_VERSION", "Scenario",
]
