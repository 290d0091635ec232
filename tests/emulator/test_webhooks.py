"""The webhook routes' documented behaviour: create, list, get, update, delete, rotate, auth and teams."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from sendmux_emulator import RunningEmulator

from ._spec_check import TIMESTAMP


def create(api: httpx.Client, **fields: Any) -> dict[str, Any]:
    body = {"url": "https://hooks.example.com/sendmux", "event_types": ["message.bounced"], **fields}
    response = api.post("/webhooks", json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def test_create_returns_201_location_and_the_secret_once(api: httpx.Client) -> None:
    response = api.post(
        "/webhooks",
        json={"url": "https://hooks.example.com/a", "event_types": ["message.bounced", "message.received"]},
    )
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["id"].startswith("whk_")
    assert response.headers["location"] == f"/api/v1/webhooks/{data['id']}"
    assert data["secret"].startswith("whsec_") and len(data["secret"]) > len("whsec_")
    assert data["name"] is None
    assert data["filters"] == {"mailbox_ids": []}
    assert (data["enabled"], data["failing"]) == (True, False)
    assert TIMESTAMP.match(data["created_at"]) and data["created_at"] == data["updated_at"]
    fetched = api.get(response.headers["location"].removeprefix("/api/v1")).json()["data"]
    assert "secret" not in fetched
    assert fetched == {k: v for k, v in data.items() if k != "secret"}


def test_create_keeps_order_and_drops_duplicate_event_types(api: httpx.Client) -> None:
    data = create(
        api,
        event_types=["message.received", "sendmux.test", "message.received"],
        name="Inbound",
        filters={"mailbox_ids": ["mbx_1"]},
        enabled=False,
    )
    assert data["event_types"] == ["message.received", "sendmux.test"]
    assert (data["name"], data["filters"], data["enabled"]) == ("Inbound", {"mailbox_ids": ["mbx_1"]}, False)


def test_list_is_newest_first_without_secrets(api: httpx.Client) -> None:
    ids = [create(api, name=f"n{i}")["id"] for i in range(3)]
    body = api.get("/webhooks").json()
    assert [w["id"] for w in body["data"]] == ids[::-1]
    assert body["pagination"] == {"has_more": False}
    assert all("secret" not in w for w in body["data"])


def test_update_is_partial_and_name_null_clears(api: httpx.Client) -> None:
    webhook = create(api, name="Label")
    response = api.patch(f"/webhooks/{webhook['id']}", json={"event_types": ["message.delivered"]})
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["event_types"] == ["message.delivered"]
    assert (data["name"], data["url"]) == ("Label", webhook["url"])
    assert "secret" not in data and response.headers["etag"].startswith('W/"')
    cleared = api.patch(f"/webhooks/{webhook['id']}", json={"name": None}).json()["data"]
    assert cleared["name"] is None
    scoped = api.patch(f"/webhooks/{webhook['id']}", json={"filters": {"mailbox_ids": ["mbx_2"]}}).json()["data"]
    assert scoped["filters"] == {"mailbox_ids": ["mbx_2"]}


def test_empty_patch_is_a_no_op(api: httpx.Client) -> None:
    webhook = create(api)
    before = api.get(f"/webhooks/{webhook['id']}")
    response = api.patch(f"/webhooks/{webhook['id']}", json={})
    assert response.status_code == 200
    assert response.json()["data"] == before.json()["data"]
    assert response.headers["etag"] == before.headers["etag"]


def test_delete_then_everything_is_404(api: httpx.Client) -> None:
    webhook = create(api, event_types=["sendmux.test"])
    response = api.delete(f"/webhooks/{webhook['id']}")
    assert response.status_code == 200
    assert response.json()["data"] == {"deleted": True, "id": webhook["id"]}
    for method, path in [
        ("GET", ""),
        ("PATCH", ""),
        ("DELETE", ""),
        ("POST", "/rotate-secret"),
        ("POST", "/test"),
        ("GET", "/deliveries"),
        ("GET", "/deliveries/whda_x/payload"),
    ]:
        kwargs: dict[str, Any] = {"json": {}} if method == "PATCH" else {}
        gone = api.request(method, f"/webhooks/{webhook['id']}{path}", **kwargs)
        assert gone.status_code == 404, (method, path)
        assert gone.json()["error"]["code"] == "not_found"
        assert gone.json()["error"]["retryable"] is False


def test_rotate_returns_a_new_secret_and_bumps_updated_at(api: httpx.Client, sendmux_emulator: RunningEmulator) -> None:
    webhook = create(api)
    sendmux_emulator.advance_clock(5)
    response = api.post(f"/webhooks/{webhook['id']}/rotate-secret")
    assert response.status_code == 200
    rotated = response.json()["data"]
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != webhook["secret"]
    assert rotated["updated_at"] > webhook["updated_at"]
    assert rotated["created_at"] == webhook["created_at"]


def test_test_route_needs_sendmux_test_subscription(api: httpx.Client) -> None:
    webhook = create(api, event_types=["message.bounced"])
    response = api.post(f"/webhooks/{webhook['id']}/test")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    subscribed = create(api, event_types=["sendmux.test"], enabled=False)
    accepted = api.post(f"/webhooks/{subscribed['id']}/test")
    assert accepted.status_code == 200
    assert accepted.json()["data"]["event_id"].startswith("evt_")


def test_team_limit_is_409_limit_exceeded(
    sendmux_emulator_factory: Callable[..., RunningEmulator], client_for: Callable[..., httpx.Client]
) -> None:
    emulator = sendmux_emulator_factory(webhook_limit=2)
    api = client_for(emulator)
    create(api)
    last = create(api)
    response = api.post("/webhooks", json={"url": "https://x.example/", "event_types": ["message.bounced"]})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "limit_exceeded"
    assert response.json()["error"]["retryable"] is False
    api.delete(f"/webhooks/{last['id']}")
    create(api)


def test_authentication(sendmux_emulator: RunningEmulator, client_for: Callable[..., httpx.Client]) -> None:
    cases = {
        "missing": client_for(sendmux_emulator, api_key=None),
        "unknown": client_for(sendmux_emulator, api_key="smx_root_unknown"),
        "mailbox key": client_for(sendmux_emulator, api_key="smx_mbx_abc"),
        "agent token": client_for(sendmux_emulator, api_key="smx_agent_abc"),
        "basic scheme": client_for(sendmux_emulator, api_key=None, headers={"Authorization": "Basic abc"}),
    }
    for name, client in cases.items():
        for method, path in [("GET", "/webhooks"), ("POST", "/webhooks"), ("GET", "/webhooks/whk_1")]:
            response = client.request(method, path)
            assert response.status_code == 401, (name, method, path)
            assert response.json()["error"]["code"] == "authentication_required"


def test_readonly_key_reads_but_cannot_write(
    sendmux_emulator_factory: Callable[..., RunningEmulator], client_for: Callable[..., httpx.Client]
) -> None:
    emulator = sendmux_emulator_factory(api_keys=["smx_root_admin=acme"], readonly_api_keys=["smx_root_viewer=acme"])
    admin = client_for(emulator, api_key="smx_root_admin")
    viewer = client_for(emulator, api_key="smx_root_viewer")
    webhook = create(admin, event_types=["sendmux.test"])
    assert viewer.get("/webhooks").json()["data"][0]["id"] == webhook["id"]
    assert viewer.get(f"/webhooks/{webhook['id']}").status_code == 200
    assert viewer.get(f"/webhooks/{webhook['id']}/deliveries").status_code == 200
    writes = [
        ("POST", "/webhooks", "webhook.create"),
        ("PATCH", f"/webhooks/{webhook['id']}", "webhook.update"),
        ("DELETE", f"/webhooks/{webhook['id']}", "webhook.delete"),
        ("POST", f"/webhooks/{webhook['id']}/rotate-secret", "webhook.manage"),
        ("POST", f"/webhooks/{webhook['id']}/test", "webhook.manage"),
    ]
    for method, path, permission in writes:
        response = viewer.request(method, path, json={"enabled": False} if method == "PATCH" else None)
        assert response.status_code == 403, (method, path)
        assert response.json()["error"]["code"] == "insufficient_permissions"
        assert permission in response.json()["error"]["message"]
    assert admin.get(f"/webhooks/{webhook['id']}").json()["data"]["enabled"] is True


def test_a_key_without_webhook_permissions_is_denied_every_route(
    sendmux_emulator_factory: Callable[..., RunningEmulator], client_for: Callable[..., httpx.Client]
) -> None:
    emulator = sendmux_emulator_factory(api_keys=["smx_root_admin=acme"], no_webhook_api_keys=["smx_root_billing=acme"])
    admin = client_for(emulator, api_key="smx_root_admin")
    billing = client_for(emulator, api_key="smx_root_billing")
    webhook = create(admin, event_types=["sendmux.test"])
    routes = [
        ("GET", "/webhooks", "webhook.read"),
        ("GET", f"/webhooks/{webhook['id']}", "webhook.read"),
        ("GET", f"/webhooks/{webhook['id']}/deliveries", "webhook.read"),
        ("GET", f"/webhooks/{webhook['id']}/deliveries/whda_doesnotexist000000000000/payload", "webhook.read"),
        ("POST", "/webhooks", "webhook.create"),
        ("PATCH", f"/webhooks/{webhook['id']}", "webhook.update"),
        ("DELETE", f"/webhooks/{webhook['id']}", "webhook.delete"),
        ("POST", f"/webhooks/{webhook['id']}/rotate-secret", "webhook.manage"),
        ("POST", f"/webhooks/{webhook['id']}/test", "webhook.manage"),
    ]
    for method, path, permission in routes:
        response = billing.request(method, path, json={"enabled": False} if method == "PATCH" else None)
        assert response.status_code == 403, (method, path)
        assert response.json()["error"]["code"] == "insufficient_permissions"
        assert permission in response.json()["error"]["message"]
    assert admin.get(f"/webhooks/{webhook['id']}").json()["data"]["enabled"] is True


def test_teams_are_isolated(
    sendmux_emulator_factory: Callable[..., RunningEmulator], client_for: Callable[..., httpx.Client]
) -> None:
    emulator = sendmux_emulator_factory(
        api_keys=["smx_root_a1=alpha", "smx_root_a2=alpha", "smx_root_b"], webhook_limit=1
    )
    alpha1, alpha2 = client_for(emulator, api_key="smx_root_a1"), client_for(emulator, api_key="smx_root_a2")
    beta = client_for(emulator, api_key="smx_root_b")
    webhook = create(alpha1, event_types=["sendmux.test"])
    assert alpha2.get(f"/webhooks/{webhook['id']}").status_code == 200
    assert beta.get("/webhooks").json()["data"] == []
    for method, path in [("GET", ""), ("DELETE", ""), ("POST", "/rotate-secret"), ("POST", "/test")]:
        response = beta.request(method, f"/webhooks/{webhook['id']}{path}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    create(beta)  # the limit is per team
    assert (
        alpha2.post("/webhooks", json={"url": "https://a.example/", "event_types": ["sendmux.test"]}).status_code == 409
    )


def test_unknown_routes_are_404_envelopes(api: httpx.Client, sendmux_emulator: RunningEmulator) -> None:
    for method, path in [
        ("GET", "/nope"),
        ("GET", "/webhooks/whk_1/other"),
        ("GET", "/webhooks/"),
    ]:
        response = api.request(method, path)
        assert response.status_code == 404, (method, path)
        assert response.json()["error"]["code"] == "not_found"
    for method, path, allowed in [
        ("PUT", "/webhooks", "GET, HEAD, POST"),
        ("TRACE", "/webhooks/whk_1", "DELETE, GET, HEAD, PATCH"),
    ]:
        response = api.request(method, path)  # a path the API has, a method it does not declare there
        assert (response.status_code, response.headers["allow"]) == (405, allowed), (method, path)
        assert response.json()["error"]["code"] == "not_found"
    outside = httpx.get(sendmux_emulator.root_url + "/elsewhere", trust_env=False)
    assert outside.status_code == 404
    assert outside.json()["error"]["code"] == "not_found"
    assert outside.headers["x-request-id"] == outside.json()["meta"]["request_id"]


def test_an_encoded_slash_stays_inside_the_id(api: httpx.Client) -> None:
    webhook = create(api, event_types=["sendmux.test"])
    for method, raw, status in [
        ("GET", f"/webhooks/{webhook['id']}%2Fdeliveries", 404),
        ("GET", f"/webhooks/{webhook['id']}%2fdeliveries?limit=1", 404),
        # would send a test event if routed on the decoded path; on /webhooks/{public_id}, POST is not a method
        ("POST", f"/webhooks/{webhook['id']}%2Ftest", 405),
    ]:
        response = api.request(method, raw)
        assert b"%2" in response.request.url.raw_path, "the client must send the slash encoded"
        assert response.status_code == status, (method, raw, response.text)
        assert response.json()["error"]["code"] == "not_found"
    assert api.get(f"/webhooks/{webhook['id']}").status_code == 200  # nothing was deleted
