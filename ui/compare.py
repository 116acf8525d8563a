"""The compare page's pieces that are more than layout.

The data shaping (tables from ``summarise`` / ``compare_to`` / ``abatement_cost`` output,
the lever diff, CSV and Excel bytes) is plain functions of DataFrames and scenarios, tested
without Streamlit. The rest keeps the page's state: the choice of scenarios (presets, the
library, uploaded files, the builder's current scenario), the run settings and the last
results, all under their own session keys so a language switch or a visit to another page
loses nothing.

Scenarios are run under stable ids (``preset:<name>``, ``library:<name>``,
``upload:<hash>``, ``current``); display names in the session's language are put on at the
edge, so the stored results serve both languages.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import streamlit as st

from simulation import MODEL_VERSION, SCHEMA_VERSION, Scenario

from . import charts, export, inputs, library, limits, runner, session, share, shell, widgets
from .compare_tables import (EXPORT_FILES, VERDICT_COLOURS, Tables, abatement_display,  # noqa: F401
                             abatement_table, about_table, build_tables, diff_export,
                             diff_table, kpi_export, kpi_row_label, kpi_table, lever_diff,
                             named_summary, style_verdicts, table_height, verdict)
from .sources import (BASELINE_ID, UPLOADS_KEY, Choice, display_names, gather_choices,
                      upload_choice)
from .i18n import inert, t, tx

DEFAULT_SELECTION = (BASELINE_ID, "preset:green_packaging", "preset:green_logistics")

# session keys (own keys, re-seeded into the widgets: Streamlit forgets a widget's value on a
# page without it, and in presentation view the controls are not drawn)
SELECTION_KEY = "compare_selection"
SEED_KEY = "compare_seed"
REPS_KEY = "compare_replications"
REFERENCE_KEY = "compare_reference"
UPLOAD_GEN_KEY = "compare_upload_generation"     # a new uploader (emptied) after "remove"
LAST_KEY = "compare_last"
W_SELECTION, W_SEED, W_REPS, W_REFERENCE = (
    "_w_cmp_selection", "_w_cmp_seed", "_w_cmp_reps", "_w_cmp_reference")

PRESENTATION_CSS = """
<style>
[data-testid="stTable"] table { font-size: 1.3rem !important; }
[data-testid="stTable"] th { font-size: 1.2rem !important; }
</style>
"""


# --- choices ------------------------------------------------------------------------------

def default_selection(available: Sequence[str]) -> list[str]:
    chosen = [c for c in DEFAULT_SELECTION if c in available]
    return chosen or list(available[: limits.MIN_SCENARIOS])


def default_reference(selection: Sequence[str]) -> str:
    return BASELINE_ID if BASELINE_ID in selection else selection[0]


def selection_problem(n: int) -> bool:
    return not limits.MIN_SCENARIOS <= n <= limits.MAX_SCENARIOS


# --- page state (Streamlit) ---------------------------------------------------------------------

def take_uploads(files: Sequence[Any] | None, lang: str) -> list[str]:
    """Keep the valid uploaded files for the session (new ones are added to the selection,
    up to the limit); return the messages for the files that cannot be used."""
    kept: dict[str, tuple[dict, str, str]] = st.session_state.setdefault(UPLOADS_KEY, {})
    errors = []
    files = list(files or [])
    if len(files) > limits.MAX_UPLOAD_FILES:      # a handful at once: each is parsed
        errors.append(t("compare.upload_too_many", lang, limit=limits.MAX_UPLOAD_FILES,
                        extra=len(files) - limits.MAX_UPLOAD_FILES))
        files = files[: limits.MAX_UPLOAD_FILES]
    for f in files:
        try:
            choice = upload_choice(f.getvalue(), f.name)
        except library.LibraryError as err:
            errors.append(err.message(lang))
            continue
        if choice.id not in kept:
            kept[choice.id] = (dict(choice.title), choice.scenario.model_dump_json(), choice.fallback)
            selection = list(st.session_state.get(SELECTION_KEY, DEFAULT_SELECTION))
            if choice.id not in selection and len(selection) < limits.MAX_SCENARIOS:
                st.session_state[SELECTION_KEY] = selection + [choice.id]
    return errors


def upload_key() -> str:
    """The file uploader's key; a new one after :func:`forget_uploads` empties it (Streamlit
    cannot set an uploader's files from code)."""
    return f"_w_cmp_upload_{st.session_state.get(UPLOAD_GEN_KEY, 0)}"


