"""Webhook subscriptions per team, kept in memory.

The fields the emulator acts on (url, event types, name, filters, enabled) are attributes; every other field
the spec declares on the create or update body is kept as it was sent in `Webhook.extra` and shown wherever
the spec's subscription schema declares it, so a new optional field round-trips with no code here.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
from dataclasses import dataclass, field
from typing import Any

from .._spec.document import resolve, spec_dict
from .clock import Clock, rfc3339
from .ids import new_id, new_secret

__all__ = ["MODELLED_FIELDS", "Webhook", "WebhookStore", "create_defaults"]

MODELLED_FIELDS = frozenset({"url", "event_types", "name", "filters", "enabled"})
"""Request fields the emulator acts on; any other declared field is kept in `Webhook.extra`."""


def _properties(schema: Any) -> dict[str, Any]:
    """The properties of an object schema, through $ref and allOf."""
    schema = resolve(schema)
    found = dict(schema.get("properties", {})) if isinstance(schema, dict) else {}
    for member in schema.get("allOf", []) if isinstance(schema, dict) else []:
        found.update(_properties(member))
    return found


def _operation(operation_id: str) -> dict[str, Any]:
    for item in spec_dict()["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                return op
    raise RuntimeError(f"openapi.yaml has no operation {operation_id}, which the emulator's store follows")


@functools.cache
def shown_fields() -> frozenset[str]:
    """The fields of a subscription as `getWebhook` answers it (its 200 `data`)."""
    response = resolve(_operation("getWebhook")["responses"]["200"])
    envelope = response["content"]["application/json"]["schema"]
    return frozenset(_properties(_properties(envelope)["data"]))


@functools.cache
def _create_defaults() -> tuple[tuple[str, Any], ...]:
    body = resolve(_operation("createWebhook")["requestBody"])["content"]["application/json"]["schema"]
    return tuple(
        (name, schema["default"])
        for name, schema in ((n, resolve(s)) for n, s in _properties(body).items())
        if name not in MODELLED_FIELDS and isinstance(schema, dict) and "default" in schema
    )


def create_defaults() -> dict[str, Any]:
    """Defaults the create body's schema declares for fields the emulator does not act on."""
    return dict(_create_defaults())


@dataclass
class Webhook:
    """One subscription; `revision` grows with every visible change and feeds the ETag."""

    id: str
    team: str
    url: str
    event_types: list[str]
    name: str | None
    mailbox_ids: list[str]
    enabled: bool
    secret: str
    created_at: float
    updated_at: float
    position: int
    failing: bool = False
    revision: int = 1
    extra: dict[str, Any] = field(default_factory=dict)  # every other declared field, as sent

    def as_json(self, *, with_secret: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "url": self.url,
            "event_types": list(self.event_types),
            "filters": {"mailbox_ids": list(self.mailbox_ids)},
            "enabled": self.enabled,
            "failing": self.failing,
            "created_at": rfc3339(self.created_at),
            "updated_at": rfc3339(self.updated_at),
        }
        shown = shown_fields()
        data.update((name, value) for name, value in self.extra.items() if name in shown and name not in data)
        if with_secret:
            data["secret"] = self.secret
        return data

    @property
    def etag(self) -> str:
        """Weak validator, ``W/"<16 hex>"``, that changes whenever the subscription does."""
        digest = hashlib.sha256(f"{self.id}:{self.revision}".encode()).hexdigest()[:16]
        return f'W/"{digest}"'

    def touch(self, now: float) -> None:
        """Record a change made through the API (bumps `updated_at`)."""
        self.updated_at = now
        self.revision += 1


class WebhookStore:
    """Subscriptions by team, newest first on listing."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._by_id: dict[str, Webhook] = {}
        self._positions = itertools.count(1)

    def create(
        self,
        team: str,
        *,
        url: str,
        event_types: list[str],
        name: str | None,
        mailbox_ids: list[str],
        enabled: bool,
        extra: dict[str, Any] | None = None,
    ) -> Webhook:
        """``extra``: the other declared fields of the create body (their schema defaults when left out)."""
        now = self._clock.now()
        webhook = Webhook(
            id=new_id("whk"),
            team=team,
            url=url,
            event_types=list(dict.fromkeys(event_types)),
            name=name,
            mailbox_ids=list(mailbox_ids),
            enabled=enabled,
            secret=new_secret(),
            created_at=now,
            updated_at=now,
            position=next(self._positions),
            extra={**create_defaults(), **(extra or {})},
        )
        self._by_id[webhook.id] = webhook
        return webhook

    def count(self, team: str) -> int:
        return sum(1 for webhook in self._by_id.values() if webhook.team == team)

    def get(self, team: str, webhook_id: str) -> Webhook | None:
        """The team's subscription; another team's id is as absent as an unknown one."""
        webhook = self._by_id.get(webhook_id)
        return webhook if webhook is not None and webhook.team == team else None

    def find(self, webhook_id: str) -> Webhook | None:
        """Any team's subscription (for the delivery worker)."""
        return self._by_id.get(webhook_id)

    def newest_first(self, team: str) -> list[Webhook]:
        return sorted(
            (webhook for webhook in self._by_id.values() if webhook.team == team),
            key=lambda webhook: webhook.position,
            reverse=True,
        )

    def delete(self, webhook: Webhook) -> None:
        del self._by_id[webhook.id]

    def update(self, webhook: Webhook, changes: dict[str, Any]) -> None:
        """Apply a validated partial update. Enabling a disabled subscription also clears `failing`."""
        before, extra_before = webhook.as_json(), dict(webhook.extra)
        if "url" in changes:
            webhook.url = changes["url"]
        if "event_types" in changes:
            webhook.event_types = list(dict.fromkeys(changes["event_types"]))
        if "name" in changes:
            webhook.name = changes["name"]
        if "filters" in changes:
            webhook.mailbox_ids = list(changes["filters"]["mailbox_ids"])
        if "enabled" in changes:
            if changes["enabled"] and not webhook.enabled:
                webhook.failing = False
            webhook.enabled = changes["enabled"]
        webhook.extra.update((name, value) for name, value in changes.items() if name not in MODELLED_FIELDS)
        if webhook.as_json() != before or webhook.extra != extra_before:
            webhook.touch(self._clock.now())

    def rotate_secret(self, webhook: Webhook) -> None:
        webhook.secret = new_secret()
        webhook.touch(self._clock.now())

    def mark_failing(self, webhook: Webhook) -> None:
        """The retry window ran out; `updated_at` stays (spec choice) but the ETag changes."""
        webhook.failing = True
        webhook.revision += 1
