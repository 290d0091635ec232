"""The team behind the key, as `make contract` sees it: can we get in, what it had before the run, and
putting it back as it was afterwards."""

from __future__ import annotations

import email.utils
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from tools.contract.ledger import Ledger

PAGE = 100
WEBHOOK_ITEM = "/webhooks/{public_id}"  # the team's webhooks are what the run lists, before and after
MAX_LIVE = 5  # webhooks of this run alive at once; older ones are deleted first (teams have small limits)
MAX_WAIT = 65.0  # seconds a request of the run's own may wait out 429/503 answers: one 60 s rate window and a margin
MAX_RESENDS = 10  # and times it is sent again; each wait is at least 1 s, whatever Retry-After says


class CannotRun(RuntimeError):
    """The contract cannot be checked at all; the message says why."""


@dataclass(frozen=True)
class Cleanup:
    created: int
    deleted_by_tests: int
    deleted_by_cleanup: int
    left_behind: list[str]  # ours, still there
    not_ours: list[str]  # appeared during the run with a URL we did not choose; left alone

    def lines(self, where: str) -> list[str]:
        out = [
            f"   records created by this run: {self.created} (webhooks subscribed to {where})",
            f"   deleted: {self.deleted_by_tests + self.deleted_by_cleanup} ({self.deleted_by_tests} by the tests "
            f"themselves, {self.deleted_by_cleanup} by this cleanup); left behind: {len(self.left_behind)}",
        ]
        if self.left_behind:
            out.append(f"   STILL THERE, delete them by hand: {', '.join(self.left_behind)}")
        if self.not_ours:
            out.append(f"   appeared during the run but not subscribed by it (left alone): {', '.join(self.not_ours)}")
        return out


def _why(response: httpx.Response) -> str:
    try:
        error = response.json().get("error") or {}
        return f"{response.status_code} {error.get('code', '')}: {error.get('message', '')}".rstrip(": ")
    except (ValueError, AttributeError):
        return f"{response.status_code} {response.text[:200]!r}"


def _retry_after(response: httpx.Response) -> float | None:
    """The seconds a 429 or 503 answer asks to wait (``Retry-After``: seconds or an HTTP date), else None."""
    if response.status_code not in (429, 503):
        return None
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds()) if when.tzinfo else None


