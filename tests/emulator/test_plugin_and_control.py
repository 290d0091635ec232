"""The pytest plugin, the control routes behind it, the configuration, and the app used in-process."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import httpx
import pytest

from sendmux_emulator import EmulatorConfig, EmulatorOptions, RunningEmulator, create_app

from ._spec_check import async_api_client

JSON = {"Content-Type": "application/json"}
DEEP = b"[" * 5000 + b"]" * 5000  # nested deeper than json.loads can go


def test_fixture_surface(sendmux_emulator: RunningEmulator, api: httpx.Client) -> None:
    assert sendmux_emulator.base_url.startswith("http://127.0.0.1:")
    assert sendmux_emulator.base_url.endswith("/api/v1")
    assert sendmux_emulator.api_key == "smx_root_dev"
    webhook = api.post("/webhooks", json={"url": "https://127.0.0.1:9/", "event_types": ["message.received"]})
    emitted = sendmux_emulator.emit("message.received", mailbox_id="mbx_7")
    assert emitted["event"]["data"]["mailbox_id"] == "mbx_7"
    assert emitted["webhook_ids"] == [webhook.json()["data"]["id"]]
    [record] = sendmux_emulator.wait_for_deliveries(1)
    assert record["event_id"] == emitted["event"]["id"]
    assert record["error_message"] == "connection_refused"
    assert record["webhook_id"] == webhook.json()["data"]["id"] and record["team"] == "smx_root_dev"
    assert sendmux_emulator.deliveries(event_id="evt_other") == []
    assert sendmux_emulator.deliveries(webhook_id=record["webhook_id"]) == [record]
    with pytest.raises(TimeoutError):
        sendmux_emulator.wait_for_deliveries(2, timeout=0.1)
    sendmux_emulator.reset()
    assert api.get("/webhooks").json()["data"] == []
    assert sendmux_emulator.deliveries() == []
    with sendmux_emulator.client() as plain:
        assert plain.get("/webhooks").status_code == 200


def test_the_fixture_starts_each_test_empty_part_1(sendmux_emulator: RunningEmulator, api: httpx.Client) -> None:
    api.post("/webhooks", json={"url": "https://h.example/", "event_types": ["message.bounced"]})


def test_the_fixture_starts_each_test_empty_part_2(sendmux_emulator: RunningEmulator, api: httpx.Client) -> None:
    assert api.get("/webhooks").json()["data"] == []


@pytest.mark.slow
def test_users_load_the_plugin_with_pytest_plugins(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["sendmux_emulator.pytest_plugin"]\n')
    (tmp_path / "test_user.py").write_text(
        textwrap.dedent(
            """
            import httpx

            def test_default(sendmux_emulator):
                headers = {"Authorization": f"Bearer {sendmux_emulator.api_key}"}
                body = {"url": "https://127.0.0.1:9/", "event_types": ["message.bounced"]}
                created = httpx.post(sendmux_emulator.base_url + "/webhooks", json=body, headers=headers)
                assert created.status_code == 201
                event = sendmux_emulator.emit("message.bounced")["event"]
                assert sendmux_emulator.wait_for_deliveries(1)[0]["event_id"] == event["id"]

            def test_factory(sendmux_emulator_factory):
                emulator = sendmux_emulator_factory(rate_limit=1)
                with emulator.client() as client:
                    statuses = [client.get("/webhooks").status_code for _ in range(3)]
                    assert statuses[0] == 200 and 429 in statuses  # 1 a minute (a new minute may start)
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def control(emulator: RunningEmulator, method: str, path: str, **kwargs: Any) -> httpx.Response:
    response = httpx.request(method, emulator.root_url + "/_emulator" + path, trust_env=False, **kwargs)
    assert response.headers["x-request-id"] == response.json()["meta"]["request_id"]
    assert response.headers["cache-control"] == "no-store"
    return response


@pytest.mark.parametrize(
    ("body", "status", "code", "param"),
    [
        ({}, 400, "missing_parameter", "type"),
        ({"type": "message.exploded"}, 422, "validation_error", "type"),
        ({"type": "message.bounced", "colour": "red"}, 400, "invalid_parameter", "colour"),
        ({"type": "message.bounced", "data": {"subject": "hi"}}, 400, "invalid_parameter", "data.subject"),
        (
            {"type": "message.bounced", "data": {"recipients": "a@b.example"}},
            422,
            "validation_error",
            "data.recipients",
        ),
        ({"type": "message.bounced", "data": []}, 400, "invalid_parameter", "data"),
        ({"type": "message.bounced", "team": "nobody"}, 404, "not_found", "team"),
        ({"type": "message.bounced", "occurred_at": "yesterday"}, 400, "invalid_parameter", "occurred_at"),
        ({"type": "message.bounced", "occurred_at": "2026-04-23T10:15:30"}, 400, "invalid_parameter", "occurred_at"),
    ],
)
def test_emit_refuses_bad_events(
    sendmux_emulator: RunningEmulator, body: dict[str, Any], status: int, code: str, param: str
) -> None:
    response = control(sendmux_emulator, "POST", "/events", json=body)
    assert response.status_code == status
    assert (response.json()["error"]["code"], response.json()["error"]["param"]) == (code, param)


