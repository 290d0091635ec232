"""openapi.yaml encodes the documented contract, and responses built from it stay open to a newer server."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from sendmux_emulator._envelope import ERROR_STATUS

SPEC_PATH = Path(__file__).resolve().parents[1] / "openapi.yaml"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def test_spec_validates(spec: dict[str, Any]) -> None:
    validate(spec)


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "patch", "delete", "put"}
    ]


def test_every_operation_is_named_once_tagged_once_and_declares_its_path_parameters(spec: dict[str, Any]) -> None:
    operations = _operations(spec)
    assert operations, "openapi.yaml has no operations"
    ids = [op["operationId"] for _, _, op in operations]
    assert len(ids) == len(set(ids)), "operationIds must be unique"
    for method, path, op in operations:
        assert len(op.get("tags", [])) == 1, f"{method.upper()} {path}: one tag (it becomes client.<tag>)"
        declared = {
            p.get("name") or p["$ref"].rsplit("/", 1)[-1]
            for p in [*spec["paths"][path].get("parameters", []), *op.get("parameters", [])]
        }
        declared = {spec["components"]["parameters"].get(name, {}).get("name", name) for name in declared}
        for placeholder in re.findall(r"\{([^}]+)\}", path):
            assert placeholder in declared, f"{method.upper()} {path}: path parameter {placeholder} is not declared"


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


def test_every_post_and_only_a_post_takes_an_idempotency_key(spec: dict[str, Any]) -> None:
    ref = "#/components/parameters/IdempotencyKey"
    for method, path, op in _operations(spec):
        takes_key = any(p.get("$ref") == ref for p in op.get("parameters", []))
        assert takes_key == (method == "post"), f"{method.upper()} {path}: Idempotency-Key on POSTs, and only there"
    key = spec["components"]["parameters"]["IdempotencyKey"]["schema"]
    assert (key["minLength"], key["maxLength"]) == (1, 255)


def test_every_operation_and_schema_has_an_example(spec: dict[str, Any]) -> None:
    for name, schema in spec["components"]["schemas"].items():
        if name.endswith("Response") and name != "ApiError":
            continue  # envelopes: their examples sit on the operations' media types
        assert schema.get("examples"), f"schema {name} has no example"
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            has_example = any(
                "example" in media or "examples" in media
                for response in op["responses"].values()
                for media in response.get("content", {}).values()
            ) or any("example" in p for p in op.get("parameters", []))
            assert has_example, f"{method.upper()} {path} has no example"


def test_servers_include_relative_base(spec: dict[str, Any]) -> None:
    urls = [s["url"] for s in spec["servers"]]
    assert urls == ["https://app.sendmux.ai/api/v1", "/api/v1"]
