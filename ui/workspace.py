"""The browser session's workspace in the scenario library, and read-only links.

Every session works in its own workspace (``ui.library``): on the session's first run the
token comes from the URL's ``ws`` query parameter, or a new one is made; it is kept in the
session and put back in the URL on every run (``shell.setup`` calls :func:`token`), so a
reload, or the link opened in another browser, reopens the same workspace. A malformed
``ws`` is replaced by a fresh workspace and a message (:func:`show_message`), never a
traceback. A read-only link carries ``ro=<token>`` (``Library.share``) and opens one entry,
or a whole workspace, that the session can load but not change.

Pages and page modules call :func:`library` instead of ``library.Library()``.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from . import library as lib
from .i18n import t, tx

PARAM = "ws"                   # the workspace token in the URL
READ_PARAM = "ro"              # a read-only token in the URL
STATE_KEY = "workspace"        # the session's workspace token
ERROR_KEY = "_workspace_error"


def _param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if isinstance(value, str) and value else None


def token() -> str:
    """The session's workspace token (made or taken from the URL on the first run), kept in
    the URL's ``ws`` parameter."""
    tok = st.session_state.get(STATE_KEY)
    if not isinstance(tok, str):
        tok = None
        raw = _param(PARAM)
        if raw is not None:
            try:
                tok = lib.check_token(raw)
            except lib.LibraryError as err:
                st.session_state[ERROR_KEY] = (err.key, dict(err.fields))
        if tok is None:
            tok = lib.new_workspace()
        st.session_state[STATE_KEY] = tok
    if st.query_params.get(PARAM) != tok:
        st.query_params[PARAM] = tok
    return tok


def library() -> lib.Library:
    """The session's workspace of the library."""
    return lib.Library(workspace=token())


def show_message(lang: str) -> None:
    """Say (once) why the URL's workspace key was not used."""
    err = st.session_state.pop(ERROR_KEY, None)
    if err:
        key, fields = err
        st.warning(tx(key, lang, **fields) + "  \n" + t("builder.workspace_fresh", lang))


def _base_url() -> str:
    return (st.context.url or "").split("?")[0]


def link(lang: str) -> str:
    """The address that reopens this session's workspace (on the builder page)."""
    return f"{_base_url()}?{urlencode({PARAM: token(), 'lang': lang})}"


def read_only_link(read_token: str, lang: str) -> str:
    """The address that opens what ``read_token`` shares, read-only."""
    return f"{_base_url()}?{urlencode({READ_PARAM: read_token, 'lang': lang})}"
