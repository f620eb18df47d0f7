"""The package's shape: its imports form no cycle, the read side never imports the curator's write side, and no
module outgrows a reader (400 lines; schema.py, the declarative schema, excepted)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "alibaba_ai_data"
MAX_LINES = 400
LONGER_ALLOWED = {"schema.py"}  # one declaration per table and column: long by nature, read by search
WRITE_SIDE = "alibaba_ai_data.curation"
# The curator's page and sign-in, and the curator CLI's old name (an alias that runs the new one).
MAY_IMPORT_WRITE_SIDE = {"app_pages/curate.py", "dashboard/curator.py", "alibaba_ai_data/intake.py"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path) -> set[str]:
    """Every module an import in the file names, at any depth (an import inside a function is a dependency too);
    ``from a import b`` names both a and a.b, since b may be a module."""
    names: set[str] = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def import_graph() -> dict[str, set[str]]:
    """Each module of the package -> the package's modules it imports."""
    files = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: {other for other in imported_names(path) if other in files and other != name} for name, path in files.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph as the modules along it, or [] when it has none."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = "open"
        path.append(node)
        for other in sorted(graph[node]):
            if state.get(other) == "open":
                return [*path[path.index(other) :], other]
            if other not in state and (cycle := visit(other)):
                return cycle
        state[node] = "done"
        path.pop()
        return []

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def test_the_graph_sees_the_curation_stages_imports():
    graph = import_graph()
    assert "alibaba_ai_data.curation.extract" in graph["alibaba_ai_data.curation.proposals"]
    assert "alibaba_ai_data.loading" in graph["alibaba_ai_data.curation.check"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_the_package_imports_form_no_cycle():
    assert find_cycle(import_graph()) == []


def test_the_read_side_never_imports_the_curation_package():
    read_side = [*PACKAGE.rglob("*.py"), *(ROOT / "dashboard").rglob("*.py"), *(ROOT / "app_pages").glob("*.py"), ROOT / "app.py"]
    offenders = {
        str(path.relative_to(ROOT))
        for path in read_side
        if not module_name(path).startswith(WRITE_SIDE)
        and str(path.relative_to(ROOT)) not in MAY_IMPORT_WRITE_SIDE
        and any(name == WRITE_SIDE or name.startswith(WRITE_SIDE + ".") for name in imported_names(path))
    }
    assert offenders == set()


def test_no_module_is_longer_than_a_reader_can_hold():
    lengths = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
        if path.name not in LONGER_ALLOWED
    }
    assert {path: n for path, n in lengths.items() if n > MAX_LINES} == {}
