"""The whole webhook story with the `sendmux` client, step by step, printing a short transcript.

    make demo                                   # on the local emulator, with a local HTTPS receiver
    SENDMUX_API_KEY=smx_root_... python examples/quickstart.py --receiver-url https://your.host/sendmux

With ``--local-receiver CERT KEY`` (what ``make demo`` passes) it serves ``examples/receiver.py`` over HTTPS
on a free loopback port and shows the receiver verifying each delivery. With ``--receiver-url`` it points
the webhook at your own endpoint and follows the deliveries through the API instead.
Exits 0 when every step did what it should, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import queue
import socket
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sendmux
from sendmux import Sendmux, WebhookEvent
from sendmux.models import WebhookDeliveryAttempt

WAIT_SECONDS = 90.0  # Sendmux retries a failed delivery after 30 s; the emulator in `make demo` is faster


def step(number: int, title: str) -> None:
    print(f"\n[{number}] {title}", flush=True)


def say(text: str) -> None:
    print(f"    {text}", flush=True)


class LocalReceiver:
    """examples/receiver.py served over HTTPS from a background thread; reports what it accepts and rejects."""

    def __init__(self, certfile: str, keyfile: str) -> None:
        self.secrets: list[str] = []  # the receiver reads this list on every delivery, so it can be swapped
        self.accepted: queue.Queue[WebhookEvent] = queue.Queue()
        self.rejected: queue.Queue[str] = queue.Queue()
        self._certfile, self._keyfile = certfile, keyfile

    async def _handle(self, event: WebhookEvent) -> None:
        self.accepted.put(event)

    @contextmanager
    def serve(self) -> Iterator[str]:
        # examples/receiver.py, beside this file; it needs starlette and uvicorn
        # (from a checkout: `pip install '.[emulator]'`)
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import receiver
        import uvicorn

        rejected = self.rejected

        class Rejections(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                # receiver.py logs "rejected a delivery: %s" with the verification error's reason
                rejected.put(str(record.args[0]) if isinstance(record.args, tuple) and record.args else record.msg)

        handler = Rejections(level=logging.WARNING)
        receiver.log.addHandler(handler)
        app = receiver.create_app(self.secrets, self._handle, path="/sendmux")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        config = uvicorn.Config(
            app,
            ssl_certfile=self._certfile,
            ssl_keyfile=self._keyfile,
            log_level="critical",  # its shutdown notice about the timeout below is not news
            lifespan="on",
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the local receiver did not start")
            time.sleep(0.02)
        try:
            yield f"https://127.0.0.1:{sock.getsockname()[1]}/sendmux"
        finally:
            server.should_exit = True
            thread.join(10)
            sock.close()
            receiver.log.removeHandler(handler)

    def wait_accepted(self, event_id: str) -> WebhookEvent:
        deadline = time.monotonic() + WAIT_SECONDS
        while (left := deadline - time.monotonic()) > 0:
            try:
                event = self.accepted.get(timeout=left)
            except queue.Empty:
                break
            if event.id == event_id:
                return event
        raise RuntimeError(f"the receiver never accepted {event_id}")

    def wait_rejected(self) -> str:
        try:
            return self.rejected.get(timeout=WAIT_SECONDS)
        except queue.Empty:
            raise RuntimeError("the receiver never rejected a delivery") from None


def attempts_for(client: Sendmux, webhook_id: str, event_id: str, *, until: str) -> list[WebhookDeliveryAttempt]:
    """Poll the deliveries list until an attempt for ``event_id`` has result ``until``."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        attempts = [a for a in client.webhooks.list_deliveries(webhook_id) if a.event_id == event_id]
        if any(a.result == until for a in attempts):
            return attempts
        time.sleep(0.2)
    raise RuntimeError(f"no {until!r} attempt for {event_id} within {WAIT_SECONDS:.0f} s")


