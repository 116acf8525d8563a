"""The builder's lever fields and run settings answer every typed value: one out of range (or
a malformed list) gets a message naming the range in the user's language, and nothing runs
on it (``widgets.collect`` gives no scenario); the assumptions are shown one sub-group at a
time, or found by name. Drawn as the builder page draws them, with no simulation."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ui import session, widgets

BUDGET = f"p:{widgets.BUDGET_PATH}"


def _page():
    """The builder page's flow: read the levers, stop with the problems or "run", then draw
    the fields (the budget, the run settings and the assumptions)."""
    import streamlit as st

    from ui import builder, widgets
    lang = st.session_state.setdefault("lang", "en")
    widgets.seed_widgets(widgets.working_scenario())
    scenario, _changes, problems = widgets.collect()
    st.session_state["_runs"] = st.session_state.get("_runs", 0) + (scenario is not None)
    if scenario is None:
        builder.problems_message(problems, lang)
    else:
        st.write(f"RUN budget={scenario.marketing.monthly_budget_cny:.0f} "
                 f"horizon={scenario.run.horizon_days} reps={st.session_state.get('run_replications')}")
    widgets.draw_budget(lang)
    widgets.draw_group("run", lang)
    builder.draw_run_settings(lang)
    widgets.draw_group("assumptions", lang)


def app(lang: str = "en") -> AppTest:
    at = AppTest.from_function(_page, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["_runs"] == 1
    return at


def ran(at: AppTest) -> bool:
    return any(m.value.startswith("RUN") for m in at.markdown)


def test_a_lever_typed_out_of_range_gets_a_message_and_nothing_runs():
    at = app()
    at.number_input(key=BUDGET).set_value(99_999_999_999).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("must be from 0 to 20,000,000" in e and "nothing was run" in e for e in errors), errors
    assert not ran(at) and at.session_state["_runs"] == 1          # no scenario: nothing ran
    at.number_input(key=BUDGET).set_value(250_000).run()
    assert ran(at) and "budget=250000" in at.markdown[0].value and not at.error


def test_the_horizon_is_held_to_the_servers_limit():
    at = app()
    at.number_input(key="p:run.horizon_days").set_value(5000).run()
    assert any("from 1 to 730" in e.value for e in at.error)
    assert not ran(at)
    at.number_input(key="p:run.horizon_days").set_value(120).run()
    assert ran(at) and "horizon=120" in at.markdown[0].value


def test_replications_out_of_range_get_a_message_and_the_setting_is_kept():
    at = app()
    at.number_input(key="_w_reps").set_value(1000).run()
    assert any("must be from 2 to 100" in e.value for e in at.error), [e.value for e in at.error]
    assert not ran(at)
    assert at.session_state[session.REPS_KEY] == 20                # the last accepted value
    at.number_input(key="_w_reps").set_value(10).run()
    assert ran(at) and at.session_state[session.REPS_KEY] == 10 and not at.error
    at.session_state[session.REPS_KEY] = 5                          # set from code (a link)
    at.run()
    assert at.number_input(key="_w_reps").value == 5


def test_a_malformed_list_gets_a_message():
    at = app()
    at.selectbox(key="_w_assumption_subgroup@en").set_value("logistics").run()
    at.text_input(key="p:logistics.pickup_hours").input("17, soon").run()
    assert any("numbers separated by commas" in e.value for e in at.error)
    assert not ran(at)


def test_the_messages_are_in_chinese():
    at = app("zh")
    at.number_input(key=BUDGET).set_value(-1).run()
    errors = [e.value for e in at.error]
    assert any("须在 0 至 20,000,000 之间" in e for e in errors), errors
    assert not any("fraction" in e or "must" in e for e in errors)
    at.selectbox(key="_w_assumption_subgroup@zh").set_value("customers").run()
    help_text = at.slider(key="p:customers.eco_share").help
    assert "范围：0% – 100%" in help_text and "fraction" not in help_text
    assert "范围：0 – 20,000,000 元/月" in at.number_input(key=BUDGET).help


def test_the_assumptions_come_in_sub_groups():
    at = app()
    groups = widgets.subgroups()
    assert sum(len(p) for p in groups.values()) == len(widgets.paths_in("assumptions")) > 100
    assert len(groups) >= 8 and max(len(p) for p in groups.values()) <= 31
    box = at.selectbox(key="_w_assumption_subgroup@en")
    assert list(box.options)[0].startswith("Shop profile") and len(box.options) == len(groups)

    def drawn(path: str) -> bool:
        return any(getattr(w, "key", None) in (f"p:{path}", f"p:{path}@en")
                   for w in [*at.number_input, *at.slider, *at.toggle, *at.selectbox, *at.text_input])

    first, staff = list(groups)[0], groups["staff"]
    assert all(drawn(p) for p in groups[first]) and not any(drawn(p) for p in staff)
    box.set_value("staff").run()
    assert all(drawn(p) for p in staff) and not any(drawn(p) for p in groups[first])
    # a change in one sub-group survives a visit to another
    field = at.number_input(key=f"p:{staff[-1]}")
    field.set_value(field.value + 1).run()
    changed = dict(at.session_state[widgets.STATE])
    assert staff[-1] in changed
    assert [o for o in at.selectbox(key="_w_assumption_subgroup@en").options
            if o.endswith(f"({len(staff)}, 1 changed)")]
    at.selectbox(key="_w_assumption_subgroup@en").set_value("customers").run()
    at.selectbox(key="_w_assumption_subgroup@en").set_value("staff").run()
    assert at.session_state[widgets.STATE] == changed and ran(at)


def test_assumptions_are_found_by_name_in_either_language():
    at = app()
    at.text_input(key="_w_assumption_find").input("return").run()
    found = [p for p in widgets.paths_in("assumptions") if widgets.matches(p, "return")]
    assert found and len(at.number_input) + len(at.slider) < 20
    assert any("assumptions found" in c.value for c in at.caption)
    at.text_input(key="_w_assumption_find").input("zzzz-nothing").run()
    assert any("No assumption" in c.value for c in at.caption)
    assert widgets.matches("customers.eco_share", widgets.rows()["customers.eco_share"]["label_zh"][:2])
