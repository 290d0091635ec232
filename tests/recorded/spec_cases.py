"""The cassette cases of every operation in openapi.yaml, built from the spec alone: one test, N operations, any tag.

Each operation's role comes from its REST shape (``sendmux_spec.roles``): the records its path ids name are made
first through their collection's own create operation (a nested one's parent first), with the required body
fields from their examples, or values built from the schema (``sendmux_spec.values``: a ``uri`` field points at
the recording receiver, a list of enum values takes all of them, so a test event finds `sendmux.test`), and
deleted afterwards through their own delete. Required query and header parameters come the same way. The cases:

- success: the documented 2xx, on real records;
- 304: the read again with the ETag it answered, for a read that takes `If-None-Match`;
- 401: a key no server knows; 403: a valid key whose role holds nothing;
- 404: an id of the right prefix that no record has, for an operation on one record;
- 400: a `cursor` the API never handed out, for a list that takes one; else a key a closed body does not have
  (`extra_body`, which the client sends unchecked); else an empty value for a required text query parameter (a
  string to the client, "missing" to the API). An operation with none of these has nothing the client lets
  through that the API refuses with 400 (its arguments are checked against the same schema before sending): its
  400 is exempt by rule;
- 409: an idempotent operation on one record, repeated on another with the same Idempotency-Key; else an
  idempotent create repeated with the same key and another body; else a stale `If-Match`;
- 412: a stale `If-Match`, where the operation documents 412;
- 413: a body over the API's 64 KiB limit (an `extra_body` field);
- 422: a `format: uri` field that passes the client's checks (`https://`) but names no host; else an enum field
  with a value the spec does not list (the client sends any string: the API knows every value).

The server's own faults and limits (429, 5xx) are no request's doing: the client's retry tests cover them, on a
mock transport. Any other documented answer these cannot provoke is declared in the spec, with the reason, as
``x-sendmux-unprovokable``: on a shared response (`components.responses`, a string) or on the operation (a map
from status to reason).
`test_contract` checks that every other documented answer was recorded, sync and async. `scenario` is the one
sequence of calls both the sync and the async test drive.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codegen.names import client_methods
from sendmux_spec import Collection, Operation, created_id, load, roles
from sendmux_spec.values import build

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = load(ROOT / "openapi.yaml")
SPEC: dict[str, Any] = DOCUMENT.data
ROLES = roles(DOCUMENT)
METHODS = client_methods(DOCUMENT)

# A key no server knows; the Authorization header is scrubbed at record time anyway.
STRANGER_API_KEY = "smx_root_not_a_real_key"
UNKNOWN_CURSOR = "c_nevergivenout"  # a cursor the API never handed out
NO_HOST_URL = "https://"  # passes the client's https check; the server finds no host in it
OVERSIZED = {"cassette_padding": "x" * 70_000}  # over the 64 KiB body limit
UNKNOWN_KEY = {"cassette_unknown_key": True}  # a key no closed body has
STALE_ETAG = 'W/"0000000000000000"'
UNLISTED = "cassette_unlisted_value"  # no enum lists it
# Where recorded URIs point. Deliveries to it fail (nothing listens), which is all these tests need;
# set SENDMUX_RECORD_RECEIVER_URL to a real https endpoint when recording against Sendmux.
RECEIVER_URL = os.environ.get("SENDMUX_RECORD_RECEIVER_URL", "https://127.0.0.1:9/sendmux-cassettes")
FIXED_NOW = 1767225600.0  # 2026-01-01: built timestamps stay the same, so recorded bodies match on replay


def resolve(node: Any) -> Any:
    """``node`` with local ``$ref``s followed."""
    return DOCUMENT.deref(node)


def value(schema: Any, name: str = "") -> Any:
    """What a case sends for ``schema`` (module docstring)."""
    node = DOCUMENT.fold(schema)
    if node.get("format") in ("uri", "url"):
        return RECEIVER_URL
    items = DOCUMENT.fold(node.get("items", {})) if node.get("type") == "array" else {}
    if items.get("enum"):
        every = [v for v in items["enum"] if v is not None]
        return every[: int(node.get("maxItems", len(every)))]
    return build(DOCUMENT, schema, name, now=FIXED_NOW)


def required_body(schema: Any, *, but: str = "") -> dict[str, Any]:
    node = DOCUMENT.fold(schema) if schema else {}
    properties = node.get("properties") or {}
    return {name: value(properties[name], name) for name in node.get("required", []) if name != but}


def _python(name: str) -> str:
    return name.lower().replace("-", "_")


@dataclass(frozen=True)
class Call:
    """A client call: ``client.<resource>.with_raw_response.<method>(*args, **kwargs)``. ``as_caller``: with the
    case's own key (else the recording key, for making and removing records)."""

    resource: str
    method: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    as_caller: bool = False


