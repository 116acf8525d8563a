"""The baseline against its calibration targets, carbon per parcel against the literature,
and the economics of marketing at the margin.

Bands come from the source documents (docs/SOURCES.md): repeat purchase under 30%
(《电商行业实施方案范文参考》§2.1), CAC 185 CNY, marketing over 40% of revenue for small
merchants, on-time delivery 82% (§5.1), margins under 3%; turnover 40–60% a year for
warehouse staff; packaging 0.25–0.35 kg CO2e per parcel; transport per parcel near Kang et
al. (2021)'s 0.27 kg for the average Chinese express parcel.
"""

from __future__ import annotations

import math

import numpy as np

from . import runs
from .checks import Check, Z, band, mean_se, register

CATEGORY = "calibration"
BANDS = {
    # kpi: (low, high, reference)
    "repeat_purchase_rate": (0.26, 0.30, "repeat purchase within 365 days of a first order "
                             "under 30% (《电商行业实施方案范文参考》§2.1)"),
    "cac_cny": (160.0, 210.0, "customer acquisition cost 185 CNY (《电商行业实施方案范文参考》§2.1)"),
    "on_time_rate": (0.80, 0.84, "on-time delivery 82% (《电商行业实施方案范文参考》§5.1)"),
    "marketing_share_of_revenue": (0.25, 0.45, "small merchants' marketing over 40% of revenue "
                                   "(《电商行业实施方案范文参考》§2.1)"),
    "profit_margin": (-0.03, 0.03, "small merchants' profit margin under 3% "
                      "(《电商行业实施方案范文参考》§2.1)"),
    "carbon_packaging_kg_per_parcel": (0.25, 0.35, "standard packaging 0.25–0.35 kg CO2e per "
                                       "parcel (Greenpeace/BFFP 2019; Sinopec/Tongji 2022)"),
}
TURNOVER_BAND = (0.40, 0.60)
TRANSPORT_BAND = (0.15, 0.45)
FOOTPRINT_BAND = (0.0, 1.0)


@register(CATEGORY)
def calibration_bands(quick: bool) -> list[Check]:
    kpis, _daily = runs.baseline(quick)
    out = []
    for kpi, (lo, hi, ref) in BANDS.items():
        m, se = mean_se(kpis[kpi])
        out.append(band(f"calibration.{kpi}", CATEGORY, ref, lo, hi, m, se,
                        detail=f"mean of {len(kpis)} baseline replications"))
    t = runs.staff_turnover(quick, 365)
    m, se = mean_se(t)
    out.append(band("calibration.staff_turnover_rate", CATEGORY,
                    "warehouse staff turnover 40–60% a year (sorting centres about 50%, US "
                    "warehouses 49%)", *TURNOVER_BAND, m, se,
                    detail=f"the baseline's staff without demand (quits depend on welfare and "
                           f"overtime only), {len(t)} replications"))
    return out


@register("carbon")
def carbon_per_parcel(quick: bool) -> list[Check]:
    kpis, _daily = runs.baseline(quick)
    m, se = mean_se(kpis["carbon_transport_kg_per_parcel"])
    f, fse = mean_se(kpis["carbon_kg_per_order"])
    return [
        band("carbon.transport_kg_per_parcel", "carbon",
             "Kang et al. 2021 (Nat. Commun. 12:450): about 0.27 kg CO2e per Chinese express "
             "parcel, almost all line-haul; GLEC Framework / ISO 14083 method", *TRANSPORT_BAND,
             m, se, detail="line-haul, last mile, failed attempts and return trips per parcel"),
        band("carbon.footprint_kg_per_order", "carbon",
             "packaging + transport + warehouse per order under 1 kg CO2e (the literature's "
             "per-parcel figures added up)", *FOOTPRINT_BAND, f, fse),
    ]


@register("economics")
def marketing_at_the_margin(quick: bool) -> list[Check]:
    """Profit against the marketing budget has an interior maximum: of 0, 0.5, 1, 2 and 4
    times the baseline budget the most profitable is 0.5, 1 or 2 times, beating both ends
    by more than Z standard errors of the paired difference."""
    profit = runs.budget_sweep(quick)
    means = profit.mean()
    best = max(means.index, key=lambda c: means[c])
    best_m = float(best)
    out = [band("economics.most_profitable_budget_multiple", "economics",
                "profit against 0, 0.5, 1, 2 and 4 times the marketing budget: heterogeneous "
                "customer value and platform ranking (organic traffic follows recent sales) "
                "give an interior maximum", 0.5, 2.0, best_m, math.nan,
                detail="profit means (CNY): " + ", ".join(
                    f"{float(c):g}×: {means[c]:,.0f}" for c in sorted(means.index, key=float)))]
    for end in ("0", "4"):
        inner = [c for c in means.index if 0.5 <= float(c) <= 2.0]
        top = max(inner, key=lambda c: means[c])
        diff = (profit[top] - profit[end]).to_numpy()
        m, se = mean_se(diff)
        if not math.isfinite(se):
            se = float(np.abs(diff).mean())
        tol = Z * se
        out.append(Check(f"economics.best_interior_beats_{end}x", "economics",
                         f"profit at the best of 0.5/1/2× ({float(top):g}×) minus profit at "
                         f"{end}× the budget, paired (common random numbers)", 0.0, m, se, tol,
                         bool(m > tol),
                         f"one-sided: passes when the difference exceeds {Z:g}·SE; "
                         f"{len(diff)} replications"))
    return out
