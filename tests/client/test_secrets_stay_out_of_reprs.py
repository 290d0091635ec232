"""A signing secret never shows in ``repr()`` or ``str()`` of what holds it, so logging an object cannot leak it."""

from __future__ import annotations

import logging

import pytest

import sendmux
from sendmux.models import WebhookSubscriptionWithSecret

from .conftest import Client
from .fakes import SECRET, FakeAPI, ok, resolve, subscription

pytestmark = pytest.mark.anyio


async def test_created_and_rotated_webhooks_show_their_secret_redacted(
    client: Client, api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    api.queue(ok(subscription(secret=SECRET), status=201), ok(subscription(secret=SECRET)))
    created = await resolve(client.webhooks.create(url="https://h.example.com/x", event_types=["sendmux.test"]))
    raw = await resolve(client.webhooks.with_raw_response.rotate_secret("whk_1"))
    for hook in (created, raw.data):
        assert hook.secret == SECRET
        for text in (repr(hook), str(hook), f"{hook}", f"{hook!r}"):
            assert SECRET not in text
            assert "secret='whsec_…(redacted)'" in text and "id='whk_1'" in text
        logging.getLogger("app").warning("made %r", hook)
    assert SECRET not in caplog.text + repr(raw)


def test_a_model_built_by_hand_is_redacted_too() -> None:
    hook = WebhookSubscriptionWithSecret.from_dict(subscription(secret="whsec_abc"))
    assert "whsec_abc" not in repr(hook) and hook.to_dict()["secret"] == "whsec_abc"
    assert sendmux.models.WebhookSubscriptionWithSecret is type(hook)
