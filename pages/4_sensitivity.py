"""Sensitivity & attribution: which assumptions move a scenario's KPIs (a one-at-a-time
tornado and a global analysis over all ranges at once), and which levers make the
difference between two scenarios (Shapley values). Nothing runs until a Run button is
pressed (each analysis then runs as a background job, with progress and Cancel); results are
kept, so switching the KPI redraws without simulating."""

from ui import sensitivity, shell

sensitivity.draw(shell.setup("common.nav_sensitivity"))
