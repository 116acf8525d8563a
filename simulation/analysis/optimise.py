"""The budget optimiser: which split of the marketing budget across channels (and, if asked,
which total and which on/off levers) gives the best objective under the user's bounds and KPI
constraints, and how sure are we?

Simulation is the expensive part, so ``optimise_budget`` runs a metamodel-assisted search;
each stage is a function of this module, in the order it runs:

1. **Design** (``_design_initial``): a space-filling (greedy maximin) set of feasible splits,
   chosen from thousands of random points of the bounded simplex, each simulated on a few
   replications with common random numbers (``_simulate_design``).
2. **The current split** (``_run_current_split``) at the full replications; the shift between
   its design-level and full-level means puts the metamodel on the confirmation's level.
3. **Metamodel** (``_fit_metamodels``; see ``metamodel.py``): for the objective, every
   constrained KPI and the Pareto KPIs, a linear trend plus a thin-plate-spline radial-basis
   interpolator with leave-one-out-chosen smoothing.
4. **Local design** (``_design_local``, ``_add_design_points``): a few more simulated points
   around the metamodel's best split and the current one, then a refit.
5. **Candidates** (``_propose_candidates``): tens of thousands of splits screened on the
   metamodel; the best under constraints tightened by the metamodel's error and under the
   constraints as posed, each polished by SLSQP (``_polish``), plus a spread of the
   metamodel's Pareto set (retention × carbon × cost).
6. **Confirmation** (``_confirm``): the candidates and the current split simulated with the
   full number of replications, all on the same random streams. Only confirmed numbers are
   reported: the recommendation (``_recommend``) is the confirmed candidate with the best
   mean objective whose confirmed means meet every constraint.
7. **Report**: the confirmed Pareto set (``_pareto_set``), which constraints bind
   (``_binding_constraints``), each channel's marginal return (``_marginal_returns``), or,
   when nothing confirmed is feasible, which constraints make it so (``_explain_infeasible``).

No candidate is ever outside the bounds: they are all drawn inside them (or projected onto
them) before they are simulated. The feasible region and the search space are in
``design.py``, the metamodel in ``metamodel.py``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .. import marketing as mk
from ..scenario import CHANNELS, Scenario
from ._common import (
    Evaluator,
    Progress,
    Runner,
    better_direction,
    check_kpi,
    check_replications,
    stat,
)
from .design import (  # noqa: F401 (ESG_CHANNEL, SHARE_DECIMALS: importable from here as before)
    ESG_CHANNEL,
    SHARE_DECIMALS,
    _check_budget_range,
    _check_levers,
    _maximin,
    _share_bounds,
    _Space,
    _unmeetable_bounds,
    project,
    round_shares,
    sample_shares,
)
from .metamodel import SMOOTHING_GRID, _Metamodel  # noqa: F401 (SMOOTHING_GRID: as before)

PARETO_KPIS = ("retention_90d", "carbon_kg_total", "cost_total_cny")
PARETO_SENSE = (1.0, -1.0, -1.0)          # more retention, less carbon, less cost
_CONSTRAINT = re.compile(r"^\s*([a-z0-9_]+)\s*(<=|>=)\s*([-+0-9.eE_,]+)\s*$")
MAX_DESIGN_POINTS = 200
POOL = 20_000                  # candidate splits screened on the metamodel
PARETO_POOL = 3_000            # of which this many are searched for the Pareto set
CONFIRM_BEST = 3               # best candidates confirmed by simulation
CONFIRM_PARETO = 6             # Pareto points confirmed by simulation
LOCAL_RADIUS = 0.08            # the local design's reach: 8 points of share around a centre
BOUND_TOL = 5e-4               # a share this close to a bound is at the bound


@dataclass(frozen=True)
class Constraint:
    """A KPI bound: ``kpi <= limit`` or ``kpi >= limit`` (on the confirmed mean)."""

    kpi: str
    op: str
    limit: float

    def __post_init__(self):
        check_kpi(self.kpi)
        if self.op not in ("<=", ">="):
            raise ValueError(f"constraint operator must be <= or >=, got '{self.op}'")
        if not math.isfinite(float(self.limit)):
            raise ValueError(f"constraint limit must be a finite number, got {self.limit}")

    def __str__(self) -> str:
        return f"{self.kpi}{self.op}{self.limit:g}"

    def satisfied(self, value: float) -> bool:
        return bool(value <= self.limit) if self.op == "<=" else bool(value >= self.limit)

    def slack(self, value: float) -> float:
        """Room left before the limit (negative when violated)."""
        return self.limit - value if self.op == "<=" else value - self.limit

    def violation(self, value: float) -> float:
        return max(0.0, -self.slack(value))


def parse_constraint(text) -> Constraint:
    """'carbon_kg_total<=30000' -> Constraint; ValueError naming the problem otherwise."""
    if isinstance(text, Constraint):
        return text
    if isinstance(text, (tuple, list)) and len(text) == 3:
        try:
            return Constraint(str(text[0]), str(text[1]), float(text[2]))
        except (TypeError, ValueError) as err:
            raise ValueError(f"constraint {tuple(text)}: {err}") from None
    m = _CONSTRAINT.match(str(text))
    if not m:
        raise ValueError(f"constraint '{text}': write it as KPI<=VALUE or KPI>=VALUE, e.g. "
                         "carbon_kg_total<=30000")
    kpi, op, raw = m.groups()
    try:
        limit = float(raw.replace(",", "").replace("_", ""))
    except ValueError:
        raise ValueError(f"constraint '{text}': '{raw}' is not a number") from None
    try:
        return Constraint(kpi, op, limit)
    except ValueError as err:
        raise ValueError(f"constraint '{text}': {err}") from None


# --- the result -----------------------------------------------------------------------------

@dataclass
class BudgetRecommendation:
    """The recommended split, confirmed by simulation, beside the current one."""

    objective: str
    maximise: bool
    constraints: list[Constraint]
    replications: int
    seed: int
    feasible: bool
    infeasible: list[dict]
    shares: dict[str, float]
    total_budget: float
    levers: dict[str, bool]
    scenario: Scenario
    changes: dict[str, Any]
    current_shares: dict[str, float]
    current_total_budget: float
    kpis: dict[str, dict[str, float]]
    current_kpis: dict[str, dict[str, float]]
    difference: dict[str, dict[str, float]]
    prob_better: float
    recommended_is_current: bool
    pareto: list[dict]
    binding_constraints: list[dict]
    constraint_status: list[dict]
    marginal: pd.DataFrame
    metamodel: dict[str, Any]
    simulations: int
    stages: dict[str, int]
    bounds: dict[str, dict[str, float]] = field(default_factory=dict)
    current_feasible: bool | None = None      # the current split meets bounds and constraints
    # why the current split is out: each bound or KPI constraint it breaks, with its value
    current_violations: list[dict] = field(default_factory=list)
    # what the headline compares the recommendation with: the current split when it is
    # feasible, else the best other feasible confirmed split ("alternative"; index into
    # ``pareto``, its KPIs, the paired difference and the probability the recommendation is
    # better), or "none" when the recommendation is the only feasible split confirmed
    reference: dict[str, Any] = field(default_factory=dict)
    # whether the marginal returns are what an optimum needs (see ``_marginal_returns``)
    marginal_check: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "objective": self.objective, "maximise": self.maximise,
            "constraints": [str(c) for c in self.constraints],
            "replications": self.replications, "seed": self.seed,
            "feasible": self.feasible, "infeasible": self.infeasible,
            "shares": self.shares, "total_budget": self.total_budget, "levers": self.levers,
            "changes": self.changes, "kpis": self.kpis,
            "current_shares": self.current_shares,
            "current_total_budget": self.current_total_budget,
            "current_kpis": self.current_kpis, "difference": self.difference,
            "prob_better": self.prob_better,
            "recommended_is_current": self.recommended_is_current,
            "pareto": self.pareto, "binding_constraints": self.binding_constraints,
            "constraint_status": self.constraint_status,
            "marginal": [{k: (v.item() if isinstance(v, np.generic) else v)
                          for k, v in r.items()}
                         for r in self.marginal.to_dict(orient="records")],
            "bounds": self.bounds, "current_feasible": self.current_feasible,
            "current_violations": self.current_violations, "reference": self.reference,
            "marginal_check": self.marginal_check,
            "metamodel": self.metamodel,
            "simulations": self.simulations, "stages": self.stages,
        }


# --- the optimiser: the stages in order ----------------------------------------------------

def min_design_points(budget: bool = False, levers: int = 0) -> int:
    """The fewest design points ``optimise_budget`` accepts for this search space."""
    return _Space(Scenario(), np.zeros(len(CHANNELS)), np.ones(len(CHANNELS)),
                  (0.0, 1.0) if budget else None, ["x"] * int(levers)).min_design()


def _default_design(dims: int) -> int:
    """The default initial design: six points per search dimension, plus six."""
    return int(min(MAX_DESIGN_POINTS, 6 * dims + 6))


def optimise_budget(scenario: Scenario, objective: str = "profit_cny", maximise: bool = True,
                    constraints=None, min_share: Mapping[str, float] | None = None,
                    max_share: Mapping[str, float] | None = None,
                    min_esg_share: float | None = None,
                    budget_range: tuple[float, float] | None = None,
                    levers: Sequence[str] | None = None, replications: int = 8,
                    design_points: int | None = None, design_replications: int = 2,
                    seed: int = 1, progress: Progress | None = None,
                    runner: Runner | None = None, workers: int | None = None
                    ) -> BudgetRecommendation:
    """Search channel shares (and optionally the total and on/off levers) for the best
    ``objective`` under bounds and KPI constraints; see the module's docstring for how.

    Runs design_points × design_replications + (up to 10 confirmed splits) × replications
    simulations.
    """
    # the inputs, checked in this order (the first problem is the one reported)
    check_kpi(objective)
    cons = [parse_constraint(c) for c in (constraints or [])]
    lo, hi = _share_bounds(min_share, max_share, min_esg_share)
    lever_paths = _check_levers(scenario, levers)
    budget = _check_budget_range(budget_range)
    reps_n, design_reps = _check_replication_counts(replications, design_replications)
    space = _Space(scenario, lo, hi, budget, lever_paths)
    n_design = _check_design_points(space, design_points)
    more_better = bool(maximise)
    sense = 1.0 if more_better else -1.0
    current_z = space.current()
    common: dict[str, Any] = {
        "objective": objective, "maximise": more_better, "constraints": cons,
        "replications": reps_n, "seed": int(seed),
        "current_shares": {c: float(current_z[i]) for i, c in enumerate(CHANNELS)},
        "current_total_budget": float(scenario.marketing.monthly_budget_cny),
        "bounds": {c: {"min": float(lo[i]), "max": float(hi[i])}
                   for i, c in enumerate(CHANNELS)}}

    # bounds that no split can meet: say which, simulate nothing
    problems = _unmeetable_bounds(lo, hi)
    if problems:
        return _report_unmeetable_bounds(common, problems, space, current_z, scenario)

    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 0x0B7]))
    kpis = list(dict.fromkeys([objective, *(c.kpi for c in cons), *PARETO_KPIS]))
    ev = Evaluator(seed, runner, workers, progress,
                   total=_planned_simulations(space, cons, n_design, design_reps, reps_n))
    sims = _StageCount(ev)

    design = _design_initial(space, n_design, current_z, rng)
    y = _simulate_design(space, ev, design, design_reps, kpis)
    sims.charge("design")
    current = _run_current_split(ev, scenario, reps_n, design_reps, kpis)
    sims.charge("confirm")
    mm = _fit_metamodels(space, design, y, current.offset)
    local = _design_local(space, mm, objective, sense, cons, design, current_z, rng)
    if len(local):
        design, y = _add_design_points(space, ev, design, y, local, design_reps)
        sims.charge("design")
        mm = _fit_metamodels(space, design, y, current.offset)
    proposals = _propose_candidates(space, mm, objective, sense, cons, design, kpis, rng)
    confirmed = _confirm(space, ev, scenario, current_z, current.values, proposals.splits,
                         reps_n, cons)
    sims.charge("confirm")

    conf, means = confirmed.values, confirmed.means
    meta = {"method": _Metamodel.METHOD, "design_points": len(design),
            "design_replications": design_reps,
            "loo_error": {k: v for k, v in mm.loo_error.items()}}
    current_kpis = _kpi_stats(conf, 0, confirmed.kpis)
    common["current_feasible"] = bool(confirmed.feasible[0])
    common["current_violations"] = _current_violations(space, cons, current_z, means)

    if not confirmed.feasible.any():
        infeasible = _explain_infeasible(cons, proposals.pred, means)
        marginal, check = _marginal_returns(space, mm, objective, space.point(current_z),
                                            scenario)
        return BudgetRecommendation(
            **common, feasible=False, infeasible=infeasible, shares=common["current_shares"],
            total_budget=common["current_total_budget"], levers=space.lever_values(current_z),
            scenario=scenario, changes={}, kpis=current_kpis, current_kpis=current_kpis,
            difference={}, prob_better=float("nan"), recommended_is_current=True,
            pareto=_pareto_set(confirmed, None, space, cons, objective, more_better, mm),
            binding_constraints=[], constraint_status=_constraint_status(cons, means, 0),
            marginal=marginal, marginal_check=check,
            metamodel=meta, simulations=ev.simulations, stages=sims.counts)

    best = _recommend(confirmed, objective, sense)
    z = confirmed.z[best]
    rec_sc = confirmed.scenarios[best]
    diff = _differences(conf, best, confirmed.kpis)
    is_current = best == 0
    binding = _binding_constraints(space, mm, objective, sense, cons, z, confirmed, best,
                                   min_share, max_share, min_esg_share)
    changes = {} if is_current else space.changes(z)
    binding_kpi = [c for c, b in zip(cons, binding, strict=False) if b["binding"]]
    marginal, check = _marginal_returns(space, mm, objective, space.point(z), rec_sc,
                                        binding_kpi)
    reference = _reference(confirmed, best, objective, sense)
    return BudgetRecommendation(
        **common, feasible=True, infeasible=[],
        shares={c: round(float(z[i]), 6) for i, c in enumerate(CHANNELS)},
        total_budget=space.total(z) if not is_current else common["current_total_budget"],
        levers=space.lever_values(z), scenario=rec_sc, changes=changes,
        kpis=_kpi_stats(conf, best, confirmed.kpis), current_kpis=current_kpis,
        difference=diff,
        prob_better=float("nan") if is_current else diff[objective]["prob_better"],
        recommended_is_current=is_current,
        pareto=_pareto_set(confirmed, best, space, cons, objective, more_better, mm),
        binding_constraints=[b for b in binding if b["binding"]],
        constraint_status=binding,
        marginal=marginal, marginal_check=check, reference=reference,
        metamodel=meta, simulations=ev.simulations, stages=sims.counts)


# --- 0. inputs and bookkeeping --------------------------------------------------------------

def _check_replication_counts(replications, design_replications) -> tuple[int, int]:
    """(replications, design replications): at least two replications to confirm with, and
    between one and that many for each design point."""
    reps_n, design_reps = check_replications(replications, 2), int(design_replications)
    if not 1 <= design_reps <= reps_n:
        raise ValueError(f"design_replications must be between 1 and replications ({reps_n}), "
                         f"got {design_replications}")
    return reps_n, design_reps


def _check_design_points(space: _Space, design_points: int | None) -> int:
    """The size of the initial design: as asked, or by default six per search dimension; at
    least what the metamodel needs to be fitted and cross-validated."""
    n_design = _default_design(space.dims) if design_points is None else int(design_points)
    least = space.min_design()
    if not least <= n_design <= MAX_DESIGN_POINTS:
        raise ValueError(f"design_points must be between {least} and {MAX_DESIGN_POINTS} "
                         f"for {space.dims} search dimensions (the metamodel fits "
                         f"{least - 3} terms), got {design_points}")
    return n_design


def _planned_simulations(space: _Space, cons: list[Constraint], n_design: int,
                         design_reps: int, reps_n: int) -> int:
    """The most simulations the search can run (the progress bar's first total): the initial
    and local designs at the design replications, every split that may be confirmed at the
    full replications."""
    n_confirm_max = 1 + CONFIRM_BEST + CONFIRM_PARETO + len(cons) + 1
    n_local_max = 2 * space.local_points()
    return (n_design + n_local_max) * design_reps + n_confirm_max * reps_n


class _StageCount:
    """Simulations run per reported stage (``design``: the initial and local designs;
    ``confirm``: the current split and the confirmation), from the evaluator's count."""

    def __init__(self, ev: Evaluator):
        self.ev = ev
        self.counts = {"design": 0, "confirm": 0}
        self._seen = ev.simulations

    def charge(self, stage: str) -> None:
        """Book the simulations run since the last charge to ``stage``."""
        self.counts[stage] += self.ev.simulations - self._seen
        self._seen = self.ev.simulations


def _report_unmeetable_bounds(common: dict[str, Any], problems: list[dict], space: _Space,
                              current_z: np.ndarray, scenario: Scenario
                              ) -> BudgetRecommendation:
    """The result when the share bounds cannot sum to one: the problems, nothing simulated."""
    return BudgetRecommendation(
        **common, feasible=False, infeasible=problems, shares=common["current_shares"],
        total_budget=common["current_total_budget"], levers=space.lever_values(current_z),
        scenario=scenario, changes={}, kpis={}, current_kpis={}, difference={},
        prob_better=float("nan"), recommended_is_current=True, pareto=[],
        binding_constraints=[], constraint_status=[],
        marginal=pd.DataFrame(columns=MARGINAL_COLUMNS),
        metamodel={}, simulations=0, stages={"design": 0, "confirm": 0})


# --- 1. the initial design ------------------------------------------------------------------

def _design_initial(space: _Space, n_design: int, current_z: np.ndarray,
                    rng: np.random.Generator) -> np.ndarray:
    """``n_design`` feasible splits spread over the whole search space (greedy maximin over
    4,096 random ones), the current split (brought inside the bounds) first, so that the
    metamodel sees every region and the split the user has now."""
    pool = np.vstack([space.point(current_z), space.sample(4096, rng)])
    design_idx = _maximin(pool, space.coords(pool), n_design, first=[0])
    return np.array([space.point(z) for z in pool[design_idx]])


def _simulate_design(space: _Space, ev: Evaluator, design: np.ndarray, design_reps: int,
                     kpis: Sequence[str]) -> dict[str, np.ndarray]:
    """Each design point simulated on replications 0..design_reps−1 (common random numbers):
    KPI -> the mean over replications per point (NaN where the KPI is never measured)."""
    res = ev.run([space.scenario(z) for z in design], list(range(design_reps)))
    return {k: np.array([np.nanmean(row) if np.isfinite(row).any() else np.nan
                         for row in res[k]]) for k in kpis}


# --- 2. the current split -------------------------------------------------------------------

class _CurrentRun(NamedTuple):
    values: dict[str, np.ndarray]      # KPI -> array (1, replications)
    offset: dict[str, float]           # KPI -> full-replication mean − design-level mean


def _run_current_split(ev: Evaluator, scenario: Scenario, reps_n: int, design_reps: int,
                       kpis: Sequence[str]) -> _CurrentRun:
    """The current split (as given, even outside the bounds) at the full replications: the
    baseline of the confirmation, and the metamodel's level shift.

    The design ran replications 0..d−1 and the confirmation runs 0..r−1: under common random
    numbers every split's KPIs shift between the two by nearly the same amount (the random
    world of replications d..r−1), so that shift, measured on the current split, puts the
    metamodel on the confirmation's level (without it a constraint near the current split's
    value is judged against the wrong level)."""
    values = ev.run([scenario], list(range(reps_n)))
    offset = {}
    for k in kpis:
        full, part = values[k][0], values[k][0][:design_reps]
        if np.isfinite(full).any() and np.isfinite(part).any():
            offset[k] = float(np.nanmean(full) - np.nanmean(part))
    return _CurrentRun(values, offset)


# --- 3. the metamodel -----------------------------------------------------------------------

def _fit_metamodels(space: _Space, design: np.ndarray, y: Mapping[str, np.ndarray],
                    offset: Mapping[str, float]) -> _Metamodel:
    """One metamodel per KPI (trend + RBF, smoothing by leave-one-out; see ``metamodel.py``)
    fitted to the simulated design, shifted to the confirmation's level by ``offset``."""
    return _Metamodel(space, design, y, offset)


# --- 4. the local design and the refit ------------------------------------------------------

def _design_local(space: _Space, mm: _Metamodel, objective: str, sense: float,
                  cons: list[Constraint], design: np.ndarray, current: np.ndarray,
                  rng: np.random.Generator) -> np.ndarray:
    """A few design points around the first metamodel's best split (and around the current
    split when that lies inside the bounds): a global design resolves the whole simplex but
    not the last few percent of the objective near the optimum, where it matters."""
    cand = np.vstack([design, space.sample(4096, rng)])
    kpis = list(dict.fromkeys([objective, *(c.kpi for c in cons)]))
    pred = {k: mm.predict(k, cand) for k in kpis}
    score = sense * pred[objective]
    best = (_best_candidates(space, mm, objective, sense, [_tightened(c, mm) for c in cons],
                             cand, pred, score)
            or _best_candidates(space, mm, objective, sense, cons, cand, pred, score))
    centres = [best[0]] if best else []
    k = len(CHANNELS)
    cur = space.point(current)
    inside = bool(np.all(current[:k] >= space.lo - 1e-9) and np.all(current[:k] <= space.hi + 1e-9))
    if inside and all(np.abs(cur - c).max() > 0.02 for c in centres):
        centres.append(cur)
    chosen: list[np.ndarray] = []
    existing = design
    for centre in centres:
        near = np.array([space.point(z) for z in space.sample_near(centre, 256, LOCAL_RADIUS,
                                                                   rng)])
        pool = np.vstack([existing, centre[None, :], near])
        first = list(range(len(existing)))
        if all(np.abs(centre - e).max() > 1e-9 for e in existing):
            first.append(len(existing))            # the centre itself is a design point
        picks = _maximin(pool, space.coords(pool), len(first) + space.local_points(),
                         first=first)
        new = pool[picks[len(existing):]]
        chosen.extend(new)
        existing = np.vstack([existing, new])
    return np.array(chosen) if chosen else np.empty((0, design.shape[1]))


def _add_design_points(space: _Space, ev: Evaluator, design: np.ndarray,
                       y: Mapping[str, np.ndarray], local: np.ndarray, design_reps: int
                       ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The local design simulated like the initial one and appended to it (for the refit)."""
    y_local = _simulate_design(space, ev, local, design_reps, list(y))
    return (np.vstack([design, local]),
            {k: np.concatenate([y[k], y_local[k]]) for k in y})


# --- 5. candidates on the metamodel ---------------------------------------------------------

class _Proposals(NamedTuple):
    splits: list[np.ndarray]           # to confirm: the best first, then the Pareto spread
    pred: dict[str, np.ndarray]        # KPI -> metamodel prediction at every screened split


def _propose_candidates(space: _Space, mm: _Metamodel, objective: str, sense: float,
                        cons: list[Constraint], design: np.ndarray, kpis: Sequence[str],
                        rng: np.random.Generator) -> _Proposals:
    """The splits worth confirming by simulation, from ``POOL`` random splits (and the
    design) screened on the metamodel: the best ones (``_best_splits``) and a spread of the
    metamodel's Pareto set (``_pareto_candidates``); when no split meets the constraints on
    the metamodel, the ones closest to meeting them (``_closest_to_feasible``)."""
    cand = np.vstack([design, space.sample(POOL, rng)])
    pred = {k: mm.predict(k, cand) for k in kpis}
    viol = np.zeros(len(cand))
    for c in cons:
        viol += np.array([c.violation(v) for v in pred[c.kpi]]) / max(abs(c.limit), 1e-9)
    ok = viol <= 0
    score = sense * pred[objective]
    if ok.any():
        best = _best_splits(space, mm, objective, sense, cons, cand, pred, score)
        extra = _pareto_candidates(space, objective, sense > 0, cand, pred, ok, rng)
    else:
        best, extra = [], _closest_to_feasible(space, cons, cand, pred, viol)
    return _Proposals(best + extra, pred)


def _best_splits(space: _Space, mm: _Metamodel, objective: str, sense: float,
                 cons: list[Constraint], cand: np.ndarray, pred: Mapping[str, np.ndarray],
                 score: np.ndarray) -> list[np.ndarray]:
    """Up to ``CONFIRM_BEST`` distinct best splits on the metamodel, polished.

    A candidate polished onto a constraint's limit meets it on confirmation about half the
    time (noise and metamodel error). So most candidates come from the problem with every
    constraint tightened by the metamodel's typical error in that KPI (its leave-one-out RMS
    error), and one from the problem as posed."""
    best_z: list[np.ndarray] = []
    safe = [_tightened(c, mm) for c in cons]
    for problem, n in ((safe, CONFIRM_BEST - 1), (cons, CONFIRM_BEST)):
        for z in _best_candidates(space, mm, objective, sense, problem, cand, pred, score):
            if all(np.abs(z - b).max() > 0.02 for b in best_z) and len(best_z) < n:
                best_z.append(z)
    return best_z


def _pareto_candidates(space: _Space, objective: str, maximise: bool, cand: np.ndarray,
                       pred: Mapping[str, np.ndarray], ok: np.ndarray,
                       rng: np.random.Generator) -> list[np.ndarray]:
    """Up to ``CONFIRM_PARETO`` splits spread over the metamodel's Pareto set (of up to
    ``PARETO_POOL`` splits meeting the constraints there): each frontier KPI's extreme first,
    then greedy maximin in the normalised KPI values."""
    frontier = _frontier(objective, maximise)
    sub = np.flatnonzero(ok)
    if len(sub) > PARETO_POOL:
        sub = rng.choice(sub, PARETO_POOL, replace=False)
    vals = np.column_stack([s * pred[k][sub] for k, s in frontier])
    nd = sub[_nondominated(vals)]
    if not len(nd):
        return []
    pv = np.column_stack([s * pred[k][nd] for k, s in frontier])
    span = pv.max(axis=0) - pv.min(axis=0)
    pv = (pv - pv.min(axis=0)) / np.where(span > 0, span, 1.0)
    extremes = [int(np.argmax(pv[:, j])) for j in range(pv.shape[1])]
    picks = _maximin(cand[nd], pv, CONFIRM_PARETO, first=extremes)
    return [space.point(cand[nd][i]) for i in picks]


def _closest_to_feasible(space: _Space, cons: list[Constraint], cand: np.ndarray,
                         pred: Mapping[str, np.ndarray], viol: np.ndarray
                         ) -> list[np.ndarray]:
    """Nothing meets the constraints on the metamodel: the least-violating split and, for
    each constraint, the split that comes closest to meeting it (simulation may disagree)."""
    out = [space.point(cand[int(np.argmin(viol))])]
    for c in cons:
        i = int(np.argmin([c.violation(v) for v in pred[c.kpi]]))
        out.append(space.point(cand[i]))
    return out


def _tightened(c: Constraint, mm: _Metamodel) -> Constraint:
    """``c`` with its limit moved inwards by the metamodel's typical error in its KPI."""
    err = mm.loo_error.get(c.kpi, 0.0)
    margin = float(err * mm.models[c.kpi][3]) if np.isfinite(err) else 0.0
    return Constraint(c.kpi, c.op, c.limit - margin if c.op == "<=" else c.limit + margin)


