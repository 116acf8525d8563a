"""The sensitivity & attribution page, driven through Streamlit's AppTest (ui/sensitivity.py):
nothing runs until a Run button is pressed; a tornado and an attribution on short-horizon
scenarios draw their charts and tables, and switching the KPI redraws them without a
single new simulation; contributions add up to the difference shown; bad input gives a
message, never a traceback. Also the builder's sixth tab (fan charts)."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from simulation import Scenario
from simulation.analysis import DEFAULT_SENSITIVITY_PARAMETERS
from ui import jobs, limits, runner, sensitivity, workspace
from ui.i18n import TEXT, fmt_kpi, kpi_label, tx

TIMEOUT_S = 180
PAGE = "pages/4_sensitivity.py"
SHORT = {"run.horizon_days": 60, "customers.initial_customers": 2000}
TWO = ["shop.gross_margin", "customers.eco_share"]
GREENER = {"run.horizon_days": 60, "packaging.option": "recycled_carton",
           "logistics.electric_share": 0.5}


def en(key: str, **fields) -> str:
    return TEXT[key]["en"].format(**fields)


@pytest.fixture(autouse=True)
def lib_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ESG_SIM_LIBRARY", str(tmp_path / "library"))


@pytest.fixture
def work(monkeypatch):
    """Counts what the analyses ask of the store-backed runner (``calls``: tasks per call)
    and what is really simulated (``simulated``: replications run, through the server's
    scheduler as a job's background work: ``priorities``)."""
    seen = {"calls": [], "simulated": 0, "priorities": set()}
    real_runner, real_simulate = runner.kpi_runner, runner.simulate
    runner.store().clear()      # the counts start from an empty store, whatever ran before

    def kpi_runner(tasks, seed, progress=None, workers=None):
        seen["calls"].append(len(tasks))
        return real_runner(tasks, seed, progress, workers=workers)

    def simulate(tasks, seed, progress=None, workers=None, on_result=None):
        seen["simulated"] += len(tasks)
        seen["priorities"].add(jobs.BACKGROUND if jobs.current() else jobs.INTERACTIVE)
        return real_simulate(tasks, seed, progress=progress, workers=workers,
                             on_result=on_result)

    monkeypatch.setattr(runner, "kpi_runner", kpi_runner)
    monkeypatch.setattr(runner, "simulate", simulate)
    return seen


def new_app(repo_root, lang: str | None = None, working: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
    if lang:
        at.session_state["lang"] = lang
    at.session_state["working"] = dict(SHORT if working is None else working)
    return at.switch_page(PAGE)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["title"]["text"] for c in at.get("vega_lite_chart")]


def table_with(at: AppTest, column: str):
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, f"no table with a column {column!r}"
    return found[-1]


def test_page_renders_in_both_languages_and_runs_nothing(repo_root, work):
    at = ok(new_app(repo_root).run())
    assert at.title[0].value == TEXT["sensitivity.title"]["zh"]
    assert [b.key for b in at.button] == ["sens_tornado_run", "sens_global_run", "sens_attr_run"]
    assert [i.value for i in at.info] == [TEXT["sensitivity.press_run"]["zh"]] * 3
    assert at.multiselect(key="_w_sens_parameters").value == list(DEFAULT_SENSITIVITY_PARAMETERS)
    assert at.selectbox(key="_w_sens_kpi").value == "profit_cny"
    assert at.selectbox(key="_w_sens_source").value == "current"
    ranges = table_with(at, TEXT["sensitivity.col_low"]["zh"])
    assert len(ranges) == len(DEFAULT_SENSITIVITY_PARAMETERS)
    at.radio(key="_w_lang").set_value("en")
    ok(at.run())
    assert at.title[0].value == en("sensitivity.title")
    assert [i.value for i in at.info] == [en("sensitivity.press_run")] * 3
    assert en("sensitivity.tornado_heading") in [s.value for s in at.subheader]
    ranges = table_with(at, en("sensitivity.col_low"))
    margin = ranges.set_index(en("sensitivity.col_path")).loc["shop.gross_margin"]
    assert (margin[en("sensitivity.col_low")], margin[en("sensitivity.col_high")]) == ("50%", "70%")
    assert work["calls"] == [] and work["simulated"] == 0


def test_tornado_runs_once_and_a_kpi_switch_redraws_without_simulating(repo_root, work,
                                                                         wait_jobs, jobs_of):
    at = ok(new_app(repo_root, "en").run())
    at.multiselect(key="_w_sens_parameters").set_value(TWO)
    at.number_input(key="_w_sens_replications").set_value(2)
    ok(at.button(key="sens_tornado_run").click().run())
    (job,) = jobs_of(at)                                       # a background job
    assert job.slot == sensitivity.TORNADO_LAST
    ok(wait_jobs(at))
    assert job.succeeded and job.done == job.total == work["simulated"] > 0
    assert work["calls"] == [(2 * len(TWO) + 1) * 2]          # every variant × 2 replications
    assert work["priorities"] == {jobs.BACKGROUND}
    assert en("sensitivity.tornado_done", params=2, reps=2, sims=10, seed=1) in [
        s.value for s in at.success]
    result = at.session_state[sensitivity.TORNADO_LAST][1]
    assert result.replications == 2 and result.parameters == TWO
    table = table_with(at, en("sensitivity.col_swing"))
    # the margin moves profit far more than the eco share: it comes first
    assert list(table[en("sensitivity.col_parameter")]) == ["Gross margin", "Eco-minded share of "
                                                            "market"]
    assert table[en("sensitivity.col_noise")].iloc[0] == "no"
    profit = result.table("profit_cny")
    assert table[en("sensitivity.col_swing")].iloc[0] == fmt_kpi("profit_cny", profit["swing"].iloc[0],
                                                                 signed=True)
    title = en("sensitivity.chart_tornado_title", kpi=kpi_label("profit_cny", "en"))
    assert title in chart_titles(at)
    # the scenario's own value is the one every page shows (the replication store's summary)
    shown = runner.stored({"current": Scenario().with_changes(SHORT)}, 1, 2).summary()
    row = shown.set_index("kpi").loc["profit_cny"]
    assert en("sensitivity.base_value", kpi=kpi_label("profit_cny", "en"),
              value=fmt_kpi("profit_cny", row["mean"]), lo=fmt_kpi("profit_cny", row["ci_low"]),
              hi=fmt_kpi("profit_cny", row["ci_high"])) in [c.value for c in at.caption]
    assert any(b.key == "sens_tornado_csv" for b in at.download_button)

    calls, simulated = list(work["calls"]), work["simulated"]
    ok(at.selectbox(key="_w_sens_kpi").set_value("carbon_kg_total").run())
    assert work["calls"] == calls and work["simulated"] == simulated       # nothing re-run
    assert en("sensitivity.chart_tornado_title", kpi=kpi_label("carbon_kg_total", "en")) in \
        chart_titles(at)
    carbon = table_with(at, en("sensitivity.col_swing"))
    assert carbon[en("sensitivity.col_kpi_low")].str.endswith(" kg").all()
    # the same inputs again (pressing Run) are served from the store: nothing is simulated
    ok(at.button(key="sens_tornado_run").click().run())
    ok(wait_jobs(at))
    assert work["simulated"] == simulated
    assert title in chart_titles(at) or en("sensitivity.chart_tornado_title",
                                           kpi=kpi_label("carbon_kg_total", "en")) in chart_titles(at)


def test_attribution_contributions_add_up_to_the_difference(repo_root, work, wait_jobs):
    at = ok(new_app(repo_root, "en", working=GREENER).run())
    assert at.selectbox(key="_w_sens_attr_base").value == sensitivity.MATCHED_BASELINE
    assert at.selectbox(key="_w_sens_attr_scenario").value == "current"
    at.radio(key="_w_sens_attr_by").set_value("lever")
    at.number_input(key="_w_sens_attr_replications").set_value(3)
    ok(at.button(key="sens_attr_run").click().run())
    ok(wait_jobs(at))
    assert work["calls"] == [4 * 3]               # 2 levers: every coalition × 3 replications
    result = at.session_state[sensitivity.ATTR_LAST][1]
    assert result.method == "exact" and len(result.players) == 2
    calls = list(work["calls"])
    for kpi in ("profit_cny", "carbon_kg_total"):
        if kpi != "profit_cny":
            ok(at.selectbox(key="_w_sens_attr_kpi").set_value(kpi).run())
        assert work["calls"] == calls                           # a KPI switch simulates nothing
        total = result.totals().set_index("kpi").loc[kpi]
        contributions = result.table(kpi)["contribution"]
        assert contributions.sum() == pytest.approx(total["diff_mean"], rel=1e-9, abs=1e-6)
        diff = fmt_kpi(kpi, total["diff_mean"], signed=True)
        shown = table_with(at, en("sensitivity.col_contribution"))
        assert len(shown) == 3                                 # two levers and the total
        assert shown[en("sensitivity.col_player")].iloc[-1] == en("sensitivity.total_row")
        assert shown[en("sensitivity.col_contribution")].iloc[-1] == diff
        assert any(f"difference {diff}" in m.value for m in at.markdown)
        assert en("sensitivity.chart_attr_title", kpi=kpi_label(kpi, "en")) in chart_titles(at)
        assert en("sensitivity.method_exact", n=2, coalitions=4) in [c.value for c in at.caption]
    # both levers cut carbon, far beyond the noise (common random numbers)
    carbon = result.table("carbon_kg_total")
    assert (carbon["ci_high"] < 0).all()


def test_analyses_run_as_jobs_with_progress_cancel_and_the_session_limit(repo_root, work,
                                                                          jobs_of):
    """While an analysis runs its section shows the progress and a Cancel button; a session
    runs at most two jobs at once (the third is refused, naming the limit); a cancelled
    analysis says so and can be run again."""
    at = ok(new_app(repo_root, "en", working=GREENER).run())
    at.multiselect(key="_w_sens_parameters").set_value(TWO)
    at.number_input(key="_w_sens_replications").set_value(2)
    at.number_input(key="_w_sens_samples").set_value(len(TWO) + 3)
    ok(at.run())
    scheduler = runner.server().scheduler
    scheduler.pause()                              # the jobs wait for the worker processes
    try:
        ok(at.button(key="sens_tornado_run").click().run())
        ok(at.button(key="sens_global_run").click().run())
        assert len(jobs_of(at)) == 2 and all(j.active for j in jobs_of(at))
        assert at.button(key=f"job_cancel_{sensitivity.TORNADO_LAST}")
        assert at.button(key=f"job_cancel_{sensitivity.GLOBAL_LAST}")
        at.button(key="sens_attr_run").click().run()
        assert not at.exception
        limit = en("common.limit_jobs_session", n=limits.MAX_JOBS_PER_SESSION,
                   limit=limits.MAX_JOBS_PER_SESSION)
        assert [e.value for e in at.error] == [limit]
        assert len(jobs_of(at)) == 2
        for slot in (sensitivity.TORNADO_LAST, sensitivity.GLOBAL_LAST):
            ok(at.button(key=f"job_cancel_{slot}").click().run())
        assert all(j.wait(5.0) and j.state == "cancelled" for j in jobs_of(at))
    finally:
        scheduler.resume()
    ok(at.run())
    assert [i.value for i in at.info][:2] == [en("common.job_cancelled", done=0)] * 2
    assert at.button(key="sens_tornado_run") and at.button(key="sens_global_run")
    session = at.session_state[workspace.STATE_KEY]
    assert not [d for d in scheduler.dispatches() if d.session == session]   # nothing ran


def test_identical_scenarios_have_nothing_to_attribute(repo_root, work):
    at = ok(new_app(repo_root, "en", working={"run.horizon_days": 60}).run())
    assert en("sensitivity.identical") in [i.value for i in at.info]
    assert "sens_attr_run" not in [b.key for b in at.button]
    # a preset as the base makes a difference to attribute
    at.selectbox(key="_w_sens_attr_base").set_value("preset:green_packaging")
    ok(at.run())
    assert en("sensitivity.identical") not in [i.value for i in at.info]
    assert "sens_attr_run" in [b.key for b in at.button]
    assert work["calls"] == []


def test_bad_input_shows_a_message_not_a_traceback(repo_root, work):
    days = limits.MAX_HORIZON_DAYS + 270
    at = ok(new_app(repo_root, "en", working={"run.horizon_days": days}).run())
    at.button(key="sens_tornado_run").click().run()
    assert not at.exception
    # the scenario's name is text in the message (escaped, so it cannot render as Markdown)
    assert [e.value for e in at.error] == [
        tx("common.limit_horizon", "en", name=en("compare.current_choice"), days=days,
           limit=limits.MAX_HORIZON_DAYS)]
    at = ok(new_app(repo_root, "en").run())
    n = len(DEFAULT_SENSITIVITY_PARAMETERS)
    at.number_input(key="_w_sens_samples").set_value(n + 2)       # one fewer than accepted
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        TEXT["common.out_of_range"]["en"].format(label=en("sensitivity.samples_message"),
                                                 lo=n + 3, hi=sensitivity.MAX_SAMPLES)]
    assert at.button(key="sens_global_run").disabled            # nothing runs on it
    at.multiselect(key="_w_sens_parameters").set_value([])
    ok(at.run())
    assert en("sensitivity.no_parameters") in [w.value for w in at.warning]
    assert at.button(key="sens_tornado_run").disabled
    assert work["calls"] == [] and work["simulated"] == 0


