"""The methodology page (``draw``, called by ``pages/3_methodology.py``) and its data
shaping, plain functions of the schema and the results, so every table and the diagram are
unit-testable without a running app.

- ``diagram_dot(lang)``: the model's causal structure as a Graphviz DOT string.
- ``parameter_frame(lang)`` / ``filter_parameters(...)``: the schema's parameter table,
  translated, one row per parameter.
- ``calibration_frame(summary, lang)``: the calibration targets (simulation/METHODOLOGY.md,
  "Calibration") against the model.
- ``mmc_check(kpis, setting)``: the simulated M/M/c wait against Erlang C.
- ``draw(lang)``: the page; the validation report runs as a background job with Cancel.
"""

from __future__ import annotations

import functools
import math
import typing
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from simulation import MODEL_VERSION, SCHEMA_VERSION, load_scenario
from simulation.experiment import t_interval
from simulation.scenario import iter_parameters, parameter_table
from simulation.validation import erlang_c_wait_hours, mmc_scenario

from . import export, i18n, jobs, runner
from .i18n import normalise_lang, t, tx

from .citations import source_text

# What the page runs (the calibration in METHODOLOGY.md uses seed 314 too).
SEED = 314
CALIBRATION_REPLICATIONS = 8
MMC_REPLICATIONS = 8
# The theory tests' settings: (λ orders/hour, μ orders/hour, c packers), 60 days, 5 warm-up.
MMC_SETTINGS: tuple[tuple[float, float, int], ...] = ((9.0, 1.0, 10), (4.0, 1.0, 5), (6.0, 4.0, 2))
MMC_HORIZON_DAYS = 60
MMC_WARMUP_DAYS = 5.0
MMC_KPI = "fulfilment_wait_hours_mean"

GROUPS = ("E", "S", "G", "marketing", "policy", "assumptions", "run")
COLUMNS = ("group", "parameter", "path", "value", "unit", "range", "plausible", "source",
           "help")
LIMITATIONS = tuple(f"lim_{i}" for i in range(1, 12))


def _t(key: str, lang: str, **fields: Any) -> str:
    return t(f"methodology.{key}", lang, **fields)


# --- the diagram ------------------------------------------------------------------------

# (node id, cluster) in drawing order
_NODES = (
    ("lever_e", "levers"), ("lever_s", "levers"), ("lever_g", "levers"), ("lever_m", "levers"),
    ("lever_p", "levers"),
    ("packaging", "mechanisms"), ("delivery", "mechanisms"), ("staff", "mechanisms"),
    ("supplier", "mechanisms"), ("trust", "mechanisms"), ("acquisition", "mechanisms"),
    ("experience", "customers"), ("repurchase", "customers"), ("orders", "customers"),
    ("k_retention", "kpis"), ("k_carbon", "kpis"), ("k_cost", "kpis"), ("k_profit", "kpis"),
)
_CLUSTER_COLOURS = {"levers": "#dcebe3", "mechanisms": "#f3efe2", "customers": "#e4ecf5",
                    "kpis": "#f5e4e1"}
# (from, to, edge label key or None, dashed, ranks): dashed edges are the softer influences
# (trust, CRM, data platform, policy); ranks=False keeps an edge from stretching the layout
# (influences between mechanisms of the same column)
_EDGES = (
    ("lever_e", "packaging", None, False, True),
    ("lever_e", "delivery", None, False, True),
    ("lever_e", "trust", "dg_edge_practice", True, True),
    ("lever_s", "staff", None, False, True),
    ("lever_s", "supplier", "dg_edge_audits", False, True),
    ("lever_s", "trust", "dg_edge_practice", True, True),
    ("lever_g", "trust", "dg_edge_communication", False, True),
    ("lever_g", "acquisition", "dg_edge_data_platform", True, True),
    ("lever_m", "acquisition", None, False, True),
    ("lever_m", "trust", "dg_edge_esg_share", True, True),
    ("lever_m", "repurchase", "dg_edge_crm", True, True),
    ("lever_p", "k_cost", "dg_edge_subsidies", True, True),
    ("staff", "experience", None, False, True),
    ("packaging", "experience", "dg_edge_eco_bonus", False, True),
    ("delivery", "experience", "dg_edge_lateness", False, True),
    ("supplier", "experience", "dg_edge_defects", False, True),
    ("supplier", "trust", "dg_edge_scandals", False, False),
    ("trust", "acquisition", None, False, False),
    ("trust", "repurchase", None, False, True),
    ("acquisition", "orders", None, False, True),
    ("experience", "repurchase", None, False, True),
    ("repurchase", "orders", None, False, True),
    ("repurchase", "k_retention", None, False, True),
    ("orders", "k_carbon", None, False, True),
    ("orders", "k_cost", None, False, True),
    ("orders", "k_profit", None, False, True),
    ("packaging", "k_carbon", None, False, True),
    ("delivery", "k_carbon", None, False, True),
    ("k_cost", "k_profit", None, False, False),
)