@dataclass(frozen=True)
class Spot:
    """One operation and what its cases need: the collections whose records its path ids name, outermost first."""

    op: Operation
    resource: str
    method: str  # the client method: ``<method>_page`` is called instead where the operation is paginated
    owners: tuple[Collection, ...]
    responses: dict[str, str]  # documented status -> why the generic cases cannot provoke it ("" if they can)

    @property
    def operation_id(self) -> str:
        return str(self.op.operation_id)

    @property
    def on_one_record(self) -> bool:
        return bool(self.owners)

    @property
    def body(self) -> dict[str, Any]:
        return DOCUMENT.fold(self.op.json_body) if self.op.json_body else {}

    def required_parameters(self) -> dict[str, Any]:
        found = {}
        for param in self.op.parameters:
            if param.location in ("query", "header") and param.required and param.name.lower() != "idempotency-key":
                node = param.node
                given = node.get("example", resolve(param.schema or {}).get("example"))
                found[_python(param.name)] = given if given is not None else value(param.schema, param.name)
        return found


def _owners(op: Operation) -> tuple[Collection, ...]:
    """The collections whose items the operation's path runs through, outermost first."""
    role = ROLES[(op.method, op.path)]
    innermost = role.collection
    if innermost is None:
        return ()
    chain: list[Collection] = []
    current: Collection | None = innermost
    while current is not None:
        if current.item_path and (op.path == current.item_path or op.path.startswith(current.item_path + "/")):
            chain.append(current)
        current = current.parent
    return tuple(reversed(chain))


SERVER_SIDE = "the server's own fault or limit: the client's retry tests cover it, on a mock transport"
CLIENT_CHECKS = "no cursor, closed body or required text query: the client refuses every bad argument before sending"
NOTHING_CREATES = "no operation creates the record it needs (mail, logs...): a server keeps none made by a request"


def _unprovokable(op: Operation) -> dict[str, str]:
    declared = op.node.get("x-sendmux-unprovokable", {})
    uncreatable = any(_create_of(owner) is None for owner in _owners(op))
    return {
        status: declared.get(status)
        or response.node.get("x-sendmux-unprovokable")
        or (SERVER_SIDE if status == "429" or status.startswith("5") else "")
        or (NOTHING_CREATES if uncreatable and (status[:1] in "23" or status in ("409", "412")) else "")
        or (CLIENT_CHECKS if status == "400" and not _refusable(op) else "")
        for status, response in op.responses.items()
    }


def _required_text_query(op: Operation) -> str | None:
    """A required query parameter that takes text: the client sends ``""``, the API finds it missing."""
    for param in op.parameters:
        if param.location == "query" and param.required and DOCUMENT.fold(param.schema or {}).get("type") == "string":
            return _python(param.name)
    return None


def _refusable(op: Operation) -> bool:
    """Whether a generic 400 case exists for ``op`` (``cases``)."""
    closed = bool(op.json_body) and DOCUMENT.fold(op.json_body).get("additionalProperties") is False
    return op.parameter("query", "cursor") is not None or closed or _required_text_query(op) is not None


