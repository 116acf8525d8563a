"""The one strict loader (docs/DESIGN.md principle 5): every preset loads, and every kind
of bad input gets one exact line naming the field, the value and what is allowed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from simulation import loader
from simulation.loader import (MAX_FILE_BYTES, MAX_INCLUDE_DEPTH, MAX_YAML_DEPTH, PRESET_DIR,
                               ScenarioError, apply_changes, diff_scenarios, dump_changes,
                               list_presets, load_preset, load_scenario, load_text,
                               parse_document, parse_value)
from simulation.scenario import (MAX_HORIZON_DAYS, MAX_MONTHLY_BUDGET_CNY, SCHEMA_VERSION,
                                 Scenario, field_bounds, iter_parameters)

PRESET_FILES = sorted(PRESET_DIR.glob("*.yaml"))


def _error(text) -> ScenarioError:
    """The ScenarioError ``load_text`` raises for ``text`` (fails if it loads)."""
    with pytest.raises(ScenarioError) as ei:
        load_text(text, "t.yaml")
    err = ei.value
    assert err.problems and all(isinstance(p, str) and p for p in err.problems)
    assert all("\n" not in p for p in err.problems), "one line per problem"
    assert err.source == "t.yaml"
    return err


NUMERIC = {p: f for p, f, _ in iter_parameters() if f.annotation in (int, float)}


def _num(x) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


# -- presets ---------------------------------------------------------------------------------

def test_there_are_presets_and_a_baseline():
    names = [p.stem for p in PRESET_FILES]
    assert "baseline" in names and "full_esg" in names
    assert len(names) >= 5
    assert [p.name for p in list_presets()] == names


@pytest.mark.parametrize("path", PRESET_FILES, ids=lambda p: p.stem)
def test_every_preset_loads_with_bilingual_title_and_description(path):
    preset = load_preset(path)
    assert isinstance(preset.scenario, Scenario)
    assert preset.name == path.stem
    for field in ("title", "description"):
        text = getattr(preset, field)
        assert set(text) == {"zh", "en"}, f"{path.name}: {field} needs zh and en"
        for lang in ("zh", "en"):
            assert isinstance(text[lang], str) and text[lang].strip(), \
                f"{path.name}: empty {field}.{lang}"
    # by name too, to the same scenario
    assert load_scenario(path.stem) == preset.scenario
    # every preset other than the baseline changes something
    if path.stem == "baseline":
        assert preset.scenario == Scenario()
    else:
        assert diff_scenarios(Scenario(), preset.scenario), f"{path.name} changes nothing"


def test_full_esg_equals_applying_each_included_preset_in_turn():
    full = load_preset("full_esg")
    assert len(full.include) >= 2
    expected = Scenario()
    for name in full.include:
        expected = expected.with_changes(load_preset(name).changes)
    expected = expected.with_changes(full.changes)
    assert full.scenario == expected
    assert full.scenario.canonical_json() == expected.canonical_json()
    # and it really carries each included lever
    for name in full.include:
        for path, value in diff_scenarios(Scenario(), load_preset(name).scenario).items():
            if not path.startswith("marketing.shares"):  # full_esg sets its own split
                assert diff_scenarios(Scenario(), full.scenario).get(path) == value, (name, path)


# -- unknown keys ----------------------------------------------------------------------------

def test_unknown_top_level_key_suggests_the_nearest():
    err = _error("schema_version: 1\nchangez:\n  staff.packers: 4\n")
    assert err.problems == ["changez: unknown top-level key; did you mean 'changes'?"]
    assert str(err) == "t.yaml: changez: unknown top-level key; did you mean 'changes'?"


def test_unknown_section_suggests_the_nearest():
    err = _error("changes:\n  stafff.packers: 4\n")
    assert err.problems == ["stafff: unknown key; did you mean 'staff'?"]


def test_unknown_field_in_a_section_suggests_the_nearest():
    err = _error("changes:\n  staff.packerz: 4\n")
    assert err.problems == ["staff.packerz: unknown key; did you mean 'packers'?"]
    # the same written as a nested mapping
    err = _error("changes:\n  staff:\n    packerz: 4\n")
    assert err.problems == ["staff.packerz: unknown key; did you mean 'packers'?"]


def test_unknown_key_deep_in_the_tree_suggests_the_nearest():
    err = _error("changes:\n  marketing.response.serch.decay: 0.1\n")
    assert err.problems == ["marketing.response.serch: unknown key; did you mean 'search'?"]
    err = _error("changes:\n  marketing.response.search.decai: 0.1\n")
    assert err.problems == ["marketing.response.search.decai: unknown key; did you mean 'decay'?"]


def test_unknown_key_with_nothing_close_lists_the_valid_ones():
    err = _error("changes:\n  zzzzqqq: 1\n")
    assert err.problems[0].startswith("zzzzqqq: unknown key; valid keys: customers, emissions,")


def test_unknown_key_with_a_line_break_stays_on_one_line():
    err = _error('changes:\n  "staff.pack\\nerz": 4\n')
    assert err.problems == ["'staff.pack\\nerz': unknown key; did you mean 'packers'?"]
    err = _error('"chan\\nges": {}\n')
    assert err.problems == ["'chan\\nges': unknown top-level key; did you mean 'changes'?"]
    with pytest.raises(ScenarioError) as ei:
        apply_changes(Scenario(), {"staff.packers.\n": 1, "x" * 500: 1})
    assert ei.value.problems[0] == "'staff.packers.\\n': 'staff.packers' is a value, not a section"
    assert ei.value.problems[1].startswith("'xxxxxxxx") and len(ei.value.problems[1]) < 200


def test_path_through_a_value_is_rejected():
    err = _error("changes:\n  staff.packers.count: 4\n")
    assert err.problems == ["staff.packers.count: 'staff.packers' is a value, not a section"]


def test_section_given_a_value_is_rejected():
    err = _error("changes:\n  staff: 4\n")
    assert err.problems == ["staff: expected a mapping of settings, got 4"]


def test_every_problem_is_reported_not_just_the_first():
    err = _error("changes:\n  staff.packerz: 4\n  logistcs.electric_share: 0.5\n")
    assert err.problems == ["staff.packerz: unknown key; did you mean 'packers'?",
                            "logistcs: unknown key; did you mean 'logistics'?"]
    err = _error("changes:\n  staff.packers: 0\n  run.horizon_days: 0\n")
    assert set(err.problems) == {"staff.packers: 0 is out of range; allowed [1, 200]",
                                 f"run.horizon_days: 0 is out of range; allowed [1, "
                                 f"{MAX_HORIZON_DAYS}]"}


# -- wrong types -----------------------------------------------------------------------------

def test_wrong_type_names_the_path_and_value():
    err = _error('changes:\n  staff.packers: "three"\n')
    assert err.problems == ["staff.packers: 'three': expected a number, got text (write it "
                            "without quotes)"]


def test_unknown_option_names_the_path_value_and_the_choices():
    err = _error("changes:\n  packaging.option: plastic\n")
    assert err.problems == ["packaging.option: 'plastic' is not one of 'standard', "
                            "'recycled_carton', 'degradable_mailer' or 'reusable_box'"]


def test_fractional_count_is_rejected():
    err = _error("changes:\n  staff.packers: 2.5\n")
    assert err.problems[0].startswith("staff.packers: 2.5: input should be a valid integer")


@pytest.mark.parametrize("text,path", [
    ("staff.packers: true", "staff.packers"),
    ("logistics.electric_share: yes", "logistics.electric_share"),   # YAML 1.1: yes == true
    ("shop.order_value_cny: on", "shop.order_value_cny"),
])
def test_true_false_for_a_number_is_rejected(text, path):
    # pydantic alone would read true as 1: 'electric_share: yes' would silently mean 100%
    err = _error(f"changes:\n  {text}\n")
    assert err.problems == [f"{path}: True: expected a number, got true/false"]
    err = _error("changes:\n  " + text.replace(".", ":\n    ", 1) + "\n")
    assert err.problems == [f"{path}: True: expected a number, got true/false"]


def test_not_a_number_is_rejected_naming_the_value():
    err = _error("changes:\n  staff.packers: .nan\n")
    assert err.problems == ["staff.packers: nan: input should be a finite number"]
    err = _error("changes:\n  shop.order_value_cny: .nan\n")
    assert err.problems == ["shop.order_value_cny: nan is out of range; allowed [20, 5000]"]
    err = _error("changes:\n  shop.order_value_cny: .inf\n")
    assert err.problems == ["shop.order_value_cny: inf is out of range; allowed [20, 5000]"]


# -- out of range ----------------------------------------------------------------------------

def test_horizon_out_of_range_names_path_value_and_range():
    err = _error("changes:\n  run.horizon_days: 100000\n")
    assert err.problems == [f"run.horizon_days: 100000 is out of range; allowed [1, "
                            f"{MAX_HORIZON_DAYS}]"]


def test_share_out_of_range_names_path_value_and_range():
    err = _error("changes:\n  logistics.electric_share: 1.5\n")
    assert err.problems == ["logistics.electric_share: 1.5 is out of range; allowed [0, 1]"]


def test_negative_budget_names_path_value_and_range():
    err = _error("changes:\n  marketing.monthly_budget_cny: -5000\n")
    assert err.problems == ["marketing.monthly_budget_cny: -5000 is out of range; allowed "
                            f"[0, {MAX_MONTHLY_BUDGET_CNY}]"]
    assert "[0, 20000000]" in err.problems[0]  # written out, not 2e+07


@pytest.mark.parametrize("path", sorted(NUMERIC))
@pytest.mark.parametrize("side", ["below", "above"])
def test_every_numeric_field_reports_its_range(path, side):
    lo, hi = field_bounds(NUMERIC[path])
    value = (lo - 1) if side == "below" else (hi + 1)
    if NUMERIC[path].annotation is float:
        value = float(value)
    with pytest.raises(ScenarioError) as ei:
        Scenario().with_changes({path: value})
    assert ei.value.problems == [
        f"{path}: {value!r} is out of range; allowed [{_num(lo)}, {_num(hi)}]"]


# -- malformed and hostile documents ---------------------------------------------------------

def test_malformed_yaml_gives_the_line():
    err = _error("schema_version: 1\nchanges:\n  staff.packers: [1, 2\n  run.horizon_days: 9\n")
    assert len(err.problems) == 1
    assert err.problems[0].startswith("malformed YAML at line ")
    line = int(err.problems[0].split("line ")[1].split(",")[0])
    assert 3 <= line <= 5
    err = _error("changes:\n  a: b: c\n")
    assert err.problems[0].startswith("malformed YAML at line 2, column")


def test_tab_indentation_is_malformed_yaml():
    err = _error("changes:\n\tstaff.packers: 4\n")
    assert err.problems[0].startswith("malformed YAML at line 2")


def test_file_over_the_limit_is_refused_naming_it():
    big = b"# padding\n" * (MAX_FILE_BYTES // 10 + 1)
    assert len(big) > MAX_FILE_BYTES
    err = _error(big)
    assert err.problems == [f"file is {len(big):,} bytes; the limit is {MAX_FILE_BYTES:,}"]
    err = _error(big.decode())
    assert err.problems == [f"file is over the {MAX_FILE_BYTES:,}-byte limit"]


def test_file_on_disk_over_the_limit_is_refused_before_reading(tmp_path):
    p = tmp_path / "huge.yaml"
    p.write_bytes(b"changes: {}\n" + b"#" * MAX_FILE_BYTES)
    with pytest.raises(ScenarioError) as ei:
        load_scenario(p)
    assert ei.value.problems == [f"file is {p.stat().st_size:,} bytes; the limit is "
                                 f"{MAX_FILE_BYTES:,}"]
    assert str(p) in str(ei.value)


def test_a_file_just_under_the_limit_loads():
    text = "changes: {staff.packers: 4}\n"
    text += "#" * (MAX_FILE_BYTES - len(text) - 1) + "\n"
    assert len(text.encode()) == MAX_FILE_BYTES
    assert load_text(text).staff.packers == 4


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
changes: *i
"""


