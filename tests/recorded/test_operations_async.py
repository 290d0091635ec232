"""Every operation of openapi.yaml through `AsyncSendmux`: the cases of test_operations.py, with their own
cassettes (tests/recorded/cassettes/test_operations_async/)."""

from __future__ import annotations

from typing import Any

import pytest

import sendmux
from sendmux import AsyncSendmux

from .conftest import server
from .spec_cases import CASES, Case
from .test_operations import caller_key, method_of

pytestmark = [pytest.mark.vcr, pytest.mark.anyio]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.parametrize("case", CASES, ids=str)
async def test_each_operation_answers_as_the_spec_documents(aclient: AsyncSendmux, case: Case, run_key: str) -> None:
    base_url, api_key = server()
    scenario = case.scenario(sendmux.idempotency_key("cassette-operation-async", run_key, str(case)))
    async with AsyncSendmux(api_key=caller_key(case, api_key), base_url=base_url) as caller:
        answer: Any = None
        while True:
            try:
                call = scenario.send(answer)
            except StopIteration:
                return
            try:
                answer = await method_of(caller if call.as_caller else aclient, call)(*call.args, **call.kwargs)
            except sendmux.APIError as exc:
                answer = exc
