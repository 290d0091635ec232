"""``sendmux trigger``: emit an event on the local emulator through its control route."""

from __future__ import annotations

import argparse

import httpx

from ._options import UsageError, target

__all__ = ["trigger"]


def trigger(args: argparse.Namespace) -> int:
    where = target()
    if not where.is_emulator:
        raise UsageError(
            f"trigger works on the local emulator only; SENDMUX_BASE_URL is {where.base_url} "
            "(set it to the emulator's loopback URL, e.g. http://127.0.0.1:8025/api/v1)"
        )
    body = {"type": args.event_type, "data": dict(args.data)}
    with httpx.Client(base_url=where.control_url, headers=where.control_headers(), trust_env=False) as control:
        try:
            answer = control.post("/events", json=body).json()
        except httpx.HTTPError as exc:
            raise UsageError(f"no emulator answered at {where.control_url}: {exc}") from None
    if not answer.get("ok"):
        problem = answer["error"]
        where_ = (
            f" (--data {problem['param'].removeprefix('data.')})"
            if str(problem.get("param", "")).startswith("data")
            else ""
        )
        raise UsageError(f"{problem['message']}{where_} {problem.get('errors', '')}".rstrip())
    event, webhook_ids = answer["data"]["event"], answer["data"]["webhook_ids"]
    sent_to = ", ".join(webhook_ids) if webhook_ids else "no webhook subscribes to it"
    print(f"Triggered {event['type']} {event['id']} -> {sent_to}", flush=True)
    return 0