def _best_candidates(space, mm, objective, sense, cons, cand, pred, score) -> list[np.ndarray]:
    """The best splits on the metamodel under ``cons``: the five best screened candidates
    and each polished by SLSQP, best first (none when no candidate meets ``cons``)."""
    viol = np.zeros(len(cand))
    for c in cons:
        viol += np.array([c.violation(v) for v in pred[c.kpi]])
    ok = viol <= 0
    if not ok.any():
        return []
    order = np.flatnonzero(ok)[np.argsort(-score[ok])]
    starts = [cand[i] for i in order[:5]]
    polished = [_polish(space, mm, objective, sense, cons, z) for z in starts]
    ranked = sorted(polished + starts, key=lambda z: -_score(space, mm, objective, sense,
                                                             cons, z))
    return [space.point(z) for z in ranked]


def _score(space, mm, objective, sense, cons, z) -> float:
    """Metamodel objective with a steep penalty for violated constraints."""
    x = space.point(z)
    value = sense * float(mm.predict(objective, x)[0])
    pen = sum(c.violation(float(mm.predict(c.kpi, x)[0])) / max(abs(c.limit), 1e-9)
              for c in cons)
    return value - 1e9 * pen


def _polish(space: _Space, mm: _Metamodel, objective: str, sense: float,
            cons: list[Constraint], z0: np.ndarray) -> np.ndarray:
    """SLSQP on the metamodel from ``z0`` over the shares (and the total), the levers held."""
    from scipy.optimize import minimize

    k = len(CHANNELS)
    n_cont = k + (1 if space.budget else 0)
    fixed = z0[n_cont:]
    scale = max(abs(float(mm.models[objective][3])), 1e-9)

    def full(v):
        return np.concatenate([v, fixed])

    def f(v):
        return -sense * float(mm.predict(objective, full(v))[0]) / scale

    cons_sl = [{"type": "eq", "fun": lambda v: float(np.sum(v[:k]) - 1.0)}]
    for c in cons:
        s = max(abs(c.limit), 1e-9)
        cons_sl.append({"type": "ineq", "fun": lambda v, c=c, s=s:
                        c.slack(float(mm.predict(c.kpi, full(v))[0])) / s})
    bnds = [(float(space.lo[i]), float(space.hi[i])) for i in range(k)]
    if space.budget:
        bnds.append((0.0, 1.0))
    try:
        r = minimize(f, z0[:n_cont], method="SLSQP", bounds=bnds, constraints=cons_sl,
                     options={"maxiter": 200, "ftol": 1e-9})
        v = r.x
    except (ValueError, np.linalg.LinAlgError):
        v = z0[:n_cont]
    return full(np.asarray(v, dtype=float))


