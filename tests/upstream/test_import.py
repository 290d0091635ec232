"""`make upstream-import`: a tag of a document in Sendmux's house style (tools/upstream/vendor_style.py: `allOf`
envelopes, `managementXxx` operationIds, capitalised tags, no 401s, "ISO 8601" timestamps without a format,
`allOf: [$ref, {type: object}]`, a literal path after a templated one) goes into openapi.yaml with the rest of the
file untouched, and the import → lint → generate → diff → typecheck loop holds on what it wrote."""

from __future__ import annotations

import copy
import difflib
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from sendmux_spec import Document, read_yaml
from tests import cached_mypy
from tests.specdiff.conftest import regenerate
from tools.specdiff.specdiff import build_report
from tools.upstream import importer, upstreamdiff, vendor_style

from .conftest import ROOT

OURS = read_yaml((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
RELEASED = str(read_yaml((ROOT / "release" / "openapi.yaml").read_text(encoding="utf-8"))["info"]["version"])
# Two of the vendor-style document's resources with the vendor's richer traits that openapi.yaml does not have yet.
RICH = [r for r in vendor_style.RICH_RESOURCES if vendor_style.tag_of(r) not in {t["name"] for t in OURS["tags"]}][:2]
TITLES = ["".join(part.capitalize() for part in resource.split("_")) for resource in RICH]
TAG_NAMES = [vendor_style.tag_of(resource) for resource in RICH]
TAGS = ",".join(TAG_NAMES)


def vendor_operations(document: dict[str, Any], tags: set[str]) -> list[str]:
    return [str(op.operation_id) for op in Document(document).operations if set(op.tags) & tags]


def run_import(tmp_path: Path, vendor: dict[str, Any], *args: str) -> tuple[int, Path]:
    source = tmp_path / "vendor.json"
    source.write_text(json.dumps(vendor), encoding="utf-8")
    into = tmp_path / "openapi.yaml"
    if not into.exists():
        into.write_text((ROOT / "openapi.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    released = ROOT / "release" / "openapi.yaml"
    status = importer.main([str(source), *args, "--into", str(into), "--released", str(released)])
    return status, into


def test_a_tag_is_added_and_the_rest_of_the_file_stays_byte_for_byte(
    tmp_path: Path, vendor_document: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    status, into = run_import(tmp_path, vendor_document, "--tags", TAGS)
    printed = capsys.readouterr()
    assert status == 0, printed.err
    before = (ROOT / "openapi.yaml").read_text(encoding="utf-8").splitlines()
    after = into.read_text(encoding="utf-8").splitlines()
    removed = [line for line in difflib.ndiff(before, after) if line.startswith("- ")]
    assert removed == ["- " + next(line for line in before if line.startswith("  version: "))]  # only the version

    document = Document(read_yaml(into.read_text(encoding="utf-8")))
    wanted = vendor_operations(vendor_document, set(TAG_NAMES))
    assert len(wanted) == 16  # 8 operations each: CRUD, an action, a text answer, an availability check
    before = {op.operation_id for op in Document(OURS).operations}
    assert sorted(str(op.operation_id) for op in document.operations if op.operation_id not in before) == sorted(wanted)
    version = str(OURS["info"]["version"])
    if version == RELEASED:  # not raised since the last release: the import raises the minor
        minor = version.split(".")
        raised = f"{minor[0]}.{int(minor[1]) + 1}.0"
        assert document.data["info"]["version"] == raised and f"info.version {version} -> {raised}" in printed.out
    assert [tag["name"] for tag in document.data["tags"]] == [*(t["name"] for t in OURS["tags"]), *TAG_NAMES]
    routes = list(document.data["paths"])
    route = "/" + vendor_style.plural(RICH[0]).replace("_", "-")
    assert routes.index(f"{route}/availability") < routes.index(route + "/{public_id}")
    for op in document.operations:
        if op.secured:
            assert {"401", "429"} <= set(op.responses), op.operation_id  # shared answers the vendor leaves out
        assert {"500", "503"} <= set(op.responses), op.operation_id
        takes = [p.name for p in op.parameters if p.location == "query" or p.name == "Idempotency-Key"]
        if op.operation_id in wanted and (op.json_body is not None or takes):
            assert "400" in op.responses, op.operation_id  # the shared 400 it leaves out on some
        if op.operation_id in wanted and op.request_body is not None and document.fold(op.json_body).get("required"):
            assert op.request_body.get("required") is True, op.operation_id  # the vendor leaves it out
    assert any(f"normalized: {op_id}: the shared 400" in printed.out for op_id in wanted)
    assert any(f"normalized: {op_id}: requestBody required: true" in printed.out for op_id in wanted)
    created_at = document.schemas[TITLES[0]]["properties"]["created_at"]
    assert created_at == {"type": "string", "description": "ISO 8601 time it was created", "format": "date-time"}
    assert f"normalized: managementGet{TITLES[0]}: the shared 401" in printed.out
    assert "format: date-time (described as an ISO 8601 timestamp)" in printed.out


def test_an_operation_openapi_yaml_already_has_stops_the_import(
    tmp_path: Path, vendor_document: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    status, into = run_import(tmp_path, vendor_document, "--tags", "Webhooks")
    assert status == 1
    error = capsys.readouterr().err
    assert "managementCreateWebhook (POST /webhooks) as createWebhook (POST /webhooks)" in error
    assert into.read_text(encoding="utf-8") == (ROOT / "openapi.yaml").read_text(encoding="utf-8")


def _renamed(vendor: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    text = json.dumps(vendor).replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    renamed: dict[str, Any] = json.loads(text)
    renamed["components"]["schemas"][new] = renamed["components"]["schemas"].pop(old)
    return renamed


def test_a_component_of_the_same_name_is_kept_when_the_wire_is_the_same(
    tmp_path: Path, vendor_document: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    vendor = _renamed(vendor_document, "MgmtResponseMeta", "ResponseMeta")  # closed there, open here: same JSON
    status, into = run_import(tmp_path, vendor, "--tags", TAG_NAMES[0])
    assert status == 0, capsys.readouterr().err
    assert "kept: components/schemas/ResponseMeta: openapi.yaml's kept" in capsys.readouterr().out
    ours = read_yaml((ROOT / "openapi.yaml").read_text(encoding="utf-8"))["components"]["schemas"]
    assert (
        read_yaml(into.read_text(encoding="utf-8"))["components"]["schemas"]["ResponseMeta"] == (ours["ResponseMeta"])
    )


def test_a_component_of_the_same_name_that_differs_on_the_wire_stops_the_import(
    tmp_path: Path, vendor_document: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    vendor = _renamed(vendor_document, "MgmtResponseMeta", "ResponseMeta")
    vendor["components"]["schemas"]["ResponseMeta"]["properties"]["request_id"] = {"type": "integer"}
    status, into = run_import(tmp_path, vendor, "--tags", TAG_NAMES[0])
    assert status == 1
    error = capsys.readouterr().err
    assert "components/schemas/ResponseMeta is in openapi.yaml and in the vendor's document" in error
    assert "request_id: type: openapi.yaml says string, the vendor integer" in error
    assert into.read_text(encoding="utf-8") == (ROOT / "openapi.yaml").read_text(encoding="utf-8")


def test_an_unknown_tag_is_refused_with_the_tags_there_are(
    tmp_path: Path, vendor_document: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = run_import(tmp_path, vendor_document, "--tags", "Domain")
    assert status == 1
    error = capsys.readouterr().err
    assert "the vendor's document has no tag ['Domain']; its tags: [" in error and f"'{TAG_NAMES[0]}'" in error


def test_upstream_diff_lists_what_the_vendor_has_under_a_tag_we_have(
    tmp_path: Path, vendor_document: dict[str, Any]
) -> None:
    listing = f"managementList{vendor_style.plural(TITLES[0])}"
    status, into = run_import(tmp_path, vendor_document, "--ops", listing)
    assert status == 0
    ours = read_yaml(into.read_text(encoding="utf-8"))
    report = upstreamdiff.build_report(ours, vendor_document, "vendor.json", ROOT / "codegen/upstream-deviations.yaml")
    missing = {f.vendor_operation_id for f in report.findings if f.aspect == "operation" and f.change == "missing"}
    assert missing == set(vendor_operations(vendor_document, {TAG_NAMES[0]})) - {listing}
    assert not [f for f in report.findings if f.operation_id == listing and not f.deliberate]


USAGE = """\
from sendmux import AsyncSendmux, Sendmux
from sendmux.models import {A}, {A}Owner, {B}


def sync(client: Sendmux) -> None:
    listed: list[{A}] = list(client.{a}.list())
    page = client.{a}.list_page(limit=2)
    first: list[{A}] = page.data
    created: {A} = client.{a}.create(name="primary")
    owner: {A}Owner | None = created.owner
    record: {B} = client.{b}.get("id_1")
    raw: {B} = client.{b}.with_raw_response.get("id_1").data
    verified: {A} = client.{a}.verify(created.id)
    text: str = client.{a}.get_export(created.id)
    free: bool = client.{a}.check_availability(name="primary").available
    client.sending_accounts.delete("send_1")


async def asynchronous(client: AsyncSendmux) -> None:
    async for item in client.{a}.list():
        named: {A} = item
    record: {B} = await client.{b}.get("id_1")
    raw: {B} = (await client.{b}.with_raw_response.get("id_1")).data
"""


@pytest.mark.slow
def test_the_import_lint_generate_diff_loop_holds(tmp_path: Path, vendor_document: dict[str, Any]) -> None:
    status, into = run_import(tmp_path, vendor_document, "--tags", f"{TAGS},Sending accounts")
    assert status == 0
    lint = subprocess.run(
        [str(ROOT / "tools" / "speclint" / "lint-spec.sh"), str(into)],
        env={**os.environ, "PATH": f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr

    released = read_yaml((ROOT / "release" / "openapi.yaml").read_text(encoding="utf-8"))
    imported = read_yaml(into.read_text(encoding="utf-8"))
    report = build_report(copy.deepcopy(released), imported, "release", "imported")
    new = [c.operation_id for c in report.changes if c.rule == "operation-added"]
    wanted = vendor_operations(vendor_document, {*TAG_NAMES, "Sending accounts"})
    assert sorted(new) == sorted(wanted)
    assert [c for c in report.changes if c.severity == "breaking"] == []

    out = regenerate(into, tmp_path / "generated")
    a, b = (vendor_style.plural(resource) for resource in RICH)
    checked = cached_mypy.strict(out, tmp_path, USAGE.format(A=TITLES[0], B=TITLES[1], a=a, b=b))
    assert checked.returncode == 0, checked.stdout + checked.stderr
