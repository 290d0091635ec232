"""Every recorded exchange conforms to openapi.yaml, and every answer it documents has been recorded.

The cassettes are real recordings (from the emulator or from Sendmux), so this checks the spec against
a server's behaviour, and the client's requests against the spec, without any network.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response

from sendmux_spec import pointer, read_yaml

from .conftest import CASSETTES
from .spec_cases import DOCUMENT, operations

SPEC_DICT: dict[str, Any] = DOCUMENT.data
EVENT_STREAM = "text/event-stream"


def _first_event(body: bytes) -> Any:
    """An event stream's answer, for openapi-core: its first item (every item is checked on its own below)."""
    from sendmux._event_stream import parse_events

    events = list(parse_events([body.decode("utf-8")]))
    return events[0].json() if events else {}


def _answer_media_types() -> set[str]:
    """Every media type an answer of the spec has that is not JSON."""
    return {
        media
        for op in DOCUMENT.operations
        for response in op.responses.values()
        for media in response.content
        if not media.endswith("json")
    }


# Text is read as text and anything binary as bytes mapped one to one onto characters, so `type: string`
# schemas validate them; an event stream as its items.
_READERS = {
    media: (_first_event if media == EVENT_STREAM else (lambda b: b.decode("utf-8")) if media.startswith("text/")
            else (lambda b: b.decode("latin-1")))
    for media in _answer_media_types()
}  # fmt: skip
SPEC = OpenAPI.from_dict(SPEC_DICT, config=Config(extra_media_type_deserializers=_READERS))


def _operations() -> dict[str, tuple[str, re.Pattern[str]]]:
    """operationId -> (method, path pattern), literal paths first: `/webhooks/event-types` is not a webhook id."""
    literal_first = sorted(DOCUMENT.operations, key=lambda op: [s.startswith("{") for s in op.path.split("/")])
    return {
        str(op.operation_id): (op.method.upper(), re.compile("^/api/v1" + re.sub(r"\{[^}]+\}", "[^/]+", op.path) + "$"))
        for op in literal_first
    }


OPERATIONS = _operations()


def _interactions() -> Iterator[tuple[str, int, dict[str, Any]]]:
    for cassette in sorted(CASSETTES.rglob("*.yaml")):
        data = read_yaml(cassette.read_text(encoding="utf-8"))
        for index, interaction in enumerate(data.get("interactions", [])):
            yield str(cassette.relative_to(CASSETTES)), index, interaction


INTERACTIONS = list(_interactions())


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, dict):
        body = body.get("string", b"")
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def _headers(raw: dict[str, Any]) -> list[tuple[str, str]]:
    pairs = []
    for name, values in raw.items():
        pairs.extend((name, value) for value in (values if isinstance(values, list) else [values]))
    return pairs


def _request(recorded: dict[str, Any]) -> WerkzeugOpenAPIRequest:
    url = urlsplit(recorded["uri"])
    builder = EnvironBuilder(
        method=recorded["method"],
        base_url=f"{url.scheme}://{url.netloc}",
        path=url.path,
        query_string=url.query,
        headers=_headers(recorded.get("headers", {})),
        data=_body_bytes(recorded.get("body")),
    )
    return WerkzeugOpenAPIRequest(builder.get_request())


def _response(recorded: dict[str, Any]) -> WerkzeugOpenAPIResponse:
    raw = Response(
        response=_body_bytes(recorded.get("body")),
        status=recorded["status"]["code"],
        headers=_headers(recorded.get("headers", {})),
    )
    return WerkzeugOpenAPIResponse(raw)


def _operation_of(recorded: dict[str, Any]) -> str | None:
    method, path = recorded["method"].upper(), urlsplit(recorded["uri"]).path
    for operation_id, (op_method, pattern) in OPERATIONS.items():
        if op_method == method and pattern.match(path):
            return operation_id
    return None


def test_cassettes_were_recorded() -> None:
    assert INTERACTIONS, f"no cassettes under {CASSETTES}; run `make record`"


