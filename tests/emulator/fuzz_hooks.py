"""schemathesis hooks for tests/emulator/test_fuzzing.py (loaded by SCHEMATHESIS_HOOKS in its subprocess).

A `cursor` is the `next_cursor` of the page before (openapi.yaml says so, and links each list to its next page):
the spec cannot say which strings a server handed out, so no generated request makes one up; the stateful phase
follows the links instead. A made-up cursor is the negative case the cassettes record (400)."""

from __future__ import annotations

import itertools
from typing import Any

import schemathesis


@schemathesis.hook
def map_query(context: schemathesis.HookContext, query: dict[str, Any] | None) -> dict[str, Any] | None:
    if isinstance(query, dict) and "cursor" in query and context.operation is not None:
        return {key: value for key, value in query.items() if key != "cursor"}
    return query


_keys = itertools.count(1)


@schemathesis.hook
def map_headers(context: schemathesis.HookContext, headers: dict[str, Any] | None) -> dict[str, Any] | None:
    """A fresh `Idempotency-Key` on every request. A key sent again with the same body replays the first answer,
    as Sendmux does: a stateful scenario that draws a key an earlier one used gets back that one's webhook, perhaps
    deleted since, and the "created resource not found" check would blame the emulator for the replay. What keys
    do is tested by tests/emulator/test_idempotency.py and the cassettes."""
    if isinstance(headers, dict) and "Idempotency-Key" in headers:
        return {**headers, "Idempotency-Key": f"fuzz-{next(_keys)}"}
    return headers
