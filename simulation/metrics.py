"""Event records -> KPIs, the daily frame, and the carbon and cost ledgers.

Pure functions of what the model recorded. Every total is computed as the sum of its parts
(and the tests check that it is). KPI names are a contract (ARCHITECTURE.md); their
bilingual labels live in ``KPI_LABELS`` for the UI to reuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import itertools

import numpy as np
import pandas as pd

from .logistics import delivery_factors, packaging_factors, warehouse_kg_per_order
from .records import COST_CATEGORIES
from .scenario import ACQUISITION_CHANNELS, CHANNEL_BASE, CHANNELS, MODEL_VERSION, Scenario

CHANNEL_NAMES = ACQUISITION_CHANNELS + ("organic", "base")

# name: (zh, en, unit, higher_is_better)
KPI_LABELS: dict[str, tuple[str, str, str, bool | None]] = {
    "orders": ("订单数", "Orders", "orders", True),
    "customers_acquired": ("新客数", "New customers", "customers", True),
    "active_customers_end": ("期末活跃客户", "Active customers at end", "customers", True),
    "repeat_purchase_rate": ("复购率", "Repeat-purchase rate", "fraction", True),
    "retention_90d": ("90天留存率", "90-day retention", "fraction", True),
    "cac_cny": ("获客成本", "Customer acquisition cost", "CNY", False),
    "marketing_cny": ("营销费用", "Marketing spend", "CNY", None),
    "revenue_cny": ("收入", "Revenue", "CNY", True),
    "cost_total_cny": ("总成本", "Total cost", "CNY", False),
    "cost_per_order_cny": ("单均成本", "Cost per order", "CNY", False),
    "profit_cny": ("利润", "Profit", "CNY", True),
    "carbon_kg_total": ("总碳排放", "Total carbon", "kg CO2e", False),
    "carbon_kg_per_order": ("单均碳排放", "Carbon per order", "kg CO2e", False),
    "carbon_packaging_kg": ("包装碳排放", "Packaging carbon", "kg CO2e", False),
    "carbon_transport_kg": ("运输碳排放", "Transport carbon", "kg CO2e", False),
    "carbon_warehouse_kg": ("仓储碳排放", "Warehouse carbon", "kg CO2e", False),
    "on_time_rate": ("准时送达率", "On-time delivery rate", "fraction", True),
    "fulfilment_wait_hours_mean": ("平均履约等待", "Mean fulfilment wait", "hours", False),
    "staff_turnover_rate": ("员工流失率", "Staff turnover", "fraction", False),
    "defect_rate": ("瑕疵率", "Defect rate", "fraction", False),
    "satisfaction_mean": ("平均满意度", "Mean satisfaction", "0–1", True),
    # additional KPIs
    "carbon_kg_net": ("净碳排放（抵消后）", "Net carbon (after offsets)", "kg CO2e", False),
    "carbon_packaging_kg_per_parcel": ("单件包装碳排放", "Packaging carbon per parcel",
                                       "kg CO2e", False),
    "carbon_scope1_kg": ("范围一排放", "Scope 1 emissions", "kg CO2e", False),
    "carbon_scope2_kg": ("范围二排放", "Scope 2 emissions", "kg CO2e", False),
    "carbon_scope3_kg": ("范围三排放", "Scope 3 emissions", "kg CO2e", False),
    "marketing_share_of_revenue": ("营销费用占收入比", "Marketing / revenue", "fraction", None),
    "esg_share_of_budget": ("ESG 预算占比", "ESG share of budget", "fraction", None),
    "esg_spend_cny": ("ESG 支出", "ESG spend", "CNY", None),
    "profit_margin": ("利润率", "Profit margin", "fraction", True),
    "orders_shipped": ("已发货订单", "Orders shipped", "orders", True),
    "orders_cancelled": ("取消订单", "Orders cancelled", "orders", False),
    "orders_in_progress_end": ("期末在途订单", "Orders in progress at end", "orders", None),
    "paid_customers_acquired": ("付费渠道新客", "New customers from paid channels", "customers",
                                True),
    "return_rate": ("退货率", "Return rate", "fraction", False),
    "wrong_item_rate": ("错发率", "Wrong-item rate", "fraction", False),
    "customer_value_180d_cny": ("新客 180 天价值", "Customer value, first 180 days", "CNY", True),
    "repeat_purchase_rate_eco": ("环保型客户复购率", "Repeat-purchase rate (eco-minded)",
                                 "fraction", True),
    "repeat_purchase_rate_price": ("价格敏感型客户复购率", "Repeat-purchase rate (price-sensitive)",
                                   "fraction", True),
    "repeat_purchase_rate_convenience": ("便利型客户复购率",
                                         "Repeat-purchase rate (convenience-seeking)",
                                         "fraction", True),
    "cs_wait_hours_mean": ("客服平均等待", "Mean customer-service wait", "hours", False),
    "staff_quits": ("离职人数", "Staff quits", "people", False),
    "trust_mean": ("平均品牌信任度", "Mean brand trust", "index", True),
    "scandals": ("供应链丑闻次数", "Supply-chain scandals", "events", False),
    "fulfilment_sojourn_hours_mean": ("平均履约时长", "Mean time in fulfilment", "hours", False),
    "fulfilment_in_system_mean": ("履约系统平均在制订单", "Mean orders in fulfilment", "orders",
                                  None),
    "order_rate_per_hour": ("每小时订单", "Orders per hour", "orders/hour", None),
}
KPI_NAMES = tuple(KPI_LABELS)


@dataclass
class SimulationResult:
    """One replication's results.

    ``kpis``: every KPI in ``KPI_NAMES`` over the horizon. ``daily``: one row per day (orders,
    new customers by channel, shipped, on-time rate, active customers, revenue, cost by
    category, carbon by source, marketing by channel, staff, queue, trust, profit).
    ``carbon_by_source`` / ``carbon_by_scope`` (kg CO2e) and ``cost_by_category`` (CNY) sum to
    their totals. ``orders``: one row per order placed (customer, day, channel code:
    0–4 ``ACQUISITION_CHANNELS``, 5 organic, 6 the initial base; segment: 0 eco-minded,
    1 price-sensitive, 2 convenience-seeking; wait before pick/pack in hours).
    """

    kpis: dict[str, float]
    daily: pd.DataFrame
    carbon_by_source: dict[str, float]
    carbon_by_scope: dict[str, float]
    cost_by_category: dict[str, float]
    orders: pd.DataFrame
    scenario: Scenario
    seed: Any
    model_version: str = MODEL_VERSION
    extras: dict[str, Any] = field(default_factory=dict)


def _table(rows: list[tuple], width: int) -> np.ndarray:
    """A list of equal-length tuples as a float array (n, width), without numpy's slow
    element-by-element conversion of nested sequences."""
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=float,
                       count=len(rows) * width)
    return flat.reshape(-1, width)


def _safe_div(a: float, b: float) -> float:
    return float(a) / float(b) if b else float("nan")


def _active_by_day(cust: np.ndarray, t: np.ndarray, base_last: np.ndarray, days: int,
                   window: int) -> np.ndarray:
    """Customers with an order in (d + 1 − window, d + 1] at the end of each day d."""
    # each purchase makes its customer active from t until the next purchase or t + window
    all_c = np.concatenate([np.arange(len(base_last)), cust])
    all_t = np.concatenate([base_last, t])
    ok = np.isfinite(all_t)
    all_c, all_t = all_c[ok], all_t[ok]
    order = np.lexsort((all_t, all_c))
    c_s, t_s = all_c[order], all_t[order]
    nxt = np.full(len(t_s), np.inf)
    same = c_s[1:] == c_s[:-1]
    nxt[:-1][same] = t_s[1:][same]
    # A purchase at t counts on day d (at its end, time d + 1) while t <= d + 1 and
    # d + 1 < min(next purchase, t + window): days ceil(t) − 1 .. ceil(min(...)) − 2.
    until = np.minimum(t_s + window, nxt)
    start_day = np.clip(np.ceil(t_s).astype(np.int64) - 1, 0, days)
    end_day = np.clip(np.ceil(until).astype(np.int64) - 2, -1, days - 1)
    valid = end_day >= start_day
    diff = np.zeros(days + 2)
    np.add.at(diff, start_day[valid], 1)
    np.add.at(diff, end_day[valid] + 1, -1)
    return np.cumsum(diff)[:days]


def compute(shop) -> SimulationResult:
    sc: Scenario = shop.sc
    rec = shop.rec
    H = shop.H
    days = shop.days
    L = shop.ledger

    placed = _table(rec.placed, 3)
    n_orders = len(placed)
    packed = _table(rec.packed, 4)
    shipped = _table(rec.shipped, 10)
    placed_t = placed[:, 2]

    # --- fulfilment wait (orders picked, placed after warm-up)
    warm = sc.run.warmup_days
    p_oid = packed[:, 0].astype(np.int64)
    p_placed = placed_t[p_oid] if len(p_oid) else np.empty(0)
    keep = p_placed >= warm
    waits_h = (packed[keep, 1] - p_placed[keep]) * 24.0
    # time in the fulfilment stage of every order that left it: packed orders until packed,
    # cancelled orders until a packer took them off the queue (Little's law counts both)
    cancelled = _table(rec.cancelled, 3)
    gone = cancelled[np.isfinite(cancelled[:, 2])]
    c_placed = placed_t[gone[:, 0].astype(np.int64)] if len(gone) else np.empty(0)
    c_keep = c_placed >= warm
    sojourn_h = np.concatenate([packed[keep, 2] - p_placed[keep],
                                gone[c_keep, 2] - c_placed[c_keep]]) * 24.0

    # --- ledgers: per-order flows from the shipped records (booked on the ship day),
    # daily accounts from the model's ledger
    carbon_daily, flow_daily, parcels, order_margin = order_flows(sc, shipped, days)
    gross_daily = sum(carbon_daily.values())
    offset_share = sc.governance.offset_share
    net_daily = gross_daily * (1.0 - offset_share)
    cost_daily = {}
    for c in COST_CATEGORIES:
        if c in flow_daily:
            cost_daily[c] = flow_daily[c] + (np.array(L.series(c)) if c in L.d else 0.0)
        elif c in L.d:
            cost_daily[c] = np.array(L.series(c))
    cost_daily["offsets"] = gross_daily * offset_share / 1000.0 * sc.governance.offset_price_cny_per_t
    cost_daily["carbon_price"] = net_daily / 1000.0 * sc.policy.carbon_price_cny_per_t
    cost_daily = {c: cost_daily[c] for c in COST_CATEGORIES}
    revenue_daily = flow_daily["sales"] - flow_daily["refunds"]
    cost_total_daily = sum(cost_daily.values())

    carbon_by_source = {
        "packaging": float(carbon_daily["packaging"].sum()),
        "transport_linehaul": float(carbon_daily["linehaul"].sum()),
        "transport_lastmile": float(carbon_daily["lastmile"].sum()),
        "transport_redelivery": float(carbon_daily["redelivery"].sum()),
        "transport_returns": float(carbon_daily["returns"].sum()),
        "warehouse": float(carbon_daily["warehouse"].sum()),
    }
    carbon_total = float(sum(carbon_by_source.values()))
    transport = (carbon_by_source["transport_linehaul"] + carbon_by_source["transport_lastmile"]
                 + carbon_by_source["transport_redelivery"] + carbon_by_source["transport_returns"])
    carbon_by_scope = {
        "scope1": 0.0,   # no owned vehicles or fuel burnt on site in this model
        "scope2": carbon_by_source["warehouse"],
        "scope3": carbon_by_source["packaging"] + transport,
    }
    cost_by_category = {c: float(v.sum()) for c, v in cost_daily.items()}
    cost_total = float(sum(cost_by_category.values()))
    revenue = float(revenue_daily.sum())
    marketing = cost_by_category["marketing"]
    acq_spend = float(sum(sum(L.series(f"marketing_{c}")) for c in ACQUISITION_CHANNELS))
    esg_spend = float(sum(L.series("marketing_esg_content"))) + cost_by_category["audits"] \
        + cost_by_category["esg_programmes"] + cost_by_category["offsets"]

    # --- customers
    chan = np.array(shop.chan, dtype=np.int64)
    n_cust = np.array(shop.n_orders)
    segs = np.array(shop.seg, dtype=np.int64)
    first_t = np.array(shop.first_t)
    second_t = np.array(shop.second_t)
    last_t = np.array(shop.last_t)
    buyers = int((n_cust >= 1).sum())
    repeaters = int((n_cust >= 2).sum())
    rw = sc.run.retention_window_days
    cohort = first_t <= H - rw
    with np.errstate(invalid="ignore"):
        retained = int(((second_t - first_t) <= rw)[cohort].sum())
    acquired = np.array(rec.acquired, dtype=np.int64)
    paid = int((acquired < len(ACQUISITION_CHANNELS)).sum())
    aw = sc.run.active_window_days
    active_end = int((last_t > H - aw).sum())

    # --- shipping
    n_ship = len(shipped)
    on_time = shipped[:, 3].sum() if n_ship else 0.0
    defects = shipped[:, 4].sum() if n_ship else 0.0
    returns = shipped[:, 6].sum() if n_ship else 0.0
    sats = _table(rec.sat, 2)[:, 1]
    contacts = _table(rec.contacts, 3)
    cs_wait = (contacts[:, 1] - contacts[:, 0]) * 24.0
    n_cancel = len(rec.cancelled)
    in_progress = shop.end_queue + shop.end_busy + int((packed[:, 3] > H).sum()) if len(packed) \
        else shop.end_queue + shop.end_busy

    # --- staff
    dstate = _table(rec.days, 6)
    mean_heads = float((dstate[:, 1] + dstate[:, 2]).mean()) if len(dstate) else float("nan")
    quits = len(rec.quits)

    # --- Little's law inputs: time-average occupancy from the monitor
    occ = _table(rec.occ, 3)
    occ = occ[occ[:, 0] >= warm]
    in_system = float((occ[:, 1] + occ[:, 2]).mean()) if len(occ) else float("nan")
    rate_h = _safe_div((placed_t >= warm).sum(), (H - warm) * 24.0)

    kpis = {
        "orders": float(n_orders),
        "customers_acquired": float(len(acquired)),
        "active_customers_end": float(active_end),
        "repeat_purchase_rate": _safe_div(repeaters, buyers),
        "retention_90d": _safe_div(retained, int(cohort.sum())),
        "cac_cny": _safe_div(acq_spend, paid),
        "marketing_cny": marketing,
        "revenue_cny": revenue,
        "cost_total_cny": cost_total,
        "cost_per_order_cny": _safe_div(cost_total, n_ship),
        "profit_cny": revenue - cost_total,
        "carbon_kg_total": carbon_total,
        "carbon_kg_per_order": _safe_div(carbon_total, n_ship),
        "carbon_packaging_kg": carbon_by_source["packaging"],
        "carbon_transport_kg": transport,
        "carbon_warehouse_kg": carbon_by_source["warehouse"],
        "on_time_rate": _safe_div(on_time, n_ship),
        "fulfilment_wait_hours_mean": float(waits_h.mean()) if len(waits_h) else float("nan"),
        "staff_turnover_rate": _safe_div(quits, mean_heads),
        "defect_rate": _safe_div(defects, n_ship),
        "satisfaction_mean": float(sats.mean()) if len(sats) else float("nan"),
        "carbon_kg_net": carbon_total * (1.0 - offset_share),
        "carbon_packaging_kg_per_parcel": _safe_div(carbon_by_source["packaging"], parcels),
        "carbon_scope1_kg": carbon_by_scope["scope1"],
        "carbon_scope2_kg": carbon_by_scope["scope2"],
        "carbon_scope3_kg": carbon_by_scope["scope3"],
        "marketing_share_of_revenue": _safe_div(marketing, revenue),
        "esg_share_of_budget": sc.marketing.shares.esg_content,
        "esg_spend_cny": esg_spend,
        "profit_margin": _safe_div(revenue - cost_total, revenue),
        "orders_shipped": float(n_ship),
        "orders_cancelled": float(n_cancel),
        "orders_in_progress_end": float(in_progress),
        "paid_customers_acquired": float(paid),
        "return_rate": _safe_div(returns, n_ship),
        "wrong_item_rate": _safe_div(shipped[:, 5].sum() if n_ship else 0.0, n_ship),
        "customer_value_180d_cny": _customer_value(shipped, order_margin, placed, first_t,
                                                   chan, H, 180.0),
        **{f"repeat_purchase_rate_{name}": _safe_div(int(((n_cust >= 2) & (segs == i)).sum()),
                                                      int(((n_cust >= 1) & (segs == i)).sum()))
           for i, name in enumerate(("eco", "price", "convenience"))},
        "cs_wait_hours_mean": float(cs_wait.mean()) if len(cs_wait) else float("nan"),
        "staff_quits": float(quits),
        "trust_mean": float(dstate[:, 4].mean()) if len(dstate) else float("nan"),
        "scandals": float(len(rec.scandals)),
        "fulfilment_sojourn_hours_mean": float(sojourn_h.mean()) if len(sojourn_h) else float("nan"),
        "fulfilment_in_system_mean": in_system,
        "order_rate_per_hour": rate_h,
    }

    # --- daily frame
    day_idx = np.arange(days)
    orders_d = np.bincount(np.minimum(placed_t.astype(np.int64), days - 1), minlength=days) \
        if n_orders else np.zeros(days)
    ship_day = np.minimum(shipped[:, 1].astype(np.int64), days - 1) if n_ship else np.empty(0, int)
    shipped_d = np.bincount(ship_day, minlength=days) if n_ship else np.zeros(days)
    ontime_d = np.bincount(ship_day, weights=shipped[:, 3], minlength=days) if n_ship \
        else np.zeros(days)
    new_d = np.zeros(days)
    cust_of_order = placed[:, 1].astype(np.int64)
    new_mask = chan[:len(first_t)] != CHANNEL_BASE
    nf = first_t[new_mask & np.isfinite(first_t)]
    if len(nf):
        new_d = np.bincount(np.minimum(nf.astype(np.int64), days - 1), minlength=days)
    acq_by_channel = {}
    if len(nf):
        nf_chan = chan[:len(first_t)][new_mask & np.isfinite(first_t)]
        nf_day = np.minimum(nf.astype(np.int64), days - 1)
        for i, ch in enumerate(CHANNEL_NAMES[:-1]):
            acq_by_channel[f"new_customers_{ch}"] = np.bincount(
                nf_day[nf_chan == i], minlength=days)[:days]
    else:
        acq_by_channel = {f"new_customers_{ch}": np.zeros(days) for ch in CHANNEL_NAMES[:-1]}
    base_n = sc.customers.initial_customers
    base_last = np.full(len(first_t), -np.inf)
    base_last[:base_n] = np.array(shop.base_last)
    active_d = _active_by_day(cust_of_order, placed_t, base_last[:base_n], days, aw)
    daily = pd.DataFrame({
        "day": day_idx,
        "orders": orders_d[:days],
        "new_customers": new_d[:days],
        **acq_by_channel,
        "orders_shipped": shipped_d[:days],
        "on_time_rate": np.divide(ontime_d, shipped_d, out=np.full(days, np.nan),
                                  where=shipped_d > 0),
        "active_customers": active_d,
        "revenue_cny": revenue_daily,
        "cost_total_cny": cost_total_daily,
        **{f"cost_{c}_cny": v for c, v in cost_daily.items()},
        "carbon_kg_total": gross_daily,
        **{f"carbon_{s}_kg": v for s, v in carbon_daily.items()},
        **{f"marketing_{c}_cny": np.array(L.series(f"marketing_{c}")) for c in CHANNELS},
        "packers": dstate[:days, 1] if len(dstate) else np.nan,
        "cs_agents": dstate[:days, 2] if len(dstate) else np.nan,
        "queue_start": dstate[:days, 3] if len(dstate) else np.nan,
        "trust": dstate[:days, 4] if len(dstate) else np.nan,
        "weather": dstate[:days, 5] if len(dstate) else np.nan,
    })
    daily["profit_cny"] = daily["revenue_cny"] - daily["cost_total_cny"]
    quit_days = np.array([d for d, _ in rec.quits], dtype=np.int64)
    daily["quits"] = np.bincount(quit_days, minlength=days)[:days] if len(quit_days) else 0
    hire_days = np.array([d for d, _ in rec.hires], dtype=np.int64)
    daily["hires"] = np.bincount(hire_days, minlength=days)[:days] if len(hire_days) else 0

    # order-level frame (for cohort and distribution charts)
    wait_by_oid = np.full(n_orders, np.nan)
    if len(packed):
        wait_by_oid[p_oid] = (packed[:, 1] - placed_t[p_oid]) * 24.0
    cust_chan = chan
    orders = pd.DataFrame({
        "order_id": placed[:, 0].astype(np.int64),
        "customer": cust_of_order,
        "placed_day": placed_t,
        "channel": cust_chan[cust_of_order] if n_orders else np.empty(0, np.int64),
        "segment": np.array(shop.seg, dtype=np.int64)[cust_of_order] if n_orders
        else np.empty(0, np.int64),
        "wait_hours": wait_by_oid,
    })
    return SimulationResult(kpis=kpis, daily=daily, carbon_by_source=carbon_by_source,
                            carbon_by_scope=carbon_by_scope, cost_by_category=cost_by_category,
                            orders=orders, scenario=sc, seed=shop.seed_repr)


def _customer_value(shipped: np.ndarray, margin: np.ndarray, placed: np.ndarray,
                    first_t: np.ndarray, chan: np.ndarray, H: float, window: float) -> float:
    """Mean contribution margin a new customer brings in the first ``window`` days after
    their first order (a horizon-truncated customer lifetime value), over new customers
    acquired early enough to be observed for the whole window."""
    new = (chan != CHANNEL_BASE) & (first_t <= H - window)
    n_new = int(new.sum())
    if n_new == 0 or len(shipped) == 0:
        return float("nan")
    oid = shipped[:, 0].astype(np.int64)
    cust = placed[oid, 1].astype(np.int64)
    t = placed[oid, 2]
    keep = new[cust] & (t <= first_t[cust] + window)
    return float(margin[keep].sum() / n_new)


def order_flows(sc: Scenario, shipped: np.ndarray, days: int
                ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], float]:
    """Daily carbon by source and money flows of the shipped orders, parcels sent, and each
    shipped order's contribution margin (sales − refunds − goods − commission − packaging −
    delivery).

    Columns of ``shipped``: oid, ship, delivered, on_time, defect, wrong, returned, rural,
    failed, value. A wrong item is returned and the right one re-sent (two parcels, one
    return trip); a defective item returned is refunded and written off; other returns are
    refunded and restocked, the customer paying the postage.
    """
    pk = packaging_factors(sc)
    dv = delivery_factors(sc)
    lg = sc.logistics
    n = len(shipped)
    day = np.minimum(shipped[:, 1].astype(np.int64), days - 1) if n else np.empty(0, np.int64)
    defect, wrong, returned, rural, failed, value = (shipped[:, i] for i in range(4, 10))
    parcels = 1.0 + wrong
    km = np.where(rural > 0, dv.km_rural, dv.km_urban)
    trip_kg = km * dv.kg_per_km
    carbon = {
        "packaging": pk.kg_per_parcel * parcels,
        "linehaul": lg.linehaul_kg_per_parcel * parcels,
        "lastmile": trip_kg * parcels,
        "redelivery": trip_kg * failed,
        "returns": (returned + wrong) * (trip_kg + lg.linehaul_kg_per_parcel),
        "warehouse": warehouse_kg_per_order(sc) * parcels,
    }
    pol = sc.policy
    gm = sc.shop.gross_margin
    kept = 1.0 - returned
    money = {
        "packaging": pk.cost_per_parcel * parcels,
        "delivery": np.where(rural > 0, dv.cost_rural, dv.cost_urban)
        * (parcels + wrong + returned * defect),
        "subsidies": -(pol.packaging_subsidy * pk.premium_per_parcel
                       + pol.green_logistics_subsidy_cny * dv.electric_share) * parcels,
        "goods": value * (1.0 - gm) * (kept + returned * defect),
        "commission": value * pol.commission_rate * kept,
        "sales": value,
        "refunds": value * returned,
    }

    def daily(x: np.ndarray) -> np.ndarray:
        return np.bincount(day, weights=x, minlength=days)[:days] if n else np.zeros(days)

    margin = (money["sales"] - money["refunds"] - money["goods"] - money["commission"]
              - money["packaging"] - money["delivery"])
    return ({k: daily(v) for k, v in carbon.items()}, {k: daily(v) for k, v in money.items()},
            float(parcels.sum()), margin)


def cohort_retention(result: SimulationResult, bucket_days: int = 30) -> pd.DataFrame:
    """Cohort curves: for new customers grouped by the 30-day period of their first order,
    the share who ordered in period k = 1, 2, ... after it (k = 0 is the first order)."""
    o = result.orders
    new = o[o["channel"] != CHANNEL_BASE]
    if new.empty:
        return pd.DataFrame(columns=["cohort", "months_since", "share"])
    first = new.groupby("customer")["placed_day"].min()
    df = new.merge(first.rename("first"), left_on="customer", right_index=True)
    df["cohort"] = (df["first"] // bucket_days).astype(int)
    df["months_since"] = ((df["placed_day"] - df["first"]) // bucket_days).astype(int)
    sizes = df.groupby("cohort")["customer"].nunique()
    rep = df[df["months_since"] >= 1].groupby(["cohort", "months_since"])["customer"].nunique()
    out = (rep / sizes.reindex(rep.index.get_level_values(0)).values).rename("share").reset_index()
    return out
