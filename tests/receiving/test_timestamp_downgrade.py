"""No replay by stripping headers: once a router with a store has verified a delivery carrying the timestamped
pair (``X-Sendmux-Timestamp`` and ``X-Sendmux-Signature-V2``), it keeps that in the store, and from then on refuses
a delivery without the pair, so a captured delivery cannot be replayed by removing them. Until the pair has been
seen, plain deliveries are accepted (``require_timestamp=False`` stays the default: the scheme may not be live
for every account)."""

from __future__ import annotations

import time

from sendmux import sign_webhook
from sendmux.receiving import RETENTION, Answer, WebhookRouter

from ..webhooks.deliveries import SECRET, event_body
from .conftest import Clock, StoreFactory

THIRTY_DAYS = 30 * 86_400


def stamped(body: bytes, at: float | None = None) -> dict[str, str]:
    return sign_webhook(body, SECRET, timestamp=int(time.time() if at is None else at))


def stripped(headers: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in headers.items() if name.lower() == "x-sendmux-signature"}


def test_after_a_timestamped_delivery_a_stripped_replay_is_refused_even_past_the_retention(
    make_store: StoreFactory,
) -> None:
    clock = Clock(time.time())
    router = WebhookRouter(SECRET, store=make_store(clock=clock))
    captured_body = event_body(id="evt_captured")
    captured = stamped(captured_body, at=time.time() - THIRTY_DAYS)  # signed 30 days ago, as sent
    assert router.receive(captured_body, captured).reason.startswith("timestamp outside tolerance")
    live = event_body(id="evt_live")
    assert router.receive(live, stamped(live)) == Answer(200, "processed")

    assert router.receive(captured_body, stripped(captured)) == Answer(400, "missing header")
    restarted = WebhookRouter(SECRET, store=make_store(clock=clock))  # another worker, or after a restart
    assert restarted.receive(captured_body, stripped(captured)) == Answer(400, "missing header")
    clock.advance(RETENTION + 1)  # past the 7 days a processed event id is remembered
    assert restarted.receive(captured_body, stripped(captured)) == Answer(400, "missing header")


def test_until_the_pair_is_seen_plain_deliveries_are_accepted(make_store: StoreFactory) -> None:
    router = WebhookRouter(SECRET, store=make_store())
    body = event_body(id="evt_plain")
    assert router.receive(body, sign_webhook(body, SECRET)) == Answer(200, "processed")
    assert router.require_timestamp is False


def test_without_a_store_the_router_remembers_for_its_own_lifetime() -> None:
    router = WebhookRouter(SECRET)
    first, then = event_body(id="evt_1"), event_body(id="evt_2")
    assert router.receive(first, stamped(first)) == Answer(200, "processed")
    assert router.receive(then, sign_webhook(then, SECRET)) == Answer(400, "missing header")


def test_require_timestamp_refuses_the_plain_form_from_the_first_delivery(make_store: StoreFactory) -> None:
    router = WebhookRouter(SECRET, store=make_store(), require_timestamp=True)
    body = event_body(id="evt_plain")
    assert router.receive(body, sign_webhook(body, SECRET)) == Answer(400, "missing header")
