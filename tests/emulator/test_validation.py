"""Request validation follows openapi.yaml, with the spec's 400/422 table and field paths in `errors[]`."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from sendmux_emulator import create_app

from ._spec_check import async_api_client

VALID = {"url": "https://hooks.example.com/sendmux", "event_types": ["message.bounced"]}
JSON = {"Content-Type": "application/json"}
DEEP = b"[" * 5000 + b"]" * 5000
BAD_KEY = (400, "invalid_parameter", "Idempotency-Key", [("Idempotency-Key", "invalid_string")])


def problem(response: httpx.Response) -> tuple[int, str, str | None, list[tuple[str, str]]]:
    error = response.json()["error"]
    return (
        response.status_code,
        error["code"],
        error.get("param"),
        [(issue["field"], issue["code"]) for issue in error.get("errors", [])],
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            {**VALID, "url": "http://hooks.example.com/"},
            (422, "validation_error", "url", [("url", "invalid_string")]),
            id="non-https url",
        ),
        pytest.param(
            {**VALID, "url": "https://exa mple.com/"},
            (422, "validation_error", "url", [("url", "invalid_string")]),
            id="not a url",
        ),
        pytest.param(
            {**VALID, "event_types": ["message.bounced", "message.exploded"]},
            (422, "validation_error", "event_types.1", [("event_types.1", "invalid_enum_value")]),
            id="unknown event type",
        ),
        pytest.param(
            {**VALID, "event_types": []},
            (422, "validation_error", "event_types", [("event_types", "too_small")]),
            id="empty event list",
        ),
        pytest.param(
            {"event_types": ["message.bounced"]},
            (400, "missing_parameter", "url", [("url", "invalid_type")]),
            id="missing url",
        ),
        pytest.param(
            {**VALID, "filters": {}},
            (400, "missing_parameter", "filters.mailbox_ids", [("filters.mailbox_ids", "invalid_type")]),
            id="filters without mailbox_ids",
        ),
        pytest.param(
            {**VALID, "secret": "whsec_mine"},
            (400, "invalid_parameter", "secret", [("secret", "unrecognized_keys")]),
            id="unknown key",
        ),
        pytest.param(
            {**VALID, "filters": {"mailbox_ids": [], "domains": []}},
            (400, "invalid_parameter", "filters.domains", [("filters.domains", "unrecognized_keys")]),
            id="unknown nested key",
        ),
        pytest.param(
            {**VALID, "enabled": "yes"},
            (400, "invalid_parameter", "enabled", [("enabled", "invalid_type")]),
            id="wrong type",
        ),
        pytest.param(
            {**VALID, "event_types": "message.bounced"},
            (400, "invalid_parameter", "event_types", [("event_types", "invalid_type")]),
            id="string for list",
        ),
        pytest.param(
            {**VALID, "name": "x" * 256},
            (400, "invalid_parameter", "name", [("name", "too_big")]),
            id="name too long",
        ),
        pytest.param(
            {**VALID, "url": "https://example.com/" + "a" * 2048},
            (400, "invalid_parameter", "url", [("url", "too_big")]),
            id="url too long",
        ),
        pytest.param(
            {**VALID, "filters": {"mailbox_ids": [""]}},
            (400, "invalid_parameter", "filters.mailbox_ids.0", [("filters.mailbox_ids.0", "too_small")]),
            id="empty mailbox id",
        ),
        pytest.param(
            {"url": "http://x.example/", "event_types": []},
            (422, "validation_error", "url", [("url", "invalid_string"), ("event_types", "too_small")]),
            id="two semantic issues",
        ),
        pytest.param(
            {"url": "http://x.example/", "event_types": [], "bogus": 1},
            (
                400,
                "invalid_parameter",
                "bogus",
                [("bogus", "unrecognized_keys"), ("url", "invalid_string"), ("event_types", "too_small")],
            ),
            id="a 400 issue outranks 422 ones and comes first",
        ),
        pytest.param(
            {"url": "http://x.example/"},
            (400, "missing_parameter", "event_types", [("event_types", "invalid_type"), ("url", "invalid_string")]),
            id="missing outranks semantic",
        ),
        pytest.param([VALID], (400, "invalid_parameter", "body", [("body", "invalid_type")]), id="array body"),
    ],
)
def test_create_body_validation(api: httpx.Client, body: Any, expected: tuple[Any, ...]) -> None:
    response = api.post("/webhooks", json=body)
    assert problem(response) == expected
    error = response.json()["error"]
    assert error["retryable"] is False
    assert error["doc_url"] == f"https://sendmux.ai/docs/api/errors#{error['code']}"
    assert api.get("/webhooks").json()["data"] == []


@pytest.mark.parametrize(
    ("content", "headers", "expected"),
    [
        (
            b'{"url": ',
            {"Content-Type": "application/json"},
            (400, "invalid_parameter", "body", [("body", "invalid_json")]),
        ),
        (b"", {"Content-Type": "application/json"}, (400, "missing_parameter", "body", [("body", "invalid_type")])),
        (b"NaN", {"Content-Type": "application/json"}, (400, "invalid_parameter", "body", [("body", "invalid_json")])),
        (
            b"url=x",
            {"Content-Type": "text/plain"},
            (400, "invalid_parameter", "body", [("body", "invalid_content_type")]),
        ),
    ],
    ids=["malformed json", "empty body", "NaN", "not json"],
)
def test_create_body_syntax(api: httpx.Client, content: bytes, headers: dict[str, str], expected: Any) -> None:
    assert problem(api.post("/webhooks", content=content, headers=headers)) == expected


def test_update_body_validation(api: httpx.Client) -> None:
    webhook = api.post("/webhooks", json=VALID).json()["data"]
    path = f"/webhooks/{webhook['id']}"
    assert problem(api.patch(path, json={"url": "ftp://x"})) == (
        422,
        "validation_error",
        "url",
        [("url", "invalid_string")],
    )
    assert problem(api.patch(path, json={"event_types": []}))[:2] == (422, "validation_error")
    assert problem(api.patch(path, json={"name": ""})) == (400, "invalid_parameter", "name", [("name", "too_small")])
    assert problem(api.patch(path, json={"id": "whk_other"}))[:3] == (400, "invalid_parameter", "id")
    assert problem(api.patch(path, json={"secret": "whsec_x"}))[:3] == (400, "invalid_parameter", "secret")
    assert api.get(path).json()["data"]["url"] == VALID["url"]


def test_body_over_64_kib_is_413(api: httpx.Client) -> None:
    big = {**VALID, "name": "x" * (64 * 1024)}
    response = api.post("/webhooks", json=big)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"

    def chunks() -> Any:  # no Content-Length: the limit is enforced while reading
        yield b'{"url": "https://a.example/", "name": "'
        for _ in range(70):
            yield b"x" * 1024
        yield b'", "event_types": ["message.bounced"]}'

    webhook = api.post("/webhooks", json=VALID).json()["data"]
    streamed = api.patch(f"/webhooks/{webhook['id']}", content=chunks(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413
    just_fits = {**VALID, "name": "x" * 200}
    assert api.post("/webhooks", json=just_fits).status_code == 201


@pytest.mark.parametrize(
    ("params", "param", "code"),
    [
        ({"limit": "0"}, "limit", "too_small"),
        ({"limit": "101"}, "limit", "too_big"),
        ({"limit": "ten"}, "limit", "invalid_type"),
        ({"cursor": ""}, "cursor", "too_small"),
        ({"cursor": "c_forged"}, "cursor", "invalid_string"),
        ({"cursor": "whk_123"}, "cursor", "invalid_string"),
    ],
)
def test_list_query_validation(api: httpx.Client, params: dict[str, str], param: str, code: str) -> None:
    response = api.get("/webhooks", params=params)
    assert problem(response) == (400, "invalid_parameter", param, [(param, code)])


def test_deliveries_query_validation(api: httpx.Client) -> None:
    webhook = api.post("/webhooks", json=VALID).json()["data"]
    path = f"/webhooks/{webhook['id']}/deliveries"
    assert problem(api.get(path, params={"event_type": "message.exploded"}))[:3] == (
        400,
        "invalid_parameter",
        "event_type",
    )
    assert problem(api.get(path, params={"result": "maybe"}))[:3] == (400, "invalid_parameter", "result")
    assert problem(api.get(path, params={"limit": "500"}))[:3] == (400, "invalid_parameter", "limit")
    assert problem(api.get(path, params={"cursor": "c_" + "A" * 8}))[:3] == (400, "invalid_parameter", "cursor")


def test_idempotency_key_longer_than_255_is_invalid(api: httpx.Client) -> None:
    response = api.post("/webhooks", json=VALID, headers={"Idempotency-Key": "k" * 256})
    assert problem(response) == (400, "invalid_parameter", "Idempotency-Key", [("Idempotency-Key", "too_big")])


def test_rotate_and_test_refuse_a_bad_idempotency_key(api: httpx.Client) -> None:
    webhook = api.post("/webhooks", json={**VALID, "event_types": ["sendmux.test"]}).json()["data"]
    for action in ("rotate-secret", "test"):
        response = api.post(f"/webhooks/{webhook['id']}/{action}", headers={"Idempotency-Key": "k" * 256})
        assert problem(response) == (400, "invalid_parameter", "Idempotency-Key", [("Idempotency-Key", "too_big")])


@pytest.mark.parametrize(
    ("query", "param", "code"),
    [
        pytest.param(b"limit=%205", "limit", "invalid_type", id="leading space"),
        pytest.param(b"limit=5%20", "limit", "invalid_type", id="trailing space"),
        pytest.param("limit=٥".encode(), "limit", "invalid_type", id="arabic-indic digit"),
        pytest.param("limit=５".encode(), "limit", "invalid_type", id="fullwidth digit"),
        pytest.param(b"limit=%2B5", "limit", "invalid_type", id="plus sign"),
        pytest.param(b"limit=1&limit=2", "limit", "invalid_type", id="repeated"),
        pytest.param(b"limit=5&limit=5", "limit", "invalid_type", id="repeated, same value"),
        pytest.param(b"cursor=c_x&cursor=c_y", "cursor", "invalid_type", id="repeated cursor"),
    ],
)
def test_list_query_values_are_read_exactly(api: httpx.Client, query: bytes, param: str, code: str) -> None:
    response = api.get("/webhooks", params=httpx.QueryParams(query.decode()))
    assert problem(response) == (400, "invalid_parameter", param, [(param, code)])


def test_deliveries_query_values_are_read_exactly(api: httpx.Client) -> None:
    webhook = api.post("/webhooks", json=VALID).json()["data"]
    path = f"/webhooks/{webhook['id']}/deliveries"
    for query, param in [
        ("event_type=%20sendmux.test", "event_type"),
        ("event_type=sendmux.test&event_type=message.bounced", "event_type"),
        ("result=success%20", "result"),
        ("limit=1%0A", "limit"),
    ]:
        response = api.get(path, params=httpx.QueryParams(query))
        assert problem(response)[:3] == (400, "invalid_parameter", param), query
    assert api.get(path, params={"limit": "07", "event_type": "sendmux.test"}).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "https://user:hunter2-password@hooks.example.com/sendmux",
        "https://hunter2-password@hooks.example.com/sendmux",
        "https://:hunter2-password@hooks.example.com/sendmux",
    ],
)
def test_a_url_with_credentials_is_refused_without_echoing_them(api: httpx.Client, url: str) -> None:
    created = api.post("/webhooks", json={**VALID, "url": url})
    assert problem(created) == (422, "validation_error", "url", [("url", "invalid_string")])
    assert "hunter2" not in created.text
    assert "user name or password" in created.json()["error"]["errors"][0]["message"]
    assert api.get("/webhooks").json()["data"] == []

    webhook = api.post("/webhooks", json=VALID).json()["data"]
    updated = api.patch(f"/webhooks/{webhook['id']}", json={"url": url})
    assert problem(updated) == (422, "validation_error", "url", [("url", "invalid_string")])
    assert "hunter2" not in updated.text
    assert api.get(f"/webhooks/{webhook['id']}").json()["data"]["url"] == VALID["url"]


def test_an_at_sign_outside_the_authority_is_not_a_credential(api: httpx.Client) -> None:
    url = "https://hooks.example.com/to/a@b?who=c@d"
    assert api.post("/webhooks", json={**VALID, "url": url}).status_code == 201


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("tenant-٥".encode(), id="non-ascii"),
        pytest.param(b"tenant-\xff", id="latin-1 byte"),
        pytest.param(b"a\tb", id="tab inside"),
        pytest.param(b"a\x7fb", id="DEL"),
    ],
)
def test_an_idempotency_key_the_client_would_refuse_is_invalid(api: httpx.Client, key: bytes) -> None:
    webhook = api.post("/webhooks", json={**VALID, "event_types": ["sendmux.test"]}).json()["data"]
    for path, body in [
        ("/webhooks", VALID),
        (f"/webhooks/{webhook['id']}/rotate-secret", None),
        (f"/webhooks/{webhook['id']}/test", None),
    ]:
        response = api.post(path, json=body, headers={"Idempotency-Key": key})
        assert problem(response) == BAD_KEY
    assert len(api.get("/webhooks").json()["data"]) == 1
    assert api.post("/webhooks", json=VALID, headers={"Idempotency-Key": "tenant-5 ok~"}).status_code == 201


@pytest.mark.anyio
async def test_an_idempotency_key_with_surrounding_spaces_is_invalid() -> None:
    """HTTP servers trim spaces around header values (uvicorn's h11 does), so this runs the app in process."""
    app = create_app()
    transport = httpx.ASGITransport(app=app)
    async with async_api_client("http://emulator/api/v1", "smx_root_dev", transport=transport) as api:
        for key in (" padded", "padded ", " "):
            response = await api.post("/webhooks", json=VALID, headers={"Idempotency-Key": key})
            assert problem(response) == BAD_KEY, repr(key)
        assert (await api.get("/webhooks")).json()["data"] == []
    await app.state.emulator.aclose()


def test_a_lone_surrogate_escape_is_refused_and_stores_nothing(api: httpx.Client) -> None:
    body = b'{"url": "https://127.0.0.1:9/x", "event_types": ["message.bounced"], "name": "\\ud800"}'
    for _ in range(2):  # the same key again must not replay a poisoned answer
        answer = api.post("/webhooks", content=body, headers={**JSON, "Idempotency-Key": "surrogate"})
        assert answer.status_code == 400, answer.text
        assert answer.json()["error"]["errors"][0]["code"] == "invalid_string"
    assert api.get("/webhooks").json()["data"] == []
    answer = api.post("/webhooks", content=b'{"\\udc80": 1}', headers=JSON)
    assert answer.status_code == 400


def test_absurdly_nested_json_with_an_idempotency_key_is_a_400(api: httpx.Client) -> None:
    answer = api.post("/webhooks", content=DEEP, headers={**JSON, "Idempotency-Key": "deep"})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "invalid_parameter"
