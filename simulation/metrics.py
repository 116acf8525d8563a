"""Event records -> KPIs, the daily frame, and the carbon and cost ledgers.

Pure functions of what the model recorded. Every total is computed as the sum of its parts
(and the tests check that it is). KPI names are a contract (docs/DESIGN.md); their
bilingual labels live in ``KPI_LABELS`` for the UI to reuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .certification import certified_green
from .delivery import delivery_factors
from .packaging import packaging_factors
from .records import COST_CATEGORIES, Table
from .scenario import (ACQUISITION_CHANNELS, CHANNEL_BASE, CHANNELS, MODEL_VERSION, Channel,
                       Scenario, Segment)
from .warehouse import warehouse_kg_per_order

CHANNEL_NAMES = tuple(c.key for c in Channel)   # search, ..., community, organic, base

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
    "churn_30d": ("30天流失率", "30-day churn", "fraction", False),
    "buyers_5plus_share": ("5次以上购买新客占比", "New customers with 5+ orders", "fraction", None),
    "carbon_transport_kg_per_parcel": ("单件运输碳排放", "Transport carbon per parcel", "kg CO2e",
                                       False),
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

# the public money a shop receives, by instrument (``extras["subsidies_by_instrument"]``):
# name: (zh, en)
SUBSIDY_LABELS: dict[str, tuple[str, str]] = {
    "packaging": ("绿色包装补贴", "Green packaging subsidy"),
    "green_logistics": ("绿色物流补贴", "Green logistics subsidy"),
    "training": ("培训补贴", "Training subsidy"),
    "community": ("商户社群营销资助", "Merchant-community funding"),
    "commission_rebate": ("认证绿色网店佣金返还", "Commission rebate for certified green shops"),
}
SUBSIDY_INSTRUMENTS = tuple(SUBSIDY_LABELS)


@dataclass
class SimulationResult:
    """One replication's results.

    ``kpis``: every KPI in ``KPI_NAMES`` (NaN where the horizon cannot measure it, with the
    reason in ``extras["missing"]``). ``daily``: one row per day (orders, new customers by
    channel, shipped, on-time rate, active customers, revenue, cost by category, carbon by
    source, marketing by channel, staff, queue, trust, platform ranking, profit).
    ``carbon_by_source`` / ``carbon_by_scope`` (kg CO2e) and ``cost_by_category`` (CNY) sum to
    their totals. ``orders``: one row per order placed: ``order_id``, ``customer``,
    ``placed_day``, ``channel`` (its name: ``Channel`` keys, "organic", or "base" for the
    past buyers), ``segment`` ("eco", "price", "convenience") and ``wait_hours`` before
    pick/pack. ``extras``: ``missing``, ``base_inflow_per_day`` (the steady inflow of new
    customers the past buyers imply), ``past_buyers`` and ``subsidies_by_instrument`` (the
    public money the shop received, CNY, positive, by instrument: ``SUBSIDY_INSTRUMENTS``;
    they sum to ``-cost_by_category["subsidies"]``).
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


def _safe_div(a: float, b: float) -> float:
    return float(a) / float(b) if b else float("nan")


def purchases_with_next(cust: np.ndarray, t: np.ndarray, base_last: np.ndarray
                        ) -> tuple[np.ndarray, np.ndarray]:
    """Every known purchase (the past buyers' last ones before day 0, then the orders placed
    in the horizon) as (time, the same customer's next purchase or inf), sorted by customer
    and time. The past buyers are the first ids."""
    all_c = np.concatenate([np.arange(len(base_last)), cust])
    all_t = np.concatenate([base_last, t])
    ok = np.isfinite(all_t)
    all_c, all_t = all_c[ok], all_t[ok]
    # the past buyers' purchases come before day 0 and the orders in time order (order ids
    # follow time), so a stable sort by customer sorts by customer and time
    order = np.argsort(all_c, kind="stable")
    c_s, t_s = all_c[order], all_t[order]
    nxt = np.full(len(t_s), np.inf)
    same = c_s[1:] == c_s[:-1]
    nxt[:-1][same] = t_s[1:][same]
    return t_s, nxt


