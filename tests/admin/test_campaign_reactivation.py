"""Reactivating a campaign suspended for dormancy, against the sandbox: the page explains, the first
assignment fails as Telnyx says it does, the follow-up task finds the campaign back and assigns the number
again. Other suspensions keep refusing numbers, with the reason."""

import pytest
from django.contrib.messages import get_messages

from tendlc.models import AuditEntry, Campaign, CampaignReactivation, PhoneNumberAssignment
from tendlc.sandbox.dormancy.watch import REACTIVATION_SECONDS
from tendlc.sandbox.phone_numbers.lifecycle import ASSIGNMENT_SECONDS
from tendlc.services.campaigns import campaign_refresh
from tendlc.services.errors import WorkflowError
from tendlc.services.numbers import number_assign
from tendlc.tasks.reactivations import follow_campaign_reactivation

pytestmark = pytest.mark.django_db

NUMBER = "+13125550177"


def page(campaign: Campaign, slug: str = "reactivate") -> str:
    return f"/admin/tendlc/campaign/{campaign.pk}/{slug}/"


@pytest.fixture
def dormant_campaign(our_campaign, sandbox_control, tendlc_client) -> Campaign:
    """``our_campaign`` suspended for dormancy in the sandbox, and read again here."""
    assert sandbox_control.post(f"/campaigns/{our_campaign.campaign_id}/dormant").status_code == 200
    campaign_refresh(campaign=our_campaign, client=tendlc_client)
    assert (our_campaign.campaign_status, our_campaign.is_t_mobile_suspended) == ("TCR_SUSPENDED", True)
    return our_campaign


def test_the_page_explains_that_the_first_assignment_fails(staff_client, dormant_campaign):
    response = staff_client.get(f"/admin/tendlc/campaign/{dormant_campaign.pk}/change/")
    assert "Reactivate" in [button["label"] for button in response.context["object_actions"]]

    text = staff_client.get(page(dormant_campaign)).content.decode()

    assert "That first assignment is expected to fail." in text
    assert "about a minute" in text


def test_reactivation_end_to_end(staff_client, dormant_campaign, advance, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as scheduled:
        response = staff_client.post(page(dormant_campaign), {"phone_number": NUMBER, "retry": "on"})

    assert response.status_code == 302
    [message] = get_messages(response.wsgi_request)
    assert message.message.startswith(f"{NUMBER} was sent to the campaign.")
    assert len(scheduled) == 1
    reactivation = CampaignReactivation.objects.get()
    assert (reactivation.phone_number, reactivation.state, reactivation.retry) == (NUMBER, "waiting", True)
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "outcome")) == [
        ("number.assign", "succeeded"),
        ("campaign.reactivate", "succeeded"),
    ]

    advance(ASSIGNMENT_SECONDS)
    with django_capture_on_commit_callbacks(execute=False):
        follow_campaign_reactivation.apply(args=(reactivation.pk,))
    reactivation.refresh_from_db()
    assert reactivation.state == "waiting"
    assert PhoneNumberAssignment.objects.get(phone_number=NUMBER).assignment_status == "FAILED_ASSIGNMENT"

    advance(REACTIVATION_SECONDS)
    assert follow_campaign_reactivation.apply(args=(reactivation.pk,)).get() == "done"

    dormant_campaign.refresh_from_db()
    assert dormant_campaign.campaign_status == "MNO_PROVISIONED"
    reactivation.refresh_from_db()
    assert reactivation.retried_at is not None
    advance(ASSIGNMENT_SECONDS)
    assert PhoneNumberAssignment.objects.get(phone_number=NUMBER).assignment_status in (
        "PENDING_ASSIGNMENT",
        "ASSIGNED",
    )
    notice = staff_client.get(f"/admin/tendlc/campaign/{dormant_campaign.pk}/change/").context[
        "reactivation_notice"
    ]
    assert notice.startswith(f"Reactivation with {NUMBER}: Campaign back with its number.")


def test_without_the_retry_the_page_offers_to_assign_again(
    staff_client, dormant_campaign, advance, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        staff_client.post(page(dormant_campaign), {"phone_number": NUMBER})
    reactivation = CampaignReactivation.objects.get()
    advance(ASSIGNMENT_SECONDS + REACTIVATION_SECONDS)

    checked = staff_client.post(page(dormant_campaign, "reactivation-check"))

    reactivation.refresh_from_db()
    assert reactivation.state == "back"
    *_, message = get_messages(checked.wsgi_request)
    assert message.message.startswith("Campaign back: assign the number again.")

    again = staff_client.post(page(dormant_campaign, "reactivation-assign-again"))

    reactivation.refresh_from_db()
    assert again.status_code == 302
    assert reactivation.state == "done"


def test_a_number_must_be_picked_or_typed_and_nothing_is_sent(staff_client, dormant_campaign):
    response = staff_client.post(page(dormant_campaign), {"phone_number": "", "retry": "on"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "phone_number": ["Pick a number that was on the campaign, or type one."]
    }
    assert not CampaignReactivation.objects.exists()


def test_a_campaign_suspended_otherwise_is_not_offered_reactivation_and_refuses_numbers(
    staff_client, staff_user, our_campaign, tendlc_client
):
    Campaign.objects.filter(pk=our_campaign.pk).update(
        campaign_status="TCR_SUSPENDED", is_t_mobile_suspended=False
    )
    our_campaign.refresh_from_db()

    response = staff_client.post(page(our_campaign), {"phone_number": NUMBER})

    [message] = get_messages(response.wsgi_request)
    assert message.message.startswith("Only a campaign suspended for dormancy")
    with pytest.raises(WorkflowError) as refused:
        number_assign(
            phone_number=NUMBER, campaign_id=our_campaign.campaign_id, user=staff_user, client=tendlc_client
        )
    assert refused.value.field == "campaign_id"
    assert str(refused.value).startswith(
        f"Campaign {our_campaign.tcr_campaign_id} is suspended by the registry or a carrier, not for dormancy"
    )
