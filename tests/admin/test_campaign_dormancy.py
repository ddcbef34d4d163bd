"""A campaign's page warns of its dormancy suspension with the date; the list filters campaigns at risk."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import CampaignFactory, PhoneNumberAssignmentFactory

pytestmark = pytest.mark.django_db


def test_a_campaign_without_numbers_warns_of_its_suspension_date(staff_client):
    created = timezone.now() - timedelta(days=13, hours=2)
    campaign = CampaignFactory(create_date=created)

    response = staff_client.get(f"/admin/tendlc/campaign/{campaign.pk}/change/")

    day = timezone.localdate(created + timedelta(days=15))
    assert response.context["dormancy_notice"] == (
        "No phone numbers are on this campaign: Telnyx suspends it for dormancy after 15 days without any"
        f" (2 days left, suspended on {day:%b} {day.day}, {day.year}). Assign a number to keep it."
    )
    assert 'id="dormancy-notice"' in response.content.decode()


def test_a_campaign_with_a_number_shows_no_warning(staff_client):
    assignment = PhoneNumberAssignmentFactory()

    response = staff_client.get(f"/admin/tendlc/campaign/{assignment.campaign.pk}/change/")

    assert "dormancy_notice" not in response.context
    assert 'id="dormancy-notice"' not in response.content.decode()


def test_the_list_filters_campaigns_at_dormancy_risk(staff_client):
    at_risk = CampaignFactory()
    PhoneNumberAssignmentFactory()

    response = staff_client.get("/admin/tendlc/campaign/?risk=campaigns_dormancy")

    assert list(response.context["cl"].result_list) == [at_risk]
    assert "Campaigns at dormancy risk" in response.content.decode()
