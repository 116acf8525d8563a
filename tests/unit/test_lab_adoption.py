"""The policy lab's instruments and adoption rule (simulation/lab/instruments.py,
adoption.py): the instruments come from the schema and are parsed strictly; the merchant's
quick estimate has the right signs; the rule is monotone in every instrument (common random
numbers: the same shop's adoption is a superset), damped by capability, raised by training,
and behaves with the hurdle rate and the payback horizon. Pure arithmetic: no simulation."""

from __future__ import annotations

import dataclasses

import pytest

from simulation.lab import adoption as ad
from simulation.lab.adoption import (SETUP_COST_CNY, adopt, adoption_detail, annuity_factor,
                                     effective_capability, lever_estimate, quick_profit_change)
from simulation.lab.adoption_settings import AdoptionSettings
from simulation.lab.instruments import INSTRUMENTS, format_value, parse_instruments
from simulation.lab.levers import LEVERS
from simulation.lab.region import load_region
from simulation.lab.run import SUBSIDY_INSTRUMENTS
from simulation.lab.shops import ShopDraw, draw_shops
from simulation.scenario import Policy, parameter_rows

NO_POLICY: dict = {}
SUBSIDIES = ("policy.packaging_subsidy", "policy.green_logistics_subsidy_cny",
             "policy.training_subsidy", "policy.community_funding_cny_per_year",
             "policy.commission_rebate")


@pytest.fixture(scope="module")
def county():
    region = load_region("county_town")
    return region, draw_shops(region, 30, seed=3)


@pytest.fixture(scope="module")
def metro():
    region = load_region("metro_district")
    return region, draw_shops(region, 30, seed=3)


def _shop(index=0, category="apparel", orders=6_000.0, practices=(), capability=1.0,
          u=0.5) -> ShopDraw:
    """A shop built by hand (the contract's fields)."""
    return ShopDraw(index=index, category=category, orders_per_year=orders, rural=False,
                    size_band="small", staff=2, gross_margin=0.62,
                    practices=frozenset(practices), capability=capability,
                    uniforms={k: u for k in LEVERS})


# -- instruments --------------------------------------------------------------------------

def test_instruments_come_from_the_schema():
    rows = parameter_rows()
    assert list(INSTRUMENTS) == [
        "policy.packaging_subsidy", "policy.green_logistics_subsidy_cny",
        "policy.training_subsidy", "policy.carbon_price_cny_per_t", "policy.disclosure_mandate",
        "policy.community_funding_cny_per_year", "policy.commission_rebate"]
    assert "policy.commission_rate" not in INSTRUMENTS        # the platform's, not public
    for path, info in INSTRUMENTS.items():
        r = rows[path]
        assert (info.label_zh, info.label_en, info.unit) == (r["label_zh"], r["label_en"],
                                                              r["unit"])
        assert info.label_zh and info.label_en and info.label("zh") == r["label_zh"]
        assert info.off == getattr(Policy(), path.split(".", 1)[1])
        assert info.levers and set(info.levers) <= set(LEVERS)
        if info.kind == "bool":
            assert info.grid == (True,)
            continue
        assert (info.low, info.high) == (r["min"], r["max"])
        assert 3 <= len(info.grid) <= 4
        assert list(info.grid) == sorted(set(info.grid))
        assert all(info.low < g <= info.high for g in info.grid)
        parse_instruments({path: info.grid[-1]})             # every grid point is valid
    # public money is what the runner splits the booked subsidies into
    assert {i.key for i in INSTRUMENTS.values() if i.public_money} == set(SUBSIDY_INSTRUMENTS)
    assert [p for p, i in INSTRUMENTS.items() if i.raises_capability] == ["policy.training_subsidy"]
    assert format_value("policy.packaging_subsidy", 0.5) == "50%"
    assert format_value("policy.disclosure_mandate", True, "zh") == "是"


def test_parse_instruments_reads_strings_and_mappings():
    got = parse_instruments(["policy.packaging_subsidy=0.5", "policy.training_subsidy=25%",
                             " policy.disclosure_mandate = true",
                             "policy.carbon_price_cny_per_t=200"])
    assert got == {"policy.packaging_subsidy": 0.5, "policy.training_subsidy": 0.25,
                   "policy.disclosure_mandate": True, "policy.carbon_price_cny_per_t": 200.0}
    assert isinstance(got["policy.carbon_price_cny_per_t"], float)
    assert parse_instruments("policy.commission_rebate=0.01") == {"policy.commission_rebate": 0.01}
    assert parse_instruments({"policy.community_funding_cny_per_year": 5000}) == {
        "policy.community_funding_cny_per_year": 5000.0}
    assert parse_instruments([]) == {} and parse_instruments({}) == {}
    assert parse_instruments(parse_instruments({"policy.packaging_subsidy": 1})) == {
        "policy.packaging_subsidy": 1.0}                        # idempotent


