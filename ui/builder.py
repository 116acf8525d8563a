"""The scenario builder's pieces that are more than layout: the scenario file panel
(presets, library, upload, download, save, share link) and the results (KPI cards and
tabs). The page file only arranges them.

A lever change shows a quick preview at once (``limits.PREVIEW_REPLICATIONS``, simulated
while the page waits, at the scheduler's interactive priority). "Run the full set" starts a
background job (``ui/jobs.py``) in the session's ``builder`` slot; the page shows its
progress and a Cancel button, and the full results when it has finished (also after a
reload: the job is kept under the workspace token). The full set is on show
(``FULL_KEY``) only when its results are at hand: the session's finished job, or every
replication in the store. Opening a link never starts heavy work: a link made with the full
set on show (``f=1``) shows it when the store has it, else the preview with the Run button.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from simulation import KPI_LABELS, MODEL_VERSION, SCHEMA_VERSION, Scenario, list_presets
from simulation.metrics import missing_reason
from simulation.analysis import FAN_METRICS, fan_quantiles

from . import charts, library, limits, runner, session, share, shell, widgets, workspace
from .charts import show
from .sources import reference_for
from .i18n import finite, fmt_kpi, inert, kpi_label, t, tx

KPI_CARDS = ("retention_90d", "repeat_purchase_rate", "carbon_kg_total", "carbon_kg_per_order",
             "cost_total_cny", "profit_cny")
FULL_KEY = "full_run"
SEED_KEY, REPS_KEY = session.SEED_KEY, session.REPS_KEY
NOT_RUN_KEY = "_full_not_run"     # a link asked for a full set the server does not have
JOB_SLOT = "builder"             # the session's job slot of the full set
NAMES = ("baseline", "current")


# --- run settings (seed and replications survive page changes) ---------------------------

def draw_run_settings(lang: str, container=st) -> None:
    st.session_state["_w_seed"] = session.seed()
    st.session_state["_w_reps"] = session.replications()
    a, b = container.columns(2)
    a.number_input(t("builder.seed", lang), min_value=0, max_value=limits.MAX_SEED, step=1,
                   key="_w_seed", on_change=shell.keep, args=("_w_seed", SEED_KEY),
                   help=t("builder.seed_help", lang))
    b.number_input(t("builder.replications", lang), min_value=2,
                   max_value=limits.MAX_REPLICATIONS, step=1, key="_w_reps", on_change=shell.keep,
                   args=("_w_reps", REPS_KEY),
                   help=t("builder.replications_help", lang, max=limits.MAX_REPLICATIONS))


# --- share links --------------------------------------------------------------------------

def open_share_link(lang: str) -> None:
    """On a session's first run, reopen the scenario a share link carries (or say why not
    and keep the baseline), and take a read-only link's token (``ro=``)."""
    if st.session_state.get("_share_checked"):
        return
    st.session_state["_share_checked"] = True
    params = st.query_params.to_dict()
    _open_read_only(load=not share.has_share_params(params))
    if not share.has_share_params(params):
        return
    try:
        shared = share.decode(params, max_replications=limits.MAX_REPLICATIONS)
        limits.check_scenario(shared.scenario, "share link")
    except (share.ShareLinkError, limits.LimitError) as err:
        st.session_state["_share_error"] = (err.key, dict(err.fields))
        widgets.load_into_state(Scenario())
        return
    widgets.load_into_state(shared.scenario)
    st.session_state[SEED_KEY] = shared.seed
    st.session_state[REPS_KEY] = shared.replications
    if shared.full:         # shown only when at hand (settle_full): a link never runs it
        st.session_state[FULL_KEY] = (shared.scenario.fingerprint(), shared.seed,
                                      shared.replications)
    st.session_state["lang"] = shared.lang
    st.session_state["_share_warnings"] = list(shared.warnings)


READ_KEY = "_read_token"        # the read-only token this session was opened with


