"""State for every operation of the spec, from its REST shape (``sendmux_spec.roles``): no handler per tag.

``POST`` on a collection creates a record: the answer's schema filled with the request's fields of the same
name, a fresh id with the resource's prefix (read from the spec's examples: ``mdom_c…``), ``created_at`` and
``updated_at``. ``GET``/``PATCH``/``PUT``/``DELETE`` on the item read, merge, replace and remove it; an unknown
or deleted id gets 404. A list pages through the team's records, newest first, and ends. An action under an item
(``POST /domains/{public_id}/verify``) answers its schema filled from the record (and the request); a ``PUT`` or
``PATCH`` there keeps what it was sent, which the ``GET`` of the same path then answers. ``ETag`` with
``If-None-Match`` (304) and ``If-Match`` (412, or 409 where the operation documents no 412), and ``Location``
on a create, wherever the operation declares them.

The webhooks keep their own handlers (`webhooks`), for what the spec cannot say (secrets, deliveries, signing);
their records are read from the webhook store, so actions added under a webhook find it too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sendmux_spec import Document, Operation
from sendmux_spec._rest import ACTION, CREATE, DELETE, LIST, READ, REPLACE, UPDATE, Collection, Role
from sendmux_spec.values import fill

from .._spec.document import BASE_PATH
from .._spec.replies import Issue, Reply, error
from .._state.clock import rfc3339
from .._state.ids import new_id
from .._state.records import Record
from .pagination import ListingPage, paginate
from .pipeline import ApiHandler, IncomingCall

__all__ = ["ForeignRecords", "conditional", "etag_matches", "page", "rest_handler"]

Row = TypeVar("Row")

_PAGING = frozenset({"cursor", "limit"})


# A lookup for a collection whose records another store keeps (the webhooks'): (call, id) -> JSON, or None.
ForeignRecords = Callable[[IncomingCall, str], dict[str, Any] | None]


def _concrete(template: str, call: IncomingCall) -> str:
    """``template`` with the request's path parameters filled in."""
    path = template
    for name, value in call.path_params.items():
        path = path.replace("{" + name + "}", str(value))
    return path


def _id_of(collection: Collection, call: IncomingCall) -> str:
    return str(call.path_params[collection.id_param]) if collection.id_param else ""


def _declares(operation: Operation, status: str, header: str | None = None) -> bool:
    response = operation.responses.get(status)
    if response is None:
        return False
    return header is None or any(name.lower() == header.lower() for name in response.headers)


def etag_matches(header: str | None, etag: str) -> bool:
    """Weak comparison against a comma-separated ``If-Match``/``If-None-Match`` list (``*`` matches)."""
    if header is None:
        return False
    wanted = etag.removeprefix("W/")
    return any(c.strip() == "*" or c.strip().removeprefix("W/") == wanted for c in header.split(","))


def page(
    call: IncomingCall, listing: str, rows: Sequence[Row], position_of: Callable[[Row], int]
) -> ListingPage[Row] | Reply:
    """The page of ``rows`` (newest first) after the request's cursor, or a 400 when that cursor is not one this
    list of this team handed out (so another team's or another list's cursor is refused, not read)."""
    cursors, scoped = call.emulator.cursors, f"{call.team}\0{listing}"
    cursor = call.query.get("cursor")
    after = cursors.decode(scoped, cursor) if cursor is not None else None
    if cursor is not None and after is None:
        issue = Issue("cursor", "invalid_string", "not a cursor this list handed out")
        message = "Invalid request parameters."
        return error("invalid_parameter", message, call.request_id, param="cursor", issues=[issue])
    limit = int(call.query.get("limit") or 50)
    return paginate(rows, position_of, after=after, limit=limit, codec=cursors, listing=scoped)


