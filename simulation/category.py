"""Shop categories: what the shop sells sets its basket value, margin, returns, packaging and
supplier defects.

``shop.category`` picks a row of :data:`CATEGORY_PROFILES`. The profile supplies the
defaults of the category-driven parameters (:data:`PROFILE_PATHS`); a user can still set any
of them. How it is applied: whenever a change (``Scenario.with_changes``, a YAML preset, a
share link, the builder) switches ``shop.category``, the loader first writes the new
category's profile into those parameters and then applies the change's own explicit values,
so ``{"shop.category": "electronics"}`` gives an electronics shop and
``{"shop.category": "electronics", "shop.order_value_cny": 900}`` one with a 900 CNY basket.
Building sections directly (``Shop(category=...)``) does not apply a profile: use
``Scenario().with_changes``.

Apparel is the baseline (the project's documents discuss clothes shops); its row is the
schema's default. Figures are Chinese online retail where a source exists; the rest are
labelled assumptions. This module imports nothing from the schema, so the schema can read
its defaults from here.
"""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIES = ("apparel", "beauty", "home_goods", "electronics", "food")
BASELINE_CATEGORY = "apparel"

CATEGORY_LABELS = {
    "apparel": ("服装", "Apparel"),
    "beauty": ("美妆个护", "Beauty and personal care"),
    "home_goods": ("家居日用", "Home goods"),
    "electronics": ("数码电子", "Electronics"),
    "food": ("食品", "Food"),
}


@dataclass(frozen=True)
class CategoryProfile:
    order_value_cny: float      # mean basket before any green premium
    gross_margin: float         # share of the price left after the cost of goods
    return_rate: float          # non-defect returns of delivered orders
    pack_size_factor: float     # packaging material (carbon and cost) relative to the
    #                             average Chinese parcel (0.29 kg CO2e with standard packaging)
    defect_rate: float          # supplier defect rate without audits
    sources: dict[str, str]     # field -> source or "assumption (...)"


