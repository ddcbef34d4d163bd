"""A campaign's fiftieth number without T-Mobile number pooling is refused at the campaign field before
anything is sent, in each assignment form (one number, a CSV, a messaging profile), with the input kept."""

import pytest

from tendlc.models import AssignmentTask, Campaign, PhoneNumberAssignment
from tests.factories import PhoneNumberAssignmentFactory

pytestmark = pytest.mark.django_db

NUMBERS = "/admin/tendlc/phonenumberassignment/add/"
UPLOADS = "/admin/tendlc/numberupload/add/"
TASKS = "/admin/tendlc/assignmenttask/add/"
PROFILE = "4001767e-ce0f-4cae-9d5f-0d5e636e7809"
FULL = "the most Telnyx allows without T-Mobile number pooling (49)"


def fill(campaign: Campaign, count: int) -> None:
    for index in range(count):
        PhoneNumberAssignmentFactory(campaign=campaign, phone_number=f"+1202556{index:04d}")


def test_the_fiftieth_number_is_refused_at_the_campaign_and_the_number_kept(staff_client, our_campaign, dlc):
    fill(our_campaign, 49)

    response = staff_client.post(
        NUMBERS, {"phone_number": "+13125550101", "campaign_id": our_campaign.campaign_id}
    )

    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["campaign_id"]
    assert FULL in error
    assert response.context["adminform"].form["phone_number"].value() == "+13125550101"
    assert not PhoneNumberAssignment.objects.filter(phone_number="+13125550101").exists()
    assert (
        dlc.phone_number_campaigns.list(filter={"telnyx_campaign_id": our_campaign.campaign_id}).records == []
    )


def test_with_number_pooling_the_fiftieth_number_goes_on(staff_client, our_campaign):
    fill(our_campaign, 49)
    Campaign.objects.filter(pk=our_campaign.pk).update(is_t_mobile_number_pooling_enabled=True)

    response = staff_client.post(
        NUMBERS, {"phone_number": "+13125550101", "campaign_id": our_campaign.campaign_id}
    )

    assert response.status_code == 302
    assert PhoneNumberAssignment.objects.get(phone_number="+13125550101").campaign_id == our_campaign.pk


def test_a_csv_refuses_the_rows_past_the_limit_in_file_order(staff_client, our_campaign, upload_and_send):
    fill(our_campaign, 48)
    text = f"+13125550101,{our_campaign.campaign_id}\n+13125550102,{our_campaign.campaign_id}\n"

    report = upload_and_send(staff_client, text, "n.csv").report
    assert [row["outcome"] for row in report] == ["applied", "invalid"]
    assert report[1]["reason"] == (
        f"With the 1 earlier in this file: Campaign {our_campaign.campaign_id} has 49 numbers, {FULL}: remove"
        " one first, or ask Telnyx for a number pool."
    )


def test_a_full_campaign_takes_no_messaging_profile(staff_client, our_campaign):
    fill(our_campaign, 49)

    response = staff_client.post(
        TASKS, {"messaging_profile_id": PROFILE, "campaign_id": our_campaign.campaign_id}
    )

    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["campaign_id"]
    assert FULL in error
    assert response.context["adminform"].form["messaging_profile_id"].value() == PROFILE
    assert not AssignmentTask.objects.exists()
