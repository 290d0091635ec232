"""What `Sendmux().webhooks` does over several calls: idempotent replays, pagination, conditional requests,
conflicts and deliveries. Each operation's success and generic error answers are test_operations.py's.

Replayed from cassettes (tests/recorded/cassettes/test_webhooks/); `make record` re-records them from a
live server. Ids are read from responses, never assumed, so the same tests record against Sendmux itself.
"""

from __future__ import annotations

import time

import pytest

import sendmux
from sendmux import Sendmux
from sendmux.models import EventType, WebhookDeliveryAttempt

from .conftest import RECEIVER_URL
from .spec_cases import UNKNOWN_CURSOR

pytestmark = pytest.mark.vcr


def wait_for_attempts(client: Sendmux, webhook_id: str, recording: bool) -> list[WebhookDeliveryAttempt]:
    """Poll the deliveries list until the asynchronous first attempt shows up."""
    for _ in range(50):
        attempts = list(client.webhooks.list_deliveries(webhook_id))
        if attempts:
            return attempts
        if recording:
            time.sleep(0.1)
    raise AssertionError("no delivery attempt appeared")


def test_create_returns_the_secret_and_a_replay_returns_the_same_webhook(client: Sendmux, run_key: str) -> None:
    key = sendmux.idempotency_key("cassette-create", run_key)
    created = client.webhooks.create(
        url=RECEIVER_URL,
        event_types=["message.bounced", EventType.SENDMUX_TEST],
        name="cassette: create",
        filters={"mailbox_ids": []},
        idempotency_key=key,
    )
    try:
        assert created.id.startswith("whk_")
        assert created.secret.startswith("whsec_")
        assert created.event_types == [EventType.MESSAGE_BOUNCED, EventType.SENDMUX_TEST]
        assert created.enabled is True and created.failing is False
        assert created.filters.mailbox_ids == []
        again = client.webhooks.create(
            url=RECEIVER_URL,
            event_types=["message.bounced", EventType.SENDMUX_TEST],
            name="cassette: create",
            filters={"mailbox_ids": []},
            idempotency_key=key,
        )
        assert again.id == created.id
        assert again.secret == created.secret
    finally:
        client.webhooks.delete(created.id)


def test_create_reusing_a_key_with_another_body_is_an_idempotency_conflict(client: Sendmux, run_key: str) -> None:
    key = sendmux.idempotency_key("cassette-conflict", run_key)
    created = client.webhooks.create(url=RECEIVER_URL, event_types=["message.delivered"], idempotency_key=key)
    try:
        with pytest.raises(sendmux.IdempotencyConflictError) as info:
            client.webhooks.create(url=RECEIVER_URL, event_types=["message.rejected"], idempotency_key=key)
        assert info.value.status_code == 409
        assert info.value.code == "idempotency_conflict"
        assert info.value.request_id
    finally:
        client.webhooks.delete(created.id)


def test_list_pages_newest_first_and_iterates_across_pages(client: Sendmux) -> None:
    ids = [
        client.webhooks.create(url=RECEIVER_URL, event_types=["message.delivered"], name=f"cassette: list {n}").id
        for n in range(3)
    ]
    try:
        first = client.webhooks.list_page(limit=2)
        assert [w.id for w in first.data] == [ids[2], ids[1]]
        assert first.has_more is True and first.next_cursor
        second = client.webhooks.list_page(limit=2, cursor=first.next_cursor)
        assert second.data[0].id == ids[0]
        listed = [w.id for w in client.webhooks.list(limit=2)]
        assert listed[:3] == [ids[2], ids[1], ids[0]]
        assert len(listed) == len(set(listed))
    finally:
        for webhook_id in ids:
            client.webhooks.delete(webhook_id)


def test_an_event_type_the_client_does_not_know_is_sent_and_the_api_names_it(client: Sendmux) -> None:
    # The client sends any event type as it is (a newer API may know it); the API is the one that refuses.
    with pytest.raises(sendmux.UnprocessableEntityError) as info:
        client.webhooks.create(url=RECEIVER_URL, event_types=["message.bounced", "test.fictional_event"])
    assert info.value.code == "validation_error"
    assert "event_types.1" in str(info.value)


def test_get_returns_the_webhook_and_honours_if_none_match(client: Sendmux) -> None:
    created = client.webhooks.create(url=RECEIVER_URL, event_types=["message.received"], name="cassette: get")
    try:
        fetched = client.webhooks.get(created.id)
        assert fetched.id == created.id and fetched.name == "cassette: get"
        assert not hasattr(fetched, "secret")
        raw = client.webhooks.with_raw_response.get(created.id)
        assert raw.status_code == 200 and raw.etag and raw.etag.startswith('W/"')
        assert raw.request_id and raw.request_id.startswith("req_")
        unchanged = client.webhooks.with_raw_response.get(created.id, if_none_match=raw.etag)
        assert unchanged.status_code == 304
        assert unchanged.data is None
        assert unchanged.etag == raw.etag
    finally:
        client.webhooks.delete(created.id)