def forget_uploads() -> None:
    """Callback: drop this session's uploaded scenarios from the choice and the uploader."""
    st.session_state[UPLOAD_GEN_KEY] = st.session_state.get(UPLOAD_GEN_KEY, 0) + 1
    kept = st.session_state.pop(UPLOADS_KEY, {})
    st.session_state[SELECTION_KEY] = [c for c in st.session_state.get(SELECTION_KEY, [])
                                       if c not in kept]


def selection(available: Sequence[str]) -> list[str]:
    """The chosen ids that still exist (a deleted library entry drops out)."""
    if SELECTION_KEY not in st.session_state:
        st.session_state[SELECTION_KEY] = default_selection(available)
    chosen = [c for c in st.session_state[SELECTION_KEY] if c in available]
    st.session_state[SELECTION_KEY] = chosen
    return chosen


def draw_selection(choices: Sequence[Choice], lang: str) -> list[str]:
    by_id = {c.id: c for c in choices}
    chosen = selection(list(by_id))
    st.session_state[W_SELECTION] = chosen
    st.multiselect(t("compare.choose", lang), list(by_id), key=W_SELECTION,
                   format_func=lambda cid: by_id[cid].option(lang) if cid in by_id else cid,
                   help=t("compare.choose_help", lang), on_change=shell.keep,
                   args=(W_SELECTION, SELECTION_KEY))
    return list(st.session_state[SELECTION_KEY])


def seed() -> int:
    if SEED_KEY not in st.session_state:
        st.session_state[SEED_KEY] = session.seed()
    return int(st.session_state[SEED_KEY])


def replications() -> int:
    if REPS_KEY not in st.session_state:
        st.session_state[REPS_KEY] = max(2, min(session.replications(), limits.MAX_REPLICATIONS))
    return int(st.session_state[REPS_KEY])


MIN_REPLICATIONS = 2          # a comparison needs an interval


def draw_run_settings(lang: str) -> bool:
    """Seed, replications and the Run button; True when the button was pressed with both
    fields in range (a value out of range gets a message under its field and runs nothing)."""
    a, b, c = st.columns([1, 1, 1], vertical_alignment="bottom")
    seed_ = inputs.number(t("compare.seed", lang), key=W_SEED, state_key=SEED_KEY,
                          default=seed(), lo=0, hi=limits.MAX_SEED, lang=lang, container=a,
                          help=t("compare.seed_help", lang))
    reps = inputs.number(t("compare.replications", lang, max=limits.MAX_REPLICATIONS),
                         key=W_REPS, state_key=REPS_KEY, default=replications(),
                         lo=MIN_REPLICATIONS, hi=limits.MAX_REPLICATIONS, lang=lang,
                         container=b,
                         help=t("compare.replications_help", lang, max=limits.MAX_REPLICATIONS))
    pressed = c.button(t("compare.run", lang), key="cmp_run", type="primary", width="stretch",
                       disabled=seed_ is None or reps is None)
    return pressed and seed_ is not None and reps is not None


def reference(chosen: Sequence[str]) -> str:
    ref = st.session_state.get(REFERENCE_KEY)
    if ref not in chosen:
        ref = default_reference(chosen)
        st.session_state[REFERENCE_KEY] = ref
    return ref


def draw_reference(chosen: Sequence[str], names: Mapping[str, str], lang: str) -> str:
    st.session_state[W_REFERENCE] = reference(chosen)
    st.selectbox(t("compare.reference", lang), list(chosen), key=W_REFERENCE,
                 format_func=lambda cid: names.get(cid, cid), on_change=shell.keep,
                 args=(W_REFERENCE, REFERENCE_KEY), help=t("compare.reference_help", lang))
    return reference(chosen)


