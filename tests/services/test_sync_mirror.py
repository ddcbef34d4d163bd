"""A full sync against the live sandbox mirrors every record field by field, through creations, changes and
deletions made remotely, and writes nothing when nothing changed."""

import pytest

from tendlc.models import (
    Brand,
    Campaign,
    CampaignStatusCount,
    PartnerCampaign,
    PhoneNumberAssignment,
    SyncRun,
    SyncRunState,
)
from tendlc.services.sync import mirror_rows_load, sync_all
from tendlc.services.sync._resources import MIRRORS_BY_RESOURCE, campaigns_write
from tendlc.services.sync._runs import UnitResult
from tests.fixtures.sync import World, assert_mirrors, row_counts
from tests.sandbox.brand_payloads import brand_body

pytestmark = pytest.mark.django_db(transaction=True)

# Small pages, so every listing takes several and the number ranges leave gaps between units.
PER_PAGE = 2


def counts(run: SyncRun, **expected: dict[str, int]) -> dict[str, dict[str, int]]:
    zero = {"created": 0, "updated": 0, "unchanged": 0, "deleted": 0, "skipped": 0}
    return {resource: {**zero, **values} for resource, values in expected.items()}


def seed_account(world: World) -> dict[str, str]:
    """Three brands with two campaigns of two numbers each, two partner campaigns (one with a number of its
    own), one campaign shared by us."""
    world.control.seed(brands=3, campaignsPerBrand=2, numbersPerCampaign=2, partnerCampaigns=2)
    partner = world.api.get("/10dlc/partner_campaigns")["records"][0]["tcrCampaignId"]
    world.api.post("/10dlc/phone_number_campaigns", {"phoneNumber": "+13125550101", "campaignId": partner})
    world.control.advance(3)
    campaign = world.api.get("/10dlc/phone_number_campaigns?recordsPerPage=1")["records"][0]
    world.control.post(
        "/shared_by_me", {"campaignId": campaign["tcrCampaignId"], "brandId": campaign["brandId"]}
    )
    return {"partner": partner}


def test_a_first_sync_mirrors_every_record_field_by_field(sync_world):
    seed_account(sync_world)

    run = sync_all(client=sync_world.client, workers=2, per_page=PER_PAGE)

    assert run.state == SyncRunState.SUCCEEDED
    assert run.errors == []
    assert run.counts == counts(
        run,
        brands={"created": 3},
        campaigns={"created": 6},
        partner_campaigns={"created": 2},
        shared_campaigns={"created": 1},
        phone_numbers={"created": 13},
    )
    assert run.pages_done == run.pages_known
    assert run.finished_at is not None
    remote = assert_mirrors(sync_world.client)
    assert {name: len(records) for name, records in remote.items()} == row_counts()
    number = PhoneNumberAssignment.objects.get(phone_number="+13125550101")
    assert number.partner_campaign.tcr_campaign_id == number.tcr_campaign_id
    # S1 lists only the partner campaigns Telnyx accepted: the list's sharing column says so, not "-".
    assert list(PartnerCampaign.objects.values_list("sharing_status", flat=True)) == ["ACCEPTED", "ACCEPTED"]
    assert number.raw["phoneNumber"] == "+13125550101"
    # The day's campaign status counts, for the dashboard's chart, as the sync left the campaigns.
    statuses = Campaign.objects.values_list("campaign_status", flat=True)
    assert dict(CampaignStatusCount.objects.values_list("campaign_status", "count")) == {
        status: list(statuses).count(status) for status in set(statuses)
    }


def test_remote_creations_changes_and_deletions_reach_the_mirror(sync_world):
    seed_account(sync_world)
    sync_all(client=sync_world.client, per_page=PER_PAGE)
    numbers = sync_world.api.get("/10dlc/phone_number_campaigns?sort=phoneNumber&recordsPerPage=20")[
        "records"
    ]
    brands = sync_world.api.get("/10dlc/brand?sort=createdAt")["records"]
    doomed_brand, changed_brand = brands[0]["brandId"], brands[1]["brandId"]
    changed_campaign = sync_world.api.get(f"/10dlc/campaign?brandId={changed_brand}")["records"][0][
        "campaignId"
    ]

    # Created: a brand registered through the API, a seeded brand with a campaign and numbers, a partner campaign.
    sync_world.api.post("/10dlc/brand", brand_body(displayName="Brand New Inc"))
    sync_world.control.seed(brands=1, campaignsPerBrand=1, numbersPerCampaign=3)
    sync_world.control.post("/partner_campaigns", {"accepted": True})
    # Changed: a brand's name, a campaign's sample, a number's status.
    brand = sync_world.api.get(f"/10dlc/brand/{changed_brand}")
    sync_world.api.put(
        f"/10dlc/brand/{changed_brand}",
        {key: brand[key] for key in ("entityType", "country", "email", "vertical", "companyName", "ein")}
        | {"displayName": "Renamed Brand"},
    )
    sync_world.api.put(f"/10dlc/campaign/{changed_campaign}", {"sample1": "Renamed: reply STOP to opt out."})
    sync_world.control.post(
        f"/phone_numbers/{numbers[4]['phoneNumber']}/transition", {"assignmentStatus": "FAILED_ASSIGNMENT"}
    )
    # Deleted: a brand (its campaigns deactivated first, as the API demands), and two numbers, one at a page
    # boundary and one in the middle of a page.
    for campaign in sync_world.api.get(f"/10dlc/campaign?brandId={doomed_brand}")["records"]:
        sync_world.api.delete(f"/10dlc/campaign/{campaign['campaignId']}")
    sync_world.api.delete(f"/10dlc/brand/{doomed_brand}")
    for number in (numbers[1], numbers[6]):
        sync_world.api.delete(f"/10dlc/phone_number_campaigns/{number['phoneNumber']}")
    sync_world.control.advance(3)

    run = sync_all(client=sync_world.client, workers=2, per_page=PER_PAGE)

    assert run.state == SyncRunState.SUCCEEDED
    assert run.counts == counts(
        run,
        brands={"created": 2, "updated": 1, "unchanged": 1, "deleted": 1},
        # Updated: the renamed sample's campaign and the campaign whose number failed (its count of assigned
        # numbers dropped); the deleted brand's two campaigns are gone with it.
        campaigns={"created": 1, "updated": 2, "unchanged": 2, "deleted": 2},
        partner_campaigns={"created": 1, "unchanged": 2},
        shared_campaigns={"unchanged": 1},
        phone_numbers={"created": 3, "updated": 1, "unchanged": 10, "deleted": 2},
    )
    assert_mirrors(sync_world.client)
    assert row_counts() == {
        "brands": 5,
        "campaigns": 7,
        "partner_campaigns": 3,
        "shared_campaigns": 1,
        "phone_numbers": 16,
    }
    gone = Brand.objects.get(brand_id=doomed_brand)
    assert run.started_at <= gone.remote_deleted_at <= run.finished_at
    assert Campaign.objects.filter(brand_id=doomed_brand, remote_deleted_at__isnull=False).count() == 2
    assert set(
        PhoneNumberAssignment.objects.filter(remote_deleted_at__isnull=False).values_list(
            "phone_number", flat=True
        )
    ) == {numbers[1]["phoneNumber"], numbers[6]["phoneNumber"]}
    assert Brand.objects.get(brand_id=changed_brand).display_name == "Renamed Brand"