# --- 6. confirmation by simulation ----------------------------------------------------------

@dataclass
class _Confirmation:
    """The confirmed splits, the current one first."""

    z: list[np.ndarray]                  # the splits (the current one as given)
    scenarios: list[Scenario]
    values: dict[str, np.ndarray]        # KPI -> array (splits, replications)
    means: dict[str, np.ndarray]         # KPI -> confirmed mean per split
    feasible: np.ndarray                 # inside the bounds and meeting every constraint

    @property
    def kpis(self) -> list[str]:
        return list(self.values)


def _confirm(space: _Space, ev: Evaluator, scenario: Scenario, current_z: np.ndarray,
             current_values: Mapping[str, np.ndarray], splits: list[np.ndarray], reps_n: int,
             cons: list[Constraint]) -> _Confirmation:
    """The proposed splits (without repeats) simulated on the current split's replications
    0..r−1, so every comparison with it is paired (common random numbers); which of them,
    and whether the current split itself, meet the bounds and every constraint on their
    confirmed means."""
    confirm_z = [current_z]
    for z in splits:
        if all(np.abs(z - q).max() > 1e-9 for q in confirm_z):
            confirm_z.append(z)
    confirm_sc = [scenario] + [space.scenario(z) for z in confirm_z[1:]]
    if len(confirm_sc) > 1:
        rest = ev.run(confirm_sc[1:], list(range(reps_n)), last=True)
        conf = {k: np.vstack([current_values[k], rest[k]]) for k in current_values}
    else:
        conf = dict(current_values)
    ev.finish()
    means = {k: np.array([stat(row)["mean"] for row in conf[k]]) for k in conf}
    k = len(CHANNELS)
    in_bounds = [True] * len(confirm_z)
    in_bounds[0] = bool(((current_z[:k] >= space.lo - 1e-9)
                         & (current_z[:k] <= space.hi + 1e-9)).all())
    feasible = np.array([in_bounds[i] and all(c.satisfied(means[c.kpi][i]) for c in cons)
                         for i in range(len(confirm_z))])
    return _Confirmation(confirm_z, confirm_sc, conf, means, feasible)


