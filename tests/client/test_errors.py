"""Every error answer raises the right class with the envelope's details, whatever the body looks like."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import sendmux
from sendmux import errors

from .conftest import Client
from .fakes import FakeAPI, error, ok, resolve, subscription

pytestmark = pytest.mark.anyio

DEEP = b"[" * 5000 + b"]" * 5000  # JSON nested deeper than the parser's recursion limit


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (400, "invalid_parameter", errors.BadRequestError),
        (400, "missing_parameter", errors.BadRequestError),
        (401, "authentication_required", errors.AuthenticationError),
        (403, "insufficient_permissions", errors.PermissionDeniedError),
        (404, "not_found", errors.NotFoundError),
        (409, "conflict", errors.ConflictError),
        (409, "idempotency_conflict", errors.IdempotencyConflictError),
        (409, "limit_exceeded", errors.LimitExceededError),
        (413, "payload_too_large", errors.PayloadTooLargeError),
        (422, "validation_error", errors.UnprocessableEntityError),
        (429, "rate_limit_exceeded", errors.RateLimitError),
        (500, "internal_error", errors.InternalServerError),
        (503, "service_unavailable", errors.ServiceUnavailableError),
        (502, "internal_error", errors.InternalServerError),
        (418, "teapot", errors.APIError),
        # an unknown code falls back to its status's class and keeps the code
        (404, "webhook_vanished", errors.NotFoundError),
        (409, "brand_new_conflict", errors.ConflictError),
        (503, "brand_new_outage", errors.ServiceUnavailableError),
    ],
)
async def test_status_and_code_choose_the_class(
    client: Client, api: FakeAPI, status: int, code: str, cls: type[errors.APIError]
) -> None:
    api.default = error(status, code, "Nope.")
    with pytest.raises(errors.APIError) as caught:
        await resolve(client.with_options(max_retries=0).webhooks.get("whk_1"))
    assert type(caught.value) is cls
    assert isinstance(caught.value, errors.SendmuxError)
    assert caught.value.status_code == status
    assert caught.value.code == code
    # a 404 names what was asked for, so a log line says which id is missing
    assert caught.value.message == ("Nope. (GET /webhooks/whk_1)" if status == 404 else "Nope.")


async def test_error_carries_every_envelope_field(client: Client, api: FakeAPI) -> None:
    details = [{"field": "url", "code": "invalid_string", "message": "must start with https://"}]
    api.queue(
        error(
            422,
            "validation_error",
            "The request failed validation.",
            param="url",
            doc_url="https://sendmux.ai/docs/api/errors#validation_error",
            errors=details,
            headers={"X-RateLimit-Remaining": "598"},
        )
    )
    with pytest.raises(errors.UnprocessableEntityError) as caught:
        await resolve(client.webhooks.update("whk_1", enabled=True))
    err = caught.value
    assert (err.status_code, err.code, err.retryable, err.param) == (422, "validation_error", False, "url")
    assert err.request_id == "req_err"
    assert err.errors == details
    assert err.doc_url == "https://sendmux.ai/docs/api/errors#validation_error"
    assert err.headers["x-ratelimit-remaining"] == "598"
    assert '"validation_error"' in err.body
    assert str(err) == (
        "422 validation_error: The request failed validation. (url: must start with https://) [request_id: req_err]"
    )


def test_the_printed_error_names_the_first_details_and_counts_the_rest() -> None:
    details: list[Any] = [{"field": f"f{n}", "code": "c", "message": f"bad {n}"} for n in range(5)]
    details.insert(1, "not a detail")  # kept in .errors, skipped in the text
    err = errors.BadRequestError(status_code=400, code="invalid_parameter", message="Invalid.", errors=details)
    assert str(err) == "400 invalid_parameter: Invalid. (f0: bad 0; f1: bad 1; f2: bad 2; 2 more in .errors)"
    assert err.errors == details
    bare = errors.BadRequestError(status_code=400, code="invalid_parameter", message="Invalid.", param="limit")
    assert str(bare) == "400 invalid_parameter: Invalid. (param: limit)"


async def test_rate_limit_error_has_retry_after(client: Client, api: FakeAPI) -> None:
    api.default = error(429, "rate_limit_exceeded", retryable=True, headers={"Retry-After": "17"})
    with pytest.raises(errors.RateLimitError) as caught:
        await resolve(client.with_options(max_retries=0).webhooks.get("whk_1"))
    assert caught.value.retry_after == 17.0
    assert caught.value.retryable is True


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", errors.InternalServerError),
        (500, b"", errors.InternalServerError),
        (503, b"upstream connect error", errors.ServiceUnavailableError),
        (422, b'{"ok": false, "error": {"code": "validation_err', errors.UnprocessableEntityError),
        (404, b"[1, 2, 3]", errors.NotFoundError),
        (401, b'{"ok": false, "error": "denied"}', errors.AuthenticationError),
        (409, b'{"ok": false, "error": {"message": "no code"}}', errors.ConflictError),
        (400, b"\xff\xfe\x00garbage", errors.BadRequestError),
        (429, b"null", errors.RateLimitError),
    ],
    ids=[
        "html-502",
        "empty-500",
        "text-503",
        "truncated-json",
        "json-array",
        "error-not-object",
        "no-code",
        "binary",
        "null",
    ],
)
async def test_a_body_that_is_not_the_envelope_still_raises_its_status_class(
    client: Client, api: FakeAPI, status: int, body: bytes, cls: type[errors.APIError]
) -> None:
    api.default = httpx.Response(status, content=body, headers={"X-Request-Id": "req_proxy"})
    with pytest.raises(errors.APIError) as caught:
        await resolve(client.with_options(max_retries=0).webhooks.get("whk_1"))
    err = caught.value
    assert type(err) is cls
    assert err.status_code == status
    assert err.code is None
    assert err.retryable is None
    assert err.request_id == "req_proxy"
    assert err.body == httpx.Response(status, content=body).text
    assert str(status) in str(err)


async def test_an_older_envelope_without_retryable_keeps_its_code(client: Client, api: FakeAPI) -> None:
    body = {"ok": False, "error": {"code": "not_found", "message": "Webhook not found.", "param": "public_id"}}
    api.queue(httpx.Response(404, json=body))
    with pytest.raises(errors.NotFoundError) as caught:
        await resolve(client.webhooks.get("whk_gone"))
    assert (caught.value.code, caught.value.param, caught.value.retryable) == ("not_found", "public_id", None)


@pytest.mark.parametrize(
    "body",
    [
        b"<html>captive portal</html>",
        b'{"ok": true, "meta": {"request_id": "req_1"}}',
        b'{"ok": true, "data": {"id": "whk_1"}, "meta": {"request_id": "req_1"}}',
        b'{"ok": true, "data": {',
    ],
    ids=["html", "no-data", "incomplete-data", "truncated"],
)
async def test_a_success_status_with_a_body_off_the_spec_raises_validation_error(
    client: Client, api: FakeAPI, body: bytes
) -> None:
    api.queue(httpx.Response(200, content=body))
    with pytest.raises(errors.APIResponseValidationError) as caught:
        await resolve(client.webhooks.get("whk_1"))
    assert caught.value.status_code == 200
    assert len(api.requests) == 1  # not retried


async def test_unknown_fields_in_a_success_body_are_kept_not_rejected(client: Client, api: FakeAPI) -> None:
    api.queue(ok(subscription(colour="blue", event_types=["test.fictional_event"]), region="eu"))
    hook = await resolve(client.webhooks.get("whk_1"))
    assert hook.additional_properties == {"colour": "blue"}
    assert hook.event_types == ["test.fictional_event"]


def test_every_error_is_exported_from_the_package_root() -> None:
    for name in errors.__all__:
        assert getattr(sendmux, name) is getattr(errors, name)
        assert issubclass(getattr(errors, name), errors.SendmuxError)


async def test_absurdly_nested_json_is_a_typed_error(client: Client, api: FakeAPI) -> None:
    api.queue(httpx.Response(200, content=DEEP))
    with pytest.raises(errors.APIResponseValidationError):
        await resolve(client.webhooks.get("whk_1"))
    api.queue(httpx.Response(502, content=DEEP), ok(subscription()))  # still classified, still retried
    assert (await resolve(client.webhooks.get("whk_1"))).id == "whk_1"
