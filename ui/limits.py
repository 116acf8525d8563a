"""Limits that protect a shared server. Each one is shown to the user with its value when
it applies; the schema's own (wider) bounds still hold for the command line."""

from __future__ import annotations

PREVIEW_REPLICATIONS = 4          # a lever change shows this many at once (about 2 s)
DEFAULT_REPLICATIONS = 20         # "run the full set"
MAX_REPLICATIONS = 100            # per scenario, in the app
MAX_HORIZON_DAYS = 730            # two years
MAX_SCENARIOS = 6                 # on the compare page
MIN_SCENARIOS = 2
MAX_UPLOAD_BYTES = 256 * 1024     # one scenario file
MAX_ORDERS_PER_RUN = 30_000_000   # replications × expected orders of one request
MAX_SEED = 2**32 - 1
