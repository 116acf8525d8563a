"""House style: ruff (pyflakes, pycodestyle, bugbear) over the code, as `make lint` runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = ["check", "--line-length", "110", "--select", "E,F,W,B", "--output-format", "concise",
        "simulation", "ui", "pages", "tests", "benchmarks", "app.py"]


def test_ruff_is_clean():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is in requirements-dev.txt; run make test to install it"
    done = subprocess.run([ruff, *LINT], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