def operations() -> list[Spot]:
    found = []
    for op in DOCUMENT.operations:
        resource, method = METHODS[str(op.operation_id)]
        found.append(Spot(op, resource, method, _owners(op), _unprovokable(op)))
    return found


def _create_of(collection: Collection) -> Operation | None:
    return next((op for op in DOCUMENT.operations if op.method == "post" and op.path == collection.path), None)


def _delete_of(collection: Collection) -> Operation | None:
    return next((op for op in DOCUMENT.operations if op.method == "delete" and op.path == collection.item_path), None)


def _client_call(op: Operation, args: tuple[Any, ...], kwargs: dict[str, Any], *, as_caller: bool = False) -> Call:
    resource, method = METHODS[str(op.operation_id)]
    return Call(resource, method, args, kwargs, as_caller)


def record_id(collection: Collection, create: Operation, body: Any) -> str:
    """The new record's id in a create's answer (``sendmux_spec.created_id``)."""
    found = created_id(DOCUMENT, collection, create, body)
    if found is None:
        raise LookupError(f"{create.operation_id}'s answer carries no {collection.noun} id")
    return found


@dataclass(frozen=True)
class Case:
    spot: Spot
    status: int  # the documented answer this case provokes (2xx: the success)
    api_key: str | None = None  # None: the recording key; "no-role": a valid key whose role holds nothing
    kwargs: dict[str, Any] = field(default_factory=dict)
    unknown_record: bool = False
    conflict: bool = False  # call once on one record, then with the same key on another
    other_body: dict[str, Any] | None = None  # call once, then with the same key and this body added
    if_match: str | None = None
    conditional_read: bool = False  # read once, then again with If-None-Match: the ETag it answered

    def __str__(self) -> str:
        return f"{self.spot.operation_id}-{self.status}"

    def _path_args(self, ids: dict[str, list[str]], which: int) -> tuple[Any, ...]:
        args = []
        by_param = {c.id_param: c for c in self.spot.owners}
        innermost = self.spot.owners[-1] if self.spot.owners else None
        for param in self.spot.op.path_parameters:
            owner = by_param.get(param.name)
            if owner is not None and owner is innermost and self.unknown_record:
                args.append(owner.new_id_like())
            elif owner is not None:
                args.append(ids[owner.path][which if owner is innermost else 0])
            else:
                given = param.node.get("example", resolve(param.schema or {}).get("example"))
                args.append(given if given is not None else value(param.schema, param.name))
        return tuple(args)

    def scenario(self, idempotency_key: str) -> Generator[Call, Any, None]:
        """The calls of this case, each sent the raw answer (or the `sendmux.APIError`) of the one before.
        Records are made first and removed last, whatever happens in between."""
        ids: dict[str, list[str]] = {}
        made: list[tuple[Collection, str, tuple[Any, ...]]] = []
        kwargs = {**self.spot.required_parameters(), **self.kwargs}
        if self.spot.op.idempotent:
            kwargs["idempotency_key"] = idempotency_key
        try:
            for owner in self.spot.owners:
                create = _create_of(owner)
                if create is None:  # the case needs no real one (an error before any record is read)
                    ids.setdefault(owner.path, []).extend([owner.new_id_like()] * 2)
                    continue
                outer = tuple(ids[c.path][0] for c in self.spot.owners[: self.spot.owners.index(owner)])
                count = 2 if self.conflict and owner is self.spot.owners[-1] else 1
                for _ in range(count):
                    answer = yield _client_call(create, outer, required_body(create.json_body))
                    assert 200 <= answer.status_code < 300, answer
                    new_record = record_id(owner, create, answer.http_response.json())
                    ids.setdefault(owner.path, []).append(new_record)
                    made.append((owner, new_record, outer))
            if self.conflict or self.other_body is not None or self.conditional_read:
                first = yield _client_call(self.spot.op, self._path_args(ids, 0), kwargs, as_caller=True)
                assert 200 <= first.status_code < 300, first
                if self.other_body is not None:
                    kwargs = {**kwargs, "extra_body": self.other_body}
                if self.conditional_read:
                    kwargs = {**kwargs, "if_none_match": first.etag}
            if self.if_match is not None:
                kwargs = {**kwargs, "if_match": self.if_match}
            args = self._path_args(ids, -1)
            answer = yield _client_call(self.spot.op, args, kwargs, as_caller=True)
            status = getattr(answer, "status_code", None)
            role = ROLES[(self.spot.op.method, self.spot.op.path)]
            if status == 201 and role.kind == "create" and role.collection is not None:
                new_id = record_id(role.collection, self.spot.op, answer.http_response.json())
                made.append((role.collection, new_id, args))
            assert status == self.status, f"{self}: expected {self.status}, got {answer}"
            assert answer.request_id
            if self.status < 300:  # a 204 has no body, every other success has one
                assert (answer.data is None) == (self.status == 204)
        finally:
            for owner, made_id, outer in reversed(made):
                delete = _delete_of(owner)
                if delete is not None:
                    yield _client_call(delete, (*outer, made_id), {})  # a 404 is fine: the case removed it


