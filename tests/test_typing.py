"""Every package of the portal is type-checked strictly, or named here as waiting to be.

mypy follows imports silently (pyproject's ``[tool.mypy]``), so a package missing from its ``files`` is never
reported on: this test keeps a new package from slipping in unchecked, and the waiting list from going stale.
"""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tendlc"

# Not yet strict (the sandbox: 25 errors when last measured); a package leaves this set in the commit that adds
# it to mypy's `files`.
WAITING = {
    "sandbox",
}
# Generated migrations, and the package's empty marker.
UNCHECKED = {"migrations", "__init__.py"}


def mypy_config():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]


def strict_entries():
    return {Path(path).relative_to("tendlc").as_posix() for path in mypy_config()["files"]}


def package_entries():
    return {
        entry.name
        for entry in PACKAGE.iterdir()
        if (entry.is_dir() and (entry / "__init__.py").exists()) or entry.suffix == ".py"
    }


def test_mypy_is_strict():
    assert mypy_config()["strict"] is True


def test_every_package_is_strict_or_waiting():
    assert package_entries() - strict_entries() - WAITING - UNCHECKED == set()


def test_a_strict_package_is_no_longer_waiting():
    assert strict_entries() & WAITING == set()


def test_every_strict_entry_exists():
    assert strict_entries() <= package_entries()
