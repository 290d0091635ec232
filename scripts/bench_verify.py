"""What verifying a delivery costs, next to the Standard Webhooks reference library and a bare hmac.

Run by scripts/bench.py in its clean virtualenv (only what `pip install .` brings), with `standardwebhooks`
importable from a side directory given as the first argument; the targets go to the JSON file named by the
second. Every function runs in every round, one after the other; a time is the median over the rounds of
the CPU time per call, a ratio the median of the per-round ratios.

* bare hmac: `hmac.new(key, body, sha256).hexdigest()` + `compare_digest`, key already bytes and the hex
  already cut out of its header: the floor of any check;
* signature checks: everything `verify_webhook` does before parsing (arguments, the three headers looked up
  case-insensitively with repeats detected, formats, the HMAC, the comparison);
* verify_webhook: the whole public call, which returns the typed event, on a delivery with the plain signature
  only, and on the real delivery, which carries all three signature headers: there the timestamped signature's
  HMAC holds, so the plain one's is not computed (require_timestamp=True, as a receiver of it passes);
* standardwebhooks: `Webhook.verify` with the same headers around its own three, which checks one HMAC and a
  timestamp and returns `json.loads` of the body (svix-python ships this code).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from sendmux import sign_webhook, verify_webhook
from sendmux._verify import parse_event, verified_body

sys.path.append(sys.argv[1])
from bench_targets import Target, median_ratio
from standardwebhooks import Webhook

SECRET = "whsec_" + "k3y" * 11
REFERENCE = Webhook("whsec_" + base64.b64encode(b"k3y" * 11).decode())


def event_body(recipients: int) -> bytes:
    data = {
        "message_id": "0100018f-provider-id",
        "message_id_kind": "provider",
        "sendmux_message_id": "msg_cl9x2b7k40000qzrmn1c4d5f2",
        "sender": "sender@example.com",
        "recipients": [f"recipient-{n:04d}@example.com" for n in range(recipients)],
        "mailbox_id": None,
        "bounce_type": "Permanent",
        "bounce_subtype": "General",
        **dict.fromkeys(["complaint_type", "complaint_subtype", "reject_reason", "delay_type", "delay_expires_at"]),
        "is_spam": None,
        "webhook_id": None,
    }
    event = {
        "id": "evt_cl9x2b7k40000qzrmn1c4d5e9",
        "type": "message.bounced",
        "team_public_id": "team_cl9x2b7k40000qzrmn1c4d5f1",
        "occurred_at": "2026-04-23T10:15:30Z",
        "data": data,
    }
    return json.dumps(event).encode()


def server_headers(body: bytes, signed: dict[str, str], *, server: bool = True) -> dict[str, str]:
    """Sendmux's headers with ``signed``, and with ``server`` the ones a web server adds: what a handler sees."""
    sendmux = {
        "Content-Type": "application/json",
        "X-Sendmux-Event-Id": "evt_cl9x2b7k40000qzrmn1c4d5e9",
        "X-Sendmux-Event-Type": "message.bounced",
        "X-Sendmux-Delivery-Attempt": "1",
        **signed,
    }
    if not server:
        return sendmux
    around = {"Host": "hooks.example.com", "User-Agent": "Sendmux-Webhooks/1.0", "Content-Length": str(len(body))}
    return {**around, "Accept-Encoding": "gzip", "X-Forwarded-For": "203.0.113.7", "X-Request-Id": "c0ffee", **sendmux}


def reference_headers(body: bytes) -> dict[str, str]:
    """The same server's headers around Standard Webhooks' own three, signed for now."""
    stamp = datetime.datetime.now(datetime.UTC)
    signature = REFERENCE.sign("evt_cl9x2b7k40000qzrmn1c4d5e9", stamp, body.decode())
    own = {"webhook-id": "evt_cl9x2b7k40000qzrmn1c4d5e9", "webhook-timestamp": str(int(stamp.timestamp()))}
    headers = server_headers(body, {**own, "webhook-signature": signature})
    del headers["X-Sendmux-Event-Id"], headers["X-Sendmux-Event-Type"]
    return headers


