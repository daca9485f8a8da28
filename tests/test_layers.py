"""Data flows loaders -> graph -> reports -> schema / cli: a lower layer never imports a
higher one. Read from the source (also the lazy imports inside functions), so that a
writer the HTTP routes need lives below ``cli/`` rather than being borrowed from it."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "domain": {"graph", "reports", "schema", "cli", "loaders"},
    "graph": {"reports", "schema", "cli"},
    "reports": {"schema", "cli"},
    "schema": {"cli"},
}


def imported_packages(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(layer: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[layer])
        for path in sorted((ROOT / layer).rglob("*.py"))
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_check_sees_a_lazy_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f() -> None:\n    from cli.report_view import header\n")
    assert imported_packages(module) == {"cli"}


PACKAGES = ("domain", "graph", "reports", "schema", "cli", "loaders", "bench")


def _module(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _run_time_imports(path: Path, package: str) -> set[tuple[str, str]]:
    """What a module imports when it runs, in functions too (not under ``if TYPE_CHECKING:``,
    which only mypy reads): ``(name, fallback)``, the fallback where ``name`` is no module
    (``from graph.b import f`` -> ``("graph.b.f", "graph.b")``)."""
    found: set[tuple[str, str]] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                found.update((alias.name, alias.name) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    up = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*up, *([base] if base else [])])
                found.update((f"{base}.{alias.name}", base) for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def import_cycles(root: Path) -> list[list[str]]:
    """The circles of the module import graph under ``root`` (the project's modules only)."""
    files = [p for package in PACKAGES for p in sorted((root / package).rglob("*.py"))]
    modules = {_module(p, root) for p in files}
    graph = nx.DiGraph()
    for path in files:
        here = _module(path, root)
        package = here if path.name == "__init__.py" else here.rpartition(".")[0]
        for name, fallback in _run_time_imports(path, package):
            target = name if name in modules else fallback
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != here:
                graph.add_edge(here, target)
    return sorted(sorted(cycle) for cycle in nx.simple_cycles(graph))


def test_no_two_modules_import_each_other() -> None:
    """Not even through a function-local import: a circle is what makes a module's import
    order matter, and what made the type modules need lazy references, module aliases and
    a patch (the types name each other only through ``schema/types/refs.py`` now)."""
    assert import_cycles(ROOT) == []


def test_the_cycle_check_sees_a_function_local_import(tmp_path: Path) -> None:
    (tmp_path / "graph").mkdir()
    (tmp_path / "graph" / "a.py").write_text("from graph.b import f\n")
    (tmp_path / "graph" / "b.py").write_text("def f() -> None:\n    from graph import a\n")
    assert import_cycles(tmp_path) == [["graph.a", "graph.b"]]
