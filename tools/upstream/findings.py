"""Every difference between the vendor's webhook surface and ours, one `Finding` per fact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shapes import Place, Shape, Shapes, places
from surface import Answer, Operation, Surface

MISSING = "missing"  # the vendor's document has it, ours lacks it
EXTRA = "extra"  # ours has it, the vendor's lacks it
DIFFERS = "differs"  # both have it and say different things
CHANGES = (MISSING, DIFFERS, EXTRA)
WEBHOOK = "WEBHOOK"  # the method of a delivery webhook, compared like an operation
PAYLOAD = "payload"


@dataclass(frozen=True)
class Finding:
    operation: str  # "POST /webhooks" as we write it (the vendor's route when only the vendor has it)
    operation_id: str | None  # ours
    vendor_operation_id: str | None
    location: str  # "request body url", "response 201 body data.event_types[]", "parameter query limit", ...
    aspect: str  # operation, status, header, parameter, property, required, type, format, enum value, ...
    change: str  # missing, extra or differs
    ours: str | None
    theirs: str | None
    deliberate: str | None = None  # the id of the deviation that explains it

    def as_json(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in self.__dataclass_fields__}


def compare(ours: Surface, theirs: Surface, vendor_document: dict[str, Any]) -> list[Finding]:
    found: list[Finding] = []
    for key in sorted(set(ours.operations) | set(theirs.operations)):
        mine, vendor = ours.operations.get(key), theirs.operations.get(key)
        if mine is None or vendor is None:
            op = mine or vendor
            assert op is not None
            change = EXTRA if vendor is None else MISSING
            found.append(_finding(op, mine, vendor, "operation", "operation", change))
            continue
        found += _operation(mine, vendor)
    found += _webhooks(ours, theirs, vendor_document)
    return found


def _finding(
    op: Operation,
    mine: Operation | None,
    vendor: Operation | None,
    location: str,
    aspect: str,
    change: str,
    ours: str | None = None,
    theirs: str | None = None,
) -> Finding:
    return Finding(
        operation=op.label if mine is None else mine.label,
        operation_id=mine.operation_id if mine else None,
        vendor_operation_id=vendor.operation_id if vendor else None,
        location=location,
        aspect=aspect,
        change=change,
        ours=ours,
        theirs=theirs,
    )


def _operation(mine: Operation, vendor: Operation) -> list[Finding]:
    found: list[Finding] = []

    def add(location: str, aspect: str, change: str, ours: str | None = None, theirs: str | None = None) -> None:
        found.append(_finding(mine, mine, vendor, location, aspect, change, ours, theirs))

    for key in sorted(set(mine.parameters) | set(vendor.parameters)):
        ours_p, theirs_p = mine.parameters.get(key), vendor.parameters.get(key)
        where = f"parameter {key[0]} {(ours_p or theirs_p).name}"  # type: ignore[union-attr]
        if ours_p is None or theirs_p is None:
            add(where, "parameter", EXTRA if theirs_p is None else MISSING)
            continue
        if ours_p.name != theirs_p.name:
            add(where, "name", DIFFERS, ours_p.name, theirs_p.name)
        if ours_p.required != theirs_p.required:
            add(where, "required", DIFFERS, _required(ours_p.required), _required(theirs_p.required))
        found += _shapes(mine, vendor, where, ours_p.shape, theirs_p.shape)
    body = PAYLOAD if mine.method == WEBHOOK else "request body"  # a delivery's body is the event
    if (mine.body_required is None) != (vendor.body_required is None):
        add(body, body, EXTRA if vendor.body_required is None else MISSING)
    elif mine.body_required is not None:
        if mine.body_required != vendor.body_required:
            add(body, "required", DIFFERS, _required(mine.body_required), _required(bool(vendor.body_required)))
        if mine.body is not None and vendor.body is not None:
            found += _shapes(mine, vendor, body, mine.body, vendor.body)
    for status in sorted(set(mine.responses) | set(vendor.responses)):
        ours_a, theirs_a = mine.responses.get(status), vendor.responses.get(status)
        if ours_a is None or theirs_a is None:
            add(f"response {status}", "status", EXTRA if theirs_a is None else MISSING)
            continue
        found += _answers(mine, vendor, status, ours_a, theirs_a)
    return found


def _answers(mine: Operation, vendor: Operation, status: str, ours: Answer, theirs: Answer) -> list[Finding]:
    found: list[Finding] = []
    for name in sorted(set(ours.headers) | set(theirs.headers)):
        written = (ours.headers.get(name) or theirs.headers[name])[0]
        where = f"response {status} header {written}"
        if name not in ours.headers or name not in theirs.headers:
            change = EXTRA if name not in theirs.headers else MISSING
            found.append(_finding(mine, mine, vendor, where, "header", change))
            continue
        found += _shapes(mine, vendor, where, ours.headers[name][1], theirs.headers[name][1])
    if (ours.body is None) != (theirs.body is None):
        change = EXTRA if theirs.body is None else MISSING
        found.append(_finding(mine, mine, vendor, f"response {status} body", "body", change))
    elif ours.body is not None and theirs.body is not None:
        found += _shapes(mine, vendor, f"response {status} body", ours.body, theirs.body)
    return found


def _required(required: bool) -> str:
    return "required" if required else "optional"


def _shapes(mine: Operation, vendor: Operation, where: str, ours: Shape, theirs: Shape) -> list[Finding]:
    """Location by location: properties one side lacks, then what both have but state differently."""
    found: list[Finding] = []
    ours_at, theirs_at = places(ours), places(theirs)

    def add(at: str, aspect: str, change: str, mine_says: str | None = None, vendor_says: str | None = None) -> None:
        location = f"{where} {at}" if at else where
        found.append(_finding(mine, mine, vendor, location, aspect, change, mine_says, vendor_says))

    skipped: list[str] = []  # under a property one side lacks: reported once, at the top
    for at in sorted(set(ours_at) | set(theirs_at), key=lambda p: (p.count(".") + p.count("[]"), p)):
        if any(at.startswith(top + ".") or at.startswith(top + "[]") for top in skipped):
            continue
        if at not in ours_at or at not in theirs_at:
            skipped.append(at)
            place = ours_at.get(at) or theirs_at[at]
            add(at, "property", EXTRA if at not in theirs_at else MISSING, *_sides(at, ours_at, theirs_at, place))
            continue
        found += [
            _finding(mine, mine, vendor, f"{where} {at}" if at else where, aspect, change, a, b)
            for aspect, change, a, b in _place(ours_at[at], theirs_at[at])
        ]
    return found


def _sides(at: str, ours_at: dict[str, Place], theirs_at: dict[str, Place], place: Place) -> tuple[str | None, ...]:
    said = place.shape.describe_type() + (", required" if place.required else "")
    return (said, None) if at in ours_at else (None, said)


def _place(ours: Place, theirs: Place) -> list[tuple[str, str, str | None, str | None]]:
    """What differs at one location both sides have: (aspect, change, ours, theirs)."""
    out: list[tuple[str, str, str | None, str | None]] = []
    a, b = ours.shape, theirs.shape
    if ours.required is not None and ours.required != theirs.required:
        out.append(("required", DIFFERS, _required(ours.required), _required(bool(theirs.required))))
    if a.types and b.types and _plain(a.types) != _plain(b.types):
        out.append(("type", DIFFERS, a.describe_type(), b.describe_type()))
    if a.format != b.format:
        out.append(("format", DIFFERS, a.format or "none", b.format or "none"))
    if a.enum is not None and b.enum is not None:
        out += [("enum value", MISSING, None, value) for value in sorted(b.enum - a.enum)]
        out += [("enum value", EXTRA, value, None) for value in sorted(a.enum - b.enum)]
        if a.open_enum != b.open_enum:
            out.append(("open enum", DIFFERS, _openness(a), _openness(b)))
    elif (a.enum is None) != (b.enum is None):
        out.append(("enum", DIFFERS, a.describe_type(), b.describe_type()))
    mine_constraints, vendor_constraints = dict(a.constraints), dict(b.constraints)
    for name in sorted(set(mine_constraints) | set(vendor_constraints)):
        if mine_constraints.get(name) != vendor_constraints.get(name):
            out.append((f"constraint {name}", DIFFERS, mine_constraints.get(name), vendor_constraints.get(name)))
    if a.closed != b.closed and (a.properties or b.properties):
        out.append(("closed", DIFFERS, _closedness(a), _closedness(b)))
    return out


def _plain(types: frozenset[str]) -> frozenset[str]:
    """A type set as a reader sees it: `number` and `integer | number` are the same promise."""
    return types - {"integer"} if "number" in types else types


def _openness(shape: Shape) -> str:
    return "open (any string too)" if shape.open_enum else "closed"


def _closedness(shape: Shape) -> str:
    return "closed to other keys" if shape.closed else "open to other keys"


def _webhooks(ours: Surface, theirs: Surface, vendor_document: dict[str, Any]) -> list[Finding]:
    """Delivery webhooks pair by their payload's properties; without any, the vendor's payload schema is
    found among its components by the same measure and compared as the payload alone."""
    found: list[Finding] = []
    unpaired = list(theirs.webhooks)
    for mine in ours.webhooks:
        vendor = max(unpaired, key=lambda op: _overlap(mine.body, op.body), default=None)
        if vendor is not None and _overlap(mine.body, vendor.body) >= 0.5:
            unpaired.remove(vendor)
            found += _operation(mine, vendor)
            continue
        found.append(_finding(mine, mine, None, "webhook", "webhook", EXTRA))
        payload = _payload_component(mine.body, vendor_document)
        if payload is not None and mine.body is not None:
            stand_in = Operation(WEBHOOK, mine.route, None, {}, None, None)
            found += _shapes(mine, stand_in, PAYLOAD, mine.body, payload)
    found += [_finding(vendor, None, vendor, "webhook", "webhook", MISSING) for vendor in unpaired]
    return found


def _overlap(a: Shape | None, b: Shape | None) -> float:
    names_a, names_b = set(a.properties) if a else set(), set(b.properties) if b else set()
    return len(names_a & names_b) / len(names_a | names_b) if names_a | names_b else 0.0


def _payload_component(ours: Shape | None, document: dict[str, Any]) -> Shape | None:
    shapes = Shapes(document)
    candidates = [
        shapes.of({"$ref": f"#/components/schemas/{name.replace('~', '~0').replace('/', '~1')}"})
        for name in ((document.get("components") or {}).get("schemas") or {})
    ]
    best = max(candidates, key=lambda shape: _overlap(ours, shape), default=None)
    return best if best is not None and _overlap(ours, best) >= 0.5 else None
