"""Exercises as data: teaching cases with a goal over KPIs (classroom and workshop modes).

An exercise file (``scenarios/exercises/<id>.yaml``; not a preset) reads::

    title: {zh: ..., en: ...}
    brief: {zh: ..., en: ...}          # the situation and the goal, in plain words
    theme: packaging                   # packaging, logistics, staff, suppliers, marketing, policy
    start: baseline                    # a preset name
    set: {run.horizon_days: 150}       # overrides of the start (dotted paths)
    levers: [packaging.option, shop.green_price_premium]   # all other parameters are locked
    goals:                             # every goal must hold, replication by replication
      - {kpi: carbon_kg_per_order, op: "<=", relative: 0.85}   # at most 85% of the baseline's
      - {kpi: profit_cny, op: ">=", relative: 1.0}
    runs: 6                            # the budget of runs
    replications: 8
    seed: 1
    hints:                             # released after that many failed tries
      - {after_failures: 1, text: {zh: ..., en: ...}}
    debrief: {zh: ..., en: ...}
    solution: {packaging.option: recycled_carton}   # a setting of some levers that meets the goal

A lever is a parameter path of the schema (a decision, not a model assumption or a run
setting) or ``marketing.shares`` (the channel split, whose shares move together). The goal is
measured against the exercise's own baseline (start + set) on common random numbers:
replication ``i`` of the team's scenario against replication ``i`` of the baseline, and the
probability of meeting it is the share of replications in which every goal holds (one lucky
run is not enough: the goal is met when that probability is at least ``PASS_PROBABILITY``).

Files are read with the scenario loader's rules: ``yaml.safe_load`` only, after the same event
scan (no aliases, bounded depth, size and values, no duplicate keys); every problem names the
file and the dotted path.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Mapping

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import loader
from .metrics import KPI_LABELS, KPI_NAMES
from .scenario import Scenario, iter_parameters

EXERCISE_DIR = loader.PRESET_DIR / "exercises"
PASS_PROBABILITY = 0.8          # the goal is met when it holds in at least this share of runs
THEMES = ("packaging", "logistics", "staff", "suppliers", "marketing", "policy")
SECTION_LEVERS = loader.ATOMIC_SECTIONS   # sections that are one lever (marketing.shares)
LOCKED_GROUPS = ("assumptions", "run")    # parameters a student never changes
MAX_LEVERS = 12
MAX_GOALS = 6
MAX_HINTS = 6
MAX_RUNS = 100
MAX_EXERCISE_REPLICATIONS = 50
# KPIs that can be negative: a multiple of the baseline other than 1 would flip with its sign
SIGNED_KPIS = ("profit_cny", "profit_margin", "customer_value_180d_cny")


class ExerciseError(ValueError):
    """An exercise could not be loaded or a change is not allowed; ``problems`` holds one line
    per problem, each naming the file (when there is one) and the dotted path."""

    def __init__(self, problems: list[str] | str, source: str | None = None):
        lines = [problems] if isinstance(problems, str) else list(problems)
        prefix = f"{source}: " if source else ""
        self.problems = [prefix + p for p in lines]
        self.source = source
        super().__init__("\n".join(self.problems))


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


class Text(_Model):
    """A text in both languages (both required, not empty)."""

    zh: str
    en: str

    @field_validator("zh", "en")
    @classmethod
    def _not_empty(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be empty")
        why = loader.text_problem(v, loader.MAX_DESCRIPTION_CHARS)
        if why:
            raise ValueError(f"text {why}")
        return v

    def get(self, lang: str) -> str:
        """The text in ``lang`` ('zh' unless 'en')."""
        return self.en if lang == "en" else self.zh


class Goal(_Model):
    """One condition on a KPI: ``kpi op threshold``, where the threshold is ``relative`` times
    the baseline's value in the same replication, or an absolute ``value`` in the KPI's
    unit. A missing (NaN) KPI never meets a goal."""

    kpi: str
    op: Literal["<=", ">="]
    relative: float | None = None
    value: float | None = None

    @field_validator("kpi")
    @classmethod
    def _known_kpi(cls, v: str) -> str:
        if v not in KPI_NAMES:
            raise ValueError(f"{loader._fmt(v)} is not a KPI{loader._suggest(v, list(KPI_NAMES))}")
        return v

    @field_validator("relative", "value", mode="before")
    @classmethod
    def _number(cls, v: Any) -> Any:
        if isinstance(v, bool) or (v is not None and not isinstance(v, (int, float))):
            raise ValueError(f"{loader._fmt(v)}: expected a number")
        if v is not None and not math.isfinite(float(v)):
            raise ValueError(f"{loader._fmt(v)}: expected a finite number")
        return v

    @model_validator(mode="after")
    def _one_threshold(self) -> "Goal":
        if (self.relative is None) == (self.value is None):
            raise ValueError("give exactly one of 'relative' (a multiple of the baseline's value) "
                             "or 'value' (absolute)")
        if self.relative is not None and self.relative < 0:
            raise ValueError(f"relative: {self.relative:g} must be at least 0")
        if self.relative is not None and self.relative != 1 and self.kpi in SIGNED_KPIS:
            raise ValueError(f"relative: {self.kpi} can be negative, so only relative: 1 (no "
                             "worse than the baseline) or an absolute 'value' is meaningful")
        return self

    def thresholds(self, baseline: np.ndarray) -> np.ndarray:
        """The threshold in each replication, given the baseline's values."""
        b = np.asarray(baseline, dtype=float)
        if self.relative is not None:
            return self.relative * b
        return np.full(b.shape, float(self.value))

    def holds(self, team: np.ndarray, baseline: np.ndarray) -> np.ndarray:
        """Per replication: does the team's value meet the goal (False where NaN)?"""
        t = np.asarray(team, dtype=float)
        th = self.thresholds(baseline)
        with np.errstate(invalid="ignore"):
            ok = t <= th if self.op == "<=" else t >= th
        return ok & np.isfinite(t) & np.isfinite(th)

    def label(self, lang: str = "zh") -> str:
        """The goal in words, e.g. 'Carbon per order ≤ Baseline × 80%' (单均碳排放 ≤ 基准情景 × 80%)."""
        from .strings import t

        zh, en, unit, _ = KPI_LABELS[self.kpi]
        name = en if lang == "en" else zh
        op = "≤" if self.op == "<=" else "≥"
        if self.relative is not None:
            return f"{name} {op} {t('common.baseline', lang)} × {_pct(self.relative)}"
        return f"{name} {op} {_num(float(self.value))} {unit}".rstrip()


