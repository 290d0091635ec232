"""Names: snake_case and PascalCase from spec names, and English nouns made singular."""

from __future__ import annotations

import keyword
import re

__all__ = ["HEADER_TEXT", "pascal", "singular", "snake", "words"]

HEADER_TEXT = frozenset({"^[\\x20-\\x7E]+$", "^[\\x20-\\x7e]+$", "^[ -~]+$"})
"""Patterns that say only "printable ASCII": what an HTTP header value holds anyway. The client checks it of every
header in plainer words (codegen), and stating it on a header narrows nothing (the spec differ)."""

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|\b|_|-)|[A-Z]?[a-z]+|[A-Z]+|\d+")


def words(name: str) -> list[str]:
    """``managementListDomains`` -> ``[management, list, domains]``; ``Sending accounts``, ``zone-file`` too."""
    return [word.lower() for word in _WORD.findall(name)]


def snake(name: str) -> str:
    result = "_".join(words(name))
    return f"{result}_" if keyword.iskeyword(result) else result


def pascal(name: str) -> str:
    return "".join(word.capitalize() for word in snake(name).split("_"))


# Nouns whose singular is no rule's: a table, checked first.
_IRREGULAR = {
    "people": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "indices": "index",
    "matrices": "matrix",
    "vertices": "vertex",
    "data": "data",
    "media": "media",
    "criteria": "criterion",
    "analyses": "analysis",
    "statuses": "status",
    "aliases": "alias",
    "buses": "bus",
    "series": "series",
    "species": "species",
    "news": "news",
    "metadata": "metadata",
    "quizzes": "quiz",
    "movies": "movie",
    "shoes": "shoe",
    "caches": "cache",
}
# The ending rules, first match wins: (ending, replacement).
_RULES = (
    ("sses", "ss"),  # addresses
    ("xes", "x"),  # mailboxes, boxes
    ("ches", "ch"),  # matches
    ("shes", "sh"),  # pushes
    ("zzes", "zz"),  # buzzes
    ("ies", "y"),  # policies (not "series": the table)
    ("oes", "o"),  # heroes
    ("ves", "fe"),  # knives (wives, lives); "leaves", "halves": "f" below
    ("ses", "se"),  # responses, licenses, purposes
    ("us", "us"),  # status, bonus: already singular
    ("ss", "ss"),  # access: already singular
    ("is", "is"),  # analysis: already singular
    ("s", ""),  # domains, keys, webhooks
)
_F_ENDINGS = ("lves", "rves", "aves", "eaves")  # halves, shelves, wolves, leaves: -f


def singular(noun: str) -> str:
    """The singular of an English plural noun (``mailboxes`` -> ``mailbox``, ``policies`` -> ``policy``,
    ``addresses`` -> ``address``, ``statuses`` -> ``status``); a word that is not plural is returned as it is.
    Only the last word of ``sending_accounts`` changes."""
    head, sep, last = noun.rpartition("_")
    lower = last.lower()
    if lower in _IRREGULAR:
        result = _IRREGULAR[lower]
    elif lower.endswith(_F_ENDINGS):
        result = lower[:-3] + "f"
    else:
        result = lower
        for ending, replacement in _RULES:
            if lower.endswith(ending):
                result = lower[: len(lower) - len(ending)] + replacement
                break
    if last[:1].isupper():
        result = result[:1].upper() + result[1:]
    return head + sep + result
