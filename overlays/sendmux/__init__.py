"""Typed Python client for the Sendmux webhooks API. Each name loads what it needs when it is first used: the client
and its HTTP stack with ``Sendmux``, webhook verification with ``verify_webhook`` (and the models only with the
first event), so a webhook receiver never loads the client and a client never loads verification."""

from __future__ import annotations

import os as _os
import sys as _sys
from typing import TYPE_CHECKING, Any

# The package is written in two folders: overlays/sendmux (handwritten) and generated/sendmux (written from
# openapi.yaml by `make generate`). A built wheel holds both in one folder. In a checkout, the other `sendmux`
# folders on sys.path join this package, so `sendmux._resources` and `sendmux.models` are the generated files.
if not _os.path.isdir(_os.path.join(__path__[0], "_resources")):
    __path__ += [p for e in _sys.path if _os.path.isdir(p := _os.path.join(e or ".", __name__)) and p not in __path__]

from . import errors
from ._version import API_VERSION, __version__
from .errors import *  # noqa: F403  (every exception class, listed in errors.__all__)

if TYPE_CHECKING:
    from . import models
    from ._binary import BinaryResponse, StreamedResponse
    from ._client import AsyncSendmux, Sendmux
    from ._event import WebhookEvent
    from ._event_stream import ServerSentEvent, Stream
    from ._events import DeliveryPayload
    from ._idempotency import idempotency_key
    from ._on_attempt import Attempt
    from ._pagination import AsyncListIterator, AsyncPage, ListIterator, Page
    from ._response import APIResponse
    from ._signing import sign_webhook
    from ._verify import verify_webhook

__all__ = [
    "API_VERSION",
    "APIResponse",
    "AsyncListIterator",
    "AsyncPage",
    "AsyncSendmux",
    "Attempt",
    "DeliveryPayload",
    "ListIterator",
    "Page",
    "Sendmux",
    "WebhookEvent",
    "__version__",
    "errors",
    "idempotency_key",
    "models",
    "sign_webhook",
    "verify_webhook",
]
__all__ += ["BinaryResponse", "ServerSentEvent", "Stream", "StreamedResponse", *errors.__all__]

# The module each name loads from, the first time it is used.
_FROM = {
    "._binary": ("BinaryResponse", "StreamedResponse"),
    "._client": ("AsyncSendmux", "Sendmux"),
    "._event": ("WebhookEvent",),
    "._event_stream": ("ServerSentEvent", "Stream"),
    "._events": ("DeliveryPayload",),
    "._idempotency": ("idempotency_key",),
    "._on_attempt": ("Attempt",),
    "._pagination": ("AsyncListIterator", "AsyncPage", "ListIterator", "Page"),
    "._response": ("APIResponse",),
    "._signing": ("sign_webhook",),
    "._verify": ("verify_webhook",),
    ".models": ("models",),
}
_LAZY = {name: module for module, names in _FROM.items() for name in names}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'sendmux' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(_LAZY[name], __name__)
    globals()[name] = value = module if name == "models" else getattr(module, name)
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