def _active_by_day(cust: np.ndarray, t: np.ndarray, base_last: np.ndarray, days: int,
                   window: int) -> np.ndarray:
    """Customers with an order in (d + 1 − window, d + 1] at the end of each day d."""
    # each purchase makes its customer active from t until the next purchase or t + window
    t_s, nxt = purchases_with_next(cust, t, base_last)
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
    """Every KPI, the daily frame and the order frame of a finished run, section by
    section: fulfilment, money and carbon, customers, delivery, staff."""
    sc: Scenario = shop.sc
    rec = shop.rec
    tables = {name: rec.table(name) for name in ("placed", "packed", "shipped", "cancelled",
                                                 "sat", "contacts", "days", "occ", "dropouts")}
    missing: dict[str, tuple[str, str]] = {}
    fulfil = _fulfilment_section(shop, tables)
    money = _money_and_carbon_section(shop, tables)
    customers = _customer_section(shop, tables, money["order_margin"], missing)
    delivery = _delivery_section(shop, tables)
    staff = _staff_section(shop, tables)
    kpis = {**customers["kpis"], **money["kpis"], **delivery, **fulfil["kpis"], **staff["kpis"]}
    kpis = {k: kpis[k] for k in KPI_NAMES}
    for k in missing:
        kpis[k] = float("nan")
    daily = _daily_frame(shop, tables, money, staff)
    orders = _orders_frame(shop, tables)
    return SimulationResult(kpis=kpis, daily=daily, carbon_by_source=money["carbon_by_source"],
                            carbon_by_scope=money["carbon_by_scope"],
                            cost_by_category=money["cost_by_category"], orders=orders,
                            scenario=sc, seed=shop.seed_repr,
                            extras={"missing": missing,
                                    "base_inflow_per_day": shop.base_inflow,
                                    "past_buyers": shop.base_n,
                                    "subsidies_by_instrument": money["subsidies_by_instrument"]})


# ---------------------------------------------------------------------------- fulfilment
def _fulfilment_section(shop, tables) -> dict[str, Any]:
    """Waits before pick/pack (orders placed after the warm-up), the time in the fulfilment
    stage and Little's law inputs."""
    sc, H = shop.sc, shop.H
    placed, packed, cancelled = tables["placed"], tables["packed"], tables["cancelled"]
    placed_t = placed["t"]
    warm = sc.run.warmup_days
    p_oid = packed["oid"].astype(np.int64)
    p_placed = placed_t[p_oid] if len(packed) else np.empty(0)
    keep = p_placed >= warm
    waits_h = (packed["start"][keep] - p_placed[keep]) * 24.0
    # time in the fulfilment stage of every order that left it: packed orders until packed,
    # cancelled orders until a packer took them off the queue (Little's law counts both)
    gone = cancelled.where(np.isfinite(cancelled["removed"]))
    c_placed = placed_t[gone["oid"].astype(np.int64)] if len(gone) else np.empty(0)
    c_keep = c_placed >= warm
    sojourn_h = np.concatenate([packed["end"][keep] - p_placed[keep],
                                gone["removed"][c_keep] - c_placed[c_keep]]) * 24.0
    occ = tables["occ"]
    after = occ["t"] >= warm
    in_system = float((occ["queued"][after] + occ["busy"][after]).mean()) if after.any() \
        else float("nan")
    in_progress = shop.end_queue + shop.end_busy + int((packed["ship"] > H).sum())
    contacts = tables["contacts"]
    cs_wait = (contacts["start"] - contacts["at"]) * 24.0
    return {"kpis": {
        "fulfilment_wait_hours_mean": _mean(waits_h),
        "fulfilment_sojourn_hours_mean": _mean(sojourn_h),
        "fulfilment_in_system_mean": in_system,
        "order_rate_per_hour": _safe_div((placed_t >= warm).sum(), (H - warm) * 24.0),
        "orders": float(len(placed)),
        "orders_cancelled": float(len(cancelled)),
        "orders_in_progress_end": float(in_progress),
        "cs_wait_hours_mean": _mean(cs_wait),
    }}