class Hint(_Model):
    """A hint released after ``after_failures`` failed tries."""

    after_failures: int = Field(ge=1, le=MAX_RUNS, strict=True)
    text: Text


class Exercise(_Model):
    """One exercise (see the module docstring for the file format)."""

    id: str
    title: Text
    brief: Text
    theme: Literal["packaging", "logistics", "staff", "suppliers", "marketing", "policy"]
    start: str
    set: dict[str, Any] = Field(default_factory=dict)
    levers: list[str] = Field(min_length=1, max_length=MAX_LEVERS)
    goals: list[Goal] = Field(min_length=1, max_length=MAX_GOALS)
    runs: int = Field(ge=1, le=MAX_RUNS, strict=True)
    replications: int = Field(8, ge=2, le=MAX_EXERCISE_REPLICATIONS, strict=True)
    seed: int = Field(1, ge=0, le=2**63 - 1, strict=True)
    hints: list[Hint] = Field(default_factory=list, max_length=MAX_HINTS)
    debrief: Text
    solution: dict[str, Any]

    @field_validator("title")
    @classmethod
    def _short_title(cls, v: Text) -> Text:
        for lang in ("zh", "en"):
            if len(v.get(lang)) > loader.MAX_TITLE_CHARS:
                raise ValueError(f"{lang}: at most {loader.MAX_TITLE_CHARS} characters")
        return v

    @field_validator("hints")
    @classmethod
    def _hints_in_order(cls, v: list[Hint]) -> list[Hint]:
        after = [h.after_failures for h in v]
        if after != sorted(set(after)):
            raise ValueError(f"after_failures must increase from hint to hint, got {after}")
        return v


