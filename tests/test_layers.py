"""The house rules, read from the code: each package imports only those below it, no import cycles,
and only the command line knows click, prints or exits."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "fazhi"
#: Lowest first; a module may import its own layer and those before it.
LAYERS = [
    "errors",
    "version",
    "ontology",
    "extraction",
    "graph",
    "queries",
    "network",
    "report",
    "batch",
    "server",
    "api",
    "__init__",
    "cli",
]
RANK = {name: max(i - 1, 0) if name == "version" else i for i, name in enumerate(LAYERS)}  # errors and version: one floor


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(module: str) -> set[str]:
    """The fazhi modules ``module`` imports, anywhere in it (inside functions too)."""
    found: set[str] = set()
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(MODULES[module].read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "fazhi")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] != "fazhi":
                continue
            for alias in node.names:  # `from fazhi import queries` imports the module fazhi.queries
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {m if m in MODULES else m.rpartition(".")[0] for m in found} - {module}


EDGES = {m: imports(m) for m in MODULES}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_layer_above_its_own(module):
    above = sorted(t for t in EDGES[module] if RANK[layer(t)] > RANK[layer(module)])
    assert not above, f"{module} ({layer(module)}) imports {above}, which sit above it: {' < '.join(LAYERS)}"


def test_there_is_no_import_cycle():
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for t in sorted(EDGES[m]):
            if state.get(t) == 1:
                cycle = [*path[path.index(t) :], t]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if t not in state:
                visit(t)
        path.pop()
        state[m] = 2

    for m in sorted(MODULES):
        if m not in state:
            visit(m)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) != "cli"))
def test_only_the_command_line_knows_click_prints_or_exits(module):
    tree = ast.parse(MODULES[module].read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            assert not any(n.split(".")[0] == "click" for n in names), f"{module}: imports click"
        if isinstance(node, ast.Call):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else f"{getattr(func.value, 'id', '')}.{func.attr}"
                if isinstance(func, ast.Attribute)
                else ""
            )
            assert name not in {"print", "sys.exit", "exit", "quit"}, f"{module}:{node.lineno}: calls {name}"


def test_the_layers_name_every_package():
    packages = {layer(m) for m in MODULES}
    assert packages <= set(LAYERS), f"packages without a layer: {packages - set(LAYERS)}"
