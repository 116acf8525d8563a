"""Strings of the workshop area (see simulation/strings/__init__.py): the workshop page: live team sessions."""

TEXT: dict[str, dict[str, str]] = {
}
