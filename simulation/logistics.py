"""Packaging, delivery and warehouse factors: per-parcel carbon and cost from the scenario.

Pure functions, computed once per run; the model multiplies them per parcel.
"""

from __future__ import annotations

from dataclasses import dataclass

from .scenario import Scenario

# MEE/NBS 2023 grid emission factors, kg CO2 per kWh.
GRID_FACTORS = {
    "national": 0.5306, "north": 0.6361, "east": 0.5500, "central": 0.5271,
    "south": 0.4042, "southwest": 0.2472,
}
CONSOLIDATED_KM = 0.80      # shared delivery: −20% km per parcel (assumption, seed 001)
CONSOLIDATED_COST = 0.92    # shared delivery: −8% cost per parcel (assumption)
CONSOLIDATED_DELAY_DAYS = 0.3
SOCIAL_INSURANCE_FULL = 0.30
SOCIAL_INSURANCE_PARTIAL = 0.12
HEALTH_CHECK_CNY = 600.0
HOURS_PER_MONTH = 21.75 * 8


@dataclass(frozen=True)
class PackagingFactors:
    kg_per_parcel: float
    cost_per_parcel: float
    premium_per_parcel: float   # over standard packaging, before subsidy
    green: bool
    uses_per_box: float


def packaging_factors(sc: Scenario) -> PackagingFactors:
    p, e = sc.packaging, sc.emissions
    std_cost = p.standard_cost_cny
    if p.option == "standard":
        kg, cost, green, uses = e.standard_pack_kg, std_cost, False, 1.0
    elif p.option == "recycled_carton":
        kg, cost, green, uses = e.recycled_pack_kg, p.recycled_cost_cny, True, 1.0
    elif p.option == "degradable_mailer":
        kg, cost, green, uses = (e.degradable_pack_kg, std_cost * p.degradable_cost_multiplier,
                                 True, 1.0)
    else:  # reusable_box: uses ≈ 1/(1 − return rate), capped
        uses = min(float(p.reusable_max_uses), 1.0 / (1.0 - p.reusable_return_rate))
        kg = e.reusable_box_kg / uses + e.reusable_return_kg
        cost = p.reusable_box_cost_cny / uses + p.reusable_handling_cny
        green = True
    return PackagingFactors(kg, cost, max(0.0, cost - std_cost), green, uses)


@dataclass(frozen=True)
class DeliveryFactors:
    km_urban: float
    km_rural: float
    kg_per_km: float
    electric_share: float
    cost_urban: float
    cost_rural: float
    extra_days: float


def delivery_factors(sc: Scenario) -> DeliveryFactors:
    lg, e = sc.logistics, sc.emissions
    km_mult = (1.0 - lg.route_optimisation) * (CONSOLIDATED_KM if lg.consolidated_delivery else 1.0)
    cost_mult = CONSOLIDATED_COST if lg.consolidated_delivery else 1.0
    kg_per_km = e.diesel_kg_per_km * (1.0 - lg.electric_share * e.electric_reduction)
    surcharge = lg.electric_surcharge_cny * lg.electric_share
    return DeliveryFactors(
        km_urban=lg.urban_km_per_parcel * km_mult,
        km_rural=lg.rural_km_per_parcel * km_mult,
        kg_per_km=kg_per_km,
        electric_share=lg.electric_share,
        cost_urban=lg.delivery_cost_cny * cost_mult + surcharge,
        cost_rural=lg.delivery_cost_cny * (1 + lg.rural_cost_uplift) * cost_mult + surcharge,
        extra_days=CONSOLIDATED_DELAY_DAYS if lg.consolidated_delivery else 0.0,
    )


def grid_factor(sc: Scenario) -> float:
    return GRID_FACTORS[sc.emissions.grid_region]


def warehouse_kg_per_order(sc: Scenario) -> float:
    return sc.emissions.kwh_per_order * grid_factor(sc)
