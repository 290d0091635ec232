"""``sendmux replay``: fetch a stored delivery payload, sign it with the secret given and POST it somewhere."""

from __future__ import annotations

import argparse
import json
import os

import httpx

from ._options import UsageError, target

__all__ = ["replay"]


def replay(args: argparse.Namespace) -> int:
    secret = args.secret or os.environ.get("SENDMUX_WEBHOOK_SECRET")
    if not secret:
        raise UsageError("--secret is required (or SENDMUX_WEBHOOK_SECRET): the secret to sign the payload with")
    where = target()
    from .. import NotFoundError, Sendmux
    from ..testing import signed_request

    with Sendmux(api_key=where.require_key(), base_url=where.base_url) as client:
        try:
            raw = client.webhooks.with_raw_response.get_delivery_payload(args.webhook_id, args.delivery_id)
        except NotFoundError as exc:
            raise UsageError(
                f"no stored payload for WEBHOOK_ID {args.webhook_id} DELIVERY_ID {args.delivery_id}: {exc.message}"
            ) from None
    payload = json.loads(raw.http_response.content)["data"]["payload"]  # as stored, not re-typed and re-dumped
    body, headers = signed_request(payload, secret, attempt=raw.data.delivery_attempt)
    try:
        answer = httpx.post(args.to, content=body, headers=headers, timeout=10.0, trust_env=False)
    except httpx.HTTPError as exc:
        print(f"Replayed {payload['type']} {payload['id']} -> [ERR] POST {args.to}: {exc}", flush=True)
        return 1
    print(f"Replayed {payload['type']} {payload['id']} -> [{answer.status_code}] POST {args.to}", flush=True)
    return 0 if 200 <= answer.status_code < 300 else 1
