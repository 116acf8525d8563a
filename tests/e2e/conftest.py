"""Browser tests: the real app under `streamlit run`, driven by Debian's chromium (Playwright).

Fixtures
    app_url       (session) base URL of a private app server, e.g. "http://127.0.0.1:40123"
    chromium      (session) one headless Debian chromium for the whole run
    browser_page  a fresh page (own context, 1400x1000, relative URLs resolve against
                  app_url); on a failure its screenshot is saved as failure.png in tmp_path

Helpers (import them: ``from conftest import goto, wait_for_app``)
    goto(page, url_path="/")     open a page of the app and wait until its script has run
    wait_for_app(page)           wait until Streamlit is idle again, e.g. after moving a widget
    screenshot(page, path)       a full-page PNG, once the app is idle

The browser is Debian's /usr/bin/chromium, installed by `make sysdeps` (never by
`playwright install`). Without it the tests skip with the reason, except on CI (CI set), where
they fail; on CI a missing Chinese font fails them too (screenshots would show boxes).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_PATH = "/usr/bin/chromium"
# headless, no GPU, and none of chromium's own background traffic (there is no network
# here but the app's port: without these it keeps trying to reach its update and sync
# services)
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}

SERVER_START_TIMEOUT_S = 60
SERVER_STOP_TIMEOUT_S = 10
# the first run of a page simulates its scenarios (cached afterwards): allow for a slow machine
APP_RUN_TIMEOUT_MS = 120_000
ACTION_TIMEOUT_MS = 30_000          # any single Playwright action or assertion
NAVIGATION_TIMEOUT_MS = 60_000


def _on_ci() -> bool:
    return bool(os.environ.get("CI"))


def _missing(reason: str) -> None:
    """Skip locally, fail on CI: CI must not pass by skipping the browser tests."""
    reason += " (run `make sysdeps`)"
    if _on_ci():
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _has_chinese_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    try:
        out = subprocess.run([fc_list, ":lang=zh"], capture_output=True, text=True,
                             timeout=30, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return bool(out.strip())


# ------------------------------------------------------------------------------ app server

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _health_ok(url: str) -> bool:
    # no proxy for the loopback address, whatever the environment says
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.read().strip() == b"ok"
    except OSError:
        return False


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM the server's process group, then SIGKILL it if it has not gone in time (only
    while the server is not yet reaped: its group id is ours until then)."""
    for sig, wait_s in ((signal.SIGTERM, SERVER_STOP_TIMEOUT_S), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            break
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=wait_s)


