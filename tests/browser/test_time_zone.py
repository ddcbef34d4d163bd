"""The browser's time zone reaches the server (issue 18): static/tendlc/timezone.js keeps it in a cookie,
and the admin's next pages show times in it, with the zone named."""

import datetime

import pytest
from django.contrib.auth.models import User

from tendlc.models import AuditEntry
from tests.browser.conftest import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_times_follow_the_browsers_time_zone(chromium, portal, shot):
    User.objects.create_superuser("root", password=PASSWORD)
    entry = AuditEntry.objects.create(username="ada", action="brand.revet")
    AuditEntry.objects.filter(pk=entry.pk).update(
        at=datetime.datetime(2026, 7, 1, 16, 30, tzinfo=datetime.UTC)
    )
    context = chromium.new_context(
        base_url=portal.url, viewport={"width": 1280, "height": 900}, timezone_id="America/Los_Angeles"
    )
    try:
        page = context.new_page()
        log_in(page, "root")
        page.goto(f"/admin/tendlc/auditentry/{entry.pk}/change/")
        shot(page, "audit entry")
        assert {cookie["name"]: cookie["value"] for cookie in context.cookies()}[
            "tendlc_tz"
        ] == "America/Los_Angeles"
        assert page.locator(".field-at .readonly").inner_text() == "July 1, 2026, 9:30 a.m. PDT"
    finally:
        context.close()
