"""The sync package has one front door: code outside it (the portal and the benchmarks) imports
``tendlc.services.sync`` only, never the private modules behind it, and the front door exports only what
exists. The sync's own tests may reach behind it."""

import ast
from pathlib import Path

import tendlc
import tendlc.services.sync

TENDLC = Path(tendlc.__file__).parent
ROOT = TENDLC.parent
PACKAGE = Path(tendlc.services.sync.__file__).parent


def sync_imports(path: Path) -> set[str]:
    return {
        node.module
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tendlc.services.sync")
    }


def test_code_outside_the_package_uses_its_front_door():
    found = {
        str(path.relative_to(ROOT)): sorted(sync_imports(path) - {"tendlc.services.sync"})
        for path in sorted([*TENDLC.rglob("*.py"), *(ROOT / "benchmarks").rglob("*.py")])
        if PACKAGE not in path.parents
    }

    assert {module: imports for module, imports in found.items() if imports} == {}


def test_the_front_door_exports_what_it_names():
    assert [name for name in tendlc.services.sync.__all__ if not hasattr(tendlc.services.sync, name)] == []