@pytest.mark.parametrize("items, words", [
    (["policy.commission_rate=0.1"], ["policy.commission_rate", "not a policy instrument",
                                      "platform", "policy.packaging_subsidy"]),
    ({"policy.packaging_subsidi": 0.5}, ["policy.packaging_subsidi", "did you mean",
                                         "policy.packaging_subsidy"]),
    (["shop.gross_margin=0.5"], ["shop.gross_margin", "not a policy instrument"]),
    (["policy.packaging_subsidy=1.5"], ["policy.packaging_subsidy", "out of range", "[0, 1]"]),
    (["policy.commission_rebate=20%"], ["policy.commission_rebate", "[0, 0.1]"]),
    ({"policy.carbon_price_cny_per_t": -1}, ["policy.carbon_price_cny_per_t", "[0, 2000]"]),
    ({"policy.green_logistics_subsidy_cny": float("nan")},
     ["policy.green_logistics_subsidy_cny", "[0, 10]"]),
    ({"policy.packaging_subsidy": True}, ["policy.packaging_subsidy", "expected a number",
                                          "[0, 1]"]),
    (["policy.packaging_subsidy=half"], ["policy.packaging_subsidy", "expected a number"]),
    ({"policy.disclosure_mandate": 1}, ["policy.disclosure_mandate", "true or false"]),
    (["policy.packaging_subsidy"], ["PATH=VALUE"]),
    (["policy.packaging_subsidy=0.5", "policy.packaging_subsidy=0.6"],
     ["policy.packaging_subsidy", "more than once"]),
])
def test_parse_instruments_refuses_with_the_path_and_range(items, words):
    with pytest.raises(ValueError) as err:
        parse_instruments(items)
    for w in words:
        assert w in str(err.value)


# -- the quick estimate ---------------------------------------------------------------------

def test_full_packaging_subsidy_removes_the_green_premium_from_the_estimate(county):
    region, shops = county
    for shop in shops:
        if "green_packaging" in shop.practices:
            continue
        no = lever_estimate(region, shop, "green_packaging", NO_POLICY)
        full = lever_estimate(region, shop, "green_packaging", {"policy.packaging_subsidy": 1.0})
        assert no["packaging"] < 0                       # recycled cartons cost more
        assert full["packaging"] + full["subsidy_packaging"] == pytest.approx(0, abs=1e-6)
        half = lever_estimate(region, shop, "green_packaging", {"policy.packaging_subsidy": 0.5})
        assert half["subsidy_packaging"] == pytest.approx(0.5 * full["subsidy_packaging"])
        # the subsidy changes nothing else
        assert {k: v for k, v in full.items() if k != "subsidy_packaging"} == \
            {k: v for k, v in no.items() if k != "subsidy_packaging"}
        # other levers get nothing from it
        for lever in ("green_logistics", "staff_welfare", "community_marketing"):
            assert lever_estimate(region, shop, lever, {"policy.packaging_subsidy": 1.0}
                                  )["subsidy_packaging"] == 0


def test_carbon_price_raises_the_value_of_low_carbon_levers_only(county):
    region, shops = county
    for shop in shops[:10]:
        for lever in LEVERS:
            if lever in shop.practices:
                assert quick_profit_change(region, shop, lever, NO_POLICY) == 0
                continue
            v0 = quick_profit_change(region, shop, lever, NO_POLICY)
            v1 = quick_profit_change(region, shop, lever, {"policy.carbon_price_cny_per_t": 300})
            v2 = quick_profit_change(region, shop, lever, {"policy.carbon_price_cny_per_t": 1000})
            if lever in ("green_packaging", "green_logistics"):
                assert v0 < v1 < v2
            else:
                assert v0 == v1 == v2


def test_training_subsidy_lowers_the_cost_of_the_welfare_lever(county):
    region, shops = county
    shop = next(s for s in shops if "staff_welfare" not in s.practices)
    no = lever_estimate(region, shop, "staff_welfare", NO_POLICY)
    full = lever_estimate(region, shop, "staff_welfare", {"policy.training_subsidy": 1.0})
    assert no["staff"] < 0 and no["subsidy_training"] == 0
    assert full["subsidy_training"] > 0 and full["staff"] == no["staff"]


