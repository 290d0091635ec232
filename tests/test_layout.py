"""The shape of the handwritten package: the core (what a call imports, measured) within its budget, no line
packed to fit it, and no import circle among the overlay's modules."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
OVERLAY = ROOT / "overlays" / "sendmux"


def _loc() -> ModuleType:
    spec = importlib.util.spec_from_file_location("loc", ROOT / "scripts" / "loc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_core_a_call_imports_is_within_budget() -> None:
    loc = _loc()
    core = loc.counts()["core"]
    assert {"_client.py", "_core.py", "_pagination.py", "errors.py"} <= set(core)  # it measured a real call
    assert not any(name.startswith(("receiving/", "testing/", "_cli/")) for name in core)
    assert sum(core.values()) <= loc.BUDGET


def test_counting_skips_blanks_and_comments(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("# a comment\n\nx = 1  # trailing\n    # indented comment\ny = 2\n", encoding="utf-8")
    assert _loc().lines(source) == 2


def test_no_overlay_line_is_kept_from_the_formatter() -> None:
    packed = [
        f"{path.relative_to(OVERLAY)}:{number}"
        for path in sorted(OVERLAY.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "fmt: skip" in line or "fmt: off" in line
    ]
    assert packed == []


def _module_name(path: Path) -> str:
    parts = path.relative_to(OVERLAY.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The ``sendmux`` modules ``path`` imports, wherever the import is: at the top, in a function, or only for
    type checking (a circle there still ties two modules together)."""
    name, found = _module_name(path), set[str]()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found |= {module} | {f"{module}.{alias.name}" for alias in node.names}
    return {module for module in found if module.startswith("sendmux")} - {name}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import circle in ``graph`` (module -> the modules it imports), as the path around it."""
    found: list[list[str]] = []
    state: dict[str, str] = {}  # "open" while its imports are followed, then "done"

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for imported in sorted(graph.get(module, ())):
            if state.get(imported) == "open":
                found.append([*path[path.index(imported) :], imported])
            elif imported not in state:
                visit(imported, [*path, imported])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return found


def test_the_overlay_modules_import_each_other_without_a_circle() -> None:
    files = {_module_name(path): path for path in OVERLAY.rglob("*.py")}
    graph = {name: imports_of(path) & set(files) for name, path in files.items()}
    assert graph["sendmux._client"] >= {"sendmux._core", "sendmux._fork_safe"}  # the graph is read
    assert circles(graph) == []


def test_a_circle_is_found() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert circles({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def path_edits(source: str) -> list[int]:
    """Lines of ``source`` that change ``sys.path`` (``sys.path.insert(...)``, ``.append``, ``+=``...)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target: ast.expr = node.func.value
        elif isinstance(node, ast.AugAssign):
            target = node.target
        else:
            continue
        if isinstance(target, ast.Attribute) and target.attr == "path" and ast.unparse(target.value) == "sys":
            found.append(node.lineno)
    return sorted(found)


def test_no_module_reaches_another_by_editing_sys_path() -> None:
    """The editable install puts the repository on the path: codegen, tools and tests import each other by name."""
    folders = ("codegen", "tools", "emulator", "spec", "tests", "overlays")
    sources = [p for folder in folders for p in (ROOT / folder).rglob("*.py") if "node_modules" not in p.parts]
    assert len(sources) > 100
    edits = {str(p.relative_to(ROOT)): lines for p in sources if (lines := path_edits(p.read_text(encoding="utf-8")))}
    assert edits == {}


def test_a_sys_path_edit_is_found() -> None:
    assert path_edits("import sys\nsys.path.insert(0, 'x')\nsys.path.append('y')\nsys.path += ['z']\n") == [2, 3, 4]
    assert path_edits("import os\nos.path.join('a')\n") == []
