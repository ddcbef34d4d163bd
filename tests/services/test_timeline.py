"""The status timeline as each writer of mirrored rows records it: one entry per changed status, with the
cause of whoever drove the write, nothing for a new record or an unchanged write."""

import contextlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tendlc.models import (
    AuditEntry,
    Campaign,
    CampaignMnoStatus,
    ChangeCause,
    PartnerCampaign,
    StatusChange,
    SyncRun,
    WebhookEvent,
)
from tendlc.services import webhooks
from tendlc.services.audit import audited
from tendlc.services.mirror import remote_record_update, rows_upsert
from tendlc.services.sync._pages import page_write
from tendlc.services.sync._resources import CAMPAIGNS, NUMBERS, partner_campaigns_accept
from tendlc.services.timeline import status_change_cause
from tendlc.services.vettings import vetting_store
from tests.factories import (
    BrandFactory,
    CampaignFactory,
    ExternalVettingFactory,
    PartnerCampaignFactory,
    PhoneNumberAssignmentFactory,
)

pytestmark = pytest.mark.django_db

PLACE = ("subject", "record_id", "brand_id", "campaign_id", "carrier", "field", "old_value", "new_value")


def entries(*names: str) -> list[tuple]:
    return list(StatusChange.objects.order_by("id").values_list(*(names or PLACE)))


def inserts_of_entries(queries) -> int:
    return sum(1 for query in queries if query["sql"].startswith('INSERT INTO "tendlc_statuschange"'))


def test_a_single_row_write_records_each_changed_status_with_its_place():
    campaign = CampaignFactory(campaign_status="MNO_PENDING", is_t_mobile_suspended=False)

    written = remote_record_update(
        campaign,
        {"campaign_status": "MNO_PROVISIONED", "is_t_mobile_suspended": True, "description": "Changed."},
        {},
    )

    assert sorted(written) == ["campaign_status", "description", "is_t_mobile_suspended", "raw"]
    place = ("campaign", campaign.campaign_id, campaign.brand_id, campaign.campaign_id, "")
    assert entries() == [
        (*place, "campaign_status", "MNO_PENDING", "MNO_PROVISIONED"),
        (*place, "is_t_mobile_suspended", "false", "true"),
    ]
    assert entries("cause", "webhook_event", "sync_run", "audit_entry") == [("other", None, None, None)] * 2


def test_an_unchanged_write_records_nothing():
    campaign = CampaignFactory(campaign_status="MNO_PENDING")

    assert remote_record_update(campaign, {"campaign_status": "MNO_PENDING"}, {}) == []
    assert remote_record_update(campaign, {"description": "Only the text changed."}, {}) == [
        "description",
        "raw",
    ]
    assert entries() == []


def test_a_sync_page_records_its_changes_in_one_insert_and_nothing_for_new_numbers():
    campaign = CampaignFactory()
    pending = [
        PhoneNumberAssignmentFactory(campaign=campaign, assignment_status="PENDING_ASSIGNMENT")
        for _ in range(3)
    ]
    page = [
        ({}, {"phone_number": pending[0].phone_number, "assignment_status": "ASSIGNED"}),
        ({}, {"phone_number": pending[1].phone_number, "assignment_status": "FAILED_ASSIGNMENT"}),
        ({}, {"phone_number": pending[2].phone_number, "assignment_status": "PENDING_ASSIGNMENT"}),
        ({}, {"phone_number": "+13125559999", "assignment_status": "ASSIGNED", "telnyx_campaign_id": "new"}),
    ]
    run = SyncRun.objects.create(trigger="manual")

    with (
        status_change_cause(cause=ChangeCause.SYNC_RUN, sync_run=run),
        CaptureQueriesContext(connection) as queries,
    ):
        tally = page_write(NUMBERS, page, now=run.started_at)

    assert (tally.created, tally.updated, tally.unchanged) == (1, 2, 1)
    assert inserts_of_entries(queries.captured_queries) == 1
    place = ("number_assignment",)
    context = (campaign.brand_id, campaign.campaign_id, "", "assignment_status", "PENDING_ASSIGNMENT")
    assert entries() == [
        (*place, pending[0].phone_number, *context, "ASSIGNED"),
        (*place, pending[1].phone_number, *context, "FAILED_ASSIGNMENT"),
    ]
    assert entries("cause", "sync_run", "changed_at") == [("sync_run", run.pk, run.started_at)] * 2


def test_an_unchanged_sync_page_costs_its_one_read_and_records_nothing():
    campaign = CampaignFactory(campaign_status="MNO_PROVISIONED", status="ACTIVE")
    page = [
        ({}, {"campaign_id": campaign.campaign_id, "campaign_status": "MNO_PROVISIONED", "status": "ACTIVE"})
    ]

    with CaptureQueriesContext(connection) as queries:
        tally = page_write(CAMPAIGNS, page, now=campaign.create_date)

    assert tally.unchanged == 1
    assert len(queries.captured_queries) == 1
    assert entries() == []


