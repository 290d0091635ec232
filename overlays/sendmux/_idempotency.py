"""Idempotency keys: stable ones derived from the caller's own identifiers, random ones, and their checks."""

from __future__ import annotations

import hashlib
import uuid

__all__ = ["idempotency_key"]

_NAMESPACE = b"sendmux-idempotency-key/v1"


def idempotency_key(*parts: str | int) -> str:
    """A stable ``Idempotency-Key`` from identifiers you already have: the same parts give the same key in every
    process, so a job that runs ``create`` again after a crash gets its webhook back instead of a second one.

    Parts are compared by their text (``42`` and ``"42"`` are the same); the key is ``smx-`` and a namespaced
    SHA-256 of them. ``ValueError`` without parts, ``TypeError`` for a part that is not a ``str`` or ``int``.
    """
    if not parts:
        raise ValueError("idempotency_key() needs at least one part, e.g. idempotency_key('provision', tenant_id)")
    digest = hashlib.sha256(_NAMESPACE)
    for part in parts:
        if isinstance(part, bool) or not isinstance(part, str | int):
            raise TypeError(f"idempotency_key() parts must be str or int, not {type(part).__name__}")
        encoded = str(part).encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "big"))
        digest.update(encoded)
    return "smx-" + digest.hexdigest()


def new_idempotency_key() -> str:
    """A fresh random key, for a call whose caller gave none; every retry of that call reuses it."""
    return "smx-" + uuid.uuid4().hex