# ---------------------------------------------------------------------------- money, carbon
def _money_and_carbon_section(shop, tables) -> dict[str, Any]:
    """Per-order flows from the shipped records (booked on the ship day) plus the model's
    daily ledger: cost by category, revenue, carbon by source and by scope."""
    sc, days, L = shop.sc, shop.days, shop.ledger
    shipped = tables["shipped"]
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
    # subsidies the model books day by day (training, community funding), beside the
    # per-parcel and per-order ones above
    for account in ("subsidy_training", "subsidy_community"):
        booked = np.array(L.series(account))
        if booked.any():
            cost_daily["subsidies"] = cost_daily["subsidies"] + booked
    by_instrument = {name: -float(np.sum(flow_daily[f"subsidy_{name}"])) + 0.0
                     for name in ("packaging", "green_logistics", "commission_rebate")}
    by_instrument["training"] = -float(np.sum(L.series("subsidy_training"))) + 0.0
    by_instrument["community"] = -float(np.sum(L.series("subsidy_community"))) + 0.0
    cost_daily["offsets"] = gross_daily * offset_share / 1000.0 * sc.governance.offset_price_cny_per_t
    cost_daily["carbon_price"] = net_daily / 1000.0 * sc.policy.carbon_price_cny_per_t
    cost_daily = {c: cost_daily[c] for c in COST_CATEGORIES}
    revenue_daily = flow_daily["sales"] - flow_daily["refunds"]

    carbon_by_source = {
        "packaging": float(carbon_daily["packaging"].sum()),
        "transport_linehaul": float(carbon_daily["linehaul"].sum()),
        "transport_lastmile": float(carbon_daily["lastmile"].sum()),
        "transport_redelivery": float(carbon_daily["redelivery"].sum()),
        "transport_returns": float(carbon_daily["returns"].sum()),
        "warehouse": float(carbon_daily["warehouse"].sum()),
    }
    carbon_total = float(sum(carbon_by_source.values()))
    transport = sum(v for k, v in carbon_by_source.items() if k.startswith("transport_"))
    carbon_by_scope = {
        "scope1": 0.0,   # no owned vehicles or fuel burnt on site in this model
        "scope2": carbon_by_source["warehouse"],
        "scope3": carbon_by_source["packaging"] + transport,
    }
    cost_by_category = {c: float(v.sum()) for c, v in cost_daily.items()}
    cost_total = float(sum(cost_by_category.values()))
    revenue = float(revenue_daily.sum())
    marketing = cost_by_category["marketing"]
    esg_spend = float(sum(L.series("marketing_esg_content"))) + cost_by_category["audits"] \
        + cost_by_category["esg_programmes"] + cost_by_category["offsets"]
    n_ship = len(shipped)
    kpis = {
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
        "carbon_kg_net": carbon_total * (1.0 - offset_share),
        "carbon_packaging_kg_per_parcel": _safe_div(carbon_by_source["packaging"], parcels),
        "carbon_transport_kg_per_parcel": _safe_div(transport, parcels),
        "carbon_scope1_kg": carbon_by_scope["scope1"],
        "carbon_scope2_kg": carbon_by_scope["scope2"],
        "carbon_scope3_kg": carbon_by_scope["scope3"],
        "marketing_share_of_revenue": _safe_div(marketing, revenue),
        "esg_share_of_budget": sc.marketing.shares.esg_content,
        "esg_spend_cny": esg_spend,
        "profit_margin": _safe_div(revenue - cost_total, revenue),
    }
    return {"kpis": kpis, "carbon_daily": carbon_daily, "gross_daily": gross_daily,
            "cost_daily": cost_daily, "revenue_daily": revenue_daily,
            "carbon_by_source": carbon_by_source, "carbon_by_scope": carbon_by_scope,
            "cost_by_category": cost_by_category, "order_margin": order_margin,
            "subsidies_by_instrument": {k: by_instrument[k] for k in SUBSIDY_INSTRUMENTS}}


