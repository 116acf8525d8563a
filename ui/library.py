"""The scenario library: named scenarios in one SQLite database, split into workspaces.

**Where.** One database file (standard-library ``sqlite3``): ``$ESG_SIM_LIBRARY`` when it
names a file ending in ``.db``/``.sqlite``/``.sqlite3``; ``<folder>/library.db`` when it
names a folder (an existing one, one ending with a path separator, or any path without
such a suffix); else ``$XDG_DATA_HOME/esg-simulator/library.db`` (an absolute
``XDG_DATA_HOME`` only), else ``~/.local/share/esg-simulator/library.db`` (never inside the
source tree). The database is made on first use, in WAL mode, with a busy timeout, foreign
keys on and its schema version in ``PRAGMA user_version``.

**Workspaces.** ``Library(workspace=None)`` is the one shared workspace for scripts and
tests; ``Library(workspace=token)`` is a private one, named by an unguessable token
(:func:`new_workspace`; :func:`check_token` refuses a malformed one, naming the problem).
Only a hash of a workspace token is stored. Entries in one workspace are invisible from
every other. :meth:`Library.share` makes a read-only token for one entry,
:meth:`Library.share_workspace` one for the whole workspace; :func:`open_shared` opens
either as a Library that lists and loads but never saves or deletes.

**Entries.** Each entry is the YAML text of a scenario file in the preset format
(:func:`to_yaml`: the changes from the baseline, titled with the name), so a download runs
with ``python -m simulation run <file>``; it is read back with the model's strict loader
(``parse_document`` / ``load_text``), never with pickle or eval. Names are unique per
workspace by a ``UNIQUE(workspace, name)`` constraint: ``save(..., overwrite=False)`` is
one INSERT that succeeds or raises :class:`NameTaken` whatever the number of processes
and threads; ``overwrite=True`` is an UPSERT. Every write is one transaction (``BEGIN
IMMEDIATE``), so a killed process leaves the last committed state and no stray files.

**Quotas.** A workspace holds at most ``MAX_ENTRIES`` entries and ``MAX_WORKSPACE_BYTES``
of YAML; the whole database at most ``MAX_DATABASE_BYTES``. Replacing an entry is allowed
while it fits.

**The old format.** The library used to be a folder of ``*.yaml`` files (the folder
``$ESG_SIM_LIBRARY`` named, or ``esg-simulator/library`` beside the default database). On
first use those files are imported once into the shared workspace (regular files only: a
symbolic link is refused and reported, never followed); the files stay where they are, and
a row in ``imports`` records the import so that it never runs again. A file that cannot be
imported is reported as a :class:`Problem` by the shared workspace's ``entries()``, as a
stored entry that can no longer be read is by its own workspace's.

Plain Python: no streamlit here.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import secrets
import sqlite3
import stat
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from simulation.loader import (MAX_FILE_BYTES, ScenarioError, diff_scenarios, dump_changes,
                               load_text, parse_document)
from simulation.scenario import Scenario

from .i18n import MessageError, t

ENV_VAR = "ESG_SIM_LIBRARY"
APP_DIR = "esg-simulator"
DB_SUFFIXES = (".db", ".sqlite", ".sqlite3")
DB_NAME = "library" + DB_SUFFIXES[0]     # library.db
LEGACY_DIR = "library"         # the old default folder, beside the default database
LEGACY_SUFFIX = ".yaml"
SCHEMA_VERSION = 1             # PRAGMA user_version of a database this module made
BUSY_TIMEOUT_MS = 15_000
SHARED = "shared"              # the id of the shared workspace (Library(workspace=None))
TOKEN_BYTES = 16               # secrets.token_urlsafe(16): 22 characters, 128 random bits
TOKEN_CHARS = 22
READ_PREFIX = "r-"             # a read-only token: "r-" and 22 characters
MAX_NAME_CHARS = 60
MAX_ENTRIES = 200              # per workspace
MAX_WORKSPACE_BYTES = 5_000_000
MAX_DATABASE_BYTES = 500_000_000
MAX_PROBLEM_LINES = 20
# control characters, format characters (zero-width, bidi overrides), surrogates and line or
# paragraph separators: invisible or breaking in a name
_BAD_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
_TOKEN = re.compile(r"[A-Za-z0-9_-]*")
_HEADER = ("# A saved scenario of the ESG strategy simulator. Run it with:\n"
           "#   python -m simulation run <this file>\n")
_SOURCE = "library entry"

_SCHEMA = (
    # the shared workspace, or a private one by the SHA-256 of its token
    """CREATE TABLE IF NOT EXISTS workspaces (
        id TEXT PRIMARY KEY,
        created_at REAL NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS entries (
        id INTEGER PRIMARY KEY,
        workspace TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        yaml TEXT NOT NULL,
        size INTEGER NOT NULL CHECK (size >= 0),
        saved_at REAL NOT NULL,
        UNIQUE (workspace, name))""",
    # read-only tokens: for one entry (entry set) or a whole workspace (entry NULL)
    """CREATE TABLE IF NOT EXISTS read_tokens (
        token TEXT PRIMARY KEY,
        workspace TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        entry INTEGER REFERENCES entries(id) ON DELETE CASCADE,
        created_at REAL NOT NULL)""",
    "CREATE UNIQUE INDEX IF NOT EXISTS read_tokens_one ON read_tokens(workspace, ifnull(entry, 0))",
    "CREATE INDEX IF NOT EXISTS read_tokens_entry ON read_tokens(entry)",
    # the one-time import of an old folder of YAML files ("." or "library", relative to the
    # database's folder) and the problems it met (JSON)
    """CREATE TABLE IF NOT EXISTS imports (
        folder TEXT PRIMARY KEY,
        imported_at REAL NOT NULL,
        entries INTEGER NOT NULL,
        problems TEXT NOT NULL)""",
)


class LibraryError(MessageError):
    """A library operation that cannot be done. ``key`` is a ``"library.<name>"`` string key."""


class NameTaken(LibraryError):
    """An entry with this name exists; save again with ``overwrite=True`` to replace it."""


@dataclass(frozen=True)
class Entry:
    """A saved scenario: its name, scenario, when it was saved, its description ({zh, en})
    and the YAML text stored for it."""

    name: str
    scenario: Scenario = field(repr=False)
    saved_at: datetime
    description: dict[str, str] = field(default_factory=dict)
    text: str = field(default="", repr=False)


@dataclass(frozen=True)
class Problem:
    """An entry or old library file that was skipped: ``filename`` is the file's name (an
    import) or the entry's name; ``message`` in English, ``text(lang)`` in either."""

    filename: str
    message: str
    key: str = "library.corrupt"
    fields: dict[str, str] = field(default_factory=dict)

    def text(self, lang: str) -> str:      # the loader's problem lines in Chinese too
        return MessageError(self.key, **self.fields).message(lang)


