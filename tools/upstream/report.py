"""`make upstream-diff`'s report, grouped per operation: text, Markdown or JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from tools.upstream.deviations import Deviation
from tools.upstream.findings import DIFFERS, EXTRA, MISSING, Finding
from tools.upstream.surface import Surface

HEADINGS = {
    MISSING: "vendor has, we lack",
    DIFFERS: "stated differently",
    EXTRA: "only in openapi.yaml",
}
STATUS = re.compile(r"^response (\S+)")


@dataclass(frozen=True)
class Report:
    ours: Surface
    theirs: Surface
    vendor_label: str
    findings: list[Finding]
    unused: list[Deviation]  # deviations that matched nothing

    @property
    def to_act_on(self) -> list[Finding]:
        return [f for f in self.findings if f.deliberate is None]

    @property
    def exit_code(self) -> int:
        return 1 if self.to_act_on else 0


@dataclass(frozen=True)
class Line:
    """Findings that differ only in the response status, shown once: `response 400, 401 body error.code`."""

    finding: Finding
    location: str


def lines(findings: Iterable[Finding]) -> list[Line]:
    groups: dict[tuple[object, ...], list[Finding]] = {}
    for f in findings:
        key = (STATUS.sub("response *", f.location), f.aspect, f.change, f.ours, f.theirs, f.deliberate)
        groups.setdefault(key, []).append(f)
    out = []
    for group in groups.values():
        statuses = [m.group(1) for f in group if (m := STATUS.match(f.location))]
        location = group[0].location
        if len(group) > 1 and len(statuses) == len(group):
            location = STATUS.sub(f"response {', '.join(statuses)}", location)
        out.append(Line(group[0], location))
    return out


def what(f: Finding) -> str:
    if f.aspect == "operation":
        return "the whole operation"
    if f.aspect == "enum value":
        return f"enum value {f.theirs or f.ours}"
    if f.change == DIFFERS:
        return f"{f.aspect}: ours {f.ours or 'none'}, vendor {f.theirs or 'none'}"
    detail = f.theirs if f.change == MISSING else f.ours
    return f"{f.aspect} ({detail})" if detail else f.aspect


def _per_operation(findings: list[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for f in findings:
        grouped.setdefault(f.operation, []).append(f)
    return grouped


def _title(group: list[Finding]) -> str:
    first = group[0]
    names = [n for n in (first.operation_id, first.vendor_operation_id) if n]
    if first.operation_id is None and first.vendor_operation_id:
        names = [f"vendor only: {first.vendor_operation_id}"]
    elif first.vendor_operation_id and first.operation_id:
        names = [f"{first.operation_id}; vendor: {first.vendor_operation_id}"]
    return f"{first.operation}" + (f"  ({names[0]})" if names else "")


def _summary(report: Report) -> str:
    act = report.to_act_on
    counts = ", ".join(f"{sum(f.change == c for f in act)} {HEADINGS[c]}" for c in (MISSING, DIFFERS, EXTRA))
    deliberate = len(report.findings) - len(act)
    verdict = f"{len(act)} to act on ({counts})" if act else "Nothing to act on"
    return f"{verdict}; {deliberate} deliberate (codegen/upstream-deviations.yaml)."


def _surface_line(report: Report) -> str:
    ours, theirs = report.ours, report.theirs
    return (
        f"Compared: {len(ours.operations)} operations and {len(ours.webhooks)} delivery webhook(s) in "
        f"openapi.yaml; {len(theirs.operations)} of the vendor's {theirs.total_operations} operations (on its paths or "
        f"tags) and "
        f"{len(theirs.webhooks)} delivery webhook(s)."
    )


def _by_deviation(group: list[Finding]) -> str:
    """`open-response-objects 14, rate-limit-on-every-operation 9`: how many findings each entry covers."""
    counts: dict[str, int] = {}
    for f in group:
        if f.deliberate is not None:
            counts[f.deliberate] = counts.get(f.deliberate, 0) + 1
    return ", ".join(f"{name} {count}" for name, count in counts.items())


def render_text(report: Report, show_deliberate: bool = False) -> str:
    out = [f"openapi.yaml ({report.ours.info}) vs {report.vendor_label} ({report.theirs.info})", _surface_line(report)]
    for group in _per_operation(report.findings).values():
        out += ["", _title(group)]
        for change in (MISSING, DIFFERS, EXTRA):
            chosen = lines(f for f in group if f.change == change and f.deliberate is None)
            if chosen:
                out.append(f"  {HEADINGS[change]}:")
                out += [f"    {line.location}: {what(line.finding)}" for line in chosen]
        deliberate = lines(f for f in group if f.deliberate is not None)
        if deliberate and show_deliberate:
            out.append("  deliberate:")
            out += [f"    {line.location}: {what(line.finding)}  [{line.finding.deliberate}]" for line in deliberate]
        elif deliberate:
            out.append(f"  deliberate: {sum(f.deliberate is not None for f in group)}")
    out += ["", _summary(report)]
    if len(report.findings) > len(report.to_act_on):
        out.append(f"Deliberate, by entry: {_by_deviation(report.findings)}.")
    if not show_deliberate and len(report.findings) > len(report.to_act_on):
        out.append("Each deliberate difference is listed with DELIBERATE=show (--show-deliberate) or FORMAT=json.")
    if report.unused:
        ids = ", ".join(d.id for d in report.unused)
        out.append(f"Deviations that matched nothing (the vendor may agree now, or the entry is wrong): {ids}")
    return "\n".join(out)


def render_markdown(report: Report, show_deliberate: bool = False) -> str:
    out = [f"## openapi.yaml vs {report.vendor_label}", "", _surface_line(report)]
    for group in _per_operation(report.findings).values():
        out += ["", f"### `{group[0].operation}`", ""]
        first = group[0]
        out.append(f"Ours: `{first.operation_id or '-'}`, vendor: `{first.vendor_operation_id or '-'}`.")
        for change in (MISSING, DIFFERS, EXTRA):
            chosen = lines(f for f in group if f.change == change and f.deliberate is None)
            if chosen:
                out += ["", f"**{HEADINGS[change].capitalize()}**", ""]
                out += [f"- `{line.location}`: {what(line.finding)}" for line in chosen]
        deliberate = lines(f for f in group if f.deliberate is not None)
        if deliberate and show_deliberate:
            out += ["", "**Deliberate**", ""]
            out += [f"- `{line.location}`: {what(line.finding)} ({line.finding.deliberate})" for line in deliberate]
        elif deliberate:
            out += ["", f"Deliberate: {sum(f.deliberate is not None for f in group)}."]
    out += ["", _summary(report)]
    if len(report.findings) > len(report.to_act_on):
        out += ["", f"Deliberate, by entry: {_by_deviation(report.findings)}."]
    return "\n".join(out) + "\n"


def render_json(report: Report) -> str:
    act = report.to_act_on
    return json.dumps(
        {
            "ours": {"info": report.ours.info, "operations": len(report.ours.operations)},
            "vendor": {
                "label": report.vendor_label,
                "info": report.theirs.info,
                "operations": report.theirs.total_operations,
                "webhook_operations": len(report.theirs.operations),
            },
            "summary": {
                **{change: sum(f.change == change for f in act) for change in (MISSING, DIFFERS, EXTRA)},
                "deliberate": len(report.findings) - len(act),
            },
            "exit_code": report.exit_code,
            "findings": [f.as_json() for f in report.findings],
            "unused_deviations": [d.id for d in report.unused],
        },
        indent=2,
        ensure_ascii=False,
    )
