"""Delivery factors: transport carbon (kg CO2e) and carrier cost (CNY) per parcel.

A parcel's transport has two legs, booked separately (GLEC Framework v3 / ISO 14083:
emissions = activity × intensity, well-to-wheel):

* line-haul, between cities (sorting centre to sorting centre, by truck, rail or air): a
  per-parcel factor, ``logistics.linehaul_kg_per_parcel`` (Kang et al. 2021: 0.27 kg CO2e per
  average Chinese express parcel in 2018, nearly 99% of it intercity). Nothing a small shop
  does changes it;
* last mile, from the delivery station to the door: km per parcel (urban or rural) × the
  vehicle factor per km. Route optimisation and consolidated delivery cut the km; the green
  delivery plan (``logistics.electric_share``: the share of the shop's parcels whose last
  mile is guaranteed electric) raises the electric share of those km above the carrier's
  own (``logistics.carrier_electric_share``).

A failed first attempt repeats the last mile; a returned parcel travels both legs again.
Pure functions, computed once per run; the model multiplies them per parcel.
"""

from __future__ import annotations

from dataclasses import dataclass

from .scenario import Scenario

# shared delivery with the merchant community (sources.MERCHANT_CAPABILITY_COMMUNITY); the
# sizes of the effects are assumptions
CONSOLIDATED_KM = 0.80      # −20% last-mile km per parcel
CONSOLIDATED_COST = 0.92    # −8% cost per parcel
CONSOLIDATED_DELAY_DAYS = 0.3


@dataclass(frozen=True)
class DeliveryFactors:
    linehaul_kg: float          # kg CO2e per parcel, intercity leg
    km_urban: float             # last-mile km per urban parcel, after the shop's levers
    km_rural: float             # last-mile km per rural parcel, after the shop's levers
    kg_per_km: float            # last-mile vehicle factor, kg CO2e per km (fleet mix)
    electric_share: float       # share of the shop's parcels on the green plan (surcharge, subsidy)
    electric_km_share: float    # electric share of the shop's last-mile km (carrier + plan)
    cost_urban: float
    cost_rural: float
    extra_days: float

    def lastmile_kg(self, rural: bool) -> float:
        return (self.km_rural if rural else self.km_urban) * self.kg_per_km


def electric_km_share(sc: Scenario) -> float:
    """Electric share of the last-mile km of the shop's parcels: plan parcels go electric,
    the rest at the carrier's own share."""
    lg = sc.logistics
    return lg.electric_share + (1.0 - lg.electric_share) * lg.carrier_electric_share


def delivery_factors(sc: Scenario) -> DeliveryFactors:
    lg, e = sc.logistics, sc.emissions
    km_mult = (1.0 - lg.route_optimisation) * (CONSOLIDATED_KM if lg.consolidated_delivery else 1.0)
    cost_mult = CONSOLIDATED_COST if lg.consolidated_delivery else 1.0
    share = electric_km_share(sc)
    kg_per_km = e.diesel_kg_per_km * (1.0 - share * e.electric_reduction)
    surcharge = lg.electric_surcharge_cny * lg.electric_share
    return DeliveryFactors(
        linehaul_kg=lg.linehaul_kg_per_parcel,
        km_urban=lg.urban_km_per_parcel * km_mult,
        km_rural=lg.rural_km_per_parcel * km_mult,
        kg_per_km=kg_per_km,
        electric_share=lg.electric_share,
        electric_km_share=share,
        cost_urban=lg.delivery_cost_cny * cost_mult + surcharge,
        cost_rural=lg.delivery_cost_cny * (1 + lg.rural_cost_uplift) * cost_mult + surcharge,
        extra_days=CONSOLIDATED_DELAY_DAYS if lg.consolidated_delivery else 0.0,
    )


def forward_kg_per_parcel(sc: Scenario) -> dict[str, float]:
    """Expected transport carbon of one parcel's outbound trip (no failed attempt, no
    return), averaged over the urban/rural mix: ``{"linehaul", "lastmile", "total"}``."""
    dv = delivery_factors(sc)
    r = sc.logistics.rural_share
    last = (1.0 - r) * dv.lastmile_kg(False) + r * dv.lastmile_kg(True)
    return {"linehaul": dv.linehaul_kg, "lastmile": last, "total": dv.linehaul_kg + last}
