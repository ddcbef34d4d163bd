"""The dashboard's risks: campaigns about to go dormant (with days left), suspended by a carrier, expiring,
and numbers pending too long; each card opens the list of the rows it counts, at a fixed query cost."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tendlc.models import CampaignMnoStatus, PhoneNumberAssignment
from tendlc.selectors.risks import RISKS
from tests.factories import CampaignFactory, PhoneNumberAssignmentFactory

pytestmark = pytest.mark.django_db

HOME = "/admin/"


def seed_every_risk(n: int) -> None:
    """``n`` rows of every risk, and a near miss of each."""
    now = timezone.now()
    for index in range(n):
        CampaignFactory(create_date=now - timedelta(days=12, hours=index))
        carrier = CampaignFactory(campaign_status="MNO_PROVISIONED")
        PhoneNumberAssignmentFactory(campaign=carrier)
        CampaignMnoStatus.objects.create(
            campaign=carrier, network_id=10017, mno="AT&T", operation_status="SUSPENDED"
        )
        flagged = CampaignFactory(campaign_status="TCR_SUSPENDED", is_t_mobile_suspended=True)
        PhoneNumberAssignmentFactory(campaign=flagged)
        expiring = CampaignFactory(
            auto_renewal=False, next_renewal_or_expiration_date=now + timedelta(days=9)
        )
        PhoneNumberAssignmentFactory(campaign=expiring)
        pending = PhoneNumberAssignmentFactory(campaign=expiring, assignment_status="PENDING_ASSIGNMENT")
        PhoneNumberAssignment.objects.filter(pk=pending.pk).update(created_at=now - timedelta(hours=73))
    renewing = CampaignFactory(auto_renewal=True, next_renewal_or_expiration_date=now + timedelta(days=9))
    PhoneNumberAssignmentFactory(campaign=renewing)
    later = CampaignFactory(auto_renewal=False, next_renewal_or_expiration_date=now + timedelta(days=31))
    PhoneNumberAssignmentFactory(campaign=later)
    PhoneNumberAssignmentFactory(campaign=later, assignment_status="PENDING_ASSIGNMENT", created_at=now)


def cards(browser) -> dict:
    return {card.key: card for card in browser.get(HOME).context["risk_cards"]}


def test_each_risk_is_counted_and_the_soonest_dormancy_is_said(staff_client):
    seed_every_risk(2)

    found = cards(staff_client)

    assert {key: card.count for key, card in found.items()} == {
        "campaigns_dormancy": 2,
        "campaigns_carrier_suspended": 4,
        "campaigns_expiring": 2,
        "numbers_pending_long": 2,
    }
    soonest = timezone.localdate(timezone.now() - timedelta(days=12, hours=1) + timedelta(days=15))
    assert found["campaigns_dormancy"].todo == (
        f"Soonest: 3 days left, suspended on {soonest:%b} {soonest.day}, {soonest.year}. Assign a number:"
        " Telnyx suspends a campaign after 15 days without one."
    )


@pytest.mark.parametrize("key", [risk.key for risk in RISKS])
def test_each_risk_card_opens_the_list_of_the_rows_it_counts(compliance_admin_client, key):
    seed_every_risk(2)

    card = cards(compliance_admin_client)[key]
    listed = compliance_admin_client.get(card.url)

    assert card.url.endswith(f"?risk={key}")
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == card.count > 0


def home_page_queries(browser, rows: int) -> int:
    seed_every_risk(rows)
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(HOME).status_code == 200
    return len(queries)


def test_the_risks_cost_the_same_queries_for_few_and_many_rows(staff_client):
    few = home_page_queries(staff_client, 2)

    assert home_page_queries(staff_client, 20) == few


def test_nothing_at_risk_is_said_calmly(staff_client):
    page = staff_client.get(HOME).content.decode()

    assert page.count("Nothing at risk") == len(RISKS)