def test_control_route_errors(sendmux_emulator: RunningEmulator) -> None:
    assert control(sendmux_emulator, "POST", "/events", content=b"{").json()["error"]["code"] == "invalid_parameter"
    assert control(sendmux_emulator, "POST", "/events", json=[1]).json()["error"]["param"] == "body"
    clock = control(sendmux_emulator, "POST", "/clock", json={"advance_seconds": -1})
    assert (clock.status_code, clock.json()["error"]["param"]) == (400, "advance_seconds")
    missing = control(sendmux_emulator, "GET", "/nothing-here")
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")
    wrong_method = control(sendmux_emulator, "GET", "/reset")
    assert wrong_method.status_code == 404
    with pytest.raises(ValueError, match="validation_error"):
        sendmux_emulator.emit("message.exploded")
    health = control(sendmux_emulator, "GET", "/health").json()["data"]
    assert health["status"] == "ok" and health["config"]["teams"] == ["smx_root_dev"]


def test_options_mirror_the_configuration() -> None:
    fields = {f.name for f in dataclasses.fields(EmulatorConfig) if f.init}
    assert set(EmulatorOptions.__annotations__) == fields


@pytest.mark.parametrize(
    "options",
    [
        {"api_keys": []},
        {"api_keys": "smx_root_dev"},
        {"api_keys": ["smx_root_"]},
        {"api_keys": ["smx_root_a="]},
        {"api_keys": ["smx_root_a", "smx_root_a=other"]},
        {"api_keys": [], "no_webhook_api_keys": ["smx_root_billing"]},  # nothing could use the control API
        {"api_keys": ["smx_root_a"], "no_webhook_api_keys": ["smx_root_a"]},
        {"webhook_limit": True},
        {"time_scale": float("inf")},
        {"fault_kinds": []},
        {"fault_rate": -0.1},
    ],
)
def test_invalid_configuration_raises(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        EmulatorConfig(**options)


@pytest.mark.anyio
async def test_the_app_works_in_process_without_a_server() -> None:
    app = create_app(EmulatorConfig(webhook_limit=1), rate_limit=50)
    assert app.state.emulator.config.webhook_limit == 1
    transport = httpx.ASGITransport(app=app)
    async with async_api_client("http://emulator/api/v1", "smx_root_dev", transport=transport) as api:
        created = await api.post("/webhooks", json={"url": "https://h.example/", "event_types": ["sendmux.test"]})
        assert created.status_code == 201
        assert created.headers["x-ratelimit-limit"] == "50"
        again = await api.post("/webhooks", json={"url": "https://h.example/", "event_types": ["sendmux.test"]})
        assert again.json()["error"]["code"] == "limit_exceeded"
        listed = await api.get("/webhooks")
        assert [w["id"] for w in listed.json()["data"]] == [created.json()["data"]["id"]]
    await app.state.emulator.aclose()


@pytest.mark.parametrize("body", [b'{"advance_seconds": NaN}', b'{"advance_seconds": 1e12}'])
def test_the_control_clock_refuses_steps_it_cannot_take(sendmux_emulator: RunningEmulator, body: bytes) -> None:
    answer = httpx.post(f"{sendmux_emulator.root_url}/_emulator/clock", content=body, headers=JSON)
    assert answer.status_code == 400
    with sendmux_emulator.client() as client:
        assert client.get("/webhooks").status_code == 200  # and the API still works


@pytest.mark.parametrize(
    "body",
    [
        b'{"type": "message.delivery_delayed", "occurred_at": "9999-12-31T23:00:00+00:00"}',
        b'{"type": "message.bounced", "occurred_at": "0001-01-01T00:00:00+05:00"}',
        b'{"type": "message.bounced", "data": {"sender": "\\ud800"}}',
        DEEP,
    ],
)
def test_the_control_emit_refuses_bodies_it_cannot_use(sendmux_emulator: RunningEmulator, body: bytes) -> None:
    answer = httpx.post(f"{sendmux_emulator.root_url}/_emulator/events", content=body, headers=JSON)
    assert answer.status_code == 400, answer.text
