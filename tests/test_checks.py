"""The checks `make test` runs, each the make target a maintainer runs by hand (Makefile's CHECKS): spec lint,
generated code up to date, no breaking change since the last release, ruff, mypy. As tests they share the xdist
workers with the rest of the suite instead of running before it, and each must show that it looked at something."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.cached_mypy import cache_dir

ROOT = Path(__file__).resolve().parents[1]
CHECKS = re.search(r"^CHECKS := (.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
assert CHECKS is not None, "Makefile has no CHECKS list"

# What each prints when it has checked something: a check that read nothing cannot pass.
SEEN = {
    "lint-spec": "openapi.yaml: OK",
    "check-generated": "generated/ is up to date",
    "diff-check": "No breaking change.",
    "lint": "All checks passed!",
    "typecheck": "Success: no issues found in",
}


def test_every_check_says_what_it_saw() -> None:
    assert set(CHECKS.group(1).split()) == set(SEEN)


@pytest.mark.slow(minutes=0.5)
@pytest.mark.parametrize("check", CHECKS.group(1).split())
def test_check(check: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env["MYPY_CACHE_DIR"] = str(cache_dir())  # typecheck: the worker's cache, warm for its later mypy runs
    done = subprocess.run(
        ["make", "--no-print-directory", check], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"make {check} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    assert SEEN[check] in done.stdout, done.stdout
