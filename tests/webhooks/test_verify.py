"""verify_webhook against signatures computed here with hmac/hashlib, one check at a time."""

from __future__ import annotations

import datetime
import json
import time
from collections.abc import Iterator, Mapping
from typing import Any

import httpx
import pytest
from starlette.datastructures import Headers as StarletteHeaders
from werkzeug.datastructures import EnvironHeaders
from werkzeug.datastructures import Headers as WerkzeugHeaders

from sendmux import SendmuxError, WebhookEvent, WebhookVerificationError, sign_webhook, verify_webhook
from sendmux.models import BounceType, EventType, WebhookEventPayload

from .deliveries import NOW, OLD_SECRET, SECRET, event_body, event_dict, hmac_hex, signed

BODY = event_body()


def rejected(payload: Any, headers: Any, secret: Any = SECRET, **kwargs: Any) -> str:
    with pytest.raises(WebhookVerificationError) as info:
        verify_webhook(payload, headers, secret, **kwargs)
    assert isinstance(info.value, SendmuxError)
    assert str(info.value) == info.value.reason
    return info.value.reason


@pytest.fixture
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(time, "time", lambda: float(NOW))
    return NOW


# --- the documented scheme ---------------------------------------------------------------------------


def test_known_answer_vector_from_openssl() -> None:
    # printf '{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test_vector
    body = b'{"id":"evt_1"}'
    digest = "4b5c3119685d5bf8ba58b91774a053bb7a37023db81feeed933a0c3c6b4d9af2"
    reason = rejected(body, {"X-Sendmux-Signature": "sha256=" + digest}, "whsec_test_vector")
    assert reason.startswith("body is not a valid event")  # the signature passed; the body is no event
    assert rejected(body, {"X-Sendmux-Signature": "sha256=" + digest}, "whsec_other").startswith(
        "no matching signature"
    )


def test_documented_signature_returns_the_typed_event() -> None:
    event = verify_webhook(BODY, signed(BODY), SECRET)
    assert type(event) is WebhookEvent
    assert event.to_dict() == WebhookEventPayload.from_dict(json.loads(BODY)).to_dict()  # the generated model's
    assert event.id == "evt_cl9x2b7k40000qzrmn1c4d5e9"
    assert event.type == EventType.MESSAGE_BOUNCED
    assert event.type == "message.bounced"
    assert event.type is event.type_
    assert event.team_public_id == "team_cl9x2b7k40000qzrmn1c4d5f1"
    assert event.occurred_at == datetime.datetime(2026, 4, 23, 10, 15, 30, tzinfo=datetime.UTC)
    assert event.data.bounce_type == BounceType.PERMANENT
    assert event.data.recipients == ["user@example.com"]
    assert event.data.is_spam is None


def test_type_is_read_only() -> None:
    event = verify_webhook(BODY, signed(BODY), SECRET)
    with pytest.raises(AttributeError):
        event.type = "message.delivered"  # type: ignore[misc]


def test_sign_webhook_agrees_with_the_independent_computation() -> None:
    assert sign_webhook(BODY, SECRET) == {"X-Sendmux-Signature": signed(BODY)["X-Sendmux-Signature"]}
    headers = signed(BODY, timestamp=NOW)
    assert sign_webhook(BODY, SECRET, timestamp=NOW) == {
        name: headers[name] for name in ("X-Sendmux-Signature", "X-Sendmux-Timestamp", "X-Sendmux-Signature-V2")
    }


