"""Delivering events: signed POSTs to subscribed endpoints, retries on the documented schedule, `failing`.

Schedule (the spec's reading): 8 attempts, the first at once, each retry after the next delay of
30 s, 2 min, 10 min, 30 min, 1 h, 4 h, 12 h measured from the start of the previous attempt, all
multiplied by ``time_scale``. A retry starts no earlier than the previous attempt's ``next_retry_at``
(emulator clock), so the records show the schedule exactly, however busy the machine. After the 8th
failure the subscription becomes `failing` and its other pending retries stop. An endpoint must answer
2xx within 10 s × ``time_scale`` (never less than 1 s, so a healthy loopback receiver can answer at tiny
scales).
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sendmux import sign_webhook

from .._spec.replies import dump_json
from .._state.clock import Clock
from .._state.config import EmulatorConfig
from .._state.ids import new_id
from .._state.webhook_store import Webhook, WebhookStore
from .attempt_log import MAX_ATTEMPTS, AttemptLog, DeliveryAttempt
from .event_bodies import INBOUND_EVENT_TYPES
from .targets import describe_failure, refusal

if TYPE_CHECKING:
    import httpx

__all__ = ["RETRY_DELAYS", "DeliveryWorker", "receives"]

EVENT_LOG_SIZE = 500
"""How many published events the inspector page lists (the newest)."""

RETRY_DELAYS: tuple[int, ...] = (30, 120, 600, 1800, 3600, 14400, 43200)
"""Seconds before attempts 2..8 (the 24 h step of the documented list is never reached with 8 attempts)."""
RECEIVER_TIMEOUT = 10.0
MIN_RECEIVER_TIMEOUT = 1.0
USER_AGENT = "Sendmux-Webhooks/1.0 (sendmux-emulator)"


def receives(webhook: Webhook, event: dict[str, Any]) -> bool:
    """Whether a new event goes to this subscription: enabled, not failing, subscribed, in mailbox scope."""
    if not webhook.enabled or webhook.failing or event["type"] not in webhook.event_types:
        return False
    if event["type"] in INBOUND_EVENT_TYPES and webhook.mailbox_ids:
        return event["data"].get("mailbox_id") in webhook.mailbox_ids
    return True


@dataclass(eq=False)
class _Job:
    """One event on its way to one subscription, across all its attempts."""

    event: dict[str, Any]
    body: bytes
    webhook_id: str
    task: asyncio.Task[None] | None = None
    sleeping: bool = False
    stopped: bool = False
    last: DeliveryAttempt | None = field(default=None, repr=False)
    resend: bool = False
    first: asyncio.Future[DeliveryAttempt] | None = field(default=None, repr=False)
    """Set with the job's first attempt, for whoever waits on a resend."""


