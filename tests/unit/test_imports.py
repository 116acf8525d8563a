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


PAGE_MODULES = ("home", "builder", "compare", "methodology", "sensitivity", "optimiser",
                "classroom", "workshop", "policy_lab")


def test_page_modules_do_not_import_each_other(repo_root):
    """A page's logic lives in ``ui/<page>.py``; what several pages need (run settings,
    scenario sources, formats, downloads, charts, runner) lives in shared modules, so no page
    module imports another page's module."""
    import ast
    offenders = []
    for page in PAGE_MODULES:
        tree = ast.parse((repo_root / "ui" / f"{page}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom):
                mod = node.module or ""
                if node.level == 1 and not mod:
                    names = [a.name for a in node.names]
                elif node.level == 1:
                    names = [mod.split(".")[0]]
                elif mod.startswith("ui."):
                    names = [mod.split(".")[1]]
                elif mod == "ui":
                    names = [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name.split(".")[1] for a in node.names if a.name.startswith("ui.")]
            offenders += [(page, n) for n in names if n in PAGE_MODULES and n != page]
    assert not offenders, f"page modules importing other pages: {offenders}"


def test_pages_are_thin_files_calling_their_draw(repo_root):
    """One convention for pages: ``app.py`` and each ``pages/*.py`` set up the frame and
    call ``ui.<page>.draw``; the page's logic lives in its ``ui`` module."""
    import ast
    files = [repo_root / "app.py", *sorted((repo_root / "pages").glob("*.py"))]
    assert len(files) == len(PAGE_MODULES)
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
                 and isinstance(n.func, ast.Attribute) and n.func.attr == "draw"]
        statements = [n for n in tree.body if not (isinstance(n, ast.Expr)
                                                   and isinstance(n.value, ast.Constant))]
        assert len(calls) == 1 and calls[0].func.value.id in PAGE_MODULES, path.name
        assert len(statements) <= 4, f"{path.name}: {len(statements)} statements"