@pytest.mark.parametrize("index", [0, len(BODY) // 2, len(BODY) - 1])
def test_a_changed_byte_is_rejected(index: int) -> None:
    tampered = bytearray(BODY)
    tampered[index] ^= 0x01
    assert rejected(bytes(tampered), signed(BODY)).startswith("no matching signature")


def test_appended_whitespace_is_rejected() -> None:
    assert rejected(BODY + b"\n", signed(BODY)).startswith("no matching signature")


def test_reserialised_json_is_rejected() -> None:
    same_json = json.dumps(json.loads(BODY), indent=2).encode()
    assert rejected(same_json, signed(BODY)).startswith("no matching signature")


def test_wrong_secret_is_rejected() -> None:
    reason = rejected(BODY, signed(BODY), "whsec_someone_else")
    assert reason == ("no matching signature: X-Sendmux-Signature does not match the body under any of the 1 secret(s)")


def test_secret_without_its_prefix_gets_a_hint() -> None:
    reason = rejected(BODY, signed(BODY), SECRET.removeprefix("whsec_"))
    assert reason.startswith("no matching signature") and "whsec_ prefix" in reason


@pytest.mark.parametrize("signed_with", [SECRET, OLD_SECRET])
@pytest.mark.parametrize("order", [(OLD_SECRET, SECRET), (SECRET, OLD_SECRET)])
def test_secret_list_accepts_old_or_new_during_rotation(signed_with: str, order: tuple[str, str]) -> None:
    assert verify_webhook(BODY, signed(BODY, signed_with), list(order)).id == "evt_cl9x2b7k40000qzrmn1c4d5e9"
    assert verify_webhook(BODY, signed(BODY, signed_with), order).id == "evt_cl9x2b7k40000qzrmn1c4d5e9"


def test_secret_list_rejects_a_secret_not_in_it() -> None:
    reason = rejected(BODY, signed(BODY, "whsec_retired"), [OLD_SECRET, SECRET])
    assert reason.endswith("under any of the 2 secret(s)")


@pytest.mark.parametrize(
    ("secret", "expected"),
    [
        ([], "invalid argument: the secret list is empty; pass at least one whsec_… secret"),
        ((), "invalid argument: the secret list is empty; pass at least one whsec_… secret"),
        ("", "invalid argument: every secret must be a non-empty whsec_… string"),
        ([SECRET, ""], "invalid argument: every secret must be a non-empty whsec_… string"),
        ([SECRET, 5], "invalid argument: every secret must be a non-empty whsec_… string"),
        (None, "invalid argument: secret must be a whsec_… string or a list of them, not NoneType"),
        (SECRET.encode(), "invalid argument: secret must be a whsec_… string or a list of them, not bytes"),
        ("whsec_\ud800", "invalid argument: a secret is not encodable as UTF-8"),
    ],
)
def test_unusable_secrets_say_so(secret: Any, expected: str) -> None:
    assert rejected(BODY, signed(BODY), secret) == expected


def test_non_ascii_secret_is_used_as_utf8() -> None:
    secret = "whsec_clé"
    assert verify_webhook(BODY, signed(BODY, secret), secret).id == "evt_cl9x2b7k40000qzrmn1c4d5e9"


# --- the timestamped scheme --------------------------------------------------------------------------


def test_timestamped_signature_is_verified(frozen_now: int) -> None:
    headers = signed(BODY, timestamp=frozen_now)
    assert verify_webhook(BODY, headers, SECRET).id == "evt_cl9x2b7k40000qzrmn1c4d5e9"
    assert verify_webhook(BODY, headers, SECRET, require_timestamp=True).id == "evt_cl9x2b7k40000qzrmn1c4d5e9"


@pytest.mark.parametrize(("offset", "words"), [(-301, "301 s old"), (301, "301 s in the future")])
def test_stale_and_future_timestamps_are_rejected(frozen_now: int, offset: int, words: str) -> None:
    reason = rejected(BODY, signed(BODY, timestamp=frozen_now + offset))
    assert reason == f"timestamp outside tolerance: X-Sendmux-Timestamp is {words}, more than 300 s from now"


@pytest.mark.parametrize("offset", [-300, 300, 0])
def test_tolerance_boundary_is_inclusive(frozen_now: int, offset: int) -> None:
    assert verify_webhook(BODY, signed(BODY, timestamp=frozen_now + offset), SECRET).id


def test_fractional_now_past_the_boundary_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW + 300.5)
    assert rejected(BODY, signed(BODY, timestamp=NOW)).startswith("timestamp outside tolerance")


@pytest.mark.parametrize(("tolerance", "offset", "ok"), [(10, 10, True), (10, 11, False), (0, 0, True), (0, 1, False)])
def test_custom_tolerance(frozen_now: int, tolerance: int, offset: int, ok: bool) -> None:
    headers = signed(BODY, timestamp=frozen_now - offset)
    if ok:
        assert verify_webhook(BODY, headers, SECRET, tolerance=tolerance).id
    else:
        assert rejected(BODY, headers, tolerance=tolerance).startswith("timestamp outside tolerance")


def test_a_real_replay_an_hour_later_is_rejected() -> None:
    headers = signed(BODY, timestamp=int(time.time()) - 3600)
    assert rejected(BODY, headers).startswith("timestamp outside tolerance")


def test_timestamp_changed_without_resigning_is_rejected(frozen_now: int) -> None:
    headers = signed(BODY, timestamp=frozen_now - 3600)
    headers["X-Sendmux-Timestamp"] = str(frozen_now)  # an attacker refreshes the stamp of an old delivery
    assert rejected(BODY, headers) == (
        "no matching signature: X-Sendmux-Signature-V2 does not match the timestamp and body under any of the secrets"
    )


def test_v2_signed_with_a_secret_not_given_is_rejected(frozen_now: int) -> None:
    headers = signed(BODY, timestamp=frozen_now)
    headers["X-Sendmux-Signature-V2"] = signed(BODY, OLD_SECRET, timestamp=frozen_now)["X-Sendmux-Signature-V2"]
    assert rejected(BODY, headers, [SECRET]).startswith("no matching signature: X-Sendmux-Signature-V2")
    assert verify_webhook(BODY, headers, [SECRET, OLD_SECRET]).id  # V2 holds under OLD_SECRET: that suffices


@pytest.mark.parametrize("as_list", [False, True])
def test_where_v2_holds_the_v1_hmac_is_not_recomputed_but_its_header_is_checked(frozen_now: int, as_list: bool) -> None:
    """V2 signs the timestamp and the body under the same secret, so V1's HMAC would prove nothing more."""
    headers: dict[str, Any] = signed(BODY, timestamp=frozen_now)
    headers["X-Sendmux-Signature"] = "sha256=" + "0" * 64  # well formed, but not the body's HMAC
    wrap = (lambda h: {k: [v] for k, v in h.items()}) if as_list else (lambda h: h)  # the general header path
    assert verify_webhook(BODY, wrap(headers), SECRET, require_timestamp=True).id
    headers["X-Sendmux-Signature"] = "sha256=" + "0" * 63  # malformed
    assert (
        rejected(BODY, wrap(headers))
        == "malformed header: X-Sendmux-Signature must be sha256=<64 lowercase hex digits>"
    )
    del headers["X-Sendmux-Signature"]
    assert rejected(BODY, wrap(headers)) == "missing header: X-Sendmux-Signature"
    headers |= {"X-Sendmux-Signature": "sha256=" + "0" * 64, "x-sendmux-signature": "sha256=" + "0" * 64}
    assert rejected(BODY, wrap(headers)) == "malformed header: X-Sendmux-Signature appears 2 times"


def test_tampered_body_with_timestamp_is_rejected(frozen_now: int) -> None:
    headers = signed(BODY, timestamp=frozen_now)
    assert rejected(BODY.replace(b"Permanent", b"Transient"), headers).startswith("no matching signature")


def test_timestamp_signature_is_over_the_header_text_as_sent(frozen_now: int) -> None:
    stamp = f"0{frozen_now}"  # leading zero: same number, different signed bytes
    headers = signed(BODY, timestamp=stamp)
    assert verify_webhook(BODY, headers, SECRET).id
    headers["X-Sendmux-Timestamp"] = str(frozen_now)
    assert rejected(BODY, headers).startswith("no matching signature: X-Sendmux-Signature-V2")


def test_require_timestamp_rejects_a_delivery_without_it() -> None:
    reason = rejected(BODY, signed(BODY), require_timestamp=True)
    assert reason.startswith("missing header: X-Sendmux-Timestamp and X-Sendmux-Signature-V2")


def test_without_require_timestamp_stripped_timestamp_headers_still_verify(frozen_now: int) -> None:
    headers = signed(BODY, timestamp=frozen_now - 3600)
    del headers["X-Sendmux-Timestamp"], headers["X-Sendmux-Signature-V2"]
    assert verify_webhook(BODY, headers, SECRET).id  # documented: no replay protection without the pair
    assert rejected(BODY, headers, require_timestamp=True).startswith("missing header")


@pytest.mark.parametrize(
    ("drop", "expected"),
    [
        ("X-Sendmux-Signature-V2", "malformed header: X-Sendmux-Timestamp without X-Sendmux-Signature-V2"),
        ("X-Sendmux-Timestamp", "malformed header: X-Sendmux-Signature-V2 without X-Sendmux-Timestamp"),
    ],
)
def test_half_of_the_timestamped_pair_is_malformed(frozen_now: int, drop: str, expected: str) -> None:
    headers = signed(BODY, timestamp=frozen_now)
    del headers[drop]
    assert rejected(BODY, headers) == expected


@pytest.mark.parametrize(
    "value", ["", "now", "-1779354720", "1779354720.0", " 1779354720", "1779354720\n", "١٧٧٩٣٥٤٧٢٠", "9" * 16]
)
def test_malformed_timestamp(frozen_now: int, value: str) -> None:
    headers = signed(BODY, timestamp=frozen_now)
    headers["X-Sendmux-Timestamp"] = value
    assert rejected(BODY, headers) == "malformed header: X-Sendmux-Timestamp must be Unix seconds (ASCII digits)"


@pytest.mark.parametrize("value", ["", "v1=", "v2=" + "0" * 64, "V1=" + "0" * 64, "v1=" + "A" * 64, "0" * 64])
def test_malformed_signature_v2(frozen_now: int, value: str) -> None:
    headers = signed(BODY, timestamp=frozen_now)
    headers["X-Sendmux-Signature-V2"] = value
    assert rejected(BODY, headers) == "malformed header: X-Sendmux-Signature-V2 must be v1=<64 lowercase hex digits>"


# --- headers: presence, format, duplicates, casing, mapping types --------------------------------------


def test_missing_signature_header() -> None:
    headers = signed(BODY)
    del headers["X-Sendmux-Signature"]
    assert rejected(BODY, headers) == "missing header: X-Sendmux-Signature"
    assert rejected(BODY, {}) == "missing header: X-Sendmux-Signature"


def test_timestamped_pair_alone_is_not_enough(frozen_now: int) -> None:
    headers = signed(BODY, timestamp=frozen_now)
    del headers["X-Sendmux-Signature"]
    assert rejected(BODY, headers) == "missing header: X-Sendmux-Signature"


GOOD_HEX = hmac_hex(SECRET, BODY)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "sha256=",
        GOOD_HEX,
        "sha256=" + GOOD_HEX.upper(),
        "SHA256=" + GOOD_HEX,
        "sha1=" + GOOD_HEX,
        "sha256=" + GOOD_HEX[:-1],
        "sha256=" + GOOD_HEX + "0",
        " sha256=" + GOOD_HEX,
        "sha256=" + GOOD_HEX + " ",
        "sha256=" + GOOD_HEX[:-1] + "g",
        "sha256=" + GOOD_HEX[:-1] + "é",
        "t=1,v1=" + GOOD_HEX,
        "sha256=" + GOOD_HEX + ",sha256=" + GOOD_HEX,
    ],
)
def test_malformed_signature(value: str) -> None:
    assert rejected(BODY, {"X-Sendmux-Signature": value}) == (
        "malformed header: X-Sendmux-Signature must be sha256=<64 lowercase hex digits>"
    )