# ---------------------------------------------------------------------------- customers
REPEAT_WINDOW_DAYS = 365.0
RETENTION_DAYS = 90.0
CHURN_DAYS = 30.0
CHURN_ACTIVE_DAYS = 180.0     # "active": an order in the last 180 days (fixed, for churn)
VALUE_WINDOW_DAYS = 180.0
# a horizon at most this much shorter than the repeat window still measures it: the
# Kaplan–Meier curve is read at the longest follow-up (a customer acquired on day 0)
REPEAT_WINDOW_SLACK_DAYS = 1.0


# KPIs measured over a fixed window after each customer's first order (or a fixed period):
# the shortest horizon that measures each, and the reason given when the horizon is shorter
CUSTOMER_WINDOW_KPIS = {
    **{k: (REPEAT_WINDOW_DAYS - REPEAT_WINDOW_SLACK_DAYS, REPEAT_WINDOW_DAYS)
       for k in ("repeat_purchase_rate", *(f"repeat_purchase_rate_{s.key}" for s in Segment))},
    "retention_90d": (RETENTION_DAYS + 1.0, RETENTION_DAYS),
    "churn_30d": (CHURN_DAYS, CHURN_DAYS),
    "customer_value_180d_cny": (VALUE_WINDOW_DAYS + 1.0, VALUE_WINDOW_DAYS),
}


def missing_reason(kpi: str, horizon_days: float) -> tuple[str, str] | None:
    """Why ``kpi`` cannot be measured over this horizon, as (Chinese, English), or None.

    A KPI defined over a fixed window (repeat purchase within 365 days of a first order,
    90-day retention, 30-day churn, the first 180 days' value) is missing, never redefined,
    when the horizon is too short to observe that window."""
    if kpi not in CUSTOMER_WINDOW_KPIS:
        return None
    need, window = CUSTOMER_WINDOW_KPIS[kpi]
    if horizon_days >= need:
        return None
    return (f"模拟期为 {horizon_days:g} 天，不足以观察该指标所需的 {window:g} 天窗口（至少需要 {need:g} 天）",
            f"the {horizon_days:g}-day horizon cannot observe this KPI's {window:g}-day window "
            f"(it needs at least {need:g} days)")


def _customer_section(shop, tables, order_margin, missing) -> dict[str, Any]:
    """Acquisition, repeat purchase within 365 days of a first order (Kaplan–Meier over
    new customers), 90-day retention, 30-day churn of active customers, CAC, value."""
    sc, H, L = shop.sc, shop.H, shop.ledger
    chan = np.array(shop.chan, dtype=np.int64)
    n_cust = np.array(shop.n_orders)
    segs = np.array(shop.seg, dtype=np.int64)
    first_t = np.array(shop.first_t)
    second_t = np.array(shop.second_t)
    last_t = np.array(shop.last_t)
    new = (chan != CHANNEL_BASE) & np.isfinite(first_t)
    acquired = np.array(shop.rec.acquired, dtype=np.int64)
    paid = int((acquired < len(ACQUISITION_CHANNELS)).sum())
    acq_spend = float(sum(sum(L.series(f"marketing_{c}")) for c in ACQUISITION_CHANNELS))

    def repeat_rate(mask: np.ndarray) -> float:
        return _km_repeat(first_t[mask], second_t[mask], H, REPEAT_WINDOW_DAYS)

    cohort = new & (first_t <= H - RETENTION_DAYS)
    with np.errstate(invalid="ignore"):
        retained = int(((second_t - first_t) <= RETENTION_DAYS)[cohort].sum())
    churn = _churn(tables["placed"], np.array(shop.base_last), H, CHURN_DAYS)
    value = _customer_value(tables, order_margin, first_t, chan, H, VALUE_WINDOW_DAYS)
    for k in CUSTOMER_WINDOW_KPIS:
        why = missing_reason(k, H)
        if why:
            missing[k] = why
    aw = sc.run.active_window_days
    kpis = {
        "customers_acquired": float(len(acquired)),
        "paid_customers_acquired": float(paid),
        "active_customers_end": float((last_t > H - aw).sum()),
        "repeat_purchase_rate": repeat_rate(new),
        **{f"repeat_purchase_rate_{s.key}": repeat_rate(new & (segs == s)) for s in Segment},
        "retention_90d": _safe_div(retained, int(cohort.sum())),
        "churn_30d": churn,
        "buyers_5plus_share": _safe_div(int(((n_cust >= 5) & new).sum()), int(new.sum())),
        "cac_cny": _safe_div(acq_spend, paid),
        "customer_value_180d_cny": value,
    }
    return {"kpis": kpis}


