"""Build a document in the style of Sendmux's published OpenAPI document from openapi.yaml, for rehearsing
`make upstream-diff` without the vendor's text (tests, the benchmark, a maintainer trying the tool).

    .venv/bin/python -m tools.upstream.vendor_style OUT.json [--change NAME] [--prefix-in-paths]

The same API in the vendor's words: components renamed, operationIds like `managementCreateWebhook`,
envelopes as `allOf: [SuccessEnvelope, {data: ...}]` closed with `unevaluatedProperties: false`, every
response object and enum closed, timestamps without `format`, fewer documented statuses and headers, no
`webhooks:` section, `/api/v1` in `servers`, and about 90 unrelated operations around it (~400 KB of JSON).
Each of those differences is one that codegen/upstream-deviations.yaml explains, so the plain document
compares clean. `--change NAME` first applies one change of CHANGES to the API, as the vendor might.
"""

from __future__ import annotations

import argparse
import copy
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
Spec = dict[str, Any]
SERVER = "https://app.sendmux.ai"
PREFIX = "/api/v1"
UNDOCUMENTED_STATUSES = {"429", "500", "503"}
UNDOCUMENTED_HEADERS = {"X-Request-Id", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"}
AUTH_ERRORS_LISTED_ON = {"createWebhook", "listWebhooks", "listWebhookDeliveries", "getWebhookDeliveryPayload"}
BAD_REQUEST_LISTED_ON = {"createWebhook", "updateWebhook", "listWebhookDeliveries"}
FILLER_RESOURCES = (
    *("domain", "mailbox", "provider", "sending_account", "api_key", "member", "invitation", "suppression"),
    *("template", "audit_event", "alias", "route", "dns_record", "ip_pool", "tracking_domain", "inbound_rule"),
    *("export", "usage_report"),
)
HTTP_METHODS = ("get", "put", "post", "delete", "patch")


def _walk(node: Any, visit: Callable[[dict[str, Any]], None]) -> None:
    if isinstance(node, dict):
        visit(node)
        for value in list(node.values()):
            _walk(value, visit)
    elif isinstance(node, list):
        for value in node:
            _walk(value, visit)


def _operations(spec: Spec) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (route, method, op)
        for route, item in spec["paths"].items()
        for method, op in item.items()
        if method in HTTP_METHODS and isinstance(op, dict)
    ]


def _close_enums(spec: Spec) -> None:
    """anyOf [{$ref: Enum}, {type: string}(, {type: null})] -> the enum itself, closed (null kept)."""
    schemas = spec["components"]["schemas"]

    def visit(node: dict[str, Any]) -> None:
        branches = node.get("anyOf")
        if not isinstance(branches, list):
            return
        refs = [b["$ref"] for b in branches if "$ref" in b]
        plain = [b for b in branches if b in ({"type": "string"}, {"type": "null"})]
        if len(refs) != 1 or len(plain) != len(branches) - 1:
            return
        target = schemas[refs[0].rsplit("/", 1)[1]]
        if "enum" not in target:
            return
        del node["anyOf"]
        if {"type": "null"} in plain:
            node.update(type=["string", "null"], enum=[*target["enum"], None])
        else:
            node["$ref"] = refs[0]

    def unwrap(node: dict[str, Any]) -> None:  # a plain $ref to AnyX becomes a $ref to X
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/Any"):
            node["$ref"] = "#/components/schemas/" + ref.rsplit("/", 1)[1].removeprefix("Any")

    _walk(spec["components"]["schemas"], visit)
    _walk(spec, unwrap)


def _envelope(schema: dict[str, Any]) -> dict[str, Any] | None:
    """`{ok: true, data, meta[, pagination]}` as the vendor writes it, or None for other schemas."""
    properties = schema.get("properties") or {}
    if set(properties) not in ({"ok", "data", "meta"}, {"ok", "data", "meta", "pagination"}):
        return None
    if properties["ok"] != {"const": True}:
        return None
    payload = {name: value for name, value in properties.items() if name != "ok"}
    return {
        "allOf": [
            {"$ref": "#/components/schemas/SuccessEnvelope"},
            {"type": "object", "properties": payload, "required": [n for n in schema["required"] if n != "ok"]},
        ],
        "unevaluatedProperties": False,
    }


