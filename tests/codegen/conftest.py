"""Shared pieces of the codegen tests: the kitchen-sink rehearsal, regenerated once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.specdiff.conftest import regenerated_once

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KITCHEN_SINK = FIXTURES / "kitchen-sink.yaml"


@pytest.fixture(scope="session")
def kitchen_sink(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `make generate` writes for kitchen-sink.yaml, once per run (put it first on sys.path to use it)."""
    return regenerated_once(KITCHEN_SINK, tmp_path_factory)
