"""The rehearsals: API 1.1 and 1.2 (compatible) and 2.0 (breaking), regenerated and diffed like a real release.

The fixture specs come from make_fixtures.py; each is generated into a temporary folder with
codegen/generate.sh (conftest.regenerate), the same pipeline as `make generate`, then compared the way
`make diff` compares. The point of 1.1 and 1.2: a new operation, a new tag, a new query parameter and a changed
limit reach `Sendmux`, `AsyncSendmux` and `with_raw_response`, typed, by regeneration alone: overlays/ is the
repository's own, unchanged.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests import cached_mypy
from tests.spec_changes import raised
from tools.specdiff.python_breaks import breaks, wheel_layout
from tools.specdiff.specdiff import Report, build_report

from .conftest import ROOT, load, rehearsal, run_python

SPEC_1_0 = ROOT / "openapi.yaml"
SPEC_1_1 = rehearsal("openapi-1.1.yaml")
SPEC_2_0 = rehearsal("openapi-2.0.yaml")

# Answers every request with the lowest documented 2xx of its operation in SPEC: its example, else a body built
# from its schema (the vendor writes few examples),
# and prints what the calls in CALLS returned, as JSON. Runs with a regenerated tree first on sys.path.
DRIVER = """
import asyncio, json, re, sys
import httpx
import sendmux
from sendmux_spec import load
from sendmux_spec.values import build

BASE_URL = "https://api.test/api/v1"
document = load(sys.argv[1])
routes = []
for operation in (op for op in document.operations if op.success is not None):
    media = operation.success.media("json")
    body = None if media is None else media[1].get("example", build(document, media[1].get("schema")))
    pattern = re.compile("^/api/v1" + re.sub(r"\\{[^}]+\\}", "[^/]+", operation.path) + "$")
    routes.append((operation.method.upper(), pattern, int(operation.success.status), body))
sent = []

def answer(request):
    sent.append(f"{request.method} {request.url.path}?{request.url.query.decode()}")
    for method, pattern, status, example in routes:
        if method == request.method and pattern.match(request.url.path):
            return httpx.Response(status, json=example)
    return httpx.Response(404, json={"ok": False, "error": {"code": "not_found", "message": "no route"}})

def describe(value):
    if isinstance(value, sendmux.APIResponse):
        return {"raw": value.status_code, "data": describe(value.data)}
    if isinstance(value, sendmux.Page):
        return {"page": [describe(item) for item in value]}
    if isinstance(value, list):
        return [describe(item) for item in value]
    return {"type": type(value).__name__, "value": value.to_dict()}

async def run_async(calls):
    transport = httpx.MockTransport(answer)
    async with httpx.AsyncClient(transport=transport) as http:
        client = sendmux.AsyncSendmux(api_key="smx_root_test_rehearsal_not_a_key", base_url=BASE_URL, http_client=http)
        results = []
        for call in calls:
            value = eval(call, {"client": client})
            if hasattr(value, "__aiter__"):
                results.append([describe(item) async for item in value])
            else:
                results.append(describe(await value))
        return results

calls = json.loads(sys.argv[2])
with httpx.Client(transport=httpx.MockTransport(answer)) as http:
    client = sendmux.Sendmux(api_key="smx_root_test_rehearsal_not_a_key", base_url=BASE_URL, http_client=http)
    sync = [describe(list(v) if hasattr(v := eval(call, {"client": client}), "__next__") else v) for call in calls]
