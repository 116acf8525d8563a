"""Which levers a shop of the lab adopts: a merchant's quick profit estimate and the
adoption rule.

The quick estimate (:func:`quick_profit_change`)
    A small merchant does not run a simulation before switching to recycled cartons; they
    reckon. The estimate is that reckoning, in closed form from the scenario's own factors:
    the shop's scenario with its current practices and with the lever added
    (:func:`simulation.lab.shops.shop_scenario`, both without the policy) are read through
    ``packaging_factors``, ``delivery_factors``, the staff quit hazard, the defect and
    scandal rates and the marketing response, and the policy's instruments are added on top.
    With ``P`` the shop's orders a year and ``m`` its contribution per order before the
    policy (kept sales × (gross margin − commission) − packaging − delivery, at least 0),
    the yearly profit change of a lever is the sum of

    - ``packaging``, ``delivery``: −P × the change of cost per parcel (urban/rural mix);
    - ``staff``: −the change of the yearly staff cost (wages with social insurance, paid
      overtime, health checks, training per person, and hiring and training per hire at the
      steady quit hazard, whose fall with welfare saves recruiting);
    - ``audits``: −the change of audit and capability-building cost a year;
    - ``defects``: the defects avoided: P × change of defect rate × 0.8 (returned) × (order
      value × (1 − commission) + delivery), the money a defective return loses;
    - ``demand``: P × m × the change of a demand index, kept small: eco-minded share ×
      green-packaging satisfaction bonus (read as the share of an eco-minded customer's orders
      it keeps), plus the brand-trust target's change (trust scales acquisition; claims earn
      trust only as far as practice backs them, so the footprint page is worth something only
      to a shop with practice to show), minus the mean trust lost to supply-chain scandals;
      and any green price premium (its revenue less the price-sensitive customers it puts off);
    - ``marketing``: the change of new customers a year from the paid channels' steady
      response × the value of a new customer in its first year (m × (1 + its expected repeat
      orders over half a year, BG/NBD));
    - the policy: ``subsidy_packaging`` (P × subsidy × change of green-packaging premium),
      ``subsidy_logistics`` (P × subsidy × change of electric share), ``subsidy_training``
      (subsidy × change of training cost), ``community_funding`` (the new customers the
      public funding brings, counted only when the lever puts the shop in a merchant
      community), ``rebate`` (rebate × kept sales, when the lever makes the shop certified
      green: ``simulation.certification.certified_green``) and ``carbon_price`` (−price ×
      P × change of kg CO2e per order, offsets netted).

    Each lever is judged on its own against the shop's current practices: a commission rebate
    moves a shop that already has one half of the certification (green packaging or green
    logistics), not one that would need both.

The rule (:func:`adopt`)
    A shop adopts its current practices plus every lever with

        NPV = −setup + Δprofit a year × (1 − (1 + h)^−T) / h  >  0     (T years, rate h)
        and  u_lever < capability_eff ** exponent,
        capability_eff = capability + (1 − capability) × gain × training_subsidy

    where ``T`` = ``payback_years``, ``h`` = ``hurdle_rate``, ``exponent`` =
    ``capability_exponent`` and ``gain`` = ``training_capability_gain`` come from the region's
    ``adoption:`` block (:class:`~simulation.lab.adoption_settings.AdoptionSettings`), ``setup``
    is the lever's one-off cost (:data:`SETUP_COST_CNY`, assumptions) and ``u_lever`` the
    shop's own uniform for the lever (``ShopDraw.uniforms``: the same number in every policy
    run, common random numbers). Capability damps adoption: a shop without skills (0) adopts
    nothing new, a fully capable one (1) every lever worth it; a training subsidy closes part
    of the gap (the capability source's §3.1: customised training).
    A disclosure mandate is not a choice: under it every shop has the footprint page.

    Every instrument only raises the estimate of every lever (a subsidy lowers a cost the
    lever adds, the carbon price rewards levers that cut carbon, the mandate makes practice
    pay in trust and the footprint page a duty rather than a choice, and training also
    raises capability), so a stronger policy never removes a lever a shop adopts: with the
    same uniforms, its adoption is a superset.

Pure arithmetic; the scenarios are built once per shop and lever set and cached.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

from .. import marketing as mk
from .. import sources as src
from ..certification import certified_green
from ..delivery import delivery_factors
from ..packaging import packaging_factors
from ..realdata import bgnbd_expected_repeats
from ..scenario import ACQUISITION_CHANNELS, Policy, Scenario
from ..shop import (DEFECT_RETURN_P, LABEL_BONUS_FACTOR, defect_rate, scandal_rate,
                    trust_target)
from ..staff import (HEALTH_CHECK_CNY, HOURS_PER_MONTH, SOCIAL_INSURANCE_FULL,
                     SOCIAL_INSURANCE_PARTIAL, quit_hazard_per_year)
from ..warehouse import warehouse_kg_per_order
from .adoption_settings import AdoptionSettings
from .levers import LEVERS

if TYPE_CHECKING:  # pragma: no cover
    from .region import Region
    from .shops import ShopDraw

__all__ = ["SETUP_COST_CNY", "SETUP_SOURCE", "LeverEstimate", "AdoptionDetail",
           "quick_profit_change", "lever_estimate", "adoption_detail", "adopt",
           "annuity_factor", "effective_capability", "PARTS"]

#: One-off cost of taking a lever up (CNY): finding a carton supplier and using up the old
#: stock, signing up to the carrier's green plan, contracts and enrolment for welfare,
#: setting up an audit scheme with suppliers, building the footprint page, joining a
#: merchant community. Assumptions, as :data:`SETUP_SOURCE` says.
SETUP_COST_CNY: dict[str, float] = {
    "green_packaging": 1_500.0,
    "green_logistics": 500.0,
    "staff_welfare": 2_000.0,
    "supplier_audits": 3_000.0,
    "footprint_page": 2_000.0,
    "community_marketing": 1_000.0,
}
SETUP_SOURCE = ("assumption: a few days of the owner's time and small outlays; small shops "
                f"hesitate at up-front costs ({src.ESG_MARKETING_ENV_PROBLEMS})")
assert set(SETUP_COST_CNY) == set(LEVERS)

#: the parts of a quick estimate, in the order shown (CNY a year, + = more profit)
PARTS = ("packaging", "delivery", "staff", "audits", "defects", "demand", "marketing",
         "subsidy_packaging", "subsidy_logistics", "subsidy_training", "community_funding",
         "rebate", "carbon_price")
_FIRST_YEAR_DAYS = 365.0 / 2.0     # a customer won during the year is on average half a year old


# -- the shop's yearly economics with a set of levers (no policy) ---------------------------

@dataclass(frozen=True)
class _Economics:
    """What the quick estimate reads from one scenario (a shop with a set of levers, no
    policy): per parcel, a year, or an index."""

    sc: Scenario
    levers: frozenset[str]
    margin: float               # contribution per order before the policy, CNY (≥ 0)
    value_kept: float           # kept sales per order, CNY
    pack_cost: float            # CNY per parcel
    pack_premium: float         # over standard packaging, CNY per parcel
    deliv_cost: float           # CNY per parcel, urban/rural mix
    electric_share: float       # share of parcels on the green plan
    kg_per_order: float         # kg CO2e per order, net of offsets
    staff_cost: float           # CNY a year (training at full cost)
    training_cost: float        # CNY a year, the part a training subsidy pays for
    audit_cost: float           # CNY a year
    defect_loss: float          # CNY per order
    demand_index: float         # eco bonus + trust − 1 − scandal deficit + premium effect
    demand_index_mandate: float  # the same with a footprint page shown (disclosure mandate)
    premium_cny: float          # green price premium revenue per order, CNY
    customers: float            # new customers a year from the paid channels
    customer_value: float       # a new customer's first-year contribution, CNY
    certified: bool


def _staff_costs(sc: Scenario) -> tuple[float, float]:
    """(full staff cost a year, its training part), CNY, at the steady quit hazard."""
    s = sc.staff
    n = s.packers + s.cs_agents
    si = SOCIAL_INSURANCE_FULL if s.full_social_insurance else SOCIAL_INSURANCE_PARTIAL
    wages = s.wage_cny_per_month * 12.0 * (1.0 + si)
    overtime = (s.overtime_hours_per_day * s.wage_cny_per_month / HOURS_PER_MONTH * 1.5 * 365.0
                if s.overtime_paid else 0.0)
    health = HEALTH_CHECK_CNY if s.health_checks else 0.0
    hires = n * quit_hazard_per_year(sc, s.overtime_hours_per_day)
    training = (n * s.training_cost_per_person_year_cny + hires * s.training_cost_per_hire_cny
                if s.training else 0.0)
    return n * (wages + overtime + health) + hires * s.hiring_cost_cny + training, training


def _paid_customers(sc: Scenario, extra_community_per_day: float = 0.0) -> float:
    """New customers a year from the acquisition channels at their steady response (trust
    1, no festivals), with ``extra_community_per_day`` CNY more on the community channel."""
    per_day = sc.marketing.monthly_budget_cny / mk.DAYS_PER_MONTH
    total = 0.0
    for ch in ACQUISITION_CHANNELS:
        spend = per_day * getattr(sc.marketing.shares, ch)
        if ch == "community":
            spend += extra_community_per_day
        decay = getattr(sc.marketing.response, ch).decay
        total += mk.channel_rate(sc, ch, mk.steady_adstock(spend, decay))
    return 365.0 * total


def _economics(sc: Scenario, levers: frozenset[str], orders: float) -> _Economics:
    shop, c, lg = sc.shop, sc.customers, sc.logistics
    pk = packaging_factors(sc)
    dv = delivery_factors(sc)
    r = lg.rural_share
    deliv = (1.0 - r) * dv.cost_urban + r * dv.cost_rural
    lastmile = (1.0 - r) * dv.lastmile_kg(False) + r * dv.lastmile_kg(True)
    transport = (dv.linehaul_kg + lastmile + lg.failed_attempt_rate * lastmile
                 + shop.return_rate * (dv.linehaul_kg + lastmile))
    kg = (pk.kg_per_parcel + transport + warehouse_kg_per_order(sc)) * (
        1.0 - sc.governance.offset_share)
    comm = sc.policy.commission_rate
    kept = shop.order_value_cny * (1.0 - shop.return_rate)
    margin = max(0.0, kept * (shop.gross_margin - comm) - pk.cost_per_parcel - deliv)
    staff, training = _staff_costs(sc)
    su = sc.suppliers
    audits = (su.audits_per_year * su.auditor_days_per_audit * su.cost_per_auditor_day_cny
              + (su.capability_cost_cny_per_year if su.capability_building else 0.0))
    defect = defect_rate(sc) * DEFECT_RETURN_P * (shop.order_value_cny * (1.0 - comm) + deliv)
    # demand: eco-minded shoppers' green bonus, any green price premium, trust and scandals
    green_weight = 1.0 if pk.green else (
        sc.governance.offset_share if sc.governance.green_label else 0.0)
    bonus = c.eco_share * c.green_packaging_bonus * green_weight * (
        LABEL_BONUS_FACTOR if sc.governance.green_label else 1.0)
    premium = shop.green_price_premium if pk.green else 0.0
    premium_cny = kept * premium * (1.0 - comm)
    put_off = c.price_share * c.premium_penalty_per_pct * premium * 100.0
    scandal = scandal_rate(sc) * su.scandal_trust_drop * su.scandal_recovery_days / 365.0
    rest = bonus - put_off - scandal
    shown = sc.model_copy(update={"governance": sc.governance.model_copy(
        update={"footprint_page": True})})
    repeats = 0.0
    if c.repurchase_enabled:
        repeats = float(bgnbd_expected_repeats(c.purchase_rate_shape, c.purchase_rate_scale_days,
                                               c.dropout_a, c.dropout_b, _FIRST_YEAR_DAYS))
    return _Economics(
        sc=sc, levers=levers, margin=margin, value_kept=kept, pack_cost=pk.cost_per_parcel,
        pack_premium=pk.premium_per_parcel, deliv_cost=deliv, electric_share=lg.electric_share,
        kg_per_order=kg, staff_cost=staff, training_cost=training, audit_cost=audits,
        defect_loss=defect, demand_index=trust_target(sc) - 1.0 + rest,
        demand_index_mandate=trust_target(shown) - 1.0 + rest, premium_cny=premium_cny,
        customers=_paid_customers(sc), customer_value=margin * (1.0 + repeats),
        certified=certified_green(sc))


# A small cache: the economics of (shop, lever set) for the region last asked about (the
# no-policy and the policy adoption of a shop, and the MAC curve's many policies, reuse them).
_CACHE_LOCK = threading.Lock()
_CACHE: dict[str, Any] = {"region": None, "items": {}}
_CACHE_MAX = 50_000


def _shop_key(shop: "ShopDraw") -> tuple:
    return (shop.index, shop.category, float(shop.orders_per_year), bool(shop.rural),
            int(shop.staff), float(shop.gross_margin), frozenset(shop.practices))


def _economics_for(region: "Region", shop: "ShopDraw", levers: frozenset[str]) -> _Economics:
    from .shops import shop_scenario

    key = (_shop_key(shop), levers)
    with _CACHE_LOCK:
        if _CACHE["region"] is not region:
            _CACHE["region"], _CACHE["items"] = region, {}
        hit = _CACHE["items"].get(key)
    if hit is not None:
        return hit
    econ = _economics(shop_scenario(region, shop, levers), levers, float(shop.orders_per_year))
    with _CACHE_LOCK:
        if _CACHE["region"] is region:
            items = _CACHE["items"]
            if len(items) >= _CACHE_MAX:
                items.clear()
            items[key] = econ
    return econ


# -- the policy ------------------------------------------------------------------------------

def _policy(policy: Mapping[str, Any] | None) -> Policy:
    """The instruments as the schema's ``Policy`` section (the no-policy values elsewhere)."""
    if not policy:
        return Policy()
    try:
        # the type is part of the key: True and 1 are equal but only one is valid
        key = tuple(sorted((k, type(v).__name__, v) for k, v in dict(policy).items()))
        hash(key)
    except TypeError:       # unhashable or unsortable: parse_instruments names the problem
        return _policy_from(policy)
    return _policy_cached(key)


