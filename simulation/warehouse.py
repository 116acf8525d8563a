"""Warehouse electricity: grid emission factors and carbon per order (scope 2)."""

from __future__ import annotations

from .scenario import Scenario

# MEE/NBS 2023 grid emission factors, kg CO2 per kWh.
GRID_FACTORS = {
    "national": 0.5306, "north": 0.6361, "east": 0.5500, "central": 0.5271,
    "south": 0.4042, "southwest": 0.2472,
}


def grid_factor(sc: Scenario) -> float:
    return GRID_FACTORS[sc.emissions.grid_region]


def warehouse_kg_per_order(sc: Scenario) -> float:
    return sc.emissions.kwh_per_order * grid_factor(sc)
