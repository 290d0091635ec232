"""A scripted stand-in for the Sendmux API, plugged into the clients through ``httpx.MockTransport``."""

from __future__ import annotations

import inspect
import json
import os
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from codegen.names import client_methods
from sendmux_spec import Document, read_yaml

API_KEY = "smx_root_unit_test_key_do_not_log"
BASE_URL = "https://api.sendmux.test/api/v1"
SECRET = "whsec_unit_test_secret_do_not_log"
# SENDMUX_SPEC points the spec-driven tests at another spec: the rehearsal runs them against a regenerated 1.1.
SPEC_PATH = Path(os.environ.get("SENDMUX_SPEC") or Path(__file__).resolve().parents[2] / "openapi.yaml")
SPEC: dict[str, Any] = read_yaml(SPEC_PATH.read_text("utf-8"))

Reply = httpx.Response | Callable[[httpx.Request], httpx.Response]


def subscription(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "whk_1",
        "name": "Forwarder",
        "url": "https://hooks.example.com/sendmux",
        "event_types": ["message.bounced"],
        "filters": {"mailbox_ids": []},
        "enabled": True,
        "failing": False,
        "created_at": "2026-04-23T09:12:00Z",
        "updated_at": "2026-04-23T09:12:00Z",
    }
    body.update(overrides)
    return body


def ok(data: Any, status: int = 200, headers: dict[str, str] | None = None, **extra: Any) -> httpx.Response:
    """A success envelope."""
    body = {"ok": True, "data": data, "meta": {"request_id": "req_ok"}, **extra}
    return httpx.Response(status, json=body, headers={"X-Request-Id": "req_ok", **(headers or {})})


def page(items: list[Any], next_cursor: str | None = None) -> httpx.Response:
    pagination: dict[str, Any] = {"has_more": next_cursor is not None}
    if next_cursor is not None:
        pagination["next_cursor"] = next_cursor
    return ok(items, pagination=pagination)


def error(
    status: int,
    code: str,
    message: str = "Something is wrong.",
    *,
    retryable: bool = False,
    headers: dict[str, str] | None = None,
    **fields: Any,
) -> httpx.Response:
    """An error envelope."""
    body = {
        "ok": False,
        "error": {"code": code, "message": message, "retryable": retryable, **fields},
        "meta": {"request_id": "req_err"},
    }
    return httpx.Response(status, json=body, headers={"X-Request-Id": "req_err", **(headers or {})})


def fail(exc_type: type[httpx.RequestError], message: str = "simulated") -> Callable[[httpx.Request], httpx.Response]:
    """A reply that raises ``exc_type`` as the transport would."""

    def reply(request: httpx.Request) -> httpx.Response:
        raise exc_type(message, request=request)

    return reply


class FakeAPI:
    """Answers requests with the queued replies in order (then with ``default``), recording every request."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.replies: deque[Reply] = deque()
        self.default: Reply | None = None

    def queue(self, *replies: Reply) -> FakeAPI:
        self.replies.extend(replies)
        return self

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        reply = self.replies.popleft() if self.replies else self.default
        if reply is None:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        if callable(reply):
            return reply(request)
        # a fresh copy: httpx rebinds a response's stream to the client that received it
        return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def bodies(self) -> list[Any]:
        return [json.loads(r.content) if r.content else None for r in self.requests]


async def resolve(value: Any) -> Any:
    """``await`` what an async client returned; pass a sync client's result through."""
    return await value if inspect.isawaitable(value) else value


async def collect(iterator: Any) -> list[Any]:
    """Exhaust a sync or async iterator."""
    if hasattr(iterator, "__aiter__"):
        return [item async for item in iterator]
    return list(iterator)


def method_names() -> dict[str, tuple[str, list[str]]]:
    """operationId -> (client attribute, method names), by the generator's own rules (codegen/names.py); a list
    whose answer has ``pagination.next_cursor`` also gets ``<name>_page``."""
    document = Document(SPEC)
    found = {}
    for op_id, (attribute, name) in client_methods(document).items():
        op = document.operation(op_id)
        paginated = op.envelope is not None and op.envelope.paginated
        found[op_id] = (attribute, [name, f"{name}_page"] if paginated else [name])
    return found
