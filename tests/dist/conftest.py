"""The wheel's tests install from PyPI into a fresh venv, so they run under `make dist` (which sets SENDMUX_DIST to
what it built), not under `make test`, whose tests reach nothing beyond loopback."""

from __future__ import annotations

import os

collect_ignore = [] if os.environ.get("SENDMUX_DIST") else ["test_wheel.py"]
