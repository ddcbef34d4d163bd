"""Signing out after ``SESSION_IDLE_MINUTES`` without activity (portal.sessions): a page opened counts, a
progress panel's own JSON reads do not."""

from types import SimpleNamespace

import pytest
from django.test import Client, override_settings

from portal.sessions import LAST_SEEN

pytestmark = pytest.mark.django_db

MINUTE = 60


@pytest.fixture
def clock(monkeypatch):
    now = {"t": 1_000_000.0}
    # The sessions module's own view of the clock only: patching time.time itself leaked into every module
    # that read it meanwhile (DRF's throttles keep ``time.time`` from their first import).
    monkeypatch.setattr("portal.sessions.time", SimpleNamespace(time=lambda: now["t"]))
    return now


def signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def test_a_page_opened_within_the_limit_keeps_the_session(clock, staff_user):
    browser = signed_in(staff_user)
    assert browser.get("/admin/").status_code == 200
    for _ in range(3):
        clock["t"] += 29 * MINUTE
        assert browser.get("/admin/").status_code == 200


def test_after_the_limit_the_next_page_is_the_login_saying_why(clock, staff_user):
    browser = signed_in(staff_user)
    browser.get("/admin/")
    clock["t"] += 31 * MINUTE

    response = browser.get("/admin/", follow=True)

    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "You were signed out after 30 minutes without activity. Sign in again to go on."
    ]
    assert "_auth_user_id" not in browser.session


def test_a_progress_panels_json_reads_do_not_keep_the_session_alive(clock, staff_user):
    browser = signed_in(staff_user)
    browser.get("/admin/")
    started = browser.session[LAST_SEEN]
    for _ in range(4):
        clock["t"] += 10 * MINUTE
        browser.get("/admin/", HTTP_ACCEPT="application/json")
    assert browser.session.get(LAST_SEEN) in (None, started)

    assert browser.get("/admin/").status_code == 302


def test_the_time_seen_is_written_at_most_once_a_minute(clock, staff_user):
    browser = signed_in(staff_user)
    browser.get("/admin/")
    first = browser.session[LAST_SEEN]
    clock["t"] += 30
    browser.get("/admin/")
    assert browser.session[LAST_SEEN] == first
    clock["t"] += 31
    browser.get("/admin/")
    assert browser.session[LAST_SEEN] == clock["t"]


@override_settings(SESSION_IDLE_MINUTES=5)
def test_the_limit_is_a_setting(clock, staff_user):
    browser = signed_in(staff_user)
    browser.get("/admin/")
    clock["t"] += 6 * MINUTE
    assert browser.get("/admin/").status_code == 302


def test_signing_in_starts_the_clock(clock, staff_user):
    browser = signed_in(staff_user)

    assert browser.session[LAST_SEEN] == clock["t"]
