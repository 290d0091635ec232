"""Results a test run makes once for all its xdist workers: a regenerated tree, Spectral's findings.

The workers share the run's temporary folder (the parent of each worker's own). The first worker that needs a
result makes it in a folder there while the others wait on its lock; then every worker uses what it made. A failed
make is not marked done, so the next worker to ask makes it again (and, as a rule, fails the same way). Without
xdist the folder is the run's own.
"""

from __future__ import annotations

import fcntl
from collections.abc import Callable
from pathlib import Path

import pytest


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """The folder ``name`` in the run's shared temporary folder, filled by ``make(folder)`` the first time any
    worker asks for it."""
    base = tmp_path_factory.getbasetemp()
    # an xdist worker's own folder is <the run's>/popen-gwN; the variable alone would also hold in a nested run
    shared = base.parent if base.name.startswith("popen-gw") else base
    folder = shared / name
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        done = shared / f"{name}.done"
        if not done.exists():
            make(folder)
            done.touch()
    return folder
