"""`make upstream-bench`: how long `make upstream-diff` takes on a full-size vendor document.

Builds the vendor-style rehearsal of openapi.yaml (tools/upstream/vendor_style.py: ~400 KB of JSON, ~100
operations, the size of Sendmux's Management API document), writes it as JSON and as YAML, and times the
upstream-diff command on each, end to end (a fresh Python process, as `make upstream-diff` runs it).
Prints the times and a verdict against the 10 s target; the exit status is 1 if a median misses it.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sendmux_spec import write_yaml
from tools.upstream import vendor_style

TARGET_SECONDS = 10.0
ROUNDS = 5


def timed(document: Path) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tools.upstream.upstreamdiff", str(document)], capture_output=True, check=False
    )
    return time.perf_counter() - started, done.returncode


def main() -> int:
    spec = vendor_style.document()
    operations = sum(1 for item in spec["paths"].values() for key in item if key in vendor_style.HTTP_METHODS)
    missed = False
    with tempfile.TemporaryDirectory() as scratch:
        files = {"JSON": Path(scratch) / "vendor.json", "YAML": Path(scratch) / "vendor.yaml"}
        files["JSON"].write_text(json.dumps(spec, indent=2), encoding="utf-8")
        files["YAML"].write_text(write_yaml(spec), encoding="utf-8")
        print(f"vendor-style document: {operations} operations")
        for kind, path in files.items():
            runs = [timed(path) for _ in range(ROUNDS)]
            seconds = [elapsed for elapsed, _ in runs]
            codes = {code for _, code in runs}
            median = statistics.median(seconds)
            verdict = "OK" if median < TARGET_SECONDS else "TOO SLOW"
            missed |= median >= TARGET_SECONDS
            print(
                f"  {kind}: {path.stat().st_size / 1024:6.0f} KB  median {median:5.2f} s  "
                f"(min {min(seconds):.2f}, max {max(seconds):.2f}, {ROUNDS} runs, exit {sorted(codes)})  "
                f"target < {TARGET_SECONDS:.0f} s: {verdict}"
            )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
