"""``client.request(...)``: any path, for what the SDK does not know yet, with the envelope read, typed errors,
retries and a POST's Idempotency-Key; and its ``with_raw_response`` form."""

from __future__ import annotations

import json

import httpx
import pytest

import sendmux
from sendmux import errors

from .conftest import Client
from .fakes import API_KEY, FakeAPI, error, ok, page, resolve

pytestmark = pytest.mark.anyio


async def test_request_returns_the_data_as_plain_json(client: Client, api: FakeAPI) -> None:
    api.queue(ok({"id": "whk_1", "new_field": [1, 2]}))
    data = await resolve(client.request("get", "/webhooks/whk_1/stats", params={"window": "7d"}))
    assert data == {"id": "whk_1", "new_field": [1, 2]}
    assert (api.last.method, api.last.url.path) == ("GET", "/api/v1/webhooks/whk_1/stats")
    assert dict(api.last.url.params) == {"window": "7d"}
    assert api.last.headers["authorization"] == f"Bearer {API_KEY}"
    assert "idempotency-key" not in api.last.headers


async def test_a_list_answer_gives_its_items(client: Client, api: FakeAPI) -> None:
    api.queue(page([{"id": "a"}, {"id": "b"}], next_cursor="c2"))
    assert await resolve(client.request("GET", "/things")) == [{"id": "a"}, {"id": "b"}]


async def test_post_gets_one_idempotency_key_kept_across_retries(client: Client, api: FakeAPI) -> None:
    api.queue(error(503, "service_unavailable", retryable=True), ok({"id": "x"}, status=201))
    await resolve(client.request("POST", "/webhooks/whk_1/pause", json={"reason": "maintenance"}))
    first, second = api.requests
    assert first.headers["idempotency-key"].startswith("smx-")
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"]
    assert json.loads(second.content) == {"reason": "maintenance"}


async def test_a_given_idempotency_key_is_sent(client: Client, api: FakeAPI) -> None:
    api.queue(ok({}), ok({}))
    await resolve(client.request("POST", "/things", idempotency_key="job-7"))
    await resolve(client.request("PATCH", "/things/1", idempotency_key="job-8", json={"a": 1}))
    assert [r.headers["idempotency-key"] for r in api.requests] == ["job-7", "job-8"]


async def test_errors_are_typed_and_max_retries_is_per_call(client: Client, api: FakeAPI) -> None:
    api.queue(error(404, "not_found", "Thing not found."))
    with pytest.raises(errors.NotFoundError, match=r"Thing not found\. \(GET /things/t_9\)"):
        await resolve(client.request("GET", "/things/t_9"))
    api.queue(error(503, "service_unavailable", retryable=True))
    with pytest.raises(errors.ServiceUnavailableError):
        await resolve(client.request("GET", "/things", max_retries=0))
    assert len(api.requests) == 2  # no retry of the 503


async def test_with_raw_response_gives_the_whole_answer(client: Client, api: FakeAPI) -> None:
    api.queue(ok({"id": "t_1"}, status=201, headers={"Location": "/things/t_1"}))
    raw = await resolve(client.with_raw_response.request("POST", "/things", json={"n": 1}))
    assert isinstance(raw, sendmux.APIResponse)
    assert (raw.status_code, raw.data, raw.location, raw.request_id) == (201, {"id": "t_1"}, "/things/t_1", "req_ok")


async def test_an_answer_without_data_is_a_validation_error(client: Client, api: FakeAPI) -> None:
    api.queue(ok(None), ok(None))
    api.replies[-1] = httpx.Response(200, json=[1, 2])
    assert await resolve(client.request("GET", "/x")) is None  # "data": null is data
    with pytest.raises(errors.APIResponseValidationError):
        await resolve(client.request("GET", "/x"))


@pytest.mark.parametrize(
    ("args", "kwargs", "problem"),
    [
        (("FETCH", "/x"), {}, "method must be one of DELETE, GET, PATCH, POST, PUT"),
        (("GET", "x"), {}, "path must start with /"),
        (("GET", "//evil.example/x"), {}, "path must start with /"),
        (("POST", "/x"), {"idempotency_key": "two\nlines"}, "idempotency_key must be printable ASCII"),
        (("GET", "/x"), {"params": ["a"]}, "extra_query must be a mapping"),
        (("GET", "/x"), {"extra_headers": {"Idempotency-Key": "k"}}, None),
        (("POST", "/x"), {"extra_headers": {"Idempotency-Key": "k"}}, "must not set Idempotency-Key"),
        (("GET", "/x"), {"max_retries": -1}, "max_retries must be an int >= 0"),
    ],
)
async def test_bad_arguments_raise_before_sending(
    client: Client, api: FakeAPI, args: tuple[str, str], kwargs: dict[str, object], problem: str | None
) -> None:
    api.default = ok({})
    if problem is None:  # a GET sends no key of its own, so the caller may send one
        await resolve(client.request(*args, **kwargs))  # type: ignore[arg-type]
        assert api.last.headers["idempotency-key"] == "k"
        return
    with pytest.raises((ValueError, TypeError), match=problem):
        await resolve(client.request(*args, **kwargs))  # type: ignore[arg-type]
    assert api.requests == []