def _policy_from(policy: Mapping[str, Any]) -> Policy:
    from .instruments import parse_instruments

    values = parse_instruments(policy)
    return Policy(**{p.split(".", 1)[1]: v for p, v in values.items()})


@functools.lru_cache(maxsize=256)
def _policy_cached(key: tuple[tuple[str, str, Any], ...]) -> Policy:
    return _policy_from({k: v for k, _, v in key})


def _funded_customers(e: _Economics, funding_cny_per_year: float) -> float:
    """New customers a year that public community funding brings a member of a merchant
    community (0 outside one)."""
    if funding_cny_per_year <= 0 or "community_marketing" not in e.levers:
        return 0.0
    return _paid_customers(e.sc, funding_cny_per_year / 365.0) - e.customers


def _parts(base: _Economics, new: _Economics, pol: Policy, orders: float) -> dict[str, float]:
    P = orders
    index_b = base.demand_index_mandate if pol.disclosure_mandate else base.demand_index
    index_n = new.demand_index_mandate if pol.disclosure_mandate else new.demand_index
    funding = pol.community_funding_cny_per_year
    return {
        "packaging": -P * (new.pack_cost - base.pack_cost),
        "delivery": -P * (new.deliv_cost - base.deliv_cost),
        "staff": -(new.staff_cost - base.staff_cost),
        "audits": -(new.audit_cost - base.audit_cost),
        "defects": -P * (new.defect_loss - base.defect_loss),
        "demand": P * (base.margin * (index_n - index_b) + new.premium_cny - base.premium_cny),
        "marketing": (new.customers - base.customers) * base.customer_value,
        "subsidy_packaging": P * pol.packaging_subsidy * (new.pack_premium - base.pack_premium),
        "subsidy_logistics": P * pol.green_logistics_subsidy_cny
        * (new.electric_share - base.electric_share),
        "subsidy_training": pol.training_subsidy * (new.training_cost - base.training_cost),
        "community_funding": (_funded_customers(new, funding) - _funded_customers(base, funding))
        * base.customer_value,
        "rebate": pol.commission_rebate * P * (new.value_kept * new.certified
                                               - base.value_kept * base.certified),
        "carbon_price": -pol.carbon_price_cny_per_t / 1000.0 * P
        * (new.kg_per_order - base.kg_per_order),
    }