def _recommend(confirmed: _Confirmation, objective: str, sense: float) -> int:
    """The confirmed feasible split with the best mean objective (the current one if best)."""
    obj = sense * confirmed.means[objective]
    feasible = confirmed.feasible
    return int(np.flatnonzero(feasible)[np.argmax(obj[feasible])])


def _reference(confirmed: _Confirmation, best: int, objective: str, sense: float
               ) -> dict[str, Any]:
    """What the recommendation is measured against: the current split when it is feasible;
    else the best other feasible confirmed split; else nothing (the recommendation is the
    only feasible split confirmed)."""
    if confirmed.feasible[0]:
        return {"kind": "current", "index": 0}
    others = [i for i in np.flatnonzero(confirmed.feasible) if i != best]
    if not others:
        return {"kind": "none"}
    obj = sense * confirmed.means[objective]
    alt = int(max(others, key=lambda i: obj[i]))
    diff = _differences(confirmed.values, best, [objective], ref=alt)[objective]
    return {"kind": "alternative", "index": alt,
            "shares": {c: round(float(confirmed.z[alt][j]), 6) for j, c in enumerate(CHANNELS)},
            "kpis": _kpi_stats(confirmed.values, alt, confirmed.kpis),
            "difference": diff, "prob_better": diff["prob_better"]}


