"""Workshop: live team sessions on one exercise. A facilitator creates a session (join code
and QR code), teams join from their own browsers and submit each round, the facilitator
releases results to a leaderboard with intervals beside a Pareto view, reveals the debrief
and exports the session. The page itself is ``ui.workshop.draw``."""

from ui import shell, workshop

lang = shell.setup("workshop.nav")
workshop.draw(lang)