@pytest.mark.parametrize("value", [None, 5, 1.5, {"a": 1}, object()])
def test_signature_that_is_not_text(value: object) -> None:
    reason = rejected(BODY, {"X-Sendmux-Signature": value})
    assert reason == f"malformed header: X-Sendmux-Signature is a {type(value).__name__}, not text"


def test_signature_as_non_ascii_bytes() -> None:
    assert (
        rejected(BODY, {"X-Sendmux-Signature": b"sha256=\xff"}) == "malformed header: X-Sendmux-Signature is not ASCII"
    )


SIGNATURE_VALUE = signed(BODY)["X-Sendmux-Signature"]


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Sendmux-Signature": SIGNATURE_VALUE, "x-sendmux-signature": SIGNATURE_VALUE},
        {"X-Sendmux-Signature": SIGNATURE_VALUE, "X-SENDMUX-SIGNATURE": "sha256=" + "0" * 64},
        {"X-Sendmux-Signature": [SIGNATURE_VALUE, SIGNATURE_VALUE]},
        {"X-Sendmux-Signature": (SIGNATURE_VALUE, "sha256=" + "0" * 64)},
        StarletteHeaders(raw=[(b"x-sendmux-signature", SIGNATURE_VALUE.encode())] * 2),
        WerkzeugHeaders([("X-Sendmux-Signature", SIGNATURE_VALUE), ("x-sendmux-signature", SIGNATURE_VALUE)]),
        httpx.Headers([("X-Sendmux-Signature", SIGNATURE_VALUE), ("X-Sendmux-Signature", SIGNATURE_VALUE)]),
    ],
    ids=["dict-two-casings", "dict-other-value", "list-value", "tuple-value", "starlette", "werkzeug", "httpx"],
)
def test_duplicated_signature_header_is_malformed(headers: Any) -> None:
    assert rejected(BODY, headers) == "malformed header: X-Sendmux-Signature appears 2 times"


