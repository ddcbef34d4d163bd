"""Actions on a submitted campaign against the live sandbox: update, deactivate, appeal, refresh, and the
registry's view; each audited, the admin-only ones refused to staff."""

import pytest
from django.core.exceptions import PermissionDenied

from tendlc.client import UnprocessableEntityError
from tendlc.client.errors import InternalServerError
from tendlc.models import AuditEntry, Campaign, CampaignAppeal, PhoneNumberAssignment
from tendlc.services.campaign_actions import (
    campaign_appeal,
    campaign_deactivate,
    campaign_registry_view,
    campaign_reload,
    campaign_update,
)
from tendlc.services.campaigns import CampaignRefresh
from tendlc.services.errors import WorkflowError
from tendlc.services.sync import CampaignNumbers
from tests.factories import PhoneNumberAssignmentFactory

pytestmark = pytest.mark.django_db

APPEAL_REASON = "The website now shows the privacy policy and the terms of service."


@pytest.fixture
def force(sandbox_control):
    """Move a campaign to ``status`` through the sandbox's control plane, as a review would."""

    def move(campaign: Campaign, status: str) -> None:
        response = sandbox_control.post(
            f"/campaigns/{campaign.campaign_id}/transition", {"campaignStatus": status}
        )
        assert response.status_code == 200, response.json

    return move


def audit_trail() -> list[tuple[str, str, str]]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", "outcome", "error"))


# --- update ---------------------------------------------------------------------------------------------------


def test_update_sends_only_the_updatable_fields_that_changed(make_portal_campaign, tendlc_client, staff_user):
    campaign = make_portal_campaign()
    original_description = campaign.description

    campaign_update(
        campaign=campaign,
        values={
            "sample1": campaign.sample1,
            "sample3": "Acme Mobile: your ticket is closed. Reply STOP to opt out.",
            "auto_renewal": None,
            "description": "Not updatable: ignored.",
        },
        user=staff_user,
        client=tendlc_client,
    )

    remote = tendlc_client.messaging_10dlc.campaign.retrieve(campaign.campaign_id)
    assert remote.sample3 == "Acme Mobile: your ticket is closed. Reply STOP to opt out."
    assert remote.description == original_description
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (stored.sample3, stored.description) == (remote.sample3, original_description)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.request_summary) == (
        "campaign.update",
        "succeeded",
        {"sample3": remote.sample3},
    )


def test_the_apis_refusal_of_an_update_names_the_field(make_portal_campaign, tendlc_client, staff_user):
    campaign = make_portal_campaign()

    with pytest.raises(UnprocessableEntityError) as refused:
        campaign_update(
            campaign=campaign,
            values={"webhook_url": "ftp://acme.example/hooks"},
            user=staff_user,
            client=tendlc_client,
        )

    assert list(refused.value.field_errors) == ["webhook_url"]
    assert Campaign.objects.get(pk=campaign.pk).webhook_url == ""
    assert audit_trail()[0][:2] == ("campaign.update", "failed")


# --- deactivate -----------------------------------------------------------------------------------------------


def test_staff_cannot_deactivate(make_portal_campaign, tendlc_client, staff_user):
    campaign = make_portal_campaign()

    with pytest.raises(PermissionDenied):
        campaign_deactivate(campaign=campaign, user=staff_user, client=tendlc_client)

    assert tendlc_client.messaging_10dlc.campaign.retrieve(campaign.campaign_id).status == "ACTIVE"
    assert audit_trail() == [
        ("campaign.deactivate", "failed", "Only a Compliance admin may deactivate a campaign.")
    ]


