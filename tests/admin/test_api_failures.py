"""A failure of the 10DLC API itself (a server error, a busy or unreachable API) is not the user's mistake:
the form says what failed, that nothing was changed, that it may be tried again and the request id, and
keeps the input, without "Please correct the error below"."""

import re

import pytest

from tendlc.models import AssignmentTask

pytestmark = pytest.mark.django_db

ADD = "/admin/tendlc/assignmenttask/add/"
PROFILE = "4001767e-ce0f-4cae-9d5f-0d5e636e7809"


def page_text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def posted_during_a_server_error(staff_client, our_campaign, faults):
    faults.add(status=500, count=3, pathPattern="/phoneNumberAssignmentByProfile")
    data = {"messaging_profile_id": PROFILE, "campaign_id": our_campaign.campaign_id}
    return data, staff_client.post(ADD, data)


def test_a_server_error_is_the_apis_failure_not_the_input(posted_during_a_server_error):
    data, response = posted_during_a_server_error

    text = page_text(response)
    assert response.status_code == 200
    assert "Please correct" not in text
    failure = response.context["api_failure"]
    assert failure.startswith(
        "The 10DLC API failed (HTTP 500: An unexpected error occurred). It reported the failure, so nothing"
        " was changed at Telnyx; your input is kept: submit again in a minute. Request id: "
    )
    assert failure in text
    assert response.context["errors"] == []
    assert response.context["adminform"].form.data.dict() == data
    assert not AssignmentTask.objects.exists()


def test_the_request_id_is_the_one_the_api_answered(posted_during_a_server_error):
    _, response = posted_during_a_server_error

    request_id = response.context["api_failure"].rsplit("Request id: ", 1)[1].rstrip(".")
    assert re.fullmatch(r"[0-9a-f-]{36}", request_id)


def test_a_refusal_of_the_input_still_asks_for_a_correction(staff_client, our_campaign):
    response = staff_client.post(ADD, {"messaging_profile_id": PROFILE, "campaign_id": "not-a-campaign"})

    assert response.context["api_failure"] == ""
    assert "Please correct" in page_text(response)


def test_an_object_action_shows_the_apis_failure_above_its_form(
    compliance_admin_client, rejected_campaign, faults
):
    faults.add(status=503, count=3, pathPattern="/appeal")

    response = compliance_admin_client.post(
        f"/admin/tendlc/campaign/{rejected_campaign.pk}/appeal/", {"appeal_reason": "Privacy policy added."}
    )

    text = page_text(response)
    assert "Please correct" not in text
    assert response.context["api_failure"].startswith("The 10DLC API failed (HTTP 503")
    assert "Privacy policy added." in response.content.decode()