class DeliveryWorker:
    """Runs delivery jobs as tasks on the server's event loop."""

    def __init__(self, config: EmulatorConfig, store: WebhookStore, log: AttemptLog, clock: Clock) -> None:
        self._config = config
        self._store = store
        self._log = log
        self._clock = clock
        self._jobs: set[_Job] = set()
        self.events: list[tuple[dict[str, Any], list[str]]] = []
        """Published events, oldest first, each with the subscriptions it went to (the inspector page's list)."""
        self._client: httpx.AsyncClient | None = None
        self._client_loop: asyncio.AbstractEventLoop | None = None
        self._timeout = max(RECEIVER_TIMEOUT * config.time_scale, MIN_RECEIVER_TIMEOUT)

    def publish(self, event: dict[str, Any], webhooks: Iterable[Webhook]) -> None:
        """Start delivering ``event`` to each subscription (call from the event loop)."""
        body = dump_json(event)
        loop = asyncio.get_running_loop()
        webhooks = list(webhooks)
        self.events.append((event, [webhook.id for webhook in webhooks]))
        del self.events[:-EVENT_LOG_SIZE]
        for webhook in webhooks:
            job = _Job(event=event, body=body, webhook_id=webhook.id)
            self._jobs.add(job)
            job.task = loop.create_task(self._run(job), name=f"deliver {event['id']} to {webhook.id}")

    def resend(self, event: dict[str, Any], webhook: Webhook) -> asyncio.Future[DeliveryAttempt]:
        """Deliver an event again to one subscription, as a new delivery whose attempts count from 1, each marked
        as a resend (the inspector's button, ``sendmux-webhooks resend``; call from the event loop). The future is
        set with its first attempt, or cancelled when none is made (the webhook went away first)."""
        loop = asyncio.get_running_loop()
        job = _Job(event=event, body=dump_json(event), webhook_id=webhook.id, resend=True, first=loop.create_future())
        self._jobs.add(job)
        job.task = loop.create_task(self._run(job), name=f"resend {event['id']} to {webhook.id}")
        assert job.first is not None
        return job.first

    def pending_retries(self) -> list[DeliveryAttempt]:
        """The last attempt of each delivery now waiting for its retry, to a subscription that still exists: one
        leaves the list as soon as its retry starts, or its subscription is deleted or disabled."""
        return [
            job.last
            for job in self._jobs
            if job.sleeping and not job.stopped and job.last is not None and self._store.find(job.webhook_id)
        ]

    def stop(self, webhook_id: str, *, keep: _Job | None = None) -> None:
        """Drop pending retries for a subscription; their last attempts become `permanent_failure`."""
        for job in list(self._jobs):
            if job.webhook_id != webhook_id or job is keep:
                continue
            job.stopped = True
            if job.sleeping:
                self._give_up(job)
                if job.task is not None:
                    job.task.cancel()

    async def aclose(self) -> None:
        """Cancel every job and close the HTTP client (on shutdown and reset)."""
        tasks = [job.task for job in self._jobs if job.task is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._jobs.clear()
        if self._client is not None:
            with contextlib.suppress(RuntimeError):  # its loop may be gone already
                await self._client.aclose()
            self._client = None

    async def _run(self, job: _Job) -> None:
        try:
            due: float | None = None  # the previous attempt's next_retry_at, on the emulator's clock
            for number in range(1, MAX_ATTEMPTS + 1):
                if due is not None:
                    job.sleeping = True
                    while (wait := due - self._clock.now()) > 0:  # a loop: sleep's clock is not the emulator's
                        await asyncio.sleep(wait)
                    job.sleeping = False
                webhook = self._store.find(job.webhook_id)
                if webhook is None:
                    return
                if job.stopped or not webhook.enabled or webhook.failing:
                    self._give_up(job)
                    return
                attempt = await self._attempt(job, webhook, number)
                if attempt.result != "retrying":
                    return
                if job.stopped:
                    attempt.result = "permanent_failure"
                    return
                if number == MAX_ATTEMPTS:
                    attempt.result = "failed"
                    self._store.mark_failing(webhook)
                    self.stop(webhook.id, keep=job)
                    return
                due = attempt.next_retry_at = attempt.created_at + self._delay(number)
        except asyncio.CancelledError:
            pass
        finally:
            self._jobs.discard(job)
            if job.first is not None and not job.first.done():
                job.first.cancel()

    def pending(self) -> int:
        """How many jobs still have an attempt to make: running one, or waiting for a retry."""
        return sum(1 for job in self._jobs if not job.stopped)

    def _delay(self, retry_number: int) -> float:
        return RETRY_DELAYS[retry_number - 1] * self._config.time_scale

    def _give_up(self, job: _Job) -> None:
        if job.last is not None and job.last.result == "retrying":
            job.last.result = "permanent_failure"
            job.last.next_retry_at = None

    async def _attempt(self, job: _Job, webhook: Webhook, number: int) -> DeliveryAttempt:
        now = self._clock.now()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Sendmux-Event-Id": job.event["id"],
            "X-Sendmux-Event-Type": job.event["type"],
            "X-Sendmux-Delivery-Attempt": str(number),
            **sign_webhook(job.body, webhook.secret, timestamp=int(now) if self._config.signature_v2 else None),
        }
        # The request as httpx will write it, with the headers it adds (Host, Accept, Accept-Encoding,
        # Connection, Content-Length), so the record holds every header that goes on the wire, in order.
        request: httpx.Request | Exception
        try:
            request = self._http().build_request("POST", webhook.url, content=job.body, headers=headers)
        except Exception as exc:  # a URL httpx will not send to (a host IDNA refuses, say): nothing is sent
            request = exc
        else:
            headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in request.headers.raw}
        attempt = DeliveryAttempt(
            id=new_id("whda"),
            webhook_id=webhook.id,
            team=webhook.team,
            url=webhook.url,
            event=job.event,
            delivery_attempt=number,
            created_at=now,
            position=0,  # set when the log records it
            request_body=job.body,
            request_headers=headers,
            resend=job.resend,
        )
        refused = refusal(webhook.url, deliver_anywhere=self._config.deliver_anywhere)
        if refused is not None:
            attempt.result = "permanent_failure"
            attempt.error_message = refused
        elif isinstance(request, Exception):
            attempt.error_message = describe_failure(request)
        else:
            await self._send(attempt, request)
        job.last = attempt
        self._log.add(attempt)
        if job.first is not None and not job.first.done():
            job.first.set_result(attempt)
        return attempt

    async def _send(self, attempt: DeliveryAttempt, request: httpx.Request) -> None:
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self._timeout):
                response = await self._http().send(request)
        except TimeoutError:
            attempt.error_message = "timeout"
        except Exception as exc:  # every way of not answering is a failed attempt, never a crashed job
            attempt.error_message = describe_failure(exc)
        else:
            attempt.record_response(response.status_code, response.text)
            if 200 <= response.status_code < 300:
                attempt.result = "success"
        attempt.response_ms = max(0, round((time.perf_counter() - started) * 1000))

    def _http(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._client is None or self._client_loop is not loop:
            import httpx  # on the first delivery, not at start-up: it is a fifth of the emulator's import

            context = ssl.create_default_context()
            if self._config.ca_file:
                context.load_verify_locations(cafile=self._config.ca_file)
            self._client = httpx.AsyncClient(
                verify=context,
                timeout=self._timeout,
                follow_redirects=False,
                trust_env=False,
                # One connection per attempt, closed with its answer: a held keep-alive connection would keep
                # a receiver's server waiting on shutdown (uvicorn waits for open connections).
                limits=httpx.Limits(max_keepalive_connections=0),
            )
            self._client_loop = loop
        return self._client
