"""The budget optimiser page, driven through Streamlit's AppTest, and its store-backed runner
(``ui.runner.kpi_runner``): nothing runs before the button; a small optimisation of a
short-horizon scenario shows the recommendation, the Pareto chart and the marginal table
within the bounds set; an unreachable constraint is an error naming it; the recommendation
goes to the builder or the library."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from simulation import Scenario
from simulation.analysis import BudgetRecommendation
from simulation.experiment import ReplicationDetail, run_replications
from simulation.loader import apply_changes
from simulation.scenario import CHANNELS
from ui import library, limits, optimiser, runner, workspace
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
    headline = [s.value for s in at.subheader if s.value.startswith("Probability")]
    assert headline and headline[0].endswith("%")
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
              confirmed=fmt_kpi("profit_cny", point["kpis"]["profit_cny"]["mean"], lang="en"))
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
    assert any(h.value.startswith("推荐方案优于当前分配的概率") for h in optimised.subheader)
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
