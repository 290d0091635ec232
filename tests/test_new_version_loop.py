"""The whole loop for a new API version, on a scratch copy of the repository, with nothing written by hand but
the spec: edit openapi.yaml, `make generate`, the emulator serving the new operations, `make record`,
`make release`; then `git status` shows only the spec, generated/, the cassettes, CHANGELOG.md and the
version files.

API 1.1 is tests/spec_changes.py: a new optional field `retry_policy` (a component enum) on create, update and
the subscription, and two stateless operations with no emulator handler. Slow: about 3 minutes on a quiet
machine (`make record` is most of it); it runs in every `make test`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from .scratch_repo import changed_paths, run, scratch_repo
from .spec_changes import api_1_1

ALLOWED = re.compile(
    r"openapi\.yaml|generated/.+|tests/recorded/cassettes/.+|CHANGELOG\.md"
    r"|pyproject\.toml|uv\.lock|overlays/sendmux/_version\.py|release/openapi\.yaml"
)


@pytest.mark.slow
def test_a_new_api_version_goes_through_the_loop_with_only_the_spec_edited(tmp_path: Path) -> None:
    repo = scratch_repo(tmp_path / "repo")
    spec = api_1_1(yaml.safe_load((repo / "openapi.yaml").read_text(encoding="utf-8")))
    (repo / "openapi.yaml").write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")

    run(repo, "make", "--no-print-directory", "generate")
    recorded = run(repo, "make", "--no-print-directory", "record")
    assert "passed" in recorded.stdout and "failed" not in recorded.stdout
    released = run(repo, "make", "--no-print-directory", "release")

    changed = changed_paths(repo)
    assert [path for path in changed if not ALLOWED.fullmatch(path)] == [], changed
    cassettes = "\n".join(path for path in changed if path.startswith("tests/recorded/cassettes/"))
    for operation in ("listWebhookEventTypes", "retryWebhookDelivery"):
        assert f"[{operation}-" in cassettes, f"no cassette for {operation}"
    assert "release: 1.0.0 -> 1.1.0 (API 1.0.0 -> 1.1.0" in released.stdout
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    section = changelog[changelog.index("## 1.1.0") : changelog.index("## 1.0.0")]
    assert "- New operation `client.webhooks.list_event_types` (`listWebhookEventTypes`" in section
    assert "- New operation `client.webhooks.retry_delivery` (`retryWebhookDelivery`" in section
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
