"""The practices a shop of the lab can adopt, and the scenario changes each one makes.

Each lever is one of the single-shop presets' interventions, so that a lever means the same
in the lab as on the builder page: the changes of ``green_packaging``, ``green_logistics``,
``staff_welfare`` and ``supplier_audits`` are those of the presets of the same name
(``scenarios/*.yaml``; a test keeps them equal). ``footprint_page`` turns on the
environmental-footprint page, and ``community_marketing`` is joining a merchant community:
10% of the marketing budget goes to the community channel.

A shop of the lab starts without a merchant community (the community share of the
baseline's budget split is spread over the other channels in proportion:
:data:`LAB_BASE_SHARES`); ``community_marketing`` restores the baseline's split, whose
community share is 10%.
"""

from __future__ import annotations

from typing import Any

from ..scenario import CHANNELS, Scenario
from .. import sources as src

COMMUNITY_SHARE = 0.10


def _shares_without_community() -> dict[str, float]:
    base = Scenario().marketing.shares.as_dict()
    rest = sum(v for c, v in base.items() if c != "community")
    out = {c: (0.0 if c == "community" else v / rest) for c, v in base.items()}
    # exact sum 1 (float rounding lands on the largest share)
    top = max(out, key=out.get)
    out[top] = 1.0 - sum(v for c, v in out.items() if c != top)
    return out


#: The lab shop's budget split before it joins a merchant community: the baseline's split
#: with its community share spread over the other channels in proportion.
LAB_BASE_SHARES: dict[str, float] = _shares_without_community()


def _with_community(shares: dict[str, float]) -> dict[str, float]:
    out = {c: v * (1.0 - COMMUNITY_SHARE) for c, v in shares.items() if c != "community"}
    out["community"] = COMMUNITY_SHARE
    top = max((c for c in out if c != "community"), key=out.get)
    out[top] = 1.0 - sum(v for c, v in out.items() if c != top)
    return {c: out[c] for c in CHANNELS}


#: lever -> its scenario changes (dotted paths, applied with ``Scenario.with_changes``).
LEVERS: dict[str, dict[str, Any]] = {
    "green_packaging": {"packaging.option": "recycled_carton"},
    "green_logistics": {"logistics.electric_share": 0.6, "logistics.route_optimisation": 0.2},
    "staff_welfare": {
        "staff.wage_cny_per_month": 5700, "staff.full_social_insurance": True,
        "staff.paid_leave_days": 5, "staff.health_checks": True, "staff.training": True,
        "staff.overtime_paid": True,
    },
    "supplier_audits": {"suppliers.audits_per_year": 4, "suppliers.capability_building": True},
    "footprint_page": {"governance.footprint_page": True},
    "community_marketing": {"marketing.shares": _with_community(LAB_BASE_SHARES)},
}

#: lever -> (Chinese, English) label.
LEVER_LABELS: dict[str, tuple[str, str]] = {
    "green_packaging": ("绿色包装", "Green packaging"),
    "green_logistics": ("绿色物流", "Green logistics"),
    "staff_welfare": ("员工福利与培训", "Staff welfare and training"),
    "supplier_audits": ("供应商 ESG 审核", "Supplier ESG audits"),
    "footprint_page": ("环境足迹页面", "Environmental footprint page"),
    "community_marketing": ("加入商户社群联合营销", "Merchant-community joint marketing"),
}

#: lever -> where the practice comes from (a source document by title and section).
LEVER_SOURCES: dict[str, str] = {
    "green_packaging": src.ESG_MARKETING_ENV,
    "green_logistics": src.ESG_MARKETING_ENV,
    "staff_welfare": src.ESG_MARKETING_SOCIAL,
    "supplier_audits": src.ESG_MARKETING_SOCIAL,
    "footprint_page": src.ESG_MARKETING_ENV,
    "community_marketing": src.MERCHANT_CAPABILITY_COMMUNITY,
}

LEVER_NAMES: tuple[str, ...] = tuple(LEVERS)
assert set(LEVER_LABELS) == set(LEVERS) == set(LEVER_SOURCES)


def lever_changes(levers: frozenset[str] | set[str] | tuple[str, ...]) -> dict[str, Any]:
    """The combined scenario changes of ``levers`` (in :data:`LEVERS` order); an unknown
    lever is a ValueError naming it."""
    unknown = sorted(set(levers) - set(LEVERS))
    if unknown:
        raise ValueError(f"unknown lever(s) {', '.join(map(repr, unknown))}; one of "
                         f"{', '.join(LEVERS)}")
    out: dict[str, Any] = {}
    for name in LEVERS:
        if name in levers:
            out.update(LEVERS[name])
    return out
