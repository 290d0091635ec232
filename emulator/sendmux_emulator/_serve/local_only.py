"""Who may reach a served emulator (``LocalOnly``, in front of the whole app): only requests that name it in their
``Host`` header, so that a web page whose name was rebound to 127.0.0.1 cannot read it; bound beyond loopback, not
with the built-in development key. The control routes' own gate, the control token, is `_control.token`."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from .._api.auth import bearer_token
from .._api.pipeline import render
from .._spec.replies import error
from .._state.config import DEVELOPMENT_KEY
from .._state.ids import new_id

__all__ = ["LocalOnly", "is_loopback_host"]

_WILDCARDS = ("", "0.0.0.0", "::")


def is_loopback_host(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 or ::1: a bind address no other machine can reach."""
    if host.rstrip(".").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _named_host(host_header: str) -> str:
    """The host of a ``Host`` header, without its port or an IPv6 address's brackets."""
    if host_header.startswith("["):
        return host_header[1 : host_header.find("]")]
    return host_header.rpartition(":")[0] if host_header.count(":") == 1 else host_header


class LocalOnly:
    """ASGI middleware the server puts in front of the app, knowing the address it is bound to.

    A request's ``Host`` must name a loopback host, or the bound address; bound to every address (``0.0.0.0``),
    an IP address or this machine's name. Anything else is 403: a page that points its own name at this address
    (DNS rebinding) cannot read or change the emulator. Bound beyond loopback, the development key is refused on
    the API (401), since every reader of the README knows it."""

    def __init__(self, app: ASGIApp, bound_host: str) -> None:
        self.app = app
        self.bound_host = bound_host.strip("[]")
        self.beyond_loopback = not is_loopback_host(self.bound_host)

    def host_allowed(self, name: str) -> bool:
        if is_loopback_host(name) or name.lower() == self.bound_host.lower():
            return True
        if self.bound_host not in _WILDCARDS:
            return False
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return name.lower() == socket.gethostname().lower()
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refusal = self._refusal(Headers(scope=scope), scope["path"])
            if refusal is not None:
                return await render(refusal)(scope, receive, send)
        await self.app(scope, receive, send)

    def _refusal(self, headers: Headers, path: str) -> Any:
        host = _named_host(headers.get("host", ""))
        if not self.host_allowed(host):
            message = (
                f"This emulator does not answer to the Host {host!r}: name it as 127.0.0.1, localhost or [::1] (a "
                "web page that points its own name at this address is refused)."
            )
            return error("insufficient_permissions", message, new_id("req"))
        if (
            self.beyond_loopback
            and path.startswith("/api/")
            and bearer_token(headers.get("authorization")) == (DEVELOPMENT_KEY)
        ):
            message = (
                f"This emulator listens beyond loopback, where the development key {DEVELOPMENT_KEY} is refused: "
                "start it with --api-key smx_root_<a key of your own>, and send that."
            )
            return error("authentication_required", message, new_id("req"))
        return None
