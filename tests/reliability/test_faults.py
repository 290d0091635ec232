"""Safe retries, measured: under injected faults no create is lost or made twice, no rotated secret is lost.

The fault storm of `storm.py`, small enough for every run; ``make soak`` runs it at full size. The emulator
fails 30 % of API requests with a 500, a 503 or a 429, or commits the change and then drops the connection.
Each test asserts what the server holds afterwards, never how long it took. The client's backoff is
skipped here (``make soak`` keeps it), so the storm takes seconds, not minutes.
"""

from __future__ import annotations

import asyncio

import pytest

import sendmux._client

from . import storm


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """The client's waits between attempts return at once; the order of requests stays the same."""

    async def yield_once(seconds: float) -> None:
        await asyncio.sleep(0)

    monkeypatch.setattr(sendmux._client, "_sleep", lambda seconds: None)
    monkeypatch.setattr(sendmux._client, "_async_sleep", yield_once)


def check(figures: storm.Figures, report_figures: list[str]) -> None:
    report_figures.append(figures.line())
    # A seed fixes the fault the n-th request meets, whatever the threads' order, and each test's seed
    # drops some of its first requests: so this holds on every run.
    assert figures.dropped > 0, "no connection was dropped: the storm proved nothing"
    assert (figures.duplicates, figures.lost, figures.wrong_conflicts) == (0, 0, 0), figures.line()


def test_keyed_creates_from_threads_leave_exactly_one_webhook_each(report_figures: list[str]) -> None:
    check(storm.sync_creates(count=200, concurrency=20, seed=11), report_figures)


def test_keyed_async_creates_leave_exactly_one_webhook_each(report_figures: list[str]) -> None:
    check(storm.async_creates(count=200, concurrency=20, seed=12), report_figures)


def test_concurrent_creates_sharing_a_key_leave_one_webhook(report_figures: list[str]) -> None:
    check(storm.shared_key_creates(count=50, seed=5), report_figures)


def test_rotations_under_dropped_answers_give_the_secret_the_server_signs_with(report_figures: list[str]) -> None:
    check(storm.rotations(webhooks=10, rounds=2, concurrency=10, seed=13), report_figures)


def test_conditional_updates_under_dropped_answers_report_no_wrong_conflict(report_figures: list[str]) -> None:
    # One thread, so the fault sequence, and with it every outcome, is the same on every run.
    check(storm.conditional_updates(webhooks=30, rounds=1, concurrency=1, seed=14), report_figures)
