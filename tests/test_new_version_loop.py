"""The whole loop for a new API version, on a scratch copy of the repository, with nothing written by hand but
the spec: `make upstream-import`, `make generate`, the emulator serving every new operation, `make record`,
`make release`; then `git status` shows only the spec, generated/, the cassettes, CHANGELOG.md and the version
files.

The new version is written the way Sendmux writes its own spec: the vendor-style 1.1 rehearsal of the webhooks
(tests/specdiff/fixtures/make_vendor_fixtures.py: a new event type, an inline `retry_policy` enum,
`retryWebhookDelivery` answering 202 with inline data, `listWebhookEventTypes` with inline array data declared
after `/webhooks/{public_id}`, the delete with inline data), the kitchen sink's `exports` tag
(tests/codegen/fixtures/make_kitchen_sink.py: one operation per shape: binary, text, event stream, 204, oneOf,
anyOf, allOf, query styles...), and two tags taken by `make upstream-import` from a document in the vendor's own
house style (tools/upstream/vendor_style.py: `allOf` envelopes, `managementXxx` operationIds, capitalised tags,
no 401s, "ISO 8601" timestamps, a literal path after a templated one). No new operation has an emulator handler:
each imported collection is created, read, changed, listed and deleted through the regenerated client against
the copy's emulator, started once after `make generate` for that check and for `make record EMULATOR=...`.
Slow: a minute or more (`make record` is most of it); it runs first in every `make test`.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from sendmux_spec import Document, read_yaml
from tools.upstream import vendor_style

from .codegen.fixtures.make_kitchen_sink import build as with_kitchen_sink
from .scratch_repo import changed_paths, run, scratch_repo
from .specdiff.fixtures.make_vendor_fixtures import build as vendor_1_1
from .upstream.test_import import RICH, TAG_NAMES

ALLOWED = re.compile(
    r"openapi\.yaml|generated/.+|tests/recorded/cassettes/.+|CHANGELOG\.md"
    r"|pyproject\.toml|uv\.lock|overlays/sendmux/_version\.py|release/openapi\.yaml"
)
CHECK = "tests.new_version_client_check"
# The keys and limit scripts/record.sh starts its own emulator with; test keys, not credentials.
RECORDING_EMULATOR = ["--webhook-limit", "50", "--rate-limit", "1000000", "--readonly-api-key", "smx_root_ro",
                      "--no-webhook-api-key", "smx_root_nowebhook"]  # fmt: skip


@contextmanager
def emulator(repo: Path) -> Iterator[str]:
    """The copy's emulator (serving the copy's openapi.yaml) on a free port; its base URL."""
    command = [str(repo / ".venv" / "bin" / "python"), "-m", "sendmux_emulator", "--port", "0", *RECORDING_EMULATOR]
    proc = subprocess.Popen(command, cwd=repo, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()  # "Sendmux emulator listening on URL", or nothing if it failed
        assert line.startswith("Sendmux emulator listening on "), line
        threading.Thread(target=proc.stdout.read, daemon=True).start()  # a full pipe would stall it
        yield line.rsplit(" ", 1)[-1]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.slow(minutes=1)  # the longest test: it starts first
def test_a_new_api_version_goes_through_the_loop_with_only_the_spec_edited(tmp_path: Path) -> None:
    repo = scratch_repo(tmp_path / "repo")
    before = Document(read_yaml((repo / "openapi.yaml").read_text(encoding="utf-8")))
    spec_text = with_kitchen_sink(vendor_1_1((repo / "openapi.yaml").read_text(encoding="utf-8")))
    (repo / "openapi.yaml").write_text(spec_text, encoding="utf-8")
    vendor = tmp_path / "vendor.json"
    vendor.write_text(json.dumps(vendor_style.document()), encoding="utf-8")
    imported = run(
        repo, "make", "--no-print-directory", "upstream-import", f"UPSTREAM={vendor}", f"TAGS={','.join(TAG_NAMES)}"
    )
    assert "operation(s)" in imported.stdout, imported.stdout
    after = Document(read_yaml((repo / "openapi.yaml").read_text(encoding="utf-8")))
    known = {op.operation_id for op in before.operations}
    new_operations = [str(op.operation_id) for op in after.operations if op.operation_id not in known]
    assert len(new_operations) == 2 + 11 + 16  # the vendor's 1.1, the kitchen sink, the two imported tags

    run(repo, "make", "--no-print-directory", "generate")
    with emulator(repo) as base_url:
        seen = json.loads(run(repo, "env", f"SENDMUX_BASE_URL={base_url}", ".venv/bin/python", "-m", CHECK).stdout)
        httpx.post(base_url.removesuffix("/api/v1") + "/_emulator/reset", json={}).raise_for_status()  # as if fresh
        recorded = run(repo, "make", "--no-print-directory", "record", f"EMULATOR={base_url}")
    routes = ["/" + vendor_style.plural(resource).replace("_", "-") for resource in RICH]
    for route in [*routes, "/webhooks"]:
        assert seen[route] == {**seen[route], "sent_fields_kept": True, "update_kept": True, "listed": True,
                               "deleted": True}, route  # fmt: skip

    assert f"recording against the running emulator at {base_url}" in recorded.stdout
    assert "cassettes replaced" in recorded.stdout and "failed" not in recorded.stdout
    released = run(repo, "make", "--no-print-directory", "release")

    changed = changed_paths(repo)
    assert [path for path in changed if not ALLOWED.fullmatch(path)] == [], changed
    cassettes = "\n".join(path for path in changed if path.startswith("tests/recorded/cassettes/"))
    for operation in new_operations:
        assert f"[{operation}-" in cassettes, f"no cassette for {operation}"
    old, new = before.data["info"]["version"], after.data["info"]["version"]
    assert f"(API {old} -> {new}" in released.stdout
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    section = changelog[changelog.index(f"## {new}") :]
    for method in (
        "webhooks.list_event_types",
        "webhooks.retry_delivery",
        "exports.get_file",
        "exports.stream_progress",
    ):
        assert f"- New operation `client.{method}`" in section, method
    for resource in RICH:
        assert f"- New operation `client.{vendor_style.plural(resource)}.check_availability`" in section
    assert (repo / "release" / "openapi.yaml").read_text() == (repo / "openapi.yaml").read_text()

    # What make test checks of this state: the tree is generated, the lock in sync, the gate passes, and the
    # new cassettes replay offline through the public client and conform to the new spec.
    run(repo, "make", "--no-print-directory", "check-generated")
    run(repo, ".tools/bin/uv", "lock", "--check")
    run(repo, "make", "--no-print-directory", "diff-check")
    operations = ("tests/recorded/test_operations.py", "tests/recorded/test_operations_async.py")
    replay = run(repo, ".venv/bin/pytest", *operations, "-q", "-p", "no:cacheprovider")
    assert " passed" in replay.stdout and "failed" not in replay.stdout
