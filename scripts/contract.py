"""`make contract BASE_URL=... API_KEY=...`: does a running API still match openapi.yaml?

Two independent looks, reported operation by operation:

1. schemathesis against BASE_URL: examples, coverage, fuzzing (valid and invalid inputs) and stateful
   sequences chained through the spec's OpenAPI links (create -> get -> update -> rotate -> test -> deliveries
   -> delete), with every check except the ones listed in EXCLUDED_CHECKS, for the reason given there.
2. Every request recorded in tests/recorded/cassettes re-sent to BASE_URL, in order, each answer validated
   against openapi.yaml with openapi-core. Ids and ETags the server hands out replace the recorded ones in the
   later requests of the same cassette, so a recorded create -> get -> update sequence replays as a sequence.

In CI this runs against the emulator (tests/contract/); a maintainer runs it against Sendmux with a real key
to learn whether the hand-written spec has drifted from production. Exit status 0 only if both are clean.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import yaml
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response

ROOT = Path(__file__).resolve().parents[1]
SPEC_PATH = ROOT / "openapi.yaml"
CASSETTES = ROOT / "tests" / "recorded" / "cassettes"

EXCLUDED_CHECKS = {
    "positive_data_acceptance": "an opaque cursor the server never handed out is valid by the schema yet rightly 400",
    "ensure_resource_availability": "an Idempotency-Key replay returns the original webhook even after its deletion",
    "unsupported_method": "the API answers unknown methods with its 404 envelope; no 405 code is documented",
}


def run_schemathesis(spec_path: Path, base_url: str, api_key: str, max_examples: int, seed: int) -> int:
    print(f"== schemathesis against {base_url} (max {max_examples} examples per operation, seed {seed})", flush=True)
    for check, reason in EXCLUDED_CHECKS.items():
        print(f"   not checked: {check} - {reason}")
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        str(spec_path),
        "--url",
        base_url,
        "--header",
        f"Authorization: Bearer {api_key}",
        "--checks",
        "all",
        "--exclude-checks",
        ",".join(EXCLUDED_CHECKS),
        "--max-examples",
        str(max_examples),
        "--seed",
        str(seed),
        "--generation-database",
        "none",
        "--workers",
        "1",
        "--no-color",
    ]
    sys.stdout.flush()
    return subprocess.run(command, cwd=ROOT, check=False).returncode


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, re.Pattern[str]]]:
    found = []
    for path, item in spec["paths"].items():
        pattern = re.compile(re.sub(r"\{[^}]+\}", "[^/]+", path) + "$")
        for method, op in item.items():
            if method in {"get", "post", "patch", "put", "delete"}:
                found.append((op["operationId"], method.upper(), pattern))
    return found


def _body(recorded: Any) -> bytes:
    if isinstance(recorded, dict):
        recorded = recorded.get("string")
    if recorded is None:
        return b""
    return recorded.encode() if isinstance(recorded, str) else bytes(recorded)


def learn_ids(recorded: Any, fresh: Any, ids: dict[str, str]) -> None:
    """Pair the ids in a recorded answer with those at the same place in the fresh one (whk_, whda_, evt_)."""
    if isinstance(recorded, dict) and isinstance(fresh, dict):
        for key, value in recorded.items():
            if key in fresh:
                learn_ids(value, fresh[key], ids)
    elif isinstance(recorded, list) and isinstance(fresh, list):
        for old, new in zip(recorded, fresh, strict=False):
            learn_ids(old, new, ids)
    elif (
        isinstance(recorded, str)
        and isinstance(fresh, str)
        and recorded != fresh
        and recorded.startswith(("whk_", "whda_", "evt_", 'W/"'))
    ):
        ids[recorded] = fresh


def describe(exc: BaseException) -> str:
    """The schema errors under openapi-core's exception (they name the field that differs), else its message."""
    found: list[str] = []
    cause: BaseException | None = exc
    while cause is not None:
        found.extend(getattr(error, "message", str(error)) for error in getattr(cause, "schema_errors", None) or [])
        cause = cause.__cause__
    return "; ".join(dict.fromkeys(found)) if found else f"{type(exc).__name__}: {exc}"


def _json(raw: bytes) -> Any:
    try:
        return yaml.safe_load(raw) if raw else None
    except yaml.YAMLError:
        return None


