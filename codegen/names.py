"""Python names from spec names, the same way in every codegen step (codegen/README.md, "Names").

A tag is the resource (``Sending accounts`` -> ``client.sending_accounts``); a method is its operationId without
the API's common prefix and without the resource's noun (``managementListDomains`` -> ``domains.list``,
``managementGetDomainZoneFile`` -> ``domains.get_zone_file``); ``{public_id}`` is the id of the collection before
it (``/mailboxes/{public_id}`` -> ``mailbox_id``). ``x-sendmux-method`` and ``x-sendmux-name`` override a name.
"""

from __future__ import annotations

import keyword
from collections import Counter
from collections.abc import Iterable

from sendmux_spec import Document, Operation, pascal, singular, snake, words

__all__ = ["Naming", "NamingError", "client_methods", "pascal", "singular", "snake"]

# What an operationId's action word may be. A first word that is none of these, and that operationIds follow
# with one of these, is the API's prefix (Sendmux's ``management``, ``mailbox``), not part of the method name.
VERBS = frozenset(
    {
        "get",
        "list",
        "create",
        "update",
        "delete",
        "set",
        "put",
        "patch",
        "add",
        "remove",
        "check",
        "verify",
        "rotate",
        "test",
        "send",
        "cancel",
        "request",
        "activate",
        "deactivate",
        "suspend",
        "resume",
        "retry",
        "count",
        "search",
        "batch",
        "query",
        "upload",
        "download",
        "stream",
        "replace",
        "reset",
        "refresh",
        "revoke",
        "enable",
        "disable",
        "archive",
        "restore",
        "fetch",
        "find",
        "lookup",
        "preview",
        "validate",
        "import",
        "export",
        "sync",
        "trigger",
        "replay",
        "resend",
        "start",
        "stop",
        "pause",
        "approve",
        "reject",
        "accept",
        "decline",
        "invite",
        "move",
        "copy",
        "mark",
        "subscribe",
        "unsubscribe",
        "register",
        "generate",
        "compute",
        "estimate",
        "schedule",
        "run",
        "purge",
        "clear",
        "close",
        "open",
        "issue",
        "grant",
    }
)
# A path parameter with one of these names is the id of the collection segment before it.
RESOURCE_IDS = frozenset({"public_id", "id"})


class NamingError(Exception):
    """A name no rule can give; the message says which extension to set."""


def python_name(name: str, what: str) -> str:
    if not name.isidentifier() or keyword.iskeyword(name):
        raise NamingError(f"{what} {name!r} is not a Python name")
    return name


class Naming:
    """The names of one spec's resources, methods and arguments."""

    def __init__(self, operations: Iterable[Operation]) -> None:
        self.prefixes = api_prefixes(op.operation_id or "" for op in operations)

    @staticmethod
    def attribute(tag: str) -> str:
        """``Sending accounts`` -> ``sending_accounts`` (``client.sending_accounts``)."""
        return python_name(snake(tag), f"tag {tag!r} gives the attribute")

    @staticmethod
    def class_name(tag: str) -> str:
        return pascal(tag)

    def method(self, operation: Operation, tag: str) -> str:
        explicit = operation.node.get("x-sendmux-method")
        if explicit:
            return python_name(str(explicit), "x-sendmux-method")
        parts = words(operation.operation_id or "")
        if len(parts) > 1 and parts[0] in self.prefixes:
            parts = parts[1:]
        for noun in nouns(tag, operation.path):
            parts = drop(parts, noun)
        if not parts:
            raise NamingError(
                f"operationId {operation.operation_id} is only the resource's noun; set x-sendmux-method on it"
            )
        return python_name("_".join(parts), "the method name")

    @staticmethod
    def path_parameter(name: str, path: str) -> str:
        """``public_id`` in ``/mailboxes/{public_id}`` -> ``mailbox_id``; other names in snake_case."""
        if name in RESOURCE_IDS:
            segments = path.strip("/").split("/")
            index = segments.index("{" + name + "}")
            before = next((s for s in reversed(segments[:index]) if not s.startswith("{")), "")
            if before:
                return f"{snake(singular(snake(before)))}_id"
        return snake(name)


def client_methods(document: Document) -> dict[str, tuple[str, str]]:
    """operationId -> (resource attribute, method name): ``client.<attribute>.<method>``, by the rules above."""
    naming = Naming(document.operations)
    return {
        str(op.operation_id): (naming.attribute(op.tags[0]), naming.method(op, op.tags[0]))
        for op in document.operations
        if op.operation_id and op.tags
    }


def api_prefixes(operation_ids: Iterable[str]) -> frozenset[str]:
    """First words that are no verb and are followed by a verb in most operationIds starting with them."""
    followed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for operation_id in operation_ids:
        parts = words(operation_id)
        if len(parts) < 2 or parts[0] in VERBS:
            continue
        total[parts[0]] += 1
        followed[parts[0]] += parts[1] in VERBS
    return frozenset(word for word, count in total.items() if followed[word] * 2 > count)


def nouns(tag: str, path: str) -> list[tuple[str, ...]]:
    """The word sequences that name the resource, longest first: the tag's and the path's first segment's,
    each also made singular (``Sending accounts``: ``sending accounts``, ``sending account``)."""
    found: set[tuple[str, ...]] = set()
    first = next((s for s in path.strip("/").split("/") if s and not s.startswith("{")), "")
    for name in (tag, first):
        if name:
            found.add(tuple(words(name)))
            found.add(tuple(words(singular(snake(name)))))
    return sorted((noun for noun in found if noun), key=lambda noun: (-len(noun), noun))


def drop(parts: list[str], noun: tuple[str, ...]) -> list[str]:
    """``parts`` without each occurrence of the word sequence ``noun``."""
    kept: list[str] = []
    i = 0
    while i < len(parts):
        if tuple(parts[i : i + len(noun)]) == noun:
            i += len(noun)
        else:
            kept.append(parts[i])
            i += 1
    return kept