def _dot_string(text: str) -> str:
    """A DOT quoted string: backslashes and quotes escaped, line breaks as ``\\n``."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def diagram_labels(lang: str) -> dict[str, str]:
    """Every node's label in ``lang`` (id -> text with line breaks)."""
    return {node: _t(f"dg_{node}", lang) for node, _ in _NODES}


def diagram_dot(lang: str) -> str:
    """The causal structure of the model as Graphviz DOT: levers -> mechanisms -> customers'
    experience -> repurchase -> KPIs, labelled in ``lang``."""
    lang = normalise_lang(lang)
    font = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif" if lang == "zh" \
        else "Helvetica, Arial, sans-serif"
    labels = diagram_labels(lang)
    lines = [
        "digraph model {",
        f'  graph [rankdir=LR, bgcolor="transparent", nodesep=0.25, ranksep=0.55, '
        f'fontname={_dot_string(font)}, fontsize=13];',
        f'  node [shape=box, style="rounded,filled", color="#4f7f6e", fontname={_dot_string(font)}, '
        f'fontsize=11, margin="0.15,0.07"];',
        f'  edge [color="#6d7f74", arrowsize=0.7, fontname={_dot_string(font)}, fontsize=9, '
        f'fontcolor="#4f5f55"];',
    ]
    for cluster in ("levers", "mechanisms", "customers", "kpis"):
        lines.append(f"  subgraph cluster_{cluster} {{")
        lines.append(f'    label={_dot_string(_t(f"dg_cluster_{cluster}", lang))}; '
                     'style="rounded,dashed"; color="#9aa89f";')
        for node, c in _NODES:
            if c == cluster:
                lines.append(f'    {node} [label={_dot_string(labels[node])}, '
                             f'fillcolor="{_CLUSTER_COLOURS[cluster]}"];')
        lines.append("  }")
    for src, dst, label, dashed, ranks in _EDGES:
        attrs = []
        if label:
            attrs.append(f"label={_dot_string(_t(label, lang))}")
        if dashed:
            attrs.append('style="dashed"')
        if not ranks:
            attrs.append("constraint=false")
        lines.append(f"  {src} -> {dst}" + (f" [{', '.join(attrs)}]" if attrs else "") + ";")
    lines.append("}")
    return "\n".join(lines)


# --- the parameter table ----------------------------------------------------------------

def group_label(group: str, lang: str) -> str:
    return _t(f"group_{group}", lang) if group in GROUPS else group


def column_labels(lang: str) -> dict[str, str]:
    """Internal column name -> header in ``lang``."""
    return {c: _t(f"col_{c}", lang) for c in COLUMNS}


def _number(v: float | int) -> str:
    if isinstance(v, int) or (float(v).is_integer() and abs(v) < 1e15):
        return f"{int(v):,}"
    return f"{v:,.6g}"


def _option(path: str, value: str, lang: str) -> str:
    """An option's label in ``lang`` (the builder's option labels), else the option itself."""
    key = f"builder.opt_{path.rsplit('.', 1)[-1]}_{value}"
    return t(key, lang) if key in i18n.TEXT else value


