"""What the spec alone says about an operation: its permission, whether it takes an Idempotency-Key, and the
answer an operation with no handwritten handler gives (its documented example, or one built from its schema).

Such an operation still runs the whole pipeline (rate limit, authentication, faults, permission, body size,
idempotency, validation); only the last step, the handler, comes from here. An operation whose path starts
with ``/webhooks/{public_id}`` answers 404 for a webhook the team does not have, when it documents a 404:
that is the one resource the emulator keeps. Anything else it answers is stateless.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ._envelope import Outcome, error
from ._pipeline import Call, Handler
from ._spec import pointer_errors, resolve

__all__ = ["SpecAnswer", "build_example", "is_idempotent", "permission_of", "served_from_spec", "spec_answer"]

_NEEDS = re.compile(r"Needs `([a-z_]+\.[a-z_*]+)`")
_RESOURCE_PATH = "/webhooks/{public_id}"
_MAX_DEPTH = 12  # a recursive schema stops here (a null, or an empty object or list)


def permission_of(operation: dict[str, Any], method: str) -> str:
    """``x-sendmux-permission``; else the ``Needs `x.y``` its description names (as Sendmux's docs write it);
    else ``<tag>.read`` for a GET and ``<tag>.manage`` for anything else, the tag made singular."""
    declared = operation.get("x-sendmux-permission")
    if isinstance(declared, str):
        return declared
    named = _NEEDS.search(operation.get("description", ""))
    if named:
        return named.group(1)
    tag = (operation.get("tags") or ["webhooks"])[0].removesuffix("s")
    return f"{tag}.read" if method == "get" else f"{tag}.manage"


def is_idempotent(operation: dict[str, Any], path_item: dict[str, Any]) -> bool:
    """Whether the operation takes an ``Idempotency-Key`` header (declared inline or by reference)."""
    for parameter in [*path_item.get("parameters", []), *operation.get("parameters", [])]:
        resolved = resolve(parameter)
        if resolved.get("in") == "header" and str(resolved.get("name", "")).lower() == "idempotency-key":
            return True
    return False


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True)
class SpecAnswer:
    """The success answer of an operation served from the spec; ``body`` is JSON, text, or None."""

    status: int
    media_type: str | None
    body: Any


def _success(template: str, method: str, operation: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """The lowest documented 2xx: (status, JSON pointer of the response object, the resolved response)."""
    statuses = sorted(status for status in operation.get("responses", {}) if str(status).startswith("2"))
    if not statuses:
        raise RuntimeError(f"{operation['operationId']} ({method.upper()} {template}) documents no 2xx answer")
    status = str(statuses[0])
    response = operation["responses"][statuses[0]]
    pointer = f"/paths/{_escape(template)}/{method}/responses/{status}"
    if "$ref" in response:
        pointer = response["$ref"].removeprefix("#")
    return status, pointer, resolve(response)


def build_example(schema: Any, depth: int = 0) -> Any:
    """A value of ``schema``: its own example, const, default or first enum value when it has one, else one
    built from its type (every property of an object, one item of a list)."""
    schema = resolve(schema)
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return None
    for keyword in ("const", "default"):
        if keyword in schema:
            return schema[keyword]
    if schema.get("examples"):
        return schema["examples"][0]
    if "example" in schema:
        return schema["example"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for member in schema["allOf"]:
            part = build_example(member, depth + 1)
            if isinstance(part, dict):
                merged.update(part)
        return merged
    for keyword in ("oneOf", "anyOf"):
        if schema.get(keyword):
            return build_example(schema[keyword][0], depth + 1)
    kind = schema.get("type", "object" if "properties" in schema else None)
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        return {name: build_example(sub, depth + 1) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [build_example(schema.get("items", {}), depth + 1)] * max(1, int(schema.get("minItems", 1)))
    if kind in ("integer", "number"):
        return schema.get("minimum", 0)
    if kind == "boolean":
        return False
    if kind == "string":
        return _string(schema)
    return None


def _string(schema: dict[str, Any]) -> str:
    formats = {"date-time": "2026-01-01T00:00:00Z", "date": "2026-01-01", "uri": "https://example.com/"}
    text = formats.get(schema.get("format", ""), "example")
    return text.ljust(int(schema.get("minLength", 0)), "x")


def spec_answer(template: str, method: str, operation: dict[str, Any]) -> SpecAnswer:
    """The answer to serve, checked against the response schema now: a wrong example stops the emulator."""
    status, pointer, response = _success(template, method, operation)
    content = response.get("content") or {}
    if not content:
        return SpecAnswer(int(status), None, None)
    media_type = "application/json" if "application/json" in content else next(iter(content))
    media = content[media_type]
    examples = [e.get("value") for e in (resolve(x) for x in media.get("examples", {}).values()) if "value" in e]
    body = media["example"] if "example" in media else examples[0] if examples else build_example(media.get("schema"))
    if media_type.endswith("json"):
        problems = pointer_errors(f"{pointer}/content/{_escape(media_type)}/schema", body)
        if problems:
            raise RuntimeError(
                f"{operation['operationId']} ({method.upper()} {template}): its {status} example does not match its "
                f"schema, so the emulator cannot serve it from the spec: {problems[0].message}"
            )
    elif media_type.split(";")[0].strip() == "text/event-stream" and not isinstance(body, str):
        item = media.get("itemSchema") or media.get("schema") or {}  # each event's data holds one item
        body = f"data: {json.dumps(build_example(item))}\n\n"
    elif not isinstance(body, str):
        body = "example"
    return SpecAnswer(int(status), media_type, body)


def served_from_spec(template: str, method: str, operation: dict[str, Any]) -> Handler:
    """A handler answering with the documented answer, its ``meta.request_id`` set to this request's id."""
    answer = spec_answer(template, method, operation)
    checks_webhook = template.startswith(_RESOURCE_PATH) and "404" in operation.get("responses", {})

    def handler(call: Call) -> Outcome:
        if checks_webhook and call.emulator.store.get(call.team, call.path_params["public_id"]) is None:
            return error("not_found", "Webhook not found.", call.request_id)
        body = answer.body
        if isinstance(body, dict) and isinstance(body.get("meta"), dict):
            body = {**body, "meta": {**body["meta"], "request_id": call.request_id}}
        if answer.media_type is None or answer.media_type.endswith("json"):
            return Outcome(answer.status, body, call.request_id)
        return Outcome(answer.status, None, call.request_id, text=body, media_type=answer.media_type)

    return handler
