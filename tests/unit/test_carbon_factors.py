"""Carbon per parcel on published factors (line-haul and last mile apart), what each lever can
change, and the shop categories' profiles."""

from __future__ import annotations

import pytest

from simulation import Scenario, category, simulate
from simulation.delivery import delivery_factors, electric_km_share, forward_kg_per_parcel
from simulation.metrics import order_flows
from simulation.records import SHIPPED, Table
from simulation.packaging import packaging_factors
from simulation.scenario import parameter_rows
from simulation.warehouse import warehouse_kg_per_order

SHORT = {"run.horizon_days": 90}


@pytest.fixture(scope="module")
def baseline_flows():
    """Carbon by source of a short baseline run (kg CO2e), and the parcels and orders shipped."""
    r = simulate(Scenario().with_changes(SHORT), seed=5)
    src = r.carbon_by_source
    c = {"packaging": src["packaging"], "linehaul": src["transport_linehaul"],
         "lastmile": src["transport_lastmile"], "redelivery": src["transport_redelivery"],
         "returns": src["transport_returns"], "warehouse": src["warehouse"]}
    parcels = src["packaging"] / r.kpis["carbon_packaging_kg_per_parcel"]
    return c, parcels, r.kpis["orders_shipped"]


def _transport(c: dict[str, float]) -> float:
    return c["linehaul"] + c["lastmile"] + c["redelivery"] + c["returns"]


# --- the baseline's footprint --------------------------------------------------------------

def test_baseline_outbound_trip_is_near_kang_and_mostly_linehaul():
    f = forward_kg_per_parcel(Scenario())
    assert 0.2 <= f["total"] <= 0.35          # Kang et al. 2021: 0.27 per average parcel
    assert f["linehaul"] / f["total"] > 0.75  # nearly all of it intercity
    assert f["lastmile"] < 0.1


def test_baseline_transport_per_parcel_in_band(baseline_flows):
    c, parcels, _ = baseline_flows
    per_parcel = _transport(c) / parcels      # returns and failed attempts included
    assert 0.15 <= per_parcel <= 0.45
    assert c["linehaul"] / _transport(c) > 0.5
    assert c["lastmile"] + c["redelivery"] < c["linehaul"]


def test_baseline_packaging_and_whole_footprint(baseline_flows):
    c, parcels, orders = baseline_flows
    assert 0.25 <= c["packaging"] / parcels <= 0.35
    assert sum(c.values()) / orders < 1.0


# --- levers act only on the part they can change ------------------------------------------

def test_each_lever_moves_only_its_part():
    base = Scenario()
    b = delivery_factors(base)
    route = delivery_factors(base.with_changes({"logistics.route_optimisation": 0.25}))
    shared = delivery_factors(base.with_changes({"logistics.consolidated_delivery": True}))
    ev = delivery_factors(base.with_changes({"logistics.electric_share": 1.0}))
    for lever in (route, shared, ev):
        assert lever.linehaul_kg == b.linehaul_kg          # no shop lever touches line-haul
    for lever in (route, shared):                          # km, not the vehicle
        assert lever.km_urban < b.km_urban and lever.km_rural < b.km_rural
        assert lever.kg_per_km == b.kg_per_km
    assert ev.km_urban == b.km_urban and ev.km_rural == b.km_rural   # vehicle, not km
    assert ev.kg_per_km < b.kg_per_km
    # packaging and warehouse stay put
    for changes in ({"logistics.route_optimisation": 0.25}, {"logistics.electric_share": 1.0},
                    {"logistics.consolidated_delivery": True}):
        sc = base.with_changes(changes)
        assert packaging_factors(sc) == packaging_factors(base)
        assert warehouse_kg_per_order(sc) == warehouse_kg_per_order(base)


def test_levers_are_modest_because_last_mile_is_small():
    """Even every delivery lever at its maximum leaves most of the outbound trip."""
    base = forward_kg_per_parcel(Scenario())["total"]
    best = forward_kg_per_parcel(Scenario().with_changes({
        "logistics.route_optimisation": 0.25, "logistics.electric_share": 1.0,
        "logistics.consolidated_delivery": True}))["total"]
    assert 0.75 * base < best < base


def test_green_plan_raises_the_carriers_electric_share():
    sc = Scenario()
    carrier = sc.logistics.carrier_electric_share
    assert electric_km_share(sc) == pytest.approx(carrier)
    assert electric_km_share(sc.with_changes({"logistics.electric_share": 1.0})) == 1.0
    half = electric_km_share(sc.with_changes({"logistics.electric_share": 0.5}))
    assert half == pytest.approx(0.5 + 0.5 * carrier)
    # a carrier already fully electric leaves the plan nothing to cut
    full = sc.with_changes({"logistics.carrier_electric_share": 1.0})
    assert (delivery_factors(full.with_changes({"logistics.electric_share": 1.0})).kg_per_km
            == pytest.approx(delivery_factors(full).kg_per_km))


