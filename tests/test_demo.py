"""`make demo`, the README's first command, runs the whole story on the local emulator and exits 0."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_make_demo_runs_every_step() -> None:
    done = subprocess.run(
        ["make", "-s", "demo"], cwd=ROOT, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL
    )
    out = done.stdout
    assert done.returncode == 0, f"make demo failed:\n{out}\n{done.stderr}"
    for number in range(1, 9):
        assert f"\n[{number}] " in out, f"step {number} missing from the transcript:\n{out}"
    created = re.search(r"created (whk_\w+)", out)
    assert created, out
    assert f"returned the same webhook {created.group(1)}" in out
    assert "receiver verified the signature" in out
    assert "receiver rejected it: no matching signature" in out
    assert "with the new secret" in out
    assert "getting it now raises NotFoundError" in out
    assert "All steps passed." in out
    assert "emulator stopped" in out
