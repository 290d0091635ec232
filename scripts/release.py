"""`make release`: prepare the next release from openapi.yaml. It neither commits nor tags.

    python scripts/release.py [--dry-run]

1. `make diff`'s report, as JSON, of openapi.yaml against the last released spec, `release/openapi.yaml`
   (tools/specdiff/specdiff.py: the same classification `make diff` and `make diff-check` print);
2. the Python-level breaks the spec change makes (griffe, the same check as `make diff`): the released spec's
   generated layer against today's, both under today's overlays;
3. the next version (codegen/MAINTAINING.md, "Versions"):
   - `info.version` went up: the package becomes that version (a breaking change needs its major raised,
     which the spec diff enforces; a Python-level break inside a vendor minor keeps the vendor's number and
     is listed first in the changelog);
   - the API did not change: the next client revision (`1.0.0` -> `1.0.0.1` -> `1.0.0.2`);
   - the API changed but `info.version` did not go up: refused, naming the changes;
4. writes that version into pyproject.toml, overlays/sendmux/_version.py and uv.lock (`uv lock`), a new
   CHANGELOG.md section (new operations named by their Python method), and openapi.yaml into
   release/openapi.yaml, the spec `make diff-check` gates against from then on;
5. prints what it did. Exit status 1 when it refuses, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from codegen.names import client_methods
from sendmux_spec import Document, read_yaml
from tools.specdiff.python_breaks import breaks, wheel_layout

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "openapi.yaml"
RELEASED = ROOT / "release" / "openapi.yaml"
PYPROJECT = ROOT / "pyproject.toml"
VERSION_FILE = ROOT / "overlays" / "sendmux" / "_version.py"
CHANGELOG = ROOT / "CHANGELOG.md"
UV = ROOT / ".tools" / "bin" / "uv"
_PROJECT_VERSION = re.compile(r'(?m)^(version = ")([^"]+)(")')
_DUNDER_VERSION = re.compile(r'(?m)^(__version__ = ")([^"]+)(")')


class Refused(Exception):
    """The release cannot be prepared as the tree stands; the message says what to change."""


def _load(path: Path) -> dict[str, Any]:
    doc = read_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict):
        raise Refused(f"{path} is not an OpenAPI document")
    return doc


def _release_tuple(version: str) -> tuple[int, ...]:
    match = re.fullmatch(r"(\d+(?:\.\d+)*)", version)
    if not match:
        raise Refused(f"{version!r} is not a plain release version (N.N.N[.N])")
    return tuple(int(part) for part in version.split("."))


def spec_report() -> dict[str, Any]:
    """`make diff FORMAT=json`'s report of openapi.yaml against release/openapi.yaml."""
    command = [
        sys.executable,
        str(ROOT / "tools" / "specdiff" / "specdiff.py"),
        str(RELEASED),
        str(SPEC),
        "--json",
        "--base-label",
        "release/openapi.yaml",
        "--new-label",
        "openapi.yaml",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode > 1:
        raise Refused(f"the spec diff could not run:\n{done.stderr}")
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def python_methods(spec: dict[str, Any]) -> dict[str, str]:
    """operationId -> ``client.<resource>.<method>``, by the generator's own naming rules."""
    return {
        op_id: f"client.{attribute}.{method}" for op_id, (attribute, method) in client_methods(Document(spec)).items()
    }


def python_breaks() -> list[str]:
    """griffe's breaks from the released spec's generated code to today's, both under today's overlays."""
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch, "released")
        done = subprocess.run(
            [str(ROOT / "codegen" / "generate.sh"), str(base / "generated"), str(RELEASED)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise Refused(f"release/openapi.yaml does not generate with today's codegen:\n{done.stderr}")
        old = wheel_layout(base / "generated", ROOT / "overlays", Path(scratch, "old"))
        new = wheel_layout(ROOT / "generated", ROOT / "overlays", Path(scratch, "new"))
        found: list[str] = []
        for package in ("sendmux_client", "sendmux"):
            found += breaks(old, new, package) or []
        return found


def next_version(current: str, report: dict[str, Any]) -> str:
    """The version this release gets, from the package's current version and the spec diff."""
    old_api, new_api = report["base"]["version"], report["new"]["version"]
    api_changes = [c for c in report["changes"] if c["severity"] != "documentation"]
    if report["exit_code"]:
        raise Refused(
            f"{report['summary']['breaking']} breaking change(s) and info.version did not raise its major part "
            f"({old_api} -> {new_api}): raise it, or make the change compatible (`make diff` lists them)"
        )
    if _release_tuple(new_api) < _release_tuple(old_api):
        raise Refused(f"info.version went down from the last release: {old_api} -> {new_api}")
    if new_api != old_api:
        return new_api
    if api_changes:
        raise Refused(
            f"the API changed since release {old_api} ({len(api_changes)} change(s); `make diff` lists them) but "
            f"info.version is still {old_api}: raise its minor part (its major for a breaking change)"
        )
    parts = _release_tuple(current)
    if parts[:3] != _release_tuple(new_api):
        raise Refused(f"pyproject.toml's version {current} is not for API {new_api} (codegen/MAINTAINING.md)")
    revision = parts[3] if len(parts) > 3 else 0
    return f"{new_api}.{revision + 1}"


def _bullets(changes: list[dict[str, Any]], methods: dict[str, str]) -> list[str]:
    """One bullet per (rule, detail), like `make diff FORMAT=markdown`; operations named by their method."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for change in changes:
        groups.setdefault((change["rule"], change["title"], change["detail"] or ""), []).append(change)
    lines = []
    for (rule, title, detail), group in groups.items():
        if rule == "operation-added":
            for change in group:
                name = change["operation_id"] or change["operation"]
                where = f"`{methods[name]}` (`{name}`, {change['operation']})" if name in methods else f"`{name}`"
                lines.append(f"- New operation {where}.")
            continue
        names = ", ".join(
            dict.fromkeys(f"`{methods.get(c['operation_id'], c['operation_id'] or c['operation'])}`" for c in group)
        )
        what = f"{title}{' ' + detail if detail else ''}"
        lines.append(f"- {what[0].upper()}{what[1:]}: {names}.")
    return lines


def changelog_section(version: str, report: dict[str, Any], methods: dict[str, str], breaks: list[str]) -> str:
    old_api, new_api = report["base"]["version"], report["new"]["version"]
    lines = [f"## {version} — unreleased", ""]
    if new_api == old_api:
        lines += [f"API {new_api}, unchanged: a release of the client alone. Client changes:", "", "- (describe them)"]
        return "\n".join(lines) + "\n"
    lines += [f"API {new_api} (from {old_api}; `make diff` against release/openapi.yaml).", ""]
    if breaks:
        lines += ["#### Breaking for Python code (the requests and answers on the wire are compatible)", ""]
        lines += [f"- `{line.split(': ', 1)[0]}`: {line.split(': ', 1)[-1]}." for line in breaks]
        lines.append("")
    for severity, heading in (("breaking", "Breaking"), ("non-breaking", "Compatible")):
        picked = [c for c in report["changes"] if c["severity"] == severity]
        if picked:
            lines += [f"#### {heading}", "", *_bullets(picked, methods), ""]
    return "\n".join(lines).rstrip() + "\n"


def _replace_version(path: Path, pattern: re.Pattern[str], version: str) -> str:
    text = path.read_text(encoding="utf-8")
    match = pattern.search(text)
    if match is None:
        raise Refused(f"{path.relative_to(ROOT)} has no version line to update")
    path.write_text(pattern.sub(lambda m: m.group(1) + version + m.group(3), text, count=1), encoding="utf-8")
    return match.group(2)


def _insert_section(section: str) -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    at = text.find("\n## ")
    at = len(text) if at < 0 else at + 1
    CHANGELOG.write_text(text[:at] + section + "\n" + text[at:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dry-run", action="store_true", help="print the version and the changelog section only")
    args = parser.parse_args(argv)
    try:
        if not RELEASED.is_file():
            raise Refused(f"{RELEASED.relative_to(ROOT)} is missing: it holds the spec of the last release")
        current = _PROJECT_VERSION.search(PYPROJECT.read_text(encoding="utf-8"))
        if current is None:
            raise Refused("pyproject.toml has no version")
        report = spec_report()
        version = next_version(current.group(2), report)
        api_changed = report["base"]["version"] != report["new"]["version"]
        breaks = python_breaks() if api_changed else []
        section = changelog_section(version, report, python_methods(_load(SPEC)), breaks)
    except Refused as exc:
        print(f"release: refused: {exc}", file=sys.stderr)
        return 1
    summary = report["summary"]
    print(
        f"release: {current.group(2)} -> {version} (API {report['base']['version']} -> {report['new']['version']}: "
        f"{summary['breaking']} breaking, {summary['non-breaking']} compatible, "
        f"{summary['documentation']} documentation-only change(s); {len(breaks)} Python-level break(s))"
    )
    if args.dry_run:
        print(section)
        return 0
    _replace_version(PYPROJECT, _PROJECT_VERSION, version)
    print(f"  pyproject.toml: version = {version}")
    _replace_version(VERSION_FILE, _DUNDER_VERSION, version)
    print(f"  overlays/sendmux/_version.py: __version__ = {version}")
    subprocess.run([str(UV), "lock", "--quiet"], cwd=ROOT, check=True)
    print(f"  uv.lock: sendmux {version} (uv lock)")
    _insert_section(section)
    print(f"  CHANGELOG.md: new section '{section.splitlines()[0].removeprefix('## ')}':")
    print("".join(f"    {line}\n" for line in section.splitlines()[1:] if line), end="")
    RELEASED.parent.mkdir(exist_ok=True)
    shutil.copyfile(SPEC, RELEASED)
    print(f"  release/openapi.yaml: the spec of API {report['new']['version']}, which make diff-check gates on")
    for line in breaks:
        print(f"  warning: Python-level break inside API {report['new']['version']}: {line}")
    print("Nothing is committed or tagged: review `git diff`, then commit and tag v" + version + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