# Anchors used below (cited in simulation/METHODOLOGY.md):
# - mean value per e-commerce parcel ≈ 120 CNY: NBS 2023 online retail of physical goods
#   13.0 trillion CNY over State Post Bureau 2023 express volume 132.1 billion parcels, about
#   80% of them from online shopping (Kang et al. 2021);
# - return rates: a press report of Tmall 30-day return rates by category (sportswear 15.1%,
#   clothes/shoes/bags 7.5%, appliances 4.4%, home textiles 2.6%); women's wear now far higher
#   (Yicai, "Online sales of women's clothing in China come under threat as return rates reach
#   80%": a Taobao women's-wear shop ≈20% before 2022, about 70% since; 36Kr Research via
#   People's Daily Overseas Edition 2025: 50–60%, livestream sales up to 80%); food and opened
#   cosmetics are largely excluded from no-reason returns (PRC Consumer Rights Protection
#   Law 2013, art. 25, exempts perishables);
# - gross margins: company annual reports 2023 (Semir Apparel 44.0% overall, 43.0% online;
#   Proya cosmetics 68.7%; Xiaomi smartphones 15.5%, IoT and lifestyle products 16.3%;
#   Three Squirrels snacks 27.8%);
# - defect rates: no public consumer-noticed defect rate by category exists; SAMR national
#   supervisory sampling (non-compliance with product standards: 9.4% across products in
#   2022) measures something else, so these are assumptions.
CATEGORY_PROFILES: dict[str, CategoryProfile] = {
    "apparel": CategoryProfile(
        order_value_cny=260.0, gross_margin=0.62, return_rate=0.20, pack_size_factor=1.0,
        defect_rate=0.03,
        sources={
            "order_value_cny": "assumption: a mid-price apparel shop, about twice the ≈120 CNY "
                               "mean value per e-commerce parcel (NBS 2023; State Post Bureau "
                               "2023); calibrated with the margin to the thin-margin band",
            "gross_margin": "calibrated within the apparel range: listed brands 44% (Semir "
                            "Apparel 2023 annual report, 43% online) to about 65%; small online "
                            "shops mark up 2–3× on cost",
            "return_rate": "Yicai (Taobao women's wear ≈20% before 2022, far higher since); "
                           "36Kr Research 2025 (women's wear 50–60%); Tmall press report "
                           "(clothes 7.5%, sportswear 15%): 20% for a mixed apparel shop "
                           "(assumption within these)",
            "pack_size_factor": "assumption: a mailer or small carton, set at the China 2020 "
                                "average parcel (Greenpeace/BFFP 2019)",
            "defect_rate": "assumption",
        }),
    "beauty": CategoryProfile(
        order_value_cny=180.0, gross_margin=0.69, return_rate=0.06, pack_size_factor=1.1,
        defect_rate=0.01,
        sources={
            "order_value_cny": "assumption (≈1.5× the mean e-commerce parcel value)",
            "gross_margin": "Proya 2023 annual report (68.7%)",
            "return_rate": "assumption: opened cosmetics cannot be returned without reason",
            "pack_size_factor": "assumption: small carton with protective fill",
            "defect_rate": "assumption",
        }),
    "home_goods": CategoryProfile(
        order_value_cny=150.0, gross_margin=0.35, return_rate=0.05, pack_size_factor=1.8,
        defect_rate=0.03,
        sources={
            "order_value_cny": "assumption (near the mean e-commerce parcel value)",
            "gross_margin": "assumption (listed home-textile and kitchenware makers report "
                            "roughly 25–50%)",
            "return_rate": "Tmall press report (home textiles 2.6%); assumption 5% for mixed home goods",
            "pack_size_factor": "assumption: bulky carton with fill",
            "defect_rate": "assumption (breakage in transit included)",
        }),
    "electronics": CategoryProfile(
        order_value_cny=600.0, gross_margin=0.18, return_rate=0.05, pack_size_factor=1.5,
        defect_rate=0.02,
        sources={
            "order_value_cny": "assumption (accessories to small devices)",
            "gross_margin": "Xiaomi 2023 annual results (smartphones 15.5%, IoT and lifestyle "
                            "16.3%)",
            "return_rate": "Tmall press report (appliances 4.4%); assumption 5%",
            "pack_size_factor": "assumption: retail box in a carton with protective fill",
            "defect_rate": "assumption",
        }),
    "food": CategoryProfile(
        order_value_cny=90.0, gross_margin=0.28, return_rate=0.02, pack_size_factor=1.3,
        defect_rate=0.01,
        sources={
            "order_value_cny": "assumption (snack baskets, below the mean e-commerce parcel value)",
            "gross_margin": "Three Squirrels 2023 annual report (27.8%)",
            "return_rate": "PRC Consumer Rights Protection Law 2013 art. 25 (perishables "
                           "excluded from no-reason returns); assumption 2%",
            "pack_size_factor": "assumption: carton with fill (no cold chain)",
            "defect_rate": "assumption",
        }),
}

# profile field -> the scenario parameter it sets
PROFILE_PATHS = {
    "order_value_cny": "shop.order_value_cny",
    "gross_margin": "shop.gross_margin",
    "return_rate": "shop.return_rate",
    "pack_size_factor": "shop.pack_size_factor",
    "defect_rate": "suppliers.defect_rate",
}


def profile(name: str) -> CategoryProfile:
    try:
        return CATEGORY_PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown shop category {name!r}; one of {', '.join(CATEGORIES)}") \
            from None


def profile_changes(name: str) -> dict[str, float]:
    """The category's values as dotted-path changes, e.g. ``{"shop.gross_margin": 0.18}``."""
    p = profile(name)
    return {path: getattr(p, field) for field, path in PROFILE_PATHS.items()}


def apply_profile(doc: dict, name: str, keep: set[str] = frozenset()) -> None:
    """Write category ``name``'s profile into a scenario document (``Scenario.to_dict()``
    form) in place, leaving the dotted paths in ``keep`` (set explicitly) alone."""
    for path, value in profile_changes(name).items():
        if path in keep:
            continue
        section, field = path.split(".")
        doc[section][field] = value
