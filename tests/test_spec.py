"""openapi.yaml encodes the documented contract, and responses built from it stay open to a newer server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

SPEC_PATH = Path(__file__).resolve().parents[1] / "openapi.yaml"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def test_spec_validates(spec: dict[str, Any]) -> None:
    validate(spec)


def test_nine_operations(spec: dict[str, Any]) -> None:
    ops = {
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method in {"get", "post", "patch", "delete", "put"}
    }
    assert ops == {
        ("POST", "/webhooks"),
        ("GET", "/webhooks"),
        ("GET", "/webhooks/{public_id}"),
        ("PATCH", "/webhooks/{public_id}"),
        ("DELETE", "/webhooks/{public_id}"),
        ("POST", "/webhooks/{public_id}/rotate-secret"),
        ("POST", "/webhooks/{public_id}/test"),
        ("GET", "/webhooks/{public_id}/deliveries"),
        ("GET", "/webhooks/{public_id}/deliveries/{delivery_id}/payload"),
    }


def test_enums_hold_exactly_the_documented_values(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    assert len(schemas["EventType"]["enum"]) == 8
    assert "sendmux.test" in schemas["EventType"]["enum"]
    assert len(schemas["ErrorCode"]["enum"]) == 13
    assert set(schemas["DeliveryResult"]["enum"]) == {"success", "retrying", "failed", "permanent_failure"}
    assert len(schemas["WebhookEventData"]["required"]) == 15
    assert set(schemas["WebhookEventData"]["properties"]) == set(schemas["WebhookEventData"]["required"])


def test_request_bodies_are_closed(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    for name in ("WebhookCreateBody", "WebhookUpdateBody", "WebhookFiltersInput"):
        assert schemas[name]["additionalProperties"] is False, name
    assert schemas["EventTypeList"]["minItems"] == 1
    assert schemas["HttpsUrl"]["pattern"] == "^https://"


def test_idempotency_key_on_exactly_the_three_posts(spec: dict[str, Any]) -> None:
    ref = "#/components/parameters/IdempotencyKey"
    with_key = {
        (method, path)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and any(p.get("$ref") == ref for p in op.get("parameters", []))
    }
    assert with_key == {
        ("post", "/webhooks"),
        ("post", "/webhooks/{public_id}/rotate-secret"),
        ("post", "/webhooks/{public_id}/test"),
    }
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
