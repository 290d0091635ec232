"""Every operation of openapi.yaml as a `ServedOperation` of the pipeline: the webhooks' by their own handlers
(`webhooks`), for what the spec cannot say; every other one by its REST role (`rest`), or, keeping no state, from
the spec (`from_spec`)."""

from __future__ import annotations

from sendmux_spec import roles

from .._spec.document import spec_document
from .from_spec import permission_of, served_from_spec
from .pipeline import ServedOperation
from .rest import ForeignRecords, conditional, rest_handler
from .webhooks import WEBHOOK_HANDLERS, webhook_json

__all__ = ["operations"]


def _path_order(template: str) -> tuple[int, ...]:
    """Sort key putting literal segments before templated ones, segment by segment: OpenAPI's rule that
    ``/webhooks/event-types`` wins over ``/webhooks/{public_id}`` whatever their order in the document."""
    return tuple(1 if segment.startswith("{") else 0 for segment in template.strip("/").split("/"))


def operations() -> tuple[ServedOperation, ...]:
    """One `ServedOperation` per operation of openapi.yaml, literal paths first; the spec says which need which
    permission, take a body or an Idempotency-Key."""
    document = spec_document()
    role_of = roles(document)
    # The collection the webhook handlers keep (in the webhook store): other operations under it read it there.
    foreign: dict[str, ForeignRecords] = {
        role.collection.path: webhook_json
        for op in document.operations
        if (role := role_of[(op.method, op.path)]).kind == "create"
        and role.collection is not None
        and op.operation_id in WEBHOOK_HANDLERS
    }
    result = []
    for op in sorted(document.operations, key=lambda op: _path_order(op.path)):
        if op.method not in {"get", "post", "patch", "delete", "put"}:
            continue
        role = role_of[(op.method, op.path)]
        handler = WEBHOOK_HANDLERS.get(str(op.operation_id))
        if handler is None:
            handler = rest_handler(document, op, role, foreign) if role.kind else served_from_spec(op)
            handler = conditional(op, handler)
        result.append(
            ServedOperation(
                operation_id=str(op.operation_id),
                method=op.method,
                template=op.path,
                permission=permission_of(op.node),
                handler=handler,
                idempotent=op.idempotent,
                has_body=op.request_body is not None,
            )
        )
    missing = set(WEBHOOK_HANDLERS) - {op.operation_id for op in result}
    if missing:
        raise RuntimeError(f"openapi.yaml no longer has operations {sorted(missing)}: drop them from WEBHOOK_HANDLERS")
    return tuple(result)
