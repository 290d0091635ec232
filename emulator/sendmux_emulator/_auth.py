"""Bearer-key authentication and the webhook permissions each configured key holds."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ._config import ROOT_KEY_PREFIX, EmulatorConfig

__all__ = ["ALL_PERMISSIONS", "AuthFailure", "Principal", "authenticate", "bearer_token", "team_public_id"]

ALL_PERMISSIONS = frozenset({"webhook.read", "webhook.create", "webhook.update", "webhook.delete", "webhook.manage"})
_READ_ONLY = frozenset({"webhook.read"})
_OTHER_PRODUCT_PREFIXES = ("smx_mbx_", "smx_agent_")


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key, its team and what it may do."""

    api_key: str
    team: str
    permissions: frozenset[str]


@dataclass(frozen=True)
class AuthFailure:
    """Why a request gets 401 ``authentication_required``."""

    message: str


def team_public_id(team: str) -> str:
    """The ``team_…`` id event payloads carry, stable for a team name."""
    return "team_c" + hashlib.sha256(team.encode("utf-8")).hexdigest()[:24]


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
        permissions: frozenset[str] = frozenset()
    else:
        permissions = _READ_ONLY if token in config.readonly_keys else ALL_PERMISSIONS
    return Principal(token, team, permissions)
