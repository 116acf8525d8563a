"""The scenario library: one SQLite database of workspaces. Saves survive a restart, names
are unique per workspace, quotas hold, workspaces never see each other, read-only links
cannot change anything, old YAML folders are imported once (symbolic links refused, bad
files reported), a stored entry the loader no longer reads is reported and skipped, and
uploads get the strict loader's messages. Concurrency and kill -9: test_library_concurrency.py."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from simulation import load_scenario
from simulation.loader import MAX_FILE_BYTES, load_text
from simulation.scenario import Scenario
from ui import library
from ui.i18n import LANGS, TEXT, t
from ui.library import (ENV_VAR, MAX_NAME_CHARS, SCHEMA_VERSION, Library, LibraryError, NameTaken,
                        check_read_token, check_token, from_upload, new_workspace, open_shared,
                        to_yaml)

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


def _sql(path: Path, query: str, args: tuple = ()) -> list[tuple]:
    con = sqlite3.connect(path, isolation_level=None)
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def _names(lib: Library) -> list[str]:
    return [e.name for e in lib.entries()[0]]


# -- where the database lives ----------------------------------------------------------------

def test_the_database_comes_from_the_environment_and_is_made_on_first_use(lib, lib_dir):
    assert lib.path == lib_dir / "library.db"
    assert not lib_dir.exists()                       # making a Library touches nothing
    assert lib.entries() == ([], [])
    assert lib.path.is_file()
    lib.save("Green", GREEN)
    assert sorted(p.name for p in lib_dir.iterdir()) == ["library.db"]     # WAL checkpointed


def test_the_database_settings(lib):
    lib.save("Green", GREEN)
    assert _sql(lib.path, "PRAGMA journal_mode") == [("wal",)]
    assert _sql(lib.path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert _sql(lib.path, "PRAGMA integrity_check") == [("ok",)]
    con = lib._open()
    try:
        assert con.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert con.execute("PRAGMA busy_timeout").fetchone() == (library.BUSY_TIMEOUT_MS,)
    finally:
        con.close()


@pytest.mark.parametrize("given, db, legacy", [
    ("{tmp}/folder/", "{tmp}/folder/library.db", "{tmp}/folder"),        # trailing separator
    ("{tmp}/folder", "{tmp}/folder/library.db", "{tmp}/folder"),         # no .db suffix
    ("{tmp}/exists.db", "{tmp}/exists.db/library.db", "{tmp}/exists.db"),  # an existing folder
    ("{tmp}/mine.db", "{tmp}/mine.db", None),
    ("{tmp}/mine.sqlite", "{tmp}/mine.sqlite", None),
])
def test_where_the_database_lives(tmp_path, monkeypatch, given, db, legacy):
    (tmp_path / "exists.db").mkdir()
    fill = {"tmp": str(tmp_path)}
    for how in ("env", "argument"):
        if how == "env":
            monkeypatch.setenv(ENV_VAR, given.format(**fill))
            lib = Library()
        else:
            monkeypatch.delenv(ENV_VAR)
            lib = Library(given.format(**fill))
        assert lib.path == Path(db.format(**fill)), how
        assert lib._legacy == (Path(legacy.format(**fill)) if legacy else None), how


def test_the_default_database_is_outside_the_repository(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    home = tmp_path / "home" / ".local" / "share" / "esg-simulator"
    lib = Library()
    assert lib.path == home / "library.db" and lib._legacy == home / "library"
    assert REPO_ROOT not in lib.path.parents
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert Library().path == tmp_path / "data" / "esg-simulator" / "library.db"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")       # the XDG spec: must be absolute
    assert Library().path == home / "library.db"


def test_an_explicit_location_overrides_the_environment(tmp_path, lib_dir):
    other = Library(tmp_path / "elsewhere")
    other.save("x", GREEN)
    assert (tmp_path / "elsewhere" / "library.db").is_file() and not lib_dir.exists()
    assert Library().entries() == ([], [])


def test_a_database_that_cannot_be_used_is_a_message(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all " * 100)
    lib = Library(junk)
    entries, problems = lib.entries()
    assert entries == [] and [p.key for p in problems] == ["library.unavailable"]
    assert str(tmp_path) not in problems[0].message              # no server path shown
    _raises("library.unavailable", lib.save, "x", GREEN)
    _raises("library.unavailable", lib.load, "x")
    assert junk.read_bytes().startswith(b"not a database")


def test_a_database_from_a_newer_version_is_refused(lib):
    lib.save("x", GREEN)
    _sql(lib.path, "PRAGMA user_version = 99")
    _raises("library.newer_schema", lib.save, "y", GREEN)
    assert [p.key for p in lib.entries()[1]] == ["library.newer_schema"]


# -- save, list, load, delete ----------------------------------------------------------------

def test_save_list_load_delete(lib):
    entry = lib.save("  Green packaging ", GREEN, description="recycled cartons")
    assert entry.name == "Green packaging" and entry.scenario == GREEN
    assert isinstance(entry.saved_at, datetime) and entry.saved_at.tzinfo is not None
    assert entry.description == {"zh": "recycled cartons", "en": "recycled cartons"}
    lib.save("CRM push", CRM)
    entries, problems = lib.entries()
    assert problems == []
    assert [e.name for e in entries] == ["CRM push", "Green packaging"]
    assert entries[1].scenario == GREEN and entries[0].scenario == CRM
    assert entries[1].description == {"zh": "recycled cartons", "en": "recycled cartons"}
    assert entries[1].text == entry.text
    assert lib.exists("Green packaging") and lib.exists(" Green packaging")
    assert not lib.exists("green") and not lib.exists("") and not lib.exists("\x00")
    assert lib.load("Green packaging").canonical_json() == GREEN.canonical_json()
    lib.delete("Green packaging")
    assert not lib.exists("Green packaging")
    assert _names(lib) == ["CRM push"]
    _raises("library.not_found", lib.delete, "Green packaging")
    _raises("library.not_found", lib.load, "Green packaging")


def test_saves_survive_a_restart(lib_dir):
    Library().save("绿色包装", GREEN)
    Library().save("Baseline", Scenario())
    again = Library()
    assert _names(again) == ["Baseline", "绿色包装"]
    assert again.load("绿色包装") == GREEN
    assert again.load("Baseline") == Scenario()


def test_chinese_names_keep_their_characters(lib):
    entry = lib.save("绿色包装 + CRM（试点）", GREEN)
    assert lib.load("绿色包装 + CRM（试点）") == GREEN
    assert "绿色包装 + CRM（试点）" in entry.text        # stored readably, not escaped
    assert _sql(lib.path, "SELECT name FROM entries") == [("绿色包装 + CRM（试点）",)]


def test_names_that_used_to_share_a_file_are_separate_entries(lib):
    names = ["Green packaging", "green-packaging", "GREEN PACKAGING", "race!1", "race?1",
             "race_1", "../../etc/passwd", ".hidden", "///"]
    for i, name in enumerate(names):
        lib.save(name, Scenario().with_changes({"staff.packers": 2 + i}))
    assert sorted(_names(lib)) == sorted(names)
    for i, name in enumerate(names):
        assert lib.load(name).staff.packers == 2 + i, name


def test_yaml_looking_names_stay_text(lib):
    names = {"yes", "1.5", "null", "~", "[a]", "#x", "a: b", "'quoted'", "-- x", "*a", "&b"}
    for name in names:
        lib.save(name, GREEN)
        assert lib.exists(name), name
    assert set(_names(lib)) == names


def test_an_sql_looking_name_is_just_a_name(lib):
    name = "x'); DROP TABLE entries; --"
    lib.save(name, GREEN)
    lib.save("other", CRM)
    assert set(_names(lib)) == {name, "other"}
    lib.delete(name)
    assert _names(lib) == ["other"]


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
    with pytest.raises(NameTaken) as ei:
        lib.save("Plan", CRM)
    _check_error(ei.value)
    assert ei.value.key == "library.name_taken" and "Plan" in str(ei.value)
    assert lib.entry("Plan").text == entry.text
    replaced = lib.save("Plan", CRM, overwrite=True)
    assert replaced.scenario == CRM and lib.load("Plan") == CRM
    assert _names(lib) == ["Plan"]
    assert lib.save("New", GREEN, overwrite=True).name == "New"      # overwrite=True also creates


def test_a_description_the_loader_would_refuse_is_not_saved(lib):
    _raises("library.not_saved", lib.save, "Plan", GREEN, description="bell\x07")
    _raises("library.not_saved", lib.save, "Plan", GREEN, description="x" * 5000)
    assert not lib.exists("Plan")


# -- quotas ----------------------------------------------------------------------------------

def test_the_quotas_are_module_constants():
    assert library.MAX_ENTRIES == 200
    assert library.MAX_WORKSPACE_BYTES == 5_000_000
    assert library.MAX_DATABASE_BYTES >= 100 * library.MAX_WORKSPACE_BYTES


def test_a_workspace_holds_at_most_max_entries(lib, lib_dir, monkeypatch):
    monkeypatch.setattr(library, "MAX_ENTRIES", 3)
    for i in range(3):
        lib.save(f"s{i}", GREEN)
    err = _raises("library.full", lib.save, "one more", GREEN)
    assert "3" in str(err) and "3" in err.message("zh")
    with pytest.raises(NameTaken):                 # a taken name still asks first
        lib.save("s1", CRM)
    lib.save("s1", CRM, overwrite=True)            # replacing is still allowed
    assert lib.load("s1") == CRM
    other = Library(workspace=new_workspace())     # another workspace has its own quota
    for i in range(3):
        other.save(f"s{i}", GREEN)
    lib.delete("s0")
    lib.save("one more", GREEN)
    assert len(_names(lib)) == 3


def test_a_workspace_holds_at_most_max_workspace_bytes(lib, monkeypatch):
    size = len(to_yaml("a", GREEN).encode("utf-8"))
    monkeypatch.setattr(library, "MAX_WORKSPACE_BYTES", 2 * size + 10)
    lib.save("a", GREEN)
    lib.save("b", GREEN)
    err = _raises("library.full_bytes", lib.save, "c", GREEN)
    assert f"{2 * size + 10:,}" in str(err)
    _raises("library.full_bytes", lib.save, "b", CRM, overwrite=True)    # CRM's file is longer
    lib.save("b", Scenario().with_changes({"staff.packers": 4}), overwrite=True)   # shorter: fine
    assert _names(lib) == ["a", "b"]
    Library(workspace=new_workspace()).save("c", GREEN)


def test_the_whole_database_is_capped_too(lib, monkeypatch):
    monkeypatch.setattr(library, "MAX_DATABASE_BYTES", len(to_yaml("a", GREEN).encode()) + 10)
    lib.save("a", GREEN)
    _raises("library.server_full", Library(workspace=new_workspace()).save, "b", GREEN)


# -- workspaces ------------------------------------------------------------------------------

def test_workspace_tokens():
    tokens = {new_workspace() for _ in range(100)}
    assert len(tokens) == 100
    for tok in tokens:
        assert check_token(tok) == tok and len(tok) == library.TOKEN_CHARS


@pytest.mark.parametrize("token, key", [
    ("", "library.token_missing"), (None, "library.token_missing"), (42, "library.token_missing"),
    ("short", "library.token_length"), ("x" * 23, "library.token_length"),
    ("shared", "library.token_length"),
    ("a" * 21 + "!", "library.token_chars"), ("a" * 21 + "/", "library.token_chars"),
    ("a" * 21 + "é", "library.token_chars"), ("a" * 20 + "\n\x00", "library.token_chars"),
    ("../" * 8, "library.token_chars"), ("r-" + "a" * 22, "library.token_read_only"),
])
def test_a_malformed_token_is_refused_with_its_problem(lib_dir, token, key):
    _raises(key, check_token, token)
    if token is not None:                                # None: the shared workspace
        _raises(key, Library, None, token)
    assert not lib_dir.exists()


def test_workspaces_never_see_each_other(lib):
    a, b = Library(workspace=new_workspace()), Library(workspace=new_workspace())
    a.save("Plan", GREEN)
    b.save("Plan", CRM)                                  # the same name in another workspace
    lib.save("Shared plan", Scenario())
    assert a.load("Plan") == GREEN and b.load("Plan") == CRM
    assert _names(a) == ["Plan"] and _names(b) == ["Plan"] and _names(lib) == ["Shared plan"]
    assert not a.exists("Shared plan") and not lib.exists("Plan")
    _raises("library.not_found", a.delete, "Shared plan")
    _raises("library.not_found", lib.delete, "Plan")
    b.delete("Plan")
    assert a.load("Plan") == GREEN
    same = Library(workspace=a.workspace)                # the token reopens the workspace
    assert _names(same) == ["Plan"]


def test_a_workspace_token_is_not_stored(lib):
    tok = new_workspace()
    Library(workspace=tok).save("Plan", GREEN)
    assert tok.encode() not in lib.path.read_bytes()
    ids = [row[0] for row in _sql(lib.path, "SELECT id FROM workspaces")]
    assert tok not in ids and len(ids) == 1


# -- read-only sharing -----------------------------------------------------------------------

def test_an_entry_shared_read_only(lib):
    owner = Library(workspace=new_workspace())
    owner.save("Plan", GREEN, description="ours")
    owner.save("Secret", CRM)
    token = owner.share("Plan")
    assert check_read_token(token) == token and owner.share("Plan") == token     # one per entry
    view = open_shared(token)
    assert view.read_only and view.one_entry
    assert _names(view) == ["Plan"] and view.load("Plan") == GREEN
    assert view.entries()[0][0].description["en"] == "ours"
    assert not view.exists("Secret")
    _raises("library.not_found", view.load, "Secret")
    _raises("library.read_only", view.save, "Plan", CRM, overwrite=True)
    _raises("library.read_only", view.save, "New", CRM)
    _raises("library.read_only", view.delete, "Plan")
    _raises("library.read_only", view.share, "Plan")
    assert owner.load("Plan") == GREEN and _names(owner) == ["Plan", "Secret"]
    owner.save("Plan", CRM, overwrite=True)              # the link follows the entry
    assert open_shared(token).load("Plan") == CRM
    _raises("library.token_read_only", check_token, token)     # it opens no workspace
    owner.delete("Plan")                                 # and ends with it
    _raises("library.share_not_found", open_shared, token)


def test_a_whole_workspace_shared_read_only(lib):
    owner = Library(workspace=new_workspace())
    owner.save("A", GREEN)
    token = owner.share_workspace()
    assert owner.share_workspace() == token
    view = open_shared(token)
    assert not view.one_entry
    owner.save("B", CRM)
    assert _names(view) == ["A", "B"] and view.load("B") == CRM
    _raises("library.read_only", view.delete, "A")
    _raises("library.read_only", view.save, "C", GREEN)
    Library(workspace=new_workspace()).save("Other", GREEN)
    lib.save("Shared", GREEN)
    assert _names(open_shared(token)) == ["A", "B"]


@pytest.mark.parametrize("token", ["", "r-short", "x" * 24, new_workspace(), "r-" + "a" * 21 + "!"],
                         ids=["empty", "short", "no-prefix", "a-workspace-token", "bad-char"])
def test_a_malformed_read_token_is_refused(lib, token):
    with pytest.raises(LibraryError) as ei:
        open_shared(token)
    _check_error(ei.value)
    assert ei.value.key in ("library.read_token_bad", "library.token_chars")


def test_an_unknown_read_token_opens_nothing(lib):
    _raises("library.share_not_found", open_shared, "r-" + "a" * 22)


# -- stored entries the loader no longer reads -----------------------------------------------

def test_a_stored_entry_that_no_longer_reads_is_reported_and_skipped(lib):
    lib.save("Good", GREEN)
    lib.save("Plan", GREEN)
    _sql(lib.path, "UPDATE entries SET yaml = replace(yaml, 'staff.packers: 5', "
                   "'staff.packers: -5') WHERE name = 'Plan'")
    entries, problems = lib.entries()
    assert [e.name for e in entries] == ["Good"]
    assert [(p.filename, p.key) for p in problems] == [("Plan", "library.entry_corrupt")]
    assert "staff.packers" in problems[0].message
    assert all(problems[0].text(lang).strip() for lang in LANGS)
    err = _raises("library.entry_corrupt", lib.load, "Plan")
    assert "Plan" in str(err) and "staff.packers" in str(err)
    lib.save("Plan", CRM, overwrite=True)              # saving again repairs it
    assert lib.load("Plan") == CRM


# -- failures leave the library as it was ----------------------------------------------------

def test_a_failed_write_changes_nothing(lib, monkeypatch):
    lib.save("Plan", GREEN)

    def fail(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Library, "_check_quota", fail)
    err = _raises("library.write_failed", lib.save, "Plan", CRM, overwrite=True)
    assert "disk is full" in str(err)
    _raises("library.write_failed", lib.save, "New", CRM)
    monkeypatch.undo()
    assert _names(lib) == ["Plan"] and lib.load("Plan") == GREEN


def test_an_interrupted_write_is_rolled_back(lib, monkeypatch):
    lib.save("Plan", GREEN)
    real = Library._check_quota

    def interrupt(self, con, *args):
        real(self, con, *args)
        con.execute("DELETE FROM entries")           # half-way through the transaction...
        raise KeyboardInterrupt                      # ...then Ctrl-C

    monkeypatch.setattr(Library, "_check_quota", interrupt)
    with pytest.raises(KeyboardInterrupt):
        lib.save("Plan", CRM, overwrite=True)
    monkeypatch.undo()
    assert _names(lib) == ["Plan"] and lib.load("Plan") == GREEN
    assert sorted(p.name for p in lib.path.parent.iterdir()) == ["library.db"]


# -- the entries are ordinary scenario files -------------------------------------------------

def test_a_saved_text_loads_with_the_model_loader(lib, tmp_path):
    entry = lib.save("Green packaging", GREEN)
    path = tmp_path / "green.yaml"
    path.write_text(entry.text, encoding="utf-8")
    assert load_scenario(path).canonical_json() == GREEN.canonical_json()


def test_to_yaml_is_what_the_library_saves(lib):
    entry = lib.save("Plan", CRM, description="more private-domain spend")
    assert entry.text == to_yaml("Plan", CRM, "more private-domain spend")
    assert lib.entry("Plan").text == entry.text
    assert load_text(to_yaml({"zh": "计划", "en": "Plan"}, GREEN)) == GREEN
    assert load_text(to_yaml("Baseline", Scenario())) == Scenario()


# -- the one-time import of an old folder of YAML files --------------------------------------

def _old_folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "green_packaging.yaml").write_text(to_yaml("Green packaging", GREEN, "old"),
                                               encoding="utf-8")
    (path / "mine.yaml").write_text(
        "title: {zh: 我的, en: Mine}\nchanges: {packaging.option: reusable_box}\n", encoding="utf-8")
    (path / "bad_yaml.yaml").write_text("changes: {staff.packers: [1, 2\n", encoding="utf-8")
    (path / "junk.yaml").write_bytes(b"\x00\xff\xfe\x89PNG\r\n\x1a\n" * 50)
    (path / "out_of_range.yaml").write_text(
        "title: {zh: 越界, en: Out of range}\nchanges: {staff.packers: 100000}\n", encoding="utf-8")
    (path / "huge.yaml").write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    (path / "aliases.yaml").write_text("a: &x [1]\nchanges: *x\n", encoding="utf-8")
    (path / "zz_copy.yaml").write_text(to_yaml("Mine", CRM), encoding="utf-8")
    (path / "notes.txt").write_text("not a scenario", encoding="utf-8")
    (path / ".tmp-abc.part").write_text("half written", encoding="utf-8")
    (path / ".hidden.yaml").write_text(to_yaml("Hidden", GREEN), encoding="utf-8")
    (path / "folder.yaml").mkdir()
    return path


IMPORT_PROBLEMS = {"bad_yaml.yaml": "library.corrupt", "junk.yaml": "library.corrupt",
                   "out_of_range.yaml": "library.corrupt", "huge.yaml": "library.too_large",
                   "aliases.yaml": "library.corrupt", "zz_copy.yaml": "library.duplicate",
                   "link.yaml": "library.symlink", "dangling.yaml": "library.symlink"}


def test_an_old_folder_is_imported_into_the_shared_workspace(tmp_path, lib_dir):
    folder = _old_folder(lib_dir)
    secret = tmp_path / "secret.yaml"
    secret.write_text("title: {zh: 机密, en: Secret}\nchanges: {staff.packers: 9}\n",
                      encoding="utf-8")
    os.symlink(secret, folder / "link.yaml")
    os.symlink(tmp_path / "nowhere.yaml", folder / "dangling.yaml")
    os.utime(folder / "mine.yaml", (1_600_000_000, 1_600_000_000))
    before = sorted(p.name for p in folder.iterdir())

    lib = Library()
    entries, problems = lib.entries()
    assert [e.name for e in entries] == ["Green packaging", "Mine"]
    assert entries[0].scenario == GREEN and entries[0].description["en"] == "old"
    assert entries[1].scenario.packaging.option == "reusable_box"
    assert entries[1].saved_at.timestamp() == 1_600_000_000           # the file's time
    assert entries[1].text == (folder / "mine.yaml").read_text(encoding="utf-8")
    by_file = {p.filename: p for p in problems}
    assert {f: p.key for f, p in by_file.items()} == IMPORT_PROBLEMS
    assert "malformed YAML" in by_file["bad_yaml.yaml"].message
    assert "UTF-8" in by_file["junk.yaml"].message
    assert "staff.packers" in by_file["out_of_range.yaml"].message
    assert "aliases" in by_file["aliases.yaml"].message
    assert "mine.yaml" in by_file["zz_copy.yaml"].message
    for p in problems:
        assert p.filename in p.message and "Secret" not in p.message and "机密" not in p.text("zh")
        assert p.key in TEXT and all(p.text(lang).strip() for lang in LANGS)
    # nothing lost: the files stay; the symbolic link was never followed
    assert sorted(p.name for p in folder.iterdir()) == sorted(before + ["library.db"])
    assert not lib.exists("Secret")
    # the imported entries are ordinary entries of the shared workspace, and private
    # workspaces see neither them nor the problems
    lib.save("Mine", CRM, overwrite=True)
    assert lib.load("Mine") == CRM
    assert Library(workspace=new_workspace()).entries() == ([], [])


def test_the_import_happens_once(lib_dir):
    _old_folder(lib_dir)
    lib = Library()
    assert _names(lib) == ["Green packaging", "Mine"]
    lib.delete("Mine")
    (lib_dir / "later.yaml").write_text(to_yaml("Later", GREEN), encoding="utf-8")
    again = Library()
    assert _names(again) == ["Green packaging"]           # not imported again, nor Later
    assert len(again.entries()[1]) == len(IMPORT_PROBLEMS) - 2      # (no links made here)
    assert _sql(lib.path, "SELECT folder, entries FROM imports") == [(".", 2)]


def test_two_first_opens_at_once_import_once(lib_dir):
    _old_folder(lib_dir)
    a, b = Library(), Library()
    con_a, con_b = a._open(), b._open()
    con_a.close()
    con_b.close()
    assert _names(a) == ["Green packaging", "Mine"]
    assert _sql(a.path, "SELECT count(*) FROM imports") == [(1,)]


def test_the_default_database_imports_the_old_default_folder(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    _old_folder(tmp_path / "data" / "esg-simulator" / "library")
    lib = Library()
    assert lib.path == tmp_path / "data" / "esg-simulator" / "library.db"
    assert _names(lib) == ["Green packaging", "Mine"]
    assert _sql(lib.path, "SELECT folder FROM imports") == [("library",)]


def test_a_database_file_imports_nothing_from_its_folder(tmp_path):
    _old_folder(tmp_path)
    lib = Library(tmp_path / "mine.db")
    assert lib.entries() == ([], [])


def test_a_name_taken_before_the_old_folder_appeared_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv(ENV_VAR, raising=False)
    Library().save("Mine", GREEN)                        # no old folder yet: nothing to import
    _old_folder(tmp_path / "esg-simulator" / "library")
    entries, problems = Library().entries()
    assert [e.name for e in entries] == ["Green packaging", "Mine"]
    assert Library().load("Mine") == GREEN               # kept, not replaced
    assert ("mine.yaml", "library.import_conflict") in [(p.filename, p.key) for p in problems]


# -- uploads ---------------------------------------------------------------------------------

def test_an_upload_round_trips():
    assert from_upload(to_yaml("Plan", GREEN).encode("utf-8"), "plan.yaml") == GREEN


@pytest.mark.parametrize("data, words, zh", [
    (b"changes: {staff.packers: [1, 2\n", "malformed YAML", "YAML 格式错误"),
    (b"\xff\xfe\x00junk", "UTF-8", "UTF-8"),
    (b"a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nchanges: *c\n", "aliases", "别名"),
    (b"changes: " + b"[" * 100 + b"]" * 100 + b"\n", "nested too deeply", "嵌套层数过多"),
    (b"changes: {staff.packerz: 3}\n", "staff.packerz: unknown key", "`staff.packerz`：未知的键"),
    (b"changes: {staff.packers: 100000}\n", "out of range", "超出范围"),
    (b"# pad\n" + b"x" * (MAX_FILE_BYTES + 1), "limit", "超过上限"),
])
def test_bad_uploads_name_the_problem(data, words, zh):
    """The problem named in English, and in Chinese for a Chinese reader (keys as code)."""
    err = _raises("library.bad_upload", from_upload, data, "upload.yaml")
    assert words in str(err) and zh in err.message("zh")
    assert "upload.yaml" in str(err)


def test_an_uploaded_file_name_is_quoted_safely():
    err = _raises("library.bad_upload", from_upload, b"[", "evil\nname" + "x" * 200 + ".yaml")
    assert "\n" not in err.fields["file"] and len(err.fields["file"]) <= 80


def test_every_library_key_is_in_both_languages():
    from simulation.strings import library as strings

    assert strings.TEXT
    for key, text in strings.TEXT.items():
        assert set(text) == set(LANGS), key
        assert all(v.strip() for v in text.values()), key
