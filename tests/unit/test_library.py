"""The local scenario library: saves survive a restart, writes are atomic, a damaged file is
reported and skipped, and uploads get the strict loader's messages."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from simulation import load_scenario
from simulation.loader import MAX_FILE_BYTES, load_text
from simulation.scenario import Scenario
from ui import library
from ui.i18n import LANGS, TEXT, t
from ui.library import (ENV_VAR, MAX_ENTRIES, MAX_NAME_CHARS, Library, LibraryError, NameTaken,
                        from_upload, slugify, to_yaml)

REPO_ROOT = Path(__file__).resolve().parents[2]
GREEN = Scenario().with_changes({"packaging.option": "recycled_carton", "staff.packers": 5,
                                 "marketing.festivals": False})
CRM = Scenario().with_changes({"marketing.shares": {
    "search": 0.30, "feed": 0.20, "livestream": 0.15, "crm": 0.20, "esg_content": 0.05,
    "community": 0.10}})


@pytest.fixture
def lib_dir(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "lib"
    monkeypatch.setenv(ENV_VAR, str(path))
    return path


@pytest.fixture
def lib(lib_dir) -> Library:
    return Library()


def _check_error(err: LibraryError) -> None:
    assert err.key in TEXT, err.key
    for lang in LANGS:
        assert err.message(lang).strip()
    assert str(err) == t(err.key, "en", **err.fields)


def _raises(key: str, fn, *args, **kwargs) -> LibraryError:
    with pytest.raises(LibraryError) as ei:
        fn(*args, **kwargs)
    _check_error(ei.value)
    assert ei.value.key == key, (ei.value.key, str(ei.value))
    return ei.value


def _files(path: Path) -> list[str]:
    return sorted(p.name for p in path.iterdir())


# -- save, list, load, delete ----------------------------------------------------------------

def test_the_folder_comes_from_the_environment_and_is_made_on_first_save(lib, lib_dir):
    assert lib.path == lib_dir
    assert not lib_dir.exists()
    assert lib.entries() == ([], [])
    lib.save("Green", GREEN)
    assert lib_dir.is_dir()


def test_save_list_load_delete(lib, lib_dir):
    entry = lib.save("  Green packaging ", GREEN, description="recycled cartons")
    assert entry.name == "Green packaging"
    assert entry.path.parent == lib_dir and entry.path.name == "green_packaging.yaml"
    assert isinstance(entry.saved_at, datetime)
    lib.save("CRM push", CRM)
    entries, problems = lib.entries()
    assert problems == []
    assert [e.name for e in entries] == ["CRM push", "Green packaging"]
    assert entries[1].scenario == GREEN and entries[0].scenario == CRM
    assert entries[1].description == {"zh": "recycled cartons", "en": "recycled cartons"}
    assert lib.exists("Green packaging") and lib.exists(" Green packaging")
    assert not lib.exists("green") and not lib.exists("") and not lib.exists("\x00")
    assert lib.load("Green packaging").canonical_json() == GREEN.canonical_json()
    lib.delete("Green packaging")
    assert not lib.exists("Green packaging")
    assert [e.name for e in lib.entries()[0]] == ["CRM push"]
    _raises("library.not_found", lib.delete, "Green packaging")
    _raises("library.not_found", lib.load, "Green packaging")


def test_saves_survive_a_restart(lib_dir):
    Library().save("绿色包装", GREEN)
    Library().save("Baseline", Scenario())
    again = Library()
    assert [e.name for e in again.entries()[0]] == ["Baseline", "绿色包装"]
    assert again.load("绿色包装") == GREEN
    assert again.load("Baseline") == Scenario()


def test_an_explicit_path_overrides_the_environment(tmp_path, lib_dir):
    other = Library(tmp_path / "elsewhere")
    other.save("x", GREEN)
    assert (tmp_path / "elsewhere").is_dir() and not lib_dir.exists()


def test_chinese_names_keep_their_characters(lib):
    entry = lib.save("绿色包装 + CRM（试点）", GREEN)
    assert entry.path.name == "绿色包装_crm_试点.yaml"
    assert lib.load("绿色包装 + CRM（试点）") == GREEN
    text = entry.path.read_text(encoding="utf-8")
    assert "绿色包装 + CRM（试点）" in text        # stored readably, not escaped


def test_slugs():
    assert slugify("Green packaging!") == "green_packaging"
    assert slugify("///") == "scenario"
    assert slugify("../../etc/passwd") == "etc_passwd"
    assert slugify(".hidden") == "hidden"
    assert len(slugify("x" * 60)) == library.MAX_SLUG_CHARS


def test_names_with_the_same_slug_get_different_files(lib):
    a = lib.save("Green packaging", GREEN)
    b = lib.save("green-packaging", CRM)
    c = lib.save("GREEN PACKAGING", Scenario())
    assert len({a.path, b.path, c.path}) == 3
    assert b.path.name.startswith("green_packaging-")
    assert lib.load("Green packaging") == GREEN
    assert lib.load("green-packaging") == CRM
    assert lib.load("GREEN PACKAGING") == Scenario()
    assert len(lib.entries()[0]) == 3


def test_yaml_looking_names_stay_text(lib):
    for name in ("yes", "1.5", "null", "~", "[a]", "#x", "a: b", "'quoted'"):
        lib.save(name, GREEN)
        assert lib.exists(name), name
    assert {e.name for e in lib.entries()[0]} == {"yes", "1.5", "null", "~", "[a]", "#x", "a: b",
                                                  "'quoted'"}


# -- names -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, key", [
    ("", "library.name_empty"), ("   ", "library.name_empty"),
    ("x" * (MAX_NAME_CHARS + 1), "library.name_too_long"),
    ("a\nb", "library.name_control"), ("tab\there", "library.name_control"),
    ("nul\x00", "library.name_control"), ("bidi\u202eevil", "library.name_control"),
    ("zero\u200bwidth", "library.name_control"),
])
def test_bad_names(lib, lib_dir, name, key):
    _raises(key, lib.save, name, GREEN)
    assert not lib_dir.exists()


def test_a_name_of_the_maximum_length_is_fine(lib):
    name = "名" * MAX_NAME_CHARS
    lib.save(name, GREEN)
    assert lib.load(name) == GREEN


def test_a_name_clash_asks_before_overwriting(lib):
    entry = lib.save("Plan", GREEN)
    before = entry.path.read_bytes()
    with pytest.raises(NameTaken) as ei:
        lib.save("Plan", CRM)
    _check_error(ei.value)
    assert ei.value.key == "library.name_taken" and "Plan" in str(ei.value)
    assert entry.path.read_bytes() == before
    replaced = lib.save("Plan", CRM, overwrite=True)
    assert replaced.path == entry.path
    assert lib.load("Plan") == CRM
    assert len(lib.entries()[0]) == 1


def test_the_library_is_capped(lib, monkeypatch):
    monkeypatch.setattr(library, "MAX_ENTRIES", 3)
    for i in range(3):
        lib.save(f"s{i}", GREEN)
    err = _raises("library.full", lib.save, "one more", GREEN)
    assert "3" in str(err)
    lib.save("s1", CRM, overwrite=True)           # replacing is still allowed
    assert MAX_ENTRIES == 500


# -- damaged files ---------------------------------------------------------------------------

def test_damaged_files_are_reported_and_skipped(lib, lib_dir):
    lib.save("Good one", GREEN)
    lib.save("Good two", CRM)
    (lib_dir / "bad_yaml.yaml").write_text("changes: {staff.packers: [1, 2\n", encoding="utf-8")
    (lib_dir / "junk.yaml").write_bytes(b"\x00\xff\xfe\x89PNG\r\n\x1a\n" * 50)
    (lib_dir / "out_of_range.yaml").write_text(
        "title: {zh: 越界, en: Out of range}\nchanges: {staff.packers: 100000}\n", encoding="utf-8")
    (lib_dir / "huge.yaml").write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    (lib_dir / "aliases.yaml").write_text("a: &x [1]\nchanges: *x\n", encoding="utf-8")
    (lib_dir / "notes.txt").write_text("not a scenario", encoding="utf-8")
    (lib_dir / ".tmp-abc.part").write_text("half written", encoding="utf-8")
    (lib_dir / "folder.yaml").mkdir()
    entries, problems = lib.entries()
    assert [e.name for e in entries] == ["Good one", "Good two"]
    by_file = {p.filename: p for p in problems}
    assert set(by_file) == {"bad_yaml.yaml", "junk.yaml", "out_of_range.yaml", "huge.yaml",
                            "aliases.yaml"}
    assert by_file["huge.yaml"].key == "library.too_large"
    assert "malformed YAML" in by_file["bad_yaml.yaml"].message
    assert "UTF-8" in by_file["junk.yaml"].message
    assert "staff.packers" in by_file["out_of_range.yaml"].message
    assert "aliases" in by_file["aliases.yaml"].message
    for p in problems:
        assert p.filename in p.message
        assert p.key in TEXT and all(p.text(lang).strip() for lang in LANGS)


def test_loading_a_damaged_entry_names_the_file(lib, lib_dir):
    entry = lib.save("Plan", GREEN)
    entry.path.write_text(entry.path.read_text(encoding="utf-8").replace(
        "staff.packers: 5", "staff.packers: -5"), encoding="utf-8")
    err = _raises("library.corrupt", lib.load, "Plan")
    assert entry.path.name in str(err) and "staff.packers" in str(err)
    assert [p.filename for p in lib.entries()[1]] == [entry.path.name]


def test_a_second_file_with_the_same_name_is_reported(lib, lib_dir):
    entry = lib.save("Plan", GREEN)
    (lib_dir / "zz_copy.yaml").write_bytes(entry.path.read_bytes())
    entries, problems = lib.entries()
    assert [e.name for e in entries] == ["Plan"]
    assert [(p.filename, p.key) for p in problems] == [("zz_copy.yaml", "library.duplicate")]


def test_a_hand_made_file_is_listed_by_its_title(lib, lib_dir):
    lib_dir.mkdir()
    (lib_dir / "mine.yaml").write_text(
        "title: {zh: 我的, en: Mine}\nchanges: {packaging.option: reusable_box}\n",
        encoding="utf-8")
    assert [e.name for e in lib.entries()[0]] == ["Mine"]
    assert lib.load("Mine").packaging.option == "reusable_box"


def test_a_damaged_file_is_never_overwritten_by_a_new_name(lib, lib_dir):
    lib_dir.mkdir()
    junk = lib_dir / "plan.yaml"
    junk.write_bytes(b"\xff junk")
    entry = lib.save("Plan", GREEN)
    assert entry.path != junk and junk.read_bytes() == b"\xff junk"
    assert lib.load("Plan") == GREEN


# -- atomic writes ---------------------------------------------------------------------------

def test_a_failed_write_leaves_the_original_and_no_temporary_file(lib, lib_dir, monkeypatch):
    entry = lib.save("Plan", GREEN)
    before = entry.path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    err = _raises("library.write_failed", lib.save, "Plan", CRM, overwrite=True)
    assert "No space left" in str(err)
    assert entry.path.read_bytes() == before
    assert _files(lib_dir) == [entry.path.name]
    _raises("library.write_failed", lib.save, "New", CRM)
    assert _files(lib_dir) == [entry.path.name]
    monkeypatch.undo()
    assert Library(lib_dir).load("Plan") == GREEN


def test_an_interrupted_write_cleans_up(lib, lib_dir, monkeypatch):
    lib.save("Plan", GREEN)

    def interrupt(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        lib.save("Plan", CRM, overwrite=True)
    assert _files(lib_dir) == ["plan.yaml"]


# -- the files are ordinary scenario files ---------------------------------------------------

def test_a_saved_file_loads_with_the_model_loader(lib):
    entry = lib.save("Green packaging", GREEN)
    assert load_scenario(entry.path).canonical_json() == GREEN.canonical_json()
    entry = lib.save("CRM", CRM)
    assert load_scenario(str(entry.path)) == CRM


def test_to_yaml_is_what_the_library_saves(lib):
    entry = lib.save("Plan", CRM, description="more private-domain spend")
    assert entry.path.read_text(encoding="utf-8") == to_yaml("Plan", CRM, "more private-domain spend")
    assert load_text(to_yaml({"zh": "计划", "en": "Plan"}, GREEN)) == GREEN
    assert load_text(to_yaml("Baseline", Scenario())) == Scenario()


# -- uploads ---------------------------------------------------------------------------------

def test_an_upload_round_trips():
    assert from_upload(to_yaml("Plan", GREEN).encode("utf-8"), "plan.yaml") == GREEN


@pytest.mark.parametrize("data, words", [
    (b"changes: {staff.packers: [1, 2\n", "malformed YAML"),
    (b"\xff\xfe\x00junk", "UTF-8"),
    (b"a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nchanges: *c\n", "aliases"),
    (b"changes: " + b"[" * 100 + b"]" * 100 + b"\n", "nested too deeply"),
    (b"changes: {staff.packerz: 3}\n", "staff.packerz: unknown key"),
    (b"changes: {staff.packers: 100000}\n", "out of range"),
    (b"# pad\n" + b"x" * (MAX_FILE_BYTES + 1), "limit"),
])
def test_bad_uploads_name_the_problem(data, words):
    err = _raises("library.bad_upload", from_upload, data, "upload.yaml")
    assert words in str(err) and words in err.message("zh")
    assert "upload.yaml" in str(err)


def test_an_uploaded_file_name_is_quoted_safely():
    err = _raises("library.bad_upload", from_upload, b"[", "evil\nname" + "x" * 200 + ".yaml")
    assert "\n" not in err.fields["file"] and len(err.fields["file"]) <= 80


# -- the default folder ----------------------------------------------------------------------

def test_the_default_folder_is_outside_the_repository(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = Library().path
    assert path == tmp_path / "home" / ".local" / "share" / "esg-simulator" / "library"
    assert REPO_ROOT not in path.parents
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert Library().path == tmp_path / "data" / "esg-simulator" / "library"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")       # the XDG spec: must be absolute
    assert Library().path == tmp_path / "home" / ".local" / "share" / "esg-simulator" / "library"


def test_every_library_key_is_in_both_languages():
    from ui.strings import library as strings

    assert strings.TEXT
    for key, text in strings.TEXT.items():
        assert set(text) == set(LANGS), key
        assert all(v.strip() for v in text.values()), key
