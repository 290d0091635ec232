"""The surface of an OpenAPI document that openapi.yaml covers: its operations (every operation of openapi.yaml; of
the vendor's, those on a path openapi.yaml has or under a tag it has) and its delivery webhooks, reduced to what
a client sees (parameters, bodies, statuses, headers) and keyed so that two documents' operations pair up by
method and path, wherever each puts the `/api/v1` prefix (paths or `servers`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sendmux_spec import HTTP_METHODS
from sendmux_spec.shapes import Shape, Shapes

JSON_MEDIA = re.compile(r"^application/([\w.+-]+\+)?json\b")


@dataclass(frozen=True)
class Parameter:
    location: str  # query, header, path, cookie
    name: str
    required: bool
    shape: Shape


@dataclass(frozen=True)
class Answer:
    """One documented response status."""

    headers: dict[str, tuple[str, Shape]]  # lowercased name -> (name as written, shape)
    media_types: frozenset[str]
    body: Shape | None  # the JSON body's shape, if it has one


@dataclass(frozen=True)
class Operation:
    method: str  # GET, POST, ... (WEBHOOK for a delivery webhook)
    route: str  # as the document writes it under `paths` (or the webhook's name)
    operation_id: str | None
    parameters: dict[tuple[str, str], Parameter]  # (location, name); path parameters by position: ("path", "#1")
    body_required: bool | None  # None: no request body
    body: Shape | None
    responses: dict[str, Answer] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.method} {self.route}"


@dataclass(frozen=True)
class Surface:
    """The compared operations of one document, keyed by (path with unnamed parameters, method)."""

    operations: dict[tuple[str, str], Operation]
    webhooks: list[Operation]  # delivery webhooks (`webhooks:` section), matched by structure
    total_operations: int  # every operation in the document, on the surface or not
    info: str  # "OpenAPI 3.1.0, info.version 1.0.0"
    tags: frozenset[str] = frozenset()  # the tags of its compared operations, casefolded


def base_path(document: dict[str, Any]) -> str:
    """The path part of the first server URL (`/api/v1` of `https://app.sendmux.ai/api/v1`), variables filled."""
    servers = document.get("servers") or [{"url": "/"}]
    server: dict[str, Any] = servers[0] if isinstance(servers[0], dict) else {"url": "/"}
    url = str(server.get("url", "/"))
    for name, variable in (server.get("variables") or {}).items():
        url = url.replace("{" + name + "}", str(variable.get("default", "")))
    return urlsplit(url).path.rstrip("/")


def route_key(method: str, full_path: str) -> tuple[str, str]:
    """(path with unnamed parameters, method in HTTP_METHODS order): sorts by path, then method."""
    path = re.sub(r"\{[^}/]*\}", "{}", full_path.rstrip("/") or "/")
    return path, f"{HTTP_METHODS.index(method.lower())}:{method.upper()}"


def surface(document: dict[str, Any], api_prefix: str, covered: Surface | None = None) -> Surface:
    """The document's operations, keyed with `api_prefix` (ours: the path of our first server) taken off their
    full path (the document's own server path counts as part of each path). With `covered` (our own surface),
    only those on one of its paths or under one of its tags (in any case): what we describe, and what the vendor
    added where we already describe something."""
    shapes = Shapes(document)
    prefix = base_path(document)
    operations: dict[tuple[str, str], Operation] = {}
    tags: set[str] = set()
    total = 0
    for route, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict) or not route.startswith("/"):
            continue
        full = prefix + route
        relative = full[len(api_prefix) :] if full.startswith(api_prefix + "/") else route
        for method in HTTP_METHODS:
            if not isinstance(item.get(method), dict):
                continue
            total += 1
            key = route_key(method, api_prefix + relative)
            op_tags = {str(tag).casefold() for tag in item[method].get("tags") or []}
            if covered is None or key in covered.operations or op_tags & covered.tags:
                operations[key] = _operation(shapes, method.upper(), route, item, item[method])
                tags |= op_tags
    webhooks = [
        _operation(shapes, "WEBHOOK", name, item, item[method])  # findings.WEBHOOK
        for name, item in (document.get("webhooks") or {}).items()
        if isinstance(item, dict)
        for method in HTTP_METHODS
        if isinstance(item.get(method), dict)
    ]
    info = f"OpenAPI {document.get('openapi', '?')}, info.version {(document.get('info') or {}).get('version', '?')}"
    return Surface(operations=operations, webhooks=webhooks, total_operations=total, info=info, tags=frozenset(tags))


def _operation(shapes: Shapes, method: str, route: str, item: dict[str, Any], op: dict[str, Any]) -> Operation:
    parameters: dict[tuple[str, str], Parameter] = {}
    path_names = re.findall(r"\{([^}/]*)\}", route)
    for raw in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
        parameter = shapes.deref(raw)
        if not isinstance(parameter, dict) or "name" not in parameter:
            continue
        location, name = parameter.get("in", "query"), str(parameter["name"])
        key = name.lower() if location == "header" else name
        if location == "path" and name in path_names:
            key = f"#{path_names.index(name) + 1}"
        parameters[(location, key)] = Parameter(
            location=location,
            name=name,
            required=bool(parameter.get("required", location == "path")),
            shape=shapes.of(parameter.get("schema")),
        )
    body = shapes.deref(op.get("requestBody"))
    responses = {
        str(status).upper(): _answer(shapes, shapes.deref(response))
        for status, response in (op.get("responses") or {}).items()
        if not str(status).startswith("x-")
    }
    return Operation(
        method=method,
        route=route,
        operation_id=op.get("operationId"),
        parameters=parameters,
        body_required=bool(body.get("required", False)) if isinstance(body, dict) else None,
        body=_json_body(shapes, body) if isinstance(body, dict) else None,
        responses=responses,
    )


def _json_body(shapes: Shapes, owner: dict[str, Any]) -> Shape | None:
    for media_type, media in (owner.get("content") or {}).items():
        if JSON_MEDIA.match(media_type) and isinstance(media, dict):
            return shapes.of(media.get("schema"))
    return None


def _answer(shapes: Shapes, response: Any) -> Answer:
    if not isinstance(response, dict):
        return Answer(headers={}, media_types=frozenset(), body=None)
    headers = {}
    for name, header in (response.get("headers") or {}).items():
        definition = shapes.deref(header)
        schema = definition.get("schema") if isinstance(definition, dict) else None
        headers[name.lower()] = (name, shapes.of(schema))
    return Answer(
        headers=headers,
        media_types=frozenset(response.get("content") or {}),
        body=_json_body(shapes, response),
    )
