from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

import sendmux
import sendmux._client

from .fakes import API_KEY, BASE_URL, FakeAPI

Client = sendmux.Sendmux | sendmux.AsyncSendmux


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every sleep the clients ask for, recorded instead of slept."""
    slept: list[float] = []

    async def async_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(sendmux._client, "_sleep", slept.append)
    monkeypatch.setattr(sendmux._client, "_async_sleep", async_sleep)
    return slept


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SENDMUX_API_KEY", "SENDMUX_BASE_URL", "SENDMUX_LOG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def api() -> FakeAPI:
    return FakeAPI()


@pytest.fixture
def sync_client(api: FakeAPI) -> Iterator[sendmux.Sendmux]:
    with httpx.Client(transport=httpx.MockTransport(api)) as http:
        yield sendmux.Sendmux(api_key=API_KEY, base_url=BASE_URL, http_client=http)


@pytest.fixture
async def async_client(api: FakeAPI) -> AsyncIterator[sendmux.AsyncSendmux]:
    async with httpx.AsyncClient(transport=httpx.MockTransport(api)) as http:
        yield sendmux.AsyncSendmux(api_key=API_KEY, base_url=BASE_URL, http_client=http)


@pytest.fixture(params=["sync", "async"])
def client(request: pytest.FixtureRequest) -> Client:
    """The same test against ``Sendmux`` and ``AsyncSendmux`` (results go through ``fakes.resolve``)."""
    name = "sync_client" if request.param == "sync" else "async_client"
    result: Client = request.getfixturevalue(name)
    return result
