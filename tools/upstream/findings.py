"""Every difference between the vendor's surface and ours, one `Finding` per fact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sendmux_spec import pointer
from sendmux_spec.shapes import BOTH, ONLY_A, ONLY_B, Shape, Shapes, differences, say_required
from tools.upstream.surface import Answer, Operation, Surface

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
            add(where, "required", DIFFERS, say_required(ours_p.required), say_required(theirs_p.required))
        found += _shapes(mine, vendor, where, ours_p.shape, theirs_p.shape)
    body = PAYLOAD if mine.method == WEBHOOK else "request body"  # a delivery's body is the event
    if (mine.body_required is None) != (vendor.body_required is None):
        add(body, body, EXTRA if vendor.body_required is None else MISSING)
    elif mine.body_required is not None:
        if mine.body_required != vendor.body_required:
            add(body, "required", DIFFERS, say_required(mine.body_required), say_required(bool(vendor.body_required)))
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


def _shapes(mine: Operation, vendor: Operation, where: str, ours: Shape, theirs: Shape) -> list[Finding]:
    """shapes.differences() with ours first: what only ours has is extra, what only the vendor's has is missing.
    A type is compared only where both sides state one."""
    change = {ONLY_A: EXTRA, ONLY_B: MISSING, BOTH: DIFFERS}
    return [
        _finding(mine, mine, vendor, f"{where} {d.at}" if d.at else where, d.aspect, change[d.side], d.a_says, d.b_says)
        for d in differences(ours, theirs)
        if d.aspect != "type" or (d.a is not None and d.a.shape.types and d.b is not None and d.b.shape.types)
    ]


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
        shapes.of({"$ref": pointer("components", "schemas", name)})
        for name in ((document.get("components") or {}).get("schemas") or {})
    ]
    best = max(candidates, key=lambda shape: _overlap(ours, shape), default=None)
    return best if best is not None and _overlap(ours, best) >= 0.5 else None