help = type(client).webhooks.__doc__
print(json.dumps({"sync": sync, "async": asyncio.run(run_async(calls)), "sent": sent, "help": help}))
"""


def drive(regenerated: Path, spec: Path, calls: list[str]) -> dict[str, object]:
    """Run ``calls`` (Python expressions on ``client``) sync and async against the regenerated tree."""
    done = run_python("-c", DRIVER, str(spec), json.dumps(calls), first_on_path=regenerated)
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


def report(base: Path, new: Path) -> Report:
    return build_report(load(base), load(new), base.name, new.name)


def verdicts(rep: Report) -> set[tuple[str, str, str]]:
    return {(c.severity, c.rule, c.detail) for c in rep.changes if c.severity != "documentation"}


def where(rep: Report, rule: str) -> set[tuple[str, str]]:
    return {(c.operation_id or c.operation, c.location) for c in rep.changes if c.rule == rule}


def python_breaks(old: Path, new: Path, tmp_path: Path) -> dict[str, set[str]]:
    """griffe's breaks in each package from the generated tree `old` to `new`, both with today's overlays/."""
    overlays = ROOT / "overlays"
    before = wheel_layout(old, overlays, tmp_path / "before")
    after = wheel_layout(new, overlays, tmp_path / "after")
    found = {}
    for package in ("sendmux_client", "sendmux"):
        lines = breaks(before, after, package)
        assert lines is not None, package
        found[package] = set(lines)
    shutil.rmtree(before)
    shutil.rmtree(after)
    return found


def test_1_1_is_compatible(regenerated_1_1: Path, tmp_path: Path) -> None:
    rep = report(SPEC_1_0, SPEC_1_1)

    assert verdicts(rep) == {
        ("non-breaking", "operation-added", ""),
        ("non-breaking", "request-enum-widened", "`message.opened`"),
        ("non-breaking", "response-enum-value-added", "`message.opened`"),
        ("non-breaking", "response-field-added", "`last_delivery_at`"),
    }
    assert where(rep, "operation-added") == {("getWebhookStats", "GET /webhooks/{public_id}/stats")}
    assert where(rep, "request-enum-widened") == {
        ("createWebhook", "request body `event_types[]`"),
        ("updateWebhook", "request body `event_types[]`"),
        ("listWebhookDeliveries", "query parameter `event_type`"),
    }
    assert {("getWebhook", "response 200 `data.event_types[]`"), ("receiveWebhookEvent", "payload `type`")} <= where(
        rep, "response-enum-value-added"
    )
    assert {("getWebhook", "response 200 `data.last_delivery_at`")} <= where(rep, "response-field-added")
    assert rep.exit_code == 0
    # A compatible spec change is a compatible Python change too, in both packages.
    assert python_breaks(ROOT / "generated", regenerated_1_1, tmp_path) == {"sendmux_client": set(), "sendmux": set()}


def test_1_1_new_operation_works_sync_async_and_raw_after_regeneration_alone(regenerated_1_1: Path) -> None:
    seen = drive(
        regenerated_1_1,
        SPEC_1_1,
        ['client.webhooks.get_stats("whk_1")', 'client.webhooks.with_raw_response.get_stats("whk_1")'],
    )
    stats = {
        "type": "WebhookStats",
        "value": {"webhook_id": "whk_cl9x2b7k40000qzrmn1c4d5e6", "deliveries": 42, "failures": 3},
    }
    assert seen["sync"] == seen["async"] == [stats, {"raw": 200, "data": stats}]
    assert seen["sent"] == ["GET /api/v1/webhooks/whk_1/stats?"] * 4
    assert "get_stats" in str(seen["help"])  # and its summary is in the resource's docstring
    result = run_python(
        "-c",
        "import attrs, json, sendmux, sendmux.models as m; print(json.dumps([[e.value for e in m.EventType],"
        " [f.name for f in attrs.fields(m.WebhookSubscription)], sendmux.API_VERSION]))",
        first_on_path=regenerated_1_1,
    )
    event_types, fields, version = json.loads(result.stdout)
    assert (
        "message.opened" in event_types
        and "last_delivery_at" in fields
        and version == load(SPEC_1_1)["info"]["version"]
    )


def test_1_1_new_operation_is_typed(regenerated_1_1: Path, tmp_path: Path) -> None:
    checked = cached_mypy.strict(
        regenerated_1_1,
        tmp_path,
        """
from sendmux import APIResponse, AsyncSendmux, Sendmux
from sendmux.models import WebhookStats


def use(client: Sendmux) -> int:
    stats: WebhookStats = client.webhooks.get_stats("whk_1", timeout=5.0)
    raw: APIResponse[WebhookStats] = client.webhooks.with_raw_response.get_stats("whk_1")
    client.webhooks.get_stats(42)  # type: ignore[arg-type]
    return stats.deliveries + raw.data.failures


async def use_async(client: AsyncSendmux) -> int:
    stats: WebhookStats = await client.webhooks.get_stats("whk_1")
    raw: APIResponse[WebhookStats] = await client.webhooks.with_raw_response.get_stats("whk_1")
    return stats.failures + raw.data.deliveries
""",
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.slow
def test_1_1_passes_the_client_tests_with_no_change_to_the_overlay(regenerated_1_1: Path) -> None:
    """The client's own tests, run against the regenerated 1.1 layer and spec with today's overlays/: every one
    passes, the every-operation and re-export checks included (they read the 1.1 spec)."""
    done = run_python(
        "-m",
        "pytest",
        "tests/client",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:randomly",
        first_on_path=regenerated_1_1,
        env={"SENDMUX_SPEC": str(SPEC_1_1)},
    )
    assert re.search(r"^\d+ passed", done.stdout, flags=re.MULTILINE), done.stdout[-3000:]
    assert "failed" not in done.stdout.splitlines()[-1], done.stdout[-3000:]


def test_1_2_new_tag_new_query_parameter_and_changed_limit_work_after_regeneration_alone(
    regenerated_1_2: Path,
) -> None:
    spec = rehearsal("openapi-1.2.yaml")
    assert report(SPEC_1_0, spec).exit_code == 0
    seen = drive(
        regenerated_1_2,
        spec,
        [
            'client.events.list(type="message.bounced", limit=5)',
            'client.events.with_raw_response.get("evt_1")',
            "client.webhooks.list_page(enabled=True, limit=150)",
        ],
    )
    assert seen["sync"] == seen["async"]
    events, raw_event, webhooks = seen["sync"]  # type: ignore[misc]
    assert [e["value"]["type"] for e in events] == ["message.bounced"]
    assert raw_event["raw"] == 200 and raw_event["data"]["type"] == "WebhookEventPayload"
    assert webhooks["page"][0]["type"] == "WebhookSubscription"
    assert (
        seen["sent"]
        == [
            "GET /api/v1/events?limit=5&type=message.bounced",
            "GET /api/v1/events/evt_1?",
            "GET /api/v1/webhooks?limit=150&enabled=true",
        ]
        * 2
    )
    # The new maximum is checked before anything is sent; the old one no longer is.
    over = run_python(
        "-c",
        "import sendmux\nc = sendmux.Sendmux(api_key='k')\ntry:\n c.webhooks.list_page(limit=201)\n"
        "except ValueError as e:\n print(e)",
        first_on_path=regenerated_1_2,
    )
    assert over.stdout.strip() == "limit must be at least 1 and at most 200, got 201", over.stderr


def test_1_2_new_surface_is_typed(regenerated_1_2: Path, tmp_path: Path) -> None:
    checked = cached_mypy.strict(
        regenerated_1_2,
        tmp_path,
        """
