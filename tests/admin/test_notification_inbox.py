"""The inbox: everyone's own notifications only, read or unread, each opening its record or the record's
timeline and read from then on; marked read by hand (recorded in the audit log); and the bell in every page's
header counting the unread ones in one query."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tendlc.models import AuditEntry, Notification
from tests import factories
from tests.inbox_rows import notification_for

pytestmark = pytest.mark.django_db

INBOX = "/admin/tendlc/notification/"


def listed_titles(page) -> list[str]:
    return re.findall(
        r'<td class="field-title_column">.*?<a [^>]*>(?:<strong>)?([^<]+)<', page.content.decode()
    )


def test_each_person_sees_only_their_own_notifications(
    staff_client, staff_user, compliance_admin, admin_client, admin_user
):
    notification_for(staff_user, title="Yours, staff")
    notification_for(compliance_admin, title="For the compliance admin")
    notification_for(admin_user, title="For the superuser")

    assert listed_titles(staff_client.get(INBOX)) == ["Yours, staff"]
    assert listed_titles(admin_client.get(INBOX)) == ["For the superuser"]


def test_the_read_filter_shows_unread_or_read_ones(staff_client, staff_user):
    notification_for(staff_user, title="Still unread")
    notification_for(staff_user, title="Already read", read=True)

    assert listed_titles(staff_client.get(INBOX, {"read": "no"})) == ["Still unread"]
    assert listed_titles(staff_client.get(INBOX, {"read": "yes"})) == ["Already read"]


def test_opening_a_notification_shows_it_whole_and_reads_it(staff_client, staff_user):
    notification = notification_for(staff_user, body="Reason given: the sample messages name no brand.")

    page = staff_client.get(f"{INBOX}{notification.pk}/change/")

    assert page.status_code == 200
    assert "Reason given: the sample messages name no brand." in page.content.decode()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_not_found(staff_client, compliance_admin):
    theirs = notification_for(compliance_admin)

    assert staff_client.get(f"{INBOX}{theirs.pk}/change/").status_code == 404
    assert staff_client.get(f"{INBOX}{theirs.pk}/open/record/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize(("to", "anchor"), [("record", ""), ("timeline", "#panel-timeline")])
def test_a_notification_links_to_its_record_and_its_timeline_and_is_read(
    staff_client, staff_user, to, anchor
):
    campaign = factories.CampaignFactory()
    notification = notification_for(staff_user, about=campaign)
    listed = staff_client.get(INBOX).content.decode()
    assert f'href="{INBOX}{notification.pk}/open/record/"' in listed
    assert f'href="{INBOX}{notification.pk}/open/timeline/"' in listed

    response = staff_client.get(f"{INBOX}{notification.pk}/open/{to}/")

    assert response.status_code == 302
    assert response["Location"] == f"/admin/tendlc/campaign/{campaign.pk}/change/{anchor}"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_record_no_longer_stored_is_said_so(staff_client, staff_user):
    campaign = factories.CampaignFactory()
    notification = notification_for(staff_user, about=campaign)
    campaign.delete()

    response = staff_client.get(f"{INBOX}{notification.pk}/open/record/", follow=True)

    assert response.redirect_chain == [(f"{INBOX}{notification.pk}/change/", 302)]
    assert "no longer stored" in response.content.decode()


def test_marking_selected_ones_read_counts_them_and_is_audited(staff_client, staff_user, compliance_admin):
    first = notification_for(staff_user)
    already = notification_for(staff_user, read=True)
    theirs = notification_for(compliance_admin)

    response = staff_client.post(
        INBOX,
        {"action": "mark_read_selected", "_selected_action": [first.pk, already.pk, theirs.pk]},
        follow=True,
    )

    assert "Marked 1 notification read." in response.content.decode()
    assert Notification.objects.filter(read_at__isnull=True).get() == theirs
    entry = AuditEntry.objects.get(action="notification.mark_read")
    assert (entry.user, entry.request_summary) == (staff_user, {"notifications": [first.pk]})


def test_mark_all_read_reads_every_one_of_ones_own(staff_client, staff_user, compliance_admin):
    notification_for(staff_user)
    notification_for(staff_user)
    theirs = notification_for(compliance_admin)

    assert staff_client.get(f"{INBOX}read-all/").status_code == 405
    response = staff_client.post(f"{INBOX}read-all/", follow=True)

    assert "Marked 2 notifications read." in response.content.decode()
    assert list(Notification.objects.filter(read_at__isnull=True)) == [theirs]


def test_the_bell_counts_ones_unread_notifications_in_one_query(staff_client, staff_user, compliance_admin):
    notification_for(staff_user)
    notification_for(staff_user)
    notification_for(staff_user, read=True)
    notification_for(compliance_admin)

    with CaptureQueriesContext(connection) as queries:
        page = staff_client.get("/admin/two-factor/").content.decode()

    assert re.search(r'id="inbox-bell-count"[^>]*>2<', page)
    assert f'href="{INBOX}?read=no"' in page
    assert len([query for query in queries if "tendlc_notification" in query["sql"]]) == 1


def test_the_bell_without_unread_notifications_shows_no_count(staff_client, staff_user):
    notification_for(staff_user, read=True)

    page = staff_client.get("/admin/").content.decode()

    assert 'id="inbox-bell"' in page
    assert "inbox-bell-count" not in page
    assert 'title="No unread notifications"' in page
