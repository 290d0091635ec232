"""An operation as every reader needs it: its parameters, body and answers, references followed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._document import pointer

if TYPE_CHECKING:
    from ._document import Document

__all__ = ["Envelope", "Operation", "Parameter", "Response", "is_json", "media_kind"]

Node = dict[str, Any]


def is_json(media_type: str) -> bool:
    base = media_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def media_kind(media_type: str) -> str:
    """json | events (``text/event-stream``) | text (any other ``text/*``) | bytes."""
    base = media_type.split(";")[0].strip().lower()
    if is_json(base):
        return "json"
    if base == "text/event-stream":
        return "events"
    return "text" if base.startswith("text/") else "bytes"


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # path | query | header | cookie
    required: bool
    schema: Any  # as written (a $ref stays a $ref); None for a `content` parameter
    node: Node = field(repr=False)  # the parameter object, references followed

    @property
    def description(self) -> str:
        return str(self.node.get("description") or "")

    @property
    def style(self) -> str:
        return str(self.node.get("style", "form" if self.location in ("query", "cookie") else "simple"))

    @property
    def explode(self) -> bool:
        return bool(self.node.get("explode", self.style == "form"))


@dataclass(frozen=True)
class Response:
    status: str  # "200", "2XX", "default"
    node: Node = field(repr=False)  # the response object, references followed
    where: str  # its JSON pointer (a shared response's own place in components)

    @property
    def content(self) -> dict[str, Node]:
        return self.node.get("content") or {}

    @property
    def headers(self) -> dict[str, Any]:
        return self.node.get("headers") or {}

    @property
    def success(self) -> bool:
        return self.status.startswith("2")

    def media(self, kind: str = "json") -> tuple[str, Node] | None:
        """The first media type of that kind (``media_kind``) and its media object."""
        return next(((m, media) for m, media in self.content.items() if media_kind(m) == kind), None)

    @property
    def json_schema(self) -> Any:
        found = self.media("json")
        return found[1].get("schema") if found else None


@dataclass(frozen=True)
class Envelope:
    """A success body that carries its result in ``data``: openapi.yaml's flat object or Sendmux's ``allOf:
    [SuccessEnvelope, {...}]``, the same here."""

    name: str | None  # the component the body is, if any
    data: Any  # the schema of ``data`` as written ({$ref: X}, or inline)
    pagination: Node | None  # the schema of ``pagination``, folded
    schema: Node = field(repr=False)  # the whole body, folded

    @property
    def paginated(self) -> bool:
        """Cursor pagination: ``pagination.next_cursor``."""
        return self.pagination is not None and "next_cursor" in (self.pagination.get("properties") or {})

    @classmethod
    def read(cls, document: Document, schema: Any) -> Envelope | None:
        if schema is None:
            return None
        folded = document.fold(schema)
        properties = folded.get("properties") or {}
        if "data" not in properties:
            return None
        pagination = document.fold(properties["pagination"]) if "pagination" in properties else None
        return cls(document.deref_named(schema)[1], properties["data"], pagination, folded)


@dataclass(frozen=True)
class Operation:
    path: str  # the template under `paths` (or the name under `webhooks`)
    method: str  # lowercase
    node: Node = field(repr=False)
    parameters: tuple[Parameter, ...]
    responses: dict[str, Response]
    request_body: Node | None  # references followed
    where: str  # JSON pointer of the operation object
    document: Document = field(repr=False, compare=False)

    @classmethod
    def read(cls, document: Document, path: str, method: str, item: Node, section: str = "paths") -> Operation:
        node = item[method]
        merged: dict[tuple[str, str], Parameter] = {}
        for raw in [*(item.get("parameters") or []), *(node.get("parameters") or [])]:  # the operation's win
            param = document.deref(raw)
            if not isinstance(param, dict) or "name" not in param:
                continue
            location = str(param.get("in", "query"))
            key = (location, str(param["name"]).lower() if location == "header" else str(param["name"]))
            merged[key] = Parameter(
                name=str(param["name"]),
                location=location,
                required=bool(param.get("required", location == "path")),
                schema=param.get("schema"),
                node=param,
            )
        responses = {}
        for status, raw in (node.get("responses") or {}).items():
            status = str(status).upper()
            if status.startswith("X-"):
                continue
            ref = raw.get("$ref") if isinstance(raw, dict) else None
            where = ref if isinstance(ref, str) else pointer(section, path, method, "responses", status)
            resolved = document.deref(raw)
            responses[status] = Response(status, resolved if isinstance(resolved, dict) else {}, where)
        body = document.deref(node.get("requestBody")) if "requestBody" in node else None
        return cls(
            path, method, node, tuple(merged.values()), responses, body, pointer(section, path, method), document
        )

    # ---- what the operation object says ----

    @property
    def operation_id(self) -> str | None:
        value = self.node.get("operationId")
        return str(value) if value else None

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(str(tag) for tag in self.node.get("tags") or ())

    @property
    def summary(self) -> str:
        return str(self.node.get("summary") or "")

    @property
    def description(self) -> str:
        return str(self.node.get("description") or "")

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def secured(self) -> bool:
        """Whether a credential is needed: the operation's ``security``, else the document's, names a scheme."""
        security = self.node.get("security", self.document.data.get("security")) or []
        return any(bool(requirement) for requirement in security)

    def parameter(self, location: str, name: str) -> Parameter | None:
        wanted = name.lower() if location == "header" else name
        for param in self.parameters:
            if param.location == location and (param.name.lower() if location == "header" else param.name) == wanted:
                return param
        return None

    def located(self, location: str) -> list[Parameter]:
        return [param for param in self.parameters if param.location == location]

    @property
    def path_parameters(self) -> list[Parameter]:
        """In the order the path names them."""
        order = re.findall(r"\{([^}/]+)\}", self.path)
        found = {param.name: param for param in self.located("path")}
        return [found[name] for name in order if name in found]

    @property
    def json_body(self) -> Any:
        """The schema of the JSON request body, as written."""
        content = (self.request_body or {}).get("content") or {}
        return next((media.get("schema") for m, media in content.items() if is_json(m)), None)

    @property
    def successes(self) -> list[Response]:
        return [response for status, response in sorted(self.responses.items()) if response.success]

    @property
    def success(self) -> Response | None:
        """The lowest documented 2xx."""
        return next(iter(self.successes), None)

    @property
    def envelope(self) -> Envelope | None:
        """The success answer's envelope, when it has one."""
        success = self.success
        return self.document.envelope(success.json_schema) if success else None

    @property
    def idempotent(self) -> bool:
        """Whether the operation takes an ``Idempotency-Key`` header."""
        return self.parameter("header", "Idempotency-Key") is not None
