"""The region files and their strict loader (simulation.lab.region)."""

from __future__ import annotations

import copy

import pytest
import yaml

from simulation import loader
from simulation.category import CATEGORIES
from simulation.lab.adoption_settings import AdoptionSettings
from simulation.lab.levers import LEVERS
from simulation.lab.region import (REGIONS_DIR, Region, RegionError, list_regions, load_region,
                                   parse_region, size_band, source_problem)

SOURCE = "county.yaml"


@pytest.fixture(scope="module")
def county_doc() -> dict:
    return yaml.safe_load((REGIONS_DIR / "county_town.yaml").read_text(encoding="utf-8"))


def _problems(doc: dict) -> str:
    with pytest.raises(RegionError) as info:
        parse_region(yaml.safe_dump(doc, allow_unicode=True), SOURCE)
    text = str(info.value)
    # every problem is one line naming the file
    assert all(line.startswith(f"{SOURCE}: ") for line in text.splitlines()), text
    return text


def test_bundled_regions_load():
    assert {"county_town", "metro_district", "single_type"} <= set(list_regions())
    for name in list_regions():
        r = load_region(name)
        assert isinstance(r, Region) and r.name == name
        for text in (r.title, r.description):
            assert text.zh.strip() and text.en.strip()
        assert set(r.categories.shares) <= set(CATEGORIES)
    for name in ("county_town", "metro_district"):
        r = load_region(name)
        assert 1000 <= r.shops <= 5000
        assert r.orders_per_year.sigma > 0 and r.capability.a is not None
    # the county is rural-heavy with lower capability than the metro district
    county, metro = load_region("county_town"), load_region("metro_district")
    assert county.rural.share > 0.5 > metro.rural.share
    assert county.capability.mean() < metro.capability.mean()


def test_load_by_path_and_unknown_name(tmp_path):
    path = tmp_path / "my_region.yaml"
    path.write_bytes((REGIONS_DIR / "single_type.yaml").read_bytes())
    r = load_region(path)
    assert r.name == "my_region" and r.shops == 200
    assert load_region(r) is r
    with pytest.raises(RegionError, match="did you mean 'county_town'"):
        load_region("county_twn")
    with pytest.raises(RegionError):
        load_region("../etc/passwd")


def test_unknown_keys_are_refused_with_a_suggestion(county_doc):
    doc = copy.deepcopy(county_doc)
    doc["categories"]["sharez"] = doc["categories"].pop("shares")
    doc["populaton"] = 5
    text = _problems(doc)
    assert "categories.sharez: unknown key; did you mean 'shares'?" in text
    assert "populaton: unknown key" in text
    doc = copy.deepcopy(county_doc)
    doc["adoption"]["payback_yeras"] = 3
    assert "adoption.payback_yeras: unknown key" in _problems(doc)


def test_category_mix_must_sum_to_one_over_known_categories(county_doc):
    doc = copy.deepcopy(county_doc)
    doc["categories"]["shares"]["food"] += 0.1
    assert "categories: the category shares sum to 1.1; they must sum to 1" in _problems(doc)
    doc = copy.deepcopy(county_doc)
    doc["categories"]["shares"] = {"apparel": 0.5, "toys": 0.5}
    assert "unknown category 'toys'" in _problems(doc)
    doc["categories"]["shares"] = {"apparel": 1.5, "food": -0.5}
    assert "between 0 and 1" in _problems(doc)


def test_every_distribution_needs_a_source(county_doc):
    for part in ("categories", "orders_per_year", "rural", "staff", "margins", "practices",
                 "capability"):
        doc = copy.deepcopy(county_doc)
        del doc[part]["source"]
        assert f"{part}.source: missing" in _problems(doc)
        doc[part]["source"] = "my own guess"
        assert f"{part}.source: must cite a source document" in _problems(doc)
    doc = copy.deepcopy(county_doc)
    del doc["adoption"]["sources"]["hurdle_rate"]
    doc["adoption"]["sources"]["hurdel_rate"] = "assumption"
    text = _problems(doc)
    assert "adoption.sources.hurdle_rate: a source is required" in text
    assert "adoption.sources.hurdel_rate: not an adoption setting; did you mean 'hurdle_rate'?" \
        in text