def resend_cassettes(spec_path: Path, base_url: str, api_key: str) -> int:
    print(f"\n== recorded requests re-sent to {base_url}, answers validated against openapi.yaml", flush=True)
    spec_dict = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    spec = OpenAPI.from_dict(spec_dict)
    operations = _operations(spec_dict)
    base = urlsplit(base_url)
    results: dict[str, list[str]] = defaultdict(list)
    sent = 0
    with httpx.Client(timeout=30.0) as http:
        for cassette in sorted(CASSETTES.rglob("*.yaml")):
            ids: dict[str, str] = {}  # recorded id -> the id this server gave the same resource
            for interaction in yaml.safe_load(cassette.read_text(encoding="utf-8")).get("interactions", []):
                recorded = interaction["request"]
                uri = urlsplit(recorded["uri"])
                path = uri.path.removeprefix("/api/v1")
                for old_id, new_id in ids.items():
                    path = path.replace(old_id, new_id)
                op = next((o for o, m, p in operations if m == recorded["method"] and p.match(path)), "unknown")
                headers = {"Authorization": f"Bearer {api_key}"}
                for name, values in recorded.get("headers", {}).items():
                    if name.lower() in {"content-type", "if-match", "if-none-match"}:
                        headers[name] = ids.get(values[0], values[0])
                    elif name.lower() == "idempotency-key":
                        headers[name] = f"contract-{uuid.uuid4().hex}"  # recorded keys are scrubbed
                url = f"{base.scheme}://{base.netloc}{base.path.rstrip('/')}{path}" + (
                    f"?{uri.query}" if uri.query else ""
                )
                response = http.request(recorded["method"], url, headers=headers, content=_body(recorded.get("body")))
                sent += 1
                learn_ids(_json(_body(interaction["response"].get("body"))), _json(response.content), ids)
                old_etag = interaction["response"].get("headers", {}).get("etag", [None])[0]
                if old_etag and response.headers.get("etag"):
                    ids[old_etag] = response.headers["etag"]
                request = EnvironBuilder(
                    method=recorded["method"],
                    base_url=f"{base.scheme}://{base.netloc}",
                    path=base.path.rstrip("/") + path,
                    query_string=uri.query,
                    headers=list(headers.items()),
                    data=_body(recorded.get("body")),
                ).get_request()
                answer = Response(response=response.content, status=response.status_code)
                answer.headers.clear()
                for name, value in response.headers.multi_items():
                    answer.headers.add(name, value)
                try:
                    spec.validate_response(WerkzeugOpenAPIRequest(request), WerkzeugOpenAPIResponse(answer))
                    results[op].append("")
                except Exception as exc:  # every validation failure is a finding to report
                    results[op].append(f"{recorded['method']} {path} -> {response.status_code}: {describe(exc)}")
    problems = 0
    for op in sorted(results):
        failures = [f for f in results[op] if f]
        problems += len(failures)
        status = "ok" if not failures else f"{len(failures)} DIFFER"
        print(f"   {op:28} {len(results[op]):3} answers  {status}")
        for failure in failures[:5]:
            print(f"      {failure[:300]}")
    missing = sorted({o for o, _, _ in operations} - set(results))
    if missing:
        print(f"   operations with no recorded request: {missing}")
    print(f"   {sent} requests re-sent, {problems} answers differ from openapi.yaml")
    return 1 if problems or missing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default=os.environ.get("BASE_URL") or os.environ.get("SENDMUX_BASE_URL"))
    parser.add_argument("--api-key", default=os.environ.get("API_KEY") or os.environ.get("SENDMUX_API_KEY"))
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("MAX_EXAMPLES", "20")))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--spec", type=Path, default=SPEC_PATH, help="the spec to hold the API to (openapi.yaml)")
    parser.add_argument("--skip-schemathesis", action="store_true", help="only re-send the recorded requests")
    args = parser.parse_args(argv)
    if not args.base_url or not args.api_key:
        parser.error("give BASE_URL=... and API_KEY=... (or SENDMUX_BASE_URL / SENDMUX_API_KEY)")
    fuzz = (
        0
        if args.skip_schemathesis
        else run_schemathesis(args.spec, args.base_url, args.api_key, args.max_examples, args.seed)
    )
    recorded = resend_cassettes(args.spec, args.base_url, args.api_key)
    print(
        f"\ncontract: schemathesis {'clean' if fuzz == 0 else 'FOUND DIFFERENCES'}, "
        f"recorded requests {'clean' if recorded == 0 else 'FOUND DIFFERENCES'}"
    )
    return 0 if fuzz == 0 and recorded == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
