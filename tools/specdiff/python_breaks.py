"""griffe's breaking changes in ``sendmux_client`` and ``sendmux`` between two versions of the tree.

    python -m tools.specdiff.python_breaks OLD_ROOT NEW_ROOT

Each root holds ``generated/`` and ``overlays/`` as a checkout does. ``sendmux`` is written in two folders
(overlays/sendmux and generated/sendmux); griffe reads one package from one folder, so each side is first laid
out as the wheel lays it out, both folders merged. Prints one line per break; always exits 0 (it informs).

griffe's own check (``find_breaking_changes``) names removed objects and changed parameters, but skips private
modules and does not compare return annotations yet (griffe 2.4). A user meets both: ``client.webhooks.delete``
is a method of a public class in ``sendmux._resources``. So every public method or function of both versions
is also compared by its return annotation, and a change is named in griffe's words
(``ReturnChangedTypeBreakage``: "Return types are incompatible").
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
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
    found = [f"{b.obj.path}: {b.kind.value}" for b in griffe.find_breaking_changes(before, after)]
    return list(dict.fromkeys(found + returns_changed(before, after)))


def _functions(obj: griffe.Object) -> Iterator[griffe.Function]:
    """Every function and method under ``obj`` whose own name is public, private modules included."""
    for member in obj.members.values():
        if member.is_alias or (member.name.startswith("_") and not member.is_module):
            continue  # an import, or a private name a user never calls
        if isinstance(member, griffe.Function):
            yield member
        elif isinstance(member, griffe.Module | griffe.Class):
            yield from _functions(member)


def returns_changed(before: griffe.Module, after: griffe.Module) -> list[str]:
    """One line per public function or method of both versions whose return annotation changed."""
    old = {function.path: function for function in _functions(before)}
    found = []
    for function in _functions(after):
        was = old.get(function.path)
        if was is None or was.returns is None or str(was.returns) == str(function.returns):
            continue
        breakage = griffe.ReturnChangedTypeBreakage(function, was.returns, function.returns)
        found.append(f"{function.path}: {breakage.kind.value}: {was.returns} -> {function.returns}")
    return found


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
