"""The README's "Developing a receiver locally" runs as written: its files are written to an empty folder, its
``sh run`` blocks run there in order with bash (the ports 8025 and 8000 swapped for free ones, so parallel runs
cannot collide), and the receiver it builds gets a delivery that verifies and passes its own tests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = re.compile(r"^### Developing a receiver locally.*?(?=^## )", re.DOTALL | re.MULTILINE)
BLOCK = re.compile(r"^```(python file=(\S+)|sh run)\n(.*?)^```$", re.DOTALL | re.MULTILINE)
RUN_LIMIT = 180.0
"""Far beyond what the blocks take, so only a hang reaches it."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_the_receiving_walkthrough_runs_as_written(tmp_path: Path) -> None:
    section = SECTION.search(README.read_text(encoding="utf-8"))
    assert section, "the README lost its local receiver walkthrough"
    blocks = BLOCK.findall(section.group(0))
    files = {name: text for kind, name, text in blocks if kind.startswith("python")}
    scripts = [text for kind, _, text in blocks if kind == "sh run"]
    assert set(files) == {"receiver.py", "conftest.py", "test_receiver.py"} and len(scripts) == 2
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")

    ports = {"8025": str(_free_port()), "8000": str(_free_port())}
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDMUX_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    outputs = []
    for script in scripts:
        for old, new in ports.items():
            script = script.replace(old, new)
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=RUN_LIMIT,
            check=False,
        )
        assert done.returncode == 0, f"{script}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
        outputs.append(done.stdout)

    walkthrough, tests = outputs
    assert "suppress ['gone@example.com']" in walkthrough  # the receiver verified the forwarded delivery
    assert re.search(r"^Ready\. Webhook signing secret: whsec_[0-9a-f]{64} ", walkthrough, re.MULTILINE)
    assert f"-> [200] POST http://localhost:{ports['8000']}/webhooks" in walkthrough
    assert "Deleted webhook whk_" in (tmp_path / "listen.log").read_text(encoding="utf-8")
    assert "4 passed" in tests
