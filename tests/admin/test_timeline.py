"""The "Timeline" panel of each record's page and the status changes list: plain words, causes linked,
filters that find "every T-Mobile suspension this month", queries that do not grow with the rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tendlc.admin.status_changes import NewValueFilter
from tendlc.models import AuditEntry, CampaignMnoStatus, StatusChange, SyncRun, WebhookEvent
from tendlc.services.timeline import TRACKED
from tests.factories import (
    BrandFactory,
    CampaignFactory,
    PartnerCampaignFactory,
    PhoneNumberAssignmentFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/admin/tendlc/statuschange/"


def carrier_suspension(campaign, *, at, **cause) -> StatusChange:
    return StatusChange.objects.create(
        changed_at=at,
        subject="carrier_status",
        record_id=campaign.campaign_id,
        brand_id=campaign.brand_id,
        campaign_id=campaign.campaign_id,
        carrier="T-Mobile",
        field="operation_status",
        old_value="APPROVED",
        new_value="SUSPENDED",
        **cause,
    )


def campaign_change(campaign, *, at, old="MNO_PENDING", new="MNO_PROVISIONED", **cause) -> StatusChange:
    return StatusChange.objects.create(
        changed_at=at,
        subject="campaign",
        record_id=campaign.campaign_id,
        brand_id=campaign.brand_id,
        campaign_id=campaign.campaign_id,
        field="campaign_status",
        old_value=old,
        new_value=new,
        **cause,
    )


def page_of(client, campaign) -> str:
    response = client.get(f"/admin/tendlc/campaign/{campaign.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_campaigns_timeline_shows_its_carriers_changes_in_words_with_their_cause(compliance_admin_client):
    now = timezone.now()
    campaign = CampaignFactory(create_date=now - timedelta(days=10))
    CampaignMnoStatus.objects.create(
        campaign=campaign, network_id=10035, mno="T-Mobile", operation_status="SUSPENDED"
    )
    run = SyncRun.objects.create(trigger="schedule")
    carrier_suspension(campaign, at=now - timedelta(days=2), cause="sync_run", sync_run=run)
    campaign_change(
        campaign, at=now - timedelta(days=9), cause="poll", cause_detail="refresh campaigns in review"
    )

    page = page_of(compliance_admin_client, campaign)

    assert ">Timeline<" in page
    assert "T-Mobile: operation status" in page
    assert 'data-status="SUSPENDED">Suspended</span>' in page
    assert f'<a href="/admin/tendlc/syncrun/{run.pk}/change/">found by the sync of ' in page
    assert "found by the scheduled check “refresh campaigns in review”" in page
    assert "Campaign status" in page
    assert 'data-status="MNO_PROVISIONED"' in page
    # Time in the current status: the carrier's since its suspension, two days.
    assert "2\xa0days" in page


def test_a_persons_action_names_them_and_links_the_audit_entry(staff_client, staff_user):
    campaign = CampaignFactory()
    entry = AuditEntry.objects.create(
        user=staff_user, username="staff", action="campaign.deactivate", outcome="succeeded"
    )
    campaign_change(campaign, at=timezone.now(), new="TCR_EXPIRED", cause="user_action", audit_entry=entry)

    page = page_of(staff_client, campaign)

    assert (
        f'<a href="/admin/tendlc/auditentry/{entry.pk}/change/">by staff: deactivated a campaign</a>' in page
    )


def test_a_webhook_cause_is_linked_only_for_those_who_may_open_webhook_events(
    staff_client, compliance_admin_client
):
    campaign = CampaignFactory()
    event = WebhookEvent.objects.create(body_hash="c" * 64, body="{}")
    campaign_change(campaign, at=timezone.now(), cause="webhook_event", webhook_event=event)

    assert f'<a href="/admin/tendlc/webhookevent/{event.pk}/change/">by a webhook from Telnyx</a>' in page_of(
        compliance_admin_client, campaign
    )
    staff_page = page_of(staff_client, campaign)
    assert "by a webhook from Telnyx" in staff_page
    assert "/admin/tendlc/webhookevent/" not in staff_page


def test_the_panels_queries_do_not_grow_with_its_entries(compliance_admin_client):
    campaign = CampaignFactory()
    CampaignMnoStatus.objects.create(
        campaign=campaign, network_id=10035, mno="T-Mobile", operation_status="SUSPENDED"
    )
    now = timezone.now()
    run = SyncRun.objects.create(trigger="schedule")
    carrier_suspension(campaign, at=now, cause="sync_run", sync_run=run)
    with CaptureQueriesContext(connection) as few:
        page_of(compliance_admin_client, campaign)
    for hours in range(1, 12):
        campaign_change(
            campaign,
            at=now - timedelta(hours=hours),
            cause="sync_run",
            sync_run=SyncRun.objects.create(trigger="schedule"),
        )

    with CaptureQueriesContext(connection) as many:
        page_of(compliance_admin_client, campaign)

    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("make", "path", "change"),
    [
        (
            lambda: BrandFactory(),
            "brand",
            {
                "subject": "brand",
                "field": "identity_status",
                "old_value": "UNVERIFIED",
                "new_value": "VERIFIED",
            },
        ),
        (
            lambda: PhoneNumberAssignmentFactory(),
            "phonenumberassignment",
            {
                "subject": "number_assignment",
                "field": "assignment_status",
                "old_value": "PENDING_ASSIGNMENT",
                "new_value": "ASSIGNED",
            },
        ),
        (
            lambda: PartnerCampaignFactory(),
            "partnercampaign",
            {
                "subject": "partner_campaign",
                "field": "sharing_status",
                "old_value": "PENDING",
                "new_value": "ACCEPTED",
            },
        ),
    ],
)
def test_every_record_page_has_its_timeline(compliance_admin_client, make, path, change):
    record = make()
    record_id = getattr(record, TRACKED[type(record)].record_id)
    StatusChange.objects.create(changed_at=timezone.now(), record_id=record_id, **change)

    page = compliance_admin_client.get(f"/admin/tendlc/{path}/{record.pk}/change/").content.decode()

    assert ">Timeline<" in page
    assert f'data-status="{change["new_value"]}"' in page
    assert "by the portal" in page


def test_the_list_finds_every_t_mobile_suspension_this_month(staff_client):
    now = timezone.now()
    campaign = CampaignFactory()
    this_month = carrier_suspension(campaign, at=now)
    carrier_suspension(campaign, at=now - timedelta(days=40))
    campaign_change(campaign, at=now)

    response = staff_client.get(LIST, {"carrier": "T-Mobile", "new_value": "SUSPENDED", "period": "month"})

    assert response.status_code == 200
    assert [entry.pk for entry in response.context["cl"].result_list] == [this_month.pk]
    page = response.content.decode()
    assert "T-Mobile: operation status" in page
    assert f"/admin/tendlc/statuschange/{this_month.pk}/record/" in page


def test_statuses_read_alike_are_one_choice_that_finds_them_all(staff_client):
    campaign = CampaignFactory()
    expired = campaign_change(campaign, at=timezone.now(), new="EXPIRED")
    registry_expired = campaign_change(campaign, at=timezone.now(), new="TCR_EXPIRED")
    campaign_change(campaign, at=timezone.now())

    response = staff_client.get(LIST)

    [new_status] = [spec for spec in response.context["cl"].filter_specs if isinstance(spec, NewValueFilter)]
    labels = [label for _, label in new_status.lookup_choices]
    assert labels.count("Expired") == 1
    [key] = [key for key, label in new_status.lookup_choices if label == "Expired"]
    found = staff_client.get(LIST, {"new_value": key}).context["cl"].result_list
    assert {entry.pk for entry in found} == {expired.pk, registry_expired.pk}


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"subject": "campaign"},
        {"field": "campaign_status"},
        {"cause": "other"},
        {"period": "today"},
        {"period": "week"},
        {"q": "nothing"},
    ],
)
def test_the_lists_filters_render(staff_client, query):
    campaign = CampaignFactory()
    campaign_change(campaign, at=timezone.now())
    query = {name: campaign.brand_id if value == "BRAND" else value for name, value in query.items()}

    response = staff_client.get(LIST, query)

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == (0 if query.get("q") else 1)


def test_the_lists_queries_do_not_grow_with_its_rows(compliance_admin_client):
    campaign = CampaignFactory()
    campaign_change(
        campaign, at=timezone.now(), cause="sync_run", sync_run=SyncRun.objects.create(trigger="schedule")
    )
    with CaptureQueriesContext(connection) as few:
        compliance_admin_client.get(LIST)
    for _ in range(10):
        campaign_change(
            campaign, at=timezone.now(), cause="sync_run", sync_run=SyncRun.objects.create(trigger="schedule")
        )

    with CaptureQueriesContext(connection) as many:
        compliance_admin_client.get(LIST)

    assert len(many) == len(few)


def test_a_row_leads_to_its_record_and_the_list_is_read_only(staff_client):
    campaign = CampaignFactory()
    entry = carrier_suspension(campaign, at=timezone.now())

    response = staff_client.get(f"{LIST}{entry.pk}/record/")

    assert response.status_code == 302
    assert response["Location"] == f"/admin/tendlc/campaign/{campaign.pk}/change/"
    assert staff_client.get(f"{LIST}add/").status_code == 403
    assert staff_client.post(f"{LIST}{entry.pk}/delete/").status_code == 403