def test_runner_refuses_work_beyond_the_server_limit_before_simulating(work):
    baseline = Scenario()
    n = int(limits.MAX_ORDERS_PER_RUN // baseline.expected_orders()) + 1
    tasks = [(baseline.fingerprint(), baseline, i % 50) for i in range(n)]
    with pytest.raises(limits.LimitError) as err:
        runner.limited_kpi_runner(tasks, 1)
    assert err.value.key == "common.limit_work" and err.value.fields["sims"] == n
    assert work["calls"] == [] and work["simulated"] == 0


def test_builder_has_an_uncertainty_tab_with_three_fan_charts(repo_root):
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
    at.session_state["lang"] = "en"
    at.session_state["working"] = dict(SHORT)
    at.session_state["result_tabs_en"] = en("builder.tab_uncertainty")
    ok(at.switch_page("pages/1_builder.py").run())
    assert [tab.label for tab in at.tabs][-1] == en("builder.tab_uncertainty")
    shown = [c.proto for c in at.tabs[-1].children.values()
             if getattr(c, "type", "") == "vega_lite_chart"]
    assert [json.loads(c.spec)["title"]["text"] for c in shown] == [
        en(f"sensitivity.fan_{m}") for m in ("active_customers", "cumulative_carbon_kg",
                                             "cumulative_profit_cny")]
    for chart in shown:            # Streamlit sends the chart's data apart, as Arrow
        (data,) = [pa.ipc.open_stream(d.data.data).read_pandas() for d in chart.datasets]
        assert set(data["scenario"]) == {en("common.baseline"), en("common.current")}
        assert (data["p05"] <= data["p25"]).all() and (data["p25"] <= data["p50"]).all()
        assert (data["p50"] <= data["p75"]).all() and (data["p75"] <= data["p95"]).all()
        assert data["day"].max() == SHORT["run.horizon_days"] - 1


# --- issue 11: the fields' ranges, the global fit's honesty, presentation view ---------------

def out_of_range(label_key: str, lo: int, hi: int) -> str:
    return TEXT["common.out_of_range"]["en"].format(label=en(label_key), lo=lo, hi=hi)


def test_fields_accept_exactly_the_analyses_range(repo_root, work):
    at = new_app(repo_root, "en")
    at.session_state["run_replications"] = 3                 # the builder's run settings
    ok(at.run())
    assert at.number_input(key="_w_sens_replications").value == 3
    assert at.number_input(key="_w_sens_attr_replications").value == 3
    n = len(DEFAULT_SENSITIVITY_PARAMETERS)
    samples = at.number_input(key="_w_sens_samples")
    assert samples.label == en("sensitivity.samples", lo=n + 3, hi=sensitivity.MAX_SAMPLES)
    assert samples.value == sensitivity.default_samples(n) == 10 * n
    assert f"at least {n + 3} samples" in samples.help
    # fewer parameters: a lower minimum, in the label; the value typed before stays
    at.multiselect(key="_w_sens_parameters").set_value(TWO)
    ok(at.run())
    samples = at.number_input(key="_w_sens_samples")
    assert samples.label == en("sensitivity.samples", lo=5, hi=sensitivity.MAX_SAMPLES)
    ok(samples.set_value(5).run())                           # the minimum is accepted
    assert not at.button(key="sens_global_run").disabled
    at.number_input(key="_w_sens_samples").set_value(4).run()
    assert [e.value for e in at.error] == [out_of_range("sensitivity.samples_message", 5,
                                                        sensitivity.MAX_SAMPLES)]
    assert at.button(key="sens_global_run").disabled
    at.number_input(key="_w_sens_samples").set_value(5)
    at.number_input(key="_w_sens_replications").set_value(1)
    at.number_input(key="_w_sens_attr_replications").set_value(limits.MAX_REPLICATIONS + 1).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        out_of_range("sensitivity.replications_message", 2, limits.MAX_REPLICATIONS)] * 2
    assert at.button(key="sens_tornado_run").disabled
    assert work["calls"] == [] and work["simulated"] == 0


