"""Emulator-only routes under ``/_emulator/``: health, reset, emit an event, inspect deliveries, move the clock,
subscribe a local receiver (plain http on loopback allowed), list webhooks, pin a secret, resend a delivery.

They need no API key (unless the emulator binds beyond loopback: then they need its control token), are never
rate limited and never get injected faults. Those that change state take only ``application/json`` and refuse a
request from a page of another origin; bodies are read up to the API's 64 KiB. Answers use the API's envelope
(``ok``/``data``/``meta`` or ``ok``/``error``/``meta``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from .._api.pipeline import render
from .._api.runtime import Emulator
from .._spec.document import BASE_PATH
from .._spec.replies import Reply, error
from .._state.ids import new_id
from .checks import foreign_or_not_json
from .handlers import clock, deliveries, emit, health, list_webhooks, pin_secret, resend, reset, subscribe, unsubscribe
from .inspector import inspector_page, inspector_state
from .token import CONTROL_TOKEN_HEADER, token_accepted

__all__ = ["CONTROL_PREFIX", "ControlHandler", "control_routes", "unknown_control_route"]

CONTROL_PREFIX = "/_emulator"

ControlHandler = Callable[[Request, Emulator, str], Awaitable[Reply]]


async def unknown(request: Request, emulator: Emulator, request_id: str) -> Reply:
    message = f"No route {request.method} {request.url.path}."
    if not request.url.path.startswith(CONTROL_PREFIX + "/"):  # an API path without its prefix
        root = str(request.base_url).rstrip("/")
        message += f" The API is under {BASE_PATH}: use the base URL {root}{BASE_PATH}."
    return error("not_found", message, request_id)


def _endpoint(handler: ControlHandler) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        emulator: Emulator = request.app.state.emulator
        request_id = new_id("req")
        if not token_accepted(request, emulator.config.control_token):
            message = f"This emulator listens beyond loopback: send its control token ({CONTROL_TOKEN_HEADER})."
            return render(error("authentication_required", message, request_id))
        refusal = foreign_or_not_json(request, request_id)
        try:
            return render(refusal or await handler(request, emulator, request_id))
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is listening any more

    return endpoint


def control_routes() -> list[Route]:
    return [
        Route(f"{CONTROL_PREFIX}/health", _endpoint(health), methods=["GET"]),
        Route(f"{CONTROL_PREFIX}/reset", _endpoint(reset), methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/events", _endpoint(emit), methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/deliveries", _endpoint(deliveries), methods=["GET"]),
        Route(f"{CONTROL_PREFIX}/clock", _endpoint(clock), methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/webhooks", _endpoint(subscribe), methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/webhooks", _endpoint(list_webhooks), methods=["GET"]),
        Route(f"{CONTROL_PREFIX}/webhooks/{{webhook_id}}", _endpoint(unsubscribe), methods=["DELETE"]),
        Route(f"{CONTROL_PREFIX}/webhooks/{{webhook_id}}/secret", _endpoint(pin_secret), methods=["PUT"]),
        Route(f"{CONTROL_PREFIX}/deliveries/{{attempt_id}}/resend", _endpoint(resend), methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/state", _endpoint(inspector_state), methods=["GET"]),
        Route(f"{CONTROL_PREFIX}/", inspector_page, methods=["GET"]),
    ]


unknown_control_route = _endpoint(unknown)
