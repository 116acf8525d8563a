"""Methodology: how the model works, its parameters, calibration, validation and limits.

A thin page: widgets and layout only; the tables and the diagram come from ui.methodology,
the simulations from the cached runner.
"""

from __future__ import annotations

import streamlit as st

from simulation import MODEL_VERSION, SCHEMA_VERSION, load_scenario
from simulation.scenario import parameter_table
from ui import methodology as md
from ui import runner, shell
from ui.i18n import t, tx

lang = shell.setup("common.nav_methodology")


def tm(key: str, **fields) -> str:
    return t(f"methodology.{key}", lang, **fields)


def run_with_progress(scenarios, replications: int, spinner: str):
    """Replications through the cached runner, with a spinner and a progress bar; None
    (and an error message) if the run fails."""
    bar = st.progress(0.0)

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=t("common.progress", lang, done=done, total=total))

    try:
        with st.spinner(spinner):
            return runner.run(scenarios, md.SEED, replications, progress=progress)
    except Exception as err:  # a message for the user, never a traceback
        st.error(tx("common.run_error", lang, error=err))
        return None
    finally:
        bar.empty()


st.title(tm("title"))
st.markdown(tm("intro"))
st.markdown(tm("intro_page"))

# --- 1. the model in one diagram -------------------------------------------------------
st.header(tm("diagram_title"))
st.graphviz_chart(md.diagram_dot(lang), width="stretch")
st.caption(tm("diagram_caption"))

# --- 2. parameters, from the schema ----------------------------------------------------
st.header(tm("params_title"))
rows = parameter_table()
st.markdown(tm("params_intro", total=len(rows), assumptions=md.assumption_count(rows)))
params = md.parameter_frame(lang, rows)
left, right = st.columns([3, 2])
groups = left.multiselect(tm("params_groups"), md.GROUPS, default=list(md.GROUPS),
                          format_func=lambda g: md.group_label(g, lang), key="meth_groups")
query = right.text_input(tm("params_search"), key="meth_search",
                         placeholder=tm("params_search_placeholder"))
shown = md.localise(md.filter_parameters(params, groups, query), lang)
st.caption(tm("params_count", shown=len(shown), total=len(params)))
if shown.empty:
    st.info(tm("params_none"))
headers = md.column_labels(lang)
st.dataframe(
    shown, hide_index=True, width="stretch", height=420,
    column_config={
        headers["parameter"]: st.column_config.TextColumn(width="medium"),
        headers["path"]: st.column_config.TextColumn(help=tm("col_path_help")),
        headers["value"]: st.column_config.TextColumn(help=tm("col_value_help"), width="small"),
        headers["range"]: st.column_config.TextColumn(help=tm("col_range_help")),
        headers["plausible"]: st.column_config.TextColumn(help=tm("col_plausible_help")),
        headers["source"]: st.column_config.TextColumn(help=tm("col_source_help")),
        headers["help"]: st.column_config.TextColumn(width="large"),
    })
st.download_button(tm("params_download"), md.to_csv(shown), file_name=f"parameters_{lang}.csv",
                   mime="text/csv", key="meth_params_csv")

# --- 3. calibration --------------------------------------------------------------------
st.header(tm("cal_title"))
st.markdown(tm("cal_intro", n=md.CALIBRATION_REPLICATIONS, seed=md.SEED))
summary = baseline = None
try:
    baseline = load_scenario("baseline")
except Exception as err:  # a broken preset file: a message, never a traceback
    st.error(tx("common.run_error", lang, error=err))
else:
    results = run_with_progress({"baseline": baseline}, md.CALIBRATION_REPLICATIONS,
                                tm("cal_spinner", n=md.CALIBRATION_REPLICATIONS))
    summary = None if results is None else results.summary()
calibration = md.calibration_frame(summary, lang)
cal_headers = md.calibration_headers(lang)
st.dataframe(calibration, hide_index=True, width="stretch", column_config={
    cal_headers["within"]: st.column_config.TextColumn(width="small"),
})
st.caption(tm("cal_note_within"))
st.caption(tm("cal_note_turnover"))
st.download_button(tm("cal_download"), md.to_csv(calibration),
                   file_name=f"calibration_{lang}.csv", mime="text/csv", key="meth_cal_csv")
st.markdown(tm("cal_reproduce"))
st.code(f"python -m simulation run baseline --replications {md.CALIBRATION_REPLICATIONS} "
        f"--seed {md.SEED}", language="bash")

