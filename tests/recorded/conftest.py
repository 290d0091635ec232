"""Cassette tests: recorded from a real server by `make record`, replayed offline by `make test`.

Scrubbing happens at record time, so a credential never reaches disk: the Authorization and
Idempotency-Key headers are replaced by fixed placeholders and every signing secret in a response body
becomes ``whsec_REDACTED``. Requests match on method, path, query and body only, so the host, the key and
random headers do not matter on replay.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

import sendmux

from . import spec_cases

# Where the cassettes are: `make record` records into a new folder (SENDMUX_CASSETTE_DIR) and puts it in place
# only when the whole recording and its check against the spec passed (scripts/record.sh).
CASSETTES = Path(os.environ.get("SENDMUX_CASSETTE_DIR") or Path(__file__).parent / "cassettes")
API_KEY_PLACEHOLDER = "smx_root_dev"
SECRET_PLACEHOLDER = "whsec_REDACTED"
_SECRET = re.compile(rb'"secret"\s*:\s*"[^"]*"')


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    body = response.get("body", {}).get("string")
    if isinstance(body, bytes | str):
        raw = body.encode() if isinstance(body, str) else body
        scrubbed = _SECRET.sub(b'"secret":"' + SECRET_PLACEHOLDER.encode() + b'"', raw)
        response["body"]["string"] = scrubbed
        for name in list(response.get("headers", {})):
            if name.lower() == "content-length":
                response["headers"][name] = [str(len(scrubbed))]
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


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return str(CASSETTES / request.module.__name__.rsplit(".", 1)[-1])


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


@pytest.fixture
def recording(request: pytest.FixtureRequest) -> bool:
    """True while `make record` talks to a live server (then waiting for deliveries takes real time)."""
    return str(request.config.getoption("--record-mode")) != "none"


@pytest.fixture
def run_key() -> str:
    """A fresh idempotency-key prefix per run, so a re-recording within 24 h never replays an old answer.

    Keys travel in a header, which is scrubbed and not matched on, so replays do not depend on it.
    """
    return uuid.uuid4().hex


# Where recorded webhooks point (spec_cases.py: every recorded URI).
RECEIVER_URL = spec_cases.RECEIVER_URL
# The defaults below are the emulator's fixed test keys (scripts/record.sh starts it with them), not
# credentials; Authorization headers are scrubbed from cassettes whatever key was used.
# A key holding only webhook.read: the emulator's read-only key when recording locally.
READONLY_API_KEY = os.environ.get("SENDMUX_READONLY_API_KEY", "smx_root_ro")
# A valid key whose role holds no permission: every operation answers 403.
NO_ROLE_API_KEY = os.environ.get("SENDMUX_NO_WEBHOOK_API_KEY", "smx_root_nowebhook")
