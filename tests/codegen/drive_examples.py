"""Run with a regenerated tree first on sys.path: ``python drive_examples.py SPEC CALLS_JSON``. Answers every
request with the documented example of the operation whose route matches (the first 2xx with a JSON example),
runs each call (a Python expression on ``client``) sync, async and in its ``with_raw_response`` form, and
prints what they returned and what was sent, as JSON."""

from __future__ import annotations

import asyncio
import json
import re
import sys
from typing import Any

import httpx
from drive_kitchen_sink import plain

import sendmux
from sendmux_spec import read_yaml

BASE_URL = "https://api.test/api/v1"
with open(sys.argv[1], encoding="utf-8") as source:
    spec = read_yaml(source)
calls: list[str] = json.loads(sys.argv[2])
raw_calls = [re.sub(r"^(\w+)\.", r"\1.with_raw_response.", call) for call in calls]
routes = []
for template, item in spec["paths"].items():
    for method, operation in item.items():
        if method in ("get", "post", "put", "patch", "delete"):
            status, found = next((s, r) for s, r in operation["responses"].items() if str(s).startswith("2"))
            example = found.get("content", {}).get("application/json", {}).get("example")
            pattern = re.compile("^/api/v1" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$")
            literal = template.count("{")  # literal segments first, as a server routes them
            routes.append((literal, method.upper(), pattern, int(status), example))
routes.sort(key=lambda route: route[0])
sent: list[dict[str, Any]] = []


def answer(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content) if request.content else None
    sent.append({"call": f"{request.method} {request.url.path}", "json": body,
                 "idempotency_key": "idempotency-key" in request.headers})  # fmt: skip
    for _, method, pattern, status, example in routes:
        if method == request.method and pattern.match(request.url.path):
            return httpx.Response(status, json=example) if example is not None else httpx.Response(status)
    return httpx.Response(404, json={"ok": False, "error": {"code": "not_found", "message": "no route"}})


async def run_async() -> list[Any]:
    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        client = sendmux.AsyncSendmux(api_key="smx_root_test_not_a_key", base_url=BASE_URL, http_client=http)
        return [plain(await eval(f"client.{call}", {"client": client})) for call in [*calls, *raw_calls]]


with httpx.Client(transport=httpx.MockTransport(answer)) as http:
    client = sendmux.Sendmux(api_key="smx_root_test_not_a_key", base_url=BASE_URL, http_client=http)
    sync = [plain(eval(f"client.{call}", {"client": client})) for call in [*calls, *raw_calls]]
json.dump({"sync": sync, "async": asyncio.run(run_async()), "sent": sent}, sys.stdout, default=str)
