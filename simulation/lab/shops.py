"""Shops drawn reproducibly from a region, and each shop as a full :class:`Scenario`.

Drawing. Shop ``i`` depends only on the region, the seed and ``i``: its random numbers are
one fixed-length vector of uniforms from ``np.random.SeedSequence(seed, spawn_key=(0, i))``
(:data:`COLUMNS` gives each number's use), turned into the shop by quantile functions. So
shop ``i`` is the same shop for any number of shops drawn and in every policy run (common
random numbers across policies), and changing one distribution of a region (say the
capability) changes that attribute of every shop and nothing else. The simulation stream
of shop ``i`` is :func:`shop_seed` (``spawn_key=(1, i)``), the same with and without a
policy.

The shop as a scenario (:func:`shop_scenario`). A lab shop is the baseline shop
(``Scenario()``) scaled to its size, with its category's profile, its own gross margin, its
share of rural parcels and no merchant community (:data:`LAB_BASE_SHARES`); then the
levers it has adopted and the policy's instruments. Scaling by a factor ``s`` multiplies
the past buyers, the organic new customers, the marketing budget, each paid channel's
saturation level and half-saturation spend (the shop reaches a smaller market at the same
acquisition cost as the calibrated baseline, an assumption), the platform-ranking reference
(so a small shop starts in balance, as the baseline does), the operating overheads and the
size-dependent programme costs (supplier capability building, the data platform, the
auditor-days of an audit), all within the schema's bounds; the private-domain (CRM)
response is not scaled, so a small shop's small CRM spend lifts retention less (small
merchants lack CRM tools: the capability source's §2.1). ``s`` is solved numerically (a few
secant steps on the logarithms) so that :meth:`Scenario.expected_orders` over 365 days
equals the shop's orders a year (within 0.5%). Staff follow the region's staff rule.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
from scipy import special

from ..category import CATEGORIES, CATEGORY_PROFILES
from ..scenario import ACQUISITION_CHANNELS, MAX_INITIAL_CUSTOMERS, Scenario
from .levers import LAB_BASE_SHARES, LEVERS, lever_changes
from .region import Region, load_region, size_band

MIN_MARGIN, MAX_MARGIN = 0.05, 0.90
MAX_PACKERS, MAX_CS_AGENTS = 200, 100        # the schema's limits
LEVER_BLOCK = 16                             # columns reserved per lever block
# the use of each uniform of a shop's vector (fixed: adding a column at the end keeps every
# shop's other attributes)
COLUMNS = ("category", "orders_per_year", "rural", "gross_margin", "capability",
           "spare_5", "spare_6", "spare_7")
N_COLUMNS = len(COLUMNS) + 2 * LEVER_BLOCK
assert len(LEVERS) <= LEVER_BLOCK
_PRACTICE0 = len(COLUMNS)                    # practices: one column per lever, LEVERS order
_ADOPT0 = len(COLUMNS) + LEVER_BLOCK         # the adoption rule's uniforms, LEVERS order
CALIBRATION_TOLERANCE = 0.005                # relative, on expected orders over 365 days


@dataclass(frozen=True)
class ShopDraw:
    """One shop of a region, as drawn (its scenario: :func:`shop_scenario`)."""

    index: int
    category: str
    orders_per_year: float
    rural: bool
    size_band: str
    staff: int                      # packers + customer-service agents
    gross_margin: float
    practices: frozenset[str]       # levers already in use
    capability: float               # digital capability in [0, 1]
    uniforms: dict[str, float]      # one U(0, 1) per lever, for the adoption rule


def shop_seed(seed: int, i: int) -> np.random.SeedSequence:
    """The simulation stream of shop ``i``: the same with and without a policy."""
    return np.random.SeedSequence(seed, spawn_key=(1, i))


def _uniform_matrix(seed: int, n: int) -> np.ndarray:
    out = np.empty((n, N_COLUMNS))
    for i in range(n):
        out[i] = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0, i))).random(
            N_COLUMNS)
    return out


def staff_for(region: Region, orders_per_year: float) -> tuple[int, int]:
    """(packers, customer-service agents) of a shop of this size: the region's orders per
    worker a year, rounded, at least 1 each (and at most the schema's limits)."""
    rule = region.staff
    packers = min(MAX_PACKERS, max(1, round(orders_per_year / rule.orders_per_packer)))
    cs = min(MAX_CS_AGENTS, max(1, round(orders_per_year / rule.orders_per_cs_agent)))
    return int(packers), int(cs)


def draw_shops(region: Region | str, n: int | None = None, seed: int = 1) -> list[ShopDraw]:
    """Shops ``0..n-1`` of ``region`` (``n`` defaults to all of its shops; at most that).
    Shop ``i`` depends only on (region, seed, i)."""
    region = load_region(region)
    n = region.shops if n is None else n
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 0 <= n <= region.shops:
        raise ValueError(f"n must be a whole number from 0 to the region's {region.shops:,} "
                         f"shops, got {n!r}")
    n = int(n)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number ≥ 0, got {seed!r}")
    if n == 0:
        return []
    u = _uniform_matrix(int(seed), n)
    eps = 1e-12
    # category: the first whose cumulative share exceeds u (zero shares never chosen)
    probs = np.array(region.categories.probabilities())
    cum = np.cumsum(probs)
    cat_idx = np.searchsorted(cum, u[:, 0], side="right")
    last = int(np.flatnonzero(probs > 0)[-1])
    cat_idx = np.minimum(cat_idx, last)
    # size: lognormal truncated to [min, max] by its quantile function
    o = region.orders_per_year
    if o.sigma == 0:
        orders = np.full(n, float(o.median))
    else:
        lo = special.ndtr(math.log(o.min / o.median) / o.sigma)
        hi = special.ndtr(math.log(o.max / o.median) / o.sigma)
        p = np.clip(lo + u[:, 1] * (hi - lo), eps, 1 - eps)
        orders = np.clip(o.median * np.exp(o.sigma * special.ndtri(p)), o.min, o.max)
    rural = u[:, 2] < region.rural.share
    profile_margin = np.array([CATEGORY_PROFILES[c].gross_margin for c in CATEGORIES])[cat_idx]
    if region.margins.sd == 0:
        margin = profile_margin
    else:
        z = special.ndtri(np.clip(u[:, 3], eps, 1 - eps))
        margin = np.clip(profile_margin + region.margins.sd * z, MIN_MARGIN, MAX_MARGIN)
    cap = region.capability
    if cap.value is not None:
        capability = np.full(n, float(cap.value))
    else:
        capability = np.clip(special.betaincinv(cap.a, cap.b, u[:, 4]), 0.0, 1.0)
    levers = list(LEVERS)
    prob = np.array([region.practices.probabilities.get(k, 0.0) for k in levers])
    in_use = u[:, _PRACTICE0:_PRACTICE0 + len(levers)] < prob
    adopt_u = u[:, _ADOPT0:_ADOPT0 + len(levers)]
    shops = []
    for i in range(n):
        size = float(orders[i])
        packers, cs = staff_for(region, size)
        shops.append(ShopDraw(
            index=i, category=CATEGORIES[int(cat_idx[i])], orders_per_year=size,
            rural=bool(rural[i]), size_band=size_band(size), staff=packers + cs,
            gross_margin=round(float(margin[i]), 6),
            practices=frozenset(k for k, on in zip(levers, in_use[i], strict=True) if on),
            capability=float(capability[i]),
            uniforms={k: float(v) for k, v in zip(levers, adopt_u[i], strict=True)}))
    return shops


# -- the shop as a scenario ---------------------------------------------------------------

_BASE = Scenario()


def _base_changes(region: Region, shop: ShopDraw) -> dict[str, Any]:
    r = region.rural
    return {
        "shop.category": shop.category,
        "shop.gross_margin": shop.gross_margin,
        "logistics.rural_share": r.rural_parcel_share if shop.rural else r.urban_parcel_share,
        "marketing.shares": dict(LAB_BASE_SHARES),
    }


def scale_changes(s: float) -> dict[str, Any]:
    """The changes that scale the baseline shop by ``s`` (see the module's docstring)."""
    b = _BASE
    out: dict[str, Any] = {
        "customers.initial_customers": int(min(MAX_INITIAL_CUSTOMERS,
                                               round(b.customers.initial_customers * s))),
        "customers.organic_new_per_day": b.customers.organic_new_per_day * s,
        "marketing.monthly_budget_cny": b.marketing.monthly_budget_cny * s,
        "marketing.ranking_reference_orders_per_day":
            max(0.1, b.marketing.ranking_reference_orders_per_day * s),
        "shop.overheads_cny_per_month": b.shop.overheads_cny_per_month * s,
        "suppliers.capability_cost_cny_per_year": b.suppliers.capability_cost_cny_per_year * s,
        "suppliers.auditor_days_per_audit": min(20.0, max(0.5, b.suppliers.auditor_days_per_audit
                                                          * s)),
        "governance.data_platform_cost_cny_per_year":
            b.governance.data_platform_cost_cny_per_year * s,
    }
    for ch in ACQUISITION_CHANNELS:
        r = getattr(b.marketing.response, ch)
        out[f"marketing.response.{ch}.max_new_per_day"] = r.max_new_per_day * s
        out[f"marketing.response.{ch}.half_saturation_cny_per_day"] = max(
            1.0, r.half_saturation_cny_per_day * s)
    return out


def _orders_at(base: Scenario, s: float) -> float:
    return base.with_changes(scale_changes(s)).expected_orders()


@functools.lru_cache(maxsize=8192)
def _scale_for(base_json: str, target: float) -> float:
    base = _BASE.with_changes({**json.loads(base_json), "run.horizon_days": 365})
    ref = _orders_at(base, 1.0)
    x0, f0 = math.log(target / ref), None
    s = math.exp(x0)
    g0 = _orders_at(base, s)
    f0 = math.log(g0 / target)
    if abs(f0) <= CALIBRATION_TOLERANCE:
        return s
    # secant on log s against log(expected / target), from s and s·target/expected
    x1 = x0 - f0
    for _ in range(12):
        g1 = _orders_at(base, math.exp(x1))
        f1 = math.log(g1 / target)
        if abs(f1) <= CALIBRATION_TOLERANCE:
            return math.exp(x1)
        slope = (f1 - f0) / (x1 - x0) if x1 != x0 else 1.0
        if not math.isfinite(slope) or slope <= 0.2:
            slope = 1.0
        x0, f0, x1 = x1, f1, x1 - f1 / slope
    raise ValueError(f"could not size a shop of {target:,.0f} orders a year")  # pragma: no cover


def scale_factor(region: Region, shop: ShopDraw) -> float:
    """The factor that scales the baseline shop to ``shop``'s orders a year (cached)."""
    return _scale_for(json.dumps(_base_changes(region, shop), sort_keys=True),
                      float(shop.orders_per_year))


def shop_scenario(region: Region | str, shop: ShopDraw, levers: frozenset[str] = frozenset(),
                  policy: Mapping[str, Any] | None = None,
                  horizon_days: int | None = None) -> Scenario:
    """``shop`` as a full :class:`Scenario`: its category, size, margin and rural parcels,
    the adopted ``levers`` (:data:`LEVERS`), the ``policy`` instruments (``{"policy.<name>":
    value}``) and the horizon (the region's unless given). Community funding reaches only a
    shop in a merchant community (``community_marketing`` among its levers)."""
    region = load_region(region)
    policy = dict(policy or {})
    bad = [k for k in policy if not (isinstance(k, str) and k.startswith("policy."))]
    if bad:
        raise ValueError(f"policy: {', '.join(map(repr, bad))} is not a policy parameter "
                         f"(a dotted path starting 'policy.')")
    s = scale_factor(region, shop)
    packers, cs = staff_for(region, shop.orders_per_year)
    changes = _base_changes(region, shop)
    changes.update(scale_changes(s))
    changes.update({"staff.packers": packers, "staff.cs_agents": cs,
                    "run.horizon_days": int(horizon_days or region.horizon_days)})
    changes.update(lever_changes(levers))
    if "community_marketing" not in levers:
        # community funding pays for a merchant community's joint marketing: a shop outside
        # every community receives none of it
        policy.pop("policy.community_funding_cny_per_year", None)
    changes.update(policy)
    return _BASE.with_changes(changes)
