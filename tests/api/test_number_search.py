"""``/number-assignments/?search=`` finds a number as the admin's search box does: by any form it is typed
in, or its start, or a whole campaign or brand id (``tendlc.selectors.number_search``)."""

from urllib.parse import quote

import pytest

from tests.factories import CampaignFactory, PhoneNumberAssignmentFactory

pytestmark = pytest.mark.django_db


def searched(admin_api, term: str) -> list[str]:
    response = admin_api.get(f"/api/v1/number-assignments/?search={quote(term)}")
    assert response.status_code == 200, response.json()
    return sorted(row["phone_number"] for row in response.json()["results"])


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("+1 503 555 0101", ["+15035550101"]),
        ("(503) 555-0101", ["+15035550101"]),
        ("5035550101", ["+15035550101"]),
        ("15035550101", ["+15035550101"]),
        ("503555", ["+15035550101", "+15035550102"]),
        ("+1503", ["+15035550101", "+15035550102"]),
        ("cabc123", ["+15035550101"]),
        ("5550101", []),
    ],
)
def test_the_api_finds_numbers_by_any_form_typed(admin_api, term, expected):
    PhoneNumberAssignmentFactory(
        phone_number="+15035550101", campaign=CampaignFactory(tcr_campaign_id="CABC123")
    )
    PhoneNumberAssignmentFactory(phone_number="+15035550102")
    PhoneNumberAssignmentFactory(phone_number="+12025550101")

    assert searched(admin_api, term) == expected
