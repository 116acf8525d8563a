"""Flat event records and daily ledgers written by the model, read by ``metrics``.

The model only appends tuples here; every KPI is a pure function of these records.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

COST_CATEGORIES = ("goods", "commission", "marketing", "membership", "packaging", "delivery",
                   "wages", "overheads", "hiring_training", "audits", "esg_programmes", "offsets",
                   "carbon_price", "subsidies")
# accounts booked day by day by the model; per-order flows are computed from the shipped
# records in ``metrics``
_LEDGER_KEYS = (("marketing", "membership", "wages", "overheads", "hiring_training", "audits",
                 "esg_programmes")
                + tuple(f"marketing_{c}" for c in ("search", "feed", "livestream", "crm",
                                                    "esg_content", "community")))


class Ledger:
    """Daily sums per account: ``add(name, day, amount)``."""

    def __init__(self, days: int):
        self.days = days
        self.d: dict[str, list[float]] = {k: [0.0] * (days + 1) for k in _LEDGER_KEYS}

    def add(self, name: str, day: int, amount: float) -> None:
        self.d[name][day] += amount

    def series(self, name: str) -> list[float]:
        """Daily values; an entry on the horizon instant itself is folded into the last day."""
        s = self.d[name]
        out = s[: self.days]
        if self.days:
            out[-1] += s[self.days]
        return out


# the columns of each record, in the order the model appends them
PLACED = ("oid", "cust", "t")
CANCELLED = ("oid", "t", "removed")
PACKED = ("oid", "start", "end", "ship")
SHIPPED = ("oid", "ship", "delivered", "on_time", "defect", "wrong", "returned", "rural",
           "failed", "value")
SATISFACTION = ("oid", "sat")
CONTACTS = ("at", "start", "end")
DAYS = ("day", "packers", "cs_agents", "queue", "trust", "weather")
OCCUPANCY = ("t", "queued", "busy")
DROPOUTS = ("cust", "t")


class Table(dict):
    """A record as named float columns: ``tbl["ship"]``, ``len(tbl)`` rows."""

    def __init__(self, rows: list[tuple], names: tuple[str, ...]):
        width = len(names)
        flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=float,
                           count=len(rows) * width).reshape(-1, width)
        super().__init__({n: flat[:, i] for i, n in enumerate(names)})
        self.n = len(rows)

    def __len__(self) -> int:
        return self.n

    def where(self, mask: np.ndarray) -> "Table":
        out = Table([], tuple(self))
        out.update({k: v[mask] for k, v in self.items()})
        out.n = int(np.count_nonzero(mask)) if mask.dtype == bool else len(mask)
        return out


@dataclass
class Records:
    placed: list[tuple[int, int, float]] = field(default_factory=list)       # oid, cust, t
    # oid, time the customer cancelled, time the order left the queue (NaN: still in it)
    cancelled: list[tuple[int, float, float]] = field(default_factory=list)
    packed: list[tuple[int, float, float, float]] = field(default_factory=list)  # oid, start, end, ship
    shipped: list[tuple] = field(default_factory=list)
    sat: list[tuple[int, float]] = field(default_factory=list)
    contacts: list[tuple[float, float, float]] = field(default_factory=list)  # at, start, end
    acquired: list[int] = field(default_factory=list)                        # channel per customer
    quits: list[tuple[int, str]] = field(default_factory=list)
    hires: list[tuple[int, str]] = field(default_factory=list)
    scandals: list[int] = field(default_factory=list)
    days: list[tuple] = field(default_factory=list)
    occ: list[tuple[float, int, int]] = field(default_factory=list)          # t, queued, busy
    dropouts: list[tuple[int, float]] = field(default_factory=list)         # customer, t

    def table(self, name: str) -> Table:
        """One record as named columns: "placed", "cancelled", "packed", "shipped", "sat",
        "contacts", "days", "occ" or "dropouts"."""
        names = {"placed": PLACED, "cancelled": CANCELLED, "packed": PACKED, "shipped": SHIPPED,
                 "sat": SATISFACTION, "contacts": CONTACTS, "days": DAYS, "occ": OCCUPANCY,
                 "dropouts": DROPOUTS}[name]
        return Table(getattr(self, name), names)

    def order_placed(self, oid: int, cust: int, t: float) -> None:
        self.placed.append((oid, cust, t))

    def order_cancelled(self, oid: int, t: float, removed: float) -> None:
        self.cancelled.append((oid, t, removed))

    def order_packed(self, oid: int, start: float, end: float, ship: float) -> None:
        self.packed.append((oid, start, end, ship))

    def order_shipped(self, oid, ship, delivered, on_time, defect, wrong, returned, rural,
                      failed, value) -> None:
        self.shipped.append((oid, ship, delivered, on_time, defect, wrong, returned, rural, failed,
                             value))

    def satisfaction(self, oid: int, sat: float) -> None:
        self.sat.append((oid, sat))

    def contact(self, at: float, start: float, end: float) -> None:
        self.contacts.append((at, start, end))

    def customer_acquired(self, chan: int) -> None:
        self.acquired.append(chan)

    def quit(self, day: int, role: str) -> None:
        self.quits.append((day, role))

    def hire(self, day: int, role: str) -> None:
        self.hires.append((day, role))

    def scandal(self, day: int) -> None:
        self.scandals.append(day)

    def day_state(self, day, packers, agents, queue, trust, weather) -> None:
        self.days.append((day, packers, agents, queue, trust, weather))

    def dropout(self, cust: int, t: float) -> None:
        self.dropouts.append((cust, t))

    def occupancy(self, t: float, queued: int, busy: int) -> None:
        self.occ.append((t, queued, busy))
