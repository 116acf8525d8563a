"""The analysis commands of the command line: ``sensitivity``, ``attribute``, ``optimise``.

Every test calls ``simulation.cli.main`` in-process with stdout and stderr redirected to
StringIO, on a tiny scenario (30 days, 500 past buyers, 2 replications, ``--workers 1``),
so the whole file runs in well under a minute.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys

import pytest

from simulation import MODEL_VERSION
from simulation.cli import main

TINY = ["--set", "run.horizon_days=30", "--set", "customers.initial_customers=500",
        "--workers", "1"]
FAST = [*TINY, "--replications", "2"]
OPT = [*FAST, "--design-points", "14", "--design-replications", "1"]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def cli(*argv, stderr: io.StringIO | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), stderr if stderr is not None else io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def strict_json(text: str):
    """json.loads that refuses NaN/Infinity (they are not valid JSON)."""
    def bad(const):
        raise AssertionError(f"invalid JSON constant {const}")
    return json.loads(text, parse_constant=bad)


def _row(out: str, label: str) -> str:
    lines = [line for line in out.splitlines() if line.startswith(label)]
    assert len(lines) == 1, f"no single row starting with {label!r} in:\n{out}"
    return lines[0]


# -- sensitivity -------------------------------------------------------------------------------

SENS = ["sensitivity", "baseline", "--kpi", "profit_cny", "-p", "emissions.diesel_kg_per_km",
        "-p", "shop.gross_margin", "-p", "customers.eco_share", *FAST]


def test_sensitivity_tornado_table_sorted_with_the_noise_mark(tmp_path):
    doc_path = tmp_path / "sens.json"
    code, out, err = cli(*SENS, "--out", doc_path)
    assert code == 0, err
    assert "one-at-a-time sensitivity of Profit (CNY)" in out and "Base:" in out
    for head in ("Parameter", "Low", "High", "KPI at low", "KPI at high", "Swing",
                 "95% interval"):
        assert head in out
    # the margin moves profit most; the diesel emission factor does not touch profit at all:
    # its swing is exactly zero, within noise, and it comes last
    margin, diesel = _row(out, "Gross margin"), _row(out, "Diesel")
    assert out.index(margin) < out.index(diesel)
    assert "within noise" in diesel and "within noise" not in margin
    assert "50%" in margin and "70%" in margin          # the documented plausible range

    doc = strict_json(doc_path.read_text(encoding="utf-8"))
    assert {"scenario", "model_version", "kind", "kpi", "replications", "seed", "simulations",
            "base", "parameters"} <= set(doc)
    assert doc["scenario"] == "baseline" and doc["model_version"] == MODEL_VERSION
    assert doc["kind"] == "one_at_a_time" and doc["kpi"] == "profit_cny"
    assert doc["replications"] == 2 and doc["seed"] == 1
    assert doc["simulations"] == (2 * 3 + 1) * 2          # base, low and high of each, 2 reps
    params = doc["parameters"]
    assert [p["path"] for p in params][0] == "shop.gross_margin"
    # parameters that do not touch profit at all come last, with a swing of exactly 0
    # (over 30 days the segment mix does not reach profit either: it acts on leaving later)
    zero = [p for p in params if p["swing"] == 0]
    assert "emissions.diesel_kg_per_km" in [p["path"] for p in zero]
    assert params[len(params) - len(zero):] == zero
    assert all(p["within_noise"] is True for p in zero)
    swings = [abs(p["swing"]) for p in params]
    assert swings == sorted(swings, reverse=True)
    m = params[0]
    assert m["swing"] == pytest.approx(m["kpi_high"] - m["kpi_low"])
    assert m["swing_ci_low"] <= m["swing"] <= m["swing_ci_high"]


def test_sensitivity_json_on_stdout_and_ranges_as_fractions_or_percentages():
    code, out, err = cli("sensitivity", "baseline", "--kpi", "carbon_kg_total", "--range",
                         "customers.eco_share=20%:30%", "--range",
                         "marketing.membership=false:true", "--json", *FAST)
    assert code == 0, err
    doc = strict_json(out)
    by_path = {p["path"]: p for p in doc["parameters"]}
    assert set(by_path) == {"customers.eco_share", "marketing.membership"}   # --range selects
    assert by_path["customers.eco_share"]["low"] == pytest.approx(0.2)
    assert by_path["customers.eco_share"]["high"] == pytest.approx(0.3)
    assert by_path["marketing.membership"]["low"] is False
    assert by_path["marketing.membership"]["high"] is True


def test_sensitivity_global_prints_src_and_r2(tmp_path):
    csv_path = tmp_path / "src.csv"
    code, out, err = cli("sensitivity", "baseline", "--kpi", "carbon_kg_total", "--global",
                         "--samples", "6", "-p", "emissions.diesel_kg_per_km", "-p",
                         "shop.gross_margin", *TINY, "--out", csv_path)
    assert code == 0, err
    assert "Latin hypercube" in out and "6 samples × 1 replications" in out
    assert "SRC" in out and "SRRC" in out and "R² =" in out
    # how far the fit can be trusted, as the app says it: 6 samples for 2 parameters is too few
    from simulation.analysis.sensitivity import MIN_SAMPLES_PER_PARAMETER
    assert "adjusted R² =" in out and "leave-one-out Q² =" in out
    assert "6 samples for 2 parameters (3.0 per parameter)" in out
    assert (f"Fewer than {MIN_SAMPLES_PER_PARAMETER} samples per parameter: the coefficients are "
            "not reliable") in out
    assert "can be read as the parameters' effects" not in out
    # carbon follows the diesel factor and ignores the margin
    assert out.index(_row(out, "Diesel")) < out.index(_row(out, "Gross margin"))
    with csv_path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["path"] for r in rows] == ["emissions.diesel_kg_per_km", "shop.gross_margin"]
    assert float(rows[0]["src"]) > 0.9

    code, out, _ = cli("sensitivity", "baseline", "--kpi", "carbon_kg_total", "--global",
                       "--samples", "6", "-p", "emissions.diesel_kg_per_km", "-p",
                       "shop.gross_margin", *TINY, "--json")
    doc = strict_json(out)
    assert doc["kind"] == "global" and doc["samples"] == 6 and doc["simulations"] == 6
    assert {"r2", "r2_rank", "parameters", "scenario", "model_version"} <= set(doc)
    assert {"path", "src", "src_ci_low", "src_ci_high", "srrc"} <= set(doc["parameters"][0])


def test_sensitivity_in_chinese():
    code, out, err = cli("sensitivity", "baseline", "--kpi", "profit_cny", "-p",
                         "shop.gross_margin", "--lang", "zh", *FAST)
    assert code == 0, err
    assert "单因素敏感性分析" in out and "利润" in out and "毛利率" in out
    assert "摆幅" in out and "参数" in out and "Swing" not in out


# -- attribute ---------------------------------------------------------------------------------

def test_attribute_table_contributions_add_up_and_json(tmp_path):
    doc_path = tmp_path / "attr.json"
    code, out, err = cli("attribute", "baseline", "full_esg", "--kpi", "profit_cny", "--kpi",
                         "carbon_kg_total", *FAST, "--out", doc_path)
    assert code == 0, err
    assert "baseline → full_esg: Shapley attribution by lever group" in out
    assert "Profit (CNY)" in out and "Total carbon (kg CO2e)" in out
    assert "Difference" in out and "Environment" in out
    checks = [line for line in out.splitlines() if line.startswith("Contributions add up to")]
    assert len(checks) == 2 and all(line.endswith("✓") for line in checks)

    doc = strict_json(doc_path.read_text(encoding="utf-8"))
    assert {"base", "scenario", "model_version", "kpis", "method", "replications", "seed",
            "simulations", "players", "totals", "contributions"} <= set(doc)
    assert doc["base"] == "baseline" and doc["scenario"] == "full_esg"
    assert doc["kpis"] == ["profit_cny", "carbon_kg_total"] and doc["method"] == "exact"
    players = [p["name"] for p in doc["players"]]
    assert "E" in players and len(players) >= 2
    # one row per (KPI, player); the contributions add up to the paired difference
    assert len(doc["contributions"]) == 2 * len(players)
    for total in doc["totals"]:
        parts = [c["contribution"] for c in doc["contributions"] if c["kpi"] == total["kpi"]]
        assert sum(parts) == pytest.approx(total["diff_mean"], rel=1e-9, abs=1e-6)
        assert total["diff_mean"] == pytest.approx(total["scenario_mean"] - total["base_mean"])


def test_attribute_in_chinese_by_lever():
    code, out, err = cli("attribute", "baseline", "green_packaging", "--kpi",
                         "carbon_packaging_kg", "--by", "lever", "--lang", "zh", *FAST)
    assert code == 0, err
    assert "Shapley 归因" in out and "包装碳排放" in out and "差值" in out
    assert "各项贡献之和" in out and "✓" in out


# -- optimise ----------------------------------------------------------------------------------

def test_optimise_report_and_json(tmp_path):
    doc_path = tmp_path / "opt.json"
    code, out, err = cli("optimise", "baseline", "--objective", "profit_cny", "--constraint",
                         "carbon_kg_total<=100000", "--min-share", "search=0.3",
                         "--min-esg-share", "5%", *OPT, "--out", doc_path)
    assert code == 0, err
    for text in ("maximise Profit (CNY)", "Constraints: carbon_kg_total<=100000",
                 "Recommended", "Current", "Monthly budget (CNY)", "P(better)",
                 "Binding constraints", "Marginal returns", "Pareto points",
                 "full simulations (design"):
        assert text in out, text
    assert _row(out, "Total carbon (kg CO2e)") and _row(out, "Total cost (CNY)")

    doc = strict_json(doc_path.read_text(encoding="utf-8"))
    assert {"scenario", "model_version", "shares", "kpis", "current_kpis", "pareto",
            "binding_constraints", "constraint_status", "marginal", "feasible", "infeasible",
            "simulations", "objective", "maximise", "constraints", "replications",
            "seed"} <= set(doc)
    assert doc["scenario"] == "baseline" and doc["model_version"] == MODEL_VERSION
    assert doc["feasible"] is True and doc["infeasible"] == []
    assert doc["objective"] == "profit_cny" and doc["maximise"] is True
    assert doc["constraints"] == ["carbon_kg_total<=100000"]
    shares = doc["shares"]
    assert sum(shares.values()) == pytest.approx(1.0, abs=1e-6)
    assert shares["search"] >= 0.3 - 1e-6 and shares["esg_content"] >= 0.05 - 1e-6
    for key in ("kpis", "current_kpis"):
        assert set(doc[key]["profit_cny"]) == {"mean", "ci_low", "ci_high"}
    assert doc["kpis"]["carbon_kg_total"]["mean"] <= 100000
    assert doc["pareto"] and all({"shares", "kpis", "recommended", "current"} <= set(p)
                                 for p in doc["pareto"])
    assert sum(p["recommended"] for p in doc["pareto"]) == 1
    assert doc["simulations"] > 0


def test_optimise_infeasible_constraint_exits_3_with_the_reason():
    code, out, err = cli("optimise", "baseline", "--objective", "profit_cny", "--constraint",
                         "carbon_kg_total<=1", *OPT, "--json")
    assert code == 3
    doc = strict_json(out)                        # the document is still printed
    assert doc["feasible"] is False
    (reason,) = doc["infeasible"]
    assert reason["constraint"] == "carbon_kg_total<=1" and reason["limit"] == 1
    assert reason["best_reachable"] > 1
    assert "carbon_kg_total<=1" in err and "best reachable" in err and "Traceback" not in err


def test_optimise_share_bounds_that_cannot_sum_to_100_percent_exit_3():
    code, out, err = cli("optimise", "baseline", "--objective", "profit_cny", "--min-share",
                         "search=60%", "--min-share", "feed=0.5", *OPT)
    assert code == 3, err
    assert "No budget split meets the constraints" in out
    assert "110.0%" in out and "0 full simulations" in out


def test_optimise_in_chinese():
    code, out, err = cli("optimise", "baseline", "--objective", "profit_cny", "--lang", "zh",
                         *OPT)
    assert code == 0, err
    for text in ("最大化利润", "渠道", "当前", "推荐", "边际回报", "帕累托点", "次完整模拟"):
        assert text in out, text
    assert "Recommended" not in out


def test_optimise_help_documents_the_exit_codes():
    code, out, _ = cli("optimise", "--help")
    assert code == 0
    assert "Exit codes" in out and "3 no split meets the constraints" in out
    assert "--min-esg-share" in out and "--budget-range" in out
    code, out, _ = cli("optimize", "--help")           # the American spelling works too
    assert code == 0 and "--objective" in out
    code, out, _ = cli("--help")
    assert code == 0 and all(c in out for c in ("sensitivity", "attribute", "optimise"))


def test_a_kpi_the_horizon_cannot_measure_is_na_with_a_note_and_no_warnings():
    # 90-day retention needs more than 30 days: every value is NaN
    code, out, err = cli("sensitivity", "baseline", "--kpi", "retention_90d", "-p",
                         "shop.gross_margin", "-p", "customers.eco_share", "--global",
                         "--samples", "5", *TINY)
    assert code == 0 and err == ""
    assert "R² = n/a" in out and "90-day retention is n/a: it cannot be measured" in out
    code, out, err = cli("sensitivity", "baseline", "--kpi", "retention_90d", "-p",
                         "shop.gross_margin", "--json", *FAST)
    assert code == 0 and err == ""
    assert strict_json(out)["base"]["mean"] is None


# -- bad input: exit 2, one line naming the problem, nothing on stdout -------------------------

BAD = {
    "sensitivity: unknown KPI": (["sensitivity", "baseline", "--kpi", "profitx"],
                                 "--kpi profitx: unknown KPI; did you mean profit_cny"),
    "sensitivity: unknown parameter": (["sensitivity", "baseline", "--kpi", "profit_cny", "-p",
                                        "shop.nope"], "--parameter shop.nope: unknown parameter"),
    "sensitivity: a text parameter": (["sensitivity", "baseline", "--kpi", "profit_cny", "-p",
                                       "packaging.option"], "cannot be swung"),
    "sensitivity: range without a colon": (["sensitivity", "baseline", "--kpi", "profit_cny",
                                            "--range", "shop.gross_margin=0.5"],
                                           "expected PATH=LOW:HIGH"),
    "sensitivity: range low above high": (["sensitivity", "baseline", "--kpi", "profit_cny",
                                           "--range", "shop.gross_margin=0.9:0.5"],
                                          "LOW (0.9) must be below HIGH (0.5)"),
    "sensitivity: range out of bounds": (["sensitivity", "baseline", "--kpi", "profit_cny",
                                          "--range", "shop.gross_margin=0.5:1.5"],
                                         "above the maximum of shop.gross_margin"),
    "sensitivity: range not a number": (["sensitivity", "baseline", "--kpi", "profit_cny",
                                         "--range", "shop.gross_margin=a:b"],
                                        "'a' is not a number"),
    "sensitivity: samples without global": (["sensitivity", "baseline", "--kpi", "profit_cny",
                                             "--samples", "20"], "--samples: only with --global"),
    "sensitivity: too few samples": (["sensitivity", "baseline", "--kpi", "profit_cny",
                                      "--global", "--samples", "5"],
                                     "--samples 5: at least the number of parameters + 3"),
    "sensitivity: one replication": (["sensitivity", "baseline", "--kpi", "profit_cny", "-n",
                                      "1"], "--replications 1"),
    "sensitivity: unknown preset": (["sensitivity", "no_such", "--kpi", "profit_cny"],
                                    "no_such: no such file or preset"),
    "sensitivity: bad --set": (["sensitivity", "baseline", "--kpi", "profit_cny", "--set",
                                "staff.packers=0"], "--set: staff.packers: 0 is out of range"),
    "attribute: the same scenario twice": (["attribute", "baseline", "baseline"],
                                           "given more than once"),
    "attribute: identical scenarios": (["attribute", "baseline", "scenarios/baseline.yaml"],
                                       "there is no difference to attribute"),
    "attribute: unknown KPI": (["attribute", "baseline", "full_esg", "--kpi", "carbon"],
                               "--kpi carbon: unknown KPI; did you mean carbon_kg_total"),
    "attribute: one replication": (["attribute", "baseline", "full_esg", "-n", "1"],
                                   "--replications 1"),
    "optimise: malformed constraint": (["optimise", "baseline", "--objective", "profit_cny",
                                        "--constraint", "carbon<=x"],
                                       "--constraint 'carbon<=x': write it as KPI<=VALUE"),
    "optimise: constraint on an unknown KPI": (["optimise", "baseline", "--objective",
                                                "profit_cny", "--constraint", "carbon<=3"],
                                               "--constraint 'carbon<=3': unknown KPI 'carbon'"),
    "optimise: constraint with <": (["optimise", "baseline", "--objective", "profit_cny",
                                     "--constraint", "carbon_kg_total<3"], "KPI<=VALUE"),
    "optimise: percentage on an amount": (["optimise", "baseline", "--objective", "profit_cny",
                                           "--constraint", "carbon_kg_total<=3%"],
                                          "not a rate"),
    "optimise: unknown objective": (["optimise", "baseline", "--objective", "profit"],
                                    "--objective profit: unknown KPI"),
    "optimise: unknown channel": (["optimise", "baseline", "--objective", "profit_cny",
                                   "--min-share", "serch=0.1"],
                                  "--min-share serch=0.1: unknown channel 'serch'; did you "
                                  "mean search?"),
    "optimise: share above 1": (["optimise", "baseline", "--objective", "profit_cny",
                                 "--max-share", "search=1.5"], "outside 0–1"),
    "optimise: percentage above 100": (["optimise", "baseline", "--objective", "profit_cny",
                                        "--min-share", "search=150%"], "outside 0–1"),
    "optimise: negative share": (["optimise", "baseline", "--objective", "profit_cny",
                                  "--min-esg-share", "-0.1"], "outside 0–1"),
    "optimise: share not a number": (["optimise", "baseline", "--objective", "profit_cny",
                                      "--min-share", "search=lots"], "is not a share"),
    "optimise: share without =": (["optimise", "baseline", "--objective", "profit_cny",
                                   "--min-share", "search"], "expected CHANNEL=SHARE"),
    "optimise: min above max": (["optimise", "baseline", "--objective", "profit_cny",
                                 "--min-share", "search=0.5", "--max-share", "search=30%"],
                                "--max-share search=0.3: below the minimum share of search"),
    "optimise: ESG minimum above its maximum": (["optimise", "baseline", "--objective",
                                                 "profit_cny", "--min-esg-share", "20%",
                                                 "--max-share", "esg_content=0.1"],
                                                "below the minimum share of esg_content"),
    "optimise: budget range reversed": (["optimise", "baseline", "--objective", "profit_cny",
                                         "--budget-range", "200000:100000"],
                                        "--budget-range 200000:100000: need 0 <= LOW < HIGH"),
    "optimise: budget range malformed": (["optimise", "baseline", "--objective", "profit_cny",
                                          "--budget-range", "lots"], "expected LOW:HIGH"),
    "optimise: lever not on/off": (["optimise", "baseline", "--objective", "profit_cny",
                                    "--lever", "staff.packers"], "not an on/off lever"),
    "optimise: unknown lever": (["optimise", "baseline", "--objective", "profit_cny",
                                 "--lever", "marketing.membershp"], "unknown parameter"),
    "optimise: one replication": (["optimise", "baseline", "--objective", "profit_cny", "-n",
                                   "1"], "--replications 1"),
    "optimise: design replications above replications": (
        ["optimise", "baseline", "--objective", "profit_cny", "-n", "2",
         "--design-replications", "3"], "--design-replications 3: at most --replications"),
    "optimise: too few design points": (["optimise", "baseline", "--objective", "profit_cny",
                                         "--design-points", "3", *TINY],
                                        "design_points must be between"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_exits_2_with_one_line(case):
    argv, expected = BAD[case]
    code, out, err = cli(*argv)
    assert code == 2, err
    assert out == ""
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert expected in err, err


@pytest.mark.parametrize("argv", [["sensitivity", "baseline"],
                                  ["optimise", "baseline"],
                                  ["attribute", "baseline"],
                                  ["attribute", "baseline", "full_esg", "--by", "player"],
                                  ["sensitivity", "baseline", "--kpi", "profit_cny",
                                   "--samples", "ten"]])
def test_usage_errors_exit_2(argv):
    code, out, err = cli(*argv)
    assert code == 2 and out == "" and "Traceback" not in err and "error:" in err


# -- the progress bar --------------------------------------------------------------------------

def test_progress_bar_on_stderr_only_when_asked_or_on_a_terminal():
    argv = ["sensitivity", "baseline", "--kpi", "profit_cny", "-p", "shop.gross_margin",
            "--json", *FAST]
    code, out, err = cli(*argv, "--progress")
    assert code == 0
    strict_json(out)                              # the bar never gets into the JSON
    assert "6/6 simulations" in err and "#" in err
    code, out, err = cli(*argv)                   # stderr is not a terminal: no bar
    assert code == 0 and err == ""
    code, out, err = cli(*argv, stderr=_Tty())    # a terminal: a bar
    assert code == 0 and "6/6 simulations" in err
    code, out, err = cli(*argv, "--no-progress", stderr=_Tty())
    assert code == 0 and err == ""


def test_python_dash_m_runs_an_analysis_command():
    import subprocess
    from pathlib import Path

    proc = subprocess.run([sys.executable, "-m", "simulation", "sensitivity", "baseline",
                           "--kpi", "profit_cny", "-p", "shop.gross_margin", "--json", *FAST],
                          cwd=Path(__file__).resolve().parents[2], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert strict_json(proc.stdout)["parameters"][0]["path"] == "shop.gross_margin"