@pytest.mark.parametrize(
    ("cassette", "index", "interaction"),
    INTERACTIONS,
    ids=[f"{name}#{index}" for name, index, _ in INTERACTIONS],
)
def test_recorded_exchange_conforms_to_spec(cassette: str, index: int, interaction: dict[str, Any]) -> None:
    request = _request(interaction["request"])
    assert _operation_of(interaction["request"]) is not None, "request matches no operation in openapi.yaml"
    # A request the API refused for what it sent (invalid, too large, or a replayed key with another body) is, by
    # design, not valid against the spec; everything else is.
    if _error_code(interaction["response"]) not in REFUSED_FOR_WHAT_WAS_SENT:
        SPEC.validate_request(request)
    SPEC.validate_response(request, _response(interaction["response"]))
    _check_each_event(interaction)


REFUSED_FOR_WHAT_WAS_SENT = {
    "invalid_parameter",
    "missing_parameter",
    "validation_error",
    "payload_too_large",
    "idempotency_conflict",
}


def _error_code(response: dict[str, Any]) -> str | None:
    try:
        body = json.loads(_body_bytes(response.get("body")) or b"null")
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return error.get("code") if isinstance(error, dict) else None


def _check_each_event(interaction: dict[str, Any]) -> None:
    """Every item of a recorded event stream against the item schema of its operation's answer."""
    from sendmux._event_stream import parse_events

    headers = {k.lower(): v for k, v in interaction["response"].get("headers", {}).items()}
    value = headers.get("content-type", "")
    media = value[0] if isinstance(value, list) and value else str(value)
    if not media.startswith(EVENT_STREAM):
        return
    method, path = interaction["request"]["method"].lower(), urlsplit(interaction["request"]["uri"]).path
    template = next(t for t in SPEC_DICT["paths"] if re.fullmatch("/api/v1" + re.sub(r"\{[^}]+\}", "[^/]+", t), path))
    status = str(interaction["response"]["status"]["code"])
    where = pointer("paths", template, method, "responses", status, "content", EVENT_STREAM, "schema")
    validator = jsonschema.Draft202012Validator({**SPEC_DICT, "$ref": where})
    events = list(parse_events([_body_bytes(interaction["response"].get("body")).decode("utf-8")]))
    assert events, "a recorded event stream with no event"
    for event in events:
        validator.validate(event.json())


def test_every_operation_has_a_cassette() -> None:
    recorded = {_operation_of(i["request"]) for _, _, i in INTERACTIONS}
    missing = sorted(set(OPERATIONS) - recorded)
    assert not missing, f"operations in openapi.yaml with no recorded exchange: {missing}"


SUITES = {"sync": ("test_operations", "test_webhooks"), "async": ("test_operations_async", "test_webhooks_async")}


@pytest.mark.parametrize("suite", sorted(SUITES))
def test_every_documented_answer_a_caller_can_provoke_is_recorded(suite: str) -> None:
    """Each (operation, status) in openapi.yaml has a recorded exchange through the sync and the async client,
    except the answers the spec declares ``x-sendmux-unprovokable`` (each with its reason)."""
    recorded: dict[str | None, set[str]] = defaultdict(set)
    for name, _, interaction in INTERACTIONS:
        if name.split("/", 1)[0] in SUITES[suite]:
            recorded[_operation_of(interaction["request"])].add(str(interaction["response"]["status"]["code"]))
    missing = [
        f"{op.operation_id} {status}"
        for op in operations()
        for status, unprovokable in op.responses.items()
        if not unprovokable and status not in recorded[op.operation_id]
    ]
    assert not missing, (
        f"documented answers with no {suite} cassette: {missing}; run `make record`, or declare in openapi.yaml "
        "why no generic case can provoke one (x-sendmux-unprovokable, tests/recorded/spec_cases.py)"
    )


def test_cassettes_hold_no_credentials() -> None:
    leak = re.compile(r"smx_(root|mbx|agent)_(?!dev\b)\w+|whsec_(?!REDACTED\b)\w+")
    for cassette in sorted(CASSETTES.rglob("*.yaml")):
        text = cassette.read_text(encoding="utf-8")
        assert not leak.search(text), f"{cassette.name} holds a credential or signing secret"