def test_a_carriers_status_is_recorded_under_its_campaign_by_the_bulk_upsert():
    campaign = CampaignFactory()
    stored = CampaignMnoStatus.objects.create(
        campaign=campaign, network_id=10035, mno="T-Mobile", operation_status="APPROVED"
    )
    rows = [
        (stored, {"network_id": 10035, "campaign_id": campaign.pk, "operation_status": "SUSPENDED"}),
        (
            None,
            {"network_id": 10017, "campaign_id": campaign.pk, "mno": "AT&T", "operation_status": "REVIEW"},
        ),
    ]

    assert rows_upsert(CampaignMnoStatus, rows, unique_fields=["campaign", "network_id"]) == 2

    assert entries() == [
        (
            "carrier_status",
            campaign.campaign_id,
            campaign.brand_id,
            campaign.campaign_id,
            "T-Mobile",
            "operation_status",
            "APPROVED",
            "SUSPENDED",
        )
    ]


def test_a_vetting_score_is_recorded_with_its_brand():
    vetting = ExternalVettingFactory(vetting_id="V-1", vetting_score=None)

    remote_record_update(vetting, {"vetting_score": 81}, {})

    assert entries() == [("vetting", "V-1", vetting.brand.brand_id, "", "", "vetting_score", "", "81")]


def test_the_same_change_by_sync_or_by_webhook_records_the_same_entry_but_its_cause():
    campaign = CampaignFactory(campaign_status="MNO_PENDING")
    change = {
        "campaign_id": campaign.campaign_id,
        "brand_id": campaign.brand_id,
        "campaign_status": "MNO_PROVISIONED",
    }
    event = WebhookEvent.objects.create(body_hash="a" * 64, body="{}")

    with status_change_cause(cause=ChangeCause.SYNC_RUN):
        page_write(CAMPAIGNS, [({}, change)], now=campaign.create_date)
    Campaign.objects.filter(pk=campaign.pk).update(campaign_status="MNO_PENDING")
    with status_change_cause(cause=ChangeCause.WEBHOOK_EVENT, webhook_event=event):
        remote_record_update(Campaign.objects.get(pk=campaign.pk), change, {})

    by_sync, by_webhook = entries()
    assert (
        by_sync
        == by_webhook
        == (
            "campaign",
            campaign.campaign_id,
            campaign.brand_id,
            campaign.campaign_id,
            "",
            "campaign_status",
            "MNO_PENDING",
            "MNO_PROVISIONED",
        )
    )
    assert entries("cause", "webhook_event") == [("sync_run", None), ("webhook_event", event.pk)]


def test_processing_a_webhook_records_its_event_as_the_cause(monkeypatch):
    assignment = PhoneNumberAssignmentFactory(assignment_status="PENDING_ASSIGNMENT")
    event = WebhookEvent.objects.create(
        body_hash="b" * 64, body="{}", event_type="10dlc.phone_number.update", payload_type="ASSIGNMENT"
    )

    def refresh(*, event, handling, client):
        remote_record_update(assignment, {"assignment_status": "ASSIGNED"}, {})

    monkeypatch.setattr(webhooks, "webhook_event_handle", refresh)

    webhooks.webhook_event_process(event=event, client=None)

    assert entries("record_id", "new_value", "cause", "webhook_event") == [
        (assignment.phone_number, "ASSIGNED", "webhook_event", event.pk)
    ]


@pytest.mark.parametrize("fails", [False, True])
def test_a_persons_action_links_its_audit_entry(staff_user, fails):
    assignment = PhoneNumberAssignmentFactory(assignment_status="ASSIGNED")

    expected_error = pytest.raises(RuntimeError) if fails else contextlib.nullcontext()
    with expected_error, audited(user=staff_user, action="number.remove", target=assignment):
        remote_record_update(assignment, {"assignment_status": "PENDING_UNASSIGNMENT"}, {})
        if fails:
            raise RuntimeError("after the write")

    entry = AuditEntry.objects.get()
    assert entries("cause", "cause_detail", "audit_entry") == [("user_action", "number.remove", entry.pk)]


def test_a_partner_campaign_found_accepted_by_the_sync_records_its_sharing_status():
    pending = PartnerCampaignFactory(sharing_status="PENDING")
    accepted = PartnerCampaignFactory(sharing_status="ACCEPTED")

    partner_campaigns_accept({pending.tcr_campaign_id, accepted.tcr_campaign_id})

    assert entries() == [
        (
            "partner_campaign",
            pending.tcr_campaign_id,
            "",
            pending.tcr_campaign_id,
            "",
            "sharing_status",
            "PENDING",
            "ACCEPTED",
        )
    ]
    assert PartnerCampaign.objects.get(pk=pending.pk).sharing_status == "ACCEPTED"


def test_a_vetting_first_stored_records_nothing_and_its_new_score_once():
    brand = BrandFactory()
    payload = {"evpId": "AEGIS", "vettingId": "V-9", "vettingClass": "STANDARD", "vettingScore": None}

    vetting_store(brand, payload)
    vetting_store(brand, {**payload, "vettingScore": 75})
    vetting_store(brand, {**payload, "vettingScore": 75})

    assert entries() == [("vetting", "V-9", brand.brand_id, "", "", "vetting_score", "", "75")]
