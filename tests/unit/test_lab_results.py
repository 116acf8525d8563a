"""The region's results from synthetic shop outcomes: the identities hold exactly, the
intervals cover, additionality on a hand-made case, the group tables add up, the JSON."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np
import pytest
from scipy import stats

from simulation.lab.results import (NOTE_NO_TONNES, NOTE_UNBOUNDED, SUBSIDY_LINES, ratio_interval,
                                    summarise_lab, total_interval)
from simulation.lab.run import ShopOutcome

CATS = ("apparel", "beauty", "food")
BANDS = ("micro", "small", "medium")


@dataclass(frozen=True)
class _Draw:   # the fields of shops.ShopDraw the results use
    index: int
    category: str
    size_band: str
    rural: bool
    practices: frozenset = field(default_factory=frozenset)


def _draw(i, category, size_band, rural):
    try:
        from simulation.lab.shops import ShopDraw
    except ImportError:
        return _Draw(i, category, size_band, rural)
    return ShopDraw(index=i, category=category, orders_per_year=1000.0, rural=rural,
                    size_band=size_band, staff=2, gross_margin=0.3, practices=frozenset(),
                    capability=0.5, uniforms={})


def _figures(carbon, profit, subsidies=None, carbon_price=0.0, jobs=3.0, quits=1.0, turnover=0.3):
    out = {"carbon_kg_total": carbon, "profit_cny": profit, "carbon_price_cny": carbon_price,
           "jobs": jobs, "quits": quits, "staff_turnover_rate": turnover}
    subsidies = subsidies or {}
    for line in SUBSIDY_LINES:
        out[f"subsidies_{line}"] = float(subsidies.get(line, 0.0))
    out["subsidies_cny"] = sum(out[f"subsidies_{line}"] for line in SUBSIDY_LINES)
    return out


def _outcome(i, category, band, rural, base, policy, lb=(), lp=()):
    return ShopOutcome(i, frozenset(lb), frozenset(lp), base, policy, _draw(i, category, band, rural))


def _synthetic(n=40, seed=3):
    """Shops with random carbon, profit, subsidies, carbon price and adoption."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        cb = float(rng.uniform(500, 3000))
        cp = cb - float(rng.normal(200, 80))
        pb = float(rng.normal(50_000, 20_000))
        sub = {"packaging": float(rng.uniform(0, 500)), "training": float(rng.uniform(0, 100))}
        price = float(rng.uniform(0, 300))
        pp = pb + sub["packaging"] + sub["training"] - price - float(rng.normal(300, 200))
        lb = {"green_packaging"} if rng.random() < 0.3 else set()
        lp = lb | ({"green_packaging"} if rng.random() < 0.5 else set())
        lp |= {"footprint_page"} if rng.random() < 0.4 else set()
        out.append(_outcome(i, CATS[i % 3], BANDS[(i // 3) % 3], bool(i % 2),
                            _figures(cb, pb, jobs=float(1 + i % 4), quits=float(i % 3)),
                            _figures(cp, pp, sub, price, jobs=float(1 + i % 4) + (i % 5 == 0),
                                     quits=float(i % 2)), lb, lp))
    return out


@pytest.fixture(scope="module")
def result():
    return summarise_lab("synthetic", _synthetic(), policy={"policy.packaging_subsidy": 0.5},
                         seed=1, horizon_days=30, n_region_shops=1000)


def test_every_identity_holds(result):
    ids = result.identities()
    assert len(ids) > 30
    bad = [(name, lhs, rhs) for name, lhs, rhs, ok in ids if not ok]
    assert not bad, bad
    names = " ".join(n for n, *_ in ids)
    for what in ("tonnes_avoided", "profit_change", "public_spend = Σ weight", "subsidies booked",
                 "Σ tonnes_avoided by category", "adoption green_packaging"):
        assert what in names
    assert result.check_identities() == ids


def test_a_broken_identity_is_caught():
    outs = _synthetic(6)
    o = outs[0]
    bad = dict(o.policy)
    bad["subsidies_cny"] += 1.0          # the shop books a subsidy no instrument line explains
    outs[0] = ShopOutcome(o.index, o.levers_base, o.levers_policy, o.base, bad, o.shop)
    r = summarise_lab("x", outs, n_region_shops=60, horizon_days=30)
    failing = [n for n, _l, _r, ok in r.identities() if not ok]
    assert failing == ["subsidies booked = Σ instrument lines (every shop, both arms)"]


def test_region_totals_weights_and_interval(result):
    outs = _synthetic()
    w = 1000 / 40
    d = np.array([(o.base["carbon_kg_total"] - o.policy["carbon_kg_total"]) / 1000 for o in outs])
    assert result.weight == w and result.n_shops == 40 and result.n_region_shops == 1000
    assert result.tonnes_avoided == pytest.approx(w * d.sum(), rel=1e-12)
    lo, hi = stats.t.interval(0.95, 39, loc=d.mean(), scale=d.std(ddof=1) / math.sqrt(40))
    assert result.tonnes_ci == pytest.approx((1000 * lo, 1000 * hi), rel=1e-12)
    spend = sum(w * (o.policy["subsidies_packaging"] + o.policy["subsidies_training"]) for o in outs)
    assert result.public_spend_cny == pytest.approx(spend, rel=1e-12)
    assert result.spend_by_instrument["green_logistics"] == 0
    rev = sum(w * o.policy["carbon_price_cny"] for o in outs)
    assert result.carbon_price_revenue_cny == pytest.approx(rev, rel=1e-12)
    assert result.net_public_cost_cny == pytest.approx(spend - rev, rel=1e-12)
    assert result.public_cost_per_tonne == pytest.approx(spend / (w * d.sum()), rel=1e-12)
    loss = sum(w * (o.base["profit_cny"] - o.policy["profit_cny"]) for o in outs)
    assert result.total_cost_per_tonne == pytest.approx((spend - rev + loss) / (w * d.sum()),
                                                        rel=1e-12)
    lo, hi = result.public_cost_per_tonne_ci
    assert lo < result.public_cost_per_tonne < hi


def test_the_t_interval_of_a_total_covers():
    """Shops drawn from a (normal) population with mean 0.2 t avoided: the 95% interval of the
    region total covers N × 0.2 in 95% of 2,000 samples (± 3 standard errors of a proportion)."""
    rng = np.random.default_rng(11)
    reps, n, N = 2000, 15, 500
    hits = 0
    for _ in range(reps):
        _, lo, hi = total_interval(rng.normal(0.2, 0.3, n), N)
        hits += lo <= N * 0.2 <= hi
    se = math.sqrt(0.95 * 0.05 / reps)
    assert abs(hits / reps - 0.95) < 3 * se


def test_the_delta_method_ratio_interval_covers():
    """Cost c = 300 d + noise per shop: the interval of Σc/Σd covers 300 in ≈95% of samples."""
    rng = np.random.default_rng(5)
    reps, n = 1500, 40
    hits = 0
    for _ in range(reps):
        d = rng.normal(1.0, 0.5, n)
        c = 300 * d + rng.normal(0, 150, n)
        r, lo, hi, note = ratio_interval(c, d)
        assert note is None
        hits += lo <= 300 <= hi
    se = math.sqrt(0.95 * 0.05 / reps)
    assert abs(hits / reps - 0.95) < 3 * se


def test_cost_per_tonne_is_undefined_without_tonnes_never_infinite():
    outs = [_outcome(i, "food", "micro", False, _figures(1000, 100), _figures(1000 + i, 90,
                                                                              {"packaging": 10}))
            for i in range(5)]
    r = summarise_lab("x", outs, n_region_shops=5, horizon_days=30)
    assert r.tonnes_avoided < 0
    assert math.isnan(r.public_cost_per_tonne) and r.public_cost_per_tonne_note == NOTE_NO_TONNES
    doc = r.to_json()
    json.dumps(doc, allow_nan=False)
    assert doc["cost_per_tonne_cny"]["public"] == {"value": None, "ci_low": None, "ci_high": None,
                                                  "note": NOTE_NO_TONNES}
    # tonnes > 0 but not significantly: the ratio is shown, its interval is not
    r2, lo, hi, note = ratio_interval(np.ones(4), np.array([1.0, -0.9, 0.5, -0.4]))
    assert r2 == pytest.approx(4 / 0.2) and math.isnan(lo) and note == NOTE_UNBOUNDED


def test_transfers_cancel_in_the_total_cost():
    """A subsidy and a carbon price that change nothing but the money: the public pays 100 and
    collects 40 per shop, the shop's profit moves by +60: the total cost is 0."""
    outs = [_outcome(i, "food", "micro", False, _figures(1000.0 + i, 5000.0),
                     _figures(900.0 + i, 5060.0, {"packaging": 100.0}, carbon_price=40.0))
            for i in range(6)]
    r = summarise_lab("x", outs, n_region_shops=60, horizon_days=30)
    assert r.public_cost_per_tonne == pytest.approx(100 / 0.1)
    assert r.total_cost_per_tonne == pytest.approx(0.0, abs=1e-9)


def test_additionality_on_a_hand_made_case():
    """A: had green packaging anyway, paid 100 (windfall); B: adopted it for the subsidy, paid
    200 (additional); C: training subsidy 50 on hires, no welfare lever either way (windfall,
    not 'already'); D: already green packaging, adopts green logistics and gets the rebate 30
    (additional: the rebate needs both); weight 10."""
    gp, gl = "green_packaging", "green_logistics"
    outs = [
        _outcome(0, "food", "micro", False, _figures(1000, 0), _figures(900, 100, {"packaging": 100}),
                 [gp], [gp]),
        _outcome(1, "food", "micro", True, _figures(1000, 0), _figures(800, 150, {"packaging": 200}),
                 [], [gp]),
        _outcome(2, "beauty", "small", False, _figures(1000, 0), _figures(1000, 50, {"training": 50}),
                 [], []),
        _outcome(3, "beauty", "small", True, _figures(1000, 0),
                 _figures(700, 0, {"packaging": 20, "commission_rebate": 30}), [gp], [gp, gl]),
    ]
    r = summarise_lab("x", outs, n_region_shops=40, horizon_days=30)
    add = r.additionality.set_index("instrument")
    assert add.loc["packaging", "public_spend_cny"] == pytest.approx(3200)
    assert add.loc["packaging", "windfall_cny"] == pytest.approx(1200)       # A 100 + D 20
    assert add.loc["packaging", "windfall_already_cny"] == pytest.approx(1200)
    assert add.loc["packaging", "additional_cny"] == pytest.approx(2000)
    assert add.loc["packaging", "additionality"] == pytest.approx(2000 / 3200)
    assert add.loc["training", "windfall_cny"] == pytest.approx(500)
    assert add.loc["training", "windfall_already_cny"] == 0
    assert add.loc["training", "additionality"] == 0
    assert add.loc["commission_rebate", "additional_cny"] == pytest.approx(300)
    assert add.loc["commission_rebate", "additionality"] == 1
    assert math.isnan(add.loc["green_logistics", "additionality"])   # nothing paid
    assert r.spend.set_index("instrument").loc["packaging", "shops_paid"] == 3
    assert all(ok for *_x, ok in r.identities())


def test_group_tables_add_up(result):
    shops = result.shops
    bg = result.by_group
    for by in ("category", "size_band", "area"):
        g = bg[bg["group_by"] == by]
        assert g["shops"].sum() == 40
        assert g["tonnes_avoided"].sum() == pytest.approx(result.tonnes_avoided, rel=1e-12)
        assert g["public_spend_cny"].sum() == pytest.approx(result.public_spend_cny, rel=1e-12)
    assert set(bg[bg["group_by"] == "area"]["group"]) == {"rural", "urban"}
    # one group by hand: the profit distribution of the food shops
    food = shops[shops["category"] == "food"]["profit_change_cny"].to_numpy()
    row = result.profit[(result.profit["group_by"] == "category")
                        & (result.profit["group"] == "food")].iloc[0]
    assert row["shops"] == len(food)
    assert row["mean_change_cny"] == pytest.approx(food.mean())
    assert row["q50_cny"] == pytest.approx(np.median(food))
    assert row["q10_cny"] == pytest.approx(np.quantile(food, 0.1))
    assert row["share_losing"] == pytest.approx((food < 0).mean())
    assert row["total_change_cny"] == pytest.approx(25 * food.sum())
    # adoption: the rates with and without, overall, against the outcomes
    outs = _synthetic()
    ad = result.adoption.set_index(["group_by", "group", "lever"])
    assert ad.loc[("all", "all", "green_packaging"), "rate_base"] == pytest.approx(
        np.mean(["green_packaging" in o.levers_base for o in outs]))
    assert ad.loc[("all", "all", "footprint_page"), "rate_policy"] == pytest.approx(
        np.mean(["footprint_page" in o.levers_policy for o in outs]))
    assert ad.loc[("all", "all", "footprint_page"), "rate_base"] == 0
    lab = result.labour.set_index("metric")
    assert lab.loc["jobs", "base"] == pytest.approx(25 * sum(o.base["jobs"] for o in outs))
    assert lab.loc["jobs", "difference"] == pytest.approx(25 * 8)     # i % 5 == 0: 8 shops


def test_json_document(result):
    doc = result.to_json()
    text = json.dumps(doc, allow_nan=False)
    doc = json.loads(text)
    for key in ("shops", "tonnes_avoided", "public_spend_cny", "cost_per_tonne_cny", "adoption",
                "by_group"):
        assert key in doc
    assert doc["shops"] == {"simulated": 40, "region": 1000, "weight": 25.0}
    assert doc["tonnes_avoided"]["value"] == pytest.approx(result.tonnes_avoided)
    assert doc["cost_per_tonne_cny"]["method"] == "delta"
    assert {"group_by", "group", "lever", "rate_base", "rate_policy"} <= set(doc["adoption"][0])
    assert {"group_by", "group", "tonnes_avoided", "share_losing"} <= set(doc["by_group"][0])
    assert all(i["ok"] for i in doc["identities"])
    assert doc["policy"] == {"policy.packaging_subsidy": 0.5}
