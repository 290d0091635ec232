"""The cassette cases of every operation in openapi.yaml, built from the spec alone: one test, N operations.

For each operation (its method on the client named by the generator's own rules, codegen/resource_layer.py):

- success: the documented 2xx, called with a real webhook's id, each other path parameter's example, and the
  required body fields from their schema examples;
- 401: a key no server knows; 403: a valid key whose role holds no webhook permission;
- 404: an id no webhook has, for an operation on one webhook;
- 400: a `cursor` the API never handed out, for a list that takes one;
- 422: a body whose `format: uri` field passes the client's checks (`https://`) but names no host;
- 413: a body over the API's 64 KiB limit, in a list field without `maxItems`;
- 409: an idempotent operation on one webhook, repeated on another webhook with the same Idempotency-Key.

A documented answer these cannot provoke is declared in the spec, with the reason, as ``x-sendmux-unprovokable``:
on a shared response (`components.responses`, a string) or on the operation (a map from status to reason).
`test_contract` checks that every other documented answer was recorded, sync and async.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codegen.names import client_methods
from sendmux_spec import load

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = load(ROOT / "openapi.yaml")
SPEC: dict[str, Any] = DOCUMENT.data
RESOURCE_ID = "public_id"  # every Sendmux resource route names its own id {public_id}

# A key no server knows; the Authorization header is scrubbed at record time anyway.
STRANGER_API_KEY = "smx_root_not_a_real_key"
UNKNOWN_ID = "whk_doesnotexist0000000000000"
UNKNOWN_CURSOR = "c_nevergivenout"  # a cursor the API never handed out
NO_HOST_URL = "https://"  # passes the client's https check; the server finds no host in it
OVERSIZED_ITEMS = 2800  # ids of 28 characters each: about 84 KiB, over the 64 KiB body limit


def resolve(node: Any) -> Any:
    """``node`` with local ``$ref``s followed."""
    return DOCUMENT.deref(node)


def example(schema: Any) -> Any:
    """A schema's own example (3.1 `examples` first), following $ref."""
    schema = resolve(schema)
    if schema.get("examples"):
        return schema["examples"][0]
    if "example" in schema:
        return schema["example"]
    if schema.get("enum"):
        return schema["enum"][0]
    raise LookupError(f"no example in {schema}: give the schema `examples` so the cassette suite can call it")


@dataclass(frozen=True)
class Operation:
    operation_id: str
    resource: str  # the client attribute: client.<resource>
    method: str  # the client method
    path_params: list[dict[str, Any]]
    body: dict[str, Any] | None  # the request body schema, resolved
    query: list[str]
    idempotent: bool
    responses: dict[str, str]  # documented status -> why the generic cases cannot provoke it ("" if they can)

    @property
    def on_one_resource(self) -> bool:
        return any(p["name"] == RESOURCE_ID for p in self.path_params)


@dataclass(frozen=True)
class Case:
    operation: Operation
    status: int  # the documented answer this case provokes (2xx: the success)
    api_key: str | None = None  # None: the recording key
    kwargs: dict[str, Any] = field(default_factory=dict)
    unknown_resource: bool = False
    conflict: bool = False  # call once on one webhook, then with the same key on another

    def __str__(self) -> str:
        return f"{self.operation.operation_id}-{self.status}"

    def path_args(self, webhook_id: str) -> list[str]:
        args = []
        for param in self.operation.path_params:
            if param["name"] == RESOURCE_ID:
                args.append(UNKNOWN_ID if self.unknown_resource else webhook_id)
            else:
                args.append(str(param["example"] if "example" in param else example(param.get("schema", {}))))
        return args


def _unprovokable(operation: dict[str, Any]) -> dict[str, str]:
    declared = operation.get("x-sendmux-unprovokable", {})
    reasons = {}
    for status, response in operation["responses"].items():
        shared = resolve(response).get("x-sendmux-unprovokable")
        reasons[str(status)] = declared.get(str(status)) or shared or ""
    return reasons


def operations() -> list[Operation]:
    methods = client_methods(DOCUMENT)
    found = []
    for op in DOCUMENT.operations:
        params = [p.node for p in op.parameters]
        body = op.json_body
        resource, method = methods[str(op.operation_id)]
        found.append(
            Operation(
                operation_id=str(op.operation_id),
                resource=resource,
                method=method,
                path_params=[p.node for p in op.path_parameters],
                body=resolve(body) if body else None,
                query=[p["name"] for p in params if p["in"] == "query"],
                idempotent=op.idempotent,
                responses=_unprovokable(op.node),
            )
        )
    return found


def _required_body(body: dict[str, Any], *, but: str = "") -> dict[str, Any]:
    return {name: example(body["properties"][name]) for name in body.get("required", []) if name != but}


def _uri_field(body: dict[str, Any]) -> str | None:
    return next((name for name, sub in body.get("properties", {}).items() if resolve(sub).get("format") == "uri"), None)


def _oversized(schema: dict[str, Any]) -> Any:
    """A value of ``schema`` over 64 KiB, in a list of strings without maxItems; None when it has none."""
    schema = resolve(schema)
    items = resolve(schema.get("items", {}))
    if (
        schema.get("type") == "array"
        and "maxItems" not in schema
        and items.get("type") == "string"
        and not (items.get("enum"))
    ):
        return [f"id_{n:024d}" for n in range(OVERSIZED_ITEMS)]
    if schema.get("type") == "object":
        for name, sub in schema.get("properties", {}).items():
            big = _oversized(sub)
            if big is not None:
                return {**_required_body(schema, but=name), name: big}
    return None


def cases() -> list[Case]:
    found: list[Case] = []
    for op in operations():
        documented = {status for status in op.responses if not op.responses[status]}
        body = _required_body(op.body) if op.body else {}
        success = sorted(status for status in documented if status.startswith("2"))
        if success:
            found.append(Case(op, int(success[0]), kwargs=body))
        if "401" in documented:
            found.append(Case(op, 401, api_key=STRANGER_API_KEY, kwargs=body))
        if "403" in documented:
            found.append(Case(op, 403, api_key="no-webhook", kwargs=body))
        if "404" in documented and op.on_one_resource:
            found.append(Case(op, 404, kwargs=body, unknown_resource=True))
        if "400" in documented and "cursor" in op.query:
            found.append(Case(op, 400, kwargs={**body, "cursor": UNKNOWN_CURSOR}))
        if "422" in documented and op.body and _uri_field(op.body):
            found.append(Case(op, 422, kwargs={**body, _uri_field(op.body) or "": NO_HOST_URL}))
        if "413" in documented and op.body:
            for name, sub in op.body.get("properties", {}).items():
                big = _oversized(sub)
                if big is not None:
                    found.append(Case(op, 413, kwargs={**body, name: big}))
                    break
        if "409" in documented and op.idempotent and op.on_one_resource:
            found.append(Case(op, 409, kwargs=body, conflict=True))
    return found


CASES = cases()
