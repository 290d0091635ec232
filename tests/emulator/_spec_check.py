"""Checks every emulator response against openapi.yaml (openapi-core) and the envelope invariants."""

from __future__ import annotations

import contextlib
import functools
import json
import re
from pathlib import Path
from typing import Any

import httpx
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_schema_validator import OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from sendmux_emulator._serve.running import _tls  # one TLS context a process: each new one reads CA files
from sendmux_spec import read_yaml

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi.yaml"
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


@functools.cache
def spec() -> dict[str, Any]:
    return read_yaml(SPEC_PATH.read_text(encoding="utf-8"))


@functools.cache
def openapi() -> OpenAPI:
    return OpenAPI.from_dict(spec())


def schema_errors(name: str, instance: Any) -> list[str]:
    """Ways ``instance`` breaks ``components.schemas.<name>`` of the repository's openapi.yaml."""
    registry: Registry[Any] = Registry().with_resource(
        "urn:spec", Resource.from_contents(spec(), default_specification=DRAFT202012)
    )
    validator = OAS31Validator({"$ref": f"urn:spec#/components/schemas/{name}"}, registry=registry)
    return [error.message for error in validator.iter_errors(instance)]


def check_invariants(response: httpx.Response) -> None:
    """What every answer carries, whatever the route: request id, no-store, JSON (or nothing on 304)."""
    request_id = response.headers.get("x-request-id", "")
    assert request_id.startswith("req_"), response.headers
    assert response.headers.get("cache-control") == "no-store"
    if response.status_code == 304:
        assert response.content == b""
        assert "content-type" not in response.headers
        return
    assert response.headers.get("content-type") == "application/json"
    body = response.json()
    assert body["meta"] == {"request_id": request_id}


def check_api_response(response: httpx.Response) -> None:
    """Envelope invariants, rate-limit headers, and the operation's response in openapi.yaml."""
    response.read()
    check_invariants(response)
    for header in ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"):
        assert response.headers.get(header, "").isdigit(), (header, response.headers)
    request = response.request
    if response.status_code == 405:  # a method the spec does not declare on the path the server routed
        assert response.headers["allow"] and request.method not in response.headers["allow"].split(", ")
        assert schema_errors("ApiError", response.json()) == []
        return
    if _unknown_path(request.method, request.url.path):
        assert response.status_code == 404
        assert schema_errors("ApiError", response.json()) == []
        return
    content = b""
    with contextlib.suppress(httpx.RequestNotRead):
        content = request.content
    mock_request = MockRequest(
        f"{request.url.scheme}://{request.url.netloc.decode()}",
        request.method,
        request.url.path,
        args=dict(request.url.params),
        headers=dict(request.headers),
        data=content,
    )
    mock_response = MockResponse(
        response.content,
        status_code=response.status_code,
        headers=dict(response.headers),
        content_type=response.headers.get("content-type", ""),
    )
    errors = list(openapi().iter_response_errors(mock_request, mock_response))
    assert not errors, f"{request.method} {request.url.path} -> {response.status_code}: {errors} {response.text}"


def _template_of(method: str, path: str) -> str | None:
    rest = path.removeprefix("/api/v1")
    for template, item in spec()["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, rest) and method.lower() in item:
            return template
    return None


def _unknown_path(method: str, path: str) -> bool:
    return _template_of(method, path) is None


def api_client(base_url: str, api_key: str | None, **kwargs: Any) -> httpx.Client:
    """A plain httpx client whose every response is checked against openapi.yaml."""
    kwargs.setdefault("verify", _tls())
    headers = dict(kwargs.pop("headers", {}))
    if api_key is not None:
        headers["Authorization"] = f"Bearer {api_key}"
    return httpx.Client(
        base_url=base_url,
        headers=headers,
        trust_env=False,
        timeout=30.0,
        event_hooks={"response": [check_api_response]},
        **kwargs,
    )


def async_api_client(base_url: str, api_key: str | None, **kwargs: Any) -> httpx.AsyncClient:
    async def check(response: httpx.Response) -> None:
        await response.aread()
        check_api_response(response)

    kwargs.setdefault("verify", _tls())
    headers = dict(kwargs.pop("headers", {}))
    if api_key is not None:
        headers["Authorization"] = f"Bearer {api_key}"
    return httpx.AsyncClient(
        base_url=base_url, headers=headers, trust_env=False, timeout=30.0, event_hooks={"response": [check]}, **kwargs
    )


def dumps(value: Any) -> bytes:
    return json.dumps(value).encode()