def test_update_changes_only_the_given_fields_and_checks_if_match(client: Sendmux) -> None:
    created = client.webhooks.create(url=RECEIVER_URL, event_types=["message.bounced"], name="cassette: update")
    try:
        before = client.webhooks.with_raw_response.get(created.id)
        updated = client.webhooks.update(created.id, event_types=["message.bounced", "message.complained"])
        assert updated.name == "cassette: update"  # left out, so unchanged
        assert updated.event_types == ["message.bounced", "message.complained"]
        with pytest.raises(sendmux.ConflictError) as info:
            client.webhooks.update(created.id, enabled=False, if_match=before.etag)
        assert info.value.code == "conflict"
        current = client.webhooks.with_raw_response.get(created.id)
        cleared = client.webhooks.with_raw_response.update(created.id, name=None, if_match=current.etag)
        assert cleared.data.name is None
        assert cleared.etag and cleared.etag != current.etag
    finally:
        client.webhooks.delete(created.id)


def test_delete_removes_the_webhook(client: Sendmux) -> None:
    created = client.webhooks.create(url=RECEIVER_URL, event_types=["message.delivered"])
    deleted = client.webhooks.delete(created.id)
    assert deleted.deleted is True and deleted.id == created.id
    with pytest.raises(sendmux.NotFoundError):
        client.webhooks.get(created.id)
    with pytest.raises(sendmux.NotFoundError):
        client.webhooks.delete(created.id)


def test_rotate_secret_mints_a_new_secret_once_per_key(client: Sendmux, run_key: str) -> None:
    first = client.webhooks.create(url=RECEIVER_URL, event_types=["sendmux.test"])
    second = client.webhooks.create(url=RECEIVER_URL, event_types=["sendmux.test"])
    try:
        key = sendmux.idempotency_key("cassette-rotate", run_key)
        rotated = client.webhooks.rotate_secret(first.id, idempotency_key=key)
        assert rotated.id == first.id and rotated.secret.startswith("whsec_")
        replayed = client.webhooks.rotate_secret(first.id, idempotency_key=key)
        assert replayed.secret == rotated.secret
        with pytest.raises(sendmux.IdempotencyConflictError):
            client.webhooks.rotate_secret(second.id, idempotency_key=key)
        with pytest.raises(sendmux.NotFoundError):
            client.webhooks.rotate_secret("whk_doesnotexist0000000000000")
    finally:
        client.webhooks.delete(first.id)
        client.webhooks.delete(second.id)


def test_send_test_publishes_an_event_only_when_subscribed(client: Sendmux) -> None:
    subscribed = client.webhooks.create(url=RECEIVER_URL, event_types=["sendmux.test"])
    unsubscribed = client.webhooks.create(url=RECEIVER_URL, event_types=["message.bounced"])
    try:
        result = client.webhooks.send_test(subscribed.id)
        assert result.event_id.startswith("evt_")
        with pytest.raises(sendmux.ConflictError) as info:
            client.webhooks.send_test(unsubscribed.id)
        assert info.value.code == "conflict"
        with pytest.raises(sendmux.NotFoundError):
            client.webhooks.send_test("whk_doesnotexist0000000000000")
    finally:
        client.webhooks.delete(subscribed.id)
        client.webhooks.delete(unsubscribed.id)


def test_deliveries_list_and_payload_show_the_test_event(client: Sendmux, recording: bool) -> None:
    created = client.webhooks.create(url=RECEIVER_URL, event_types=["sendmux.test"], name="cassette: deliveries")
    try:
        event_id = client.webhooks.send_test(created.id).event_id
        attempts = wait_for_attempts(client, created.id, recording)
        # Newest first: on a slow recording the 30-second retry may already have run, so find the first attempt.
        attempt = next(a for a in attempts if a.delivery_attempt == 1)
        assert attempt.event_id == event_id
        assert attempt.event_type == EventType.SENDMUX_TEST
        page = client.webhooks.list_deliveries_page(created.id, event_type="sendmux.test", limit=5)
        assert [a.id for a in page.data] == [a.id for a in attempts[:5]]
        payload = client.webhooks.get_delivery_payload(created.id, attempt.id)
        assert payload.event_id == event_id
        assert payload.payload.id == event_id
        assert isinstance(payload.payload, sendmux.WebhookEvent)
        assert payload.payload.type == EventType.SENDMUX_TEST == payload.event_type
        assert payload.payload.data.webhook_id == created.id
        assert payload.payload.data.recipients == []
        with pytest.raises(sendmux.NotFoundError):
            client.webhooks.get_delivery_payload(created.id, "whda_doesnotexist000000000000")
        with pytest.raises(sendmux.BadRequestError):
            client.webhooks.list_deliveries_page(created.id, cursor=UNKNOWN_CURSOR)
    finally:
        client.webhooks.delete(created.id)
