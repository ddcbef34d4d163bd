"""Partner campaign workflows against the live sandbox: accepting a sharing, changing webhook URLs, reading a
campaign again; admins only where the API's record changes, checked in the service itself."""

import pytest
from django.core.exceptions import PermissionDenied

from tendlc.client import NotFoundError
from tendlc.client.errors import UnprocessableEntityError
from tendlc.models import AuditEntry, PartnerCampaign
from tendlc.services.errors import WorkflowError
from tendlc.services.partner_campaigns import (
    partner_campaign_accept,
    partner_campaign_refresh,
    partner_campaign_webhooks_update,
)
from tests.factories import PartnerCampaignFactory
from tests.fixtures.partner_campaigns import SHARED

pytestmark = pytest.mark.django_db

HOOK, FAILOVER = "https://hooks.example/10dlc", "https://failover.example/10dlc"


def audit_log() -> list[tuple]:
    return list(
        AuditEntry.objects.order_by("id").values_list(
            "username", "action", "outcome", "request_summary", "error"
        )
    )


def test_accepting_a_sharing_mirrors_the_campaign_with_its_sharing_status(
    shared_with_us, compliance_admin, tendlc_client, dlc
):
    with pytest.raises(NotFoundError):
        dlc.partner_campaigns.retrieve(SHARED)

    partner = partner_campaign_accept(
        tcr_campaign_id=" c26f1klzn ", user=compliance_admin, client=tendlc_client
    )

    assert dlc.partner_campaigns.retrieve(SHARED).brand_display_name == "Partner Co"
    assert PartnerCampaign.objects.get() == partner
    assert (
        partner.tcr_campaign_id,
        partner.brand_display_name,
        partner.usecase,
        partner.campaign_status,
    ) == (
        SHARED,
        "Partner Co",
        "ACCOUNT_NOTIFICATION",
        "MNO_PROVISIONED",
    )
    assert (partner.sharing_status, partner.upstream_cnp_id, partner.downstream_cnp_id) == (
        "ACCEPTED",
        "PARTNERCNP",
        "TELNYX",
    )
    assert partner.raw["tcrCampaignId"] == SHARED
    assert audit_log() == [
        ("compliance-admin", "partner_campaign.accept", "succeeded", {"tcr_campaign_id": SHARED}, "")
    ]


def test_staff_may_not_accept_and_the_sharing_stays_pending(shared_with_us, staff_user, tendlc_client, dlc):
    with pytest.raises(PermissionDenied):
        partner_campaign_accept(tcr_campaign_id=shared_with_us, user=staff_user, client=tendlc_client)

    with pytest.raises(NotFoundError):
        dlc.partner_campaigns.retrieve(SHARED)
    assert audit_log() == [
        (
            "staff",
            "partner_campaign.accept",
            "failed",
            {"tcr_campaign_id": SHARED},
            "Only compliance admins may change partner campaigns.",
        )
    ]


@pytest.mark.parametrize("tcr_campaign_id", ["C1234", "X26F1KLZN", "C26F1KLZN9", "4b30aaaa-bbbb"])
def test_an_id_that_is_not_a_tcr_campaign_id_is_refused_at_its_field(
    compliance_admin, tendlc_client, tcr_campaign_id
):
    with pytest.raises(WorkflowError) as refused:
        partner_campaign_accept(tcr_campaign_id=tcr_campaign_id, user=compliance_admin, client=tendlc_client)

    assert (refused.value.field, refused.value.message) == (
        "tcr_campaign_id",
        "A TCR campaign id is C and 5 to 8 capital letters or digits, e.g. C26F1KLZN.",
    )


def test_a_sharing_nobody_made_is_the_apis_to_refuse(compliance_admin, tendlc_client):
    with pytest.raises(NotFoundError) as refused:
        partner_campaign_accept(tcr_campaign_id="CNOSUCH1", user=compliance_admin, client=tendlc_client)

    assert refused.value.non_field_errors == [
        "No campaign shared with you is pending acceptance under this id"
    ]
    assert not PartnerCampaign.objects.exists()


def test_changing_webhook_urls_sets_them_remotely_and_here(
    accepted_sharing, compliance_admin, tendlc_client, dlc
):
    partner_campaign_webhooks_update(
        partner_campaign=accepted_sharing,
        webhook_url=HOOK,
        webhook_failover_url=FAILOVER,
        user=compliance_admin,
        client=tendlc_client,
    )

    remote = dlc.partner_campaigns.retrieve(SHARED)
    assert (remote.webhook_url, remote.webhook_failover_url) == (HOOK, FAILOVER)
    stored = PartnerCampaign.objects.get()
    assert (stored.webhook_url, stored.webhook_failover_url) == (HOOK, FAILOVER)
    assert audit_log()[-1] == (
        "compliance-admin",
        "partner_campaign.webhooks_update",
        "succeeded",
        {"webhook_url": HOOK, "webhook_failover_url": FAILOVER},
        "",
    )

    partner_campaign_webhooks_update(
        partner_campaign=stored,
        webhook_url=HOOK,
        webhook_failover_url="",
        user=compliance_admin,
        client=tendlc_client,
    )

    assert dlc.partner_campaigns.retrieve(SHARED).webhook_failover_url == ""
    assert PartnerCampaign.objects.get().webhook_failover_url == ""


def test_a_url_the_api_refuses_is_reported_at_its_field(accepted_sharing, compliance_admin, tendlc_client):
    with pytest.raises(UnprocessableEntityError) as refused:
        partner_campaign_webhooks_update(
            partner_campaign=accepted_sharing,
            webhook_url="ftp://x",
            webhook_failover_url="",
            user=compliance_admin,
            client=tendlc_client,
        )

    assert refused.value.field_errors == {"webhook_url": ["webhookURL must be an http or https URL."]}


def test_staff_may_not_change_webhook_urls(accepted_sharing, staff_user, tendlc_client, dlc):
    with pytest.raises(PermissionDenied):
        partner_campaign_webhooks_update(
            partner_campaign=accepted_sharing,
            webhook_url=HOOK,
            webhook_failover_url="",
            user=staff_user,
            client=tendlc_client,
        )

    assert dlc.partner_campaigns.retrieve(SHARED).webhook_url is None


def test_reading_a_campaign_again_brings_remote_changes(accepted_sharing, staff_user, tendlc_client, dlc):
    dlc.partner_campaigns.update(SHARED, webhook_url=HOOK)

    refreshed = partner_campaign_refresh(
        partner_campaign=accepted_sharing, user=staff_user, client=tendlc_client
    )

    assert refreshed.webhook_url == HOOK
    assert PartnerCampaign.objects.get().webhook_url == HOOK
    assert audit_log()[-1] == ("staff", "partner_campaign.refresh", "succeeded", {"found": True}, "")


def test_a_campaign_no_longer_shared_is_marked_gone_when_read_again(staff_user, tendlc_client, live_sandbox):
    stale = PartnerCampaignFactory(tcr_campaign_id="CGONE01")

    refreshed = partner_campaign_refresh(partner_campaign=stale, user=staff_user, client=tendlc_client)

    assert refreshed.remote_deleted_at is not None
    assert audit_log() == [("staff", "partner_campaign.refresh", "succeeded", {"found": False}, "")]
