"""`make upstream-import`: copy operations of Sendmux's published document into openapi.yaml.

    python -m tools.upstream.importer UPSTREAM (--tags "Domains,Mailboxes" | --ops managementGetDomain,...)

UPSTREAM is a file or an https URL, JSON or YAML. The operations of those tags (or with those operationIds) are
copied as the vendor writes them, with every component they reference, into openapi.yaml: the new paths go at
the end of `paths` (a literal path before a templated one it would shadow), the components at the end of their
section, and the rest of the file, its comments and layout, stays byte for byte. Then only the normalizations the
project's gates need, each printed:

- a tag missing from the global `tags` list is added (Spectral's operation-tag-defined);
- a request body whose schema requires fields gets `required: true` (the vendor leaves it out, which tells
  clients and fuzzers that a request with no body at all is valid);
- a secured operation without a 401 gets the shared `components/responses/Unauthorized` (the vendor leaves 401s
  out; sendmux-secured-operation-401), and one that takes a query or header parameter or a body, without a 400,
  the shared `components/responses/BadRequest` (the API refuses a bad one with 400 `invalid_parameter`, and the
  vendor documents it on some operations only);
- a string described as an ISO 8601 / RFC 3339 timestamp gets `format: date-time` (sendmux-timestamp-format;
  upstream-deviations' timestamps-are-date-time);
- an `allOf` with a member closed by `additionalProperties: false` (which admits none of the vendor's answers)
  becomes the one closed object its members describe (sendmux-allof-closed-member), and an enum of a type that
  allows null gets null (sendmux-nullable-enum-without-null);
- OpenAPI links from each create to the operations on the record it made, and from each cursor list to its next
  page, so tools that follow links (schemathesis' stateful phase, `make contract`) reach every id route;
- `info.version` goes up a minor when it still is the released one (new operations are a compatible change).

A component whose name openapi.yaml already uses is kept as ours when the JSON on the wire is the same (the same
properties, types, required fields and enum values: how strictly each side validates may differ), and the
import stops, naming both, when it is not. An operation openapi.yaml already has stops it too. Nothing is
written unless everything could be done.

Exit status: 0 when imported, 1 when refused (the message says why), 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sendmux_spec import Document, id_pointer, parse, pointer, roles, says_nothing, unescape
from sendmux_spec.shapes import Shapes, differences
from tools.upstream.surface import base_path
from tools.upstream.upstreamdiff import DocumentError, read_source

ROOT = Path(__file__).resolve().parents[2]
Node = dict[str, Any]
# What a difference between two same-named components may be about and still be "the same JSON on the wire".
VALIDATION_ONLY = {"closed", "open enum", "format"}
TIMESTAMP_WORDS = re.compile(r"\b(ISO[ -]?8601|RFC[ -]?3339)\b", re.IGNORECASE)
TIME_FORMATS = {"date-time", "date", "time", "duration"}
UNAUTHORIZED = "#/components/responses/Unauthorized"
BAD_REQUEST = "#/components/responses/BadRequest"
SHARED = {"401": UNAUTHORIZED, "400": BAD_REQUEST}


class Refused(Exception):
    """The import cannot be done as asked; the message names what stops it."""


@dataclass
class Plan:
    """What the import adds, and what it printed about it."""

    paths: dict[str, Node] = field(default_factory=dict)  # our route -> the new path item
    components: dict[str, dict[str, Any]] = field(default_factory=dict)  # kind -> name -> node
    tags: list[str] = field(default_factory=list)
    version: tuple[str, str] | None = None  # (old, new) info.version
    notes: list[str] = field(default_factory=list)
    operations: list[str] = field(default_factory=list)  # "operationId (METHOD /route)"


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for key, value in node.items():
            if key not in ("example", "examples", "default", "const", "enum"):
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _component(ref: str) -> tuple[str, str]:
    parts = ref.removeprefix("#/").split("/")
    if len(parts) != 3 or parts[0] != "components":
        raise Refused(f"the reference {ref} does not name a component; the importer copies only those")
    return parts[1], unescape(parts[2])


def wire_differences(ours: Document, theirs: Document, ref: str) -> list[str]:
    """How two documents' schema ``ref`` differ in the JSON they carry (not in how strictly they check it)."""
    found = differences(Shapes(ours).of({"$ref": ref}), Shapes(theirs).of({"$ref": ref}))
    return [
        f"{d.at or '(the object)'}: {d.aspect}: openapi.yaml says {d.a_says or 'nothing'}, "
        f"the vendor {d.b_says or 'nothing'}"
        for d in found
        if d.aspect not in VALIDATION_ONLY and not d.aspect.startswith("constraint")
    ]