def cases(body: bytes) -> dict[str, Callable[[], object]]:
    key = SECRET.encode()
    signed = sign_webhook(body, SECRET)
    hex_signature = signed["X-Sendmux-Signature"].removeprefix("sha256=")
    server, reference = server_headers(body, signed), reference_headers(body)
    stamped = server_headers(body, sign_webhook(body, SECRET, timestamp=int(time.time())))
    own, multi = server_headers(body, signed, server=False), httpx.Headers(server)

    def checks(headers: Any) -> Callable[[], object]:  # the keywords spelled out, as verify_webhook passes them
        return lambda: verified_body(body, headers, SECRET, tolerance=300, require_timestamp=False)

    return {
        "bare": lambda: hmac.compare_digest(hmac.new(key, body, hashlib.sha256).hexdigest(), hex_signature),
        "checks": checks(server),
        "checks-own": checks(own),
        "checks-httpx": checks(multi),
        "parse": lambda: parse_event(body),
        "verify": lambda: verify_webhook(body, server, SECRET),
        "verify-stamped": lambda: verify_webhook(body, stamped, SECRET, require_timestamp=True),
        "reference": lambda: REFERENCE.verify(body, reference),
    }


def measure(funcs: dict[str, Callable[[], object]], rounds: int, calls: int) -> dict[str, list[float]]:
    """CPU microseconds per call of each function, one sample per round, the functions interleaved."""
    samples: dict[str, list[float]] = {name: [] for name in funcs}
    for func in funcs.values():
        for _ in range(calls):  # warm up caches, and check that each call succeeds
            func()
    for _ in range(rounds):
        for name, func in funcs.items():
            start = time.process_time_ns()
            for _ in range(calls):
                func()
            samples[name].append((time.process_time_ns() - start) / calls / 1000)
    return samples


def main() -> None:
    small, large = event_body(18), event_body(2200)
    rounds, calls = 101, 300
    print(f"  measuring a {len(small):,}-byte event: {rounds} rounds x {calls} calls of each...", flush=True)
    s = measure(cases(small), rounds, calls)
    us = {name: statistics.median(values) for name, values in s.items()}
    rows = [
        ("bare hmac + compare_digest", "bare", ""),
        ("signature checks, dict of 11 headers", "checks", "bare"),
        ("signature checks, Sendmux's 5 headers", "checks-own", "bare"),
        ("signature checks, httpx.Headers (multi-value)", "checks-httpx", "bare"),
        ("parse: json.loads + typed event", "parse", ""),
        ("verify_webhook: checks + typed event", "verify", "reference"),
        ("verify_webhook, all three signature headers", "verify-stamped", "reference"),
        ("standardwebhooks Webhook.verify (a dict)", "reference", ""),
    ]
    for label, name, base in rows:
        against = {"bare": "bare hmac", "reference": "standardwebhooks"}.get(base, "")
        ratio = f"   {median_ratio(s[name], s[base]):5.2f}x {against}" if base else ""
        print(f"  {label:48s} {us[name]:7.2f} us{ratio}")

    names = {"verify": "sendmux verify_webhook (typed event)", "verify-stamped": "the same, all three headers"}
    names |= {"reference": "standardwebhooks Webhook.verify", "bare": "bare hmac, no parsing"}
    print(f"  measuring a {len(large):,}-byte event: 31 rounds x 20 calls of each...", flush=True)
    large_cases = cases(large)
    big = measure({name: large_cases[name] for name in names}, 31, 20)
    print("\n  deliveries verified per second on one core:")
    print(f"  {'':44s} {f'{len(small):,} B':>10s} {f'{len(large):,} B':>10s}")
    for name, label in names.items():
        per_second = [1e6 / statistics.median(samples[name]) for samples in (s, big)]
        print(f"  {label:44s} {per_second[0]:10,.0f} {per_second[1]:10,.0f}")

    targets = [
        Target("signature checks, 1 KB, dict of 11 headers", median_ratio(s["checks"], s["bare"]), 1.3, "bare hmac"),
        Target(
            "verify_webhook with its typed event, 1 KB",
            median_ratio(s["verify"], s["reference"]),
            1.0,
            "standardwebhooks Webhook.verify",
        ),
        Target(
            "verify_webhook with its typed event, 1 KB, all three signature headers (the real delivery)",
            median_ratio(s["verify-stamped"], s["reference"]),
            1.0,
            "standardwebhooks Webhook.verify",
        ),
    ]
    Path(sys.argv[2]).write_text(json.dumps([target.to_dict() for target in targets]))


if __name__ == "__main__":
    main()