def _value(v: Any, lang: str, path: str = "") -> str:
    if isinstance(v, str) and path in _choices():
        return _option(path, v, lang)
    if isinstance(v, bool):
        return _t("value_on" if v else "value_off", lang)
    if isinstance(v, (int, float)):
        return _number(v)
    if isinstance(v, (tuple, list)):
        return ", ".join(_value(x, lang) for x in v)
    return str(v)


@functools.lru_cache(maxsize=1)
def _choices() -> dict[str, tuple[str, ...]]:
    """Paths of option parameters (Literal[...]) -> their choices."""
    out = {}
    for path, info, _group in iter_parameters():
        if typing.get_origin(info.annotation) is typing.Literal:
            out[path] = tuple(str(a) for a in typing.get_args(info.annotation))
    return out


# ranges a validator checks rather than the field's bounds
_RANGE_KEYS = {"logistics.pickup_hours": "range_pickups"}


def _range(row: dict[str, Any], choices: tuple[str, ...] | None, lang: str) -> str:
    if row["path"] in _RANGE_KEYS:
        return _t(_RANGE_KEYS[row["path"]], lang)
    if isinstance(row["value"], bool):
        return _t("range_switch", lang)
    if choices:
        return " / ".join(_option(row["path"], c, lang) for c in choices)
    lo, hi = row["min"], row["max"]
    if lo is None and hi is None:
        return _t("range_any", lang)
    return f"[{'−∞' if lo is None else _number(lo)}, {'∞' if hi is None else _number(hi)}]"


def unit_text(unit: str, lang: str) -> str:
    return i18n.unit_text(unit, lang)


def parameter_frame(lang: str, rows: list[dict[str, Any]] | None = None) -> pd.DataFrame:
    """The schema's parameter table in ``lang``: one row per parameter, with the internal
    columns ``COLUMNS`` (all text) plus ``group_code`` for filtering."""
    lang = normalise_lang(lang)
    rows = parameter_table() if rows is None else rows
    choices = _choices()
    records = []
    for r in rows:
        records.append({
            "group": group_label(r["group"], lang),
            "parameter": r["label_zh"] if lang == "zh" else r["label_en"],
            "path": r["path"],
            "value": _value(r["value"], lang, r["path"]),
            "unit": unit_text(r["unit"], lang),
            "range": _range(r, choices.get(r["path"]), lang),
            "plausible": (f"{_number(r['plausible_low'])} – {_number(r['plausible_high'])}"
                          if r.get("plausible_low") is not None else ""),
            "source": source_text(r["source"], lang),
            "help": r["help_zh"] if lang == "zh" else r["help_en"],
            "group_code": r["group"],
        })
    df = pd.DataFrame.from_records(records, columns=[*COLUMNS, "group_code"])
    order = {g: i for i, g in enumerate(GROUPS)}
    df["_order"] = df["group_code"].map(order).fillna(len(GROUPS))
    return df.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


def filter_parameters(df: pd.DataFrame, groups: list[str] | tuple[str, ...] | None = None,
                      query: str = "") -> pd.DataFrame:
    """Rows of ``groups`` (None: all) whose text contains every word of ``query``
    (case-insensitive; parameter, path, help, source, unit and group are searched)."""
    out = df if groups is None else df[df["group_code"].isin(list(groups))]
    words = [w for w in (query or "").casefold().split() if w]
    if words:
        text = out[["parameter", "path", "help", "source", "unit", "group"]].agg(
            " ".join, axis=1).str.casefold()
        mask = pd.Series(True, index=out.index)
        for w in words:
            mask &= text.str.contains(w, regex=False)
        out = out[mask]
    return out.reset_index(drop=True)


