"""What one `make contract` run did to the team: the records it created (of any collection of the spec) and which
are gone, and every answer's status per operation (to tell a rejected key or an unusable run from a real result).

Which request names which record, and which ones change one, is read from the spec's REST shape
(``sendmux_spec.roles``), so a tag added to openapi.yaml is held to the same rules as the webhooks: a request that
changes a record goes out only to a record this run created (anything else is aimed at a sentinel id, which the
server answers 404), and a test event only through a webhook this run subscribed to its own URL."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sendmux_spec import Collection, Document, Role, created_id, load, roles
from tools.contract.targets import SubscriptionTargets

ROOT = Path(__file__).resolve().parents[2]
SENTINEL = "sendmux_contract_not_ours"  # the id a request aimed at someone else's record is sent to instead
_CHANGES = frozenset({"update", "replace", "delete", "action"})


@dataclass(frozen=True)
class Route:
    operation_id: str
    method: str
    pattern: re.Pattern[str]
    role: Role
    id_param: str | None  # the path parameter naming the record the operation is about

    @property
    def sentinel(self) -> str:
        prefix = self.role.collection.prefix if self.role.collection else "rec"
        return f"{prefix}_{SENTINEL}"


@functools.cache
def routes(spec: Path = ROOT / "openapi.yaml") -> tuple[Route, ...]:
    """Every operation of the spec as a route, literal paths first (`/webhooks/event-types` is no webhook id)."""
    document = _document(spec)
    role_of = roles(document)
    found = []
    for op in sorted(document.operations, key=lambda op: [s.startswith("{") for s in op.path.split("/")]):
        role = role_of[(op.method, op.path)]
        owner: Collection | None = role.collection
        id_param = owner.id_param if owner and role.kind not in ("create", "list") else None
        if role.kind in ("create", "list") and owner is not None and owner.parent is not None:
            id_param = owner.parent.id_param
        pattern = "^" + re.sub(r"\\\{([^}/]+)\\\}", lambda m: f"(?P<{_group(m[1])}>[^/]+)", re.escape(op.path)) + "/?$"
        found.append(Route(str(op.operation_id), op.method.upper(), re.compile(pattern), role, id_param))
    return tuple(found)


@functools.cache
def _document(spec: Path) -> Document:
    return load(spec)


def _group(name: str) -> str:
    return re.sub(r"\W", "_", name)


def route_of(operation: str, spec: Path = ROOT / "openapi.yaml") -> Route | None:
    return next((route for route in routes(spec) if route.operation_id == operation), None)


def operation_of(method: str, path: str, spec: Path = ROOT / "openapi.yaml") -> tuple[str, str | None]:
    """(operationId, the id of the record it is about, or None) of a request path relative to the base URL."""
    for route in routes(spec):
        match = route.pattern.match(path)
        if route.method == method.upper() and match:
            record = match.group(_group(route.id_param)) if route.id_param else None
            return route.operation_id, record
    return f"{method.upper()} {path}", None


@dataclass
class Ledger:
    targets: SubscriptionTargets
    before: frozenset[str] = frozenset()  # ids the team had when the run started: never touched
    created: dict[str, str] = field(default_factory=dict)  # id -> its subscribed url ("" for other records)
    collections: dict[str, str] = field(default_factory=dict)  # id -> the item path it was created under
    deleted_by_tests: set[str] = field(default_factory=set)
    deleted_by_cleanup: set[str] = field(default_factory=set)
    unsafe: list[str] = field(default_factory=list)  # created with a URL we did not choose (a server bug)
    differences: dict[str, None] = field(default_factory=dict)  # what the run's own calls saw the spec rules out
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    spec: Path = ROOT / "openapi.yaml"

    def live(self) -> list[str]:
        """Records of this run that still exist, oldest first."""
        gone = self.deleted_by_tests | self.deleted_by_cleanup
        return [record for record in self.created if record not in gone]

    def may_send(self, operation: str, public_id: str | None) -> bool:
        """Whether a request may go out as it is: a request that changes a record only to one this run created
        (never one the team had), and a test event only through a webhook this run subscribed to its own URL."""
        route = route_of(operation, self.spec)
        if route is None or route.role.kind not in _CHANGES or route.method == "GET":
            return True
        if public_id is None or public_id in self.before or public_id not in self.created:
            return False
        url = self.created[public_id]
        return not url or self.targets.is_ours(url)

    def sentinel(self, operation: str) -> str:
        route = route_of(operation, self.spec)
        return route.sentinel if route else f"rec_{SENTINEL}"

    def record(self, operation: str, public_id: str | None, status: int, body: Any) -> str | None:
        """Note one answer; returns the id of a record the server subscribed to a URL that is not ours."""
        self.statuses[(operation, status)] += 1
        route = route_of(operation, self.spec)
        if route is None or route.role.collection is None:
            return None
        collection = route.role.collection
        if route.role.kind == "create" and 200 <= status < 300:
            document = _document(self.spec)
            create = document.operation(operation)
            record = created_id(document, collection, create, body)
            if record is not None and record in self.before:  # never this run's, so never changed by it
                self.note(f"{operation} answered {status} with {record}, a record the team had before the run")
            elif record is not None:
                data = body.get("data") if isinstance(body, dict) else None
                url = str(data.get("url") or "") if isinstance(data, dict) else ""
                self.created.setdefault(record, url)
                if collection.item_path and collection.parent is None:
                    self.collections.setdefault(record, collection.item_path)
                if url and not self.targets.is_ours(url):
                    if record not in self.unsafe:
                        self.unsafe.append(record)
                    return record
        elif route.role.kind == "delete" and public_id in self.created and status in (200, 204, 404):
            self.deleted_by_tests.add(public_id)
        return None

    def note(self, difference: str) -> None:
        """A difference from the spec seen by the run's own calls (not by schemathesis or the replay), once."""
        self.differences.setdefault(difference)

    def only_rejected_keys(self) -> bool:
        """Every answer was 401 or 403: the server never let the run in."""
        return bool(self.statuses) and all(status in (401, 403) for _, status in self.statuses)
