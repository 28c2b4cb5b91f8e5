"""The certificates app sits below the people side: no file in it imports ``lms``, not even
inside a function, and the model and status modules no longer import each other."""

from __future__ import annotations

import ast
from pathlib import Path

import certificates

APP = Path(certificates.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_no_certificates_file_imports_lms():
    offenders = {
        str(path.relative_to(APP)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] == "lms"
        )
        for path in APP.rglob("*.py")
        if "migrations" not in path.parts
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_models_do_not_import_the_status_module():
    for path in (APP / "models").glob("*.py"):
        source = path.read_text()
        assert "status import" not in source and "certificates.status" not in source, path.name
