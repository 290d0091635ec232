"""Idempotency-Key on the three POSTs: replay, conflicts, in-flight requests, concurrency and expiry."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import anyio
import httpx
import pytest

from sendmux_emulator import RunningEmulator, create_app

from ._spec_check import async_api_client

BODY = {"url": "https://hooks.example.com/sendmux", "event_types": ["sendmux.test"]}


def key(value: str) -> dict[str, str]:
    return {"Idempotency-Key": value}


def test_create_replay_returns_the_original_response(api: httpx.Client) -> None:
    first = api.post("/webhooks", json=BODY, headers=key("create-1"))
    again = api.post("/webhooks", json={"event_types": ["sendmux.test"], "url": BODY["url"]}, headers=key("create-1"))
    assert first.status_code == again.status_code == 201
    assert again.content == first.content  # same id, same secret, same request id
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["x-request-id"] == first.headers["x-request-id"]
    assert len(api.get("/webhooks").json()["data"]) == 1
    other = api.post("/webhooks", json=BODY, headers=key("create-2"))
    assert other.json()["data"]["id"] != first.json()["data"]["id"]


def test_same_key_different_body_is_idempotency_conflict(api: httpx.Client) -> None:
    api.post("/webhooks", json=BODY, headers=key("k"))
    response = api.post("/webhooks", json={**BODY, "name": "different"}, headers=key("k"))
    assert response.status_code == 409
    error = response.json()["error"]
    assert (error["code"], error["retryable"]) == ("idempotency_conflict", False)


def test_keys_are_scoped_per_team_and_route(
    sendmux_emulator_factory: Callable[..., RunningEmulator], client_for: Callable[..., httpx.Client]
) -> None:
    emulator = sendmux_emulator_factory(api_keys=["smx_root_a", "smx_root_b"])
    team_a, team_b = client_for(emulator, api_key="smx_root_a"), client_for(emulator, api_key="smx_root_b")
    a = team_a.post("/webhooks", json=BODY, headers=key("shared")).json()["data"]
    b = team_b.post("/webhooks", json=BODY, headers=key("shared")).json()["data"]
    assert a["id"] != b["id"]
    rotated = team_a.post(f"/webhooks/{a['id']}/rotate-secret", headers=key("shared"))
    assert rotated.status_code == 200  # another route, another scope


def test_rotate_replay_mints_no_second_secret(api: httpx.Client) -> None:
    one = api.post("/webhooks", json=BODY).json()["data"]
    two = api.post("/webhooks", json=BODY).json()["data"]
    first = api.post(f"/webhooks/{one['id']}/rotate-secret", headers=key("rotate"))
    again = api.post(f"/webhooks/{one['id']}/rotate-secret", headers=key("rotate"))
    assert again.content == first.content
    elsewhere = api.post(f"/webhooks/{two['id']}/rotate-secret", headers=key("rotate"))
    assert elsewhere.status_code == 409
    assert elsewhere.json()["error"]["code"] == "idempotency_conflict"
    fresh = api.post(f"/webhooks/{one['id']}/rotate-secret").json()["data"]["secret"]
    assert fresh != first.json()["data"]["secret"]


def test_test_replay_publishes_no_second_event(api: httpx.Client, sendmux_emulator: RunningEmulator) -> None:
    one = api.post("/webhooks", json={**BODY, "enabled": False}).json()["data"]
    two = api.post("/webhooks", json={**BODY, "enabled": False}).json()["data"]
    first = api.post(f"/webhooks/{one['id']}/test", headers=key("test"))
    again = api.post(f"/webhooks/{one['id']}/test", headers=key("test"))
    assert first.json()["data"]["event_id"] == again.json()["data"]["event_id"]
    assert (
        api.post(f"/webhooks/{two['id']}/test", headers=key("test")).json()["error"]["code"] == "idempotency_conflict"
    )


def test_4xx_outcomes_are_stored_and_replayed(api: httpx.Client) -> None:
    missing = api.post("/webhooks/whk_missing/rotate-secret", headers=key("gone"))
    assert missing.status_code == 404
    assert api.post("/webhooks/whk_missing/rotate-secret", headers=key("gone")).content == missing.content
    invalid = api.post(
        "/webhooks", json={"url": "http://x.example/", "event_types": ["sendmux.test"]}, headers=key("bad")
    )
    assert invalid.status_code == 422
    replay = api.post(
        "/webhooks", json={"url": "http://x.example/", "event_types": ["sendmux.test"]}, headers=key("bad")
    )
    assert replay.content == invalid.content


def test_injected_5xx_and_429_are_not_stored(
    sendmux_emulator_factory: Callable[..., RunningEmulator], client_for: Callable[..., httpx.Client]
) -> None:
    emulator = sendmux_emulator_factory(fault_rate=0.5, fault_kinds=["500", "503", "429"], fault_seed=1)
    api = client_for(emulator)
    responses = [api.post("/webhooks", json=BODY, headers=key("retry-me")) for _ in range(8)]
    statuses = [r.status_code for r in responses]
    assert statuses[:3] == [500, 503, 201]  # seed 1: two faults, then the first real run
    successes = [r for r in responses if r.status_code == 201]
    assert len(successes) >= 2 and {r.content for r in successes} == {successes[0].content}
    assert set(statuses) <= {500, 503, 429, 201}
    listed = [r for r in (api.get("/webhooks") for _ in range(6)) if r.status_code == 200]
    assert listed and all(len(r.json()["data"]) == 1 for r in listed)


def test_keys_expire_after_24_hours(api: httpx.Client, sendmux_emulator: RunningEmulator) -> None:
    first = api.post("/webhooks", json=BODY, headers=key("daily")).json()["data"]
    sendmux_emulator.advance_clock(24 * 3600 - 5)
    assert api.post("/webhooks", json=BODY, headers=key("daily")).json()["data"]["id"] == first["id"]
    sendmux_emulator.advance_clock(10)
    later = api.post("/webhooks", json=BODY, headers=key("daily"))
    assert later.status_code == 201 and later.json()["data"]["id"] != first["id"]


@pytest.mark.anyio
async def test_fifty_concurrent_creates_with_one_key_make_one_webhook(sendmux_emulator: RunningEmulator) -> None:
    limits = httpx.Limits(max_connections=50)
    async with async_api_client(sendmux_emulator.base_url, sendmux_emulator.api_key, limits=limits) as client:
        responses = await asyncio.gather(
            *(client.post("/webhooks", json=BODY, headers=key("burst")) for _ in range(50))
        )
        listed = (await client.get("/webhooks")).json()["data"]
    assert len(listed) == 1
    created = [r for r in responses if r.status_code == 201]
    assert created and {r.json()["data"]["id"] for r in created} == {listed[0]["id"]}
    assert {r.json()["data"]["secret"] for r in created} == {created[0].json()["data"]["secret"]}
    others = [r for r in responses if r.status_code != 201]
    assert all(r.status_code == 409 and r.json()["error"]["code"] == "idempotency_conflict" for r in others)


@pytest.mark.anyio
async def test_same_key_while_the_first_is_in_flight_is_409() -> None:
    """In process (ASGI), the body generator resumes only when the app asks for more of the body, which is after
    it claimed the key: so the second request is sent exactly while the first one is being processed."""
    app = create_app()
    release = anyio.Event()
    reading_body = anyio.Event()

    async def slow_body() -> AsyncIterator[bytes]:
        yield b'{"url": "https://hooks.example.com/sendmux", '
        reading_body.set()  # the app asked for the rest: the key is claimed
        await release.wait()
        yield b'"event_types": ["sendmux.test"]}'

    headers = {**key("slow"), "Content-Type": "application/json"}
    transport = httpx.ASGITransport(app=app)
    async with async_api_client("http://emulator/api/v1", "smx_root_dev", transport=transport) as client:
        async with anyio.create_task_group() as group:
            results: dict[str, httpx.Response] = {}

            async def first() -> None:
                results["first"] = await client.post("/webhooks", content=slow_body(), headers=headers)

            group.start_soon(first)
            await reading_body.wait()
            second = await client.post("/webhooks", json=BODY, headers=key("slow"))
            release.set()
        assert second.status_code == 409
        assert second.json()["error"]["code"] == "idempotency_conflict"
        assert "still being processed" in second.json()["error"]["message"]
        assert results["first"].status_code == 201
        replay = await client.post("/webhooks", json=BODY, headers=key("slow"))
        assert replay.content == results["first"].content
    await app.state.emulator.aclose()
