"""What Sendmux's published OpenAPI document says that openapi.yaml does not, about what openapi.yaml covers.

    python -m tools.upstream.upstreamdiff UPSTREAM [--json | --markdown]

UPSTREAM is a file or an https URL, JSON or YAML. Every operation of openapi.yaml is compared with the vendor's
on the same method and path (the `servers` prefix taken into account), and the vendor's operations under a tag
openapi.yaml has (in any case) that openapi.yaml lacks are listed as missing: their parameters,
bodies, statuses and response headers, and the delivery webhook with its event payload. Schemas are compared
by what they say after resolving $ref, allOf, envelopes and nullable forms, never by component names or
operationIds; `x-` extensions are ignored. Differences listed in codegen/upstream-deviations.yaml are shown
as deliberate.

Exit status: 1 when the vendor has something openapi.yaml lacks or states differently (deliberate ones
aside), 0 otherwise; 2 for bad arguments, 3 when a document or the deviations file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import yaml

from sendmux_spec.shapes import BrokenReference
from tools.upstream.deviations import DeviationsError, apply, load
from tools.upstream.findings import compare
from tools.upstream.report import Report, render_json, render_markdown, render_text
from tools.upstream.surface import base_path, surface

ROOT = Path(__file__).resolve().parents[2]
OURS = ROOT / "openapi.yaml"
DEVIATIONS = ROOT / "codegen" / "upstream-deviations.yaml"
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster on 400 KB


class DocumentError(ValueError):
    """A document could not be fetched or parsed; the message says which and why."""


def read_source(source: str, http: httpx.Client | None = None) -> str:
    """The text of a file, or of an https URL."""
    scheme = urlsplit(source).scheme
    if scheme in ("http", "https"):
        if scheme != "https":
            raise DocumentError(f"{source}: use an https URL (or a file)")
        client = http or httpx.Client(timeout=30.0, follow_redirects=True)
        try:
            response = client.get(source)
        except httpx.HTTPError as exc:
            raise DocumentError(f"{source}: cannot fetch: {exc}") from exc
        finally:
            if http is None:
                client.close()
        if response.status_code != 200:
            raise DocumentError(f"{source}: HTTP {response.status_code}")
        return response.text
    try:
        return Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise DocumentError(f"{source}: {exc.strerror or exc}") from exc


def parse(text: str, label: str) -> dict[str, Any]:
    """JSON or YAML; an OpenAPI 3 document or a DocumentError."""
    try:
        document = json.loads(text) if text.lstrip().startswith("{") else yaml.load(text, Loader=Loader)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise DocumentError(f"{label}: neither JSON nor YAML: {exc}") from exc
    if not isinstance(document, dict) or not str(document.get("openapi", "")).startswith("3."):
        raise DocumentError(f"{label}: not an OpenAPI 3 document (no `openapi: 3.x` at the top)")
    return document


def build_report(ours: dict[str, Any], vendor: dict[str, Any], vendor_label: str, deviations_path: Path) -> Report:
    prefix = base_path(ours)
    try:
        mine = surface(ours, prefix)
    except BrokenReference as exc:
        raise DocumentError(f"openapi.yaml: {exc}") from exc
    try:
        theirs = surface(vendor, prefix, covered=mine)
    except BrokenReference as exc:
        raise DocumentError(f"{vendor_label}: {exc}") from exc
    findings, unused = apply(compare(mine, theirs, vendor), load(deviations_path))
    return Report(ours=mine, theirs=theirs, vendor_label=vendor_label, findings=findings, unused=unused)


def main(argv: Sequence[str] | None = None, http: httpx.Client | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="upstream-diff",
        description="Compare Sendmux's OpenAPI document with openapi.yaml, on what openapi.yaml covers.",
    )
    parser.add_argument("upstream", help="the vendor's document: a file or an https URL, JSON or YAML")
    parser.add_argument("--ours", type=Path, default=OURS, help="our spec (default: openapi.yaml)")
    parser.add_argument("--deviations", type=Path, default=DEVIATIONS, help="the reviewed deviations file")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="machine-readable report")
    output.add_argument("--markdown", action="store_true", help="Markdown, e.g. for a pull request")
    parser.add_argument(
        "--show-deliberate", action="store_true", help="list each deliberate difference, not only their count"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        vendor = parse(read_source(args.upstream, http), args.upstream)
        ours = parse(read_source(str(args.ours)), str(args.ours))
        report = build_report(ours, vendor, args.upstream, args.deviations)
    except (DocumentError, DeviationsError) as exc:
        print(f"upstream-diff: {exc}", file=sys.stderr)
        return 3
    if args.json:
        print(render_json(report))
    elif args.markdown:
        print(render_markdown(report, args.show_deliberate), end="")
    else:
        print(render_text(report, args.show_deliberate))
    print(f"upstream-diff: compared in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
