"""The README's "Developing a receiver locally" runs as written: its files are written to an empty folder, and
its ``sh run`` blocks run there with bash in one shell, the script twice in a row and then the tests (the ports
8025 and 8000 swapped for free ones, so parallel runs cannot collide). The receiver it builds gets a delivery
that verifies on each run, with the same secret, and passes its own tests although the shell exported the
secret listen printed."""

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
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDMUX_")}  # XDG_CONFIG_HOME: the test's
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    walkthrough, tests = scripts
    for old, new in ports.items():
        walkthrough = walkthrough.replace(old, new)
    one_shell = f"{walkthrough}\necho '--- again'\n{walkthrough}\necho '--- tests'\n{tests}"
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", one_shell],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_LIMIT,
        check=False,
    )
    assert done.returncode == 0, f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    first, again, tested = re.split(r"^--- (?:again|tests)$", done.stdout, flags=re.MULTILINE)
    secrets = []
    for run in (first, again):
        match = re.search(r"^Ready\. Webhook signing secret: (whsec_[0-9a-f]{64}) ", run, re.MULTILINE)
        assert match, run
        secrets.append(match[1])
        assert f"-> [200] POST http://localhost:{ports['8000']}/webhooks  ok" in run  # verified by the receiver
    assert secrets[0] == secrets[1]  # the second run's listen signs with the secret of the first
    assert "suppress ['gone@example.com']" in (tmp_path / "receiver.log").read_text(encoding="utf-8")
    assert "Deleted webhook whk_" in (tmp_path / "listen.log").read_text(encoding="utf-8")
    assert "4 passed" in tested