def _same_component(kind: str, ours: Any, theirs: Any) -> bool:
    """Non-schema components: the same when they say the same apart from their prose."""

    def plain(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: plain(v) for k, v in node.items() if k not in ("description", "summary", "example", "examples")}
        if isinstance(node, list):
            return [plain(v) for v in node]
        return node

    if kind == "securitySchemes":
        keys = ("type", "scheme", "in", "name")
        return {k: ours.get(k) for k in keys} == {k: theirs.get(k) for k in keys}
    return bool(plain(ours) == plain(theirs))


def _selected(vendor: Document, tags: Sequence[str], op_ids: Sequence[str]) -> list[Any]:
    wanted_tags = {tag.casefold() for tag in tags}
    chosen = [
        op
        for op in vendor.operations
        if {tag.casefold() for tag in op.tags} & wanted_tags or (op.operation_id or "") in op_ids
    ]
    known_tags = {tag.casefold(): tag for op in vendor.operations for tag in op.tags}
    missing_tags = [tag for tag in tags if tag.casefold() not in known_tags]
    if missing_tags:
        raise Refused(f"the vendor's document has no tag {missing_tags}; its tags: {sorted(set(known_tags.values()))}")
    known_ids = {op.operation_id for op in vendor.operations}
    missing_ops = [op_id for op_id in op_ids if op_id not in known_ids]
    if missing_ops:
        raise Refused(f"the vendor's document has no operation {missing_ops}")
    if not chosen:
        raise Refused("nothing to import: give --tags or --ops")
    return chosen


def _timestamps(node: Any, where: str, notes: list[str]) -> None:
    """``format: date-time`` on each string a description calls an ISO 8601 / RFC 3339 timestamp."""
    if isinstance(node, list):
        for index, value in enumerate(node):
            _timestamps(value, f"{where}/{index}", notes)
        return
    if not isinstance(node, dict):
        return
    declared = node.get("type")
    types: list[Any] = declared if isinstance(declared, list) else [declared]
    text = " ".join(str(node.get(k, "")) for k in ("title", "description"))
    if "string" in types and node.get("format") not in TIME_FORMATS and TIMESTAMP_WORDS.search(text):
        node["format"] = "date-time"
        notes.append(f"{where}: format: date-time (described as an ISO 8601 timestamp)")
    for key, value in node.items():
        if key not in ("example", "examples", "default", "const", "enum"):
            _timestamps(value, f"{where}/{key}", notes)


def _closed(document: Document, member: Any) -> bool:
    node = document.deref(member)
    return isinstance(node, dict) and node.get("additionalProperties") is False


