"""Scenario builder: levers -> Scenario -> cached replications -> KPI cards and charts.
A lever change previews at once; the full set runs as a background job."""

import streamlit as st

from ui import builder, explain, history, limits, shell, widgets
from ui.i18n import t

lang = shell.setup("common.nav_builder")
builder.open_share_link(lang)
lang = shell.language()                       # a share link may carry another language
widgets.seed_widgets(widgets.working_scenario())
present = shell.presentation()

if not present:                                 # presentation view: the scenario's title
    st.title(t("builder.title", lang))
builder.show_share_messages(lang)
builder.show_flash(lang)

scenario, changes, problems = widgets.collect()     # callbacks have run: values are final
history.record(valid=scenario is not None)          # a change since the last run: one undo step
if scenario is not None:
    builder.settle_full(scenario)                   # the full set only when it is at hand
controls, results_area = shell.two_panes()
if controls is not None:
    with controls:
        st.caption(t("builder.intro", lang))
        for group in widgets.GROUPS:
            with builder.panel(f"group_{group}", t(f"builder.group_{group}", lang),
                               default_open=group == "E"):
                st.button(t("builder.reset_group", lang), key=f"reset_{group}",
                          on_click=widgets.reset_group, args=(group,))
                if group == "marketing":
                    widgets.draw_budget(lang)
                widgets.draw_group(group, lang)
                if group == "run":
                    builder.draw_run_settings(lang)
                    st.caption(t("builder.limits", lang, reps=limits.MAX_REPLICATIONS,
                                 days=limits.MAX_HORIZON_DAYS))
        link = builder.update_share_link(scenario, lang) if scenario is not None else None
        with builder.panel("file", t("builder.file", lang)):
            builder.draw_file_panel(scenario, lang, link)

with results_area:
    builder.draw_header(lang, present)              # what is loaded: title and origin
    if not present:
        builder.draw_history(lang)                  # undo, redo, reset all
    if scenario is None:
        builder.problems_message(problems, lang)
        st.stop()
    if present:
        builder.update_share_link(scenario, lang)
    builder.draw_changes(changes, lang, present)    # the levers that differ from the baseline
    outcome = builder.run_pair(scenario, lang)
    if outcome is None:
        st.stop()
    results, full = outcome
    if full:
        st.success(t("builder.full_done", lang, n=results.replications))
    else:
        c1, c2 = st.columns([3, 2], vertical_alignment="center")
        c1.info(t("builder.preview", lang, n=results.replications))
        builder.draw_full_run(scenario, lang, c2)    # a background job: progress, Cancel
    builder.kpi_cards(results, lang, columns=3, horizon_days=scenario.run.horizon_days, full=full)
    explain.draw(scenario, lang, present=present)   # "why did this change?", on demand
    builder.result_tabs(results, scenario, lang, wide=present)
    builder.footer(results, lang)