def _current_violations(space: _Space, cons: list[Constraint], current_z: np.ndarray,
                        means: Mapping[str, np.ndarray]) -> list[dict]:
    """Each share bound and KPI constraint the current split breaks, with its value."""
    out = []
    for i, ch in enumerate(CHANNELS):
        x = float(current_z[i])
        if x < space.lo[i] - 1e-9:
            out.append({"kind": "min_share", "channel": ch, "limit": float(space.lo[i]),
                        "value": x})
        if x > space.hi[i] + 1e-9:
            out.append({"kind": "max_share", "channel": ch, "limit": float(space.hi[i]),
                        "value": x})
    for c in cons:
        value = float(means[c.kpi][0])
        if not c.satisfied(value):
            out.append({"kind": "kpi", "kpi": c.kpi, "op": c.op, "limit": float(c.limit),
                        "value": value})
    return out


def _differences(values: Mapping[str, np.ndarray], best: int, kpis: Sequence[str],
                 ref: int = 0) -> dict[str, dict[str, float]]:
    """Each KPI's paired difference, recommendation − reference (the current split by
    default): mean, 95% interval and the probability that the recommendation is better (NaN
    for a KPI with no better side)."""
    diff = {}
    for k in kpis:
        d = values[k][best] - values[k][ref]
        m_, lo_, hi_ = stat(d).values()
        direction = better_direction(k)
        diff[k] = {"mean": m_, "ci_low": lo_, "ci_high": hi_,
                   "prob_better": _prob_better(d, direction) if direction is not None
                   else float("nan")}
    return diff