# -- the estimate and the rule -----------------------------------------------------------------

def annuity_factor(years: float, rate: float) -> float:
    """Present value of 1 CNY a year for ``years`` years (paid at each year's end; a part year
    pro rata in the formula) at ``rate``: (1 − (1 + rate)^−years) / rate, ``years`` at 0."""
    if years <= 0:
        return 0.0
    if rate <= 0:
        return float(years)
    return (1.0 - (1.0 + rate) ** -years) / rate


def effective_capability(capability: float, training_subsidy: float, gain: float) -> float:
    """capability + (1 − capability) × gain × training_subsidy: training closes part of the
    gap."""
    c = min(1.0, max(0.0, float(capability)))
    return c + (1.0 - c) * gain * training_subsidy


def _exponent(settings: AdoptionSettings, lever: str) -> float:
    e = settings.capability_exponent
    if isinstance(e, Mapping):     # one per lever, where a region gives them so
        return float(e.get(lever, 1.0))
    return float(e)


@dataclass(frozen=True)
class LeverEstimate:
    """One lever of one shop under one policy: why it was adopted or not."""

    lever: str
    in_use: bool                # a current practice (kept, not estimated)
    mandated: bool              # required by the policy (the disclosure mandate)
    yearly_cny: float           # quick estimate of the profit change a year
    parts: dict[str, float]     # its parts (PARTS), CNY a year
    setup_cny: float            # one-off cost
    npv_cny: float              # −setup + yearly × annuity factor
    threshold: float            # capability_eff ** exponent
    uniform: float              # the shop's uniform for this lever
    adopted: bool

    @property
    def profitable(self) -> bool:
        return self.npv_cny > 0

    @property
    def capable(self) -> bool:
        return self.uniform < self.threshold


