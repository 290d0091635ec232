"""The documented error answers a caller can provoke, one case per (operation, status).

Both cassette modules replay every case, sync and async, and ``test_contract`` checks that each of them
(with the scenario tests beside it, which record the 304, 404 and 409 answers) covers every status the
spec documents for every operation, except those in ``NOT_PROVOKABLE`` and the pairs in ``UNREACHABLE``.
Each case runs against a real webhook (created before, deleted after), so a live server sees well-formed
ids and the answer depends only on what the case changes: the key or one argument.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sendmux

from .conftest import NO_WEBHOOK_API_KEY, READONLY_API_KEY

# A key no server knows; the Authorization header is scrubbed at record time anyway.
STRANGER_API_KEY = "smx_root_not_a_real_key"
UNKNOWN_DELIVERY = "whda_doesnotexist000000000000"
UNKNOWN_CURSOR = "c_nevergivenout"  # a cursor the API never handed out
NO_HOST_URL = "https://"  # passes the client's https check; the server finds no host in it
# About 84 KiB of mailbox ids: over the 64 KiB body limit, with every id well formed.
MANY_MAILBOXES = {"mailbox_ids": [f"mbx_{n:024d}" for n in range(2800)]}

# Documented answers no test can provoke on demand against a live server, and where each is tested instead.
NOT_PROVOKABLE = {
    "429": "rate limits depend on traffic; retries and Retry-After are tested on a mock transport",
    "500": "a server fault; retries and typed errors are tested on a mock transport and by tests/reliability",
    "503": "a server fault; retries and typed errors are tested on a mock transport and by tests/reliability",
}
# (operation, status) pairs a caller cannot reach through this client, and why.
UNREACHABLE = {
    ("rotateWebhookSecret", "400"): "its only 400 is an over-long Idempotency-Key, which the client refuses",
    ("testWebhook", "400"): "its only 400 is an over-long Idempotency-Key, which the client refuses",
    ("createWebhook", "400"): "its 400s are over-long values, unknown keys or wrong types: the client refuses each",
    ("updateWebhook", "400"): "its 400s are over-long values, unknown keys or wrong types: the client refuses each",
}

CODES = {
    401: "authentication_required",
    403: "insufficient_permissions",
    413: "payload_too_large",
    422: "validation_error",
    400: "invalid_parameter",
}
ERRORS: dict[int, type[sendmux.APIError]] = {
    400: sendmux.BadRequestError,
    401: sendmux.AuthenticationError,
    403: sendmux.PermissionDeniedError,
    413: sendmux.PayloadTooLargeError,
    422: sendmux.UnprocessableEntityError,
}

Args = Callable[[str], tuple[tuple[Any, ...], dict[str, Any]]]


@dataclass(frozen=True)
class Case:
    operation: str  # the operationId in openapi.yaml
    method: str  # its method on client.webhooks
    status: int
    args: Args  # the call's arguments, given the id of a real webhook

    @property
    def api_key(self) -> str | None:
        """The key to call with, or ``None`` for the recording key: a 403 on a write needs only the read-only
        key; on a read, a key without webhook permissions."""
        if self.status == 403:
            return READONLY_API_KEY if self.operation in _WRITES else NO_WEBHOOK_API_KEY
        return STRANGER_API_KEY if self.status == 401 else None

    @property
    def error(self) -> type[sendmux.APIError]:
        return ERRORS[self.status]

    @property
    def code(self) -> str:
        return CODES[self.status]

    def __str__(self) -> str:
        return f"{self.operation}-{self.status}"


def _create(**changes: Any) -> Args:
    body = {"url": "https://hooks.example.com/cassette", "event_types": ["message.bounced"], **changes}
    return lambda webhook_id: ((), body)


def _on(*extra: Any, **kwargs: Any) -> Args:
    return lambda webhook_id: ((webhook_id, *extra), kwargs)


_OPERATIONS: dict[str, tuple[str, Args]] = {
    "createWebhook": ("create", _create()),
    "listWebhooks": ("list_page", lambda webhook_id: ((), {})),
    "getWebhook": ("get", _on()),
    "updateWebhook": ("update", _on(enabled=False)),
    "deleteWebhook": ("delete", _on()),
    "rotateWebhookSecret": ("rotate_secret", _on()),
    "testWebhook": ("send_test", _on()),
    "listWebhookDeliveries": ("list_deliveries_page", _on()),
    "getWebhookDeliveryPayload": ("get_delivery_payload", _on(UNKNOWN_DELIVERY)),
}
_WRITES = ["createWebhook", "updateWebhook", "deleteWebhook", "rotateWebhookSecret", "testWebhook"]

CASES: list[Case] = [
    *(Case(op, method, 401, args) for op, (method, args) in _OPERATIONS.items()),
    *(Case(op, method, 403, args) for op, (method, args) in _OPERATIONS.items()),
    Case("createWebhook", "create", 413, _create(filters=MANY_MAILBOXES)),
    Case("updateWebhook", "update", 413, _on(filters=MANY_MAILBOXES)),
    Case("createWebhook", "create", 422, _create(url=NO_HOST_URL)),
    Case("updateWebhook", "update", 422, _on(url=NO_HOST_URL)),
]
