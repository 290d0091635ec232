"""Checking that a webhook delivery was signed by Sendmux, and returning its typed event."""

from __future__ import annotations

import functools
import hashlib
import hmac
import math
import re
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ._signing import SIGNATURE, SIGNATURE_V2, TIMESTAMP
from .errors import WebhookVerificationError

if TYPE_CHECKING:
    from ._events import WebhookEvent

__all__ = ["verify_webhook"]

_NAMES = (SIGNATURE, TIMESTAMP, SIGNATURE_V2)
_LOWER = tuple(name.lower() for name in _NAMES)
_LOWER_NAMES = frozenset(_LOWER)
_SIGNATURE_MALFORMED = f"malformed header: {SIGNATURE} must be sha256=<64 lowercase hex digits>"

_SIGNATURE_FORMAT = re.compile(r"sha256=[0-9a-f]{64}")
_SIGNATURE_V2_FORMAT = re.compile(r"v1=[0-9a-f]{64}")
_TIMESTAMP_FORMAT = re.compile(r"[0-9]{1,15}")


class _Headers(Protocol):
    """Anything with ``items()``: a dict, Starlette/Werkzeug/Django/httpx headers, a dict of lists."""

    def items(self) -> Iterable[tuple[Any, Any]]: ...


def verify_webhook(
    payload: bytes | str,
    headers: _Headers,
    secret: str | Sequence[str],
    *,
    tolerance: float = 300,
    require_timestamp: bool = False,
) -> WebhookEvent:
    """Check that ``payload`` was signed by Sendmux with ``secret`` and return its event.

    Pass the raw body exactly as received, the request's headers (any casing) and the endpoint's whole
    ``whsec_…`` secret, or a list of secrets to accept any of them while rotating.

    Always: ``X-Sendmux-Signature`` must be present once, be ``sha256=<64 lowercase hex>``, and equal the
    HMAC-SHA256 of the body under one of the secrets (constant-time comparison). When ``X-Sendmux-Timestamp``
    and ``X-Sendmux-Signature-V2`` are present (both or neither): the timestamp must be Unix seconds within
    ``tolerance`` seconds of now, in the past or the future, and ``X-Sendmux-Signature-V2`` must be
    ``v1=<hex>`` of the HMAC of ``b"<timestamp>.<body>"`` under the secret that matched. With
    ``require_timestamp=True`` a delivery without them is rejected; otherwise it has no replay protection.
    Last: the body must be a JSON event object. An unknown event type or extra keys are kept, not rejected.

    Every failure, including bad arguments, raises ``WebhookVerificationError``; its ``reason`` starts with
    ``missing header``, ``malformed header``, ``no matching signature``, ``timestamp outside tolerance``,
    ``body is not JSON``, ``body is not a valid event`` or ``invalid argument``.
    """
    body = verified_body(payload, headers, secret, tolerance=tolerance, require_timestamp=require_timestamp)
    from ._events import parse_event  # the generated models load on first use, so `import sendmux` stays cheap

    return parse_event(body)


def verified_body(
    payload: object, headers: _Headers, secret: object, *, tolerance: object, require_timestamp: object
) -> bytes:
    """Every check of ``verify_webhook`` except parsing; return the authenticated body.

    The common case (bytes, one ASCII secret, an int tolerance, a dict) skips the general argument checks,
    and header formats are checked cheaply first and precisely only when a signature does not match.
    """
    body = payload if type(payload) is bytes else _body_bytes(payload)
    secrets = (secret,) if type(secret) is str and secret.isascii() and secret else _secret_list(secret)
    limit = tolerance if type(tolerance) is int and tolerance >= 0 else _tolerance(tolerance)

    signature, timestamp, signature_v2 = _read_headers(headers)
    if signature is None:
        raise WebhookVerificationError(f"missing header: {SIGNATURE}")
    if not (len(signature) == 71 and signature.isascii()):
        raise WebhookVerificationError(_SIGNATURE_MALFORMED)
    if timestamp is None and signature_v2 is None:
        if require_timestamp:
            raise WebhookVerificationError(
                f"missing header: {TIMESTAMP} and {SIGNATURE_V2} (require_timestamp=True rejects a delivery "
                "without the timestamped signature)"
            )
    elif timestamp is None or signature_v2 is None:
        present, absent = (TIMESTAMP, SIGNATURE_V2) if signature_v2 is None else (SIGNATURE_V2, TIMESTAMP)
        raise WebhookVerificationError(f"malformed header: {present} without {absent}")
    else:
        if not _TIMESTAMP_FORMAT.fullmatch(timestamp):
            raise WebhookVerificationError(f"malformed header: {TIMESTAMP} must be Unix seconds (ASCII digits)")
        if not _SIGNATURE_V2_FORMAT.fullmatch(signature_v2):
            raise WebhookVerificationError(f"malformed header: {SIGNATURE_V2} must be v1=<64 lowercase hex digits>")
        age = time.time() - int(timestamp)
        if abs(age) > limit:
            seconds = math.ceil(abs(age))
            when = f"{seconds} s old" if age > 0 else f"{seconds} s in the future"
            raise WebhookVerificationError(
                f"timestamp outside tolerance: {TIMESTAMP} is {when}, more than {limit} s from now"
            )

    for key in secrets:
        mac = _keyed(key).copy()
        mac.update(body)
        if hmac.compare_digest(signature, "sha256=" + mac.hexdigest()):
            break
    else:
        if not _SIGNATURE_FORMAT.fullmatch(signature):
            raise WebhookVerificationError(_SIGNATURE_MALFORMED)
        hint = "" if all(s.startswith("whsec_") for s in secrets) else "; pass the whole secret, with its whsec_ prefix"
        raise WebhookVerificationError(
            f"no matching signature: {SIGNATURE} does not match the body under any of the {len(secrets)} secret(s)"
            + hint
        )
    if timestamp is not None and signature_v2 is not None:
        mac = _keyed(key).copy()
        mac.update(b"%s.%s" % (timestamp.encode("ascii"), body))
        if not hmac.compare_digest(signature_v2, "v1=" + mac.hexdigest()):
            raise WebhookVerificationError(
                f"no matching signature: {SIGNATURE_V2} does not match the timestamp and body under the secret "
                f"that matched {SIGNATURE}"
            )
    return body


