"""Docs that run: every command-line example and every Python block of the README.

Command lines (in ```bash blocks) that start with ``.venv/bin/python -m simulation`` or
``python -m simulation`` run as subprocesses with this interpreter and must exit 0. To
keep the suite fast, ``run`` and ``compare`` get ``--set run.horizon_days=30`` and
``--workers 1`` unless the command already sets them, and ``policy`` runs 12 shops over 30
days (a command naming a cluster address is not run). Each ```python block is executed in a
fresh namespace from the repository root. Of the make targets, ``make run`` (the app must
answer its health check) and ``make bench --quick`` run at the end of this file; ``make test``
is what runs this file, and ``make clean`` would delete the environment under it.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)
INTERPRETERS = (".venv/bin/python", "python", "python3")
FAST_HORIZON = "run.horizon_days=30"
POLICY_SHOPS = "12"
POLICY_JSON_KEYS = {"shops", "tonnes_avoided", "public_spend_cny", "cost_per_tonne_cny",
                    "adoption", "by_group"}


def blocks(language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(README.read_text(encoding="utf-8"))
            if lang == language]


def command_lines() -> list[str]:
    lines = []
    for body in blocks("bash"):
        body = body.replace("\\\n", " ")          # join continuation lines
        for line in body.splitlines():
            line = line.split(" #", 1)[0].strip()  # drop trailing comments
            words = shlex.split(line) if line else []
            if (len(words) >= 3 and words[0] in INTERPRETERS and words[1:3] == ["-m", "simulation"]
                    and "--scheduler" not in words):     # a cluster address is a placeholder
                lines.append(line)
    return lines


def _with_option(args: list[str], option: str, value: str) -> list[str]:
    """``args`` with ``option`` set to ``value`` (replacing the README's own value)."""
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a == option:
            skip = True
        elif not a.startswith(option + "="):
            out.append(a)
    return [*out, option, value]


def to_argv(line: str) -> list[str]:
    args = shlex.split(line)[3:]
    if args and args[0] in ("run", "compare"):
        if not any("run.horizon_days" in a for a in args):
            args += ["--set", FAST_HORIZON]
    if args and args[0] == "policy":                    # a small sample of a short horizon
        args = _with_option(_with_option(args, "--shops", POLICY_SHOPS), "--days", "30")
    if args and args[0] in ("run", "compare", "sensitivity", "attribute", "optimise", "policy"):
        if not any(a in ("--workers", "-w") or a.startswith("--workers=") for a in args):
            args += ["--workers", "1"]
    return [sys.executable, "-m", "simulation", *args]


def test_readme_has_examples():
    cmds = command_lines()
    for sub in ("list", "run", "compare", "validate"):
        assert any(shlex.split(c)[3] == sub for c in cmds), f"no `{sub}` example in README"
    assert blocks("python"), "no Python example in README"


@pytest.mark.parametrize("line", command_lines())
def test_readme_command_runs(line, repo_root):
    argv = to_argv(line)
    proc = subprocess.run(argv, cwd=repo_root, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, (f"`{line}` exited {proc.returncode}\n"
                                  f"stdout:\n{proc.stdout[-2000:]}\nstderr:\n{proc.stderr[-2000:]}")
    assert proc.stdout.strip(), f"`{line}` printed nothing"
    if "--json" in argv:
        doc = json.loads(proc.stdout)
        if argv[3] == "policy":
            assert POLICY_JSON_KEYS <= set(doc)
        else:
            assert {"scenario", "replications", "seed", "model_version", "kpis"} <= set(doc)


@pytest.mark.parametrize("index", range(len(blocks("python"))))
def test_readme_python_block_runs(index, repo_root, monkeypatch, capsys):
    code = blocks("python")[index]
    monkeypatch.chdir(repo_root)
    exec(compile(code, f"README.md python block {index + 1}", "exec"), {"__name__": "__readme__"})


# -- the make targets a newcomer is told about ------------------------------------------------
# `make test` is what runs this file, and `make clean` would delete the environment under
# it; `make run` and `make bench` are run for real here. `-o .venv/.installed` tells make
# to take the environment as it is (it was just set up by `make test`).

ROOT = README.parent
MAKE_NO_SETUP = ["make", "--no-print-directory", "-o", ".venv/.installed"]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_readme_names_the_two_commands():
    text = README.read_text(encoding="utf-8")
    assert "make run" in text and "make test" in text


def test_make_run_serves_the_app_on_the_baseline():
    import os
    import time
    import urllib.request

    port = _free_port()
    env = {**os.environ, "CI": "1"}
    proc = subprocess.Popen([*MAKE_NO_SETUP, "run", f"PORT={port}"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        health = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                            timeout=2) as r:
                    health = r.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert health == "ok", f"app did not come up; make exited with {proc.poll()}"
    finally:
        import signal

        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_make_bench_quick_prints_every_figure(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run([*MAKE_NO_SETUP, "bench", f"BENCH_ARGS=--quick --json {out}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "seconds per replication-year" in done.stdout
    figures = json.loads(out.read_text())
    targets = set(figures["targets"])
    assert {"seconds_per_replication_year", "ratio_to_bare_mmc", "peak_memory_mb"} <= targets
    assert any(t.startswith("experiment_") for t in targets)   # its run count follows --quick
