"""The customer process against BG/NBD theory, and KPIs that keep their meaning over time.

* BG/NBD closed form: :func:`simulation.validation.bgnbd_scenario` leaves a cohort of first
  buyers with nothing acting on them, so their mean number of repeat purchases in (0, t]
  must equal E[X(t)] of Fader, Hardie & Lee (2005), at several settings.
* Steady state: past buyers are drawn from the process's own steady state, so the active
  customers of the first month match those of months 5–6 (no warm-up bias).
* Horizon: annualised staff turnover and repeat purchase within 365 days of a first order
  are the same figure over 730 days as over 365.
"""

from __future__ import annotations

import math

import numpy as np

from ..engine import simulate
from ..streams import replication_seeds
from ..validation import bgnbd_expected_repeats, bgnbd_scenario
from . import runs
from .checks import Check, band, mean_se, register, statistical
from .queueing import _map

CATEGORY = "customers"
# name, r, α (days), a, b, t (days)
BGNBD_SETTINGS = (
    ("cdnow_fit", 0.243, 30.9, 0.793, 2.426, 365),    # Fader, Hardie & Lee 2005 (weeks × 7)
    ("baseline", None, None, None, None, 365),         # the model's defaults
    ("homogeneous_short", 2.0, 60.0, 2.0, 3.0, 120),   # little heterogeneity, short horizon
)
BGNBD_CUSTOMERS = {True: 6000, False: 20000}
STEADY_BAND = (0.90, 1.10)
HORIZON_BAND = (0.80, 1.20)
SEED = 271828


def _repeats(r, alpha, a, b, t, customers, seed) -> np.ndarray:
    res = simulate(bgnbd_scenario(r, alpha, a, b, customers, t), seed)
    return np.bincount(res.orders["customer"].to_numpy(), minlength=customers)


@register(CATEGORY)
def bgnbd_closed_form(quick: bool) -> list[Check]:
    from ..scenario import Scenario

    c = Scenario().customers
    n = BGNBD_CUSTOMERS[quick]
    jobs = []
    for name, r, alpha, a, b, t in BGNBD_SETTINGS:
        if name == "baseline":
            r, alpha, a, b = (c.purchase_rate_shape, c.purchase_rate_scale_days, c.dropout_a,
                              c.dropout_b)
        jobs.append((name, r, alpha, a, b, t))
    seeds = replication_seeds(SEED, len(jobs))
    counts = _map(_repeats, [(r, alpha, a, b, t, n, s)
                             for (_n, r, alpha, a, b, t), s in zip(jobs, seeds, strict=True)])
    out = []
    for (name, r, alpha, a, b, t), x in zip(jobs, counts, strict=True):
        m, se = float(x.mean()), float(x.std(ddof=1) / math.sqrt(len(x)))
        out.append(statistical(
            f"bgnbd.expected_repeats.{name}", CATEGORY,
            f"BG/NBD E[X(t)] closed form (Fader, Hardie & Lee 2005, eq. 9), r={r:g}, "
            f"α={alpha:g} days, a={a:g}, b={b:g}, t={t} days",
            bgnbd_expected_repeats(r, alpha, a, b, t), m, se,
            detail=f"{len(x):,} first buyers at day 0; SE from the spread over customers"))
    return out


@register(CATEGORY)
def steady_state(quick: bool) -> list[Check]:
    _kpis, daily = runs.baseline(quick)
    ratios = [float(d["active_customers"].iloc[:30].mean()
                    / d["active_customers"].iloc[120:180].mean()) for d in daily]
    m, se = mean_se(ratios)
    return [band("steady_state.active_customers_month1_vs_months5_6", CATEGORY,
                 "past buyers drawn from the customer process's steady state: active customers "
                 "(an order in the last 180 days) in the first month over months 5–6",
                 *STEADY_BAND, m, se, detail=f"{len(ratios)} baseline replications")]


@register(CATEGORY)
def horizon_stability(quick: bool) -> list[Check]:
    kpis, _daily = runs.baseline(quick)
    long = runs.long_baseline(quick)
    r365, se365 = mean_se(kpis["repeat_purchase_rate"])
    r730, se730 = mean_se([k["repeat_purchase_rate"] for k, _ in long])
    if not math.isfinite(se730):
        se730 = se365 * math.sqrt(len(kpis))       # one replication: a 365-day run's spread
    ratio = r730 / r365
    ratio_se = ratio * math.hypot(se365 / r365, se730 / r730)
    t365 = runs.staff_turnover(quick, 365)
    t730 = runs.staff_turnover(quick, 730)
    a, sa = mean_se(t365)
    b, sb = mean_se(t730)
    t_ratio = b / a
    t_se = t_ratio * math.hypot(sa / a, sb / b)
    return [
        band("horizon.repeat_purchase_730_over_365", CATEGORY,
             "repeat purchase within 365 days of a first order (Kaplan–Meier over new "
             "customers): the 730-day value over the 365-day value", *HORIZON_BAND, ratio,
             ratio_se, detail=f"730 days: {r730:.4f}, 365 days: {r365:.4f}"),
        band("horizon.staff_turnover_730_over_365", CATEGORY,
             "staff turnover per year (quits / mean headcount × 365 / horizon): the 730-day "
             "value over the 365-day value, staff without demand", *HORIZON_BAND, t_ratio, t_se,
             detail=f"730 days: {b:.3f} ± {sb:.3f}, 365 days: {a:.3f} ± {sa:.3f}, "
                    f"{len(t365)} replications each"),
    ]
