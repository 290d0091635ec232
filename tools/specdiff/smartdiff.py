"""Run the pinned api-smart-diff (Node, in tools/specdiff/node_modules) on two OpenAPI documents."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
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
    result = subprocess.run([node, str(BRIDGE)], input=payload, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SmartDiffError(f"api-smart-diff failed (exit {result.returncode}):\n{result.stderr.strip()}")
    out = json.loads(result.stdout)
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