def test_duplicated_timestamp_header_is_malformed(frozen_now: int) -> None:
    headers: dict[str, Any] = signed(BODY, timestamp=frozen_now)
    headers["x-sendmux-timestamp"] = headers["X-Sendmux-Timestamp"]
    assert rejected(BODY, headers) == "malformed header: X-Sendmux-Timestamp appears 2 times"


def test_httpx_merged_duplicate_is_malformed() -> None:
    # httpx.Headers joins repeated values with ", " when read as a plain mapping: still rejected
    merged = {"X-Sendmux-Signature": f"{SIGNATURE_VALUE}, {SIGNATURE_VALUE}"}
    assert rejected(BODY, merged).startswith("malformed header: X-Sendmux-Signature must be")


def test_empty_list_value_counts_as_missing() -> None:
    assert rejected(BODY, {"X-Sendmux-Signature": []}) == "missing header: X-Sendmux-Signature"


@pytest.mark.parametrize(
    "name", ["X-Sendmux-Signature", "x-sendmux-signature", "X-SENDMUX-SIGNATURE", "x-SeNdMuX-sIgNaTuRe"]
)
def test_header_names_in_any_casing(name: str, frozen_now: int) -> None:
    headers = signed(BODY, timestamp=frozen_now)
    cased = {
        name: headers["X-Sendmux-Signature"],
        "X-SENDMUX-TIMESTAMP": headers["X-Sendmux-Timestamp"],
        "x-sendmux-signature-v2": headers["X-Sendmux-Signature-V2"],
    }
    assert verify_webhook(BODY, cased, SECRET, require_timestamp=True).id