def _open_read_only(load: bool) -> None:
    """Keep a read-only link's token (``ro=``) for the file panel's shared list and, when
    it shares one entry (and no share link says otherwise), open that entry."""
    raw = st.query_params.get(workspace.READ_PARAM)
    if not raw:
        return
    try:
        view = library.open_shared(raw)
        entries, _problems = view.entries()
    except library.LibraryError as err:
        st.session_state["_flash"] = ("error", err.key, dict(err.fields))
        return
    st.session_state[READ_KEY] = view.share_token
    if load and len(entries) == 1 and view.one_entry:
        _load_shared(entries[0].name)


def _shared_view() -> library.Library | None:
    tok = st.session_state.get(READ_KEY)
    if not tok:
        return None
    try:
        return library.open_shared(tok)
    except library.LibraryError:
        st.session_state.pop(READ_KEY, None)
        return None


def _load_shared(name: str) -> None:
    view = _shared_view()
    try:
        if view is None:
            raise library.LibraryError("library.share_not_found")
        scenario = view.load(name)
        limits.check_scenario(scenario, name)
        widgets.load_into_state(scenario)
        st.session_state["_flash"] = ("success", "builder.opened_shared", {"name": name})
    except (library.LibraryError, limits.LimitError) as err:
        st.session_state["_flash"] = ("error", err.key, dict(err.fields))


def show_share_messages(lang: str) -> None:
    err = st.session_state.pop("_share_error", None)
    if err:
        key, fields = err
        st.error(tx(key, lang, **fields) + "  \n" + t("builder.share_fallback", lang))
    for key, fields in st.session_state.pop("_share_warnings", []):
        st.warning(tx(key, lang, **dict(fields)))


def full_key(scenario: Scenario) -> tuple:
    """What the full set of ``scenario`` is: (fingerprint, seed, replications)."""
    return (scenario.fingerprint(), session.seed(), session.replications())


def showing_full(scenario: Scenario) -> bool:
    """Whether the full set of replications (not the preview) is on show for ``scenario``."""
    return st.session_state.get(FULL_KEY) == full_key(scenario)


def _finished_job(scenario: Scenario):
    """The session's full-set job for ``scenario`` when it has finished with a result."""
    found = runner.job(JOB_SLOT)
    if found is not None and found.succeeded and found.key == full_key(scenario):
        return found
    return None


def settle_full(scenario: Scenario) -> None:
    """Before anything is drawn: the full set is on show when its results are at hand (the
    session's finished job, or every replication in the store; nothing is simulated). A
    request for it that cannot be met (a link's ``f=1``) falls back to the preview with a
    note (``NOT_RUN_KEY``)."""
    key = full_key(scenario)
    if _finished_job(scenario) is not None:
        st.session_state[FULL_KEY] = key
        return
    if st.session_state.get(FULL_KEY) != key:
        return
    pair = {"baseline": reference_for(scenario), "current": scenario}
    try:
        limits.check_request(pair, session.replications())
        at_hand = runner.has_stored(pair, session.seed(), session.replications())
    except limits.LimitError:
        at_hand = False
    if not at_hand:
        st.session_state.pop(FULL_KEY, None)
        st.session_state[NOT_RUN_KEY] = key


def update_share_link(scenario: Scenario, lang: str) -> str:
    """Keep the address bar's query string equal to the share link and the session's
    workspace (``ws``, and ``ro`` when a read-only link opened the session); return the
    share link, which carries neither."""
    params = share.encode(scenario, session.seed(), session.replications(), lang, full=showing_full(scenario))
    address = {**params, workspace.PARAM: workspace.token()}     # the workspace stays too
    if st.session_state.get(READ_KEY):
        address[workspace.READ_PARAM] = st.session_state[READ_KEY]
    if st.query_params.to_dict() != address:
        st.query_params.from_dict(address)
    base = (st.context.url or "").split("?")[0]
    return f"{base}?{share.query_string(params)}"     # never the workspace key


