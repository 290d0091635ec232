"""``sendmux-webhooks listen``: a temporary webhook whose deliveries arrive here, are verified and forwarded to your
URL, signed with this machine's listen secret.

Against the emulator the webhook points at this process over plain http on loopback (the emulator's control
route allows that; the API requires https). Against Sendmux it points at ``--public-url``, a tunnel to ``--port``.
Either way the receiver gets Sendmux's exact body and headers, signed again with the secret printed on the first
line, which stays the same from run to run (``_device``); the sender sees the receiver's status, so failures are
retried on Sendmux's schedule. The webhook is deleted on Ctrl-C (once or twice), SIGTERM and SIGHUP; one left by a
run that was killed (``kill -9``, a crash) is deleted by the next run on this machine.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType
from typing import Any

import httpx

from .. import WebhookVerificationError, sign_webhook, verify_webhook
from .._signing import SIGNATURE, SIGNATURE_V2
from ._device import machine_id, pin_secret, signing_secret
from ._options import CommandError, Target, UsageError, target
from ._webhooks import Webhooks, alive, listen_name, listens_of

__all__ = ["listen"]

_FORWARDED = ("content-type", "user-agent")
_SIGNATURES = (SIGNATURE.lower(), SIGNATURE_V2.lower())
_RECEIVER_TIMEOUT = 10.0  # Sendmux's own limit for an answer
_STOP_SIGNALS = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]
_print_lock = threading.Lock()


def say(line: str) -> None:
    with _print_lock, contextlib.suppress(OSError):  # the terminal is gone (SIGHUP): the cleanup still runs
        print(line, flush=True)


def first_line(text: str) -> str:
    line = text.strip().partition("\n")[0]
    return line if len(line) <= 120 else line[:119] + "…"


class _Forwarder:
    def __init__(self, forward_to: str, secret: str, events: list[str] | None) -> None:
        self.forward_to = forward_to
        self.secret = secret  # what the receiver verifies with
        self.webhook_secret = ""  # what the sender signs with, known once the webhook exists
        self.events = events
        # No keep-alive: a held connection would keep the receiver's server waiting when it shuts down.
        limits = httpx.Limits(max_keepalive_connections=0)
        self.http = httpx.Client(timeout=_RECEIVER_TIMEOUT, trust_env=False, follow_redirects=False, limits=limits)

    def handle(self, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        """Verify, forward, print one line; the status and body to answer the sender with."""
        stamp = time.strftime("%H:%M:%S")
        try:
            event = verify_webhook(body, headers, self.webhook_secret)
        except WebhookVerificationError as exc:
            say(f"{stamp}  rejected a delivery that does not verify: {exc.reason}")
            return 400, exc.reason.encode("utf-8")
        label = f"{stamp}  {event.type!s:<24} {event.id}  attempt {headers.get('x-sendmux-delivery-attempt', '?')}"
        if self.events is not None and event.type not in self.events:
            say(f"{label}  not forwarded (--events)")
            return 200, b"not forwarded"
        sent = {name: value for name, value in headers.items() if name.startswith("x-sendmux-") or name in _FORWARDED}
        if self.secret != self.webhook_secret:  # signed again, with the same timestamp, under listen's secret
            for name in _SIGNATURES:
                sent.pop(name, None)
            stamped = sent.get("x-sendmux-timestamp")
            sent |= sign_webhook(body, self.secret, timestamp=int(stamped) if stamped else None)
        try:
            answer = self.http.post(self.forward_to, content=body, headers=sent)
        except httpx.HTTPError as exc:
            say(f"{label}  -> [ERR] POST {self.forward_to}: {type(exc).__name__}: {exc}")
            return 502, f"sendmux-webhooks listen could not reach {self.forward_to}".encode()
        reply = first_line(answer.text)
        say(f"{label}  -> [{answer.status_code}] POST {self.forward_to}" + (f"  {reply}" if reply else ""))
        return answer.status_code, answer.content[:1024]


def _server(forwarder: _Forwarder, port: int) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        server_version = "sendmux-listen"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            status, reply = forwarder.handle(body, {k.lower(): v for k, v in self.headers.items()})
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: Any) -> None:  # one line per delivery is printed instead
            pass

    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    except OSError as exc:
        raise CommandError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}; pick another --port") from None
    # On stop, a forward still waiting for a slow receiver is dropped (the sender retries it, if the webhook is not
    # deleted by then), so Ctrl-C never waits for one.
    server.daemon_threads, server.block_on_close = True, False
    return server


def _secret(where: Target, args: argparse.Namespace) -> str:
    if args.secret:
        pin_secret(where.base_url, where.api_key, args.secret)
        return str(args.secret)
    return signing_secret(where.base_url, where.api_key)


def _check(where: Target, args: argparse.Namespace) -> None:
    if not args.forward_to:
        raise UsageError(
            "--forward-to is required: your receiver's URL, e.g. --forward-to http://localhost:8000/webhooks"
        )
    if where.is_emulator and args.public_url:
        raise UsageError("--public-url is for Sendmux; the local emulator delivers to this process directly")
    if not where.is_emulator and not args.public_url:
        raise UsageError("--public-url is required against Sendmux: the https URL of a tunnel you run to --port")
    if not where.is_emulator and not args.port:
        raise UsageError("--port is required with --public-url: the local port your tunnel forwards to")


def listen(args: argparse.Namespace) -> int:
    where = target()
    if args.print_secret:
        print(_secret(where, args), flush=True)
        return 0
    _check(where, args)
    secret = _secret(where, args)
    webhooks = Webhooks(where)
    machine = machine_id()
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        if not stopping.is_set():  # a second Ctrl-C while the webhook is being deleted changes nothing
            stopping.set()
            raise KeyboardInterrupt

    # Set here for SIGINT too: a shell starts background jobs with SIGINT ignored, and Ctrl-C must still clean up.
    previous = {sig: signal.signal(sig, stop) for sig in _STOP_SIGNALS}
    hook_id = None
    try:
        left = [hook for hook, pid in listens_of(webhooks.existing(), machine) if not alive(pid)]
        for hook in left:
            webhooks.delete(hook)
        forwarder = _Forwarder(args.forward_to, secret, args.events)
        server = _server(forwarder, args.port)
        try:
            local_url = f"http://127.0.0.1:{server.server_address[1]}/"
            arrives = args.public_url or local_url
            hook_id, forwarder.webhook_secret = webhooks.create(
                arrives, listen_name(machine, os.getpid()), args.events, secret
            )
            types = ", ".join(args.events) if args.events else "every event type"
            say(
                f"Ready. Webhook signing secret: {secret} "
                f"(webhook {hook_id}: {types}, via {arrives} -> {args.forward_to}; Ctrl-C to quit)"
            )
            if left:
                say(
                    f"Deleted {len(left)} webhook(s) left by earlier runs of listen that were killed: {', '.join(left)}"
                )
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            stopping.set()
            server.server_close()
            if hook_id is not None:
                say(f"Stopping: deleting webhook {hook_id}…")
                try:
                    webhooks.delete(hook_id)
                except Exception as exc:
                    raise CommandError(
                        f"webhook {hook_id} was not deleted ({exc}); the next listen deletes it"
                    ) from None
    finally:
        stopping.set()
        webhooks.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    say(f"Deleted webhook {hook_id}.")
    return 0
