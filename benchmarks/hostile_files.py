"""How fast and how lean the loader refuses large hostile scenario files (``python
benchmarks/hostile_files.py``): each case just under the 1 MB file limit, parsed as an
upload or ``python -m simulation validate`` would. Prints the seconds and the peak Python
memory of each refusal, beside the targets (under 2 s and 200 MB). Measurements, not tests:
tests/unit/test_loader_limits.py checks that each is refused by the event scan before the
safe loader builds anything.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from simulation.loader import MAX_FILE_BYTES, ScenarioError, parse_document  # noqa: E402

TARGET_SECONDS = 2.0
TARGET_MB = 200.0


def _fit(text: str) -> str:
    """The text cut to just under the file-size limit (whole lines)."""
    data = text.encode()[: MAX_FILE_BYTES - 100]
    return data.decode(errors="ignore").rsplit("\n", 1)[0] + "\n"


def hostile_files() -> dict[str, str]:
    """Large hostile documents, each just under the file-size limit."""
    mb = MAX_FILE_BYTES
    return {
        "empty flow items": _fit("changes: [" + ", ".join(["{}"] * 400_000) + "]\n"),
        "a million numbers": _fit("changes: {a: [" + ",".join(["1"] * 500_000) + "]}\n"),
        "many keys": _fit("changes:\n" + "".join(f"  k{i}: 1\n" for i in range(120_000))),
        "one huge title": "title: '" + "x" * (mb - 100) + "'\n",
        "one huge escaped string": 'description: "' + "\\u4e2d" * ((mb - 100) // 6) + '"\n',
    }


def measure(name: str, text: str) -> tuple[float, float, str]:
    """(seconds, peak MB, the message) of refusing one document."""
    data = text.encode()
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        parse_document(data, name)
        message = "accepted"
    except ScenarioError as err:
        message = str(err).splitlines()[0]
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20, message


def main() -> int:
    print(f"Refusing large hostile files (each under {MAX_FILE_BYTES:,} bytes); targets: under "
          f"{TARGET_SECONDS:g} s and {TARGET_MB:g} MB")
    for name, text in hostile_files().items():
        seconds, mb, message = measure(name, text)
        ok = "met" if seconds < TARGET_SECONDS and mb < TARGET_MB else "MISSED"
        print(f"  {name:<26} {len(text.encode()):>9,} B  {seconds:6.3f} s  {mb:6.1f} MB  {ok}")
        print(f"    {message[:150]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