def _prob_better(diff: np.ndarray, more_is_better: bool) -> float:
    """The probability (t distribution of the paired mean) that the difference favours the
    recommendation."""
    from scipy import stats

    d = diff[np.isfinite(diff)]
    if len(d) < 2:
        return float("nan")
    se = d.std(ddof=1) / math.sqrt(len(d))
    m = d.mean()
    p = float(stats.t.cdf(m / se, len(d) - 1)) if se > 0 else (
        1.0 if m > 0 else 0.0 if m < 0 else 0.5)
    return p if more_is_better else 1.0 - p


def _kpi_stats(values: Mapping[str, np.ndarray], i: int, kpis: Sequence[str]) -> dict:
    """Mean and 95% interval of each KPI at confirmed split ``i``."""
    return {k: stat(values[k][i]) for k in kpis}


# --- 7. the report: Pareto set, binding constraints, marginal returns, infeasibility ---------

def _pareto_set(confirmed: _Confirmation, best: int | None, space: _Space,
                cons: list[Constraint], objective: str, maximise: bool,
                mm: _Metamodel) -> list[dict]:
    """Every confirmed split with its confirmed KPIs beside what the metamodel predicted, and
    whether it is recommended, current, feasible and on the confirmed Pareto front
    (``_frontier``): the trade-offs the user can pick from instead of the recommendation."""
    confirm_z, conf, means = confirmed.z, confirmed.values, confirmed.means
    vals = np.column_stack([s * means[k] for k, s in _frontier(objective, maximise)])
    vals = vals[:, np.isfinite(vals).any(axis=0)]      # a KPI the horizon cannot measure
    finite = np.isfinite(vals).all(axis=1)
    nd = np.zeros(len(vals), dtype=bool)
    if finite.any():
        nd[np.flatnonzero(finite)] = _nondominated(vals[finite])
    kpis = list(dict.fromkeys([*PARETO_KPIS, objective, *(c.kpi for c in cons)]))
    out = []
    for i, z in enumerate(confirm_z):
        out.append({
            "shares": {c: round(float(z[j]), 6) for j, c in enumerate(CHANNELS)},
            "total_budget": space.total(z) if i else float(
                space.base.marketing.monthly_budget_cny),
            "levers": space.lever_values(z),
            "kpis": {k: stat(conf[k][i]) for k in kpis},
            # what the metamodel expected here, beside what simulation confirmed
            "predicted": {k: float(mm.predict(k, space.point(z))[0]) for k in kpis
                          if k in mm.models},
            "recommended": best is not None and i == best, "current": i == 0,
            "feasible": bool(confirmed.feasible[i]), "pareto": bool(nd[i]),
        })
    return out


