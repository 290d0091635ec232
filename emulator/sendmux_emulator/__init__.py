"""A local, stateful emulator of the Sendmux webhooks API, for development, demos and tests.

``create_app()`` gives the ASGI app, ``run_in_thread()`` serves it on a free loopback port, and
``sendmux-emulator`` (or ``python -m sendmux_emulator``) runs it from the command line. Load
``sendmux_emulator.pytest_plugin`` for the ``sendmux_emulator`` fixture. It needs the ``emulator`` extra:
``pip install 'sendmux[emulator]'``; without it, the first use of any name says so in one line.
"""

from __future__ import annotations

import importlib.util
from typing import Any

__all__ = ["EmulatorConfig", "EmulatorFactory", "EmulatorOptions", "RunningEmulator", "create_app", "run_in_thread"]

INSTALL = "pip install 'sendmux[emulator]'"
_NEEDS = ("starlette", "uvicorn", "openapi_core", "jsonschema", "yaml")  # the import names of the emulator extra


def missing() -> str | None:
    """The one-line message for an install without the emulator extra, or ``None`` when it is all there."""
    absent = [name for name in _NEEDS if importlib.util.find_spec(name) is None]
    return f"the Sendmux emulator needs the emulator extra ({', '.join(absent)} missing): {INSTALL}" if absent else None


def require() -> None:
    """Raise ``ImportError`` with that one line when the extra is not installed."""
    if (message := missing()) is not None:
        raise ImportError(message)


if missing() is None:  # the extra is there: load as ever (this also checks openapi.yaml against the handlers)
    from ._serve.app import create_app
    from ._serve.running import EmulatorFactory
    from ._serve.server import RunningEmulator, run_in_thread
    from ._state.config import EmulatorConfig, EmulatorOptions


def __getattr__(name: str) -> Any:  # only reached without the extra
    if name in __all__:
        require()
    raise AttributeError(f"module 'sendmux_emulator' has no attribute {name!r}")