def _repair(document: Document, node: Any, where: str, notes: list[str]) -> Any:
    """Two ways of writing a schema that reject the vendor's own answers, rewritten as meant (what
    sendmux-allof-closed-member and sendmux-nullable-enum-without-null name):

    - an ``allOf`` with a member closed by ``additionalProperties: false`` admits no object carrying the other
      members' properties: it becomes the one object its members describe, closed;
    - a type that allows null with an enum that lacks null rejects every null: the enum gets null."""
    if isinstance(node, list):
        return [_repair(document, value, f"{where}/{index}", notes) for index, value in enumerate(node)]
    if not isinstance(node, dict):
        return node
    members = node.get("allOf")
    saying = [member for member in members if not says_nothing(member)] if isinstance(members, list) else []
    if len(saying) > 1 and any(_closed(document, member) for member in saying):
        node = copy.deepcopy(document.fold(node))
        node["additionalProperties"] = False
        notes.append(f"{where}: its allOf, whose members are closed, is the one closed object they describe")
    types = node.get("type") if isinstance(node.get("type"), list) else [node.get("type")]
    if "null" in types and isinstance(node.get("enum"), list) and None not in node["enum"]:
        node = {**node, "enum": [*node["enum"], None]}
        notes.append(f"{where}: null added to the enum of a type that allows null")
    data = ("example", "examples", "default", "const", "enum")
    return {
        key: value if key in data else _repair(document, value, f"{where}/{key}", notes) for key, value in node.items()
    }


def _links(ours: Document, result: Plan) -> None:
    """OpenAPI links from each imported create to the operations on the record it made (their id from its answer),
    and from each imported cursor list to its next page: how a tool that follows links (schemathesis' stateful
    phase, `make contract`) reaches every id route. Read from the REST shape of openapi.yaml with the import."""
    merged = copy.deepcopy(ours.data)
    merged.setdefault("paths", {}).update(copy.deepcopy(result.paths))
    for kind, named in result.components.items():
        merged.setdefault("components", {}).setdefault(kind, {}).update(copy.deepcopy(named))
    document = Document(merged)
    role_of = roles(document)
    for op in document.operations:
        role = role_of[(op.method, op.path)]
        item = result.paths.get(op.path, {}).get(op.method)
        success = op.success
        if item is None or success is None or role.collection is None:
            continue
        links: dict[str, Any] = {}
        collection = role.collection
        if role.kind == "create" and collection.id_param:
            where = id_pointer(document, collection, op)
            for target in document.operations:
                on_record = target.path == collection.item_path or target.path.startswith(f"{collection.item_path}/")
                if on_record and target.operation_id and target is not op:
                    parameters = {str(collection.id_param): f"$response.body#{where}"}
                    parameters.update({p.name: f"$request.path.{p.name}" for p in op.path_parameters})
                    links[f"{target.operation_id}FromCreated"] = {
                        "operationId": target.operation_id,
                        "parameters": parameters,
                    }
        envelope = op.envelope
        if role.kind == "list" and envelope is not None and envelope.paginated and op.parameter("query", "cursor"):
            parameters = {p.name: f"$request.path.{p.name}" for p in op.path_parameters}
            parameters["cursor"] = "$response.body#/pagination/next_cursor"
            links[f"{op.operation_id}NextPage"] = {"operationId": op.operation_id, "parameters": parameters}
        if links:
            response = item["responses"][success.status]
            if "$ref" not in response:
                response["links"] = {**response.get("links", {}), **links}
                result.notes.append(f"{op.operation_id}: links {sorted(links)}")


def _minor_up(version: str) -> str:
    parts = [*version.split("."), "0", "0"][:3]
    return f"{parts[0]}.{int(parts[1]) + 1}.0" if parts[1].isdigit() else version