def _frontier(objective: str, maximise: bool) -> list[tuple[str, float]]:
    """(KPI, sign) pairs of the Pareto set: retention (more), carbon and cost (less), and
    the objective when it is none of those. Without the objective the three mostly agree
    (spending less on acquisition lowers carbon and cost and raises the retention rate), so
    the frontier would collapse to "shrink the shop"; with it, it shows what each step
    towards less carbon or cost gives up in the objective."""
    pairs = list(zip(PARETO_KPIS, PARETO_SENSE, strict=True))
    if objective not in PARETO_KPIS:
        pairs.append((objective, 1.0 if maximise else -1.0))
    return pairs


def _nondominated(values: np.ndarray) -> np.ndarray:
    """Mask of rows no other row beats in every column (all columns: larger is better)."""
    n = len(values)
    keep = np.ones(n, dtype=bool)
    for i in range(n):
        if not keep[i]:
            continue
        dom = (values >= values[i]).all(axis=1) & (values > values[i]).any(axis=1)
        if dom.any():
            keep[i] = False
    return keep


def _binding_constraints(space: _Space, mm: _Metamodel, objective: str, sense: float,
                         cons: list[Constraint], z: np.ndarray, confirmed: _Confirmation,
                         best: int, min_share, max_share, min_esg_share) -> list[dict]:
    """Every constraint's value and slack at the recommendation, and whether it binds: a KPI
    constraint binds when the metamodel's best split without it beats its best split with it
    (both polished from the recommendation) by more than the objective's standard error; a
    bound the user set binds when the recommendation sits on it."""
    lo, hi = space.lo, space.hi
    row = confirmed.values[objective][best]
    row = row[np.isfinite(row)]
    se = float(row.std(ddof=1) / math.sqrt(len(row))) if len(row) > 1 else 0.0
    here = _best_under(space, mm, objective, sense, cons, z)
    prices = [_best_under(space, mm, objective, sense, [d for d in cons if d is not c], z)
              - here for c in cons]
    out = _constraint_status(cons, confirmed.means, best, [p > max(se, 1e-9) for p in prices])
    given_min = dict(min_share or {})
    if min_esg_share is not None:
        given_min[ESG_CHANNEL] = max(float(min_esg_share), given_min.get(ESG_CHANNEL, 0.0))
    for i, ch in enumerate(CHANNELS):
        if ch in given_min:
            out.append({"name": f"min_share:{ch}>={lo[i]:g}", "kind": "min_share",
                        "channel": ch, "limit": float(lo[i]), "value": float(z[i]),
                        "slack": float(z[i] - lo[i]),
                        "binding": bool(z[i] <= lo[i] + BOUND_TOL)})
        if ch in (max_share or {}):
            out.append({"name": f"max_share:{ch}<={hi[i]:g}", "kind": "max_share",
                        "channel": ch, "limit": float(hi[i]), "value": float(z[i]),
                        "slack": float(hi[i] - z[i]),
                        "binding": bool(z[i] >= hi[i] - BOUND_TOL)})
    if space.budget:
        b_lo, b_hi = space.budget
        total = space.total(z)
        tol = BOUND_TOL * (b_hi - b_lo)
        out.append({"name": f"budget>={b_lo:g}", "kind": "budget_min", "limit": b_lo,
                    "value": total, "slack": total - b_lo, "binding": bool(total <= b_lo + tol)})
        out.append({"name": f"budget<={b_hi:g}", "kind": "budget_max", "limit": b_hi,
                    "value": total, "slack": b_hi - total, "binding": bool(total >= b_hi - tol)})
    return out


def _best_under(space, mm, objective, sense, cons, z) -> float:
    """The metamodel's best objective under ``cons``, polished from ``z``."""
    return _score(space, mm, objective, sense, cons,
                  _polish(space, mm, objective, sense, cons, z))


def _constraint_status(cons, means, i, binding=None) -> list[dict]:
    """Each KPI constraint's confirmed value and slack at split ``i``."""
    out = []
    for j, c in enumerate(cons):
        value = float(means[c.kpi][i])
        out.append({"name": str(c), "kind": "kpi", "kpi": c.kpi, "limit": c.limit,
                    "value": value, "slack": c.slack(value),
                    "binding": bool(binding[j]) if binding else False})
    return out


MARGINAL_COLUMNS = ["channel", "share", "spend_cny_month", "new_customers_per_1000_cny",
                    "objective_per_1000_cny", "objective_per_1000_se", "constrained_per_1000_cny",
                    "constrained_per_1000_se", "at_bound"]


def _direction_step(x: np.ndarray, d: np.ndarray, eps: float) -> tuple[float, float]:
    """(forward step, backward step) along ``d`` from shares ``x`` that keep every share
    non-negative (the response curves are not defined below zero), at most ``eps``."""
    def reach(sign: float) -> float:
        neg = sign * d < -1e-15
        return float(min(eps, np.min(x[neg] / -(sign * d[neg])))) if neg.any() else eps
    return reach(1.0), reach(-1.0)


def _directional(space: _Space, mm: _Metamodel, kpi: str, z: np.ndarray, d: np.ndarray,
                 eps: float, per: float) -> tuple[float, float]:
    """The metamodel's change in ``kpi`` along share direction ``d`` at ``z``, times ``per``
    (a central difference where both sides stay non-negative, else one-sided), and its
    standard error from the metamodel's noise and its weights."""
    k = len(CHANNELS)
    fwd, bwd = _direction_step(z[:k], d, eps)
    if min(fwd, bwd) >= eps / 4:
        h = min(fwd, bwd)
        hi_, lo_, span = h, -h, 2 * h
    elif fwd >= bwd:
        hi_, lo_, span = fwd, 0.0, fwd
    else:
        hi_, lo_, span = 0.0, -bwd, bwd
    if span <= 1e-12 or kpi not in mm.models:
        return float("nan"), float("nan")
    zs = np.vstack([z, z])
    zs[0, :k] += hi_ * d
    zs[1, :k] += lo_ * d
    fp, fm = mm.predict(kpi, zs)
    value = float((fp - fm) / span * per)
    w = mm.weights(kpi, zs)
    noise = mm.noise(kpi)
    if w is None:                      # nothing fitted: a constant, no change
        return value, 0.0
    se = float(noise * np.linalg.norm((w[0] - w[1]) / span * per)) if np.isfinite(noise) \
        else float("nan")
    return value, se


