"""The packages that promise to import no Django keep that promise: the API client and the sandbox run outside
the portal (the sandbox as its own process, the client in any Python program), and the compliance engine is
pure rules. Held two ways: no module names Django in an import, and importing every module in a fresh
interpreter where Django cannot be imported succeeds."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE_PACKAGES = ["tendlc.client", "tendlc.compliance", "tendlc.sandbox"]
FORBIDDEN = {"django", "rest_framework"}

# Imports every module of the package (``__main__`` would run the program) with Django and DRF made
# unimportable, so an import of them anywhere underneath fails loudly instead of quietly loading them.
IMPORT_ALL = """
import importlib, pkgutil, sys

class Forbidden:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {forbidden!r}:
            raise ImportError(f"{{name}} is not to be imported here")

sys.meta_path.insert(0, Forbidden())
package = importlib.import_module({package!r})
names = [package.__name__]
for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    if module.name.rsplit(".", 1)[-1] != "__main__":
        importlib.import_module(module.name)
        names.append(module.name)
print(len(names))
print(sorted(name for name in sys.modules if name.split(".")[0] in {forbidden!r}))
"""


def package_dir(package: str) -> Path:
    return ROOT.joinpath(*package.split("."))


def imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_no_module_names_django_in_an_import(package):
    modules = sorted(package_dir(package).rglob("*.py"))
    offending = {
        str(path.relative_to(ROOT)): sorted(
            name for name in imported_names(path) if name.split(".")[0] in FORBIDDEN
        )
        for path in modules
    }

    assert len(modules) >= 10
    assert {path: names for path, names in offending.items() if names} == {}


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_every_module_imports_without_django(package):
    script = IMPORT_ALL.format(package=package, forbidden=FORBIDDEN)
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)

    assert ran.returncode == 0, ran.stderr
    count, loaded = ran.stdout.split("\n", 1)
    assert int(count) >= 10
    assert loaded.strip() == "[]"
