"""The brand list and the read-only lists of what brands record: columns, filters, search, CSV export, and a
number of queries per page that does not grow with the rows."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tendlc.models import BrandFeedback, BrandFeedbackCategory, ExternalVetting
from tests.factories import BrandFactory, SmsOtpVerificationFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/tendlc/brand/"


def listed(response) -> list[str]:
    return [brand.display_name for brand in response.context["cl"].result_list]


@pytest.fixture
def listed_brands():
    return {
        "verified": BrandFactory(
            display_name="Verified Co",
            phone="+12025550100",
            ein="123456789",
            tcr_brand_id="BVERIF1",
            email="ops@verified.example",
            assigned_campaigns_count=3,
        ),
        "pending": BrandFactory(
            display_name="Pending Co",
            status="REGISTRATION_PENDING",
            identity_status="UNVERIFIED",
            vertical="RETAIL",
            ein="987654321",
        ),
        "sole": BrandFactory(
            display_name="Jane Doe Studio",
            entity_type="SOLE_PROPRIETOR",
            company_name="",
            ein="",
            mobile_phone="+13125550123",
            identity_status="UNVERIFIED",
        ),
        "draft": BrandFactory(
            display_name="Draft Co",
            brand_id=None,
            tcr_brand_id="",
            status="",
            identity_status="",
            last_error="x",
        ),
        "deleted": BrandFactory(display_name="Deleted Co", remote_deleted_at=timezone.now()),
    }


def test_the_list_shows_badges_and_submission(staff_client, listed_brands):
    response = staff_client.get(LIST_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<span class="tendlc-badge tendlc-badge-good" data-status="VERIFIED">Verified</span>' in html
    assert (
        '<span class="tendlc-badge tendlc-badge-pending" data-status="REGISTRATION_PENDING">Registration pending</span>'
        in html
    )
    assert '<span class="tendlc-badge tendlc-badge-bad" data-status="FAILED">Not submitted</span>' in html
    assert '<span class="tendlc-badge tendlc-badge-neutral" data-status="EXPIRED">Deleted</span>' in html
    assert (
        f'<a href="/admin/tendlc/campaign/?brand__brand_id__exact={listed_brands["verified"].brand_id}">3</a>'
        in html
    )
    assert response.context["cl"].list_display == [
        "action_checkbox",
        "display_name",
        "entity_type",
        "identity_status_badge",
        "status_badge",
        "submission_badge",
        "campaigns",
        "created_at",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("entity_type__exact=SOLE_PROPRIETOR", ["Jane Doe Studio"]),
        ("status__exact=REGISTRATION_PENDING", ["Pending Co"]),
        ("identity_status__exact=UNVERIFIED", ["Pending Co", "Jane Doe Studio"]),
        ("vertical__exact=RETAIL", ["Pending Co"]),
        ("submission=draft", ["Draft Co"]),
        ("submission=deleted", ["Deleted Co"]),
        ("submission=submitted", ["Verified Co", "Pending Co", "Jane Doe Studio"]),
    ],
)
def test_filters(staff_client, listed_brands, query, expected):
    response = staff_client.get(f"{LIST_URL}?{query}")

    assert sorted(listed(response)) == sorted(expected)


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("verified", ["Verified Co"]),
        ("BVERIF1", ["Verified Co"]),
        ("ops@verified.example", ["Verified Co"]),
        ("987654321", ["Pending Co"]),
        ("98-7654321", ["Pending Co"]),
        ("+12025550100", ["Verified Co"]),
        ("(202) 555-0100", ["Verified Co"]),
        ("312-555-0123", ["Jane Doe Studio"]),
        ("Doe Studio", ["Jane Doe Studio"]),
    ],
)
def test_search(staff_client, listed_brands, term, expected):
    response = staff_client.get(LIST_URL, {"q": term})

    assert listed(response) == expected


def test_search_by_brand_id(staff_client, listed_brands):
    response = staff_client.get(LIST_URL, {"q": listed_brands["pending"].brand_id})

    assert listed(response) == ["Pending Co"]


def test_the_csv_export_writes_the_selected_brands(staff_client, listed_brands):
    selected = [listed_brands["verified"].pk, listed_brands["draft"].pk]

    response = staff_client.post(LIST_URL, {"action": "export_csv", "_selected_action": selected})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert sorted(
        (row["Display name"], row["Brand id"], row["Phone"], row["Submission"], row["Campaigns"])
        for row in rows
    ) == [
        ("Draft Co", "", "", "Not submitted", ""),
        ("Verified Co", listed_brands["verified"].brand_id, "+12025550100", "Submitted", "3"),
    ]


def page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def feedback_rows(count: int) -> None:
    for brand in BrandFactory.create_batch(count):
        feedback = BrandFeedback.objects.create(brand=brand, raw={})
        BrandFeedbackCategory.objects.create(
            feedback=feedback, category="TAX_ID", display_name="Tax Id", description="d", fields=["ein"]
        )


def vetting_rows(count: int) -> None:
    for index, brand in enumerate(BrandFactory.create_batch(count)):
        ExternalVetting.objects.create(
            brand=brand, evp_id="AEGIS", vetting_class="STANDARD", vetting_id=f"V{index}"
        )


@pytest.mark.parametrize(
    ("url", "make_rows"),
    [
        (LIST_URL, BrandFactory.create_batch),
        ("/admin/tendlc/brandfeedback/", feedback_rows),
        ("/admin/tendlc/externalvetting/", vetting_rows),
        ("/admin/tendlc/smsotpverification/", SmsOtpVerificationFactory.create_batch),
    ],
)
def test_a_page_costs_the_same_queries_for_10_or_120_rows(
    staff_client, django_assert_max_num_queries, url, make_rows
):
    make_rows(10)
    page_queries(staff_client, url)  # warms the per-process caches (content types, permissions)
    with django_assert_max_num_queries(12):
        staff_client.get(url)
    at_ten = page_queries(staff_client, url)

    make_rows(110)

    with django_assert_max_num_queries(at_ten):
        staff_client.get(url)
    assert page_queries(staff_client, url) == at_ten