def test_rebate_counts_only_when_the_lever_certifies_the_shop(metro):
    region, _ = metro
    rebate = {"policy.commission_rebate": 0.01}
    half = _shop(practices={"green_packaging"})
    none = _shop(index=1)
    both = _shop(index=2, practices={"green_packaging", "green_logistics"})
    assert lever_estimate(region, half, "green_logistics", rebate)["rebate"] > 0
    assert lever_estimate(region, none, "green_logistics", rebate)["rebate"] == 0
    assert lever_estimate(region, none, "green_packaging", rebate)["rebate"] == 0
    for lever in LEVERS:            # already certified: the rebate comes either way
        assert lever_estimate(region, both, lever, rebate)["rebate"] == 0
    # rebate × kept sales, the shop's orders a year
    r = lever_estimate(region, half, "green_logistics", rebate)["rebate"]
    r2 = lever_estimate(region, half, "green_logistics", {"policy.commission_rebate": 0.02})["rebate"]
    assert r2 == pytest.approx(2 * r) and r > 0.01 * 6_000 * 100


def test_community_funding_counts_only_for_a_shop_joining_a_community(metro):
    region, _ = metro
    funding = {"policy.community_funding_cny_per_year": 10_000}
    joining, member = _shop(), _shop(index=1, practices={"community_marketing"})
    assert lever_estimate(region, joining, "community_marketing", funding)["community_funding"] > 0
    for lever in LEVERS:
        if lever != "community_marketing":
            assert lever_estimate(region, joining, lever, funding)["community_funding"] == 0
        assert lever_estimate(region, member, lever, funding)["community_funding"] == 0


def test_the_footprint_page_is_worth_something_only_with_practice_to_show(metro):
    region, _ = metro
    bare = _shop()
    green = _shop(index=1, practices={"green_packaging", "green_logistics"})
    assert quick_profit_change(region, bare, "footprint_page") == 0
    assert quick_profit_change(region, green, "footprint_page") > 0
    # with a disclosure mandate every shop shows one: the page adds nothing, practice more
    mandate = {"policy.disclosure_mandate": True}
    assert quick_profit_change(region, green, "footprint_page", mandate) == 0
    assert quick_profit_change(region, bare, "green_packaging", mandate) > \
        quick_profit_change(region, bare, "green_packaging")


# -- the rule ---------------------------------------------------------------------------------

def test_detail_is_the_rule(county):
    region, shops = county
    st = region.adoption
    a = annuity_factor(st.payback_years, st.hurdle_rate)
    for shop in shops:
        d = adoption_detail(region, shop, NO_POLICY)
        assert d.adopted == adopt(region, shop, NO_POLICY) == adopt(region, shop)
        assert d.capability_eff == shop.capability and d.annuity == a
        for lever, e in d.levers.items():
            if e.in_use:
                assert e.adopted and e.npv_cny == 0
                continue
            assert e.yearly_cny == pytest.approx(quick_profit_change(region, shop, lever))
            assert e.npv_cny == pytest.approx(-SETUP_COST_CNY[lever] + e.yearly_cny * a)
            assert e.threshold == shop.capability ** st.capability_exponent
            assert e.adopted == (e.npv_cny > 0 and shop.uniforms[lever] < e.threshold)
        assert shop.practices <= d.adopted
        assert {r["lever"] for r in d.rows()} == set(LEVERS)


def test_capability_damps_adoption(metro):
    region, shops = metro
    for shop in shops:
        nobody = dataclasses.replace(shop, capability=0.0)
        assert adopt(region, nobody, NO_POLICY) == shop.practices
        assert adopt(region, nobody, {"policy.packaging_subsidy": 1.0,
                                      "policy.carbon_price_cny_per_t": 1000}) == shop.practices
        expert = dataclasses.replace(shop, capability=1.0)
        d = adoption_detail(region, expert, NO_POLICY)
        worth = {k for k, e in d.levers.items() if e.npv_cny > 0}
        assert d.adopted == shop.practices | worth
    # the threshold rises with capability, the exponent lowers it
    assert effective_capability(0.4, 0.0, 0.5) == 0.4
    assert effective_capability(0.4, 1.0, 0.5) == pytest.approx(0.7)
    assert effective_capability(0.0, 0.5, 0.5) == pytest.approx(0.25)
    steep = region.adoption.model_copy(update={"capability_exponent": 2.0})
    shop = dataclasses.replace(shops[0], capability=0.6)
    d1 = adoption_detail(region, shop, NO_POLICY)
    d2 = adoption_detail(region, shop, NO_POLICY, settings=steep)
    for k in LEVERS:
        assert d2.levers[k].threshold == pytest.approx(0.36)
        assert d1.levers[k].threshold == pytest.approx(0.6)


