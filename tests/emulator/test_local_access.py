"""Only the emulator's user can drive it, not a web page they happen to open: the ``Host`` header must name the
emulator (a page that rebinds its own name to 127.0.0.1 is refused), the control routes that change state take
only ``application/json`` (which a page cannot send without the browser asking first) and refuse a foreign
``Origin``, and they read at most the API's 64 KiB. Bound beyond loopback, the built-in development key is
refused on the API too. Secrets show at most their last four characters, and never more than a third."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from sendmux_emulator import EmulatorConfig, RunningEmulator, create_app

SUBSCRIPTION = {"url": "http://127.0.0.1:9/x", "event_types": ["message.bounced"]}


def _port(emulator: RunningEmulator) -> str:
    return emulator.root_url.rsplit(":", 1)[1]


@pytest.mark.parametrize("path", ["/_emulator/state", "/_emulator/", "/api/v1/webhooks"])
def test_a_host_header_that_does_not_name_the_emulator_is_refused(sendmux_emulator: RunningEmulator, path: str) -> None:
    with httpx.Client(base_url=sendmux_emulator.root_url, trust_env=False) as http:
        auth = {"Authorization": f"Bearer {sendmux_emulator.api_key}"}
        rebound = http.get(path, headers={**auth, "Host": f"attacker.example:{_port(sendmux_emulator)}"})
        named = [
            http.get(path, headers={**auth, "Host": f"{h}:{_port(sendmux_emulator)}"}) for h in ("localhost", "[::1]")
        ]
    assert rebound.status_code == 403
    assert "attacker.example" in rebound.text and "Host" in rebound.text
    assert [answer.status_code for answer in named] == [200, 200]


def test_state_changing_control_routes_take_only_json(sendmux_emulator: RunningEmulator) -> None:
    with httpx.Client(base_url=sendmux_emulator.root_url, trust_env=False) as http:
        plain = http.post(
            "/_emulator/webhooks", content=json.dumps(SUBSCRIPTION), headers={"Content-Type": "text/plain"}
        )
        form = http.post("/_emulator/events", data={"type": "message.bounced"})
        bare = http.post("/_emulator/reset")
        listed = http.get("/_emulator/webhooks").json()["data"]
        done = http.post("/_emulator/webhooks", json=SUBSCRIPTION)
    assert [a.status_code for a in (plain, form, bare)] == [400, 400, 400]
    assert plain.json()["error"]["param"] == "Content-Type"
    assert listed == [] and done.status_code == 201


def test_a_foreign_origin_is_refused(sendmux_emulator: RunningEmulator) -> None:
    own = sendmux_emulator.root_url
    with httpx.Client(base_url=own, trust_env=False) as http:
        foreign = [
            http.post("/_emulator/webhooks", json=SUBSCRIPTION, headers={"Origin": origin})
            for origin in ("http://evil.example", f"http://localhost:{int(_port(sendmux_emulator)) + 1}", "null")
        ]
        created = http.post("/_emulator/webhooks", json=SUBSCRIPTION, headers={"Origin": own})
        deleted = http.delete(
            f"/_emulator/webhooks/{created.json()['data']['id']}", headers={"Origin": "http://evil.example"}
        )
    assert [a.status_code for a in foreign] == [403, 403, 403] and deleted.status_code == 403
    assert created.status_code == 201  # the inspector page's own origin


@pytest.mark.anyio
@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
async def test_a_50_mb_control_body_is_refused_after_at_most_64_kib(declared: bool) -> None:
    app = create_app()
    chunk, total = b" " * 65536, 50 * 1024 * 1024
    pulled: list[int] = []

    async def body() -> AsyncIterator[bytes]:
        yield b'{"type": "message.bounced"'
        while sum(pulled) < total:
            pulled.append(len(chunk))
            yield chunk
        yield b"}"

    headers = {"Content-Type": "application/json", **({"Content-Length": str(total + 28)} if declared else {})}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        answer = await http.post("/_emulator/events", content=body(), headers=headers)
    await app.state.emulator.aclose()
    assert answer.status_code == 413 and answer.json()["error"]["code"] == "payload_too_large"
    assert sum(pulled) <= (0 if declared else 64 * 1024 + len(chunk))


@pytest.mark.parametrize(
    ("secret", "shown"),
    [
        ("whsec_test", "t"),
        ("whsec_ab", ""),
        ("whsec_inspector_demo_secret_9f3a", "9f3a"),
        ("whsec_" + "0" * 60 + "c0de", "c0de"),
    ],
)
def test_a_secret_shows_at_most_four_characters_and_never_a_third_of_it(
    sendmux_emulator: RunningEmulator, secret: str, shown: str
) -> None:
    hook = sendmux_emulator.subscribe("http://127.0.0.1:9/x", secret=secret if len(secret) >= 8 else None)
    sendmux_emulator.pin_secret(hook["id"], secret)
    with httpx.Client(base_url=sendmux_emulator.root_url, trust_env=False) as http:
        state = http.get("/_emulator/state").json()["data"]
        pinned = http.put(f"/_emulator/webhooks/{hook['id']}/secret", json={"secret": secret}).json()["data"]
    assert [w["secret_last4"] for w in state["webhooks"]] == [shown] and pinned["secret_last4"] == shown


def _beyond_loopback(config: EmulatorConfig) -> Any:
    """The app as the server wraps it when bound to 192.0.2.10 (a documentation address: nothing is bound)."""
    from sendmux_emulator._serve.local_only import LocalOnly

    return LocalOnly(create_app(config), bound_host="192.0.2.10")


@pytest.mark.anyio
async def test_beyond_loopback_the_development_key_is_refused_on_the_api() -> None:
    app = _beyond_loopback(EmulatorConfig(api_keys=("smx_root_dev", "smx_root_chosen_by_the_operator")))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://192.0.2.10:8025/api/v1") as http:
        body = {"url": "https://hooks.example.com/x", "event_types": ["message.bounced"]}
        dev = await http.post("/webhooks", json=body, headers={"Authorization": "Bearer smx_root_dev"})
        own = await http.post(
            "/webhooks", json=body, headers={"Authorization": "Bearer smx_root_chosen_by_the_operator"}
        )
    await app.app.state.emulator.aclose()
    assert dev.status_code == 401 and "development key" in dev.json()["error"]["message"]
    assert own.status_code == 201


def test_the_command_line_says_so_when_it_binds_beyond_loopback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sendmux_emulator._serve import cli

    def serve(config: EmulatorConfig, host: str, port: int, on_started: Any) -> None:  # no socket is opened
        on_started(f"http://{host}:{port}/api/v1")

    monkeypatch.setattr(cli, "serve", serve)
    assert cli.main(["--host", "0.0.0.0", "--port", "8025"]) == 0
    err = capsys.readouterr().err
    assert "The development key smx_root_dev is refused on the API: give --api-key" in err


def test_loopback_emulators_still_take_the_development_key(sendmux_emulator: RunningEmulator) -> None:
    with sendmux_emulator.client() as api:
        assert api.get("/webhooks").status_code == 200
