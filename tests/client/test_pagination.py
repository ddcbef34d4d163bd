"""Iteration across pages for each pagination style of reference §1.8, counting the requests it takes."""

import logging

import pytest

from tendlc.client.pagination import ArrayPage, CountedPage, RecordsPage
from tests.fixtures.brands import brand_fields
from tests.fixtures.scripted_server import Scripted

PROFILE = "profile-pagination"


@pytest.fixture
def requests_made(caplog):
    """The paths of the requests the client made (its one log line each)."""
    caplog.set_level(logging.INFO, logger="tendlc.client")

    def paths(prefix: str) -> list[str]:
        return [
            r.http_path
            for r in caplog.records
            if r.name == "tendlc.client" and r.http_path.startswith(prefix)
        ]

    return paths


@pytest.fixture
def paged_brand_ids(dlc):
    return [dlc.brand.create(**brand_fields(f"Paged Brand {n:02d}")).brand_id for n in range(23)]


def test_p1_brands_across_pages_asks_for_no_page_past_the_end(dlc, paged_brand_ids, requests_made):
    pages = list(dlc.brand.list(records_per_page=5, sort="displayName").iter_pages())

    assert [len(page.records) for page in pages] == [5, 5, 5, 5, 3]
    assert [brand.display_name for page in pages for brand in page.records] == [
        f"Paged Brand {n:02d}" for n in range(23)
    ]
    assert len(requests_made("/10dlc/brand")) == 5


def test_p1_one_page_holding_the_total_is_one_request(dlc, paged_brand_ids, requests_made):
    page = dlc.brand.list(records_per_page=23)

    assert len(list(page.auto_paging_iter())) == 23
    assert page.has_next_page() is False
    assert len(requests_made("/10dlc/brand")) == 1


def test_p1_a_full_last_page_ends_the_walk_without_asking_for_an_empty_one(
    dlc, paged_brand_ids, requests_made
):
    """The SDK would ask for page 3 here (it compares the page number, 2, with the total, 10)."""
    page = dlc.brand.list(records_per_page=5, display_name="Paged Brand 1", sort="displayName")

    assert [brand.display_name for brand in page.auto_paging_iter()] == [
        f"Paged Brand {n}" for n in range(10, 20)
    ]
    assert len(requests_made("/10dlc/brand")) == 2


def test_p1_without_a_page_size_takes_the_first_pages(dlc, paged_brand_ids, requests_made):
    page = dlc.brand.list(sort="displayName")

    assert page.per_page == len(page.records) == 10  # the sandbox's default, as reference B1 says
    assert len(list(page.auto_paging_iter())) == 23
    assert len(requests_made("/10dlc/brand")) == 3


def test_p1_can_start_on_a_later_page(dlc, paged_brand_ids):
    page = dlc.brand.list(page=4, records_per_page=5, sort="displayName")

    assert page.page == 4
    assert [brand.display_name for brand in page.auto_paging_iter()] == [
        f"Paged Brand {n:02d}" for n in range(15, 23)
    ]
    last = page.get_next_page()
    assert last.page == 5
    with pytest.raises(RuntimeError, match="page 5 is the last page"):
        last.get_next_page()


def test_p1_campaigns(dlc, verified_brand, make_campaign):
    # Five: the most campaigns a brand may have.
    submitted = {make_campaign(verified_brand.brand_id, provisioned=False).campaign_id for _ in range(5)}

    page = dlc.campaign.list(brand_id=verified_brand.brand_id, records_per_page=2)

    assert isinstance(page, CountedPage)
    assert (page.page, page.total_records) == (1, 5)
    assert {campaign.campaign_id for campaign in page.auto_paging_iter()} == submitted
    assert [len(p.records) for p in page.iter_pages()] == [2, 2, 1]


def test_p1_partner_campaigns(dlc, sandbox_control):
    shared = {
        sandbox_control.post("/partner_campaigns", {"accepted": True}).json["tcrCampaignId"]
        for _ in range(12)
    }
    sandbox_control.post("/partner_campaigns", {"accepted": False})  # pending shares are not listed

    page = dlc.partner_campaigns.list(records_per_page=5)

    assert page.total_records == 12
    assert {campaign.tcr_campaign_id for campaign in page.auto_paging_iter()} == shared


def test_p1_campaigns_shared_by_me(dlc, sandbox_control):
    shared = {sandbox_control.post("/shared_by_me", {}).json["campaignId"] for _ in range(11)}

    page = dlc.partner_campaigns.list_shared_by_me(records_per_page=4)

    assert [len(p.records) for p in page.iter_pages()] == [4, 4, 3]
    assert {campaign.campaign_id for campaign in page.auto_paging_iter()} == shared


