"""`python -m sendmux_emulator` as a subprocess: the one listening line, every flag, clean signals."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from sendmux_emulator import RunningEmulator
from sendmux_emulator.__main__ import main

from ._spec_check import api_client

LINE = re.compile(r"^Sendmux emulator listening on (http://127\.0\.0\.1:(\d+)/api/v1)$")


@contextmanager
def emulator_process(*flags: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sendmux_emulator", "--port", "0", *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().rstrip("\n")
        match = LINE.match(line)
        assert match, (line, proc.stderr.read() if proc.poll() is not None and proc.stderr else "")
        yield proc, match.group(1)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_prints_one_line_serves_and_exits_0_on_signal(sig: signal.Signals) -> None:
    with emulator_process() as (proc, base_url):
        with api_client(base_url, "smx_root_dev") as api:
            created = api.post("/webhooks", json={"url": "https://h.example/", "event_types": ["message.bounced"]})
            assert created.status_code == 201
            with httpx.Client(trust_env=False) as keep_alive:  # an idle keep-alive connection must not block exit
                health = keep_alive.get(base_url.removesuffix("/api/v1") + "/_emulator/health").json()["data"]
                assert health["config"] == {
                    "teams": ["smx_root_dev"],
                    "webhook_limit": 10,
                    "rate_limit": 600,
                    "time_scale": 1.0,
                    "signature_v2": True,
                    "ca_file": None,
                    "deliver_anywhere": False,
                    "fault_rate": 0.0,
                    "fault_kinds": ["500", "503", "429", "drop"],
                    "fault_seed": 0,
                }
                proc.send_signal(sig)
                assert proc.wait(15) == 0
        out, err = proc.communicate()
        assert out == ""  # nothing after the listening line
        assert "Traceback" not in err


def test_flags_change_behaviour(tmp_path: Path) -> None:
    ca_file = tmp_path / "ca.pem"
    ca_file.write_text("not used until a delivery\n")
    flags = [
        "--api-key=smx_root_a=acme",
        "--api-key",
        "smx_root_b=acme",
        "--readonly-api-key=smx_root_ro=acme",
        "--no-webhook-api-key=smx_root_billing=acme",
        "--webhook-limit=1",
        "--rate-limit=4",
        "--time-scale=0.5",
        "--no-signature-v2",
        f"--ca-file={ca_file}",
        "--deliver-anywhere",
        "--fault-rate=0",
        "--fault-kinds=500, drop",
        "--fault-seed=3",
    ]
    with emulator_process(*flags) as (proc, base_url):
        with (
            api_client(base_url, "smx_root_a") as a,
            api_client(base_url, "smx_root_b") as b,
            api_client(base_url, "smx_root_ro") as ro,
            api_client(base_url, "smx_root_billing") as billing,
            api_client(base_url, "smx_root_dev") as default,
        ):
            webhook = a.post("/webhooks", json={"url": "https://h.example/", "event_types": ["sendmux.test"]})
            assert webhook.status_code == 201
            assert b.get(f"/webhooks/{webhook.json()['data']['id']}").status_code == 200  # same team
            assert (
                b.post("/webhooks", json={"url": "https://i.example/", "event_types": ["sendmux.test"]}).status_code
                == 409
            )
            assert ro.delete(f"/webhooks/{webhook.json()['data']['id']}").status_code == 403
            assert billing.get("/webhooks").status_code == 403  # a valid key, but no webhook.read
            assert default.get("/webhooks").status_code == 401  # an explicit --api-key replaces the default
            assert a.get("/webhooks").headers["x-ratelimit-limit"] == "4"
        health = httpx.get(base_url.removesuffix("/api/v1") + "/_emulator/health", trust_env=False).json()["data"]
        assert health["config"] == {
            "teams": ["acme"],
            "webhook_limit": 1,
            "rate_limit": 4,
            "time_scale": 0.5,
            "signature_v2": False,
            "ca_file": str(ca_file),
            "deliver_anywhere": True,
            "fault_rate": 0.0,
            "fault_kinds": ["500", "drop"],
            "fault_seed": 3,
        }
        proc.terminate()
        assert proc.wait(15) == 0


def test_bad_flags_exit_2_with_a_reason() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sendmux_emulator", "--fault-kinds=500,boom"], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2
    assert "fault_kinds" in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--fault-rate=2"], "fault_rate"),
        (["--time-scale=0"], "time_scale"),
        (["--api-key=sk_live_x"], "smx_root_"),
        (["--ca-file=/nonexistent.pem"], "ca_file"),
        (["--rate-limit=0"], "rate_limit"),
        (["--webhook-limit=-1"], "webhook_limit"),
        (["--port=http"], "--port"),
    ],
)
def test_every_invalid_value_is_refused(flags: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(flags)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_taken_port_returns_1(sendmux_emulator: RunningEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    port = sendmux_emulator.base_url.split(":")[2].split("/")[0]
    assert main(["--port", port]) == 1
    assert "cannot listen on 127.0.0.1:" in capsys.readouterr().err


def test_console_script_help_lists_every_flag() -> None:
    script = Path(sys.executable).with_name("sendmux-emulator")
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0
    for flag in [
        "--host",
        "--port",
        "--api-key",
        "--readonly-api-key",
        "--no-webhook-api-key",
        "--webhook-limit",
        "--rate-limit",
        "--time-scale",
        "--no-signature-v2",
        "--ca-file",
        "--deliver-anywhere",
        "--fault-rate",
        "--fault-kinds",
        "--fault-seed",
    ]:
        assert flag in result.stdout


def test_without_the_emulator_extra_the_command_says_how_to_install_it_in_one_line() -> None:
    import subprocess
    import sys

    blocked = "import sys; sys.modules['uvicorn'] = None; sys.modules['starlette'] = None\n"
    run = "from sendmux_emulator.__main__ import main; sys.exit(main(['--port', '0']))"
    done = subprocess.run([sys.executable, "-c", blocked + run], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "sendmux-emulator: the Sendmux emulator needs the emulator extra (starlette, uvicorn missing): "
        "pip install 'sendmux[emulator]'"
    ]
    imported = subprocess.run(
        [sys.executable, "-c", blocked + "from sendmux_emulator import run_in_thread"], capture_output=True, text=True
    )
    assert imported.stderr.strip().splitlines()[-1] == (
        "ImportError: the Sendmux emulator needs the emulator extra (starlette, uvicorn missing): "
        "pip install 'sendmux[emulator]'"
    )
