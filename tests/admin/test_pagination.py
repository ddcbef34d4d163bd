"""The capped paginator: it counts no further than its cap and says so in plain words."""

import pytest

from tendlc.admin import pagination
from tendlc.admin.pagination import CappedPaginator
from tendlc.models import PhoneNumberAssignment
from tests.factories import PhoneNumberAssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rows", "count", "words", "pages"),
    [(0, 0, "0", 1), (3, 3, "3", 2), (5, 5, "5", 3), (6, 5, "more than 5", 3)],
)
def test_the_count_stops_at_the_cap_and_says_more(monkeypatch, rows, count, words, pages):
    monkeypatch.setattr(pagination, "COUNT_CAP", 5)
    for _ in range(rows):
        PhoneNumberAssignmentFactory()

    paginator = CappedPaginator(PhoneNumberAssignment.objects.all(), 2)

    assert (paginator.count, paginator.count_words, paginator.num_pages) == (count, words, pages)
    assert paginator.more is (rows > 5)


@pytest.mark.parametrize(("rows", "words"), [(1_500, "1,500"), (2_001, "more than 2,000")])
def test_thousands_are_grouped(monkeypatch, rows, words):
    monkeypatch.setattr(pagination, "COUNT_CAP", 2_000)
    PhoneNumberAssignment.objects.bulk_create(
        PhoneNumberAssignment(phone_number=f"+1202555{n:04d}") for n in range(rows)
    )

    assert CappedPaginator(PhoneNumberAssignment.objects.all(), 100).count_words == words


def test_a_search_past_the_cap_says_more_than_the_cap_not_the_cap(staff_client, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 5)
    PhoneNumberAssignment.objects.bulk_create(
        PhoneNumberAssignment(phone_number=f"+1202555{n:04d}") for n in range(7)
    )

    page = staff_client.get("/admin/tendlc/phonenumberassignment/", {"q": "202555"}).content.decode()

    assert "more than 5 results" in page
    assert "5 results" not in page.replace("more than 5 results", "")


def test_a_search_within_the_cap_says_how_many_it_found(staff_client, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 5)
    PhoneNumberAssignment.objects.bulk_create(
        PhoneNumberAssignment(phone_number=f"+1202555{n:04d}") for n in range(7)
    )

    page = staff_client.get("/admin/tendlc/phonenumberassignment/", {"q": "2025550001"}).content.decode()

    assert "1 result (" in page
