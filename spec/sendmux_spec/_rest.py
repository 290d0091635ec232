"""What each operation does to the API's state, read from its REST shape alone.

A *collection* is a path whose POST answers a record (an object with an ``id``) or whose GET answers a list of
records; ``{collection}/{id}`` is its *item*. Then ``POST`` on the collection creates, ``GET`` lists, and
``GET``/``PATCH``/``PUT``/``DELETE`` on the item read, merge, replace and remove; any other operation under an
item (``POST /domains/{public_id}/verify``, ``GET /domains/{public_id}/zone-file``) is an *action* on that record.
Everything else keeps no state. The emulator serves every operation this way (`sendmux_emulator`), and the
cassette cases call each with real ids (tests/recorded/spec_cases.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ._names import singular, words

if TYPE_CHECKING:
    from ._document import Document
    from ._operations import Operation

__all__ = ["ACTION", "CREATE", "DELETE", "LIST", "READ", "REPLACE", "UPDATE", "Collection", "Role", "roles"]

CREATE, LIST, READ, UPDATE, REPLACE, DELETE, ACTION = "create", "list", "read", "update", "replace", "delete", "action"
_ITEM_VERBS = {"get": READ, "patch": UPDATE, "put": REPLACE, "delete": DELETE}
_PREFIX = re.compile(r"^([a-z][a-z0-9]*)_[A-Za-z0-9]")


def _segments(path: str) -> list[str]:
    return [segment for segment in path.strip("/").split("/") if segment]


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


@dataclass(frozen=True)
class Collection:
    """Records of one kind: created at ``path``, each at ``item_path`` (``{id_param}`` filled with its id)."""

    path: str  # "/domains", "/mailboxes/{public_id}/keys"
    item_path: str | None  # "/domains/{public_id}"
    id_param: str | None  # "public_id"
    record: Any  # the record's schema as written ({$ref: MailboxDomain})
    id_field: str  # the record's own id property: "id"
    prefix: str  # the type prefix of its ids, from the spec's examples: "mdom"
    parent: Collection | None = None  # the collection whose item this one sits under (/mailboxes for its keys)

    @property
    def noun(self) -> str:
        return singular("_".join(words(_segments(self.path)[-1])))

    def new_id_like(self, template: str = "c" + "0" * 24) -> str:
        return f"{self.prefix}_{template}"


@dataclass(frozen=True)
class Role:
    """What one operation does: ``kind`` (create, list, read, update, replace, delete, action) on ``collection``,
    or ``None`` for an operation that keeps no state."""

    kind: str | None
    collection: Collection | None = None


def _record_of(document: Document, operation: Operation) -> Any:
    """The record a success answer carries (its envelope's ``data``, or the body), or None."""
    success = operation.success
    if success is None or success.json_schema is None:
        return None
    envelope = operation.envelope
    return envelope.data if envelope is not None else success.json_schema


def _id_field(document: Document, schema: Any) -> str | None:
    properties = document.fold(schema).get("properties") or {}
    return next((name for name in ("id", "public_id") if name in properties), None)


def _example_ids(document: Document, operation: Operation, record: Any, id_field: str) -> list[str]:
    """Every example id the spec gives a record of this kind: on its id property, in its examples, in the
    answers' examples, and on the item's path parameter."""
    found: list[Any] = []
    node = document.fold(record)
    prop = document.deref((node.get("properties") or {}).get(id_field, {}))
    found += [prop.get("example"), *(prop.get("examples") or [])]
    found += [example.get(id_field) for example in node.get("examples") or [] if isinstance(example, dict)]
    for response in operation.responses.values():
        for media in response.content.values():
            named = [document.deref(e).get("value") for e in (media.get("examples") or {}).values()]
            for value in [media.get("example"), *named]:
                data = value.get("data") if isinstance(value, dict) else None
                rows = data if isinstance(data, list) else [data]
                found += [row.get(id_field) for row in rows if isinstance(row, dict)]
    return [value for value in found if isinstance(value, str)]


def _prefix(ids: list[Any], collection_path: str) -> str:
    for value in ids:
        match = _PREFIX.match(value) if isinstance(value, str) else None
        if match:
            return match.group(1)
    noun = singular("_".join(words(_segments(collection_path)[-1])))
    return noun.replace("_", "")[:4] or "rec"


def roles(document: Document) -> dict[tuple[str, str], Role]:
    """(method, path) -> the operation's role, for every operation of the document."""
    operations = document.operations
    by_path: dict[str, dict[str, Operation]] = {}
    for op in operations:
        by_path.setdefault(op.path, {})[op.method] = op
    collections: dict[str, Collection] = {}
    for path, methods in by_path.items():
        segments = _segments(path)
        if not segments or _is_param(segments[-1]):
            continue
        items = [
            other
            for other in by_path
            if len(_segments(other)) == len(segments) + 1
            and _segments(other)[:-1] == segments
            and _is_param(_segments(other)[-1])
        ]
        item_path = items[0] if len(items) == 1 else None
        if item_path is None and "get" not in methods:
            continue  # a POST alone under a record is an action on it (rotate-secret, suspend), not a collection
        record, source = None, None
        if "post" in methods:
            candidate = _record_of(document, methods["post"])
            if candidate is not None and _id_field(document, candidate):
                record, source = candidate, methods["post"]
        if record is None and "get" in methods:
            listed = _record_of(document, methods["get"])
            folded = document.fold(listed) if listed is not None else {}
            if folded.get("type") == "array" and _id_field(document, folded.get("items")):
                record, source = folded["items"], methods["get"]
        if record is None and item_path is not None and "get" in by_path[item_path]:
            candidate = _record_of(document, by_path[item_path]["get"])
            if candidate is not None and _id_field(document, candidate) and ("post" in methods or "get" in methods):
                record, source = candidate, by_path[item_path]["get"]
        if record is None or source is None:
            continue
        id_field = _id_field(document, record) or "id"
        ids: list[Any] = []
        for op in [*methods.values(), *(by_path[item_path].values() if item_path else [])]:
            ids += _example_ids(document, op, record, id_field)
        id_param = _segments(item_path)[-1][1:-1] if item_path else None
        for op in by_path[item_path].values() if item_path else ():
            param = op.parameter("path", str(id_param))
            if param is not None:
                ids += [param.node.get("example"), document.deref(param.schema or {}).get("example")]
        collections[path] = Collection(path, item_path, id_param, record, id_field, _prefix(ids, path))
    for path, collection in list(collections.items()):
        parent = _under(path, collections)
        if parent is not None:
            collections[path] = replace(collection, parent=parent)
    found: dict[tuple[str, str], Role] = {}
    for op in operations:
        found[(op.method, op.path)] = _role(op, collections)
    return found


def _under(path: str, collections: dict[str, Collection]) -> Collection | None:
    """The collection whose item ``path`` lies under (the deepest one), if any."""
    owners = [c for c in collections.values() if c.item_path and path.startswith(c.item_path + "/")]
    return max(owners, key=lambda c: len(c.item_path or ""), default=None)


def _role(op: Operation, collections: dict[str, Collection]) -> Role:
    if op.path in collections:
        collection = collections[op.path]
        if op.method == "post":
            return Role(CREATE, collection)
        if op.method == "get":
            return Role(LIST, collection)
        return Role(None)
    for collection in collections.values():
        if op.path == collection.item_path and op.method in _ITEM_VERBS:
            return Role(_ITEM_VERBS[op.method], collection)
    owner = _under(op.path, collections)
    return Role(ACTION, owner) if owner is not None else Role(None)


def id_pointer(document: Document, collection: Collection, create: Operation) -> str:
    """Where a create's answer carries the new record's id, as a JSON pointer into the body: ``/data/id``, or
    ``/data/mailbox/id`` when the answer wraps the record (``{mailbox: Mailbox, credential: ...}``)."""
    envelope = create.envelope
    success = create.success
    schema = document.fold(envelope.data if envelope else (success.json_schema if success else None))
    base = "/data" if envelope else ""
    properties = schema.get("properties") or {}
    if collection.id_field in properties:
        return f"{base}/{collection.id_field}"
    wanted = document.deref_named(collection.record)[1]
    for name, sub in properties.items():
        if wanted and document.deref_named(sub)[1] == wanted:
            return f"{base}/{name}/{collection.id_field}"
    return f"{base}/{collection.id_field}"


def created_id(document: Document, collection: Collection, create: Operation, body: Any) -> str | None:
    """The new record's id in a create's answer (``id_pointer``), or None when the body does not hold one."""
    node = body
    for token in id_pointer(document, collection, create).strip("/").split("/"):
        node = node.get(token) if isinstance(node, dict) else None
    return str(node) if isinstance(node, str | int) else None
