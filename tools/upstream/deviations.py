"""codegen/upstream-deviations.yaml: where openapi.yaml deliberately differs from Sendmux's document.

Each entry names a kind of finding with globs (fnmatch) and says why; a finding an entry matches is
shown as deliberate and does not fail `make upstream-diff`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from pathlib import Path

import yaml

from sendmux_spec import read_yaml
from tools.upstream.findings import CHANGES, Finding

FIELDS = ("id", "aspect", "change", "operation", "location", "ours", "theirs", "reason")
REQUIRED = ("id", "aspect", "change", "reason")


class DeviationsError(ValueError):
    """The deviations file is malformed; the message names the entry and the problem."""


@dataclass(frozen=True)
class Deviation:
    id: str
    aspect: str
    change: str
    reason: str
    operation: str = "*"  # glob over "METHOD /route" or our operationId
    location: str = "*"
    ours: str = "*"  # glob over what openapi.yaml says (empty when it says nothing)
    theirs: str = "*"

    def matches(self, finding: Finding) -> bool:
        return (
            fnmatchcase(finding.aspect, self.aspect)
            and (self.change == "*" or finding.change == self.change)
            and (
                fnmatchcase(finding.operation, self.operation)
                or fnmatchcase(finding.operation_id or "", self.operation)
            )
            and fnmatchcase(finding.location, self.location)
            and fnmatchcase(finding.ours or "", self.ours)
            and fnmatchcase(finding.theirs or "", self.theirs)
        )


def load(path: Path) -> list[Deviation]:
    try:
        data = read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DeviationsError(f"{path}: {exc}") from exc
    entries = (data or {}).get("deviations") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise DeviationsError(f"{path}: expected a top-level `deviations:` list")
    found: list[Deviation] = []
    for index, entry in enumerate(entries):
        where = f"{path}: deviation {index + 1}"
        if not isinstance(entry, dict):
            raise DeviationsError(f"{where} is not a mapping")
        where = f"{path}: deviation {entry.get('id', index + 1)!r}"
        unknown = sorted(set(entry) - set(FIELDS))
        missing = [name for name in REQUIRED if not str(entry.get(name) or "").strip()]
        if unknown:
            raise DeviationsError(f"{where} has unknown keys {unknown}; allowed: {list(FIELDS)}")
        if missing:
            raise DeviationsError(f"{where} lacks {missing}: every deviation says what it covers and why")
        if entry["change"] not in (*CHANGES, "*"):
            raise DeviationsError(f"{where}: change must be one of {[*CHANGES, '*']}, not {entry['change']!r}")
        if any(d.id == entry["id"] for d in found):
            raise DeviationsError(f"{where}: the id is used twice")
        found.append(Deviation(**{key: str(value) for key, value in entry.items()}))
    return found


def apply(findings: list[Finding], deviations: list[Deviation]) -> tuple[list[Finding], list[Deviation]]:
    """The findings with `deliberate` set where an entry matches (the first that does), and the entries
    that matched nothing: the vendor may now agree with us, or the entry is mistyped."""
    used: set[str] = set()
    out = []
    for finding in findings:
        match = next((d for d in deviations if d.matches(finding)), None)
        if match is not None:
            used.add(match.id)
            finding = replace(finding, deliberate=match.id)
        out.append(finding)
    return out, [d for d in deviations if d.id not in used]
