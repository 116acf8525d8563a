"""A load test of one shared app server: ``python benchmarks/load.py`` (about 10 minutes).

Starts ``streamlit run app.py`` on a free loopback port with a throw-away library, then,
for N = 1, 4, 8 and 16 browser sessions (Debian's chromium through Playwright; nothing is
downloaded), each session changes a lever a few times (the monthly marketing budget, a new
value each time, so nothing comes from the cache) and the time from the change to the
updated KPI cards is taken (the page's address, its share link, carries the new scenario
and the app is idle again). Each N runs twice: alone, and while one
more session runs a 100-replication full set of the baseline as a background job. Prints,
per N and condition, the median and 95th-percentile time, the errors (a traceback on the
page, a time-out) and the server's memory (its processes' resident memory, workers
included); and the ratio of the preview time with the job to the time alone, against the
target of at most 2×.

Bounded: at most 16 sessions, 3 changes each, a time-out per change and one overall
(``--max-minutes``); loopback only. Measurements, not a test: the exit status is 0 unless
the server or the browser cannot start.

    python benchmarks/load.py                   # N = 1, 4, 8, 16
    python benchmarks/load.py --sessions 1 4    # a shorter run
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
MAX_SESSIONS = 16
CHANGES = 3                      # lever changes per session and condition
CHANGE_TIMEOUT_S = 300.0         # one lever change until the cards are updated
JOB_REPLICATIONS = 100
BUDGET_GROUP = "Marketing budget"          # the builder's group (an expander) holding it
BUDGET_LABEL = "Monthly marketing budget"
RUN_FULL_LABEL = f"Run the full set ({JOB_REPLICATIONS})"
TARGET_RATIO = 2.0               # preview with the job running / preview alone


# -- the server ------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{url}/_stcore/health", timeout=2) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


def start_server(workdir: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ESG_SIM_LIBRARY": str(workdir / "library")}
    python = ROOT / ".venv" / "bin" / "python"
    cmd = [str(python if python.exists() else sys.executable), "-m", "streamlit", "run",
           "app.py", "--server.port", str(port), "--server.address", "127.0.0.1",
           "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    log = open(workdir / "server.log", "wb")      # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while not _healthy(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_server(proc)
            sys.exit(f"the app server did not start; see {workdir / 'server.log'}")
        time.sleep(0.25)
    return proc, url


def stop_server(proc: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            pass


def server_memory_mb(pid: int) -> float:
    """Resident memory of the server process and every process below it (its workers)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        p = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0").strip() or 0), []).append(p)
        rss[p] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total / 1024.0


# -- the sessions ----------------------------------------------------------------------------

async def wait_idle(page, timeout_s: float) -> None:
    """The app is idle: connected, its script not running, nothing still loading."""
    from playwright.async_api import expect

    ms = timeout_s * 1000
    await page.wait_for_timeout(250)
    app = page.get_by_test_id("stApp")
    await expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=ms)
    await expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=ms)
    await expect(page.get_by_test_id("stStatusWidgetRunningIcon")).to_have_count(0, timeout=ms)
    await expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=ms)


async def open_builder(browser, url: str, path: str = "/builder?lang=en"):
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=url)
    page = await context.new_page()
    await page.goto(path, wait_until="domcontentloaded", timeout=120_000)
    await wait_idle(page, CHANGE_TIMEOUT_S)
    return context, page


async def change_levers(page, session: int, offset: int, times: list[float],
                        errors: list[str]) -> None:
    """Set the marketing budget to new values, one after the other, timing each."""
    await page.locator("summary", has_text=BUDGET_GROUP).first.click()
    box = page.locator(f"input[aria-label^=\"{BUDGET_LABEL}\"]").first
    await box.wait_for(state="visible", timeout=30_000)
    for k in range(CHANGES):
        value = 100_000 + 1_000 * (offset + session * CHANGES + k) + 7
        before = page.url
        t0 = time.perf_counter()
        try:
            await box.fill(str(value))
            await box.press("Enter")
            # the builder's address is its share link: it changes once the server has run
            # the page with the new value; then wait for the rest of the run (the cards)
            await page.wait_for_function("u => window.location.href !== u", arg=before,
                                         timeout=CHANGE_TIMEOUT_S * 1000)
            await wait_idle(page, CHANGE_TIMEOUT_S)
        except Exception as err:  # noqa: BLE001 - a time-out is a measured error
            errors.append(f"session {session}: {type(err).__name__}: {str(err)[:300]}")
            continue
        times.append(time.perf_counter() - t0)
        if await page.get_by_test_id("stException").count():
            errors.append(f"session {session}: a traceback on the page")


