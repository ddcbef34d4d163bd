"""A scheduled check that finds a status changed records it with the check as its cause, once: the same
check run again finds nothing new."""

import pytest

from tendlc.models import StatusChange
from tendlc.tasks.polling import refresh_campaign
from tests.fixtures.brands import mirror_brand
from tests.fixtures.campaigns import campaign_fields, mirror_campaign

pytestmark = pytest.mark.django_db

TCR_REVIEW_SECONDS = 2


def test_a_campaign_refresh_records_the_status_it_found_changed(portal_api, make_brand, dlc, advance):
    brand = make_brand()
    mirror_brand(dlc.brand.retrieve(brand.brand_id).raw)
    submitted = dlc.campaign_builder.submit(**campaign_fields(brand.brand_id))
    campaign = mirror_campaign(dlc.campaign.retrieve(submitted.campaign_id).raw)
    advance(TCR_REVIEW_SECONDS)

    refresh_campaign.apply(args=(campaign.pk,))
    refresh_campaign.apply(args=(campaign.pk,))

    found = StatusChange.objects.order_by("field").values_list(
        "record_id", "field", "old_value", "new_value", "cause", "cause_detail"
    )
    assert list(found) == [
        (campaign.campaign_id, "campaign_status", "TCR_PENDING", "TCR_ACCEPTED", "poll", "refresh campaign"),
        (campaign.campaign_id, "submission_status", "PENDING", "CREATED", "poll", "refresh campaign"),
    ]
