"""Strings of the report_analysis area (see simulation/strings/__init__.py): the sensitivity
and optimiser pages' reports."""

TEXT: dict[str, dict[str, str]] = {
}