def test_failed_attempts_repeat_last_mile_and_returns_both_legs():
    sc = Scenario()
    dv = delivery_factors(sc)
    # columns: records.SHIPPED (oid, ship, delivered, on_time, defect, wrong, returned, rural,
    # failed, value)
    rows = Table([
        (0, 1.2, 3.0, 1, 0, 0, 0, 0, 0, 200.0),   # plain urban parcel
        (1, 1.2, 3.0, 1, 0, 0, 0, 0, 1, 200.0),   # failed first attempt
        (2, 1.2, 3.0, 1, 0, 0, 1, 0, 0, 200.0),   # returned
        (3, 1.2, 3.0, 1, 0, 0, 0, 1, 0, 200.0),   # rural
    ], SHIPPED)
    carbon, _, parcels, _ = order_flows(sc, rows, 3)
    c = {k: float(v.sum()) for k, v in carbon.items()}
    urban, rural = dv.lastmile_kg(False), dv.lastmile_kg(True)
    assert parcels == 4
    assert c["linehaul"] == pytest.approx(4 * dv.linehaul_kg)
    assert c["lastmile"] == pytest.approx(3 * urban + rural)
    assert c["redelivery"] == pytest.approx(urban)
    assert c["returns"] == pytest.approx(dv.linehaul_kg + urban)
    assert rural > urban


def test_transport_factors_are_sourced():
    rows = parameter_rows()
    assert "Kang et al. 2021" in rows["logistics.linehaul_kg_per_parcel"]["source"]
    assert "well-to-wheel" in rows["emissions.diesel_kg_per_km"]["source"]
    for path in ("logistics.urban_km_per_parcel", "logistics.rural_km_per_parcel",
                 "logistics.carrier_electric_share"):
        assert rows[path]["source"].startswith("assumption")


def test_logistics_module_still_re_exports():
    from simulation import logistics

    assert logistics.packaging_factors is packaging_factors
    assert logistics.delivery_factors is delivery_factors
    assert logistics.HOURS_PER_MONTH > 0 and logistics.GRID_FACTORS["national"] == 0.5306


# --- shop categories -----------------------------------------------------------------------

def test_apparel_profile_is_the_schema_default():
    sc = Scenario()
    assert sc.shop.category == category.BASELINE_CATEGORY == "apparel"
    for path, value in category.profile_changes("apparel").items():
        section, field = path.split(".")
        assert getattr(getattr(sc, section), field) == value, path


def test_profiles_cover_the_schema_choices_and_are_sourced():
    import typing

    from simulation.scenario import Shop

    choices = typing.get_args(Shop.model_fields["category"].annotation)
    assert set(choices) == set(category.CATEGORIES) == set(category.CATEGORY_PROFILES)
    for name, p in category.CATEGORY_PROFILES.items():
        assert set(p.sources) == set(category.PROFILE_PATHS), name
        assert all(p.sources.values()), name
        assert name in category.CATEGORY_LABELS


@pytest.mark.parametrize("name", [c for c in category.CATEGORIES if c != "apparel"])
def test_category_sets_exactly_its_profile(name):
    base = Scenario()
    sc = base.with_changes({"shop.category": name})
    expected = category.profile_changes(name)
    for path, value in expected.items():
        section, field = path.split(".")
        assert getattr(getattr(sc, section), field) == value, path
    # nothing else moves
    a, b = base.to_dict(), sc.to_dict()
    for path in list(expected) + ["shop.category"]:
        section, field = path.split(".")
        a[section].pop(field)
        b[section].pop(field)
    assert a == b
    # and back to the baseline
    assert sc.with_changes({"shop.category": "apparel"}) == base


def test_explicit_values_override_the_category():
    sc = Scenario().with_changes({"shop.category": "electronics", "shop.order_value_cny": 900})
    assert sc.shop.order_value_cny == 900
    assert sc.shop.gross_margin == category.CATEGORY_PROFILES["electronics"].gross_margin
    nested = Scenario().with_changes({"shop": {"category": "food", "return_rate": 0.1}})
    assert nested.shop.return_rate == 0.1
    assert nested.shop.gross_margin == category.CATEGORY_PROFILES["food"].gross_margin
    # a change that keeps the category leaves the other fields alone
    same = sc.with_changes({"shop.category": "electronics"})
    assert same == sc


def test_category_round_trips_through_a_diff():
    from simulation.loader import apply_changes, diff_scenarios

    sc = Scenario().with_changes({"shop.category": "beauty", "shop.gross_margin": 0.6})
    assert apply_changes(Scenario(), diff_scenarios(Scenario(), sc)) == sc


def test_category_changes_packaging_and_economics_per_parcel():
    base = Scenario()
    home = base.with_changes({"shop.category": "home_goods"})
    k = category.CATEGORY_PROFILES["home_goods"].pack_size_factor
    assert packaging_factors(home).kg_per_parcel == pytest.approx(
        k * packaging_factors(base).kg_per_parcel)
    assert packaging_factors(home).cost_per_parcel == pytest.approx(
        k * packaging_factors(base).cost_per_parcel)
    # the category does not touch transport factors
    assert delivery_factors(home) == delivery_factors(base)


def test_category_option_labels_exist():
    from ui.i18n import TEXT

    for name in category.CATEGORIES:
        assert f"builder.opt_category_{name}" in TEXT