from collections.abc import AsyncIterator, Iterator

from sendmux import APIResponse, AsyncSendmux, Page, Sendmux
from sendmux.models import EventType, WebhookEventPayload, WebhookSubscription


def use(client: Sendmux) -> None:
    events: Iterator[WebhookEventPayload] = client.events.list(type=EventType.MESSAGE_BOUNCED)
    one: APIResponse[WebhookEventPayload] = client.events.with_raw_response.get("evt_1")
    page: Page[WebhookSubscription] = client.webhooks.list_page(enabled=False)
    client.webhooks.list_page(enabled="yes")  # type: ignore[arg-type]


async def use_async(client: AsyncSendmux) -> None:
    events: AsyncIterator[WebhookEventPayload] = client.events.list()
    one: WebhookEventPayload = await client.events.get("evt_1")
""",
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_2_0_is_breaking_and_says_so_with_a_major_bump(
    regenerated_1_1: Path, regenerated_2_0: Path, tmp_path: Path
) -> None:
    rep = report(SPEC_1_1, SPEC_2_0)

    assert verdicts(rep) == {
        ("breaking", "operation-renamed", "`testWebhook` → `sendTestEvent`"),
        ("breaking", "response-field-removed", "`failing`"),
    }
    assert where(rep, "operation-renamed") == {("sendTestEvent", "POST /webhooks/{public_id}/test")}
    assert {("getWebhook", "response 200 `data.failing`"), ("rotateWebhookSecret", "response 200 `data.failing`")} <= (
        where(rep, "response-field-removed")
    )
    assert rep.major_raised
    assert rep.exit_code == 0
    # What users of the Python packages feel: the attributes are gone. The renamed operation keeps its method,
    # send_test, because x-sendmux-method names it, not the operationId.
    assert python_breaks(regenerated_1_1, regenerated_2_0, tmp_path) == {
        "sendmux_client": {
            "sendmux_client.models.webhook_subscription.WebhookSubscription.failing: Public object was removed",
            "sendmux_client.models.webhook_subscription_with_secret.WebhookSubscriptionWithSecret.failing: "
            "Public object was removed",
        },
        "sendmux": set(),
    }


def test_2_0_changes_under_a_minor_version_fail() -> None:
    after = load(SPEC_2_0)
    after["info"]["version"] = raised(load(SPEC_1_1)["info"]["version"])
    rep = build_report(load(SPEC_1_1), after, "1.1", "2.0 as 1.2")
    assert rep.count("breaking") > 0
    assert not rep.major_raised
    assert rep.exit_code == 1


@pytest.mark.parametrize("fixture", ["openapi-1.1.yaml", "openapi-1.2.yaml", "openapi-2.0.yaml"])
def test_every_rehearsal_spec_is_valid(fixture: str) -> None:
    from openapi_spec_validator import validate

    validate(load(rehearsal(fixture)))


def test_1_1_the_emulator_serves_the_new_operation_from_the_spec_untaught() -> None:
    """No step besides `make generate`: getWebhookStats has no handler and is served from its spec (MAINTAINING.md)."""
    script = (
        "from starlette.testclient import TestClient\n"
        "from sendmux_emulator import create_app\n"
        "with TestClient(create_app()) as http:\n"
        "    auth = {'Authorization': 'Bearer smx_root_dev'}\n"
        "    body = {'url': 'https://hooks.example.com/x', 'event_types': ['message.bounced']}\n"
        "    hook = http.post('/api/v1/webhooks', json=body, headers=auth).json()['data']\n"
        "    known = http.get(f\"/api/v1/webhooks/{hook['id']}/stats\", headers=auth)\n"
        "    unknown = http.get('/api/v1/webhooks/whk_nope/stats', headers=auth)\n"
        "    print(known.status_code, unknown.status_code, sorted(known.json()['data']))\n"
    )
    done = run_python("-c", script, first_on_path=ROOT, env={"SENDMUX_EMULATOR_SPEC": str(SPEC_1_1)})
    assert done.returncode == 0, done.stderr
    status, missing, fields = done.stdout.split(" ", 2)
    assert (status, missing) == ("200", "404"), done.stdout
    assert fields.strip().startswith("[") and fields.strip() != "[]"