def _km_repeat(first: np.ndarray, second: np.ndarray, H: float, window: float) -> float:
    """Kaplan–Meier estimate of P(a second order within ``window`` days of the first),
    censoring each customer at the horizon; read at the longest follow-up when the horizon
    is just short of the window."""
    n = len(first)
    if n == 0:
        return float("nan")
    gap = second - first
    follow = H - first
    event = gap <= follow
    time = np.where(event, gap, follow)
    order = np.argsort(time, kind="stable")
    time, event = time[order], event[order]
    at_risk = n - np.arange(n)
    upto = time <= window
    factors = np.where(event & upto, 1.0 - 1.0 / at_risk, 1.0)
    return float(1.0 - np.prod(factors))


def _churn(placed, base_last: np.ndarray, H: float, period: float) -> float:
    """30-day churn: of the customers active at the start of each full 30-day period (an
    order in the previous ``CHURN_ACTIVE_DAYS``), the share no longer active at its end (no
    order since, and their last order now older than that), pooled over the periods."""
    k = int(H // period)
    if k == 0:
        return float("nan")
    t, nxt = purchases_with_next(placed["cust"].astype(np.int64), placed["t"], base_last)
    w = CHURN_ACTIVE_DAYS
    active_n = churned_n = 0
    for j in range(k):
        s = j * period
        # the customer's last order at or before s is this one, and it is recent enough
        last_before = (t <= s) & (nxt > s) & (t > s - w)
        active_n += int(last_before.sum())
        churned_n += int((last_before & (t <= s + period - w) & (nxt > s + period)).sum())
    return _safe_div(churned_n, active_n)


def _customer_value(tables, margin: np.ndarray, first_t: np.ndarray, chan: np.ndarray,
                    H: float, window: float) -> float:
    """Mean contribution margin a new customer brings in the first ``window`` days after
    their first order (a horizon-truncated customer lifetime value), over new customers
    acquired early enough to be observed for the whole window."""
    new = (chan != CHANNEL_BASE) & (first_t <= H - window)
    n_new = int(new.sum())
    shipped, placed = tables["shipped"], tables["placed"]
    if n_new == 0 or len(shipped) == 0:
        return float("nan")
    oid = shipped["oid"].astype(np.int64)
    cust = placed["cust"][oid].astype(np.int64)
    t = placed["t"][oid]
    keep = new[cust] & (t <= first_t[cust] + window)
    return float(margin[keep].sum() / n_new)


# ---------------------------------------------------------------------------- delivery
def _delivery_section(shop, tables) -> dict[str, float]:
    shipped = tables["shipped"]
    n_ship = len(shipped)
    sats = tables["sat"]["sat"]
    return {
        "orders_shipped": float(n_ship),
        "on_time_rate": _safe_div(shipped["on_time"].sum(), n_ship),
        "defect_rate": _safe_div(shipped["defect"].sum(), n_ship),
        "return_rate": _safe_div(shipped["returned"].sum(), n_ship),
        "wrong_item_rate": _safe_div(shipped["wrong"].sum(), n_ship),
        "satisfaction_mean": _mean(sats),
        "trust_mean": _mean(tables["days"]["trust"]),
        "scandals": float(len(shop.rec.scandals)),
    }


# ---------------------------------------------------------------------------- staff
def _staff_section(shop, tables) -> dict[str, Any]:
    """Quits per head a year: quits over the horizon / mean headcount × 365 / horizon."""
    dstate = tables["days"]
    heads = dstate["packers"] + dstate["cs_agents"]
    mean_heads = float(heads.mean()) if len(dstate) else float("nan")
    quits = len(shop.rec.quits)
    return {"kpis": {
        "staff_turnover_rate": _safe_div(quits, mean_heads) * 365.0 / shop.H,
        "staff_quits": float(quits),
    }}


# ---------------------------------------------------------------------------- frames
def _daily_frame(shop, tables, money, staff) -> pd.DataFrame:
    sc, days, L, rec = shop.sc, shop.days, shop.ledger, shop.rec
    placed, shipped, dstate = tables["placed"], tables["shipped"], tables["days"]
    placed_t = placed["t"]
    n_orders, n_ship = len(placed), len(shipped)
    orders_d = np.bincount(np.minimum(placed_t.astype(np.int64), days - 1), minlength=days) \
        if n_orders else np.zeros(days)
    ship_day = np.minimum(shipped["ship"].astype(np.int64), days - 1)
    shipped_d = np.bincount(ship_day, minlength=days) if n_ship else np.zeros(days)
    ontime_d = np.bincount(ship_day, weights=shipped["on_time"], minlength=days) if n_ship \
        else np.zeros(days)
    chan = np.array(shop.chan, dtype=np.int64)
    first_t = np.array(shop.first_t)
    new_mask = (chan != CHANNEL_BASE) & np.isfinite(first_t)
    nf = first_t[new_mask]
    nf_day = np.minimum(nf.astype(np.int64), days - 1)
    nf_chan = chan[new_mask]
    new_d = np.bincount(nf_day, minlength=days)[:days] if len(nf) else np.zeros(days)
    acq_by_channel = {f"new_customers_{ch.key}": (np.bincount(nf_day[nf_chan == ch], minlength=days)[:days]
                                                  if len(nf) else np.zeros(days))
                      for ch in Channel if ch != Channel.BASE}
    active_d = _active_by_day(placed["cust"].astype(np.int64), placed_t,
                              np.array(shop.base_last), days, sc.run.active_window_days)
    cost_daily = money["cost_daily"]
    daily = pd.DataFrame({
        "day": np.arange(days),
        "orders": orders_d[:days],
        "new_customers": new_d,
        **acq_by_channel,
        "orders_shipped": shipped_d[:days],
        "on_time_rate": np.divide(ontime_d, shipped_d, out=np.full(days, np.nan),
                                  where=shipped_d > 0),
        "active_customers": active_d,
        "revenue_cny": money["revenue_daily"],
        "cost_total_cny": sum(cost_daily.values()),
        **{f"cost_{c}_cny": v for c, v in cost_daily.items()},
        "carbon_kg_total": money["gross_daily"],
        **{f"carbon_{s}_kg": v for s, v in money["carbon_daily"].items()},
        **{f"marketing_{c}_cny": np.array(L.series(f"marketing_{c}")) for c in CHANNELS},
        "packers": dstate["packers"][:days] if len(dstate) else np.nan,
        "cs_agents": dstate["cs_agents"][:days] if len(dstate) else np.nan,
        "queue_start": dstate["queue"][:days] if len(dstate) else np.nan,
        "trust": dstate["trust"][:days] if len(dstate) else np.nan,
        "weather": dstate["weather"][:days] if len(dstate) else np.nan,
        "ranking": np.array(shop.ranking_by_day[:days]) if len(shop.ranking_by_day) else np.nan,
    })
    daily["profit_cny"] = daily["revenue_cny"] - daily["cost_total_cny"]
    quit_days = np.array([d for d, _ in rec.quits], dtype=np.int64)
    daily["quits"] = np.bincount(quit_days, minlength=days)[:days] if len(quit_days) else 0
    hire_days = np.array([d for d, _ in rec.hires], dtype=np.int64)
    daily["hires"] = np.bincount(hire_days, minlength=days)[:days] if len(hire_days) else 0
    return daily


def _orders_frame(shop, tables) -> pd.DataFrame:
    """One row per order placed: id, customer, day, channel (its name, "base" for the past
    buyers), segment (its name) and the wait before pick/pack in hours."""
    placed, packed = tables["placed"], tables["packed"]
    n_orders = len(placed)
    placed_t = placed["t"]
    cust = placed["cust"].astype(np.int64)
    wait = np.full(n_orders, np.nan)
    if len(packed):
        p_oid = packed["oid"].astype(np.int64)
        wait[p_oid] = (packed["start"] - placed_t[p_oid]) * 24.0
    chan = np.array(shop.chan, dtype=np.int64)
    segs = np.array(shop.seg, dtype=np.int64)
    chan_names = np.array([c.key for c in Channel], dtype=object)
    seg_names = np.array([s.key for s in Segment], dtype=object)
    return pd.DataFrame({
        "order_id": placed["oid"].astype(np.int64),
        "customer": cust,
        "placed_day": placed_t,
        "channel": pd.Categorical(chan_names[chan[cust]] if n_orders else [],
                                  categories=list(chan_names)),
        "segment": pd.Categorical(seg_names[segs[cust]] if n_orders else [],
                                  categories=list(seg_names)),
        "wait_hours": wait,
    })


def _mean(x: np.ndarray) -> float:
    return float(np.mean(x)) if len(x) else float("nan")


def order_flows(sc: Scenario, shipped: Table, days: int
                ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], float, np.ndarray]:
    """Daily carbon by source and money flows of the shipped orders, parcels sent, and each
    shipped order's contribution margin (sales − refunds − goods − commission − packaging −
    delivery).

    ``shipped`` is the shipped record as named columns (``records.SHIPPED``). A wrong item is
    returned and the right one re-sent (two parcels, one return trip); a defective item
    returned is refunded and written off; other returns are refunded and restocked, the
    customer paying the postage.
    """
    pk = packaging_factors(sc)
    dv = delivery_factors(sc)
    n = len(shipped)
    day = np.minimum(shipped["ship"].astype(np.int64), days - 1)
    defect, wrong, returned, rural, failed, value = (
        shipped[c] for c in ("defect", "wrong", "returned", "rural", "failed", "value"))
    parcels = 1.0 + wrong
    km = np.where(rural > 0, dv.km_rural, dv.km_urban)
    # last mile: km × vehicle factor; a failed attempt repeats it; a return (or a wrong item
    # sent back) travels the last mile and the line-haul again
    trip_kg = km * dv.kg_per_km
    carbon = {
        "packaging": pk.kg_per_parcel * parcels,
        "linehaul": dv.linehaul_kg * parcels,
        "lastmile": trip_kg * parcels,
        "redelivery": trip_kg * failed,
        "returns": (returned + wrong) * (trip_kg + dv.linehaul_kg),
        "warehouse": warehouse_kg_per_order(sc) * parcels,
    }
    pol = sc.policy
    gm = sc.shop.gross_margin
    kept = 1.0 - returned
    # the commission rebate: a share of kept sales paid back to certified green shops only
    rebate = pol.commission_rebate if certified_green(sc) else 0.0
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
        # the subsidies by instrument (negative costs), for the split
        "subsidy_packaging": -pol.packaging_subsidy * pk.premium_per_parcel * parcels,
        "subsidy_green_logistics": -pol.green_logistics_subsidy_cny * dv.electric_share * parcels,
        "subsidy_commission_rebate": -rebate * value * kept,
    }
    if rebate:
        money["subsidies"] = money["subsidies"] + money["subsidy_commission_rebate"]

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
    new = o[o["channel"] != "base"]
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
