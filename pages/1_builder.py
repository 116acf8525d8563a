"""Scenario builder: levers -> Scenario -> cached replications -> KPI cards and charts
(``ui.builder.draw``)."""

from ui import builder, shell

builder.draw(shell.setup("common.nav_builder"))
