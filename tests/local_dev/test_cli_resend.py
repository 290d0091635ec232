"""``sendmux-webhooks resend EVENT_ID`` and ``replay WEBHOOK_ID DELIVERY_ID``: a delivery sent again, with no key
on a loopback emulator, each printing the answer's status and first line."""

from __future__ import annotations

import signal

from sendmux import Sendmux, verify_webhook
from sendmux_emulator import RunningEmulator

from ._cli import env_for, run, start
from ._http_receiver import SAFETY_TIMEOUT, http_receiver
from .test_cli_listen import SECRET_LINE

SECRET = "whsec_replay_test_secret"
NEW_SECRET = "whsec_rotated_after_the_failure"


def test_resend_delivers_the_event_again_through_listen_and_prints_the_receiver_s_answer(
    sendmux_emulator: RunningEmulator,
) -> None:
    env = env_for(sendmux_emulator.base_url)  # no SENDMUX_API_KEY: a loopback emulator needs none
    secret = run("listen", "--print-secret", env=env).stdout.strip()
    with http_receiver(secret) as receiver:
        listen = start("listen", "--forward-to", receiver.url, env=env)
        try:
            assert listen.stdout is not None
            hook_id = SECRET_LINE.match(listen.stdout.readline())[2]  # type: ignore[index]
            event_id = run("trigger", "message.bounced", env=env).stdout.split()[2]
            assert f"{event_id}  attempt 1  -> [200]" in listen.stdout.readline()

            done = run("resend", event_id, env=env)
            assert done.returncode == 0, done.stderr
            assert done.stdout == f"Resent message.bounced {event_id} to {hook_id} -> [200] ok\n"
            [first, again] = receiver.wait_for(2)
        finally:
            listen.send_signal(signal.SIGINT)
            listen.communicate(timeout=SAFETY_TIMEOUT)
    assert again[0] == first[0]  # the same event, delivered again
    assert [event.id for event in receiver.events] == [event_id, event_id]
    [original, resent] = sendmux_emulator.deliveries(event_id=event_id)
    assert (original["resend"], resent["resend"], resent["delivery_attempt"]) == (False, True, 1)


def test_resend_to_a_url_signs_the_stored_body_and_prints_a_refusal(sendmux_emulator: RunningEmulator) -> None:
    env = env_for(sendmux_emulator.base_url, SENDMUX_WEBHOOK_SECRET="whsec_not_the_receiver_s")
    with http_receiver(SECRET) as receiver:
        hook = sendmux_emulator.subscribe(receiver.url, ["message.rejected"], secret=SECRET)
        event = sendmux_emulator.emit("message.rejected")["event"]
        receiver.wait_for(1)
        sendmux_emulator.wait_for_deliveries(1)
        refused = run("resend", event["id"], "--webhook", hook["id"], "--to", receiver.url, env=env)
        accepted = run(
            "resend", event["id"], "--webhook", hook["id"], "--to", receiver.url, "--secret", SECRET, env=env
        )
    assert refused.returncode == 1
    assert refused.stdout.startswith(f"Resent message.rejected {event['id']} -> [400] POST {receiver.url}  ")
    assert "no matching signature" in refused.stdout  # the answer's first line says why
    assert accepted.stdout == f"Resent message.rejected {event['id']} -> [200] POST {receiver.url}  ok\n"


def test_resend_without_a_running_listen_asks_for_the_webhook(sendmux_emulator: RunningEmulator) -> None:
    done = run("resend", "evt_1", env=env_for(sendmux_emulator.base_url))
    assert done.returncode == 2
    assert "no listen runs on this machine: give --webhook whk_…" in done.stderr


def test_replay_resends_a_stored_payload_that_verifies(
    sendmux_emulator: RunningEmulator, sendmux_client: Sendmux
) -> None:
    with http_receiver() as receiver:
        hook = sendmux_emulator.subscribe(receiver.url, ["message.complained"], secret=SECRET)
        emitted = sendmux_emulator.emit("message.complained", recipients=["angry@example.com"])["event"]
        [(original, _)] = receiver.wait_for(1)
        sendmux_emulator.wait_for_deliveries(1)  # recorded once the receiver's answer is in
        [attempt] = sendmux_client.webhooks.list_deliveries(hook["id"])

        env = env_for(sendmux_emulator.base_url, SENDMUX_WEBHOOK_SECRET=f"{NEW_SECRET},{SECRET}")  # no key
        done = run("replay", hook["id"], attempt.id, "--to", receiver.url, env=env)
        assert done.returncode == 0, done.stderr
        assert done.stdout == f"Replayed message.complained {emitted['id']} -> [200] POST {receiver.url}  recorded\n"

        [_, (body, headers)] = receiver.wait_for(2)
    assert body == original  # the stored payload, byte for byte
    event = verify_webhook(body, headers, NEW_SECRET, require_timestamp=True)  # the newest secret of the list
    assert event.id == emitted["id"] and event.data.recipients == ["angry@example.com"]


def test_replay_of_an_unknown_delivery_names_it(sendmux_emulator: RunningEmulator) -> None:
    env = env_for(sendmux_emulator.base_url)
    done = run("replay", "whk_missing", "whda_missing", "--to", "http://127.0.0.1:1/", "--secret", SECRET, env=env)
    assert done.returncode == 2
    assert "no delivery whda_missing of webhook whk_missing" in done.stderr
