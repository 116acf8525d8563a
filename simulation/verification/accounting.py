"""Accounting rebuilt from the raw event records and compared with the KPIs.

``run_shop(scenario, seed)`` returns the finished shop; its ``shop.rec`` (one tuple per order
placed, packed, shipped, cancelled, per contact, quit, ...) and ``shop.ledger`` (daily
accounts booked by the model) are the raw records. :func:`rebuild` recomputes figures from
them here, record by record in plain Python, without ``simulation.metrics`` (which works on
numpy arrays and daily sums), and :func:`accounting` compares them with
``simulate(scenario, seed).kpis`` for the same seed (the same run). The tolerance is floating
point (relative 1e-9) and the standard error 0: any gap is a bookkeeping error.

Everything that depends on the layout of the records or on the model's accounting rules is in
this module's first part (``*_FIELDS`` and :func:`rebuild`): update it there when the model
changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..certification import certified_green
from ..delivery import delivery_factors
from ..engine import run_shop, simulate
from ..loader import load_scenario
from ..marketing import DAYS_PER_MONTH
from .. import records as _records
from ..packaging import packaging_factors
from ..records import COST_CATEGORIES
from ..scenario import ACQUISITION_CHANNELS, Scenario
from ..warehouse import warehouse_kg_per_order
from .checks import Check, exact, register

CATEGORY = "accounting"

# -- the record layouts (simulation/records.py) and the rebuild ---------------------------------

# the columns of each record, as records.py declares them (these defaults otherwise)
PLACED_FIELDS = getattr(_records, "PLACED", ("oid", "cust", "t"))
CANCELLED_FIELDS = getattr(_records, "CANCELLED", ("oid", "t", "removed"))
PACKED_FIELDS = getattr(_records, "PACKED", ("oid", "start", "end", "ship"))
SHIPPED_FIELDS = getattr(_records, "SHIPPED", ("oid", "ship", "delivered", "on_time", "defect",
                                               "wrong", "returned", "rural", "failed", "value"))
CONTACT_FIELDS = getattr(_records, "CONTACTS", ("at", "start", "end"))


def ledger_cost_accounts(shop) -> list[str]:
    """The cost accounts the model books day by day (wages, marketing, overheads, ...): the
    ledger's accounts that are cost categories (not the per-channel marketing split)."""
    return [a for a in shop.ledger.d if a in COST_CATEGORIES]


def _rows(records: list, fields: tuple[str, ...]) -> list[dict]:
    return [dict(zip(fields, r, strict=True)) for r in records]


@dataclass
class Figure:
    kpi: str            # the KPI it is compared with
    value: float        # rebuilt from the records
    reference: str      # how, in words


def _ledger_total(shop, account: str) -> float:
    """Every amount the model booked on an account (the horizon instant included)."""
    return math.fsum(shop.ledger.d[account])


def _mean(values: list[float]) -> float:
    return math.fsum(values) / len(values) if values else math.nan


