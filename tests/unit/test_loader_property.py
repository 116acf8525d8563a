"""Whatever is thrown at the loader, the only failure is a ScenarioError (one line per
problem); a valid scenario returned is fine. Deterministic (derandomised, no example
database) and quick."""

from __future__ import annotations

import json
import math

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from simulation.loader import (TOP_LEVEL_KEYS, ScenarioError, apply_changes, diff_scenarios,
                               dump_changes, load_text, parse_value)
from simulation.scenario import MAX_ORDERS, Scenario, field_bounds, iter_parameters

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])


LEAVES = {p: f for p, f, _ in iter_parameters()}
PATHS = sorted(LEAVES)
SECTIONS = sorted({p.rsplit(".", 1)[0] for p in PATHS} | {p.split(".")[0] for p in PATHS})
BASE = Scenario()


def _check(fn, *args):
    """Run ``fn``; it must return a Scenario or raise a well-formed ScenarioError."""
    try:
        result = fn(*args)
    except ScenarioError as e:
        assert e.problems, "a ScenarioError with no problems"
        for p in e.problems:
            assert isinstance(p, str) and p.strip() and "\n" not in p, repr(p)
        assert str(e)
        return None
    assert isinstance(result, Scenario)
    json.loads(result.canonical_json())  # still serialisable
    return result


# -- strategies ------------------------------------------------------------------------------

def _mutate(s: str, data) -> str:
    i = data.draw(st.integers(0, len(s)))
    return data.draw(st.sampled_from([
        s[:i] + s[i + 1:],                 # drop a character
        s[:i] + "z" + s[i:],               # insert one
        s.upper(),
        s + ".x",
        s.replace(".", "..", 1),
        s.rsplit(".", 1)[0],               # a section
    ]))


real_paths = st.sampled_from(PATHS)
dotted_keys = st.one_of(
    real_paths,
    st.sampled_from(SECTIONS),
    st.sampled_from(list(TOP_LEVEL_KEYS)),
    st.builds(lambda p, q: f"{p}.{q}", st.sampled_from(SECTIONS), st.text(max_size=8)),
    st.text(max_size=20),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz._", max_size=30),
)
scalars = st.one_of(
    st.none(), st.booleans(),
    st.integers(), st.integers(-10**6, 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-1e4, 1e4),
    st.text(max_size=20),
    st.sampled_from(["standard", "recycled_carton", "reusable_box", "lognormal", "south",
                     "yes", "no", "on", "~", "1e400", ".nan", "0x10", "2024-13-45", ""]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(dotted_keys, inner, max_size=4)),
    max_leaves=12,
)
yaml_alphabet = st.sampled_from(list("[]{}:-,&*!|>'\"#%@`?\n\t .0129aezx_") +
                                ["changes", "include", "schema_version", "title", "staff",
                                 "packers", "!!int", "!!float", "!!timestamp", "!!binary",
                                 "!!python/object", "<<", "\ud7ff", "é", "\x00", "\x85",
                                 "\ufeff", "2024-02-30", "0x", "0b", ".inf"] + PATHS[:20])
yaml_like_text = st.lists(yaml_alphabet, max_size=60).map("".join)


@st.composite
def documents(draw):
    """A random scenario-shaped (or not) mapping."""
    doc = {}
    for key in draw(st.lists(st.one_of(st.sampled_from(list(TOP_LEVEL_KEYS)), dotted_keys),
                             max_size=4, unique=True)):
        if key == "changes":
            doc[key] = draw(st.one_of(
                st.dictionaries(dotted_keys, json_values, max_size=6),
                json_values))
        elif key == "schema_version":
            doc[key] = draw(st.one_of(st.just(1), scalars))
        elif key == "include":
            doc[key] = draw(st.one_of(
                st.lists(st.sampled_from(["green_packaging", "baseline", "nope", "../x", ""]),
                         max_size=2),
                json_values))
        elif key in ("title", "description"):
            doc[key] = draw(st.one_of(
                st.fixed_dictionaries({"zh": st.text(max_size=8), "en": st.text(max_size=8)}),
                json_values))
        else:
            doc[key] = draw(json_values)
    return doc


def _to_yaml(doc, style: int) -> str:
    if style == 0:
        return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    if style == 1:
        return yaml.safe_dump(doc, default_flow_style=True, allow_unicode=False)
    return json.dumps(doc, ensure_ascii=False)  # JSON is YAML (NaN/Infinity are not)


# -- load_text -------------------------------------------------------------------------------

@FUZZ
@given(documents(), st.integers(0, 2))
def test_random_documents_raise_only_scenario_errors(doc, style):
    _check(load_text, _to_yaml(doc, style))


@FUZZ
@given(st.dictionaries(real_paths, json_values, min_size=1, max_size=5), st.integers(0, 2))
def test_random_values_at_real_paths_raise_only_scenario_errors(changes, style):
    _check(load_text, _to_yaml({"schema_version": 1, "changes": changes}, style))