def _problem(filename: str, key: str, **fields: Any) -> Problem:
    fields = {k: str(v) for k, v in fields.items()}
    return Problem(filename, t(key, "en", **fields), key, fields)


# -- where the database lives ------------------------------------------------------------------

def _base_dir() -> Path:
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / APP_DIR


def locate(location: str | os.PathLike | None = None) -> tuple[Path, Path | None]:
    """(the database file, the old YAML folder to import from or None) for ``location``,
    else ``$ESG_SIM_LIBRARY``, else the default (see the module docs)."""
    raw = os.fspath(location) if location is not None else os.environ.get(ENV_VAR) or None
    if raw is None:
        base = _base_dir()
        return base / DB_NAME, base / LEGACY_DIR
    path = Path(raw).expanduser()
    as_folder = (raw.endswith(("/", os.sep)) or path.is_dir()
                 or path.suffix.lower() not in DB_SUFFIXES)
    if as_folder:
        return path / DB_NAME, path
    return path, None


def default_path() -> Path:
    """The database file: from $ESG_SIM_LIBRARY, else the XDG data folder (module docs)."""
    return locate()[0]


# -- names and tokens --------------------------------------------------------------------------

def clean_name(name: str) -> str:
    """``name`` as stored (NFC, stripped), or LibraryError if empty, too long or holding
    control or invisible characters."""
    if not isinstance(name, str):
        raise TypeError(f"a name must be text, got {type(name).__name__}")
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        raise LibraryError("library.name_empty")
    if len(name) > MAX_NAME_CHARS:
        raise LibraryError("library.name_too_long", length=len(name), limit=MAX_NAME_CHARS)
    if any(unicodedata.category(ch) in _BAD_CATEGORIES for ch in name):
        raise LibraryError("library.name_control")
    return name