def plan(ours: Document, vendor: Document, tags: Sequence[str], op_ids: Sequence[str], released: str | None) -> Plan:
    result = Plan()
    our_prefix, their_prefix = base_path(ours.data), base_path(vendor.data)
    ours_by_route = {(op.method, op.path): op for op in ours.operations}
    our_ids = {op.operation_id: op for op in ours.operations}
    our_components: Node = ours.data.get("components") or {}
    present: list[str] = []
    for op in _selected(vendor, tags, op_ids):
        full = their_prefix + op.path
        route = full[len(our_prefix) :] if our_prefix and full.startswith(our_prefix + "/") else op.path
        if (op.method, route) in ours_by_route or op.operation_id in our_ids:
            mine = ours_by_route.get((op.method, route)) or our_ids[op.operation_id]
            present.append(f"{op.operation_id} ({op.label}) as {mine.operation_id} ({mine.label})")
            continue
        item = result.paths.setdefault(route, {})
        source_item = vendor.deref(vendor.data["paths"][op.path])
        for key in ("summary", "description", "parameters"):
            if key in source_item and key not in item:
                item[key] = copy.deepcopy(source_item[key])
        node = copy.deepcopy(op.node)
        needs = {"401": op.secured, "400": _takes_input(vendor, source_item, node)}
        for status, ref in SHARED.items():
            if needs[status] and status not in node.get("responses", {}):
                name = ref.rsplit("/", 1)[1]
                if name not in (our_components.get("responses") or {}):
                    raise Refused(f"{op.operation_id} needs a {status}; openapi.yaml has no responses/{name}")
                node["responses"] = {status: {"$ref": ref}, **node.get("responses", {})}
                result.notes.append(f"{op.operation_id}: the shared {status} (components/responses/{name})")
        body = node.get("requestBody")
        if isinstance(body, dict) and not body.get("required") and _required_fields(vendor, body):
            body["required"] = True
            fields = ", ".join(_required_fields(vendor, body))
            result.notes.append(f"{op.operation_id}: requestBody required: true (its schema requires {fields})")
        item[op.method] = node
        result.operations.append(f"{op.operation_id} ({op.method.upper()} {route})")
        for tag in op.tags:
            known = [t.get("name") for t in ours.data.get("tags") or []]
            if tag not in known and tag not in result.tags:
                result.tags.append(tag)
                result.notes.append(f"tag {tag!r} added to the global tags list")
    if present:
        raise Refused("openapi.yaml already has " + "; ".join(present) + ": `make upstream-diff` compares them instead")
    _copy_components(ours, vendor, result)
    for route, item in result.paths.items():
        result.paths[route] = item = _repair(vendor, item, pointer("paths", route)[1:], result.notes)
        _timestamps(item, pointer("paths", route)[1:], result.notes)
    for kind, named in result.components.items():
        for name, node in named.items():
            named[name] = node = _repair(vendor, node, pointer("components", kind, name)[1:], result.notes)
            _timestamps(node, pointer("components", kind, name)[1:], result.notes)
    _links(ours, result)
    version = str((ours.data.get("info") or {}).get("version", ""))
    if released is not None and version == released:
        result.version = (version, _minor_up(version))
        result.notes.append(f"info.version {version} -> {result.version[1]} (new operations: a minor change)")
    return result


def _required_fields(vendor: Document, body: Node) -> list[str]:
    """The fields a request body's JSON schema requires: with any, a request without a body is refused."""
    media = next((m for name, m in (body.get("content") or {}).items() if "json" in name), None)
    schema = vendor.fold(media.get("schema")) if isinstance(media, dict) else {}
    return [str(name) for name in schema.get("required") or []]


def _takes_input(vendor: Document, item: Node, operation: Node) -> bool:
    """Whether the operation takes a body, a query parameter or a header the server can refuse (one it requires or
    limits, as the `Idempotency-Key`'s 255 characters), its own or its path's."""
    parameters = [vendor.deref(p) for p in [*item.get("parameters", []), *operation.get("parameters", [])]]
    return "requestBody" in operation or any(_checked(vendor, p) for p in parameters)


def _checked(vendor: Document, parameter: Node) -> bool:
    limits = {"maxLength", "minLength", "pattern", "enum", "maximum", "minimum"}
    schema = vendor.deref(parameter.get("schema") or {})
    return parameter.get("in") == "query" or (
        parameter.get("in") == "header" and (bool(parameter.get("required")) or bool(limits & set(schema)))
    )


