"""`make typecheck` checks the generated code as source: both halves of `sendmux` joined the way the wheel joins
them (scripts/typecheck.py), so an error in a generated module fails it, and the kitchen-sink rehearsal's
generated code is mypy --strict clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cached_mypy import cache_dir
from tests.specdiff.conftest import ROOT

pytestmark = pytest.mark.slow  # each runs mypy on a copy of the project


def scratch(tmp_path: Path, generated: Path) -> Path:
    """A project root holding what the typecheck reads, with ``generated`` as its generated/."""
    root = tmp_path / "project"
    (root / "scripts").mkdir(parents=True)
    shutil.copyfile(ROOT / "pyproject.toml", root / "pyproject.toml")
    shutil.copyfile(ROOT / "scripts" / "typecheck.py", root / "scripts" / "typecheck.py")
    ignore = shutil.ignore_patterns("__pycache__")
    for folder in ("overlays", "emulator", "spec"):
        shutil.copytree(ROOT / folder, root / folder, ignore=ignore)
    shutil.copytree(generated, root / "generated", ignore=ignore)
    return root


def typecheck(root: Path) -> subprocess.CompletedProcess[str]:
    """scripts/typecheck.py on ``root``, with the tests' mypy cache (tests/cached_mypy.py)."""
    command = [sys.executable, str(root / "scripts" / "typecheck.py"), "--root", str(root), "-p", "sendmux"]
    command += ["-p", "sendmux_client", "--cache-dir", str(cache_dir())]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=root)


@pytest.mark.parametrize("module", ["_resources/webhooks.py", "_decoders.py"])
def test_a_planted_error_in_a_generated_module_fails_the_typecheck(tmp_path: Path, module: str) -> None:
    root = scratch(tmp_path, ROOT / "generated")
    target = root / "generated" / "sendmux" / module
    lines = target.read_text(encoding="utf-8").count("\n")
    with target.open("a", encoding="utf-8") as handle:
        handle.write('planted: int = "not an int"\n')
    done = typecheck(root)
    assert done.returncode == 1, done.stdout + done.stderr
    # named by its place in the repository, not by the joined tree mypy read
    assert f"generated/sendmux/{module}:{lines + 1}: error: Incompatible types in assignment" in done.stdout
    assert "Found 1 error in 1 file" in done.stdout


def test_the_kitchen_sink_generates_strict_clean_code(tmp_path: Path, kitchen_sink: Path) -> None:
    done = typecheck(scratch(tmp_path, kitchen_sink))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout
