"""Constructing clients: keys and URLs from the environment, a caller's httpx client, options, closing."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from typing import Any

import httpx
import pytest

import sendmux
from sendmux._client import DEFAULT_TIMEOUT

from .fakes import API_KEY, BASE_URL, SPEC, FakeAPI, ok, subscription

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("cls", [sendmux.Sendmux, sendmux.AsyncSendmux])
@pytest.mark.parametrize("key", [None, ""])
def test_a_missing_key_is_an_error_at_construction(cls: type[sendmux.Sendmux], key: str | None) -> None:
    with pytest.raises(sendmux.SendmuxError, match="SENDMUX_API_KEY"):
        cls(api_key=key)


def test_key_and_base_url_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, api: FakeAPI) -> None:
    monkeypatch.setenv("SENDMUX_API_KEY", "smx_root_from_env")
    monkeypatch.setenv("SENDMUX_BASE_URL", "http://127.0.0.1:8025/api/v1/")
    api.queue(ok(subscription()))
    with httpx.Client(transport=httpx.MockTransport(api)) as http:
        client = sendmux.Sendmux(http_client=http)
        client.webhooks.get("whk_1")
    assert str(api.last.url) == "http://127.0.0.1:8025/api/v1/webhooks/whk_1"
    assert api.last.headers["authorization"] == "Bearer smx_root_from_env"
    assert client.base_url == "http://127.0.0.1:8025/api/v1"


def test_arguments_win_over_the_environment_and_the_default_url(monkeypatch: pytest.MonkeyPatch) -> None:
    with sendmux.Sendmux(api_key="smx_root_k") as client:
        assert client.base_url == "https://app.sendmux.ai/api/v1"
    monkeypatch.setenv("SENDMUX_BASE_URL", "https://env.example/api/v1")
    with sendmux.Sendmux(api_key="smx_root_k", base_url="https://arg.example/api/v1") as client:
        assert client.base_url == "https://arg.example/api/v1"
    with pytest.raises(ValueError, match="base_url"):
        sendmux.Sendmux(api_key="k", base_url="app.sendmux.ai")


async def test_a_callers_http_client_gets_url_auth_and_headers_per_request_and_is_not_changed(
    api: FakeAPI,
) -> None:
    api.default = ok(subscription())
    transport = httpx.MockTransport(api)
    headers = {"X-Trace": "t-1", "User-Agent": "theirs/1.0", "Authorization": "Bearer theirs"}
    with httpx.Client(base_url="https://elsewhere.example", headers=headers, transport=transport) as http:
        sendmux.Sendmux(api_key=API_KEY, base_url=BASE_URL, http_client=http).webhooks.get("whk_1")
        assert http.base_url == "https://elsewhere.example"
        assert http.headers["authorization"] == "Bearer theirs"
        assert http.headers["user-agent"] == "theirs/1.0"
    async with httpx.AsyncClient(base_url="https://elsewhere.example", headers=headers, transport=transport) as ahttp:
        await sendmux.AsyncSendmux(api_key=API_KEY, base_url=BASE_URL, http_client=ahttp).webhooks.get("whk_1")
    for request in api.requests:
        assert str(request.url) == BASE_URL + "/webhooks/whk_1"
        assert request.headers["authorization"] == f"Bearer {API_KEY}"
        assert request.headers["user-agent"] == f"sendmux-python/{sendmux.__version__} (api {sendmux.API_VERSION})"
        assert request.headers["accept"] == "application/json"
        assert request.headers["x-trace"] == "t-1"  # the caller's other defaults still apply


async def test_a_callers_client_auth_never_replaces_the_key_and_its_default_params_still_apply(
    api: FakeAPI,
) -> None:
    api.default = ok(subscription())
    transport = httpx.MockTransport(api)
    options = {"auth": ("user", "pass"), "params": {"trace": "1"}, "transport": transport}
    with httpx.Client(**options) as http:  # type: ignore[arg-type]
        sendmux.Sendmux(api_key=API_KEY, base_url=BASE_URL, http_client=http).webhooks.get("whk_1")
    async with httpx.AsyncClient(**options) as ahttp:  # type: ignore[arg-type]
        await sendmux.AsyncSendmux(api_key=API_KEY, base_url=BASE_URL, http_client=ahttp).webhooks.get("whk_1")
    assert len(api.requests) == 2
    for request in api.requests:
        assert request.headers["authorization"] == f"Bearer {API_KEY}"  # not Basic dXNlcjpwYXNz
        assert str(request.url) == BASE_URL + "/webhooks/whk_1?trace=1"


def test_timeouts_default_per_client_per_call_and_from_a_callers_client(api: FakeAPI) -> None:
    api.default = ok(subscription())
    with httpx.Client(transport=httpx.MockTransport(api), timeout=httpx.Timeout(7.0)) as http:
        sendmux.Sendmux(api_key="k", http_client=http).webhooks.get("whk_1")
        client = sendmux.Sendmux(api_key="k", http_client=http, timeout=3.0)
        client.webhooks.get("whk_1")
        client.with_options(timeout=httpx.Timeout(1.5, connect=0.5)).webhooks.get("whk_1")
        client.with_options(max_retries=0).webhooks.get("whk_1")
    timeouts = [r.extensions["timeout"] for r in api.requests]
    assert timeouts[0] == httpx.Timeout(7.0).as_dict()
    assert timeouts[1] == httpx.Timeout(3.0).as_dict()
    assert timeouts[2] == httpx.Timeout(1.5, connect=0.5).as_dict()
    assert timeouts[3] == httpx.Timeout(3.0).as_dict()  # with_options keeps what it is not told to change
    assert sendmux.Sendmux(api_key="k").timeout == DEFAULT_TIMEOUT


def test_with_options_shares_the_connection_pool(api: FakeAPI) -> None:
    original = sendmux.Sendmux(api_key="k", max_retries=2)
    copy = original.with_options(max_retries=0, timeout=1.0)
    assert copy._http.client is original._http.client
    assert (copy.max_retries, copy.timeout, original.max_retries) == (0, 1.0, 2)
    copy.close()
    assert not original._http.client.is_closed  # a copy does not close the shared pool
    with original:
        pass
    assert original._http.client.is_closed

    api.default = ok(subscription())
    with httpx.Client(transport=httpx.MockTransport(api)) as http:
        client = sendmux.Sendmux(api_key="k", http_client=http)
        client.with_options(max_retries=5).webhooks.get("whk_1")
        client.webhooks.get("whk_1")
        client.close()
        assert not http.is_closed  # the caller's client stays open
    assert len(api.requests) == 2


async def test_async_client_closes_its_own_pool_only() -> None:
    async with sendmux.AsyncSendmux(api_key="k") as client:
        copy = client.with_options(max_retries=1)
        assert copy._http.client is client._http.client
        await copy.close()
        assert not client._http.client.is_closed
    assert client._http.client.is_closed
    async with httpx.AsyncClient() as http:
        async with sendmux.AsyncSendmux(api_key="k", http_client=http):
            pass
        assert not http.is_closed


def test_the_wrong_kind_of_http_client_is_refused() -> None:
    with pytest.raises(TypeError, match=r"httpx\.Client"):
        sendmux.Sendmux(api_key="k", http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"httpx\.AsyncClient"):
        sendmux.AsyncSendmux(api_key="k", http_client=httpx.Client())  # type: ignore[arg-type]


def test_repr_does_not_show_the_key() -> None:
    with sendmux.Sendmux(api_key=API_KEY) as client:
        assert API_KEY not in repr(client)
        assert "app.sendmux.ai" in repr(client)


def test_versions() -> None:
    assert SPEC["info"]["version"] == sendmux.API_VERSION
    assert sendmux.__version__ == importlib.metadata.version("sendmux")


def test_import_does_not_load_the_generated_operations() -> None:
    code = (
        "import sys, json, sendmux; c = sendmux.Sendmux(api_key='k'); "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('sendmux_client'))))"
    )
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout)
    assert loaded == []


def test_the_public_surface() -> None:
    for name in ("Sendmux", "AsyncSendmux", "Page", "APIResponse", "idempotency_key", "models", "errors"):
        assert name in sendmux.__all__
        assert getattr(sendmux, name) is not None
    assert all(not name.startswith("_") or name == "__version__" for name in sendmux.__all__)


@pytest.mark.parametrize("cls", [sendmux.Sendmux, sendmux.AsyncSendmux])
@pytest.mark.parametrize(
    ("timeout", "error", "message"),
    [
        ("5", TypeError, "timeout must be seconds"),
        (True, TypeError, "timeout must be seconds"),
        (0, ValueError, "above 0"),
        (-1.0, ValueError, "above 0"),
        (float("nan"), ValueError, "above 0"),
        (float("inf"), ValueError, "above 0"),
        (10**400, ValueError, "above 0"),
        (httpx.Timeout(0), ValueError, "timeout's connect must be"),
        (httpx.Timeout(5.0, read=-1.0), ValueError, "timeout's read must be"),
        ((1.0,), TypeError, "timeout tuple"),
        (("1", "2", "3", "4"), TypeError, "timeout's connect must be seconds"),
    ],
)
def test_a_bad_timeout_is_refused_at_construction_and_in_with_options(
    cls: type[sendmux.Sendmux], timeout: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        cls(api_key="k", timeout=timeout)  # type: ignore[arg-type]
    client = cls(api_key="k")
    with pytest.raises(error, match=message):
        client.with_options(timeout=timeout)  # type: ignore[arg-type]
    assert client.timeout == DEFAULT_TIMEOUT  # unchanged


@pytest.mark.parametrize(
    ("timeout", "taken"),
    [
        (5, 5.0),
        (2.5, 2.5),
        (None, None),
        (httpx.Timeout(1.0, connect=0.5), httpx.Timeout(1.0, connect=0.5)),
        (httpx.Timeout(None, connect=2.0), httpx.Timeout(None, connect=2.0)),
        ((1.0, 2.0, 3.0, 4.0), httpx.Timeout(connect=1.0, read=2.0, write=3.0, pool=4.0)),
    ],
)
def test_good_timeouts_are_taken(timeout: Any, taken: float | httpx.Timeout | None) -> None:
    with sendmux.Sendmux(api_key="k", timeout=timeout) as client:
        assert client.timeout == taken
        assert client.with_options(timeout=timeout).timeout == taken


def test_an_api_key_of_the_wrong_type_is_a_type_error_not_a_missing_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDMUX_API_KEY", "smx_root_from_env")
    with pytest.raises(TypeError, match="api_key must be a str, got int"):
        sendmux.Sendmux(api_key=123)  # type: ignore[arg-type]


def test_an_empty_base_url_is_refused_rather_than_meaning_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SENDMUX_BASE_URL", raising=False)
    with pytest.raises(ValueError, match="base_url is empty"):
        sendmux.Sendmux(api_key="k", base_url="")
    monkeypatch.setenv("SENDMUX_BASE_URL", " ")
    with pytest.raises(ValueError, match="SENDMUX_BASE_URL is set but empty"):
        sendmux.Sendmux(api_key="k")


@pytest.mark.parametrize("cls", [sendmux.Sendmux, sendmux.AsyncSendmux])
def test_credentials_in_the_base_url_are_refused_and_not_echoed(cls: type[sendmux.Sendmux]) -> None:
    with pytest.raises(ValueError, match="must not carry credentials") as info:
        cls(api_key="k", base_url="https://user:hunter2@api.example/api/v1")
    assert "hunter2" not in str(info.value)


@pytest.mark.parametrize("key", ["smx_root_dev\n", "smx_root_dev ", " smx_root_dev", "smx_röot_dev", "smx root"])
def test_an_api_key_no_header_can_carry_is_refused_without_echoing_it(key: str) -> None:
    with pytest.raises(ValueError, match="api_key has whitespace or characters") as info:
        sendmux.Sendmux(api_key=key)
    assert key.strip() not in str(info.value)


def test_a_base_url_that_does_not_parse_is_refused_at_construction() -> None:
    with pytest.raises(ValueError, match="is not a valid URL"):
        sendmux.Sendmux(api_key="smx_root_k", base_url="https://[::1")
