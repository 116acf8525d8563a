"""Fixtures shared by every test layer (keep this small)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (where app.py, scenarios/ and README.md live)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def scenarios_dir(repo_root: Path) -> Path:
    return repo_root / "scenarios"


_MAIN = sys.modules.get("__main__")     # pytest's own, before any AppTest ran


@pytest.fixture(autouse=True)
def _keep_main_module():
    """Streamlit's script runner (AppTest) runs a page as ``__main__`` and leaves it in
    ``sys.modules``; a later test that spawns processes (multiprocessing re-runs the main
    module's file in the child) would then run that page, or an AppTest.from_function
    script that cannot run alone. Every test starts and ends with pytest's own ``__main__``
    (a module-scoped AppTest fixture may have replaced it before the test began)."""
    if _MAIN is not None:
        sys.modules["__main__"] = _MAIN
    yield
    if _MAIN is not None:
        sys.modules["__main__"] = _MAIN