def localise(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table for display or download: the visible columns, headed in ``lang``."""
    return df[list(COLUMNS)].rename(columns=column_labels(lang))


def assumption_count(rows: list[dict[str, Any]] | None = None) -> int:
    rows = parameter_table() if rows is None else rows
    return sum(1 for r in rows if str(r["source"]).startswith("assumption"))


def to_csv(df: pd.DataFrame) -> bytes:
    """CSV with a byte-order mark, so spreadsheet programs read the Chinese text."""
    return df.to_csv(index=False).encode("utf-8-sig")


# --- the glossary -----------------------------------------------------------------------

GLOSSARY_COLUMNS = ("term", "meaning", "formula", "unit", "better")


def glossary_frame(lang: str, kind: str = "kpis") -> pd.DataFrame:
    """The glossary in ``lang``: every KPI (``kind="kpis"``: name, meaning, how it is computed,
    unit, better direction; ``simulation/strings/glossary.py``) or the key terms
    (``kind="terms"``), with headers in ``lang``."""
    from simulation import KPI_LABELS
    from simulation.strings import glossary

    lang = normalise_lang(lang)
    g = lambda key, **f: t(f"glossary.{key}", lang, **f)  # noqa: E731
    records = []
    if kind == "kpis":
        for name in glossary.KPIS:
            _zh, _en, unit, better = KPI_LABELS[name]
            records.append({
                "term": i18n.kpi_label(name, lang), "meaning": g(f"m_{name}"),
                "formula": g(f"f_{name}"), "unit": i18n.unit_label(unit, lang),
                "better": g("better_none" if better is None else
                            ("better_up" if better else "better_down"))})
        columns = GLOSSARY_COLUMNS
    else:
        for term in glossary.TERMS:
            records.append({"term": g(f"term_{term}"), "meaning": g(f"m_term_{term}"),
                            "formula": g(f"f_term_{term}")})
        columns = GLOSSARY_COLUMNS[:3]
    heads = {"term": "col_term", "meaning": "col_meaning", "formula": "col_formula",
             "unit": "col_unit", "better": "col_better"}
    return pd.DataFrame.from_records(records, columns=list(columns)).rename(
        columns={c: g(heads[c]) for c in columns})


# --- calibration ------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """A calibration band of the baseline (``lo`` None: an upper bound only). ``kind`` sets the
    format (pct, cny, kg); ``overlap``: the band is met when the 95% interval overlaps it
    (staff turnover, as the calibration test checks), else when the mean lies inside."""

    kpi: str
    lo: float | None
    hi: float
    kind: str
    overlap: bool = False
    per_year: bool = False


# the calibration table of simulation/METHODOLOGY.md and tests/directional/test_calibration.py
TARGETS = (
    Target("repeat_purchase_rate", 0.26, 0.30, "pct"),
    Target("on_time_rate", 0.80, 0.84, "pct"),
    Target("cac_cny", 160.0, 210.0, "cny"),
    Target("carbon_packaging_kg_per_parcel", 0.25, 0.35, "kg"),
    Target("marketing_share_of_revenue", 0.25, 0.45, "pct"),
    Target("profit_margin", None, 0.03, "pct"),
    Target("staff_turnover_rate", 0.40, 0.60, "pct", overlap=True, per_year=True),
)
CAL_COLUMNS = ("target", "band", "model", "within", "source", "kpi")


def fmt_number(value: float, kind: str) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    if kind == "pct":
        return f"{value * 100:.1f}%"
    if kind == "kg":
        return f"{value:.3f}"
    return f"{value:,.1f}"


def _band_number(value: float, kind: str) -> str:
    if kind == "pct":
        return f"{value * 100:g}%"
    return f"{value:g}"


def band_text(target: Target, lang: str) -> str:
    if target.lo is None:
        text = _t("cal_below", lang, hi=_band_number(target.hi, target.kind))
    else:
        lo = f"{target.lo * 100:g}" if target.kind == "pct" else _band_number(target.lo, target.kind)
        text = f"{lo}–{_band_number(target.hi, target.kind)}"
    return _t("cal_per_year", lang, band=text) if target.per_year else text


def within_band(target: Target, mean: float, lo: float, hi: float) -> bool | None:
    """Whether the model meets the band (None when there is no value)."""
    if mean is None or not math.isfinite(mean):
        return None
    if target.overlap:
        if not (math.isfinite(lo) and math.isfinite(hi)):
            return None
        return hi >= (target.lo if target.lo is not None else -math.inf) and lo <= target.hi
    return (target.lo is None or mean >= target.lo) and mean <= target.hi


def _mark(ok: bool | None, overlap: bool) -> str:
    if ok is None:
        return "—"
    return ("✓" if ok else "✗") + ("*" if overlap else "")


def calibration_frame(summary: pd.DataFrame | None, lang: str) -> pd.DataFrame:
    """One row per calibration target, headed in ``lang``: target, KPI code, band, source,
    the model's mean with its 95% interval and ✓/✗. ``summary`` is ``summarise``'s frame
    (columns kpi, mean, ci_low, ci_high) of the baseline; None gives the targets only."""
    lang = normalise_lang(lang)
    stats = {} if summary is None else summary.set_index("kpi").to_dict("index")
    rows = []
    for tg in TARGETS:
        s = stats.get(tg.kpi)
        if s is None:
            model, ok = "—", None
        else:
            m, lo, hi = float(s["mean"]), float(s["ci_low"]), float(s["ci_high"])
            if math.isfinite(lo) and math.isfinite(hi):
                model = _t("cal_estimate", lang, mean=fmt_number(m, tg.kind),
                           lo=fmt_number(lo, tg.kind), hi=fmt_number(hi, tg.kind))
            else:
                model = fmt_number(m, tg.kind)
            ok = within_band(tg, m, lo, hi)
        rows.append({
            "target": _t(f"cal_{tg.kpi}", lang), "kpi": tg.kpi, "band": band_text(tg, lang),
            "source": _t(f"cal_src_{tg.kpi}", lang), "model": model,
            "within": _mark(ok, tg.overlap),
        })
    df = pd.DataFrame.from_records(rows, columns=list(CAL_COLUMNS))
    return df.rename(columns=calibration_headers(lang))


def calibration_headers(lang: str) -> dict[str, str]:
    """Internal column name of the calibration table -> header in ``lang``."""
    return {c: _t(f"cal_col_{c}", lang) for c in CAL_COLUMNS}


# --- the M/M/c check --------------------------------------------------------------------

def mmc_setting_scenario(setting: tuple[float, float, int]):
    lam, mu, c = setting
    return mmc_scenario(arrival_rate_per_hour=lam, service_rate_per_hour=mu, servers=c,
                        horizon_days=MMC_HORIZON_DAYS, warmup_days=MMC_WARMUP_DAYS)


def mmc_setting_label(setting: tuple[float, float, int], lang: str) -> str:
    lam, mu, c = setting
    return _t("mmc_setting_option", lang, lam=lam, mu=mu, c=c, rho=lam / (mu * c))


@dataclass(frozen=True)
class MMCCheck:
    mean: float
    ci_low: float
    ci_high: float
    erlang_c: float
    n: int

    @property
    def inside(self) -> bool:
        return self.ci_low <= self.erlang_c <= self.ci_high


def mmc_check(kpis: pd.DataFrame, setting: tuple[float, float, int]) -> MMCCheck:
    """The simulated mean wait before pick/pack (one value per replication in ``kpis``)
    with its 95% Student-t interval, against Erlang C's Wq (hours)."""
    values = kpis[MMC_KPI].to_numpy(dtype=float)
    m, lo, hi = t_interval(values)
    return MMCCheck(m, lo, hi, erlang_c_wait_hours(*setting), int(len(values)))


def fmt_hours(value: float) -> str:
    return "—" if value is None or not math.isfinite(value) else f"{value:.3f}"


# --- the validation report ------------------------------------------------------------------

REPORT_CATEGORIES = ("queueing", "customers", "accounting", "calibration", "carbon",
                     "economics", "real_data")
REPORT_COLUMNS = ("category", "check", "reference", "measured", "se", "expected", "tolerance",
                  "passed")


def report_frame(checks: list, lang: str) -> pd.DataFrame:
    """One row per check of ``simulation.verification.run_all``, headed in ``lang``;
    numbers as text (4 significant figures), the result as pass/FAIL in ``lang``."""
    def num(v: Any) -> str:
        if v is None or (isinstance(v, float) and not math.isfinite(v)):
            return "—"
        return f"{float(v):.4g}"

    rows = []
    for c in checks:
        cat = c.category if c.category in REPORT_CATEGORIES else None
        rows.append({
            "category": _t(f"report_cat_{cat}", lang) if cat else c.category,
            "check": c.name, "reference": c.reference, "measured": num(c.measured),
            "se": num(c.se), "expected": num(c.expected), "tolerance": num(c.tolerance),
            "passed": _t("report_pass" if c.passed else "report_fail", lang),
        })
    df = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    return df.rename(columns={k: _t(f"report_{'check' if k == 'check' else k}", lang)
                              for k in REPORT_COLUMNS})


# --- the page (Streamlit) ---------------------------------------------------------------------

REPORT_SLOT = "meth_report"        # the session's job slot of the validation report


def _run(scenarios, replications: int, lang: str):
    """The page's simulations (small, and shared by every session through the store), at
    the calibration's seed, under a progress bar; None after a message if they fail."""
    return runner.with_progress(lambda progress: runner.run(scenarios, SEED, replications,
                                                           progress=progress),
                                lang, "common.run_error")


def _validation_report(lang: str) -> list | None:
    """The validation report: the one kept for this model version (run once per server and
    shown to every session), else a Run button that starts it as this session's background
    job, with progress and Cancel."""
    checks = runner.validation_report()
    if checks is not None:
        return checks
    if runner.report_running() and runner.job(REPORT_SLOT) is None:
        st.info(_t("report_busy", lang))                  # another session is running it
        return None
    pressed = False
    found = runner.job(REPORT_SLOT)
    if found is None or not found.active:
        st.info(_t("report_not_run", lang))
        pressed = st.button(_t("report_run", lang), key="meth_report_run")

    def work(progress):
        cancel = jobs.current().cancel

        def checked(done: int, total: int) -> None:
            progress(done, total)
            if cancel.is_set():                             # between two checks
                raise jobs.Cancelled()
        return runner.run_validation_report(checked)

    checks = runner.kept_or_run(REPORT_SLOT, MODEL_VERSION, pressed, work, lang)
    if checks is None and pressed is False and found is not None and found.succeeded:
        st.info(_t("report_busy", lang))                  # it ran elsewhere meanwhile
    return checks


# --- downloads that read (``ui.export``) ----------------------------------------------------

def parameters_download(df: pd.DataFrame, lang: str, rows: list[dict[str, Any]] | None = None
                        ) -> pd.DataFrame:
    """The parameter table as its download: the columns on show, headed in ``lang``, with
    a number's value as a number (six significant digits, no thousands separator; options and
    switches stay words); each row's unit is in the unit column. ``df``: ``parameter_frame``
    rows (filtered or not)."""
    raw = {r["path"]: r["value"] for r in (parameter_table() if rows is None else rows)}

    def value(path: str, shown: str) -> Any:
        v = raw.get(path)
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return shown
        return int(v) if float(v).is_integer() else float(f"{v:.6g}")

    out = df.copy().astype({"value": object})
    out["value"] = [value(p, v) for p, v in zip(out["path"], out["value"], strict=True)]
    return localise(out, lang)


def calibration_download(summary: pd.DataFrame | None, lang: str) -> pd.DataFrame:
    """The calibration table as its download: the table on show, then the model's mean and
    95% interval as numbers rounded to their unit (shares in percent, money in whole yuan,
    kilograms to three decimals below 10 kg) and the unit they are in."""
    shown = calibration_frame(summary, lang)
    stats = {} if summary is None else summary.set_index("kpi").to_dict("index")
    kpi_col = calibration_headers(lang)["kpi"]
    cols = [t("report.dl_mean", lang), t("report.dl_low", lang), t("report.dl_high", lang)]
    numbers = pd.DataFrame(
        [[stats.get(k, {}).get(c, float("nan")) for c in ("mean", "ci_low", "ci_high")]
         for k in shown[kpi_col]], columns=cols, index=shown.index)
    out = pd.concat([shown, numbers], axis=1)
    out = export.rounded_rows(out, kpi_col, cols)
    out[t("report.dl_unit", lang)] = [export.unit_text(export.row_unit(k), lang) for k in shown[kpi_col]]
    return out


def methodology_workbook(params: pd.DataFrame, calibration: pd.DataFrame, lang: str,
                         horizon_days: Any = None) -> bytes:
    """The parameters and the calibration as one Excel workbook with a provenance sheet."""
    provenance = export.provenance_table(
        lang, scenarios=[t("common.baseline", lang)], seed=SEED,
        replications=CALIBRATION_REPLICATIONS, horizon_days=horizon_days,
        method=f"python -m simulation run baseline --replications {CALIBRATION_REPLICATIONS} "
               f"--seed {SEED}")
    return export.workbook_bytes({t("report.dl_sheet_params", lang): params,
                                  t("report.dl_sheet_calibration", lang): calibration}, provenance, lang)


def draw(lang: str) -> None:
    """The methodology page: the model as a diagram, every parameter, the calibration, the
    Erlang C check, the validation report, the glossary, assumptions and versions."""
    def tm(key: str, **fields) -> str:
        return t(f"methodology.{key}", lang, **fields)

    st.title(tm("title"))
    st.markdown(tm("intro"))
    st.markdown(tm("intro_page"))

    # --- 1. the model in one diagram -------------------------------------------------------
    st.header(tm("diagram_title"))
    st.graphviz_chart(diagram_dot(lang), width="stretch")
    st.caption(tm("diagram_caption"))

    # --- 2. parameters, from the schema ----------------------------------------------------
    st.header(tm("params_title"))
    rows = parameter_table()
    st.markdown(tm("params_intro", total=len(rows), assumptions=assumption_count(rows)))
    params = parameter_frame(lang, rows)
    left, right = st.columns([3, 2])
    groups = left.multiselect(tm("params_groups"), GROUPS, default=list(GROUPS),
                              format_func=lambda g: group_label(g, lang), key="meth_groups")
    query = right.text_input(tm("params_search"), key="meth_search",
                             placeholder=tm("params_search_placeholder"))
    shown = localise(filter_parameters(params, groups, query), lang)
    st.caption(tm("params_count", shown=len(shown), total=len(params)))
    if shown.empty:
        st.info(tm("params_none"))
    headers = column_labels(lang)
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
    params_out = parameters_download(filter_parameters(params, groups, query), lang, rows)
    st.download_button(tm("params_download"), to_csv(params_out), file_name=f"parameters_{lang}.csv",
                       mime="text/csv", key="meth_params_csv", on_click="ignore")

    # --- 3. calibration --------------------------------------------------------------------
    st.header(tm("cal_title"))
    st.markdown(tm("cal_intro", n=CALIBRATION_REPLICATIONS, seed=SEED))
    summary = baseline = None
    try:
        baseline = load_scenario("baseline")
    except Exception as err:  # a broken preset file: a message, never a traceback
        st.error(tx("common.run_error", lang, error=err))
    else:
        results = _run({"baseline": baseline}, CALIBRATION_REPLICATIONS, lang)
        summary = None if results is None else results.summary()
    calibration = calibration_frame(summary, lang)
    cal_headers = calibration_headers(lang)
    st.dataframe(calibration, hide_index=True, width="stretch", column_config={
        cal_headers["within"]: st.column_config.TextColumn(width="small"),
    })
    st.caption(tm("cal_note_within"))
    st.caption(tm("cal_note_turnover"))
    cal_out = calibration_download(summary, lang)
    row = st.container(horizontal=True, gap="small")
    row.download_button(tm("cal_download"), to_csv(cal_out),
                        file_name=f"calibration_{lang}.csv", mime="text/csv", key="meth_cal_csv",
                        on_click="ignore")
    horizon = baseline.run.horizon_days if baseline is not None else None
    row.download_button(t("report.dl_workbook", lang),
                        lambda: methodology_workbook(params_out, cal_out, lang, horizon),
                        file_name=f"methodology_{lang}.xlsx", key="meth_xlsx", on_click="ignore",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        help=t("report.dl_workbook_help", lang))
    st.markdown(tm("cal_reproduce"))
    st.code(f"python -m simulation run baseline --replications {CALIBRATION_REPLICATIONS} "
            f"--seed {SEED}", language="bash")

    # --- 4. Erlang C -----------------------------------------------------------------------
    st.header(tm("mmc_title"))
    st.markdown(tm("mmc_intro"))
    st.latex(r"W_q = \frac{C(c,\,a)}{c\mu - \lambda},\quad a = \frac{\lambda}{\mu},\quad "
             r"C(c,\,a) = \frac{B(c,\,a)}{1 - \rho\,(1 - B(c,\,a))},\quad \rho = \frac{a}{c}")
    st.caption(tm("mmc_symbols"))
    setting = st.selectbox(tm("mmc_setting"), MMC_SETTINGS, key="meth_mmc",
                           format_func=lambda s: mmc_setting_label(s, lang))
    mmc = _run({"mmc": mmc_setting_scenario(setting)}, MMC_REPLICATIONS, lang)
    if mmc is not None:
        check = mmc_check(mmc.kpis, setting)
        c1, c2, c3 = st.columns(3)
        c1.metric(tm("mmc_simulated"), tm("mmc_hours", value=fmt_hours(check.mean)))
        c2.metric(tm("mmc_formula"), tm("mmc_hours", value=fmt_hours(check.erlang_c)),
                  help=tm("mmc_formula_help"))
        c3.metric(tm("mmc_inside"), tm("mmc_yes") if check.inside else tm("mmc_no"))
        st.markdown(tm("mmc_interval_text", lo=fmt_hours(check.ci_low),
                       hi=fmt_hours(check.ci_high), n=check.n, days=MMC_HORIZON_DAYS,
                       warmup=MMC_WARMUP_DAYS))
    st.caption(tm("mmc_note"))

    # --- 5. the validation report ---------------------------------------------------------
    st.header(tm("report_title"))
    st.markdown(tm("report_intro"))
    checks = _validation_report(lang)
    if checks:
        failed = sum(not c.passed for c in checks)
        (st.error if failed else st.success)(tm(
            "report_summary", total=len(checks), passed=len(checks) - failed, failed=failed,
            version=MODEL_VERSION))
        st.dataframe(report_frame(checks, lang), hide_index=True, width="stretch")
    st.caption(tm("report_note"))
    st.code("python -m simulation verify", language="bash")

    # --- the glossary: every KPI and key term ---------------------------------------------
    st.header(t("glossary.title", lang))
    st.markdown(t("glossary.intro", lang))
    tab_kpis, tab_terms = st.tabs([t("glossary.kpis_title", lang), t("glossary.terms_title", lang)])
    with tab_kpis:
        st.dataframe(glossary_frame(lang, "kpis"), hide_index=True, width="stretch")
    with tab_terms:
        st.dataframe(glossary_frame(lang, "terms"), hide_index=True, width="stretch")

    # --- 6. assumptions and limitations ----------------------------------------------------
    st.header(tm("lim_title"))
    st.markdown(tm("lim_intro"))
    st.markdown("\n".join(f"- {tm(key)}" for key in LIMITATIONS))

    # --- 7. versions -----------------------------------------------------------------------
    st.header(tm("ver_title"))
    v1, v2, v3, v4 = st.columns(4)
    v1.metric(tm("ver_model"), MODEL_VERSION)
    v2.metric(tm("ver_schema"), str(SCHEMA_VERSION))
    v3.metric(tm("ver_seed"), str(SEED))
    v4.metric(tm("ver_reps"), str(CALIBRATION_REPLICATIONS))
    horizon = baseline.run.horizon_days if baseline is not None else "—"
    st.markdown(f"**{tm('ver_reps')}**: "
                f"{tm('ver_reps_value', cal=CALIBRATION_REPLICATIONS, mmc=MMC_REPLICATIONS)}  \n"
                f"**{tm('ver_horizon')}**: "
                + tm("ver_horizon_value", days=horizon, mmc_days=MMC_HORIZON_DAYS,
                     warmup=MMC_WARMUP_DAYS))
    st.caption(tm("ver_note"))
    st.caption(tm("ver_doc"))
