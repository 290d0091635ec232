"""``sendmux-webhooks listen`` and ``trigger`` against the emulator, with a plain-http receiver on loopback."""

from __future__ import annotations

import re
import signal
import subprocess

import httpx
import pytest

from sendmux import Sendmux, verify_webhook
from sendmux_emulator import RunningEmulator

from ._cli import env_for, run, start
from ._http_receiver import SAFETY_TIMEOUT, http_receiver

SECRET_LINE = re.compile(r"^Ready\. Webhook signing secret: (whsec_[0-9a-f]{64}) \(webhook (whk_\w+)")


def _stop(listen: subprocess.Popen[str]) -> tuple[int, str, str]:
    listen.send_signal(signal.SIGINT)  # what Ctrl-C sends
    out, err = listen.communicate(timeout=SAFETY_TIMEOUT)
    return listen.returncode, out, err


def test_listen_forwards_a_triggered_event_that_verifies_with_the_printed_secret(
    sendmux_emulator: RunningEmulator, sendmux_client: Sendmux
) -> None:
    env = env_for(sendmux_emulator.base_url)
    with http_receiver() as receiver:
        listen = start("listen", "--forward-to", receiver.url, env=env)
        try:
            assert listen.stdout is not None
            first = listen.stdout.readline()
            match = SECRET_LINE.match(first)
            assert match, first
            secret, hook_id = match.groups()
            assert [hook.id for hook in sendmux_client.webhooks.list()] == [hook_id]

            triggered = run("trigger", "message.bounced", "--data", "bounce_type=Transient", env=env)
            assert triggered.returncode == 0, triggered.stderr
            assert f"-> {hook_id}" in triggered.stdout

            [(body, headers)] = receiver.wait_for(1)
            event = verify_webhook(body, headers, secret, require_timestamp=True)
            assert event.type == "message.bounced" and event.data.bounce_type == "Transient"
            assert headers["x-sendmux-event-id"] == event.id
            [attempt] = sendmux_emulator.wait_for_deliveries(1)  # listen answered the emulator
            line = listen.stdout.readline()
            assert f"message.bounced          {event.id}  attempt 1  -> [200] POST {receiver.url}  recorded" in line
        finally:
            code, out, err = _stop(listen)
    assert code == 0, err
    assert f"Deleted webhook {hook_id}." in out
    assert list(sendmux_client.webhooks.list()) == []  # Ctrl-C left nothing behind
    assert (attempt["result"], attempt["response_status"]) == ("success", 200)


def test_listen_keeps_its_secret_across_runs(sendmux_emulator: RunningEmulator) -> None:
    """A receiver started with the first run's secret verifies the deliveries of the second run."""
    env = env_for(sendmux_emulator.base_url)
    first = start("listen", "--forward-to", "http://127.0.0.1:9/unused", env=env)
    assert first.stdout is not None
    match = SECRET_LINE.match(first.stdout.readline())
    assert match
    assert _stop(first)[0] == 0
    secret = match[1]
    with http_receiver(secret) as receiver:  # verifies with the first run's secret, timestamp required
        second = start("listen", "--forward-to", receiver.url, env=env)
        try:
            assert second.stdout is not None
            again = SECRET_LINE.match(second.stdout.readline())
            assert again and again[1] == secret and again[2] != match[2]  # a new webhook, the same secret
            assert run("listen", "--print-secret", env=env).stdout == f"{secret}\n"
            assert run("trigger", "message.delivered", env=env).returncode == 0
            assert "-> [200] POST" in second.stdout.readline()
        finally:
            assert _stop(second)[0] == 0
    assert [event.type for event in receiver.events] == ["message.delivered"]