@dataclass(frozen=True)
class GoalResult:
    """How one goal fared over the replications."""

    goal: Goal
    kpi: str
    op: str
    threshold_mean: float       # mean over replications of the per-replication threshold
    team_mean: float
    team_ci_low: float          # 95% t-interval of the team's mean
    team_ci_high: float
    baseline_mean: float
    share: float                # share of replications meeting this goal


@dataclass(frozen=True)
class Evaluation:
    """Whether a team's scenario meets the exercise's goal, over replications."""

    probability: float          # share of replications in which every goal holds
    ci_low: float               # Clopper–Pearson 95% interval of that probability
    ci_high: float
    met: bool                   # probability >= PASS_PROBABILITY
    replications: int
    successes: int
    goals: list[GoalResult]


# -- public API -----------------------------------------------------------------------------

def list_exercises() -> list[str]:
    """The ids of the exercises shipped in ``scenarios/exercises`` (sorted)."""
    return sorted(p.stem for p in EXERCISE_DIR.glob("*.yaml"))


def load_exercise(name_or_path: str | os.PathLike) -> Exercise:
    """Load and check an exercise by id or path; raises :class:`ExerciseError` naming the file
    and the dotted path of every problem."""
    path = _resolve(name_or_path)
    try:
        stat = path.stat()
    except OSError as e:
        raise ExerciseError(f"cannot read file: {e.strerror}", path.name) from None
    # a deep copy: the cached exercise's mappings (set, solution) stay as loaded
    return _load_cached(str(path), stat.st_mtime_ns, stat.st_size).model_copy(deep=True)


def baseline_scenario(ex: Exercise) -> Scenario:
    """The exercise's starting scenario (its ``start`` preset with ``set`` applied): the
    reference its goals are measured against."""
    return _baseline(ex.start, _freeze(ex.set))


def lever_parameters(ex: Exercise) -> list[str]:
    """The leaf parameter paths a student may change (``marketing.shares`` opened up into
    its six shares), in the order of ``ex.levers``."""
    out: list[str] = []
    leaves = _leaf_paths()
    for lever in ex.levers:
        out += [p for p in leaves if p == lever or p.startswith(lever + ".")]
    return out


def scenario_for(ex: Exercise, changes: Mapping[str, Any]) -> Scenario:
    """The baseline with a student's ``changes`` (dotted paths) applied. Raises
    :class:`ExerciseError` naming every path that is not one of the exercise's levers (the
    rest are locked), or any value the schema refuses."""
    if not isinstance(changes, Mapping):
        raise ExerciseError(f"changes: expected a mapping of dotted.path: value, got "
                            f"{loader._fmt(changes)}")
    problems = [f"{loader._key(str(k))}: is locked in this exercise; the levers are "
                f"{', '.join(ex.levers)}" for k in changes if not _allowed(ex, k)]
    if problems:
        raise ExerciseError(problems)
    try:
        return baseline_scenario(ex).with_changes(dict(changes))
    except loader.ScenarioError as e:
        raise ExerciseError(e.problems) from None


def evaluate(ex: Exercise, kpis: pd.DataFrame) -> Evaluation:
    """Score replication KPIs (``scenario`` column with "baseline" and "team" rows, a
    ``replication`` column, a column per KPI, as :func:`simulation.run_experiment` returns)
    against the exercise's goals: team replication ``i`` against baseline replication ``i``."""
    from scipy import stats

    from .experiment import t_interval

    base = kpis[kpis["scenario"] == "baseline"].set_index("replication").sort_index()
    team = kpis[kpis["scenario"] == "team"].set_index("replication").sort_index()
    common = base.index.intersection(team.index)
    n = int(len(common))
    if n == 0:
        raise ValueError("evaluate needs 'baseline' and 'team' rows with common replications")
    all_hold = np.ones(n, dtype=bool)
    results = []
    for g in ex.goals:
        b = base.loc[common, g.kpi].to_numpy(dtype=float)
        v = team.loc[common, g.kpi].to_numpy(dtype=float)
        ok = g.holds(v, b)
        all_hold &= ok
        m, lo, hi = t_interval(v)
        th = g.thresholds(b)
        results.append(GoalResult(
            goal=g, kpi=g.kpi, op=g.op,
            threshold_mean=float(np.nanmean(th)) if np.isfinite(th).any() else float("nan"),
            team_mean=m, team_ci_low=lo, team_ci_high=hi,
            baseline_mean=float(np.nanmean(b)) if np.isfinite(b).any() else float("nan"),
            share=float(ok.mean())))
    k = int(all_hold.sum())
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="exact")
    p = k / n
    return Evaluation(probability=p, ci_low=float(ci.low), ci_high=float(ci.high),
                      met=p >= PASS_PROBABILITY, replications=n, successes=k, goals=results)


