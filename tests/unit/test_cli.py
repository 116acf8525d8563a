"""The command line: ``python -m simulation run|compare|validate|list``.

Most tests call ``simulation.cli.main`` in-process on a 30-day horizon with two replications
in this process (``--workers 1``); two run ``python -m simulation`` as a real subprocess.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulation import KPI_NAMES, MODEL_VERSION
from simulation.cli import main

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((REPO / "scenarios").glob("*.yaml"))
FAST = ["--set", "run.horizon_days=30", "--replications", "2", "--workers", "1"]


def _no_nan(text: str):
    """json.loads that refuses NaN/Infinity (they are not valid JSON)."""
    def bad(const):
        raise AssertionError(f"invalid JSON constant {const}")
    return json.loads(text, parse_constant=bad)


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# -- list --------------------------------------------------------------------------------------

def test_list_names_every_preset_with_both_titles(capsys):
    code, out, err = cli(capsys, "list")
    assert code == 0, err
    assert SCENARIOS, "no preset files found"
    for path in SCENARIOS:
        assert path.stem in out
    assert "Baseline" in out and "基准情景" in out


def test_list_json_has_titles_in_both_languages(capsys):
    code, out, _ = cli(capsys, "list", "--json")
    assert code == 0
    presets = json.loads(out)
    assert [p["name"] for p in presets] == [p.stem for p in SCENARIOS]
    for p in presets:
        assert set(p["title"]) >= {"zh", "en"}


# -- run ---------------------------------------------------------------------------------------

def test_run_json_has_every_kpi_and_exact_keys(capsys):
    code, out, err = cli(capsys, "run", "baseline", "--json", *FAST)
    assert code == 0, err
    doc = _no_nan(out)
    assert set(doc) == {"scenario", "replications", "seed", "model_version", "kpis"}
    assert doc["scenario"] == "baseline"
    assert doc["replications"] == 2 and doc["seed"] == 1
    assert doc["model_version"] == MODEL_VERSION
    for name in KPI_NAMES:
        assert set(doc["kpis"][name]) == {"mean", "ci_low", "ci_high"}, name
    orders = doc["kpis"]["orders"]
    assert orders["mean"] > 0 and orders["ci_low"] <= orders["mean"] <= orders["ci_high"]
    # a 90-day retention cannot be measured in 30 days: NaN becomes null, not NaN
    assert doc["kpis"]["retention_90d"]["mean"] is None


def test_same_seed_gives_identical_json_and_another_seed_differs(capsys):
    runs = [cli(capsys, "run", "baseline", "--json", "--seed", seed, *FAST)[1]
            for seed in ("7", "7", "8")]
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]


def test_set_changes_the_scenario(capsys):
    _, few, _ = cli(capsys, "run", "baseline", "--json", *FAST)
    _, more, _ = cli(capsys, "run", "baseline", "--json", *FAST,
                     "--set", "marketing.monthly_budget_cny=400000")
    assert (json.loads(more)["kpis"]["marketing_cny"]["mean"]
            > json.loads(few)["kpis"]["marketing_cny"]["mean"])


def test_run_table_in_english_and_chinese(capsys):
    code, out, _ = cli(capsys, "run", "baseline", *FAST)
    assert code == 0
    assert "Orders" in out and "95% interval" in out and "{" not in out
    code, out, _ = cli(capsys, "run", "baseline", "--lang", "zh", *FAST)
    assert code == 0
    assert "订单数" in out and "均值" in out


def test_run_a_yaml_file(tmp_path, capsys):
    f = tmp_path / "more_packers.yaml"
    f.write_text("title: {en: More packers, zh: 更多打包员}\n"
                 "description: {en: Five packers, zh: 五名打包员}\n"
                 "changes:\n  staff.packers: 5\n", encoding="utf-8")
    code, out, err = cli(capsys, "run", f, "--json", *FAST)
    assert code == 0, err
    assert json.loads(out)["scenario"] == "more_packers"


def test_a_file_with_only_changes_is_valid(tmp_path, capsys):
    f = tmp_path / "minimal.yaml"
    f.write_text("changes:\n  staff.packers: 5\n", encoding="utf-8")
    code, out, err = cli(capsys, "validate", f)
    assert code == 0, err
    assert out.strip() == f"OK {f}"


def test_single_replication_has_no_interval(capsys):
    code, out, _ = cli(capsys, "run", "baseline", "--json", "--set", "run.horizon_days=30",
                       "-n", "1", "-w", "1")
    assert code == 0
    orders = _no_nan(out)["kpis"]["orders"]
    assert orders["mean"] > 0 and orders["ci_low"] is None and orders["ci_high"] is None


def test_out_csv_has_one_row_per_replication_and_out_json_the_document(tmp_path, capsys):
    csv_path, json_path = tmp_path / "reps.csv", tmp_path / "summary.json"
    code, out, _ = cli(capsys, "run", "baseline", *FAST, "--out", csv_path)
    assert code == 0 and "Orders" in out  # the table is still printed
    with csv_path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2
    assert {"scenario", "replication", *KPI_NAMES} <= set(rows[0])
    code, out, _ = cli(capsys, "run", "baseline", *FAST, "--json", "--out", json_path)
    assert code == 0
    assert _no_nan(json_path.read_text(encoding="utf-8")) == json.loads(out)


def test_progress_bar_goes_to_stderr_not_into_json(capsys):
    code, out, err = cli(capsys, "run", "baseline", "--json", "--progress", *FAST)
    assert code == 0
    json.loads(out)
    assert "2/2 replications" in err and "[" in err and "#" in err
    # without --progress and with a non-terminal stderr: no bar
    code, out, err = cli(capsys, "run", "baseline", "--json", *FAST)
    assert code == 0 and err == ""


# -- compare -----------------------------------------------------------------------------------

def test_compare_json_has_differences_for_the_other_scenario(capsys):
    code, out, err = cli(capsys, "compare", "baseline", "green_packaging", "--json", *FAST)
    assert code == 0, err
    doc = _no_nan(out)
    assert set(doc) == {"scenarios", "reference", "replications", "seed", "model_version",
                        "kpis", "differences", "abatement"}
    assert set(doc["abatement"]) == {"green_packaging"}
    assert set(doc["abatement"]["green_packaging"]) == {
        "carbon_avoided_t", "profit_forgone_cny", "cost_per_t_avoided_cny", "ci_low", "ci_high"}
    assert doc["scenarios"] == ["baseline", "green_packaging"]
    assert doc["reference"] == "baseline"
    assert set(doc["kpis"]) == {"baseline", "green_packaging"}
    assert list(doc["differences"]) == ["green_packaging"]
    diffs = doc["differences"]["green_packaging"]
    for name in KPI_NAMES:
        assert set(diffs[name]) == {"diff_mean", "ci_low", "ci_high", "prob_better"}, name
    # recycled cartons emit less per parcel: a clear, paired improvement
    pack = diffs["carbon_packaging_kg_per_parcel"]
    assert pack["diff_mean"] < 0 and pack["prob_better"] > 0.9
    # paired difference equals the difference of the means
    k = doc["kpis"]
    assert diffs["orders"]["diff_mean"] == pytest.approx(
        k["green_packaging"]["orders"]["mean"] - k["baseline"]["orders"]["mean"])


def test_compare_with_reference_and_table(capsys):
    code, out, err = cli(capsys, "compare", "baseline", "green_packaging", "--reference",
                         "green_packaging", "--json", *FAST)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["reference"] == "green_packaging" and list(doc["differences"]) == ["baseline"]
    code, out, _ = cli(capsys, "compare", "baseline", "green_packaging", *FAST)
    assert code == 0
    assert "Difference vs baseline" in out and "P(better)" in out and "green_packaging" in out


# -- validate ----------------------------------------------------------------------------------

def test_validate_every_preset_file(capsys):
    code, out, err = cli(capsys, "validate", *SCENARIOS)
    assert code == 0, err
    assert out.splitlines() == [f"OK {p}" for p in SCENARIOS]


# -- bad input: exit 2, one line naming the problem, never a traceback -------------------------

BAD_FILES = {
    "malformed": ("changes: {staff.packers: 3\n", "malformed YAML"),
    "unknown_key": ("changes:\n  staff.packerz: 3\n", "staff.packerz: unknown key"),
    "unknown_top_key": ("changez: {}\n", "changez: unknown top-level key"),
    "out_of_range": ("changes:\n  staff.packers: -4\n", "staff.packers: -4 is out of range"),
    "shares": ("changes:\n  marketing.shares.search: 0.9\n", "marketing.shares: channel shares "
                                                              "must sum to 1"),
    "wrong_type": ("changes:\n  staff.packers: many\n", "staff.packers: 'many'"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
@pytest.mark.parametrize("command", ["validate", "run"])
def test_bad_scenario_file_exits_2_naming_file_and_field(kind, command, tmp_path, capsys):
    text, expected = BAD_FILES[kind]
    f = tmp_path / f"{kind}.yaml"
    f.write_text(text, encoding="utf-8")
    argv = ["validate", f] if command == "validate" else ["run", f, *FAST]
    code, out, err = cli(capsys, *argv)
    assert code == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines and all(line.startswith(f"{f}: ") for line in lines), err
    assert expected in err
    assert "OK" not in out


def test_validate_reports_each_bad_file_and_still_passes_good_ones(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("changes:\n  staff.packers: 0\n  shop.nonsense: 1\n", encoding="utf-8")
    good = SCENARIOS[0]
    code, out, err = cli(capsys, "validate", bad, good)
    assert code == 2
    assert out.strip() == f"OK {good}"
    assert len(err.strip().splitlines()) >= 1 and "shop.nonsense" in err


BAD_ARGS = {
    "unknown preset": (["run", "no_such_preset"], "no_such_preset: no such file or preset"),
    "unknown preset in compare": (["compare", "baseline", "no_such_preset"], "no_such_preset"),
    "set without =": (["run", "baseline", "--set", "nonsense"], "nonsense"),
    "set empty path": (["run", "baseline", "--set", "=3"], "dotted.path=value"),
    "set wrong type": (["run", "baseline", "--set", "staff.packers=abc"],
                       "--set: staff.packers: 'abc'"),
    "set unknown key": (["run", "baseline", "--set", "staff.packerz=4"],
                        "--set: staff.packerz: unknown key"),
    "set out of range": (["compare", "baseline", "green_packaging", "--set",
                          "staff.packers=1000"], "--set: staff.packers: 1000 is out of range"),
    "set shares": (["run", "baseline", "--set", "marketing.shares.search=0.5"],
                   "channel shares must sum to 1"),
    "replications 0": (["run", "baseline", "--replications", "0"], "replications must be"),
    "replications 1001": (["run", "baseline", "-n", "1001"], "replications must be"),
    "replications text": (["compare", "baseline", "full_esg", "-n", "ten"], "--replications"),
    "negative seed": (["run", "baseline", "--seed", "-1"], "seed must not be negative"),
    "workers 0": (["run", "baseline", "--workers", "0"], "workers must be"),
    "one scenario to compare": (["compare", "baseline"], "at least two scenarios"),
    "unknown reference": (["compare", "baseline", "full_esg", "--reference", "other"],
                          "--reference other"),
    "out directory missing": (["run", "baseline", "--out", "/no/such/dir/x.json"], "--out"),
    "unknown command": (["simulate", "baseline"], "invalid choice"),
    "no command": ([], "required"),
}


@pytest.mark.parametrize("case", sorted(BAD_ARGS))
def test_bad_arguments_exit_2_with_a_message(case, capsys):
    argv, expected = BAD_ARGS[case]
    code, out, err = cli(capsys, *argv)
    assert code == 2
    assert expected in err
    assert "Traceback" not in err
    assert out == ""


def test_help_exits_0(capsys):
    code, out, _ = cli(capsys, "run", "--help")
    assert code == 0 and "--replications" in out and "--out" in out


# -- the real entry point ----------------------------------------------------------------------

def _module(*argv: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "simulation", *map(str, argv)], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)


def test_python_dash_m_runs_with_worker_processes(capsys):
    # two workers use the 'spawn' context, which re-imports __main__: the guard must hold
    proc = _module("run", "baseline", "--json", "--set", "run.horizon_days=30",
                   "--replications", "2", "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    doc = _no_nan(proc.stdout)
    assert set(KPI_NAMES) <= set(doc["kpis"])
    # parallel equals sequential
    _, out, _ = cli(capsys, "run", "baseline", "--json", *FAST)
    assert json.loads(out) == doc


def test_python_dash_m_exit_codes(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("changes:\n  staff.packers: -4\n", encoding="utf-8")
    proc = _module("validate", bad)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"{bad}: staff.packers: -4 is out of range; allowed [1, 200]"
    proc = _module("validate", SCENARIOS[0])
    assert proc.returncode == 0 and proc.stdout.strip() == f"OK {SCENARIOS[0]}"
    proc = _module("run", "baseline", "--set", "nonsense")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "nonsense" in proc.stderr


def test_params_lists_every_parameter(capsys):
    from simulation.scenario import parameter_table

    code, out, err = cli(capsys, "params", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["path"] for r in rows] == [r["path"] for r in parameter_table()]
    assert all(r["label_zh"] and r["label_en"] and r["source"] for r in rows)
    code, out, _ = cli(capsys, "params", "--group", "E", "--lang", "zh")
    assert code == 0 and "logistics.electric_share" in out and "电动车配送比例" in out
