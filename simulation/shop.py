"""The shop: customers, marketing, fulfilment, delivery, suppliers and trust in one SimPy run.

Processes (each drawing from its own named stream):
- ``_arrivals``: new customers, a Poisson stream whose rate is set each day by organic traffic
  (scaled by brand trust) plus each paid channel's Hill response to its adstocked spend;
- ``_day``: once a day, carry-over, brand trust, weather, scandals, quits and daily ledgers;
- the packer and customer-service teams (see ``staff.py``);
- repeat purchases: the BG/NBD customer process of ``customers.py`` (each customer's own
  purchase rate and dropout probability), modulated by each order's experience;
- platform ranking: organic traffic follows the shop's recent sales.

An order's money and carbon are booked on the day it ships (handed to the carrier). Orders
still in the warehouse at the horizon are "in progress"; orders not picked within the
patience limit are cancelled.
"""

from __future__ import annotations

import math

import numpy as np
import simpy
from . import customers as cu
from . import marketing as mk
from .certification import footprint_page_shown
from .delivery import delivery_factors
from .packaging import packaging_factors
from .records import Ledger, Records
from .scenario import ACQUISITION_CHANNELS, CHANNEL_BASE, CHANNELS, Scenario, Segment
from .staff import (FATIGUE_DAYS, HEALTH_CHECK_CNY, HOURS_PER_MONTH, SOCIAL_INSURANCE_FULL,
                    SOCIAL_INSURANCE_PARTIAL, TRAINING_ERROR_SHARE, Team, quit_hazard_per_year)
from .streams import Stream

DEFER_DAYS = 30.0   # an order's experience is known within this (delivery, service contact)
ECO, PRICE, CONVENIENCE = int(Segment.ECO), int(Segment.PRICE), int(Segment.CONVENIENCE)
_MASK64 = (1 << 64) - 1
_TWO_M32 = 2.0 ** -32
FESTIVAL_DAYS = (168, 314)      # 18 June and 11 November, day 0 = 1 January
FESTIVAL_LEAD_DAYS = 5
CONVENIENCE_LATE_FACTOR = 1.5
LABEL_BONUS_FACTOR = 1.5
DEFECT_RETURN_P = 0.8
TRUST_TIME_DAYS = 60.0          # brand trust moves to its target over about two months
INQUIRY_AFTER_DAYS = 0.5
AUDIT_HALF_DAYS = 2.0           # audits' effect saturates: 1 − exp(−audits / 2)
CAPABILITY_MULTIPLIER = 2.0
AUDIT_SCANDAL_REDUCTION = 0.5


def festival_multiplier(day: int, peak: float) -> float:
    d = day % 365
    for f in FESTIVAL_DAYS:
        if d == f:
            return peak
        if f - FESTIVAL_LEAD_DAYS <= d < f:
            return 1.0 + (peak - 1.0) * 0.25
    return 1.0


def practice_score(sc: Scenario) -> float:
    """0–1: how much real ESG practice backs the shop's communication."""
    pack = {"standard": 0.0, "recycled_carton": 1.0, "degradable_mailer": 0.5,
            "reusable_box": 1.0}[sc.packaging.option]
    logi = min(1.0, 0.7 * sc.logistics.electric_share / 0.5 + 0.3 * sc.logistics.route_optimisation
               / 0.25 + (0.2 if sc.logistics.consolidated_delivery else 0.0))
    s = sc.staff
    welfare = (float(s.full_social_insurance) + min(1.0, s.paid_leave_days / 5.0)
               + float(s.training) + float(s.health_checks)) / 4.0
    audits = min(1.0, sc.suppliers.audits_per_year / 4.0) * (
        1.0 if sc.suppliers.capability_building else 0.7)
    return (pack + logi + welfare + audits) / 4.0


def communication_score(sc: Scenario) -> float:
    """0–1: ESG share of budget (against the 15% of sources.ESG_MARKETING_GOV), footprint page, "
      "green label."""
    share = min(1.0, sc.marketing.shares.esg_content / 0.15)
    return 0.5 * share + 0.25 * footprint_page_shown(sc) + 0.25 * sc.governance.green_label


def trust_target(sc: Scenario) -> float:
    """Claims earn trust only as far as practice backs them: gain × min(claims, practice)."""
    return 1.0 + sc.governance.esg_trust_gain * min(communication_score(sc), practice_score(sc))


def defect_rate(sc: Scenario) -> float:
    su = sc.suppliers
    cap = su.monitoring_max_reduction * (CAPABILITY_MULTIPLIER if su.capability_building else 1.0)
    return su.defect_rate * (1.0 - min(0.95, cap) * (1.0 - math.exp(-su.audits_per_year /
                                                                   AUDIT_HALF_DAYS)))


