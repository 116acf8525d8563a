"""The budget optimiser page, driven through Streamlit's AppTest, and its store-backed runner
(``ui.runner.kpi_runner``): nothing runs before the button; a small optimisation of a
short-horizon scenario shows the recommendation, the Pareto chart and the marginal table
within the bounds set; an unreachable constraint is an error naming it; the recommendation
goes to the builder or the library."""

from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from simulation import Scenario
from simulation.analysis import BudgetRecommendation
from simulation.experiment import ReplicationDetail, run_replications, t_interval
from simulation.loader import apply_changes
from simulation.scenario import CHANNELS
from ui import budget_charts, library, limits, optimiser, runner, workspace
from ui.i18n import TEXT, fmt_kpi, kpi_label

TIMEOUT_S = 180
PAGE = "pages/5_optimiser.py"
SHORT = {"run.horizon_days": 120, "customers.initial_customers": 2000}   # ~0.1 s a run
SMALL = {optimiser.REPS: 2, optimiser.DESIGN: optimiser.MIN_DESIGN_POINTS,
         optimiser.DESIGN_REPS: 1}
MIN_ESG, MAX_SEARCH = 10.0, 30.0          # percent, as typed on the page
ENTRY = "优化后的分配"


def tx(key: str, lang: str = "en", **fields) -> str:
    return TEXT[key][lang].format(**fields)


def new_app(repo_root, lang: str = "en", working: dict | None = None, **state) -> AppTest:
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
    at.query_params["lang"] = lang
    if working is not None:
        at.session_state["working"] = working
    for k, v in state.items():
        at.session_state[k] = v
    return at.switch_page(PAGE)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def table(at: AppTest, first_column: str, n: int = 0):
    """The ``n``-th st.dataframe whose first column is ``first_column``."""
    found = [d.value for d in at.dataframe if (list(d.value.columns) or [None])[0] == first_column]
    assert len(found) > n, f"no table starting with {first_column!r}"
    return found[n]


def charts(at: AppTest) -> list:
    return [*at.get("vega_lite_chart"), *at.get("arrow_vega_lite_chart")]


@pytest.fixture(scope="module")
def lib_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("optimiser") / "library"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ESG_SIM_LIBRARY", str(path))
        yield path


# --- the runner ----------------------------------------------------------------------------------

def test_kpi_runner_simulates_only_what_the_store_lacks(monkeypatch):
    fresh = runner._Store()
    monkeypatch.setattr(runner, "store", lambda: fresh)

    calls = []
    real_simulate = runner.simulate

    def counting(tasks, seed, **kw):           # through the server's scheduler
        calls.append([(name, i) for name, _sc, i in tasks])
        return real_simulate(tasks, seed, **kw)

    monkeypatch.setattr(runner, "simulate", counting)
    a = Scenario().with_changes({"run.horizon_days": 30, "customers.initial_customers": 300})
    b = a.with_changes({"packaging.option": "recycled_carton"})
    tasks = [("a", a, 0), ("a", a, 1), ("twin", a, 1), ("b", b, 0)]
    seen = []
    out = runner.kpi_runner(tasks, 7, lambda done, total: seen.append((done, total)))
    assert set(out) == {("a", 0), ("a", 1), ("twin", 1), ("b", 0)}
    assert out[("twin", 1)] is not out[("a", 1)]                 # own copies ...
    assert out[("twin", 1)] == pytest.approx(out[("a", 1)], nan_ok=True)   # ... of one run
    assert len(calls) == 1 and len(calls[0]) == 3 and seen[-1] == (3, 3)
    direct = run_replications([("x", b, 0)], seed=7, workers=1)
    assert out[("b", 0)] == pytest.approx(direct[("x", 0)], nan_ok=True)    # the same numbers
    stored = runner.store().get((b.fingerprint(), 7, 0))
    assert isinstance(stored, ReplicationDetail)                 # as runner.run keeps them
    # a second call (other names, one more replication) simulates only the new one
    seen.clear()
    again = runner.kpi_runner([("c", a, 0), ("c", a, 2)], 7, lambda d, n: seen.append((d, n)))
    assert again[("c", 0)] == pytest.approx(out[("a", 0)], nan_ok=True)
    assert calls[-1] == [(a.fingerprint(), 2)] and seen == [(1, 1)]
    runner.kpi_runner([("c", a, 0)], 7)
    assert len(calls) == 2                                       # all from the store
    with pytest.raises(limits.LimitError):
        runner.kpi_runner([("long", a.with_changes({"run.horizon_days": 800}), 0)], 7)