def new_workspace() -> str:
    """A fresh workspace token: 22 URL-safe characters (128 random bits). Nothing is stored
    until the first save."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def _check_chars(token: Any, key_missing: str) -> str:
    if not isinstance(token, str) or not token:
        raise LibraryError(key_missing)
    if not (token.isascii() and _TOKEN.fullmatch(token)):
        raise LibraryError("library.token_chars")
    return token


def check_token(token: Any) -> str:
    """``token`` if it is a well-formed workspace token, else LibraryError naming the problem
    (empty, wrong length, characters outside ``A-Z a-z 0-9 - _``, or a read-only token)."""
    token = _check_chars(token, "library.token_missing")
    if token.startswith(READ_PREFIX) and len(token) == len(READ_PREFIX) + TOKEN_CHARS:
        raise LibraryError("library.token_read_only")
    if len(token) != TOKEN_CHARS:
        raise LibraryError("library.token_length", length=len(token), expected=TOKEN_CHARS)
    return token


def check_read_token(token: Any) -> str:
    """``token`` if it is a well-formed read-only token (``r-`` and 22 characters), else
    LibraryError naming the problem."""
    token = _check_chars(token, "library.read_token_bad")
    if not token.startswith(READ_PREFIX) or len(token) != len(READ_PREFIX) + TOKEN_CHARS:
        raise LibraryError("library.read_token_bad")
    return token


def _workspace_id(token: str | None) -> str:
    """The stored id of a workspace: SHARED, or the SHA-256 of its token (so that reading
    the database gives no token that can change a workspace)."""
    if token is None:
        return SHARED
    return hashlib.sha256(check_token(token).encode("ascii")).hexdigest()


# -- text ---------------------------------------------------------------------------------------

def _show(value: str, limit: int = 80) -> str:
    """Text from outside (an uploaded file's name), safe to quote in a message."""
    text = value if value.isprintable() else repr(value)[1:-1]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _problem_lines(err: ScenarioError) -> str:
    lines = err.problems[:MAX_PROBLEM_LINES]
    if len(err.problems) > MAX_PROBLEM_LINES:
        lines.append(f"… (+{len(err.problems) - MAX_PROBLEM_LINES})")
    return "\n".join(f"- {line}" for line in lines)


def _oserror(e: OSError) -> str:
    return e.strerror or type(e).__name__


def _both(text: str | Mapping[str, str] | None) -> dict[str, str] | None:
    """A title or description as {zh, en}: text goes in both languages."""
    if text is None:
        return None
    if isinstance(text, str):
        return {"zh": text, "en": text}
    return {"zh": str(text.get("zh", "")), "en": str(text.get("en", ""))}


def _title_name(title: Mapping[str, str], fallback: str) -> str:
    """The display name a file's title gives (both languages hold it for a saved entry)."""
    name = (title.get("en") or title.get("zh") or fallback).strip()
    return unicodedata.normalize("NFC", name) or fallback


def to_yaml(name_or_title: str | Mapping[str, str], scenario: Scenario,
            description: str | Mapping[str, str] | None = None) -> str:
    """The scenario file for ``scenario`` (what the library saves and a download offers):
    the changes from the baseline, titled ``name_or_title`` (text, or {zh, en})."""
    if not isinstance(scenario, Scenario):
        raise TypeError(f"expected a Scenario, got {type(scenario).__name__}")
    return _HEADER + dump_changes(title=_both(name_or_title), description=_both(description),
                                  changes=diff_scenarios(Scenario(), scenario))


def from_upload(data: bytes, filename: str, max_bytes: int | None = None) -> Scenario:
    """The scenario in an uploaded file, or LibraryError("library.bad_upload") with the
    loader's problem lines (over MAX_FILE_BYTES, not UTF-8, malformed YAML, aliases, deep
    nesting, unknown keys, out-of-range values); a file over ``max_bytes`` (the app's own,
    lower limit) is refused first with "library.upload_too_large"."""
    shown = _show(str(filename))
    if max_bytes is not None and len(data) > max_bytes:
        raise LibraryError("library.upload_too_large", file=shown, size=f"{len(data):,}",
                           limit=f"{max_bytes:,}")
    try:
        return load_text(bytes(data), shown)
    except ScenarioError as err:
        raise LibraryError("library.bad_upload", file=shown, problems=_problem_lines(err)) \
            from None


@functools.lru_cache(maxsize=2048)
def _parsed(text: str) -> tuple[Scenario | None, tuple[tuple[str, str], ...], str]:
    """A stored text read by the strict loader: (scenario, description items, "") or
    (None, (), the problem lines). Cached by content: the same text is parsed once."""
    try:
        doc = parse_document(text, _SOURCE)
        scenario = load_text(text, _SOURCE)
    except ScenarioError as err:
        return None, (), _problem_lines(err)
    return scenario, tuple(doc["description"].items()), ""


def _stamp(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds).astimezone()


# -- the old folder of YAML files ----------------------------------------------------------------

_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


class _TooLarge(Exception):
    def __init__(self, size: int):
        super().__init__(size)
        self.size = size


def _read_entry_file(path: Path) -> tuple[bytes, float] | None:
    """A regular file's bytes and mtime, never following a symbolic link (OSError ELOOP),
    never blocking on a FIFO; None for anything but a regular file; _TooLarge when it is
    over MAX_FILE_BYTES."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        if info.st_size > MAX_FILE_BYTES:
            raise _TooLarge(info.st_size)
        chunks, left = [], MAX_FILE_BYTES + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 16))):
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > MAX_FILE_BYTES:             # it grew after the fstat
            raise _TooLarge(len(data))
        return data, info.st_mtime
    finally:
        os.close(fd)


def scan_folder(folder: Path) -> tuple[list[tuple[str, str, float, str]], list[Problem]]:
    """The entries of an old library folder, by file name: (name, text, mtime, file name)
    for every ``*.yaml`` regular file that is a valid scenario (the name from its title),
    and a Problem for every one skipped: a symbolic link (never followed), over the size
    limit, damaged or invalid, unreadable, or a second file with the same name. Hidden files
    (temporary files of the old format) and anything but regular files are passed over."""
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return [], []
    except OSError as e:
        return [], [_problem(folder.name, "library.unreadable", file=folder.name, error=_oserror(e))]
    found: dict[str, tuple[str, str, float, str]] = {}
    problems: list[Problem] = []
    for filename in names:
        if not filename.endswith(LEGACY_SUFFIX) or filename.startswith("."):
            continue
        path = folder / filename
        shown = _show(filename)
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                problems.append(_problem(shown, "library.symlink", file=shown))
                continue
            got = _read_entry_file(path)
            if got is None:
                continue
            data, mtime = got
            doc = parse_document(data, shown)
            load_text(data, shown)
        except _TooLarge as big:
            problems.append(_problem(shown, "library.too_large", file=shown, size=f"{big.size:,}",
                                     limit=f"{MAX_FILE_BYTES:,}"))
            continue
        except ScenarioError as err:
            problems.append(_problem(shown, "library.corrupt", file=shown,
                                     problems=_problem_lines(err)))
            continue
        except OSError as e:
            if stat.S_ISLNK(_lmode(path)):          # swapped for a link after the lstat
                problems.append(_problem(shown, "library.symlink", file=shown))
            else:
                problems.append(_problem(shown, "library.unreadable", file=shown,
                                         error=_oserror(e)))
            continue
        name = _title_name(doc["title"], path.stem)
        try:
            name = clean_name(name)
        except LibraryError as err:          # a title that cannot be a name (e.g. too long)
            problems.append(_problem(shown, "library.corrupt", file=shown,
                                     problems=f"- title: {err}"))
            continue
        if name in found:
            problems.append(_problem(shown, "library.duplicate", file=shown,
                                     other=found[name][3], name=name))
            continue
        found[name] = (name, data.decode("utf-8"), mtime, shown)
    return list(found.values()), problems


def _lmode(path: Path) -> int:
    try:
        return os.lstat(path).st_mode
    except OSError:
        return 0


# -- the database -------------------------------------------------------------------------------

def sql_error(e: sqlite3.Error) -> str:
    return str(e) or type(e).__name__


def connect(path: Path, setup: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    """A connection to the app's SQLite file ``path`` with its settings: autocommit (the
    callers open their own transactions), a busy timeout of :data:`BUSY_TIMEOUT_MS`, foreign
    keys on, full sync (a saved row survives a killed process); then ``setup(con)`` (the
    caller's schema). On any failure the connection is closed and the error raised as it is,
    for the caller to put in its own words. The library and the workshop store share it."""
    con = None
    try:
        con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                              check_same_thread=True)
        con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA synchronous = FULL")
        setup(con)
    except BaseException:
        if con is not None:
            con.close()
        raise
    return con


def _ensure_schema(con: sqlite3.Connection) -> None:
    """Make the tables (once; safe when several processes open a new database at once)."""
    if con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("BEGIN IMMEDIATE")
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LibraryError("library.newer_schema", found=version, supported=SCHEMA_VERSION)
        for statement in _SCHEMA:
            con.execute(statement)
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        con.execute("COMMIT")
    except BaseException:
        con.rollback()
        raise


class Library:
    """The saved scenarios of one workspace in the library database.

    ``location``: a database file or folder (default: ``$ESG_SIM_LIBRARY`` or the XDG data
    folder, see the module docs); ``workspace``: a workspace token, or None for the shared
    workspace. Nothing is read until a method is called; every method reads the database
    afresh, so two app sessions (or processes) see each other's saves at once. A Library
    from :func:`open_shared` is read-only: ``save``, ``delete`` and ``share`` raise
    LibraryError("library.read_only")."""

    def __init__(self, location: str | os.PathLike | None = None, workspace: str | None = None):
        self.path, self._legacy = locate(location)
        self.workspace = workspace
        self._ws = _workspace_id(workspace)
        self._entry: int | None = None          # a read-only view of one entry
        self.read_only = False
        self.share_token: str | None = None

    # -- connections -----------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise LibraryError("library.unavailable", error=_oserror(e)) from None

        def setup(con: sqlite3.Connection) -> None:
            _ensure_schema(con)
            self._import_once(con)

        try:
            return connect(self.path, setup)
        except sqlite3.Error as e:
            raise LibraryError("library.unavailable", error=sql_error(e)) from None

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        con = self._open()
        try:
            yield con
        except sqlite3.Error as e:
            raise LibraryError("library.unavailable", error=sql_error(e)) from None
        finally:
            con.close()

    @contextlib.contextmanager
    def _write(self, failure: str = "library.write_failed") -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: writers queue for the busy timeout, so a
        check made inside holds until COMMIT). Anything raised rolls it back."""
        con = self._open()
        try:
            con.execute("BEGIN IMMEDIATE")
            yield con
            con.execute("COMMIT")
        except sqlite3.Error as e:
            with contextlib.suppress(sqlite3.Error):
                con.rollback()
            raise LibraryError(failure, error=sql_error(e)) from None
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                con.rollback()
            raise
        finally:
            con.close()

    @property
    def one_entry(self) -> bool:
        """True for a read-only view of one entry (a token from :meth:`share`)."""
        return self._entry is not None

    def _writable(self) -> None:
        if self.read_only:
            raise LibraryError("library.read_only")

    # -- the one-time import of the old format ---------------------------------------------
    def _import_key(self) -> str | None:
        if self._legacy is None:
            return None
        return "." if self._legacy == self.path.parent else self._legacy.name

    def _import_once(self, con: sqlite3.Connection) -> None:
        """Import the old folder's YAML files into the shared workspace, unless done."""
        key = self._import_key()
        if key is None or not self._legacy.is_dir():
            return
        if con.execute("SELECT 1 FROM imports WHERE folder = ?", (key,)).fetchone():
            return
        found, problems = scan_folder(self._legacy)
        now = time.time()
        con.execute("BEGIN IMMEDIATE")
        try:
            if con.execute("SELECT 1 FROM imports WHERE folder = ?", (key,)).fetchone():
                con.execute("ROLLBACK")          # another process got there first
                return
            if found:
                con.execute("INSERT OR IGNORE INTO workspaces(id, created_at) VALUES (?, ?)",
                            (SHARED, now))
            imported = 0
            for name, text, mtime, filename in found:
                cur = con.execute(
                    "INSERT INTO entries(workspace, name, yaml, size, saved_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(workspace, name) DO NOTHING",
                    (SHARED, name, text, len(text.encode("utf-8")), mtime))
                if cur.rowcount:
                    imported += 1
                else:
                    problems.append(_problem(filename, "library.import_conflict",
                                             file=filename, name=name))
            doc = [{"filename": p.filename, "key": p.key, "fields": p.fields} for p in problems]
            con.execute("INSERT INTO imports(folder, imported_at, entries, problems) "
                        "VALUES (?, ?, ?, ?)", (key, now, imported, json.dumps(doc)))
            con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                con.rollback()
            raise

    def _import_problems(self, con: sqlite3.Connection) -> list[Problem]:
        problems = []
        for (doc,) in con.execute("SELECT problems FROM imports ORDER BY folder"):
            try:
                items = json.loads(doc)
            except ValueError:
                continue
            for item in items if isinstance(items, list) else []:
                try:
                    fields = {str(k): str(v) for k, v in dict(item["fields"]).items()}
                    problems.append(_problem(str(item["filename"]), str(item["key"]), **fields))
                except (KeyError, TypeError, ValueError):
                    continue
        return problems

    # -- reading ---------------------------------------------------------------------------
    def _scope(self) -> tuple[str, tuple]:
        """The WHERE clause (and its values) that limits a query to what this Library sees."""
        if self._entry is not None:
            return "workspace = ? AND id = ?", (self._ws, self._entry)
        return "workspace = ?", (self._ws,)

    def _entry_of(self, name: str, text: str, saved_at: float) -> Entry | Problem:
        scenario, description, problems = _parsed(text)
        if scenario is None:
            return _problem(name, "library.entry_corrupt", name=name, problems=problems)
        return Entry(name=name, scenario=scenario, saved_at=_stamp(saved_at),
                     description=dict(description), text=text)

    def entries(self) -> tuple[list[Entry], list[Problem]]:
        """Every entry this Library sees (sorted by name) and a Problem for every one that
        was skipped (a stored text the loader no longer accepts; in the shared workspace also
        the old files that could not be imported). A database that cannot be opened gives no
        entries and one Problem, never an exception."""
        where, args = self._scope()
        try:
            with self._read() as con:
                rows = con.execute(f"SELECT name, yaml, saved_at FROM entries WHERE {where}",
                                   args).fetchall()
                problems = (self._import_problems(con)
                            if self._ws == SHARED and self._entry is None else [])
        except LibraryError as err:
            return [], [_problem(self.path.name, err.key, **err.fields)]
        entries = []
        for name, text, saved_at in rows:
            got = self._entry_of(name, text, saved_at)
            (entries if isinstance(got, Entry) else problems).append(got)
        return sorted(entries, key=lambda e: (e.name.casefold(), e.name)), problems

    def _row(self, name: str) -> tuple[str, str, float] | None:
        where, args = self._scope()
        with self._read() as con:
            return con.execute(f"SELECT name, yaml, saved_at FROM entries WHERE {where} "
                               "AND name = ?", (*args, name)).fetchone()

    def exists(self, name: str) -> bool:
        """True when an entry called ``name`` is saved (False for a name that is not valid)."""
        try:
            name = clean_name(name)
        except (LibraryError, TypeError):
            return False
        return self._row(name) is not None

    def entry(self, name: str) -> Entry:
        """The entry saved as ``name``: LibraryError not_found, or entry_corrupt naming the
        entry and its problems."""
        name = clean_name(name)
        row = self._row(name)
        if row is None:
            raise LibraryError("library.not_found", name=name)
        got = self._entry_of(*row)
        if isinstance(got, Problem):
            raise LibraryError(got.key, **got.fields)
        return got

    def load(self, name: str) -> Scenario:
        """The scenario saved as ``name`` (see :meth:`entry`)."""
        return self.entry(name).scenario

    # -- writing ---------------------------------------------------------------------------
    def save(self, name: str, scenario: Scenario, description: str | Mapping[str, str] | None = None,
             overwrite: bool = False) -> Entry:
        """Save ``scenario`` as ``name`` (stripped). Raises LibraryError for a bad name, a
        description the loader would not read back, or a full workspace; NameTaken when the
        name is in use and ``overwrite`` is False (one INSERT under a UNIQUE constraint, so
        of two saves of one name at once exactly one succeeds)."""
        self._writable()
        name = clean_name(name)
        text = to_yaml(name, scenario, description)
        parsed, desc, problems = _parsed(text)
        if parsed is None:
            raise LibraryError("library.not_saved", name=name, problems=problems)
        size = len(text.encode("utf-8"))
        now = time.time()
        with self._write() as con:
            con.execute("INSERT OR IGNORE INTO workspaces(id, created_at) VALUES (?, ?)",
                        (self._ws, now))
            old = con.execute("SELECT size FROM entries WHERE workspace = ? AND name = ?",
                              (self._ws, name)).fetchone() if overwrite else None
            self._check_quota(con, name, size, old[0] if old else None)
            row = (self._ws, name, text, size, now)
            if overwrite:
                con.execute("INSERT INTO entries(workspace, name, yaml, size, saved_at) "
                            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(workspace, name) DO UPDATE SET "
                            "yaml = excluded.yaml, size = excluded.size, "
                            "saved_at = excluded.saved_at", row)
            else:
                try:
                    con.execute("INSERT INTO entries(workspace, name, yaml, size, saved_at) "
                                "VALUES (?, ?, ?, ?, ?)", row)
                except sqlite3.IntegrityError:
                    raise NameTaken("library.name_taken", name=name) from None
        return Entry(name=name, scenario=parsed, saved_at=_stamp(now), description=dict(desc),
                     text=text)

    def _check_quota(self, con: sqlite3.Connection, name: str, size: int,
                     old_size: int | None) -> None:
        """Refuse a save that would take the workspace over MAX_ENTRIES or
        MAX_WORKSPACE_BYTES, or the database over MAX_DATABASE_BYTES (inside the write
        transaction, so the count is exact). ``old_size``: the entry it replaces."""
        count, total = con.execute("SELECT count(*), coalesce(sum(size), 0) FROM entries "
                                   "WHERE workspace = ?", (self._ws,)).fetchone()
        grows = size - (old_size or 0)
        full = None
        if old_size is None and count >= MAX_ENTRIES:
            full = LibraryError("library.full", limit=MAX_ENTRIES)
        elif grows > 0 and total + grows > MAX_WORKSPACE_BYTES:
            full = LibraryError("library.full_bytes", size=f"{total + grows:,}",
                                limit=f"{MAX_WORKSPACE_BYTES:,}")
        elif grows > 0:
            (everything,) = con.execute("SELECT coalesce(sum(size), 0) FROM entries").fetchone()
            if everything + grows > MAX_DATABASE_BYTES:
                full = LibraryError("library.server_full")
        if full is None:
            return
        if old_size is None and con.execute("SELECT 1 FROM entries WHERE workspace = ? AND "
                                            "name = ?", (self._ws, name)).fetchone():
            raise NameTaken("library.name_taken", name=name)     # asking first comes first
        raise full

    def delete(self, name: str) -> None:
        """Remove the entry ``name`` (LibraryError not_found if there is none); its
        read-only links stop working."""
        self._writable()
        name = clean_name(name)
        with self._write("library.delete_failed") as con:
            cur = con.execute("DELETE FROM entries WHERE workspace = ? AND name = ?",
                              (self._ws, name))
            if cur.rowcount == 0:
                raise LibraryError("library.not_found", name=name)

    # -- read-only sharing -----------------------------------------------------------------
    def _read_token(self, con: sqlite3.Connection, entry: int | None) -> str:
        got = con.execute("SELECT token FROM read_tokens WHERE workspace = ? AND "
                          "ifnull(entry, 0) = ?", (self._ws, entry or 0)).fetchone()
        if got:
            return got[0]
        token = READ_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
        con.execute("INSERT INTO read_tokens(token, workspace, entry, created_at) "
                    "VALUES (?, ?, ?, ?)", (token, self._ws, entry, time.time()))
        return token

    def share(self, name: str) -> str:
        """A read-only token for the entry ``name`` (the same one each time): whoever holds
        it can load the entry, as it is saved now or later, but not change or delete it.
        Deleting the entry ends it."""
        self._writable()
        name = clean_name(name)
        with self._write() as con:
            row = con.execute("SELECT id FROM entries WHERE workspace = ? AND name = ?",
                              (self._ws, name)).fetchone()
            if row is None:
                raise LibraryError("library.not_found", name=name)
            return self._read_token(con, row[0])

    def share_workspace(self) -> str:
        """A read-only token for the whole workspace: list and load, never change."""
        self._writable()
        with self._write() as con:
            con.execute("INSERT OR IGNORE INTO workspaces(id, created_at) VALUES (?, ?)",
                        (self._ws, time.time()))
            return self._read_token(con, None)


def open_shared(token: Any, location: str | os.PathLike | None = None) -> Library:
    """The read-only Library a token from :meth:`Library.share` (one entry) or
    :meth:`Library.share_workspace` (all its entries) opens. LibraryError for a malformed
    token or one that opens nothing (never made, or its entry was deleted)."""
    token = check_read_token(token)
    view = Library(location)
    with view._read() as con:
        row = con.execute("SELECT workspace, entry FROM read_tokens WHERE token = ?",
                          (token,)).fetchone()
    if row is None:
        raise LibraryError("library.share_not_found")
    view._ws, view._entry = row
    view.read_only = True
    view.share_token = token
    return view
