"""What a webhook receiver loads: `from sendmux import verify_webhook, ...` must not bring in an HTTP stack.

Each check runs in a fresh interpreter, so nothing this test session imported can hide a load.
"""

from __future__ import annotations

import json
import subprocess
import sys

from .deliveries import event_body

RECEIVING = "from sendmux import verify_webhook, sign_webhook, WebhookEvent, WebhookVerificationError"
HTTP_STACK = ("httpx", "httpcore", "anyio", "h11", "ssl", "sendmux_client.api", "sendmux._client", "sendmux._core")


def loaded_after(code: str) -> set[str]:
    report = "import json, sys; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", f"{code}\n{report}"], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.splitlines()[-1]))


def under(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in packages))


def test_the_receiving_import_loads_no_http_stack_and_no_generated_code() -> None:
    loaded = loaded_after(RECEIVING)
    assert "sendmux._verify" in loaded
    assert under(loaded, HTTP_STACK) == []
    assert under(loaded, ("sendmux_client", "attrs", "attr")) == []  # the models load with the first event


def test_verifying_an_event_loads_the_models_but_still_no_http_stack() -> None:
    body = event_body(id="evt_1")
    code = f"{RECEIVING}\nb = {body!r}\nassert verify_webhook(b, sign_webhook(b, 'whsec_x'), 'whsec_x').id == 'evt_1'"
    loaded = loaded_after(code)
    assert "sendmux_client.models.webhook_event_payload" in loaded
    assert under(loaded, HTTP_STACK) == []


def test_the_client_still_loads_on_first_use() -> None:
    loaded = loaded_after("import sendmux\nsendmux.Sendmux")
    assert {"httpx", "sendmux._client"} <= loaded
