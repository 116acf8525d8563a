"""The model knows nothing of the UI: importing ``simulation`` never imports streamlit."""

from __future__ import annotations

import json
import subprocess
import sys

import simulation

# modules not to import here (none: simulation/__main__.py runs the CLI only under its
# ``if __name__ == "__main__"`` guard)
SKIP_MODULES: set[str] = set()


def _python(code: str, cwd) -> str:
    proc = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_importing_simulation_does_not_import_streamlit(repo_root):
    out = _python("import simulation, sys; print('streamlit' in sys.modules)", repo_root)
    assert out == "False"


def test_every_module_imports_without_streamlit(repo_root):
    code = f"""
import importlib, json, pkgutil, sys
import simulation
names = sorted("simulation." + m.name for m in pkgutil.iter_modules(simulation.__path__)
               if "simulation." + m.name not in {sorted(SKIP_MODULES)!r})
loaded = {{}}
for name in names:
    importlib.import_module(name)
    loaded[name] = [m for m in sys.modules if m == "streamlit" or m.startswith("streamlit.")]
print(json.dumps(loaded))
"""
    loaded = json.loads(_python(code, repo_root))
    assert "simulation.scenario" in loaded and "simulation.metrics" in loaded
    offenders = {name: mods[:3] for name, mods in loaded.items() if mods}
    assert not offenders, f"these modules pull in streamlit: {offenders}"


def test_public_api_names():
    for name in ("load_scenario", "simulate", "run_experiment"):
        assert name in simulation.__all__
        assert callable(getattr(simulation, name))
    for name in simulation.__all__:
        assert hasattr(simulation, name), name


def test_plain_ui_modules_do_not_import_streamlit(repo_root):
    """The strings, the share-link codec, the library, the charts and the scheduler and jobs
    are plain Python, so they are unit-tested (and usable) without a running app."""
    out = _python("import sys, ui.i18n, ui.share, ui.library, ui.charts, ui.limits, "
                  "ui.budget_charts, ui.jobs; print('streamlit' in sys.modules)", repo_root)
    assert out == "False"