class WaitsOutRateLimits(httpx.BaseTransport):
    """Sends a request again after the wait a 429 or 503 answer asks for (``Retry-After``, at least 1 s): the run's
    own requests (listing, probing, re-sending recordings, deleting) must not fail, or leave a record behind,
    because the server asked it to slow down. At most MAX_RESENDS times and MAX_WAIT seconds of waiting a request:
    a wait that would go past them is not waited, and the answer stands, as does one without Retry-After."""

    def __init__(self, inner: httpx.BaseTransport, sleep: Callable[[float], None] = time.sleep) -> None:
        self.inner = inner
        self.sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        waited = 0.0
        for _ in range(MAX_RESENDS):
            response = self.inner.handle_request(request)
            pause = _retry_after(response)
            if pause is None or waited + max(pause, 1.0) > MAX_WAIT:
                return response
            response.close()
            self.sleep(max(pause, 1.0))
            waited += max(pause, 1.0)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class Team:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        ledger: Ledger,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.ledger = ledger
        self.http = httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {api_key}", "User-Agent": "sendmux-make-contract"},
            timeout=httpx.Timeout(15.0),
            trust_env=False,
            transport=WaitsOutRateLimits(transport or httpx.HTTPTransport(trust_env=False), sleep),
        )

    def close(self) -> None:
        self.http.close()

    def webhooks(self) -> dict[str, dict[str, Any]]:
        """Every webhook of the team, by id. Raises CannotRun when the server is unreachable or refuses."""
        found: dict[str, dict[str, Any]] = {}
        params: dict[str, str | int] = {"limit": PAGE}
        cursors: set[str] = set()
        while True:
            try:
                response = self.http.get("/webhooks", params=params)
            except httpx.HTTPError as exc:
                raise CannotRun(f"cannot reach {self.base_url}: {type(exc).__name__}: {exc}") from exc
            if response.status_code in (401, 403):
                raise CannotRun(f"the server rejected the key (GET /webhooks answered {_why(response)})")
            if response.status_code != 200:
                raise CannotRun(f"GET {self.base_url}/webhooks answered {_why(response)}; is BASE_URL the API?")
            try:
                page = response.json()
                found.update({hook["id"]: hook for hook in page["data"]})
                pagination = page.get("pagination") or {}
            except (ValueError, KeyError, TypeError) as exc:
                raise CannotRun(f"GET {self.base_url}/webhooks did not answer with a webhook list: {exc}") from exc
            if not pagination.get("has_more"):
                return found
            cursor = str(pagination.get("next_cursor"))
            if cursor in cursors:  # a server that never ends its list (a stateless mock does this) is read once
                self.ledger.note(f"GET /webhooks: next_cursor {cursor!r} came back with has_more; the list never ends")
                return found
            cursors.add(cursor)
            params["cursor"] = cursor

    def probe(self) -> None:
        """Create one webhook (and delete it): proof that this run can create what its tests need."""
        body = {"url": self.ledger.targets.url("probe"), "event_types": ["sendmux.test"], "name": "make contract"}
        response = self.http.post("/webhooks", json=body, headers={"Idempotency-Key": f"contract-{uuid.uuid4()}"})
        self.ledger.record("createWebhook", None, response.status_code, _json(response))
        if response.status_code != 201:
            raise CannotRun(
                f"nothing could be created: POST /webhooks with url {body['url']} answered {_why(response)}"
            )
        self.delete_now(response.json()["data"]["id"])

    def delete_now(self, record_id: str) -> bool:
        """Delete one of this run's records (a webhook, or a record of another collection) through its item path;
        True when it is gone (deleted now, or already)."""
        item = self.ledger.collections.get(record_id, WEBHOOK_ITEM)
        try:
            response = self.http.delete(re.sub(r"\{[^}/]+\}", record_id, item, count=1))
        except httpx.HTTPError:
            return False
        if response.status_code in (200, 204, 404):
            self.ledger.deleted_by_cleanup.add(record_id)
            return True
        return False

    def keep_room(self) -> None:
        """Delete this run's oldest live webhooks until at most MAX_LIVE - 1 remain, before it creates more."""
        for webhook_id in self.ledger.live()[: max(0, len(self.ledger.live()) - (MAX_LIVE - 1))]:
            self.delete_now(webhook_id)

    def clean_up(self) -> Cleanup:
        """Delete every webhook this run created and any it subscribed but never saw the answer for."""
        for webhook_id in self.ledger.live():
            self.delete_now(webhook_id)
        left: list[str] = []
        not_ours: list[str] = []
        try:
            after = self.webhooks()
        except CannotRun:
            after = {webhook_id: {"url": self.ledger.created[webhook_id]} for webhook_id in self.ledger.live()}
        for webhook_id, hook in after.items():
            if webhook_id in self.ledger.before:
                continue
            if not self.ledger.targets.is_ours(hook.get("url")) and webhook_id not in self.ledger.created:
                not_ours.append(webhook_id)
                continue
            self.ledger.created.setdefault(webhook_id, str(hook.get("url")))  # its create answer never reached us
            if not self.delete_now(webhook_id):
                left.append(webhook_id)
        return Cleanup(
            created=len(self.ledger.created),
            deleted_by_tests=len(self.ledger.deleted_by_tests - self.ledger.deleted_by_cleanup),
            deleted_by_cleanup=len(self.ledger.deleted_by_cleanup),
            left_behind=left,
            not_ours=not_ours,
        )


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