class DjangoLikeHeaders(Mapping[str, str]):
    """The shape of Django's ``request.headers``: a case-insensitive read-only Mapping with no ``getlist``."""

    def __init__(self, headers: dict[str, str]) -> None:
        self._store = {key.lower(): (key, value) for key, value in headers.items()}

    def __getitem__(self, key: str) -> str:
        return self._store[key.lower()][1]

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self._store.values())

    def __len__(self) -> int:
        return len(self._store)


def environ_for(headers: dict[str, str]) -> dict[str, Any]:
    environ: dict[str, Any] = {"REQUEST_METHOD": "POST", "CONTENT_TYPE": "application/json"}
    for name, value in headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ


MAPPINGS = {
    "dict": lambda h: dict(h),
    "dict-lowercase": lambda h: {k.lower(): v for k, v in h.items()},
    "dict-of-lists": lambda h: {k: [v] for k, v in h.items()},
    "dict-of-bytes": lambda h: {k.lower().encode(): v.encode() for k, v in h.items()},
    "starlette": lambda h: StarletteHeaders(headers=h),
    "werkzeug-environ": lambda h: EnvironHeaders(environ_for(h)),
    "werkzeug-headers": lambda h: WerkzeugHeaders(list(h.items())),
    "httpx": lambda h: httpx.Headers(h),
    "django-like": lambda h: DjangoLikeHeaders(h),
}


