"""The overlay's size budget: what every operation shares stays small; toolkits are counted apart."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _loc():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("loc", ROOT / "scripts" / "loc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_overlay_within_budget() -> None:
    loc = _loc()
    assert loc.counts()["overlay"] <= loc.BUDGET


def test_counting_skips_blanks_and_comments(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("# a comment\n\nx = 1  # trailing\n    # indented comment\ny = 2\n", encoding="utf-8")
    assert _loc().lines(source) == 2
