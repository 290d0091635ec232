"""codegen/hoist.py: the names inline schemas get, and enums that stay open in answers and closed in requests."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.hoist import ShapeError, hoist

REF = "#/components/schemas/"


def spec(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths,
            "components": {"schemas": schemas or {}}}  # fmt: skip


def answer(schema: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {status: {"description": "OK", "content": {"application/json": {"schema": schema}}}}


def envelope(data: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": {"ok": {"const": True}, "data": data}}


def test_inline_envelope_and_data_are_named_after_the_operation() -> None:
    data = {"type": "object", "properties": {"id": {"type": "string"}}}
    out = hoist(spec({"/a": {"post": {"operationId": "retryDelivery", "responses": answer(envelope(data), "202")}}}))
    schemas = out["components"]["schemas"]
    assert schemas["RetryDeliveryData"] == data
    assert schemas["RetryDeliveryResponse"]["properties"]["data"] == {"$ref": REF + "RetryDeliveryData"}
    media = out["paths"]["/a"]["post"]["responses"]["202"]["content"]["application/json"]
    assert media["schema"] == {"$ref": REF + "RetryDeliveryResponse"}


def test_inline_items_get_item_names_and_primitive_data_stays_inline() -> None:
    items = {"type": "object", "properties": {"id": {"type": "string"}}}
    strings = envelope({"type": "array", "items": {"type": "string"}})
    out = hoist(spec({
        "/a": {"get": {"operationId": "listThings", "responses": answer(envelope({"type": "array", "items": items}))}},
        "/b": {"get": {"operationId": "listNames", "responses": answer(strings)}},
    }))  # fmt: skip
    schemas = out["components"]["schemas"]
    assert schemas["ListThingsItem"] == items
    assert schemas["ListThingsResponse"]["properties"]["data"]["items"] == {"$ref": REF + "ListThingsItem"}
    assert schemas["ListNamesResponse"]["properties"]["data"] == {"type": "array", "items": {"type": "string"}}


def test_enums_open_in_answers_and_closed_in_requests() -> None:
    policy = {"type": "string", "enum": ["standard", "none"]}
    body = {"type": "object", "properties": {"retry_policy": policy}}
    sub = {"type": "object", "properties": {"retry_policy": policy}}
    out = hoist(spec(
        {"/a": {"post": {"operationId": "create", "requestBody": {"content": {"application/json": {
            "schema": {"$ref": REF + "Body"}}}}, "responses": answer(envelope({"$ref": REF + "Sub"}))}}},
        {"Body": body, "Sub": sub},
    ))  # fmt: skip
    schemas = out["components"]["schemas"]
    assert schemas["BodyRetryPolicy"] == schemas["SubRetryPolicy"] == policy  # named by parent and field
    assert schemas["Body"]["properties"]["retry_policy"] == {"$ref": REF + "BodyRetryPolicy"}
    opened = {"anyOf": [{"$ref": REF + "SubRetryPolicy"}, {"type": "string"}]}
    assert schemas["Sub"]["properties"]["retry_policy"] == opened


def test_adding_a_schema_renames_no_other() -> None:
    status = {"type": "object", "properties": {"status": {"type": "string", "enum": ["queued", "done"]}}}
    paths = {"/a": {"get": {"operationId": "a", "responses": answer(envelope({"$ref": REF + "A"}))}}}
    before = hoist(spec(paths, {"A": status}))["components"]["schemas"]
    other = {"type": "object", "properties": {"status": {"type": "string", "enum": ["on", "off"]}}}
    after = hoist(spec(paths, {"A": status, "Aaa": other}))["components"]["schemas"]
    assert set(before) <= set(after)
    assert all(after[name] == schema for name, schema in before.items())
    assert after["AaaStatus"]["enum"] == ["on", "off"]


def test_the_vendors_allof_envelope_is_the_flat_one() -> None:
    success = {
        "type": "object",
        "required": ["ok", "meta"],
        "properties": {
            "ok": {"type": "boolean", "enum": [True]},
            "meta": {"type": "object", "additionalProperties": {}},
        },
    }
    vendor = {
        "allOf": [
            {"$ref": REF + "SuccessEnvelope"},
            {
                "type": "object",
                "required": ["data"],
                "properties": {"data": {"$ref": REF + "Thing"}, "meta": {"$ref": REF + "Meta"}},
            },
        ],
        "unevaluatedProperties": False,
    }
    thing = {"type": "object", "properties": {"owner": {"allOf": [{"$ref": REF + "Meta"}, {"type": "object"}]}}}
    meta = {"type": "object", "properties": {"request_id": {"type": "string"}}}
    out = hoist(spec({"/a": {"get": {"operationId": "a", "responses": answer({"$ref": REF + "ThingResponse"})}}},
                     {"SuccessEnvelope": success, "ThingResponse": vendor, "Thing": thing, "Meta": meta}))  # fmt: skip
    schemas = out["components"]["schemas"]
    assert schemas["ThingResponse"] == {
        "type": "object",
        "required": ["ok", "meta", "data"],
        "properties": {"ok": {"type": "boolean", "const": True}, "meta": {"$ref": REF + "Meta"},
                       "data": {"$ref": REF + "Thing"}},
        "additionalProperties": False,
    }  # fmt: skip
    assert schemas["Thing"]["properties"]["owner"] == {"$ref": REF + "Meta"}


def test_a_field_name_with_different_enums_is_qualified_by_its_parent_and_title_wins() -> None:
    a = {"type": "object", "properties": {"status": {"type": "string", "enum": ["queued"]}}}
    b = {"type": "object", "properties": {"status": {"type": "string", "enum": ["done"], "title": "JobStatus"},
                                          "kind": {"type": "string", "enum": ["x"]}}}  # fmt: skip
    out = hoist(spec({"/a": {"get": {"operationId": "a", "responses": answer(envelope({"$ref": REF + "A"}))}},
                      "/b": {"get": {"operationId": "b", "responses": answer(envelope({"$ref": REF + "B"}))}}},
                     {"A": a, "B": b}))  # fmt: skip
    schemas = out["components"]["schemas"]
    assert schemas["AStatus"]["enum"] == ["queued"]
    assert schemas["JobStatus"]["enum"] == ["done"]
    assert schemas["BKind"]["enum"] == ["x"]


def test_an_inline_parameter_enum_is_named_after_the_operation_and_the_parameter() -> None:
    param = {"name": "order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}}
    out = hoist(spec({"/a": {"get": {"operationId": "listA", "parameters": [param], "responses": answer({})}}}))
    assert out["paths"]["/a"]["get"]["parameters"][0]["schema"] == {"$ref": REF + "ListAOrder"}


def test_a_hoisted_name_that_is_taken_stops_with_where() -> None:
    data = {"type": "object", "properties": {"id": {"type": "string"}}}
    taken = {"AData": {"type": "object", "properties": {"other": {"type": "integer"}}}}
    with pytest.raises(
        ShapeError, match=r"^a \(#/paths/~1a/get\): #/paths/~1a/get/responses/200/.*the name AData .* is taken"
    ):
        hoist(spec({"/a": {"get": {"operationId": "a", "responses": answer(envelope(data))}}}, taken))


def test_the_document_given_is_not_changed() -> None:
    source = spec({"/a": {"get": {"operationId": "a", "responses": answer(envelope({"type": "object"}))}}})
    before = repr(source)
    hoist(source)
    assert repr(source) == before
