"""Fixed timings give exact event logs (SimPy's own testing style).

A shop with no customers of its own: orders are injected at chosen times, one packer with a
deterministic 60-minute service, a 09:00–17:00 shift without overtime, a 17:00 pickup. Every
start, finish and ship time can be worked out by hand.
"""

from __future__ import annotations

import math

import pytest

from simulation import Scenario
from simulation.shop import Shop
from simulation.streams import make_streams

H = 1 / 24  # an hour, in days


def quiet(**changes) -> Scenario:
    base = {
        "customers.initial_customers": 0, "customers.organic_new_per_day": 0,
        "customers.repurchase_enabled": False, "customers.cancel_after_hours": 0,
        "marketing.monthly_budget_cny": 0, "marketing.festivals": False,
        "staff.packers": 1, "staff.shift_start_hour": 9, "staff.shift_hours": 8,
        "staff.overtime_hours_per_day": 0, "staff.pack_minutes": 60, "staff.service_cv": 0,
        "staff.new_hire_slowdown": 1, "staff.base_quit_rate_per_year": 0,
        "staff.error_rate": 0, "suppliers.scandal_rate_per_year": 0,
        "run.horizon_days": 5, "run.monitor_interval_hours": 0,
    }
    base.update(changes)
    return Scenario().with_changes(base)


def run_with_orders(sc: Scenario, times_h: list[float]) -> Shop:
    shop = Shop(sc, make_streams(0))
    for t in times_h:
        cid = shop._new_customer(0, 5)
        shop._schedule_order(cid, t * H)
    shop.run()
    return shop


def log(shop: Shop) -> list[tuple[float, float, float]]:
    """(start, finish, ship) in hours from time 0, in order id order."""
    return [tuple(round(x / H, 6) for x in row[1:]) for row in sorted(shop.rec.packed)]


def test_orders_wait_for_the_shift_and_ship_at_the_pickup():
    shop = run_with_orders(quiet(), [8.0, 8.5, 16.5, 16.75, 23.0])
    assert log(shop) == [
        (9.0, 10.0, 17.0),      # waits for the 09:00 shift
        (10.0, 11.0, 17.0),     # queues behind the first order
        (16.5, 17.5, 41.0),     # started before 17:00, finished after it: ships next day
        (33.0, 34.0, 41.0),     # arrived 16:45 while the packer was busy; shift over
        (34.0, 35.0, 41.0),     # FIFO behind it
    ]


def test_overtime_extends_the_shift():
    shop = run_with_orders(quiet(**{"staff.overtime_hours_per_day": 2}), [16.75, 17.0])
    assert log(shop) == [(16.75, 17.75, 41.0), (17.75, 18.75, 41.0)]


def test_two_pickups_a_day():
    shop = run_with_orders(quiet(**{"logistics.pickup_hours": [12, 17]}), [8.0, 10.5, 11.5])
    assert log(shop) == [(9.0, 10.0, 12.0), (10.5, 11.5, 12.0), (11.5, 12.5, 17.0)]


def test_two_packers_serve_in_parallel():
    shop = run_with_orders(quiet(**{"staff.packers": 2}), [8.0, 8.0, 8.0])
    assert log(shop) == [(9.0, 10.0, 17.0), (9.0, 10.0, 17.0), (10.0, 11.0, 17.0)]


def test_a_shift_that_ends_after_midnight():
    # 20:00 to 04:00: an order at 02:00 on day 1 is served in the shift that began on day 0;
    # an order at 05:00 waits for 20:00
    shop = run_with_orders(quiet(**{"staff.shift_start_hour": 20}), [26.0, 29.0])
    assert log(shop) == [(26.0, 27.0, 41.0), (44.0, 45.0, 65.0)]


def test_orders_not_picked_in_time_are_cancelled():
    shop = run_with_orders(quiet(**{"customers.cancel_after_hours": 2}), [16.5, 16.75, 17.0])
    # the first is picked at 16:30; the others wait overnight, past their 2-hour patience
    assert log(shop) == [(16.5, 17.5, 41.0)]
    assert sorted(round(t / H, 6) for _, t, _ in shop.rec.cancelled) == [18.75, 19.0]
    # they leave the queue when the packer reaches them at 09:00
    assert sorted(round(r / H, 6) for _, _, r in shop.rec.cancelled) == [33.0, 33.0]


def test_learning_curve_slows_a_new_hire():
    sc = quiet(**{"staff.new_hire_slowdown": 2.0, "staff.ramp_days": 30})
    shop = Shop(sc, make_streams(0))
    shop.packers.members[0].hired_at = 0.0          # a brand-new hire at time 0
    cid = shop._new_customer(0, 5)
    shop._schedule_order(cid, 9 * H)
    shop.run()
    _, start, finish, _ = shop.rec.packed[0]
    experience = 1 - math.exp(-start / 30)          # at the start of service
    assert (finish - start) / H == pytest.approx(1.0 * (1 + (2.0 - 1) * (1 - experience)),
                                                 rel=1e-12)


def test_staff_go_home_at_the_end_of_every_shift():
    # an order at 20:00 waits for 09:00 the next morning on every day, not only the first
    # (shift ends are computed from whole days, never accumulated)
    times = [10.0 + 24 * d for d in range(4)] + [20.0 + 24 * d for d in range(4)]
    shop = run_with_orders(quiet(), sorted(times))
    evening = [row for row in log(shop) if row[0] % 24 not in (10.0,)]
    assert [s for s, _, _ in evening] == [33.0, 57.0, 81.0, 105.0]


def test_a_night_shift_already_running_at_time_zero():
    # 20:00 to 04:00: at 01:00 on day 0 the shift that began the evening before is on
    shop = run_with_orders(quiet(**{"staff.shift_start_hour": 20}), [1.0])
    assert log(shop) == [(1.0, 2.0, 17.0)]


def test_round_the_clock_staff_take_their_paid_leave():
    sc = quiet(**{"staff.shift_hours": 24, "staff.paid_leave_days": 20, "run.horizon_days": 365})
    shop = Shop(sc, make_streams(3))
    table = shop.packers.leave_table
    day_off = next(d for d in range(365) if table[d + 1][0])
    cid = shop._new_customer(0, 5)
    shop._schedule_order(cid, day_off + 0.5)      # noon on a day off
    shop.run()
    start = shop.rec.packed[0][1]
    nxt = next(d for d in range(day_off + 1, 366) if not table[d + 1][0])
    assert start == pytest.approx(nxt)            # served at midnight after the leave


def test_shift_plus_overtime_longer_than_a_day_is_refused():
    from simulation.loader import ScenarioError

    with pytest.raises(ScenarioError, match="shift_hours \\+ staff.overtime_hours_per_day"):
        quiet(**{"staff.shift_hours": 22, "staff.overtime_hours_per_day": 3})
