"""Build a document in the style of Sendmux's published OpenAPI document from openapi.yaml, for rehearsing
`make upstream-diff` without the vendor's text (tests, the benchmark, a maintainer trying the tool).

    .venv/bin/python -m tools.upstream.vendor_style OUT.json [--change NAME] [--prefix-in-paths]

The same API in the vendor's words: components renamed, operationIds like `managementCreateWebhook`,
envelopes as `allOf: [SuccessEnvelope, {data: ...}]` closed with `unevaluatedProperties: false`, every
response object and enum closed, timestamps without `format`, fewer documented statuses and headers, no
`webhooks:` section, no global tags list (`Webhooks` capitalised on each operation), `/api/v1` in `servers`,
and about 100 operations of other resources around it (~400 KB of JSON), written with the vendor's traits
(`filler`): capitalised tags with spaces, no 401s, "ISO 8601" timestamps without a format, `allOf: [$ref,
{type: object}]`, a `type: [object, null]` component, a literal path declared after a templated one.
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

from sendmux_spec import HTTP_METHODS

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
# Resources with the vendor's richer traits; the import rehearsal takes two openapi.yaml does not have yet
# (tests/upstream/test_import.py).
RICH_RESOURCES = ("domain", "mailbox", "template", "route")


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


def plural(word: str) -> str:
    if word.endswith(("x", "s", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _success(data: Any, *, listed: bool = False) -> dict[str, Any]:
    """The vendor's answer: ``allOf: [SuccessEnvelope, {data, meta[, pagination]}]``, closed when evaluated."""
    properties: dict[str, Any] = {"data": data, "meta": {"$ref": "#/components/schemas/MgmtResponseMeta"}}
    if listed:
        properties["pagination"] = {"$ref": "#/components/schemas/MgmtCursorPagination"}
    return {
        "allOf": [
            {"$ref": "#/components/schemas/SuccessEnvelope"},
            {"type": "object", "properties": properties, "required": ["data", *(["pagination"] if listed else [])]},
        ],
        "unevaluatedProperties": False,
    }


def tag_of(resource: str) -> str:
    """The capitalised tag the vendor gives a resource's operations: ``sending_account`` -> ``Sending accounts``."""
    return plural(resource).replace("_", " ").capitalize()


