"""What users' ``mypy --strict`` sees: the raw 304 form is ``T | None``, event types and other enum parameters are
``Literal`` of the spec's values (or any ``str``), pages and iterators keep their types, and the README's
snippets type-check as they are."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from sendmux_spec import read_yaml

from .cached_mypy import mypy

ROOT = Path(__file__).resolve().parents[1]
USAGE = ROOT / "tests" / "typing" / "usage.py"
_ERROR = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): error: (?P<message>.*)$")


def _mypy(*paths: Path) -> list[tuple[str, int, str]]:
    done = mypy("--strict", "--hide-error-context", *map(str, paths), cwd=ROOT)
    assert done.returncode in (0, 1), done.stdout + done.stderr  # 2: mypy itself failed
    found = [m for m in map(_ERROR.match, done.stdout.splitlines()) if m]
    return [(Path(m["file"]).name, int(m["line"]), m["message"]) for m in found]


@functools.cache
def _usage_errors() -> list[tuple[str, int, str]]:
    return _mypy(USAGE)


@pytest.mark.slow
def test_mypy_reports_exactly_the_marked_errors() -> None:
    expected = {
        number: line.split("# E: ", 1)[1].strip()
        for number, line in enumerate(USAGE.read_text(encoding="utf-8").splitlines(), 1)
        if "# E: " in line
    }
    errors = _usage_errors()
    reported = {line: message for _, line, message in errors}
    assert sorted(reported) == sorted(expected), f"errors on other lines than marked: {errors}"
    for line, wanted in expected.items():
        assert wanted in reported[line], (line, wanted, reported[line])


def test_enum_parameters_offer_the_specs_values_as_a_literal() -> None:
    schemas = read_yaml((ROOT / "openapi.yaml").read_text(encoding="utf-8"))["components"]["schemas"]
    errors = {line: message for _, line, message in _usage_errors()}
    lines = USAGE.read_text(encoding="utf-8").splitlines()
    for enum, argument in (("EventType", "event_type="), ("DeliveryResult", "result=1")):
        values = [v for v in schemas[enum]["enum"] if v is not None]
        literal = "Literal[" + ", ".join(repr(v) for v in values) + "]"
        (line,) = [n for n, text in enumerate(lines, 1) if argument in text and "# E: " in text]
        assert f"{enum} | {literal} | str" in errors[line], errors[line]


def test_the_readme_snippets_type_check(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```$", readme, flags=re.DOTALL | re.MULTILINE)
    module = tmp_path / "readme_snippets.py"
    module.write_text("\n".join(blocks), encoding="utf-8")  # they run in order as one module (tests/test_readme.py)
    assert _mypy(module) == []
