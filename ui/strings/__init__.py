"""User-visible strings, one module per area; each defines ``TEXT = {key: {"zh", "en"}}``.

``ui.i18n`` merges them as ``"<area>.<key>"``. A test fails when a key is missing or empty
in either language, or when code asks for a key that does not exist.
"""

AREAS = ("common", "home", "builder", "compare", "methodology", "charts", "share", "library",
         "sensitivity", "optimiser")
