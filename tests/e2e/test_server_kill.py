"""The server killed with -9 in the middle of saves and of a background job: restarted on
the same library, it still holds every save the app acknowledged ("Saved …" on the page),
the database is intact, the folder holds nothing but the database, and the workspace
reopens in the browser with its entries.

A server of its own (not the session's ``app_url``): this test kills it.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import (SERVER_START_TIMEOUT_S, _free_port, _health_ok, _start_server, _stop,
                      goto, wait_for_app)
from playwright.sync_api import expect

from simulation import Scenario
from ui import library as lib
from ui import share

pytestmark = pytest.mark.slow

SAVES_BEFORE_KILL = 4


def _serve(env: dict[str, str], log: Path):
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = _start_server(port, env, log)
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while not _health_ok(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            _stop(proc)
            pytest.fail(f"the app server did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.25)
    return proc, url


def _open_file_panel(page) -> None:
    """The builder's file panel (it closes after a save)."""
    if not page.get_by_label("Name to save as").is_visible():
        page.get_by_text("Scenario files, library and sharing").click()


def _save(page, name: str) -> None:
    _open_file_panel(page)
    page.get_by_label("Name to save as").fill(name)
    page.get_by_role("button", name="Save to library", exact=True).click()


def test_kill_9_during_saves_and_a_job_loses_no_acknowledged_save(chromium, tmp_path):
    import os

    db = tmp_path / "lib" / "library.db"
    db.parent.mkdir()
    env = {**os.environ, "ESG_SIM_LIBRARY": str(db)}
    token = lib.new_workspace()
    proc, url = _serve(env, tmp_path / "server1.log")
    acknowledged: list[str] = []
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, base_url=url)
    context.set_default_timeout(60_000)
    try:
        # a background job in another session: 100 replications of the full set
        job = context.new_page()
        params = {**share.encode(Scenario(), 1, 100, "en"), "ws": lib.new_workspace()}
        goto(job, f"/builder?{urlencode(params)}")
        job.get_by_role("button", name="Run the full set (100)").first.click()
        expect(job.get_by_role("button", name="Cancel")).to_be_visible(timeout=60_000)

        page = context.new_page()
        goto(page, f"/builder?lang=en&ws={token}")
        for i in range(SAVES_BEFORE_KILL):
            name = f"stress {i}"
            _save(page, name)
            expect(page.get_by_text(f"Saved “{name}”.")).to_be_visible(timeout=120_000)
            acknowledged.append(name)
            wait_for_app(page)
        # the next save is in flight when the server dies
        killer = threading.Timer(0.3, lambda: _stop_hard(proc))
        _save(page, f"stress {SAVES_BEFORE_KILL}")
        killer.start()
        killer.join()
    finally:
        context.close()
        _stop_hard(proc)

    # the folder holds the database and SQLite's own files, nothing else
    assert {p.name for p in db.parent.iterdir()} <= {"library.db", "library.db-wal",
                                                      "library.db-shm"}
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # restarted on the same library: every acknowledged save is there
    proc, url = _serve(env, tmp_path / "server2.log")
    try:
        names = {e.name for e in lib.Library(db, workspace=token).entries()[0]}
        assert set(acknowledged) <= names, f"lost: {set(acknowledged) - names}"
        context = chromium.new_context(viewport={"width": 1400, "height": 1000}, base_url=url)
        context.set_default_timeout(60_000)
        try:
            page = context.new_page()
            goto(page, f"/builder?lang=en&ws={token}")
            _open_file_panel(page)
            wait_for_app(page)
            expect(page.get_by_test_id("stException")).to_have_count(0)
            box = page.get_by_test_id("stSelectbox").filter(has_text="My scenario library").first
            box.click()
            for name in acknowledged:
                expect(page.get_by_role("option", name=name)).to_have_count(1)
        finally:
            context.close()
    finally:
        _stop(proc)


def _stop_hard(proc) -> None:
    """kill -9 the server's whole process group (its worker processes too)."""
    import os
    import signal

    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)