@pytest.mark.parametrize("make", MAPPINGS.values(), ids=MAPPINGS.keys())
def test_header_mapping_types(make: Any, frozen_now: int) -> None:
    headers = signed(BODY, timestamp=frozen_now)
    assert verify_webhook(BODY, make(headers), SECRET, require_timestamp=True).id
    stale = signed(BODY, timestamp=frozen_now - 301)
    assert rejected(BODY, make(stale)).startswith("timestamp outside tolerance")
    wrong = signed(BODY, "whsec_someone_else")
    assert rejected(BODY, make(wrong)).startswith("no matching signature")


class BrokenHeaders(Mapping[str, str]):
    def __getitem__(self, key: str) -> str:
        raise RuntimeError("boom")

    def __iter__(self) -> Iterator[str]:
        raise RuntimeError("boom")

    def __len__(self) -> int:
        return 1


def test_headers_that_cannot_be_read() -> None:
    assert rejected(BODY, BrokenHeaders()).startswith("invalid argument: headers could not be read")


@pytest.mark.parametrize(
    ("headers", "kind"),
    [(None, "NoneType"), ([("X-Sendmux-Signature", "x")], "list"), ("X-Sendmux-Signature", "str")],
)
def test_headers_that_are_not_a_mapping_are_named_as_such(headers: Any, kind: str) -> None:
    reason = rejected(BODY, headers)
    assert reason.startswith("invalid argument: headers must be a mapping of header names to values")
    assert reason.endswith(f"got {kind}")


# --- payloads and bodies -----------------------------------------------------------------------------


def test_str_payload_is_encoded_as_utf8() -> None:
    body = event_body(data_sender="Zoë <zoe@example.com>")
    text = body.decode()
    event = verify_webhook(text, signed(body), SECRET)
    assert event.data.sender == "Zoë <zoe@example.com>"


@pytest.mark.parametrize("wrap", [bytearray, memoryview])
def test_bytes_like_payloads(wrap: Any) -> None:
    assert verify_webhook(wrap(BODY), signed(BODY), SECRET).id


@pytest.mark.parametrize(("payload", "kind"), [(None, "NoneType"), (42, "int"), ({"id": "evt_1"}, "dict")])
def test_payload_of_the_wrong_type(payload: Any, kind: str) -> None:
    assert rejected(payload, signed(BODY)) == f"invalid argument: payload must be the raw body as bytes, not {kind}"


def test_payload_str_that_is_not_utf8_encodable() -> None:
    assert rejected("\ud800", signed(BODY)) == "invalid argument: payload str is not encodable as UTF-8"


@pytest.mark.parametrize("tolerance", [-1, float("nan"), float("inf"), "300", None, True])
def test_unusable_tolerance(tolerance: Any) -> None:
    assert rejected(BODY, signed(BODY), tolerance=tolerance).startswith("invalid argument: tolerance must be")


def test_float_tolerance(frozen_now: int) -> None:
    assert verify_webhook(BODY, signed(BODY, timestamp=frozen_now - 2), SECRET, tolerance=2.5).id


@pytest.mark.parametrize("body", [b"", b"not json", b'{"id": ', b"\xff\xfe\x00", b"[" * 100_000])
def test_signed_body_that_is_not_json(body: bytes) -> None:
    assert rejected(body, signed(body)).startswith("body is not JSON")


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ([], "body is not a valid event: expected a JSON object, got array"),
        ("evt_1", "body is not a valid event: expected a JSON object, got string"),
        (None, "body is not a valid event: expected a JSON object, got null"),
        ({}, "body is not a valid event: missing key 'id'"),
        ({k: v for k, v in event_dict().items() if k != "data"}, "body is not a valid event: missing key 'data'"),
        (event_dict(id=7), "body is not a valid event: id must be str, got number"),
        (event_dict(type=None), "body is not a valid event: type must be EventType | str, got null"),
        (event_dict(team_public_id=["team_1"]), "body is not a valid event: team_public_id must be str, got array"),
        (event_dict(occurred_at=1779354720), "body is not a valid event: fromisoformat: argument must be str"),
        (event_dict(occurred_at="yesterday"), "body is not a valid event: Invalid isoformat string: 'yesterday'"),
        (event_dict(data=[["message_id", None]]), "body is not a valid event: data must be an object, got array"),
        (event_dict(data="x"), "body is not a valid event: data must be an object, got string"),
        (event_dict(data_recipients="user@example.com"), "body is not a valid event: data.recipients must be"),
        (event_dict(data_recipients=["a@example.com", 5]), "body is not a valid event: data.recipients[1] must be"),
        (event_dict(data_is_spam="no"), "body is not a valid event: data.is_spam must be bool | null, got string"),
        (event_dict(data_is_spam=0), "body is not a valid event: data.is_spam must be bool | null, got number"),
        (event_dict(data_sender=False), "body is not a valid event: data.sender must be null | str, got boolean"),
        (event_dict(data_bounce_type=1), "body is not a valid event: data.bounce_type must be BounceType | null |"),
    ],
)
def test_signed_json_that_is_not_an_event(document: Any, expected: str) -> None:
    body = json.dumps(document).encode()
    assert rejected(body, signed(body)).startswith(expected)


