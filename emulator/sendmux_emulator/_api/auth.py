"""Bearer-key authentication, and which operations each configured key may call."""

from __future__ import annotations

from dataclasses import dataclass

from .._state.config import ROOT_KEY_PREFIX, EmulatorConfig

__all__ = ["FULL", "NO_ROLE", "READ_ONLY", "AuthFailure", "Principal", "authenticate", "bearer_token"]

FULL, READ_ONLY, NO_ROLE = "full", "read-only", "none"
_OTHER_PRODUCT_PREFIXES = ("smx_mbx_", "smx_agent_")


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key, its team and what it may do."""

    api_key: str
    team: str
    role: str  # FULL (root:full), READ_ONLY (root:readonly) or NO_ROLE (a valid key whose role holds nothing)

    def may(self, permission: str | None, method: str) -> bool:
        """Whether this key may call an operation needing ``permission`` (``None`` where the spec states none).

        A full key holds every wildcard, so it may call every operation (Sendmux: "use a root API key for
        Management API routes"); a read-only key holds every ``*.read``, and a GET that states nothing reads;
        a key whose role holds nothing may call nothing."""
        if self.role == FULL:
            return True
        if self.role == READ_ONLY:
            return permission.endswith(".read") if permission else method.lower() == "get"
        return False


@dataclass(frozen=True)
class AuthFailure:
    """Why a request gets 401 ``authentication_required``."""

    message: str


def bearer_token(authorization: str | None) -> str | None:
    """The key from ``Authorization: Bearer <key>``, or None when the header is absent or not bearer."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def authenticate(config: EmulatorConfig, authorization: str | None) -> Principal | AuthFailure:
    """Match the presented key against the configured ones."""
    token = bearer_token(authorization)
    if token is None:
        return AuthFailure("A valid API key is required: send Authorization: Bearer smx_root_....")
    if token.startswith(_OTHER_PRODUCT_PREFIXES):
        return AuthFailure(f"This key cannot use the Management API; use an infrastructure key ({ROOT_KEY_PREFIX}...).")
    team = config.teams.get(token)
    if team is None:
        return AuthFailure("The API key is invalid, expired or revoked.")
    if token in config.no_webhook_keys:
        return Principal(token, team, NO_ROLE)
    return Principal(token, team, READ_ONLY if token in config.readonly_keys else FULL)
