"""Cassette tests: recorded from a real server by `make record`, replayed offline by `make test`.

Scrubbing happens at record time, so a credential never reaches disk: the Authorization and
Idempotency-Key headers are replaced by fixed placeholders and every signing secret in a response body
becomes ``whsec_REDACTED``. Requests match on method, path, query and body only, so the host, the key and
random headers do not matter on replay.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

import sendmux

API_KEY_PLACEHOLDER = "smx_root_dev"
SECRET_PLACEHOLDER = "whsec_REDACTED"
_SECRET = re.compile(rb'"secret"\s*:\s*"[^"]*"')


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    body = response.get("body", {}).get("string")
    if isinstance(body, bytes | str):
        raw = body.encode() if isinstance(body, str) else body
        response["body"]["string"] = _SECRET.sub(b'"secret": "' + SECRET_PLACEHOLDER.encode() + b'"', raw)
    return response


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": [
            ("authorization", f"Bearer {API_KEY_PLACEHOLDER}"),
            ("idempotency-key", "idempotency-key-redacted"),
        ],
        "before_record_response": scrub_response,
        "match_on": ["method", "path", "query", "body"],
        "decode_compressed_response": True,
    }


def server() -> tuple[str, str]:
    """The server `make record` points at; on replay the values only need to be well formed."""
    base_url = os.environ.get("SENDMUX_BASE_URL", "http://127.0.0.1:8025/api/v1")
    api_key = os.environ.get("SENDMUX_API_KEY", API_KEY_PLACEHOLDER)
    return base_url, api_key


@pytest.fixture
def client() -> Iterator[sendmux.Sendmux]:
    base_url, api_key = server()
    with sendmux.Sendmux(api_key=api_key, base_url=base_url) as c:
        yield c


@pytest.fixture
async def aclient() -> AsyncIterator[sendmux.AsyncSendmux]:
    base_url, api_key = server()
    async with sendmux.AsyncSendmux(api_key=api_key, base_url=base_url) as c:
        yield c
