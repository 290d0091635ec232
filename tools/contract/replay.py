"""Every request recorded in tests/recorded/cassettes, re-sent in order to the API and its answer validated
against the spec with openapi-core. Ids and ETags the server hands out replace the recorded ones in the later
requests of the same cassette, so a recorded create -> get -> update sequence replays as a sequence. URLs are
redirected and foreign webhooks left alone exactly as in the schemathesis run (Ledger, SubscriptionTargets)."""

from __future__ import annotations

import json
import re
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

from sendmux_spec import load, read_yaml
from tools.contract.ledger import operation_of
from tools.contract.team import Team

ROOT = Path(__file__).resolve().parents[2]
CASSETTES = ROOT / "tests" / "recorded" / "cassettes"
RECORDED_PREFIX = "/api/v1"


def _body(recorded: Any) -> bytes:
    if isinstance(recorded, dict):
        recorded = recorded.get("string")
    if recorded is None:
        return b""
    return recorded.encode() if isinstance(recorded, str) else bytes(recorded)


# An id as the API writes them, a type prefix and a random part (`whk_...`, `mdom_...`), or an ETag.
_ID = re.compile(r"([a-z][a-z0-9]*)_[A-Za-z0-9]{6,}|(W/)\".*\"")


def _same_kind(recorded: str, fresh: str) -> bool:
    old, new = _ID.fullmatch(recorded), _ID.fullmatch(fresh)
    return bool(old and new and old.groups() == new.groups())


def learn_ids(recorded: Any, fresh: Any, ids: dict[str, str]) -> None:
    """Pair the ids in a recorded answer with those at the same place in the fresh one: two strings there with the
    same type prefix (``whk_``, ``mdom_``: whatever the API's records use), or two ETags."""
    if isinstance(recorded, dict) and isinstance(fresh, dict):
        for key, value in recorded.items():
            if key in fresh:
                learn_ids(value, fresh[key], ids)
    elif isinstance(recorded, list) and isinstance(fresh, list):
        for old, new in zip(recorded, fresh, strict=False):
            learn_ids(old, new, ids)
    elif isinstance(recorded, str) and isinstance(fresh, str) and recorded != fresh and _same_kind(recorded, fresh):
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
        return read_yaml(raw) if raw else None
    except yaml.YAMLError:
        return None


def _redirected(raw: bytes, team: Team) -> bytes:
    """The body with its `url` pointed where this run may subscribe; a body that is not a JSON object is kept."""
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        return raw
    if not isinstance(body, dict) or "url" not in body:
        return raw
    return json.dumps({**body, "url": team.ledger.targets.redirect(body["url"])}).encode()


def resend_cassettes(spec_path: Path, base_url: str, team: Team) -> int:
    print(f"\n== recorded requests re-sent to {base_url}, answers validated against {spec_path.name}", flush=True)
    document = load(spec_path)
    # Answers are judged where this server answers them: the spec's own `servers` may name other hosts or base
    # paths (a mock serving at its root, say), which would make every request "not found" in the spec.
    spec = OpenAPI.from_dict({**document.data, "servers": [{"url": base_url.rstrip("/")}]})
    base = urlsplit(base_url)
    results: dict[str, list[str]] = defaultdict(list)
    sent = skipped = 0
    for cassette in sorted(CASSETTES.rglob("*.yaml")):
        ids: dict[str, str] = {}  # recorded id -> the id this server gave the same resource
        for interaction in read_yaml(cassette.read_text(encoding="utf-8")).get("interactions", []):
            recorded = interaction["request"]
            uri = urlsplit(recorded["uri"])
            path = uri.path.removeprefix(RECORDED_PREFIX)
            for old_id, new_id in ids.items():
                path = path.replace(old_id, new_id)
            operation, public_id = operation_of(recorded["method"], path, team.ledger.spec)
            if not team.ledger.may_send(operation, public_id):
                skipped += 1
                continue
            headers: dict[str, str] = {}
            for name, values in recorded.get("headers", {}).items():
                if name.lower() in {"content-type", "if-match", "if-none-match"}:
                    headers[name] = ids.get(values[0], values[0])
                elif name.lower() == "idempotency-key":
                    headers[name] = f"contract-{uuid.uuid4().hex}"  # recorded keys are scrubbed
            content = _redirected(_body(recorded.get("body")), team)
            if operation == "createWebhook":
                team.keep_room()
            target = path + (f"?{uri.query}" if uri.query else "")  # relative to BASE_URL
            try:
                response = team.http.request(recorded["method"], target, headers=headers, content=content)
            except httpx.HTTPError as exc:
                results[operation].append(f"{recorded['method']} {path}: no answer ({type(exc).__name__}: {exc})")
                continue
            sent += 1
            fresh = _json(response.content)
            unsafe = team.ledger.record(operation, public_id, response.status_code, fresh)
            if unsafe is not None:
                team.delete_now(unsafe)
            learn_ids(_json(_body(interaction["response"].get("body"))), fresh, ids)
            old_etag = interaction["response"].get("headers", {}).get("etag", [None])[0]
            if old_etag and response.headers.get("etag"):
                ids[old_etag] = response.headers["etag"]
            request = EnvironBuilder(
                method=recorded["method"],
                base_url=f"{base.scheme}://{base.netloc}",
                path=base.path.rstrip("/") + path,
                query_string=uri.query,
                headers=[*headers.items(), ("Authorization", "Bearer (not shown)")],
                data=content,
            ).get_request()
            answer = Response(response=response.content, status=response.status_code)
            answer.headers.clear()
            for name, value in response.headers.multi_items():
                answer.headers.add(name, value)
            try:
                spec.validate_response(WerkzeugOpenAPIRequest(request), WerkzeugOpenAPIResponse(answer))
                results[operation].append("")
            except Exception as exc:  # every validation failure is a finding to report
                results[operation].append(f"{recorded['method']} {path} -> {response.status_code}: {describe(exc)}")
    problems = 0
    for op in sorted(results):
        failures = [f for f in results[op] if f]
        problems += len(failures)
        status = "ok" if not failures else f"{len(failures)} DIFFER"
        print(f"   {op:28} {len(results[op]):3} answers  {status}")
        for failure in failures[:5]:
            print(f"      {failure[:300]}")
    missing = sorted({str(op.operation_id) for op in document.operations} - set(results))
    if missing:  # not a difference: the answers it would judge were never asked for (schemathesis still was)
        print(f"   not re-sent (no recorded request could go to a record of this run): {', '.join(missing)}")
    note = f", {skipped} skipped (aimed at a record this run did not create)" if skipped else ""
    print(f"   {sent} requests re-sent{note}, {problems} answers differ from {spec_path.name}")
    return 1 if problems else 0