@dataclass(frozen=True)
class AdoptionDetail:
    """A shop's adoption under a policy, lever by lever."""

    index: int
    capability: float
    capability_eff: float
    payback_years: float
    hurdle_rate: float
    annuity: float
    levers: dict[str, LeverEstimate] = field(default_factory=dict)

    @property
    def adopted(self) -> frozenset[str]:
        return frozenset(k for k, e in self.levers.items() if e.adopted)

    def rows(self) -> list[dict[str, Any]]:
        """One row per lever (for tables and JSON)."""
        return [{"lever": e.lever, "in_use": e.in_use, "mandated": e.mandated,
                 "yearly_cny": e.yearly_cny, "setup_cny": e.setup_cny, "npv_cny": e.npv_cny,
                 "threshold": e.threshold, "uniform": e.uniform, "adopted": e.adopted,
                 **{f"part_{k}": v for k, v in e.parts.items()}}
                for e in self.levers.values()]


def _settings(region: "Region", settings: AdoptionSettings | None) -> AdoptionSettings:
    return settings if settings is not None else region.adoption


def _estimate(region: "Region", shop: "ShopDraw", lever: str, pol: Policy) -> dict[str, float]:
    if lever not in LEVERS:
        raise ValueError(f"unknown lever {lever!r}; one of {', '.join(LEVERS)}")
    have = frozenset(shop.practices)
    if lever in have:
        return {k: 0.0 for k in PARTS}
    base = _economics_for(region, shop, have)
    new = _economics_for(region, shop, have | {lever})
    return _parts(base, new, pol, float(shop.orders_per_year))


