"""Loading an OpenAPI document and finding things in it: references, pointers, operations."""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._operations import Envelope, Operation

__all__ = ["HTTP_METHODS", "Document", "SpecError", "escape", "load", "parse", "pointer", "unescape"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
"""The operation keys of a path item, in the order OpenAPI lists them."""

Node = dict[str, Any]


class SpecError(ValueError):
    """The document cannot be read as OpenAPI: not JSON or YAML, or a reference that points nowhere."""


def escape(token: object) -> str:
    """One JSON-pointer token (RFC 6901): ``~`` and ``/`` escaped."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer(*parts: object) -> str:
    """``#/paths/~1webhooks/get`` from ``("paths", "/webhooks", "get")``."""
    return "#/" + "/".join(escape(part) for part in parts)


def parse(text: str, label: str = "the document") -> Node:
    """JSON or YAML text as an OpenAPI 3 document."""
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else _yaml(text)
    except ValueError as exc:
        raise SpecError(f"{label}: neither JSON nor YAML: {exc}") from exc
    if not isinstance(data, dict) or not str(data.get("openapi", "")).startswith("3."):
        raise SpecError(f"{label}: not an OpenAPI 3 document (no `openapi: 3.x` at the top)")
    return data


def read_yaml(text: str | bytes | IO[str] | IO[bytes]) -> Any:
    """``yaml.safe_load``, through libyaml when PyYAML has it (about 10x faster than the pure-Python loader)."""
    import yaml  # only a YAML document needs it

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def write_yaml(data: Any, width: int = 120) -> str:
    """``data`` as YAML text, keys in the order given, multi-line strings as literal blocks, through libyaml when
    PyYAML has it (about 4x faster than the pure-Python writer, and the same text)."""
    import yaml

    return yaml.dump(data, Dumper=_block_dumper(), sort_keys=False, allow_unicode=True, width=width)


@functools.cache
def _block_dumper() -> Any:
    import yaml

    class BlockDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
        """The safe dumper, with multi-line strings as literal blocks."""

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)

    BlockDumper.add_representer(str, text)
    return BlockDumper


def _yaml(text: str) -> Any:
    import yaml

    try:
        return read_yaml(text)
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from exc


def load(source: str | Path) -> Document:
    """The document in a JSON or YAML file."""
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(f"{path}: {exc.strerror or exc}") from exc
    return Document(parse(text, str(path)))


class Document:
    """One OpenAPI document, read the same way by codegen, the emulator, the cassette cases and the differs.

    ``data`` is the document as parsed and is never changed here."""

    def __init__(self, data: Node) -> None:
        self.data = data

    @property
    def schemas(self) -> dict[str, Any]:
        return self.data.get("components", {}).get("schemas", {}) or {}

    # ---- references ----

    def resolve(self, ref: str) -> Any:
        """The node a local reference (``#/components/schemas/X``) points to."""
        if not ref.startswith("#"):
            raise SpecError(f"only local references are followed, not {ref!r}")
        node: Any = self.data
        for token in filter(None, ref[1:].split("/")):
            key = unescape(token)
            if isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            elif isinstance(node, dict) and key in node:
                node = node[key]
            else:
                raise SpecError(f"dangling reference {ref!r}")
        return node

    def deref(self, node: Any) -> Any:
        """``node`` with a chain of ``$ref``s followed (the node itself when it is no reference)."""
        return self.deref_named(node)[0]

    def deref_named(self, node: Any) -> tuple[Any, str | None]:
        """The node behind a chain of ``$ref``s, and the last ``components/schemas`` name on the way."""
        name = None
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                raise SpecError(f"the reference {ref!r} points to itself")
            seen.add(ref)
            if ref.startswith("#/components/schemas/") and ref.count("/") == 3:
                name = unescape(ref.rsplit("/", 1)[1])
            node = self.resolve(ref)
        return node, name

    # ---- operations ----

    @functools.cached_property
    def operations(self) -> tuple[Operation, ...]:
        """Every operation under ``paths``, in document order."""
        from ._operations import Operation

        found = []
        for path, item in (self.data.get("paths") or {}).items():
            item = self.deref(item)
            if not isinstance(item, dict):
                continue
            for method, node in item.items():
                if method in HTTP_METHODS and isinstance(node, dict):
                    found.append(Operation.read(self, path, method, item))
        return tuple(found)

    def webhook_operations(self) -> Iterator[Operation]:
        """The operations of the ``webhooks:`` section (what a subscribed endpoint receives)."""
        from ._operations import Operation

        for name, item in (self.data.get("webhooks") or {}).items():
            item = self.deref(item)
            for method, node in item.items() if isinstance(item, dict) else ():
                if method in HTTP_METHODS and isinstance(node, dict):
                    yield Operation.read(self, name, method, item, section="webhooks")

    def operation(self, operation_id: str) -> Operation:
        for operation in self.operations:
            if operation.operation_id == operation_id:
                return operation
        raise KeyError(operation_id)

    def reaching(self, name: str) -> list[Operation]:
        """The operations whose parameters, body or answers reach the component schema ``name`` (through any
        number of references), for messages that must say which operation a bad schema breaks."""
        wanted = f"#/components/schemas/{escape(name)}"
        return [op for op in (*self.operations, *self.webhook_operations()) if wanted in self._reach(op.node)]

    def _reach(self, node: Any) -> set[str]:
        found: set[str] = set()
        pending = [node]
        while pending:
            current = pending.pop()
            if isinstance(current, dict):
                ref = current.get("$ref")
                if isinstance(ref, str) and ref not in found:
                    found.add(ref)
                    with contextlib.suppress(SpecError):
                        pending.append(self.resolve(ref))
                pending.extend(value for key, value in current.items() if key not in ("example", "examples"))
            elif isinstance(current, list):
                pending.extend(current)
        return found

    # ---- schemas ----

    def fold(self, schema: Any) -> Node:
        """``schema`` with ``$ref`` followed and its ``allOf`` merged into one object (``fold.fold``)."""
        from ._fold import fold

        return fold(self, schema)

    def envelope(self, schema: Any) -> Envelope | None:
        """The success envelope ``schema`` is (``data`` beside ``ok``/``meta``), in either house style."""
        from ._operations import Envelope

        return Envelope.read(self, schema)