# --- the scenario file panel ---------------------------------------------------------------

def _load_preset(name: str) -> None:
    for p in list_presets():
        if p.name == name:
            widgets.load_into_state(p.scenario)
            st.session_state["_flash"] = ("success", "builder.loaded", {"name": name})
            return


def _load_entry(name: str) -> None:
    try:
        scenario = workspace.library().load(name)
        limits.check_scenario(scenario, name)
        widgets.load_into_state(scenario)
        st.session_state["_flash"] = ("success", "builder.loaded", {"name": name})
    except (library.LibraryError, limits.LimitError) as err:
        st.session_state["_flash"] = ("error", err.key, dict(err.fields))


def _delete_entry(name: str) -> None:
    try:
        workspace.library().delete(name)
        st.session_state["_flash"] = ("success", "builder.deleted", {"name": name})
    except library.LibraryError as err:
        st.session_state["_flash"] = ("error", err.key, dict(err.fields))


def _save(scenario_json: str, overwrite: bool) -> None:
    name = str(st.session_state.get("save_name", "")).strip()
    scenario = Scenario.model_validate_json(scenario_json)
    try:
        workspace.library().save(name, scenario, overwrite=overwrite)
        st.session_state["_flash"] = ("success", "builder.saved", {"name": name})
        st.session_state.pop("_confirm_overwrite", None)
    except library.NameTaken:
        st.session_state["_confirm_overwrite"] = name
    except library.LibraryError as err:
        st.session_state["_flash"] = ("error", err.key, dict(err.fields))


def _share_entry(name: str) -> None:
    try:
        st.session_state["_read_link"] = (name, workspace.library().share(name))
    except library.LibraryError as err:
        st.session_state["_flash"] = ("error", err.key, dict(err.fields))


def _cancel_overwrite() -> None:
    st.session_state.pop("_confirm_overwrite", None)


def _use_upload() -> None:
    up = st.session_state.get("upload")
    if up is None:
        return
    try:
        scenario = library.from_upload(up.getvalue(), up.name, limits.MAX_UPLOAD_BYTES)
        limits.check_scenario(scenario, up.name)
        widgets.load_into_state(scenario)
        st.session_state["_flash"] = ("success", "builder.loaded", {"name": up.name})
    except (library.LibraryError, limits.LimitError) as err:
        st.session_state["_flash"] = ("error", err.key, dict(err.fields))


def show_flash(lang: str) -> None:
    flash = st.session_state.pop("_flash", None)
    if flash:
        kind, key, fields = flash
        getattr(st, kind)(tx(key, lang, **fields))