def test_billion_laughs_is_refused_quickly():
    t0 = time.perf_counter()
    err = _error(BILLION_LAUGHS)
    elapsed = time.perf_counter() - t0
    assert err.problems == ["YAML aliases/anchors (*name) are not allowed"]
    assert elapsed < 5, "the aliases must be refused before anything is expanded"


def test_a_single_alias_is_refused():
    err = _error("title: &t {zh: a, en: b}\ndescription: *t\n")
    assert err.problems == ["YAML aliases/anchors (*name) are not allowed"]


@pytest.mark.parametrize("text,kind", [
    ("- changes\n- 1\n", "list"),
    ("42\n", "int"),
    ("just some words\n", "str"),
    ("true\n", "bool"),
    ("'changes: {}'\n", "str"),
])
def test_non_mapping_documents_are_refused(text, kind):
    err = _error(text)
    assert err.problems == [f"a scenario file must be a mapping with 'changes', got {kind}"]


@pytest.mark.parametrize("text", ["", "   \n  \n", "# nothing\n", "\n# a\n\n# b\n", "---\n"])
def test_an_empty_file_is_refused(text):
    err = _error(text)
    assert err.problems == ["the file is empty (nothing but white space or comments); a "
                            "scenario file holds at least 'changes:', which alone is the "
                            "baseline"]


