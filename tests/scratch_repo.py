"""A scratch copy of this repository, as a maintainer's fresh clone would be, for the tests that run make in it.

The copy holds the working tree's tracked and untracked (not ignored) files, committed in a new git repository
with no tags, so `git status` afterwards shows exactly what the targets changed. `.tools` (uv) is linked and the
spec differ's node_modules copied, so no network is needed. Its `.venv` is the prepared one of this checkout,
hard-linked file by file (no `uv sync` per copy), with the few files that name this checkout (the editable
install's paths, the scripts' `#!` lines) written anew for the copy; `make setup` then finds it up to date, and
a target that changes pyproject.toml or uv.lock re-syncs it as in any clone. A file is never changed in place, so
the links leave this checkout's `.venv` as it was.
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
    """A committed copy of the working tree at ``dest``, with its own `.venv` (see `prepared_venv`)."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    dest.mkdir(parents=True)
    for name in filter(None, listed.decode().split("\0")):
        if name == ".tools":
            continue  # a scratch copy's own link (`.tools/` ignores only a folder), linked again below
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
    prepared_venv(dest)
    run(dest, "git", "init", "-q", "-b", "main")
    run(dest, "git", "add", "-A")
    run(dest, *_GIT, "commit", "-q", "-m", "scratch copy")
    return dest


def prepared_venv(dest: Path) -> None:
    """This checkout's `.venv` as ``dest/.venv``: hard links, and new files where a path names this checkout."""
    outer, venv = ROOT / ".venv", dest / ".venv"
    subprocess.run(["cp", "-al", str(outer), str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    naming = [path for path in (venv / "bin").iterdir() if path.is_file() and not path.is_symlink()]
    naming += [site / "_sendmux.pth", *site.glob("sendmux-*.dist-info/direct_url.json")]
    for path in naming:
        data = path.read_bytes()
        if bytes(ROOT) in data:
            fresh = path.with_name(path.name + ".scratch")
            fresh.write_bytes(data.replace(bytes(ROOT), bytes(dest)))
            shutil.copymode(path, fresh)
            fresh.replace(path)  # a new file in the link's place: this checkout's copy keeps its text
    (venv / ".synced").touch()  # newer than the copied pyproject.toml and uv.lock: `make setup` has nothing to do


def changed_paths(repo: Path) -> list[str]:
    """What `git status` lists as changed or new (directories expanded), relative to the repository."""
    status = run(repo, "git", "status", "--porcelain", "--untracked-files=all").stdout
    return sorted(line[3:].split(" -> ")[-1] for line in status.splitlines())
