"""How much of the difference between two scenarios does each lever (or lever group) make?

Shapley values: a player's contribution is its marginal effect averaged over every order in
which the changes could be made, so interactions are shared out fairly and the
contributions add up to the whole difference. With common random numbers the identity
holds replication by replication, so the contributions' means add up *exactly* to the
paired mean difference scenario − base. Up to ``exact_limit`` players every coalition is
simulated (2^n of them); beyond that, ``permutations`` random orders are sampled and the
sampling error is reported beside the simulation error.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..loader import ScenarioError, diff_scenarios
from ..metrics import KPI_LABELS
from ..scenario import Scenario
from ._common import (
    GROUP_LABELS,
    Evaluator,
    Progress,
    Runner,
    param_rows,
    check_kpi,
    check_replications,
    interval,
    labels,
)

GROUP_ORDER = ("E", "S", "G", "marketing", "policy", "assumptions", "run")
# paths that must move together (their values are checked against each other)
COUPLED = (
    ("marketing.shares",),
    ("customers.eco_share", "customers.price_share"),
    ("staff.shift_hours", "staff.overtime_hours_per_day"),
    ("run.warmup_days", "run.horizon_days"),
)
SHARES_LABEL = ("渠道预算占比", "Channel shares")
MAX_PLAYERS = 40


def _group(path: str) -> str:
    if path == "marketing.shares":
        return "marketing"
    row = param_rows().get(path)
    return row["group"] if row else "assumptions"


def _players(base: Scenario, scenario: Scenario, by: str,
             players: Mapping[str, Mapping[str, Any]] | None
             ) -> tuple[dict[str, dict[str, Any]], dict[str, tuple[str, str]]]:
    """{player: {path: value}} and {player: (label_zh, label_en)}."""
    if players is not None:
        out = {str(k): dict(v) for k, v in players.items()}
        return out, {k: (k, k) for k in out}
    changes = diff_scenarios(base, scenario)
    if by == "group":
        grouped: dict[str, dict[str, Any]] = {}
        for path, value in changes.items():
            grouped.setdefault(_group(path), {})[path] = value
        ordered = {g: grouped[g] for g in GROUP_ORDER if g in grouped}
        return ordered, {g: GROUP_LABELS[g] for g in ordered}
    if by != "lever":
        raise ValueError(f"by must be 'group' or 'lever', got '{by}'")
    out, names = {}, {}
    done: set[str] = set()
    for path in changes:
        if path in done:
            continue
        together = next((c for c in COUPLED if path in c), (path,))
        members = [p for p in together if p in changes]
        done.update(members)
        name = "+".join(members)
        out[name] = {p: changes[p] for p in members}
        if members == ["marketing.shares"]:
            names[name] = SHARES_LABEL
        else:
            lab = [labels(p) for p in members]
            names[name] = (" + ".join(z for z, _, _ in lab), " + ".join(e for _, e, _ in lab))
    return out, names


@dataclass(frozen=True)
class Attribution:
    """Shapley contributions of each player to the change in every KPI."""

    kpis: list[str]
    players: list[str]
    player_paths: dict[str, list[str]]
    player_labels: dict[str, tuple[str, str]]
    method: str                       # "exact" or "permutations"
    permutations: int | None
    replications: int
    seed: int
    simulations: int
    base_values: dict[str, np.ndarray] = field(repr=False)        # kpi -> (reps,)
    scenario_values: dict[str, np.ndarray] = field(repr=False)
    shapley: dict[str, np.ndarray] = field(repr=False)            # kpi -> (players, reps)
    perm_se: dict[str, np.ndarray] = field(repr=False)            # kpi -> (players,)

    def table(self, kpi: str | None = None) -> pd.DataFrame:
        rows = []
        for k in ([check_kpi(kpi)] if kpi else self.kpis):
            for i, p in enumerate(self.players):
                m, lo, hi = interval(self.shapley[k][i])
                v = self.shapley[k][i]
                v = v[np.isfinite(v)]
                se = float(v.std(ddof=1) / math.sqrt(len(v))) if len(v) > 1 else float("nan")
                pse = float(self.perm_se[k][i]) if self.method == "permutations" else float("nan")
                if self.method == "permutations" and np.isfinite(se):
                    total = math.hypot(se, pse)
                    q = float(stats.t.ppf(0.975, max(len(v) - 1, 1)))
                    lo, hi = m - q * total, m + q * total
                zh, en = self.player_labels[p]
                rows.append({"kpi": k, "player": p, "label_zh": zh, "label_en": en,
                             "contribution": m, "ci_low": lo, "ci_high": hi, "se": se,
                             "perm_se": pse})
        return pd.DataFrame(rows, columns=["kpi", "player", "label_zh", "label_en",
                                           "contribution", "ci_low", "ci_high", "se", "perm_se"])

    def totals(self) -> pd.DataFrame:
        rows = []
        for k in self.kpis:
            m, lo, hi = interval(self.scenario_values[k] - self.base_values[k])
            rows.append({"kpi": k, "base_mean": interval(self.base_values[k])[0],
                         "scenario_mean": interval(self.scenario_values[k])[0],
                         "diff_mean": m, "ci_low": lo, "ci_high": hi})
        return pd.DataFrame(rows)

    def waterfall(self, kpi: str) -> pd.DataFrame:
        """Base level, each player's step, the scenario's level (a waterfall chart)."""
        kpi = check_kpi(kpi)
        if kpi not in self.kpis:
            raise ValueError(f"KPI '{kpi}' was not attributed")
        base, b_lo, b_hi = interval(self.base_values[kpi])
        rows = [{"step": 0, "kind": "base", "name": "base", "label_zh": "基准",
                 "label_en": "Base", "value": base, "start": 0.0, "end": base,
                 "ci_low": b_lo, "ci_high": b_hi}]
        level = base
        for i, r in enumerate(self.table(kpi).itertuples(index=False), start=1):
            rows.append({"step": i, "kind": "player", "name": r.player, "label_zh": r.label_zh,
                         "label_en": r.label_en, "value": r.contribution, "start": level,
                         "end": level + r.contribution, "ci_low": r.ci_low,
                         "ci_high": r.ci_high})
            level += r.contribution
        s_m, s_lo, s_hi = interval(self.scenario_values[kpi])
        rows.append({"step": len(rows), "kind": "scenario", "name": "scenario",
                     "label_zh": "方案", "label_en": "Scenario", "value": s_m, "start": 0.0,
                     "end": s_m, "ci_low": s_lo, "ci_high": s_hi})
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        contributions = self.table()
        return {
            "method": self.method, "permutations": self.permutations,
            "replications": self.replications, "seed": self.seed,
            "simulations": self.simulations, "players": [
                {"name": p, "label_zh": self.player_labels[p][0],
                 "label_en": self.player_labels[p][1], "paths": self.player_paths[p]}
                for p in self.players],
            "totals": self.totals().to_dict(orient="records"),
            "contributions": contributions.to_dict(orient="records"),
        }


def attribute(base: Scenario, scenario: Scenario, kpis=None, replications: int = 8,
              seed: int = 1, by: str = "group",
              players: Mapping[str, Mapping[str, Any]] | None = None, permutations: int = 24,
              exact_limit: int = 6, progress: Progress | None = None,
              runner: Runner | None = None, workers: int | None = None) -> Attribution:
    """Shapley attribution of scenario − base to lever groups (``by="group"``), single levers
    (``by="lever"``; the channel shares move as one) or ``players={name: {path: value}}``.

    Simulates every coalition of players (2^n) when n ≤ ``exact_limit``, else the coalitions
    met along ``permutations`` random orders, each on replications 0..r−1.
    """
    kpis = list(KPI_LABELS) if kpis is None else [check_kpi(k) for k in
                                                  ([kpis] if isinstance(kpis, str) else kpis)]
    n_reps = check_replications(replications, 2)
    table, names = _players(base, scenario, by, players)
    plist = list(table)
    n = len(plist)
    if n > MAX_PLAYERS:
        raise ValueError(f"{n} players; at most {MAX_PLAYERS} (attribute by group instead)")
    merged: dict[str, Any] = {}
    for p in plist:                             # players that set one path must agree on it
        for path, value in table[p].items():
            if path in merged and merged[path] != value:
                raise ValueError(f"players disagree on '{path}' ({merged[path]!r} and {value!r})")
            merged[path] = value
    if players is None:
        scenario_full = scenario
    else:
        scenario_full = _coalition(base, table, plist)

    exact = n <= int(exact_limit)
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 0xA771]))
    if exact:
        coalitions = [frozenset(c) for r in range(n + 1) for c in itertools.combinations(plist, r)]
        orders = None
    else:
        m = int(permutations)
        if not 2 <= m <= 1000:
            raise ValueError(f"permutations must be between 2 and 1000, got {permutations}")
        orders = [list(rng.permutation(plist)) for _ in range(m)]
        seen = {frozenset(): None, frozenset(plist): None}
        for order in orders:
            for k in range(1, n):
                seen.setdefault(frozenset(order[:k]), None)
        coalitions = list(seen)
    scenarios = [_coalition(base, table, [p for p in plist if p in c]) if c != frozenset(plist)
                 else scenario_full for c in coalitions]
    reps = list(range(n_reps))
    ev = Evaluator(seed, runner, workers, progress,
                   total=len({s.fingerprint() for s in scenarios}) * n_reps)
    res = ev.run(scenarios, reps)
    ev.finish()
    index = {c: i for i, c in enumerate(coalitions)}
    empty, full = index[frozenset()], index[frozenset(plist)]
    shapley, perm_se = {}, {}
    for k in kpis:
        v = res[k]
        phi = np.zeros((n, n_reps))
        pse = np.full(n, np.nan)
        if exact:
            for i, p in enumerate(plist):
                others = [q for q in plist if q != p]
                for r in range(n):
                    w = math.factorial(r) * math.factorial(n - r - 1) / math.factorial(n)
                    for c in itertools.combinations(others, r):
                        s = frozenset(c)
                        phi[i] += w * (v[index[s | {p}]] - v[index[s]])
        else:
            per_perm = np.zeros((len(orders), n, n_reps))
            for j, order in enumerate(orders):
                prev = v[empty]
                for kk, p in enumerate(order):
                    cur = v[index[frozenset(order[:kk + 1])]]
                    per_perm[j, plist.index(p)] = cur - prev
                    prev = cur
            phi = per_perm.mean(axis=0)
            pse = per_perm.mean(axis=2).std(axis=0, ddof=1) / math.sqrt(len(orders))
        shapley[k] = phi
        perm_se[k] = pse
    return Attribution(
        kpis=kpis, players=plist, player_paths={p: list(table[p]) for p in plist},
        player_labels={p: names[p] for p in plist}, method="exact" if exact else "permutations",
        permutations=None if exact else len(orders), replications=n_reps, seed=int(seed),
        simulations=ev.simulations, base_values={k: res[k][empty] for k in kpis},
        scenario_values={k: res[k][full] for k in kpis}, shapley=shapley, perm_se=perm_se)


def _coalition(base: Scenario, table: Mapping[str, Mapping[str, Any]], members) -> Scenario:
    changes: dict[str, Any] = {}
    for p in members:
        changes.update(table[p])
    if not changes:
        return base
    try:
        return base.with_changes(changes)
    except ScenarioError as err:
        names = ", ".join(members)
        raise ValueError(f"the changes of {names} together make an invalid scenario: "
                         + "; ".join(err.problems)) from None
