"""An empty scenario file (nothing but white space, of any kind, or comments) is refused with
one clear message at every way in: the loader, the command line, an upload in the app
(builder and compare both go through ``ui.library.from_upload``) and the import of an old
library folder. It is never taken for the baseline."""

from __future__ import annotations

import pytest

from simulation.cli import main
from simulation.loader import EMPTY_FILE, ScenarioError, load_scenario, load_text
from ui.library import LibraryError, from_upload, scan_folder

EMPTY = {
    "nothing": b"",
    "spaces and newlines": b"   \n  \n",
    "a tab": b"\t\n",
    "tabs and a comment": b"\t# just a note\n\t\n",
    "comments": b"# a\n\n   # b\n",
    "Windows line ends": b"\r\n \r\n# c\r\n",
    "a byte-order mark": b"\xef\xbb\xbf",
    "a byte-order mark and a comment": b"\xef\xbb\xbf# c\n",
    "full-width spaces": "\u3000\u3000\n".encode("utf-8"),
    "a document marker": b"---\n",
}


@pytest.mark.parametrize("data", EMPTY.values(), ids=EMPTY.keys())
def test_the_loader_refuses_an_empty_file(data, tmp_path):
    with pytest.raises(ScenarioError) as ei:
        load_text(data, "empty.yaml")
    assert ei.value.problems == [EMPTY_FILE]
    path = tmp_path / "empty.yaml"
    path.write_bytes(data)
    with pytest.raises(ScenarioError) as ei:
        load_scenario(path)
    assert ei.value.problems == [EMPTY_FILE]


def test_changes_alone_is_still_the_baseline():
    assert load_text("# the baseline\nchanges:\n") == load_text("changes: {}\n")


@pytest.mark.parametrize("command", [["validate", "{}"], ["run", "{}", "-n", "1", "-w", "1"],
                                     ["compare", "baseline", "{}", "-n", "1", "-w", "1"]])
def test_the_command_line_refuses_an_empty_file(command, tmp_path, capsys):
    path = tmp_path / "blank.yaml"
    path.write_bytes(b" \t\n# nothing here\n")
    code = main([str(path) if arg == "{}" else arg for arg in command])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.strip() == f"{path}: {EMPTY_FILE}"
    assert "OK" not in out and "Traceback" not in err


@pytest.mark.parametrize("data", [EMPTY["nothing"], EMPTY["tabs and a comment"],
                                  EMPTY["full-width spaces"]])
def test_an_empty_upload_is_refused_in_both_languages(data):
    with pytest.raises(LibraryError) as ei:
        from_upload(data, "blank.yaml")
    err = ei.value
    assert err.key == "library.bad_upload"
    assert "empty" in err.message("en") and "blank.yaml" in err.message("en")
    assert "文件是空的" in err.message("zh")


def test_an_empty_file_in_an_old_library_folder_is_skipped_with_its_problem(tmp_path):
    (tmp_path / "blank.yaml").write_bytes(b"\t\n")
    (tmp_path / "real.yaml").write_text("title: {zh: 真, en: Real}\nchanges: {}\n",
                                        encoding="utf-8")
    found, problems = scan_folder(tmp_path)
    assert [name for name, *_ in found] == ["Real"]
    assert [(p.filename, p.key) for p in problems] == [("blank.yaml", "library.corrupt")]
    assert "empty" in problems[0].message and "文件是空的" in problems[0].text("zh")
