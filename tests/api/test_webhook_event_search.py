"""Stored webhook events are found by a number in any form people write it, or its start, or a whole id in
either case, in the API's ``?search=`` and the admin's search box alike (``tendlc.selectors.webhook_event_search``)."""

from urllib.parse import quote

import pytest

from tendlc.models import WebhookEvent

pytestmark = pytest.mark.django_db

CAMPAIGN = "4b20017f-8da9-a992-a6c0-683072fb7729"


@pytest.fixture
def searchable_events():
    WebhookEvent.objects.create(
        event_id="a1b2c3d4-0000-4000-8000-000000000001",
        body_hash="1" * 64,
        body="{}",
        phone_number="+15035550101",
        campaign_id=CAMPAIGN,
        brand_id="BRANDONE",
    )
    WebhookEvent.objects.create(
        body_hash="2" * 64, body="{}", phone_number="+15035550102", campaign_id="CPART01"
    )
    WebhookEvent.objects.create(body_hash="3" * 64, body="{}", phone_number="+12025550101")


CASES = [
    ("+1 503 555 0101", ["1"]),
    ("(503) 555-0101", ["1"]),
    ("503555", ["1", "2"]),
    ("5550101", []),
    (CAMPAIGN.upper(), ["1"]),
    ("cpart01", ["2"]),
    ("brandone", ["1"]),
    ("A1B2C3D4-0000-4000-8000-000000000001", ["1"]),
    ("3" * 64, ["3"]),
    ("CPART", []),
]


def events_named(body_hashes) -> list[str]:
    """The events by the digit their body hash repeats."""
    return sorted(body_hash[0] for body_hash in body_hashes)


@pytest.mark.parametrize(("term", "expected"), CASES)
def test_the_api_finds_events_by_number_or_whole_id(admin_api, searchable_events, term, expected):
    response = admin_api.get(f"/api/v1/webhook-events/?search={quote(term)}")

    assert response.status_code == 200, response.json()
    assert events_named(row["body_hash"] for row in response.json()["results"]) == expected


@pytest.mark.parametrize(("term", "expected"), CASES)
def test_the_admin_finds_the_same_events(admin_client, searchable_events, term, expected):
    response = admin_client.get("/admin/tendlc/webhookevent/", {"q": term})

    assert response.status_code == 200
    assert events_named(event.body_hash for event in response.context["cl"].result_list) == expected
