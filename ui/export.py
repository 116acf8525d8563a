"""Downloads that read: tables as CSV (UTF-8 with a byte-order mark, so Excel reads Chinese)
and as one Excel workbook, a sheet per table, with numbers rounded to their meaning, units in
the column headers and a provenance sheet (what made the numbers).

Rounding follows the unit (the model's KPI units, ``simulation.KPI_LABELS``; see
:data:`DECIMALS`): money to whole yuan; shares (``fraction``) as percentages to one decimal
(0.2628 -> 26.3, the header saying "%"), their differences in percentage points (``pp``);
kilograms to one decimal (three below 10 kg, so a per-parcel footprint of 0.31 kg keeps its
meaning); counts whole; hours to two decimals. A missing value stays missing (an empty cell).

The public functions, for every page's downloads:

* :func:`rounded` — round the columns of a wide frame, one unit per column;
* :func:`rounded_rows` — round a long frame (one KPI per row, its code in a column), each
  row by its KPI's unit;
* :func:`unit_header` / :func:`with_units` — "Profit (CNY)" / "利润（元）" headers;
* :func:`readable` — :func:`rounded` then :func:`with_units`;
* :func:`provenance_table` — the provenance sheet (model and schema versions, date, seed,
  replications, scenarios, ...);
* :func:`csv_bytes`, :func:`sheet_name`, :func:`workbook_bytes` (``provenance=`` adds the
  provenance as the last sheet).

Chart downloads (``ui.charts.show(..., name=...)`` draws them): :func:`chart_downloads`, a
small popover under a chart with a PNG and an SVG button, rendered by vl-convert only when
clicked, named by :func:`chart_file_name` (``carbon_over_time_baseline_vs_current.svg``).
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import re
import unicodedata
from datetime import datetime
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from simulation import KPI_LABELS, MODEL_VERSION, SCHEMA_VERSION
from simulation.strings import normalise_lang, t

from .i18n import kpi_label, unit_label

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_CHARS = 31
LOG = logging.getLogger(__name__)

#: unit -> (factor, decimals): a value is multiplied by ``factor`` and rounded to
#: ``decimals`` places. ``pp`` is a difference of two shares in percentage points.
#: ``kg CO2e`` is special-cased below 10 kg (three decimals). A unit not listed keeps four
#: significant digits.
DECIMALS: dict[str, tuple[float, int]] = {
    "fraction": (100.0, 1),
    "fraction/year": (100.0, 1),
    "pp": (100.0, 1),
    "CNY": (1.0, 0),
    "CNY/t CO2e": (1.0, 0),
    "kg CO2e": (1.0, 1),
    "t CO2e": (1.0, 3),
    "orders": (1.0, 0),
    "customers": (1.0, 0),
    "people": (1.0, 0),
    "events": (1.0, 0),
    "hours": (1.0, 2),
    "days": (1.0, 1),
    "orders/hour": (1.0, 2),
    "index": (1.0, 3),
    "0–1": (1.0, 3),
}
SMALL_KG = 10.0         # below this many kg, three decimals
SIGNIFICANT = 4         # digits kept for a unit not in DECIMALS


def kpi_units(kpis: Iterable[str] | None = None) -> dict[str, str]:
    """KPI name -> its unit (``KPI_LABELS``), for ``kpis`` (default: every KPI). A name that
    is not a KPI is left out, so ``kpi_units(df.columns)`` suits a frame of KPI columns."""
    names = KPI_LABELS if kpis is None else [k for k in kpis if k in KPI_LABELS]
    return {k: KPI_LABELS[k][2] for k in names}


def round_value(value: Any, unit: str) -> float:
    """One number rounded to its unit's meaning (see :data:`DECIMALS`); NaN for no number."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return float("nan")
    if not math.isfinite(v):
        return float("nan")
    if unit in DECIMALS:
        factor, decimals = DECIMALS[unit]
        if unit == "kg CO2e" and abs(v) < SMALL_KG:
            decimals = 3
        out = round(v * factor, decimals)
    elif v == 0:
        out = 0.0
    else:
        out = round(v, SIGNIFICANT - 1 - int(math.floor(math.log10(abs(v)))))
    return out + 0.0            # no negative zero