def scandal_rate(sc: Scenario) -> float:
    su = sc.suppliers
    eff = (1.0 - math.exp(-su.audits_per_year / AUDIT_HALF_DAYS)) * AUDIT_SCANDAL_REDUCTION
    if su.capability_building:
        eff = min(0.9, eff * 1.5)
    return su.scandal_rate_per_year * (1.0 - eff)


class _RunConstants:
    """What every shipped order reads, computed once per run from the scenario."""

    __slots__ = ("rural_share", "urban_transit", "transit_sigma", "transit_half_var",
                 "rural_extra", "weather_delay", "failed_rate", "extra_days", "promise_days",
                 "return_rate", "late_penalty", "defect_penalty", "eco_bonus", "premium_penalty",
                 "inquiry_rate")

    def __init__(self, sc: Scenario, green_weight: float, premium: float):
        lg, c = sc.logistics, sc.customers
        self.rural_share = lg.rural_share
        self.urban_transit = lg.urban_transit_days
        self.transit_sigma = lg.transit_sigma
        self.transit_half_var = 0.5 * lg.transit_sigma ** 2
        self.rural_extra = lg.rural_extra_days
        self.weather_delay = lg.weather_delay_days
        self.failed_rate = lg.failed_attempt_rate
        self.extra_days = delivery_factors(sc).extra_days
        self.promise_days = lg.promise_days
        self.return_rate = sc.shop.return_rate
        self.late_penalty = c.late_penalty_per_day
        self.defect_penalty = c.defect_penalty
        # eco-minded customers value a green parcel (more with the green-order label);
        # price-sensitive ones dislike a green premium
        self.eco_bonus = c.green_packaging_bonus * green_weight * (
            LABEL_BONUS_FACTOR if sc.governance.green_label else 1.0)
        self.premium_penalty = c.premium_penalty_per_pct * premium * 100 if premium > 0 else 0.0
        self.inquiry_rate = c.inquiry_rate


class Order:
    __slots__ = ("id", "cust", "placed", "value")

    def __init__(self, oid: int, cust: int, placed: float, value: float):
        self.id = oid
        self.cust = cust
        self.placed = placed
        self.value = value


class Contact:
    __slots__ = ("oid", "cust", "at", "sat")

    def __init__(self, oid: int, cust: int, at: float, sat: float):
        self.oid = oid
        self.cust = cust
        self.at = at
        self.sat = sat


