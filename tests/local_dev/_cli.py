"""Running the ``sendmux-webhooks`` console script as a user would, in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

COMMAND = str(Path(sys.executable).with_name("sendmux-webhooks"))


def env_for(base_url: str, **extra: str) -> dict[str, str]:
    """This environment without any SENDMUX_ setting, pointed at ``base_url`` (the conftest gives each test a
    config folder of its own, so listen's secret and machine id are the test's)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDMUX_")}
    return {**env, "SENDMUX_BASE_URL": base_url, "PYTHONUNBUFFERED": "1", **extra}


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([COMMAND, *args], env=env, capture_output=True, text=True, timeout=120, check=False)


def start(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([COMMAND, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
