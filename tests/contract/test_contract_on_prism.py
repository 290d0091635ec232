"""`make contract` judging a server this project did not write: Stoplight Prism's mock of openapi.yaml (pinned in
tools/prism), served at its root rather than under the spec's `/api/v1`. The report must name what Prism really
does differently from the spec, and nothing that comes from where the server lives."""

from __future__ import annotations

import re
import secrets
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.contract.test_make_contract import make_contract

ROOT = Path(__file__).resolve().parents[2]
PRISM = ROOT / "tools" / "prism" / "node_modules" / ".bin" / "prism"

# What Prism's mock does that the spec rules out, each a known trait of a stateless mock:
KNOWN = {
    "ST401",  # it checks only that an Authorization header is there, so any key is accepted
    "ST201",  # it does not check header patterns (the Idempotency-Key character set)
    "ST204",  # its 405 to a method a path does not take carries no `Allow` header
    "ST301",  # it keeps no state, so a record it answered a DELETE for is still served (found when the stateful
    # phase reaches a delete and a read of one imported collection, e.g. Sendmux's Domains and Mailboxes)
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def prism() -> Iterator[str]:
    if not PRISM.exists():
        pytest.fail("Prism is not installed: `make prism-deps` (make test installs it)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [str(PRISM), "mock", str(ROOT / "openapi.yaml"), "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # a generous bound for a busy machine, not a speed check
        with httpx.Client(timeout=1.0, trust_env=False) as probe:  # one client: each new one costs ~20 ms of CPU
            while True:  # until it answers; a Prism that dies says why
                assert server.poll() is None, server.communicate()[0].decode()[-2000:]
                assert time.monotonic() < deadline, "Prism did not start listening"
                try:
                    probe.get(f"{base_url}/webhooks")
                    break
                except httpx.TransportError:  # not listening yet: ask again, without spinning a core Prism needs
                    time.sleep(0.05)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_make_contract_on_prism_names_only_real_differences(prism: str) -> None:
    done = make_contract(f"BASE_URL={prism}", SENDMUX_API_KEY=f"smx_root_test_{secrets.token_hex(8)}", MAX_EXAMPLES="5")
    out = done.stdout
    assert done.returncode != 0, out[-3000:]  # Prism does differ, so the run must say so
    assert "CANNOT CHECK" not in out, out[-3000:]
    # where the server lives is no difference: answers are placed relative to BASE_URL, not the spec's servers
    assert "ServerNotFound" not in out and "PathNotFound" not in out and "OperationNotFound" not in out
    # every answer Prism gives to a recorded request is built from the spec's own examples, so none differs
    assert re.search(r"\d+ requests re-sent.*, 0 answers differ from openapi\.yaml", out), out[-3000:]
    failures = set(re.findall(r"❌ (ST\d+) ", out.split("SUMMARY")[-1]))
    assert "ST401" in failures, out[-3000:]
    assert failures <= KNOWN, f"differences beyond Prism's known traits: {failures - KNOWN}\n{out[-3000:]}"
    # the run's own calls: a list that hands back its own cursor, and a create answered with the record the team
    # already had (Prism's example), which the run then leaves alone rather than deleting it as its own
    assert "the list never ends" in out
    assert re.search(r"createWebhook answered 201 with whk_\w+, a record the team had before the run", out)
    assert "left behind: 0" in out