class _Answers:
    """How one operation's success answer is written: status, envelope or not, media type."""

    def __init__(self, document: Document, operation: Operation) -> None:
        self.document, self.operation = document, operation
        success = operation.success
        self.status = int(success.status) if success and success.status.isdigit() else 200
        self.envelope = operation.envelope
        self.media = success.media("json") if success else None
        self.text = None if self.media or success is None else next(iter(success.content), None)
        self.schema = self.envelope.data if self.envelope else (self.media[1].get("schema") if self.media else None)
        self.example = self._example(document)

    def _example(self, document: Document) -> dict[str, Any]:
        """The documented example's result (its ``data`` when enveloped), the last source an answer is filled from."""
        if self.media is None:
            return {}
        media = self.media[1]
        named = [document.deref(x).get("value") for x in (media.get("examples") or {}).values()]
        example = media["example"] if "example" in media else next(iter(named), None)
        if self.envelope is not None and isinstance(example, dict):
            example = example.get("data")
        return example if isinstance(example, dict) else {}

    def data(
        self, call: IncomingCall, *sources: dict[str, Any], record: tuple[Any, dict[str, Any]] | None = None
    ) -> Any:
        """The answer's result filled from ``sources`` (the first that has a field wins); for a text answer, their
        fields merged. ``record``: (schema, JSON) of the record the answer is about, so an answer that wraps it
        (``{mailbox: Mailbox, credential: ...}``) carries it where that schema sits."""
        if self.text is not None:
            return {k: v for source in reversed(sources) for k, v in source.items()}
        if record is not None:
            wanted = self.document.deref_named(record[0])[1]
            properties = self.document.fold(self.schema).get("properties") or {}
            at = [p for p, sub in properties.items() if wanted and self.document.deref_named(sub)[1] == wanted]
            sources = (*sources, {p: record[1] for p in at})
        return fill(self.document, self.schema, sources, now=call.emulator.clock.now())

    def reply(self, call: IncomingCall, data: Any, headers: dict[str, str] | None = None, **envelope: Any) -> Reply:
        headers = dict(headers or {})
        if self.text is not None:  # text, binary, an event stream: the record's fields, one per line
            lines = "".join(f"{key}: {json.dumps(value)}\n" for key, value in (data or {}).items())
            return Reply(self.status, None, call.request_id, headers, text=lines, media_type=self.text)
        if self.media is None:  # 204
            return Reply(self.status, None, call.request_id, headers)
        if self.envelope is None:
            return Reply(self.status, data, call.request_id, headers)
        body = fill(self.document, self.envelope.schema, ({"data": data, **envelope},), now=call.emulator.clock.now())
        body["data"] = data
        body.update(envelope)
        if isinstance(body.get("meta"), dict):
            body["meta"] = {**body["meta"], "request_id": call.request_id}
        return Reply(self.status, body, call.request_id, headers)