def test_a_click_on_the_pareto_chart_chooses_that_point(monkeypatch):
    """The chart's on_select callback (a browser click sends {"selection": {"pick": [...]}})."""
    state = {optimiser.PICK_KEY: 0,
             optimiser.CHART_KEY: {"selection": {"pick": [{"point": 3}]}}}
    monkeypatch.setattr(optimiser.st, "session_state", state)
    optimiser._on_pick()
    assert state[optimiser.PICK_KEY] == 3
    state[optimiser.CHART_KEY] = {"selection": {"pick": []}}       # a click beside the points
    optimiser._on_pick()
    assert state[optimiser.PICK_KEY] == 3


# --- the page ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_renders_and_runs_nothing_before_the_button(repo_root, lib_dir, monkeypatch, lang):
    def refuse(*args, **kwargs):
        raise AssertionError("simulated before the button")

    monkeypatch.setattr(optimiser, "optimise_budget", refuse)
    at = ok(new_app(repo_root, lang).run())
    assert at.title[0].value == tx("optimiser.title", lang)
    assert at.button(key=optimiser.RUN_BUTTON).label == tx("optimiser.run", lang)
    assert [i.value for i in at.info] == [tx("optimiser.press", lang)]
    assert not at.error and not charts(at)
    objective = at.selectbox(key=f"_w_{optimiser.OBJECTIVE}@{lang}")
    assert objective.value == "profit_cny"
    assert at.radio(key=f"_w_{optimiser.MAXIMISE}@{lang}").value is True
    # a KPI where less is better turns the direction to minimise
    objective.set_value("carbon_kg_total")
    ok(at.run())
    assert at.radio(key=f"_w_{optimiser.MAXIMISE}@{lang}").value is False
    # the constraint's value shows the KPI's unit; a KPI without a value is a message
    at.selectbox(key=f"_w_{optimiser.c_key(1, 'kpi')}@{lang}").set_value("retention_90d")
    ok(at.run())
    assert at.number_input(key=f"_w_{optimiser.c_key(1, 'value')}").label.endswith("(%)")
    assert [w.value for w in at.warning] == [tx("optimiser.constraint_no_value", lang, n=1)]
    assert at.button(key=optimiser.RUN_BUTTON).disabled


@pytest.fixture(scope="module")
def optimised(repo_root, lib_dir, wait_jobs, jobs_of):
    """The page after a small optimisation: ESG content at least 10%, search at most 30%
    (a background job)."""
    at = new_app(repo_root, working=dict(SHORT), **SMALL)
    ok(at.run())
    at.number_input(key=f"_w_{optimiser.MIN_ESG}").set_value(MIN_ESG)
    at.number_input(key=f"_w_{optimiser.bound_key('search', 'max')}").set_value(MAX_SEARCH)
    ok(at.run())
    ok(at.button(key=optimiser.RUN_BUTTON).click().run())
    (job,) = jobs_of(at)
    assert job.slot == optimiser.JOB_SLOT
    ok(wait_jobs(at))
    assert job.succeeded and not at.error, [e.value for e in at.error]
    return at


def result(at: AppTest) -> BudgetRecommendation:
    return at.session_state[optimiser.RESULT_KEY][1]


