"""Public ids in Sendmux's style: a type prefix and a cuid-like lowercase body, random, or a team's from its name."""

from __future__ import annotations

import hashlib
import secrets
import string

__all__ = ["new_id", "new_secret", "team_public_id"]

_ALPHABET = string.ascii_lowercase + string.digits


def new_id(prefix: str) -> str:
    """``<prefix>_c`` and 24 random lowercase letters and digits, e.g. ``whk_c3k9...``."""
    return f"{prefix}_c" + "".join(secrets.choice(_ALPHABET) for _ in range(24))


def new_secret() -> str:
    """A signing secret, ``whsec_`` and 64 lowercase hex digits."""
    return "whsec_" + secrets.token_hex(32)


def team_public_id(team: str) -> str:
    """The ``team_…`` id event payloads carry, stable for a team name."""
    return "team_c" + hashlib.sha256(team.encode("utf-8")).hexdigest()[:24]
