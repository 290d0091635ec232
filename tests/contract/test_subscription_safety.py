"""What `make contract` lets through: every URL it would subscribe points at its own `.invalid` host (or
RECEIVER_URL), test events go only to webhooks it made that way, and the team's own webhooks stay untouched."""

from __future__ import annotations

import pytest

from tools.contract.ledger import Ledger, operation_of
from tools.contract.targets import ReceiverError, SubscriptionTargets

TARGETS = SubscriptionTargets()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://hooks.example.com/x?y=1", "https://{host}/x?y=1"),
        ("http://hooks.example.com:8443/p", "http://{host}/p"),  # still not https, so still refused
        ("https://user:pass@evil.example/", "https://{host}/"),
        ("https:evil.example/a", "https://{host}/a"),  # a lenient parser reads this as https://evil.example/a
        ("https:///evil.example", "https://{host}"),
        ("ht\ttps://evil.example/a", "https://{host}/a"),  # tabs are dropped by URL parsers
        (" https://evil.example", "https://{host}"),
        ("https://evil.example\\@x/y", "https://{host}/@x/y"),
        ("https://", "https://{host}"),
        ("evil.example/x", "evil.example/x"),  # no scheme: no server can reach it
        (42, 42),
        (None, None),
    ],
)
def test_every_url_is_pointed_at_the_runs_own_invalid_host(value: object, expected: object) -> None:
    redirected = TARGETS.redirect(value)
    want = expected.format(host=TARGETS.host) if isinstance(expected, str) else expected
    assert redirected == want
    assert TARGETS.host.endswith(".sendmux-contract.invalid")


def test_a_receiver_url_replaces_every_url_and_must_be_https() -> None:
    targets = SubscriptionTargets("https://receiver.example.com/hook")
    assert targets.redirect("https://anything.example/else") == "https://receiver.example.com/hook"
    assert targets.is_ours("https://receiver.example.com/hook")
    assert not targets.is_ours(f"https://{targets.host}/hook")
    for bad in ("http://receiver.example.com/", "https://user:pw@receiver.example.com/", "https:///path"):
        with pytest.raises(ReceiverError):
            SubscriptionTargets(bad)


def test_test_events_only_through_webhooks_the_run_created_with_its_own_url() -> None:
    ledger = Ledger(TARGETS, before=frozenset({"whk_theirs"}))
    assert ledger.record("createWebhook", None, 201, {"data": {"id": "whk_ours", "url": TARGETS.url()}}) is None
    assert ledger.may_send("testWebhook", "whk_ours")
    assert not ledger.may_send("testWebhook", "whk_theirs")
    assert not ledger.may_send("testWebhook", "whk_random")
    assert not ledger.may_send("testWebhook", None)
    unsafe = ledger.record("createWebhook", None, 201, {"data": {"id": "whk_bug", "url": "https://evil.example/"}})
    assert unsafe == "whk_bug" and not ledger.may_send("testWebhook", "whk_bug")


@pytest.mark.parametrize("operation", ["updateWebhook", "deleteWebhook", "rotateWebhookSecret", "testWebhook"])
def test_only_records_the_run_created_are_changed(operation: str) -> None:
    ledger = Ledger(TARGETS, before=frozenset({"whk_theirs"}))
    ledger.record("createWebhook", None, 201, {"data": {"id": "whk_ours", "url": TARGETS.url()}})
    assert not ledger.may_send(operation, "whk_theirs")
    assert not ledger.may_send(operation, "whk_never_seen")  # someone's, for all the run knows
    assert ledger.may_send(operation, "whk_ours")
    assert ledger.may_send("getWebhook", "whk_theirs")  # reading is harmless


def test_deletes_and_rejections_are_counted() -> None:
    ledger = Ledger(TARGETS)
    ledger.record("createWebhook", None, 201, {"data": {"id": "whk_1", "url": TARGETS.url()}})
    ledger.record("deleteWebhook", "whk_1", 200, None)
    assert ledger.live() == [] and ledger.deleted_by_tests == {"whk_1"}
    rejected = Ledger(TARGETS)
    for operation in ("listWebhooks", "createWebhook"):
        rejected.record(operation, None, 401, None)
    assert rejected.only_rejected_keys() and not ledger.only_rejected_keys()
    assert operation_of("POST", "/webhooks/whk_1/test") == ("testWebhook", "whk_1")