def test_small_optimisation_shows_the_recommendation_within_the_bounds(optimised):
    at, rec = optimised, result(optimised)
    assert rec.feasible and rec.simulations > 0
    assert rec.shares["esg_content"] >= MIN_ESG / 100 - 1e-9
    assert rec.shares["search"] <= MAX_SEARCH / 100 + 1e-9
    assert all(0.0 <= rec.shares[c] <= 1.0 for c in CHANNELS)
    assert sum(rec.shares.values()) == pytest.approx(1.0)
    # the current split (ESG content 4%, search 37%) is outside the bounds: said so
    assert any(i.value == tx("optimiser.current_outside") for i in at.info)
    # so the headline compares the recommendation with the best other split that meets
    # them (never a probability against a split that breaks them) and says why the current
    # split is out: its ESG content share against the minimum
    ref = rec.reference
    assert rec.current_feasible is False and ref["kind"] in ("alternative", "none")
    if ref["kind"] == "alternative":
        assert rec.pareto[ref["index"]]["feasible"] and not rec.pareto[ref["index"]]["current"]
        want = tx("optimiser.headline_alt", n=ref["index"] + 1,
                  p=f"{ref['prob_better'] * 100:.0f}%")
    else:
        want = tx("optimiser.headline_only")
    assert want in [s.value for s in at.subheader]
    assert not any(s.value.startswith(tx("optimiser.headline", p="")) for s in at.subheader)
    out = tx("optimiser.out_min_share", channel="ESG content", value="4.0%", limit="10.0%")
    assert any(out in m.value for m in at.markdown)
    kpis = table(at, "KPI")
    assert kpis["KPI"].iloc[0] == kpi_label("profit_cny", "en")
    # every KPI the 120-day horizon measures shows its interval; repeat purchase within 365
    # days of a first order and the 180-day value cannot be measured and show a dash
    cells = dict(zip(kpis["KPI"], kpis[tx("optimiser.col_recommended")], strict=True))
    assert "–" in cells[kpi_label("profit_cny", "en")]
    assert all("–" in cell or cell.strip() == "—" for cell in cells.values())
    why = table(at, "Channel")
    assert len(why) == len(CHANNELS)
    assert why.set_index("Channel").loc["ESG content", tx("optimiser.col_share")] == \
        f"{rec.shares['esg_content'] * 100:.1f}%"
    assert len(charts(at)) >= 4        # shares, Pareto, the chosen point's shares, responses
    assert any(s.value == tx("optimiser.pareto_heading") for s in at.subheader)
    assert any("Metamodel" in c.value for c in at.caption)
    point = next(p for p in rec.pareto if p["recommended"])
    said = tx("optimiser.predicted_vs_confirmed", kpi=kpi_label("profit_cny", "en"),
              predicted=fmt_kpi("profit_cny", point["predicted"]["profit_cny"], lang="en"),
              confirmed=fmt_kpi("profit_cny", point["kpis"]["profit_cny"]["mean"], lang="en"),
              d=1, n=2)
    assert any(said in c.value for c in at.caption)


