"""The scenarios of test_webhooks.py through `AsyncSendmux`, replayed from their own cassettes."""

from __future__ import annotations

import anyio
import pytest

import sendmux
from sendmux import AsyncSendmux
from sendmux.models import EventType

from .conftest import RECEIVER_URL
from .spec_cases import UNKNOWN_CURSOR

pytestmark = [pytest.mark.vcr, pytest.mark.anyio]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_create_replays_with_the_same_key_and_conflicts_with_another_body(
    aclient: AsyncSendmux, run_key: str
) -> None:
    key = sendmux.idempotency_key("cassette-async-create", run_key)
    created = await aclient.webhooks.create(
        url=RECEIVER_URL, event_types=[EventType.SENDMUX_TEST], name="cassette: async", idempotency_key=key
    )
    try:
        assert created.secret.startswith("whsec_")
        again = await aclient.webhooks.create(
            url=RECEIVER_URL, event_types=[EventType.SENDMUX_TEST], name="cassette: async", idempotency_key=key
        )
        assert again.id == created.id
        with pytest.raises(sendmux.IdempotencyConflictError):
            await aclient.webhooks.create(url=RECEIVER_URL, event_types=["message.bounced"], idempotency_key=key)
    finally:
        await aclient.webhooks.delete(created.id)


async def test_list_iterates_across_pages(aclient: AsyncSendmux) -> None:
    ids = [
        (await aclient.webhooks.create(url=RECEIVER_URL, event_types=["message.delivered"], name=f"async list {n}")).id
        for n in range(3)
    ]
    try:
        page = await aclient.webhooks.list_page(limit=2)
        assert [w.id for w in page.data] == [ids[2], ids[1]] and page.has_more
        listed = [w.id async for w in aclient.webhooks.list(limit=2)]
        assert listed[:3] == [ids[2], ids[1], ids[0]]
        with pytest.raises(sendmux.BadRequestError):
            await aclient.webhooks.list_page(cursor=UNKNOWN_CURSOR)
    finally:
        for webhook_id in ids:
            await aclient.webhooks.delete(webhook_id)


async def test_an_event_type_the_client_does_not_know_is_sent_and_the_api_names_it(aclient: AsyncSendmux) -> None:
    with pytest.raises(sendmux.UnprocessableEntityError) as info:
        await aclient.webhooks.create(url=RECEIVER_URL, event_types=["test.fictional_event"])
    assert "event_types.0" in str(info.value)


async def test_get_update_and_conditional_requests(aclient: AsyncSendmux) -> None:
    created = await aclient.webhooks.create(url=RECEIVER_URL, event_types=["message.bounced"], name="async get")
    try:
        assert (await aclient.webhooks.get(created.id)).name == "async get"
        raw = await aclient.webhooks.with_raw_response.get(created.id)
        unchanged = await aclient.webhooks.with_raw_response.get(created.id, if_none_match=raw.etag)
        assert unchanged.status_code == 304 and unchanged.data is None
        updated = await aclient.webhooks.update(created.id, enabled=False, if_match=raw.etag)
        assert updated.enabled is False and updated.name == "async get"
        with pytest.raises(sendmux.ConflictError):
            await aclient.webhooks.update(created.id, enabled=True, if_match=raw.etag)
        with pytest.raises(sendmux.NotFoundError):
            await aclient.webhooks.get("whk_doesnotexist0000000000000")
        with pytest.raises(sendmux.NotFoundError):
            await aclient.webhooks.update("whk_doesnotexist0000000000000", enabled=True)
    finally:
        await aclient.webhooks.delete(created.id)
    with pytest.raises(sendmux.NotFoundError):
        await aclient.webhooks.delete(created.id)


async def test_rotate_and_send_test(aclient: AsyncSendmux, run_key: str) -> None:
    created = await aclient.webhooks.create(url=RECEIVER_URL, event_types=["sendmux.test"])
    other = await aclient.webhooks.create(url=RECEIVER_URL, event_types=["message.bounced"])
    try:
        key = sendmux.idempotency_key("cassette-async-rotate", run_key)
        rotated = await aclient.webhooks.rotate_secret(created.id, idempotency_key=key)
        assert rotated.secret.startswith("whsec_")
        with pytest.raises(sendmux.IdempotencyConflictError):
            await aclient.webhooks.rotate_secret(other.id, idempotency_key=key)
        with pytest.raises(sendmux.NotFoundError):
            await aclient.webhooks.rotate_secret("whk_doesnotexist0000000000000")
        sent = await aclient.webhooks.send_test(created.id)
        assert sent.event_id.startswith("evt_")
        with pytest.raises(sendmux.ConflictError):
            await aclient.webhooks.send_test(other.id)
        with pytest.raises(sendmux.NotFoundError):
            await aclient.webhooks.send_test("whk_doesnotexist0000000000000")
    finally:
        await aclient.webhooks.delete(created.id)
        await aclient.webhooks.delete(other.id)


async def test_deliveries_and_payload(aclient: AsyncSendmux, recording: bool) -> None:
    created = await aclient.webhooks.create(url=RECEIVER_URL, event_types=["sendmux.test"], name="async deliveries")
    try:
        event_id = (await aclient.webhooks.send_test(created.id)).event_id
        attempts = []
        for _ in range(50):
            attempts = [a async for a in aclient.webhooks.list_deliveries(created.id, event_type="sendmux.test")]
            if attempts:
                break
            if recording:
                await anyio.sleep(0.1)
        assert attempts and attempts[0].event_id == event_id
        page = await aclient.webhooks.list_deliveries_page(created.id, limit=1)
        assert page.data[0].id == attempts[0].id
        payload = await aclient.webhooks.get_delivery_payload(created.id, attempts[0].id)
        assert payload.payload.id == event_id
        assert payload.payload.type == "sendmux.test"
        with pytest.raises(sendmux.NotFoundError):
            await aclient.webhooks.get_delivery_payload(created.id, "whda_doesnotexist000000000000")
        with pytest.raises(sendmux.BadRequestError):
            await aclient.webhooks.list_deliveries_page(created.id, cursor=UNKNOWN_CURSOR)
    finally:
        await aclient.webhooks.delete(created.id)
    with pytest.raises(sendmux.NotFoundError):
        await aclient.webhooks.list_deliveries_page(created.id)
