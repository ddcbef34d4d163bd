"""The numbers list at scale: a page, filtered, searched or deep, and a number's page cost the same queries
for a hundred rows as for ten thousand; the related filters are boxes answered by typing, not lists of every
campaign; and past the paginator's cap the list says "more than" instead of counting every row."""

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tendlc.models import Brand, Campaign, PartnerCampaign, PhoneNumberAssignment
from tests.factories import BrandFactory, CampaignFactory, PartnerCampaignFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/tendlc/phonenumberassignment/"
FEW, MANY = 100, 10_050


@dataclass
class Related:
    brand: Brand
    campaigns: list[Campaign]
    partner: PartnerCampaign


def related_records() -> Related:
    brand = BrandFactory()
    return Related(brand, [CampaignFactory(brand=brand) for _ in range(4)], PartnerCampaignFactory())


def numbers_up_to(total: int, related: Related) -> None:
    """Bulk-created rows up to ``total``: one in five on the partner campaign, the rest spread over ours."""
    start = PhoneNumberAssignment.objects.count()
    assignments = []
    for n in range(start, total):
        if n % 5 == 4:
            assignments.append(
                PhoneNumberAssignment(
                    phone_number=f"+1312{n:07d}",
                    partner_campaign=related.partner,
                    tcr_campaign_id=related.partner.tcr_campaign_id,
                    assignment_status="ASSIGNED",
                )
            )
        else:
            campaign = related.campaigns[n % 4]
            assignments.append(
                PhoneNumberAssignment(
                    phone_number=f"+1312{n:07d}",
                    campaign=campaign,
                    telnyx_campaign_id=campaign.campaign_id,
                    tcr_campaign_id=campaign.tcr_campaign_id,
                    brand_id=campaign.brand.brand_id,
                    assignment_status="ASSIGNED",
                )
            )
    PhoneNumberAssignment.objects.bulk_create(assignments, batch_size=2_000)


PAGES = {
    "list": lambda related: CHANGELIST,
    "filtered by campaign": lambda related: f"{CHANGELIST}?campaign__id__exact={related.campaigns[0].pk}",
    "filtered by brand": lambda related: (
        f"{CHANGELIST}?campaign__brand__brand_id__exact={related.brand.brand_id}"
    ),
    "filtered by partner campaign": lambda related: (
        f"{CHANGELIST}?partner_campaign__id__exact={related.partner.pk}"
    ),
    "searched by a number's start": lambda related: f"{CHANGELIST}?q=%28312%29%20000",
    "searched by a campaign id": lambda related: f"{CHANGELIST}?q={related.campaigns[1].tcr_campaign_id}",
    "last page": lambda related: f"{CHANGELIST}?p={last_page()}",
    "a number's page": lambda related: (
        f"{CHANGELIST}{PhoneNumberAssignment.objects.order_by('pk').last().pk}/change/"  # type: ignore[union-attr]
    ),
}


def last_page() -> int:
    # The paginator's pages stop at its cap of 10,000 rows: 100 pages of 100.
    return min(100, -(-PhoneNumberAssignment.objects.count() // 100))


def page_queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def test_each_page_costs_the_same_queries_for_a_hundred_rows_as_for_ten_thousand(staff_client):
    # One test for every page: seeding ten thousand rows once keeps it to a few seconds.
    related = related_records()
    numbers_up_to(FEW, related)
    page_queries(staff_client, PAGES["a number's page"](related))  # caches (content types) filled first
    few = {page: page_queries(staff_client, url(related))[0] for page, url in PAGES.items()}

    numbers_up_to(MANY, related)
    many = {page: page_queries(staff_client, url(related))[0] for page, url in PAGES.items()}

    assert many == few


def test_past_the_cap_the_list_says_more_than_and_does_not_count_the_rest(staff_client):
    related = related_records()
    numbers_up_to(MANY, related)

    _, html = page_queries(staff_client, CHANGELIST)

    assert "more than 10,000 number assignments: search, filter or sort the other way" in html
    assert "10,050" not in html
    assert "Select all more than 10,000 number assignments" in html
    assert 'href="?p=100"' in html
    assert 'href="?p=101"' not in html


def test_a_filtered_list_counts_exactly_below_the_cap(staff_client):
    related = related_records()
    numbers_up_to(FEW, related)

    _, html = page_queries(staff_client, f"{CHANGELIST}?partner_campaign__id__exact={related.partner.pk}")

    assert "20 number assignments" in html
    assert "more than" not in html


def test_the_filters_are_boxes_showing_only_the_chosen_campaign(staff_client):
    related = related_records()
    others = CampaignFactory.create_batch(30, brand=related.brand)
    numbers_up_to(FEW, related)
    chosen = related.campaigns[2]

    _, html = page_queries(staff_client, f"{CHANGELIST}?campaign__id__exact={chosen.pk}")

    assert html.count('class="autocomplete-filter"') == 3
    assert f'<option value="{chosen.pk}" selected>{chosen}</option>' in html
    assert all(f'<option value="{other.pk}"' not in html for other in [*others, *related.campaigns[:2]])
    assert 'data-parameter="campaign__id__exact"' in html
    assert 'data-clear-url="?"' in html
    assert "tendlc/autocomplete_filter.js" in html


def autocomplete(client, model_name: str, field_name: str, term: str) -> list[str]:
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "tendlc", "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return [result["id"] for result in response.json()["results"]]


def test_the_filters_boxes_answer_what_is_typed(staff_client):
    related = related_records()
    wanted = CampaignFactory(tcr_campaign_id="CZEBRA1", brand=BrandFactory(display_name="Zebra Co"))
    partner = PartnerCampaignFactory(tcr_campaign_id="CZEBRA2")

    assert autocomplete(staff_client, "phonenumberassignment", "campaign", "czebra") == [str(wanted.pk)]
    # A campaign's brand is its Telnyx id (the relation's to_field), so the box answers those.
    assert autocomplete(staff_client, "campaign", "brand", "zebra") == [wanted.brand.brand_id]
    assert autocomplete(staff_client, "phonenumberassignment", "partner_campaign", "czebra") == [
        str(partner.pk)
    ]
    assert str(related.partner.pk) not in autocomplete(
        staff_client, "phonenumberassignment", "partner_campaign", "czebra"
    )
