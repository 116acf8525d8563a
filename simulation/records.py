"""Flat event records and daily ledgers written by the model, read by ``metrics``.

The model only appends rows here; every KPI is a pure function of these records. Each
numeric record is a :class:`Log`: its rows stored flat as doubles (a bool as 0/1, an id as
a whole number), read back row by row as tuples or all at once as a :class:`Table`.
"""

from __future__ import annotations

import array
import itertools
from dataclasses import dataclass, field

import numpy as np

COST_CATEGORIES = ("goods", "commission", "marketing", "membership", "packaging", "delivery",
                   "wages", "overheads", "hiring_training", "audits", "esg_programmes", "offsets",
                   "carbon_price", "subsidies")
# accounts booked day by day by the model; per-order flows are computed from the shipped
# records in ``metrics``
_LEDGER_KEYS = (("marketing", "membership", "wages", "overheads", "hiring_training", "audits",
                 "esg_programmes", "subsidy_training", "subsidy_community")
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


class Log(array.array):
    """One record's rows of ``len(names)`` numbers, stored flat as doubles: a tuple per
    event would cost a Python object per number, to build, to convert and to free.
    ``log.append(row)`` adds a row (a tuple); ``len(log)``, ``log[i]`` and iteration count
    and give rows, as a list of tuples would."""

    append = array.array.extend     # a row's numbers go on the end

    def __new__(cls, names: tuple[str, ...]):
        log = super().__new__(cls, "d")
        log.names = names
        log.width = len(names)
        return log

    def __len__(self) -> int:
        return array.array.__len__(self) // self.width

    def __getitem__(self, i: int) -> tuple:
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("record row out of range")
        w = self.width
        return tuple(array.array.__getitem__(self, slice(i * w, (i + 1) * w)))

    def __iter__(self):
        w = self.width
        flat = array.array.__getitem__(self, slice(None))
        return (tuple(flat[i:i + w]) for i in range(0, len(flat), w))

    def __eq__(self, other) -> bool:
        return list(self) == list(other)

    __hash__ = None


class Table(dict):
    """A record as named float columns: ``tbl["ship"]``, ``len(tbl)`` rows."""

    def __init__(self, rows: Log | list[tuple], names: tuple[str, ...]):
        width = len(names)
        if isinstance(rows, Log):
            flat = np.frombuffer(rows, dtype=float).reshape(-1, width)
        else:
            flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=float,
                               count=len(rows) * width).reshape(-1, width)
        # contiguous copies: quicker to compute with, and they do not pin the log's buffer
        super().__init__({n: flat[:, i].copy() for i, n in enumerate(names)})
        self.n = len(rows)

    def __len__(self) -> int:
        return self.n

    def where(self, mask: np.ndarray) -> "Table":
        out = Table([], tuple(self))
        out.update({k: v[mask] for k, v in self.items()})
        out.n = int(np.count_nonzero(mask)) if mask.dtype == bool else len(mask)
        return out


def _log(names: tuple[str, ...]):
    return field(default_factory=lambda: Log(names))


@dataclass
class Records:
    placed: Log = _log(PLACED)              # oid, cust, t
    # oid, time the customer cancelled, time the order left the queue (NaN: still in it)
    cancelled: Log = _log(CANCELLED)
    packed: Log = _log(PACKED)              # oid, start, end, ship
    shipped: Log = _log(SHIPPED)
    sat: Log = _log(SATISFACTION)
    contacts: Log = _log(CONTACTS)          # at, start, end
    acquired: list[int] = field(default_factory=list)                        # channel per customer
    quits: list[tuple[int, str]] = field(default_factory=list)
    hires: list[tuple[int, str]] = field(default_factory=list)
    scandals: list[int] = field(default_factory=list)
    days: Log = _log(DAYS)
    occ: Log = _log(OCCUPANCY)              # t, queued, busy
    dropouts: Log = _log(DROPOUTS)          # customer, t

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
