"""Sensitivity & attribution: which assumptions move a scenario's KPIs (a one-at-a-time
tornado and a global analysis over all ranges at once), and which levers make the
difference between two scenarios (Shapley values). Nothing runs until a Run button is
pressed (each analysis then runs as a background job, with progress and Cancel); results are
kept, so switching the KPI redraws without simulating."""

import streamlit as st

from ui import runner, sensitivity, shell
from ui.i18n import t

lang = shell.setup("common.nav_sensitivity")
runner.restore(sensitivity.JOB_SLOTS)         # after a reload: the inputs of the last runs

st.title(t("sensitivity.title", lang))
st.caption(t("sensitivity.intro", lang))

choices = sensitivity.gather(lang)
source = sensitivity.draw_source(choices, lang)

st.divider()
parameters = sensitivity.draw_tornado(source, lang)

st.divider()
sensitivity.draw_global(source, parameters, lang)

st.divider()
sensitivity.draw_attribution(choices, lang)