def run_key(scenarios: Mapping[str, Scenario], seed_: int, reps: int) -> tuple:
    return (tuple((sid, sc.fingerprint()) for sid, sc in scenarios.items()), seed_, reps)


def last_results(key: tuple) -> runner.Results | None:
    last = st.session_state.get(LAST_KEY)
    return last[1] if last and last[0] == key else None


def has_results() -> bool:
    return st.session_state.get(LAST_KEY) is not None


JOB_SLOT = "compare"          # the session's job slot of a comparison


def job_meta() -> dict[str, Any]:
    """What brings a comparison back after a reload: the choice, the run settings, the
    uploads and the builder's scenario."""
    return runner.snapshot((SELECTION_KEY, SEED_KEY, REPS_KEY, REFERENCE_KEY, UPLOADS_KEY,
                            widgets.STATE))


def start(scenarios: Mapping[str, Scenario], seed_: int, reps: int, lang: str):
    """Start the comparison as the session's background job (a message naming the limit
    and None when refused)."""
    try:
        limits.check_request(scenarios, reps)
    except limits.LimitError as err:
        st.error(err.message(lang))
        return None
    chosen = dict(scenarios)

    def work(progress):
        return runner.run(chosen, seed_, reps, progress=progress)

    orders = limits.request_orders(chosen, reps)
    return runner.start_job(JOB_SLOT, work, run_key(chosen, seed_, reps), lang,
                            meta=job_meta(), orders=orders)


def results_for(key: tuple, lang: str) -> tuple[runner.Results | None, bool]:
    """(the results for ``key``, whether a job for it is still running). A finished job's
    results are kept in the session; a running job shows its progress and Cancel button; a
    job that ended without results says why."""
    found = runner.job(JOB_SLOT)
    if found is not None and found.key == key:
        if found.active:
            runner.show_job(found, lang)
            return None, True
        if found.succeeded:
            last = st.session_state.get(LAST_KEY)
            if not last or last[0] != key or last[1] is not found.result:
                st.session_state[LAST_KEY] = (key, found.result)
        elif last_results(key) is None:
            runner.show_outcome(found, lang)
    return last_results(key), False


def horizons(scenarios: Mapping[str, Scenario]) -> list[int]:
    return sorted({int(sc.run.horizon_days) for sc in scenarios.values()})


def footer(results: runner.Results, lang: str) -> None:
    st.caption(t("common.footer", lang, model=MODEL_VERSION, schema=SCHEMA_VERSION,
                 seed=results.seed, n=results.replications))


# --- a comparison's link --------------------------------------------------------------------

LINK_APPLIED_KEY = "_cmp_link_applied"     # the checksum of the link this session opened
AUTORUN_KEY = "_cmp_autorun"               # run once: a link was just opened
LINK_WARNINGS_KEY = "_cmp_link_warnings"   # (string key, fields) to show after reopening
LINK_PARAMS = (*share.PARAMS, "f", "k")


def _link_items(picked: Sequence[Choice]) -> list[tuple[str | None, dict[str, str], Scenario]]:
    """What a link carries of each chosen scenario: a preset by its name, any other by its
    title and (in ``share``) its changes."""
    out = []
    for c in picked:
        preset = c.id.removeprefix("preset:") if c.kind == "preset" else None
        out.append((preset, {k: c.label(k) for k in ("zh", "en")}, c.scenario))
    return out


def link_params(picked: Sequence[Choice], reference_id: str, seed_: int, reps: int,
                lang: str) -> dict[str, str]:
    """The query parameters of the link that reopens this comparison (ShareLinkError when it
    would be over the size limit)."""
    ids = [c.id for c in picked]
    return share.encode_comparison(_link_items(picked), ids.index(reference_id), seed_, reps,
                                   lang)


def share_link(picked: Sequence[Choice], reference_id: str, seed_: int, reps: int,
               lang: str) -> str:
    """The comparison's link: this page's address with its parameters (never the
    workspace key)."""
    params = link_params(picked, reference_id, seed_, reps, lang)
    base = (st.context.url or "").split("?")[0]
    return f"{base}?{share.query_string(params)}"