def run(ex: Exercise, changes: Mapping[str, Any], replications: int | None = None,
        seed: int | None = None, workers: int | None = None,
        progress=None) -> tuple[pd.DataFrame, Evaluation]:
    """Run the baseline and the team's scenario (the baseline with ``changes``) on common
    random numbers (the exercise's replications and seed unless given) and evaluate them.
    Returns the replication KPIs (scenario "baseline" and "team") and the evaluation."""
    from .experiment import run_experiment

    team = scenario_for(ex, changes)
    df = run_experiment({"baseline": baseline_scenario(ex), "team": team},
                        replications=replications or ex.replications,
                        seed=ex.seed if seed is None else seed, workers=workers,
                        progress=progress)
    return df, evaluate(ex, df)


def hint_for(ex: Exercise, failures: int) -> Hint | None:
    """The latest hint released after ``failures`` failed tries (None before the first)."""
    released = [h for h in ex.hints if h.after_failures <= failures]
    return released[-1] if released else None


# -- helpers --------------------------------------------------------------------------------

TOP_LEVEL_KEYS = tuple(f for f in Exercise.model_fields if f != "id") + ("id", "schema_version")


def _pct(x: float) -> str:
    return f"{x * 100:.0f}%" if abs(x * 100 - round(x * 100)) < 1e-9 else f"{x * 100:g}%"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


@lru_cache(maxsize=1)
def _leaf_groups() -> dict[str, str]:
    return {path: group for path, _, group in iter_parameters()}


def _leaf_paths() -> list[str]:
    return list(_leaf_groups())


def _allowed(ex: Exercise, path: Any) -> bool:
    if not isinstance(path, str):
        return False
    return any(path == lever or path.startswith(lever + ".") for lever in ex.levers)


def _freeze(value: Any) -> Any:
    """A hashable copy of a JSON-like value (for caching baselines)."""
    if isinstance(value, Mapping):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return ("__list__",) + tuple(_freeze(v) for v in value)
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, tuple) and value[:1] == ("__list__",):
        return [_thaw(v) for v in value[1:]]
    if isinstance(value, tuple):
        return {k: _thaw(v) for k, v in value}
    return value


@lru_cache(maxsize=64)
def _baseline(start: str, frozen_set: tuple) -> Scenario:
    preset = loader.load_preset(_preset_file(start))
    return preset.scenario.with_changes(_thaw(frozen_set))


def _preset_file(name: str) -> Path:
    path = loader.PRESET_DIR / f"{name}.yaml"
    if (len(name) > loader.MAX_PRESET_NAME or not name.replace("_", "").replace("-", "").isalnum()
            or not loader._is_file(path)):
        known = [p.stem for p in loader.PRESET_DIR.glob("*.yaml")]
        raise loader.ScenarioError(f"no preset {loader._fmt(name)}{loader._suggest(name, known)}")
    return path


def _resolve(name_or_path: str | os.PathLike) -> Path:
    p = Path(name_or_path)
    name = str(name_or_path)
    if (p.suffix == "" and len(name) <= loader.MAX_PRESET_NAME
            and name.replace("_", "").replace("-", "").isalnum()
            and loader._is_file(EXERCISE_DIR / f"{name}.yaml")):
        return EXERCISE_DIR / f"{name}.yaml"
    if loader._is_file(p):
        return p
    raise ExerciseError(f"no such exercise file or id{loader._suggest(name, list_exercises())}",
                        loader._key(name))


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime_ns: int, size: int) -> Exercise:
    p = Path(path)
    if size > loader.MAX_FILE_BYTES:
        raise ExerciseError(f"file is {size:,} bytes; the limit is {loader.MAX_FILE_BYTES:,}",
                            p.name)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise ExerciseError(f"cannot read file: {e.strerror}", p.name) from None
    return parse_exercise(data, p.stem, p.name)