def _round_series(s: pd.Series, unit: str) -> pd.Series:
    if not (pd.api.types.is_numeric_dtype(s) or s.dtype == object):
        return s
    values = [round_value(v, unit) if _is_number(v) else v for v in s]
    out = pd.Series(values, index=s.index, name=s.name)
    if DECIMALS.get(unit, (1.0, 1))[1] == 0 and all(_is_number(v) and math.isfinite(v)
                                                    for v in out):
        return out.astype("int64")     # counts and whole yuan as integers ("1234", not "1234.0")
    return out


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)


def rounded(df: pd.DataFrame, units: Mapping[str, str]) -> pd.DataFrame:
    """A copy of ``df`` with each column named in ``units`` rounded to that unit's meaning
    (fractions become percentages: pair with :func:`with_units` so the header says so).
    Columns not in ``units`` and text cells are left as they are."""
    out = df.copy()
    for col, unit in units.items():
        if col in out.columns:
            out[col] = _round_series(out[col], unit)
    return out


def rounded_rows(df: pd.DataFrame, kpi_column: str, columns: Sequence[str],
                 diff: bool = False) -> pd.DataFrame:
    """A copy of a long frame (one KPI per row, its name in ``kpi_column``) with the values
    in ``columns`` rounded by each row's KPI unit; ``diff=True``: the values are differences
    (shares in percentage points). Rows whose KPI is unknown keep four significant digits.
    The frame's unit column, if any, should then say "%" / "pp" for shares
    (:func:`unit_header` gives the text)."""
    out = df.copy().astype({c: object for c in columns if c in df.columns})
    for i, kpi in zip(out.index, out[kpi_column], strict=True):
        unit = row_unit(str(kpi), diff)
        for col in columns:
            if col in out.columns and _is_number(out.at[i, col]):
                v = round_value(out.at[i, col], unit)
                whole = DECIMALS.get(unit, (1.0, 1))[1] == 0 and math.isfinite(v)
                out.at[i, col] = int(v) if whole else v
    return out


def row_unit(kpi: str, diff: bool = False) -> str:
    """The unit a KPI's values are rounded in: its ``KPI_LABELS`` unit, ``pp`` for a
    difference of shares."""
    unit = KPI_LABELS.get(kpi, ("", "", "", None))[2]
    return "pp" if diff and unit.startswith("fraction") else unit


def unit_text(unit: str, lang: str) -> str:
    """A unit as a column header shows it, in ``lang``: "%" for shares (they are given in
    percent), "pp"/"个百分点" for differences of shares, "CNY"/"元", "kg CO₂e", ..."""
    if unit == "pp":
        return t("report.dl_unit_pp", lang)
    if unit == "CNY/t CO2e":
        return t("report.unit_cny_per_t", lang)
    if unit == "t CO2e":
        return "t CO₂e"
    return unit_label(unit, lang) if unit else ""


def unit_header(label: str, unit: str, lang: str) -> str:
    """``label`` with its unit: "Profit (CNY)", "利润（元）"; ``label`` alone without a unit."""
    shown = unit_text(unit, lang)
    if not shown:
        return label
    return t("report.with_unit", lang, label=label, unit=shown)


