"""Staff: packers and customer-service agents with a learning curve, welfare-driven quits,
hiring delays, shifts, overtime and paid leave.

Each team is a FIFO queue served by its employees; with ``c`` employees on duty this is a
c-server queue (a Resource whose servers carry their own experience). An employee who
quits finishes the job in hand; the vacancy stays open for the hiring delay, then an
inexperienced hire starts.
"""

from __future__ import annotations

import math
from collections import deque
from typing import TYPE_CHECKING, Callable

from .scenario import Scenario

if TYPE_CHECKING:  # pragma: no cover
    from .shop import Shop

EPS = 1e-9                   # days (about 0.1 ms): tolerance for comparing shift times
FATIGUE_DAYS = 30.0          # overtime fatigue builds and fades over about a month
OVERTIME_QUIT_PER_HOUR = 0.10
UNPAID_OVERTIME_FACTOR = 1.5
PARTIAL_INSURANCE_QUIT = 1.15
LEAVE_QUIT_PER_DAY = 0.02
LEAVE_QUIT_FLOOR = 0.75
HEALTH_QUIT = 0.95
TRAINING_QUIT = 0.85         # Batt 2002: HR investment lowers quits
TRAINING_ERROR_SHARE = 0.5   # training halves new hires' extra errors
# employer costs of a position (CNY)
SOCIAL_INSURANCE_FULL = 0.30     # employer social insurance on the full wage (sources.ESG_MARKETING_SOCIAL)
SOCIAL_INSURANCE_PARTIAL = 0.12  # ... on a minimum base, the common practice (assumption)
HEALTH_CHECK_CNY = 600.0         # annual health check per person
HOURS_PER_MONTH = 21.75 * 8      # statutory working days a month × 8 hours


def quit_hazard_per_year(sc: Scenario, fatigue_hours: float) -> float:
    """Annual quit hazard of one employee given welfare and accumulated overtime fatigue."""
    s = sc.staff
    h = s.base_quit_rate_per_year
    h *= (s.wage_cny_per_month / s.market_wage_cny_per_month) ** s.wage_elasticity
    if not s.full_social_insurance:
        h *= PARTIAL_INSURANCE_QUIT
    h *= max(LEAVE_QUIT_FLOOR, 1.0 - LEAVE_QUIT_PER_DAY * s.paid_leave_days)
    if s.health_checks:
        h *= HEALTH_QUIT
    if s.training:
        h *= TRAINING_QUIT
    ot = OVERTIME_QUIT_PER_HOUR * (1.0 if s.overtime_paid else UNPAID_OVERTIME_FACTOR)
    return h * (1.0 + ot * fatigue_hours)


class Employee:
    __slots__ = ("role", "slot", "hired_at", "quit", "shift_start", "shift_end")

    def __init__(self, role: str, slot: int, hired_at: float):
        self.role = role
        self.slot = slot
        self.hired_at = hired_at
        self.quit = False
        self.shift_start = self.shift_end = -math.inf   # the shift last looked up


