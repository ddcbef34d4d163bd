"""The status timeline over the API: the list with the admin's filters, and time in each status."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tendlc.models import CampaignMnoStatus, StatusChange
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/status-changes/"
TIME_IN_STATUS = f"{LIST}time-in-status/"


def entry(
    campaign, *, at, carrier="", field="campaign_status", old="MNO_PENDING", new="MNO_PROVISIONED", **more
):
    return StatusChange.objects.create(
        changed_at=at,
        subject="carrier_status" if carrier else "campaign",
        record_id=campaign.campaign_id,
        brand_id=campaign.brand_id,
        campaign_id=campaign.campaign_id,
        carrier=carrier,
        field=field,
        old_value=old,
        new_value=new,
        **more,
    )


def ids(api, query) -> list[int]:
    response = api.get(LIST, query)
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def test_the_list_answers_entries_newest_first_with_their_labels(staff_api):
    campaign = CampaignFactory()
    older = entry(campaign, at=timezone.now() - timedelta(hours=1))
    newer = entry(
        campaign,
        at=timezone.now(),
        carrier="T-Mobile",
        field="operation_status",
        old="APPROVED",
        new="SUSPENDED",
    )

    results = staff_api.get(LIST).json()["results"]

    assert [row["id"] for row in results] == [newer.pk, older.pk]
    assert {
        key: results[0][key] for key in ("subject_label", "carrier", "new_value", "cause", "cause_label")
    } == {
        "subject_label": "Carrier status",
        "carrier": "T-Mobile",
        "new_value": "SUSPENDED",
        "cause": "other",
        "cause_label": "Other",
    }


def test_the_list_filters_as_the_admin_does(staff_api):
    now = timezone.now()
    campaign, other = CampaignFactory(), CampaignFactory()
    suspension = entry(
        campaign, at=now, carrier="T-Mobile", field="operation_status", old="APPROVED", new="SUSPENDED"
    )
    last_year = entry(
        campaign,
        at=now - timedelta(days=400),
        carrier="T-Mobile",
        field="operation_status",
        old="APPROVED",
        new="SUSPENDED",
    )
    by_sync = entry(other, at=now, cause="sync_run")

    assert ids(staff_api, {"carrier": "T-Mobile", "new_value": "SUSPENDED", "period": "month"}) == [
        suspension.pk
    ]
    assert ids(staff_api, {"brand_id": other.brand_id}) == [by_sync.pk]
    assert ids(staff_api, {"cause": "sync_run"}) == [by_sync.pk]
    assert ids(staff_api, {"subject": "carrier_status"}) == [suspension.pk, last_year.pk]
    assert ids(staff_api, {"search": campaign.campaign_id}) == [suspension.pk, last_year.pk]
    assert ids(staff_api, {"changed_before": (now - timedelta(days=1)).isoformat()}) == [last_year.pk]
    assert staff_api.get(LIST, {"period": "fortnight"}).status_code == 400


def test_the_lists_queries_do_not_grow_with_its_rows(staff_api):
    campaign = CampaignFactory()
    entry(campaign, at=timezone.now())
    with CaptureQueriesContext(connection) as few:
        staff_api.get(LIST)
    for _ in range(10):
        entry(campaign, at=timezone.now())

    with CaptureQueriesContext(connection) as many:
        staff_api.get(LIST)

    assert len(many) == len(few)


def test_time_in_status_counts_from_the_campaigns_creation_to_now(staff_api):
    now = timezone.now()
    campaign = CampaignFactory(create_date=now - timedelta(hours=10), campaign_status="MNO_PROVISIONED")
    entry(campaign, at=now - timedelta(hours=4), old="MNO_PENDING", new="MNO_PROVISIONED")

    response = staff_api.get(
        TIME_IN_STATUS, {"subject": "campaign", "record_id": campaign.campaign_id, "field": "campaign_status"}
    )

    assert response.status_code == 200
    totals = response.json()["totals"]
    assert totals.keys() == {"MNO_PENDING", "MNO_PROVISIONED"}
    assert abs(totals["MNO_PENDING"] - 6 * 3600) <= 1
    assert abs(totals["MNO_PROVISIONED"] - 4 * 3600) <= 2
    assert [spell["until"] is None for spell in response.json()["spells"]] == [False, True]


def test_time_in_status_of_a_carrier(staff_api):
    now = timezone.now()
    campaign = CampaignFactory(create_date=now - timedelta(hours=10))
    CampaignMnoStatus.objects.create(
        campaign=campaign, network_id=10035, mno="T-Mobile", operation_status="SUSPENDED"
    )
    entry(
        campaign,
        at=now - timedelta(hours=2),
        carrier="T-Mobile",
        field="operation_status",
        old="APPROVED",
        new="SUSPENDED",
    )

    response = staff_api.get(
        TIME_IN_STATUS,
        {
            "subject": "carrier_status",
            "record_id": campaign.campaign_id,
            "field": "operation_status",
            "carrier": "T-Mobile",
        },
    )

    assert [spell["value"] for spell in response.json()["spells"]] == ["APPROVED", "SUSPENDED"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"subject": "campaign", "record_id": "x", "field": "usecase"}, "field"),
        ({"subject": "carrier_status", "record_id": "x", "field": "operation_status"}, "carrier"),
        ({"subject": "planet", "record_id": "x", "field": "status"}, "subject"),
    ],
)
def test_time_in_status_refuses_a_bad_query_at_its_parameter(staff_api, query, field):
    response = staff_api.get(TIME_IN_STATUS, query)

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_time_in_status_of_a_record_not_stored_is_a_404(staff_api):
    response = staff_api.get(TIME_IN_STATUS, {"subject": "campaign", "record_id": "nope", "field": "status"})

    assert response.status_code == 404
