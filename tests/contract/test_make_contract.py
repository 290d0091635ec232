"""`make contract` against the emulator: honest exit statuses with reasons, the team left as it was, test
events only to `.invalid` hosts, the key on no command line, and drift between spec and server reported."""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sendmux_emulator import RunningEmulator, run_in_thread
from sendmux_spec import read_yaml, write_yaml

ROOT = Path(__file__).resolve().parents[2]
# Test keys the emulator is started with, not credentials: random per run, so a match in /proc can only be a leak.
KEY = f"smx_root_test_contract_{secrets.token_hex(12)}"
READONLY_KEY = f"smx_root_test_readonly_{secrets.token_hex(12)}"
OURS = re.compile(r"^https://run-[0-9a-f]{8}\.sendmux-contract\.invalid(/|$)")

pytestmark = pytest.mark.slow  # each runs make contract or mypy on a copy of the project


@pytest.fixture(scope="module")
def emulator() -> Iterator[RunningEmulator]:
    """An emulator in this process (its keys on no command line) with the default webhook limit of 10."""
    with run_in_thread(
        api_keys=[f"{KEY}=team_contract"], readonly_api_keys=[f"{READONLY_KEY}=team_contract"], rate_limit=10**9
    ) as running:
        yield running


@pytest.fixture
def team(emulator: RunningEmulator) -> Iterator[httpx.Client]:
    """The team as a maintainer finds it: two webhooks of its own, subscribed to sendmux.test."""
    emulator.reset()
    with emulator.client(api_key=KEY) as client:
        for n in (1, 2):
            client.post(
                "/webhooks", json={"url": f"https://hooks.example.com/theirs-{n}", "event_types": ["sendmux.test"]}
            ).raise_for_status()
        yield client


def webhooks(client: httpx.Client) -> list[dict[str, Any]]:
    answer = client.get("/webhooks", params={"limit": 100})
    answer.raise_for_status()
    data: list[dict[str, Any]] = answer.json()["data"]
    return data


