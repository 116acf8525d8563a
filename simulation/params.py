"""The field helper every schema parameter is declared with.

A parameter carries its default, bounds, unit, Chinese and English labels, help text and
source on the pydantic field itself, the single source of truth for a parameter: sliders,
the parameter table and the loader's error messages all read it from here. A source names a
published work or one of the source documents (``simulation/sources.py``, whose entries are
listed in ``docs/SOURCES.md``), or says "assumption".
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

ASSUMPTION = "assumption"


def param(
    default: Any,
    *,
    zh: str,
    en: str,
    unit: str = "",
    ge: float | None = None,
    le: float | None = None,
    help_en: str = "",
    help_zh: str = "",
    source: str = ASSUMPTION,
    group: str | None = None,
) -> Any:
    """A schema field with its metadata.

    ``group`` overrides the section's lever group (E, S, G, marketing, policy, assumptions,
    run) for this field only.
    """
    extra: dict[str, Any] = {
        "label_zh": zh,
        "label_en": en,
        "unit": unit,
        "help_en": help_en or en,
        "help_zh": help_zh or zh,
        "source": source,
    }
    if group is not None:
        extra["group"] = group
    kwargs: dict[str, Any] = {"json_schema_extra": extra, "description": help_en or en}
    if ge is not None:
        kwargs["ge"] = ge
    if le is not None:
        kwargs["le"] = le
    return Field(default, **kwargs)