def parse_exercise(text: str | bytes, exercise_id: str, source: str = "<text>") -> Exercise:
    """Parse and check an exercise document (its id given: the file stem)."""
    doc = _parse_yaml(text, source)
    problems: list[str] = []
    for k in doc:
        if k not in TOP_LEVEL_KEYS:
            problems.append(f"{loader._key(str(k))}: unknown key"
                            f"{loader._suggest(str(k), list(TOP_LEVEL_KEYS))}")
    version = doc.pop("schema_version", 1)
    if version != 1:
        problems.append(f"schema_version: file has {loader._fmt(version)}, this version reads 1")
    if "id" in doc and doc["id"] != exercise_id:
        problems.append(f"id: {loader._fmt(doc['id'])} differs from the file name "
                        f"{loader._fmt(exercise_id)}")
    if problems:
        raise ExerciseError(problems, source)
    doc["id"] = exercise_id
    try:
        ex = Exercise.model_validate(doc)
    except ValidationError as err:
        raise ExerciseError(_validation_problems(err), source) from None
    _check_semantics(ex, source)
    return ex


def _parse_yaml(text: str | bytes, source: str) -> dict[str, Any]:
    """The scenario loader's YAML rules (size, UTF-8, event scan, safe_load), a mapping."""
    try:
        doc = loader.read_yaml(text, None, empty="the file is empty")
    except loader.ScenarioError as e:
        raise ExerciseError(e.problems, source) from None
    if not isinstance(doc, dict):
        raise ExerciseError(f"an exercise file must be a mapping, got {type(doc).__name__}",
                            source)
    return doc


def _validation_problems(err: ValidationError) -> list[str]:
    out = []
    for e in err.errors(include_url=False):
        loc = ""
        for part in e.get("loc", ()):
            loc += f"[{part}]" if isinstance(part, int) else (f".{part}" if loc else str(part))
        msg = e.get("msg", "invalid")
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        typ = e.get("type", "")
        if typ == "missing":
            msg = "missing (required)"
        elif typ == "extra_forbidden":
            msg = "unknown key"
        elif typ in ("greater_than_equal", "less_than_equal", "too_short", "too_long",
                     "literal_error") or typ.endswith("_type") or typ.endswith("_parsing"):
            msg = f"{loader._fmt(e.get('input'))}: {msg[0].lower() + msg[1:]}"
        out.append(f"{loader._key(loc) or 'exercise'}: {msg}")
    return out


def _check_semantics(ex: Exercise, source: str) -> None:
    """Paths against the schema: start is a preset, set applies, levers are decisions,
    solution paths are levers and the solution applies."""
    problems: list[str] = []
    groups = _leaf_groups()
    for i, lever in enumerate(ex.levers):
        where = f"levers[{i}]"
        if lever in SECTION_LEVERS:
            continue
        if lever not in groups:
            problems.append(f"{where}: {loader._fmt(lever)} is not a parameter"
                            f"{loader._suggest(lever, list(groups) + list(SECTION_LEVERS))}")
        elif groups[lever] in LOCKED_GROUPS:
            problems.append(f"{where}: {lever} is a model {groups[lever]} setting, not a "
                            "decision a student may change")
    if len(set(ex.levers)) != len(ex.levers):
        problems.append("levers: each lever may appear once")
    base = None
    try:
        _preset_file(ex.start)
    except loader.ScenarioError as e:
        problems += [f"start: {p}" for p in e.problems]
    else:
        try:
            base = baseline_scenario(ex)
        except loader.ScenarioError as e:
            problems += [f"set.{p}" for p in e.problems]
    for key in ex.solution:
        if not _allowed(ex, key):
            problems.append(f"solution.{loader._key(str(key))}: is not one of the levers "
                            f"({', '.join(ex.levers)})")
    if base is not None and not problems:
        try:
            base.with_changes(dict(ex.solution))
        except loader.ScenarioError as e:
            problems += [f"solution.{p}" for p in e.problems]
    if problems:
        raise ExerciseError(problems, source)