def test_changes_alone_is_the_baseline():
    assert load_text("changes:\n") == Scenario()
    assert load_text("changes: {}\n") == Scenario()
    assert load_text("{}\n") == Scenario()


def test_a_file_without_title_or_description_loads_as_a_preset(tmp_path):
    # load_preset used to fail with KeyError: 'title' (python -m simulation validate crashed)
    f = tmp_path / "minimal.yaml"
    f.write_text("changes:\n  staff.packers: 5\n", encoding="utf-8")
    preset = load_preset(f)
    assert preset.scenario.staff.packers == 5
    assert preset.title == {"zh": "", "en": ""}
    assert preset.description == {"zh": "", "en": ""}
    f.write_text("title: {zh: 只有中文}\ndescription: Same in both\n", encoding="utf-8")
    preset = load_preset(f)
    assert preset.title == {"zh": "只有中文", "en": ""}
    assert preset.description == {"zh": "Same in both", "en": "Same in both"}
    assert preset.scenario == Scenario()


def test_other_schema_version_is_refused():
    err = _error("schema_version: 99\nchanges: {}\n")
    assert err.problems == [f"schema_version: file has 99, this model reads {SCHEMA_VERSION}"]


@pytest.mark.parametrize("text,problem", [
    ("title: 5\n", "title: expected {zh: text, en: text}, got 5"),
    ("title: {zh: a, fr: b}\n", "title: expected {zh: text, en: text}, got {'zh': 'a', 'fr': 'b'}"),
    ("description: [a]\n", "description: expected {zh: text, en: text}, got ['a']"),
    ("include: 5\n", "include: expected a list of preset names, got 5"),
    ("include: [1]\n", "include: expected a list of preset names, got [1]"),
    ("changes: [1, 2]\n", "changes: expected a mapping of dotted.path: value, got [1, 2]"),
    ("changes: {1: 2}\n", "changes: keys must be dotted paths like 'packaging.option', got 1"),
])
def test_badly_shaped_sections_are_refused(text, problem):
    assert _error(text).problems == [problem]


