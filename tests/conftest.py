"""Fixtures shared by every test layer (keep this small)."""

from __future__ import annotations

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


@pytest.fixture(autouse=True)
def _keep_main_module():
    """Streamlit's script runner (AppTest) runs a page as ``__main__`` and leaves it in
    ``sys.modules``; a later test that spawns processes (multiprocessing re-runs the main
    module's file in the child) would then run that page, or an AppTest.from_function
    script that cannot run alone. Each test gets back the ``__main__`` it started with."""
    import sys
    main = sys.modules.get("__main__")
    yield
    if main is not None and sys.modules.get("__main__") is not main:
        sys.modules["__main__"] = main