def linked_id(item: share.SharedItem) -> str:
    """The choice id a link's scenario reopens under: a preset's own id, else an id from its
    content (it joins the session's uploaded scenarios)."""
    if item.preset is not None:
        return f"preset:{item.preset}"
    import hashlib

    digest = hashlib.sha256(item.scenario.model_dump_json().encode("utf-8")).hexdigest()[:12]
    return f"upload:{digest}"


def open_link(lang: str) -> None:
    """Once per link: reopen the comparison the address carries (its scenarios, reference,
    seed, replications and language; the run starts by itself), or say why not and keep the
    page as it was."""
    for key, fields in st.session_state.pop(LINK_WARNINGS_KEY, []):
        st.warning(tx(key, lang, **fields))
    params = st.query_params.to_dict()
    if not share.is_comparison(params):
        if share.has_share_params(params) and LINK_APPLIED_KEY not in st.session_state:
            st.session_state[LINK_APPLIED_KEY] = params.get("c", "")
            st.error(t("share.not_comparison", lang))
        return
    check = str(params.get("c", ""))
    if st.session_state.get(LINK_APPLIED_KEY) == check:
        return
    st.session_state[LINK_APPLIED_KEY] = check
    try:
        shared = share.decode_comparison(params, max_replications=limits.MAX_REPLICATIONS,
                                         min_items=limits.MIN_SCENARIOS,
                                         max_items=limits.MAX_SCENARIOS)
        for item in shared.items:
            limits.check_scenario(item.scenario, "share link")
    except (share.ShareLinkError, limits.LimitError) as err:
        st.error(err.message(lang) + "  \n" + t("compare.link_kept", lang))
        return
    kept: dict[str, tuple[dict, str, str]] = st.session_state.setdefault(UPLOADS_KEY, {})
    ids = []
    for i, item in enumerate(shared.items, start=1):
        cid = linked_id(item)
        if item.preset is None and cid not in kept:
            kept[cid] = (dict(item.title), item.scenario.model_dump_json(), f"#{i}")
        ids.append(cid)
    st.session_state[SELECTION_KEY] = list(dict.fromkeys(ids))
    st.session_state[REFERENCE_KEY] = ids[shared.reference]
    st.session_state[SEED_KEY] = st.session_state[W_SEED] = shared.seed
    reps = max(MIN_REPLICATIONS, shared.replications)
    st.session_state[REPS_KEY] = st.session_state[W_REPS] = reps
    st.session_state["lang"] = shared.lang
    st.session_state[AUTORUN_KEY] = True
    st.session_state[LINK_WARNINGS_KEY] = list(shared.warnings)
    for k in LINK_PARAMS:                      # the address now shows the page, not the link
        if k in st.query_params:
            del st.query_params[k]
    st.rerun()                                 # the whole page (sidebar too) in the link's language


def draw_link(picked: Sequence[Choice], reference_id: str, results: runner.Results,
              lang: str) -> None:
    """The comparison's link to copy (the shown results' seed and replications)."""
    st.subheader(t("compare.link_heading", lang))
    try:
        link = share_link(picked, reference_id, results.seed, results.replications, lang)
    except share.ShareLinkError as err:
        st.warning(err.message(lang))
        return
    st.code(link, language=None, wrap_lines=True)
    st.caption(t("compare.link_note", lang))


# --- the page ---------------------------------------------------------------------------------

def _gather(lang: str) -> tuple[list[Choice], list]:
    from simulation import ScenarioError

    try:
        return gather_choices()
    except ScenarioError as err:                     # a broken preset file
        st.error(tx("common.run_error", lang, error=err))
        st.stop()
        raise                                        # pragma: no cover - st.stop ends the run


def _draw_files(lang: str) -> None:
    with st.expander(t("compare.files", lang)):
        files = st.file_uploader(t("compare.upload", lang, limit=limits.MAX_UPLOAD_BYTES // 1024,
                                   files=limits.MAX_UPLOAD_FILES),
                                 type=["yaml", "yml"], accept_multiple_files=True,
                                 key=upload_key())
        for message in take_uploads(files, lang):
            st.error(message)
        kept = st.session_state.get(UPLOADS_KEY, {})
        if kept:
            st.caption(t("compare.uploads_kept", lang, n=len(kept)))
            st.button(t("compare.forget_uploads", lang), key="cmp_forget",
                      on_click=forget_uploads)