def draw_file_panel(scenario: Scenario | None, lang: str, link: str | None) -> None:
    presets = list_presets()
    titles = {p.name: p.title.get(lang) or p.name for p in presets}
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    choice = c1.selectbox(t("builder.preset", lang), list(titles), format_func=titles.get,
                          key="preset_choice")
    c2.button(t("builder.load", lang), key="load_preset", on_click=_load_preset,
              args=(choice,))

    entries, problems = workspace.library().entries()
    for p in problems:
        st.warning(p.text(lang))
    if entries:
        c1, c2, c3, c4 = st.columns([3, 1, 1, 1], vertical_alignment="bottom")
        names = [e.name for e in entries]
        entry = c1.selectbox(t("builder.library", lang), names, key="library_choice")
        c2.button(t("builder.load", lang), key="load_entry", on_click=_load_entry,
                  args=(entry,))
        c3.button(t("builder.delete", lang), key="delete_entry", on_click=_delete_entry,
                  args=(entry,))
        c4.button(t("builder.share_entry", lang), key="share_entry", on_click=_share_entry,
                  args=(entry,), help=t("builder.share_entry_help", lang))
        shared = st.session_state.get("_read_link")
        if shared and shared[0] in names:
            st.caption(tx("builder.read_link", lang, name=shared[0]))
            st.code(workspace.read_only_link(shared[1], lang), language=None, wrap_lines=True)
    else:
        st.caption(t("builder.library_empty", lang))
    _draw_shared(lang)
    st.markdown(f"**{t('builder.workspace', lang)}**", help=t("builder.workspace_help", lang))
    st.code(workspace.link(lang), language=None, wrap_lines=True)
    st.caption(t("builder.workspace_note", lang))

    st.file_uploader(t("builder.upload", lang, limit=f"{limits.MAX_UPLOAD_BYTES // 1024}"),
                     type=["yaml", "yml"], key="upload", on_change=_use_upload)
    if scenario is None:
        return
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    c1.text_input(t("builder.save_name", lang), key="save_name", max_chars=60)
    c2.button(t("builder.save", lang), key="save", on_click=_save,
              args=(scenario.model_dump_json(), False))
    pending = st.session_state.get("_confirm_overwrite")
    if pending:
        st.warning(tx("builder.confirm_overwrite", lang, name=pending))
        c1, c2 = st.columns(2)
        c1.button(t("builder.overwrite", lang), key="overwrite", on_click=_save,
                  args=(scenario.model_dump_json(), True), type="primary")
        c2.button(t("builder.cancel", lang), key="cancel_overwrite", on_click=_cancel_overwrite)
    name = str(st.session_state.get("save_name") or "scenario").strip() or "scenario"
    st.download_button(t("builder.download", lang), library.to_yaml(name, scenario),
                       file_name=f"{name}.yaml", mime="application/x-yaml", key="download")
    if link:
        st.markdown(f"**{t('builder.share_link', lang)}**", help=t("builder.share_help", lang))
        st.code(link, language=None, wrap_lines=True)       # with a copy button


def _draw_shared(lang: str) -> None:
    """The entries a read-only link opened: load them, never change them."""
    view = _shared_view()
    if view is None:
        return
    entries, problems = view.entries()
    for p in problems:
        st.warning(p.text(lang))
    if not entries:
        st.caption(t("builder.shared_empty", lang))
        return
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    name = c1.selectbox(t("builder.shared_library", lang), [e.name for e in entries],
                        key="shared_choice")
    c2.button(t("builder.load", lang), key="load_shared", on_click=_load_shared, args=(name,))


# --- running ---------------------------------------------------------------------------------

def run_pair(scenario: Scenario, lang: str) -> tuple[runner.Results, bool] | None:
    """Baseline and current under common random numbers: the full set when it is at hand
    (:func:`settle_full`), else the preview, simulated now. Returns (results, full) or None
    after showing a message."""
    pair = {"baseline": reference_for(scenario), "current": scenario}
    if showing_full(scenario):
        done = _finished_job(scenario)
        results = done.result if done is not None else runner.stored(pair, session.seed(),
                                                                     session.replications())
        if results is not None:
            return results, True
        st.session_state.pop(FULL_KEY, None)        # gone from the store meanwhile
    n = min(limits.PREVIEW_REPLICATIONS, session.replications())
    try:
        limits.check_request(pair, n)
    except limits.LimitError as err:
        st.error(err.message(lang))
        return None
    bar = st.progress(0.0, text=t("common.progress", lang, done=0, total=2 * n))

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=t("common.progress", lang, done=done, total=total))

    try:
        results = runner.run(pair, session.seed(), n, progress=progress)
    except limits.LimitError as err:
        bar.empty()
        st.error(err.message(lang))
        return None
    except Exception as err:  # noqa: BLE001 - shown as a message, never a traceback
        bar.empty()
        st.error(tx("common.run_error", lang, error=err))
        return None
    bar.empty()
    return results, False


def start_full(scenario: Scenario, lang: str):
    """Start the full set of ``scenario`` as the session's background job (a message and
    None when a limit refuses it)."""
    pair = {"baseline": reference_for(scenario), "current": scenario}
    n, s = session.replications(), session.seed()
    try:
        limits.check_request(pair, n)
    except limits.LimitError as err:
        st.error(err.message(lang))
        return None

    def work(progress):
        return runner.run(pair, s, n, progress=progress)

    orders = limits.request_orders(pair, n)
    return runner.start_job(JOB_SLOT, work, full_key(scenario), lang, orders=orders)


