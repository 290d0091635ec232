"""The emulator's public pytest plugin, as a receiver's developer loads it."""

from sendmux_emulator.pytest_plugin import (  # noqa: F401  (fixtures, as `pytest_plugins` would load them)
    sendmux_client,
    sendmux_emulator,
    sendmux_emulator_factory,
    sendmux_emulator_session,
)
