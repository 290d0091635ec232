"""Every operation of openapi.yaml through `Sendmux`, on its success and every error answer the spec lets a
generic case provoke (tests/recorded/spec_cases.py): one test, N operations, nothing written per operation.

Replayed from cassettes (tests/recorded/cassettes/test_operations/); `make record` re-records them. A new
operation in the spec is recorded by `make record` with no new test.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest

import sendmux
from sendmux import Sendmux

from .conftest import NO_WEBHOOK_API_KEY, RECEIVER_URL, server
from .spec_cases import CASES, Case

pytestmark = pytest.mark.vcr


def _caller_key(case: Case, recording_key: str) -> str:
    return {None: recording_key, "no-webhook": NO_WEBHOOK_API_KEY}.get(case.api_key, case.api_key) or recording_key


def _method(resource: Any, case: Case) -> Any:
    """The method that makes exactly one request: ``<method>_page`` for a paginated list."""
    return getattr(resource, f"{case.operation.method}_page", None) or getattr(resource, case.operation.method)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_each_operation_answers_as_the_spec_documents(client: Sendmux, case: Case, run_key: str) -> None:
    hooks = [
        client.webhooks.create(url=RECEIVER_URL, event_types=["sendmux.test"], name=f"cassette: {case}").id
        for _ in range(2 if case.conflict else 1)
    ]
    base_url, api_key = server()
    kwargs = dict(case.kwargs)
    if case.operation.idempotent:
        kwargs["idempotency_key"] = sendmux.idempotency_key("cassette-operation", run_key, str(case))
    created: list[str] = []
    try:
        with Sendmux(api_key=_caller_key(case, api_key), base_url=base_url) as caller:
            raw = _method(getattr(caller, case.operation.resource).with_raw_response, case)
            if case.conflict:
                first = raw(*case.path_args(hooks[0]), **kwargs)
                assert 200 <= first.status_code < 300
            target = hooks[-1]
            if case.status < 300:
                answer = raw(*case.path_args(target), **kwargs)
                created += [answer.data.id] if answer.status_code == 201 else []
                assert answer.status_code == case.status
                assert answer.request_id
                assert (answer.data is None) == (case.status == 204)  # a 204 has no body, every other success has one
                return
            try:
                answer = raw(*case.path_args(target), **kwargs)
            except sendmux.APIError as exc:
                assert exc.status_code == case.status, exc
                assert exc.request_id
            else:  # a live server accepted it: leave nothing behind on the account, then fail
                created += [answer.data.id] if answer.status_code == 201 else []
                pytest.fail(f"{case}: expected {case.status}, got {answer.status_code}")
    finally:
        for webhook_id in [*hooks, *created]:
            with contextlib.suppress(sendmux.NotFoundError):  # the case may have deleted it
                client.webhooks.delete(webhook_id)
