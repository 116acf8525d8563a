"""The local scenario library: named scenarios saved as files that survive restarts.

Each entry is one YAML file in the preset format the loader reads (``dump_changes`` of the
changes from the baseline), so ``python -m simulation run <file>`` runs a saved scenario
too. The display name is the file's title; the file name is a slug of it (Unicode letters
and digits kept, anything else ``_``), with a short hash of the name appended when another
name already has that slug.

The folder is ``$ESG_SIM_LIBRARY``, else ``$XDG_DATA_HOME/esg-simulator/library``, else
``~/.local/share/esg-simulator/library`` (never inside the source tree); it is created on the
first save. Writes are atomic (a temporary file in the same folder, flushed, synced and
renamed over the target), and a damaged, oversized or invalid file is reported as a
``Problem`` and skipped, never raised. Plain Python: no streamlit here.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping

from simulation.loader import (MAX_FILE_BYTES, ScenarioError, diff_scenarios, dump_changes,
                               load_preset, load_text, parse_document)
from simulation.scenario import Scenario

from .i18n import MessageError, t, tx

ENV_VAR = "ESG_SIM_LIBRARY"
APP_DIR = "esg-simulator"
SUFFIX = ".yaml"
TEMP_PREFIX = ".tmp-"          # temporary files start with a dot and are never listed
MAX_NAME_CHARS = 60
MAX_ENTRIES = 500
MAX_SLUG_CHARS = 40
HASH_CHARS = 8
MAX_PROBLEM_LINES = 20
# control characters, format characters (zero-width, bidi overrides), surrogates and line or
# paragraph separators: invisible or breaking in a name
_BAD_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
_HEADER = ("# A saved scenario of the ESG strategy simulator. Run it with:\n"
           "#   python -m simulation run <this file>\n")


class LibraryError(MessageError):
    """A library operation that cannot be done. ``key`` is a ``"library.<name>"`` string key."""


class NameTaken(LibraryError):
    """An entry with this name exists; save again with ``overwrite=True`` to replace it."""


@dataclass(frozen=True)
class Entry:
    """A saved scenario: its display name, file, scenario and when it was saved."""

    name: str
    path: Path
    scenario: Scenario
    saved_at: datetime
    description: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    """A library file that was skipped: ``message`` in English, ``text(lang)`` in either."""

    filename: str
    message: str
    key: str = "library.corrupt"
    fields: dict[str, str] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return tx(self.key, lang, **self.fields)


def _problem(filename: str, key: str, **fields: Any) -> Problem:
    return Problem(filename, t(key, "en", **fields), key, fields)


def default_path() -> Path:
    """The library folder: $ESG_SIM_LIBRARY, else the XDG data folder (see module docs)."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / APP_DIR / "library"


# -- names and file names ----------------------------------------------------------------------

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


def slugify(name: str) -> str:
    """A file-name stem for ``name``: lower-case Unicode letters and digits (Chinese too),
    everything else ``_``, at most MAX_SLUG_CHARS characters; never empty, never hidden."""
    text = unicodedata.normalize("NFC", name).casefold()
    slug = re.sub(r"_+", "_", "".join(ch if ch.isalnum() else "_" for ch in text))
    slug = slug.strip("_")[:MAX_SLUG_CHARS].rstrip("_")
    return slug or "scenario"


def _name_hash(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:HASH_CHARS]


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


# -- files ---------------------------------------------------------------------------------

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


def _read_limited(path: Path) -> bytes:
    """A regular file's bytes, refusing it (ScenarioError) over MAX_FILE_BYTES."""
    with open(path, "rb") as f:
        data = f.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError(f"file is over the {MAX_FILE_BYTES:,}-byte limit")
    return data


