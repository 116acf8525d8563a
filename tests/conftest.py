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
