"""The request checks compiled at start-up (sendmux_emulator._api.compiled_requests) accept exactly what openapi-core
accepts and read it the same way (casts, defaults), on every operation of openapi.yaml and of the rehearsal specs.

Each operation gets its documented example request and variations of it (each parameter absent, empty, of the
wrong type, out of range; each body property dropped, swapped for another type, an unknown key added): where the
compiled checks answer, openapi-core must find no error and read the same values; where openapi-core finds an
error, the compiled checks must leave the request to it (its errors make the 400/422 answers).
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_core import Config, OpenAPI

from sendmux_emulator._api import compiled_requests
from sendmux_emulator._api.compiled_requests import CompiledOperation, compile_operations
from sendmux_emulator._api.validation import RequestParts, _Request
from sendmux_emulator._spec.document import spec_dict
from sendmux_emulator._spec.urls import is_endpoint_url
from sendmux_spec import Document, values
from tests.specdiff.conftest import rehearsal

ROOT = Path(__file__).resolve().parents[2]
SPECS = {
    "openapi.yaml": ROOT / "openapi.yaml",
    "kitchen-sink": rehearsal("kitchen-sink.yaml"),
    "vendor-1.1": rehearsal("openapi-1.1-vendor.yaml"),
    "2.0": rehearsal("openapi-2.0.yaml"),
}
ODD_VALUES: list[Any] = [None, 0, 1.5, "", "https://hooks.example.com/a", ["x"], {}, True]
ODD_TEXTS = ["", "abc", "0", "101", "1.5", "true", " 7", "x" * 300]


@functools.cache
def loaded(name: str) -> tuple[dict[str, Any], OpenAPI, dict[tuple[str, str], CompiledOperation | None]]:
    """The spec, openapi-core's view of it as the emulator configures it, and the compiled checks. The document is
    not validated again here (make lint-spec and the emulator's start do that): this is built at collection."""
    spec = yaml.load(SPECS[name].read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    config = Config(extra_format_validators={"uri": is_endpoint_url}, spec_validator_cls=None)
    api = OpenAPI.from_dict(spec, config=config)
    return spec, api, compile_operations(spec)


def resolve(spec: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for token in node["$ref"].removeprefix("#/").split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def compiled_cases() -> list[Any]:
    """Every operation the compiled checks take (the others, e.g. array query styles or a date-time in a body,
    stay wholly with openapi-core, as before)."""
    found = []
    for name in SPECS:
        spec, _, compiled = loaded(name)
        for (method, template), operation in compiled.items():
            if operation is not None:
                operation_id = spec["paths"][template][method]["operationId"]
                found.append(pytest.param(name, method, template, id=f"{name}:{operation_id}"))
    return found


def text_of(value: Any) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


def parameters_of(spec: dict[str, Any], method: str, template: str) -> list[dict[str, Any]]:
    item = spec["paths"][template]
    declared = [resolve(spec, p) for p in [*item[method].get("parameters", []), *item.get("parameters", [])]]
    return [p for p in declared if p["in"] in ("path", "query", "header")]


def body_schema(spec: dict[str, Any], method: str, template: str) -> Any:
    body = resolve(spec, spec["paths"][template][method].get("requestBody"))
    return ((body or {}).get("content", {}).get("application/json") or {}).get("schema")


def bodies(spec: dict[str, Any], schema: Any) -> Iterator[Any]:
    """The schema's example and variations of it, one property or item changed at a time, one level down too."""
    example = values.build(Document(spec), schema)
    yield example
    yield from ODD_VALUES
    if not isinstance(example, dict):
        return
    yield {**example, "not_in_the_spec": 1}
    for key, value in example.items():
        yield {k: v for k, v in example.items() if k != key}
        for odd in ODD_VALUES:
            yield {**example, key: odd}
        if isinstance(value, dict):
            for inner in value:
                changed = copy.deepcopy(example)
                del changed[key][inner]
                yield changed
                changed = copy.deepcopy(example)
                changed[key][inner] = "x"
                yield changed
            yield {**example, key: {**value, "not_in_the_spec": 1}}
        if isinstance(value, list) and value:
            yield {**example, key: [*value, *value]}
            yield {**example, key: [None]}
            yield {**example, key: ["message.exploded"]}


def requests(
    spec: dict[str, Any], method: str, template: str
) -> Iterator[tuple[dict[str, str], list[Any], list[Any], Any]]:
    """(path parameters, query, headers, body) for the example request and its variations."""
    parameters = parameters_of(spec, method, template)
    good: dict[tuple[str, str], str] = {}
    for parameter in parameters:
        schema = resolve(spec, parameter.get("schema", {}))
        good[(parameter["in"], parameter["name"])] = text_of(values.build(Document(spec), schema, parameter["name"]))

    def split(given: dict[tuple[str, str], str]) -> tuple[dict[str, str], list[Any], list[Any]]:
        path = {name: text for (where, name), text in given.items() if where == "path"}
        query = [(name, text) for (where, name), text in given.items() if where == "query"]
        headers = [(name.lower(), text) for (where, name), text in given.items() if where == "header"]
        return path, query, [("authorization", "Bearer smx_root_dev"), *headers]

    schema = body_schema(spec, method, template)
    example_body = values.build(Document(spec), schema) if schema is not None else None
    variants: list[dict[tuple[str, str], str]] = [good]
    for key in good:
        if key[0] != "path":
            variants.append({k: v for k, v in good.items() if k != key})
        variants.extend({**good, key: text} for text in ODD_TEXTS)
    for chosen in variants:
        yield (*split(chosen), example_body)
    if schema is not None:
        for body in bodies(spec, schema):
            yield (*split(good), body)


@pytest.mark.parametrize(("name", "method", "template"), compiled_cases())
def test_the_compiled_checks_accept_what_openapi_core_accepts_and_read_it_the_same(
    name: str, method: str, template: str
) -> None:
    spec, api, compiled = loaded(name)
    operation = compiled[(method, template)]
    assert operation is not None
    has_body = "requestBody" in spec["paths"][template][method]
    accepted = 0
    for path, query, headers, body in requests(spec, method, template):
        raw = json.dumps(body).encode() if has_body else None
        concrete = template
        for key, value in path.items():
            concrete = concrete.replace("{" + key + "}", value)
        parts = RequestParts(
            method=method,
            template=template,
            path="/api/v1" + concrete,
            path_params=path,
            query=query,
            headers=headers,
            body=raw,
            content_type=None,
        )
        request = _Request(parts)
        expected = api.unmarshal_request(request)
        read = operation.accept(path, query, headers, body) if has_body else operation.accept(path, query, headers)
        if expected.errors:
            assert read is None, (query, headers, body, expected.errors)
            continue
        assert read == (expected.parameters.query, expected.parameters.header, expected.body), (query, headers, body)
        accepted += 1
    assert accepted > 0, "the example request itself went to openapi-core"


def test_every_operation_of_openapi_yaml_is_compiled() -> None:
    """The served spec's operations all take the compiled path (a shape without a rule would slow one down)."""
    _, _, compiled = loaded("openapi.yaml")
    assert sorted(key for key, operation in compiled.items() if operation is None) == []
    assert spec_dict()["paths"].keys() == {template for _, template in compiled}


def test_booleans_are_read_as_openapi_core_reads_them() -> None:
    from openapi_core.util import BOOLEAN_FALSE_VALUES, BOOLEAN_TRUE_VALUES

    assert compiled_requests.BOOLEAN_TRUE_VALUES == BOOLEAN_TRUE_VALUES
    assert compiled_requests.BOOLEAN_FALSE_VALUES == BOOLEAN_FALSE_VALUES
