"""examples/receiver.py, driven through Starlette's TestClient as Sendmux would call it."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from sendmux import WebhookEvent, sign_webhook

from .deliveries import OLD_SECRET, SECRET, event_body

with warnings.catch_warnings():
    # Starlette 1.x prefers the httpx2 fork for its TestClient; the locked dev tools have httpx, which works.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

SAFETY_TIMEOUT = 60.0
"""How long a wait may take before the test fails: far beyond any real delay, so only a hang reaches it."""
RECEIVER_PATH = Path(__file__).resolve().parents[2] / "examples" / "receiver.py"


@pytest.fixture(scope="module")
def receiver() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sendmux_example_receiver", RECEIVER_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class Recorder:
    """A handler that records the ids it handled, so the test can wait for the background worker."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self._changed = threading.Condition()

    async def __call__(self, event: WebhookEvent) -> None:
        if event.type == "test.fail":
            raise RuntimeError("handler bug")
        with self._changed:
            self.ids.append(event.id)
            self._changed.notify_all()

    def wait_for(self, count: int) -> list[str]:
        with self._changed:
            assert self._changed.wait_for(lambda: len(self.ids) >= count, SAFETY_TIMEOUT), f"handled only {self.ids}"
            return list(self.ids)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def client(receiver: ModuleType, recorder: Recorder) -> Iterator[TestClient]:
    app = receiver.create_app([OLD_SECRET, SECRET], recorder)
    with TestClient(app) as test_client:  # runs the lifespan, so the worker is up
        yield test_client


def deliver(client: TestClient, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, str]:
    response = client.post("/sendmux", content=body, headers=headers or sign_webhook(body, SECRET))
    return response.status_code, response.text


def test_verified_event_is_accepted_and_handled(client: TestClient, recorder: Recorder) -> None:
    assert deliver(client, event_body(id="evt_1")) == (202, "accepted")
    assert recorder.wait_for(1) == ["evt_1"]


def test_a_redelivered_event_is_acknowledged_but_handled_once(client: TestClient, recorder: Recorder) -> None:
    body = event_body(id="evt_1")
    assert deliver(client, body) == (202, "accepted")
    assert deliver(client, body, {**sign_webhook(body, SECRET), "X-Sendmux-Delivery-Attempt": "2"}) == (
        200,
        "duplicate",
    )
    assert deliver(client, event_body(id="evt_2")) == (202, "accepted")
    assert recorder.wait_for(2) == ["evt_1", "evt_2"]  # the queue is FIFO: a second evt_1 would sit between


def test_old_secret_still_verifies_during_rotation(client: TestClient, recorder: Recorder) -> None:
    body = event_body(id="evt_old")
    assert deliver(client, body, sign_webhook(body, OLD_SECRET)) == (202, "accepted")
    assert recorder.wait_for(1) == ["evt_old"]


def test_bad_deliveries_get_400_with_the_reason(client: TestClient, recorder: Recorder) -> None:
    body = event_body(id="evt_bad")
    status, text = deliver(client, body.replace(b"Permanent", b"Transient"), sign_webhook(body, SECRET))
    assert (status, text.split(":")[0]) == (400, "no matching signature")
    assert deliver(client, body, {"Content-Type": "application/json"}) == (
        400,
        "missing header: X-Sendmux-Signature",
    )
    stale = sign_webhook(body, SECRET, timestamp=int(time.time()) - 3600)
    status, text = deliver(client, body, stale)
    assert (status, text.split(":")[0]) == (400, "timestamp outside tolerance")
    assert deliver(client, event_body(id="evt_after")) == (202, "accepted")
    assert recorder.wait_for(1) == ["evt_after"]  # nothing rejected reached the handler


def test_the_rejected_id_is_not_remembered(client: TestClient, recorder: Recorder) -> None:
    body = event_body(id="evt_1")
    assert deliver(client, body, sign_webhook(body, "whsec_forged"))[0] == 400
    assert deliver(client, body) == (202, "accepted")
    assert recorder.wait_for(1) == ["evt_1"]


def test_a_failing_handler_does_not_stop_the_worker(client: TestClient, recorder: Recorder) -> None:
    assert deliver(client, event_body("test.fail", id="evt_boom")) == (202, "accepted")
    assert deliver(client, event_body(id="evt_next")) == (202, "accepted")
    assert recorder.wait_for(1) == ["evt_next"]


def test_oversized_body_is_refused_before_verification(client: TestClient, receiver: ModuleType) -> None:
    body = b"x" * (receiver.MAX_BODY_BYTES + 1)
    assert deliver(client, body) == (413, "body too large")


def test_slow_work_does_not_delay_the_answer(receiver: ModuleType) -> None:
    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    async def slow(event: WebhookEvent) -> None:
        started.set()
        await asyncio.to_thread(release.wait, SAFETY_TIMEOUT)  # works until the test lets it finish
        finished.set()

    with TestClient(receiver.create_app(SECRET, slow)) as client:
        assert deliver(client, event_body(id="evt_1")) == (202, "accepted")
        assert deliver(client, event_body(id="evt_2")) == (202, "accepted")
        assert not finished.is_set()  # both answered while the handler was still at work
        assert started.wait(SAFETY_TIMEOUT)
        release.set()


def test_require_timestamp(receiver: ModuleType, recorder: Recorder) -> None:
    with TestClient(receiver.create_app(SECRET, recorder, require_timestamp=True)) as client:
        body = event_body(id="evt_1")
        status, text = deliver(client, body)
        assert (status, text.split(":")[0]) == (400, "missing header")
        assert deliver(client, body, sign_webhook(body, SECRET, timestamp=int(time.time()))) == (202, "accepted")
        assert recorder.wait_for(1) == ["evt_1"]


@pytest.mark.parametrize("variable", ["SENDMUX_WEBHOOK_SECRET", "SENDMUX_WEBHOOK_SECRETS"])
def test_app_from_env_reads_comma_separated_secrets(
    receiver: ModuleType, recorder: Recorder, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    for name in ("SENDMUX_WEBHOOK_SECRET", "SENDMUX_WEBHOOK_SECRETS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, f" {OLD_SECRET} , {SECRET} ")
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        app = receiver.app_from_env()
    assert [str(w.message).split(" ")[0] for w in warned] == (
        ["SENDMUX_WEBHOOK_SECRETS"] if variable.endswith("S") else []
    )
    with TestClient(app) as client:
        body = event_body(id="evt_env")
        assert deliver(client, body, sign_webhook(body, OLD_SECRET)) == (202, "accepted")
        assert deliver(client, event_body(id="evt_env2")) == (202, "accepted")