def _copy_components(ours: Document, vendor: Document, result: Plan) -> None:
    """Every component the new paths reach, copied unless openapi.yaml has the same one under that name."""
    our_components: Node = ours.data.get("components") or {}
    pending = [ref for item in result.paths.values() for ref in _refs(item)]
    seen: set[str] = set()
    while pending:
        ref = pending.pop(0)
        if ref in seen or ref in SHARED.values():
            continue
        seen.add(ref)
        kind, name = _component(ref)
        theirs = vendor.resolve(ref)
        mine = (our_components.get(kind) or {}).get(name)
        if mine is not None:
            problems = (
                wire_differences(ours, vendor, ref)
                if kind == "schemas"
                else ([] if _same_component(kind, mine, theirs) else ["they differ beyond their prose"])
            )
            if problems:
                raise Refused(
                    f"components/{kind}/{name} is in openapi.yaml and in the vendor's document, and they differ on "
                    f"the wire: {'; '.join(problems[:3])}. Rename one of them, or change ours first"
                )
            result.notes.append(f"components/{kind}/{name}: openapi.yaml's kept (the same JSON on the wire)")
            continue
        result.components.setdefault(kind, {})[name] = copy.deepcopy(theirs)
        pending.extend(_refs(theirs))


# ---- writing: the new text into openapi.yaml, the rest left byte for byte ----


class _Dumper(yaml.SafeDumper):
    """Block style with indented sequences and literal blocks for multi-line text, as openapi.yaml is written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value and not any(line != line.rstrip() for line in value.splitlines()) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(node: Any, indent: int) -> list[str]:
    text = yaml.dump(node, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=112, indent=2)
    return [" " * indent + line if line else line for line in text.splitlines()]


def _path_segments(route: str) -> list[str]:
    return route.strip("/").split("/")


def _shadows(literal: str, templated: str) -> bool:
    """Whether ``literal`` must come before ``templated``: both match one URL and ``literal`` is more literal."""
    a, b = _path_segments(literal), _path_segments(templated)
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if not x.startswith("{") and not y.startswith("{") and x != y:
            return False
    return any(not x.startswith("{") and y.startswith("{") for x, y in zip(a, b, strict=True))


class _Lines:
    """openapi.yaml's lines, with where each mapping key the import writes into sits (from YAML's own marks)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

    def mapping(self, *keys: str) -> yaml.Node | None:
        node: Any = self.root
        for key in keys:
            if not isinstance(node, yaml.MappingNode):
                return None
            node = next((value for k, value in node.value if k.value == key), None)
            if node is None:
                return None
        return node  # type: ignore[no-any-return]

    def key_line(self, mapping: yaml.Node, key: str) -> int:
        """The line of ``key`` in ``mapping``, moved up over the comment lines right above it."""
        line: int = next(k.start_mark.line for k, _ in mapping.value if k.value == key)
        while line > 0 and self.lines[line - 1].lstrip().startswith("#"):
            line -= 1
        return line

    @staticmethod
    def column(node: yaml.Node, default: int) -> int:
        """The column the entries of a mapping or sequence start at, so new ones line up with them."""
        entries = node.value if isinstance(node, yaml.MappingNode | yaml.SequenceNode) else []
        if not entries:
            return default
        first = entries[0][0] if isinstance(node, yaml.MappingNode) else entries[0]
        column: int = first.start_mark.column
        return column - 2 if isinstance(node, yaml.SequenceNode) else column  # a sequence item's "- " comes first

    def end(self, node: yaml.Node) -> int:
        """The line after the last line of ``node``'s content (blank and comment lines after it excluded)."""
        line = min(node.end_mark.line, len(self.lines))
        while line > 0 and (not self.lines[line - 1].strip() or self.lines[line - 1].lstrip().startswith("#")):
            line -= 1
        return line


