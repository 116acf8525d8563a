"""Values for display: parameter values (percent, yes/no, option labels) and the order of
KPIs in tables. KPI values themselves are formatted by ``ui.i18n.fmt`` / ``fmt_kpi`` (re-exported
here with the rest of the one value formatter: ``compact``, ``number``, ``percent``, units in
each language, and ``kpi_help``, a KPI's definition for a tooltip)."""

from __future__ import annotations

from typing import Any, Iterable

from simulation import KPI_NAMES

from .i18n import TEXT, compact, fmt, fmt_kpi, kpi_help, number, percent, t, unit_label, unit_text

__all__ = ["HEADLINE", "format_value", "kpi_order", "compact", "fmt", "fmt_kpi", "kpi_help",
           "number", "percent", "unit_label", "unit_text"]

HEADLINE = ("retention_90d", "repeat_purchase_rate", "carbon_kg_total", "carbon_kg_per_order",
            "cost_total_cny", "profit_cny")


def _number(x: float) -> str:
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.6f}".rstrip("0").rstrip(".")


def option_label(path: str, value: str, lang: str) -> str:
    """A choice's label (``builder.opt_<field>_<value>``), or the value itself. Here rather
    than from ``widgets`` so that this module (and the reports) import no Streamlit."""
    k = f"builder.opt_{path.rsplit('.', 1)[-1]}_{value}"
    return t(k, lang) if k in TEXT else str(value)


def format_value(path: str, value: Any, unit: str, lang: str) -> str:
    """A parameter's value for the lever table: fractions in percent, yes/no, option labels."""
    if isinstance(value, bool):
        return t("compare.yes" if value else "compare.no", lang)
    if value is None:
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(path, v, unit, lang) for v in value)
    if isinstance(value, str):
        return option_label(path, value, lang)
    if unit == "fraction":
        return f"{_number(round(float(value) * 100.0, 4))}%"
    return _number(value)


def kpi_order(available: Iterable[str]) -> list[str]:
    """The headline KPIs first, then the rest in the model's order, then any others."""
    available = list(available)
    rest = [k for k in KPI_NAMES if k in available and k not in HEADLINE]
    extra = [k for k in available if k not in HEADLINE and k not in rest]
    return [k for k in HEADLINE if k in available] + rest + extra
