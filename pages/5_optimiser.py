"""Budget optimiser: the best split of the builder's current marketing budget across the
channels for one KPI, under KPI constraints and share bounds; the recommendation against the
current split (or, when that breaks the conditions, the best other split that meets them),
why, the Pareto frontier of retention, carbon and cost, and a way back to the builder or the
library. The page itself is ``ui.optimiser.draw``; the search runs as a background job
(progress and Cancel)."""

from ui import optimiser, shell

lang = shell.setup("common.nav_optimiser")
optimiser.draw(lang)
