"""Services read through selectors, never the reverse: a selector importing a service would close a cycle."""

import ast
from pathlib import Path

import tendlc.selectors

SELECTORS = Path(tendlc.selectors.__file__).parent


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_no_selector_imports_a_service():
    offenders = {
        path.name: sorted(module for module in imported_modules(path) if module.startswith("tendlc.services"))
        for path in sorted(SELECTORS.glob("*.py"))
    }

    assert {name: modules for name, modules in offenders.items() if modules} == {}
