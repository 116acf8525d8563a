"""Budget optimiser: the best split of the builder's current marketing budget across the
channels for one KPI, under KPI constraints and share bounds; the recommendation against the
current split, why, the Pareto frontier of retention, carbon and cost, and a way back to
the builder or the library. The search runs as a background job (progress and Cancel)."""

import streamlit as st

from ui import optimiser, runner, shell, widgets
from ui.i18n import t

lang = shell.setup("common.nav_optimiser")
runner.restore([optimiser.JOB_SLOT])         # after a reload: the inputs of the last run
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

if pressed and not problems and optimiser.start(scenario, inputs, lang) is None:
    st.stop()                              # refused: the message names the limit
rec = optimiser.outcome(scenario, inputs, lang)     # running: progress and Cancel
if rec is None:
    optimiser.show_flash(lang)
    st.stop()

st.divider()
optimiser.show_result(rec, scenario, inputs, lang)
