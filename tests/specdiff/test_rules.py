"""Every classification rule, on a pair of specs: fixtures/rules-base.yaml and one edit of it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tools.specdiff.specdiff import build_report

from .conftest import FIXTURES, load

Spec = dict[str, Any]
Row = tuple[str, str, str, str, str]  # severity, rule, operation id, location, detail

BASE = load(FIXTURES / "rules-base.yaml")


def schemas(spec: Spec) -> dict[str, Any]:
    result: dict[str, Any] = spec["components"]["schemas"]
    return result


def operation(spec: Spec, route: str, method: str) -> dict[str, Any]:
    result: dict[str, Any] = spec["paths"][route][method]
    return result


def pair(edit: Callable[[Spec], None], prepare: Callable[[Spec], None] | None = None) -> tuple[Spec, Spec]:
    before = copy.deepcopy(BASE)
    if prepare:
        prepare(before)
    after = copy.deepcopy(before)
    edit(after)
    return before, after


def rows(before: Spec, after: Spec, *, documentation: bool = False) -> set[Row]:
    report = build_report(before, after, "base", "new")
    return {
        (c.severity, c.rule, c.operation_id or "", c.location, c.detail)
        for c in report.changes
        if documentation or c.severity != "documentation"
    }


# Where Thing, the response model, is read: two responses and one webhook payload.
def on_thing(severity: str, rule: str, field_name: str, detail: str) -> set[Row]:
    return {
        (severity, rule, "createThing", f"response 201 `{field_name}`", detail),
        (severity, rule, "listThings", f"response 200 `data[].{field_name}`", detail),
        (severity, rule, "receiveThingChanged", f"payload `{field_name}`", detail),
    }


def add_get_thing(spec: Spec) -> None:
    spec["paths"]["/things/{thing_id}"]["get"] = {
        "operationId": "getThing",
        "responses": {
            "200": {
                "description": "The thing.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
            }
        },
    }


def add_list_param(name: str, *, required: bool) -> Callable[[Spec], None]:
    def edit(spec: Spec) -> None:
        operation(spec, "/things", "get")["parameters"].append(
            {"name": name, "in": "query", "required": required, "schema": {"type": "string"}}
        )

    return edit


def set_limit_required(value: bool) -> Callable[[Spec], None]:
    def edit(spec: Spec) -> None:
        operation(spec, "/things", "get")["parameters"][1]["required"] = value

    return edit


def add_body_field(name: str, *, required: bool) -> Callable[[Spec], None]:
    def edit(spec: Spec) -> None:
        body = schemas(spec)["ThingCreateBody"]
        body["properties"][name] = {"type": "string"}
        if required:
            body["required"].append(name)

    return edit


def body_field(name: str, **changes: Any) -> Callable[[Spec], None]:
    def edit(spec: Spec) -> None:
        schemas(spec)["ThingCreateBody"]["properties"][name].update(changes)

    return edit


def thing_field(name: str, **changes: Any) -> Callable[[Spec], None]:
    def edit(spec: Spec) -> None:
        schemas(spec)["Thing"]["properties"][name].update(changes)

    return edit


def delete_status_204(spec: Spec) -> None:
    responses = operation(spec, "/things/{thing_id}", "delete")["responses"]
    responses["204"] = {"description": "Deleted."}
    del responses["200"]


def inline_thing_and_envelope(spec: Spec) -> None:
    """createThing answers Thing written out inline; listThings' envelope becomes allOf [base, {data}]."""
    created = operation(spec, "/things", "post")["responses"]["201"]["content"]["application/json"]
    created["schema"] = copy.deepcopy(schemas(spec)["Thing"])
    listed = operation(spec, "/things", "get")["responses"]["200"]["content"]["application/json"]
    data = listed["schema"]["properties"]["data"]
    listed["schema"] = {"allOf": [{"type": "object", "required": ["data"]}, {"properties": {"data": data}}]}


@dataclass(frozen=True)
class Case:
    id: str
    edit: Callable[[Spec], None]
    expected: set[Row]
    prepare: Callable[[Spec], None] | None = None
    documentation: bool = False


