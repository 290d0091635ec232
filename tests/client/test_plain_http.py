"""The API key never crosses the network in clear text: a plain ``http://`` base URL is refused, whatever its
case and wherever it comes from (argument, ``SENDMUX_BASE_URL``, ``with_options``), unless it names a loopback
host (the local emulator) or the caller opts in with ``allow_insecure_http=True``."""

from __future__ import annotations

import httpx
import pytest

import sendmux

from .fakes import API_KEY, FakeAPI, ok, subscription

BEYOND_LOOPBACK = [
    "http://api.example.com/api/v1",
    "HTTP://API.EXAMPLE.COM/api/v1",
    "Http://10.0.0.5:8025/api/v1",
    "http://[2001:db8::1]/api/v1",
    "http://localhost.example.com/api/v1",
]
LOOPBACK = ["http://127.0.0.1:8025/api/v1", "http://localhost:8025/api/v1", "http://[::1]:8025/api/v1"]
LOOPBACK += ["HTTP://LOCALHOST:8025/api/v1", "http://127.1.2.3/api/v1"]


@pytest.mark.parametrize("cls", [sendmux.Sendmux, sendmux.AsyncSendmux])
@pytest.mark.parametrize("url", BEYOND_LOOPBACK)
def test_a_plain_http_base_url_beyond_loopback_is_refused(cls: type[sendmux.Sendmux], url: str) -> None:
    with pytest.raises(ValueError, match=r"plain http: the API key would cross the network unencrypted") as info:
        cls(api_key=API_KEY, base_url=url)
    assert "allow_insecure_http=True" in str(info.value) and API_KEY not in str(info.value)


def test_from_the_environment_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDMUX_BASE_URL", "http://api.example.com/api/v1")
    with pytest.raises(ValueError, match="plain http"):
        sendmux.Sendmux(api_key=API_KEY)


def test_and_through_with_options_before_anything_is_sent(api: FakeAPI) -> None:
    with httpx.Client(transport=httpx.MockTransport(api)) as http:
        client = sendmux.Sendmux(api_key=API_KEY, base_url="https://api.example.com/api/v1", http_client=http)
        with pytest.raises(ValueError, match="plain http"):
            client.with_options(base_url="http://api.example.com/api/v1")
    assert api.requests == []


@pytest.mark.parametrize("url", LOOPBACK)
def test_loopback_keeps_working_for_the_emulator(api: FakeAPI, url: str) -> None:
    api.queue(ok(subscription()))
    with httpx.Client(transport=httpx.MockTransport(api)) as http:
        sendmux.Sendmux(api_key=API_KEY, base_url=url, http_client=http).webhooks.get("whk_1")
    assert api.last.url.scheme == "http"


def test_the_caller_may_opt_in_and_a_copy_keeps_the_choice(api: FakeAPI) -> None:
    api.default = ok(subscription())
    with httpx.Client(transport=httpx.MockTransport(api)) as http:
        client = sendmux.Sendmux(
            api_key=API_KEY, base_url="http://sendmux.internal/api/v1", http_client=http, allow_insecure_http=True
        )
        client.webhooks.get("whk_1")
        client.with_options(base_url="http://other.internal/api/v1").webhooks.get("whk_1")
        with pytest.raises(ValueError, match="plain http"):
            client.with_options(allow_insecure_http=False)
    assert [str(r.url) for r in api.requests] == [
        "http://sendmux.internal/api/v1/webhooks/whk_1",
        "http://other.internal/api/v1/webhooks/whk_1",
    ]


def test_https_in_capitals_is_an_https_url() -> None:
    with sendmux.Sendmux(api_key=API_KEY, base_url="HTTPS://API.EXAMPLE.COM/api/v1") as client:
        assert client.base_url.lower() == "https://api.example.com/api/v1"
