"""pytest fixtures that run the Sendmux emulator on a free loopback port.

Load it with ``pytest_plugins = ["sendmux_emulator.pytest_plugin"]`` in your top-level conftest.py.

* ``sendmux_emulator`` — a `RunningEmulator` with default options, shared by the session and reset
  before each test: ``.base_url`` (ends in ``/api/v1``), ``.api_key``, ``.reset()``, ``.emit(...)``,
  ``.subscribe(url, secret=...)``, ``.deliveries()``, ``.wait_for_deliveries(n)``, ``.client()``.
* ``sendmux_client`` — a `sendmux.Sendmux` bound to ``sendmux_emulator`` (its key and base URL), closed after.
* ``sendmux_emulator_factory`` — an `EmulatorFactory`: call it with `EmulatorConfig` options
  (``fault_rate=0.1``, ``rate_limit=5``, ``time_scale=0.001``, ``ca_file=...``) for a dedicated emulator,
  stopped after the test.

Annotate them with ``sendmux_emulator.RunningEmulator``, ``sendmux_emulator.EmulatorFactory`` and
``sendmux.Sendmux``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import TYPE_CHECKING, Unpack

import pytest

from . import require

require()  # one line naming the emulator extra, instead of a traceback from deep inside
from ._serve.running import EmulatorFactory, RunningEmulator  # noqa: E402
from ._serve.server import run_in_thread  # noqa: E402
from ._state.config import EmulatorOptions  # noqa: E402

if TYPE_CHECKING:
    from sendmux import Sendmux

__all__ = [
    "EmulatorFactory",
    "sendmux_client",
    "sendmux_emulator",
    "sendmux_emulator_factory",
    "sendmux_emulator_session",
]


@pytest.fixture(scope="session")
def sendmux_emulator_session() -> Iterator[RunningEmulator]:
    """One default emulator for the whole session (use `sendmux_emulator`, which resets it per test)."""
    with run_in_thread() as running:
        yield running


@pytest.fixture
def sendmux_emulator(sendmux_emulator_session: RunningEmulator) -> RunningEmulator:
    """The session's emulator, reset to an empty state for this test."""
    sendmux_emulator_session.reset()
    return sendmux_emulator_session


@pytest.fixture
def sendmux_client(sendmux_emulator: RunningEmulator) -> Iterator[Sendmux]:
    """A `sendmux.Sendmux` client on the (reset) session emulator, with its key; closed after the test."""
    from sendmux import Sendmux

    with Sendmux(api_key=sendmux_emulator.api_key, base_url=sendmux_emulator.base_url) as client:
        yield client


@pytest.fixture
def sendmux_emulator_factory() -> Iterator[EmulatorFactory]:
    """Start emulators with custom options; each is stopped when the test ends."""
    with ExitStack() as stack:

        def start(**options: Unpack[EmulatorOptions]) -> RunningEmulator:
            return stack.enter_context(run_in_thread(**options))

        yield start
