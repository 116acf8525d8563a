"""Packaging factors: carbon (kg CO2e) and cost (CNY) per parcel for the chosen option.

Pure functions, computed once per run; the model multiplies them per parcel. The emission
factors live in the schema (``emissions.*_pack_kg``, with their sources); the shop's category
scales material (carbon and cost) by ``shop.pack_size_factor`` (1 = the average Chinese
parcel, the apparel baseline).
"""

from __future__ import annotations

from dataclasses import dataclass

from .scenario import Scenario


@dataclass(frozen=True)
class PackagingFactors:
    kg_per_parcel: float
    cost_per_parcel: float
    premium_per_parcel: float   # over standard packaging, before subsidy
    green: bool
    uses_per_box: float


def packaging_factors(sc: Scenario) -> PackagingFactors:
    p, e = sc.packaging, sc.emissions
    size = sc.shop.pack_size_factor
    std_cost = p.standard_cost_cny * size
    if p.option == "standard":
        kg, cost, green, uses = e.standard_pack_kg * size, std_cost, False, 1.0
    elif p.option == "recycled_carton":
        kg, cost, green, uses = e.recycled_pack_kg * size, p.recycled_cost_cny * size, True, 1.0
    elif p.option == "degradable_mailer":
        kg, cost, green, uses = (e.degradable_pack_kg * size, std_cost * p.degradable_cost_multiplier,
                                 True, 1.0)
    else:  # reusable_box: uses ≈ 1/(1 − return rate), capped
        uses = min(float(p.reusable_max_uses), 1.0 / (1.0 - p.reusable_return_rate))
        kg = (e.reusable_box_kg / uses + e.reusable_return_kg) * size
        cost = (p.reusable_box_cost_cny / uses + p.reusable_handling_cny) * size
        green = True
    return PackagingFactors(kg, cost, max(0.0, cost - std_cost), green, uses)