def contract(*args: str, key: str = KEY, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "contract.py"), *args],
        cwd=ROOT,
        env={**os.environ, "SENDMUX_API_KEY": key, "MAX_EXAMPLES": "10", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finished(process: subprocess.Popen[str]) -> tuple[int, str]:
    out, _ = process.communicate(timeout=600)
    return process.returncode, out


def make_contract(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(
        ["make", "--no-print-directory", "contract", *args],
        cwd=ROOT,
        env={**clean, "MAX_EXAMPLES": "10", **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


class CommandLineWatch(threading.Thread):
    """Reads every process's /proc/PID/cmdline over and over until stopped, noting any that holds `secret`."""

    def __init__(self, secret: str) -> None:
        super().__init__(daemon=True)
        self.secret = secret.encode()
        self.leaks: list[str] = []
        self.seen_contract = False  # proof that it was looking while the contract ran
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
                try:
                    argv = cmdline.read_bytes()
                except OSError:  # the process ended meanwhile
                    continue
                self.seen_contract |= b"scripts/contract.py" in argv
                if self.secret in argv:
                    self.leaks.append(argv.replace(b"\0", b" ").decode(errors="replace"))
            self.done.wait(0.02)  # a sampling interval, not a wait for an outcome

    def __enter__(self) -> CommandLineWatch:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.join()


def test_the_watch_sees_a_key_on_a_command_line() -> None:
    holder = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()", KEY], stdin=subprocess.PIPE)
    try:
        with CommandLineWatch(KEY) as watch:
            while not watch.leaks:
                watch.done.wait(0.01)
    finally:
        holder.communicate(b"")
    assert any(KEY in leak for leak in watch.leaks)


def test_make_contract_leaves_the_team_as_it_found_it_and_the_key_on_no_command_line(
    emulator: RunningEmulator, team: httpx.Client
) -> None:
    before = webhooks(team)
    with CommandLineWatch(KEY) as watch:
        done = make_contract(f"BASE_URL={emulator.base_url}", SENDMUX_API_KEY=KEY)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "contract: schemathesis clean, recorded requests clean" in done.stdout
    for operation in ("createWebhook", "getWebhookDeliveryPayload", "rotateWebhookSecret", "testWebhook"):
        assert f"   {operation}" in done.stdout
    assert webhooks(team) == before
    created = int(re.search(r"records created by this run: (\d+)", done.stdout).group(1))  # type: ignore[union-attr]
    assert created > 0
    assert re.search(
        rf"deleted: {created} \(\d+ by the tests themselves, \d+ by this cleanup\); left behind: 0", done.stdout
    )
    deliveries = emulator.deliveries(team="team_contract")
    assert deliveries, "the run sent no test event at all"
    assert all(OURS.match(attempt["url"]) for attempt in deliveries), {a["url"] for a in deliveries}
    assert watch.seen_contract
    assert watch.leaks == []


def test_a_rejected_key_exits_non_zero_saying_so(emulator: RunningEmulator, team: httpx.Client) -> None:
    before = webhooks(team)
    status, out = finished(contract("--base-url", emulator.base_url, key="smx_root_test_wrong_key"))
    assert status == 2
    assert "CANNOT CHECK: the server rejected the key (GET /webhooks answered 401 authentication_required" in out
    assert webhooks(team) == before


def test_an_unreachable_server_exits_non_zero_saying_so() -> None:
    with socket.socket() as probe:  # a port nothing listens on once this closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    status, out = finished(contract("--base-url", f"http://127.0.0.1:{port}/api/v1"))
    assert status == 2
    assert f"CANNOT CHECK: cannot reach http://127.0.0.1:{port}/api/v1: ConnectError" in out


def test_a_key_that_cannot_create_exits_non_zero_saying_so(emulator: RunningEmulator, team: httpx.Client) -> None:
    before = webhooks(team)
    status, out = finished(contract("--base-url", emulator.base_url, key=READONLY_KEY))
    assert status == 2
    assert "CANNOT CHECK: nothing could be created: POST /webhooks" in out
    assert "answered 403 insufficient_permissions" in out
    assert webhooks(team) == before


def test_ctrl_c_stops_the_run_and_still_cleans_up(emulator: RunningEmulator, team: httpx.Client) -> None:
    before = webhooks(team)
    theirs = {hook["id"] for hook in before}
    process = contract("--base-url", emulator.base_url)
    try:
        while not any(OURS.match(hook["url"]) for hook in webhooks(team)):  # one of its webhooks exists now
            assert process.poll() is None, process.communicate()[0][-3000:]
        process.send_signal(signal.SIGINT)
        status, out = finished(process)
    finally:
        process.kill() if process.poll() is None else None
    assert status == 130, out[-3000:]
    assert "contract: interrupted" in out and "left behind: 0" in out
    assert re.search(r"records created by this run: [1-9]", out)  # at least the one seen above, now gone
    assert {hook["id"] for hook in webhooks(team)} == theirs
    assert webhooks(team) == before


@pytest.mark.parametrize("variable", ["API_KEY", "SENDMUX_API_KEY"])
def test_a_key_on_makes_command_line_is_refused(variable: str) -> None:
    done = make_contract("BASE_URL=http://127.0.0.1:9/api/v1", f"{variable}=smx_root_test_on_the_command_line")
    assert done.returncode != 0
    assert "visible to every user of this machine (ps)" in done.stderr
    assert "SENDMUX_API_KEY=... make contract BASE_URL=..." in done.stderr


def test_a_receiver_that_is_not_https_is_refused(emulator: RunningEmulator) -> None:
    status, out = finished(contract("--base-url", emulator.base_url, RECEIVER_URL="http://receiver.example.com/"))
    assert status == 2
    assert "RECEIVER_URL must be an https URL" in out


def test_drift_between_spec_and_server_is_reported_per_operation(
    emulator: RunningEmulator, team: httpx.Client, tmp_path: Path
) -> None:
    """A spec that promises a field the server never sends must fail, naming the operations it shows up in."""
    spec = read_yaml((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    subscription = spec["components"]["schemas"]["WebhookSubscription"]
    subscription["required"].append("colour")
    subscription["properties"]["colour"] = {"type": "string"}
    drifted = tmp_path / "openapi.yaml"
    drifted.write_text(write_yaml(spec), encoding="utf-8")

    status, out = finished(contract("--base-url", emulator.base_url, "--spec", str(drifted), "--skip-schemathesis"))
    assert status == 1, out[-3000:]
    assert "recorded requests FOUND DIFFERENCES" in out
    for operation in ("getWebhook", "listWebhooks", "updateWebhook", "createWebhook"):
        assert re.search(rf"{operation}\s+\d+ answers\s+\d+ DIFFER", out), out[-3000:]
    assert "colour" in out
    assert re.search(r"deleteWebhook\s+\d+ answers\s+ok", out)
    assert "left behind: 0" in out