def _rename(spec: Spec) -> None:
    """Components get the vendor's names and operations its ids; every reference follows."""
    renames: dict[str, str] = {}
    for kind in ("schemas", "parameters", "responses", "headers"):
        section = spec["components"].get(kind) or {}
        for name in [n for n in section if n != "SuccessEnvelope"]:  # that one already has the vendor's name
            new = f"{name}Response" if kind == "responses" else f"Mgmt{name}"
            renames[f"#/components/{kind}/{name}"] = f"#/components/{kind}/{new}"
            section[new] = section.pop(name)

    def visit(node: dict[str, Any]) -> None:
        if isinstance(node.get("$ref"), str) and node["$ref"] in renames:
            node["$ref"] = renames[node["$ref"]]
        if isinstance(node.get("operationId"), str):
            node["operationId"] = "management" + node["operationId"][0].upper() + node["operationId"][1:]

    _walk(spec, visit)


def _trim_responses(spec: Spec) -> None:
    for _, _, op in _operations(spec):
        for status in list(op["responses"]):
            unlisted = status in UNDOCUMENTED_STATUSES and (status, op["operationId"]) != ("503", "testWebhook")
            unlisted |= status in ("401", "403") and op["operationId"] not in AUTH_ERRORS_LISTED_ON
            unlisted |= status == "400" and op["operationId"] not in BAD_REQUEST_LISTED_ON
            if unlisted:
                del op["responses"][status]
                continue
            headers = op["responses"][status].get("headers")
            for name in list(headers or {}):
                if name in UNDOCUMENTED_HEADERS or (status == "409" and name == "ETag"):
                    del headers[name]
        if isinstance(op.get("requestBody"), dict):
            op["requestBody"].pop("required", None)
    for name, response in spec["components"]["responses"].items():
        headers = response.get("headers") or {}
        undocumented = UNDOCUMENTED_HEADERS | {"Conflict": {"ETag"}, "ServiceUnavailable": {"Retry-After"}}.get(
            name, set()
        )
        for header in [h for h in headers if h in undocumented]:
            del headers[header]


def _loosen_requests(spec: Spec) -> None:
    """The vendor states no https pattern, no URL length limit and no minimum length on ids and names."""
    url = spec["components"]["schemas"]["HttpsUrl"]
    url.pop("pattern", None)
    url.pop("maxLength", None)

    def visit(node: dict[str, Any]) -> None:
        if node.get("minLength") == 1:
            del node["minLength"]

    for kind in ("parameters",):
        _walk(spec["components"][kind], visit)
    for name in ("WebhookCreateBody", "WebhookUpdateBody", "WebhookFiltersInput"):
        _walk(spec["components"]["schemas"][name], visit)
    for _, _, op in _operations(spec):
        _walk(op.get("parameters"), visit)
    for item in spec["paths"].values():
        _walk(item.get("parameters"), visit)


def _close_objects(spec: Spec) -> None:
    """Every object the server writes says additionalProperties: false, as the vendor's do."""

    def visit(node: dict[str, Any]) -> None:
        if "properties" in node and "additionalProperties" not in node and "unevaluatedProperties" not in node:
            node["additionalProperties"] = False

    for name, schema in spec["components"]["schemas"].items():
        if not name.endswith("Body") and name != "WebhookFiltersInput":
            _walk(schema, visit)


def _drop_date_time(spec: Spec) -> None:
    def visit(node: dict[str, Any]) -> None:
        if node.get("format") == "date-time":
            del node["format"]

    _walk(spec["components"]["schemas"], visit)