def _start_server(port: int, env: dict[str, str], log_path: Path) -> subprocess.Popen:
    cmd = [str(REPO_ROOT / ".venv" / "bin" / "python"), "-m", "streamlit", "run", "app.py",
           "--server.port", str(port), "--server.headless", "true",
           "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           # no file watcher: no "source changed" prompt in the status widget, no reruns
           "--server.fileWatcherType", "none"]
    if not Path(cmd[0]).exists():          # .venv made some other way: this interpreter
        cmd[0] = sys.executable
    with open(log_path, "wb") as log:   # a file, not a pipe: a full pipe would block it
        return subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start app.py on a free local port with a throw-away scenario library; stop it (the
    whole process group) at the end of the session, whatever happened."""
    workdir = tmp_path_factory.mktemp("streamlit")
    library = workdir / "library"
    library.mkdir()
    env = {**os.environ, "ESG_SIM_LIBRARY": str(library)}
    log_path = workdir / "server.log"

    for _attempt in range(3):    # another process may take the free port before streamlit
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        proc = _start_server(port, env, log_path)
        try:
            deadline = time.monotonic() + SERVER_START_TIMEOUT_S
            while not _health_ok(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    break
                time.sleep(0.25)
            else:
                yield url
                return
            code = proc.poll()      # None: still running, but not answering
        finally:
            _stop(proc)
        log = log_path.read_text(errors="replace")
        if code is not None and ("not available" in log or "already in use" in log):
            continue
        what = (f"exited with code {code}" if code is not None
                else f"did not answer {url}/_stcore/health within {SERVER_START_TIMEOUT_S} s")
        pytest.fail(f"streamlit {what}; its output ({log_path}):\n{log[-5000:]}",
                    pytrace=False)
    pytest.fail(f"streamlit found no free port in 3 tries; last output:\n{log[-5000:]}",
                pytrace=False)


# ------------------------------------------------------------------------------ browser

@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's chromium, headless, for the whole session."""
    if not os.access(CHROMIUM_PATH, os.X_OK):
        _missing(f"no browser: {CHROMIUM_PATH} is not installed")
    if not _has_chinese_font():
        if _on_ci():
            _missing("no Chinese font (fc-list :lang=zh finds none)")
        warnings.warn("no Chinese font installed: screenshots will show boxes for Chinese "
                      "text (run `make sysdeps`)", stacklevel=1)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS,
                                     headless=True, timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the test item, so browser_page knows if the test failed."""
    report = yield
    setattr(item, f"_report_{report.when}", report)
    return report


@pytest.fixture
def browser_page(chromium: Browser, app_url: str, request: pytest.FixtureRequest,
                 tmp_path: Path) -> Iterator[Page]:
    """A fresh page in its own browser context (no cookies or session state from other
    tests). ``page.goto("/")`` and ``goto(page, "/...")`` resolve against app_url. Every
    action times out (ACTION_TIMEOUT_MS); a failed test leaves tmp_path/failure.png."""
    context = chromium.new_context(viewport=VIEWPORT, base_url=app_url)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    try:
        page = context.new_page()
        yield page
        report = getattr(request.node, "_report_call", None)
        if report is not None and report.failed:
            shot = tmp_path / "failure.png"
            with contextlib.suppress(Exception):
                page.screenshot(path=shot, full_page=True, timeout=10_000)
                print(f"screenshot of the failed page: {shot}")
    finally:
        context.close()


# ------------------------------------------------------------------------------ helpers

def wait_for_app(page: Page, timeout_ms: int = APP_RUN_TIMEOUT_MS,
                 initial_wait_ms: int = 250) -> None:
    """Wait until Streamlit is idle: connected, the script not running, no "Running..." in
    the status widget, no element still a skeleton. Call it after anything that makes the
    script rerun (a widget moved, a page opened). ``initial_wait_ms`` first gives a rerun
    just triggered time to start: until the server answers, the page still looks idle."""
    deadline = time.monotonic() + timeout_ms / 1000

    def left() -> float:
        return max(1.0, (deadline - time.monotonic()) * 1000)

    if initial_wait_ms > 0:
        page.wait_for_timeout(initial_wait_ms)
    app = page.get_by_test_id("stApp")
    # stApp carries the websocket's and the script's state as attributes
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=left())
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=left())
    # the "Running..." icon of the status widget at the top right
    expect(page.get_by_test_id("stStatusWidgetRunningIcon")).to_have_count(0, timeout=left())
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=left())


def goto(page: Page, url_path: str = "/", timeout_ms: int = APP_RUN_TIMEOUT_MS) -> None:
    """Open ``url_path`` of the app (e.g. "/" or a page's URL path) and wait until its
    script has run to the end."""
    deadline = time.monotonic() + timeout_ms / 1000
    page.goto(url_path, wait_until="domcontentloaded",
              timeout=min(NAVIGATION_TIMEOUT_MS, timeout_ms))
    page.get_by_test_id("stAppViewContainer").wait_for(
        state="attached", timeout=max(1.0, (deadline - time.monotonic()) * 1000))
    wait_for_app(page, timeout_ms=max(1, int((deadline - time.monotonic()) * 1000)))


def screenshot(page: Page, path: Path | str, full_page: bool = True) -> Path:
    """Save a PNG of the page once the app is idle (animations stopped); returns the path."""
    wait_for_app(page, initial_wait_ms=0)
    path = Path(path)
    page.screenshot(path=path, full_page=full_page, animations="disabled")
    return path
