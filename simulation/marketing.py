"""Marketing response: Hill saturation with geometric carry-over (adstock).

Pure functions of the scenario, used by the model each day and by the UI for response
curves (Robyn/Meridian conventions: shape 0.5–3, decay 0–0.3 for digital channels).
"""

from __future__ import annotations

import functools

import numpy as np

from .scenario import ACQUISITION_CHANNELS, CHANNELS, RANKING_MAX, RANKING_MIN, Scenario

DAYS_PER_MONTH = 365.0 / 12.0
DATA_PLATFORM_CONVERSION = 1.10   # channels convert 10% better with the data platform
DATA_PLATFORM_CRM = 1.20          # CRM works 20% better with the data platform


def hill(x, half_saturation: float, shape: float):
    """x^s / (x^s + K^s), for scalars or arrays; 0 at x = 0."""
    x = np.maximum(np.asarray(x, dtype=float), 0.0)
    xs = x ** shape
    return xs / (xs + half_saturation ** shape)


def daily_spend(sc: Scenario) -> dict[str, float]:
    """CNY a day per channel: the shop's budget split by its shares, plus any public funding
    of merchant-community joint marketing (``policy.community_funding_cny_per_year``) on the
    community channel (see :func:`community_funding_per_day`)."""
    per_day = sc.marketing.monthly_budget_cny / DAYS_PER_MONTH
    spend = {c: per_day * getattr(sc.marketing.shares, c) for c in CHANNELS}
    funded = community_funding_per_day(sc)
    if funded:
        spend["community"] += funded
    return spend


def community_funding_per_day(sc: Scenario) -> float:
    """Public money a day spent on the shop's community channel (booked as marketing and paid
    back as an equal subsidy)."""
    return sc.policy.community_funding_cny_per_year / 365.0


def steady_adstock(spend_per_day: float, decay: float) -> float:
    return spend_per_day / (1.0 - decay)


def conversion_multiplier(sc: Scenario) -> float:
    return DATA_PLATFORM_CONVERSION if sc.governance.data_platform else 1.0


def channel_rate(sc: Scenario, channel: str, adstock: float) -> float:
    """New customers a day from ``channel`` at this adstocked spend (trust = 1, no festival)."""
    r = getattr(sc.marketing.response, channel)
    return float(r.max_new_per_day * hill(adstock, r.half_saturation_cny_per_day, r.shape)
                 * conversion_multiplier(sc))


def crm_logit(sc: Scenario, spend_per_day: float) -> float:
    m = sc.marketing
    lift = m.crm_max_logit * float(hill(spend_per_day, m.crm_half_saturation_cny_per_day, 1.0))
    return lift * (DATA_PLATFORM_CRM if sc.governance.data_platform else 1.0)


def crm_reference_spend() -> float:
    """Daily CRM spend of the baseline scenario: the customer process's dropout parameters
    describe customers at this spend, and CRM shifts the odds of leaving from there."""
    return _baseline_crm_spend()


@functools.lru_cache(maxsize=1)
def _baseline_crm_spend() -> float:
    return daily_spend(Scenario())["crm"]


def ranking_factor(sc: Scenario, recent_orders_per_day: float) -> float:
    """Platform ranking: organic traffic relative to the reference, (recent daily orders /
    reference)^elasticity, kept within [RANKING_MIN, RANKING_MAX]."""
    m = sc.marketing
    if m.ranking_elasticity == 0:
        return 1.0
    x = max(recent_orders_per_day, 0.0) / m.ranking_reference_orders_per_day
    f = x ** m.ranking_elasticity if x > 0 else 0.0
    return min(RANKING_MAX, max(RANKING_MIN, f))


def response_curve(sc: Scenario, channel: str, monthly_spend: np.ndarray) -> np.ndarray:
    """Steady-state new customers a month for each monthly spend on ``channel``."""
    daily = np.asarray(monthly_spend, dtype=float) / DAYS_PER_MONTH
    r = getattr(sc.marketing.response, channel)
    ad = daily / (1.0 - r.decay)
    return (r.max_new_per_day * hill(ad, r.half_saturation_cny_per_day, r.shape)
            * conversion_multiplier(sc) * DAYS_PER_MONTH)


def expected_cac(sc: Scenario) -> float:
    """Steady-state blended paid CAC (CNY per paid new customer), trust 1, no festivals."""
    spend = daily_spend(sc)
    cust = sum(channel_rate(sc, c, steady_adstock(spend[c], getattr(sc.marketing.response,
                                                                         c).decay))
               for c in ACQUISITION_CHANNELS)
    acq = sum(spend[c] for c in ACQUISITION_CHANNELS)
    return acq / cust if cust > 0 else float("inf")
