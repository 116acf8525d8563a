"""The policy lab page (``pages/8_policy_lab.py``) through Streamlit's AppTest: it renders in
both languages with every instrument off; a tiny region (10 shops, 30 days) runs as a
background job to the result, whose cards, tables and charts show the same numbers as the lab
run directly (same region, policy, shops, seed and horizon); the MAC curve runs as its own job;
a run can be cancelled; a bad intensity is a message naming the range and nothing runs. The
page's tables and its report are checked on a real result too."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_reading import html_text, make_report
from streamlit.testing.v1 import AppTest

from simulation.lab.region import load_region
from simulation.lab.run import run_lab
from ui import jobs, policy_lab, policy_lab_tables as tables, runner, workspace
from ui.i18n import TEXT, english_words

TIMEOUT_S = 180
APP = Path(__file__).resolve().parents[2] / "app.py"
PAGE = "pages/8_policy_lab.py"
REGION = "county_town"
POLICY = {"policy.green_logistics_subsidy_cny": 0.8, "policy.carbon_price_cny_per_t": 300.0}
TINY = {policy_lab.REGION: REGION, policy_lab.SHOPS: 10, policy_lab.DAYS: 30,
        policy_lab.SEED: 3}
TINY_GRID = {"policy.green_logistics_subsidy_cny": [0.4, 0.8]}


def tx(key: str, lang: str = "en", **fields) -> str:
    return TEXT[key][lang].format(**fields)


def new_app(lang: str = "en", **state) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    at.query_params["lang"] = lang
    for k, v in state.items():
        at.session_state[k] = v
    return at.switch_page(PAGE)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def with_policy(policy: dict) -> dict:
    """Session values that turn the instruments of ``policy`` on at their values (as the
    fields show them: percent for a fraction)."""
    state = {}
    for path, value in policy.items():
        state[policy_lab.on_key(path)] = True
        if not isinstance(value, bool):
            state[policy_lab.value_key(path)] = (value * 100.0 if policy_lab.is_fraction(path)
                                                 else value)
    return state


def table(at: AppTest, first_column: str, n: int = 0):
    """The ``n``-th st.dataframe whose first column is ``first_column``."""
    found = [d.value for d in at.dataframe if (list(d.value.columns) or [None])[0] == first_column]
    assert found, f"no table starting with {first_column!r}"
    return found[n]


def charts(at: AppTest) -> list:
    return [*at.get("vega_lite_chart"), *at.get("arrow_vega_lite_chart")]


@pytest.fixture(scope="module")
def lib_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("policy_lab") / "library"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ESG_SIM_LIBRARY", str(path))
        yield path


@pytest.fixture(scope="module")
def tiny_result():
    """The lab run directly, as the page runs it for TINY and POLICY."""
    return run_lab(load_region(REGION), POLICY, shops=TINY[policy_lab.SHOPS],
                   seed=TINY[policy_lab.SEED], horizon_days=TINY[policy_lab.DAYS], workers=1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_renders_with_every_instrument_off(lib_dir, lang):
    at = ok(new_app(lang).run())
    assert at.title[0].value == tx("policy_lab.title", lang)
    assert not at.error and not at.warning
    toggles = [w.label for w in at.toggle]
    for path in policy_lab.instrument_paths():
        label = tx("policy_lab.instrument_on", lang, label=policy_lab.widgets.label(path, lang))
        assert label in toggles
        assert at.session_state[policy_lab.on_key(path)] is False          # off by default
    assert at.button(key=policy_lab.RUN_BUTTON).label == tx("policy_lab.run", lang)
    assert not at.button(key=policy_lab.RUN_BUTTON).disabled
    assert any(i.value == tx("policy_lab.no_instrument", lang) for i in at.info)
    assert not at.metric and not charts(at)                 # nothing runs before the button
    if lang == "zh":                                         # the region's text, in Chinese
        title = load_region(at.session_state[policy_lab.REGION]).title.zh
        assert title in at.selectbox(key=f"_w_{policy_lab.REGION}").format_func(
            at.session_state[policy_lab.REGION])
        shown = [c.value for c in at.caption] + [m.value for m in at.markdown
                                                 if not m.value.lstrip().startswith("<style>")]
        assert not [s for s in shown if english_words(s)], shown


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bad_intensity_is_named_and_nothing_runs(lib_dir, jobs_of, lang):
    path = "policy.packaging_subsidy"
    at = ok(new_app(lang, **TINY, **with_policy({path: 0.5})).run())
    field = at.number_input(key=f"_w_{policy_lab.value_key(path)}")
    field.set_value(150.0).run()                            # percent: beyond 100%
    ok(at)
    label = tx("policy_lab.instrument_percent", lang, label=policy_lab.widgets.label(path, lang))
    expected = tx("common.out_of_range", lang, label=label, lo="0", hi="100")
    assert expected in [e.value for e in at.error]
    assert at.button(key=policy_lab.RUN_BUTTON).disabled
    assert at.session_state[policy_lab.value_key(path)] == 50.0     # the last accepted value
    # a bad value that reaches the session another way (a restored job) is refused too
    at.session_state[policy_lab.value_key(path)] = float("nan")
    at.run()
    ok(at)
    assert at.button(key=policy_lab.RUN_BUTTON).disabled
    assert not jobs_of(at)                                   # nothing was started


def test_a_tiny_region_runs_to_its_result(lib_dir, tiny_result, wait_jobs, jobs_of, monkeypatch):
    import simulation.lab.mac as mac

    monkeypatch.setattr(mac, "default_grid", lambda: {k: list(v) for k, v in TINY_GRID.items()})
    lang = "en"
    at = ok(new_app(lang, **TINY, **with_policy(POLICY)).run())
    at.button(key=policy_lab.RUN_BUTTON).click().run()
    ok(wait_jobs(at))
    session = at.session_state[workspace.STATE_KEY]
    got = runner.server().jobs.get(session, policy_lab.JOB_SLOT)
    assert got.succeeded and got.done == got.total == 2 * TINY[policy_lab.SHOPS]
    # the lab's own simulations count in the session's hour, as the scheduler's batches do
    ran = policy_lab.Inputs(region=got.key[2], policy=got.key[3], shops=got.key[4],
                            days=got.key[5], seed=got.key[6])
    expected = policy_lab.expected_orders(ran)
    assert expected > 0
    assert runner.server().scheduler.orders_used(session) >= expected
    res = tiny_result
    # the cards: the same numbers as the lab run directly
    cards = {m.label: m.value for m in at.metric}
    assert cards[tx("policy_lab.card_tonnes")] == tx(
        "policy_lab.card_tonnes_unit", value=tables.tonnes(res.tonnes_avoided, lang))
    assert cards[tx("policy_lab.card_spend")] == tables.money(res.public_spend_cny, lang)
    assert cards[tx("policy_lab.card_public_cost")] == tables.per_tonne(res.public_cost_per_tonne,
                                                                        lang)
    assert res.tonnes_avoided > 0 and res.public_spend_cny > 0
    shown = at.session_state[policy_lab.RESULT_KEY][1]
    assert shown.tonnes_avoided == pytest.approx(res.tonnes_avoided, rel=1e-12)
    assert shown.n_shops == TINY[policy_lab.SHOPS] and shown.horizon_days == TINY[policy_lab.DAYS]
    assert all(ok_ for *_x, ok_ in shown.identities())
    assert any(m.value == tx("policy_lab.headline_identities", n=len(shown.identities()))
               for m in at.markdown)
    # the tables (one per tab) and the charts: adoption, profit change and adoption by group
    frames = tables.all_tables(res, lang)
    for _title, frame in frames.values():                   # as the lab run directly gives
        assert any(d.value.equals(frame) for d in at.dataframe), frame.columns[0]
    adoption = table(at, tx("policy_lab.col_lever"))
    assert len(adoption) == len(res.levers)
    assert len(charts(at)) >= 3
    ids = table(at, tx("policy_lab.col_identity"))
    assert set(ids[tx("policy_lab.col_holds")]) == {tx("policy_lab.holds_yes")}
    ids_before = [j.id for j in jobs_of(at)]
    # grouping by urban/rural redraws from the kept result, without running anything
    at.segmented_control(key=f"_w_{policy_lab.GROUP_BY}@{lang}").set_value("area").run()
    ok(at)
    assert at.session_state[policy_lab.GROUP_BY] == "area"
    assert [j.id for j in jobs_of(at)] == ids_before          # no new run
    # the MAC curve: its own job, then its chart and table
    at.button(key=policy_lab.MAC_BUTTON).click().run()
    ok(wait_jobs(at))
    mac_table = table(at, tx("policy_lab.col_instrument"), -1)
    assert len(mac_table) == len(TINY_GRID["policy.green_logistics_subsidy_cny"])
    assert tx("policy_lab.col_intensity") in mac_table.columns
    # presentation view: the result and the curve as they are, no controls
    at.session_state["presentation"] = True
    at.run()
    ok(at)
    assert not [b for b in at.button if b.key in (policy_lab.RUN_BUTTON, policy_lab.MAC_BUTTON)]
    assert {m.label: m.value for m in at.metric} == cards
    assert len(table(at, tx("policy_lab.col_instrument"), -1)) == len(mac_table)
    assert at.session_state[policy_lab.MAC_KEY] is not None
    # the page's own report control: the HTML report carries the cards' figures
    at.session_state["presentation"] = False
    ok(at.run())
    cells, body = html_text(make_report(at, "policy_lab", lang, "html")["data"])
    for value in cards.values():
        assert value in cells or value in body, value


def test_a_run_can_be_cancelled(lib_dir, wait_jobs):
    lang = "zh"
    big = {**TINY, policy_lab.SHOPS: 400, policy_lab.DAYS: 365}
    at = ok(new_app(lang, **big, **with_policy(POLICY)).run())
    at.button(key=policy_lab.RUN_BUTTON).click().run()
    ok(at)
    job = runner.server().jobs.get(at.session_state[workspace.STATE_KEY], policy_lab.JOB_SLOT)
    assert job is not None and job.active
    at.button(key=f"job_cancel_{policy_lab.JOB_SLOT}").click().run()     # the page's Cancel
    ok(wait_jobs(at, timeout=60))
    assert job.state == jobs.CANCELLED and job.done < 2 * big[policy_lab.SHOPS]
    assert any(i.value == tx("policy_lab.cancelled", lang, done=job.done) for i in at.info)
    assert not at.metric


# --- the page's tables and its report, on a real result ------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tables_and_report_show_the_result(tiny_result, lang):
    from ui.report import policy_lab as report_lab, render

    res = tiny_result
    frames = tables.all_tables(res, lang)
    assert list(frames) == list(tables.TABLES)
    groups = frames["groups"][1]
    assert groups.iloc[0, 2] == f"{res.n_shops:,}"              # all shops first
    if lang == "zh":
        for _title, frame in frames.values():
            cells = [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
            assert not [c for c in cells if english_words(c)], [c for c in cells
                                                                 if english_words(c)][:5]
    shown = report_lab.Shown(result=res, region=REGION, region_title="县域", policy=POLICY,
                             shops=res.n_shops, days=res.horizon_days, seed=res.seed)
    report = report_lab.lab_report(shown, lang)
    assert report.summary == tables.summary_lines(res, res.horizon_days, lang)
    assert any(tb.kind == "identities" for tb in report.tables())
    assert report.charts()
    html = render(report, "html").decode("utf-8")
    assert tables.tonnes(res.tonnes_avoided, lang) in html


def test_the_mac_job_with_a_budget_reuses_the_curves_runs(monkeypatch):
    """The MAC job's best-mix search answers as the search on its own does, without
    simulating again what the curve simulated (its single-instrument runs are handed over;
    with one instrument, every mix is one of them)."""
    import simulation.engine as engine
    import simulation.lab.mac as mac
    from simulation.lab.search import best_mix

    monkeypatch.setattr(mac, "default_grid", lambda: {k: list(v) for k, v in TINY_GRID.items()})
    monkeypatch.setattr(policy_lab, "LAB_PROCESSES", 1)      # in this process: counted
    calls = [0]
    real = engine.simulate

    def counted(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "simulate", counted)
    monkeypatch.setattr("simulation.lab.run.simulate", counted)
    budget = 1e9
    inputs = policy_lab.Inputs(region=REGION, shops=TINY[policy_lab.SHOPS],
                               days=TINY[policy_lab.DAYS], seed=TINY[policy_lab.SEED],
                               budget=budget)
    got = policy_lab.mac_work(inputs)(lambda done, total: None)
    with_search = calls[0]
    calls[0] = 0
    curve = mac.mac_curve(load_region(REGION), shops=inputs.shops, seed=inputs.seed,
                          horizon_days=inputs.days, workers=1)
    assert calls[0] == with_search > 0                       # the search simulated nothing
    assert len(curve) == len(got.curve)
    alone = best_mix(load_region(REGION), budget, shops=inputs.shops, seed=inputs.seed,
                     horizon_days=inputs.days, workers=1)
    assert got.best.chosen == alone.chosen
    assert got.best.chosen_result.tonnes_avoided == pytest.approx(
        alone.chosen_result.tonnes_avoided, rel=1e-12)
