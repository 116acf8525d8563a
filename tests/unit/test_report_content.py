"""The reports' shared content (ui/report/common.py): the summary's numbers are the
comparison's numbers as the compare page formats them, a comparison within noise says so,
the appendix has the STRESS-DES parts and the limitations, and the stored validation summary
belongs to this model version and its registered checks."""

from __future__ import annotations

import math
import re
from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from simulation import (MODEL_VERSION, SCHEMA_VERSION, abatement_cost, compare_to,
                        load_scenario, run_experiment)
from simulation.strings import TEXT
from ui import compare_tables
from ui.i18n import fmt_kpi, kpi_label, number
from ui.report import common
from ui.report.model import Section

SMALL = {"run.horizon_days": 30, "customers.initial_customers": 2000}
IDS = ("preset:baseline", "preset:green_packaging", "preset:green_logistics")
NAMES = {"zh": dict(zip(IDS, ("基准情景", "绿色包装", "绿色物流"), strict=True)),
         "en": dict(zip(IDS, ("Baseline", "Green packaging", "Green logistics"), strict=True))}


@pytest.fixture(scope="module")
def scenarios():
    return {sid: load_scenario(sid.split(":")[1]).with_changes(SMALL) for sid in IDS}


@pytest.fixture(scope="module")
def kpis(scenarios):
    return run_experiment(scenarios, replications=4, seed=3, workers=1)


