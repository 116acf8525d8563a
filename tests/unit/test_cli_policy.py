"""``python -m simulation policy``: a tiny region end to end (JSON and tables in both
languages), --mac and --budget, and bad input (exit 2, one line naming the path or value)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from simulation.cli import main
from simulation.lab.region import REGIONS_DIR

TINY = ["--shops", "10", "--days", "30", "--workers", "1"]
SUBSIDY = ["-i", "policy.packaging_subsidy=0.5"]


@pytest.fixture(scope="module")
def doc():
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["policy", "county_town", *SUBSIDY, *TINY, "--json"])
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue())


def test_json_has_the_issues_keys(doc):
    for key in ("shops", "tonnes_avoided", "public_spend_cny", "cost_per_tonne_cny", "adoption",
                "by_group"):
        assert key in doc, key
    assert doc["shops"]["simulated"] == 10 and doc["horizon_days"] == 30
    assert doc["policy"] == {"policy.packaging_subsidy": 0.5}
    assert doc["region"] == "county_town"
    assert all(i["ok"] for i in doc["identities"])
    groups = {(r["group_by"], r["group"]) for r in doc["by_group"]}
    assert ("all", "all") in groups and {g for by, g in groups if by == "area"} <= {"rural", "urban"}
    spend = doc["public_spend_cny"]
    assert spend["total"] == pytest.approx(sum(spend["by_instrument"].values()))


def test_tables_in_both_languages(capsys):
    assert main(["policy", "county_town", *SUBSIDY, *TINY, "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "减排量（吨 CO2e）" in out and "会计恒等式" in out and "Tonnes" not in out
    assert "绿色包装补贴" in out
    assert main(["policy", "single_type", "-i", "policy.carbon_price_cny_per_t=300", "--shops", "3",
                 "--days", "30", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "Tonnes CO2e avoided" in out and "Accounting identities: all" in out


def test_mac_and_budget_json(capsys):
    assert main(["policy", "single_type", "--mac", "-i", "policy.packaging_subsidy=0.5",
                 "-i", "policy.packaging_subsidy=1", "--shops", "3", "--days", "30", "--workers",
                 "1", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [(r["instrument"], r["intensity"]) for r in doc["mac"]] == [
        ("policy.packaging_subsidy", 0.5), ("policy.packaging_subsidy", 1.0)]
    assert len(doc["steps"]) == 2
    assert main(["policy", "single_type", "--budget", "100000", "-i", "policy.packaging_subsidy=1",
                 "--shops", "3", "--days", "30", "--workers", "1", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["budget_cny"] == 100000 and doc["method"] == "exhaustive"
    assert "chosen" in doc and "runner_up" in doc and len(doc["candidates"]) == 1
    assert "mac" not in doc
    # both: the mix search reuses the curve's runs; the tables of both
    assert main(["policy", "single_type", "--mac", "--budget", "100000", "-i",
                 "policy.packaging_subsidy=1", "--shops", "3", "--days", "30", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "Marginal abatement cost curve" in out and "Best policy mix" in out


@pytest.mark.parametrize("args, named", [
    (["nowhere_region", *SUBSIDY], "nowhere_region"),
    (["county_town", "-i", "policy.packaging_subsidy=2"], "policy.packaging_subsidy"),
    (["county_town", "-i", "policy.nope=1"], "policy.nope"),
    (["county_town", "-i", "policy.packaging_subsidy"], "policy.packaging_subsidy"),
    (["county_town"], "--instrument"),
    (["county_town", *SUBSIDY, "--shops", "0"], "--shops"),
    (["single_type", *SUBSIDY, "--shops", "201"], "--shops 201"),
    (["county_town", "--budget", "-5"], "--budget"),
    (["county_town", "--mac", "-i", "policy.carbon_price_cny_per_t=99999"],
     "policy.carbon_price_cny_per_t"),
])
def test_bad_input_exits_2_naming_it(args, named, capsys):
    assert main(["policy", *args, "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert named in err and "Traceback" not in err


def test_a_bad_region_file_is_named_with_its_field(tmp_path, capsys):
    text = (REGIONS_DIR / "single_type.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "my_region.yaml"
    bad.write_text(text.replace("shops: 200", "shops: -4"), encoding="utf-8")
    assert main(["policy", str(bad), *SUBSIDY, "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "my_region.yaml" in err and "shops" in err


def test_the_lab_and_the_command_never_import_streamlit(repo_root):
    code = ("import sys, simulation.cli.policy, simulation.lab.results, simulation.lab.mac, "
            "simulation.lab.search; print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=repo_root, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_a_scheduler_without_dask_is_a_clear_bad_input(monkeypatch, capsys):
    import simulation.lab.backends as backends

    def missing():
        try:
            raise ImportError("No module named 'distributed'")
        except ImportError as e:
            raise RuntimeError("a Dask scheduler was given but dask.distributed is not "
                               f"installed: {backends.DASK_INSTALL_HINT}") from e

    monkeypatch.setattr(backends, "_import_distributed", missing)
    assert main(["policy", "single_type", *SUBSIDY, "--shops", "2", "--days", "30",
                 "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    err = capsys.readouterr().err
    assert "requirements-dask.txt" in err and "Traceback" not in err