@FUZZ
@given(st.text(max_size=300))
def test_random_text_raises_only_scenario_errors(text):
    _check(load_text, text)


@FUZZ
@given(yaml_like_text)
def test_random_yaml_punctuation_raises_only_scenario_errors(text):
    _check(load_text, text)
    _check(load_text, "changes:\n  staff.packers: " + text)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_raise_only_scenario_errors(data):
    _check(load_text, data)
    _check(load_text, b"changes: {" + data + b"}")


@FUZZ
@given(st.text(max_size=100))
def test_parse_value_returns_a_value_or_a_scenario_error(text):
    try:
        value = parse_value(text)
    except ScenarioError as e:
        assert e.problems and all(p.startswith("--set") or p for p in e.problems)
        return
    # and whatever it returns, the schema judges it without any other exception
    _check(apply_changes, BASE, {"packaging.option": value})
    _check(apply_changes, BASE, {"staff.packers": value})


# -- apply_changes ---------------------------------------------------------------------------

@FUZZ
@given(st.dictionaries(st.one_of(real_paths, dotted_keys, st.integers(), st.none()),
                       json_values, max_size=6))
def test_apply_changes_with_random_keys_and_values(changes):
    _check(apply_changes, BASE, changes)


@FUZZ
@given(real_paths, json_values)
def test_a_change_at_a_real_path_touches_only_that_path(path, value):
    result = _check(apply_changes, BASE, {path: value})
    if result is not None:
        for changed in diff_scenarios(BASE, result):
            assert changed == path or changed.startswith(path + ".") or \
                path.startswith(changed + "."), (path, changed)


# fields whose in-range values can still break a check that spans fields
COUPLED = {"customers.eco_share", "customers.price_share", "run.warmup_days"} | {
    p for p in PATHS if p.startswith("marketing.shares.")}
NUMERIC = [p for p in PATHS if LEAVES[p].annotation in (int, float) and p not in COUPLED]


@st.composite
def in_range_changes(draw):
    out = {}
    for path in draw(st.lists(st.sampled_from(NUMERIC), max_size=6, unique=True)):
        lo, hi = field_bounds(LEAVES[path])
        if LEAVES[path].annotation is int:
            out[path] = draw(st.integers(int(math.ceil(lo)), int(math.floor(hi))))
        else:
            out[path] = draw(st.floats(lo, hi, allow_nan=False))
    for path in draw(st.lists(st.sampled_from(
            [p for p in PATHS if LEAVES[p].annotation is bool]), max_size=3, unique=True)):
        out[path] = draw(st.booleans())
    if draw(st.booleans()):
        out["packaging.option"] = draw(st.sampled_from(
            ["standard", "recycled_carton", "degradable_mailer", "reusable_box"]))
    if draw(st.booleans()):
        out["logistics.pickup_hours"] = draw(st.lists(st.floats(0, 23.99), min_size=1,
                                                      max_size=6))
    return out


@FUZZ
@given(in_range_changes())
def test_in_range_values_are_accepted_and_round_trip_through_a_file(changes):
    # run.horizon_days may be drawn; warm-up (0 by default) stays below any horizon >= 1.
    # The one cross-field limit that in-range values can still hit is the workload bound
    # (Scenario.workload_orders); it must say so, naming the limit.
    try:
        sc = apply_changes(BASE, changes)
    except ScenarioError as e:
        assert len(e.problems) == 1 and "orders over" in e.problems[0], e.problems
        assert f"{MAX_ORDERS:,}" in e.problems[0]
        assume(False)
    for path, value in changes.items():
        node = sc
        for part in path.split("."):
            node = getattr(node, part)
        if path == "logistics.pickup_hours":
            assert node == tuple(sorted(value))
        else:
            assert node == value, path
    text = dump_changes({"zh": "随机", "en": "random"}, None, diff_scenarios(BASE, sc))
    assert load_text(text) == sc


@FUZZ
@given(real_paths, st.data())
def test_out_of_range_numbers_name_the_path_value_and_range(path, data):
    info = LEAVES[path]
    assume(info.annotation in (int, float))
    lo, hi = field_bounds(info)
    if info.annotation is int:
        value = data.draw(st.one_of(st.integers(max_value=int(lo) - 1),
                                    st.integers(min_value=int(hi) + 1)))
    else:
        value = data.draw(st.one_of(st.floats(max_value=lo, exclude_max=True),
                                    st.floats(min_value=hi, exclude_min=True)))
    try:
        apply_changes(BASE, {path: value})
    except ScenarioError as e:
        assert len(e.problems) == 1
        assert e.problems[0].startswith(f"{path}: ")
        assert "is out of range; allowed [" in e.problems[0]
    else:
        raise AssertionError(f"{path}={value!r} outside [{lo}, {hi}] was accepted")
