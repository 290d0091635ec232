"""A local, stateful emulator of the Sendmux webhooks API, for development, demos and tests.

``create_app()`` gives the ASGI app, ``run_in_thread()`` serves it on a free loopback port, and
``python -m sendmux_emulator`` runs it from the command line. Load ``sendmux_emulator.pytest_plugin``
for the ``sendmux_emulator`` fixture.
"""

from __future__ import annotations

try:
    import starlette  # noqa: F401
    import uvicorn  # noqa: F401
except ImportError as exc:  # the client's own install does not pull in the emulator's dependencies
    raise ImportError(
        f"the Sendmux emulator needs {exc.name!r}: install the client's emulator extra "
        f"(from a checkout: `pip install '.[emulator]'`)"
    ) from exc

from ._app import create_app
from ._config import EmulatorConfig, EmulatorOptions
from ._running import EmulatorFactory
from ._server import RunningEmulator, run_in_thread

__all__ = ["EmulatorConfig", "EmulatorFactory", "EmulatorOptions", "RunningEmulator", "create_app", "run_in_thread"]
