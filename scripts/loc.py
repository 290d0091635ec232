"""Count the handwritten lines of the ``sendmux`` package (non-blank, non-comment) and hold the overlay's budget.

The overlay is ``overlays/sendmux/*.py``: what every operation shares (settings, I/O, the call core, retries,
errors, pagination, verification). Toolkits built on it live in their own subpackages of ``overlays/sendmux``
and are counted apart, each on its own line, as the layout map in CONTRIBUTING.md lists them.

Usage: ``python scripts/loc.py`` prints the counts and exits 1 when the overlay is over budget.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OVERLAY = ROOT / "overlays" / "sendmux"
BUDGET = 1315  # 1,300, plus the refusal of a plain-http base URL beyond loopback (allow_insecure_http)
_CODE = re.compile(r"^\s*(?!#)\S")


def lines(path: Path) -> int:
    """Non-blank lines that are not only a comment."""
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if _CODE.match(line))


def counts() -> dict[str, int]:
    """``overlay`` for the top-level modules, then each toolkit subpackage by its import name. ``__main__.py``
    (``python -m sendmux``) only starts the command line, which no call imports: it counts with ``sendmux._cli``."""
    modules = sorted(OVERLAY.glob("*.py"))
    found = {"overlay": sum(lines(p) for p in modules if p.name != "__main__.py")}
    for package in sorted(p for p in OVERLAY.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        found[f"sendmux.{package.name}"] = sum(lines(p) for p in sorted(package.rglob("*.py")))
    found["sendmux._cli"] += sum(lines(p) for p in modules if p.name == "__main__.py")
    return found


def main() -> int:
    found = counts()
    for name, count in found.items():
        limit = f" (budget {BUDGET})" if name == "overlay" else ""
        print(f"{name:<24} {count:>5}{limit}")
    if found["overlay"] > BUDGET:
        print(f"the overlay is over its budget by {found['overlay'] - BUDGET} lines", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