def _enum_field(body: dict[str, Any]) -> str | None:
    """A top-level field of the body whose schema is an enum (a list of values the API checks)."""
    for name, sub in (body.get("properties") or {}).items():
        node = DOCUMENT.fold(sub)
        if node.get("enum") and node.get("type") in ("string", None):
            return str(name)
    return None


def cases() -> list[Case]:
    found: list[Case] = []
    for spot in operations():
        documented = {status for status, why in spot.responses.items() if not why}
        body = required_body(spot.op.json_body) if spot.op.json_body else {}
        takes_if_match = spot.op.parameter("header", "If-Match") is not None
        success = sorted(status for status in documented if status.startswith("2"))
        if success:
            found.append(Case(spot, int(success[0]), kwargs=body))
        if "304" in documented and spot.op.parameter("header", "If-None-Match") is not None:
            found.append(Case(spot, 304, kwargs=body, conditional_read=True))
        if "401" in documented:
            found.append(Case(spot, 401, api_key=STRANGER_API_KEY, kwargs=body))
        if "403" in documented:
            found.append(Case(spot, 403, api_key="no-role", kwargs=body))
        if "404" in documented and spot.on_one_record:
            found.append(Case(spot, 404, kwargs=body, unknown_record=True))
        if "400" in documented and spot.op.parameter("query", "cursor") is not None:
            found.append(Case(spot, 400, kwargs={**body, "cursor": UNKNOWN_CURSOR}))
        elif "400" in documented and spot.body.get("additionalProperties") is False:
            found.append(Case(spot, 400, kwargs={**body, "extra_body": UNKNOWN_KEY}))
        elif "400" in documented and (text := _required_text_query(spot.op)) is not None:
            found.append(Case(spot, 400, kwargs={**body, text: ""}))
        uri = next((n for n, s in spot.body.get("properties", {}).items() if resolve(s).get("format") == "uri"), None)
        enum = _enum_field(spot.body)
        if "422" in documented and uri is not None:
            found.append(Case(spot, 422, kwargs={**body, uri: NO_HOST_URL}))
        elif "422" in documented and enum is not None:
            found.append(Case(spot, 422, kwargs={**body, enum: UNLISTED}))
        if "413" in documented and spot.op.json_body:
            found.append(Case(spot, 413, kwargs={**body, "extra_body": OVERSIZED}))
        if "409" in documented and spot.op.idempotent and spot.on_one_record:
            found.append(Case(spot, 409, kwargs=body, conflict=True))
        elif "409" in documented and spot.op.idempotent and spot.op.json_body:
            found.append(Case(spot, 409, kwargs=body, other_body=UNKNOWN_KEY))
        elif "409" in documented and takes_if_match and "412" not in documented:
            found.append(Case(spot, 409, kwargs=body, if_match=STALE_ETAG))
        if "412" in documented and takes_if_match:
            found.append(Case(spot, 412, kwargs=body, if_match=STALE_ETAG))
    return found


CASES = cases()
