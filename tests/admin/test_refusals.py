"""A refused page is the admin's own, with its header, breadcrumbs and sidebar, says which role may do what was
refused and whom to ask, and leads back; a rejected campaign's page tells staff who can appeal it."""

import html
import re

import pytest
from django.test import Client

from tendlc.admin.refusals import NO_COOKIE, STALE_FORM

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def explanation(response) -> str:
    [text] = re.findall(r'<p id="refusal-explanation">(.*?)</p>', response.content.decode(), re.S)
    return html.unescape(text)


def test_an_object_action_refused_names_the_role_and_its_members(
    staff_client, compliance_admin, rejected_campaign
):
    response = staff_client.post(
        f"/admin/tendlc/campaign/{rejected_campaign.pk}/appeal/",
        {"appeal_reason": "Fixed."},
        HTTP_REFERER=f"http://testserver/admin/tendlc/campaign/{rejected_campaign.pk}/change/",
    )

    assert response.status_code == 403
    assert explanation(response) == (
        "Only a Compliance admin can appeal a campaign; ask one of: compliance-admin."
    )
    page = response.content.decode()
    assert 'id="header"' in page
    assert 'class="breadcrumbs"' in page
    assert 'id="nav-sidebar"' in page
    assert (
        f'id="refusal-back" href="http://testserver/admin/tendlc/campaign/{rejected_campaign.pk}/change/"'
        in page
    )


def test_an_admin_page_refused_says_who_may_see_it(staff_client, compliance_admin):
    compliance_admin.first_name, compliance_admin.last_name = "Ada", "Reviewer"
    compliance_admin.save()

    response = staff_client.get("/admin/tendlc/webhookevent/")

    assert response.status_code == 403
    assert explanation(response) == (
        "Only a Compliance admin can see the list of webhook events; ask one of: Ada Reviewer."
    )
    assert 'id="refusal-back" href="/admin/"' in response.content.decode()


def test_what_no_role_may_do_says_so(staff_client):
    response = staff_client.get("/admin/tendlc/auditentry/add/")

    assert response.status_code == 403
    assert explanation(response) == "No role in the portal can add an audit entry."


def test_a_role_nobody_holds_yet_says_so(staff_client):
    response = staff_client.get("/admin/tendlc/webhookevent/")

    assert explanation(response) == (
        "Only a Compliance admin can see the list of webhook events; nobody has that role yet: an"
        " administrator can give it."
    )


def test_a_rejected_campaign_tells_staff_who_can_appeal_it(staff_client, compliance_admin, rejected_campaign):
    response = staff_client.get(f"/admin/tendlc/campaign/{rejected_campaign.pk}/change/")

    assert response.context["appeal_notice"] == (
        "This campaign was rejected. Only a Compliance admin can appeal a campaign; ask one of:"
        " compliance-admin."
    )
    assert 'id="appeal-notice"' in response.content.decode()


def test_a_rejected_campaign_points_an_admin_to_the_appeal(compliance_admin_client, rejected_campaign):
    response = compliance_admin_client.get(f"/admin/tendlc/campaign/{rejected_campaign.pk}/change/")

    assert response.context["appeal_notice"] == (
        "This campaign was rejected: appeal it with the Appeal button once its content is fixed."
    )


def test_a_campaign_not_rejected_has_no_appeal_notice(staff_client, rejected_campaign):
    rejected_campaign.campaign_status = "MNO_PROVISIONED"
    rejected_campaign.save()

    response = staff_client.get(f"/admin/tendlc/campaign/{rejected_campaign.pk}/change/")

    assert "appeal_notice" not in response.context


def test_a_form_refused_by_the_csrf_check_says_why_inside_the_admin(staff_user, rejected_campaign):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    change = f"/admin/tendlc/campaign/{rejected_campaign.pk}/change/"
    client.get(change)

    response = client.post(change, {"description": "typed"}, HTTP_REFERER=f"http://testserver{change}")

    assert response.status_code == 403
    assert explanation(response) == STALE_FORM
    page = response.content.decode()
    assert "<title>Form not sent |" in page
    assert 'id="nav-sidebar"' in page
    assert f'id="refusal-back" href="http://testserver{change}"' in page


def test_a_form_sent_without_the_cookie_asks_to_allow_cookies(staff_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    client.cookies.pop("csrftoken", None)

    response = client.post("/admin/tendlc/syncrun/start/", {})

    assert response.status_code == 403
    assert explanation(response) == NO_COOKIE
