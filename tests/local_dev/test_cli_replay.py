"""``sendmux replay`` fetches a stored delivery payload, signs it with the secret given and POSTs it."""

from __future__ import annotations

from sendmux import Sendmux, verify_webhook
from sendmux_emulator import RunningEmulator

from ._cli import env_for, run
from ._http_receiver import http_receiver

SECRET = "whsec_replay_test_secret"
NEW_SECRET = "whsec_rotated_after_the_failure"


def test_replay_resends_a_stored_payload_that_verifies(
    sendmux_emulator: RunningEmulator, sendmux_client: Sendmux
) -> None:
    with http_receiver() as receiver:
        hook = sendmux_emulator.subscribe(receiver.url, ["message.complained"], secret=SECRET)
        emitted = sendmux_emulator.emit("message.complained", recipients=["angry@example.com"])["event"]
        [(original, _)] = receiver.wait_for(1)
        sendmux_emulator.wait_for_deliveries(1)  # recorded once the receiver's answer is in
        [attempt] = sendmux_client.webhooks.list_deliveries(hook["id"])

        env = env_for(
            sendmux_emulator.base_url, SENDMUX_API_KEY=sendmux_emulator.api_key, SENDMUX_WEBHOOK_SECRET=NEW_SECRET
        )
        done = run("replay", hook["id"], attempt.id, "--to", receiver.url, env=env)
        assert done.returncode == 0, done.stderr
        assert done.stdout == f"Replayed message.complained {emitted['id']} -> [200] POST {receiver.url}\n"

        [_, (body, headers)] = receiver.wait_for(2)
    assert body == original  # the stored payload, byte for byte
    event = verify_webhook(body, headers, NEW_SECRET, require_timestamp=True)
    assert event.id == emitted["id"] and event.data.recipients == ["angry@example.com"]


def test_replay_of_an_unknown_delivery_names_it(sendmux_emulator: RunningEmulator) -> None:
    env = env_for(sendmux_emulator.base_url, SENDMUX_API_KEY=sendmux_emulator.api_key)
    done = run("replay", "whk_missing", "whda_missing", "--to", "http://127.0.0.1:1/", "--secret", SECRET, env=env)
    assert done.returncode == 2
    assert "no stored payload for WEBHOOK_ID whk_missing DELIVERY_ID whda_missing" in done.stderr
