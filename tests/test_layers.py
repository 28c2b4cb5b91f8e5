"""The layers point one way, and no two files import each other, directly or round a circle.

Every import counts, also one inside a function or under ``TYPE_CHECKING``: an import that
only dodges a circle at load time still ties the two files together.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "outbox", "access_log", "courses", "assessments", "certificates", "ledger", "lms")
# What each app may import of the others. The people side (lms) is on top; core at the bottom.
MAY_IMPORT = {
    "core": set(),
    "outbox": {"core"},
    "access_log": {"core"},
    "courses": {"core"},
    "assessments": {"core", "access_log", "courses"},
    "certificates": {"core", "outbox", "access_log", "courses"},
    "ledger": {"core", "outbox", "access_log", "courses", "certificates"},
    "lms": {"core", "outbox", "access_log", "courses", "assessments", "certificates", "ledger"},
}


def project_modules() -> dict[str, Path]:
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imported_names(module: str, path: Path) -> set[str]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    graph = {}
    for module, path in modules.items():
        targets = set()
        for name in imported_names(module, path):
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
        graph[module] = targets
    return graph


def first_circle(graph: dict[str, set[str]]) -> list[str]:
    """One circle of imports, as the modules round it, or [] when there is none."""
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        return error.args[1]
    return []


def test_the_circle_finder_finds_a_circle():
    assert sorted(set(first_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}))) == ["a", "b", "c"]
    assert first_circle({"a": {"b"}, "b": set()}) == []


def test_no_file_imports_itself_round_a_circle():
    circle = first_circle(import_graph())
    assert not circle, " -> ".join(circle)


def test_each_app_imports_only_the_layers_below_it():
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        for target in targets
        if (source := module.split(".")[0]) != (app := target.split(".")[0]) and app not in MAY_IMPORT[source]
    )
    assert not wrong, "\n".join(wrong)
