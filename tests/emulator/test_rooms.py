"""The emulator's rooms and the one way their imports run. Each subpackage of ``sendmux_emulator`` holds one concern,
and a room imports only itself and the rooms below it, so no room imports one that imports it back:

    _spec <- _state <- _delivery <- _api <- _control <- _serve

The package's own modules (``__init__``, ``__main__``, ``pytest_plugin``) are the way in, above every room; no room
imports them. Imports are read from the source (ast), wherever they are: at the top, in a function, or only for
type checking."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "emulator" / "sendmux_emulator"

ROOMS = ("_spec", "_state", "_delivery", "_api", "_control", "_serve")
"""Bottom to top: the served document and its replies; what an emulator keeps (clock, config, ids, records,
webhooks); sending deliveries; the API's pipeline and handlers; the control routes and inspector; serving (app,
server, CLI, local-only gate)."""

DOORWAY = frozenset({"__init__.py", "__main__.py", "pytest_plugin.py"})


def _module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, package: Path) -> set[str]:
    """The modules of ``package`` that ``path`` imports, as dotted names (``from .. import _spec`` names
    ``<package>._spec``; ``from ..x import y`` names ``<package>.x``)."""
    root = package.name
    name = _module_name(path, package)
    own_package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = own_package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found |= {f"{module}.{alias.name}" for alias in node.names} if module == root else {module}
    return {module for module in found if module == root or module.startswith(root + ".")}


def room_of(module: str, rooms: tuple[str, ...]) -> str | None:
    """The room a module of the package is in; None for the package's own modules (the doorway)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in rooms else None


def room_imports(package: Path, rooms: tuple[str, ...]) -> dict[tuple[str, str], list[str]]:
    """(importing room, imported room) -> the modules where a room imports another room or the doorway
    (imported room ``"(doorway)"``)."""
    edges: dict[tuple[str, str], list[str]] = {}
    for room in rooms:
        for path in sorted((package / room).rglob("*.py")):
            for module in sorted(imported_modules(path, package)):
                target = room_of(module, rooms) or "(doorway)"
                if target != room:
                    edges.setdefault((room, target), []).append(f"{_module_name(path, package)} -> {module}")
    return edges


def backward_imports(package: Path, rooms: tuple[str, ...]) -> list[str]:
    """Every import from a room to a room above it, or to the doorway."""
    rank = {room: index for index, room in enumerate(rooms)}
    return [
        line
        for (source, target), lines in sorted(room_imports(package, rooms).items())
        if rank.get(target, len(rooms)) > rank[source]
        for line in lines
    ]


def test_every_part_of_the_emulator_is_in_a_room_or_the_doorway() -> None:
    folders = {path.name for path in PACKAGE.iterdir() if path.is_dir() and path.name != "__pycache__"}
    loose = {path.name for path in PACKAGE.glob("*.py")}
    assert folders == set(ROOMS)  # a new room takes its place in ROOMS
    assert loose == DOORWAY


def test_the_rooms_import_one_way_only() -> None:
    read = set(room_imports(PACKAGE, ROOMS))
    assert {("_serve", "_control"), ("_control", "_api"), ("_api", "_delivery"), ("_delivery", "_state")} <= read
    assert backward_imports(PACKAGE, ROOMS) == []


def test_an_import_against_the_order_is_found(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    for room, source in {
        "low": "from ..high.top import thing\n",  # against the order
        "high": "def f() -> None:\n    from ..low import x\n    from .. import helper\n",  # down, then the doorway
    }.items():
        (package / room).mkdir(parents=True)
        (package / room / "__init__.py").write_text("", encoding="utf-8")
        (package / room / "m.py").write_text(source, encoding="utf-8")
    (package / "__init__.py").write_text("from .high.m import f\n", encoding="utf-8")
    assert backward_imports(package, ("low", "high")) == [
        "pkg.high.m -> pkg.helper",
        "pkg.low.m -> pkg.high.top",
    ]
    assert backward_imports(package, ("high", "low")) == ["pkg.high.m -> pkg.helper", "pkg.high.m -> pkg.low"]
