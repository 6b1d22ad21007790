"""The package's shape: stages in folders, imports flowing one way, no cycles.

Every ``import`` in the package is read with :mod:`ast`, including those inside
functions, so a late import cannot hide a cycle or a reach into a higher stage.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "archive_site"

#: Stage of each top-level module or subpackage; a module may import only from its own stage or lower ones.
STAGES = {
    "archive_site": 0, "model": 0, "errors": 0, "resources": 0, "records": 0, "yamlfile": 0,
    "load": 1,
    "claims": 2, "config": 2,  # the settings hold the stance vocabulary, checked by the claims stage
    "site": 3,
    "build": 4,
    "cli": 5, "serve": 5, "__main__": 5,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    """Every archive_site module that ``path`` imports, anywhere in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("archive_site")}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import; the package uses absolute imports"
            if node.module and node.module.startswith("archive_site"):
                found.add(node.module)
                found |= {f"{node.module}.{alias.name}" for alias in node.names if _is_module(f"{node.module}.{alias.name}")}
    return found


def _is_module(name: str) -> bool:
    path = PACKAGE.parent / Path(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def stage_of(module: str) -> int:
    parts = module.split(".")
    return STAGES[parts[1] if len(parts) > 1 else parts[0]]


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: {m for m in imported_modules(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def test_every_module_belongs_to_a_stage() -> None:
    for name in MODULES:
        assert stage_of(name) >= 0


def test_top_level_is_small_and_stages_are_folders() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 10, top
    assert not [name for name in top if name.startswith("site")]
    for folder in ("load", "claims", "site", "build"):
        doc = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, f"{folder}/__init__.py must say what the stage takes and gives"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_only_to_lower_or_same_stages(name: str) -> None:
    higher = sorted(m for m in GRAPH[name] if stage_of(m) > stage_of(name))
    assert not higher, f"{name} (stage {stage_of(name)}) imports a later stage: {higher}"


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` (module -> imported modules), or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target):], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def test_no_import_cycles() -> None:
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_checks_see_late_imports_and_cycles(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from archive_site.site import urls\n", encoding="utf-8")
    assert "archive_site.site.urls" in imported_modules(probe)
    assert stage_of("archive_site.site.urls") > stage_of("archive_site.load.seeds")
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None
