"""The rehearsal: API 1.1 (compatible) and 2.0 (breaking), regenerated and diffed like a real release.

The fixture specs come from make_fixtures.py; each is generated into a temporary folder with
codegen/generate.sh (conftest.regenerate), then compared the way `make diff` compares.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import griffe
from specdiff import Report, build_report

from .conftest import FIXTURES, ROOT, load, run_python
from .fixtures.make_fixtures import build

SPEC_1_0 = ROOT / "openapi.yaml"
SPEC_1_1 = FIXTURES / "openapi-1.1.yaml"
SPEC_2_0 = FIXTURES / "openapi-2.0.yaml"


def report(base: Path, new: Path) -> Report:
    return build_report(load(base), load(new), base.name, new.name)


def verdicts(rep: Report) -> set[tuple[str, str, str]]:
    return {(c.severity, c.rule, c.detail) for c in rep.changes if c.severity != "documentation"}


def where(rep: Report, rule: str) -> set[tuple[str, str]]:
    return {(c.operation_id or c.operation, c.location) for c in rep.changes if c.rule == rule}


def python_breaks(old: Path, new: Path) -> set[tuple[str, str]]:
    """griffe's breaking changes from the sendmux_client under `old` to the one under `new`."""
    before, after = (
        griffe.load("sendmux_client", search_paths=[str(path)], try_relative_path=False, resolve_aliases=False)
        for path in (old, new)
    )
    assert isinstance(before, griffe.Module) and isinstance(after, griffe.Module)
    return {(b.kind.value, b.obj.path) for b in griffe.find_breaking_changes(before, after)}


def test_committed_fixtures_are_what_make_fixtures_writes() -> None:
    expected = build(SPEC_1_0.read_text(encoding="utf-8"))
    for name, text in expected.items():
        assert (FIXTURES / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run python tests/specdiff/fixtures/make_fixtures.py"
        )


def test_1_1_is_compatible(regenerated_1_1: Path) -> None:
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
    # A compatible spec change is a compatible Python change too.
    assert python_breaks(ROOT / "generated", regenerated_1_1) == set()


def test_1_1_regenerated_client_has_the_new_surface(regenerated_1_1: Path) -> None:
    result = run_python(
        "-c",
        """
import json, attrs, sendmux_client
from sendmux_client.api.webhooks import get_webhook_stats
from sendmux_client.models.event_type import EventType
from sendmux_client.models.webhook_subscription import WebhookSubscription
sub = WebhookSubscription.from_dict({
    "id": "whk_1", "name": None, "url": "https://example.com/hook", "event_types": ["message.opened"],
    "filters": {"mailbox_ids": []}, "enabled": True, "failing": False,
    "created_at": "2026-04-23T09:12:00Z", "updated_at": "2026-04-23T09:12:00Z",
    "last_delivery_at": "2026-04-23T10:00:00Z",
})
print(json.dumps({
    "package": sendmux_client.__file__,
    "event_types": [member.value for member in EventType],
    "fields": [field.name for field in attrs.fields(WebhookSubscription)],
    "parsed_event_type": repr(sub.event_types[0]),
    "parsed_last_delivery_at": sub.last_delivery_at.isoformat(),
    "stats_functions": sorted(name for name in ("sync", "asyncio", "sync_detailed", "asyncio_detailed")
                              if callable(getattr(get_webhook_stats, name, None))),
}))
""",
        first_on_path=regenerated_1_1,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert Path(seen["package"]).is_relative_to(regenerated_1_1), "the installed sendmux_client was not shadowed"
    assert "message.opened" in seen["event_types"]
    assert "last_delivery_at" in seen["fields"]
    assert seen["parsed_event_type"] == "<EventType.MESSAGE_OPENED: 'message.opened'>"
    assert seen["parsed_last_delivery_at"] == "2026-04-23T10:00:00+00:00"
    assert seen["stats_functions"] == ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def test_2_0_is_breaking_and_says_so_with_a_major_bump(regenerated_1_1: Path, regenerated_2_0: Path) -> None:
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
    # What users of the Python package feel: the module and the attributes are gone.
    assert python_breaks(regenerated_1_1, regenerated_2_0) == {
        ("Public object was removed", "sendmux_client.api.webhooks.test_webhook"),
        ("Public object was removed", "sendmux_client.models.webhook_subscription.WebhookSubscription.failing"),
        (
            "Public object was removed",
            "sendmux_client.models.webhook_subscription_with_secret.WebhookSubscriptionWithSecret.failing",
        ),
    }


def test_2_0_changes_under_a_minor_version_fail() -> None:
    after = load(SPEC_2_0)
    after["info"]["version"] = "1.2.0"
    rep = build_report(load(SPEC_1_1), after, "1.1", "2.0 as 1.2")
    assert rep.count("breaking") > 0
    assert not rep.major_raised
    assert rep.exit_code == 1


def test_1_1_keeps_the_client_working_and_names_the_unwrapped_operation(regenerated_1_1: Path) -> None:
    """The client's own tests, run against the regenerated 1.1 client and spec: a non-breaking change
    must not break the overlay. Exactly three tests are expected to fail, and say why: the new operation has no
    method yet, its models are not re-exported yet, and API_VERSION still says 1.0.0."""
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
        env={"SENDMUX_SPEC": str(FIXTURES / "openapi-1.1.yaml")},
    )
    failed = sorted(set(re.findall(r"^FAILED (\S+?)(?: - |$)", done.stdout, flags=re.MULTILINE)))
    assert failed == [
        "tests/client/test_client.py::test_versions",
        "tests/client/test_operations.py::test_every_operation_in_the_spec_has_a_method_on_every_resource_class",
        "tests/client/test_operations.py::test_models_are_the_generated_classes",
    ], done.stdout[-3000:]
    assert "no method on client.webhooks: ['getWebhookStats']" in done.stdout
    assert "not re-exported by sendmux.models: ['WebhookStats" in done.stdout
    assert re.search(r"\b3 failed, \d+ passed", done.stdout), done.stdout[-500:]
