"""The webhooks and deliveries the commands work on, where they point: the emulator's control routes (no key
needed) or Sendmux's API (``SENDMUX_API_KEY``). Also how ``listen`` names its webhooks, so that a later run finds
those of earlier runs on this machine that were killed, and ``resend`` finds the running one's."""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from typing import Any

from ._options import Target, UsageError

__all__ = ["Delivery", "Webhooks", "alive", "listen_name", "listens_of"]

_LISTEN_NAME = re.compile(r"^sendmux-webhooks listen \(temporary\) machine (\w+) pid (\d+)$")


def listen_name(machine: str, pid: int) -> str:
    return f"sendmux-webhooks listen (temporary) machine {machine} pid {pid}"


def listens_of(hooks: list[dict[str, Any]], machine: str) -> list[tuple[str, int]]:
    """``(webhook id, pid)`` of each webhook a ``listen`` on this machine made."""
    found = [(hook["id"], _LISTEN_NAME.match(hook.get("name") or "")) for hook in hooks]
    return [(hook_id, int(match[2])) for hook_id, match in found if match and match[1] == machine]


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs on this machine (a pid taken over by another process counts as alive, so
    a webhook is never deleted under a running listen)."""
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x00100000, False, pid)  # SYNCHRONIZE
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # access denied: it exists
        try:
            return bool(kernel32.WaitForSingleObject(handle, 0) == 0x102)  # WAIT_TIMEOUT: not exited
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Delivery:
    """One delivery attempt of an event to a webhook."""

    id: str
    webhook_id: str
    event_id: str
    event_type: str
    attempt: int
    body: bytes | None = None  # the exact body sent, when the listing has it (the emulator's does)


class Webhooks:
    """Listing, creating and deleting webhooks, and reading their deliveries."""

    def __init__(self, where: Target) -> None:
        self.where = where
        self._client: Any = None
        if not where.is_emulator:
            from .. import Sendmux

            self._client = Sendmux(api_key=where.require_key(), base_url=where.base_url)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def existing(self) -> list[dict[str, Any]]:
        if self._client is None:
            hooks: list[dict[str, Any]] = self.where.control("GET", "/webhooks")
            return hooks
        return [{"id": hook.id, "name": hook.name, "url": hook.url} for hook in self._client.webhooks.list()]

    def create(self, url: str, name: str, event_types: list[str] | None, secret: str) -> tuple[str, str]:
        """(id, signing secret) of a new webhook. On the emulator its secret is ``secret``; Sendmux makes its own."""
        if self._client is None:
            body: dict[str, Any] = {"url": url, "name": name, "secret": secret}
            if event_types:
                body["event_types"] = event_types
            hook = self.where.control("POST", "/webhooks", json=body)
            return str(hook["id"]), str(hook["secret"])
        from .._event_examples import EVENT_TYPES

        created = self._client.webhooks.create(url=url, event_types=event_types or list(EVENT_TYPES), name=name)
        return str(created.id), str(created.secret)

    def delete(self, webhook_id: str) -> None:
        if self._client is None:
            self.where.control("DELETE", f"/webhooks/{webhook_id}", timeout=5.0)
        else:
            self._client.with_options(max_retries=0, timeout=5.0).webhooks.delete(webhook_id)

    def deliveries(self, webhook_id: str, event_id: str | None = None) -> list[Delivery]:
        """The webhook's delivery attempts (of ``event_id`` only, when given), newest first."""
        if self._client is None:
            params = {"webhook_id": webhook_id, **({"event_id": event_id} if event_id else {})}
            rows = self.where.control("GET", "/deliveries", params=params)
            return [
                Delivery(
                    r["id"],
                    webhook_id,
                    r["event_id"],
                    r["event_type"],
                    r["delivery_attempt"],
                    r["request_body"].encode(),
                )
                for r in reversed(rows)
            ]
        from .. import NotFoundError

        try:
            return [
                Delivery(a.id, webhook_id, a.event_id, str(a.event_type), a.delivery_attempt)
                for a in self._client.webhooks.list_deliveries(webhook_id)
                if event_id is None or a.event_id == event_id
            ]
        except NotFoundError:
            raise UsageError(f"no webhook {webhook_id} in this account") from None

    def body(self, delivery: Delivery) -> bytes:
        """The exact body the attempt sent (the stored payload: Sendmux keeps it 7 days)."""
        if delivery.body is not None:
            return delivery.body
        from .. import NotFoundError
        from ..testing._events import event_body

        try:
            raw = self._client.webhooks.with_raw_response.get_delivery_payload(delivery.webhook_id, delivery.id)
        except NotFoundError as exc:
            raise UsageError(f"no stored payload for {delivery.webhook_id} {delivery.id}: {exc.message}") from None
        return event_body(json.loads(raw.http_response.content)["data"]["payload"])  # as stored, not re-typed

    def find(self, webhook_id: str, delivery_id: str) -> Delivery:
        for delivery in self.deliveries(webhook_id):
            if delivery.id == delivery_id:
                return delivery
        raise UsageError(f"no delivery {delivery_id} of webhook {webhook_id} (deliveries are kept 7 days)")
