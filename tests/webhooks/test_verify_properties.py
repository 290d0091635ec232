"""Properties: no input makes verify_webhook raise anything but WebhookVerificationError, and nothing it
accepts is unsigned or tampered with."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sendmux import WebhookVerificationError, verify_webhook

from .deliveries import DATA_KEYS, SECRET, event_dict, hmac_hex, signed

NAMES = ["X-Sendmux-Signature", "X-Sendmux-Timestamp", "X-Sendmux-Signature-V2", "X-Sendmux-Event-Id"]

anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.binary(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
header_names = st.sampled_from(NAMES).flatmap(
    lambda name: st.sampled_from([name, name.lower(), name.upper(), name.swapcase()])
) | st.text(max_size=25)
header_values = (
    st.text(max_size=80)
    | st.from_regex(r"sha256=[0-9a-f]{64}", fullmatch=True)
    | st.from_regex(r"v1=[0-9a-fA-F]{0,66}", fullmatch=True)
    | st.integers(min_value=0, max_value=2**40).map(str)
    | anything
)
header_keys = header_names | st.binary(max_size=25) | st.integers() | st.none()
headers_strategy = st.dictionaries(header_keys, header_values, max_size=6)
secrets = st.text(max_size=40) | st.lists(st.text(max_size=40), max_size=3) | anything
payloads = st.binary(max_size=300) | st.text(max_size=300) | anything


def accepted_honestly(payload: Any, headers: Any, secret: Any, **kwargs: Any) -> None:
    """Call verify_webhook; it may only raise WebhookVerificationError, and an accepted delivery must carry
    a signature that a plain hmac computation confirms."""
    try:
        event = verify_webhook(payload, headers, secret, **kwargs)
    except WebhookVerificationError as exc:
        assert isinstance(exc.reason, str) and exc.reason
        return
    body = payload.encode() if isinstance(payload, str) else bytes(payload)
    keys = [secret] if isinstance(secret, str) else list(secret)
    lowered = {k.lower(): v for k, v in dict(headers).items() if isinstance(k, str)}
    header = lowered["x-sendmux-signature"]
    header = header[0] if isinstance(header, list | tuple) else header
    assert any(header == "sha256=" + hmac_hex(key, body) for key in keys)
    assert isinstance(event.id, str)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(payload=payloads, headers=headers_strategy, secret=secrets)
def test_random_input_raises_only_verification_errors(payload: Any, headers: Any, secret: Any) -> None:
    accepted_honestly(payload, headers, secret)


@settings(max_examples=200)
@given(
    payload=payloads,
    headers=headers_strategy,
    tolerance=anything | st.floats(),
    require_timestamp=st.booleans(),
)
def test_random_arguments_raise_only_verification_errors(
    payload: Any, headers: Any, tolerance: Any, require_timestamp: bool
) -> None:
    accepted_honestly(payload, headers, SECRET, tolerance=tolerance, require_timestamp=require_timestamp)


# Valid deliveries, then mutated.

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=5,
)


@st.composite
def events(draw: st.DrawFn) -> dict[str, Any]:
    """Any event a current or newer Sendmux might sign: known or unknown types, nulls, extra keys."""
    document = event_dict(
        draw(st.sampled_from(["message.bounced", "message.received", "sendmux.test"]) | st.text(max_size=20)),
        id=draw(st.text(max_size=30)),
        data_recipients=draw(st.lists(st.text(max_size=20), max_size=4)),
        data_is_spam=draw(st.none() | st.booleans()),
    )
    for key in DATA_KEYS:
        if key not in ("recipients", "is_spam", "delay_expires_at") and draw(st.booleans()):
            document["data"][key] = draw(st.none() | st.text(max_size=20))
    # a date-time in the spec: any RFC 3339 instant, written the way the parsed model writes it back
    instants = st.datetimes(timezones=st.just(UTC)).map(lambda instant: instant.isoformat())
    document["data"]["delay_expires_at"] = draw(st.none() | instants)
    extra = draw(st.dictionaries(st.text(max_size=8), json_values, max_size=2))
    document.update({k: v for k, v in extra.items() if k not in document})
    return document


def body_of(document: dict[str, Any], pretty: bool) -> bytes:
    return json.dumps(document, indent=2 if pretty else None, ensure_ascii=False).encode()


@settings(max_examples=150)
@given(document=events(), pretty=st.booleans(), stamped=st.booleans())
def test_any_signed_event_is_returned_intact(document: dict[str, Any], pretty: bool, stamped: bool) -> None:
    body = body_of(document, pretty)
    headers = signed(body, timestamp=int(time.time()) if stamped else None)
    event = verify_webhook(body, headers, SECRET, require_timestamp=stamped)
    assert event.id == document["id"]
    assert event.type == document["type"]
    assert event.data.recipients == document["data"]["recipients"]
    assert event.to_dict()["data"] == document["data"]
    assert set(event.additional_properties) == set(document) - {"id", "type", "team_public_id", "occurred_at", "data"}


@settings(max_examples=300)
@given(document=events(), stamped=st.booleans(), data=st.data())
def test_flipping_any_bit_of_a_signed_body_is_rejected(
    document: dict[str, Any], stamped: bool, data: st.DataObject
) -> None:
    body = body_of(document, pretty=False)
    headers = signed(body, timestamp=int(time.time()) if stamped else None)
    index = data.draw(st.integers(0, len(body) - 1))
    tampered = bytearray(body)
    tampered[index] ^= data.draw(st.integers(1, 255))
    try:
        verify_webhook(bytes(tampered), headers, SECRET)
    except WebhookVerificationError as exc:
        assert exc.reason.startswith("no matching signature")
    else:
        raise AssertionError(f"accepted a body with byte {index} changed")


event_like_values = json_values | st.sampled_from(["2026-04-23T10:15:30Z", "2026-13-45", "", "message.bounced"])


@st.composite
def event_like_documents(draw: st.DrawFn) -> Any:
    """JSON that is almost an event: some keys missing, some values of the wrong type, nesting anywhere."""
    document = event_dict()
    for key in list(document):
        choice = draw(st.sampled_from(["keep", "drop", "replace"]))
        if choice == "drop":
            del document[key]
        elif choice == "replace":
            document[key] = draw(event_like_values)
    if isinstance(document.get("data"), dict):
        for key in DATA_KEYS:
            choice = draw(st.sampled_from(["keep", "keep", "drop", "replace"]))
            if choice == "drop":
                document["data"].pop(key, None)
            elif choice == "replace":
                document["data"][key] = draw(event_like_values)
    return draw(st.just(document) | json_values)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(document=event_like_documents())
def test_signed_json_of_any_shape_raises_only_verification_errors(document: Any) -> None:
    body = json.dumps(document).encode()
    try:
        event = verify_webhook(body, signed(body), SECRET)
    except WebhookVerificationError as exc:
        assert exc.reason.startswith(("body is not JSON", "body is not a valid event"))
    else:
        # accepted only if it really is an event: every annotated field has its JSON type
        assert isinstance(event.id, str) and isinstance(event.team_public_id, str) and isinstance(event.type, str)
        assert all(isinstance(r, str) for r in event.data.recipients)
        assert event.data.is_spam is None or isinstance(event.data.is_spam, bool)


@settings(max_examples=200)
@given(body=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_signed_arbitrary_bytes_raise_only_verification_errors(body: bytes) -> None:
    try:
        verify_webhook(body, signed(body), SECRET)
    except WebhookVerificationError as exc:
        assert exc.reason.startswith(("body is not JSON", "body is not a valid event"))


MUTATIONS = [
    "flip-body",
    "truncate-body",
    "extend-body",
    "drop-header",
    "recase-header",
    "duplicate-header",
    "edit-header",
    "listify-header",
    "other-secret",
    "shift-timestamp",
]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(document=events(), stamped=st.booleans(), mutation=st.sampled_from(MUTATIONS), data=st.data())
def test_mutated_deliveries_are_rejected_or_unchanged(
    document: dict[str, Any], stamped: bool, mutation: str, data: st.DataObject
) -> None:
    body = body_of(document, pretty=data.draw(st.booleans()))
    headers: dict[Any, Any] = signed(body, timestamp=int(time.time()) if stamped else None)
    names = [n for n in NAMES if n in headers]
    name = data.draw(st.sampled_from(names))
    changes_meaning = True
    if mutation == "flip-body":
        index = data.draw(st.integers(0, len(body) - 1))
        body = body[:index] + bytes([body[index] ^ data.draw(st.integers(1, 255))]) + body[index + 1 :]
    elif mutation == "truncate-body":
        body = body[: data.draw(st.integers(0, len(body) - 1))]
    elif mutation == "extend-body":
        body += data.draw(st.binary(min_size=1, max_size=5))
    elif mutation == "drop-header":
        del headers[name]
        changes_meaning = name != "X-Sendmux-Event-Id"  # unsigned and not read
    elif mutation == "recase-header":
        value = headers.pop(name)
        headers[data.draw(st.sampled_from([name.lower(), name.upper(), name.swapcase()]))] = value
        changes_meaning = False
    elif mutation == "duplicate-header":
        headers[name.lower()] = headers[name]
        changes_meaning = name != "X-Sendmux-Event-Id"
    elif mutation == "edit-header":
        value = headers[name]
        index = data.draw(st.integers(0, len(value) - 1))
        replacement = data.draw(st.characters(codec="utf-8"))
        assume(replacement != value[index])
        headers[name] = value[:index] + replacement + value[index + 1 :]
        changes_meaning = name != "X-Sendmux-Event-Id"
        if stamped and name == "X-Sendmux-Signature" and re.fullmatch("sha256=[0-9a-f]{64}", headers[name]):
            changes_meaning = False  # V2 holds under the secret, so V1 is checked for its form only
    elif mutation == "listify-header":
        headers[name] = [headers[name]]
        changes_meaning = False
    elif mutation == "other-secret":
        headers = signed(body, data.draw(st.text(min_size=1).filter(lambda s: s != SECRET)))
    elif mutation == "shift-timestamp":
        assume(stamped)
        shift = data.draw(st.integers(-(10**6), 10**6).filter(lambda n: n != 0))
        headers["X-Sendmux-Timestamp"] = str(int(headers["X-Sendmux-Timestamp"]) + shift)
    try:
        event = verify_webhook(body, headers, SECRET)
    except WebhookVerificationError:
        assert changes_meaning, f"{mutation} of {name} should still verify"
    else:
        assert not changes_meaning, f"{mutation} of {name} was accepted"
        assert event.id == document["id"]
