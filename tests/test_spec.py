"""openapi.yaml encodes the documented contract, and responses built from it stay open to a newer server."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from sendmux_emulator._spec.replies import ERROR_STATUS
from sendmux_spec import Document, read_yaml

SPEC_PATH = Path(__file__).resolve().parents[1] / "openapi.yaml"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return read_yaml(SPEC_PATH.read_text(encoding="utf-8"))


def test_spec_validates(spec: dict[str, Any]) -> None:
    validate(spec)


def test_every_operation_is_named_once_tagged_once_and_declares_its_path_parameters(spec: dict[str, Any]) -> None:
    operations = Document(spec).operations
    assert operations, "openapi.yaml has no operations"
    ids = [op.operation_id for op in operations]
    assert len(ids) == len(set(ids)), "operationIds must be unique"
    for op in operations:
        assert len(op.tags) == 1, f"{op.label}: one tag (it becomes client.<tag>)"
        declared = {p.name for p in op.located("path")}
        for placeholder in re.findall(r"\{([^}]+)\}", op.path):
            assert placeholder in declared, f"{op.label}: path parameter {placeholder} is not declared"


def test_enums_hold_the_documented_values(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    event_types = schemas["EventType"]["enum"]
    assert "sendmux.test" in event_types
    assert len(event_types) == len(set(event_types)), "an event type is listed twice"
    assert all(re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", value) for value in event_types), event_types
    assert set(schemas["ErrorCode"]["enum"]) == set(ERROR_STATUS), "the emulator answers every error code, no other"
    assert set(schemas["DeliveryResult"]["enum"]) == {"success", "retrying", "failed", "permanent_failure"}
    assert set(schemas["WebhookEventData"]["properties"]) == set(schemas["WebhookEventData"]["required"])


def test_request_bodies_are_closed(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    for name in ("WebhookCreateBody", "WebhookUpdateBody", "WebhookFiltersInput"):
        assert schemas[name]["additionalProperties"] is False, name
    assert schemas["EventTypeList"]["minItems"] == 1
    assert schemas["HttpsUrl"]["pattern"] == "^https://"


def test_only_a_post_takes_an_idempotency_key_and_never_needs_one(spec: dict[str, Any]) -> None:
    """Where the spec declares an Idempotency-Key, it is optional and up to 255 characters; no GET, PATCH, PUT or
    DELETE declares one (they are safe to retry, or use If-Match)."""
    document = Document(spec)
    declared = [op for op in document.operations if op.idempotent]
    assert declared, "no operation takes an Idempotency-Key"
    for op in declared:
        key = op.parameter("header", "Idempotency-Key")
        assert key is not None and op.method == "post", f"{op.label}: an Idempotency-Key on a POST only"
        schema = document.fold(key.schema)
        assert not key.required and schema.get("maxLength") == 255, f"{op.label}: optional, at most 255 characters"


def test_servers_include_relative_base(spec: dict[str, Any]) -> None:
    urls = [s["url"] for s in spec["servers"]]
    assert urls == ["https://app.sendmux.ai/api/v1", "/api/v1"]