def test_an_admin_deactivates_and_the_campaign_is_read_again(
    make_portal_campaign, tendlc_client, compliance_admin
):
    campaign = make_portal_campaign()

    campaign_deactivate(campaign=campaign, user=compliance_admin, client=tendlc_client)

    assert tendlc_client.messaging_10dlc.campaign.retrieve(campaign.campaign_id).status == "EXPIRED"
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (stored.status, stored.raw["status"]) == ("EXPIRED", "EXPIRED")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.request_summary) == (
        "campaign.deactivate",
        "succeeded",
        {
            "campaign_id": campaign.campaign_id,
            "answer": f"Campaign {campaign.campaign_id} deactivated",
            "reread": True,
            "numbers": {"listed": 0, "no_longer_listed": 0},
        },
    )

    with pytest.raises(WorkflowError) as again:
        campaign_deactivate(campaign=stored, user=compliance_admin, client=tendlc_client)
    assert again.value.message == "This campaign is already deactivated."
    with pytest.raises(WorkflowError) as update:
        campaign_update(
            campaign=stored, values={"sample2": "New."}, user=compliance_admin, client=tendlc_client
        )
    assert update.value.message == "This campaign is deactivated: it can no longer be changed."


def test_deactivating_reads_the_campaigns_numbers_again_and_the_rows_show_what_the_api_lists(
    make_seeded_campaign, tendlc_client, compliance_admin, dlc
):
    campaign = make_seeded_campaign(numbers=2)
    listed = sorted(
        record.phone_number
        for record in dlc.phone_number_campaigns.list(
            filter={"telnyx_campaign_id": campaign.campaign_id}
        ).records
    )
    # Mirrored as an older read saw it, one the API no longer has on the campaign, and another campaign's.
    stale = PhoneNumberAssignmentFactory(
        phone_number=listed[0], campaign=campaign, assignment_status="PENDING_ASSIGNMENT"
    )
    dropped = PhoneNumberAssignmentFactory(phone_number="+13125550199", campaign=campaign)
    elsewhere = PhoneNumberAssignmentFactory(phone_number="+13125550198")

    done = campaign_deactivate(campaign=campaign, user=compliance_admin, client=tendlc_client)

    assert (done.campaign, done.numbers, done.numbers_failure) == (
        campaign,
        CampaignNumbers(listed=2, no_longer_listed=1),
        None,
    )
    live = PhoneNumberAssignment.objects.filter(campaign=campaign, remote_deleted_at=None).order_by(
        "phone_number"
    )
    assert [(row.phone_number, row.assignment_status) for row in live] == [
        (listed[0], "ASSIGNED"),
        (listed[1], "ASSIGNED"),
    ]
    assert live[0].pk == stale.pk
    assert PhoneNumberAssignment.objects.get(pk=dropped.pk).remote_deleted_at is not None
    assert PhoneNumberAssignment.objects.get(pk=elsewhere.pk).remote_deleted_at is None
    entry = AuditEntry.objects.get()
    assert (entry.outcome, entry.request_summary["numbers"]) == (
        "succeeded",
        {"listed": 2, "no_longer_listed": 1},
    )


def test_a_failed_read_of_the_numbers_does_not_hide_the_deactivation(
    make_seeded_campaign, tendlc_client, compliance_admin, faults
):
    campaign = make_seeded_campaign(numbers=1)
    kept = PhoneNumberAssignmentFactory(phone_number="+13125550199", campaign=campaign)
    faults.add(status=500, count=20, retryAfter=0, pathPattern=r"/10dlc/phone_number_campaigns$")

    done = campaign_deactivate(campaign=campaign, user=compliance_admin, client=tendlc_client)

    assert done.numbers is None
    assert isinstance(done.numbers_failure, InternalServerError)
    assert Campaign.objects.get(pk=campaign.pk).status == "EXPIRED"
    assert PhoneNumberAssignment.objects.get(pk=kept.pk).remote_deleted_at is None
    entry = AuditEntry.objects.get()
    assert (entry.outcome, entry.request_summary["reread"], entry.request_summary["numbers"]) == (
        "succeeded",
        True,
        None,
    )


