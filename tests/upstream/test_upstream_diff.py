"""`make upstream-diff`: a vendor-style rewrite of openapi.yaml compares clean, every kind of vendor change is
named, and the inputs (files, URLs, the deviations file) fail early with a reason."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from sendmux_spec import read_yaml, write_yaml
from tools.upstream import upstreamdiff, vendor_style
from tools.upstream.report import render_markdown, render_text

from .conftest import ROOT, UPSTREAM

DEVIATIONS = ROOT / "codegen" / "upstream-deviations.yaml"


def report_for(vendor: dict[str, Any], ours: dict[str, Any] | None = None, deviations: Path = DEVIATIONS) -> Any:
    return upstreamdiff.build_report(ours or vendor_style.ours(), vendor, "vendor.json", deviations)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(UPSTREAM / "upstreamdiff.py"), *args], capture_output=True, text=True, check=False
    )


def test_the_vendor_style_document_is_full_size(vendor_file: Path, vendor_document: dict[str, Any]) -> None:
    operations = sum(1 for item in vendor_document["paths"].values() for key in item if key in ("get", "post"))
    assert operations >= 60
    assert vendor_file.stat().st_size > 350_000
    assert "/api/v1" not in json.dumps(list(vendor_document["paths"]))  # the prefix lives in servers
    assert "WebhookSubscription" not in vendor_document["components"]["schemas"]  # renamed


def test_a_document_that_says_the_same_exits_0_and_shows_the_deliberate_differences(vendor_file: Path) -> None:
    done = cli(str(vendor_file))
    assert done.returncode == 0, done.stdout
    assert "Nothing to act on" in done.stdout
    assert "deliberate: " in done.stdout and "open-response-enums" in done.stdout
    assert "compared in" in done.stderr
    listed = cli(str(vendor_file), "--show-deliberate")
    assert "response 429: status  [rate-limit-on-every-operation]" in listed.stdout


def test_the_prefix_may_sit_in_the_paths_instead_of_servers() -> None:
    report = report_for(vendor_style.document(prefix_in_paths=True, padding=False))
    assert report.exit_code == 0, render_text(report)
    assert len(report.theirs.operations) == len(report.ours.operations)  # every one of openapi.yaml's


@pytest.mark.parametrize("change", sorted(vendor_style.CHANGES))
def test_each_kind_of_vendor_change_fails_and_is_named(change: str) -> None:
    report = report_for(vendor_style.document(change, padding=False))
    text = render_text(report)
    assert report.exit_code == 1, text
    for words in vendor_style.CHANGES[change][1]:
        assert words in text, (words, text)


def test_a_changed_document_exits_1_from_the_command_line(tmp_path: Path) -> None:
    changed = tmp_path / "vendor.yaml"  # YAML works as well as JSON
    changed.write_text(write_yaml(vendor_style.document("new-event-type")), encoding="utf-8")
    done = cli(str(changed), "--json")
    assert done.returncode == 1
    out = json.loads(done.stdout)
    assert out["exit_code"] == 1 and out["summary"]["missing"] == 12
    missing = {(f["operation"], f["location"]) for f in out["findings"] if f["change"] == "missing"}
    assert ("POST /webhooks", "request body event_types[]") in missing
    assert all(f["theirs"] == '"test.fictional_event"' for f in out["findings"] if f["change"] == "missing")


def test_markdown_groups_by_operation() -> None:
    text = render_markdown(report_for(vendor_style.document("new-operation", padding=False)))
    assert "### `GET /webhooks/{public_id}/stats`" in text
    assert "**Vendor has, we lack**" in text
    assert "Ours: `-`, vendor: `managementGetWebhookStats`." in text


def test_names_and_extensions_never_matter() -> None:
    """Our x-sendmux-* extensions, renamed operationIds and components: still the same API."""
    ours = vendor_style.ours()
    ours["paths"]["/webhooks/{public_id}/test"]["post"]["x-sendmux-method"] = "send_test"
    ours["paths"]["/webhooks/{public_id}"]["delete"]["x-sendmux-retried-delete"] = {"404": "deleted"}
    ours["components"]["schemas"]["WebhookSubscription"]["x-sendmux-model"] = "Webhook"
    ours["components"]["schemas"]["WebhookSubscription"]["properties"]["url"]["x-sendmux-note"] = {"type": "integer"}
    report = report_for(vendor_style.document(padding=False), ours)
    assert report.exit_code == 0, render_text(report)


def test_without_deviations_every_difference_fails(tmp_path: Path) -> None:
    empty = tmp_path / "deviations.yaml"
    empty.write_text("deviations: []\n", encoding="utf-8")
    report = report_for(vendor_style.document(padding=False), deviations=empty)
    assert report.exit_code == 1
    aspects = {f.aspect for f in report.to_act_on}
    assert {"closed", "open enum", "status", "header", "format", "constraint pattern", "webhook"} <= aspects


def test_a_deviation_that_matches_nothing_is_named(tmp_path: Path) -> None:
    entries = read_yaml(DEVIATIONS.read_text(encoding="utf-8"))
    entries["deviations"].append(
        {"id": "stale-one", "aspect": "status", "change": "extra", "location": "response 418", "reason": "teapots"}
    )
    extended = tmp_path / "deviations.yaml"
    extended.write_text(write_yaml(entries), encoding="utf-8")
    text = render_text(report_for(vendor_style.document(padding=False), deviations=extended))
    assert "Deviations that matched nothing" in text and "stale-one" in text


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"id": "x", "aspect": "status", "change": "extra"}, "lacks ['reason']"),
        ({"id": "x", "aspect": "status", "change": "gone", "reason": "r"}, "change must be one of"),
        ({"id": "x", "aspect": "status", "change": "extra", "reason": "r", "where": "y"}, "unknown keys ['where']"),
    ],
)
def test_a_malformed_deviations_file_is_refused_naming_the_entry(
    tmp_path: Path, vendor_file: Path, entry: dict[str, str], message: str
) -> None:
    bad = tmp_path / "deviations.yaml"
    bad.write_text(write_yaml({"deviations": [entry]}), encoding="utf-8")
    done = cli(str(vendor_file), "--deviations", str(bad))
    assert done.returncode == 3
    assert "deviation 'x'" in done.stderr and message in done.stderr


def test_an_https_url_is_fetched(vendor_document: dict[str, Any]) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url == "https://app.sendmux.ai/api/v1/openapi.json"
        return httpx.Response(200, json=vendor_document)

    with httpx.Client(transport=httpx.MockTransport(answer)) as http:
        assert upstreamdiff.main(["https://app.sendmux.ai/api/v1/openapi.json"], http=http) == 0


@pytest.mark.parametrize(
    ("source", "content", "message"),
    [
        ("http://app.sendmux.ai/openapi.json", None, "use an https URL"),
        ("missing.json", None, "No such file"),
        ("broken.json", "{ not json", "neither JSON nor YAML"),
        ("swagger.yaml", "swagger: '2.0'\n", "not an OpenAPI 3 document"),
        (
            "dangling.json",
            json.dumps(
                {
                    "openapi": "3.1.0",
                    "paths": {
                        "/webhooks": {
                            "get": {
                                "responses": {
                                    "200": {
                                        "content": {
                                            "application/json": {"schema": {"$ref": "#/components/schemas/Gone"}}
                                        }
                                    }
                                }
                            }
                        }
                    },
                }
            ),
            "dangling reference '#/components/schemas/Gone'",
        ),
    ],
)
def test_bad_sources_fail_early_with_the_reason(
    tmp_path: Path, source: str, content: str | None, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / source
    if content is not None:
        path.write_text(content, encoding="utf-8")
    target = source if source.startswith("http") else str(path)
    assert upstreamdiff.main([target]) == 3
    err = capsys.readouterr().err
    assert message in err and (source in err)


def test_make_upstream_diff(vendor_file: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}

    def make(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["make", "--no-print-directory", "upstream-diff", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    assert make(f"UPSTREAM={vendor_file}").returncode == 0
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(vendor_style.document("new-response-property")), encoding="utf-8")
    done = make(f"UPSTREAM={changed}", "FORMAT=markdown")
    assert done.returncode != 0
    assert "`response 200 body data[].last_delivery_at`: property" in done.stdout
    assert "give UPSTREAM=" in make().stderr


def test_the_rehearsal_is_not_the_input_it_was_built_from() -> None:
    """vendor_style leaves openapi.yaml's parsed form alone (a later change is applied to a fresh copy)."""
    ours = vendor_style.ours()
    before = copy.deepcopy(ours)
    vendor_style.vendorize(ours, padding=False)
    assert ours == before
