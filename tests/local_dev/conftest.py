"""The emulator's public pytest plugin, as a receiver's developer loads it, and a config folder per test (where
``sendmux-webhooks listen`` keeps its secret and this machine's id), so no test reads or writes the user's own."""

from pathlib import Path

import pytest

from sendmux_emulator.pytest_plugin import (  # noqa: F401  (fixtures, as `pytest_plugins` would load them)
    sendmux_client,
    sendmux_emulator,
    sendmux_emulator_factory,
    sendmux_emulator_session,
)


@pytest.fixture(autouse=True)
def config_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder / "sendmux"
