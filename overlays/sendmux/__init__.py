"""Typed Python client for the Sendmux webhooks API. Receiving webhooks loads only what verifying needs: the
client, its HTTP stack and the models load when one of their names is first used."""

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
from ._signing import sign_webhook
from ._verify import WebhookEvent, verify_webhook
from ._version import API_VERSION, __version__
from .errors import *  # noqa: F403  (every exception class, listed in errors.__all__)

if TYPE_CHECKING:
    from . import models
    from ._attempts import Attempt
    from ._client import AsyncSendmux, Sendmux
    from ._events import DeliveryPayload
    from ._idempotency import idempotency_key
    from ._paging import AsyncListIterator, AsyncPage, ListIterator, Page
    from ._response import APIResponse
    from ._shapes import BinaryResponse, ServerSentEvent, Stream, StreamedResponse

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

# Name: the module it loads from, the first time it is used.
_LAZY = {"Sendmux": "._client", "AsyncSendmux": "._client", "APIResponse": "._response", "Attempt": "._attempts"}
_LAZY |= dict.fromkeys(["Page", "AsyncPage", "ListIterator", "AsyncListIterator"], "._paging")
_LAZY |= {"DeliveryPayload": "._events", "idempotency_key": "._idempotency", "models": ".models"}
_LAZY |= dict.fromkeys(["BinaryResponse", "ServerSentEvent", "Stream", "StreamedResponse"], "._shapes")


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'sendmux' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(_LAZY[name], __name__)
    globals()[name] = value = module if name == "models" else getattr(module, name)
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
