"""``sendmux listen``: a temporary webhook whose deliveries arrive here, are verified and forwarded to your URL.

Against the emulator the webhook points at this process over plain http on loopback (the emulator's control
route allows that; the API requires https). Against Sendmux it points at ``--public-url``, a tunnel to ``--port``.
Either way the receiver gets Sendmux's exact body and headers, signed with the secret printed on the first line,
and the sender sees the receiver's status, so failures are retried on Sendmux's schedule.
"""

from __future__ import annotations

import argparse
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType
from typing import Any

import httpx

from .. import WebhookVerificationError, verify_webhook
from ._options import Target, UsageError, target

__all__ = ["listen"]

_FORWARDED = ("content-type", "user-agent")
_RECEIVER_TIMEOUT = 10.0  # Sendmux's own limit for an answer
_print_lock = threading.Lock()


def say(line: str) -> None:
    with _print_lock:
        print(line, flush=True)


class _Forwarder:
    def __init__(self, forward_to: str, secret: str, events: list[str] | None) -> None:
        self.forward_to = forward_to
        self.secret = secret
        self.events = events
        # No keep-alive: a held connection would keep the receiver's server waiting when it shuts down.
        limits = httpx.Limits(max_keepalive_connections=0)
        self.http = httpx.Client(timeout=_RECEIVER_TIMEOUT, trust_env=False, follow_redirects=False, limits=limits)

    def handle(self, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        """Verify, forward, print one line; the status and body to answer the sender with."""
        stamp = time.strftime("%H:%M:%S")
        try:
            event = verify_webhook(body, headers, self.secret)
        except WebhookVerificationError as exc:
            say(f"{stamp}  rejected a delivery that does not verify: {exc.reason}")
            return 400, exc.reason.encode("utf-8")
        label = f"{stamp}  {event.type!s:<24} {event.id}  attempt {headers.get('x-sendmux-delivery-attempt', '?')}"
        if self.events is not None and event.type not in self.events:
            say(f"{label}  not forwarded (--events)")
            return 200, b"not forwarded"
        sent = {name: value for name, value in headers.items() if name.startswith("x-sendmux-") or name in _FORWARDED}
        try:
            answer = self.http.post(self.forward_to, content=body, headers=sent)
        except httpx.HTTPError as exc:
            say(f"{label}  -> [ERR] POST {self.forward_to}: {type(exc).__name__}: {exc}")
            return 502, f"sendmux listen could not reach {self.forward_to}".encode()
        say(f"{label}  -> [{answer.status_code}] POST {self.forward_to}")
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

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = False  # on Ctrl-C, server_close() lets deliveries in flight finish and answer
    server.block_on_close = True
    return server


def _subscribe(where: Target, args: argparse.Namespace, local_url: str) -> tuple[str, str, Any]:
    """Create the temporary webhook: (id, secret, a function deleting it)."""
    name = "sendmux listen (temporary)"
    if where.is_emulator:
        if args.public_url:
            raise UsageError("--public-url is for Sendmux; the local emulator delivers to this process directly")
        control = httpx.Client(base_url=where.control_url, headers=where.control_headers(), trust_env=False)
        body: dict[str, Any] = {"url": local_url, "name": name}
        if args.events:
            body["event_types"] = args.events
        answer = control.post("/webhooks", json=body).json()
        if not answer.get("ok"):
            raise UsageError(f"the emulator at {where.control_url} refused the webhook: {answer['error']['message']}")
        hook_id = answer["data"]["id"]
        return hook_id, answer["data"]["secret"], lambda: control.delete(f"/webhooks/{hook_id}")
    if not args.public_url:
        raise UsageError("--public-url is required against Sendmux: the https URL of a tunnel you run to --port")
    if not args.port:
        raise UsageError("--port is required with --public-url: the local port your tunnel forwards to")
    from .. import Sendmux

    client = Sendmux(api_key=where.require_key(), base_url=where.base_url)
    event_types = args.events
    if event_types is None:
        from .._event_examples import EVENT_TYPES

        event_types = list(EVENT_TYPES)
    hook = client.webhooks.create(url=args.public_url, event_types=event_types, name=name)
    assert hook.secret is not None
    return hook.id, hook.secret, lambda: client.webhooks.delete(hook.id)


def listen(args: argparse.Namespace) -> int:
    where = target()
    forwarder = _Forwarder(args.forward_to, "", args.events)  # its secret is known once the webhook exists
    server = _server(forwarder, args.port)
    local_url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        hook_id, secret, delete = _subscribe(where, args, local_url)
    except BaseException:
        server.server_close()
        raise
    forwarder.secret = secret
    arrives = args.public_url or local_url
    types = ", ".join(args.events) if args.events else "every event type"
    say(
        f"Ready. Webhook signing secret: {secret} "
        f"(webhook {hook_id}: {types}, via {arrives} -> {args.forward_to}; Ctrl-C to quit)"
    )

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    # Both set here: a shell starts background jobs with SIGINT ignored, and Ctrl-C must still clean up.
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.server_close()
        delete()
        forwarder.http.close()
    say(f"Deleted webhook {hook_id}.")
    return 0
