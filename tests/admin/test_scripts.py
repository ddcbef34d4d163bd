"""The admin's scripts: one per behaviour, each loaded through a Media (a ModelAdmin's, or one a view passes to
its template) and told what to do by the markup's data attributes, never by a template's own script tag."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / "static" / "tendlc").glob("*.js"))
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
ADMIN_SOURCES = sorted((ROOT / "tendlc" / "admin").rglob("*.py"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_no_template_loads_a_script_of_ours(template):
    assert not re.search(r"<script[^>]*\bsrc=[^>]*tendlc/", template.read_text())


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_every_script_is_named_by_the_admin(script):
    assert any(f'"tendlc/{script.name}"' in path.read_text() for path in ADMIN_SOURCES)
