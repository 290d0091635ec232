"""Parsing flag values (each error names its flag through argparse), the errors a command prints in one line, and
where the command points: the local emulator (a loopback ``SENDMUX_BASE_URL``) or Sendmux."""

from __future__ import annotations

import argparse
import ipaddress
import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "CommandError",
    "Target",
    "UsageError",
    "event_types",
    "http_url",
    "https_url",
    "port",
    "target",
    "whsec",
]

DEFAULT_BASE_URL = "https://app.sendmux.ai/api/v1"
START_EMULATOR = "start one with `sendmux-emulator --port 8025`, or point SENDMUX_BASE_URL at yours"


class CommandError(Exception):
    """What went wrong and what to do, printed as one line; ``status`` is the exit status."""

    status = 1


class UsageError(CommandError):
    """A missing setting or a flag that does not fit the target; the message names it."""

    status = 2


def http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.username is not None or parts.password is not None:  # the URL itself is not echoed: it holds them
        raise argparse.ArgumentTypeError(
            "a URL with a user name or password is refused: it would be sent with every request and shown in logs"
        )
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"expected an absolute http:// or https:// URL, got {value!r}")
    return value


def https_url(value: str) -> str:
    if not http_url(value).lower().startswith("https://"):
        raise argparse.ArgumentTypeError(f"expected an https:// URL (Sendmux delivers over https only), got {value!r}")
    return value


def port(value: str) -> int:
    if not value.isdigit() or not 0 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got {value!r}")
    return int(value)


def whsec(value: str) -> str:
    if (
        not value.startswith("whsec_")
        or len(value) < 8
        or not (value.isascii() and value.isprintable())
        or " " in value
    ):
        raise argparse.ArgumentTypeError("expected a whole signing secret, whsec_… (printable ASCII, no spaces)")
    return value


def event_types(value: str, *, one: bool = False) -> Any:
    from .._event_examples import EVENT_TYPES  # generated from openapi.yaml

    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in EVENT_TYPES]
    if not names or unknown or (one and len(names) != 1):
        raise argparse.ArgumentTypeError(f"unknown event type {value!r}; known: {', '.join(EVENT_TYPES)}")
    return names[0] if one else list(dict.fromkeys(names))


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

    def control(self, method: str, path: str, *, timeout: float = 30.0, **kwargs: Any) -> Any:
        """Call one of the emulator's control routes; its ``data``, or a ``CommandError`` saying what failed."""
        import httpx

        headers = self.control_headers()
        try:
            with httpx.Client(base_url=self.control_url, headers=headers, trust_env=False, timeout=timeout) as http:
                answer = http.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise CommandError(f"no emulator answered at {self.control_url} ({exc!s}): {START_EMULATOR}") from None
        try:
            body = answer.json()
            if body["ok"]:
                return body["data"]
            problem = body["error"]
        except (ValueError, KeyError, TypeError):
            raise CommandError(f"{self.control_url}{path} answered {answer.status_code}, not as an emulator") from None
        details = "; ".join(f"{i.get('field')}: {i.get('message')}" for i in problem.get("errors") or [])
        raise CommandError(f"the emulator refused: {problem.get('message')}" + (f" ({details})" if details else ""))

    def require_key(self) -> str:
        if not self.api_key:
            raise UsageError(
                "SENDMUX_API_KEY is not set: export it (it is read from the environment only, never a flag)"
            )
        return self.api_key


def target() -> Target:
    base_url = os.environ.get("SENDMUX_BASE_URL") or DEFAULT_BASE_URL
    return Target(base_url, os.environ.get("SENDMUX_API_KEY") or None, os.environ.get("SENDMUX_EMULATOR_TOKEN") or None)