def filler(resource: str, rich: bool = False) -> tuple[dict[str, Any], dict[str, Any]]:
    """One resource of the vendor's kind as (paths, schemas), written with the vendor's traits (not its words):
    a capitalised tag with spaces (``Sending accounts``), ``managementListSendingAccounts`` operationIds,
    ``allOf`` envelopes, "ISO 8601" timestamps without a format, no 401s, a list with a cursor, a create (201,
    ``Idempotency-Key``), a get with ``ETag``, an update and a delete with inline ``data``. ``rich`` adds an
    action (``POST …/{public_id}/verify``), a nullable owner as ``allOf: [$ref, {type: object}]`` of a
    ``type: [object, null]`` component, a plain-text download and a literal path declared after the templated
    one (``GET …/availability``)."""
    title = "".join(part.capitalize() for part in resource.split("_"))
    plural_title = "".join(part.capitalize() for part in plural(resource).split("_"))
    tag = tag_of(resource)
    route = "/" + plural(resource).replace("_", "-")
    prefix = "".join(part[:3] for part in resource.split("_"))[:4]
    words = resource.replace("_", " ")
    ref = "#/components/schemas/"
    padding = {
        f"{field}_{i}": {
            "type": kind,
            "description": f"The {field.replace('_', ' ')} number {i} of this {words}, "
            "kept as the dashboard shows it; see the guide for how it is derived and when it changes.",
        }
        for i in range(1, 19)
        for field, kind in (("label", "string"), ("count", "integer"), ("flag", "boolean"))
    }
    item: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "name", "status", "created_at", "updated_at"],
        "properties": {
            "id": {"type": "string", "description": "Public ID", "example": f"{prefix}_c{'0' * 24}"},
            "name": {"type": "string", "description": f"What the team calls this {words}", "example": "primary"},
            "status": {"type": "string", "enum": ["active", "paused"], "description": "Whether it is in use"},
            "created_at": {"type": "string", "description": "ISO 8601 time it was created"},
            "updated_at": {"type": ["string", "null"], "description": "ISO 8601 time of its last change"},
            **padding,
        },
    }
    schemas: dict[str, Any] = {
        title: item,
        f"{title}ItemResponse": _success({"$ref": ref + title}),
        f"{title}ListResponse": _success({"type": "array", "items": {"$ref": ref + title}}, listed=True),
    }
    public_id = {
        "in": "path",
        "name": "public_id",
        "required": True,
        "schema": {"type": "string", "description": f"The {words}'s public ID"},
    }
    forbidden = {
        "403": {
            "description": "The key lacks the permission",
            "content": {"application/json": {"schema": {"$ref": ref + "MgmtApiError"}}},
        }
    }
    missing = {
        "404": {
            "description": f"No such {words}",
            "content": {"application/json": {"schema": {"$ref": ref + "MgmtApiError"}}},
        }
    }

    def answer(status: str, schema: str | dict[str, Any], text: str, **extra: Any) -> dict[str, Any]:
        body = {"$ref": ref + schema} if isinstance(schema, str) else schema
        return {status: {"description": text, "content": {"application/json": {"schema": body}}, **extra}}

    def op(operation_id: str, summary: str, responses: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {
            "operationId": f"management{operation_id}",
            "summary": summary,
            "description": f"{summary}. Needs a root API key; see the team guide.",
            "tags": [tag],
            "security": [{"bearerAuth": []}],
            "responses": {**responses, **forbidden},
            **extra,
        }

    def body(required: list[str]) -> dict[str, Any]:
        fields = {
            "name": {"type": "string", "description": f"A name for the {words}", "example": "primary"},
            "status": {"type": "string", "enum": ["active", "paused"], "description": "Defaults to active"},
        }
        schema = {"type": "object", "additionalProperties": False, "properties": fields, "required": required}
        return {"content": {"application/json": {"schema": schema}}}

    etag = {"headers": {"ETag": {"description": "The version read", "schema": {"type": "string"}}}}
    deleted = _success(
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "deleted"],
            "properties": {"id": {"type": "string"}, "deleted": {"type": "boolean", "enum": [True]}},
        }
    )
    key = {
        "in": "header",
        "name": "Idempotency-Key",
        "required": False,
        "schema": {"type": "string", "maxLength": 255, "example": f"{resource}-create-001"},
    }
    cursor = {
        "in": "query",
        "name": "cursor",
        "required": False,
        "schema": {"type": "string", "description": "The next_cursor of the previous page"},
    }
    limit = {
        "in": "query",
        "name": "limit",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "description": "Results per page"},
    }
    paths: dict[str, Any] = {
        route: {
            "get": op(
                f"List{plural_title}",
                f"List {plural(words)}",
                answer("200", f"{title}ListResponse", f"The {plural(words)}"),
                parameters=[cursor, limit],
            ),
            "post": op(
                f"Create{title}",
                f"Add a {words}",
                {
                    **answer("201", f"{title}ItemResponse", "Created"),
                    **answer("409", "MgmtApiError", "Replayed key, other body"),
                },
                parameters=[key],
                requestBody=body(["name"]),
            ),
        },
        f"{route}/{{public_id}}": {
            "get": op(
                f"Get{title}",
                f"Get a {words}",
                {**answer("200", f"{title}ItemResponse", f"The {words}", **etag), **missing},
                parameters=[public_id],
            ),
            "patch": op(
                f"Update{title}",
                f"Change a {words}",
                {**answer("200", f"{title}ItemResponse", "Changed"), **missing},
                parameters=[public_id],
                requestBody=body([]),
            ),
            "delete": op(
                f"Delete{title}",
                f"Remove a {words}",
                {**answer("200", deleted, "Removed"), **missing},
                parameters=[public_id],
            ),
        },
    }
    if rich:
        owner = f"{title}Owner"
        schemas[owner] = {
            "type": ["object", "null"],
            "additionalProperties": False,
            "required": ["email"],
            "description": "Who answers for it; null when nobody does",
            "properties": {"email": {"type": "string", "example": "ops@example.com"}},
        }
        item["properties"]["owner"] = {"allOf": [{"$ref": ref + owner}, {"type": "object"}]}
        item["required"].append("owner")
        paths[f"{route}/{{public_id}}/verify"] = {
            "post": op(
                f"Verify{title}",
                f"Check a {words} again",
                {**answer("200", f"{title}ItemResponse", "Checked"), **missing},
                parameters=[public_id],
            ),
        }
        paths[f"{route}/{{public_id}}/export"] = {
            "get": op(
                f"Get{title}Export",
                f"Download a {words} as text",
                {
                    "200": {"description": "Plain text", "content": {"text/plain": {"schema": {"type": "string"}}}},
                    **missing,
                },
                parameters=[public_id],
            ),
        }
        available = _success(
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["available"],
                "properties": {"available": {"type": "boolean"}, "name": {"type": "string"}},
            }
        )
        name = {
            "in": "query",
            "name": "name",
            "required": True,
            "schema": {"type": "string", "description": "The name to check", "example": "primary"},
        }
        paths[f"{route}/availability"] = {  # after the templated path, as the vendor declares it
            "get": op(
                f"Check{title}Availability",
                f"Check whether a {words} name is free",
                answer("200", available, "Whether it is free"),
                parameters=[name],
            ),
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
    spec.pop("tags", None)  # the vendor lists no tags; each operation names its own, capitalised
    for _, _, op in _operations(spec):
        op["tags"] = [tag[:1].upper() + tag[1:] for tag in op.get("tags", [])]
    spec["servers"] = [{"url": SERVER + ("" if prefix_in_paths else PREFIX), "description": "API v1"}]
    if prefix_in_paths:
        spec["paths"] = {PREFIX + route: item for route, item in spec["paths"].items()}
    if padding:
        for resource in FILLER_RESOURCES:
            paths, extra = filler(resource, rich=resource in RICH_RESOURCES)
            if any((PREFIX if prefix_in_paths else "") + route in spec["paths"] for route in paths):
                continue  # openapi.yaml has this resource already (imported from the vendor): it is vendorized above
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
            "tags": ["webhooks"],
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