def test_source_rule():
    assert source_problem("assumption") is None
    assert source_problem("Assumption: a guess") is None
    assert source_problem("《电商行业实施方案范文参考》 §2.2 (rural parcels)") is None
    from simulation import sources as src

    for citation in src.CITATIONS.values():
        if "§" in citation:
            assert source_problem(citation) is None, citation
            assert source_problem(src.zh(citation)) is None, citation
    for bad in ("", "  ", "a survey", "《电商行业实施方案范文参考》", None, 3):
        assert source_problem(bad), bad


def test_values_are_checked(county_doc):
    cases = [
        (("shops",), 0, "shops: 0 is out of range; it must be ≥ 1"),
        (("shops",), 300_000, "shops: 300000 is out of range; it must be ≤ 200000"),
        (("shops",), "2000", "shops: '2000': input should be a valid integer"),
        (("rural", "share"), True, "rural.share: True: input should be a valid number"),
        (("orders_per_year", "median"), 50, "need min ≤ median ≤ max"),
        (("orders_per_year", "distribution"), "pareto", "orders_per_year.distribution"),
        (("horizon_days",), 5000, "horizon_days: 5000 is out of range"),
        (("practices", "probabilities"), {"solar_roof": 0.1}, "unknown lever 'solar_roof'"),
        (("capability", "value"), 0.5, "give either a and b"),
        (("adoption", "hurdle_rate"), 2, "adoption.hurdle_rate: 2 is out of range"),
        (("title",), {"zh": "县城"}, "title.en: missing"),
    ]
    for keys, value, expected in cases:
        doc = copy.deepcopy(county_doc)
        node = doc
        for k in keys[:-1]:
            node = node[k]
        node[keys[-1]] = value
        assert expected in _problems(doc), (keys, value)


def test_hostile_yaml_is_refused(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
           "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    with pytest.raises(RegionError, match="aliases"):
        parse_region(bomb, SOURCE)
    with pytest.raises(RegionError, match="nested too deeply"):
        parse_region("a: " + "[" * 200 + "]" * 200, SOURCE)
    with pytest.raises(RegionError, match="duplicate key 'shops'"):
        parse_region("shops: 1\nshops: 2\n", SOURCE)
    with pytest.raises(RegionError, match="limit"):
        parse_region("x" * (loader.MAX_FILE_BYTES + 1), SOURCE)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * loader.MAX_FILE_BYTES)
    with pytest.raises(RegionError, match="the limit is"):
        load_region(big)
    with pytest.raises(RegionError, match="empty"):
        parse_region("# nothing\n", SOURCE)
    with pytest.raises(RegionError, match="mapping"):
        parse_region("- 1\n- 2\n", SOURCE)
    with pytest.raises(RegionError, match="malformed YAML"):
        parse_region("shops: [1, 2\n", SOURCE)
    with pytest.raises(RegionError, match="control character"):
        parse_region('title: {zh: "a\\u0007", en: b}\n', SOURCE)
    with pytest.raises(RegionError, match="tag"):      # safe_load only: no Python objects
        parse_region("shops: !!python/object/apply:os.system ['true']\n", SOURCE)


def test_degenerate_region_is_degenerate():
    r = load_region("single_type")
    assert r.orders_per_year.sigma == 0 and r.margins.sd == 0
    assert r.capability.value is not None
    assert max(r.categories.shares.values()) == 1
    assert r.rural.share in (0, 1)
    assert all(p in (0, 1) for p in r.practices.probabilities.values())


def test_adoption_settings_defaults_and_bounds():
    a = AdoptionSettings()
    assert (a.payback_years, a.hurdle_rate, a.capability_exponent,
            a.training_capability_gain) == (2.0, 0.15, 1.0, 0.5)
    with pytest.raises(ValueError):
        AdoptionSettings(payback_years=0.1)
    with pytest.raises(ValueError):
        AdoptionSettings(unknown=1)


def test_size_bands():
    assert size_band(100) == "micro" and size_band(4999) == "micro"
    assert size_band(5000) == "small" and size_band(24_999) == "small"
    assert size_band(25_000) == "medium" and size_band(150_000) == "medium"
    assert set(LEVERS) >= set(load_region("metro_district").practices.probabilities)
