"""``resend`` and ``replay``: a delivery sent again, found by its event (``resend``) or by its id (``replay``).
Each prints the status of the answer and its first line."""

from __future__ import annotations

import argparse

import httpx

from ._device import machine_id, signing_secret
from ._listen import first_line
from ._options import Target, UsageError, target
from ._webhooks import Delivery, Webhooks, alive, listens_of

__all__ = ["replay", "resend"]


def resend(args: argparse.Namespace) -> int:
    """The newest delivery of the event to the webhook, sent again: by the emulator to the webhook (to listen, and
    on to your receiver), or, with ``--to``, signed here and POSTed there."""
    where = target()
    webhooks = Webhooks(where)
    try:
        hook_id = args.webhook or _running_listen(webhooks)
        found = webhooks.deliveries(hook_id, args.event_id)
        if not found:
            raise UsageError(f"no delivery of {args.event_id} to webhook {hook_id} (deliveries are kept 7 days)")
        if args.to:
            return _post(webhooks, found[0], args.to, _secret(where, args), "Resent")
        if not where.is_emulator:
            raise UsageError("Sendmux has no API that delivers an event again: give --to URL to POST it there yourself")
        attempt = where.control("POST", f"/deliveries/{found[0].id}/resend", json={"wait": True}, timeout=60.0)
    finally:
        webhooks.close()
    status, reply = attempt["response_status"], first_line(attempt["response_body"] or attempt["error_message"] or "")
    shown = f"[{status}]" if status is not None else "[ERR]"
    print(f"Resent {found[0].event_type} {args.event_id} to {hook_id} -> {shown} {reply}".rstrip(), flush=True)
    return 0 if attempt["result"] == "success" else 1


def replay(args: argparse.Namespace) -> int:
    """One delivery attempt's stored body, signed here and POSTed to ``--to``."""
    where = target()
    webhooks = Webhooks(where)
    try:
        delivery = webhooks.find(args.webhook_id, args.delivery_id)
        return _post(webhooks, delivery, args.to, _secret(where, args), "Replayed")
    finally:
        webhooks.close()


def _running_listen(webhooks: Webhooks) -> str:
    running = [hook for hook, pid in listens_of(webhooks.existing(), machine_id()) if alive(pid)]
    if len(running) == 1:
        return running[0]
    if not running:
        raise UsageError("no listen runs on this machine: give --webhook whk_…, or start sendmux-webhooks listen")
    raise UsageError(f"{len(running)} listens run on this machine ({', '.join(running)}): pick one with --webhook")


def _secret(where: Target, args: argparse.Namespace) -> str:
    """--secret, else SENDMUX_WEBHOOK_SECRET's first (newest) secret, else listen's secret on this machine."""
    if args.secret:
        return str(args.secret)
    from ..receiving._router import secret_from_env

    try:
        return secret_from_env()[0]
    except KeyError:
        return signing_secret(where.base_url, where.api_key)


def _post(webhooks: Webhooks, delivery: Delivery, url: str, secret: str, done: str) -> int:
    from ..testing import signed_request

    body, headers = signed_request(webhooks.body(delivery), secret, attempt=delivery.attempt)
    what = f"{done} {delivery.event_type} {delivery.event_id}"
    try:
        answer = httpx.post(url, content=body, headers=headers, timeout=10.0, trust_env=False)
    except httpx.HTTPError as exc:
        print(f"{what} -> [ERR] POST {url}: {type(exc).__name__}: {exc}", flush=True)
        return 1
    reply = first_line(answer.text)
    print(f"{what} -> [{answer.status_code}] POST {url}" + (f"  {reply}" if reply else ""), flush=True)
    return 0 if 200 <= answer.status_code < 300 else 1
