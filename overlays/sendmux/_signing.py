"""The webhook signature scheme: its header names, and computing the headers (the emulator signs with this)."""

from __future__ import annotations

import functools
import hashlib
import hmac

__all__ = ["SIGNATURE", "SIGNATURE_V2", "TIMESTAMP", "keyed_hmac", "sign_webhook"]

SIGNATURE = "X-Sendmux-Signature"
TIMESTAMP = "X-Sendmux-Timestamp"
SIGNATURE_V2 = "X-Sendmux-Signature-V2"


def _hex_hmac(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


@functools.lru_cache(maxsize=32)
def keyed_hmac(secret: str) -> hmac.HMAC:
    """HMAC-SHA256 keyed once with the secret's UTF-8 bytes, for ``verify_webhook`` to copy per message: the OpenSSL
    object inside CPython's ``hmac.HMAC`` where there is one (the same methods, minus a Python call each)."""
    mac = hmac.new(secret.encode("utf-8"), digestmod=hashlib.sha256)
    return getattr(mac, "_hmac", None) or mac


def sign_webhook(
    payload: bytes | bytearray | memoryview, secret: str, *, timestamp: int | None = None
) -> dict[str, str]:
    """The signature headers Sendmux sends with ``payload`` signed by ``secret``, to test your own receiver:
    ``X-Sendmux-Signature: sha256=<hex>`` (HMAC-SHA256 of the bytes, keyed with the whole ``whsec_…`` string), and
    with ``timestamp`` (Unix seconds) ``X-Sendmux-Timestamp`` and ``X-Sendmux-Signature-V2: v1=<hex>`` over
    ``b"<timestamp>.<payload>"``."""
    if not isinstance(payload, bytes | bytearray | memoryview):
        raise TypeError(f"payload must be bytes, not {type(payload).__name__}")
    if not isinstance(secret, str) or not secret:
        raise ValueError("secret must be a non-empty string")
    body = bytes(payload)
    headers = {SIGNATURE: "sha256=" + _hex_hmac(secret, body)}
    if timestamp is not None:
        if isinstance(timestamp, bool) or not isinstance(timestamp, int) or timestamp < 0:
            raise ValueError("timestamp must be a non-negative int of Unix seconds")
        headers[TIMESTAMP] = str(timestamp)
        headers[SIGNATURE_V2] = "v1=" + _hex_hmac(secret, b"%d." % timestamp + body)
    return headers
