"""Run in a scratch copy after a new API version went through `make generate` (tests/test_new_version_loop.py):
against that copy's emulator (SENDMUX_BASE_URL, else one started here), every collection of its openapi.yaml that
can be created, read, changed, listed and deleted goes through that lifecycle in the regenerated public client,
read from the spec alone (tests/recorded/spec_cases.py's values). Prints, per collection, what it saw, as JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from sendmux import NotFoundError, Sendmux
from sendmux_spec import Collection, Operation
from tests.recorded import spec_cases
from tests.recorded.spec_cases import DOCUMENT, METHODS, ROLES, required_body, value

KEY = "smx_root_dev"


def by_role(collection: Collection) -> dict[str, Operation]:
    return {
        str(role.kind): op
        for op in DOCUMENT.operations
        if (role := ROLES[(op.method, op.path)]).collection == collection and role.kind
    }


def call(client: Sendmux, op: Operation, *args: Any, **kwargs: Any) -> Any:
    resource, method = METHODS[str(op.operation_id)]
    return getattr(getattr(client, resource), method)(*args, **kwargs)


def changed(op: Operation, record: dict[str, Any]) -> dict[str, Any]:
    """A field the update takes, with a value other than the record's: another enum value, or a string made longer.
    An update whose only fields are enums the record already holds the one value of (Sendmux's domain ``mode``:
    upgrade to ``send_receive`` only) gets that value again, which the API accepts and keeps."""
    properties = DOCUMENT.fold(op.json_body).get("properties") or {}
    kept: dict[str, Any] = {}
    for name, schema in properties.items():
        node = DOCUMENT.fold(schema)
        if node.get("enum"):
            options = [v for v in node["enum"] if v is not None and v != record.get(name)]
            if options:
                return {name: options[0]}
            kept = kept or {name: record.get(name)}
            continue
        types = node.get("type") if isinstance(node.get("type"), list) else [node.get("type")]
        if "string" in types and not node.get("format") and not node.get("pattern"):
            return {name: f"{value(schema, name)}-changed"[: int(node.get("maxLength", 64))]}
    if kept:
        return kept
    raise LookupError(f"{op.operation_id} takes no field this check can change")


def lifecycle(client: Sendmux, collection: Collection, ops: dict[str, Operation]) -> dict[str, Any]:
    sent = required_body(ops["create"].json_body)
    created = call(client, ops["create"], **sent)
    record_id = spec_cases.record_id(collection, ops["create"], {"data": created.to_dict()})
    got = call(client, ops["read"], record_id).to_dict()
    change = changed(ops["update"], got)
    call(client, ops["update"], record_id, **change)
    after = call(client, ops["read"], record_id).to_dict()
    listed = [item.to_dict()[collection.id_field] for item in call(client, ops["list"])]
    call(client, ops["delete"], record_id)
    try:
        call(client, ops["read"], record_id)
        gone = False
    except NotFoundError:
        gone = True
    return {
        "id": record_id,
        "sent_fields_kept": all(got.get(k) == v for k, v in sent.items() if k in got),
        "update_kept": all(after.get(k) == v for k, v in change.items()),
        "listed": record_id in listed,
        "deleted": gone,
    }


def main() -> int:
    base_url = os.environ.get("SENDMUX_BASE_URL")
    proc = None
    if not base_url:
        command = [sys.executable, "-m", "sendmux_emulator", "--port", "0", "--webhook-limit", "100"]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        base_url = proc.stdout.readline().strip().rsplit(" ", 1)[-1]
    try:
        seen: dict[str, Any] = {}
        collections = {role.collection.path: role.collection for role in ROLES.values() if role.collection}
        with Sendmux(api_key=KEY, base_url=base_url) as client:
            for _, collection in sorted(collections.items()):
                ops = by_role(collection)
                if {"create", "read", "update", "list", "delete"} <= set(ops) and collection.parent is None:
                    seen[collection.path] = lifecycle(client, collection, ops)
        print(json.dumps(seen))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
