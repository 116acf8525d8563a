"""Classroom: guided exercises in self-study mode — pick an exercise, predict, run against
the starting shop on common random numbers, and get feedback, hints and a debrief
(``ui.classroom.draw``); the facilitator's guide is one click away."""

from ui import classroom, shell

classroom.draw(shell.setup("common.nav_classroom"))