class Team:
    """Employees of one role taking jobs, first come first served, from one queue.

    A c-server FIFO queue whose servers carry their own experience and shifts. It is driven
    by event callbacks rather than one SimPy process per employee: a job put while an
    employee is idle starts at once with the longest-idle employee, and an employee who
    finishes a job takes the next one (see :meth:`_next`, the employee's whole routine).
    The same queue as a SimPy ``Store`` with one ``get`` per employee, with one event per
    job instead of three.
    """

    def __init__(self, shop: "Shop", role: str, positions: int,
                 serve: Callable[[object, Employee], float | None],
                 done: Callable[[object, Employee, float], None]):
        self.shop = shop
        self.env = shop.env
        self.role = role
        self.positions = positions
        self.queue: deque = deque()
        self.idle: deque = deque()      # employees on shift waiting for a job, longest first
        self.serve = serve        # (job, employee) -> service time in days, or None to drop it
        self.done = done          # (job, employee, start) -> None, at service completion
        self.members: list[Employee] = []
        self.busy = 0
        sc = shop.sc
        self.round_the_clock = sc.staff.shift_hours >= 24
        if self.round_the_clock:        # shifts are whole days, midnight to midnight
            self.start, self.length = 0.0, 1.0
        else:
            self.start = sc.staff.shift_start_hour / 24.0
            self.length = (sc.staff.shift_hours + sc.staff.overtime_hours_per_day) / 24.0
        self.ramp = sc.staff.ramp_days * (sc.staff.training_ramp_factor if sc.staff.training
                                          else 1.0)
        # The team's own streams: tenure, quits and hiring delays; paid leave, drawn up front
        # for every day and position so that nothing else can shift it.
        self.rng = shop.streams[f"staff_{role}"]
        leave_p = sc.staff.paid_leave_days / 365.0
        self.leave_table = None
        if leave_p > 0:
            draws = shop.streams[f"leave_{role}"].rng.random((shop.days + 3, positions))
            self.leave_table = (draws < leave_p).tolist()     # [day + 1][slot]
        self.always_on = self.round_the_clock and self.leave_table is None
        if not self.always_on:
            self.env.process(self._shift_ends())

    def experience(self, e: Employee) -> float:
        """0 for a new hire, converging to 1 over the learning curve."""
        return 1.0 - math.exp(-(self.env.now - e.hired_at) / self.ramp)

    def hire(self, slot: int, hired_at: float) -> Employee:
        """A new employee in position ``slot`` (0 .. positions − 1), at work from now."""
        e = Employee(self.role, slot, hired_at)
        self.members.append(e)
        self._at(0.0, e)
        return e

    def put(self, job) -> None:
        if self.idle:
            self._take(self.idle.popleft(), job)
        else:
            self.queue.append(job)

    def leave(self, e: Employee) -> None:
        """The employee quits: finishes the job in hand, or leaves now if idle."""
        e.quit = True
        try:
            self.idle.remove(e)
        except ValueError:
            pass

    # -- one employee's routine ---------------------------------------------------------------
    def _at(self, delay: float, e: Employee) -> None:
        """Run the employee's routine again after ``delay`` days."""
        ev = self.env.timeout(delay)
        ev.callbacks.append(lambda _ev, e=e: self._next(e))

    def _next(self, e: Employee) -> None:
        """What an employee does when free: nothing after quitting; wait for the next shift
        when off; else the next job in the queue, or wait idle for one."""
        while not e.quit:
            if not self.always_on:
                now = self.env.now
                if not now < e.shift_end - EPS:     # still current while now < its end
                    e.shift_start, e.shift_end = self._window(e, now)
                start = e.shift_start
                if now < start - EPS:
                    self._at(start - now, e)
                    return
            if not self.queue:
                self.idle.append(e)
                return
            if self._take(e, self.queue.popleft()):
                return

    def _take(self, e: Employee, job) -> bool:
        """Start ``job``; False if it no longer needs doing (e.g. a cancelled order)."""
        start_t = self.env.now
        service = self.serve(job, e)
        if service is None:
            return False
        self.busy += 1
        ev = self.env.timeout(service)
        ev.callbacks.append(lambda _ev, e=e, job=job, s=start_t: self._finish(e, job, s))
        return True

    def _finish(self, e: Employee, job, start_t: float) -> None:
        self.busy -= 1
        self.done(job, e, start_t)
        self._next(e)

    def _shift_ends(self):
        """Send idle employees home at the end of each shift (or, round the clock with paid
        leave, at each midnight so that whoever is on leave stops)."""
        env = self.env
        day = -1
        while True:
            end = day + self.start + self.length     # the same expression as in _window
            if end > env.now:
                yield env.timeout(end - env.now)
            idle, self.idle = self.idle, deque()
            for e in idle:          # each goes home, or straight back if still on shift
                self._next(e)
            day += 1

    def _absent(self, slot: int, day: int) -> bool:
        t = self.leave_table
        return t is not None and 0 <= day + 1 < len(t) and t[day + 1][slot]

    def _window(self, e: Employee, now: float) -> tuple[float, float]:
        """(start, end) of the shift this employee works now or next (skipping leave days).
        Times within EPS of a shift's end count as after it (float sums of days and hours)."""
        day = math.floor(now)
        if now < day - 1 + self.start + self.length - EPS:   # inside yesterday's shift
            day -= 1
        while True:
            start = day + self.start
            end = start + self.length
            if now < end - EPS and not self._absent(e.slot, day):
                return start, end
            day += 1
