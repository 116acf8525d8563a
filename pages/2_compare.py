"""Compare scenarios (the page itself is ``ui.compare.draw``): choose 2–6, run them with
common random numbers, see the KPIs, the paired differences, the cost per tonne avoided, the
levers that differ and the cost–carbon trade-off; download every table or copy the
comparison's link."""

from ui import compare, shell

lang = shell.setup("common.nav_compare")
compare.draw(lang)
