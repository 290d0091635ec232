"""Every operation in openapi.yaml is reachable through its resource (any tag), sync and async, plain and raw, and
each returns the unwrapped ``data`` as the generated model. Nothing here is written per operation: the arguments
and the answer come from the spec (its examples, or values built from its schemas: ``sendmux_spec.values``)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import httpx
import pytest

import sendmux
from sendmux import models
from sendmux_spec import Document, Operation, is_json, snake
from sendmux_spec.values import build

from .conftest import Client
from .fakes import SPEC, FakeAPI, method_names, resolve

DOCUMENT = Document(SPEC)
JSON_OPERATIONS = {
    str(op.operation_id): op
    for op in DOCUMENT.operations
    if op.success is not None and (not op.success.content or any(is_json(m) for m in op.success.content))
}


def test_every_operation_in_the_spec_has_a_method_on_every_resource_class() -> None:
    clients = (sendmux.Sendmux(api_key="k"), sendmux.AsyncSendmux(api_key="k"))
    missing = []
    for op_id, (attribute, names) in method_names().items():
        for client in clients:
            resource = getattr(client, attribute, None)
            for holder in (resource, getattr(resource, "with_raw_response", None)):
                missing += [
                    f"{op_id}: {type(holder).__name__}.{n}" for n in names if not callable(getattr(holder, n, None))
                ]
    assert not missing, f"operations in openapi.yaml with no method on the clients: {missing}"
    clients[0].close()


def _arguments(op: Operation) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The path arguments and the required keywords (body fields, query parameters) the spec asks for."""
    args = tuple(build(DOCUMENT, p.schema, p.name) for p in op.path_parameters)
    body = DOCUMENT.fold(op.json_body) if op.json_body else {}
    properties = body.get("properties") or {}
    kwargs = {snake(name): build(DOCUMENT, properties[name], name) for name in body.get("required", [])}
    for param in op.located("query"):
        if param.required:
            kwargs[snake(param.name)] = build(DOCUMENT, param.schema, param.name)
    return args, kwargs


def _documented_answer(op: Operation) -> httpx.Response:
    """The success the spec documents: its example, else a body built from its schema."""
    assert op.success is not None
    status = int(op.success.status)
    media = op.success.media("json")
    if media is None:
        return httpx.Response(status, headers={"X-Request-Id": "req_documented"})
    example = media[1].get("example")
    body = example if example is not None else build(DOCUMENT, media[1].get("schema"))
    if isinstance(body, dict) and isinstance(body.get("meta"), dict):
        body["meta"]["request_id"] = "req_documented"
    return httpx.Response(status, json=body, headers={"X-Request-Id": "req_documented"})


def _path_pattern(template: str) -> re.Pattern[str]:
    return re.compile("^/api/v1" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$")


_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)")


def _instants(value: Any) -> Any:
    """``value`` with each timestamp, at any depth, read as the instant it names: the client reads one as a
    datetime and writes it back in its own form (``+00:00`` for ``Z``)."""
    if isinstance(value, dict):
        return {key: _instants(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_instants(item) for item in value]
    if isinstance(value, str) and _TIMESTAMP.fullmatch(value):
        return datetime.fromisoformat(value)
    return value


@pytest.mark.anyio
@pytest.mark.parametrize("raw", [False, True], ids=["plain", "raw"])
@pytest.mark.parametrize("op_id", sorted(JSON_OPERATIONS))
async def test_each_operation_sends_its_request_and_unwraps_data(
    client: Client, api: FakeAPI, op_id: str, raw: bool
) -> None:
    op = JSON_OPERATIONS[op_id]
    attribute, names = method_names()[op_id]
    args, kwargs = _arguments(op)
    answer = _documented_answer(op)
    api.queue(answer)
    resource: Any = getattr(client, attribute)
    resource = resource.with_raw_response if raw else resource
    result = await resolve(getattr(resource, names[-1])(*args, **kwargs))  # <name>_page for a list: one request

    (request,) = api.requests
    assert request.method == op.method.upper()
    assert _path_pattern(op.path).match(request.url.path), (request.url.path, op.path)
    assert request.headers["authorization"].startswith("Bearer ")

    if raw:
        assert isinstance(result, sendmux.APIResponse)
        assert result.status_code == answer.status_code
        assert result.request_id == "req_documented"
        data = result.data
    else:
        data = result
    envelope = op.envelope
    if envelope is None:
        assert data is None or (op.success is not None and op.success.json_schema is not None)
        return
    expected = answer.json()["data"]
    if envelope.paginated:
        assert isinstance(data, sendmux.Page)
        assert [item.to_dict()["id"] for item in data.data] == [item["id"] for item in expected]
        assert data.has_more == answer.json()["pagination"]["has_more"]
        return
    component = DOCUMENT.deref_named(envelope.data)[1]
    if component is None or not isinstance(expected, dict):
        assert data == expected or hasattr(data, "to_dict")
        return
    overridden = DOCUMENT.deref(envelope.data).get("x-sendmux-python-class")
    assert type(data) is (getattr(sendmux, overridden) if overridden else getattr(models, component))
    round_trip = data.to_dict()
    for key, value in expected.items():
        if key != "payload":
            assert _instants(round_trip[key]) == _instants(value), key


def test_models_are_the_generated_classes() -> None:
    import sendmux_client.models as generated

    missing = sorted(set(generated.__all__) - set(models.__all__))
    assert not missing, f"generated models not re-exported by sendmux.models: {missing}"
    for name in models.__all__:
        assert getattr(models, name) is getattr(generated, name)
    with pytest.raises(AttributeError):
        _ = models.NoSuchModel