def test_p1_phone_number_campaigns_with_a_filter(dlc, verified_brand, make_campaign):
    first = make_campaign(verified_brand.brand_id)
    second = make_campaign(verified_brand.brand_id)
    for n in range(25):
        dlc.phone_number_campaigns.create(
            campaign_id=(first if n % 2 else second).campaign_id, phone_number=f"+1202555{n:04d}"
        )

    everything = dlc.phone_number_campaigns.list(records_per_page=10, sort="phoneNumber")
    of_first = dlc.phone_number_campaigns.list(
        filter={"telnyx_campaign_id": first.campaign_id}, records_per_page=5, sort="phoneNumber"
    )

    assert [n.phone_number for n in everything.auto_paging_iter()] == [f"+1202555{n:04d}" for n in range(25)]
    assert [n.phone_number for n in of_first.auto_paging_iter()] == [
        f"+1202555{n:04d}" for n in range(1, 25, 2)
    ]
    assert [len(p.records) for p in of_first.iter_pages()] == [5, 5, 2]


@pytest.mark.parametrize(("numbers", "pages"), [(45, [10, 10, 10, 10, 5]), (40, [10, 10, 10, 10, 0])])
def test_p2_task_numbers_stop_at_a_short_or_empty_page(
    dlc, sandbox_control, provisioned_campaign, requests_made, numbers, pages
):
    """No total comes back, so only a short (or, after a full one, an empty) page says the list ended."""
    profile_numbers = [f"+1303555{n:04d}" for n in range(numbers)]
    sandbox_control.post(f"/messaging_profiles/{PROFILE}/numbers", {"phoneNumbers": profile_numbers})
    task = dlc.phone_number_assignment_by_profile.assign(
        messaging_profile_id=PROFILE, campaign_id=provisioned_campaign.campaign_id
    )

    page = dlc.phone_number_assignment_by_profile.list_phone_number_status(task.task_id, records_per_page=10)

    assert isinstance(page, RecordsPage)
    assert (page.page, page.total_records) == (1, None)
    assert [number.phone_number for number in page.auto_paging_iter()] == profile_numbers
    assert [len(p.records) for p in page.iter_pages()] == pages
    assert [p.page for p in page.iter_pages()] == [1, 2, 3, 4, 5]


def test_p3_the_sandboxs_public_companies_fit_one_page(dlc):
    page = dlc.get_enum("approvedPublicCompany")

    assert isinstance(page, CountedPage)
    assert (page.page, page.total_records, page.has_next_page()) == (1, 5, False)
    assert [company.symbol for company in page.auto_paging_iter()] == ["FLWS", "AAPL", "MSFT", "JNJ", "WMT"]


def test_p3_across_pages(scripted_server, scripted_client):
    """The sandbox answers all its companies on one page, so a paged enum comes from a scripted server."""
    companies = [{"symbol": symbol, "exchange": "NYSE"} for symbol in ("A", "B", "C", "D", "E")]
    scripted_server.script(
        *(
            Scripted.json(200, {"page": number, "totalRecords": 5, "records": companies[start : start + 2]})
            for number, start in ((1, 0), (2, 2), (3, 4))
        )
    )

    page = scripted_client.messaging_10dlc.get_enum("approvedPublicCompany")

    assert [company.symbol for company in page.auto_paging_iter()] == ["A", "B", "C", "D", "E"]
    assert [request["path"] for request in scripted_server.requests] == [
        "/v2/10dlc/enum/approvedPublicCompany",
        "/v2/10dlc/enum/approvedPublicCompany?page=2",
        "/v2/10dlc/enum/approvedPublicCompany?page=3",
    ]


def test_p4_external_vettings_are_one_page_and_a_sequence(dlc, verified_brand, advance):
    ordered = [
        dlc.brand.external_vetting.order(
            verified_brand.brand_id, evp_id=provider, vetting_class=vetting_class
        )
        for provider in ("AEGIS", "CV", "WMC")
        for vetting_class in ("STANDARD", "POLITICAL", "ENHANCED")
    ]
    advance(10)

    page = dlc.brand.external_vetting.list(verified_brand.brand_id)

    assert isinstance(page, ArrayPage)
    assert (page.page, page.total_records, page.has_next_page()) == (1, 9, False)
    assert sorted(vetting.vetting_id for vetting in page) == sorted(vetting.vetting_id for vetting in ordered)
    assert list(page.auto_paging_iter()) == list(page) == page.records
    assert len(page) == 9
    assert page[0].vetting_score == 75
    assert page.raw[0]["vettingScore"] == 75
    assert page[-1].vetted_date == "2026-09-21T14:13:35+00:00"


def test_pages_are_not_iterable_themselves(dlc):
    """``for x in page`` would hide whether it walks one page or all: say which."""
    with pytest.raises(TypeError):
        iter(dlc.brand.list())
