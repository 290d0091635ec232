"""Checking that a webhook delivery was signed by Sendmux, and returning its typed event: a :class:`WebhookEvent`
(generated/sendmux/_event.py), a class that loads no model, so that importing this module loads none either; the
decoder, and with it the models, load with the first event."""

from __future__ import annotations

import hmac
import json
import math
import re
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from ._event import WebhookEvent
from ._signing import SIGNATURE, SIGNATURE_V2, TIMESTAMP, keyed_hmac
from .errors import WebhookVerificationError

__all__ = ["parse_event", "verify_webhook"]

_NAMES = (SIGNATURE, TIMESTAMP, SIGNATURE_V2)
_LOWER = tuple(name.lower() for name in _NAMES)
_SIGNATURE_LOWER, _TIMESTAMP_LOWER, _V2_LOWER = _LOWER
_V1_FORM = re.compile(r"sha256=[0-9a-f]{64}\Z").match  # each header's whole value: prefix, 64 lowercase hex digits
_V2_FORM = re.compile(r"v1=[0-9a-f]{64}\Z").match
_MALFORMED = f"malformed header: {SIGNATURE} must be sha256=<64 lowercase hex digits>"
_decode: Callable[[dict[str, Any]], WebhookEvent] | None = None  # the generated decoder, loaded with the first event


def parse_event(body: bytes) -> WebhookEvent:
    """The event in a verified body; ``WebhookVerificationError`` if it is not JSON or not an event."""
    global _decode
    try:
        raw: Any = json.loads(body)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise WebhookVerificationError(f"body is not JSON: {exc}") from exc
    if type(raw) is not dict:
        from ._decoders import json_type  # generated: generated/sendmux/_decoders.py

        raise WebhookVerificationError(f"body is not a valid event: expected a JSON object, got {json_type(raw)}")
    decode = _decode
    if decode is None:  # the generated models load here, with the first event, not with `import sendmux`
        from ._decoders import decode_webhook_event_payload

        decode = _decode = decode_webhook_event_payload
    try:
        return decode(raw)
    except (TypeError, ValueError) as exc:
        raise WebhookVerificationError(f"body is not a valid event: {exc}") from exc


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
    """Check that ``payload`` (the raw body, exactly as received) was signed by Sendmux with ``secret`` (the
    whole ``whsec_…`` secret, or a list of them while rotating) and return its event.

    The checks are in the README's table: the signature headers (any casing); with the timestamped pair, its
    timestamp within ``tolerance`` seconds and its HMAC, which makes the plain header's HMAC under that secret
    redundant, so only its form is checked (``require_timestamp=True`` demands the pair); then the JSON event
    (an unknown type or extra keys kept). Any failure, bad arguments included, raises ``WebhookVerificationError``
    whose ``reason`` starts with ``missing header``, ``malformed header``, ``no matching signature``, ``timestamp
    outside tolerance``, ``body is not JSON``, ``body is not a valid event`` or ``invalid argument``.
    """
    try:
        body = verified_body(payload, headers, secret, tolerance=tolerance, require_timestamp=require_timestamp)
        return parse_event(body)
    except WebhookVerificationError:
        raise
    except Exception as exc:  # an argument that misbehaves (a str subclass whose encode raises, say)
        raise WebhookVerificationError(f"invalid argument: {type(exc).__name__}: {exc}") from exc


def verified_body(
    payload: object, headers: _Headers, secret: object, *, tolerance: object, require_timestamp: object
) -> bytes:
    """Every check of ``verify_webhook`` except parsing, the usual case first; return the authenticated body."""
    body = payload if type(payload) is bytes else _body_bytes(payload)
    secrets = (secret,) if type(secret) is str and secret.isascii() and secret else _secret_list(secret)
    limit = tolerance if type(tolerance) is int and tolerance >= 0 else _tolerance(tolerance)
    signature = timestamp = signature_v2 = None
    try:
        names = "".join(headers).lower() if type(headers) is dict else ""
    except TypeError:  # a name that is not a str: the general path reads it
        names = ""
    count = names.count(_SIGNATURE_LOWER)  # (the V2 name holds the V1 name: a stamped delivery has it twice)
    if count == 1 and _TIMESTAMP_LOWER not in names:  # the usual deliveries, plain or stamped: see _read_headers
        signature = headers.get(SIGNATURE, headers.get(_SIGNATURE_LOWER))  # type: ignore[attr-defined]
    elif count == 2 and names.count(_TIMESTAMP_LOWER) == 1:
        get = headers.get  # type: ignore[attr-defined]
        signature, timestamp = get(SIGNATURE, get(_SIGNATURE_LOWER)), get(TIMESTAMP, get(_TIMESTAMP_LOWER))
        signature_v2 = get(SIGNATURE_V2, get(_V2_LOWER))
    if type(signature) is not str or (count == 2 and not type(timestamp) is type(signature_v2) is str):
        signature, timestamp, signature_v2 = _read_headers(headers)
    if signature is None:
        raise WebhookVerificationError(f"missing header: {SIGNATURE}")
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
        if not (len(timestamp) <= 15 and timestamp.isascii() and timestamp.isdigit()):
            raise WebhookVerificationError(f"malformed header: {TIMESTAMP} must be Unix seconds (ASCII digits)")
        age = time.time() - int(timestamp)
        # Where V2 holds under a secret, V1's HMAC under that secret would prove nothing more: V2 matching a
        # well-formed digest is well formed, so its form is checked only when none matches.
        for key in secrets if abs(age) <= limit and signature_v2.isascii() else ():  # (compare_digest: ASCII only)
            mac = keyed_hmac(key).copy()
            mac.update(timestamp.encode() + b".")
            mac.update(body)
            if hmac.compare_digest(signature_v2, "v1=" + mac.hexdigest()) and _V1_FORM(signature):
                return body  # V1's header is still there once, and well formed
        if not _V2_FORM(signature_v2):
            raise WebhookVerificationError(f"malformed header: {SIGNATURE_V2} must be v1=<64 lowercase hex digits>")
        if abs(age) > limit:
            when = f"{math.ceil(abs(age))} s {'old' if age > 0 else 'in the future'}"
            raise WebhookVerificationError(
                f"timestamp outside tolerance: {TIMESTAMP} is {when}, more than {limit} s from now"
            )
    for key in secrets:
        mac = keyed_hmac(key).copy()
        mac.update(body)
        if signature.isascii() and hmac.compare_digest(signature, "sha256=" + mac.hexdigest()):
            break  # (compare_digest refuses non-ASCII text)
    else:
        if not _V1_FORM(signature):
            raise WebhookVerificationError(_MALFORMED)
        hint = "" if all(s.startswith("whsec_") for s in secrets) else "; pass the whole secret, with its whsec_ prefix"
        raise WebhookVerificationError(
            f"no matching signature: {SIGNATURE} does not match the body under any of the {len(secrets)} secret(s)"
            + hint
        )
    if timestamp is not None:  # the pair is present, and V2 matched under none of the secrets
        raise WebhookVerificationError(
            f"no matching signature: {SIGNATURE_V2} does not match the timestamp and body under any of the secrets"
        )
    return body