def test_a_rerun_redraws_without_simulating(optimised, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("simulated again")

    monkeypatch.setattr(optimiser, "optimise_budget", refuse)
    ok(optimised.run())
    assert table(optimised, "KPI") is not None
    # another Pareto point chosen (as a click on the chart does) shows its own split
    points = result(optimised).pareto
    other = next(i for i, p in enumerate(points) if not p["recommended"])
    optimised.selectbox(key=f"_w_{optimiser.PICK_KEY}@en").set_value(other)
    ok(optimised.run())
    assert optimised.button(key="opt_apply_point").label == tx("optimiser.apply_point", n=other + 1)
    chosen = table(optimised, "KPI", n=1)
    assert chosen.columns[-1] == tx("optimiser.col_point")
    mean = points[other]["kpis"]["carbon_kg_total"]["mean"]
    row = chosen.set_index("KPI").loc[kpi_label("carbon_kg_total", "en")]
    assert row.iloc[-1].startswith(fmt_kpi("carbon_kg_total", mean, lang="en"))
    # the other language shows the same result (and the same chosen point)
    ok(optimised.radio(key="_w_lang").set_value("zh").run())
    assert any(h.value.startswith("推荐方案") for h in optimised.subheader)
    assert optimised.selectbox(key=f"_w_{optimiser.PICK_KEY}@zh").value == other
    ok(optimised.radio(key="_w_lang").set_value("en").run())


def test_save_to_library_asks_before_overwriting(optimised, lib_dir):
    at = optimised
    at.text_input(key=optimiser.SAVE_NAME).input(ENTRY)
    ok(at.button(key="opt_save").click().run())
    assert any(s.value == tx("optimiser.saved", name=ENTRY) for s in at.success)
    mine = library.Library(lib_dir, workspace=at.session_state[workspace.STATE_KEY])
    saved = mine.load(ENTRY)
    assert saved.marketing.shares.as_dict() == pytest.approx(result(at).shares)
    ok(at.button(key="opt_save").click().run())                  # the same name again
    assert any(w.value == tx("optimiser.confirm_overwrite", name=ENTRY) for w in at.warning)
    ok(at.button(key="opt_overwrite").click().run())
    assert any(s.value == tx("optimiser.saved", name=ENTRY) for s in at.success)
    assert [e.name for e in mine.entries()[0]] == [ENTRY]
    assert library.Library(lib_dir).entries() == ([], [])        # not the shared workspace


def test_apply_puts_the_recommendation_into_the_builder(optimised):
    at, rec = optimised, result(optimised)
    ok(at.button(key="opt_apply").click().run())
    working = apply_changes(Scenario(), at.session_state["working"])
    assert working.marketing.shares.as_dict() == pytest.approx(rec.shares)
    assert working.run.horizon_days == SHORT["run.horizon_days"]          # the rest kept
    assert at.title[0].value == tx("builder.title")                       # now on the builder
    assert any(s.value == tx("optimiser.applied") for s in at.success)


def test_a_reload_brings_the_inputs_and_the_recommendation_back(optimised, repo_root):
    reloaded = new_app(repo_root)
    reloaded.query_params[workspace.PARAM] = optimised.session_state[workspace.STATE_KEY]
    ok(reloaded.run())
    assert reloaded.session_state["working"] == SHORT
    assert reloaded.number_input(key=f"_w_{optimiser.MIN_ESG}").value == MIN_ESG
    assert result(reloaded) is result(optimised)
    assert table(reloaded, "KPI") is not None
    assert tx("optimiser.current_outside") in [i.value for i in reloaded.info]
    assert tx("optimiser.press") not in [i.value for i in reloaded.info]


def test_an_unreachable_constraint_names_it(repo_root, lib_dir, wait_jobs):
    state = {**SMALL, optimiser.c_key(1, "kpi"): "carbon_kg_total", optimiser.c_key(1, "op"): "<=",
             optimiser.c_key(1, "value"): 1.0}
    at = ok(new_app(repo_root, lang="zh", working=dict(SHORT), **state).run())
    ok(at.button(key=optimiser.RUN_BUTTON).click().run())
    ok(wait_jobs(at))
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and kpi_label("carbon_kg_total", "zh") in errors[0]
    assert "≤" in errors[0] and "达到" in errors[0]
    assert len(at.dataframe) == 1 and not charts(at)          # the current split, nothing else


def test_limits_and_bad_bounds_are_messages(repo_root, lib_dir, wait_jobs):
    long = {**SHORT, "run.horizon_days": limits.MAX_HORIZON_DAYS + 10}
    at = ok(new_app(repo_root, working=long, **SMALL).run())
    ok(at.button(key=optimiser.RUN_BUTTON).click().run())
    assert [e.value for e in at.error] == [tx("common.limit_horizon", name="current",
                                              days=limits.MAX_HORIZON_DAYS + 10,
                                              limit=limits.MAX_HORIZON_DAYS)]
    # searching the total too needs more design points than the shares alone
    at = ok(new_app(repo_root, working=dict(SHORT), **SMALL, **{optimiser.BUDGET_ON: True}).run())
    ok(at.button(key=optimiser.RUN_BUTTON).click().run())
    least = optimiser.min_design_points(budget=True)
    assert [e.value for e in at.error] == [tx("optimiser.limit_design", n=SMALL[optimiser.DESIGN],
                                              lo=least, hi=optimiser.MAX_DESIGN_POINTS)]
    # minimums over 100% in total: infeasible at once, no simulation
    state = {**SMALL, **{optimiser.bound_key(c, "min"): 30.0 for c in CHANNELS}}
    at = ok(new_app(repo_root, working=dict(SHORT), **state).run())
    ok(at.button(key=optimiser.RUN_BUTTON).click().run())
    ok(wait_jobs(at))
    assert [e.value for e in at.error] == [tx("optimiser.infeasible_min_sum", total="180.0%")]
    # a minimum above the maximum is a message before anything runs
    state = {optimiser.bound_key("feed", "min"): 50.0, optimiser.bound_key("feed", "max"): 20.0}
    at = ok(new_app(repo_root, working=dict(SHORT), **state).run())
    assert any("Feed" in w.value and "50%" in w.value for w in at.warning)
    assert at.button(key=optimiser.RUN_BUTTON).disabled


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_binding_lines_name_every_kind_of_bound(lang):
    class Rec:
        binding_constraints = [
            {"name": "carbon_kg_total<=30000", "kind": "kpi", "kpi": "carbon_kg_total",
             "limit": 30000.0, "value": 29950.0, "slack": 50.0},
            {"name": "min_share:esg_content>=0.1", "kind": "min_share",
             "channel": "esg_content", "limit": 0.1, "value": 0.1, "slack": 0.0},
            {"name": "max_share:search<=0.3", "kind": "max_share", "channel": "search",
             "limit": 0.3, "value": 0.3, "slack": 0.0},
            {"name": "budget>=100000", "kind": "budget_min", "limit": 100000.0,
             "value": 100000.0, "slack": 0.0},
            {"name": "budget<=250000", "kind": "budget_max", "limit": 250000.0,
             "value": 250000.0, "slack": 0.0},
        ]

    lines = optimiser.binding_lines(Rec(), lang)
    assert len(lines) == 5
    assert kpi_label("carbon_kg_total", lang) in lines[0]
    assert "10.0%" in lines[1] and "30.0%" in lines[2]
    assert fmt_kpi("marketing_cny", 100000.0, lang=lang) in lines[3]
    assert fmt_kpi("marketing_cny", 250000.0, lang=lang) in lines[4]
    assert not any("budget>=" in line or "<=" in line.split("“")[0] for line in lines[3:])


# --- one number per question: the session's run settings, the current split's KPIs ------------

def test_run_settings_follow_the_session_until_changed_here(repo_root, lib_dir, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("simulated before the button")

    monkeypatch.setattr(optimiser, "optimise_budget", refuse)
    at = ok(new_app(repo_root, working=dict(SHORT), run_seed=5, run_replications=3).run())
    assert at.number_input(key=f"_w_{optimiser.SEED}").value == 5
    assert at.number_input(key=f"_w_{optimiser.REPS}").value == 3
    assert (at.session_state[optimiser.SEED], at.session_state[optimiser.REPS]) == (5, 3)
    assert any(tx("optimiser.source_session") in c.value for c in at.caption)
    # the builder's settings change: the page follows
    at.session_state["run_replications"] = 4
    ok(at.run())
    assert at.number_input(key=f"_w_{optimiser.REPS}").value == 4
    # changed here: the page keeps its own and says so
    at.number_input(key=f"_w_{optimiser.REPS}").set_value(6)
    ok(at.run())
    at.session_state["run_replications"] = 7
    ok(at.run())
    assert at.number_input(key=f"_w_{optimiser.REPS}").value == 6
    assert any(tx("optimiser.source_page", n=7, seed=5) in c.value for c in at.caption)
    # a value out of range is a message naming the range, and nothing can run
    at.number_input(key=f"_w_{optimiser.REPS}").set_value(limits.MAX_REPLICATIONS + 1)
    ok(at.run())
    assert any(f"2 to {limits.MAX_REPLICATIONS:,}" in e.value for e in at.error)
    assert at.button(key=optimiser.RUN_BUTTON).disabled
    assert at.session_state[optimiser.REPS] == 6          # the last accepted value
    at.number_input(key=f"_w_{optimiser.bound_key('feed', 'max')}").set_value(150.0)
    ok(at.run())
    assert any("Feed" in e.value and "0 to 100" in e.value for e in at.error)


def test_the_current_split_is_the_builders_scenario_at_the_session_settings(
        repo_root, lib_dir, wait_jobs):
    at = ok(new_app(repo_root, working=dict(SHORT), run_seed=3, run_replications=3).run())
    assert at.button(key="opt_current_run").label == tx("optimiser.current_run", n=3)
    ok(at.button(key="opt_current_run").click().run())
    ok(wait_jobs(at))
    shown = {m.label: m.value for m in at.metric}
    # the same scenario simulated directly at the same seed and replications
    sc = apply_changes(Scenario(), dict(SHORT))
    df = run_replications([("x", sc, i) for i in range(3)], seed=3, workers=1)
    for k in optimiser.CURRENT_KPIS:
        mean, _lo, _hi = t_interval(np.array([df[("x", i)][k] for i in range(3)]))
        assert shown[kpi_label(k, "en")] == fmt_kpi(k, mean, lang="en"), k
    profit = [c.value for c in at.caption if c.value.startswith("95% interval")]
    assert profit, "profit shows its interval"
    assert any(tx("optimiser.current_from_store", n=3, seed=3) == c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_headline_never_weighs_the_recommendation_against_a_split_that_breaks_the_rules(lang):
    """The reported case: profit maximised under carbon ≤ 32,000 kg and ESG ≥ 10%, the
    current split over the carbon cap. The headline compares with the best other feasible
    split and says, in itself, why the current split is out (value against the limit)."""
    from types import SimpleNamespace

    rec = SimpleNamespace(
        current_feasible=False, prob_better=0.0,
        current_violations=[{"kind": "kpi", "kpi": "carbon_kg_total", "op": "<=",
                             "limit": 32000.0, "value": 35217.0},
                            {"kind": "min_share", "channel": "esg_content", "limit": 0.1,
                             "value": 0.04}],
        reference={"kind": "alternative", "index": 3, "prob_better": 0.83})
    heading, why = optimiser.headline(rec, lang)
    assert heading == tx("optimiser.headline_alt", lang, n=4, p="83%")
    assert "0%" not in heading
    carbon = kpi_label("carbon_kg_total", lang)
    assert carbon in why and "35,217 kg" in why and "≤ 32,000 kg" in why
    assert "4.0%" in why and "10.0%" in why
    # the recommendation the only feasible split: said so, no probability at all
    rec.reference = {"kind": "none"}
    heading, why = optimiser.headline(rec, lang)
    assert heading == tx("optimiser.headline_only", lang) and "%" not in heading
    assert "35,217 kg" in why
    # a feasible current split: the usual headline, nothing about it being out
    rec.reference, rec.current_feasible, rec.prob_better = {"kind": "current"}, True, 0.91
    assert optimiser.headline(rec, lang) == (tx("optimiser.headline", lang, p="91%"), "")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_why_this_split_claims_only_what_the_marginals_show(lang):
    from types import SimpleNamespace

    import pandas as pd

    rows = [{"channel": c, "share": 1 / 6, "spend_cny_month": 30000.0,
             "new_customers_per_1000_cny": 1.0, "objective_per_1000_cny": 100.0 * i,
             "objective_per_1000_se": 10.0, "constrained_per_1000_cny": 1.0,
             "constrained_per_1000_se": 12.0, "at_bound": ""} for i, c in enumerate(CHANNELS)]
    check = {"inside": list(CHANNELS), "multipliers": {"carbon_kg_total<=32000": 2.5},
             "p_value": 0.001, "consistent": False}
    rec = SimpleNamespace(objective="profit_cny", marginal=pd.DataFrame(rows),
                          marginal_check=check, metamodel={"design_replications": 2})
    channels = ("、" if lang == "zh" else ", ").join(
        budget_charts.channel_name(c, lang) for c in CHANNELS)
    lines = optimiser.why_lines(rec, lang)
    assert tx("optimiser.why_inconsistent", lang, channels=channels, p="0.00") in lines
    assert tx("optimiser.why_consistent", lang, channels=channels, p="0.00") not in lines
    assert any(kpi_label("carbon_kg_total", lang) in line for line in lines)   # which binds
    table_ = optimiser.marginal_table(rec, lang)
    assert list(table_.columns)[-2] == tx("optimiser.col_constrained", lang)
    assert table_.iloc[1, 4] == "+¥100 ± ¥10"          # each marginal with its error
    check["consistent"], check["p_value"] = True, 0.6
    assert tx("optimiser.why_consistent", lang, channels=channels, p="0.60") in \
        optimiser.why_lines(rec, lang)


def test_presentation_view_shows_the_scenario_name_and_no_controls(repo_root, lib_dir,
                                                                    monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("simulated in presentation view")

    monkeypatch.setattr(optimiser, "optimise_budget", refuse)
    at = ok(new_app(repo_root, working=dict(SHORT), presentation=True).run())
    assert at.title[0].value == "Baseline"                # the scenario's name at the top
    assert not at.number_input and not at.selectbox       # no controls
    assert not [b for b in at.button if b.key in (optimiser.RUN_BUTTON, "opt_current_run")]
    assert any(tx("optimiser.current_not_run", n=limits.DEFAULT_REPLICATIONS, seed=1) == c.value
               for c in at.caption)