def rebuild(shop) -> list[Figure]:
    """Figures recomputed from ``shop.rec`` and ``shop.ledger``, each naming its KPI."""
    sc: Scenario = shop.sc
    rec = shop.rec
    placed = _rows(rec.placed, PLACED_FIELDS)
    packed = _rows(rec.packed, PACKED_FIELDS)
    shipped = _rows(rec.shipped, SHIPPED_FIELDS)
    cancelled = _rows(rec.cancelled, CANCELLED_FIELDS)
    contacts = _rows(rec.contacts, CONTACT_FIELDS)
    placed_at = {r["oid"]: r["t"] for r in placed}
    shipped_ids = [r["oid"] for r in shipped]
    cancelled_ids = [r["oid"] for r in cancelled]
    in_progress = set(placed_at) - set(shipped_ids) - set(cancelled_ids)
    n_ship = len(shipped)

    figures = [
        Figure("orders", len(placed), "orders placed: records in rec.placed"),
        Figure("orders_shipped", n_ship, "orders shipped: records in rec.shipped"),
        Figure("orders_cancelled", len(cancelled), "orders cancelled: records in rec.cancelled"),
        Figure("orders_in_progress_end", len(in_progress),
               "orders in progress at the end = placed − shipped − cancelled (order ids)"),
    ]
    # revenue: what customers paid for shipped orders less the refunds of returned ones
    sales = math.fsum(r["value"] for r in shipped)
    refunds = math.fsum(r["value"] for r in shipped if r["returned"])
    figures.append(Figure("revenue_cny", sales - refunds,
                          "Σ value of shipped orders − Σ value of returned ones"))

    # carbon, parcel by parcel: a wrong item is sent again (two parcels) and comes back
    pk, dv = packaging_factors(sc), delivery_factors(sc)
    wh = warehouse_kg_per_order(sc)
    parcels = packaging_kg = transport_kg = warehouse_kg = 0.0
    goods = commission = packaging_cny = delivery_cny = subsidies = 0.0
    gm, pol = sc.shop.gross_margin, sc.policy
    rebate = pol.commission_rebate if certified_green(sc) else 0.0
    for r in shipped:
        n_parcels = 1 + int(r["wrong"])
        trip = (dv.km_rural if r["rural"] else dv.km_urban) * dv.kg_per_km
        back = int(r["returned"]) + int(r["wrong"])           # parcels sent back
        parcels += n_parcels
        packaging_kg += n_parcels * pk.kg_per_parcel
        warehouse_kg += n_parcels * wh
        transport_kg += (n_parcels * (dv.linehaul_kg + trip) + int(r["failed"]) * trip
                         + back * (trip + dv.linehaul_kg))
        # money: goods are written off when a defective item comes back, restocked otherwise
        kept = 0 if r["returned"] else 1
        written_off = 1 if (r["returned"] and r["defect"]) else 0
        goods += r["value"] * (1.0 - gm) * (kept + written_off)
        commission += r["value"] * pol.commission_rate * kept
        packaging_cny += n_parcels * pk.cost_per_parcel
        delivery_cny += ((dv.cost_rural if r["rural"] else dv.cost_urban)
                         * (n_parcels + int(r["wrong"]) + written_off))
        subsidies -= n_parcels * (pol.packaging_subsidy * pk.premium_per_parcel
                                  + pol.green_logistics_subsidy_cny * dv.electric_share)
        subsidies -= rebate * r["value"] * kept      # certified green shops' commission rebate
    gross = packaging_kg + transport_kg + warehouse_kg
    offset = sc.governance.offset_share
    net = gross * (1.0 - offset)
    figures += [
        Figure("carbon_packaging_kg", packaging_kg,
               f"parcels ({parcels:.0f} = shipped + wrong items re-sent) × packaging factor "
               f"{pk.kg_per_parcel:.4g} kg/parcel"),
        Figure("carbon_packaging_kg_per_parcel", pk.kg_per_parcel,
               f"the packaging factor for '{sc.packaging.option}' (kg/parcel)"),
        Figure("carbon_warehouse_kg", warehouse_kg,
               f"parcels × warehouse factor {wh:.4g} kg/parcel"),
        Figure("carbon_transport_kg", transport_kg,
               "Σ over parcels of line-haul + last-mile km × vehicle factor, + a repeated last "
               "mile per failed attempt, + last mile and line-haul back per return or wrong item"),
        Figure("carbon_kg_total", gross, "packaging + transport + warehouse, rebuilt above"),
        Figure("carbon_kg_net", net, f"rebuilt total × (1 − offset share {offset:g})"),
    ]

    # costs: per-order flows above, daily accounts from the ledger, offsets and carbon price
    ledger = {a: _ledger_total(shop, a) for a in ledger_cost_accounts(shop)}
    offsets = gross * offset / 1000.0 * sc.governance.offset_price_cny_per_t
    carbon_price = net / 1000.0 * pol.carbon_price_cny_per_t
    # training and community-funding subsidies: booked day by day on their own accounts
    ledger_subsidies = math.fsum(_ledger_total(shop, a) for a in ("subsidy_training",
                                                                   "subsidy_community"))
    cost = math.fsum([goods, commission, packaging_cny, delivery_cny, subsidies,
                      ledger_subsidies, offsets, carbon_price, *ledger.values()])
    figures += [
        Figure("marketing_cny", ledger["marketing"], "Σ marketing entries in the ledger"),
        Figure("marketing_cny", (sc.marketing.monthly_budget_cny / DAYS_PER_MONTH
                                 + pol.community_funding_cny_per_year / 365.0) * shop.days,
               f"(monthly budget / {DAYS_PER_MONTH:g} days + community funding / 365) × "
               f"{shop.days} days"),
        Figure("cost_total_cny", cost,
               "goods + commission + packaging + delivery − subsidies (per shipped order, and "
               f"training and community funding by day) + ledger accounts ({', '.join(ledger)}) "
               "+ offsets + carbon price"),
        Figure("profit_cny", sales - refunds - cost, "rebuilt revenue − rebuilt cost"),
    ]

    # rates over shipped orders
    for kpi, field, what in (("on_time_rate", "on_time", "delivered on time"),
                             ("defect_rate", "defect", "defective"),
                             ("return_rate", "returned", "returned"),
                             ("wrong_item_rate", "wrong", "wrong item")):
        figures.append(Figure(kpi, sum(1 for r in shipped if r[field]) / n_ship if n_ship
                              else math.nan, f"shipped orders {what} / shipped orders"))

    # customers, staff, service
    paid = sum(1 for c in rec.acquired if c < len(ACQUISITION_CHANNELS))
    warm = sc.run.warmup_days
    waits = [(r["start"] - placed_at[r["oid"]]) * 24.0 for r in packed
             if placed_at[r["oid"]] >= warm]
    figures += [
        Figure("customers_acquired", len(rec.acquired), "records in rec.acquired"),
        Figure("paid_customers_acquired", paid,
               "records in rec.acquired with a paid acquisition channel"),
        Figure("fulfilment_wait_hours_mean", _mean(waits),
               f"mean of (packing start − placed) × 24 over packed orders placed after the "
               f"{warm:g}-day warm-up"),
        Figure("satisfaction_mean", _mean([s for _oid, s in rec.sat]),
               "mean of the satisfaction records"),
        Figure("cs_wait_hours_mean", _mean([(c["start"] - c["at"]) * 24.0 for c in contacts]),
               "mean of (service start − contact) × 24 over the contact records"),
        Figure("staff_quits", len(rec.quits), "records in rec.quits"),
        Figure("scandals", len(rec.scandals), "records in rec.scandals"),
    ]
    return figures


