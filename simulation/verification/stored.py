"""The validation report's summary, stored per model version for the meeting pack's reports.

The whole ``verify --quick`` takes tens of seconds, too slow to run for every report, so its
summary (checks passed and failed per category, the date, the model version) is kept in
``summary.json`` beside this module. Regenerate it after a model change (a test fails while
its model version or its list of registered checks differs from the code's)::

    .venv/bin/python -m simulation.verification.stored

A report made where the checks were just run (the methodology page) uses those instead
(:func:`summarise`).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, Iterable

PATH = Path(__file__).resolve().parent / "summary.json"


def registered_functions() -> list[str]:
    """Every registered check function as ``module.qualname``, in registration order."""
    from . import REGISTRY

    return [f"{module}.{name}" for module, name in REGISTRY]


def summarise(checks: Iterable[Any], quick: bool = True, when: date | None = None) -> dict[str, Any]:
    """Counts per category of ``checks`` (``Check`` objects) with the model version and date."""
    from ..scenario import MODEL_VERSION

    checks = list(checks)
    categories: dict[str, dict[str, int]] = {}
    for c in checks:
        counts = categories.setdefault(c.category, {"passed": 0, "failed": 0})
        counts["passed" if c.passed else "failed"] += 1
    return {"model_version": MODEL_VERSION, "date": (when or date.today()).isoformat(),
            "quick": bool(quick), "categories": categories,
            "checks": [c.name for c in checks], "functions": registered_functions()}


def load(path: Path = PATH) -> dict[str, Any] | None:
    """The stored summary when it is for this model version, else None."""
    from ..scenario import MODEL_VERSION

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if data.get("model_version") == MODEL_VERSION else None


def main() -> None:
    from . import run_all

    summary = summarise(run_all(quick=True), quick=True)
    PATH.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    total = sum(sum(c.values()) for c in summary["categories"].values())
    print(f"wrote {PATH.name}: {total} checks, model version {summary['model_version']}")


if __name__ == "__main__":
    main()