# --- 4. Erlang C -----------------------------------------------------------------------
st.header(tm("mmc_title"))
st.markdown(tm("mmc_intro"))
st.latex(r"W_q = \frac{C(c,\,a)}{c\mu - \lambda},\quad a = \frac{\lambda}{\mu},\quad "
         r"C(c,\,a) = \frac{B(c,\,a)}{1 - \rho\,(1 - B(c,\,a))},\quad \rho = \frac{a}{c}")
st.caption(tm("mmc_symbols"))
setting = st.selectbox(tm("mmc_setting"), md.MMC_SETTINGS, key="meth_mmc",
                       format_func=lambda s: md.mmc_setting_label(s, lang))
mmc = run_with_progress({"mmc": md.mmc_setting_scenario(setting)}, md.MMC_REPLICATIONS,
                        tm("mmc_spinner", n=md.MMC_REPLICATIONS))
if mmc is not None:
    check = md.mmc_check(mmc.kpis, setting)
    c1, c2, c3 = st.columns(3)
    c1.metric(tm("mmc_simulated"), tm("mmc_hours", value=md.fmt_hours(check.mean)))
    c2.metric(tm("mmc_formula"), tm("mmc_hours", value=md.fmt_hours(check.erlang_c)),
              help=tm("mmc_formula_help"))
    c3.metric(tm("mmc_inside"), tm("mmc_yes") if check.inside else tm("mmc_no"))
    st.markdown(tm("mmc_interval_text", lo=md.fmt_hours(check.ci_low),
                   hi=md.fmt_hours(check.ci_high), n=check.n, days=md.MMC_HORIZON_DAYS,
                   warmup=md.MMC_WARMUP_DAYS))
st.caption(tm("mmc_note"))

# --- 5. the validation report ---------------------------------------------------------
st.header(tm("report_title"))
st.markdown(tm("report_intro"))
checks = runner.validation_report()
if checks is None:
    if runner.report_running():
        st.info(tm("report_busy"))
    else:
        st.info(tm("report_not_run"))
        if st.button(tm("report_run"), key="meth_report_run"):
            with st.spinner(tm("report_running")):
                checks = runner.with_progress(runner.run_validation_report, lang,
                                              "common.run_error")
            if checks is None and runner.report_running():
                st.info(tm("report_busy"))
if checks:
    failed = sum(not c.passed for c in checks)
    (st.error if failed else st.success)(tm(
        "report_summary", total=len(checks), passed=len(checks) - failed, failed=failed,
        version=MODEL_VERSION))
    st.dataframe(md.report_frame(checks, lang), hide_index=True, width="stretch")
st.caption(tm("report_note"))
st.code("python -m simulation verify", language="bash")

# --- the glossary: every KPI and key term ---------------------------------------------
st.header(t("glossary.title", lang))
st.markdown(t("glossary.intro", lang))
tab_kpis, tab_terms = st.tabs([t("glossary.kpis_title", lang), t("glossary.terms_title", lang)])
with tab_kpis:
    st.dataframe(md.glossary_frame(lang, "kpis"), hide_index=True, width="stretch")
with tab_terms:
    st.dataframe(md.glossary_frame(lang, "terms"), hide_index=True, width="stretch")

# --- 6. assumptions and limitations ----------------------------------------------------
st.header(tm("lim_title"))
st.markdown(tm("lim_intro"))
st.markdown("\n".join(f"- {tm(key)}" for key in md.LIMITATIONS))

# --- 7. versions -----------------------------------------------------------------------
st.header(tm("ver_title"))
v1, v2, v3, v4 = st.columns(4)
v1.metric(tm("ver_model"), MODEL_VERSION)
v2.metric(tm("ver_schema"), str(SCHEMA_VERSION))
v3.metric(tm("ver_seed"), str(md.SEED))
v4.metric(tm("ver_reps"), str(md.CALIBRATION_REPLICATIONS))
horizon = baseline.run.horizon_days if baseline is not None else "—"
st.markdown(f"**{tm('ver_reps')}**: "
            f"{tm('ver_reps_value', cal=md.CALIBRATION_REPLICATIONS, mmc=md.MMC_REPLICATIONS)}  \n"
            f"**{tm('ver_horizon')}**: "
            + tm("ver_horizon_value", days=horizon, mmc_days=md.MMC_HORIZON_DAYS,
                 warmup=md.MMC_WARMUP_DAYS))
st.caption(tm("ver_note"))
st.caption(tm("ver_doc"))
