"""The repository stands alone: no tracked text names a file outside it.

Code, UI text and documents cite the source documents by title and section
(``simulation/sources.py``, ``docs/SOURCES.md``), never by the names of files the repository
does not carry, nor by the design notes it was specified from.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from simulation import sources

ROOT = Path(__file__).resolve().parents[2]
SUFFIXES = {".py", ".md", ".yaml", ".yml", ".toml", ".txt", ".cfg"}
# Source documents named by their number ("seed" then 00N, in English or Chinese) or file
# name, the design notes the project was specified from, and the folder beside the
# repository. The names are assembled here, not spelled, so this file names none of them.
FORBIDDEN = re.compile(
    "|".join([
        r"seed[ _-]?00\d",
        r"种子\s*(?:文档|资料)?\s*00\d",
        r"\d{3}_[0-9a-f]{16}\.txt",          # the source documents' file names
        r"(?:MODEL|ARCHITECTURE)\.md",      # the design notes
        r"\.\./shared",
        r"shared/(?:seeds|design)",
    ]),
    re.IGNORECASE,
)
THIS_FILE = "tests/unit/test_self_contained.py"
# Files the lead is switching to simulation/sources.py; empty this set when that is done.
PENDING_LEAD: set[str] = set()   # files still to switch (none left)


def _tracked_text_files() -> list[str]:
    try:
        # tracked files, and new ones not yet added (but not what .gitignore excludes)
        done = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                              cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        pytest.skip("not a git checkout")
    files = {f for f in done.stdout.split("\0") if f and Path(f).suffix in SUFFIXES}
    return sorted(f for f in files if (ROOT / f).is_file())


def _offences(path: str) -> list[str]:
    text = (ROOT / path).read_text(encoding="utf-8", errors="replace")
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        for m in FORBIDDEN.finditer(line):
            out.append(f"{path}:{number}: {m.group(0)!r} in {line.strip()[:100]!r}")
    return out


def test_no_tracked_file_points_outside_the_repository():
    files = _tracked_text_files()
    assert "README.md" in files
    offences = [o for f in files if f != THIS_FILE and f not in PENDING_LEAD
                for o in _offences(f)]
    assert not offences, "cite by title and section (simulation/sources.py), not by an " \
        "outside file:\n" + "\n".join(offences)


def test_the_pattern_catches_what_it_should():
    notes = ("MODEL", "ARCHITECTURE")
    for bad in ("seed" + " 002", "Seed" + " 000_33f01ca0abf30c17.txt", "seed" + "002",
                "种子" + " 002", "种子文档" + " 001", f"see {notes[0]}.md",
                f"{notes[1]}.md principle 3", "../" + "shared/" + "seeds/README.md",
                "shared/" + "design"):
        assert FORBIDDEN.search(bad), bad
    for fine in ("seed 314", "--seed 1", "随机种子 {seed}", "seed=1", "seed 0"):
        assert not FORBIDDEN.search(fine), fine


def test_citations_are_titles_and_read_after_source():
    assert sources.CITATIONS, "simulation/sources.py defines no citation"
    for name, text in sources.CITATIONS.items():
        assert not FORBIDDEN.search(text), name
        assert re.search(r"[\u4e00-\u9fff]", text), f"{name}: cite the document by its title"
        assert not text.rstrip().endswith((".", ",", ";", ":")), name
        assert " (" not in sources.zh(text), f"{name}: the Chinese form drops the English gloss"


def test_every_citation_key_is_in_the_bibliography():
    bibliography = (ROOT / "docs" / "SOURCES.md").read_text(encoding="utf-8")
    module = (ROOT / "simulation" / "sources.py").read_text(encoding="utf-8")
    keys = set(re.findall(r"\[([A-Z][A-Za-z0-9-]+)\]", module))
    assert keys, "each citation's comment gives its docs/SOURCES.md key"
    for key in keys:
        assert f"[{key}]" in bibliography, key
