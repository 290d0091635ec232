"""Shared pieces of the codegen tests: the kitchen-sink rehearsal, regenerated once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.specdiff.conftest import regenerated_once, rehearsal

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def kitchen_sink(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `make generate` writes for kitchen-sink.yaml, once per run (put it first on sys.path to use it)."""
    return regenerated_once(rehearsal("kitchen-sink.yaml"), tmp_path_factory)
