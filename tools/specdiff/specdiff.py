"""Report what changed between two versions of openapi.yaml, classified for this client's users.

    python -m tools.specdiff.specdiff BASE_SPEC NEW_SPEC [--json | --markdown]

Exit status: 1 when a change is breaking and NEW_SPEC's `info.version` did not raise the major part
of BASE_SPEC's, 0 otherwise (2 for bad arguments, 3 when the differ cannot run or a `$ref` points nowhere).
The classification rules are in verdicts.py; schemas are compared by what they say (sendmux_spec/shapes.py),
the rest of the document by api-smart-diff, pinned in package.json.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sendmux_spec import read_yaml
from tools.specdiff.smartdiff import SmartDiffError, compare
from tools.specdiff.verdicts import RULES, SEVERITIES, Change, classify


@dataclass(frozen=True)
class Side:
    label: str  # what the user named it: a git ref, "working tree", a file name
    version: str  # its info.version


@dataclass(frozen=True)
class Report:
    base: Side
    new: Side
    changes: list[Change]

    def count(self, severity: str) -> int:
        return sum(1 for change in self.changes if change.severity == severity)

    @property
    def major_raised(self) -> bool:
        base, new = _major(self.base.version), _major(self.new.version)
        return base is not None and new is not None and new > base

    @property
    def exit_code(self) -> int:
        return 1 if self.count("breaking") and not self.major_raised else 0


def _major(version: str) -> int | None:
    match = re.match(r"\s*v?(\d+)", version)
    return int(match.group(1)) if match else None


def load_spec(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        doc = read_yaml(handle)
    if not isinstance(doc, dict):
        raise ValueError(f"{path} is not an OpenAPI document")
    return doc


def build_report(before: dict[str, Any], after: dict[str, Any], base_label: str, new_label: str) -> Report:
    """Compare two parsed OpenAPI documents and classify every change."""
    changes = classify(compare(before, after), before, after)
    return Report(
        base=Side(base_label, str(before.get("info", {}).get("version", "?"))),
        new=Side(new_label, str(after.get("info", {}).get("version", "?"))),
        changes=changes,
    )


# ---- rendering ----


def _groups(changes: list[Change], severity: str) -> dict[tuple[str, str], list[Change]]:
    """Changes of one severity grouped by (rule, detail), in the order of RULES."""
    order = list(RULES)
    groups: dict[tuple[str, str], list[Change]] = {}
    for change in sorted(
        (change for change in changes if change.severity == severity), key=lambda c: order.index(c.rule)
    ):
        groups.setdefault((change.rule, change.detail), []).append(change)
    return groups


def _verdict_line(report: Report) -> str:
    breaking = report.count("breaking")
    versions = f"{report.base.version} → {report.new.version}"
    if not breaking:
        return "No breaking change."
    noun = "change" if breaking == 1 else "changes"
    if report.major_raised:
        return f"{breaking} breaking {noun}, allowed: info.version raised its major part ({versions})."
    return (
        f"{breaking} breaking {noun}, and info.version did not raise its major part ({versions}): "
        "raise it, or make the change compatible."
    )


def render_text(report: Report) -> str:
    lines = [
        f"API {report.base.version} ({report.base.label}) → {report.new.version} ({report.new.label})",
    ]
    for severity in ("breaking", "non-breaking"):
        count = report.count(severity)
        lines += ["", f"{severity.capitalize()}: {count or 'none'}"]
        for (rule, detail), group in _groups(report.changes, severity).items():
            title = RULES[rule].title
            if rule == "other":
                title = f"other change (api-smart-diff: {group[0].differ_verdict})"
            lines.append(f"  {title}{': ' + detail if detail else ''}")
            for change in group:
                name = change.operation_id or change.operation
                lines.append(f"      {name:<28} {change.location}")
    documentation = report.count("documentation")
    if documentation:
        lines += ["", f"Documentation only: {documentation} (descriptions, examples, links; listed with --json)"]
    lines += ["", _verdict_line(report)]
    return "\n".join(lines)


def render_markdown(report: Report) -> str:
    """Changelog bullets: one per rule and detail, naming the operations."""
    lines: list[str] = []
    for severity, heading in (("breaking", "Breaking"), ("non-breaking", "Compatible")):
        groups = _groups(report.changes, severity)
        if not groups:
            continue
        lines += [f"#### {heading}", ""]
        for (rule, detail), group in groups.items():
            names = ", ".join(dict.fromkeys(f"`{c.operation_id or c.operation}`" for c in group))
            what = f"{RULES[rule].title}{' ' + detail if detail else ''}"
            lines.append(f"- {what[0].upper()}{what[1:]}: {names}.")
        lines.append("")
    if not lines:
        lines = ["No change to the API surface.", ""]
    return "\n".join(lines).rstrip() + "\n"


def render_json(report: Report) -> str:
    return json.dumps(
        {
            "base": {"label": report.base.label, "version": report.base.version},
            "new": {"label": report.new.label, "version": report.new.version},
            "major_version_raised": report.major_raised,
            "summary": {severity: report.count(severity) for severity in SEVERITIES},
            "exit_code": report.exit_code,
            "changes": [change.as_json() for change in report.changes],
        },
        indent=2,
        ensure_ascii=False,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="specdiff", description="Classify the changes between two versions of openapi.yaml for client users."
    )
    parser.add_argument("base", type=Path, help="the older spec (e.g. `git show v1.0.0:openapi.yaml` saved to a file)")
    parser.add_argument("new", type=Path, help="the newer spec")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="machine-readable report")
    output.add_argument("--markdown", action="store_true", help="changelog bullets")
    parser.add_argument("--base-label", help="how to name BASE in the report (default: its path)")
    parser.add_argument("--new-label", help="how to name NEW in the report (default: its path)")
    args = parser.parse_args(argv)
    try:
        before, after = load_spec(args.base), load_spec(args.new)
        report = build_report(before, after, args.base_label or str(args.base), args.new_label or str(args.new))
    except (OSError, ValueError, yaml.YAMLError, SmartDiffError) as exc:
        print(f"specdiff: {exc}", file=sys.stderr)
        return 3
    if args.json:
        print(render_json(report))
    elif args.markdown:
        print(render_markdown(report), end="")
    else:
        print(render_text(report))
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
