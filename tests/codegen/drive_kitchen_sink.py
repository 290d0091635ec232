"""Run with a regenerated kitchen-sink tree first on sys.path (tests/codegen/test_shapes.py): calls every new
operation of kitchen-sink.yaml sync, async, raw and streaming against an in-memory server, and prints what each
returned as JSON. The answers are the spec's examples where it has one."""

from __future__ import annotations

import asyncio
import enum
import json
import sys
from typing import Any

import httpx

import sendmux

BASE_URL = "https://api.test/api/v1"
META = {"request_id": "req_kitchen_sink"}
BLOB = bytes(range(256)) * 64  # 16 KiB
PROGRESS = (
    b"\xef\xbb\xbf: a comment, then an event whose id the next one keeps\r\n"
    b'id: 7\r\ndata: {"percent": 10, "stage": "reading"}\r\n\r\n'
    b'event: progress\ndata: {"percent": 100,\ndata:"stage": "archiving"}\nretry: 3000\n\n'
    b'data: {"percent": 50}\r: a comment inside an event\rcomment-less field without a colon\r\r'
    b'data: {"percent": 1}'  # cut off by the end of the stream: dropped
)
sent: list[str] = []


def envelope(data: Any, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json={"ok": True, "data": data, "meta": META})


def answer(request: httpx.Request) -> httpx.Response:
    path, method = request.url.path.removeprefix("/api/v1"), request.method
    sent.append(f"{method} {path}?{request.url.query.decode()} accept={request.headers['accept']}")
    if path == "/exports/summaries":
        return envelope([{"id": "exp_1", "kind": "csv", "rows": 3}, {"id": "exp_2", "kind": "parquet"}])
    if path == "/exports" and method == "POST":
        key = request.headers.get("idempotency-key", "")
        return envelope({"export_id": "exp_1", "status": "queued", "key_sent": bool(key)}, 202)
    if path == "/exports":
        return envelope([request.url.query.decode(), request.headers.get("x-sendmux-region", "")])
    if path == "/exports/count":
        return envelope(7)
    if path == "/exports/exp_1" and method == "DELETE":
        return httpx.Response(204)
    if path.endswith("/file"):
        return httpx.Response(200, content=BLOB, headers={"content-type": "application/octet-stream"})
    if path.endswith("/csv"):
        return httpx.Response(200, text="id,kind\nexp_1,csv\n", headers={"content-type": "text/csv"})
    if path.endswith("/events/evt_1"):
        return envelope({"kind": "finished", "rows": 3})
    if path.endswith("/events/evt_2"):
        return envelope({"kind": "started", "started_at": "2026-01-01T00:00:00Z"})
    if path.endswith("/progress"):
        return httpx.Response(200, content=PROGRESS, headers={"content-type": "text/event-stream"})
    if path.endswith("/owner"):
        return envelope({"user_id": "usr_1"})
    if path.endswith("/detail"):
        return envelope({"id": "exp_1", "rows": 3})
    return httpx.Response(404, json={"ok": False, "error": {"code": "not_found", "message": "no route"}, "meta": META})


def plain(value: Any) -> Any:
    """A JSON-able description: the type's name and the value."""
    if isinstance(value, sendmux.APIResponse):
        return {"status": value.status_code, "data": plain(value.data)}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, sendmux.BinaryResponse):
        return {"BinaryResponse": [len(value.content), value.content == BLOB, value.content_type]}
    if isinstance(value, enum.Enum):
        return {type(value).__name__: value.value}
    if hasattr(value, "to_dict"):
        fields = {k: plain(getattr(value, k)) for k in value.to_dict() if hasattr(value, k)}
        return {type(value).__name__: fields | {"extra": value.additional_properties}}
    return value


CALLS = [
    "exports.list_summaries()",
    "exports.create(format='csv')",
    "exports.search(status=['queued', 'done'], ids=['a', 'b'], tags=['x', 'y'], created={'gte': 1, 'lte': 2},"
    " x_sendmux_region='eu')",
    "exports.count()",
    "exports.delete('exp_1')",
    "exports.get_file('exp_1')",
    "exports.get_csv('exp_1')",
    "exports.get_event('exp_1', 'evt_1')",
    "exports.get_event('exp_1', 'evt_2')",
    "exports.get_owner('exp_1')",
    "exports.get_detail('exp_1')",
]

RAW_CALLS = [call.replace("exports.", "exports.with_raw_response.", 1) for call in CALLS]


def run_sync() -> dict[str, Any]:
    with httpx.Client(transport=httpx.MockTransport(answer)) as http:
        client = sendmux.Sendmux(api_key="smx_root_test_not_a_key", base_url=BASE_URL, http_client=http)
        plain_results = [plain(eval(f"client.{call}", {"client": client})) for call in CALLS]
        raw = [plain(eval(f"client.{call}", {"client": client})) for call in RAW_CALLS]
        stream = client.exports.stream_progress("exp_1")
        items = [plain(item) for item in stream]
        events = {"items": items, "last_event_id": stream.last_event_id, "closed": stream.response.is_closed}
        with client.exports.with_streaming_response.get_file("exp_1") as streamed:
            chunks = b"".join(streamed.iter_bytes())
        with client.exports.with_streaming_response.get_csv("exp_1") as streamed:
            text = "".join(streamed.iter_text())
        first = client.exports.stream_progress("exp_1")
        for _ in first:
            break  # leaving the loop closes the connection
        small = sendmux.Sendmux(
            api_key="smx_root_test_not_a_key", base_url=BASE_URL, http_client=http, max_response_size=1024
        )
        try:
            small.exports.get_file("exp_1")
            bounded = "not bounded"
        except sendmux.ResponseTooLargeError as exc:
            bounded = type(exc).__name__
        with small.exports.with_streaming_response.get_file("exp_1") as streamed:
            unbounded = len(streamed.response.read())
    return {
        "plain": plain_results,
        "raw": raw,
        "events": events,
        "streamed": [len(chunks), chunks == BLOB, text],
        "break_closes": first.response.is_closed,
        "bounded": bounded,
        "streaming_unbounded": unbounded,
    }


async def run_async() -> dict[str, Any]:
    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        client = sendmux.AsyncSendmux(api_key="smx_root_test_not_a_key", base_url=BASE_URL, http_client=http)
        plain_results = [plain(await eval(f"client.{call}", {"client": client})) for call in CALLS]
        raw = [plain(await eval(f"client.{call}", {"client": client})) for call in RAW_CALLS]
        async with await client.exports.stream_progress("exp_1") as stream:
            items = [plain(item) async for item in stream]
        events = {"items": items, "last_event_id": stream.last_event_id, "closed": stream.response.is_closed}
        async with await client.exports.with_streaming_response.get_file("exp_1") as streamed:
            chunks = b"".join([chunk async for chunk in streamed.aiter_bytes()])
        async with await client.exports.with_streaming_response.get_csv("exp_1") as streamed:
            text = "".join([chunk async for chunk in streamed.aiter_text()])
    return {"plain": plain_results, "raw": raw, "events": events, "streamed": [len(chunks), chunks == BLOB, text]}


if __name__ == "__main__":
    result = {"sync": run_sync(), "async": asyncio.run(run_async()), "sent": sent}
    json.dump(result, sys.stdout)