def test_a_record_that_comes_back_is_no_longer_marked_gone(sync_world):
    sync_world.control.seed(brands=1, campaignsPerBrand=1, numbersPerCampaign=2)
    number = sync_world.api.get("/10dlc/phone_number_campaigns")["records"][0]
    sync_all(client=sync_world.client, per_page=PER_PAGE)
    sync_world.api.delete(f"/10dlc/phone_number_campaigns/{number['phoneNumber']}")
    sync_world.control.advance(3)
    sync_all(client=sync_world.client, per_page=PER_PAGE)
    assert PhoneNumberAssignment.objects.get(phone_number=number["phoneNumber"]).remote_deleted_at is not None

    sync_world.api.post(
        "/10dlc/phone_number_campaigns",
        {"phoneNumber": number["phoneNumber"], "campaignId": number["telnyxCampaignId"]},
    )
    sync_world.control.advance(3)
    run = sync_all(client=sync_world.client, per_page=PER_PAGE)

    assert run.counts["phone_numbers"] == {
        "created": 0,
        "updated": 1,
        "unchanged": 1,
        "deleted": 0,
        "skipped": 0,
    }
    assert PhoneNumberAssignment.objects.get(phone_number=number["phoneNumber"]).remote_deleted_at is None
    assert_mirrors(sync_world.client)


def test_a_sync_of_an_unchanged_account_writes_no_row(sync_world):
    seed_account(sync_world)
    sync_all(client=sync_world.client, per_page=PER_PAGE)
    before = {
        resource: dict(mirror.model.objects.values_list(mirror.key, "changed_at"))
        for resource, mirror in MIRRORS_BY_RESOURCE.items()
    }

    run = sync_all(client=sync_world.client, workers=3, per_page=PER_PAGE)

    assert run.counts == counts(
        run,
        brands={"unchanged": 3},
        campaigns={"unchanged": 6},
        partner_campaigns={"unchanged": 2},
        shared_campaigns={"unchanged": 1},
        phone_numbers={"unchanged": 13},
    )
    after = {
        resource: dict(mirror.model.objects.values_list(mirror.key, "changed_at"))
        for resource, mirror in MIRRORS_BY_RESOURCE.items()
    }
    assert after == before


def test_campaigns_of_a_brand_not_stored_are_skipped_and_counted(sync_world):
    sync_world.control.seed(brands=1, campaignsPerBrand=2)
    brand_id = sync_world.api.get("/10dlc/brand")["records"][0]["brandId"]
    payloads = sync_world.api.get(f"/10dlc/campaign?brandId={brand_id}")["records"]
    result = UnitResult()

    seen = campaigns_write([(p, MIRRORS_BY_RESOURCE["campaigns"].values(p)) for p in payloads], result)

    assert seen == {p["campaignId"] for p in payloads}
    assert result.counts["campaigns"].skipped == 2
    assert result.errors == [f"campaigns of unknown brands skipped: {brand_id}"]
    assert Campaign.objects.count() == 0


def test_loading_rows_writes_every_record_as_a_sync_would_with_numbers_linked(sync_world):
    sync_world.control.seed(brands=2, campaignsPerBrand=2, numbersPerCampaign=2)
    api = sync_world.client.messaging_10dlc
    brands = [api.brand.retrieve(item.brand_id).raw for item in api.brand.list().auto_paging_iter()]
    campaigns = [
        campaign.raw
        for brand in brands
        for campaign in api.campaign.list(brand_id=brand["brandId"]).auto_paging_iter()
    ]
    numbers = [item.raw for item in api.phone_number_campaigns.list().auto_paging_iter()]

    loaded = [
        mirror_rows_load(resource="brands", payloads=brands),
        mirror_rows_load(resource="campaigns", payloads=campaigns),
        mirror_rows_load(resource="phone_numbers", payloads=numbers),
    ]

    assert loaded == [2, 4, 8]
    assert_mirrors(sync_world.client)