def test_missing_data_key_is_not_an_event() -> None:
    document = event_dict()
    del document["data"]["bounce_type"]
    body = json.dumps(document).encode()
    assert rejected(body, signed(body)) == "body is not a valid event: missing key 'bounce_type'"


def test_signature_is_checked_before_the_body_is_parsed() -> None:
    assert rejected(b"not json", signed(BODY)).startswith("no matching signature")


# --- forward compatibility ---------------------------------------------------------------------------


def test_unknown_type_and_extra_fields_are_kept() -> None:
    body = event_body(
        "test.fictional_event", schema_version=2, data_opened_at="2026-05-01T00:00:00Z", data_links=["https://x"]
    )
    event = verify_webhook(body, signed(body), SECRET)
    assert event.type == "test.fictional_event"
    assert type(event.type) is str  # a plain string, not an EventType
    assert event.additional_properties == {"schema_version": 2}
    assert event.data.additional_properties == {"opened_at": "2026-05-01T00:00:00Z", "links": ["https://x"]}
    assert event.to_dict()["type"] == "test.fictional_event"
    assert event.to_dict()["data"]["links"] == ["https://x"]


def test_unknown_enum_values_inside_data_are_kept() -> None:
    body = event_body(data_bounce_type="Soft", data_message_id_kind="smtp")
    event = verify_webhook(body, signed(body), SECRET)
    assert event.data.bounce_type == "Soft" and not isinstance(event.data.bounce_type, BounceType)
    assert event.data.message_id_kind == "smtp"


@pytest.mark.parametrize("type_", [member.value for member in EventType])
def test_every_known_type_parses_to_its_member(type_: str) -> None:
    body = event_body(type_)
    assert verify_webhook(body, signed(body), SECRET).type is EventType(type_)


class _LoudSecret(str):
    """A str subclass whose own methods fail: its text is a good secret, but calling it is not safe."""

    def encode(self, *args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("encode")

    def __hash__(self) -> int:
        raise TypeError("unhashable secret")

    def startswith(self, *args: Any, **kwargs: Any) -> bool:
        raise RuntimeError("startswith")


class _NoTruth:
    def __bool__(self) -> bool:
        raise RuntimeError("no truth value")


@pytest.mark.parametrize(
    "secret",
    [_LoudSecret(SECRET), [_LoudSecret(SECRET)], (_LoudSecret(OLD_SECRET), SECRET)],
    ids=["alone", "in-a-list", "old-one-first"],
)
def test_a_str_subclass_secret_is_read_as_its_text(secret: Any) -> None:
    assert verify_webhook(BODY, signed(BODY), secret).id == event_dict()["id"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"secret": [_LoudSecret("whsec_other")]},
        {"require_timestamp": _NoTruth()},
        {"headers": {"X-Sendmux-Signature": _LoudSecret("sha256=" + "0" * 64)}},
    ],
    ids=["subclass-secret-no-match", "require-timestamp-without-truth", "subclass-header"],
)
def test_nothing_but_a_verification_error_leaves_verify_webhook(kwargs: dict[str, Any]) -> None:
    arguments = {"payload": BODY, "headers": signed(BODY), "secret": SECRET, **kwargs}
    with pytest.raises(WebhookVerificationError):
        verify_webhook(**arguments)
