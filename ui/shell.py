"""The frame every page shares: page config, language, navigation, presentation view.

Streamlit forgets a widget's value when a page without that widget runs, so the language
and the presentation toggle keep their values under their own session keys (``lang``,
``presentation``) and each page's widget is re-seeded from them. The language also rides
in the URL (``?lang=en``), so a link opens in the language it was made in; so does the
session's library workspace (``?ws=...``, see ``ui/workspace.py``).
"""

from __future__ import annotations

import streamlit as st

from . import charts, workspace
from .i18n import LANG_NAMES, LANGS, normalise_lang, t

PAGES = (  # (file, string key, icon)
    ("app.py", "common.nav_home", "🏠"),
    ("pages/1_builder.py", "common.nav_builder", "🎛️"),
    ("pages/2_compare.py", "common.nav_compare", "⚖️"),
    ("pages/3_methodology.py", "common.nav_methodology", "📐"),
    ("pages/4_sensitivity.py", "common.nav_sensitivity", "🌪️"),
    ("pages/5_optimiser.py", "common.nav_optimiser", "🎯"),
    ("pages/6_classroom.py", "common.nav_classroom", "🎓"),
    ("pages/7_workshop.py", "workshop.nav", "👥"),
    ("pages/8_policy_lab.py", "policy_lab.nav", "🏙️"),
)

_PRESENTATION_CSS = """
<style>
[data-testid="stMetricValue"] { font-size: 3.2rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.35rem !important; }
[data-testid="stMetricDelta"] { font-size: 1.3rem !important; }
.block-container { max-width: 100% !important; padding-top: 1.5rem !important; }
h1 { font-size: 2.8rem !important; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stSidebarNav"] { display: none !important; }
</style>
"""

# How much larger chart text is in presentation view (``charts.show`` applies it).
PRESENTATION_CHART_SCALE = 1.6


# On a narrow screen Streamlit stacks columns in their order, controls first; this puts the
# results pane (``st.container(key="results_pane")``) first instead, so a phone shows the
# answer before the levers.
_PANES_CSS = """
<style>
@media (max-width: 640px) {
  [data-testid="stHorizontalBlock"]:has(> div > div > .st-key-results_pane),
  [data-testid="stHorizontalBlock"]:has(.st-key-results_pane) { flex-direction: column-reverse; }
}
</style>
"""


# Streamlit's file uploader writes its own English texts ("Upload", "1MB per file", from the
# server's maxUploadSize in whole megabytes) and has no option for them: this hides them and
# shows ours, in the page's language, with the app's own limit (ui/limits.MAX_UPLOAD_BYTES);
# the same for the keyboard users' "Skip to main content" link.
# The CSS is constant per language: catalogue strings and a number, never user text.
_UPLOADER_CSS = """
<style>
[data-testid="stFileUploaderDropzoneInstructions"] span { display: none !important; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {
  content: "%(limit)s"; font-size: 0.875rem; opacity: 0.7; }
[data-testid="stFileUploader"] button [data-testid="stMarkdownContainer"] p { display: none !important; }
[data-testid="stFileUploader"] button [data-testid="stMarkdownContainer"]::after { content: "%(button)s"; }
[data-testid="stSkipToContent"] { visibility: hidden; }
[data-testid="stSkipToContent"]::after { content: "%(skip)s"; visibility: visible; }
</style>
"""


def uploader_css(lang: str) -> str:
    """The uploader's CSS in ``lang`` (constant: catalogue strings and the app's limit)."""
    from .limits import MAX_UPLOAD_BYTES

    def css_text(key: str, **fields) -> str:
        return "".join(ch for ch in t(key, lang, **fields) if ch not in '"\\<>{}\n')

    return _UPLOADER_CSS % {"limit": css_text("common.uploader_limit", kb=MAX_UPLOAD_BYTES // 1024),
                            "button": css_text("common.uploader_button"),
                            "skip": css_text("common.skip_to_content")}


def two_panes(gap: str = "large"):
    """The page's controls and results: (controls, results) containers side by side on a
    wide screen, results first on a phone; in presentation view (None, results), the
    controls not drawn."""
    if presentation():
        return None, st.container(key="results_pane")
    st.markdown(_PANES_CSS, unsafe_allow_html=True)
    left, right = st.columns([1, 2], gap=gap)
    with right:
        results = st.container(key="results_pane")
    return left, results


def keep(widget_key: str, state_key: str) -> None:
    """Widget callback: copy a widget's value to the session key that outlives it."""
    st.session_state[state_key] = st.session_state[widget_key]


def language() -> str:
    """The session's language: the URL's on the first run of a session, then the user's."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = normalise_lang(st.query_params.get("lang"))
    return normalise_lang(st.session_state["lang"])


def presentation() -> bool:
    return bool(st.session_state.get("presentation", False))


def chart_scale() -> float:
    """The size of chart text on this run: larger in presentation view."""
    return PRESENTATION_CHART_SCALE if presentation() else 1.0


def scaled(chart):
    """An altair chart for ``st.altair_chart`` (for one that ``charts.show`` cannot draw, e.g.
    with a selection to read back), its text enlarged in presentation view as
    ``charts.show`` enlarges it; unchanged otherwise."""
    scale = chart_scale()
    if scale == 1:
        return chart
    sizes: dict[str, dict[str, float]] = {}
    for group, prop, size in charts.SCALED_TEXT:
        sizes.setdefault(group, {})[prop] = round(size * scale, 1)
    return (chart.configure_axis(labelLimit=0, **sizes["axis"])
            .configure_legend(labelLimit=0, **sizes["legend"])
            .configure_header(**sizes["header"]).configure_title(**sizes["title"])
            .configure_text(**sizes["text"]))


def _exit_presentation() -> None:
    st.session_state["presentation"] = False


def setup(title_key: str = "common.app_title") -> str:
    """Configure the page and draw the sidebar; returns the language code ('zh' or 'en')."""
    lang = language()
    st.set_page_config(page_title=f"{t(title_key, lang)} · ESG", page_icon="🌿", layout="wide")
    sidebar = st.sidebar
    st.session_state["_w_lang"] = lang
    sidebar.radio(t("common.language", lang), LANGS, key="_w_lang",
                  format_func=LANG_NAMES.__getitem__, horizontal=True,
                  on_change=keep, args=("_w_lang", "lang"))
    lang = language()
    for path, key, icon in PAGES:
        sidebar.page_link(path, label=t(key, lang), icon=icon)
    st.session_state["_w_presentation"] = presentation()
    sidebar.toggle(t("common.presentation", lang), key="_w_presentation",
                   help=t("common.presentation_help", lang),
                   on_change=keep, args=("_w_presentation", "presentation"))
    charts.CHART_SCALE.set(chart_scale())
    if presentation():                  # the sidebar is hidden: the way out is on the page
        st.markdown(_PRESENTATION_CSS, unsafe_allow_html=True)
        bar = st.container(horizontal=True, key="presentation_bar")
        bar.button(t("common.presentation_exit", lang), key="_exit_presentation", icon="↩️",
                   on_click=_exit_presentation)
        with bar.popover(t("common.presentation_pages", lang), icon="🧭"):
            for path, key, icon in PAGES:   # the sidebar is hidden: the pages from here
                st.page_link(path, label=t(key, lang), icon=icon)
    st.markdown(uploader_css(lang), unsafe_allow_html=True)
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    workspace.token()                   # the session's workspace, kept in the URL (ws=)
    workspace.show_message(lang)
    return lang
