"""``python -m simulation verify``: the report's shape, its JSON and exit codes (on a registry
of fake checks, for speed), the check helpers, and the real quick checks passing."""

from __future__ import annotations

import contextlib
import io
import json
import math

import pytest

from simulation import MODEL_VERSION
from simulation.cli import main
from simulation.verification import checks as ck
from simulation.verification.checks import Check, band, exact, run_all, statistical


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _strict_json(text: str):
    def no_nan(name):
        raise AssertionError(f"{name} in JSON")
    return json.loads(text, parse_constant=no_nan)


def _passing(quick: bool) -> list[Check]:
    return [statistical("fake.statistical", "fake", "a formula in words", 1.0, 1.01, 0.01),
            exact("fake.exact", "fake", "an identity", 3.0, 3.0),
            band("fake.band", "fake", "a published range", 0.2, 0.4, 0.25)]


def _failing(quick: bool) -> list[Check]:
    return [statistical("fake.off", "fake", "something else", 1.0, 2.0, 0.01),
            Check("fake.nan", "fake", "undefined", 1.0, math.nan, math.nan, 0.1, False,
                  "measured is NaN")]


def _broken(quick: bool) -> list[Check]:
    raise RuntimeError("model changed")


@pytest.fixture
def registry(monkeypatch):
    """An empty registry in place of the real one; the test registers what it needs."""
    fake: dict = {}
    monkeypatch.setattr(ck, "REGISTRY", fake)
    return fake


def _use(registry, *funcs):
    for f in funcs:
        registry[(f.__module__, f.__qualname__)] = ("fake", f)


def test_all_passing_prints_a_table_and_exits_0(registry):
    _use(registry, _passing)
    code, out, err = cli("verify", "--quick")
    assert code == 0, err
    header = next(line for line in out.splitlines() if line.startswith("check"))
    for column in ("measured ± SE", "expected", "tolerance", "result", "reference"):
        assert column in header
    for name in ("fake.statistical", "fake.exact", "fake.band"):
        line = next(line for line in out.splitlines() if line.startswith(name))
        assert line.split()[-1] != "FAIL" and " PASS " in line
    assert "a formula in words" in out
    assert out.rstrip().splitlines()[-1].startswith("3 checks: 3 passed, 0 failed")
    assert MODEL_VERSION in out and "(quick)" in out


def test_a_failing_check_exits_1_and_says_why(registry):
    _use(registry, _passing, _failing)
    code, out, _ = cli("verify")
    assert code == 1
    assert out.rstrip().splitlines()[-1].startswith("5 checks: 3 passed, 2 failed")
    assert "FAIL fake.off: tolerance 3.5·SE" in out
    assert "FAIL fake.nan: measured is NaN" in out
    assert "(quick)" not in out


def test_json_has_exactly_the_documented_keys_and_null_for_nan(registry):
    _use(registry, _passing, _failing)
    code, out, _ = cli("verify", "--json", "--quick")
    assert code == 1
    doc = _strict_json(out)
    assert set(doc) == {"model_version", "checks"}
    assert doc["model_version"] == MODEL_VERSION
    assert [c["name"] for c in doc["checks"]] == ["fake.statistical", "fake.exact", "fake.band",
                                                  "fake.off", "fake.nan"]
    for c in doc["checks"]:
        assert {"name", "reference", "measured", "se", "tolerance", "passed"} <= set(c)
        assert isinstance(c["passed"], bool)
    nan = doc["checks"][-1]
    assert nan["measured"] is None and nan["se"] is None and nan["passed"] is False
    band_check = doc["checks"][2]
    assert band_check["expected"] == pytest.approx(0.3)
    assert band_check["tolerance"] == pytest.approx(0.1)


def test_json_exit_0_when_all_pass(registry):
    _use(registry, _passing)
    code, out, _ = cli("verify", "--json")
    assert code == 0
    assert all(c["passed"] for c in _strict_json(out)["checks"])


def test_a_check_that_raises_is_a_failure_not_a_traceback(registry):
    _use(registry, _passing, _broken)
    code, out, err = cli("verify", "--json")
    assert code == 1 and "Traceback" not in err
    broken = _strict_json(out)["checks"][-1]
    assert broken["passed"] is False
    assert "RuntimeError: model changed" in broken["detail"]


def test_no_checks_is_a_failure(registry):
    code, _, err = cli("verify")
    assert code == 1
    assert "no checks" in err


def test_progress_and_categories(registry):
    _use(registry, _passing, _failing)
    calls = []
    got = run_all(quick=True, progress=lambda done, total: calls.append((done, total)))
    assert len(got) == 5
    assert calls == [(0, 2), (1, 2), (2, 2)]
    assert run_all(categories=["other"]) == []


def test_verify_is_a_listed_command():
    code, out, _ = cli("--help")
    assert code == 0 and "verify" in out
    code, out, _ = cli("verify", "--help")
    assert code == 0 and "--quick" in out and "--json" in out
    code, _, err = cli("verify", "--bogus")
    assert code == 2 and "unrecognized arguments" in err


def test_check_helpers():
    s = statistical("s", "c", "r", expected=10.0, measured=10.3, se=0.06, se_expected=0.08)
    assert s.tolerance == pytest.approx(3.5 * 0.1) and s.passed
    assert not statistical("s", "c", "r", expected=10.0, measured=10.4, se=0.06,
                           se_expected=0.08).passed
    assert not statistical("s", "c", "r", expected=1.0, measured=math.nan, se=0.1).passed
    assert not statistical("s", "c", "r", expected=1.0, measured=1.0, se=math.nan).passed
    e = exact("e", "c", "r", expected=1e6, measured=1e6 + 1e-4)
    assert e.se == 0 and e.tolerance == pytest.approx(1e-3) and e.passed
    assert not exact("e", "c", "r", expected=1e6, measured=1e6 + 0.01).passed
    assert exact("e", "c", "r", expected=math.nan, measured=math.nan).passed  # both undefined
    assert not exact("e", "c", "r", expected=1.0, measured=math.nan).passed
    b = band("b", "c", "r", 2.0, 4.0, measured=4.0)
    assert (b.expected, b.tolerance, b.passed) == (3.0, 1.0, True)
    assert not band("b", "c", "r", 2.0, 4.0, measured=4.01).passed
    assert Check("x", "c", "r", None, 1.0, 0.0, 1.0, False).to_json()["expected"] is None


def test_the_verification_package_does_not_import_streamlit():
    import subprocess
    import sys

    code = ("import sys, simulation.verification, simulation.cli; "
            "sys.exit('streamlit' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.slow
def test_the_real_quick_checks_pass():
    code, out, _ = cli("verify", "--quick", "--json")
    doc = _strict_json(out)
    failed = [f"{c['name']}: measured {c['measured']} expected {c.get('expected')} tolerance "
              f"{c['tolerance']} ({c.get('detail', '')})" for c in doc["checks"] if not c["passed"]]
    assert code == 0 and not failed, "\n".join(failed)
    categories = {c.get("category") for c in doc["checks"]}
    assert {"queueing", "accounting"} <= categories