def _body_bytes(payload: object) -> bytes:
    try:
        if isinstance(payload, str):
            return payload.encode("utf-8")
        if isinstance(payload, bytes | bytearray | memoryview):
            return bytes(payload)
    except UnicodeEncodeError:
        raise WebhookVerificationError("invalid argument: payload str is not encodable as UTF-8") from None
    except (ValueError, TypeError) as exc:  # a released memoryview
        raise WebhookVerificationError(f"invalid argument: payload could not be read: {exc}") from None
    raise WebhookVerificationError(
        f"invalid argument: payload must be the raw body as bytes, not {type(payload).__name__}"
    )


def _secret_list(secret: object) -> tuple[str, ...]:
    if not isinstance(secret, str | Sequence) or isinstance(secret, bytes | bytearray | memoryview):
        raise WebhookVerificationError(
            f"invalid argument: secret must be a whsec_… string or a list of them, not {type(secret).__name__}"
        )
    try:
        secrets = (secret,) if isinstance(secret, str) else tuple(secret)
    except Exception as exc:  # a Sequence that cannot be iterated
        raise WebhookVerificationError(f"invalid argument: secret list could not be read: {exc!r}") from exc
    if not secrets:
        raise WebhookVerificationError("invalid argument: the secret list is empty; pass at least one whsec_… secret")
    if not all(isinstance(item, str) and item for item in secrets):
        raise WebhookVerificationError("invalid argument: every secret must be a non-empty whsec_… string")
    plain = tuple(map(str.__str__, secrets))  # a str subclass read as plain text: its own methods are not called
    try:
        [str.encode(item, "utf-8") for item in plain]
    except UnicodeEncodeError:
        raise WebhookVerificationError("invalid argument: a secret is not encodable as UTF-8") from None
    return plain


def _tolerance(tolerance: object) -> float:
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or not 0 <= tolerance < math.inf:
        raise WebhookVerificationError("invalid argument: tolerance must be a finite, non-negative number of seconds")
    return tolerance


def _read_headers(headers: _Headers) -> tuple[str | None, str | None, str | None]:
    """Each signature header's single value, or None; a repeated one is malformed."""
    found: dict[str, list[object]] = {name: [] for name in _LOWER}
    try:
        multi = getattr(headers, "getlist", None) or getattr(headers, "get_list", None)  # Starlette, Werkzeug, httpx
        if callable(multi):
            found = {name.lower(): [*multi(name)] for name in _NAMES}
        elif not callable(getattr(headers, "items", None)):
            raise WebhookVerificationError(
                "invalid argument: headers must be a mapping of header names to values (a dict, or your "
                f"framework's request headers), got {type(headers).__name__}"
            )
        else:  # any other mapping, scanned with case-insensitive names; a list value is a repeated header
            for key, value in headers.items():
                if isinstance(key, str | bytes):
                    name = (key.decode("latin-1") if isinstance(key, bytes) else str.__str__(key)).lower()
                    if name in found:
                        found[name] += value if isinstance(value, list | tuple) else [value]
    except WebhookVerificationError:
        raise
    except Exception as exc:  # the caller's object failed; it must not escape as another exception type
        raise WebhookVerificationError(f"invalid argument: headers could not be read: {exc!r}") from exc
    return _one(SIGNATURE, found[_LOWER[0]]), _one(TIMESTAMP, found[_LOWER[1]]), _one(SIGNATURE_V2, found[_LOWER[2]])


def _one(name: str, values: list[object]) -> str | None:
    if len(values) > 1:
        raise WebhookVerificationError(f"malformed header: {name} appears {len(values)} times")
    if not values:
        return None
    value = values[0]
    if isinstance(value, bytes):
        try:
            return value.decode("ascii")
        except UnicodeDecodeError:
            raise WebhookVerificationError(f"malformed header: {name} is not ASCII") from None
    if isinstance(value, str):
        return str.__str__(value)  # a subclass read as plain text
    raise WebhookVerificationError(f"malformed header: {name} is a {type(value).__name__}, not text")
