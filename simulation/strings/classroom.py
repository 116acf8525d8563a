"""Strings of the classroom area (see simulation/strings/__init__.py): the classroom page: exercises in self-study mode."""

TEXT: dict[str, dict[str, str]] = {
}
