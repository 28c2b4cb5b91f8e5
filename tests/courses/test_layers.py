"""``courses`` is the layer below ``assessments`` and ``certificates``: it never imports them,
not even inside a function, so the apps above can build on it without an import circle."""

import ast
from pathlib import Path

COURSES = Path(__file__).resolve().parents[2] / "courses"
ABOVE = {"assessments", "certificates", "lms"}


def imported_apps(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_courses__imports_no_app_above_it():
    offenders = {
        str(path.relative_to(COURSES.parent)): sorted(imported_apps(path) & ABOVE)
        for path in COURSES.rglob("*.py")
        if imported_apps(path) & ABOVE
    }
    assert offenders == {}