def lever_estimate(region: "Region", shop: "ShopDraw", lever: str,
                   policy: Mapping[str, Any] | None = None) -> dict[str, float]:
    """The parts of :func:`quick_profit_change` (:data:`PARTS`, CNY a year)."""
    from .region import load_region

    return _estimate(load_region(region), shop, lever, _policy(policy))


def quick_profit_change(region: "Region", shop: "ShopDraw", lever: str,
                        policy: Mapping[str, Any] | None = None) -> float:
    """The merchant's quick estimate of the yearly profit change (CNY) of adopting ``lever``
    on top of the shop's current practices under ``policy`` ({dotted path: value}); 0 for a
    lever already in use. Closed-form arithmetic, not a simulation (see the module's
    docstring for the parts)."""
    return float(sum(lever_estimate(region, shop, lever, policy).values()))


def adoption_detail(region: "Region", shop: "ShopDraw", policy: Mapping[str, Any] | None = None,
                    settings: AdoptionSettings | None = None) -> AdoptionDetail:
    """Each lever's quick estimate, NPV, capability threshold and the decision.
    ``settings`` replaces the region's adoption settings (for what-ifs)."""
    from .region import load_region

    region = load_region(region)        # a Region is returned as it is
    pol = _policy(policy)
    st = _settings(region, settings)
    cap_eff = effective_capability(shop.capability, pol.training_subsidy,
                                   st.training_capability_gain)
    annuity = annuity_factor(st.payback_years, st.hurdle_rate)
    have = frozenset(shop.practices)
    out: dict[str, LeverEstimate] = {}
    for lever in LEVERS:
        u = float(shop.uniforms[lever])
        threshold = cap_eff ** _exponent(st, lever)
        in_use = lever in have
        mandated = lever == "footprint_page" and bool(pol.disclosure_mandate)
        parts = _estimate(region, shop, lever, pol)
        yearly = float(sum(parts.values()))
        setup = 0.0 if in_use else SETUP_COST_CNY[lever]
        npv = 0.0 if in_use else -setup + yearly * annuity
        adopted = in_use or mandated or (npv > 0 and u < threshold)
        out[lever] = LeverEstimate(lever, in_use, mandated, yearly, parts, setup, npv,
                                   threshold, u, adopted)
    return AdoptionDetail(shop.index, float(shop.capability), cap_eff, st.payback_years,
                          st.hurdle_rate, annuity, out)


def adopt(region: "Region", shop: "ShopDraw", policy: Mapping[str, Any] | None = None,
          settings: AdoptionSettings | None = None) -> frozenset[str]:
    """The levers ``shop`` uses under ``policy`` ({} or None: no policy): its current
    practices, every lever whose NPV over the payback horizon at the hurdle rate is positive
    and whose uniform is below its effective capability to the exponent, and the footprint
    page under a disclosure mandate."""
    return adoption_detail(region, shop, policy, settings).adopted
