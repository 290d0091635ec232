"""A scratch copy of this repository, as a maintainer's fresh clone would be, for the tests that run make in it.

The copy holds the working tree's tracked and untracked (not ignored) files, committed in a new git repository
with no tags, so `git status` afterwards shows exactly what the targets changed. `.tools` (uv) is linked and the
spec differ's node_modules copied, so no network is needed; `make setup` then builds the copy's own `.venv`
from uv's cache (a few seconds), its editable install pointing at the copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_GIT = ["git", "-c", "user.name=scratch", "-c", "user.email=scratch@example.invalid", "-c", "commit.gpgsign=false"]


def run(repo: Path, *command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in ``repo`` with make's and the outer virtualenv's variables removed."""
    drop = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "VIRTUAL_ENV", "SENDMUX_API_KEY", "SENDMUX_BASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("PYTEST_")}
    done = subprocess.run(list(command), cwd=repo, env=env, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def scratch_repo(dest: Path) -> Path:
    """A committed copy of the working tree at ``dest``, with its own `.venv`."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    dest.mkdir(parents=True)
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the working tree, not yet committed
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, target)
    (dest / ".tools").symlink_to(ROOT / ".tools")
    node_modules = ROOT / "tools" / "specdiff" / "node_modules"
    shutil.copytree(node_modules, dest / "tools" / "specdiff" / "node_modules", symlinks=True)
    (dest / "tools" / "specdiff" / "node_modules" / ".package-lock.json").touch()  # newer than package.json
    run(dest, "git", "init", "-q", "-b", "main")
    run(dest, "git", "add", "-A")
    run(dest, *_GIT, "commit", "-q", "-m", "scratch copy")
    run(dest, "make", "--no-print-directory", "setup")
    return dest


def changed_paths(repo: Path) -> list[str]:
    """What `git status` lists as changed or new (directories expanded), relative to the repository."""
    status = run(repo, "git", "status", "--porcelain", "--untracked-files=all").stdout
    return sorted(line[3:].split(" -> ")[-1] for line in status.splitlines())
