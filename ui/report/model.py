"""What a report holds, independent of its format: the contract between the pages' report
builders (``ui/report/<page>.py``) and the renderers (``to_html.py``, ``to_pdf.py``, ``to_pptx.py``).

Every text here is already in the report's language and already formatted the way the page
shows it (``ui.i18n.fmt_kpi`` and friends), so a renderer never formats a number and the
values a reader sees in any format are the strings the page showed. Text that came from a
user (scenario names, titles, file names) is plain text: every renderer escapes it.

A report reads, in order:

1. the title page: ``title``, ``subtitle`` and ``facts`` (scenario names, date, model and
   schema versions, seed, replications);
2. the contents (PDF; the HTML has a linked list; the PPTX an agenda slide);
3. the executive summary: ``summary``, plain sentences generated from the numbers;
4. ``sections``: the page's own content (levers that differ, KPI tables, charts, ...);
5. ``appendix``: assumptions and sources, limitations, the methods appendix (STRESS-DES)
   with the validation report's summary;
6. ``link``: the share link that reopens the same view in the app, when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ChartKind = Literal["bar", "line"]
PageKind = Literal["builder", "compare", "sensitivity", "optimiser", "workshop"]


@dataclass(frozen=True)
class Table:
    """A table as the page shows it: a title, column headers and rows of formatted text.

    ``kind="kpi"`` marks a KPI table (scenarios by KPIs with 95% intervals): the PPTX puts it
    on its own slide as a native table and the tests read the KPI values back from it.
    ``first_column_is_header`` draws the first column as row labels.
    """

    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""
    kind: str = ""
    first_column_is_header: bool = True


@dataclass(frozen=True)
class Series:
    """A chart's numbers for a native (editable) PowerPoint chart: ``kind`` bar or line,
    one value per category and series (NaN for a gap), the value axis's title."""

    kind: ChartKind
    categories: list[str]
    series: dict[str, list[float]]
    axis_title: str = ""
    number_format: str = "General"     # an Excel number format for the value axis and labels


@dataclass(frozen=True)
class Chart:
    """A chart: ``spec`` is the Vega-Lite JSON of the same Altair chart the page draws
    (``chart.to_dict()``); ``name`` a file-name stem (ASCII, e.g. ``tradeoff``); ``series``
    the same numbers for a native PowerPoint chart, when the chart is a plain bar or line
    chart (otherwise the PPTX shows the chart as a picture)."""

    name: str
    title: str
    spec: dict[str, Any]
    caption: str = ""
    series: Series | None = None


@dataclass(frozen=True)
class Section:
    """A heading with paragraphs, then tables, then charts. ``headline``: the one sentence a
    slide leads with (PPTX); ``notes``: speaker notes (the method and the caveats)."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    headline: str = ""
    notes: str = ""
    bullets: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    """One report in one language (``lang`` is ``zh`` or ``en``)."""

    kind: PageKind
    lang: str
    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    summary: list[str]
    sections: list[Section]
    appendix: list[Section]
    link: str | None = None
    # file-name stem for downloads, ASCII (e.g. "esg_compare_3_scenarios")
    file_stem: str = "esg_report"

    def tables(self, kind: str | None = None) -> list[Table]:
        """Every table of the body and the appendix, or only those of ``kind``."""
        found = [tb for s in (*self.sections, *self.appendix) for tb in s.tables]
        return [tb for tb in found if kind is None or tb.kind == kind]

    def charts(self) -> list[Chart]:
        return [c for s in (*self.sections, *self.appendix) for c in s.charts]