# --- appeal ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["TELNYX_FAILED", "MNO_REJECTED"])
def test_an_admin_appeals_a_rejected_campaign(
    make_portal_campaign, tendlc_client, compliance_admin, force, sandbox_control, status
):
    campaign = make_portal_campaign()
    force(campaign, status)
    campaign.campaign_status = status
    campaign.save()

    appeal = campaign_appeal(
        campaign=campaign, reason=f" {APPEAL_REASON} ", user=compliance_admin, client=tendlc_client
    )

    remote_appeals = sandbox_control.get(f"/campaigns/{campaign.campaign_id}/appeals").json["records"]
    assert [(a["appealReason"], a["fromStatus"]) for a in remote_appeals] == [(APPEAL_REASON, status)]
    stored = CampaignAppeal.objects.get()
    assert (stored.pk, stored.campaign, stored.appeal_reason, stored.status_before, stored.requested_by) == (
        appeal.pk,
        campaign,
        APPEAL_REASON,
        status,
        compliance_admin,
    )
    assert stored.appealed_at.isoformat() == remote_appeals[0]["appealedAt"]
    assert Campaign.objects.get(pk=campaign.pk).campaign_status == "TCR_ACCEPTED"
    assert audit_trail() == [("campaign.appeal", "succeeded", "")]


def test_staff_cannot_appeal(make_portal_campaign, tendlc_client, staff_user, force, sandbox_control):
    campaign = make_portal_campaign()
    force(campaign, "TELNYX_FAILED")
    campaign.campaign_status = "TELNYX_FAILED"

    with pytest.raises(PermissionDenied):
        campaign_appeal(campaign=campaign, reason=APPEAL_REASON, user=staff_user, client=tendlc_client)

    assert sandbox_control.get(f"/campaigns/{campaign.campaign_id}/appeals").json["records"] == []
    assert CampaignAppeal.objects.count() == 0
    assert audit_trail() == [("campaign.appeal", "failed", "Only a Compliance admin may appeal a campaign.")]


@pytest.mark.parametrize("status", ["MNO_PROVISIONED", "TCR_PENDING", "MNO_PENDING", "TCR_FAILED"])
def test_an_appeal_is_refused_in_other_statuses(
    make_portal_campaign, tendlc_client, compliance_admin, sandbox_control, status
):
    campaign = make_portal_campaign()
    campaign.campaign_status = status

    with pytest.raises(WorkflowError) as refused:
        campaign_appeal(campaign=campaign, reason=APPEAL_REASON, user=compliance_admin, client=tendlc_client)

    assert refused.value.message == (
        "Only a campaign rejected by Telnyx or a carrier (TELNYX_FAILED or MNO_REJECTED) can be appealed;"
        f" this one is {status}."
    )
    assert sandbox_control.get(f"/campaigns/{campaign.campaign_id}/appeals").json["records"] == []
    assert CampaignAppeal.objects.count() == 0


def test_an_appeal_needs_a_reason(make_portal_campaign, tendlc_client, compliance_admin, force):
    campaign = make_portal_campaign()
    force(campaign, "TELNYX_FAILED")
    campaign.campaign_status = "TELNYX_FAILED"

    with pytest.raises(WorkflowError) as refused:
        campaign_appeal(campaign=campaign, reason="   ", user=compliance_admin, client=tendlc_client)

    assert (refused.value.field, refused.value.message) == (
        "appeal_reason",
        "Say what changed and why the campaign should pass now.",
    )


# --- refresh and registry -------------------------------------------------------------------------------------


def test_a_requested_refresh_reads_the_campaign_and_its_carriers(
    make_portal_campaign, tendlc_client, staff_user, advance
):
    campaign = make_portal_campaign(provisioned=False)

    refreshed = campaign_reload(campaign=campaign, user=staff_user, client=tendlc_client)

    assert refreshed == CampaignRefresh("TCR_PENDING", 0, 5)
    assert campaign.mno_statuses.count() == 5
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.request_summary) == (
        "campaign.refresh",
        "succeeded",
        {"campaign_status": "TCR_PENDING", "fields_written": 0, "carriers_written": 5},
    )


def test_the_registry_view_reads_osr_attributes_and_sharing(make_portal_campaign, tendlc_client):
    campaign = make_portal_campaign()

    view = campaign_registry_view(campaign=campaign, client=tendlc_client)

    assert view.osr_attributes == {
        "brandId": campaign.brand_id,
        "campaignId": campaign.tcr_campaign_id,
        "usecase": "CUSTOMER_CARE",
        "msg_class": "A",
        "status": "7",
    }
    assert (view.shared_by_me, view.shared_with_me) == ({}, {})
