"""Spec changes written in the vendor's house style reach the client through the generator alone. The fixture
(tests/specdiff/fixtures/make_vendor_fixtures.py, a 1.1 of openapi.yaml) adds a new event type, an inline
`retry_policy` enum, `retryWebhookDelivery` answering 202 with inline data, `listWebhookEventTypes` with an
inline array of strings, and `deleteWebhook` with inline data: it generates with no change outside the spec and
generated/, and every change reaches `client.webhooks`, sync, async and raw, typed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests import cached_mypy
from tests.specdiff.conftest import ROOT, regenerated_once, rehearsal, run_python

VENDOR_1_1 = rehearsal("openapi-1.1-vendor.yaml")
DRIVER = Path(__file__).resolve().parent / "drive_examples.py"
CALLS = [
    "webhooks.list_event_types()",
    "webhooks.retry_delivery('whk_1', 'dlv_1')",
    "webhooks.delete('whk_1')",
    "webhooks.create(url='https://example.com/h', event_types=['message.deferred'], retry_policy='aggressive')",
    "webhooks.update('whk_1', retry_policy='none')",
]


@pytest.fixture(scope="session")
def vendor_1_1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return regenerated_once(VENDOR_1_1, tmp_path_factory)


def drive(tree: Path) -> dict[str, Any]:
    done = run_python(str(DRIVER), str(VENDOR_1_1), json.dumps(CALLS), first_on_path=tree)
    assert done.returncode == 0, done.stderr[-4000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_every_change_reaches_the_client_sync_async_and_raw(vendor_1_1: Path) -> None:
    seen = drive(vendor_1_1)
    assert seen["sync"] == seen["async"]
    event_types, retried, deleted, created, updated, *raw = seen["sync"]
    assert event_types[-1] == "message.deferred" and all(isinstance(name, str) for name in event_types)  # (d), (a)
    assert retried["RetryWebhookDeliveryData"]["status"] == {"RetryWebhookDeliveryDataStatus": "queued"}  # (c)
    assert deleted == {"DeleteWebhookData": {"deleted": True, "id": "whk_cl9x2b7k40000qzrmn1c4d5e6", "extra": {}}}
    assert "WebhookSubscriptionWithSecret" in created and "WebhookSubscription" in updated
    assert [answer["status"] for answer in raw] == [200, 202, 200, 201, 200]
    assert [answer["data"] for answer in raw] == [event_types, retried, deleted, created, updated]
    sent = {(s["call"], json.dumps(s["json"]), s["idempotency_key"]) for s in seen["sent"]}
    assert sent == {
        ("GET /api/v1/webhooks/event-types", "null", False),
        ("POST /api/v1/webhooks/whk_1/deliveries/dlv_1/retry", "null", True),
        ("DELETE /api/v1/webhooks/whk_1", "null", False),
        ("POST /api/v1/webhooks",
         '{"url": "https://example.com/h", "event_types": ["message.deferred"], "retry_policy": "aggressive"}', True),
        ("PATCH /api/v1/webhooks/whk_1", '{"retry_policy": "none"}', False),
    }  # fmt: skip


def test_the_closed_inline_enum_of_an_answer_parses_a_newer_value(vendor_1_1: Path) -> None:
    code = (
        "import json, sendmux.models as m\n"
        "known = m.WebhookSubscription.from_dict({**EXAMPLE, 'retry_policy': 'aggressive'}).retry_policy\n"
        "newer = m.WebhookSubscription.from_dict({**EXAMPLE, 'retry_policy': 'fictional_policy'}).retry_policy\n"
        "print(json.dumps([type(known).__name__, known.value, type(newer).__name__, newer]))\n"
    )
    example = {"id": "whk_1", "name": None, "url": "https://h.example.com", "event_types": [], "filters":
               {"mailbox_ids": []}, "enabled": True, "failing": False, "created_at": "2026-04-23T09:12:00Z",
               "updated_at": "2026-04-23T09:12:00Z"}  # fmt: skip
    done = run_python("-c", f"EXAMPLE = {example!r}\n{code}", first_on_path=vendor_1_1)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout) == ["WebhookSubscriptionRetryPolicy", "aggressive", "str", "fictional_policy"]


def test_the_changes_are_typed(vendor_1_1: Path, tmp_path: Path) -> None:
    usage = """
from sendmux import APIResponse, AsyncSendmux, Sendmux
from sendmux.models import DeleteWebhookData, RetryWebhookDeliveryData, WebhookUpdateBodyRetryPolicy


def use(client: Sendmux) -> None:
    names: list[str] = client.webhooks.list_event_types()
    retried: RetryWebhookDeliveryData = client.webhooks.retry_delivery("whk_1", "dlv_1", idempotency_key="k")
    deleted: DeleteWebhookData = client.webhooks.delete("whk_1")
    client.webhooks.update("whk_1", retry_policy=WebhookUpdateBodyRetryPolicy.AGGRESSIVE)
    client.webhooks.create(url="https://h.example.com", event_types=["message.deferred"], retry_policy="none")


async def use_async(client: AsyncSendmux) -> None:
    raw: APIResponse[RetryWebhookDeliveryData] = await client.webhooks.with_raw_response.retry_delivery("w", "d")
    names: list[str] = await client.webhooks.list_event_types()
"""
    checked = cached_mypy.strict(vendor_1_1, tmp_path, usage)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_generated_tree_differs_from_generated_only_where_the_spec_did(vendor_1_1: Path) -> None:
    diff = subprocess.run(
        ["diff", "-rq", "-x", "__pycache__", str(ROOT / "generated"), str(vendor_1_1)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    changed = {line.split()[1].removeprefix(str(ROOT / "generated") + "/") for line in diff.stdout.splitlines()
               if line.startswith("Files ")}  # fmt: skip
    assert "sendmux/_resources/webhooks.py" in changed and "sendmux/_api_version.py" in changed
    assert sys.version_info >= (3, 11)
