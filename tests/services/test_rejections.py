"""A sandbox campaign rejected with a carrier decline code, explained from our rows: the reviewer's words
(failure reasons and rejection events since the last return to review), the fields concerned and the
findings on them now."""

import pytest

from tendlc.compliance.rejections import what_to_do_lines
from tendlc.models import Campaign, WebhookEvent
from tendlc.services.campaign_actions import campaign_reload
from tendlc.services.compliance import campaign_compliance_result
from tendlc.services.rejections import rejection_explain

pytestmark = pytest.mark.django_db

APPEAL = "Then appeal the rejection (Appeal), saying what you changed."


@pytest.fixture
def reject(sandbox_control, tendlc_client, staff_user):
    """Reject a campaign in the sandbox (``status`` with the reviewer's ``reason``) and refresh it here."""

    def move(campaign: Campaign, status: str, reason: str | None = None) -> Campaign:
        body = {"campaignStatus": status, **({"reason": reason} if reason else {})}
        response = sandbox_control.post(f"/campaigns/{campaign.campaign_id}/transition", body)
        assert response.status_code == 200, response.json
        campaign_reload(campaign=campaign, user=staff_user, client=tendlc_client)
        return Campaign.objects.get(pk=campaign.pk)

    return move


def event(campaign: Campaign, payload: dict, n: int) -> WebhookEvent:
    return WebhookEvent.objects.create(
        body_hash=f"{n:064d}", body="{}", campaign_id=campaign.campaign_id, payload=payload
    )


def test_a_carrier_rejection_with_805_names_the_privacy_policy(make_portal_campaign, reject):
    campaign = make_portal_campaign()
    campaign = reject(
        campaign, "MNO_REJECTED", "805: the privacy policy does not say opt-in data is not shared."
    )
    Campaign.objects.filter(pk=campaign.pk).update(privacy_policy_link="")

    explanation = rejection_explain(campaign=Campaign.objects.get(pk=campaign.pk))

    assert explanation is not None
    assert explanation.rejected_by == "AT&T"
    assert explanation.said == (
        "AT&T (10017): 805: the privacy policy does not say opt-in data is not shared.",
    )
    assert (
        explanation.summary == "AT&T rejected the campaign: Privacy policy not compliant (carrier code 805)."
    )
    assert explanation.fields == ("privacyPolicyLink", "messageFlow")
    assert "campaign.privacy_policy.link" in [finding.rule for finding in explanation.findings]
    # Only findings on the fields concerned: the message flow's warnings, the missing link.
    assert {field for finding in explanation.findings for field in finding.fields} <= set(explanation.fields)
    assert what_to_do_lines(explanation) == [
        "Privacy policy not compliant (carrier code 805): Add to the privacy policy: mobile information will not"
        " be sold or shared with third parties for marketing or promotional purposes.",
        *[finding.message for finding in explanation.findings],
        APPEAL,
    ]


def test_a_carriers_806_event_is_read_and_an_older_rejection_is_history(make_portal_campaign, reject):
    campaign = make_portal_campaign()
    campaign = reject(campaign, "TELNYX_FAILED", "Duplicate campaign")
    Campaign.objects.filter(pk=campaign.pk).update(failure_reasons="", message_flow="Sign up online.")
    tcr = campaign.tcr_campaign_id
    rejected = {"campaignId": campaign.campaign_id, "type": "TCR_EVENT", "status": "success"}
    event(campaign, {**rejected, "eventType": "MNO_CAMPAIGN_OPERATION_REJECTED", "description": "old 705"}, 1)
    event(
        campaign, {**rejected, "eventType": "CAMPAIGN_RESUBMISSION", "description": f"{tcr} resubmitted"}, 2
    )
    event(
        campaign,
        {
            **rejected,
            "eventType": "MNO_CAMPAIGN_OPERATION_REJECTED",
            "description": f"Campaign {tcr} rejected by T-Mobile: 806 CTA missing HELP and STOP",
        },
        3,
    )

    explanation = rejection_explain(campaign=Campaign.objects.get(pk=campaign.pk))

    assert explanation.said == (f"Campaign {tcr} rejected by T-Mobile: 806 CTA missing HELP and STOP",)
    assert [objection.reason.key for objection in explanation.objections] == ["806"]
    assert "campaign.message_flow.length" in [finding.rule for finding in explanation.findings]


def test_a_rejection_with_no_known_reason_explains_what_is_known(make_portal_campaign, reject):
    campaign = reject(make_portal_campaign(), "TELNYX_FAILED")
    Campaign.objects.filter(pk=campaign.pk).update(help_message="")
    campaign = Campaign.objects.get(pk=campaign.pk)

    explanation = rejection_explain(campaign=campaign)

    assert explanation.said == ("Rejected through the sandbox control plane.",)
    assert explanation.objections == ()
    assert explanation.rejected_by == "Telnyx's review"
    # Words naming no reason and no field: every finding now is worth reading.
    assert explanation.findings == campaign_compliance_result(campaign=campaign).findings
    assert "campaign.help_message.present" in [finding.rule for finding in explanation.findings]
    assert what_to_do_lines(explanation)[-1] == APPEAL


def test_a_registry_rejection_cannot_be_appealed(make_portal_campaign, reject):
    campaign = reject(make_portal_campaign(), "TCR_FAILED", "602 samples do not match the use case")

    explanation = rejection_explain(campaign=campaign)

    assert explanation.rejected_by == "The registry"
    assert explanation.next_step == (
        "The registry's rejection cannot be appealed: build a new campaign with these changes."
    )


def test_a_campaign_nothing_rejects_has_no_explanation(make_portal_campaign):
    assert rejection_explain(campaign=make_portal_campaign()) is None
