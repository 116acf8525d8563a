"""Limits that protect a shared server. Each one is shown to the user with its value when
it applies (``LimitError.message(lang)``); the schema's own, wider bounds still hold for the
command line.

The job limits (``ui/jobs.py``) share the server fairly: a session (one workspace token) runs
at most MAX_JOBS_PER_SESSION jobs at once and simulates at most MAX_ORDERS_PER_HOUR orders
in an hour (``Scenario.expected_orders()`` per replication, previews counted; background
work beyond it is refused); the server holds at most MAX_JOBS_PER_SERVER jobs queued or
running, and keeps a finished job's result for JOB_KEEP_SECONDS (at most MAX_KEPT_JOBS)."""

from __future__ import annotations

from typing import Mapping

from simulation import Scenario

from .i18n import MessageError

PREVIEW_REPLICATIONS = 4          # a lever change shows this many at once (about 2 s)
DEFAULT_REPLICATIONS = 20         # "run the full set"
MAX_REPLICATIONS = 100            # per scenario, in the app
MAX_HORIZON_DAYS = 730            # two years
MAX_SCENARIOS = 6                 # on the compare page
MIN_SCENARIOS = 2
MAX_UPLOAD_BYTES = 256 * 1024     # one scenario file
MAX_UPLOAD_FILES = 5              # files read from one upload on the compare page
MAX_ORDERS_PER_RUN = 30_000_000   # replications × expected orders of one request
MAX_SEED = 2**32 - 1
MAX_JOBS_PER_SESSION = 2          # background jobs at once, per session (workspace)
MAX_JOBS_PER_SERVER = 16          # background jobs queued or running on the whole server
MAX_ORDERS_PER_HOUR = 100_000_000  # simulated orders per session over the last hour
                                  # (about 2,000 baseline replication-years)
JOB_KEEP_SECONDS = 3600           # a finished job's result waits this long for a reload
MAX_KEPT_JOBS = 32                # finished jobs kept on the server (the oldest go first)


class LimitError(MessageError):
    """A request beyond one of the server's limits; the message names the limit."""


def check_scenario(scenario: Scenario, name: str = "") -> None:
    """Refuse a scenario the app will not run (before it is loaded into the widgets)."""
    if scenario.run.horizon_days > MAX_HORIZON_DAYS:
        raise LimitError("common.limit_horizon", name=name or "—",
                         days=scenario.run.horizon_days, limit=MAX_HORIZON_DAYS)


def request_orders(scenarios: Mapping[str, Scenario], replications: int) -> float:
    """The orders a request simulates: its distinct scenarios (the runner simulates a
    scenario given under two names once) × replications × ``Scenario.expected_orders()``."""
    distinct = {sc.fingerprint(): sc for sc in scenarios.values()}
    return sum(sc.expected_orders() for sc in distinct.values()) * int(replications)


def check_request(scenarios: Mapping[str, Scenario], replications: int) -> None:
    """Refuse a run beyond the limits: replications, horizon, expected orders."""
    if not 1 <= int(replications) <= MAX_REPLICATIONS:
        raise LimitError("common.limit_replications", n=replications, limit=MAX_REPLICATIONS)
    for name, sc in scenarios.items():
        check_scenario(sc, name)
    orders = request_orders(scenarios, replications)
    if orders > MAX_ORDERS_PER_RUN:
        raise LimitError("common.limit_orders", orders=f"{orders:,.0f}",
                         limit=f"{MAX_ORDERS_PER_RUN:,}")
