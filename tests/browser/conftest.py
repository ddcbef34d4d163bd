"""Browser tests: Debian's headless Chromium (``/usr/bin/chromium``, installed by .ci/run; never a
downloaded browser) driven by Playwright, against the portal served by pytest-django's live server and a
live 10DLC sandbox. Each step saves a screenshot under ``var/screenshots/``.

Without Chromium they skip with the reason; with ``CI=true`` they fail instead.
"""

import importlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from tests import reachability

CHROMIUM = "/usr/bin/chromium"
# Without the network switches Chromium keeps calling hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "browser-test-password"

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make there are
# ordinary blocking calls, not run inside that loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here drives a browser against a live server: slow, whichever module it is in."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    reachability.require_program("Chromium", CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def portal(live_server, portal_api):
    """The live portal (plain HTTP, as pyproject's test environment sets) talking to the live sandbox."""
    return live_server


@pytest.fixture(autouse=True)
def roles(chromium) -> None:
    """The two roles, made again for each test. Their data migration's rows are flushed after a live-server
    test, and serialized_rollback cannot bring them back here: with Playwright's event loop running in the
    test's thread, asgiref gives the ORM another connection object, one without the serialized contents."""
    from django.apps import apps

    importlib.import_module("tendlc.migrations.0007_compliance_roles").roles_create(apps, None)


@pytest.fixture
def page(chromium, portal, request) -> Iterator[object]:
    context = chromium.new_context(base_url=portal.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    browser_page = context.new_page()
    yield browser_page
    context.close()


Shot = Callable[[object, str], Path]


@pytest.fixture
def shot(request) -> Shot:
    """Save a full-page screenshot of this step: var/screenshots/<test>/<nn>-<step>.png."""
    folder = SCREENSHOTS / slug(request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    steps = iter(range(1, 1000))

    def take(browser_page, step: str) -> Path:
        path = folder / f"{next(steps):02d}-{slug(step)}.png"
        browser_page.screenshot(path=str(path), full_page=True)
        return path

    return take


def slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text).strip("-")


def user_in(group: str, username: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(browser_page, username: str) -> None:
    browser_page.goto("/admin/login/?next=/admin/")
    browser_page.fill("#id_username", username)
    browser_page.fill("#id_password", PASSWORD)
    browser_page.click("input[type=submit]")
    browser_page.wait_for_url(re.compile(r".*/admin/$"))


def choose_by_typing(browser_page, select: str, typed: str, option: str) -> None:
    """Pick ``option`` in the admin's select2 box that replaced ``select``, as a person does: open the box,
    type, click the answer."""
    from playwright.sync_api import expect

    browser_page.locator(f"{select} + .select2").click()
    browser_page.locator(".select2-container--open .select2-search__field").fill(typed)
    answers = browser_page.locator(".select2-container--open .select2-results__option[role=option]")
    # The box shows its previous answers until the typed text's arrive: wait for those before clicking.
    expect(answers.filter(has_not_text=typed)).to_have_count(0)
    answers.filter(has_text=option).first.click()
