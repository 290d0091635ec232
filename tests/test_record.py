"""`make record` is atomic: a recording that fails leaves tests/recorded/cassettes byte for byte as it was, and no
half-written folder beside it (scripts/record.sh records into a new folder and swaps it in only on success)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from .scratch_repo import run, scratch_repo


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_a_failed_recording_leaves_the_cassettes_as_they_were(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = scratch_repo(tmp_path / "repo")
    cassettes = repo / "tests" / "recorded" / "cassettes"
    before = fingerprint(cassettes)
    assert len(before) > 50
    # An emulator that is not there: the first case fails to connect, and the recording stops.
    monkeypatch.setenv("SENDMUX_RECORD_EMULATOR_URL", "http://127.0.0.1:9/api/v1")
    done = run(repo, "scripts/record.sh", "-x", "-k", "createWebhook-201", check=False)
    assert done.returncode != 0, done.stdout
    assert "failed" in done.stdout
    assert fingerprint(cassettes) == before
    assert sorted(p.name for p in (repo / "tests" / "recorded").iterdir() if p.name.startswith(".")) == []
