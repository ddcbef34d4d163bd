"""The save buttons of each add and change page: only those that do something other than "Save" does."""

import re

import pytest

from tests.factories import (
    AssignmentTaskFactory,
    BrandFactory,
    CampaignFactory,
    PartnerCampaignFactory,
    PhoneNumberAssignmentFactory,
)

pytestmark = pytest.mark.django_db

BUTTON = re.compile(r'<input type="submit" value="[^"]*" (?:class="default" )?name="(_\w+)"')


def page(kind: str) -> str:
    """The address of one add or change page of the admin."""
    match kind:
        case "brand add":
            return "/admin/tendlc/brand/add/"
        case "brand change":
            return f"/admin/tendlc/brand/{BrandFactory().pk}/change/"
        case "campaign change":
            return f"/admin/tendlc/campaign/{CampaignFactory().pk}/change/"
        case "number assign":
            return "/admin/tendlc/phonenumberassignment/add/"
        case "number move":
            return f"/admin/tendlc/phonenumberassignment/{PhoneNumberAssignmentFactory().pk}/change/"
        case "profile assignment start":
            return "/admin/tendlc/assignmenttask/add/"
        case "profile assignment task":
            return f"/admin/tendlc/assignmenttask/{AssignmentTaskFactory().pk}/change/"
        case "upload":
            return "/admin/tendlc/numberupload/add/"
        case "partner campaign":
            return f"/admin/tendlc/partnercampaign/{PartnerCampaignFactory().pk}/change/"
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "buttons"),
    [
        ("brand add", ["_save", "_continue"]),
        ("brand change", ["_save", "_continue"]),
        ("campaign change", ["_save", "_continue"]),
        # These land on the record's page whichever button was pressed.
        ("number assign", ["_save"]),
        ("number move", ["_save"]),
        ("profile assignment start", ["_save"]),
        ("upload", ["_save"]),
        # Read-only: nothing to save.
        ("profile assignment task", []),
        ("partner campaign", []),
    ],
)
def test_each_page_offers_only_the_buttons_that_mean_something(compliance_admin_client, kind, buttons):
    response = compliance_admin_client.get(page(kind))

    assert response.status_code == 200
    assert BUTTON.findall(response.content.decode()) == buttons
