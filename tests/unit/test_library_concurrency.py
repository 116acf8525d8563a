"""The scenario library under concurrent writers and a killed one: saves of one name at
once from threads and processes give exactly one success, nothing is lost or doubled, and
a process killed with SIGKILL mid-save leaves every acknowledged save loadable, a database
that passes its integrity check and no stray files."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sqlite3
import threading
import time

import pytest

from simulation.scenario import Scenario
from ui.library import Library, NameTaken, to_yaml

ROUNDS = 30
DB_FILES = {"library.db", "library.db-wal", "library.db-shm"}


def _scenario(who: int, i: int) -> Scenario:
    return Scenario().with_changes({"staff.packers": 2 + who, "staff.cs_agents": 1 + i % 5})


# -- workers (module level: spawned processes import this module to find them) --------------

def _race(db: str, who: int, barrier, out) -> None:
    """Save three names per round, at the same moment as the other process: one name both
    save, and two that a slug used to map to one file, in an order that differs by process."""
    lib = Library(db)
    won = []
    for i in range(ROUNDS):
        names = [f"race{i}", f"race!{i}", f"race?{i}"]
        if who:
            names.reverse()
        barrier.wait(timeout=60)
        for name in names:
            try:
                lib.save(name, _scenario(who, i), description=str(who))
            except NameTaken:
                continue
            won.append(name)
    out.put((who, won))


def _saver(db: str, acks: str) -> None:
    """Save, overwrite and delete in a loop until killed; after each round returns, append
    its number to ``acks`` (one write of a whole line)."""
    lib = Library(db)
    fd = os.open(acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    i = 0
    while True:
        lib.save(f"k{i}", _scenario(0, i), description=str(i))
        lib.save("latest", _scenario(1, i), description=str(i), overwrite=True)
        if i % 3 == 2:
            lib.delete(f"k{i - 1}")
        os.write(fd, f"{i}\n".encode())
        i += 1


# -- tests ------------------------------------------------------------------------------------

def test_threads_saving_one_name_at_once(tmp_path):
    lib = Library(tmp_path)
    lib.save("warm", Scenario())                  # the schema exists before the race
    barrier = threading.Barrier(8)
    won: list[int] = []

    def save(who: int) -> None:
        barrier.wait(timeout=30)
        try:
            Library(tmp_path).save("same", _scenario(who, 0), description=str(who))
            won.append(who)
        except NameTaken:
            pass

    threads = [threading.Thread(target=save, args=(w,)) for w in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    assert len(won) == 1
    assert lib.entry("same").description["en"] == str(won[0])


def test_processes_saving_the_same_names_at_once(tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "old.yaml").write_text(to_yaml("Old", Scenario()), encoding="utf-8")
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_race, args=(str(folder), who, barrier, out)) for who in (0, 1)]
    for p in procs:
        p.start()
    try:
        results = dict(out.get(timeout=120) for _ in procs)
    finally:
        for p in procs:
            p.join(timeout=30)
            if p.is_alive():
                p.kill()
    assert [p.exitcode for p in procs] == [0, 0]
    names = [f"race{s}{i}" for i in range(ROUNDS) for s in ("", "!", "?")]
    won = results[0] + results[1]
    assert sorted(won) == sorted(names)                  # exactly one success per name
    lib = Library(folder)
    entries, problems = lib.entries()
    assert problems == []
    assert sorted(e.name for e in entries) == sorted(names + ["Old"])     # none lost or doubled
    winner = {name: who for who, got in results.items() for name in got}
    for e in entries:
        if e.name != "Old":
            who = winner[e.name]
            assert e.description["en"] == str(who), e.name                # the winner's save
            assert e.scenario.staff.packers == 2 + who
    assert len({e.name for e in entries}) == len(entries)
    rows = sqlite3.connect(lib.path).execute("SELECT count(*) FROM imports").fetchall()
    assert rows == [(1,)]                                 # both opened it first: one import


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_saver_loses_nothing_it_acknowledged(tmp_path):
    folder, acks = tmp_path / "lib", tmp_path / "acks.txt"
    ctx = mp.get_context("spawn")
    proc = ctx.Process(target=_saver, args=(str(folder), str(acks)))
    proc.start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.is_alive():
            if acks.exists() and acks.read_bytes().count(b"\n") >= 40:
                break
            time.sleep(0.01)
        assert proc.is_alive(), f"the saver stopped by itself ({proc.exitcode})"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.join(timeout=30)
    assert proc.exitcode == -signal.SIGKILL

    done = [int(line) for line in acks.read_text().splitlines() if line.strip()]
    assert done == list(range(len(done))) and len(done) >= 40
    last = done[-1]
    # only the database and its WAL files are left, and the database is sound
    assert {p.name for p in folder.iterdir()} <= DB_FILES and (folder / "library.db").is_file()
    con = sqlite3.connect(folder / "library.db")
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    lib = Library(folder)
    entries, problems = lib.entries()
    assert problems == []
    names = {e.name for e in entries}
    for i in done:
        deleted = i % 3 == 1 and i + 1 <= last           # round i+1 deleted k{i}
        assert (f"k{i}" in names) != deleted, i
        if not deleted:
            assert lib.entry(f"k{i}").description["en"] == str(i)
            assert lib.load(f"k{i}") == _scenario(0, i)
    latest = int(lib.entry("latest").description["en"])
    assert latest in (last, last + 1)                     # the acknowledged one, or the next
    assert names <= {f"k{i}" for i in range(last + 2)} | {"latest"}
