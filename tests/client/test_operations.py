"""Every operation in openapi.yaml is reachable through client.webhooks, sync and async, plain and raw, and
each returns the unwrapped ``data`` as the generated model."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

import sendmux
from sendmux import models
from sendmux_spec import Document

from .conftest import Client
from .fakes import SPEC, FakeAPI, method_names, resolve

# operationId -> (method name on client.webhooks, args, kwargs, model of the returned data)
METHODS: dict[str, tuple[str, tuple[Any, ...], dict[str, Any], str]] = {
    "createWebhook": (
        "create",
        (),
        {"url": "https://hooks.example.com/sendmux", "event_types": ["message.bounced"]},
        "WebhookSubscriptionWithSecret",
    ),
    "listWebhooks": ("list_page", (), {"limit": 10}, "Page"),
    "getWebhook": ("get", ("whk_1",), {}, "WebhookSubscription"),
    "updateWebhook": ("update", ("whk_1",), {"enabled": False}, "WebhookSubscription"),
    "deleteWebhook": ("delete", ("whk_1",), {}, "WebhookDeleted"),
    "rotateWebhookSecret": ("rotate_secret", ("whk_1",), {}, "WebhookSubscriptionWithSecret"),
    "testWebhook": ("send_test", ("whk_1",), {}, "WebhookTestResult"),
    "listWebhookDeliveries": ("list_deliveries_page", ("whk_1",), {"limit": 5}, "Page"),
    "getWebhookDeliveryPayload": ("get_delivery_payload", ("whk_1", "whda_1"), {}, "DeliveryPayload"),
}


def spec_operations() -> dict[str, tuple[str, str, int, dict[str, Any]]]:
    """operationId -> (HTTP method, path template, success status, the documented success example)."""
    found = {}
    for op in Document(SPEC).operations:
        status, success = next((k, v.node) for k, v in op.responses.items() if k.startswith("2"))
        example = success["content"]["application/json"]["example"]
        found[str(op.operation_id)] = (op.method.upper(), op.path, int(status), example)
    return found


def test_the_naming_rule_gives_todays_names() -> None:
    names = method_names()
    for op_id, (name, *_) in METHODS.items():
        assert name in names[op_id][1], (op_id, name, names[op_id])


def test_every_operation_in_the_spec_has_a_method_on_every_resource_class() -> None:
    clients = (sendmux.Sendmux(api_key="k"), sendmux.AsyncSendmux(api_key="k"))
    missing = []
    for op_id, (attribute, names) in method_names().items():
        for client in clients:
            resource = getattr(client, attribute, None)
            for holder in (resource, getattr(resource, "with_raw_response", None)):
                missing += [
                    f"{op_id}: {type(holder).__name__}.{n}" for n in names if not callable(getattr(holder, n, None))
                ]
    assert not missing, f"operations in openapi.yaml with no method on the clients: {missing}"
    clients[0].close()


def _documented_answer(op_id: str) -> httpx.Response:
    _, _, status, example = spec_operations()[op_id]
    return httpx.Response(status, json=example, headers={"X-Request-Id": example["meta"]["request_id"]})


def _path_pattern(template: str) -> re.Pattern[str]:
    return re.compile("^/api/v1" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$")


@pytest.mark.anyio
@pytest.mark.parametrize("raw", [False, True], ids=["plain", "raw"])
@pytest.mark.parametrize("op_id", sorted(METHODS))
async def test_each_operation_sends_its_request_and_unwraps_data(
    client: Client, api: FakeAPI, op_id: str, raw: bool
) -> None:
    name, args, kwargs, model_name = METHODS[op_id]
    http_method, template, _, _ = spec_operations()[op_id]
    answer = _documented_answer(op_id)
    api.queue(answer)
    resource: Any = client.webhooks.with_raw_response if raw else client.webhooks
    result = await resolve(getattr(resource, name)(*args, **kwargs))

    (request,) = api.requests
    assert request.method == http_method
    assert _path_pattern(template).match(request.url.path), (request.url.path, template)
    assert request.headers["authorization"].startswith("Bearer ")

    if raw:
        assert isinstance(result, sendmux.APIResponse)
        assert result.status_code == answer.status_code
        assert result.request_id == answer.headers["x-request-id"]
        data = result.data
    else:
        data = result
    expected = answer.json()["data"]
    if model_name == "Page":
        assert isinstance(data, sendmux.Page)
        assert [item.to_dict()["id"] for item in data.data] == [item["id"] for item in expected]
        assert data.has_more == answer.json()["pagination"]["has_more"]
    else:
        assert type(data) is (getattr(models, model_name, None) or getattr(sendmux, model_name))
        round_trip = data.to_dict()
        for key, value in expected.items():
            if key not in ("created_at", "updated_at", "expires_at", "payload"):
                assert round_trip[key] == value, key


def test_models_are_the_generated_classes() -> None:
    import sendmux_client.models as generated

    missing = sorted(set(generated.__all__) - set(models.__all__))
    assert not missing, f"generated models not re-exported by sendmux.models: {missing}"
    for name in models.__all__:
        assert getattr(models, name) is getattr(generated, name)
    with pytest.raises(AttributeError):
        _ = models.NoSuchModel
