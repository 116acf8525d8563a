"""Verification: the model checked against theory and against its own raw records.

``run_all(quick=False)`` runs every registered check and returns a list of :class:`Check`;
``python -m simulation verify [--quick] [--json]`` prints them. Each check module registers
its functions with ``@register(category)`` when imported, so every one is imported here.
No Streamlit: this runs from the command line and in the tests.
"""

from __future__ import annotations

from .checks import (REGISTRY, Z, Check, band, exact, judge, mean_se, register, registered,
                     run_all, statistical)

# every check module, in report order: importing one registers its checks
from . import queueing  # noqa: E402,F401
from . import accounting  # noqa: E402,F401
from . import customers  # noqa: F401
from . import calibration  # noqa: F401
from . import repeat_buying  # noqa: F401

__all__ = ["Check", "REGISTRY", "Z", "band", "exact", "judge", "mean_se", "register",
           "registered", "run_all", "statistical"]
