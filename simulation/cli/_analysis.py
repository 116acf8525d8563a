"""Shared by the analyses (sensitivity, attribute, optimise): their bilingual texts (from
``simulation/strings/cli.py``), strict
JSON, checking KPI and parameter names, formatting parameters, and loading one scenario."""

from __future__ import annotations

import difflib
import math
import textwrap
from typing import Any, Mapping, Sequence, TextIO

import numpy as np
import pandas as pd

from ..metrics import KPI_LABELS, KPI_NAMES
from ..scenario import Scenario, parameter_rows
from ..strings import LANGS, t
from ._common import (ProgressBar, Strings, _emit, _label, _load_all, _nan_to_none, _shown_unit,
                      _want_progress, _width)

TEXT = {lang: Strings(lang) for lang in LANGS}   # the report texts, ``cli.<key>`` in the catalogue


def _strict(x: Any) -> Any:
    """A strict-JSON copy: NaN and infinities become None, numpy values Python ones, tuples
    lists, DataFrames lists of records."""
    if isinstance(x, Mapping):
        return {str(k): _strict(v) for k, v in x.items()}
    if isinstance(x, pd.DataFrame):
        return [_strict(r) for r in x.to_dict("records")]
    if isinstance(x, np.ndarray):
        return [_strict(v) for v in x.tolist()]
    if isinstance(x, (list, tuple, set, frozenset)):
        return [_strict(v) for v in x]
    if x is None or isinstance(x, str):
        return x
    if isinstance(x, (bool, int, float, np.generic)):
        return _nan_to_none(x)
    return str(x)


def _suggest(word: str, valid: Sequence[str], what: str, lang: str = "en") -> str:
    """'; did you mean X?' (names that start with ``word`` first), else '; ' + ``what``."""
    close = [v for v in valid if v.startswith(word)][:3] or \
        difflib.get_close_matches(word, list(valid), n=1, cutoff=0.6)
    if not close:
        return ("；" if lang == "zh" else "; ") + what
    names = close[0] if len(close) == 1 else \
        f"{', '.join(close[:-1])} {t('cli.or', lang)} {close[-1]}"
    return t("cli.did_you_mean", lang, names=names)


def _kpi_problems(kpi: str, option: str, lang: str = "en") -> list[str]:
    if kpi in KPI_LABELS:
        return []
    return [t("cli.unknown_kpi", lang, option=option, kpi=kpi) + _suggest(
        kpi, list(KPI_LABELS), t("cli.choose_kpi", lang, names=", ".join(KPI_NAMES)), lang)]


def _param_problems(path: str, option: str, lang: str = "en") -> list[str]:
    rows = parameter_rows()
    if path in rows:
        return []
    return [t("cli.unknown_parameter", lang, option=option, path=path) + _suggest(
        path, list(rows), t("cli.params_lists_them", lang), lang)]


def _number(text: str) -> float:
    """A number, or a percentage with a % sign (10% -> 0.1); ValueError otherwise."""
    t = text.strip().replace("_", "").replace(",", "")
    pct = t.endswith("%")
    value = float(t[:-1].strip() if pct else t)
    if not math.isfinite(value):
        raise ValueError(text)
    return value / 100 if pct else value


def _fmt_param(v: Any, unit: str, lang: str) -> str:
    """A parameter value for a table: on/off, whole numbers, fractions as percentages."""
    if isinstance(v, (bool, np.bool_)):
        return TEXT[lang]["on" if v else "off"]
    if v is None:
        return "n/a"
    if isinstance(v, (int, np.integer)):
        return f"{int(v):,}"
    try:
        v = float(v)
    except (TypeError, ValueError):
        return str(v)
    if not math.isfinite(v):
        return "n/a"
    if unit == "fraction":
        return f"{v * 100:.3g}%"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.4g}"


def _param_unit(unit: str) -> str:
    """A parameter's unit for a table (fractions are printed as percentages)."""
    return "" if unit == "fraction" else unit


def _note(text: str, lang: str, width: int = 100) -> str:
    """A note wrapped to ``width`` columns (Chinese: anywhere, a character is two columns)."""
    if lang != "zh":
        return textwrap.fill(text, width=width)
    lines, line = [], ""
    for c in text:
        if _width(line + c) > width:
            lines.append(line.rstrip())
            line = c.lstrip()
        else:
            line += c
    return "\n".join(lines + [line.rstrip()])


def _kpi_title(kpi: str, lang: str) -> str:
    unit = _shown_unit(kpi)
    return f"{_label(kpi, lang)} ({unit})" if unit else _label(kpi, lang)


def _analysis_progress(args, stderr: TextIO):
    """The progress bar for an analysis, whose total is known only as it runs."""
    return (ProgressBar(stderr, unit=t("cli.unit_simulations", args.lang))
            if _want_progress(args, 2, stderr) else None)


def _emit_analysis(args, df: pd.DataFrame, doc: dict, report: str, stdout: TextIO,
                   stderr: TextIO) -> int:
    """Like _emit, for an analysis: FILE.csv gets ``df`` (its main table)."""
    return _emit(args, df, _strict(doc), report, stdout, stderr)


def _load_one(args, problems: list[str]) -> tuple[str, Scenario] | None:
    scenarios, _, load_problems = _load_all([args.scenario], args.changes, args.lang)
    problems[:0] = load_problems
    if load_problems:
        return None
    (name, sc), = scenarios.items()
    return name, sc
