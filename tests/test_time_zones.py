"""Times in the user's time zone (issue 18): the browser's zone, kept in the ``tendlc_tz`` cookie by
static/tendlc/timezone.js, applies to the admin's pages, with the zone shown; a name the zone database does
not know is ignored; the REST API keeps answering in UTC
(tests/api/test_reads_time_zone.py)."""

import datetime

import pytest

from portal.timezones import COOKIE
from tendlc.models import AuditEntry

AT = datetime.datetime(2026, 12, 7, 2, 4, tzinfo=datetime.UTC)


@pytest.fixture
def entry(db) -> AuditEntry:
    created = AuditEntry.objects.create(username="ada", action="brand.revet")
    AuditEntry.objects.filter(pk=created.pk).update(at=AT)
    return created


def shown_at(client, entry: AuditEntry) -> str:
    page = client.get(f"/admin/tendlc/auditentry/{entry.pk}/change/").content.decode()
    start = page.index('<div class="form-row field-at">')
    return page[start : page.index("</div>", page.index('class="readonly"', start))].rsplit(">", 1)[1]


def test_the_admin_shows_times_in_the_users_zone_with_the_zone_named(compliance_admin_client, entry):
    compliance_admin_client.cookies[COOKIE] = "America/New_York"

    assert shown_at(compliance_admin_client, entry) == "Dec. 6, 2026, 9:04 p.m. EST"


def test_without_a_zone_times_are_the_servers_with_the_zone_named(compliance_admin_client, entry):
    assert shown_at(compliance_admin_client, entry) == "Dec. 7, 2026, 2:04 a.m. UTC"


@pytest.mark.parametrize("cookie", ["Mars/Olympus_Mons", "../../etc/passwd", "", "EST5EDT; x"])
def test_a_zone_the_database_does_not_know_is_ignored(compliance_admin_client, entry, cookie):
    compliance_admin_client.cookies[COOKIE] = cookie

    assert shown_at(compliance_admin_client, entry) == "Dec. 7, 2026, 2:04 a.m. UTC"
