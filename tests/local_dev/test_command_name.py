"""The command's name leaves room for Sendmux's own CLI (npm ``@sendmux/cli``, also on Homebrew, snap and
Chocolatey), which installs ``sendmux``: this package installs ``sendmux-webhooks``, also run as
``python -m sendmux``. (``make dist`` checks the built wheel's entry points too.)"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

SENDMUX_S_OWN = {"sendmux", "sendmux-mcp"}  # what Sendmux's packages install


def test_the_package_installs_sendmux_webhooks_and_no_name_of_sendmux_s_own() -> None:
    scripts = {ep.name: ep.value for ep in importlib.metadata.distribution("sendmux").entry_points}
    assert scripts == {"sendmux-webhooks": "sendmux._cli:main", "sendmux-emulator": "sendmux_emulator.__main__:main"}
    assert not SENDMUX_S_OWN & set(scripts)


def test_python_m_sendmux_runs_the_command() -> None:
    done = subprocess.run([sys.executable, "-m", "sendmux", "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: sendmux-webhooks [-h] COMMAND")
    assert all(command in done.stdout for command in ("listen", "trigger", "resend", "replay"))
