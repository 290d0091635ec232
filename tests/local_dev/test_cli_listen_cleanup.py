"""``sendmux-webhooks listen`` never leaves its webhook behind: Ctrl-C (once, or again while it cleans up),
SIGTERM and SIGHUP delete it; after ``kill -9`` the next run on this machine deletes it; and Ctrl-C does not wait
for a forward stuck on a slow receiver."""

from __future__ import annotations

import signal
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from sendmux import Sendmux
from sendmux_emulator import RunningEmulator

from ._cli import env_for, run, start
from ._http_receiver import SAFETY_TIMEOUT, http_receiver, wait_until
from .test_cli_listen import SECRET_LINE

LOCAL_URL = "http://127.0.0.1:9/unused"  # nothing is delivered in these tests, except where a receiver is started


@contextmanager
def listening(env: dict[str, str], forward_to: str = LOCAL_URL) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A running listen and its webhook's id, once it has printed its first line; killed if a test leaves it."""
    listen = start("listen", "--forward-to", forward_to, env=env)
    try:
        assert listen.stdout is not None
        first = listen.stdout.readline()
        match = SECRET_LINE.match(first)
        assert match, (first, listen.stderr.read() if listen.poll() is not None and listen.stderr else "")
        yield listen, match[2]
    finally:
        if listen.poll() is None:
            listen.kill()
        listen.communicate(timeout=SAFETY_TIMEOUT)


def _webhook_ids(client: Sendmux) -> list[str]:
    return [hook.id for hook in client.webhooks.list()]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["ctrl-c", "sigterm", "sighup"])
def test_a_signal_deletes_the_webhook_and_exits_0(
    sig: signal.Signals, sendmux_emulator: RunningEmulator, sendmux_client: Sendmux
) -> None:
    with listening(env_for(sendmux_emulator.base_url)) as (listen, hook_id):
        assert _webhook_ids(sendmux_client) == [hook_id]
        listen.send_signal(sig)
        out, err = listen.communicate(timeout=SAFETY_TIMEOUT)
    assert listen.returncode == 0, err
    assert out.endswith(f"Deleted webhook {hook_id}.\n") and err == ""
    assert _webhook_ids(sendmux_client) == []


def _port_closed(url: str) -> bool:
    host, port = url.removeprefix("http://").split("/")[0].split(":")
    with socket.socket() as probe:
        return probe.connect_ex((host, int(port))) != 0


def test_ctrl_c_twice_during_a_slow_forward_still_deletes_the_webhook_without_waiting_for_the_forward(
    sendmux_emulator: RunningEmulator, sendmux_client: Sendmux
) -> None:
    """The second Ctrl-C arrives once listen has stopped taking deliveries (its port is closed), while it cleans
    up; the receiver is still holding the forwarded delivery when listen has exited."""
    env = env_for(sendmux_emulator.base_url)
    slow = threading.Event()
    with http_receiver(hold=slow) as receiver, listening(env, receiver.url) as (listen, hook_id):
        [hook] = sendmux_client.webhooks.list()
        assert run("trigger", "message.bounced", env=env).returncode == 0
        receiver.wait_for(1)  # the forward has reached the receiver, which does not answer
        listen.send_signal(signal.SIGINT)
        wait_until(lambda: _port_closed(hook.url), "listen to stop taking deliveries")
        if listen.poll() is None:
            listen.send_signal(signal.SIGINT)
        out, err = listen.communicate(timeout=SAFETY_TIMEOUT)
    assert listen.returncode == 0, err
    assert "-> [" not in out  # it exited with the forward still waiting, not once it had an answer or timed out
    assert out.endswith(f"Stopping: deleting webhook {hook_id}…\nDeleted webhook {hook_id}.\n") and err == ""
    assert _webhook_ids(sendmux_client) == []


def test_after_kill_9_the_next_run_deletes_the_leftover_and_says_so(
    sendmux_emulator: RunningEmulator, sendmux_client: Sendmux
) -> None:
    env = env_for(sendmux_emulator.base_url)
    with listening(env) as (killed, leftover):
        killed.kill()  # SIGKILL: no cleanup can run
        killed.wait(SAFETY_TIMEOUT)
    assert _webhook_ids(sendmux_client) == [leftover]
    with listening(env) as (listen, hook_id):
        assert listen.stdout is not None
        assert listen.stdout.readline() == (
            f"Deleted 1 webhook(s) left by earlier runs of listen that were killed: {leftover}\n"
        )
        assert _webhook_ids(sendmux_client) == [hook_id]
        listen.send_signal(signal.SIGINT)
        listen.communicate(timeout=SAFETY_TIMEOUT)
    assert _webhook_ids(sendmux_client) == []


def test_a_listen_still_running_is_not_taken_for_a_leftover(
    sendmux_emulator: RunningEmulator, sendmux_client: Sendmux
) -> None:
    env = env_for(sendmux_emulator.base_url)
    with listening(env) as (first, first_id), listening(env) as (second, second_id):
        assert sorted(_webhook_ids(sendmux_client)) == sorted([first_id, second_id])
        for listen in (second, first):
            listen.send_signal(signal.SIGINT)
            listen.communicate(timeout=SAFETY_TIMEOUT)
            assert listen.returncode == 0
    assert _webhook_ids(sendmux_client) == []


def test_another_machine_s_listen_is_left_alone(
    sendmux_emulator: RunningEmulator, sendmux_client: Sendmux, tmp_path: object
) -> None:
    """A webhook named by a listen of another machine (another config folder) whose pid is not running here."""
    theirs = env_for(sendmux_emulator.base_url, XDG_CONFIG_HOME=str(tmp_path) + "/other-machine")
    with listening(theirs) as (other, other_id):
        other.kill()
        other.wait(SAFETY_TIMEOUT)
    with listening(env_for(sendmux_emulator.base_url)) as (listen, hook_id):
        assert sorted(_webhook_ids(sendmux_client)) == sorted([other_id, hook_id])
        listen.send_signal(signal.SIGINT)
        listen.communicate(timeout=SAFETY_TIMEOUT)
    assert _webhook_ids(sendmux_client) == [other_id]
