"""The README's ```python snippets run, in order, against the emulator: the usage shown is usage that works."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
from pathlib import Path

import pytest

from sendmux_emulator import run_in_thread

README = Path(__file__).resolve().parents[1] / "README.md"


def snippets() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", README.read_text(encoding="utf-8"), flags=re.DOTALL | re.MULTILINE)


def test_readme_snippets_run_against_the_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = snippets()
    assert len(blocks) >= 7, "the README lost its runnable examples"
    out = io.StringIO()
    namespace: dict[str, object] = {"__name__": "readme"}
    with run_in_thread() as emulator:  # the default 10-webhook limit, as `make emulator` has
        monkeypatch.setenv("SENDMUX_API_KEY", emulator.api_key)
        monkeypatch.setenv("SENDMUX_BASE_URL", emulator.base_url)
        with contextlib.redirect_stdout(out):
            for number, block in enumerate(blocks, 1):
                try:
                    exec(compile(block, f"README.md python block {number}", "exec"), namespace)
                except Exception as exc:
                    pytest.fail(f"README python block {number} raised {exc!r}:\n{block}")
    printed = out.getvalue()
    assert "404 not_found" in printed
    assert "409 conflict" in printed
    assert "url must start with https://" in printed
    assert "suppress ['gone@example.com']" in printed
    assert namespace["first"] == namespace["again"]


def test_the_readme_links_only_to_pages_that_exist() -> None:
    """Each relative link names a file the repository holds (the wheel's long description makes it absolute, as
    ``make dist`` checks), each section link names a heading, and the snippets need no checkout."""
    text = README.read_text(encoding="utf-8")
    tracked = set(subprocess.run(["git", "ls-files"], cwd=README.parent, capture_output=True, text=True).stdout.split())
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    relative = [t.split("#")[0] for t in targets if not t.startswith(("https://", "http://", "#"))]
    assert relative and [path for path in relative if path not in tracked] == []
    anchors = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in re.findall(r"(?m)^#+ (.+)$", text)}
    assert [t for t in targets if t.startswith("#") and t[1:] not in anchors] == []
    assert "--app-dir examples" not in text and "SENDMUX_WEBHOOK_SECRETS=" not in text
