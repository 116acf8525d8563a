"""The home page: what the simulator answers, the ways in (one card per page), the presets
as cards that open in the builder (``draw``, called by ``app.py``)."""

from __future__ import annotations

import streamlit as st

from simulation import MODEL_VERSION, SCHEMA_VERSION, Scenario, ScenarioError, list_presets

from . import history, shell
from .i18n import t, tx

WAYS = ("home.way_builder", "home.way_compare", "home.way_methodology", "home.way_sensitivity",
        "home.way_optimiser", "home.way_classroom", "workshop.way", "policy_lab.way")
GOTO_BUILDER = "_goto_builder"


def open_preset(scenario_json: str, name: str) -> None:
    """Callback: load a preset into the builder (its title shows there) and go to it."""
    history.load(Scenario.model_validate_json(scenario_json), "preset", name)
    st.session_state[GOTO_BUILDER] = True


def draw(lang: str) -> None:
    if st.session_state.pop(GOTO_BUILDER, False):
        st.switch_page("pages/1_builder.py")
    st.title(t("common.app_title", lang))
    st.markdown(t("home.answers", lang))

    st.subheader(t("home.ways_in", lang))
    cols = st.columns(3)
    for i, ((path, key, icon), blurb) in enumerate(zip(shell.PAGES[1:], WAYS, strict=True)):
        with cols[i % 3].container(border=True):
            st.page_link(path, label=t(key, lang), icon=icon)
            st.caption(t(blurb, lang))

    st.subheader(t("home.presets", lang))
    try:
        presets = list_presets()
    except ScenarioError as err:
        st.error(tx("home.preset_error", lang, error=err))
        presets = []
    cols = st.columns(3)
    for i, preset in enumerate(presets):
        with cols[i % 3].container(border=True):
            st.markdown(f"**{preset.title.get(lang) or preset.name}**")
            st.caption(preset.description.get(lang, ""))
            st.button(t("home.open_preset", lang), key=f"open_{preset.name}",
                      on_click=open_preset, args=(preset.scenario.model_dump_json(), preset.name))

    st.caption(t("home.footer", lang, model=MODEL_VERSION, schema=SCHEMA_VERSION))