async def start_job(browser, url: str, seed: int):
    """One more session: the baseline with 100 replications under a seed of its own (so
    nothing comes from the store), its full set started. Returns (context, page)."""
    from simulation import Scenario
    from ui import share

    params = share.encode(Scenario(), seed, JOB_REPLICATIONS, "en")
    query = urlencode(params)
    context, page = await open_builder(browser, url, f"/builder?{query}")
    await page.get_by_role("button", name=RUN_FULL_LABEL).first.click()
    await page.get_by_role("button", name="Cancel").first.wait_for(timeout=60_000)
    return context, page


async def stop_job(context, page) -> None:
    """Cancel the job if it still runs (a job outlives its page), then close its page."""
    cancel = page.get_by_role("button", name="Cancel").first
    if await cancel.count():
        await cancel.click()
        await wait_idle(page, 60)
    await context.close()


async def one_round(browser, url: str, n: int, with_job: bool, offset: int) -> dict:
    opened = await asyncio.gather(*(open_builder(browser, url) for _ in range(n)))
    job = await start_job(browser, url, seed=1000 + offset) if with_job else None
    times: list[float] = []
    errors: list[str] = []
    await asyncio.gather(*(change_levers(page, i, offset, times, errors)
                           for i, (_c, page) in enumerate(opened)))
    for context, _page in opened:
        await context.close()
    if job is not None:
        await stop_job(*job)
    return {"n": n, "job": with_job, "times": times, "errors": errors}


def _p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


async def main_async(sessions: list[int], max_minutes: float) -> int:
    from playwright.async_api import async_playwright

    if not os.access(CHROMIUM, os.X_OK):
        sys.exit(f"no browser at {CHROMIUM} (make sysdeps installs Debian's chromium)")
    deadline = time.monotonic() + max_minutes * 60
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_server(Path(tmp))
        try:
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=CHROMIUM,
                                                   args=CHROMIUM_ARGS, headless=True)
                print(f"Load test of one app server ({os.cpu_count()} cores); each session "
                      f"changes a lever {CHANGES} times")
                print(f"  {'sessions':>8} {'job':>4} {'median s':>9} {'p95 s':>7} "
                      f"{'changes':>8} {'errors':>7} {'server MB':>10}")
                alone: dict[int, float] = {}
                offset = 0
                for n in sessions:
                    for with_job in (False, True):
                        if time.monotonic() > deadline:
                            print("  (stopped: --max-minutes reached)")
                            return 0
                        r = await one_round(browser, url, n, with_job, offset)
                        offset += n * CHANGES
                        med = statistics.median(r["times"]) if r["times"] else float("nan")
                        if not with_job:
                            alone[n] = med
                        print(f"  {n:>8} {'yes' if with_job else 'no':>4} {med:>9.2f} "
                              f"{_p95(r['times']):>7.2f} {len(r['times']):>8} "
                              f"{len(r['errors']):>7} {server_memory_mb(proc.pid):>10.0f}")
                        for e in r["errors"][:5]:
                            print(f"      {e}")
                        if with_job and alone.get(n):
                            ratio = med / alone[n]
                            verdict = "met" if ratio <= TARGET_RATIO else "missed"
                            print(f"  {'':>8} preview with the job / alone: {ratio:.2f}×  "
                                  f"target ≤ {TARGET_RATIO:g}×  {verdict}")
                await browser.close()
        finally:
            stop_server(proc)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, nargs="+", default=[1, 4, 8, 16],
                    help="numbers of sessions to try (each at most 16)")
    ap.add_argument("--max-minutes", type=float, default=30.0,
                    help="stop starting new rounds after this long")
    args = ap.parse_args(argv)
    if any(not 1 <= n <= MAX_SESSIONS for n in args.sessions):
        ap.error(f"--sessions: each between 1 and {MAX_SESSIONS}")
    return asyncio.run(main_async(args.sessions, args.max_minutes))


if __name__ == "__main__":
    raise SystemExit(main())
