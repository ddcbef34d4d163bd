"""The admin and the REST API are two front ends over the same forms and services: neither imports the other."""

import ast
from pathlib import Path

import pytest

import tendlc

PACKAGE = Path(tendlc.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize(("front", "other"), [("api", "admin"), ("admin", "api")])
def test_a_front_end_never_imports_the_other(front, other):
    forbidden = f"tendlc.{other}"
    offenders = {
        str(path.relative_to(PACKAGE.parent)): sorted(
            name for name in imported_modules(path) if name == forbidden or name.startswith(f"{forbidden}.")
        )
        for path in sorted((PACKAGE / front).rglob("*.py"))
    }

    assert {path: names for path, names in offenders.items() if names} == {}


def test_forms_import_neither_front_end():
    offenders = {
        str(path.relative_to(PACKAGE.parent)): sorted(
            name for name in imported_modules(path) if name.startswith(("tendlc.admin", "tendlc.api"))
        )
        for path in sorted((PACKAGE / "forms").rglob("*.py"))
    }

    assert {path: names for path, names in offenders.items() if names} == {}
