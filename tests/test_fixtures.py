"""The suite's fixtures can be extended safely: every fixture name means one thing everywhere.

A fixture is found by name wherever a test sits, so a name defined twice means different objects in different
directories, and a test moved between them silently gets another one. Shared fixtures live in
``tests/fixtures/``, registered once by ``pytest_plugins``; tests take them as parameters and never import them.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest_django.fixtures

from tests.conftest import pytest_plugins

TESTS = Path(__file__).resolve().parent
# Names defined in more than one place on purpose, with the reason. None today; keep it that way if you can.
OVERRIDES: dict[str, str] = {}


def python_files() -> list[Path]:
    return sorted(path for path in TESTS.rglob("*.py") if "__pycache__" not in path.parts)


def fixture_names(path: Path) -> list[str]:
    """The fixtures defined in ``path``: functions decorated with ``pytest.fixture``, under their ``name=``."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            target = call.func if call else decorator
            if ast.unparse(target) not in {"pytest.fixture", "fixture"}:
                continue
            renamed = [kw.value.value for kw in call.keywords if kw.arg == "name"] if call else []
            names.append(renamed[0] if renamed else node.name)
    return names


def definitions() -> dict[str, list[str]]:
    where = defaultdict(list)
    for path in python_files():
        for name in fixture_names(path):
            where[name].append(str(path.relative_to(TESTS.parent)))
    return where


def test_every_fixture_name_is_defined_once():
    twice = {name: places for name, places in definitions().items() if len(places) > 1}

    assert {name: places for name, places in twice.items() if name not in OVERRIDES} == {}
    assert set(OVERRIDES) <= set(twice), "an override listed here is no longer defined twice"


def test_no_fixture_shadows_one_of_pytest_django():
    """``client`` is Django's test browser everywhere; our 10DLC client is ``tendlc_client``."""
    theirs = set(fixture_names(Path(pytest_django.fixtures.__file__)))

    assert {"client", "admin_user", "settings", "live_server"} <= theirs
    assert {name: places for name, places in definitions().items() if name in theirs} == {}


def test_fixtures_are_taken_as_parameters_never_imported():
    """No ``import *`` and no fixture imported by name: a test that imports one shadows the registered one
    (ruff's F811), and whoever reads it cannot tell where it comes from."""
    defined = {
        ".".join(path.relative_to(TESTS.parent).with_suffix("").parts): set(fixture_names(path))
        for path in python_files()
    }
    imported = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tests"):
                for alias in node.names:
                    if alias.name == "*" or alias.name in defined.get(node.module, set()):
                        imported.append(f"{path.relative_to(TESTS.parent)}: {node.module}.{alias.name}")

    assert imported == []


def test_every_fixture_module_is_registered():
    modules = {f"tests.fixtures.{path.stem}" for path in (TESTS / "fixtures").glob("*.py")} - {
        "tests.fixtures.__init__"
    }

    assert sorted(pytest_plugins) == sorted(modules)


def test_every_test_directory_is_a_package():
    """Without ``__init__.py`` pytest imports a directory's modules by their bare names, so two test modules of
    the same name in different directories collide, and ``tests.<dir>.<module>`` imports break."""
    folders = {path.parent for path in python_files()}

    assert sorted(str(folder) for folder in folders if not (folder / "__init__.py").exists()) == []
