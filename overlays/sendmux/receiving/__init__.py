"""What a production receiver needs around ``verify_webhook``: a router by event type (``WebhookRouter``, with
plain or ``async def`` handlers), processing each event once (``process_once`` over a ``MemoryStore``,
``SQLiteStore`` or ``RedisStore``; ``aprocess_once`` in an event loop, also over an ``AsyncRedisStore``), and
adapters for Starlette/FastAPI, Flask and Django (``sendmux.receiving.starlette``, ``.flask``, ``.django``).

Each store and adapter loads the first time it is used, with the library it needs (sqlite3, redis-py, the
framework); importing the router loads none of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._once import LEASE, RETENTION, AsyncProcessingStore, Claim, ProcessingStore, aprocess_once, process_once
from ._router import Answer, WebhookRouter, secret_from_env

if TYPE_CHECKING:
    from ._memory import MemoryStore
    from ._redis import AsyncRedisStore, RedisStore
    from ._sqlite import SQLiteStore

__all__ = [
    "LEASE",
    "RETENTION",
    "Answer",
    "AsyncProcessingStore",
    "AsyncRedisStore",
    "Claim",
    "MemoryStore",
    "ProcessingStore",
    "RedisStore",
    "SQLiteStore",
    "WebhookRouter",
    "aprocess_once",
    "process_once",
    "secret_from_env",
]

_LAZY = {"MemoryStore": "._memory", "SQLiteStore": "._sqlite", "RedisStore": "._redis", "AsyncRedisStore": "._redis"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'sendmux.receiving' has no attribute {name!r}")
    import importlib

    globals()[name] = value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
