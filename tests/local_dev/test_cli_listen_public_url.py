"""``sendmux-webhooks listen --public-url`` as against Sendmux: a temporary webhook at the tunnel's URL, each
delivery verified with the secret Sendmux made for it, then forwarded signed again with listen's own secret (the
one printed, kept from run to run), the webhook deleted on Ctrl-C. The emulator stands in for Sendmux (its
loopback URL would otherwise select the emulator mode), and the test posts to listen's port as the tunnel would."""

from __future__ import annotations

import io
import os
import signal
import threading
from contextlib import redirect_stdout

import httpx
import pytest

from sendmux import Sendmux, verify_webhook
from sendmux._cli import _options, _webhooks, main
from sendmux.testing import make_event, signed_request
from sendmux_emulator import RunningEmulator

from ._http_receiver import http_receiver, wait_until

TUNNEL = "https://tunnel.example/sendmux"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_listen_through_a_tunnel_verifies_forwards_and_cleans_up(
    sendmux_emulator: RunningEmulator, sendmux_client: Sendmux, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_options.Target, "is_emulator", property(lambda self: False))
    monkeypatch.setenv("SENDMUX_BASE_URL", sendmux_emulator.base_url)
    monkeypatch.setenv("SENDMUX_API_KEY", sendmux_emulator.api_key)
    port = _free_port()
    out = io.StringIO()
    answers: list[int] = []
    failures: list[BaseException] = []
    made: list[tuple[str, str]] = []  # (id, secret) of the webhook Sendmux made: only its create answer shows it
    create = _webhooks.Webhooks.create
    monkeypatch.setattr(_webhooks.Webhooks, "create", lambda *args: made.append(create(*args)) or made[-1])

    with http_receiver() as receiver:

        def tunnel() -> None:  # what the tunnel does: pass Sendmux's deliveries on to listen's port
            try:
                wait_until(lambda: "Ready." in out.getvalue(), "listen's first line")
                [hook] = list(
                    Sendmux(api_key=sendmux_emulator.api_key, base_url=sendmux_emulator.base_url).webhooks.list()
                )
                [(hook_id, sendmux_secret)] = made
                assert hook.url == TUNNEL and hook.id == hook_id
                for key in (sendmux_secret, "whsec_forged"):
                    body, headers = signed_request(make_event("message.bounced"), key)
                    answers.append(httpx.post(f"http://127.0.0.1:{port}/", content=body, headers=headers).status_code)
            except BaseException as exc:
                failures.append(exc)
            finally:
                os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C

        thread = threading.Thread(target=tunnel)
        thread.start()
        with redirect_stdout(out):
            code = main(["listen", "--forward-to", receiver.url, "--public-url", TUNNEL, "--port", str(port)])
        thread.join()
    assert failures == []
    assert code == 0
    assert answers == [200, 400]  # the forged delivery was refused, not forwarded
    [(body, headers)] = receiver.bodies
    secret = out.getvalue().split("Webhook signing secret: ")[1].split()[0]
    assert secret != made[0][1]
    assert verify_webhook(body, headers, secret, require_timestamp=True).type == "message.bounced"
    assert "rejected a delivery that does not verify: no matching signature" in out.getvalue()
    assert list(sendmux_client.webhooks.list()) == []
