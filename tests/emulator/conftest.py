"""Fixtures for the emulator's tests: the public pytest plugin, spec-checked clients, an HTTPS receiver."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from sendmux_emulator import RunningEmulator
from sendmux_emulator.pytest_plugin import (  # the plugin's fixtures, as `pytest_plugins` would load them
    sendmux_emulator,
    sendmux_emulator_factory,
    sendmux_emulator_session,
)

from ._receiver import Receiver, https_receiver
from ._spec_check import api_client

__all__ = ["sendmux_emulator", "sendmux_emulator_factory", "sendmux_emulator_session"]

ClientFactory = Callable[..., httpx.Client]


@pytest.fixture
def api(sendmux_emulator: RunningEmulator) -> Iterator[httpx.Client]:
    """An httpx client on the shared emulator, authenticated, checking each response against openapi.yaml."""
    with api_client(sendmux_emulator.base_url, sendmux_emulator.api_key) as client:
        yield client


@pytest.fixture
def client_for() -> Iterator[ClientFactory]:
    """Spec-checked clients for any emulator and key; closed after the test."""
    clients: list[httpx.Client] = []

    def make(emulator: RunningEmulator, api_key: str | None = "default", **kwargs: Any) -> httpx.Client:
        key = emulator.api_key if api_key == "default" else api_key
        client = api_client(emulator.base_url, key, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture(scope="session")
def _receiver_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Receiver]:
    with https_receiver(tmp_path_factory.mktemp("receiver")) as receiver:
        yield receiver


@pytest.fixture
def receiver(_receiver_session: Receiver) -> Iterator[Receiver]:
    """A local HTTPS endpoint (trustme certificate) recording every delivery; its CA is `.ca_file`."""
    _receiver_session.reset()
    yield _receiver_session
    _receiver_session.release()  # a held request does not outlive its test


@pytest.fixture
def webhook_payload() -> Callable[..., dict[str, Any]]:
    def make(**fields: Any) -> dict[str, Any]:
        return {"url": "https://hooks.example.com/sendmux", "event_types": ["message.bounced"], **fields}

    return make


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
