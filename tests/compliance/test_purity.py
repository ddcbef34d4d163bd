"""The engine is pure Python: importing every module of it loads no Django."""

import ast
import subprocess
import sys
from pathlib import Path

import tendlc.compliance

PACKAGE = Path(tendlc.compliance.__file__).parent
MODULES = sorted(f"tendlc.compliance.{path.stem}" for path in PACKAGE.glob("*.py") if path.stem != "__init__")


def test_no_module_imports_django():
    imported = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)

    assert not {name for name in imported if name.split(".")[0] in {"django", "rest_framework"}}


def test_importing_the_engine_loads_no_django():
    script = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'django'))\n"
    )
    printed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=PACKAGE.parents[1]
    )

    assert printed.stdout.strip() == "[]"
    assert len(MODULES) >= 10
