"""The whole loop for a new API version, on a scratch copy of the repository, with nothing written by hand but
the spec: edit openapi.yaml, `make generate`, the emulator serving the new operations, `make record`,
`make release`; then `git status` shows only the spec, generated/, the cassettes, CHANGELOG.md and the
version files.

API 1.1 here is written the way Sendmux writes its own spec: the vendor-style 1.1 rehearsal
(tests/specdiff/fixtures/openapi-1.1-vendor.yaml: a new event type, an inline `retry_policy` enum,
`retryWebhookDelivery` answering 202 with inline data, `listWebhookEventTypes` with inline array data declared
after `/webhooks/{public_id}`, the delete with inline data) plus the kitchen sink's `exports` tag
(tests/codegen/fixtures/make_kitchen_sink.py: one operation per shape: binary, text, event stream, 204, oneOf,
anyOf, allOf, query styles...). No new operation has an emulator handler. The copy's emulator is started once,
after `make generate`, and serves both the client check and `make record EMULATOR=...`. Slow: about a minute on
a quiet machine (`make record` is the largest part); it runs first in every `make test`.
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
import yaml

from .codegen.fixtures.make_kitchen_sink import build as with_kitchen_sink
from .scratch_repo import changed_paths, run, scratch_repo
from .specdiff.conftest import FIXTURES

ALLOWED = re.compile(
    r"openapi\.yaml|generated/.+|tests/recorded/cassettes/.+|CHANGELOG\.md"
    r"|pyproject\.toml|uv\.lock|overlays/sendmux/_version\.py|release/openapi\.yaml"
)
CHECK = Path(__file__).resolve().parent / "new_version_client_check.py"
# The keys and limit scripts/record.sh starts its own emulator with; test keys, not credentials.
RECORDING_EMULATOR = ["--webhook-limit", "50", "--readonly-api-key", "smx_root_ro", "--no-webhook-api-key",
                      "smx_root_nowebhook"]  # fmt: skip


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
    spec_text = with_kitchen_sink((FIXTURES / "openapi-1.1-vendor.yaml").read_text(encoding="utf-8"))
    (repo / "openapi.yaml").write_text(spec_text, encoding="utf-8")
    loop = yaml.safe_load(spec_text)
    operations = [op for item in loop["paths"].values() for op in item.values() if isinstance(op, dict)]
    vendor = ("listWebhookEventTypes", "retryWebhookDelivery")
    new_operations = [op["operationId"] for op in operations if op["operationId"] in vendor or "exports" in op["tags"]]
    assert len(new_operations) == 13

    run(repo, "make", "--no-print-directory", "generate")
    with emulator(repo) as base_url:
        seen = json.loads(run(repo, ".venv/bin/python", str(CHECK), base_url, "smx_root_dev").stdout)
        httpx.post(base_url.removesuffix("/api/v1") + "/_emulator/reset").raise_for_status()  # as a fresh one
        recorded = run(repo, "make", "--no-print-directory", "record", f"EMULATOR={base_url}")
    assert seen["retry_policy"] == ["aggressive", "aggressive", "none"]  # kept by the emulator, no handler written
    assert "message.deferred" in seen["event_types"]
    assert (seen["retried"], seen["deleted"]) == ("RetryWebhookDeliveryData", "DeleteWebhookData")
    assert seen["file"] is True and seen["csv"] == "str" and seen["delete"] is None and seen["count"] == 7
    assert seen["progress"] == ["StreamExportProgressEvent"]  # one event built from the item schema
    assert (seen["event"], seen["owner"], seen["detail"]) == ("ExportFinished", "GetExportOwnerDataType0",
                                                              "GetExportDetailData")  # fmt: skip

    assert f"recording against the running emulator at {base_url}" in recorded.stdout
    assert "passed" in recorded.stdout and "failed" not in recorded.stdout
    released = run(repo, "make", "--no-print-directory", "release")

    changed = changed_paths(repo)
    assert [path for path in changed if not ALLOWED.fullmatch(path)] == [], changed
    cassettes = "\n".join(path for path in changed if path.startswith("tests/recorded/cassettes/"))
    for operation in new_operations:
        assert f"[{operation}-" in cassettes, f"no cassette for {operation}"
    assert "release: 1.0.0 -> 1.1.0 (API 1.0.0 -> 1.1.0" in released.stdout
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    section = changelog[changelog.index("## 1.1.0") : changelog.index("## 1.0.0")]
    for method in (
        "webhooks.list_event_types",
        "webhooks.retry_delivery",
        "exports.get_file",
        "exports.stream_progress",
    ):
        assert f"- New operation `client.{method}`" in section, method
    assert "New optional request field" in section and "`retry_policy`" in section
    assert 'version = "1.1.0"' in (repo / "pyproject.toml").read_text(encoding="utf-8")
    assert (repo / "release" / "openapi.yaml").read_text() == (repo / "openapi.yaml").read_text()

    # What make test checks of this state: the tree is generated, the lock in sync, the gate passes, and the
    # new cassettes replay offline through the public client and conform to the 1.1 spec.
    run(repo, "make", "--no-print-directory", "check-generated")
    run(repo, ".tools/bin/uv", "lock", "--check")
    run(repo, "make", "--no-print-directory", "diff-check")
    operations = ("tests/recorded/test_operations.py", "tests/recorded/test_operations_async.py")
    replay = run(repo, ".venv/bin/pytest", *operations, "-q", "-p", "no:cacheprovider")
    assert " passed" in replay.stdout and "failed" not in replay.stdout
