"""``sendmux-emulator subscribe URL``: subscribe a receiver on a running emulator in one step, plain
``http://`` on loopback included (the control route's allowance), with a pinned secret so the receiver can start
with it. It needs only httpx, so it works without the emulator extra too."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

__all__ = ["main"]

DEFAULT_EMULATOR = "http://127.0.0.1:8025"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sendmux-emulator subscribe",
        description=(
            "Subscribe URL on a running emulator: https anywhere, or plain http on a loopback host. Prints the "
            "webhook's id and signing secret; every event of the types given is then delivered to URL, signed."
        ),
        epilog=(
            "The emulator: --emulator, else SENDMUX_BASE_URL's host when it is loopback, else "
            f"{DEFAULT_EMULATOR}. SENDMUX_EMULATOR_TOKEN: its control token, when it is bound beyond loopback."
        ),
    )
    parser.add_argument("url", metavar="URL", help="the receiver, e.g. http://127.0.0.1:8000/webhooks")
    parser.add_argument("--secret", metavar="WHSEC", help="pin the signing secret, whsec_… (default: a new one)")
    parser.add_argument("--events", metavar="TYPE,…", help="only these event types (default: every type)")
    parser.add_argument("--name", help="the webhook's name")
    parser.add_argument("--team", help="the team (default: the first --api-key's)")
    parser.add_argument("--emulator", metavar="URL", help=f"the emulator's address (default: {DEFAULT_EMULATOR})")
    return parser


def _emulator(given: str | None) -> str:
    if given:
        return given.rstrip("/").removesuffix("/api/v1")
    base = os.environ.get("SENDMUX_BASE_URL", "")
    host = urlsplit(base).hostname or ""
    if host in ("localhost", "::1") or host.startswith("127."):
        return base.rstrip("/").rsplit("/api/", 1)[0]
    return DEFAULT_EMULATOR


def main(argv: Sequence[str]) -> int:
    """0 once subscribed; 1 (one line on stderr) when the emulator is not there or refuses."""
    import httpx

    args = build_parser().parse_args(argv)
    body: dict[str, Any] = {"url": args.url}
    if args.events:
        body["event_types"] = [name.strip() for name in args.events.split(",") if name.strip()]
    body |= {key: value for key in ("secret", "name", "team") if (value := getattr(args, key)) is not None}
    root = _emulator(args.emulator)
    token = os.environ.get("SENDMUX_EMULATOR_TOKEN")
    headers = {"X-Emulator-Token": token} if token else {}
    try:
        answer = httpx.post(f"{root}/_emulator/webhooks", json=body, headers=headers, trust_env=False, timeout=30.0)
        reply = answer.json()
    except httpx.HTTPError as exc:
        print(
            f"sendmux-emulator subscribe: no emulator answered at {root} ({exc}): start one with "
            "`sendmux-emulator --port 8025`, or give --emulator",
            file=sys.stderr,
        )
        return 1
    except ValueError:
        print(f"sendmux-emulator subscribe: {root} answered {answer.status_code}, not as an emulator", file=sys.stderr)
        return 1
    if not reply.get("ok"):
        problem = reply.get("error", {})
        details = "; ".join(f"{i.get('field')}: {i.get('message')}" for i in problem.get("errors") or [])
        print(
            f"sendmux-emulator subscribe: {problem.get('message')}" + (f" ({details})" if details else ""),
            file=sys.stderr,
        )
        return 1
    hook = reply["data"]
    print(
        f"Subscribed {hook['url']} as webhook {hook['id']} ({', '.join(hook['event_types'])}); "
        f"signing secret: {hook['secret']}",
        flush=True,
    )
    return 0