def test_a_pinned_secret_is_kept_and_a_sendmux_secret_is_signed_again(sendmux_emulator: RunningEmulator) -> None:
    """--secret pins the secret for later runs; on the emulator the webhook is created with it, so listen's
    forwards carry the emulator's own signatures, checked here against the stored delivery."""
    env = env_for(sendmux_emulator.base_url)
    pinned = "whsec_pinned_by_the_developer"
    assert run("listen", "--secret", pinned, "--print-secret", env=env).stdout == f"{pinned}\n"
    assert run("listen", "--print-secret", env=env).stdout == f"{pinned}\n"
    with http_receiver(pinned) as receiver:
        listen = start("listen", "--forward-to", receiver.url, env=env)
        try:
            assert listen.stdout is not None
            assert listen.stdout.readline().startswith(f"Ready. Webhook signing secret: {pinned} ")
            run("trigger", "message.complained", env=env)
            [(body, headers)] = receiver.wait_for(1)
            [attempt] = sendmux_emulator.wait_for_deliveries(1)
        finally:
            _stop(listen)
    assert body.decode() == attempt["request_body"]
    assert headers["x-sendmux-signature"] == attempt["request_headers"]["X-Sendmux-Signature"]


def test_listen_only_subscribes_the_events_asked_for(
    sendmux_emulator: RunningEmulator, sendmux_client: Sendmux
) -> None:
    env = env_for(sendmux_emulator.base_url)
    with http_receiver() as receiver:
        listen = start("listen", "--forward-to", receiver.url, "--events", "message.complained,sendmux.test", env=env)
        try:
            assert listen.stdout is not None
            match = SECRET_LINE.match(listen.stdout.readline())
            assert match
            [hook] = sendmux_client.webhooks.list()
            assert hook.event_types == ["message.complained", "sendmux.test"]
            assert run("trigger", "message.bounced", env=env).stdout.endswith("no webhook subscribes to it\n")
        finally:
            code, _, err = _stop(listen)
    assert code == 0, err
    assert receiver.bodies == []


def test_a_receiver_that_fails_is_reported_and_retried(sendmux_emulator_factory: object) -> None:
    emulator: RunningEmulator = sendmux_emulator_factory(time_scale=0.0001)  # type: ignore[operator]
    env = env_for(emulator.base_url)
    with http_receiver(secret="whsec_not_the_listen_secret") as receiver:  # answers 400: wrong secret
        listen = start("listen", "--forward-to", receiver.url, env=env)
        try:
            assert listen.stdout is not None and SECRET_LINE.match(listen.stdout.readline())
            assert run("trigger", "message.delivered", env=env).returncode == 0
            first, second = emulator.wait_for_deliveries(2, timeout=SAFETY_TIMEOUT)[:2]  # retried after the 400
            assert "-> [400] POST" in listen.stdout.readline()
        finally:
            code, _, err = _stop(listen)
    assert code == 0, err
    assert (first["result"], first["response_status"], second["response_status"]) == ("retrying", 400, 400)


@pytest.mark.parametrize("command", ["listen", "trigger", "resend", "replay"])
def test_each_command_has_help(command: str) -> None:
    done = run(command, "--help", env=env_for("http://127.0.0.1:1/api/v1"))
    assert done.returncode == 0
    assert f"usage: sendmux-webhooks {command}" in done.stdout and "SENDMUX_API_KEY" in done.stdout


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["listen", "--forward-to", "localhost:3000"], "--forward-to"),
        (["listen", "--forward-to", "http://127.0.0.1:1/", "--events", "message.opened"], "--events"),
        (["listen", "--forward-to", "http://127.0.0.1:1/", "--port", "70000"], "--port"),
        (["listen", "--forward-to", "http://127.0.0.1:1/", "--public-url", "http://x.example"], "--public-url"),
        (["trigger", "message.bounced", "--data", "colour=red"], "--data"),
        (["trigger", "message.nope"], "EVENT_TYPE"),
        (["replay", "whk_1", "whda_1"], "--to"),
        (["listen", "--forward-to", "http://127.0.0.1:1/", "--api-key", "smx_root_dev"], "--api-key"),
        (["listen"], "--forward-to"),
        (["listen", "--forward-to", "http://127.0.0.1:1/", "--secret", "not-a-secret"], "--secret"),
        (["trigger", "message.bounced", "--data", 'recipients=["a@x.com"'], "--data recipients"),
        (["trigger", "message.bounced", "--data", "bounce_type=Nope"], "--data bounce_type"),
        (["trigger", "message.bounced", "--data", "is_spam=yes"], "is_spam"),
    ],
)
def test_errors_name_the_flag(args: list[str], named: str) -> None:
    done = run(*args, env=env_for("http://127.0.0.1:1/api/v1"))
    assert done.returncode == 2
    assert named in done.stderr, done.stderr