def write(text: str, result: Plan) -> str:
    """openapi.yaml's text with the plan's paths, components, tags and version added."""
    doc = _Lines(text)
    inserts: list[tuple[int, list[str]]] = []
    paths = doc.mapping("paths")
    if paths is None:
        raise Refused("openapi.yaml has no paths mapping to add to")
    existing = [k.value for k, _ in paths.value]
    at_end: list[str] = []
    for route, item in result.paths.items():
        block = dump({route: item}, doc.column(paths, 2))
        shadowed = next((e for e in existing if _shadows(route, e)), None)
        if shadowed is not None:
            inserts.append((doc.key_line(paths, shadowed), block))
        else:
            placed = next((i for i, other in enumerate(at_end) if _shadows(route, other)), None)
            if placed is None:
                at_end.append(route)
            else:
                at_end.insert(placed, route)
    at = doc.column(paths, 2)
    inserts.append((doc.end(paths), [line for route in at_end for line in dump({route: result.paths[route]}, at)]))
    components = doc.mapping("components")
    if components is None:
        raise Refused("openapi.yaml has no components mapping to add to")
    for kind, named in result.components.items():
        section = doc.mapping("components", kind)
        if section is None:
            inserts.append((doc.end(components), dump({kind: named}, doc.column(components, 2))))
        else:
            inserts.append((doc.end(section), dump(named, doc.column(section, 4))))
    if result.tags:
        tags = doc.mapping("tags")
        if tags is None:
            raise Refused("openapi.yaml has no global tags list to add to")
        inserts.append((doc.end(tags), dump([{"name": tag} for tag in result.tags], doc.column(tags, 2))))
    lines = list(doc.lines)
    for line, block in sorted(inserts, key=lambda insert: insert[0], reverse=True):  # bottom up: lines stay valid
        lines[line:line] = block
    new_text = "\n".join(lines) + ("\n" if text.endswith("\n") else "")
    if result.version is not None:
        old, new = result.version
        version_line = re.compile(rf"(?m)^(  version: ['\"]?){re.escape(old)}(['\"]?)$")
        new_text, count = version_line.subn(rf"\g<1>{new}\g<2>", new_text, count=1)
        if count != 1:
            raise Refused(f"info.version {old} is not written as `  version: {old}` in openapi.yaml")
    return new_text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="upstream-import", description=__doc__.splitlines()[0])
    parser.add_argument("upstream", help="the vendor's document: a file or an https URL, JSON or YAML")
    parser.add_argument("--tags", default="", help="comma-separated tags to import, e.g. 'Domains,Mailboxes'")
    parser.add_argument("--ops", default="", help="comma-separated operationIds to import")
    parser.add_argument("--into", type=Path, default=ROOT / "openapi.yaml", help="the spec to add to")
    parser.add_argument("--released", type=Path, default=ROOT / "release" / "openapi.yaml")
    args = parser.parse_args(argv)
    tags = [tag.strip() for tag in args.tags.split(",") if tag.strip()]
    op_ids = [op.strip() for op in args.ops.split(",") if op.strip()]
    if not tags and not op_ids:
        parser.error("give TAGS=... or OPS=... (comma-separated)")
    try:
        vendor = Document(parse(read_source(args.upstream), args.upstream))
        text = args.into.read_text(encoding="utf-8")
        ours = Document(parse(text, str(args.into)))
        released = None
        if args.released.is_file():
            released = str((parse(args.released.read_text(encoding="utf-8")).get("info") or {}).get("version"))
        result = plan(ours, vendor, tags, op_ids, released)
        new_text = write(text, result)
        Document(parse(new_text, str(args.into)))  # what is written must read back
    except (Refused, DocumentError, ValueError) as exc:
        print(f"upstream-import: refused: {exc}", file=sys.stderr)
        return 1
    args.into.write_text(new_text, encoding="utf-8")
    count = sum(len(named) for named in result.components.values())
    print(f"upstream-import: {len(result.operations)} operation(s) and {count} component(s) into {args.into.name}")
    for operation in result.operations:
        print(f"  + {operation}")
    for note in result.notes:
        print(f"  normalized: {note}" if not note.startswith("components/") else f"  kept: {note}")
    print("Next: make lint-spec, make generate, make diff.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
