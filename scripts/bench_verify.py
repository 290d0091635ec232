"""What `verify_webhook` costs next to a bare `hmac` check of the same ~1 KB body (target <= 1.2x).

Interleaved in every round, reported as the median per call over the rounds:

* bare: `hmac.new(key, body, sha256).hexdigest()` and `hmac.compare_digest`, with the key already bytes;
* signature checks: all `verify_webhook` does before parsing (arguments, the three headers looked up
  case-insensitively with duplicates detected, formats, the HMAC, the comparison) — what the target is about;
  with the headers a server hands over (a dict of 11), Sendmux's own 5, and Starlette's `request.headers`;
* parse: `json.loads`, the generated `from_dict` and the type checks, which any receiver reading the event pays;
* verify_webhook: the whole public call.

Also the timestamped scheme, which computes two HMACs by construction. Prints; asserts nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from starlette.datastructures import Headers

from sendmux import sign_webhook, verify_webhook
from sendmux._events import parse_event
from sendmux._verify import verified_body

SECRET = "whsec_" + "k3y" * 11
ROUNDS = 201
CALLS = 500

EVENT: dict[str, Any] = {
    "id": "evt_cl9x2b7k40000qzrmn1c4d5e9",
    "type": "message.bounced",
    "team_public_id": "team_cl9x2b7k40000qzrmn1c4d5f1",
    "occurred_at": "2026-04-23T10:15:30Z",
    "data": {
        "message_id": "0100018f-provider-id",
        "message_id_kind": "provider",
        "sendmux_message_id": "msg_cl9x2b7k40000qzrmn1c4d5f2",
        "sender": "sender@example.com",
        "recipients": [f"recipient-{n:02d}@example.com" for n in range(18)],
        "mailbox_id": None,
        "bounce_type": "Permanent",
        "bounce_subtype": "General",
        "complaint_type": None,
        "complaint_subtype": None,
        "reject_reason": None,
        "delay_type": None,
        "delay_expires_at": None,
        "is_spam": None,
        "webhook_id": None,
    },
}
BODY = json.dumps(EVENT).encode()


def headers_for(signed: dict[str, str], *, server: bool = True) -> dict[str, str]:
    """Sendmux's headers, and with ``server`` the ones a web server adds, as a receiver's framework sees them."""
    sendmux = {
        "Content-Type": "application/json",
        "X-Sendmux-Event-Id": str(EVENT["id"]),
        "X-Sendmux-Event-Type": str(EVENT["type"]),
        "X-Sendmux-Delivery-Attempt": "1",
        **signed,
    }
    if not server:
        return sendmux
    return {
        "Host": "hooks.example.com",
        "User-Agent": "Sendmux-Webhooks/1.0",
        "Content-Length": str(len(BODY)),
        "Accept-Encoding": "gzip",
        "X-Forwarded-For": "203.0.113.7",
        "X-Request-Id": "c0ffee",
        **sendmux,
    }


def median_per_call(funcs: dict[str, Callable[[], object]]) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in funcs}
    for func in funcs.values():  # warm up caches and the regexes
        for _ in range(CALLS):
            func()
    for _ in range(ROUNDS):
        for name, func in funcs.items():
            start = time.perf_counter_ns()
            for _ in range(CALLS):
                func()
            samples[name].append((time.perf_counter_ns() - start) / CALLS / 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    key = SECRET.encode()
    signature = sign_webhook(BODY, SECRET)
    server = headers_for(signature)
    own = headers_for(signature, server=False)
    starlette = Headers(headers=server)
    stamped = headers_for(sign_webhook(BODY, SECRET, timestamp=int(time.time())))
    hex_signature = signature["X-Sendmux-Signature"].removeprefix("sha256=")
    stamp = stamped["X-Sendmux-Timestamp"].encode()
    hex_v2 = stamped["X-Sendmux-Signature-V2"].removeprefix("v1=")

    def bare() -> bool:
        return hmac.compare_digest(hmac.new(key, BODY, hashlib.sha256).hexdigest(), hex_signature)

    def bare_twice() -> bool:
        v2 = hmac.new(key, stamp + b"." + BODY, hashlib.sha256).hexdigest()
        return bare() and hmac.compare_digest(v2, hex_v2)

    def checks(headers: object, **kwargs: object) -> Callable[[], object]:
        options = {"tolerance": 300, "require_timestamp": False, **kwargs}
        return lambda: verified_body(BODY, headers, SECRET, **options)  # type: ignore[arg-type]

    t = median_per_call(
        {
            "bare": bare,
            "checks": checks(server),
            "checks-own": checks(own),
            "checks-starlette": checks(starlette),
            "parse": lambda: parse_event(BODY),
            "verify": lambda: verify_webhook(BODY, server, SECRET),
            "bare2": bare_twice,
            "checks2": checks(stamped, require_timestamp=True),
        }
    )
    rows = [
        ("bare hmac + compare_digest", t["bare"], t["bare"], ""),
        ("signature checks, dict of 11 headers", t["checks"], t["bare"], "  (target <= 1.20x)"),
        ("signature checks, Sendmux's 5 headers", t["checks-own"], t["bare"], ""),
        ("signature checks, Starlette Headers", t["checks-starlette"], t["bare"], ""),
        ("parse: json + from_dict + type checks", t["parse"], t["bare"], ""),
        ("verify_webhook, checks + parse", t["verify"], t["bare"], ""),
        ("timestamped: two bare hmacs", t["bare2"], t["bare2"], ""),
        ("timestamped: signature checks", t["checks2"], t["bare2"], "  (vs two bare hmacs)"),
    ]
    print(f"  body {len(BODY)} bytes; median of {ROUNDS} rounds x {CALLS} calls")
    for label, value, base, note in rows:
        print(f"  {label:40s} {value:6.2f} us   {value / base:5.2f}x{note}")


if __name__ == "__main__":
    main()
