"""A campaign's detail says when Telnyx suspends it for dormancy; its list does not pay a query per row."""

import datetime

import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_detail_of_a_campaign_without_numbers_gives_its_suspension(admin_api):
    created = timezone.now() - datetime.timedelta(days=10, hours=1)
    campaign = factories.CampaignFactory(create_date=created)

    body = admin_api.get(f"/api/v1/campaigns/{campaign.pk}/").json()

    suspends_at = created + datetime.timedelta(days=15)
    assert body["dormancy"] == {
        "since": created.isoformat().replace("+00:00", "Z"),
        "suspends_at": suspends_at.isoformat().replace("+00:00", "Z"),
        "days_left": 5,
    }


def test_a_campaign_with_numbers_has_no_dormancy(admin_api):
    assignment = factories.PhoneNumberAssignmentFactory()

    body = admin_api.get(f"/api/v1/campaigns/{assignment.campaign.pk}/").json()

    assert body["dormancy"] is None


def test_the_list_leaves_dormancy_out(admin_api):
    factories.CampaignFactory()

    body = admin_api.get("/api/v1/campaigns/").json()

    assert "dormancy" not in body["results"][0]