def test_against_sendmux_listen_needs_a_public_url_and_trigger_refuses() -> None:
    env = env_for("https://app.sendmux.ai/api/v1")  # nothing is sent: both stop before any request
    listen = run("listen", "--forward-to", "http://127.0.0.1:1/", env=env)
    assert listen.returncode == 2 and "--public-url is required against Sendmux" in listen.stderr
    trigger = run("trigger", "message.bounced", env=env)
    assert trigger.returncode == 2 and "local emulator only" in trigger.stderr


def test_against_sendmux_replay_and_resend_need_the_key_from_the_environment() -> None:
    env = env_for("https://app.sendmux.ai/api/v1")  # nothing is sent: they stop before any request
    for args in (
        ["replay", "whk_1", "whda_1", "--to", "http://127.0.0.1:1/"],
        ["resend", "evt_1", "--webhook", "whk_1"],
    ):
        done = run(*args, env=env)
        assert done.returncode == 2 and "SENDMUX_API_KEY is not set" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["listen", "--forward-to", "http://127.0.0.1:1/"],
        ["trigger", "message.bounced"],
        ["resend", "evt_1"],
        ["replay", "whk_1", "whda_1", "--to", "http://127.0.0.1:1/"],
    ],
)
def test_with_the_emulator_down_each_command_says_so_in_one_line(args: list[str]) -> None:
    done = run(*args, env=env_for("http://127.0.0.1:1/api/v1"))  # port 1: nothing listens there
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"sendmux-webhooks {args[0]}: error: no emulator answered at http://127.0.0.1:1/_emulator" in done.stderr
    assert "start one with `sendmux-emulator --port 8025`" in done.stderr


def test_trigger_checks_its_data_before_sending(sendmux_emulator: RunningEmulator) -> None:
    env = env_for(sendmux_emulator.base_url)
    broken = run("trigger", "message.bounced", "--data", 'recipients=["a@x.com"', env=env)
    assert broken.returncode == 2
    assert "--data recipients: '[\"a@x.com\"' is not valid JSON" in broken.stderr
    nope = run("trigger", "message.bounced", "--data", "bounce_type=Nope", env=env)
    assert nope.returncode == 2
    assert "--data bounce_type: 'Nope' is not one of Permanent, Transient, Undetermined (or null)" in nope.stderr
    typed = run("trigger", "message.bounced", "--data", "recipients=a@x.com", env=env)
    assert typed.returncode == 2 and "recipients must be list[str], got string" in typed.stderr
    good = run(
        "trigger", "message.bounced", "--data", "bounce_type=Transient", "--data", "bounce_subtype=null", env=env
    )
    assert good.returncode == 0, good.stderr
    state = httpx.get(sendmux_emulator.root_url + "/_emulator/state", timeout=SAFETY_TIMEOUT).json()["data"]
    [emitted] = state["events"]  # the refused ones were never sent
    assert emitted["id"] in good.stdout


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["listen", "--forward-to", "http://user:pw@127.0.0.1:1/"], "--forward-to"),
        (
            ["listen", "--forward-to", "http://127.0.0.1:1/", "--public-url", "https://u:p@tunnel.example/"],
            "--public-url",
        ),
        (["resend", "evt_1", "--to", "http://user@127.0.0.1:1/"], "--to"),
        (["replay", "whk_1", "whda_1", "--to", "http://:pw@127.0.0.1:1/"], "--to"),
    ],
)
def test_urls_with_credentials_are_refused(args: list[str], flag: str) -> None:
    done = run(*args, env=env_for("http://127.0.0.1:1/api/v1"))
    assert done.returncode == 2
    assert f"argument {flag}: a URL with a user name or password is refused" in done.stderr
    assert "pw" not in done.stderr.replace("password", "")  # not echoed
