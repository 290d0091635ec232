"""A client used before ``os.fork()`` (gunicorn --preload, Celery prefork, multiprocessing's fork) keeps each
process's answers apart: the child replaces the SDK's pool instead of sharing the parent's keep-alive sockets, and
refuses an ``http_client`` made before the fork."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

import sendmux

from .fakes import API_KEY

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="this platform has no fork")
ROUNDS = 200  # per process; before the fix, a few dozen shared requests were enough to cross answers


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """A keep-alive server in a process of its own, so that the forking test process has no server thread."""
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("keepalive_server.py"))], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        yield f"http://127.0.0.1:{int(server.stdout.readline())}/api/v1"
    finally:
        server.terminate()
        server.wait()


def _fork_and_fetch(fetch_many: Callable[[str], list[str]]) -> tuple[list[str], list[str]]:
    """Fork; parent and child each fetch their own webhook ROUNDS times at once. Returns each one's wrong answers."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, then leave without running pytest's teardown
        try:
            os.close(read_end)
            wrong = fetch_many("whk_child")
        except BaseException as exc:
            wrong = [f"child raised {exc!r}"]
        try:
            os.write(write_end, json.dumps(wrong).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    parent_wrong = fetch_many("whk_parent")
    with os.fdopen(read_end) as pipe:
        child_wrong = json.loads(pipe.read() or '["the child reported nothing"]')
    os.waitpid(pid, 0)
    return parent_wrong, child_wrong


def _wrong(own: str, answers: list[str]) -> list[str]:
    return [answer for answer in answers if answer != own]


def _get_sync(client: sendmux.Sendmux, own: str) -> str:
    try:
        return client.webhooks.get(own).id
    except sendmux.SendmuxError as exc:  # a truncated or crossed body
        return repr(exc)


async def _get_async(client: sendmux.AsyncSendmux, own: str) -> str:
    try:
        return (await client.webhooks.get(own)).id
    except sendmux.SendmuxError as exc:
        return repr(exc)


def test_sync_client_answers_each_process_its_own(base_url: str) -> None:
    with sendmux.Sendmux(API_KEY, base_url=base_url, max_retries=0) as client:
        assert client.webhooks.get("whk_warm").id == "whk_warm"  # a kept-alive connection is open at the fork
        copy = client.with_options(max_retries=0)  # shares the pool: replaced for the copy too

        def fetch_many(own: str) -> list[str]:
            return _wrong(own, [_get_sync(client if i % 2 else copy, own) for i in range(ROUNDS)])

        parent_wrong, child_wrong = _fork_and_fetch(fetch_many)
    assert parent_wrong == [] and child_wrong == []


def test_async_client_answers_each_process_its_own(base_url: str) -> None:
    # the preloading pattern: the parent used the client in its own loop; each process then runs a loop of its own
    parent_loop = asyncio.new_event_loop()
    client = sendmux.AsyncSendmux(API_KEY, base_url=base_url, max_retries=0)
    assert parent_loop.run_until_complete(_get_async(client, "whk_warm")) == "whk_warm"
    parent = os.getpid()

    async def answers(own: str) -> list[str]:
        return [await _get_async(client, own) for _ in range(ROUNDS)]

    def fetch_many(own: str) -> list[str]:
        loop = parent_loop if os.getpid() == parent else asyncio.new_event_loop()
        return _wrong(own, loop.run_until_complete(answers(own)))

    try:
        parent_wrong, child_wrong = _fork_and_fetch(fetch_many)
    finally:
        parent_loop.run_until_complete(client.close())
        parent_loop.close()
    assert parent_wrong == [] and child_wrong == []


def test_http_client_made_before_the_fork_is_refused_in_the_child(base_url: str) -> None:
    with httpx.Client() as http:
        client = sendmux.Sendmux(API_KEY, base_url=base_url, http_client=http, max_retries=0)
        assert client.webhooks.get("whk_warm").id == "whk_warm"

        def fetch_many(own: str) -> list[str]:
            return [_get_sync(client, own) for _ in range(3)]

        parent_answers, child_answers = _fork_and_fetch(fetch_many)
        assert parent_answers == ["whk_parent"] * 3  # the parent keeps its client
    assert len(child_answers) == 3
    assert all("http_client was made before os.fork()" in answer for answer in child_answers), child_answers
