"""Handlers and lifecycle steps take the sandbox's ``Context``, never the application object."""

import ast
import inspect
import typing
from pathlib import Path

import pytest

from tendlc.sandbox import app
from tendlc.sandbox.context import Context

SANDBOX = Path(app.__file__).parent

ENDPOINTS = [
    pytest.param(rule.endpoint, id=f"{module.__name__}:{rule.rule}:{sorted(rule.methods or ())}")
    for module in app.RESOURCES
    for rule in (*getattr(module, "ROUTES", ()), *getattr(module, "CONTROL_ROUTES", ()))
]
STEPS = [
    pytest.param(step, id=kind)
    for module in app.RESOURCES
    for kind, step in getattr(module, "STEPS", {}).items()
]


def first_parameter_type(function) -> object:
    first = next(iter(inspect.signature(function).parameters))
    return typing.get_type_hints(function)[first]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_route_handler_takes_the_context(endpoint):
    assert first_parameter_type(endpoint) is Context


@pytest.mark.parametrize("step", STEPS)
def test_every_lifecycle_step_takes_the_context(step):
    assert first_parameter_type(step) is Context


def test_only_the_cli_imports_the_application():
    importers = sorted(
        path.relative_to(SANDBOX).as_posix()
        for path in SANDBOX.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and node.module == "tendlc.sandbox.app"
    )

    assert importers == ["cli.py"]


@pytest.mark.parametrize("module", ["brands/identity.py", "brands/validation.py", "phone_numbers/rules.py"])
def test_rule_modules_stay_pure(module):
    """The rules a demo user predicts outcomes from read no state: they never see the context or the store."""
    imported = {
        node.module
        for node in ast.walk(ast.parse((SANDBOX / module).read_text()))
        if isinstance(node, ast.ImportFrom)
    }

    assert not imported & {"tendlc.sandbox.context", "tendlc.sandbox.store", "tendlc.sandbox.scheduler"}
