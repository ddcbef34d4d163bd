"""The renewals list: its windows, plain words for dates and charges, and the auto-renewal switch (the API
called, the change audited, a refusal shown at the field with the choice kept)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone

from tendlc.models import AuditEntry, Campaign
from tests.factories import BrandFactory, CampaignFactory
from tests.fixtures.scripted_server import Scripted

pytestmark = pytest.mark.django_db

LIST = "/admin/tendlc/campaignrenewal/"


def switch_page(campaign: Campaign) -> str:
    return f"{LIST}{campaign.pk}/auto-renewal/"


def page_text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def renewing(db) -> dict[int, Campaign]:
    now = timezone.now()
    return {
        days: CampaignFactory(
            tcr_campaign_id=f"CRENEW{days}", next_renewal_or_expiration_date=now + timedelta(days=days)
        )
        for days in (10, 45, 80, 120)
    }


@pytest.mark.parametrize(
    ("query", "shown"),
    [("?within=30", [10]), ("?within=60", [10, 45]), ("?within=90", [10, 45, 80]), ("", [10, 45, 80, 120])],
)
def test_the_list_shows_the_campaigns_renewing_within_the_window(staff_client, renewing, query, shown):
    response = staff_client.get(LIST + query)

    assert response.status_code == 200
    assert [campaign.tcr_campaign_id for campaign in response.context["cl"].result_list] == [
        f"CRENEW{days}" for days in shown
    ]


def test_each_row_says_in_plain_words_when_it_renews_or_expires_and_what_a_month_costs(staff_client):
    when = timezone.now() + timedelta(days=20)
    CampaignFactory(tcr_campaign_id="CON", usecase="LOW_VOLUME", next_renewal_or_expiration_date=when)
    CampaignFactory(tcr_campaign_id="COFF", auto_renewal=False, next_renewal_or_expiration_date=when)
    CampaignFactory(
        tcr_campaign_id="CMOCK", brand=BrandFactory(mock=True), next_renewal_or_expiration_date=when
    )

    text = page_text(staff_client.get(LIST))

    day = f"{timezone.localtime(when):%-d %b %Y}"
    assert f"Renews on {day}" in text
    assert f"Expires on {day}" in text
    assert "$1.50 per month" in text
    assert "$10.00 per month" in text
    assert "$0.00 per month" in text
    assert "LOW_VOLUME" not in text


def test_auto_renewal_is_switched_off_through_the_api_and_audited(
    staff_client, staff_user, portal_api, make_portal_campaign, dlc
):
    campaign = make_portal_campaign()
    assert campaign.auto_renewal is True

    response = staff_client.post(switch_page(campaign), {"auto_renewal": "off"}, follow=True)

    campaign.refresh_from_db()
    assert campaign.auto_renewal is False
    assert dlc.campaign.retrieve(campaign.campaign_id).auto_renewal is False
    entry = AuditEntry.objects.get(action="campaign.update")
    assert (entry.user, entry.request_summary, entry.outcome) == (
        staff_user,
        {"auto_renewal": False},
        "succeeded",
    )
    day = f"{timezone.localtime(campaign.next_renewal_or_expiration_date):%-d %b %Y}"
    assert f"Auto-renewal is off: the campaign expires on {day} and is charged nothing more." in page_text(
        response
    )


def test_a_refusal_is_shown_at_the_field_with_the_choice_kept(staff_client, settings, scripted_server):
    settings.TELNYX_API_BASE_URL = scripted_server.base_url
    settings.TELNYX_API_KEY = "test"
    campaign = CampaignFactory(
        auto_renewal=True, next_renewal_or_expiration_date=timezone.now() + timedelta(days=3)
    )
    refusal = {
        "errors": [
            {
                "code": "10002",
                "title": "Invalid value",
                "detail": "autoRenewal cannot change within a day of the renewal.",
                "source": {"pointer": "/autoRenewal"},
            }
        ]
    }
    scripted_server.script(Scripted.json(422, refusal))

    response = staff_client.post(switch_page(campaign), {"auto_renewal": "off"})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"auto_renewal": ["autoRenewal cannot change within a day of the renewal."]}
    assert form.data["auto_renewal"] == "off"
    campaign.refresh_from_db()
    assert campaign.auto_renewal is True
    assert AuditEntry.objects.get(action="campaign.update").outcome == "failed"


@pytest.fixture
def campaign_viewer_client(db) -> Client:
    """A user who may see campaigns but not change them."""
    user = User.objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_campaign"))
    browser = Client()
    browser.force_login(user)
    return browser


def test_who_may_only_see_campaigns_sees_renewals_but_cannot_switch(campaign_viewer_client, renewing):
    campaign = renewing[10]

    listed = campaign_viewer_client.get(LIST)
    refused = campaign_viewer_client.post(switch_page(campaign), {"auto_renewal": "off"})

    assert listed.status_code == 200
    assert "Switch off" not in page_text(listed)
    assert refused.status_code == 403
    assert Campaign.objects.get(pk=campaign.pk).auto_renewal is None


def test_the_campaigns_list_leads_to_the_renewals_and_the_charges(staff_client):
    html = staff_client.get("/admin/tendlc/campaign/").content.decode()

    assert f'href="{LIST}?within=30"' in html
    assert 'href="/admin/tendlc/charge/"' in html
