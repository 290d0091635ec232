"""Run the pinned api-smart-diff (Node, in tools/specdiff/node_modules) on two OpenAPI documents, through one Node
process per Python process (compare.mjs serves one comparison per line)."""

from __future__ import annotations

import atexit
import contextlib
import copy
import json
import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sendmux_spec import HTTP_METHODS

HERE = Path(__file__).resolve().parent
BRIDGE = HERE / "compare.mjs"
INSTALLED = HERE / "node_modules" / "api-smart-diff" / "package.json"
# Synthetic route under which a `webhooks:` entry is compared, see webhooks_as_paths().
WEBHOOK_ROUTE_PREFIX = "webhook:"

JsonPath = tuple[str | int, ...]


class SmartDiffError(RuntimeError):
    """api-smart-diff could not run (Node missing, package not installed, or it failed)."""


@dataclass(frozen=True)
class RawDiff:
    """One finding of api-smart-diff, as it reports it."""

    verdict: str  # breaking, non-breaking, annotation, deprecated or unclassified
    action: str  # add, remove, replace or rename
    path: JsonPath  # where, in the dereferenced document
    before: Any
    after: Any


@dataclass(frozen=True)
class Comparison:
    """api-smart-diff's findings plus its merged document, whose layout the finding paths follow."""

    diffs: list[RawDiff]
    merged: dict[str, Any]


def webhooks_as_paths(doc: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of `doc` whose top-level `webhooks` are compared as data the client receives.

    api-smart-diff 1.0.6 does not classify the OpenAPI 3.1 `webhooks` section. For this client an event
    delivery is the mirror image of a response: Sendmux writes it, the user's code parses it. So each
    webhook becomes an operation under the route `webhook:<name>` whose 200 response carries the
    delivery's body as content and its header parameters as response headers, and response rules apply.
    """
    out = copy.deepcopy(doc)
    webhooks = out.pop("webhooks", None) or {}
    paths = out.setdefault("paths", {})
    for name, item in webhooks.items():
        route: dict[str, Any] = {}
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            received: dict[str, Any] = {"description": "What the subscribed endpoint receives."}
            headers = {
                param["name"]: {key: value for key, value in param.items() if key not in ("name", "in")}
                for param in operation.get("parameters", [])
                if param.get("in") == "header"
            }
            if headers:
                received["headers"] = headers
            content = (operation.get("requestBody") or {}).get("content")
            if content:
                received["content"] = content
            route[method] = {"operationId": operation.get("operationId"), "responses": {"200": received}}
        paths[f"{WEBHOOK_ROUTE_PREFIX}{name}"] = route
    return out


def compare(before: dict[str, Any], after: dict[str, Any]) -> Comparison:
    """Compare two OpenAPI documents (parsed) with api-smart-diff, webhooks included."""
    node = shutil.which("node")
    if node is None:
        raise SmartDiffError("`node` is not on PATH; the spec differ (api-smart-diff) needs Node.js 18 or newer")
    if not INSTALLED.is_file():
        raise SmartDiffError(
            f"api-smart-diff is not installed in {INSTALLED.parents[1]}; run `npm ci --prefix tools/specdiff` "
            "(`make diff` does it)"
        )
    payload = json.dumps({"before": webhooks_as_paths(before), "after": webhooks_as_paths(after)}, default=str)
    out = _bridge(node).ask(payload)
    diffs = [
        RawDiff(
            verdict=item["type"],
            action=item["action"],
            path=tuple(item["path"]),
            before=item.get("before"),
            after=item.get("after"),
        )
        for item in out["diffs"]
    ]
    return Comparison(diffs=diffs, merged=out["merged"])


class _Bridge:
    """One Node process running compare.mjs, kept while this Python process lives: Node's start (~150 ms of CPU)
    is paid once, not for each comparison (a test run makes dozens in one process). Requests and answers are one
    JSON line each; the process ends when its stdin closes, at the latest when this process exits."""

    def __init__(self, node: str) -> None:
        self.owner = os.getpid()
        # Node's stderr, read when it fails (a pipe nobody reads can fill up); open for the bridge's life
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115
        self.process = subprocess.Popen(
            [node, str(BRIDGE)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors, encoding="utf-8"
        )
        self.lock = threading.Lock()

    def alive(self) -> bool:
        return self.owner == os.getpid() and self.process.poll() is None

    def ask(self, payload: str) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        with self.lock:
            try:
                self.process.stdin.write(payload + "\n")
                self.process.stdin.flush()
                line = self.process.stdout.readline()
            except OSError:
                line = ""
            except BaseException:  # interrupted between question and answer: its answer would go to the next one
                self._stop()
                raise
            if not line:  # Node ended: say why, and leave the next comparison to a new one
                self._stop()
                raise SmartDiffError(f"api-smart-diff failed (exit {self.process.returncode}):\n{self._stderr()}")
            try:
                answer: dict[str, Any] = json.loads(line)
            except ValueError as exc:
                self._stop()
                raise SmartDiffError(f"api-smart-diff answered what is not JSON ({exc}):\n{line[:500]}") from exc
        if "error" in answer:
            raise SmartDiffError(f"api-smart-diff failed:\n{answer['error']}")
        return answer

    def _stderr(self) -> str:
        self.errors.seek(0)
        return self.errors.read().decode("utf-8", "replace").strip()

    def close(self) -> None:
        if self.owner != os.getpid():
            return  # a forked child's copy: the parent's Node is not ours to end
        self._stop()
        self.errors.close()

    def _stop(self) -> None:
        with contextlib.suppress(OSError):
            if self.process.stdin is not None:
                self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_BRIDGES: dict[str, _Bridge] = {}
_STARTING = threading.Lock()


def _bridge(node: str) -> _Bridge:
    with _STARTING:
        bridge = _BRIDGES.get(node)
        if bridge is None or not bridge.alive():
            if bridge is not None:
                bridge.close()  # its pipes and stderr file (nothing, in a forked child: the parent's)
            bridge = _BRIDGES[node] = _Bridge(node)
        return bridge


@atexit.register
def _close_bridges() -> None:
    for bridge in _BRIDGES.values():
        bridge.close()