def filler(resource: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Five operations on an unrelated resource and its schemas, as (paths, schemas)."""
    title = "".join(part.capitalize() for part in resource.split("_"))
    properties = {
        f"{field}_{i}": {
            "type": kind,
            "description": f"The {field.replace('_', ' ')} number {i} of this {resource.replace('_', ' ')}, "
            "kept as the dashboard shows it; see the guide for how it is derived and when it changes.",
        }
        for i in range(1, 19)
        for field, kind in (("label", "string"), ("count", "integer"), ("flag", "boolean"))
    }
    schemas: dict[str, Any] = {
        title: {
            "type": "object",
            "additionalProperties": False,
            "properties": {"id": {"type": "string"}, **properties},
        },
        f"{title}Response": {
            "allOf": [
                {"$ref": "#/components/schemas/SuccessEnvelope"},
                {"type": "object", "properties": {"data": {"$ref": f"#/components/schemas/{title}"}}},
            ],
            "unevaluatedProperties": False,
        },
    }
    answer = {
        "description": f"The {resource}.",
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{title}Response"}}},
    }
    errors = {code: {"description": text} for code, text in (("401", "No key."), ("403", "No permission."))}

    def op(verb: str, summary: str, **extra: Any) -> dict[str, Any]:
        return {
            "operationId": f"management{verb}{title}",
            "summary": summary,
            "description": f"{summary}. Needs a root key with the {resource} permission; see the team guide.",
            "tags": [title],
            "security": [{"bearerAuth": []}],
            "responses": {"200": answer, **errors},
            **extra,
        }

    body = {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{title}"}}}}
    route = f"/{resource}s"
    paths = {
        route: {"get": op("List", f"List {resource}s"), "post": op("Create", f"Create a {resource}", requestBody=body)},
        f"{route}/{{public_id}}": {
            "parameters": [{"name": "public_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": op("Get", f"Get a {resource}"),
            "patch": op("Update", f"Update a {resource}", requestBody=body),
            "delete": op("Delete", f"Delete a {resource}"),
        },
    }
    return paths, schemas


def vendorize(ours: Spec, *, prefix_in_paths: bool = False, padding: bool = True) -> Spec:
    """openapi.yaml (parsed) rewritten in the vendor's style; see the module docstring."""
    spec = copy.deepcopy(ours)
    spec.pop("webhooks", None)
    schemas = spec["components"]["schemas"]
    _close_enums(spec)
    for name in [n for n in schemas if n.startswith("Any")]:
        del schemas[name]
    _trim_responses(spec)
    _loosen_requests(spec)
    _close_objects(spec)
    _drop_date_time(spec)
    schemas["WebhookSubscription"]["properties"]["url"]["format"] = "uri"  # the vendor's answers say so (5 places)
    for name, schema in list(schemas.items()):
        envelope = _envelope(schema)
        if envelope is not None:
            schemas[name] = envelope
    schemas["SuccessEnvelope"] = {
        "type": "object",
        "required": ["ok", "meta"],
        "properties": {"ok": {"type": "boolean", "enum": [True]}, "meta": {"type": "object"}},
    }
    _rename(spec)
    spec["servers"] = [{"url": SERVER + ("" if prefix_in_paths else PREFIX), "description": "API v1"}]
    if prefix_in_paths:
        spec["paths"] = {PREFIX + route: item for route, item in spec["paths"].items()}
    if padding:
        for resource in FILLER_RESOURCES:
            paths, extra = filler(resource)
            spec["paths"].update({(PREFIX if prefix_in_paths else "") + r: item for r, item in paths.items()})
            spec["components"]["schemas"].update(extra)
    return spec


# ---- the changes a vendor might make, each with the words the report must then contain ----


def _subscription(spec: Spec) -> dict[str, Any]:
    schema: dict[str, Any] = spec["components"]["schemas"]["WebhookSubscription"]
    return schema


def _new_event_type(spec: Spec) -> None:
    spec["components"]["schemas"]["EventType"]["enum"].append("test.fictional_event")


def _new_request_property(spec: Spec) -> None:
    spec["components"]["schemas"]["WebhookCreateBody"]["properties"]["description"] = {"type": "string"}


def _new_response_property(spec: Spec) -> None:
    _subscription(spec)["properties"]["last_delivery_at"] = {"type": ["string", "null"], "format": "date-time"}


def _new_operation(spec: Spec) -> None:
    spec["paths"]["/webhooks/{public_id}/stats"] = {
        "parameters": [{"$ref": "#/components/parameters/PublicId"}],
        "get": {
            "operationId": "getWebhookStats",
            "responses": {"200": {"description": "Counts.", "content": {"application/json": {"schema": {}}}}},
        },
    }


def _new_parameter(spec: Spec) -> None:
    spec["paths"]["/webhooks"]["get"]["parameters"].append(
        {"name": "enabled", "in": "query", "required": False, "schema": {"type": "boolean"}}
    )


def _name_required(spec: Spec) -> None:
    spec["components"]["schemas"]["WebhookCreateBody"]["required"].append("name")


def _response_ms_number(spec: Spec) -> None:
    spec["components"]["schemas"]["WebhookDeliveryAttempt"]["properties"]["response_ms"]["type"] = "number"


def _gone_status(spec: Spec) -> None:
    spec["paths"]["/webhooks/{public_id}"]["delete"]["responses"]["410"] = {"description": "Deleted before."}


def _sunset_header(spec: Spec) -> None:
    spec["paths"]["/webhooks"]["get"]["responses"]["200"]["headers"]["Sunset"] = {"schema": {"type": "string"}}


def _no_failing(spec: Spec) -> None:
    del _subscription(spec)["properties"]["failing"]
    _subscription(spec)["required"].remove("failing")


def _event_subject(spec: Spec) -> None:
    spec["components"]["schemas"]["WebhookEventData"]["properties"]["subject"] = {"type": ["string", "null"]}


CHANGES: dict[str, tuple[Callable[[Spec], None], list[str]]] = {
    "new-event-type": (_new_event_type, ['enum value "test.fictional_event"', "request body event_types[]"]),
    "new-request-property": (_new_request_property, ["request body description: property (string)"]),
    "new-response-property": (_new_response_property, ["data.last_delivery_at: property"]),
    "new-operation": (_new_operation, ["GET /webhooks/{public_id}/stats", "managementGetWebhookStats"]),
    "new-parameter": (_new_parameter, ["parameter query enabled: parameter"]),
    "name-required": (_name_required, ["request body name: required: ours optional, vendor required"]),
    "type-changed": (_response_ms_number, ["data[].response_ms: type: ours integer, vendor number"]),
    "new-status": (_gone_status, ["response 410: status"]),
    "new-header": (_sunset_header, ["response 200 header Sunset: header"]),
    "property-dropped": (_no_failing, ["data.failing: property (boolean, required)", "only in openapi.yaml"]),
    "new-event-field": (_event_subject, ["payload data.subject: property", "data.payload.data.subject"]),
}


@functools.cache
def _parsed_openapi_yaml() -> Spec:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loaded: Spec = yaml.load((ROOT / "openapi.yaml").read_text(encoding="utf-8"), Loader=loader)
    return loaded


def ours() -> Spec:
    """openapi.yaml, parsed (a fresh copy each call, free to edit)."""
    return copy.deepcopy(_parsed_openapi_yaml())


def document(change: str | None = None, *, prefix_in_paths: bool = False, padding: bool = True) -> Spec:
    """The vendor-style document of openapi.yaml, after one of CHANGES if named."""
    spec = ours()
    if change is not None:
        CHANGES[change][0](spec)
    return vendorize(spec, prefix_in_paths=prefix_in_paths, padding=padding)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="where to write the JSON document")
    parser.add_argument("--change", choices=sorted(CHANGES), help="apply one vendor change first")
    parser.add_argument("--prefix-in-paths", action="store_true", help="/api/v1 in each path, not in servers")
    args = parser.parse_args(argv)
    spec = document(args.change, prefix_in_paths=args.prefix_in_paths)
    args.out.write_text(json.dumps(spec, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