def test_thirteen_samples_for_ten_parameters_are_not_called_reliable_and_presentation(
        repo_root, work, wait_jobs):
    at = ok(new_app(repo_root, "en", working={"run.horizon_days": 30,
                                             "customers.initial_customers": 1500}).run())
    n = len(DEFAULT_SENSITIVITY_PARAMETERS)
    at.number_input(key="_w_sens_samples").set_value(n + 3)
    ok(at.button(key="sens_global_run").click().run())
    ok(wait_jobs(at))
    result = at.session_state[sensitivity.GLOBAL_LAST][1]
    fit = result.fit("profit_cny")
    assert fit["n"] == 13 and not fit["reliable"]
    warnings = [w.value for w in at.warning]
    assert en("sensitivity.fit_few_samples", n=13, p=n, per="1.3", least=10) in warnings
    assert en("sensitivity.fit_unreliable", advised=10 * n) in warnings
    assert not any(s.value.startswith(en("sensitivity.fit_reliable", q2="", per="")[:20])
                   for s in at.success)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[en("sensitivity.q2")] == (f"{fit['q2']:.2f}" if np.isfinite(fit["q2"]) else "—")
    assert metrics[en("sensitivity.r2_adjusted")] == f"{fit['r2_adjusted']:.2f}"
    crossing = int((~result.table("profit_cny")["distinguishable"]).sum())
    if crossing:
        assert any(f"{crossing} of {n} coefficients" in w for w in warnings)
    # presentation view: the scenario's name on top, the results big, no controls
    at.session_state["presentation"] = True
    ok(at.run())
    assert at.header[0].value == tx("sensitivity.present_scenario", "en",    # the name as text
                                    name=en("compare.current_choice"))
    assert not at.number_input and not at.multiselect
    assert [b.key for b in at.button if b.key.startswith(("sens_", "job_"))] == []   # the shell's only
    assert [s.key for s in at.selectbox] == []
    assert not at.dataframe and not at.download_button
    (chart,) = at.get("vega_lite_chart")
    assert json.loads(chart.proto.spec)["height"] >= sensitivity.PRESENT_HEIGHT
    assert en("sensitivity.fit_unreliable", advised=10 * n) in [w.value for w in at.warning]
    assert work["simulated"] == 13


