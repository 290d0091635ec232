"""The emulator's allowances for local receivers: plain-http loopback subscriptions through the control route,
pinned secrets, resending an attempt, and the control token of an emulator bound beyond loopback."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from sendmux import NotFoundError, Sendmux, verify_webhook
from sendmux_emulator import EmulatorConfig, RunningEmulator, create_app
from sendmux_emulator._serve.local_only import is_loopback_host

from ._http_receiver import http_receiver

SECRET = "whsec_pinned_for_this_test"


def test_a_plain_http_loopback_receiver_gets_signed_deliveries(sendmux_emulator: RunningEmulator) -> None:
    with http_receiver(SECRET) as receiver:
        hook = sendmux_emulator.subscribe(receiver.url, ["message.bounced"], secret=SECRET)
        assert hook["secret"] == SECRET and hook["url"] == receiver.url
        event = sendmux_emulator.emit("message.bounced")["event"]
        [attempt] = sendmux_emulator.wait_for_deliveries(1)
        assert (attempt["result"], attempt["response_status"]) == ("success", 200)
        assert [e.id for e in receiver.events] == [event["id"]]


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.com/x",
        "http://10.0.0.1/x",
        "ftp://127.0.0.1/x",
        "http://user:pw@127.0.0.1/x",
        "127.0.0.1/x",
    ],
)
def test_plain_http_stays_loopback_only(sendmux_emulator: RunningEmulator, url: str) -> None:
    with pytest.raises(ValueError, match="invalid_parameter"):
        sendmux_emulator.subscribe(url)


def test_the_api_still_requires_https(sendmux_client: Sendmux) -> None:
    with pytest.raises(ValueError, match="https://"):
        sendmux_client.webhooks.create(url="http://127.0.0.1:9/x", event_types=["message.bounced"])


def test_a_secret_can_be_pinned_on_an_api_created_webhook(
    sendmux_emulator: RunningEmulator, sendmux_client: Sendmux
) -> None:
    with http_receiver() as receiver:
        hook = sendmux_client.webhooks.create(url="https://localhost:1/x", event_types=["message.delivered"])
        sendmux_client.webhooks.update(hook.id, url="https://localhost:1/y")
        sendmux_emulator.pin_secret(hook.id, SECRET)
        local = sendmux_emulator.subscribe(receiver.url, ["message.delivered"])
        sendmux_emulator.pin_secret(local["id"], SECRET)
        sendmux_emulator.emit("message.delivered")
        [(body, headers)] = receiver.wait_for(1)
        assert verify_webhook(body, headers, SECRET, require_timestamp=True).type == "message.delivered"
    with pytest.raises(ValueError, match="invalid_parameter"):
        sendmux_emulator.pin_secret(hook.id, "not-a-secret")


def test_resend_delivers_an_attempt_again(sendmux_emulator: RunningEmulator) -> None:
    with http_receiver(SECRET) as receiver:
        hook = sendmux_emulator.subscribe(receiver.url, ["message.rejected"], secret=SECRET)
        event = sendmux_emulator.emit("message.rejected")["event"]
        [attempt] = sendmux_emulator.wait_for_deliveries(1)
        with httpx.Client(base_url=sendmux_emulator.root_url) as control:
            answer = control.post(f"/_emulator/deliveries/{attempt['id']}/resend", json={})
        assert answer.status_code == 202
        again = sendmux_emulator.wait_for_deliveries(2)[1]
        assert (again["event_id"], again["webhook_id"], again["delivery_attempt"]) == (event["id"], hook["id"], 1)
        assert [e.id for e in receiver.events] == [event["id"], event["id"]]


def test_beyond_loopback_the_control_routes_and_page_need_the_token() -> None:
    token = "t" * 24
    app = create_app(EmulatorConfig(control_token=token))

    async def calls() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://emulator") as client:
            statuses = [
                (await client.get("/_emulator/health")).status_code,
                (await client.get("/_emulator/")).status_code,
                (await client.get("/_emulator/state", headers={"X-Emulator-Token": "wrong" * 5})).status_code,
                (await client.get("/_emulator/health", headers={"X-Emulator-Token": token})).status_code,
                (await client.get(f"/_emulator/?token={token}")).status_code,
                (await client.get(f"/_emulator/state?token={token}")).status_code,
            ]
        await app.state.emulator.aclose()
        return statuses

    assert asyncio.run(calls()) == [401, 401, 401, 200, 200, 200]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.1.2.3", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.com", False),
    ],
)
def test_which_bind_addresses_count_as_loopback(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def test_the_command_line_prints_the_token_when_binding_beyond_loopback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sendmux_emulator._serve import cli

    seen: list[EmulatorConfig] = []

    def serve(config: EmulatorConfig, host: str, port: int, on_started: object) -> None:  # no socket is opened
        seen.append(config)
        on_started(f"http://{host}:{port}/api/v1")  # type: ignore[operator]

    monkeypatch.setattr(cli, "serve", serve)
    assert cli.main(["--host", "0.0.0.0", "--port", "8025"]) == 0
    assert cli.main(["--host", "127.0.0.1", "--port", "8025"]) == 0
    beyond, local = seen
    out, err = capsys.readouterr()
    assert beyond.control_token is not None and local.control_token is None
    assert out.splitlines() == [
        "Sendmux emulator listening on http://0.0.0.0:8025/api/v1",
        "Sendmux emulator listening on http://127.0.0.1:8025/api/v1",
    ]
    assert "beyond loopback" in err and f"?token={beyond.control_token}" in err
    assert "Delivery inspector: http://127.0.0.1:8025/_emulator/" in err


def test_sendmux_emulator_subscribe_subscribes_a_local_receiver_in_one_step(sendmux_emulator: RunningEmulator) -> None:
    command = str(Path(sys.executable).with_name("sendmux-emulator"))
    with http_receiver(SECRET) as receiver:
        done = subprocess.run(
            [command, "subscribe", receiver.url, "--secret", SECRET, "--events", "message.bounced,message.delivered"],
            env={**os.environ, "SENDMUX_BASE_URL": sendmux_emulator.base_url},
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        hook_id = done.stdout.split(" as webhook ")[1].split()[0]
        assert done.stdout == (
            f"Subscribed {receiver.url} as webhook {hook_id} (message.bounced, message.delivered); "
            f"signing secret: {SECRET}\n"
        )
        event = sendmux_emulator.emit("message.delivered")["event"]
        receiver.wait_for(1)
    assert [e.id for e in receiver.events] == [event["id"]]  # verified with the pinned secret


def test_sendmux_emulator_subscribe_says_in_one_line_what_went_wrong() -> None:
    command = str(Path(sys.executable).with_name("sendmux-emulator"))
    down = subprocess.run(
        [command, "subscribe", "http://127.0.0.1:8000/x", "--emulator", "http://127.0.0.1:1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert down.returncode == 1 and down.stderr.count("\n") == 1
    assert "no emulator answered at http://127.0.0.1:1" in down.stderr


def test_a_path_without_the_api_prefix_says_where_the_api_is(sendmux_emulator: RunningEmulator) -> None:
    client = Sendmux(api_key=sendmux_emulator.api_key, base_url=sendmux_emulator.root_url)  # no /api/v1
    with pytest.raises(NotFoundError) as raised:
        client.webhooks.list_page()
    assert f"The API is under /api/v1: use the base URL {sendmux_emulator.base_url}" in str(raised.value)


def test_the_control_route_lists_webhooks_without_secrets(sendmux_emulator: RunningEmulator) -> None:
    hook = sendmux_emulator.subscribe("http://127.0.0.1:9/x", ["message.bounced"], secret=SECRET)
    with httpx.Client(base_url=sendmux_emulator.root_url) as control:
        [listed] = control.get("/_emulator/webhooks").json()["data"]
    assert listed["id"] == hook["id"] and "secret" not in listed


def test_resend_can_wait_for_the_answer(sendmux_emulator: RunningEmulator) -> None:
    with http_receiver(SECRET) as receiver:
        sendmux_emulator.subscribe(receiver.url, ["message.rejected"], secret=SECRET)
        sendmux_emulator.emit("message.rejected")
        [attempt] = sendmux_emulator.wait_for_deliveries(1)
        with httpx.Client(base_url=sendmux_emulator.root_url, timeout=30) as control:
            answer = control.post(f"/_emulator/deliveries/{attempt['id']}/resend", json={"wait": True})
    assert answer.status_code == 200
    again = answer.json()["data"]
    assert (again["resend"], again["result"], again["response_status"], again["response_body"]) == (
        True,
        "success",
        200,
        "ok",
    )
