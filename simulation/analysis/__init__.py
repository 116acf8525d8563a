"""Experiments on the model: sensitivity, lever attribution, a budget optimiser and fan
charts. Pure functions of scenarios; no UI here (the app and the command line call these).

Every function takes ``seed``, ``progress(done, total)``, ``workers`` and ``runner``: the
default runner simulates; the app passes one backed by its replication store, so an
analysis reuses (and leaves behind) cached replications. Replication ``i`` uses the same
random streams in every variant (common random numbers), so differences are paired.
"""

from ._common import GROUP_LABELS, Runner
from .attribution import Attribution, attribute
from .fan import FAN_METRICS, fan_quantiles
from .optimise import (
    MAX_DESIGN_POINTS,
    PARETO_KPIS,
    BudgetRecommendation,
    Constraint,
    min_design_points,
    optimise_budget,
    parse_constraint,
)
from .sensitivity import (
    DEFAULT_SENSITIVITY_PARAMETERS,
    GlobalSensitivity,
    Sensitivity,
    global_sensitivity,
    sensitivity,
    sensitivity_parameters,
    sensitivity_range,
)

__all__ = [
    "DEFAULT_SENSITIVITY_PARAMETERS",
    "FAN_METRICS",
    "GROUP_LABELS",
    "MAX_DESIGN_POINTS",
    "PARETO_KPIS",
    "Attribution",
    "BudgetRecommendation",
    "Constraint",
    "GlobalSensitivity",
    "Runner",
    "Sensitivity",
    "attribute",
    "fan_quantiles",
    "global_sensitivity",
    "min_design_points",
    "optimise_budget",
    "parse_constraint",
    "sensitivity",
    "sensitivity_parameters",
    "sensitivity_range",
]