def fewer_note(results: runner.Results, lang: str) -> str | None:
    """A note when the figures come from fewer replications than the session's setting."""
    wanted = session.replications()
    if results.replications < wanted:
        return t("compare.fewer_reps", lang, n=results.replications, m=wanted)
    return None


def draw(lang: str) -> None:
    """The compare page (pages/2_compare.py): choose 2–6 scenarios, run them with common
    random numbers (a background job), and see the KPIs, the paired differences against a
    reference, the cost per tonne avoided, the levers that differ and the cost–carbon
    trade-off; download every table or copy the comparison's link. In presentation view:
    the chosen scenarios' names in large text, the chart and the tables, no controls."""
    runner.restore([JOB_SLOT])           # after a reload: the inputs of the last run
    open_link(lang)
    present = shell.presentation()
    st.title(t("compare.title", lang))
    pressed = False
    if present:
        st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)
        choices, _problems = _gather(lang)
        chosen = selection([c.id for c in choices])
    else:
        st.caption(t("compare.intro", lang, min=limits.MIN_SCENARIOS, max=limits.MAX_SCENARIOS))
        _draw_files(lang)
        choices, problems = _gather(lang)
        for problem in problems:
            st.warning(problem.text(lang))
        chosen = draw_selection(choices, lang)

    if selection_problem(len(chosen)):
        st.warning(t("compare.limit", lang, min=limits.MIN_SCENARIOS, max=limits.MAX_SCENARIOS,
                     n=len(chosen)))
        return

    by_id = {c.id: c for c in choices}
    picked = [by_id[c] for c in chosen]
    scenarios = {c.id: c.scenario for c in picked}
    names = display_names(picked, lang)
    if present:
        st.header(inert(" · ".join(names.values())))
    days = horizons(scenarios)
    if len(days) > 1:
        st.warning(t("compare.horizons_differ", lang, days=" / ".join(str(d) for d in days)))

    if not present:
        pressed = draw_run_settings(lang)
    key = run_key(scenarios, seed(), replications())
    if st.session_state.pop(AUTORUN_KEY, False) and key != _last_key():
        pressed = True                         # a link was opened: its comparison runs
    if pressed and start(scenarios, seed(), replications(), lang) is None:
        return                                 # refused: the message names the limit
    results, running = results_for(key, lang)   # a running job: progress and Cancel
    if running:
        return
    if results is None:
        if present:
            st.info(t("compare.present_hint", lang))
        else:
            st.info(t("compare.stale", lang) if has_results() else t("compare.press_run", lang))
        return
    _draw_results(results, picked, scenarios, names, chosen, present, lang)


def _last_key() -> tuple | None:
    last = st.session_state.get(LAST_KEY)
    return last[0] if last else None


