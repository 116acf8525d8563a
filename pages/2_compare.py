"""Compare scenarios: choose 2–6, run them with common random numbers (a background job),
and see the KPIs, the paired differences against a reference, the cost per tonne avoided,
the levers that differ and the cost–carbon trade-off; download every table."""

import streamlit as st

from simulation import ScenarioError
from ui import charts, compare, export, limits, runner, shell, sources
from ui.i18n import t, tx

lang = shell.setup("common.nav_compare")
runner.restore([compare.JOB_SLOT])           # after a reload: the inputs of the last run
present = shell.presentation()

st.title(t("compare.title", lang))


def gather():
    try:
        return sources.gather_choices()
    except ScenarioError as err:                     # a broken preset file
        st.error(tx("common.run_error", lang, error=err))
        st.stop()


pressed = False
if present:
    st.markdown(compare.PRESENTATION_CSS, unsafe_allow_html=True)
    choices, _problems = gather()
    chosen = compare.selection([c.id for c in choices])
else:
    st.caption(t("compare.intro", lang, min=limits.MIN_SCENARIOS, max=limits.MAX_SCENARIOS))
    with st.expander(t("compare.files", lang)):
        files = st.file_uploader(t("compare.upload", lang, limit=limits.MAX_UPLOAD_BYTES // 1024,
                                   files=limits.MAX_UPLOAD_FILES),
                                 type=["yaml", "yml"], accept_multiple_files=True,
                                 key=compare.upload_key())
        for message in compare.take_uploads(files, lang):
            st.error(message)
        kept = st.session_state.get(sources.UPLOADS_KEY, {})
        if kept:
            st.caption(t("compare.uploads_kept", lang, n=len(kept)))
            st.button(t("compare.forget_uploads", lang), key="cmp_forget",
                      on_click=compare.forget_uploads)
    choices, problems = gather()
    for problem in problems:
        st.warning(problem.text(lang))
    chosen = compare.draw_selection(choices, lang)

if compare.selection_problem(len(chosen)):
    st.warning(t("compare.limit", lang, min=limits.MIN_SCENARIOS, max=limits.MAX_SCENARIOS,
                 n=len(chosen)))
    st.stop()

by_id = {c.id: c for c in choices}
picked = [by_id[c] for c in chosen]
scenarios = {c.id: c.scenario for c in picked}
names = sources.display_names(picked, lang)
days = compare.horizons(scenarios)
if len(days) > 1:
    st.warning(t("compare.horizons_differ", lang, days=" / ".join(str(d) for d in days)))

if not present:
    pressed = compare.draw_run_settings(lang)
key = compare.run_key(scenarios, compare.seed(), compare.replications())
if pressed and compare.start(scenarios, compare.seed(), compare.replications(), lang) is None:
    st.stop()                                  # refused: the message names the limit
results, running = compare.results_for(key, lang)     # a running job: progress and Cancel
if running:
    st.stop()
if results is None:
    if present:
        st.info(t("compare.present_hint", lang))
    else:
        st.info(t("compare.stale", lang) if compare.has_results() else t("compare.press_run", lang))
    st.stop()

if present:
    reference = compare.reference(chosen)
else:
    st.success(t("compare.done", lang, n=len(scenarios), reps=results.replications,
                 seed=results.seed))
    reference = compare.draw_reference(chosen, names, lang)

try:
    tables = compare.build_tables(results, scenarios, names, reference, lang)
except Exception as err:  # noqa: BLE001 - shown as a message, never a traceback
    st.error(tx("common.run_error", lang, error=err))
    st.stop()

order = list(names.values())
baseline = names.get(sources.BASELINE_ID)
chart = charts.trade_off(compare.named_summary(results, names), order, lang, baseline=baseline,
                         size_kpi="retention_90d")
prob = t("compare.col_prob", lang)
prob_column = {prob: st.column_config.ProgressColumn(prob, format="percent", min_value=0.0,
                                                     max_value=1.0)}

if present:
    st.altair_chart(chart.properties(height=560), width="stretch")
    st.caption(t("compare.tradeoff_caption", lang))
    st.subheader(t("compare.kpi_heading", lang))
    st.table(tables.kpis)
    st.subheader(tx("compare.diff_heading", lang, reference=names[reference]))
    st.table(compare.style_verdicts(tables.diffs).format({prob: "{:.0%}"}, na_rep="—"))
    st.subheader(t("compare.abate_heading", lang))
    st.table(compare.abatement_display(tables.abatement, lang).set_index(
        t("compare.col_scenario", lang)))
    compare.footer(results, lang)
    st.stop()

st.subheader(t("compare.kpi_heading", lang))
st.dataframe(tables.kpis, key="cmp_kpis", height=compare.table_height(tables.kpis))
with st.expander(t("compare.kpi_all", lang)):
    st.dataframe(tables.kpis_rest, key="cmp_kpis_rest")
st.caption(t("compare.kpi_note", lang, n=results.replications))

st.subheader(tx("compare.diff_heading", lang, reference=names[reference]))
st.dataframe(compare.style_verdicts(tables.diffs), key="cmp_diffs", hide_index=True,
             column_config=prob_column, height=compare.table_height(tables.diffs))
with st.expander(t("compare.diff_all", lang)):
    st.dataframe(compare.style_verdicts(tables.diffs_rest), key="cmp_diffs_rest",
                 hide_index=True, column_config=prob_column)
st.caption(t("compare.diff_note", lang))

st.subheader(t("compare.abate_heading", lang))
st.dataframe(compare.abatement_display(tables.abatement, lang), key="cmp_abatement",
             hide_index=True)
st.caption(t("compare.abate_note", lang))

st.subheader(t("compare.levers_heading", lang))
if tables.levers.empty:
    st.info(t("compare.levers_none", lang))
else:
    st.dataframe(tables.levers, key="cmp_levers", hide_index=True,
                 height=compare.table_height(tables.levers))
    st.caption(t("compare.levers_note", lang))

st.altair_chart(chart, width="stretch")
st.caption(t("compare.tradeoff_caption", lang))

st.subheader(t("compare.downloads", lang))
cols = st.columns(3)
cols[0].download_button(t("compare.download_xlsx", lang), export.workbook_bytes(tables.exports),
                        file_name="esg_comparison.xlsx", key="cmp_xlsx", on_click="ignore",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        type="primary", width="stretch")
for i, (title, df) in enumerate(tables.exports.items(), start=1):
    name = compare.EXPORT_FILES[i - 1]
    cols[i % 3].download_button(t("compare.download_csv", lang, table=title), export.csv_bytes(df),
                                file_name=f"esg_comparison_{i}_{name}.csv", mime="text/csv",
                                key=f"cmp_csv_{name}", on_click="ignore", width="stretch")
st.caption(t("compare.download_note", lang))
compare.footer(results, lang)
