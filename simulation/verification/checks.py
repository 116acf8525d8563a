"""The verification checks: what a check is, how it is judged, and the registry.

A check compares a figure the model produces (``measured``, with its standard error ``se``)
with what it should be (``expected``): a formula from theory, the same figure rebuilt another
way, or a band from a source. It passes when ``|measured − expected| <= tolerance``. The
tolerance comes from the standard errors (``Z`` = 3.5 combined standard errors: a correct model
fails a check by chance about once in 2,000, and the seeds are fixed, so a report is
reproducible), from floating point (a relative 1e-9 for identities rebuilt from the records),
or, for a band check, is the band's half-width around its centre. ``detail`` says which.

Check modules register a function ``f(quick: bool) -> list[Check]`` with
``@register("category")``; :func:`run_all` runs them all. ``quick=True`` must be fast (the
whole ``verify --quick`` stays under two minutes on two cores).
"""

from __future__ import annotations

import math
import traceback
from dataclasses import asdict, dataclass
from typing import Any, Callable, Iterable

import numpy as np

Z = 3.5                 # standard errors allowed between measured and expected
REL_FP = 1e-9           # relative tolerance of an identity rebuilt from the records


@dataclass
class Check:
    name: str
    category: str
    reference: str          # the formula or source, in words
    expected: float | None  # None: nothing to compare with (the check reports a failure)
    measured: float
    se: float               # standard error of ``measured`` (0 for an exact rebuild)
    tolerance: float        # the allowed |measured − expected|
    passed: bool
    detail: str = ""

    @property
    def error(self) -> float:
        """measured − expected (NaN when there is no expected value)."""
        if self.expected is None:
            return math.nan
        return float(self.measured) - float(self.expected)

    def to_json(self) -> dict[str, Any]:
        """A strict-JSON dict: NaN and infinities become None, numpy values Python ones."""
        return {k: _plain(v) for k, v in asdict(self).items()}


def _plain(x: Any) -> Any:
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        return x if math.isfinite(x) else None
    return x


def judge(measured: float, expected: float | None, tolerance: float) -> bool:
    """|measured − expected| <= tolerance, all finite (a NaN never passes)."""
    if expected is None:
        return False
    values = (float(measured), float(expected), float(tolerance))
    if not all(math.isfinite(v) for v in values):
        return False
    return abs(values[0] - values[1]) <= values[2]


def statistical(name: str, category: str, reference: str, expected: float, measured: float,
                se: float, se_expected: float = 0.0, z: float = Z, detail: str = "") -> Check:
    """A check within ``z`` combined standard errors: tolerance = z·√(se² + se_expected²)."""
    combined = math.hypot(float(se), float(se_expected))
    tol = z * combined
    how = (f"tolerance {z:g}·SE, SE = {combined:.3g} (√(SE_measured² + SE_expected²), "
           f"{float(se):.3g} and {float(se_expected):.3g})" if se_expected
           else f"tolerance {z:g}·SE, SE = {float(se):.3g}")
    return Check(name, category, reference, float(expected), float(measured), float(se), tol,
                 judge(measured, expected, tol), "; ".join(s for s in (how, detail) if s))


def exact(name: str, category: str, reference: str, expected: float, measured: float,
          rel: float = REL_FP, detail: str = "") -> Check:
    """An identity: equal up to floating point, tolerance = rel·max(|expected|, 1) (se = 0)."""
    expected, measured = float(expected), float(measured)
    if math.isnan(expected) and math.isnan(measured):   # both undefined (e.g. no orders)
        return Check(name, category, reference, expected, measured, 0.0, 0.0, True,
                     "; ".join(s for s in ("both undefined (NaN)", detail) if s))
    tol = rel * max(abs(expected), 1.0) if math.isfinite(expected) else math.nan
    how = f"floating point: tolerance {rel:g}·max(|expected|, 1)"
    return Check(name, category, reference, expected, measured, 0.0, tol,
                 judge(measured, expected, tol), "; ".join(s for s in (how, detail) if s))


def band(name: str, category: str, reference: str, low: float, high: float, measured: float,
         se: float = 0.0, detail: str = "") -> Check:
    """Within the band [low, high]: expected is its centre, tolerance its half-width."""
    centre, half = (low + high) / 2.0, (high - low) / 2.0
    how = f"band [{low:.4g}, {high:.4g}]: expected is its centre, tolerance its half-width"
    return Check(name, category, reference, centre, float(measured), float(se), half,
                 judge(measured, centre, half), "; ".join(s for s in (how, detail) if s))


def mean_se(values: Iterable[float]) -> tuple[float, float]:
    """The mean of independent replications and its standard error (n − 1 in the variance)."""
    x = np.asarray(list(values), dtype=float)
    if len(x) < 2:
        return (float(x.mean()) if len(x) else math.nan), math.nan
    return float(x.mean()), float(x.std(ddof=1) / math.sqrt(len(x)))


# -- the registry ------------------------------------------------------------------------------

CheckFunction = Callable[[bool], "list[Check]"]
# (category, function), in registration order; keyed by module and name so that importing a
# module twice (a reload) does not run its checks twice
REGISTRY: dict[tuple[str, str], tuple[str, CheckFunction]] = {}


def register(category: str) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator: ``@register("queueing")`` on ``def f(quick: bool) -> list[Check]``."""
    def deco(func: CheckFunction) -> CheckFunction:
        REGISTRY[(func.__module__, func.__qualname__)] = (category, func)
        return func
    return deco


def registered() -> list[tuple[str, CheckFunction]]:
    return list(REGISTRY.values())


def run_all(quick: bool = False, progress: Callable[[int, int], None] | None = None,
            categories: Iterable[str] | None = None) -> list[Check]:
    """Run every registered check function (or those of ``categories``) in registration
    order. A function that raises gives one failing check naming the error instead of
    stopping the report. ``progress(done, total)`` is called after each function."""
    wanted = set(categories) if categories is not None else None
    todo = [(c, f) for c, f in registered() if wanted is None or c in wanted]
    out: list[Check] = []
    if progress is not None and todo:
        progress(0, len(todo))
    for i, (category, func) in enumerate(todo, start=1):
        try:
            checks = list(func(quick))
        except Exception as e:  # noqa: BLE001 - reported as a failing check
            where = traceback.extract_tb(e.__traceback__)[-1]
            checks = [Check(f"{category}.{func.__name__}", category,
                            f"{func.__module__}.{func.__qualname__}", None, math.nan, math.nan,
                            math.nan, False,
                            f"error: {type(e).__name__}: {e} ({where.filename}:{where.lineno})")]
        for c in checks:
            if not c.category:
                c.category = category
        out += checks
        if progress is not None:
            progress(i, len(todo))
    return out
