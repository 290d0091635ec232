"""The ASGI application: the API routes of openapi.yaml under /api/v1 and the control routes."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Unpack
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from .._api.pipeline import api_endpoint
from .._api.routes import operations
from .._api.runtime import Emulator
from .._control.routes import control_routes, unknown_control_route
from .._spec.document import BASE_PATH, check_spec
from .._state.config import EmulatorConfig, EmulatorOptions

__all__ = ["create_app"]


class _KeepEncodedSlashes:
    """Route ``%2F`` as part of a path segment, as the live API does, not as a separator.

    ASGI servers hand Starlette the decoded path, so ``/webhooks/whk_1%2Fdeliveries`` would reach the
    deliveries route. Re-deriving the path from ``raw_path`` with ``%2F`` kept makes it the id
    ``whk_1%2Fdeliveries``, which matches no webhook: 404 ``not_found``.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw_path = scope.get("raw_path") if scope["type"] == "http" else None
        if raw_path and b"%2f" in raw_path.lower():
            path = raw_path.split(b"?", 1)[0].replace(b"%2F", b"%252F").replace(b"%2f", b"%252f")
            scope = {**scope, "path": unquote(path.decode("latin-1"))}
        await self.app(scope, receive, send)


def _methods_of(request: Request, allowed: dict[str, set[str]]) -> set[str]:
    """The methods the spec declares on the path template ``request`` matches (HEAD with GET)."""
    path = request.url.path.removeprefix(BASE_PATH)
    for template, methods in allowed.items():
        pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            return methods | ({"HEAD"} if "GET" in methods else set())
    return set()


def create_app(config: EmulatorConfig | None = None, /, **options: Unpack[EmulatorOptions]) -> Starlette:
    """The emulator as a Starlette app. Options override fields of ``config`` (defaults when it is None).

    The app's state lives in ``app.state.emulator``; its lifespan shutdown cancels pending deliveries.
    """
    config = (config or EmulatorConfig()).replace(**options) if options else (config or EmulatorConfig())
    check_spec()  # a document SENDMUX_EMULATOR_SPEC names is checked now, not on the first request
    emulator = Emulator(config)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await emulator.aclose()

    served = operations()
    routes = [
        Route(BASE_PATH + op.template, api_endpoint(op), methods=[op.method.upper()], name=op.operation_id)
        for op in served
    ]
    unknown_api_route = api_endpoint(None)
    allowed: dict[str, set[str]] = {}
    for op in served:
        allowed.setdefault(op.template, set()).add(op.method.upper())

    async def no_such_route(request: Request, exc: Exception) -> Response:
        """404 for a path the API does not have; 405 with ``Allow`` for a method a path does not take (an envelope
        with ``not_found`` either way: the API's codes have none for it); under /api/v1 through the pipeline."""
        if request.url.path == BASE_PATH or request.url.path.startswith(BASE_PATH + "/"):
            answer = await unknown_api_route(request)
            methods = _methods_of(request, allowed) if getattr(exc, "status_code", 404) == 405 else None
            if methods and answer.status_code == 404:
                answer.status_code = 405
                answer.headers["Allow"] = ", ".join(sorted(methods))
            return answer
        return await unknown_control_route(request)

    app = Starlette(
        routes=[*routes, *control_routes()],
        lifespan=lifespan,
        exception_handlers={404: no_such_route, 405: no_such_route},
        middleware=[Middleware(_KeepEncodedSlashes)],
    )
    app.router.redirect_slashes = False  # /webhooks/ is not /webhooks
    app.state.emulator = emulator
    return app
