"""Methodology: how the model works, its parameters, calibration, validation, the glossary
and the model's limits (``ui.methodology.draw``)."""

from ui import methodology, shell

methodology.draw(shell.setup("common.nav_methodology"))
