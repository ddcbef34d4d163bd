"""Tasks are called as objects: no module of the portal's app imports the Celery app or sends a task by name,
so a renamed or moved task fails at import, not in a worker's log."""

import ast
from pathlib import Path

import tendlc

TENDLC = Path(tendlc.__file__).parent


def offences(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("portal"):
            found.append(f"imports {node.module}")
        elif isinstance(node, ast.Import):
            found.extend(f"imports {alias.name}" for alias in node.names if alias.name.startswith("portal"))
        elif isinstance(node, ast.Attribute) and node.attr == "send_task":
            found.append("sends a task by name")
    return found


def test_no_module_imports_the_celery_app_or_sends_a_task_by_name():
    found = {str(path.relative_to(TENDLC)): offences(path) for path in sorted(TENDLC.rglob("*.py"))}

    assert {module: what for module, what in found.items() if what} == {}
