"""Configurations whose answers are known from theory, for the validation tests.

``mmc_scenario`` reduces the pick/pack stage to an M/M/c queue: Poisson order arrivals at a
fixed rate (organic new customers only, no marketing, no festivals, no platform ranking, no
repurchase, constant trust), exponential service, a fixed number of packers working round the clock with no
learning curve, no quits, no leave and no cancellations.
"""

from __future__ import annotations

import math

from .scenario import Scenario


def erlang_c_wait_hours(arrival_rate_per_hour: float, service_rate_per_hour: float,
                        servers: int) -> float:
    """Mean wait before service, Wq, of an M/M/c queue (hours), by the Erlang C formula."""
    lam, mu, c = arrival_rate_per_hour, service_rate_per_hour, int(servers)
    a = lam / mu
    rho = a / c
    if rho >= 1:
        return math.inf
    # Erlang B by the stable recursion, then C = B / (1 − ρ(1 − B))
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    p_wait = b / (1.0 - rho * (1.0 - b))
    return p_wait / (c * mu - lam)


def mmc_scenario(arrival_rate_per_hour: float, service_rate_per_hour: float, servers: int,
                 horizon_days: int = 60, warmup_days: float = 5.0,
                 monitor_interval_hours: float = 0.25) -> Scenario:
    """A scenario whose pick/pack stage is an M/M/c queue (see the module docstring)."""
    if servers < 1:
        raise ValueError("servers must be at least 1")
    return Scenario().with_changes({
        "customers.initial_customers": 0,
        "customers.repurchase_enabled": False,
        "customers.organic_new_per_day": arrival_rate_per_hour * 24.0,
        "customers.cancel_after_hours": 0,
        "marketing.monthly_budget_cny": 0,
        "marketing.festivals": False,
        "marketing.ranking_elasticity": 0,
        "governance.esg_trust_gain": 0,
        "suppliers.scandal_rate_per_year": 0,
        "staff.packers": int(servers),
        "staff.shift_hours": 24,
        "staff.overtime_hours_per_day": 0,
        "staff.paid_leave_days": 0,
        "staff.service_distribution": "exponential",
        "staff.pack_minutes": 60.0 / service_rate_per_hour,
        "staff.new_hire_slowdown": 1.0,
        "staff.base_quit_rate_per_year": 0,
        "run.horizon_days": int(horizon_days),
        "run.warmup_days": float(warmup_days),
        "run.monitor_interval_hours": float(monitor_interval_hours),
    })


def bgnbd_scenario(r: float, alpha: float, a: float, b: float, customers: int,
                   horizon_days: int) -> Scenario:
    """A scenario whose customers follow BG/NBD exactly: a cohort of ``customers`` first
    buyers at day 0 (λ ~ Gamma(r, rate ``alpha`` in days), p ~ Beta(a, b)) and nothing else
    acting on them: no new customers, no experience, trust, CRM or membership effects on
    leaving or buying. Their repeat purchases are the orders placed in (0, horizon]."""
    return Scenario().with_changes({
        "customers.initial_customers": int(customers),
        "customers.initial_state": "new_cohort",
        "customers.purchase_rate_shape": float(r),
        "customers.purchase_rate_scale_days": float(alpha),
        "customers.dropout_a": float(a),
        "customers.dropout_b": float(b),
        "customers.organic_new_per_day": 0,
        "customers.satisfaction_weight": 0,
        "customers.trust_weight": 0,
        "customers.experience_rate_weight": 0,
        "marketing.monthly_budget_cny": 0,
        "marketing.crm_max_logit": 0,
        "marketing.ranking_elasticity": 0,
        "marketing.membership": False,
        "marketing.festivals": False,
        "governance.esg_trust_gain": 0,
        "suppliers.scandal_rate_per_year": 0,
        "run.horizon_days": int(horizon_days),
        "run.monitor_interval_hours": 0,
    })


def bgnbd_expected_repeats(r: float, alpha: float, a: float, b: float, t: float) -> float:
    """E[X(t)], the mean number of repeat purchases in (0, t] of a BG/NBD customer whose
    first purchase is at 0 (Fader, Hardie & Lee 2005, eq. 9; ``alpha`` and ``t`` in days)."""
    from .realdata import bgnbd_expected_repeats as expected

    return float(expected(r, alpha, a, b, t))