def test_non_utf8_bytes_are_refused():
    err = _error("title: {zh: 绿色, en: green}\n".encode("gb18030"))
    assert err.problems[0].startswith("file is not UTF-8 text (byte ")
    assert _error(b"\xff\xfechanges: {}\n").problems == ["file is not UTF-8 text (byte 0)"]


def test_text_with_a_lone_surrogate_is_refused():
    # a str that cannot be encoded (it came from a bad decode somewhere) used to escape as
    # UnicodeEncodeError
    err = _error("changes: {}\n# \ud800\n")
    assert err.problems == ["text is not valid Unicode (character 14)"]


def test_control_characters_are_malformed_yaml():
    err = _error("changes: {}\n\x00")
    assert err.problems[0].startswith("malformed YAML")
    assert "#x0000" in err.problems[0]


@pytest.mark.parametrize("text", [
    "[" * 10_000,
    "[" * 10_000 + "]" * 10_000,
    "{a: " * 10_000,
    "- " * 10_000 + "x",
    "changes:\n" + "".join("  " * i + "a:\n" for i in range(1, 200)),
    "changes: {shop.order_value_cny: " + "[" * 5000 + "]" * 5000 + "}",
], ids=["open-flow-seq", "closed-flow-seq", "flow-map", "block-seq", "block-map", "in-value"])
def test_deep_nesting_gives_a_scenario_error_not_recursion_error(text):
    err = _error(text)
    assert len(err.problems) == 1
    assert err.problems[0].startswith("YAML is nested too deeply at line ")
    assert f"(more than {MAX_YAML_DEPTH} levels)" in err.problems[0]


