"""The scenario builder's pieces that are more than layout: the scenario file panel
(presets, library, upload, download, save, share link), what is loaded (the scenario's
title and origin, the levers that differ from the baseline with a reset each, undo and
redo: the state lives in ``ui/history.py``), panels that keep their open state, and the
results (KPI cards, the "Download report" control and the tabs, each chart downloadable as
PNG or SVG). The page file only arranges them; the cards' text, the changed levers' text and
the tabs' charts come from ``ui/builder_tables.py``, which the report
(``ui/report/builder.py``) shares.

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

import streamlit as st

from simulation import MODEL_VERSION, SCHEMA_VERSION, Scenario, list_presets

from . import (builder_tables, explain, history, inputs, library, limits, runner, session, share, shell,
               widgets, workspace)
from .builder_tables import KPI_CARDS, NAMES, changed_levers  # noqa: F401 - KPI_CARDS: the cards shown
from .builder_tables import lever_value as _lever_value
from .charts import show
from .report import control
from .report.builder import builder_report
from .sources import reference_for
from .i18n import inert, t, tx

FULL_KEY = "full_run"
SEED_KEY, REPS_KEY = session.SEED_KEY, session.REPS_KEY
NOT_RUN_KEY = "_full_not_run"     # a link asked for a full set the server does not have
JOB_SLOT = "builder"             # the session's job slot of the full set


# --- run settings (seed and replications survive page changes) ---------------------------

def draw_run_settings(lang: str, container=st) -> None:
    """Seed and replications; a typed value out of range gets a message (``ui.inputs``)."""
    inputs.run_settings(lang, container)


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
        limits.check_scenario(shared.scenario, t("builder.origin_link_title", lang))
    except (share.ShareLinkError, limits.LimitError) as err:
        st.session_state["_share_error"] = (err.key, dict(err.fields))
        history.load(Scenario(), "preset", "baseline")
        return
    history.load(shared.scenario, "link")
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
        history.load(scenario, "shared", name)
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

def _load_preset(name: str, lang: str) -> None:
    for p in list_presets():
        if p.name == name:
            history.load(p.scenario, "preset", name)
            st.session_state["_flash"] = ("success", "builder.loaded",
                                          {"name": p.title.get(lang) or p.title.get("en") or ""})
            return


def _load_entry(name: str) -> None:
    try:
        scenario = workspace.library().load(name)
        limits.check_scenario(scenario, name)
        history.load(scenario, "library", name)
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
        history.set_origin("library", name)         # what is loaded now: the saved entry
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
        history.load(scenario, "upload", up.name)
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
    # a control above its buttons, the buttons in a row that wraps: a label is never cut
    choice = st.selectbox(t("builder.preset", lang), list(titles), format_func=titles.get,
                          key="preset_choice")
    st.button(t("builder.load_preset", lang), key="load_preset", on_click=_load_preset,
              args=(choice, lang))

    entries, problems = workspace.library().entries()
    for p in problems:
        st.warning(p.text(lang))
    if entries:
        names = [e.name for e in entries]
        entry = st.selectbox(t("builder.library", lang), names, key="library_choice")
        row = _button_row()
        row.button(t("builder.load", lang), key="load_entry", on_click=_load_entry,
                   args=(entry,))
        row.button(t("builder.delete", lang), key="delete_entry", on_click=_delete_entry,
                   args=(entry,))
        row.button(t("builder.share_entry", lang), key="share_entry", on_click=_share_entry,
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
    st.text_input(t("builder.save_name", lang), key="save_name", max_chars=60)
    pending = st.session_state.get("_confirm_overwrite")
    if pending:
        st.warning(tx("builder.confirm_overwrite", lang, name=pending))
        row = _button_row()
        row.button(t("builder.overwrite", lang), key="overwrite", on_click=_save,
                   args=(scenario.model_dump_json(), True), type="primary")
        row.button(t("builder.cancel", lang), key="cancel_overwrite", on_click=_cancel_overwrite)
    name = str(st.session_state.get("save_name") or "scenario").strip() or "scenario"
    row = _button_row()
    row.button(t("builder.save", lang), key="save", on_click=_save,
               args=(scenario.model_dump_json(), False))
    # a download changes nothing on the page: no rerun
    row.download_button(t("builder.download", lang), library.to_yaml(name, scenario),
                        file_name=f"{name}.yaml", mime="application/x-yaml", key="download",
                        on_click="ignore")
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
    name = st.selectbox(t("builder.shared_library", lang), [e.name for e in entries],
                        key="shared_choice")
    st.button(t("builder.load", lang), key="load_shared", on_click=_load_shared, args=(name,))


def panel(name: str, label: str, default_open: bool = False):
    """An expander that keeps its open state: a keyed expander (its identity does not hang
    on its position, which a message above it shifts) whose state is copied to
    ``open_<name>`` on every toggle and re-seeded from there on every run, so it survives
    saves, loads, uploads, downloads, a language switch and visits to other pages."""
    widget, store = f"_w_open_{name}", f"open_{name}"
    st.session_state[widget] = bool(st.session_state.setdefault(store, default_open))
    return st.expander(label, key=widget, on_change=shell.keep, args=(widget, store))


def _button_row():
    """Buttons side by side at their natural width, wrapping onto a new line when the pane
    is narrow (a label is never cut short)."""
    return st.container(horizontal=True, gap="small")


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
        limits.check_request(_shown(pair, lang), n)     # a message names them as the page does
    except limits.LimitError as err:
        st.error(err.message(lang))
        return None
    results = runner.with_progress(lambda progress: runner.run(pair, session.seed(), n,
                                                               progress=progress),
                                   lang, "common.run_error")
    return None if results is None else (results, False)


def start_full(scenario: Scenario, lang: str):
    """Start the full set of ``scenario`` as the session's background job (a message and
    None when a limit refuses it)."""
    pair = {"baseline": reference_for(scenario), "current": scenario}
    n, s = session.replications(), session.seed()
    try:
        limits.check_request(_shown(pair, lang), n)
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
            if found.succeeded:     # it ended after settle_full looked: the next run shows it
                st.rerun()
            runner.show_outcome(found, lang)
        elif found is not None and found.active:          # for earlier settings
            runner.show_job(found, lang, note=t("common.job_other", lang))
        if st.button(t("builder.run_full", lang, n=session.replications()), key="run_full",
                     type="primary", width="stretch", wrap=True):
            if start_full(scenario, lang) is not None:
                st.rerun()


display_names = builder_tables.display_names


def _shown(pair: dict[str, Scenario], lang: str) -> dict[str, Scenario]:
    """The pair under the names the reader sees (for a limit's message)."""
    names = display_names(lang)
    return {names.get(k, k): v for k, v in pair.items()}


def kpi_cards(results: runner.Results, lang: str, columns: int = 3,
              horizon_days: float | None = None, full: bool = False) -> None:
    """The KPI cards, current against baseline; a KPI the horizon cannot measure shows a
    dash and, beneath it, why. Above them: how many replications they come from (the
    preview's few, or the full set the compare page and the optimiser show); profit always
    carries its 95% interval."""
    n = results.replications
    st.caption(builder_tables.cards_caption(full, n, session.replications(), lang))
    cols: list = []
    for i, card in enumerate(builder_tables.cards(results.summary(), results.compare("baseline"), n,
                                                  lang, horizon_days)):
        if i % columns == 0:            # a row at a time: on a phone the cards keep their order
            cols = st.columns(columns)
        col = cols[i % columns]
        col.metric(card.label, card.value, delta=card.delta, delta_color=card.delta_color,
                   help=card.help, border=True)
        if card.missing:                        # a KPI this horizon cannot measure: say why
            col.caption(card.missing)
        if card.interval_caption:               # the interval in sight, not only on hover
            col.caption(card.interval_caption)
        if card.level_caption:                  # the level's own uncertainty
            col.caption(card.level_caption)


def _pair(wide: bool):
    """Two places for charts: side by side on a wide page (presentation view), else one
    above the other so each chart keeps its full width."""
    return st.columns(2) if wide else (st.container(), st.container())


def result_tabs(results: runner.Results, scenario: Scenario, lang: str, wide: bool = False,
                downloads: bool = True) -> None:
    """Six tabs of charts, the baseline beside the current scenario in each (the last: fan
    charts of how the replications spread over time). The tabs are lazy: a rerun builds only
    the open tab's charts (choosing another tab reruns). Each chart can be downloaded as PNG
    or SVG (``charts.show(name=...)``; not in presentation view: ``downloads=False``), named
    after the chart and the pair."""
    pair = {"baseline": reference_for(scenario), "current": scenario}

    def fill(tab: str) -> None:
        for row in builder_tables.tab_charts(tab, results, pair, lang, wide=wide):
            places = (st,) if len(row) == 1 else _pair(wide)
            for place, chart in zip(places, row, strict=True):
                show(place, chart.chart, width=chart.width, name=chart.name if downloads else None,
                     scenarios=NAMES, lang=lang)
        if tab == "marketing":
            st.caption(t("builder.response_note", lang))
        elif tab == "uncertainty":
            st.caption(t("builder.fan_note", lang, n=results.replications))

    tabs = st.tabs([t(f"builder.tab_{x}", lang) for x in builder_tables.TABS], key=f"result_tabs_{lang}",
                   on_change="rerun")
    for tab, name in zip(tabs, builder_tables.TABS, strict=True):
        if tab.open is not False:           # None: the tab state is not tracked, draw all
            with tab:
                fill(name)


def draw_report(results: runner.Results, scenario: Scenario, changes: dict[str, Any], full: bool,
                lang: str) -> None:
    """The "Download report" control between the KPI cards and the charts (also in
    presentation view): the results on show (the full set or the preview) as HTML, PDF or
    PPTX."""
    pair = {"baseline": reference_for(scenario), "current": scenario}
    title, origin = scenario_title(lang, plain=True), origin_note(lang)
    link = update_share_link(scenario, lang)
    fingerprint = (full_key(scenario), results.replications, full, title,
                   tuple(sorted((k, repr(v)) for k, v in changes.items())))

    def build():
        return builder_report(results, pair, title, origin, lang, changes=changes, full=full,
                              full_replications=session.replications(), link=link)

    control.draw("builder", build, lang, fingerprint)


def footer(results: runner.Results, lang: str) -> None:
    st.caption(t("common.footer", lang, model=MODEL_VERSION, schema=SCHEMA_VERSION,
                 seed=results.seed, n=results.replications))


def problems_message(problems: list[str], lang: str) -> None:
    st.error(t("builder.invalid", lang) + "\n\n" + "\n".join(f"- {inert(readable(p, lang))}"
                                                            for p in problems))


def readable(problem: str, lang: str) -> str:
    """A loader's problem with the levers' labels in place of their dotted paths."""
    text = problem.removeprefix("scenario: ")
    for path in sorted(widgets.rows(), key=len, reverse=True):
        if path in text:
            text = text.replace(path, f"“{widgets.label(path, lang)}”")
    return text


# --- what is loaded: title, origin, the changed levers, undo and redo ----------------------

def scenario_title(lang: str, plain: bool = False) -> str:
    """The working scenario's name as a heading (text from a user made inert; ``plain``: as
    plain text, for a report): the origin's title, or "modified from ..." once a lever has
    moved since it was opened."""
    o = history.origin()
    name = history.title(lang)
    shown = (name if plain else inert(name)) if name else t("builder.origin_link_title", lang)
    if o["kind"] == "preset" and o["name"] == "baseline" and not o["changes"]:
        if history.modified():
            return t("builder.title_from_baseline", lang)
        return shown
    return t("builder.title_modified", lang, name=shown) if history.modified() else shown


def origin_note(lang: str) -> str:
    o = history.origin()
    return t(f"builder.origin_{o['kind']}", lang)


def draw_header(lang: str, present: bool) -> None:
    """The top of the results: the scenario's title and where it came from; in presentation
    view the title is the page's heading."""
    heading = scenario_title(lang)
    if present:
        st.title(heading, anchor=False)
    else:
        st.subheader(heading, anchor=False)
    st.caption(origin_note(lang))


def draw_history(lang: str) -> None:
    """Undo, redo and reset all, at their natural width (never cut)."""
    row = _button_row()
    row.button(t("builder.undo", lang), key="undo", icon=":material/undo:",
               on_click=history.undo, disabled=not history.can_undo())
    row.button(t("builder.redo", lang), key="redo", icon=":material/redo:",
               on_click=history.redo, disabled=not history.can_redo())
    row.button(t("builder.reset_all", lang), key="reset_all", icon=":material/restart_alt:",
               on_click=history.reset_all, disabled=not widgets.working_changes())


def draw_changes(changes: dict[str, Any], lang: str, present: bool = False) -> None:
    """The levers that differ from the baseline: label, value (with its unit) and the
    baseline's, each with a button that puts just that lever back."""
    levers = changed_levers(changes)
    if not levers:
        st.caption(t("builder.no_changes", lang))
        return
    with st.container(border=True, key="changed_levers"):
        st.markdown(f"**{t('builder.changes', lang, n=len(levers))}**")
        for path, value, base in levers:
            name = (t("builder.lever_shares", lang) if path == "marketing.shares"
                    else widgets.label(path, lang))
            text = t("builder.changed_lever", lang, label=inert(name),
                     value=inert(_lever_value(path, value, lang)),
                     base=inert(_lever_value(path, base, lang)))
            if present:
                st.markdown(text)
                continue
            c1, c2 = st.columns([5, 2], vertical_alignment="center")
            c1.markdown(text)
            c2.button(t("builder.reset_one", lang), key=f"reset_one:{path}", wrap=True,
                      on_click=history.reset_lever, args=(path,),
                      help=t("builder.reset_one_help", lang, label=name))


# --- the page -------------------------------------------------------------------------------

def draw(lang: str) -> None:
    """The builder page: the levers (grouped, each group with its reset), the file panel,
    and the results: what is loaded, undo/redo, the changed levers, the preview or the full
    set, the KPI cards, "why did this change?" and the tabs. A lever change previews at
    once; the full set runs as a background job."""
    open_share_link(lang)
    lang = shell.language()                   # a share link may carry another language
    widgets.seed_widgets(widgets.working_scenario())
    present = shell.presentation()

    if not present:                                 # presentation view: the scenario's title
        st.title(t("builder.title", lang))
    show_share_messages(lang)
    show_flash(lang)

    scenario, changes, problems = widgets.collect()     # callbacks have run: values are final
    history.record(valid=scenario is not None)          # a change since the last run: one undo step
    if scenario is not None:
        settle_full(scenario)                   # the full set only when it is at hand
    controls, results_area = shell.two_panes()
    if controls is not None:
        with controls:
            st.caption(t("builder.intro", lang))
            for group in widgets.GROUPS:
                with panel(f"group_{group}", t(f"builder.group_{group}", lang),
                                   default_open=group == "E"):
                    st.button(t("builder.reset_group", lang), key=f"reset_{group}",
                              on_click=widgets.reset_group, args=(group,))
                    if group == "marketing":
                        widgets.draw_budget(lang)
                    widgets.draw_group(group, lang)
                    if group == "run":
                        draw_run_settings(lang)
                        st.caption(t("builder.limits", lang, reps=limits.MAX_REPLICATIONS,
                                     days=limits.MAX_HORIZON_DAYS))
            link = update_share_link(scenario, lang) if scenario is not None else None
            with panel("file", t("builder.file", lang)):
                draw_file_panel(scenario, lang, link)

    with results_area:
        draw_header(lang, present)              # what is loaded: title and origin
        if not present:
            draw_history(lang)                  # undo, redo, reset all
        if scenario is None:
            problems_message(problems, lang)
            return
        if present:
            update_share_link(scenario, lang)
        draw_changes(changes, lang, present)    # the levers that differ from the baseline
        outcome = run_pair(scenario, lang)
        if outcome is None:
            return
        results, full = outcome
        if full:
            st.success(t("builder.full_done", lang, n=results.replications))
        else:
            c1, c2 = st.columns([3, 2], vertical_alignment="center")
            c1.info(t("builder.preview", lang, n=results.replications))
            draw_full_run(scenario, lang, c2)    # a background job: progress, Cancel
        kpi_cards(results, lang, columns=3, horizon_days=scenario.run.horizon_days, full=full)
        explain.draw(scenario, lang, present=present)   # "why did this change?", on demand
        draw_report(results, scenario, changes, full, lang)     # the meeting pack, in sight
        result_tabs(results, scenario, lang, wide=present, downloads=not present)
        footer(results, lang)