def run(client: Sendmux, receiver_url: str, local: LocalReceiver | None) -> None:
    run_id = uuid.uuid4().hex[:8]
    key = sendmux.idempotency_key("quickstart", receiver_url, run_id)

    step(1, "Create a webhook, with an idempotency key")
    hook = client.webhooks.create(
        url=receiver_url,
        event_types=["sendmux.test", "message.bounced"],
        name=f"quickstart {run_id}",
        idempotency_key=key,
    )
    say(f"created {hook.id} -> {hook.url}")
    try:
        say(f"event types {[str(t) for t in hook.event_types]}; signing secret {hook.secret[:12]}… (shown only now)")
        again = client.webhooks.create(
            url=receiver_url,
            event_types=["sendmux.test", "message.bounced"],
            name=f"quickstart {run_id}",
            idempotency_key=key,
        )
        if again.id != hook.id:
            raise RuntimeError(f"the same idempotency key made a second webhook {again.id}")
        say(f"the same call again (a retry after a crash, say) returned the same webhook {again.id}, not a second one")

        step(2, "List webhooks (newest first; pages are fetched as you iterate)")
        for listed in client.webhooks.list(limit=20):
            say(f"{listed.id}  {listed.name!r}  enabled={listed.enabled} failing={listed.failing}")

        step(3, "Get it, with its ETag")
        raw = client.webhooks.with_raw_response.get(hook.id)
        say(f"{raw.data.id} name={raw.data.name!r}  ETag {raw.etag}  request id {raw.request_id}")

        step(4, "Update it, only if nobody changed it since (If-Match)")
        updated = client.webhooks.update(hook.id, name=f"quickstart {run_id} (renamed)", if_match=raw.etag)
        say(f"name is now {updated.name!r}; event types unchanged: {[str(t) for t in updated.event_types]}")

        if local is not None:
            local.secrets[:] = [hook.secret]
        step(5, "Send a test event")
        sent = client.webhooks.send_test(hook.id)
        say(f"published {sent.event_id}")
        if local is not None:
            event = local.wait_accepted(sent.event_id)
            say(f"receiver verified the signature and got a typed {type(event).__name__}:")
            say(f"  id={event.id} type={event.type} occurred_at={event.occurred_at.isoformat()}")
            say(f"  data.webhook_id={event.data.webhook_id} data.recipients={event.data.recipients}")
        else:
            attempts_for(client, hook.id, sent.event_id, until="success")
            say(f"your endpoint answered 2xx for {sent.event_id}")

        step(6, "Rotate the signing secret")
        old_secret = hook.secret
        rotated = client.webhooks.rotate_secret(hook.id, idempotency_key=sendmux.idempotency_key(key, "rotate"))
        say(f"new secret {rotated.secret[:12]}…; the old one stopped signing at once")
        if local is not None:
            sent = client.webhooks.send_test(hook.id)
            say(f"published {sent.event_id} while the receiver still holds only the old secret")
            say(f"receiver rejected it: {local.wait_rejected()}")
            local.secrets[:] = [rotated.secret, old_secret]  # during a rotation, accept either
            say("receiver now holds the new secret; Sendmux retries the delivery…")
            event = local.wait_accepted(sent.event_id)
            say(f"receiver verified {event.id} with the new secret")
            attempts_for(client, hook.id, sent.event_id, until="success")  # the API records it a moment later

        step(7, "List the delivery attempts")
        for attempt in client.webhooks.list_deliveries(hook.id):
            say(
                f"{attempt.id}  {attempt.event_type}  attempt {attempt.delivery_attempt}/{attempt.max_attempts}  "
                f"{attempt.result}  HTTP {attempt.response_status}  {attempt.response_ms} ms"
            )
    except BaseException:
        # Leave nothing behind on a real account: a failed run still deletes the webhook it made.
        with contextlib.suppress(sendmux.SendmuxError):
            client.webhooks.delete(hook.id)
            say(f"the run failed, so {hook.id} was deleted")
        raise

    step(8, "Delete it")
    deleted = client.webhooks.delete(hook.id)
    say(f"deleted={deleted.deleted} {deleted.id}")
    try:
        client.webhooks.get(hook.id)
    except sendmux.NotFoundError as exc:
        say(f"getting it now raises NotFoundError: {exc}")
    else:
        raise RuntimeError("the deleted webhook is still there")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--receiver-url", help="your https endpoint that receives the deliveries")
    where.add_argument("--local-receiver", nargs=2, metavar=("CERT", "KEY"), help="serve examples/receiver.py")
    args = parser.parse_args(argv)
    try:
        with Sendmux() as client:  # SENDMUX_API_KEY and SENDMUX_BASE_URL
            print(f"Sendmux API at {client.base_url}", flush=True)
            if args.receiver_url:
                run(client, args.receiver_url, None)
            else:
                local = LocalReceiver(*args.local_receiver)
                with local.serve() as url:
                    print(f"local HTTPS receiver at {url}", flush=True)
                    run(client, url, local)
    except (sendmux.SendmuxError, RuntimeError, ValueError) as exc:
        print(f"\nFAILED: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return 1
    print("\nAll steps passed.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
