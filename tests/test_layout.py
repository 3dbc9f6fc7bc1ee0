"""The package's shape: the data flow ingest -> embed -> index -> answer -> app, with no import
cycles (lazy imports inside functions included) and no oversized functions."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "qa"
# What each part of the package may import from the others (besides itself). Shared helpers
# (settings, torch runtime, errors, local server processes) sit below every stage; meeting records are read from a
# document's text when it is indexed, so ``meetings`` sits between ingest and index; who may read what (access) and the
# audit log beside the assistant, for the app and the command line; the public API and the tools
# on top.
ALLOWED: dict[str, set[str]] = {
    "config": set(),
    "runtime": {"config"},
    "errors": set(),
    "processes": set(),
    "ingest": {"config", "errors"},
    "embed": {"config", "runtime", "errors"},
    "meetings": {"config", "errors", "ingest"},
    "index": {"config", "errors", "ingest", "embed", "meetings"},
    "answer": {"config", "runtime", "errors", "ingest", "embed", "index", "meetings"},
    "assistant": {"config", "errors", "ingest", "embed", "index", "answer", "meetings"},
    "access": {"config", "errors"},
    "audit": {"config"},
    "app": {"config", "errors", "ingest", "embed", "index", "answer", "assistant", "access", "audit", "meetings",
            "processes"},
    "dev": {"config", "runtime", "errors", "ingest", "embed", "index", "answer", "assistant", "meetings",
            "processes"},
    "cli": {"config", "errors", "ingest", "embed", "index", "answer", "assistant", "access", "audit", "app",
            "dev", "meetings"},
    "__init__": {"config", "index", "answer", "assistant"},
}
MAX_FUNCTION_LINES = 80


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The qa modules ``path`` imports anywhere in its body, resolved to module names."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if base == "qa" or base.startswith("qa."):
                found |= {f"{base}.{alias.name}" for alias in node.names} | {base}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name == "qa" or a.name.startswith("qa.")}
    return found


def _graph() -> dict[str, set[str]]:
    """Module -> the qa modules it imports (names that are not modules are dropped)."""
    files = {_module_name(p): p for p in SRC.rglob("*.py")}
    graph = {}
    for name, path in files.items():
        graph[name] = {m for m in _imports(path) if m in files and m != name}
    return graph


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_the_import_resolver_sees_relative_and_lazy_imports():
    assert "qa.ingest.normalize" in _graph()["qa.ingest.chunk"]
    assert "qa.embed.torch_e5" in _graph()["qa.embed"]  # imported inside make_embedder


def test_no_import_cycles():
    graph = _graph()
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycle = path[path.index(target):] + [target] if target in path else [module, target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_each_stage_imports_only_the_stages_before_it():
    wrong = []
    for module, targets in sorted(_graph().items()):
        part = _part(module)
        for target in sorted(targets):
            other = _part(target)
            if other != part and other not in ALLOWED[part]:
                wrong.append(f"{module} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_every_part_of_the_package_has_a_place_in_the_flow():
    assert {_part(m) for m in _graph()} <= set(ALLOWED)


def test_no_function_is_oversized():
    long = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, "\n".join(long)