def test_nesting_a_megabyte_deep_is_refused_without_stalling():
    # PyYAML's scanner slows quadratically with flow depth: a file of 10,000 '[' took 14 s
    # and one of a million would have taken hours; the depth limit stops the scan early
    text = "[" * (MAX_FILE_BYTES - 1)
    t0 = time.perf_counter()
    err = _error(text)
    assert err.problems[0].startswith("YAML is nested too deeply")
    assert time.perf_counter() - t0 < 10


def test_nesting_a_scenario_needs_is_well_inside_the_limit():
    text = ("changes:\n  marketing:\n    response:\n      search:\n        decay: 0.2\n"
            "    shares: {search: 0.36, feed: 0.25, livestream: 0.17, crm: 0.08, "
            "esg_content: 0.04, community: 0.10}\n")
    sc = load_text(text)
    assert sc.marketing.response.search.decay == 0.2
    assert sc.marketing.shares.search == 0.36


def test_duplicate_keys_are_refused_not_silently_overwritten():
    err = _error("changes:\n  packaging.option: recycled_carton\n  packaging.option: standard\n")
    assert err.problems == ["duplicate key 'packaging.option' at line 3; each key may appear once"]
    err = _error("changes:\n  staff.packers: 4\nchanges:\n  run.horizon_days: 30\n")
    assert err.problems == ["duplicate key 'changes' at line 3; each key may appear once"]
    err = _error("changes: {staff: {packers: 4, packers: 5}}\n")
    assert err.problems == ["duplicate key 'packers' at line 1; each key may appear once"]
    # the same key in different mappings is fine
    sc = load_text("title: {zh: a, en: a}\ndescription: {zh: b, en: b}\n"
                   "changes: {staff: {packers: 4}, suppliers: {audits_per_year: 4}}\n")
    assert sc.staff.packers == 4 and sc.suppliers.audits_per_year == 4


@pytest.mark.parametrize("value", [
    "2024-13-45",                 # looks like a date, is not one
    "!!int abc",
    "!!float abc",
    "!!timestamp yesterday",
])
def test_bad_scalars_are_malformed_yaml_with_the_line(value):
    err = _error(f"schema_version: 1\nchanges:\n  shop.order_value_cny: {value}\n")
    assert len(err.problems) == 1
    assert err.problems[0].startswith("malformed YAML at line 3, column 25: invalid value "), \
        err.problems[0]


def test_huge_integer_is_reported_without_crashing_the_message():
    # over Python's 4300-digit conversion limit: refused by the scan, before any conversion
    err = _error(f"schema_version: 1\nchanges:\n  shop.order_value_cny: {'9' * 5000}\n")
    assert err.problems == ["the value at line 3 is 5,000 characters long; the longest a "
                            "scenario file takes (a description) is 2,000"]
    # the longest integer the scan lets through is shown cut short
    err = _error("changes:\n  staff.packers: 0x" + "f" * 1990 + "\n")
    assert len(err.problems) == 1 and len(err.problems[0]) < 120
    assert err.problems[0].startswith("staff.packers: 1580394411519677820")
    assert err.problems[0].endswith("... is out of range; allowed [1, 200]")
    err = _error("schema_version: 0x" + "f" * 1990 + "\n")
    assert err.problems[0].endswith(f"..., this model reads {SCHEMA_VERSION}")


def test_python_tags_are_refused():
    err = _error("changes: !!python/object/apply:os.system ['true']\n")
    assert err.problems[0].startswith("malformed YAML at line 1, column 10: could not determine "
                                      "a constructor for the tag")


# -- includes --------------------------------------------------------------------------------

def test_include_of_an_unknown_preset_is_refused_with_a_suggestion():
    err = _error("include: [green_packagin]\n")
    assert err.problems == ["include: no preset 'green_packagin'; did you mean 'green_packaging'?"]


def test_include_of_a_path_is_refused():
    with pytest.raises(ScenarioError) as ei:
        load_text("include: ['../etc/passwd']\n")
    assert ei.value.problems == ["include: '../etc/passwd' is not a preset name"]


