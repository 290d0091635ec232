"""Nothing recorded in public_surface.json was removed or changed: every change to the public API is additive.

Recorded: the names ``sendmux``, ``sendmux.errors`` and ``sendmux.models`` export; every public class's members;
every method of ``client.webhooks`` and ``client.webhooks.with_raw_response``, sync and async, with each
parameter's kind, type and default and the return type. A method may gain keyword-only parameters that have
defaults, or ``@overload``s, as long as every recorded call shape still has a signature with the same types.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from .surface import SNAPSHOT, describe

Signature = dict[str, Any]

# Recorded entries that deliberately read differently now, each with why and where its promise is still checked.
DELIBERATE: dict[str, str] = {}


def _shape(signature: Signature) -> tuple[list[str], dict[str, str]]:
    positional = [p for p in signature["params"] if not p.startswith(("KEYWORD_ONLY ", "VAR_KEYWORD "))]
    keywords = {p.split(" ", 2)[1].rstrip(":"): p for p in signature["params"] if p.startswith("KEYWORD_ONLY ")}
    return positional, keywords


# Changes that keep every recorded call working, each with its issue:
# - issue 20: a ``Literal[...]`` of an enum's known values next to ``| str`` accepts exactly what ``str`` did (it is
#   there for editors to complete), so a parameter gaining one accepts the same calls;
# - issue 20: the list iterators and async pages are subclasses of what was recorded (``ListIterator`` is an
#   ``Iterator``, ``AsyncListIterator`` an ``AsyncIterator``, ``AsyncPage`` a ``Page``), so a result is still one.
_LITERAL_BESIDE_STR = re.compile(r"Literal\[[^\]]*\] \| ")
_NARROWER_RESULTS = (("AsyncListIterator[", "AsyncIterator["), ("ListIterator[", "Iterator["), ("AsyncPage[", "Page["))


def _accepts_the_same(text: str) -> str:
    return _LITERAL_BESIDE_STR.sub("", text) if "| str" in text else text


def _recorded_result(text: str) -> str:
    for new, old in _NARROWER_RESULTS:
        text = text.replace(new, old)
    return text


def _covers(new: Signature, old: Signature) -> bool:
    """Whether ``new`` accepts every call ``old`` accepted, with the same types and result."""
    old_positional, old_keywords = _shape(old)
    new_positional, new_keywords = _shape(new)
    added = [p for name, p in new_keywords.items() if name not in old_keywords]
    return (
        _recorded_result(new["returns"]) == old["returns"]
        and new_positional == old_positional
        and all(_accepts_the_same(new_keywords.get(name, "")) == text for name, text in old_keywords.items())
        and all(" = " in p for p in added)
    )


def _problems(path: str, old: Any, new: Any) -> list[str]:
    if path in DELIBERATE:
        return []
    if new is None:
        return [f"{path}: removed"]
    if isinstance(old, dict) and "signature" in old:
        candidates = [new["signature"], *new.get("overloads", [])]
        return [
            f"{path}: recorded signature {wanted} is no longer offered (now: {candidates})"
            for wanted in [old["signature"], *old.get("overloads", [])]
            if not any(_covers(candidate, wanted) for candidate in candidates)
        ]
    if isinstance(old, dict):
        return [problem for key, value in old.items() for problem in _problems(f"{path}.{key}", value, new.get(key))]
    if isinstance(old, list):
        return [f"{path}: {name!r} removed" for name in old if name not in new]
    return [] if old == new else [f"{path}: was {old!r}, now {new!r}"]


def test_every_recorded_name_and_signature_is_still_offered_unchanged() -> None:
    recorded = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    problems = _problems("sendmux", recorded, describe())
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("old", "new", "ok"),
    [
        (
            {"params": ["KEYWORD_ONLY a: str"], "returns": "int"},
            {"params": ["KEYWORD_ONLY a: str"], "returns": "int"},
            True,
        ),
        (
            {"params": ["KEYWORD_ONLY a: str"], "returns": "int"},
            {"params": ["KEYWORD_ONLY a: str", "KEYWORD_ONLY b: int = 1"], "returns": "int"},
            True,
        ),
        ({"params": ["KEYWORD_ONLY a: str"], "returns": "int"}, {"params": [], "returns": "int"}, False),
        (
            {"params": ["KEYWORD_ONLY a: str"], "returns": "int"},
            {"params": ["KEYWORD_ONLY a: int"], "returns": "int"},
            False,
        ),
        ({"params": [], "returns": "int"}, {"params": ["KEYWORD_ONLY b: int"], "returns": "int"}, False),
        ({"params": [], "returns": "int"}, {"params": [], "returns": "int | None"}, False),
        (
            {"params": ["POSITIONAL_OR_KEYWORD a: str"], "returns": "int"},
            {"params": ["POSITIONAL_OR_KEYWORD b: str"], "returns": "int"},
            False,
        ),
    ],
)
def test_the_comparison_can_tell_an_addition_from_a_break(old: Signature, new: Signature, ok: bool) -> None:
    assert _covers(new, old) is ok
