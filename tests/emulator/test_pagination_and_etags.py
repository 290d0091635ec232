"""Cursor pagination over many pages, and weak ETags with If-None-Match (304) and If-Match (409)."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from sendmux_emulator import RunningEmulator


def test_walks_many_pages_newest_first(
    sendmux_emulator_factory: Callable[..., RunningEmulator], client_for: Callable[..., httpx.Client]
) -> None:
    emulator = sendmux_emulator_factory(webhook_limit=130)
    api = client_for(emulator)
    created = [
        api.post("/webhooks", json={"url": f"https://h{i}.example/", "event_types": ["message.bounced"]}).json()[
            "data"
        ]["id"]
        for i in range(125)
    ]
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        params: dict[str, str | int] = {"limit": 10}
        if cursor:
            params["cursor"] = cursor
        body = api.get("/webhooks", params=params).json()
        pages += 1
        seen += [w["id"] for w in body["data"]]
        if not body["pagination"]["has_more"]:
            assert "next_cursor" not in body["pagination"]
            break
        cursor = body["pagination"]["next_cursor"]
        assert len(body["data"]) == 10
    assert pages == 13
    assert seen == created[::-1]
    default_page = api.get("/webhooks").json()
    assert len(default_page["data"]) == 50 and default_page["pagination"]["has_more"] is True
    full_page = api.get("/webhooks", params={"limit": 100}).json()
    assert len(full_page["data"]) == 100


def test_cursor_survives_deletion_and_is_bound_to_its_list(api: httpx.Client) -> None:
    ids = [
        api.post("/webhooks", json={"url": "https://h.example/", "event_types": ["message.bounced"]}).json()["data"][
            "id"
        ]
        for _ in range(3)
    ]
    first = api.get("/webhooks", params={"limit": 1}).json()
    assert [w["id"] for w in first["data"]] == [ids[2]]
    cursor = first["pagination"]["next_cursor"]
    api.delete(f"/webhooks/{ids[2]}")
    rest = api.get("/webhooks", params={"cursor": cursor}).json()
    assert [w["id"] for w in rest["data"]] == [ids[1], ids[0]]
    elsewhere = api.get(f"/webhooks/{ids[0]}/deliveries", params={"cursor": cursor})
    assert elsewhere.status_code == 400
    assert elsewhere.json()["error"]["param"] == "cursor"


def test_etag_if_none_match_and_if_match(api: httpx.Client) -> None:
    webhook = api.post("/webhooks", json={"url": "https://h.example/", "event_types": ["message.bounced"]}).json()[
        "data"
    ]
    path = f"/webhooks/{webhook['id']}"
    first = api.get(path)
    etag = first.headers["etag"]
    assert etag.startswith('W/"') and etag.endswith('"')
    assert api.get(path).headers["etag"] == etag

    not_modified = api.get(path, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified.headers["etag"] == etag
    assert api.get(path, headers={"If-None-Match": f'W/"other", {etag}'}).status_code == 304
    assert api.get(path, headers={"If-None-Match": etag.removeprefix("W/")}).status_code == 304  # weak comparison
    assert api.get(path, headers={"If-None-Match": 'W/"other"'}).status_code == 200

    updated = api.patch(path, json={"name": "renamed"}, headers={"If-Match": etag})
    assert updated.status_code == 200
    new_etag = updated.headers["etag"]
    assert new_etag != etag
    assert api.get(path, headers={"If-None-Match": etag}).status_code == 200

    stale = api.patch(path, json={"name": "lost update"}, headers={"If-Match": etag})
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert stale.headers["etag"] == new_etag
    assert api.get(path).json()["data"]["name"] == "renamed"
    assert api.patch(path, json={"name": "star"}, headers={"If-Match": "*"}).status_code == 200


def test_rotation_and_failing_change_the_etag(api: httpx.Client) -> None:
    webhook = api.post("/webhooks", json={"url": "https://h.example/", "event_types": ["message.bounced"]}).json()[
        "data"
    ]
    path = f"/webhooks/{webhook['id']}"
    etag = api.get(path).headers["etag"]
    api.post(f"{path}/rotate-secret")
    assert api.get(path, headers={"If-None-Match": etag}).status_code == 200


def test_a_cursor_is_bound_to_its_team(
    sendmux_emulator_factory: Callable[..., RunningEmulator], client_for: Callable[..., httpx.Client]
) -> None:
    emulator = sendmux_emulator_factory(api_keys=["smx_root_ours", "smx_root_theirs"])
    ours, theirs = client_for(emulator, api_key="smx_root_ours"), client_for(emulator, api_key="smx_root_theirs")
    body = {"url": "https://h.example/", "event_types": ["message.bounced"]}
    for client in (ours, theirs, ours, theirs):
        client.post("/webhooks", json=body)
    cursor = ours.get("/webhooks", params={"limit": 1}).json()["pagination"]["next_cursor"]
    assert len(ours.get("/webhooks", params={"cursor": cursor}).json()["data"]) == 1
    foreign = theirs.get("/webhooks", params={"cursor": cursor})
    assert foreign.status_code == 400
    assert (foreign.json()["error"]["code"], foreign.json()["error"]["param"]) == ("invalid_parameter", "cursor")


def test_a_deliveries_cursor_is_bound_to_its_webhook(api: httpx.Client, sendmux_emulator: RunningEmulator) -> None:
    body = {"url": "https://127.0.0.1:9/", "event_types": ["message.bounced"]}
    one, two = (api.post("/webhooks", json=body).json()["data"]["id"] for _ in range(2))
    for _ in range(2):
        sendmux_emulator.emit("message.bounced")
    sendmux_emulator.wait_for_deliveries(4)
    cursor = api.get(f"/webhooks/{one}/deliveries", params={"limit": 1}).json()["pagination"]["next_cursor"]
    assert len(api.get(f"/webhooks/{one}/deliveries", params={"cursor": cursor}).json()["data"]) == 1
    for other_list in (f"/webhooks/{two}/deliveries", "/webhooks"):
        answer = api.get(other_list, params={"cursor": cursor})
        assert (answer.status_code, answer.json()["error"]["param"]) == (400, "cursor"), other_list