def counted_once(shop) -> int:
    """Orders recorded twice, or both shipped and cancelled, or shipped/cancelled without
    being placed (0 in a correct run)."""
    placed = [r[0] for r in shop.rec.placed]
    shipped = [r[0] for r in shop.rec.shipped]
    cancelled = [r[0] for r in shop.rec.cancelled]
    dupes = sum(len(ids) - len(set(ids)) for ids in (placed, shipped, cancelled))
    both = len(set(shipped) & set(cancelled))
    orphans = len((set(shipped) | set(cancelled)) - set(placed))
    return dupes + both + orphans


# -- the scenarios and the check ---------------------------------------------------------------

def scenarios(quick: bool) -> dict[str, Scenario]:
    """A baseline, a stressed shop (one packer, short patience: cancellations and a backlog at
    the end) and, in the full run, the full ESG preset and offsets with policy support (a
    certified green shop with staff training, and every subsidy instrument on)."""
    horizon = {"run.horizon_days": 60 if quick else 120}
    base = Scenario().with_changes(horizon)
    out = {"baseline": base,
           "stressed": base.with_changes({"staff.packers": 1,
                                          "customers.cancel_after_hours": 24})}
    if not quick:
        out["full_esg"] = load_scenario("full_esg").with_changes(horizon)
        out["offsets_and_policy"] = load_scenario("policy_support").with_changes(
            {**horizon, "governance.offset_share": 0.5, "packaging.option": "reusable_box",
             "logistics.electric_share": 0.5, "staff.training": True,
             "policy.commission_rebate": 0.02, "policy.community_funding_cny_per_year": 60_000})
    return out


SEED = 11


@register(CATEGORY)
def accounting(quick: bool) -> list[Check]:
    checks: list[Check] = []
    for name, sc in scenarios(quick).items():
        shop = run_shop(sc, SEED)
        kpis = simulate(sc, SEED).kpis
        prefix = f"accounting.{name}"
        checks.append(exact(f"{prefix}.orders_counted_once", CATEGORY,
                            "orders recorded twice, both shipped and cancelled, or never placed",
                            0.0, float(counted_once(shop))))
        seen: dict[str, int] = {}
        for f in rebuild(shop):
            seen[f.kpi] = seen.get(f.kpi, 0) + 1
            suffix = f"{f.kpi}" if seen[f.kpi] == 1 else f"{f.kpi}.{seen[f.kpi]}"
            checks.append(exact(f"{prefix}.{suffix}", CATEGORY, f.reference, float(f.value),
                                float(kpis[f.kpi]),
                                detail=f"KPI {f.kpi} (measured) against the figure rebuilt "
                                       f"from the raw records (expected), seed {SEED}"))
    return checks