@dataclass
class _Rest:
    """The handler of one operation with a REST role."""

    document: Document
    operation: Operation
    role: Role
    foreign: dict[str, ForeignRecords]
    answers: _Answers = field(init=False)

    def __post_init__(self) -> None:
        self.answers = _Answers(self.document, self.operation)

    @property
    def collection(self) -> Collection:
        assert self.role.collection is not None
        return self.role.collection

    def not_found(self, call: IncomingCall, what: Collection) -> Reply:
        return error("not_found", f"No such {what.noun.replace('_', ' ')}.", call.request_id)

    def parent_missing(self, call: IncomingCall) -> Reply | None:
        """404 when a nested collection's parent record does not exist."""
        parent = self.collection.parent
        if parent is None:
            return None
        return None if self.record_json(call, parent) is not None else self.not_found(call, parent)

    def record_json(self, call: IncomingCall, collection: Collection) -> dict[str, Any] | None:
        record_id = _id_of(collection, call)
        if collection.path in self.foreign:
            return self.foreign[collection.path](call, record_id)
        record = call.emulator.records.get(call.team, _concrete(collection.path, call), record_id)
        return record.data if record is not None else None

    def record(self, call: IncomingCall) -> Record | None:
        return call.emulator.records.get(
            call.team, _concrete(self.collection.path, call), _id_of(self.collection, call)
        )

    def headers(self, call: IncomingCall, record: Record) -> dict[str, str]:
        status = str(self.answers.status)
        found = {}
        if _declares(self.operation, status, "ETag") or "304" in self.operation.responses:
            found["ETag"] = record.etag
        if _declares(self.operation, status, "Location") and self.collection.item_path:
            path = self.collection.item_path.replace("{" + str(self.collection.id_param) + "}", record.data["id"])
            found["Location"] = BASE_PATH + _concrete(path, call)
        return found

    def precondition_failed(self, call: IncomingCall, record: Record) -> Reply | None:
        if_match = call.headers.get("if-match")
        if if_match is None or etag_matches(if_match, record.etag):
            return None
        message = "The resource changed since you read it (If-Match does not match); fetch it again."
        reply = error("conflict", message, call.request_id, param="If-Match", headers={"ETag": record.etag})
        if _declares(self.operation, "412"):
            reply.status = 412
        return reply

    # ---- the roles ----

    def __call__(self, call: IncomingCall) -> Reply:
        kind = self.role.kind
        if kind == LIST:
            return self.list(call)
        missing = self.parent_missing(call)
        if missing is not None:
            return missing
        if kind == CREATE:
            return self.create(call)
        if kind == ACTION:
            return self.action(call)
        record = self.record(call)
        if record is None:
            return self.not_found(call, self.collection)
        if kind == READ:  # a 304 for a matching If-None-Match: `conditional`, around every GET that documents one
            data = self.answers.data(call, record.data, record=(self.collection.record, record.data))
            return self.answers.reply(call, data, self.headers(call, record))
        conflict = self.precondition_failed(call, record)
        if conflict is not None:
            return conflict
        if kind in (UPDATE, REPLACE):
            return self.change(call, record, replace=kind == REPLACE)
        assert kind == DELETE
        call.emulator.records.remove(call.team, _concrete(self.collection.path, call), _id_of(self.collection, call))
        removed = self.answers.data(call, record.data, record=(self.collection.record, record.data))
        return self.answers.reply(call, removed)

    def create(self, call: IncomingCall) -> Reply:
        body = call.body if isinstance(call.body, dict) else {}
        now = call.emulator.clock.now()
        fixed = {"id": new_id(self.collection.prefix), "created_at": rfc3339(now), "updated_at": rfc3339(now)}
        data = fill(self.document, self.collection.record, (fixed, body), now=now)
        record = call.emulator.records.add(call.team, _concrete(self.collection.path, call), data["id"], data)
        answer = self.answers.data(call, data, record=(self.collection.record, data))
        return self.answers.reply(call, answer, self.headers(call, record))

    def list(self, call: IncomingCall) -> Reply:
        filters = {k: v for k, v in call.query.items() if k not in _PAGING and v is not None}
        rows = [
            r
            for r in call.emulator.records.newest_first(call.team, _concrete(self.collection.path, call))
            if all(k not in r.data or str(r.data[k]).lower() == str(v).lower() for k, v in filters.items())
        ]
        listed = page(call, _concrete(self.collection.path, call), rows, lambda r: r.position)
        if isinstance(listed, Reply):
            return listed  # a cursor no list handed out, before whether the list's parent exists
        missing = self.parent_missing(call)
        if missing is not None:
            return missing
        item = self.document.fold(self.answers.schema).get("items", {})
        now = call.emulator.clock.now()
        data = [fill(self.document, item, (r.data,), now=now) for r in listed.items]
        return self.answers.reply(call, data, pagination=listed.pagination())

    def change(self, call: IncomingCall, record: Record, *, replace: bool) -> Reply:
        body = call.body if isinstance(call.body, dict) else {}
        now = call.emulator.clock.now()
        kept = {k: record.data[k] for k in ("id", "created_at") if k in record.data}
        merged = {**kept, **body} if replace else {**record.data, **body}
        merged["updated_at"] = rfc3339(now)
        data = fill(self.document, self.collection.record, (merged, record.data), now=now)
        if data != record.data:
            record.data, record.revision = data, record.revision + 1
        answer = self.answers.data(call, data, record=(self.collection.record, data))
        return self.answers.reply(call, answer, self.headers(call, record))

    def action(self, call: IncomingCall) -> Reply:
        owner = self.record_json(call, self.collection)
        if owner is None:
            return self.not_found(call, self.collection)
        body = call.body if isinstance(call.body, dict) else {}
        part = self.operation.path.removeprefix(str(self.collection.item_path))
        record = self.record(call)
        if record is not None and self.operation.method in ("put", "patch"):
            record.parts[part] = {**record.parts.get(part, {}), **body} if self.operation.method == "patch" else body
        stored = record.parts.get(part, {}) if record is not None else {}
        given = {**call.path_params, **{k: v for k, v in call.query.items() if v is not None}}
        record_of = (self.collection.record, owner)
        data = self.answers.data(call, body, stored, given, owner, self.answers.example, record=record_of)
        return self.answers.reply(call, data)


def conditional(operation: Operation, handler: ApiHandler) -> ApiHandler:
    """``handler`` for a GET that documents 304: its answer carries an ``ETag`` (the handler's own, else a digest
    of what it answered), and a request whose ``If-None-Match`` names it gets 304 with no body."""
    if operation.method != "get" or "304" not in operation.responses:
        return handler

    def answer(call: IncomingCall) -> Reply:
        reply = handler(call)
        if reply.status != 200:
            return reply
        etag = reply.headers.get("ETag")
        if etag is None:
            data = reply.body.get("data") if isinstance(reply.body, dict) else reply.text
            digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]
            etag = reply.headers["ETag"] = f'W/"{digest}"'
        if etag_matches(call.headers.get("if-none-match"), etag):
            return Reply(304, None, call.request_id, {"ETag": etag})
        return reply

    return answer


def rest_handler(
    document: Document, operation: Operation, role: Role, foreign: dict[str, ForeignRecords]
) -> ApiHandler:
    """The handler serving ``operation`` by its role (module docstring)."""
    return _Rest(document, operation, role, foreign)
