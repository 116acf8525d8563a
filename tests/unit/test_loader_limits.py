"""Large hostile files are refused by the event scan (libyaml's parser, which builds
nothing) before the pure-Python safe loader builds anything: too many values, one huge
value, or a slow scan. A legitimate file, however many parameters it changes, is far
below every limit. Timings of the 1 MB cases are in benchmarks/README.md
(``python benchmarks/hostile_files.py``)."""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

import pytest
import yaml

from simulation import Scenario
from simulation import loader
from simulation.loader import (MAX_DESCRIPTION_CHARS, MAX_FILE_BYTES, MAX_YAML_NODES,
                               ScenarioError, diff_scenarios, dump_changes, load_text,
                               parse_document)

from simulation.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from hostile_files import hostile_files  # noqa: E402

MB = MAX_FILE_BYTES
HOSTILE = hostile_files()


@pytest.fixture
def no_construction(monkeypatch):
    """Fail if the safe loader (pure Python, slow on big documents) is ever reached."""
    def refuse(*_a, **_k):
        raise AssertionError("the safe loader ran: the event scan should have refused first")

    monkeypatch.setattr(loader.yaml, "safe_load", refuse)


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_large_hostile_file_is_refused_by_the_scan(case, no_construction):
    text = HOSTILE[case]
    assert len(text.encode()) <= MB
    tracemalloc.start()
    try:
        with pytest.raises(ScenarioError) as err:
            parse_document(text.encode(), case)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(err.value.problems) == 1
    message = str(err.value)
    assert case in message and "line" in message
    assert peak < 200 * 2**20, f"{peak / 2**20:.0f} MB to refuse {case}"


def test_too_many_values_names_the_limit():
    with pytest.raises(ScenarioError, match=f"more than {MAX_YAML_NODES:,} values"):
        parse_document(HOSTILE["many keys"])


def test_a_huge_value_names_its_line_and_the_limit():
    text = "title: ok\ndescription:\n  en: '" + "x" * (MAX_DESCRIPTION_CHARS + 1) + "'\n"
    with pytest.raises(ScenarioError, match=f"line 3 is {MAX_DESCRIPTION_CHARS + 1:,} "
                                            f"characters long"):
        parse_document(text)
    ok = "description:\n  en: '" + "x" * MAX_DESCRIPTION_CHARS + "'\n"
    assert len(parse_document(ok)["description"]["en"]) == MAX_DESCRIPTION_CHARS


def test_a_slow_scan_is_stopped(monkeypatch):
    monkeypatch.setattr(loader, "MAX_SCAN_SECONDS", -1.0)    # every check is past the deadline
    text = "changes:\n" + "".join(f"  k{i}: 1\n" for i in range(1000))
    with pytest.raises(ScenarioError, match="took over"):
        parse_document(text)


def test_every_parameter_changed_at_once_is_far_below_the_limits():
    full = Scenario().model_dump(mode="json")
    text = dump_changes(title={"zh": "全部", "en": "everything"}, description=None,
                        changes=full)
    nodes = sum(isinstance(e, yaml.NodeEvent) for e in yaml.parse(text))
    assert nodes < MAX_YAML_NODES / 4
    assert diff_scenarios(Scenario(), load_text(text)) == {}


def test_the_command_line_refuses_a_large_hostile_file_in_one_line(tmp_path, capsys):
    path = tmp_path / "empty_items.yaml"
    path.write_text(HOSTILE["empty flow items"])
    code = main(["validate", str(path)])
    _, err = capsys.readouterr()
    assert code == 2
    assert len(err.splitlines()) <= 3, err[:500]
    assert f"more than {MAX_YAML_NODES:,} values" in err