def _finding_numbers(kpi: str, row: pd.Series, worse: bool) -> list[str]:
    p = float(row["prob_better"])
    return [fmt_kpi(kpi, row["diff_mean"], signed=True), fmt_kpi(kpi, row["ci_low"], signed=True),
            fmt_kpi(kpi, row["ci_high"], signed=True),
            common.probability(1.0 - p if worse else p)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_numbers_are_the_comparisons_numbers(kpis, lang):
    names = NAMES[lang]
    compared = compare_to(kpis, IDS[0])
    abatement = abatement_cost(kpis, IDS[0])
    summary = common.comparison_summary(compared, abatement, names, IDS[0], lang)
    assert len(summary) == 1 + 2 and names[IDS[0]] in summary[0]
    c = compared.set_index(["scenario", "kpi"])
    seen = 0
    for i, sid in enumerate(IDS[1:], start=1):
        text = summary[i]
        assert names[sid] in text
        for k in common.HEADLINE:
            r = c.loc[(sid, k)]
            verdict = compare_tables.verdict(k, r["ci_low"], r["ci_high"], r["diff_mean"])
            if verdict in ("better", "worse"):
                finding = TEXT["report.finding_prob"][lang].format(
                    kpi=kpi_label(k, lang), **dict(zip(("diff", "low", "high", "prob"),
                                                      _finding_numbers(k, r, verdict == "worse"),
                                                      strict=True)))
                assert finding in text, (finding, text)
                seen += 1
            elif verdict == "unclear":
                assert kpi_label(k, lang) in text and "(" + kpi_label(k, lang) not in text
        a = abatement.set_index("scenario").loc[sid]
        cost = a["cost_per_t_avoided_cny"]
        if math.isfinite(cost):
            assert number(a["carbon_avoided_t"], decimals=2) in text
            shown = common.money(-cost) if cost < 0 else common.money(cost)
            assert shown in text
            assert f"{common.money(a['ci_low'])} – {common.money(a['ci_high'])}" in text
        else:
            assert TEXT["report.abate_none"][lang].format(scenario=names[sid]) in text
    assert seen >= 2          # both green scenarios cut carbon beyond noise
    # no number in the summary that is not one of the comparison's (formatted) numbers
    allowed = set()
    for (_sid, k), r in c.iterrows():
        allowed.update(_finding_numbers(k, r, False) + _finding_numbers(k, r, True))
    for _, a in abatement.iterrows():
        allowed.update({number(a["carbon_avoided_t"], decimals=2),
                        *(common.money(a[f]) for f in ("cost_per_t_avoided_cny", "ci_low",
                                                         "ci_high")),
                        common.money(-a["cost_per_t_avoided_cny"])})
    numbers = re.findall(r"[-+]?¥?\d(?:[\d,]*\d)?(?:\.\d+)?(?: kg| 个百分点| pp|%)?", " ".join(summary[1:]))
    loose = [n for n in numbers if not any(n in a for a in allowed) and n not in ("95%", "95", "2")]
    assert not loose, loose


def _frame(shift_carbon: float, shift_profit: float, noise: float = 1.0, n: int = 6):
    """Two scenarios' KPIs: b = a + a shift + noise (same random numbers otherwise)."""
    rng = np.random.default_rng(7)
    base = {k: 1000.0 + 100 * rng.standard_normal(n) for k in common.HEADLINE}
    rows = []
    for sid, shift in (("a", (0.0, 0.0)), ("b", (shift_carbon, shift_profit))):
        for i in range(n):
            row = {"scenario": sid, "replication": i}
            for k in common.HEADLINE:
                v = base[k][i] + (noise * rng.standard_normal() if sid == "b" else 0.0)
                row[k] = v / 1000.0 if k in ("retention_90d", "repeat_purchase_rate") else v
            row["carbon_kg_total"] += shift[0] if sid == "b" else 0.0
            row["profit_cny"] += shift[1] if sid == "b" else 0.0
            rows.append(row)
    return pd.DataFrame(rows)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_comparison_within_noise_says_so(lang):
    df = _frame(0.0, 0.0)
    compared = compare_to(df, "a")
    assert ((compared["ci_low"] <= 0) & (compared["ci_high"] >= 0)).all()   # all within noise
    names = {"a": "A", "b": "B"}
    summary = common.comparison_summary(compared, abatement_cost(df, "a"), names, "a", lang)
    assert TEXT["report.all_noise"][lang].format(scenario="B", reference="A") in summary[1]
    assert TEXT["report.abate_none"][lang].format(scenario="B") in summary[1]
    assert not any(w in summary[1] for w in ("better on", "worse on", "更好", "更差"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_scenario_that_saves_money_while_cutting_carbon(lang):
    df = _frame(-500.0, 300.0)
    abatement = abatement_cost(df, "a")
    a = abatement.iloc[0]
    assert a["cost_per_t_avoided_cny"] < 0
    summary = common.comparison_summary(compare_to(df, "a"), abatement, {"a": "A", "b": "B"},
                                        "a", lang)
    expected = TEXT["report.abate_saves"][lang].format(
        scenario="B", avoided=number(a["carbon_avoided_t"], decimals=2),
        saving=common.money(-a["cost_per_t_avoided_cny"]),
        cost=common.money(a["cost_per_t_avoided_cny"]),
        interval=f"{common.money(a['ci_low'])} – {common.money(a['ci_high'])}")
    assert expected in summary[1]


def test_kpi_table_cells_are_the_compare_pages(kpis):
    from ui.compare_tables import bounded_summary

    summary = bounded_summary(kpis)
    for lang in ("zh", "en"):
        names = NAMES[lang]
        table = common.kpi_table(summary, names, lang)
        page = compare_tables.kpi_table(summary, names, lang, list(common.HEADLINE))
        assert table.kind == "kpi" and table.columns[1:] == list(page.columns)
        assert [r[0] for r in table.rows] == list(page.index)
        assert [r[1:] for r in table.rows] == page.to_numpy().tolist()


def test_bounded_summary_is_the_apps(kpis):
    from ui.runner import Results

    app = Results(kpis=kpis, daily=pd.DataFrame(), breakdown=pd.DataFrame(),
                  cohorts=pd.DataFrame(), seed=3, replications=4).summary()
    pd.testing.assert_frame_equal(compare_tables.bounded_summary(kpis), app)


def test_facts_name_versions_seed_and_date():
    when = datetime(2026, 3, 4, 12, 0)
    for lang in ("zh", "en"):
        facts = dict(common.facts(lang, scenarios=["A", "B"], seed=9, replications=7,
                                  horizon_days=365, created=when, extra=[("x", "y")]))
        assert facts[TEXT["report.fact_model"][lang]] == MODEL_VERSION
        assert facts[TEXT["report.fact_schema"][lang]] == str(SCHEMA_VERSION)
        assert facts[TEXT["report.fact_seed"][lang]] == "9"
        assert facts[TEXT["report.fact_replications"][lang]] == "7"
        assert facts[TEXT["report.fact_date"][lang]] == "2026-03-04"
        assert "365" in facts[TEXT["report.fact_horizon"][lang]] and facts["x"] == "y"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_appendix_has_sources_limitations_and_the_six_stress_parts(scenarios, lang):
    parts = common.appendix(lang, scenarios, seed=3, replications=4)
    assert all(isinstance(s, Section) for s in parts)
    headings = [s.heading for s in parts]
    for part in ("objectives", "logic", "data", "experimentation", "implementation", "code"):
        assert TEXT[f"report.stress_{part}"][lang] in headings
    limits = next(s for s in parts if s.heading == TEXT["report.limitations_title"][lang])
    assert limits.bullets == [TEXT[f"methodology.lim_{i}"][lang] for i in range(1, 12)]
    bib = next(s for s in parts if s.heading == TEXT["report.bibliography_title"][lang])
    assert any("ESG 视角下中小电商精准营销破局策略" in b for b in bib.bullets)
    assert any("Fader" in b for b in bib.bullets) and any("STRESS" in b for b in bib.bullets)
    (table,) = next(s for s in parts if s.heading == TEXT["report.assumptions_title"][lang]).tables
    labels = [r[0] for r in table.rows]
    from simulation.scenario import parameter_table
    rows = {r["path"]: r for r in parameter_table()}
    electric = rows["logistics.electric_share"]
    assert (electric["label_zh"] if lang == "zh" else electric["label_en"]) in labels  # differs
    assert all(r[2] for r in table.rows)                         # every row names its source
    experimentation = next(s for s in parts if s.heading == TEXT["report.stress_experimentation"][lang])
    assert "4" in experimentation.paragraphs[0] and "30" in experimentation.paragraphs[0]
    assert all(s.notes for s in parts)                            # speaker notes everywhere


def test_the_stored_validation_summary_is_this_model_versions():
    from simulation.verification import REGISTRY, stored

    summary = stored.load()
    assert summary is not None, "regenerate: python -m simulation.verification.stored"
    assert summary["model_version"] == MODEL_VERSION
    assert summary["functions"] == stored.registered_functions()
    assert set(summary["categories"]) == {c for c, _ in REGISTRY.values()}
    counts = sum(c["passed"] + c["failed"] for c in summary["categories"].values())
    assert counts == len(summary["checks"]) > 0
    section = common.validation_summary("en", None)
    assert section.tables and section.tables[0].rows
    assert summary["date"] in section.paragraphs[0]


def test_a_live_validation_run_is_used_when_given():
    from simulation.verification import Check

    checks = [Check("a", "queueing", "r", 1.0, 1.0, 0.0, 0.1, True),
              Check("b", "queueing", "r", 1.0, 2.0, 0.0, 0.1, False)]
    section = common.validation_summary("zh", checks)
    assert section.tables[0].rows == [[TEXT["report.category_queueing"]["zh"], "1", "1"]]
    assert TEXT["report.validation_live"]["zh"] in section.paragraphs


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_cost_per_tonne_whose_interval_includes_zero_is_within_noise(lang):
    df = _frame(-500.0, 0.0, noise=50.0)
    abatement = abatement_cost(df, "a")
    a = abatement.iloc[0]
    assert a["ci_low"] < 0 < a["ci_high"]
    summary = common.comparison_summary(compare_to(df, "a"), abatement, {"a": "A", "b": "B"},
                                        "a", lang)
    expected = TEXT["report.abate_unclear"][lang].format(
        scenario="B", avoided=number(a["carbon_avoided_t"], decimals=2),
        cost=common.money(a["cost_per_t_avoided_cny"]),
        interval=f"{common.money(a['ci_low'])} – {common.money(a['ci_high'])}")
    assert expected in summary[1]
