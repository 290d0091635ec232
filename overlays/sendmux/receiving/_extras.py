"""What the adapters share: the line an adapter says when its framework is not installed, a sync adapter's
refusal of async handlers, and reading a WSGI body whole."""

from __future__ import annotations

from typing import Protocol

from ._router import Answer, WebhookRouter, is_async

__all__ = ["LENGTH_REQUIRED", "missing_extra", "read_whole", "sync_only", "too_large"]

LENGTH_REQUIRED = Answer(
    411, "length required: this server does not pass a chunked body on; send the delivery with a Content-Length"
)


class _Stream(Protocol):
    def read(self, size: int, /) -> bytes: ...


def too_large(limit: int) -> Answer:
    return Answer(413, f"body too large: over {limit} bytes")


def read_whole(stream: _Stream, limit: int) -> bytes:
    """The body, read until its end or one byte past ``limit``: a WSGI input may return fewer bytes than asked for
    by each read (64 KiB, say), so one read is not the whole body."""
    body = bytearray()
    while len(body) <= limit and (chunk := stream.read(limit + 1 - len(body))):
        body += chunk
    return bytes(body)


def missing_extra(adapter: str, extra: str, exc: ImportError) -> ModuleNotFoundError:
    """The error to raise from ``exc``: which extra to install, in one line."""
    needs = (exc.name or extra).partition(".")[0]
    return ModuleNotFoundError(
        f"sendmux.receiving.{adapter} needs {needs}, which is not installed: pip install 'sendmux[{extra}]'",
        name=exc.name,
    )


def sync_only(router: WebhookRouter, framework: str) -> None:
    """Refuse a router with an ``async def`` handler: ``framework`` runs handlers in its own worker threads."""
    found = [handler for handler in router.handlers() if is_async(handler)]
    if found:
        names = ", ".join(str(getattr(h, "__qualname__", None) or repr(h)) for h in found)
        raise TypeError(
            f"{framework} runs handlers synchronously, and {names} is async: make it a plain def, or mount the "
            "router on Starlette or FastAPI (sendmux.receiving.starlette), which awaits async handlers"
        )