def _draw_results(results: runner.Results, picked: Sequence[Choice],
                  scenarios: Mapping[str, Scenario], names: Mapping[str, str],
                  chosen: Sequence[str], present: bool, lang: str) -> None:
    if present:
        reference_id = reference(chosen)
    else:
        st.success(t("compare.done", lang, n=len(scenarios), reps=results.replications,
                     seed=results.seed))
        reference_id = draw_reference(chosen, names, lang)
    fewer = fewer_note(results, lang)
    try:
        tables = build_tables(results, scenarios, names, reference_id, lang)
    except Exception as err:  # noqa: BLE001 - shown as a message, never a traceback
        st.error(tx("common.run_error", lang, error=err))
        return

    order = list(names.values())
    chart = charts.trade_off(named_summary(results, names), order, lang,
                             baseline=names.get(BASELINE_ID), size_kpi="retention_90d")
    prob = t("compare.col_prob", lang)
    prob_column = {prob: st.column_config.ProgressColumn(prob, format="percent", min_value=0.0,
                                                         max_value=1.0)}
    if present:
        charts.show(st, chart.properties(height=560))
        st.caption(t("compare.tradeoff_caption", lang))
        st.subheader(t("compare.kpi_heading", lang))
        st.table(tables.kpis)
        if fewer:
            st.caption(fewer)
        st.subheader(tx("compare.diff_heading", lang, reference=names[reference_id]))
        st.table(style_verdicts(tables.diffs).format({prob: "{:.0%}"}, na_rep="—"))
        st.subheader(t("compare.abate_heading", lang))
        st.table(abatement_display(tables.abatement, lang).set_index(
            t("compare.col_scenario", lang)))
        footer(results, lang)
        return

    st.subheader(t("compare.kpi_heading", lang))
    st.dataframe(tables.kpis, key="cmp_kpis", height=table_height(tables.kpis))
    with st.expander(t("compare.kpi_all", lang)):
        st.dataframe(tables.kpis_rest, key="cmp_kpis_rest")
    st.caption(t("compare.kpi_note", lang, n=results.replications))
    if fewer:
        st.caption(fewer)

    st.subheader(tx("compare.diff_heading", lang, reference=names[reference_id]))
    st.dataframe(style_verdicts(tables.diffs), key="cmp_diffs", hide_index=True,
                 column_config=prob_column, height=table_height(tables.diffs))
    with st.expander(t("compare.diff_all", lang)):
        st.dataframe(style_verdicts(tables.diffs_rest), key="cmp_diffs_rest",
                     hide_index=True, column_config=prob_column)
    st.caption(t("compare.diff_note", lang))

    st.subheader(t("compare.abate_heading", lang))
    st.dataframe(abatement_display(tables.abatement, lang), key="cmp_abatement",
                 hide_index=True)
    st.caption(t("compare.abate_note", lang))

    st.subheader(t("compare.levers_heading", lang))
    if tables.levers.empty:
        st.info(t("compare.levers_none", lang))
    else:
        st.dataframe(tables.levers, key="cmp_levers", hide_index=True,
                     height=table_height(tables.levers))
        st.caption(t("compare.levers_note", lang))

    charts.show(st, chart, name="cost_carbon_tradeoff", scenarios=order, lang=lang)
    st.caption(t("compare.tradeoff_caption", lang))
    if fewer:
        st.caption(fewer)

    st.subheader(t("compare.downloads", lang))
    cols = st.columns(3)
    cols[0].download_button(t("compare.download_xlsx", lang), export.workbook_bytes(tables.exports),
                            file_name="esg_comparison.xlsx", key="cmp_xlsx", on_click="ignore",
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            type="primary", width="stretch")
    for i, (title, df) in enumerate(tables.exports.items(), start=1):
        name = EXPORT_FILES[i - 1]
        cols[i % 3].download_button(t("compare.download_csv", lang, table=title),
                                    export.csv_bytes(df),
                                    file_name=f"esg_comparison_{i}_{name}.csv", mime="text/csv",
                                    key=f"cmp_csv_{name}", on_click="ignore", width="stretch")
    st.caption(t("compare.download_note", lang))
    draw_report(results, picked, scenarios, names, reference_id, lang)
    draw_link(picked, reference_id, results, lang)
    footer(results, lang)


def draw_report(results: runner.Results, picked: Sequence[Choice],
                scenarios: Mapping[str, Scenario], names: Mapping[str, str], reference_id: str,
                lang: str) -> None:
    """The "Download report" control: the comparison as HTML, PDF or PPTX (made on the
    button, for the results, reference and language shown)."""
    from .report import control
    from .report.compare import compare_report

    def build():
        try:
            link = share_link(picked, reference_id, results.seed, results.replications, lang)
        except share.ShareLinkError:
            link = None
        return compare_report(results, scenarios, names, reference_id, lang, link=link,
                              baseline=BASELINE_ID)

    fingerprint = (run_key(scenarios, results.seed, results.replications), reference_id,
                   tuple(names.values()))
    control.draw("compare", build=build, lang=lang, fingerprint=fingerprint)