def test_include_of_a_very_long_name_is_refused():
    # used to escape as OSError: File name too long
    with pytest.raises(ScenarioError) as ei:
        load_text("include: [" + "a" * 300 + "]\n")
    assert ei.value.problems == ["include: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                 "aaaa... is not a preset name"]


def test_loading_a_nonexistent_very_long_name_is_a_scenario_error():
    with pytest.raises(ScenarioError) as ei:
        load_scenario("b" * 5000)
    assert ei.value.problems[0].startswith("no such file or preset")
    with pytest.raises(ScenarioError) as ei:
        load_scenario("green_packaging\x00")
    assert ei.value.problems[0].startswith("no such file or preset")


def test_unknown_preset_name_suggests_the_nearest():
    with pytest.raises(ScenarioError) as ei:
        load_scenario("ful_esg")
    assert ei.value.problems == ["no such file or preset; did you mean 'full_esg'?"]
    assert str(ei.value) == "ful_esg: no such file or preset; did you mean 'full_esg'?"


@pytest.fixture
def preset_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "PRESET_DIR", tmp_path)
    return tmp_path


def _write(d: Path, name: str, include: list[str], changes: str = "{}") -> Path:
    p = d / f"{name}.yaml"
    p.write_text(f"schema_version: 1\ninclude: {include}\nchanges: {changes}\n".replace("'", ""))
    return p


def test_include_cycle_is_refused(preset_dir):
    a = _write(preset_dir, "a", ["b"])
    _write(preset_dir, "b", ["a"])
    with pytest.raises(ScenarioError) as ei:
        load_preset(a)
    assert ei.value.problems == ["include: 'a' includes itself (via a -> b)"]
    with pytest.raises(ScenarioError) as ei:
        load_text("include: [a]\n")
    assert ei.value.problems == ["include: 'a' includes itself (via a -> b)"]


def test_self_include_is_refused(preset_dir):
    s = _write(preset_dir, "selfish", ["selfish"])
    with pytest.raises(ScenarioError) as ei:
        load_preset(s)
    assert ei.value.problems == ["include: 'selfish' includes itself (via selfish)"]


def test_include_chain_deeper_than_the_limit_is_refused(preset_dir):
    n = MAX_INCLUDE_DEPTH + 2
    for i in range(n):
        _write(preset_dir, f"p{i}", [f"p{i + 1}"] if i + 1 < n else [])
    with pytest.raises(ScenarioError) as ei:
        load_preset(preset_dir / "p0.yaml")
    chain = " -> ".join(f"p{i}" for i in range(MAX_INCLUDE_DEPTH))
    assert ei.value.problems == [f"include: 'p{MAX_INCLUDE_DEPTH}' is nested more than "
                                 f"{MAX_INCLUDE_DEPTH} includes deep (via {chain})"]


def test_includes_apply_in_order_and_own_changes_last(preset_dir):
    _write(preset_dir, "four", [], "{staff.packers: 4}")
    _write(preset_dir, "five", [], "{staff.packers: 5, run.horizon_days: 90}")
    assert load_text("include: [four, five]\n").staff.packers == 5
    assert load_text("include: [five, four]\n").staff.packers == 4
    sc = load_text("include: [four, five]\nchanges: {staff.packers: 6}\n")
    assert (sc.staff.packers, sc.run.horizon_days) == (6, 90)
    # a diamond (the same preset reached twice) is not a cycle
    _write(preset_dir, "both", ["four", "five"])
    assert load_text("include: [both, four]\n").staff.packers == 4


def test_an_error_inside_an_included_preset_names_that_file(preset_dir):
    _write(preset_dir, "broken", [], "{staff.packerz: 4}")
    with pytest.raises(ScenarioError) as ei:
        load_text("include: [broken]\n", "mine.yaml")
    assert ei.value.problems == ["staff.packerz: unknown key; did you mean 'packers'?"]
    assert ei.value.source == "broken.yaml"


# -- round trips and --set values ------------------------------------------------------------

def test_dump_changes_round_trips_through_load_text():
    modified = Scenario().with_changes({
        "packaging.option": "reusable_box",
        "staff.packers": 7,
        "staff.training": True,
        "shop.order_value_cny": 199.99,
        "logistics.pickup_hours": [11, 17.5],
        "logistics.electric_share": 1e-7,
        "marketing.shares": {"search": 0.3, "feed": 0.2, "livestream": 0.2, "crm": 0.1,
                             "esg_content": 0.1, "community": 0.1},
        "marketing.response.feed.decay": 0.25,
        "emissions.grid_region": "south",
        "run.horizon_days": 730,
    })
    changes = diff_scenarios(Scenario(), modified)
    assert "marketing.shares" in changes  # shares travel as one block (they must sum to 1)
    title = {"zh": "我的情景：绿色 \"包装\"", "en": "Mine: 'green' #1"}
    description = {"zh": "多行\n说明", "en": "two\nlines"}
    text = dump_changes(title, description, changes)
    loaded = load_text(text, "dumped.yaml")
    assert loaded == modified
    assert loaded.canonical_json() == modified.canonical_json()
    doc = parse_document(text)
    assert doc["title"] == title and doc["description"] == description
    # and with no title at all
    assert load_text(dump_changes(None, None, changes)) == modified