def test_training_subsidy_raises_adoption(county):
    region, shops = county
    base = [adopt(region, s, NO_POLICY) for s in shops]
    trained = [adopt(region, s, {"policy.training_subsidy": 1.0}) for s in shops]
    assert all(b <= t for b, t in zip(base, trained, strict=True))
    assert sum(map(len, trained)) > sum(map(len, base))
    # even a shop without skills adopts once trained (capability 0 → gain × subsidy)
    bare = _shop(capability=0.0, u=0.1)
    assert adopt(region, bare, NO_POLICY) == frozenset()
    assert adopt(region, bare, {"policy.training_subsidy": 1.0}) != frozenset()


def _raise(path: str, value):
    info = INSTRUMENTS[path]
    return [info.off, *[g for g in info.grid if g != info.off]] if value is None else value


@pytest.mark.parametrize("path", list(INSTRUMENTS))
def test_a_stronger_instrument_never_removes_a_lever(path, county, metro):
    """Common random numbers: the same shop, the same uniforms; each step up an
    instrument's grid keeps every lever adopted at the step below (and every estimate at
    least as high)."""
    levels = _raise(path, None)
    for region, shops in (county, metro):
        for shop in shops:
            prev_set, prev_est = None, None
            for v in levels:
                pol = {path: v}
                got = adopt(region, shop, pol)
                est = {k: quick_profit_change(region, shop, k, pol) for k in LEVERS}
                if prev_set is not None:
                    assert prev_set <= got, (shop.index, v)
                    # (a mandate makes the page a duty, no longer a choice worth anything)
                    assert all(est[k] >= prev_est[k] - 1e-9 for k in LEVERS
                               if not (k == "footprint_page" and v is True)), (shop.index, v)
                prev_set, prev_est = got, est


def test_subsidies_raise_adoption_somewhere(county, metro):
    for path in ("policy.packaging_subsidy", "policy.green_logistics_subsidy_cny"):
        info = INSTRUMENTS[path]
        lever = info.levers[0]
        total0 = total1 = 0
        for region, shops in (county, metro):
            for shop in shops:
                ex = dataclasses.replace(shop, capability=1.0)
                total0 += lever in adopt(region, ex, NO_POLICY)
                total1 += lever in adopt(region, ex, {path: info.grid[-1]})
        assert total1 > total0, path


def test_the_disclosure_mandate_gives_every_shop_the_page(county):
    region, shops = county
    for shop in shops:
        d = adoption_detail(region, shop, {"policy.disclosure_mandate": True})
        assert "footprint_page" in d.adopted
        assert d.levers["footprint_page"].mandated or d.levers["footprint_page"].in_use


def test_hurdle_rate_and_payback_horizon(county, metro):
    assert annuity_factor(2, 0.15) == pytest.approx(1 / 1.15 + 1 / 1.15 ** 2)
    assert annuity_factor(3, 0.0) == 3 and annuity_factor(0, 0.1) == 0
    assert annuity_factor(5, 0.1) > annuity_factor(2, 0.1) > annuity_factor(2, 0.3)

    def settings(T, h):
        return AdoptionSettings(payback_years=T, hurdle_rate=h, capability_exponent=1.0,
                                training_capability_gain=0.5)

    strict, lax = settings(1.0, 0.5), settings(10.0, 0.0)
    changed = 0
    for region, shops in (county, metro):
        for shop in shops:
            ex = dataclasses.replace(shop, capability=1.0)
            a_strict = adoption_detail(region, ex, NO_POLICY, settings=strict)
            a_mid = adoption_detail(region, ex, NO_POLICY, settings=settings(2.0, 0.15))
            a_lax = adoption_detail(region, ex, NO_POLICY, settings=lax)
            assert a_strict.adopted <= a_mid.adopted <= a_lax.adopted
            changed += a_strict.adopted != a_lax.adopted
            for k, e in a_mid.levers.items():
                if not e.in_use and e.yearly_cny > 0:     # worth more the longer and cheaper
                    assert a_strict.levers[k].npv_cny < e.npv_cny < a_lax.levers[k].npv_cny
    assert changed > 0          # the horizon and the rate matter to some shops


def test_the_estimate_is_cached_per_region_and_rejects_unknown_levers(county):
    region, shops = county
    with pytest.raises(ValueError, match="unknown lever"):
        quick_profit_change(region, shops[0], "solar_roof")
    with pytest.raises(ValueError, match="policy.commission_rate"):
        adopt(region, shops[0], {"policy.commission_rate": 0.1})
    adopt(region, shops[0])
    assert ad._CACHE["region"] is region and ad._CACHE["items"]
