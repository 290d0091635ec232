"""What an adapter says when its framework is not installed, and how a sync adapter refuses async handlers."""

from __future__ import annotations

from ._router import WebhookRouter, is_async

__all__ = ["missing_extra", "sync_only"]


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
