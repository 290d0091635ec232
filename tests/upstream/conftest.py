"""Vendor-style documents built from openapi.yaml."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tools.upstream import vendor_style

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tools" / "upstream"


@pytest.fixture(scope="session")
def vendor_document() -> dict[str, Any]:
    """The full-size vendor-style rehearsal of openapi.yaml: renamed, enveloped, padded to ~100 operations."""
    return vendor_style.document()


@pytest.fixture(scope="session")
def vendor_file(vendor_document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("upstream") / "vendor.json"
    path.write_text(json.dumps(vendor_document, indent=2), encoding="utf-8")
    return path
