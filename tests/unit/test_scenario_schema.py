"""The schema is the single source of truth for a parameter (docs/DESIGN.md principle 3)
and a Scenario never changes (principle 4).

Every leaf field of :class:`Scenario` is checked for its labels, help, unit, source and
bounds; immutability, ``with_changes``, the canonical JSON and the cross-field checks are
checked with the exact, field-naming messages a user sees.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from simulation.loader import ScenarioError
from simulation.scenario import CHANNELS, SCHEMA_VERSION, Scenario, iter_parameters


LEAVES = {p: f for p, f, _ in iter_parameters()}
NUMERIC = {p: f for p, f in LEAVES.items() if f.annotation in (int, float)}


def _bounds(info) -> tuple[float | None, float | None]:
    ge = le = None
    for m in info.metadata:
        if getattr(m, "ge", None) is not None:
            ge = m.ge
        if getattr(m, "le", None) is not None:
            le = m.le
    return ge, le


def _value(sc: Scenario, dotted: str) -> Any:
    node: Any = sc
    for part in dotted.split("."):
        node = getattr(node, part)
    return node


def test_the_walk_finds_the_whole_schema():
    # guards the walk itself: a broken walk would make the parametrised tests vacuous
    assert len(LEAVES) > 100
    for path in ("shop.order_value_cny", "staff.packers", "marketing.shares.crm",
                 "marketing.response.search.decay", "packaging.option", "run.horizon_days",
                 "logistics.pickup_hours"):
        assert path in LEAVES
    assert "marketing.shares" not in LEAVES  # sections are walked into, not leaves
    assert len(NUMERIC) > 100


@pytest.mark.parametrize("path", sorted(LEAVES))
def test_every_leaf_carries_labels_help_unit_and_source(path):
    extra = LEAVES[path].json_schema_extra
    assert isinstance(extra, dict), f"{path}: declared without param(...)"
    for key in ("label_zh", "label_en", "help_en", "help_zh", "source"):
        value = extra.get(key)
        assert isinstance(value, str) and value.strip(), f"{path}: empty {key}"
    assert "unit" in extra, f"{path}: no unit key"
    assert isinstance(extra["unit"], str), f"{path}: unit is not text"


@pytest.mark.parametrize("path", sorted(NUMERIC))
def test_every_numeric_leaf_has_both_bounds_and_its_defaults_lie_inside(path):
    info = NUMERIC[path]
    lo, hi = _bounds(info)
    assert lo is not None, f"{path}: no lower bound (ge)"
    assert hi is not None, f"{path}: no upper bound (le)"
    assert lo < hi, f"{path}: empty range [{lo}, {hi}]"
    # the field's own default, and the value a default Scenario actually carries (the
    # channel-response sections set their own per-channel defaults)
    assert lo <= info.default <= hi, f"{path}: default {info.default} outside [{lo}, {hi}]"
    actual = _value(Scenario(), path)
    assert lo <= actual <= hi, f"{path}: baseline value {actual} outside [{lo}, {hi}]"
    assert not isinstance(actual, bool)


def test_defaults_validate():
    sc = Scenario()
    again = Scenario.model_validate(sc.to_dict())
    assert again == sc
    assert sum(sc.marketing.shares.as_dict().values()) == pytest.approx(1.0)
    assert set(sc.marketing.shares.as_dict()) == set(CHANNELS)


def test_scenario_is_immutable():
    sc = Scenario()
    with pytest.raises(ValidationError, match="frozen"):
        sc.run = sc.run  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        sc.staff.packers = 9  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        sc.marketing.shares.crm = 0.5  # type: ignore[misc]
    assert sc == Scenario()


def test_with_changes_returns_a_new_object_and_leaves_the_original_alone():
    sc = Scenario()
    before = sc.canonical_json()
    sc2 = sc.with_changes({"packaging.option": "recycled_carton", "staff.packers": 5})
    assert sc2 is not sc
    assert isinstance(sc2, Scenario)
    assert sc2.packaging.option == "recycled_carton"
    assert sc2.staff.packers == 5
    assert sc.packaging.option == Scenario().packaging.option
    assert sc.staff.packers == Scenario().staff.packers
    assert sc.canonical_json() == before
    # untouched sections are equal in value
    assert sc2.customers == sc.customers
    # with no changes, still a new, equal object
    sc3 = sc.with_changes({})
    assert sc3 == sc


def test_with_changes_rejects_bad_values_and_leaves_the_original_alone():
    sc = Scenario()
    before = sc.canonical_json()
    with pytest.raises(ScenarioError) as ei:
        sc.with_changes({"staff.packers": 0})
    assert "staff.packers: 0 is out of range; allowed [1, 200]" in str(ei.value)
    assert sc.canonical_json() == before


def test_canonical_json_is_stable_and_tracks_values():
    a, b = Scenario(), Scenario()
    assert a is not b
    assert a.canonical_json() == b.canonical_json()
    assert a.fingerprint() == b.fingerprint()
    doc = json.loads(a.canonical_json())
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["scenario"] == a.to_dict()
    # sorted keys, no spaces: the same text whatever order the changes came in
    c1 = a.with_changes({"staff.packers": 4, "packaging.option": "reusable_box"})
    c2 = a.with_changes({"packaging.option": "reusable_box", "staff.packers": 4})
    assert c1.canonical_json() == c2.canonical_json()
    # one value changed -> different text and fingerprint
    changed = a.with_changes({"shop.return_rate": a.shop.return_rate + 0.01})
    assert changed.canonical_json() != a.canonical_json()
    assert changed.fingerprint() != a.fingerprint()
    # and back again -> the same text
    back = changed.with_changes({"shop.return_rate": a.shop.return_rate})
    assert back.canonical_json() == a.canonical_json()


def test_channel_shares_not_summing_to_one_name_the_sum_and_each_channel():
    base = Scenario().marketing.shares.as_dict()
    with pytest.raises(ScenarioError) as ei:
        Scenario().with_changes({"marketing.shares.search": 0.5})
    msg = str(ei.value)
    total = sum(base.values()) - base["search"] + 0.5
    assert msg.startswith("marketing.shares: channel shares must sum to 1")
    assert f"got {total:.6g}" in msg
    assert "search=0.5" in msg
    for c in CHANNELS:
        if c != "search":
            assert f"{c}={base[c]:g}" in msg
    assert len(ei.value.problems) == 1


def test_channel_shares_replaced_whole_must_still_sum_to_one():
    shares = {"search": 0.3, "feed": 0.2, "livestream": 0.1, "crm": 0.1,
              "esg_content": 0.1, "community": 0.1}  # 0.9
    with pytest.raises(ScenarioError) as ei:
        Scenario().with_changes({"marketing.shares": shares})
    msg = str(ei.value)
    assert "marketing.shares: channel shares must sum to 1, got 0.9" in msg
    assert ("(search=0.3, feed=0.2, livestream=0.1, crm=0.1, esg_content=0.1, "
            "community=0.1)") in msg
    ok = Scenario().with_changes({"marketing.shares": {**shares, "search": 0.4}})
    assert ok.marketing.shares.search == 0.4


def test_channel_shares_checked_when_built_directly():
    from simulation.scenario import ChannelShares

    with pytest.raises(ValidationError) as ei:
        ChannelShares(search=0.9)
    assert "channel shares must sum to 1" in str(ei.value)
    assert "search=0.9" in str(ei.value)


def test_eco_plus_price_share_above_one_is_rejected():
    price = Scenario().customers.price_share
    eco = round(1.0 - price + 0.2, 6)
    with pytest.raises(ScenarioError) as ei:
        Scenario().with_changes({"customers.eco_share": eco})
    msg = str(ei.value)
    assert ("customers.eco_share + customers.price_share must be at most 1, got "
            f"{eco + price:.6g}") in msg
    # exactly 1 is allowed (no convenience-seekers)
    sc = Scenario().with_changes({"customers.eco_share": 0.5, "customers.price_share": 0.5})
    assert sc.customers.eco_share + sc.customers.price_share == 1.0


def test_warmup_must_be_shorter_than_the_horizon():
    with pytest.raises(ScenarioError) as ei:
        Scenario().with_changes({"run.horizon_days": 30, "run.warmup_days": 30})
    assert "run.warmup_days (30) must be below run.horizon_days (30)" in str(ei.value)


def test_pickup_hours_are_checked_and_sorted():
    sc = Scenario().with_changes({"logistics.pickup_hours": [20, 11.5]})
    assert sc.logistics.pickup_hours == (11.5, 20.0)
    with pytest.raises(ScenarioError) as ei:
        Scenario().with_changes({"logistics.pickup_hours": [17, 24]})
    assert "logistics.pickup_hours: pickup times must lie in [0, 24), got [17.0, 24.0]" in str(
        ei.value)
    with pytest.raises(ScenarioError) as ei:
        Scenario().with_changes({"logistics.pickup_hours": []})
    assert "logistics.pickup_hours: needs 1 to 6 pickup times of day" in str(ei.value)


def test_true_and_false_are_not_numbers_even_in_python():
    from simulation.scenario import Logistics, Staff

    with pytest.raises(ValidationError, match="expected a number, got true"):
        Staff(packers=True)
    with pytest.raises(ValidationError, match="expected a number, got false"):
        Logistics(electric_share=False)
    assert Staff(training=True).training is True      # booleans stay booleans
