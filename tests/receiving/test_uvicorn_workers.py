"""An ``async def`` handler under ``uvicorn --workers 4``, real worker processes sharing one store (SQLite, then
Redis through ``redis.asyncio``): every event runs once however many workers receive it at the same moment, and
an event whose handler failed runs again on Sendmux's retry."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from sendmux import sign_webhook

from ..webhooks.deliveries import SECRET, event_body
from .conftest import SAFETY_TIMEOUT, free_port

WORKERS = 4
EVENTS = 12
COPIES = 6  # each event delivered this many times at once, as redeliveries racing the first

APP = """
import asyncio, os
from fastapi import FastAPI
from sendmux.receiving import AsyncRedisStore, SQLiteStore, WebhookRouter
from sendmux.receiving.starlette import webhook_endpoint

kind, _, where = os.environ["TEST_STORE"].partition(":")
if kind == "sqlite":
    store = SQLiteStore(where)
else:
    import redis.asyncio
    store = AsyncRedisStore(redis.asyncio.Redis(host="127.0.0.1", port=int(where)))
router = WebhookRouter(store=store)  # SENDMUX_WEBHOOK_SECRET

@router.on("message.bounced")
async def bounced(event):
    await asyncio.sleep(0)
    if event.id == "evt_fails_once":
        try:
            os.close(os.open(os.environ["TEST_FAILED_ONCE"], os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            pass
        else:
            raise RuntimeError("database down")
    with open(os.environ["TEST_RUNS"], "a") as runs:
        runs.write(event.id + "\\n")

app = FastAPI()
app.add_api_route("/sendmux", webhook_endpoint(router), methods=["POST"])
app.add_api_route("/pid", lambda: os.getpid(), methods=["GET"])
"""


def _deliver(http: httpx.Client, url: str, body: bytes) -> tuple[int, str]:
    headers = {"Content-Type": "application/json", **sign_webhook(body, SECRET, timestamp=int(time.time()))}
    answer = http.post(url, content=body, headers=headers)
    return answer.status_code, answer.text


def _until_answered(http: httpx.Client, url: str, body: bytes) -> tuple[int, str]:
    """Deliver again while another worker holds the event (409), as Sendmux's retries would."""
    deadline = time.monotonic() + SAFETY_TIMEOUT
    while (answer := _deliver(http, url, body))[0] == 409 and time.monotonic() < deadline:
        time.sleep(0.01)  # a moment for the worker that holds it, instead of a core spent asking
    return answer


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_an_async_handler_runs_once_per_event_across_four_uvicorn_workers(
    tmp_path: Path, kind: str, request: pytest.FixtureRequest
) -> None:
    if kind == "sqlite":
        store = f"sqlite:{tmp_path / 'events.sqlite3'}"  # a fresh file: the workers open it at the same moment
    else:
        request.getfixturevalue("redis_client").flushall()
        store = f"redis:{request.getfixturevalue('redis_port')}"
    (tmp_path / "app.py").write_text(APP, encoding="utf-8")
    runs = tmp_path / "runs.log"
    port = free_port()
    env = {
        **os.environ,
        "SENDMUX_WEBHOOK_SECRET": SECRET,
        "TEST_STORE": store,
        "TEST_RUNS": str(runs),
        "TEST_FAILED_ONCE": str(tmp_path / "failed-once"),
    }
    command = [sys.executable, "-m", "uvicorn", "app:app", "--workers", str(WORKERS), "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--log-level", "warning"], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}"
    # One client for every request (thread-safe; each new httpx client reads certifi's CA file, ~20 ms of CPU),
    # with a pool as large as the deliveries sent at once, so each has its own connection as Sendmux's would.
    limits = httpx.Limits(max_connections=EVENTS * COPIES, max_keepalive_connections=0)
    http = httpx.Client(timeout=SAFETY_TIMEOUT, limits=limits, trust_env=False)
    try:
        pids: set[int] = set()
        deadline = time.monotonic() + SAFETY_TIMEOUT
        while len(pids) < WORKERS:  # each worker has answered once: all four are serving
            assert server.poll() is None and time.monotonic() < deadline, f"workers seen: {pids}"
            try:
                pids.add(int(http.get(f"{base}/pid").text))
            except httpx.TransportError:  # not listening yet: ask again
                time.sleep(0.05)

        bodies = [event_body(id=f"evt_{n:02d}") for n in range(EVENTS)]
        with ThreadPoolExecutor(len(bodies) * COPIES // 2) as pool:
            answers = list(pool.map(lambda body: _until_answered(http, f"{base}/sendmux", body), bodies * COPIES))
        failing = event_body(id="evt_fails_once")
        first, retried = _deliver(http, f"{base}/sendmux", failing), _deliver(http, f"{base}/sendmux", failing)
    finally:
        http.close()
        server.terminate()
        _, errors = server.communicate(timeout=SAFETY_TIMEOUT)

    assert Counter(answers) == {(200, "processed"): EVENTS, (200, "duplicate"): EVENTS * (COPIES - 1)}, errors
    assert first == (500, "processing failed: RuntimeError") and retried == (200, "processed")
    assert Counter(runs.read_text(encoding="utf-8").split()) == {f"evt_{n:02d}": 1 for n in range(EVENTS)} | {
        "evt_fails_once": 1
    }
