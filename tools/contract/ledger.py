"""What one `make contract` run did to the team: the webhooks it created and which are gone, and every
answer's status per operation (to tell a rejected key or an unusable run from a real result)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tools.contract.targets import SubscriptionTargets

ROUTES = (
    ("POST", re.compile(r"^/webhooks/?$"), "createWebhook"),
    ("GET", re.compile(r"^/webhooks/?$"), "listWebhooks"),
    ("GET", re.compile(r"^/webhooks/([^/]+)$"), "getWebhook"),
    ("PATCH", re.compile(r"^/webhooks/([^/]+)$"), "updateWebhook"),
    ("DELETE", re.compile(r"^/webhooks/([^/]+)$"), "deleteWebhook"),
    ("POST", re.compile(r"^/webhooks/([^/]+)/rotate-secret$"), "rotateWebhookSecret"),
    ("POST", re.compile(r"^/webhooks/([^/]+)/test$"), "testWebhook"),
    ("GET", re.compile(r"^/webhooks/([^/]+)/deliveries$"), "listWebhookDeliveries"),
    ("GET", re.compile(r"^/webhooks/([^/]+)/deliveries/[^/]+/payload$"), "getWebhookDeliveryPayload"),
)
CHANGES_A_WEBHOOK = frozenset({"updateWebhook", "deleteWebhook", "rotateWebhookSecret", "testWebhook"})
SENTINEL_ID = "whk_sendmux_contract_not_ours"  # what a request aimed at someone else's webhook is sent to instead


def operation_of(method: str, path: str) -> tuple[str, str | None]:
    """(operationId, public_id or None) of a request path relative to the API's base URL."""
    for verb, pattern, name in ROUTES:
        match = pattern.match(path)
        if verb == method.upper() and match:
            return name, match.group(1) if match.groups() else None
    return f"{method.upper()} {path}", None


@dataclass
class Ledger:
    targets: SubscriptionTargets
    before: frozenset[str] = frozenset()  # ids the team had when the run started: never touched
    created: dict[str, str] = field(default_factory=dict)  # id -> url, in creation order
    deleted_by_tests: set[str] = field(default_factory=set)
    deleted_by_cleanup: set[str] = field(default_factory=set)
    unsafe: list[str] = field(default_factory=list)  # created with a URL we did not choose (a server bug)
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)

    def live(self) -> list[str]:
        """Webhooks of this run that still exist, oldest first."""
        gone = self.deleted_by_tests | self.deleted_by_cleanup
        return [webhook_id for webhook_id in self.created if webhook_id not in gone]

    def may_send(self, operation: str, public_id: str | None) -> bool:
        """Whether a request may go out as it is: never change a webhook the team had before the run,
        and send test events only through webhooks this run created with a URL it chose."""
        if operation == "testWebhook":
            return public_id is not None and self.targets.is_ours(self.created.get(public_id))
        return not (operation in CHANGES_A_WEBHOOK and public_id in self.before)

    def record(self, operation: str, public_id: str | None, status: int, body: Any) -> str | None:
        """Note one answer; returns the id of a webhook the server created with a URL that is not ours."""
        self.statuses[(operation, status)] += 1
        if operation == "createWebhook" and 200 <= status < 300:
            data = body.get("data") if isinstance(body, dict) else None
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                webhook_id, url = str(data["id"]), str(data.get("url"))
                self.created.setdefault(webhook_id, url)
                if not self.targets.is_ours(url):
                    self.unsafe.append(webhook_id)
                    return webhook_id
        elif operation == "deleteWebhook" and public_id in self.created and status in (200, 404):
            self.deleted_by_tests.add(public_id)
        return None

    def only_rejected_keys(self) -> bool:
        """Every answer was 401 or 403: the server never let the run in."""
        return bool(self.statuses) and all(status in (401, 403) for _, status in self.statuses)
