"""``make typecheck``: mypy --strict over every package as source, the way the wheel lays them out.

``sendmux`` is written in two folders, overlays/sendmux (handwritten) and generated/sendmux (``make generate``).
mypy finds a package in one folder only, so it would read ``overlays/sendmux`` as source and reach the generated
modules (``sendmux._resources``, ``sendmux._decoders``, ``sendmux.models``) through the installed package, where it
reports nothing. This script joins both folders into one ``sendmux`` of symlinks under ``.typecheck/``, puts it
first on mypy's path, runs mypy with the project's settings (pyproject.toml) and names each file in its messages
by its real place in the repository.

    python scripts/typecheck.py [--root DIR] [MYPY_ARGS...]   # default: mypy's own package list, then the examples
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

PARTS = ("overlays/sendmux", "generated/sendmux")
EXAMPLES = ("examples/quickstart.py", "examples/receiver.py")


def join_package(root: Path, tree: Path) -> dict[str, str]:
    """Symlink every file of both halves of ``sendmux`` into ``tree/sendmux``; return joined path -> real path.
    A file in both halves is an error: the wheel could hold only one of them."""
    if tree.exists():
        shutil.rmtree(tree)
    places: dict[str, str] = {}
    for part in PARTS:
        source = root / part
        for path in sorted(source.rglob("*.py*")):
            if "__pycache__" in path.parts:
                continue
            joined = tree / "sendmux" / path.relative_to(source)
            if joined.exists():
                raise SystemExit(f"{part}/{path.relative_to(source)} is in both halves of sendmux")
            joined.parent.mkdir(parents=True, exist_ok=True)
            joined.symlink_to(path)
            places[str(joined.relative_to(root))] = str(path.relative_to(root))
    return places


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    args, mypy_args = parser.parse_known_args(argv)
    root = args.root.resolve()
    tree = root / ".typecheck" / "src"
    places = join_package(root, tree)
    env = {**os.environ, "MYPYPATH": str(tree.relative_to(root))}
    mypy = [sys.executable, "-m", "mypy", "--config-file", str(root / "pyproject.toml")]
    runs = [mypy_args] if mypy_args else [[], list(EXAMPLES)]
    status = 0
    for extra in runs:
        done = subprocess.run([*mypy, *extra], cwd=root, env=env, capture_output=True, text=True, check=False)
        for line in (done.stdout + done.stderr).splitlines():
            path, colon, rest = line.partition(":")
            print(f"{places.get(path, path)}{colon}{rest}")
        status = status or done.returncode
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
