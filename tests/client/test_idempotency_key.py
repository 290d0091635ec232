"""``sendmux.idempotency_key`` derives the same key from the same parts, in every process and release."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sendmux

from .fakes import FakeAPI, ok, subscription

KEY = re.compile(r"^smx-[0-9a-f]{64}$")


def test_the_same_parts_give_the_same_key_in_another_process() -> None:
    here = sendmux.idempotency_key("provision", "tenant-42")
    code = "import sendmux; print(sendmux.idempotency_key('provision', 'tenant-42'))"
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert here == there


def test_keys_do_not_change_between_releases() -> None:
    # Changing the derivation would make a job re-run after an upgrade create a second webhook.
    assert sendmux.idempotency_key("provision", 42) == (
        "smx-59de25bf74c2015749e7b40bdca9a9dc016b1c40984478a50bdc200486b122c7"
    )


def test_parts_compare_by_text_and_boundaries_matter() -> None:
    assert sendmux.idempotency_key("t", 42) == sendmux.idempotency_key("t", "42")
    assert sendmux.idempotency_key("ab", "c") != sendmux.idempotency_key("a", "bc")
    assert sendmux.idempotency_key("a") != sendmux.idempotency_key("a", "")


def test_bad_parts_are_refused() -> None:
    with pytest.raises(ValueError, match="at least one part"):
        sendmux.idempotency_key()
    with pytest.raises(TypeError, match="float"):
        sendmux.idempotency_key("x", 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bool"):
        sendmux.idempotency_key(True)


@given(st.lists(st.one_of(st.text(), st.integers()), min_size=1, max_size=5))
def test_every_derived_key_is_a_valid_header_value(parts: list[str | int]) -> None:
    assert KEY.match(sendmux.idempotency_key(*parts))


def test_a_derived_key_is_sent_as_is(api: FakeAPI, sync_client: sendmux.Sendmux) -> None:
    key = sendmux.idempotency_key("provision", "tenant-42")
    api.queue(ok(subscription(secret="whsec_x"), status=201))
    sync_client.webhooks.create(url="https://h.example.com/x", event_types=["sendmux.test"], idempotency_key=key)
    assert api.last.headers["idempotency-key"] == key