class Library:
    """The saved scenarios in one folder (``path``, default :func:`default_path`, read when
    the Library is made). Every method reads the folder afresh, so two app sessions see
    each other's saves."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else default_path()

    # -- reading ---------------------------------------------------------------------------
    def _files(self) -> list[Path]:
        """The entry files (``*.yaml`` regular files, not temporary or hidden), by name."""
        if not self.path.is_dir():
            return []
        return sorted(p for p in self.path.iterdir()
                      if p.name.endswith(SUFFIX) and not p.name.startswith(".") and p.is_file())

    def _name_of(self, path: Path) -> str | None:
        """The display name in a file's title, or None if it cannot be read or parsed."""
        try:
            doc = parse_document(_read_limited(path), path.name)
        except (OSError, ScenarioError):
            return None
        return _title_name(doc["title"], path.stem)

    def _candidates(self, name: str) -> list[Path]:
        slug = slugify(name)
        return [self.path / f"{slug}{SUFFIX}", self.path / f"{slug}-{_name_hash(name)}{SUFFIX}"]

    def _find(self, name: str) -> Path | None:
        """The file holding entry ``name``: where save puts it, else any file so titled."""
        candidates = self._candidates(name)
        for p in candidates:
            if p.is_file() and self._name_of(p) == name:
                return p
        for p in self._files():
            if p not in candidates and self._name_of(p) == name:
                return p
        return None

    def _load(self, path: Path) -> Entry:
        """One entry; ScenarioError or OSError if the file is bad."""
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError(f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
        preset = load_preset(path)
        mtime = path.stat().st_mtime
        return Entry(name=_title_name(preset.title, path.stem), path=path,
                     scenario=preset.scenario, saved_at=datetime.fromtimestamp(mtime).astimezone(),
                     description=dict(preset.description))

    def entries(self) -> tuple[list[Entry], list[Problem]]:
        """Every saved entry (sorted by name) and a Problem for every file that was skipped
        (damaged, too large, invalid, unreadable, or a second file with the same name)."""
        entries: dict[str, Entry] = {}
        problems: list[Problem] = []
        try:
            files = self._files()
        except OSError as e:
            return [], [_problem(self.path.name, "library.unreadable", file=self.path.name,
                                 error=_oserror(e))]
        for p in files:
            try:
                size = p.stat().st_size
                if size > MAX_FILE_BYTES:
                    problems.append(_problem(p.name, "library.too_large", file=p.name,
                                             size=f"{size:,}", limit=f"{MAX_FILE_BYTES:,}"))
                    continue
                entry = self._load(p)
            except ScenarioError as err:
                problems.append(_problem(p.name, "library.corrupt", file=p.name,
                                         problems=_problem_lines(err)))
                continue
            except OSError as e:
                problems.append(_problem(p.name, "library.unreadable", file=p.name,
                                         error=_oserror(e)))
                continue
            try:
                clean_name(entry.name)
            except LibraryError as err:        # a title that cannot be a name (e.g. too long)
                problems.append(_problem(p.name, "library.corrupt", file=p.name,
                                         problems=f"- title: {err}"))
                continue
            if entry.name in entries:
                problems.append(_problem(p.name, "library.duplicate", file=p.name,
                                         other=entries[entry.name].path.name, name=entry.name))
                continue
            entries[entry.name] = entry
        return sorted(entries.values(), key=lambda e: (e.name.casefold(), e.name)), problems

    def exists(self, name: str) -> bool:
        """True when an entry called ``name`` is saved (False for a name that is not valid)."""
        try:
            name = clean_name(name)
        except (LibraryError, TypeError):
            return False
        return self._find(name) is not None

    def load(self, name: str) -> Scenario:
        """The scenario saved as ``name``: LibraryError not_found, or corrupt naming the
        file and its problems."""
        name = clean_name(name)
        path = self._find(name)
        if path is None:
            raise LibraryError("library.not_found", name=name)
        try:
            return self._load(path).scenario
        except ScenarioError as err:
            raise LibraryError("library.corrupt", file=path.name,
                               problems=_problem_lines(err)) from None
        except OSError as e:
            raise LibraryError("library.unreadable", file=path.name, error=_oserror(e)) from None

    # -- writing ---------------------------------------------------------------------------
    def save(self, name: str, scenario: Scenario, description: str | Mapping[str, str] | None = None,
             overwrite: bool = False) -> Entry:
        """Save ``scenario`` as ``name`` (stripped). Raises LibraryError for a bad name or a
        full library, and NameTaken when the name is in use and ``overwrite`` is False."""
        name = clean_name(name)
        text = to_yaml(name, scenario, description)
        target = self._find(name)
        if target is not None and not overwrite:
            raise NameTaken("library.name_taken", name=name)
        if target is None:
            if len(self._files()) >= MAX_ENTRIES:
                raise LibraryError("library.full", limit=MAX_ENTRIES)
            target = self._new_path(name)
        self._write_atomic(target, text)
        return Entry(name=name, path=target, scenario=scenario,
                     saved_at=datetime.fromtimestamp(target.stat().st_mtime).astimezone(),
                     description=_both(description) or {"zh": "", "en": ""})

    def _new_path(self, name: str) -> Path:
        """A free file for a new entry: the slug, else slug-hash (another name has the slug)."""
        plain, hashed = self._candidates(name)
        if not os.path.lexists(plain):
            return plain
        if not os.path.lexists(hashed):
            return hashed
        n = 2
        while os.path.lexists(p := hashed.with_name(f"{hashed.stem}-{n}{SUFFIX}")):
            n += 1
        return p

    def _write_atomic(self, target: Path, text: str) -> None:
        """Write ``text`` to ``target`` so that a reader sees the old file or the new one,
        never a part: a temporary file in the same folder, flushed, synced, renamed."""
        tmp_name: str | None = None
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", delete=False,
                                             dir=self.path, prefix=TEMP_PREFIX,
                                             suffix=".part") as tmp:
                tmp_name = tmp.name
                tmp.write(text)
                tmp.flush()
                os.fsync(tmp.fileno())
            os.replace(tmp_name, target)
            tmp_name = None
            _sync_dir(self.path)
        except OSError as e:
            raise LibraryError("library.write_failed", file=target.name, error=_oserror(e)) \
                from None
        finally:
            if tmp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)

    def delete(self, name: str) -> None:
        """Remove the entry ``name`` (LibraryError not_found if there is none)."""
        name = clean_name(name)
        path = self._find(name)
        if path is None:
            raise LibraryError("library.not_found", name=name)
        try:
            path.unlink()
        except FileNotFoundError:
            raise LibraryError("library.not_found", name=name) from None
        except OSError as e:
            raise LibraryError("library.delete_failed", file=path.name, error=_oserror(e)) \
                from None


def _sync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (best effort; not every system can open a folder)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
