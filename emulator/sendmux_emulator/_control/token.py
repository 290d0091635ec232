"""The control token: who may use the control routes and the inspector page. Anyone on a loopback-only emulator;
bound beyond loopback, only the holder of the token the emulator prints at start."""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request

__all__ = ["CONTROL_TOKEN_HEADER", "new_control_token", "token_accepted"]

CONTROL_TOKEN_HEADER = "X-Emulator-Token"


def new_control_token() -> str:
    return secrets.token_urlsafe(18)


def token_accepted(request: Request, token: str | None) -> bool:
    """Always true without a token; else the token must come in the ``X-Emulator-Token`` header or the ``token``
    query parameter (the inspector page's link), compared in constant time."""
    if token is None:
        return True
    given = request.headers.get(CONTROL_TOKEN_HEADER) or request.query_params.get("token") or ""
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))
