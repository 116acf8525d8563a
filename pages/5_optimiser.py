"""Budget optimiser: the best split of the builder's current marketing budget across the
channels for one KPI, under KPI constraints and share bounds; the recommendation against the
current split, why, the Pareto frontier of retention, carbon and cost, and a way back to
the builder or the library."""

import streamlit as st

from ui import optimiser, shell, widgets
from ui.i18n import t

lang = shell.setup("common.nav_optimiser")
optimiser.goto_builder_if_asked()

st.title(t("optimiser.title", lang))
st.caption(t("optimiser.intro", lang))

scenario = widgets.working_scenario()
st.subheader(t("optimiser.scenario_heading", lang))
optimiser.draw_scenario(scenario, lang)

st.subheader(t("optimiser.inputs_heading", lang))
optimiser.draw_inputs(scenario, lang)
inputs, problems = optimiser.read_inputs(scenario)
for problem in problems:
    st.warning(optimiser.problem_text(problem, lang))
pressed = st.button(t("optimiser.run", lang), key=optimiser.RUN_BUTTON, type="primary",
                    disabled=bool(problems))

key = optimiser.result_key(scenario, inputs)
rec = optimiser.kept_result(key)
if pressed and not problems:
    rec = optimiser.run(scenario, inputs, lang)
    if rec is None:
        st.stop()
if rec is None:
    optimiser.show_stale_or_hint(lang)
    optimiser.show_flash(lang)
    st.stop()

st.divider()
optimiser.show_result(rec, scenario, inputs, lang)
