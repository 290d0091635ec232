"""What the spec alone says about an operation: the permission it needs, and the answer of an operation that keeps
no state (its documented example, or one built from its schema and the request).

Such an operation still runs the whole pipeline (rate limit, authentication, faults, permission, body size,
idempotency, validation); only the last step, the handler, comes from here. Operations that read or change state
are served by their REST role (`rest`), the webhooks' by their own handlers (`webhooks`).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Any

from sendmux_spec import Operation, escape, media_kind
from sendmux_spec.values import build, fill

from .._spec.document import pointer_errors, spec_dict, spec_document
from .._spec.replies import Reply
from .._spec.schema_checks import SchemaChecks
from .pipeline import ApiHandler, IncomingCall

__all__ = ["SpecAnswer", "permission_of", "served_from_spec", "spec_answer"]

_NEEDS = re.compile(r"Needs `([a-z_]+\.[a-z_*]+)`")


@functools.cache
def _checks() -> SchemaChecks:
    return SchemaChecks(spec_dict(), {})  # no format rules of the emulator's own: pointer_errors has none


def permission_of(operation: dict[str, Any]) -> str | None:
    """``x-sendmux-permission``; else the ``Needs `x.y``` its description names (as Sendmux's docs write it);
    else None: the spec states none, and any full key may call it (`auth.Principal.may`)."""
    declared = operation.get("x-sendmux-permission")
    if isinstance(declared, str):
        return declared
    named = _NEEDS.search(operation.get("description", ""))
    return named.group(1) if named else None


@dataclass(frozen=True)
class SpecAnswer:
    """The success answer of an operation served from the spec; ``body`` is JSON, text, or None. ``built``: no
    example, so each request fills the schema from what it sent (`served_from_spec`)."""

    status: int
    media_type: str | None
    body: Any
    built: bool = False


def spec_answer(operation: Operation) -> SpecAnswer:
    """The answer to serve, checked against the response schema now: a wrong example stops the emulator."""
    document = spec_document()
    success = operation.success
    if success is None:
        raise RuntimeError(f"{operation.operation_id} ({operation.label}) documents no 2xx answer")
    status = int(success.status) if success.status.isdigit() else 200
    if not success.content:
        return SpecAnswer(status, None, None)
    media_type = next((m for m in success.content if media_kind(m) == "json"), next(iter(success.content)))
    media = success.content[media_type]
    named = [document.deref(x).get("value") for x in (media.get("examples") or {}).values()]
    examples = [media["example"]] if "example" in media else [value for value in named if value is not None]
    kind = media_kind(media_type)
    if kind == "json":
        body = examples[0] if examples else build(document, media.get("schema"))
        pointer = f"{success.where.removeprefix('#')}/content/{escape(media_type)}/schema"
        # Checked at start-up with plain jsonschema; only an example it refuses loads openapi-schema-validator,
        # the judge of record, to say why (or to overrule it).
        problems = [] if _checks().is_valid(pointer)(body) else pointer_errors(pointer, body)
        if problems:
            raise RuntimeError(
                f"{operation.operation_id} ({operation.label}): its {status} example does not match its "
                f"schema, so the emulator cannot serve it from the spec: {problems[0].message}"
            )
        return SpecAnswer(status, media_type, body, built=not examples)
    if examples and isinstance(examples[0], str):
        return SpecAnswer(status, media_type, examples[0])
    item = media.get("itemSchema") or media.get("schema") or {}
    if kind == "events":  # each event's data holds one item
        return SpecAnswer(status, media_type, f"data: {json.dumps(build(document, item))}\n\n")
    value = build(document, item, "_".join(operation.summary.lower().split()) or "text") if item else None
    text = value if isinstance(value, str) else f"{operation.summary or operation.operation_id}\n"
    return SpecAnswer(status, media_type, text)


def served_from_spec(operation: Operation) -> ApiHandler:
    """A handler answering with the documented answer, its ``meta.request_id`` set to this request's id; without
    an example, the schema filled from the request (a field named like a query parameter or a body field takes
    its value: an availability check answers for the address it was asked about)."""
    answer = spec_answer(operation)
    document = spec_document()
    schema = operation.success.json_schema if operation.success else None

    def handler(call: IncomingCall) -> Reply:
        body = answer.body
        if answer.built and schema is not None:
            sent = call.body if isinstance(call.body, dict) else {}
            given = {**{k: v for k, v in call.query.items() if v is not None}, **call.path_params, **sent}
            envelope = operation.envelope
            if envelope is not None:
                data = fill(document, envelope.data, (given,), now=call.emulator.clock.now())
                body = {**body, "data": data}
            else:
                body = fill(document, schema, (given,), now=call.emulator.clock.now())
        if isinstance(body, dict) and isinstance(body.get("meta"), dict):
            body = {**body, "meta": {**body["meta"], "request_id": call.request_id}}
        if answer.media_type is None or media_kind(answer.media_type) == "json":
            return Reply(answer.status, body, call.request_id)
        return Reply(answer.status, None, call.request_id, text=body, media_type=answer.media_type)

    return handler