def draw_full_run(scenario: Scenario, lang: str, container) -> None:
    """Beside the preview: the running full set's progress and Cancel button, or why the
    last one ended, and the button that starts it."""
    key = full_key(scenario)
    if st.session_state.pop(NOT_RUN_KEY, None) == key:
        container.info(t("builder.full_not_run", lang, n=session.replications()))
    found = runner.job(JOB_SLOT)
    with container:
        if found is not None and found.key == key and found.active:
            runner.show_job(found, lang)
            return
        if found is not None and found.key == key:
            runner.show_outcome(found, lang)
        elif found is not None and found.active:          # for earlier settings
            runner.show_job(found, lang, note=t("common.job_other", lang))
        if st.button(t("builder.run_full", lang, n=session.replications()), key="run_full",
                     type="primary", width="stretch"):
            if start_full(scenario, lang) is not None:
                st.rerun()


def display_names(lang: str) -> dict[str, str]:
    return {"baseline": t("common.baseline", lang), "current": t("common.current", lang)}


def kpi_cards(results: runner.Results, lang: str, columns: int = 3,
              horizon_days: float | None = None) -> None:
    """The KPI cards, current against baseline; a KPI the horizon cannot measure shows a
    dash and, beneath it, why."""
    summary = results.summary().set_index(["scenario", "kpi"])
    diff = results.compare("baseline").set_index(["scenario", "kpi"])
    cols = st.columns(columns)
    for i, k in enumerate(KPI_CARDS):
        better = KPI_LABELS[k][3]
        cur = summary.loc[("current", k)]
        base = summary.loc[("baseline", k)]
        d = diff.loc[("current", k)]
        if finite(d["ci_low"]):
            ci = t("builder.ci", lang, lo=fmt_kpi(k, d["ci_low"], signed=True),
                   hi=fmt_kpi(k, d["ci_high"], signed=True), n=int(d["n"]))
        else:
            ci = t("builder.no_ci", lang)
        p = (t("builder.prob_better", lang, p=f"{d['prob_better'] * 100:.0f}%")
             if finite(d["prob_better"]) else "")
        help_text = "  \n".join(x for x in (
            t("builder.card_baseline", lang, value=fmt_kpi(k, base["mean"])), ci, p) if x)
        moved = finite(d["diff_mean"]) and abs(d["diff_mean"]) > 1e-12 * max(1.0, abs(base["mean"]))
        col = cols[i % columns]
        col.metric(
            kpi_label(k, lang), fmt_kpi(k, cur["mean"], lang=lang),
            delta=fmt_kpi(k, d["diff_mean"], signed=True, lang=lang) if moved else None,
            delta_color="off" if better is None else ("normal" if better else "inverse"),
            help=help_text, border=True)
        why = missing_reason(k, horizon_days) \
            if horizon_days is not None and not finite(cur["mean"]) else None
        if why:                                 # a KPI this horizon cannot measure: say why
            col.caption(why[0] if lang == "zh" else why[1])
        if moved and finite(d["ci_low"]):       # the interval in sight, not only on hover
            col.caption(t("builder.card_ci", lang, lo=fmt_kpi(k, d["ci_low"], signed=True, lang=lang),
                          hi=fmt_kpi(k, d["ci_high"], signed=True, lang=lang)))


