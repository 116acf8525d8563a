"""The report as one self-contained HTML file that works with no network.

Vega, Vega-Lite and vega-embed (vl-convert's bundle, :func:`ui.report.vega.bundle`) are
embedded once, in one script element, the way ``vl_convert.vegalite_to_html(spec,
bundle=True)`` embeds them for a single chart; each chart's Vega-Lite spec sits in its own
``<script type="application/json">`` element and one small loader draws every chart with
``vegaEmbed`` (interactive, with the pages' tooltips). Each chart's container carries
``data-chart="<name>"``. Tables are HTML tables; the share link is text, and a link only
when it is an http(s) address.

The layout is the Jinja template ``templates/report.html.j2``, shared with the PDF
(:mod:`ui.report.to_pdf`, mode ``"pdf"``): autoescape is on, so every text of the report
(scenario names and titles come from users) is escaped; :func:`page` builds the template's
context for either mode.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from ..i18n import t
from . import vega
from .model import Chart, Report, Section, Table

TEMPLATES = Path(__file__).with_name("templates")
TEMPLATE = "report.html.j2"
# columns from which a table's text is made smaller so that it fits the page's width
WIDE_COLUMNS = 7
VERY_WIDE_COLUMNS = 10
# characters that have no place in a document: C0/C1 controls (tab and newline kept), lone
# surrogates, unassigned and private-use code points, and the invisible format characters
# (bidirectional overrides, zero-width joiners) that can disguise text
_DROPPED = {"Cc", "Cs", "Cn", "Co", "Cf"}
_KEPT = {"\n", "\t"}
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                  "\u2028": "\\u2028", "\u2029": "\\u2029"}


def clean(text: Any) -> Any:
    """A text with the characters no document should hold dropped; anything else as it is.
    The template's ``finalize``: every value written into the page passes through it."""
    if not isinstance(text, str) or isinstance(text, Markup):
        return text
    if text.isascii() and text.isprintable():
        return text
    return "".join(ch for ch in text
                   if ch in _KEPT or unicodedata.category(ch) not in _DROPPED)


def script_json(value: Any) -> Markup:
    """``value`` as JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&``
    (so no ``</script>`` or ``<!--``), written as JSON's own ``\\u`` escapes, which
    ``JSON.parse`` reads back as the same text."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return Markup(re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group()], text))


def http_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) address with a host (then the page may link to it);
    otherwise ``None`` (the page shows it as text only)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not any(
            ch.isspace() or unicodedata.category(ch) in _DROPPED for ch in url.strip()):
        return url.strip()
    return None


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
        undefined=jinja2.StrictUndefined, finalize=clean, keep_trailing_newline=True)


# ------------------------------------------------------------------------------ context

@dataclass
class Ids:
    """Element ids: stable, ASCII, unique within the page (user text never becomes an id)."""

    used: dict[str, int] = field(default_factory=dict)

    def __call__(self, prefix: str) -> str:
        self.used[prefix] = self.used.get(prefix, 0) + 1
        return f"{prefix}-{self.used[prefix]}"


def _table(tb: Table, ids: Ids) -> dict[str, Any]:
    width = max([len(tb.columns), *(len(row) for row in tb.rows)], default=0)
    cls = ("very-wide" if width >= VERY_WIDE_COLUMNS else "wide" if width >= WIDE_COLUMNS
           else "")
    return {"id": ids("table"), "title": tb.title, "columns": list(tb.columns),
            "rows": [list(row) for row in tb.rows], "note": tb.note,
            "first_column_is_header": tb.first_column_is_header,
            "cls": " ".join(filter(None, [cls, f"kind-{tb.kind}" if tb.kind.isidentifier()
                                          else ""]))}


def chart_name(chart: Chart) -> str:
    """The chart's name as an attribute value: its own ASCII stem, or ``chart``."""
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", chart.name or "")
    return name or "chart"


def _section(sec: Section, ids: Ids, chart: Callable[[Chart, Ids], dict[str, Any]]
             ) -> dict[str, Any]:
    return {"id": ids("section"), "heading": sec.heading, "paragraphs": list(sec.paragraphs),
            "bullets": list(sec.bullets), "tables": [_table(tb, ids) for tb in sec.tables],
            "charts": [chart(ch, ids) for ch in sec.charts]}


def _html_chart(chart: Chart, ids: Ids) -> dict[str, Any]:
    return {"id": ids("chart"), "name": chart_name(chart), "title": chart.title,
            "caption": chart.caption, "spec_json": script_json(chart.spec)}


def lang_attr(lang: str) -> str:
    return "zh-Hans" if lang == "zh" else "en"


def page(report: Report, mode: str,
         chart: Callable[[Chart, Ids], dict[str, Any]] | None = None) -> dict[str, Any]:
    """The template's context for ``report`` in ``mode`` ("html" or "pdf"); ``chart`` turns
    a :class:`Chart` into the template's chart entry (the HTML's spec by default; the PDF
    passes its SVG picture)."""
    lang = report.lang
    ids = Ids()
    chart = chart or _html_chart
    sections = [_section(sec, ids, chart) for sec in report.sections]
    appendix = [_section(sec, ids, chart) for sec in report.appendix]
    text = {key: t(f"report.{key}", lang) for key in (
        "contents", "summary", "appendix", "link_heading", "link_text", "generated_by",
        "noscript", "chart_failed")}
    toc: list[dict[str, Any]] = []
    if report.summary:
        toc.append({"id": "summary", "heading": text["summary"], "children": []})
    toc += [{"id": s["id"], "heading": s["heading"], "children": []} for s in sections]
    if appendix:
        toc.append({"id": "appendix", "heading": text["appendix"],
                    "children": [{"id": s["id"], "heading": s["heading"]} for s in appendix]})
    link = None
    if report.link:
        link = {"text": report.link, "href": http_link(report.link)}
        toc.append({"id": "link", "heading": text["link_heading"], "children": []})
    return {"mode": mode, "lang_attr": lang_attr(lang), "r": report, "text": text, "toc": toc,
            "sections": sections, "appendix": appendix, "link": link,
            "has_charts": any(s["charts"] for s in (*sections, *appendix))}


def embed_options(lang: str) -> dict[str, Any]:
    """vega-embed's options: SVG (crisp when printed), the pages' tooltips, the CJK font the
    app uses, and only the actions that work offline (save as SVG/PNG), in the language."""
    return {"renderer": "svg", "tooltip": True, "config": {"font": vega.FONT},
            "actions": {"export": True, "source": False, "compiled": False, "editor": False},
            "i18n": {"SVG_ACTION": t("report.save_svg", lang),
                     "PNG_ACTION": t("report.save_png", lang),
                     "CLICK_TO_VIEW_ACTIONS": t("report.chart_actions", lang)}}


@lru_cache(maxsize=1)
def _bundle() -> Markup:
    """The JavaScript bundle, safe inside a ``<script>`` element (it holds no ``</script``
    today; should a later version, the escape keeps the element whole)."""
    return Markup(re.sub(r"</(?=script)", r"<\\/", vega.bundle(), flags=re.IGNORECASE))


def render(report: Report) -> bytes:
    """The report as one UTF-8 HTML file (about 0.9 MB of script plus the report)."""
    context = page(report, "html")
    if context["has_charts"]:
        context.update(bundle=_bundle(), embed_options=script_json(embed_options(report.lang)))
    return environment().get_template(TEMPLATE).render(**context).encode("utf-8")