@pytest.mark.parametrize("path", PRESET_FILES, ids=lambda p: p.stem)
def test_every_preset_round_trips_through_dump_changes(path):
    preset = load_preset(path)
    text = dump_changes(preset.title, preset.description,
                        diff_scenarios(Scenario(), preset.scenario))
    assert load_text(text) == preset.scenario


def test_diff_of_equal_scenarios_is_empty():
    assert diff_scenarios(Scenario(), Scenario()) == {}
    assert apply_changes(Scenario(), {}) == Scenario()


@pytest.mark.parametrize("text,value", [
    ("0.5", 0.5),
    ("true", True),
    ("false", False),
    ("[17, 20]", [17, 20]),
    ("recycled_carton", "recycled_carton"),
    ("12", 12),
    ("'12'", "12"),
    ("2024-13-45", "2024-13-45"),  # not a date: kept as text, the schema then judges it
])
def test_parse_value(text, value):
    got = parse_value(text)
    assert got == value and type(got) is type(value)


def test_parse_value_feeds_with_changes():
    sc = Scenario().with_changes({"logistics.pickup_hours": parse_value("[17, 20]"),
                                  "packaging.option": parse_value("recycled_carton"),
                                  "logistics.electric_share": parse_value("0.5"),
                                  "staff.training": parse_value("true")})
    assert sc.logistics.pickup_hours == (17.0, 20.0)
    assert sc.packaging.option == "recycled_carton"
    assert sc.logistics.electric_share == 0.5
    assert sc.staff.training is True


def test_parse_value_refuses_malformed_yaml_naming_the_column():
    with pytest.raises(ScenarioError) as ei:
        parse_value("{a: 1")
    # PyYAML's pure-Python parser and libyaml's word it differently
    assert str(ei.value) in ("--set: malformed YAML at line 1, column 6: expected ',' or '}', "
                             "but got '<stream end>'",
                             "--set: malformed YAML at line 2, column 1: did not find expected "
                             "',' or '}'")


def test_parse_value_refuses_aliases_and_overlong_values():
    with pytest.raises(ScenarioError) as ei:
        parse_value("[&a x, *a]")
    assert str(ei.value) == "--set: YAML aliases/anchors (*name) are not allowed"
    with pytest.raises(ScenarioError) as ei:
        parse_value("1" * 10_001)
    assert str(ei.value) == "--set value is too long"


def test_apply_changes_refuses_non_mappings_and_too_many_changes():
    with pytest.raises(ScenarioError) as ei:
        apply_changes(Scenario(), ["staff.packers", 4])  # type: ignore[arg-type]
    assert ei.value.problems == ["changes must be a mapping of dotted.path: value, got "
                                 "['staff.packers', 4]"]
    too_many = {f"x{i}": 1 for i in range(loader.MAX_CHANGES + 1)}
    with pytest.raises(ScenarioError) as ei:
        apply_changes(Scenario(), too_many)
    assert ei.value.problems == [f"too many changes ({loader.MAX_CHANGES + 1}; at most "
                                 f"{loader.MAX_CHANGES})"]


def test_scenario_error_is_a_value_error_with_one_line_per_problem():
    err = ScenarioError(["a: one", "b: two"], "f.yaml")
    assert isinstance(err, ValueError)
    assert str(err) == "f.yaml: a: one\nf.yaml: b: two"
    assert ScenarioError("x: y").problems == ["x: y"]


def test_safe_dump_of_the_baseline_is_not_needed_to_load_it():
    # the loader reads its own canonical JSON (JSON is YAML) as changes
    import json

    doc = json.loads(Scenario().canonical_json())["scenario"]
    text = yaml.safe_dump({"changes": {k: v for k, v in doc.items()}})
    assert load_text(text) == Scenario()