class Shop:
    def __init__(self, sc: Scenario, streams: dict[str, Stream]):
        self.sc = sc
        self.streams = streams
        self.env = simpy.Environment()
        self.H = float(sc.run.horizon_days)
        self.days = int(sc.run.horizon_days)
        self.rec = Records()
        self.ledger = Ledger(self.days)

        # fixed per-run factors
        self.pack = packaging_factors(sc)
        self.deliv = delivery_factors(sc)
        self.defect_p = defect_rate(sc)
        self.scandal_p_day = scandal_rate(sc) / 365.0
        self.trust = 1.0
        self.trust_target = trust_target(sc)
        self.scandal_deficit = 0.0
        self._base_trust = 1.0
        self.fatigue = 0.0
        self.weather_today = False
        # Green packaging makes every parcel green; without it, the green-order label marks
        # offset orders, and eco-minded customers value them in proportion to the share of
        # emissions offset.
        self.green_weight = 1.0 if self.pack.green else (
            sc.governance.offset_share if sc.governance.green_label else 0.0)
        self.green_order = self.green_weight > 0
        self.premium = sc.shop.green_price_premium if self.pack.green else 0.0
        self.repeat = sc.customers.repurchase_enabled
        self.sat_w = sc.customers.satisfaction_weight
        self.trust_w = sc.customers.trust_weight
        self.member_mult = sc.marketing.member_frequency_multiplier
        self.rate_w = sc.customers.experience_rate_weight
        # per-run constants read on every order
        self.value_mean = sc.shop.order_value_cny
        self.value_sigma = sc.shop.order_value_sigma
        self.value_half_var = 0.5 * self.value_sigma ** 2
        self.value_rng = streams["values"]
        self.membership = sc.marketing.membership
        self.slowdown_extra = sc.staff.new_hire_slowdown - 1.0
        self.exponential_service = sc.staff.service_distribution == "exponential"
        self.service_rng = streams["service"]
        self.packing_rng = streams["packing"]
        self.delivery_rng = streams["delivery"]
        self.patience = sc.customers.cancel_after_hours / 24.0
        self.pack_minutes = sc.staff.pack_minutes
        # pickup times as fractions of a day (h / 24, as _ship_time used to compute them)
        self.pickups = [h / 24.0 for h in sc.logistics.pickup_hours]
        self.k = _RunConstants(sc, self.green_weight if self.green_order else 0.0, self.premium)
        self.service_sig2 = math.log(1.0 + sc.staff.service_cv ** 2)
        self.service_sig = math.sqrt(self.service_sig2)
        mult = sc.staff.new_hire_error_multiplier
        if sc.staff.training:
            mult = 1.0 + (mult - 1.0) * TRAINING_ERROR_SHARE
        self.err_base = sc.staff.error_rate
        self.err_extra = mult - 1.0
        spend = mk.daily_spend(sc)
        self.spend = spend
        self.adstock = {c: mk.steady_adstock(spend[c], getattr(sc.marketing.response, c).decay)
                        for c in ACQUISITION_CHANNELS}
        # CRM lifts retention relative to the reference spend the dropout parameters describe
        self.crm_logit = mk.crm_logit(sc, spend["crm"]) - mk.crm_logit(sc, mk.crm_reference_spend())
        self.orders_today = 0
        self.recent_orders = [sc.marketing.ranking_reference_orders_per_day] \
            * sc.marketing.ranking_window_days
        self.ranking = 1.0
        self.conv = mk.conversion_multiplier(sc)
        self.rates = [0.0] * (len(ACQUISITION_CHANNELS) + 1)
        self.rate_total = 0.0
        self.eco_mix = [getattr(sc.marketing.response, c).eco_mix for c in ACQUISITION_CHANNELS]
        visible = self.pack.green and (sc.governance.green_label or footprint_page_shown(sc))
        self.eco_mix.append(min(1.0, sc.customers.eco_share
                                * (1 + sc.customers.eco_visibility_boost * visible)))
        rest = 1.0 - sc.customers.eco_share
        self.price_given_not_eco = sc.customers.price_share / rest if rest > 0 else 0.0
        self.members = 0
        self.base_last: list[float] = []
        self.order_nth: list[int] = []    # per order: how many orders its customer placed before
        self.order_key = int(streams["repurchase"].rng.integers(0, 2 ** 63))
        self.base_n = 0
        self.base_inflow = 0.0
        self.ranking_by_day: list[float] = []
        self.seed_repr = None
        self.end_queue = 0
        self.end_busy = 0

        # customers: parallel lists indexed by customer id
        self.seg: list[int] = []          # Segment: ECO, PRICE, CONVENIENCE
        self.chan: list[int] = []
        self.member: list[bool] = []
        self.n_orders: list[int] = []     # orders in the horizon
        self.first_t: list[float] = []    # first order in the horizon
        self.second_t: list[float] = []
        self.last_t: list[float] = []     # last order ever (pre-horizon for the base)
        self.lam: list[float] = []        # purchase rate a day while active (BG/NBD λ)
        self.p_leave: list[float] = []    # dropout probability after a repeat order (BG/NBD p)
        self.alive: list[bool] = []
        self.mod: list[float] = []        # log-odds shift of the latest experienced order
        self.pend_u: list[float] = []     # undecided leave draw of the latest order (−1: none)
        self.pend_first: list[bool] = []
        self.last_oid: list[int] = []
        self.clock: list[tuple[float, float, float]] = []   # next purchase: start, mass, rate
        self.token: list[int] = []        # the valid next-purchase event's number
        self.deferred: list[bool] = []    # next purchase not scheduled until the experience
        self.next_oid = 0
        # the purchase calendar: next purchases due on each day, (customer, token, time)
        self.due_by_day: list[list[tuple[int, int, float]]] = [[] for _ in range(self.days)]
        self.released_day = -1

        s = sc.staff
        self.packers = Team(self, "packer", s.packers, self._pack_time, self._packed)
        self.agents = Team(self, "cs", s.cs_agents, self._cs_time, self._cs_done)
        mean_tenure = 365.0 * 1.5
        for team in (self.packers, self.agents):
            for slot in range(team.positions):
                team.hire(slot, -mean_tenure * team.rng.exponential())

    # ---------------------------------------------------------------- customers
    def _new_customer(self, seg: int, chan: int) -> int:
        cid = len(self.seg)
        self.seg.append(seg)
        self.chan.append(chan)
        self.member.append(False)
        self.n_orders.append(0)
        self.first_t.append(math.inf)
        self.second_t.append(math.inf)
        self.last_t.append(-math.inf)
        crng = self.streams["customers"]
        c = self.sc.customers
        self.lam.append(crng.gamma(c.purchase_rate_shape, 1.0 / c.purchase_rate_scale_days))
        ga = crng.gamma(c.dropout_a, 1.0)
        gb = crng.gamma(c.dropout_b, 1.0)
        self.p_leave.append(ga / (ga + gb) if ga + gb > 0 else 0.0)
        self.alive.append(True)
        self.mod.append(0.0)
        self.pend_u.append(-1.0)
        self.pend_first.append(False)
        self.last_oid.append(-1)
        self.clock.append((0.0, 0.0, 0.0))
        self.token.append(0)
        self.deferred.append(False)
        return cid

    def _draw_segment(self, eco_p: float) -> int:
        u = self.streams["segments"].uniform()
        if u < eco_p:
            return ECO
        u = (u - eco_p) / (1.0 - eco_p) if eco_p < 1 else 0.0
        return PRICE if u < self.price_given_not_eco else CONVENIENCE

    def _seed_base(self) -> None:
        """Past buyers from the customer process's own steady state (``customers.py``); each
        one still active places its next order after an exponential wait (memoryless)."""
        sc = self.sc
        if sc.customers.initial_customers == 0:
            return
        rng = self.streams["base"].rng
        past = cu.draw_past_buyers(rng, sc)
        n = len(past.lam)
        self.base_n = n
        self.base_inflow = past.inflow_per_day
        self.base_last = past.last.tolist()
        c = sc.customers
        eco, price = c.eco_share, c.price_share
        seg_u = rng.random(n)
        segs = np.where(seg_u < eco, ECO, np.where(seg_u < eco + price, PRICE, CONVENIENCE))
        first = len(self.seg)
        self.seg.extend(segs.tolist())
        self.chan.extend([CHANNEL_BASE] * n)
        self.member.extend([False] * n)
        self.n_orders.extend([0] * n)
        self.first_t.extend([math.inf] * n)
        self.second_t.extend([math.inf] * n)
        self.last_t.extend(self.base_last)
        self.lam.extend(past.lam.tolist())
        self.p_leave.extend(past.p.tolist())
        self.alive.extend(past.alive.tolist())
        self.mod.extend([0.0] * n)
        self.pend_u.extend([-1.0] * n)
        self.pend_first.extend([False] * n)
        self.last_oid.extend([-1] * n)
        self.clock.extend([(0.0, 0.0, 0.0)] * n)
        self.token.extend([0] * n)
        self.deferred.extend([False] * n)
        if not self.repeat:
            return
        mass = rng.standard_exponential(n)
        t_next = mass / past.lam
        alive = np.flatnonzero(past.alive)
        for j, m, lam in zip((alive + first).tolist(), mass[alive].tolist(),
                             past.lam[alive].tolist(), strict=True):
            self.clock[j] = (0.0, m, lam)
        # each one's first purchase in the horizon, into the calendar (as _schedule_order)
        due = t_next[alive]
        soon = due < self.H
        cids, due = (alive[soon] + first).tolist(), due[soon]
        days = due.astype(np.int64).tolist()
        for cid, t, day in zip(cids, due.tolist(), days, strict=True):
            self.token[cid] = 1
            self.due_by_day[day].append((cid, 1, t))

    def per_order_uniforms(self, cid: int, nth: int, salt: int, _mask: int = _MASK64,
                           _scale: float = _TWO_M32) -> tuple[float, float]:
        """Two uniform numbers in [0, 1) (32 bits each) fixed by the run's seed, the customer,
        her order number and ``salt`` (a splitmix64 hash): the same customer's n-th order gets
        the same draws whatever else happens in the run. (The key is below 2**63 and a
        customer id below 2**40, so the mixed key is already 64 bits.)"""
        x = ((self.order_key ^ (cid << 24) ^ (nth << 4) ^ salt) + 0x9E3779B97F4A7C15) & _mask
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _mask
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _mask
        x ^= x >> 31
        return (x >> 32) * _scale, (x & 0xFFFFFFFF) * _scale

    def _schedule_order(self, cid: int, delay: float) -> None:
        """The customer's next purchase falls due after ``delay`` days. A due time on a day
        still to come waits in that day's list of the purchase calendar and becomes an event
        when the day starts (``_release_due``), unless it has moved by then: the event queue
        holds one day's purchases rather than every customer's next one."""
        token = self.token[cid] = self.token[cid] + 1
        due = self.env.now + delay
        day = int(due)
        if day >= self.days:
            return                      # at the horizon (rounding): never happens in the run
        if day > self.released_day:
            self.due_by_day[day].append((cid, token, due))
            return
        ev = self.env.timeout(delay)
        ev.callbacks.append(lambda _e, c=cid, k=token: self._repeat(c, k))

    def _release_due(self, day: int) -> None:
        """Day ``day`` starts: its purchases still due become events."""
        self.released_day = day
        env, token, now = self.env, self.token, self.env.now
        for cid, k, due in self.due_by_day[day]:
            if k == token[cid]:
                ev = env.timeout(due - now)
                ev.callbacks.append(lambda _e, c=cid, k=k: self._repeat(c, k))
        self.due_by_day[day] = []

    def _rate(self, cid: int, m: float) -> float:
        """The customer's purchase rate after an experience ``m``: her own λ, faster for
        members, × exp(κ·m) (κ = customers.experience_rate_weight)."""
        lam = self.lam[cid] * (self.member_mult if self.member[cid] else 1.0)
        return lam * math.exp(self.rate_w * m) if m else lam

    def _start_clock(self, cid: int, mass: float, defer: bool = False) -> None:
        """The next purchase falls due when the customer's rate, integrated from now, reaches
        ``mass`` (a unit exponential drawn at her last order): a change of rate (her latest
        order's experience) moves the due time instead of redrawing it. With ``defer`` (at an
        order), a due time more than ``DEFER_DAYS`` away is not scheduled yet: the order's
        experience, known well before then, sets the rate and schedules it once."""
        now = self.env.now
        m = self.mod[cid]      # the rate as in _rate, inlined (called twice an order)
        lam = self.lam[cid] * (self.member_mult if self.member[cid] else 1.0)
        rate = lam * math.exp(self.rate_w * m) if m else lam
        self.clock[cid] = (now, mass, rate)
        t = now + mass / rate if rate > 0 else math.inf
        if defer and t > now + DEFER_DAYS:
            self.token[cid] += 1        # any event still pending is superseded
            self.deferred[cid] = True
        elif t < self.H:
            self._schedule_order(cid, t - now)
        else:
            self.token[cid] += 1

    def _restart_clock(self, cid: int) -> None:
        """The latest order's experience is known: move the due time to the new rate."""
        t0, mass, rate = self.clock[cid]
        now = self.env.now
        left = mass - (now - t0) * rate
        deferred = self.deferred[cid]
        self.deferred[cid] = False
        new = self._rate(cid, self.mod[cid])
        if left <= 0:
            if deferred:                # overdue while unscheduled (an order stuck for weeks)
                self._schedule_order(cid, 0.0)
            return
        if not deferred:
            if new == rate:
                return
            if new < rate and t0 + mass / rate >= self.H:
                # slower and already due after the horizon: later still, no event to move
                self.clock[cid] = (now, left, new)
                return
        self._start_clock(cid, left)

    def _repeat(self, cid: int, token: int) -> None:
        """A customer's next purchase falls due: if the previous order's stay-or-leave is
        still undecided (its experience not yet known), decide it now on what is known."""
        if token != self.token[cid]:
            return                      # superseded: the due time moved
        if self.pend_u[cid] >= 0.0:
            self._decide(cid, self.mod[cid])
        if self.alive[cid]:
            self._place(cid)

    def _decide(self, cid: int, m: float) -> None:
        u = self.pend_u[cid]
        self.pend_u[cid] = -1.0
        if u < cu.leave_probability(self.p_leave[cid], m, self.pend_first[cid]):
            self.alive[cid] = False
            self.rec.dropout(cid, self.env.now)

    def _place(self, cid: int) -> None:
        now = self.env.now
        value = self.value_mean * math.exp(self.value_sigma * self.value_rng.normal()
                                           - self.value_half_var)
        if self.green_order and self.premium > 0:
            value *= 1.0 + self.premium
        oid = self.next_oid
        self.next_oid += 1
        self.orders_today += 1
        n = self.n_orders[cid]          # orders she placed before this one
        self.order_nth.append(n)
        if self.membership and not self.member[cid]:
            if self.streams["membership"].uniform() < self.sc.marketing.member_join_rate:
                self.member[cid] = True
                self.members += 1
        if n == 0:
            self.first_t[cid] = now
        elif n == 1:
            self.second_t[cid] = now
        self.n_orders[cid] = n + 1
        self.last_t[cid] = now
        if self.repeat:
            # BG/NBD: the next purchase after an exponential wait at the customer's own rate;
            # whether the customer leaves after this order is drawn now and decided when the
            # order's experience is known
            # drawn by customer and order number (common random numbers across scenarios)
            stay_u, mass_u = self.per_order_uniforms(cid, n, 2)
            self.pend_u[cid] = stay_u
            self.pend_first[cid] = n == 0 and self.chan[cid] != CHANNEL_BASE
            self.last_oid[cid] = oid
            self._start_clock(cid, -math.log1p(-mass_u), defer=True)
        self.rec.placed.append((oid, cid, now))
        self.packers.put(Order(oid, cid, now, value))

    def _arrivals(self):
        """New customers: a Poisson process with a rate that is constant within each day,
        simulated by a time change. The k-th arrival happens when the integrated rate reaches
        E_1 + ... + E_k (unit exponentials from the arrivals stream), so the k-th arrival
        uses the same draws in every scenario and a lever that changes the rate shifts
        arrival times instead of reshuffling them (common random numbers)."""
        env = self.env
        rng = self.streams["arrivals"]
        seg_rng = self.streams["segments"]
        mass = rng.exponential()            # integrated rate still to go until the next arrival
        while True:
            now = env.now
            day_end = math.floor(now) + 1.0
            rate = self.rate_total
            if rate * (day_end - now) <= mass:  # no arrival before midnight
                mass -= rate * (day_end - now)
                yield env.timeout(day_end - now)
                continue
            yield env.timeout(mass / rate)
            mass = rng.exponential()
            u = seg_rng.uniform() * self.rate_total
            chan = 0
            acc = self.rates[0]
            while u >= acc and chan < len(self.rates) - 1:
                chan += 1
                acc += self.rates[chan]
            seg = self._draw_segment(self.eco_mix[chan])
            cid = self._new_customer(seg, chan)
            self.rec.customer_acquired(chan)
            self._place(cid)

    # ---------------------------------------------------------------- fulfilment
    def _service_days(self, minutes: float, e, team: Team, rng: Stream) -> float:
        experience = 1.0 - math.exp(-(self.env.now - e.hired_at) / team.ramp)
        mean = minutes / 1440.0 * (1.0 + self.slowdown_extra * (1.0 - experience))
        if self.exponential_service:
            return mean * rng.exponential()
        if self.service_sig2 == 0:
            return mean
        sig2 = self.service_sig2
        return mean * math.exp(self.service_sig * rng.normal() - 0.5 * sig2)

    def _pack_time(self, order: Order, e) -> float | None:
        patience = self.patience
        if patience > 0 and self.env.now - order.placed > patience:
            self.rec.order_cancelled(order.id, order.placed + patience, self.env.now)
            self._unserved(order)
            return None
        return self._service_days(self.pack_minutes, e, self.packers, self.packing_rng)

    def _ship_time(self, t: float) -> float:
        """The carrier's next pickup at or after ``t``."""
        day = math.floor(t)
        for h in self.pickups:
            if t <= day + h:
                return day + h
        return day + 1.0 + self.pickups[0]

    def _packed(self, order: Order, e, start: float) -> None:
        now = self.env.now
        experience = 1.0 - math.exp(-(now - e.hired_at) / self.packers.ramp)
        p_err = self.err_base * (1.0 + self.err_extra * (1.0 - experience))
        wrong = self.packing_rng.uniform() < p_err
        ship = self._ship_time(now)
        rec = self.rec
        rec.packed.append((order.id, start, now, ship))
        if ship > self.H:
            return   # still in the warehouse at the horizon: in progress
        day = int(ship)
        drng = self.delivery_rng
        k = self.k
        rural = drng.uniform() < k.rural_share
        transit = k.urban_transit * math.exp(k.transit_sigma * drng.normal() - k.transit_half_var)
        if rural:
            transit += k.rural_extra
        if self.weather_days[day]:          # day <= horizon: the list has horizon + 1 days
            transit += k.weather_delay
        failed = drng.uniform() < k.failed_rate
        if failed:
            transit += 1.0
        transit += k.extra_days
        delivered = ship + transit
        late_days = max(0.0, delivered - order.placed - k.promise_days)
        # the n-th order of a customer draws the same numbers in every scenario (common random
        # numbers by customer and order, not by the order in which orders happen to ship)
        defect_u, ret_u = self.per_order_uniforms(order.cust, self.order_nth[order.id], 1)
        defect = defect_u < self.defect_p
        returned = (defect and ret_u < DEFECT_RETURN_P) or (not defect and not wrong
                                                             and ret_u < k.return_rate)

        # ---- experience
        seg = self.seg[order.cust]
        sat = cu.SAT_BASE
        if late_days > 0:
            sat -= k.late_penalty * late_days * (CONVENIENCE_LATE_FACTOR if seg == CONVENIENCE else 1.0)
        if defect or wrong:
            sat -= k.defect_penalty
        if seg == ECO:
            sat += k.eco_bonus
        elif seg == PRICE:
            sat -= k.premium_penalty
        inquiry = self.service_rng.uniform() < k.inquiry_rate     # drawn for every order (CRN)
        contact = late_days > 0 or defect or wrong or inquiry
        rec.shipped.append((order.id, ship, delivered, late_days == 0, defect, wrong,
                            returned, rural, failed, order.value))
        if contact:
            at = delivered if (late_days > 0 or defect or wrong) else order.placed + INQUIRY_AFTER_DAYS
            at = max(at, now)
            job = Contact(order.id, order.cust, at, sat)
            if at <= self.H:
                ev = self.env.timeout(at - now)
                ev.callbacks.append(lambda _e, j=job: self.agents.put(j))
            else:
                self._experience(order.cust, order.id, sat, delivered)
        else:
            self._experience(order.cust, order.id, sat, delivered)

    def _cs_time(self, job: Contact, e) -> float:
        return self._service_days(self.sc.staff.cs_minutes, e, self.agents,
                                  self.streams["service"])

    def _cs_done(self, job: Contact, e, start: float) -> None:
        wait_h = (start - job.at) * 24.0
        self.rec.contact(job.at, start, self.env.now)
        sat = job.sat - self.sc.customers.cs_wait_penalty_per_hour * wait_h
        self._experience(job.cust, job.oid, sat, max(self.env.now, job.at))

    def _unserved(self, order: Order) -> None:
        """A cancelled order is the worst experience (satisfaction 0) for staying or leaving;
        it has no satisfaction score of its own."""
        if self.repeat:
            m = self.sat_w * (0.0 - cu.SAT_REFERENCE) + self.trust_w * (self.trust - 1.0) \
                + self.crm_logit
            self.mod[order.cust] = m
            if order.id == self.last_oid[order.cust]:
                if self.pend_u[order.cust] >= 0.0:
                    self._decide(order.cust, m)
                if self.alive[order.cust]:
                    self._restart_clock(order.cust)

    def _experience(self, cid: int, oid: int, sat: float, when: float) -> None:
        """The order's experience shifts the log-odds of the customer leaving after it."""
        sat = 1.0 if sat > 1.0 else (0.0 if sat < 0.0 else sat)
        self.rec.sat.append((oid, sat))
        if not self.repeat:
            return
        m = (self.sat_w * (sat - cu.SAT_REFERENCE) + self.trust_w * (self.trust - 1.0)
             + self.crm_logit)
        self.mod[cid] = m
        if oid == self.last_oid[cid]:
            if self.pend_u[cid] >= 0.0:
                self._decide(cid, m)
            if self.alive[cid]:
                self._restart_clock(cid)

    # ---------------------------------------------------------------- daily process
    def _update_rates(self, day: int) -> None:
        sc = self.sc
        fest = festival_multiplier(day, sc.marketing.festival_multiplier) \
            if sc.marketing.festivals else 1.0
        scale = self.trust * fest
        for i, ch in enumerate(ACQUISITION_CHANNELS):
            r = getattr(sc.marketing.response, ch)
            a = self.adstock[ch] = self.spend[ch] + r.decay * self.adstock[ch]
            self.rates[i] = (r.max_new_per_day * float(mk.hill(a, r.half_saturation_cny_per_day,
                                                               r.shape)) * self.conv * scale)
        # platform ranking: organic traffic follows the last window's daily orders
        if day > 0:
            self.recent_orders.append(self.orders_today)
            self.orders_today = 0
            del self.recent_orders[0]
        self.ranking = mk.ranking_factor(sc, sum(self.recent_orders) / len(self.recent_orders))
        self.ranking_by_day.append(self.ranking)
        self.rates[-1] = sc.customers.organic_new_per_day * scale * self.ranking
        self.rate_total = sum(self.rates)

    def _day(self):
        env = self.env
        sc = self.sc
        s = sc.staff
        inc = self.streams["incidents"]
        si = SOCIAL_INSURANCE_FULL if s.full_social_insurance else SOCIAL_INSURANCE_PARTIAL
        wage_day = s.wage_cny_per_month * 12.0 / 365.0 * (1.0 + si)
        ot_day = (s.overtime_hours_per_day * s.wage_cny_per_month / HOURS_PER_MONTH * 1.5
                  if s.overtime_paid else 0.0)
        # the full training cost is a staff cost; the training subsidy is booked apart
        welfare_day = ((HEALTH_CHECK_CNY if s.health_checks else 0.0)
                       + (s.training_cost_per_person_year_cny if s.training else 0.0)) / 365.0
        training_subsidy_day = (-sc.policy.training_subsidy * s.training_cost_per_person_year_cny
                                / 365.0 if s.training else 0.0)
        # public funding of the community channel: in self.spend (marketing.daily_spend), and
        # paid back in full as a subsidy
        community_subsidy_day = -mk.community_funding_per_day(sc)
        su = sc.suppliers
        audits_day = su.audits_per_year * su.auditor_days_per_audit * su.cost_per_auditor_day_cny / 365
        esg_day = ((su.capability_cost_cny_per_year if su.capability_building else 0.0)
                   + (sc.governance.data_platform_cost_cny_per_year
                      if sc.governance.data_platform else 0.0)) / 365.0
        fat_decay = math.exp(-1.0 / FATIGUE_DAYS)
        overheads_day = sc.shop.overheads_cny_per_month * 12.0 / 365.0
        L = self.ledger
        for day in range(self.days):
            self._release_due(day)
            # brand trust: towards its target, minus any scandal deficit that fades
            self.scandal_deficit *= math.exp(-1.0 / sc.suppliers.scandal_recovery_days)
            if inc.uniform() < self.scandal_p_day:
                self.scandal_deficit += sc.suppliers.scandal_trust_drop
                self.rec.scandal(day)
            self._base_trust += (self.trust_target - self._base_trust) / TRUST_TIME_DAYS
            self.trust = max(0.05, self._base_trust - self.scandal_deficit)
            self._update_rates(day)
            for ch in CHANNELS:
                L.add("marketing", day, self.spend[ch])
                L.add(f"marketing_{ch}", day, self.spend[ch])
            L.add("membership", day, self.members * sc.marketing.member_cost_cny_per_year / 365)
            # staff: fatigue, quits, wages. Whoever is employed at the start of the day is
            # paid for it (a quitter for the last day, a new hire from the next day).
            self.fatigue = self.fatigue * fat_decay + s.overtime_hours_per_day * (1 - fat_decay)
            h = quit_hazard_per_year(sc, self.fatigue)
            p_quit = 1.0 - math.exp(-h / 365.0)
            heads = {}
            for team in (self.packers, self.agents):
                # one draw per position every day, filled or not, from the team's own stream:
                # a vacancy or another team's size never shifts the draws (common random
                # numbers)
                draws = [team.rng.uniform() for _ in range(team.positions)]
                active = [e for e in team.members if not e.quit]
                heads[team.role] = len(active)
                for e in active:
                    if draws[e.slot] < p_quit:
                        team.leave(e)
                        self.rec.quit(day, team.role)
                        env.process(self._hire(team, e.slot))
            L.add("wages", day, sum(heads.values()) * (wage_day + ot_day + welfare_day))
            if training_subsidy_day:
                L.add("subsidy_training", day, sum(heads.values()) * training_subsidy_day)
            if community_subsidy_day:
                L.add("subsidy_community", day, community_subsidy_day)
            L.add("overheads", day, overheads_day)
            L.add("audits", day, audits_day)
            L.add("esg_programmes", day, esg_day)
            self.rec.day_state(day, heads["packer"], heads["cs"],
                               len(self.packers.queue), self.trust,
                               self.weather_days[day])
            yield env.timeout(1.0)

    def _hire(self, team: Team, slot: int):
        s = self.sc.staff
        delay = s.hiring_delay_days * team.rng.gamma(4.0, 0.25) if s.hiring_delay_days > 0 \
            else 0.0
        yield self.env.timeout(delay)
        if self.env.now >= self.H:
            return
        team.hire(slot, self.env.now)
        day = int(self.env.now)
        cost = s.hiring_cost_cny + (s.training_cost_per_hire_cny if s.training else 0.0)
        self.ledger.add("hiring_training", day, cost)
        if s.training and self.sc.policy.training_subsidy:
            self.ledger.add("subsidy_training", day,
                            -self.sc.policy.training_subsidy * s.training_cost_per_hire_cny)
        self.rec.hire(day, team.role)

    def _monitor(self, interval: float):
        env = self.env
        while True:
            self.rec.occupancy(env.now, len(self.packers.queue), self.packers.busy)
            yield env.timeout(interval)

    # ---------------------------------------------------------------- run
    def run(self) -> None:
        sc = self.sc
        w = self.streams["weather"].rng
        self.weather_days = (w.random(self.days + 1) < sc.logistics.weather_days_per_year / 365.0
                             ).tolist()
        self._seed_base()
        self.env.process(self._day())
        self.env.process(self._arrivals())
        if sc.run.monitor_interval_hours > 0:
            self.env.process(self._monitor(sc.run.monitor_interval_hours / 24.0))
        self.env.run(until=self.H)
        # orders still queued at the horizon past the customer's patience were cancelled
        patience = sc.customers.cancel_after_hours / 24.0
        waiting = 0
        for order in self.packers.queue:
            if patience > 0 and self.H - order.placed > patience:
                self.rec.order_cancelled(order.id, order.placed + patience, math.nan)
            else:
                waiting += 1
        self.end_queue = waiting
        self.end_busy = self.packers.busy

    def close(self) -> None:
        """Let go of everything the run holds once its records have been read. The event
        queue's callbacks and the staff's processes point back to the shop, so without this
        the run's million small objects wait for a cyclic garbage collection (about a fifth
        of a replication's time) instead of being freed at once."""
        for team in (self.packers, self.agents):
            team.__dict__.clear()
        self.__dict__.clear()
