"""griffe's breaking changes in ``sendmux_client`` and ``sendmux`` between two versions of the tree.

    python tools/specdiff/python_breaks.py OLD_ROOT NEW_ROOT

Each root holds ``generated/`` and ``overlays/`` as a checkout does. ``sendmux`` is written in two folders
(overlays/sendmux and generated/sendmux); griffe reads one package from one folder, so each side is first laid
out as the wheel lays it out, both folders merged. Prints one line per break; always exits 0 (it informs).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import griffe

PACKAGES = ("sendmux_client", "sendmux")


def wheel_layout(generated: Path, overlays: Path, dest: Path) -> Path:
    """``dest`` holding ``sendmux_client`` and ``sendmux`` as the wheel holds them; returns ``dest``."""
    ignore = shutil.ignore_patterns("__pycache__")
    if (generated / "sendmux_client").is_dir():
        shutil.copytree(generated / "sendmux_client", dest / "sendmux_client", ignore=ignore)
    for part in (overlays / "sendmux", generated / "sendmux"):
        if part.is_dir():
            shutil.copytree(part, dest / "sendmux", ignore=ignore, dirs_exist_ok=True)
    return dest


def breaks(old: Path, new: Path, package: str) -> list[str] | None:
    """One line per break in ``package`` from the layout ``old`` to ``new``; ``None`` if ``old`` lacks it."""
    if not (old / package / "__init__.py").is_file():
        return None
    before, after = (
        griffe.load(package, search_paths=[str(root)], try_relative_path=False, resolve_aliases=False)
        for root in (old, new)
    )
    assert isinstance(before, griffe.Module) and isinstance(after, griffe.Module)
    return [f"{b.obj.path}: {b.kind.value}" for b in griffe.find_breaking_changes(before, after)]


def main(argv: list[str]) -> int:
    old_root, new_root = (Path(arg) for arg in argv)
    with tempfile.TemporaryDirectory() as scratch:
        old = wheel_layout(old_root / "generated", old_root / "overlays", Path(scratch, "old"))
        new = wheel_layout(new_root / "generated", new_root / "overlays", Path(scratch, "new"))
        for package in PACKAGES:
            found = breaks(old, new, package)
            if found is None:
                print(f"  {package}: not in the base, nothing to compare")
            elif not found:
                print(f"  {package}: no breaking change")
            else:
                print(f"  {package}:")
                for line in found:
                    print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
