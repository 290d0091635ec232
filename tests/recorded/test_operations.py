"""Every operation of openapi.yaml through `Sendmux`, on its success and every error answer the spec lets a
generic case provoke (tests/recorded/spec_cases.py): one test, N operations, any tag, nothing written per
operation.

Replayed from cassettes (tests/recorded/cassettes/test_operations/); `make record` re-records them. A new
operation in the spec is recorded by `make record` with no new test.
"""

from __future__ import annotations

from typing import Any

import pytest

import sendmux
from sendmux import Sendmux

from .conftest import NO_ROLE_API_KEY, server
from .spec_cases import CASES, Call, Case

pytestmark = pytest.mark.vcr


def caller_key(case: Case, recording_key: str) -> str:
    return {None: recording_key, "no-role": NO_ROLE_API_KEY}.get(case.api_key, case.api_key) or recording_key


def method_of(resource: Any, call: Call) -> Any:
    """The method that makes exactly one request: ``<method>_page`` for a paginated list."""
    raw = getattr(resource, call.resource).with_raw_response
    return getattr(raw, f"{call.method}_page", None) or getattr(raw, call.method)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_each_operation_answers_as_the_spec_documents(client: Sendmux, case: Case, run_key: str) -> None:
    base_url, api_key = server()
    scenario = case.scenario(sendmux.idempotency_key("cassette-operation", run_key, str(case)))
    with Sendmux(api_key=caller_key(case, api_key), base_url=base_url) as caller:
        answer: Any = None
        while True:
            try:
                call = scenario.send(answer)
            except StopIteration:
                return
            try:
                answer = method_of(caller if call.as_caller else client, call)(*call.args, **call.kwargs)
            except sendmux.APIError as exc:
                answer = exc