@functools.lru_cache(maxsize=32)
def _keyed(secret: str) -> hmac.HMAC:
    """HMAC-SHA256 keyed with the secret's UTF-8 bytes, as ``sign_webhook`` does, with the key set up once.

    Copying this state costs less than ``hmac.new`` for every delivery; it holds nothing the receiver does
    not already hold in its secret.
    """
    return hmac.new(secret.encode("utf-8"), digestmod=hashlib.sha256)


def _body_bytes(payload: object) -> bytes:
    if isinstance(payload, bytes):
        return payload
    if isinstance(payload, str):
        try:
            return payload.encode("utf-8")
        except UnicodeEncodeError:
            raise WebhookVerificationError("invalid argument: payload str is not encodable as UTF-8") from None
    if isinstance(payload, bytearray | memoryview):
        try:
            return bytes(payload)
        except (ValueError, TypeError) as exc:  # a released memoryview
            raise WebhookVerificationError(f"invalid argument: payload could not be read: {exc}") from None
    raise WebhookVerificationError(
        f"invalid argument: payload must be the raw body as bytes, not {type(payload).__name__}"
    )


def _secret_list(secret: object) -> tuple[str, ...]:
    if isinstance(secret, str):
        secrets: tuple[object, ...] = (secret,)
    elif isinstance(secret, list | tuple) or (
        isinstance(secret, Sequence) and not isinstance(secret, bytes | bytearray | memoryview)
    ):
        try:
            secrets = tuple(secret)
        except Exception as exc:  # a Sequence that cannot be iterated
            raise WebhookVerificationError(f"invalid argument: secret list could not be read: {exc!r}") from exc
        if not secrets:
            raise WebhookVerificationError(
                "invalid argument: the secret list is empty; pass at least one whsec_… secret"
            )
    else:
        raise WebhookVerificationError(
            f"invalid argument: secret must be a whsec_… string or a list of them, not {type(secret).__name__}"
        )
    checked: list[str] = []
    for item in secrets:
        if not isinstance(item, str) or not item:
            raise WebhookVerificationError("invalid argument: every secret must be a non-empty whsec_… string")
        try:
            item.encode("utf-8")
        except UnicodeEncodeError:
            raise WebhookVerificationError("invalid argument: a secret is not encodable as UTF-8") from None
        checked.append(item)
    return tuple(checked)


def _tolerance(tolerance: object) -> float:
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or not tolerance >= 0:
        raise WebhookVerificationError("invalid argument: tolerance must be a non-negative number of seconds")
    if isinstance(tolerance, float) and math.isinf(tolerance):
        raise WebhookVerificationError("invalid argument: tolerance must be finite")
    return tolerance


def _read_headers(headers: _Headers) -> tuple[str | None, str | None, str | None]:
    """The single value of each signature header, or None when absent; a repeated header is malformed.

    A multi-value mapping (``getlist``/``get_list``: Starlette, Werkzeug, httpx) is asked for every value
    of each header; any other mapping, a plain dict included, is scanned once with case-insensitive names
    and list values taken as repeated headers.
    """
    found: dict[str, list[object]] = {}
    try:
        multi = None
        if type(headers) is not dict:  # a plain dict has neither; skip the lookups
            multi = getattr(headers, "getlist", None) or getattr(headers, "get_list", None)
        if callable(multi):
            for name in _NAMES:
                values = list(multi(name))
                if values:
                    found[name.lower()] = values
        elif not callable(getattr(headers, "items", None)):
            raise WebhookVerificationError(
                "invalid argument: headers must be a mapping of header names to values (a dict, or your "
                f"framework's request headers), got {type(headers).__name__}"
            )
        else:
            for key, value in headers.items():
                if type(key) is not str:
                    if not isinstance(key, (str, bytes)):
                        continue
                    key = key.decode("latin-1") if isinstance(key, bytes) else str.__str__(key)
                key = key.lower()
                if key in _LOWER_NAMES:
                    values = found.setdefault(key, [])
                    if isinstance(value, (list, tuple)):
                        values.extend(value)
                    else:
                        values.append(value)
    except WebhookVerificationError:
        raise
    except Exception as exc:  # the caller's object failed; it must not escape as another exception type
        raise WebhookVerificationError(f"invalid argument: headers could not be read: {exc!r}") from exc
    get = found.get
    signature, timestamp, signature_v2 = get(_LOWER[0]), get(_LOWER[1]), get(_LOWER[2])
    return (
        _one(SIGNATURE, signature) if signature else None,
        _one(TIMESTAMP, timestamp) if timestamp else None,
        _one(SIGNATURE_V2, signature_v2) if signature_v2 else None,
    )


def _one(name: str, values: list[object]) -> str:
    if len(values) > 1:
        raise WebhookVerificationError(f"malformed header: {name} appears {len(values)} times")
    value = values[0]
    if type(value) is str:
        return value
    if isinstance(value, bytes):
        try:
            return value.decode("ascii")
        except UnicodeDecodeError:
            raise WebhookVerificationError(f"malformed header: {name} is not ASCII") from None
    if isinstance(value, str):
        return str.__str__(value)  # a str subclass, read as plain text
    raise WebhookVerificationError(f"malformed header: {name} is a {type(value).__name__}, not text")
