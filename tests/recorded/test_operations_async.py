"""Every operation of openapi.yaml through `AsyncSendmux`: the cases of test_operations.py, with their own
cassettes (tests/recorded/cassettes/test_operations_async/)."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest

import sendmux
from sendmux import AsyncSendmux

from .conftest import RECEIVER_URL, server
from .spec_cases import CASES, Case
from .test_operations import _caller_key, _method

pytestmark = [pytest.mark.vcr, pytest.mark.anyio]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.parametrize("case", CASES, ids=str)
async def test_each_operation_answers_as_the_spec_documents(aclient: AsyncSendmux, case: Case, run_key: str) -> None:
    hooks = [
        (await aclient.webhooks.create(url=RECEIVER_URL, event_types=["sendmux.test"], name=f"cassette: {case}")).id
        for _ in range(2 if case.conflict else 1)
    ]
    base_url, api_key = server()
    kwargs: dict[str, Any] = dict(case.kwargs)
    if case.operation.idempotent:
        kwargs["idempotency_key"] = sendmux.idempotency_key("cassette-operation-async", run_key, str(case))
    created: list[str] = []
    try:
        async with AsyncSendmux(api_key=_caller_key(case, api_key), base_url=base_url) as caller:
            raw = _method(getattr(caller, case.operation.resource).with_raw_response, case)
            if case.conflict:
                first = await raw(*case.path_args(hooks[0]), **kwargs)
                assert 200 <= first.status_code < 300
            target = hooks[-1]
            if case.status < 300:
                answer = await raw(*case.path_args(target), **kwargs)
                created += [answer.data.id] if answer.status_code == 201 else []
                assert answer.status_code == case.status
                assert answer.request_id
                assert (answer.data is None) == (case.status == 204)  # a 204 has no body, every other success has one
                return
            try:
                answer = await raw(*case.path_args(target), **kwargs)
            except sendmux.APIError as exc:
                assert exc.status_code == case.status, exc
                assert exc.request_id
            else:  # a live server accepted it: leave nothing behind on the account, then fail
                created += [answer.data.id] if answer.status_code == 201 else []
                pytest.fail(f"{case}: expected {case.status}, got {answer.status_code}")
    finally:
        for webhook_id in [*hooks, *created]:
            with contextlib.suppress(sendmux.NotFoundError):  # the case may have deleted it
                await aclient.webhooks.delete(webhook_id)
