"""Regional policy lab: a region of many heterogeneous small shops, policy instruments with
their intensities, each shop's adoption decision, and the region's results (tonnes avoided
with an interval, public spend, cost per tonne, adoption and profit change by group, the
marginal abatement cost curve). The page itself is ``ui.policy_lab.draw``; the runs are
background jobs (progress and Cancel)."""

from ui import policy_lab, shell

lang = shell.setup("policy_lab.nav")
policy_lab.draw(lang)
