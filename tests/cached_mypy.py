"""The one way the tests run mypy: incremental, with a cache per pytest worker shared by all its runs.

Each run used to start cold (``--no-incremental``, 3.5-9 s), reading typeshed, httpx and attrs again; with the
cache a worker reads them once and later runs check only what differs (a regenerated tree, a snippet). mypy
compares each module's path and hash with its cache, so a tree seen before under another path is checked again.
Workers never share a cache folder, so no two mypy processes write one at the same time. `make typecheck`, run as
a check (tests/test_checks.py), uses this cache too (``MYPY_CACHE_DIR``), so the worker's later runs find the
packages it read.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cache_dir() -> Path:
    """This worker's mypy cache (``.mypy_cache/tests-gw0``, ``tests-main`` without xdist)."""
    return ROOT / ".mypy_cache" / f"tests-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def mypy(*args: str, cwd: Path, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m mypy ARGS`` in ``cwd`` with this worker's cache."""
    command = [sys.executable, "-m", "mypy", "--cache-dir", str(cache_dir()), *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600)


def strict(tree: Path, folder: Path, code: str) -> subprocess.CompletedProcess[str]:
    """mypy --strict, without the project's settings, on ``code`` written into ``folder``, with ``tree`` (what
    `make generate` writes for some spec) and the repository's overlays/ on its path, in that order."""
    snippet = folder / "uses_the_generated_client.py"
    snippet.write_text(code, encoding="utf-8")
    env = {"MYPYPATH": f"{tree}:{ROOT / 'overlays'}", "PATH": "/usr/bin:/bin"}
    return mypy("--strict", "--config-file", "/dev/null", str(snippet), env=env, cwd=folder)
