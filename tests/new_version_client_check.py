"""Run in a scratch copy after the vendor-style 1.1 + kitchen-sink spec went through `make generate`
(tests/test_new_version_loop.py): on that copy's emulator, at ``BASE_URL`` with key ``KEY`` (the test starts it once
for this and for `make record`), calls every new operation through the regenerated public client and round-trips
the new `retry_policy` field, then prints what it saw as JSON.

    python new_version_client_check.py BASE_URL KEY
"""

from __future__ import annotations

import json
import sys

from sendmux import BinaryResponse, Sendmux

base_url, key = sys.argv[1], sys.argv[2]
with Sendmux(api_key=key, base_url=base_url) as client:
    hook = client.webhooks.create(url="https://hooks.example.com/loop", event_types=["message.deferred"],
                                  retry_policy="aggressive")  # fmt: skip
    got = client.webhooks.get(hook.id)
    updated = client.webhooks.update(hook.id, retry_policy="none")
    blob = client.exports.get_file("exp_1")
    seen = {
        "retry_policy": [str(hook.retry_policy), str(got.retry_policy), str(updated.retry_policy)],
        "event_types": client.webhooks.list_event_types(),
        "retried": type(client.webhooks.retry_delivery(hook.id, "dlv_1")).__name__,
        "deleted": type(client.webhooks.delete(hook.id)).__name__,
        "summaries": [type(item).__name__ for item in client.exports.list_summaries()],
        "created": type(client.exports.create(format="csv")).__name__,
        "found": client.exports.search(status=["queued"], ids=["a", "b"]),
        "count": client.exports.count(),
        "delete": client.exports.delete("exp_1"),
        "file": isinstance(blob, BinaryResponse) and len(blob.content) > 0,
        "csv": type(client.exports.get_csv("exp_1")).__name__,
        "event": type(client.exports.get_event("exp_1", "evt_1")).__name__,
        "progress": [type(item).__name__ for item in client.exports.stream_progress("exp_1")],
        "owner": type(client.exports.get_owner("exp_1")).__name__,
        "detail": type(client.exports.get_detail("exp_1")).__name__,
    }
print(json.dumps(seen, default=str))