def _named(df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    return df.assign(scenario=df["scenario"].map(names))


def _pair(wide: bool):
    """Two places for charts: side by side on a wide page (presentation view), else one
    above the other so each chart keeps its full width."""
    return st.columns(2) if wide else (st.container(), st.container())


def result_tabs(results: runner.Results, scenario: Scenario, lang: str, wide: bool = False) -> None:
    """Six tabs of charts, the baseline beside the current scenario in each (the last: fan
    charts of how the replications spread over time). The tabs are lazy: a rerun builds only
    the open tab's charts (choosing another tab reruns)."""
    names = display_names(lang)
    order = [names[n] for n in NAMES]
    base = names["baseline"]
    daily = _named(results.daily, names)
    kpis = _named(results.kpis, names)
    breakdown = _named(results.breakdown, names)
    kw: dict[str, Any] = {"names": order, "lang": lang, "baseline": base}

    def customers() -> None:
        show(st, charts.over_time(daily, "active_customers", title=t("builder.chart_active", lang),
                                  y_title=t("builder.axis_customers", lang), **kw))
        a, b = _pair(wide)
        show(a, charts.cohort_curves(_named(results.cohorts, names),
                                     horizon_days=scenario.run.horizon_days, **kw))
        show(b, charts.acquisition_by_channel(daily, **kw))

    def carbon() -> None:
        a, b = _pair(wide)
        show(a, charts.breakdown_bars(breakdown, "carbon_source", **kw))
        show(b, charts.breakdown_bars(breakdown, "carbon_scope", **kw))
        a, b = _pair(wide)
        show(a, charts.kpi_bars(kpis, "carbon_kg_per_order", **kw))
        show(b, charts.over_time(daily, "carbon_kg_total", cumulative=True,
                                 title=t("builder.chart_cum_carbon", lang), y_title="kg CO₂e", **kw))

    def cost() -> None:
        show(st, charts.cost_waterfall(kpis, breakdown, **kw))
        a, b = _pair(wide)
        show(a, charts.kpi_bars(kpis, "cost_per_order_cny", **kw))
        show(b, charts.over_time(daily, "profit_cny", cumulative=True,
                                 title=t("builder.chart_cum_profit", lang), y_title="¥", **kw))

    def operations() -> None:
        a, b = _pair(wide)
        show(a, charts.kpi_bars(kpis, "fulfilment_wait_hours_mean", **kw))
        show(b, charts.over_time(daily, "on_time_rate", rolling=7, title=t("builder.chart_on_time", lang),
                                 y_title=t("builder.axis_share", lang), **kw))
        a, b = _pair(wide)
        show(a, charts.over_time(daily, ("packers", "cs_agents"), title=t("builder.chart_staff", lang),
                                 y_title=t("builder.axis_people", lang), **kw))
        show(b, charts.kpi_bars(kpis, "staff_turnover_rate", **kw))

    def marketing() -> None:
        curves, markers = charts.response_frame({base: reference_for(scenario),
                                                 names["current"]: scenario})
        show(st, charts.response_curves(curves, markers, columns=3 if wide else 2, **kw),
             width="content")
        st.caption(t("builder.response_note", lang))

    def uncertainty() -> None:
        fans = _named(fan_quantiles(results.daily), names)
        for metric in FAN_METRICS:
            show(st, charts.fan_chart(fans, metric, **kw))
        st.caption(t("builder.fan_note", lang, n=results.replications))

    draw = {"customers": customers, "carbon": carbon, "cost": cost, "operations": operations,
            "marketing": marketing, "uncertainty": uncertainty}
    tabs = st.tabs([t(f"builder.tab_{x}", lang) for x in draw], key=f"result_tabs_{lang}",
                   on_change="rerun")
    for tab, fill in zip(tabs, draw.values(), strict=True):
        if tab.open is not False:           # None: the tab state is not tracked, draw all
            with tab:
                fill()


def footer(results: runner.Results, lang: str) -> None:
    st.caption(t("common.footer", lang, model=MODEL_VERSION, schema=SCHEMA_VERSION,
                 seed=results.seed, n=results.replications))


def problems_message(problems: list[str], lang: str) -> None:
    st.error(t("builder.invalid", lang) + "\n\n" + "\n".join(f"- {inert(p)}" for p in problems))