def _shown_fit(n: int, p: int, noise: float):
    from simulation.analysis.sensitivity import GlobalSensitivity
    import numpy as np
    import pandas as pd

    from ui import sensitivity as page
    paths = ["shop.gross_margin", "customers.eco_share", "policy.commission_rate",
             "shop.order_value_cny", "customers.dropout_b", "customers.purchase_rate_scale_days",
             "customers.satisfaction_weight", "governance.esg_trust_gain",
             "staff.base_quit_rate_per_year", "logistics.linehaul_kg_per_parcel"][:p]
    rng = np.random.default_rng(5)
    design = pd.DataFrame(rng.random((n, p)), columns=paths)
    design["profit_cny"] = design.to_numpy() @ np.linspace(1.0, 2.0, p) + noise * rng.normal(size=n)
    page.show_global(GlobalSensitivity(kpi="profit_cny", samples=n, replications=1, seed=1,
                                       simulations=n, parameters=paths,
                                       ranges={q: (0.0, 1.0) for q in paths}, design=design),
                     "profit_cny", "en")


def test_caption_claims_follow_the_numbers():
    """A known linear response on a well-sized design is called readable; the same response
    on 13 samples for 10 parameters is not."""
    sized = AppTest.from_function(_shown_fit, args=(30, 3, 0.05)).run()
    assert not sized.exception
    assert any(s.value.startswith("The linear model predicts samples") for s in sized.success)
    assert not any("not reliable" in w.value for w in sized.warning)
    small = AppTest.from_function(_shown_fit, args=(13, 10, 0.05)).run()
    assert not small.exception
    assert any("not reliable" in w.value for w in small.warning)
    assert not any(s.value.startswith("The linear model predicts samples") for s in small.success)
