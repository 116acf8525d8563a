"""What every experiment shares: running variants under common random numbers through a
runner (the default one simulates; the app passes one backed by its replication store),
counting simulations and reporting progress over a whole analysis."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from ..experiment import MAX_REPLICATIONS, run_replications, t_interval
from ..metrics import KPI_LABELS
from ..scenario import Scenario
from ..scenario import parameter_rows as param_rows

Progress = Callable[[int, int], None]
Task = tuple[str, Scenario, int]
Runner = Callable[[list[Task], int, "Progress | None"], Mapping[tuple[str, int], Mapping[str, float]]]


def default_runner(workers: int | None = None) -> Runner:
    """Simulate every task (``simulation.experiment.run_replications``)."""
    def run(tasks: list[Task], seed: int, progress: Progress | None = None):
        return run_replications(tasks, seed=seed, workers=workers, progress=progress)
    return run


def check_kpi(kpi: str) -> str:
    if kpi not in KPI_LABELS:
        raise ValueError(f"unknown KPI '{kpi}'; choose one of: {', '.join(KPI_LABELS)}")
    return kpi


def check_replications(replications: int, least: int = 1) -> int:
    n = int(replications)
    if not least <= n <= MAX_REPLICATIONS:
        raise ValueError(f"replications must be between {least} and {MAX_REPLICATIONS}, got "
                         f"{replications}")
    return n


def better_direction(kpi: str) -> bool | None:
    """True when more is better, False when less is, None when neither."""
    return KPI_LABELS.get(kpi, (None, None, None, None))[3]


class Evaluator:
    """Runs scenarios × replications through a runner with one progress bar for the whole
    analysis. Identical scenarios (same fingerprint) are simulated once."""

    def __init__(self, seed: int, runner: Runner | None = None, workers: int | None = None,
                 progress: Progress | None = None, total: int = 0):
        self.seed = int(seed)
        self.runner = runner or default_runner(workers)
        self.progress = progress
        self.total = int(total)
        self.done = 0
        self.simulations = 0
        self._seen: set[tuple[str, int]] = set()

    def run(self, scenarios: Sequence[Scenario], reps: Sequence[int], last: bool = False
            ) -> dict[str, np.ndarray]:
        """KPI name -> array (len(scenarios), len(reps)) of replication values. ``last``: this
        is the analysis's last batch, so the progress total becomes exact."""
        keys = [sc.fingerprint() for sc in scenarios]
        tasks: dict[tuple[str, int], Task] = {}
        for key, sc in zip(keys, scenarios, strict=False):
            for r in reps:
                tasks.setdefault((key, int(r)), (key, sc, int(r)))
        todo = list(tasks.values())
        fresh = sum(1 for k in tasks if k not in self._seen)
        self._seen.update(tasks)
        start = self.done
        self.total = self.done + fresh if last else max(self.total, self.done + fresh)

        def step(done: int, total: int) -> None:
            if self.progress:
                self.progress(min(start + round(done * fresh / max(total, 1)), self.total),
                              self.total)

        rows = self.runner(todo, self.seed, step if self.progress else None)
        self.done = start + fresh
        self.simulations += fresh
        if self.progress:
            self.progress(self.done, self.total)
        names = list(next(iter(rows.values())).keys())
        out = {k: np.empty((len(scenarios), len(reps))) for k in names}
        for i, key in enumerate(keys):
            for j, r in enumerate(reps):
                kp = rows[(key, int(r))]
                for k in names:
                    out[k][i, j] = kp.get(k, np.nan)
        return out

    def finish(self) -> None:
        if self.progress and self.done < self.total:
            self.total = self.done
            self.progress(self.done, self.total)


def interval(values: np.ndarray) -> tuple[float, float, float]:
    """(mean, low, high): the 95% t-interval of replication values."""
    return t_interval(np.asarray(values, dtype=float))


def paired(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Mean and 95% interval of the paired differences a − b."""
    return interval(np.asarray(a, dtype=float) - np.asarray(b, dtype=float))


def labels(path: str) -> tuple[str, str, str]:
    """(label_zh, label_en, unit) of a schema parameter."""
    row = param_rows().get(path)
    if row is None:
        return path, path, ""
    return row["label_zh"], row["label_en"], row["unit"]


def param_row(path: str) -> dict:
    row = param_rows().get(path)
    if row is None:
        raise ValueError(f"unknown parameter '{path}'")
    return row


def get_value(sc: Scenario, path: str):
    value = sc
    for part in path.split("."):
        value = getattr(value, part)
    return value


def stat(values: np.ndarray) -> dict[str, float]:
    m, lo, hi = interval(values)
    return {"mean": m, "ci_low": lo, "ci_high": hi}


GROUP_LABELS = {   # lever groups (the builder's), as attribution players
    "E": ("环境（E）", "Environment (E)"),
    "S": ("社会（S）", "Social (S)"),
    "G": ("治理（G）", "Governance (G)"),
    "marketing": ("营销预算", "Marketing budget"),
    "policy": ("政策", "Policy"),
    "assumptions": ("假设", "Assumptions"),
    "run": ("模拟设置", "Simulation settings"),
}