def with_units(df: pd.DataFrame, units: Mapping[str, str], lang: str,
               labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A copy of ``df`` whose columns named in ``units`` carry the unit in their header
    (:func:`unit_header`); ``labels`` renames columns first (column -> header text in
    ``lang``; default: a KPI column gets its KPI label, any other keeps its name)."""
    def header(col: Any) -> Any:
        label = (labels or {}).get(col)
        if label is None:
            label = kpi_label(col, lang) if col in KPI_LABELS else col
        return unit_header(str(label), units[col], lang) if col in units else label

    return df.rename(columns={c: header(c) for c in df.columns})


def readable(df: pd.DataFrame, units: Mapping[str, str], lang: str,
             labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """:func:`rounded` then :func:`with_units`: the frame as a download should read."""
    return with_units(rounded(df, units), units, lang, labels)


#: provenance facts in the order they are listed; each has a label ``report.prov_<key>``
PROVENANCE_KEYS = ("title", "scenarios", "reference", "origin", "model", "schema", "seed",
                   "replications", "horizon_days", "source", "method", "link", "created")


def provenance_table(lang: str, created: datetime | None = None,
                     extra: Sequence[tuple[str, str]] = (), **facts: Any) -> pd.DataFrame:
    """The provenance sheet: two columns (item, value) in ``lang``. Always the model and
    schema versions and when it was made (``created``, default now); then the ``facts``
    given, among :data:`PROVENANCE_KEYS` (``scenarios``: a name or a sequence of names;
    ``seed``, ``replications``, ``horizon_days``: numbers; ``title``, ``reference``,
    ``origin``, ``source``, ``method``, ``link``: text already in ``lang``); ``extra``: more
    (label, value) rows already in ``lang``. An unknown fact is a ``ValueError``."""
    lang = normalise_lang(lang)
    unknown = sorted(set(facts) - set(PROVENANCE_KEYS))
    if unknown:
        raise ValueError(f"unknown provenance facts {unknown}: use {PROVENANCE_KEYS} or extra=")
    values: dict[str, Any] = {"model": MODEL_VERSION, "schema": str(SCHEMA_VERSION),
                              "created": (created or datetime.now().astimezone())
                              .isoformat(timespec="seconds")}
    values.update({k: v for k, v in facts.items() if v is not None})
    rows = []
    for key in PROVENANCE_KEYS:
        if key not in values:
            continue
        v = values[key]
        if isinstance(v, (list, tuple)):
            v = " · ".join(str(x) for x in v)
        rows.append((t(f"report.prov_{key}", lang), str(v)))
    rows.extend((str(a), str(b)) for a, b in extra)
    return pd.DataFrame(rows, columns=[t("report.prov_item", lang), t("report.prov_value", lang)])


def csv_bytes(df: pd.DataFrame, index: bool = False) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so Excel opens Chinese text correctly."""
    return df.to_csv(index=index).encode("utf-8-sig")


def sheet_name(text: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique Excel sheet name: no []:*?/\\, at most 31 characters."""
    base = _SHEET_BAD.sub("_", text).strip("'").strip() or "Sheet"
    base = base[:MAX_SHEET_CHARS]
    taken_cf = {x.casefold() for x in taken}
    name, n = base, 2
    while name.casefold() in taken_cf:
        suffix = f" ({n})"
        name = base[: MAX_SHEET_CHARS - len(suffix)] + suffix
        n += 1
    return name


def workbook_bytes(sheets: Mapping[str, pd.DataFrame], provenance: pd.DataFrame | None = None,
                   lang: str = "zh") -> bytes:
    """One Excel workbook (openpyxl), a sheet per table, in ``sheets`` order; with
    ``provenance`` (:func:`provenance_table`) a last sheet named ``report.prov_sheet`` in
    ``lang``."""
    if provenance is not None:
        sheets = {**sheets, t("report.prov_sheet", lang): provenance}
    buf = io.BytesIO()
    used: list[str] = []
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for title, df in sheets.items():
            name = sheet_name(title, used)
            used.append(name)
            df.to_excel(writer, sheet_name=name, index=False)
            ws = writer.sheets[name]
            for col_cells in ws.columns:
                width = max(_width(c.value) for c in col_cells)
                ws.column_dimensions[col_cells[0].column_letter].width = min(60, max(10, width + 2))
    return buf.getvalue()


def _width(value: Any) -> int:
    """A cell's width in Excel's character units (a Chinese character is two)."""
    if value is None:
        return 0
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value))


# --- chart downloads (PNG and SVG, rendered on the click) ----------------------------------

_SLUG_BAD = re.compile(r"[^a-z0-9]+")
CHART_WIDTH = 720        # px: a chart drawn as wide as its container ("container") as a file
CHART_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
MAX_SLUG_CHARS = 40


def slug(text: str) -> str:
    """``text`` as an ASCII file-name part: lower case, letters, digits and ``_``. Text with
    characters beyond ASCII (a Chinese scenario name) keeps a short hash of itself, so two
    such names still give two files: "基准" -> "x3b1f0c", "情景 A" -> "a_5d41c2"."""
    text = str(text)
    ascii_part = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = _SLUG_BAD.sub("_", ascii_part.lower()).strip("_")[:MAX_SLUG_CHARS].strip("_")
    if text.isascii() and out:
        return out
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]
    return f"{out}_{digest}" if out else f"x{digest}"


def chart_file_name(name: str, scenarios: Sequence[str], fmt: str) -> str:
    """A chart download's file name: the chart's name, then the scenarios joined by
    ``_vs_``: ``carbon_over_time_baseline_vs_current.svg``."""
    parts = [slug(name) or "chart"]
    shown = [slug(s) for s in scenarios]
    if shown:
        parts.append("_vs_".join(shown))
    return f"{'_'.join(parts)}.{fmt}"


def static_spec(spec: Mapping[str, Any], width: int = CHART_WIDTH) -> dict[str, Any]:
    """The spec as a file draws it: a chart as wide as its container on the page gets
    ``width`` px (a file has no container; ``ui.report.vega.fixed_size``)."""
    from .report import vega

    return vega.fixed_size(dict(spec), width=width)


def chart_bytes(spec: Mapping[str, Any], fmt: str) -> bytes:
    """The chart as a PNG or SVG file (vl-convert, no browser). A chart that cannot be drawn
    gives a picture that says so, in both languages (the download runs apart from the page)."""
    from .report import vega      # vl-convert loads on the first download, not with the page

    drawn = static_spec(spec)
    try:
        return vega.png(drawn) if fmt == "png" else vega.svg(drawn).encode("utf-8")
    except Exception:       # noqa: BLE001 - the download is a picture that says so, never a traceback
        LOG.exception("chart download (%s) failed", fmt)
        note = f"{t('report.chart_failed', 'zh')} / {t('report.chart_failed', 'en')}"
        failed = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
                  "data": {"values": [{}]}, "mark": {"type": "text", "fontSize": 14},
                  "encoding": {"text": {"value": note}}, "width": 520, "height": 60}
        return vega.png(failed) if fmt == "png" else vega.svg(failed).encode("utf-8")


def chart_downloads(place: Any, spec: Mapping[str, Any], name: str, scenarios: Sequence[str],
                    lang: str, key: str | None = None) -> None:
    """Under a chart: a small "Download" popover with a PNG and an SVG button. Nothing is
    rendered until a button is clicked (the data is a callable, run on the click); a download
    does not rerun the page. ``place`` is where the chart is (``st`` or a column);
    ``scenarios``: the scenarios' names for the file name (ids or display names)."""
    key = key or f"chart_dl_{chart_file_name(name, scenarios, 'x')[:-2]}"
    box = place.popover(t("charts.download", lang), icon=":material/download:", width="content",
                        type="tertiary", help=t("charts.download_help", lang))
    frozen = dict(spec)
    for fmt in CHART_FORMATS:
        box.download_button(
            t(f"charts.download_{fmt}", lang), _later(frozen, fmt),
            file_name=chart_file_name(name, scenarios, fmt), mime=CHART_FORMATS[fmt],
            key=f"{key}_{fmt}", on_click="ignore", width="stretch")


def _later(spec: Mapping[str, Any], fmt: str):
    """A callable that renders the chart (a download button's deferred data)."""
    return lambda: chart_bytes(spec, fmt)
