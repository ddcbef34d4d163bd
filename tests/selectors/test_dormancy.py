"""Days left before dormancy: counted from provisioning or from the last number leaving, none with numbers."""

from datetime import UTC, datetime, timedelta

import pytest

from tendlc.models import StatusChange, StatusSubject, WebhookEvent
from tendlc.selectors.dormancy import (
    campaign_dormancy_risk,
    campaign_is_dormant,
    campaign_list_at_dormancy_risk,
    dormancy_risk_at,
)
from tests.factories import CampaignFactory, PhoneNumberAssignmentFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def test_a_provisioned_campaign_without_numbers_counts_from_its_creation():
    campaign = CampaignFactory(create_date=days_ago(4))

    risk = campaign_dormancy_risk(campaign=campaign, now=NOW)

    assert risk is not None
    assert (risk.since, risk.days_left, risk.suspends_at) == (
        days_ago(4),
        11,
        days_ago(4) + timedelta(days=15),
    )


def test_the_provisioning_event_is_preferred_to_the_creation_date():
    campaign = CampaignFactory(create_date=days_ago(30))
    WebhookEvent.objects.create(
        body_hash="1" * 64, body="{}", campaign_id=campaign.campaign_id, payload_type="VERIFIED",
        occurred_at=days_ago(2),
    )  # fmt: skip

    risk = campaign_dormancy_risk(campaign=campaign, now=NOW)

    assert risk is not None
    assert (risk.since, risk.days_left) == (days_ago(2), 13)


def test_becoming_provisioned_again_on_the_timeline_is_preferred_to_the_provisioning_event():
    campaign = CampaignFactory(create_date=days_ago(60))
    WebhookEvent.objects.create(
        body_hash="2" * 64, body="{}", campaign_id=campaign.campaign_id, payload_type="VERIFIED",
        occurred_at=days_ago(50),
    )  # fmt: skip
    for field, new_value, when in [
        ("campaign_status", "TCR_SUSPENDED", days_ago(10)),
        ("campaign_status", "MNO_PROVISIONED", days_ago(3)),
        ("is_t_mobile_suspended", "False", days_ago(1)),
    ]:
        StatusChange.objects.create(
            subject=StatusSubject.CAMPAIGN, record_id=campaign.campaign_id, field=field, new_value=new_value,
            changed_at=when,
        )  # fmt: skip

    risk = campaign_dormancy_risk(campaign=campaign, now=NOW)

    assert risk is not None
    assert (risk.since, risk.days_left) == (days_ago(3), 12)


def test_the_last_number_leaving_restarts_the_count():
    campaign = CampaignFactory(create_date=days_ago(60))
    PhoneNumberAssignmentFactory(campaign=campaign, remote_deleted_at=days_ago(20))
    PhoneNumberAssignmentFactory(campaign=campaign, remote_deleted_at=days_ago(1.5))

    risk = campaign_dormancy_risk(campaign=campaign, now=NOW)

    assert risk is not None
    assert (risk.since, risk.days_left) == (days_ago(1.5), 14)


@pytest.mark.parametrize(
    "status", ["PENDING_ASSIGNMENT", "ASSIGNED", "PENDING_UNASSIGNMENT", "FAILED_UNASSIGNMENT"]
)
def test_a_campaign_with_a_number_on_it_is_not_at_risk(status):
    campaign = CampaignFactory(create_date=days_ago(60))
    PhoneNumberAssignmentFactory(campaign=campaign, assignment_status=status)

    assert campaign_dormancy_risk(campaign=campaign, now=NOW) is None
    assert list(campaign_list_at_dormancy_risk()) == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"campaign_status": "MNO_PENDING"},
        {"status": "EXPIRED"},
        {"is_t_mobile_registered": False},
        {"remote_deleted_at": NOW},
    ],
)
def test_campaigns_that_cannot_go_dormant_are_not_at_risk(overrides):
    campaign = CampaignFactory(create_date=days_ago(3), **overrides)

    assert campaign_dormancy_risk(campaign=campaign, now=NOW) is None


def test_a_failed_assignment_does_not_count():
    campaign = CampaignFactory(create_date=days_ago(3))
    PhoneNumberAssignmentFactory(campaign=campaign, assignment_status="FAILED_ASSIGNMENT")

    assert campaign_dormancy_risk(campaign=campaign, now=NOW) is not None


@pytest.mark.parametrize(
    ("since", "days_left"),
    [(days_ago(0), 15), (days_ago(14.9), 1), (days_ago(15), 0), (days_ago(40), 0)],
)
def test_days_left_are_whole_days_rounded_up_and_never_negative(since, days_left):
    assert dormancy_risk_at(since, now=NOW).days_left == days_left


def test_the_risk_list_is_soonest_first():
    later = CampaignFactory(create_date=days_ago(1))
    sooner = CampaignFactory(create_date=days_ago(10))
    CampaignFactory(create_date=days_ago(10), campaign_status="TCR_SUSPENDED")

    assert list(campaign_list_at_dormancy_risk()) == [sooner, later]


def test_dormant_is_suspended_with_t_mobile_suspended_and_no_numbers():
    dormant = CampaignFactory(campaign_status="TCR_SUSPENDED", is_t_mobile_suspended=True)
    registry = CampaignFactory(campaign_status="TCR_SUSPENDED", is_t_mobile_suspended=False)
    with_numbers = CampaignFactory(campaign_status="TCR_SUSPENDED", is_t_mobile_suspended=True)
    PhoneNumberAssignmentFactory(campaign=with_numbers)

    assert [campaign_is_dormant(c) for c in (dormant, registry, with_numbers)] == [True, False, False]
