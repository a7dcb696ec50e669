"""The package's layers: each stage imports only what lies below it, and nothing imports in a circle.

Read from the source (every `import` and `from ... import`, at any depth), so a lazy import
inside a function counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "lodpub"

# What each part of lodpub may import besides itself. The stages (extract, validate, build,
# serve, publish) never import one another's modules, except that the build runs validation
# through its package's public functions; the pages (site) show a validation report. Every
# part that starts processes ties them to itself with lifeline.
ALLOWED = {
    "errors": set(),
    "lifeline": set(),
    "config": {"errors"},
    "store_access": {"errors"},
    "core": {"config", "errors"},
    "extract": {"core", "config", "errors"},
    "validate": {"core", "config", "errors", "lifeline"},
    "site": {"core", "validate", "config", "errors"},
    "sparql": {"core", "store_access", "config", "errors", "lifeline"},
    "build": {"core", "site", "validate", "sparql", "config", "errors", "lifeline"},
    "publish": {"core", "store_access", "config", "errors"},
    "serve": {"core", "site", "sparql", "store_access", "config", "errors", "lifeline"},
    "terminal": set(),
    "cli": {"core", "extract", "validate", "build", "serve", "publish", "sparql", "store_access", "config", "errors", "terminal"},
}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(("lodpub", *parts))] = path
    return found


def imports_of(name: str, path: Path) -> set[str]:
    """Every lodpub module `name` imports, as dotted names."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.startswith("lodpub"):
                found.add(target)
                found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("lodpub"))
    known = modules()
    return {target for target in found if target in known and target not in (name, "lodpub")}


def part(name: str) -> str:
    """`lodpub.serve.app` -> `serve`; top-level modules are parts of their own."""
    return name.split(".")[1] if name != "lodpub" else ""


GRAPH = {name: imports_of(name, path) for name, path in modules().items()}


@pytest.mark.parametrize("name", sorted(n for n in GRAPH if n != "lodpub"))
def test_a_module_imports_only_the_layers_below_its_own(name):
    own = part(name)
    assert own in ALLOWED, f"{name} belongs to no known part of the package; add it to ALLOWED"
    wrong = sorted(t for t in GRAPH[name] if part(t) != own and part(t) not in ALLOWED[own])
    assert not wrong, f"{name} imports {wrong}"


def test_no_module_imports_in_a_circle():
    state: dict[str, int] = {}  # 1: being visited, 2: done

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(GRAPH[name]):
            # A package's __init__ importing its own submodules is how a package is made, not a cycle.
            if target.startswith(name + "."):
                continue
            if state.get(target) == 1:
                cycle = trail[trail.index(target):] + [target] if target in trail else [name, target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if state.get(target) is None:
                visit(target, [*trail, target])
        state[name] = 2

    for name in sorted(GRAPH):
        if state.get(name) is None:
            visit(name, [name])