def _marginal_returns(space: _Space, mm: _Metamodel, objective: str, z: np.ndarray,
                      sc: Scenario, binding: Sequence[Constraint] = ()
                      ) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Each channel's marginal return at ``z``, and whether they are what an optimum needs.

    Per channel: new customers a month per extra ¥1,000 a month (the model's own steady-state
    response curve), and the metamodel's change in the objective when ¥1,000 a month moves
    into the channel, taken evenly from the channels strictly inside their bounds (so only
    differences between channels count, as the total is fixed), with its standard error from
    the metamodel's leave-one-out error. At an optimum (the KKT conditions) the channels
    inside their bounds all show the same value, zero, unless a KPI constraint binds: then
    each shows its objective marginal minus the constraint's multiplier times the
    constraint KPI's marginal (the Lagrangian's), and those are zero. The multipliers of the
    ``binding`` constraints are fitted by weighted least squares over the inside channels.

    Returns the table (``MARGINAL_COLUMNS``) and a summary: the inside channels, the
    multipliers, the chi-square statistic of the inside channels' (constrained) marginals
    against zero, its degrees of freedom and p-value, and ``consistent`` (p ≥ 0.05; None
    when it cannot be judged)."""
    from scipy import stats

    k = len(CHANNELS)
    total = space.total(z)
    x = np.asarray(z[:k], dtype=float)
    at = ["min" if x[i] <= space.lo[i] + BOUND_TOL else (
        "max" if x[i] >= space.hi[i] - BOUND_TOL else "") for i in range(k)]
    inside = [i for i in range(k) if not at[i]]
    funding = inside or list(range(k))
    per = 1000.0 / total if total > 0 else float("nan")
    eps = min(per, 0.01) if total > 0 else 0.01
    kpis = [objective, *(c.kpi for c in binding)]
    marg = {kp: np.full(k, np.nan) for kp in kpis}
    se = {kp: np.full(k, np.nan) for kp in kpis}
    for i in range(k):
        d = np.zeros(k)
        d[i] = 1.0
        d[funding] -= 1.0 / len(funding)
        if np.abs(d).max() < 1e-12:             # the only channel inside: nothing to compare
            for kp in kpis:
                marg[kp][i], se[kp][i] = 0.0, 0.0
            continue
        for kp in kpis:
            marg[kp][i], se[kp][i] = _directional(space, mm, kp, z, d, eps, per)
    obj, obj_se = marg[objective], se[objective]
    mult: dict[str, float] = {}
    con, con_se = obj.copy(), obj_se.copy()
    idx = np.array(inside, dtype=int)
    if binding and len(idx) > len(binding):
        h = np.column_stack([marg[c.kpi][idx] for c in binding])
        wts = 1.0 / np.where(obj_se[idx] > 0, obj_se[idx], np.nan)
        wts = np.where(np.isfinite(wts), wts, 1.0)
        if np.isfinite(h).all() and np.isfinite(obj[idx]).all():
            mu, *_ = np.linalg.lstsq(h * wts[:, None], obj[idx] * wts, rcond=None)
            mult = {str(c): float(m) for c, m in zip(binding, mu, strict=True)}
            con = obj - sum(m * marg[c.kpi] for c, m in zip(binding, mu, strict=True))
            con_se = np.sqrt(obj_se ** 2 + sum((m * se[c.kpi]) ** 2
                                               for c, m in zip(binding, mu, strict=True)))
    dof = len(idx) - 1 - len(mult)
    chi2, p, consistent = float("nan"), float("nan"), None
    vals, errs = con[idx], con_se[idx]
    if dof >= 1 and np.isfinite(vals).all() and np.isfinite(errs).all() and (errs > 0).all():
        chi2 = float(np.sum((vals / errs) ** 2))
        p = float(stats.chi2.sf(chi2, dof))
        consistent = bool(p >= 0.05)
    rows = []
    for i, ch in enumerate(CHANNELS):
        spend = total * x[i]
        if ch in mk.ACQUISITION_CHANNELS:
            hh = 50.0
            up, down = mk.response_curve(sc, ch, np.array([spend + hh, max(spend - hh, 0.0)]))
            new_per_1000 = float((up - down) / (spend + hh - max(spend - hh, 0.0)) * 1000.0)
        else:
            new_per_1000 = float("nan")
        rows.append({"channel": ch, "share": float(x[i]), "spend_cny_month": float(spend),
                     "new_customers_per_1000_cny": new_per_1000,
                     "objective_per_1000_cny": float(obj[i]),
                     "objective_per_1000_se": float(obj_se[i]),
                     "constrained_per_1000_cny": float(con[i]) if mult else float("nan"),
                     "constrained_per_1000_se": float(con_se[i]) if mult else float("nan"),
                     "at_bound": at[i]})
    summary = {"inside": [CHANNELS[i] for i in inside], "multipliers": mult,
               "binding": [str(c) for c in binding], "chi2": chi2, "dof": int(max(dof, 0)),
               "p_value": p, "consistent": consistent}
    return pd.DataFrame(rows, columns=MARGINAL_COLUMNS), summary


def _explain_infeasible(cons: list[Constraint], pred: Mapping[str, np.ndarray],
                        means: Mapping[str, np.ndarray]) -> list[dict]:
    """Which constraints make the problem infeasible: each one that no split reaches on its
    own (by the metamodel and by every confirmed split), else all of them together."""
    alone = []
    for c in cons:
        reach_model = (min if c.op == "<=" else max)(pred[c.kpi])
        reach_conf = (min if c.op == "<=" else max)(means[c.kpi])
        best = reach_model if c.violation(reach_model) < c.violation(reach_conf) else reach_conf
        if not c.satisfied(best):
            alone.append({"kind": "kpi", "constraint": str(c), "kpi": c.kpi, "limit": c.limit,
                          "best_reachable": float(best), "together": False})
    if alone:
        return alone
    i = int(np.argmin([sum(c.violation(means[c.kpi][j]) / max(abs(c.limit), 1e-9)
                           for c in cons) for j in range(len(means[cons[0].kpi]))]))
    return [{"kind": "kpi", "constraint": str(c), "kpi": c.kpi, "limit": c.limit,
             "best_reachable": float(means[c.kpi][i]), "together": True} for c in cons]


__all__ = ["MAX_DESIGN_POINTS", "PARETO_KPIS", "BudgetRecommendation", "Constraint",
           "min_design_points", "optimise_budget",
           "parse_constraint", "project", "round_shares", "sample_shares"]