CASES = [
    # ---- breaking ----
    Case(
        "operation removed",
        lambda s: s["paths"]["/things"].pop("get"),
        {("breaking", "operation-removed", "listThings", "GET /things", "")},
    ),
    Case(
        "route removed with its operation",
        lambda s: s["paths"].pop("/things/{thing_id}"),
        {("breaking", "operation-removed", "deleteThing", "DELETE /things/{thing_id}", "")},
    ),
    Case(
        "operation renamed (operationId)",
        lambda s: operation(s, "/things/{thing_id}", "delete").update(operationId="removeThing"),
        {
            (
                "breaking",
                "operation-renamed",
                "removeThing",
                "DELETE /things/{thing_id}",
                "`deleteThing` → `removeThing`",
            )
        },
    ),
    Case(
        "parameter removed",
        lambda s: operation(s, "/things", "get")["parameters"].pop(1),
        {("breaking", "parameter-removed", "listThings", "query parameter `limit`", "")},
    ),
    Case(
        "new required parameter",
        add_list_param("owner", required=True),
        {("breaking", "parameter-added-required", "listThings", "query parameter `owner`", "")},
    ),
    Case(
        "parameter became required",
        set_limit_required(True),
        {("breaking", "parameter-made-required", "listThings", "query parameter `limit`", "")},
    ),
    Case(
        "new required request field",
        add_body_field("owner", required=True),
        {("breaking", "request-field-added-required", "createThing", "request body `owner`", "`owner`")},
    ),
    Case(
        "request field became required",
        lambda s: schemas(s)["ThingCreateBody"]["required"].append("size"),
        {("breaking", "request-field-made-required", "createThing", "request body `size`", "`size`")},
    ),
    Case(
        "request field removed from a closed body",
        lambda s: schemas(s)["ThingCreateBody"]["properties"].pop("size"),
        {("breaking", "request-field-removed", "createThing", "request body `size`", "`size`")},
    ),
    Case(
        "request type narrowed (type)",
        body_field("size", type="string"),
        {("breaking", "request-type-narrowed", "createThing", "request body `size`", "`integer` → `string`")},
    ),
    Case(
        "request type narrowed (a route-level path parameter)",
        lambda s: s["paths"]["/things/{thing_id}"]["parameters"][0]["schema"].update(type="integer"),
        {("breaking", "request-type-narrowed", "deleteThing", "path parameter `thing_id`", "`string` → `integer`")},
    ),
    Case(
        "request type narrowed (constraint)",
        body_field("name", maxLength=50),
        {("breaking", "request-type-narrowed", "createThing", "request body `name`", "`maxLength`: `100` → `50`")},
    ),
    Case(
        "request enum narrowed; the same enum read openly in responses",
        lambda s: schemas(s)["Color"]["enum"].remove("green"),
        {
            ("breaking", "request-enum-narrowed", "createThing", "request body `color`", "`green`"),
            ("breaking", "request-enum-narrowed", "listThings", "query parameter `color`", "`green`"),
            *on_thing("non-breaking", "response-enum-value-removed", "color", "`green`"),
        },
    ),
    Case(
        "response field removed",
        lambda s: schemas(s)["Thing"]["properties"].pop("weight"),
        on_thing("breaking", "response-field-removed", "weight", "`weight`"),
    ),
    Case(
        "response field may be absent",
        lambda s: schemas(s)["Thing"]["required"].remove("name"),
        on_thing("breaking", "response-field-made-optional", "name", "`name`"),
    ),
    Case(
        "response field type changed",
        thing_field("name", type="integer"),
        on_thing("breaking", "response-field-type-changed", "name", "`string` → `integer`"),
    ),
    Case(
        "response field became nullable (a type change for readers)",
        thing_field("weight", type=["number", "null"]),
        on_thing("breaking", "response-field-type-changed", "weight", "`number` → `[number, null]`"),
    ),
    Case(
        "new value in a closed response enum",
        lambda s: schemas(s)["Shape"]["enum"].append("triangle"),
        on_thing("breaking", "response-enum-value-added-closed", "shape", "`triangle`"),
    ),
    Case(
        "success status changed",
        delete_status_204,
        {("breaking", "success-status-changed", "deleteThing", "DELETE /things/{thing_id}", "200 → 204")},
    ),
    # ---- non-breaking ----
    Case(
        "new operation",
        add_get_thing,
        {("non-breaking", "operation-added", "getThing", "GET /things/{thing_id}", "")},
    ),
    Case(
        "new operation on a new route",
        lambda s: s["paths"].update(
            {"/colors": {"get": {"operationId": "listColors", "responses": {"200": {"description": "All."}}}}}
        ),
        {("non-breaking", "operation-added", "listColors", "GET /colors", "")},
    ),
    Case(
        "new optional parameter",
        add_list_param("owner", required=False),
        {("non-breaking", "parameter-added-optional", "listThings", "query parameter `owner`", "")},
    ),
    Case(
        "parameter became optional",
        set_limit_required(False),
        {("non-breaking", "parameter-made-optional", "listThings", "query parameter `limit`", "")},
        prepare=set_limit_required(True),
    ),
    Case(
        "new optional request field",
        add_body_field("note", required=False),
        {("non-breaking", "request-field-added-optional", "createThing", "request body `note`", "`note`")},
    ),
    Case(
        "request field became optional",
        lambda s: schemas(s)["ThingCreateBody"]["required"].remove("name"),
        {("non-breaking", "request-field-made-optional", "createThing", "request body `name`", "`name`")},
    ),
    Case(
        "request type widened (type)",
        body_field("size", type=["integer", "null"]),
        {
            (
                "non-breaking",
                "request-type-widened",
                "createThing",
                "request body `size`",
                "`integer` → `[integer, null]`",
            )
        },
    ),
    Case(
        "request type widened (constraint)",
        body_field("name", maxLength=200),
        {("non-breaking", "request-type-widened", "createThing", "request body `name`", "`maxLength`: `100` → `200`")},
    ),
    Case(
        "request enum widened; responses read the new value openly",
        lambda s: schemas(s)["Color"]["enum"].append("blue"),
        {
            ("non-breaking", "request-enum-widened", "createThing", "request body `color`", "`blue`"),
            ("non-breaking", "request-enum-widened", "listThings", "query parameter `color`", "`blue`"),
            *on_thing("non-breaking", "response-enum-value-added", "color", "`blue`"),
        },
    ),
    Case(
        "new response field",
        lambda s: schemas(s)["Thing"]["properties"].update(tags={"type": "array", "items": {"type": "string"}}),
        on_thing("non-breaking", "response-field-added", "tags", "`tags`"),
    ),
    Case(
        "response field now always present",
        lambda s: schemas(s)["Thing"]["required"].append("weight"),
        on_thing("non-breaking", "response-field-made-required", "weight", "`weight`"),
    ),
    Case(
        "response constraint changed (responses are not validated)",
        thing_field("name", maxLength=10),
        on_thing("non-breaking", "response-constraint-changed", "name", "`maxLength` `10` added"),
    ),
    Case(
        "operation deprecated",
        lambda s: operation(s, "/things", "get").update(deprecated=True),
        {("non-breaking", "deprecated", "listThings", "GET /things", "deprecated: `True`")},
    ),
    Case(
        "client extension added (the Python check judges what it does)",
        lambda s: operation(s, "/things/{thing_id}", "delete").update({"x-sendmux-method": "remove"}),
        {
            (
                "non-breaking",
                "extension",
                "deleteThing",
                "DELETE /things/{thing_id}",
                "added `x-sendmux-method`",
            )
        },
    ),
    Case(
        "response format with no Python type of its own (a constraint the client does not check)",
        thing_field("name", format="uri"),
        on_thing("non-breaking", "response-constraint-changed", "name", "`format` `uri` added"),
    ),
    Case(
        "response format with a Python type of its own",
        thing_field("name", format="date-time"),
        on_thing("breaking", "response-field-type-changed", "name", "`format` `date-time` added"),
    ),
    Case(
        "request body opened to other keys",
        lambda s: schemas(s)["ThingCreateBody"].pop("additionalProperties"),
        {
            (
                "non-breaking",
                "request-type-widened",
                "createThing",
                "request body",
                "closed to other keys → open to other keys",
            )
        },
    ),
    Case(
        "a schema moved inline, an envelope written as allOf: the same data, no change",
        inline_thing_and_envelope,
        set(),
    ),
    # ---- neither: documentation, and what api-smart-diff alone decides ----
    Case(
        "description only",
        thing_field("name", description="What people call it."),
        on_thing("documentation", "documentation", "name", "description"),
        documentation=True,
    ),
    Case(
        "a header's pattern that says printable ASCII: all a header holds anyway",
        lambda s: operation(s, "/things", "post")["parameters"][0]["schema"].update(pattern="^[\\x20-\\x7E]+$"),
        {
            (
                "documentation",
                "header-pattern-restates-http",
                "createThing",
                "header parameter `Idempotency-Key`",
                "`pattern` `^[\\x20-\\x7E]+$` added",
            )
        },
        documentation=True,
    ),
    Case(
        "error response removed: api-smart-diff's verdict",
        lambda s: operation(s, "/things/{thing_id}", "delete")["responses"].pop("404"),
        {("breaking", "other", "deleteThing", "response 404", "removed `404`")},
    ),
    Case(
        "webhook header removed: api-smart-diff's verdict on a received header",
        lambda s: s["webhooks"]["thingChanged"]["post"]["parameters"].clear(),
        {("breaking", "other", "receiveThingChanged", "payload header `X-Signature`", "removed `X-Signature`")},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_rule(case: Case) -> None:
    before, after = pair(case.edit, case.prepare)
    assert rows(before, after, documentation=case.documentation) == case.expected


def test_identical_specs_have_no_change() -> None:
    assert build_report(BASE, copy.deepcopy(BASE), "base", "new").changes == []


def test_every_rule_is_exercised() -> None:
    exercised = {row[1] for case in CASES for row in case.expected}
    from tools.specdiff.verdicts import RULES

    assert exercised == set(RULES)
