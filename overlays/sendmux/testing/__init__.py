"""Test helpers for webhook receivers: build events, sign requests, deliver them to your app in-process.

No server, no emulator and no extra dependency: ``make_event`` takes its defaults from the spec's example of each
event type, ``signed_request`` signs as Sendmux does (timestamped, so ``require_timestamp=True`` accepts it), and
``deliver`` / ``adeliver`` call an ASGI or WSGI app directly. For a ``sendmux.Sendmux`` client bound to a running
emulator, load the ``sendmux_emulator.pytest_plugin`` plugin and take its ``sendmux_client`` fixture.
"""

from __future__ import annotations

from ._apps import Delivered, adeliver, deliver
from ._events import make_event, signed_request

__all__ = ["Delivered", "adeliver", "deliver", "make_event", "signed_request"]
