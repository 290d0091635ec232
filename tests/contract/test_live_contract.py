"""`make contract` against the emulator: clean on the real spec, and able to notice drift."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
READY = "Sendmux emulator listening on "


@pytest.fixture(scope="module")
def emulator_url() -> Iterator[str]:
    """An emulator in its own process, roomy enough for schemathesis' hundreds of creates."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "sendmux_emulator", "--port=0", "--webhook-limit=100000", "--rate-limit=100000000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line.startswith(READY), line
    yield line[len(READY) :]
    proc.terminate()
    proc.wait(timeout=10)


def contract(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "contract.py"), "--api-key", "smx_root_dev", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_emulator_honours_the_contract(emulator_url: str) -> None:
    done = contract("--base-url", emulator_url, "--max-examples", "10")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "contract: schemathesis clean, recorded requests clean" in done.stdout
    for operation in ("createWebhook", "getWebhookDeliveryPayload", "rotateWebhookSecret", "testWebhook"):
        assert f"   {operation}" in done.stdout


def test_drift_between_spec_and_server_is_reported_per_operation(emulator_url: str, tmp_path: Path) -> None:
    """A spec that promises a field the server never sends must fail, naming the operations it shows up in."""
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    subscription = spec["components"]["schemas"]["WebhookSubscription"]
    subscription["required"].append("colour")
    subscription["properties"]["colour"] = {"type": "string"}
    drifted = tmp_path / "openapi.yaml"
    drifted.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")

    done = contract("--base-url", emulator_url, "--spec", str(drifted), "--skip-schemathesis")
    assert done.returncode == 1, done.stdout[-3000:]
    assert "recorded requests FOUND DIFFERENCES" in done.stdout
    for operation in ("getWebhook", "listWebhooks", "updateWebhook", "createWebhook"):
        assert re.search(rf"{operation}\s+\d+ answers\s+\d+ DIFFER", done.stdout), done.stdout[-3000:]
    assert "colour" in done.stdout
    assert re.search(r"deleteWebhook\s+\d+ answers\s+ok", done.stdout)
