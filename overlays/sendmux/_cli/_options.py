"""Parsing flag values (each error names its flag through argparse), and where the command points: the local
emulator (a loopback ``SENDMUX_BASE_URL``) or Sendmux."""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = ["Target", "UsageError", "event_types", "http_url", "https_url", "key_value", "port", "target"]

DEFAULT_BASE_URL = "https://app.sendmux.ai/api/v1"


class UsageError(Exception):
    """A missing setting or a flag that does not fit the target; the message names it."""


def http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"expected an absolute http:// or https:// URL, got {value!r}")
    return value


def https_url(value: str) -> str:
    if not value.startswith("https://") or not urlsplit(value).hostname:
        raise argparse.ArgumentTypeError(f"expected an https:// URL (Sendmux delivers over https only), got {value!r}")
    return value


def port(value: str) -> int:
    if not value.isdigit() or not 0 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got {value!r}")
    return int(value)


def event_types(value: str, *, one: bool = False) -> Any:
    from .._event_examples import EVENT_TYPES  # generated from openapi.yaml

    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in EVENT_TYPES]
    if not names or unknown or (one and len(names) != 1):
        raise argparse.ArgumentTypeError(f"unknown event type {value!r}; known: {', '.join(EVENT_TYPES)}")
    return names[0] if one else list(dict.fromkeys(names))


def key_value(value: str) -> tuple[str, Any]:
    from .._event_examples import DATA_KEYS

    key, sep, text = value.partition("=")
    if not sep or key.strip() not in DATA_KEYS:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE with KEY one of {', '.join(DATA_KEYS)}, got {value!r}")
    try:
        parsed: Any = json.loads(text)
    except ValueError:
        parsed = text
    return key.strip(), parsed


def _is_loopback(host: str) -> bool:
    if host.rstrip(".").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Target:
    """Where the command talks to, from the environment."""

    base_url: str
    api_key: str | None
    emulator_token: str | None

    @property
    def is_emulator(self) -> bool:
        return _is_loopback(urlsplit(self.base_url).hostname or "")

    @property
    def control_url(self) -> str:
        return self.base_url.rstrip("/").rsplit("/api/", 1)[0] + "/_emulator"

    def control_headers(self) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        if self.emulator_token:
            headers["X-Emulator-Token"] = self.emulator_token
        return headers

    def require_key(self) -> str:
        if not self.api_key:
            raise UsageError(
                "SENDMUX_API_KEY is not set: export it (it is read from the environment only, never a flag)"
            )
        return self.api_key


def target() -> Target:
    base_url = os.environ.get("SENDMUX_BASE_URL") or DEFAULT_BASE_URL
    return Target(base_url, os.environ.get("SENDMUX_API_KEY") or None, os.environ.get("SENDMUX_EMULATOR_TOKEN") or None)
