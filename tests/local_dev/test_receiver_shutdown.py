"""A receiver's own test server shuts down at once after the emulator delivered to it: the emulator holds no
keep-alive connection (uvicorn's shutdown waits for open connections; it took ~30 s before)."""

from __future__ import annotations

from sendmux_emulator import RunningEmulator

from ._http_receiver import SAFETY_TIMEOUT, http_receiver, wait_until

SECRET = "whsec_shutdown_test_secret"


def test_no_connection_stays_open_after_deliveries(sendmux_emulator: RunningEmulator) -> None:
    # An idle keep-alive timeout far beyond the test: only the emulator closing its connections frees the server.
    with http_receiver(SECRET, keep_alive=3600) as receiver:
        sendmux_emulator.subscribe(receiver.url, ["message.bounced"], secret=SECRET)
        for _ in range(3):
            sendmux_emulator.emit("message.bounced")
        attempts = sendmux_emulator.wait_for_deliveries(3)
        assert [a["result"] for a in attempts] == ["success"] * 3
        assert len(receiver.events) == 3
        wait_until(lambda: receiver.open_connections() == 0, "the emulator to close its connections to the receiver")
        receiver.server.should_exit = True
        receiver.thread.join(SAFETY_TIMEOUT)
        assert not receiver.thread.is_alive(), "the receiver's server is still shutting down"
