"""Response objects: snake_case attributes through the table, the raw wire dict, nested and keyed objects."""

import pytest

from tendlc.client.brands import BrandFeedback, BrandFeedbackCategory, BrandListItem, TelnyxBrand
from tendlc.client.campaign_builder import UsecaseMetadata
from tendlc.client.campaigns import CampaignSharing, CampaignSharingStatus, MnoMetadata, MnoMetadataItem
from tendlc.client.objects import TenDLCObject

CARRIER = {
    "qualify": True,
    "mno": "Interop",
    "noEmbeddedLink": False,
    "noEmbeddedPhone": False,
    "reqSubscriberHelp": True,
    "reqSubscriberOptin": True,
    "reqSubscriberOptout": True,
    "mnoReview": False,
    "mnoSupport": True,
    "minMsgSamples": 1,
}


def test_attributes_are_the_snake_names_of_the_table():
    brand = TelnyxBrand({"displayName": "Acme", "webhookURL": "https://h.example", "isReseller": False})

    assert brand.display_name == "Acme"
    assert brand.webhook_url == "https://h.example"
    assert brand.is_reseller is False
    assert brand.raw == {"displayName": "Acme", "webhookURL": "https://h.example", "isReseller": False}


def test_a_declared_field_the_response_left_out_reads_none():
    assert TelnyxBrand({}).tcr_brand_id is None


def test_an_unknown_name_fails_loudly():
    with pytest.raises(
        AttributeError, match=r"TelnyxBrand has no field 'display_nam'; it carries \['display_name'\]"
    ):
        TelnyxBrand({"displayName": "Acme"}).display_nam  # noqa: B018 - the access is the test


def test_a_wire_key_missing_from_the_table_stays_reachable_by_its_wire_name():
    brand = TelnyxBrand({"brandNewField": 1})

    assert brand["brandNewField"] == 1
    with pytest.raises(AttributeError):
        brand.brand_new_field  # noqa: B018


def test_numeric_keys_read_with_an_underscore_as_in_the_sdk():
    metadata = MnoMetadata({"10999": CARRIER, "10017": {**CARRIER, "mno": "AT&T"}})

    assert isinstance(metadata._10999, MnoMetadataItem)
    assert metadata._10999.min_msg_samples == 1
    assert metadata["10017"].mno == "AT&T"
    assert sorted(metadata) == ["10017", "10999"]
    assert "_10999" in dir(metadata)


def test_nested_objects_take_their_declared_classes():
    feedback = BrandFeedback(
        {
            "brandId": "b1",
            "category": [
                {"id": "TAX_ID", "displayName": "Tax Id", "description": "No match.", "fields": ["ein"]}
            ],
        }
    )
    (category,) = feedback.category

    assert isinstance(category, BrandFeedbackCategory)
    assert (category.id, category.display_name, category.fields) == ("TAX_ID", "Tax Id", ["ein"])
    assert feedback.category is feedback.category  # built once


def test_maps_inside_objects_are_keyed_objects_too():
    qualification = UsecaseMetadata({"annualFee": 120.0, "mnoMetadata": {"10017": CARRIER}})

    assert qualification.annual_fee == 120.0
    assert qualification.mno_metadata._10017.qualify is True


def test_undeclared_nested_objects_are_plain_objects():
    sharing = CampaignSharing(
        {"sharedWithMe": {"sharingStatus": "ACCEPTED"}, "extra": {"upstreamCnpId": "X"}}
    )

    assert isinstance(sharing.shared_with_me, CampaignSharingStatus)
    assert sharing.shared_by_me is None
    assert type(sharing["extra"]) is TenDLCObject
    assert sharing["extra"].upstream_cnp_id == "X"


def test_the_brand_list_count_reads_under_both_spellings():
    item = BrandListItem({"assignedCampaingsCount": 2})

    assert item.assigned_campaigns_count == 2
    assert item.assigned_campaings_count == 2


def test_objects_are_read_only_mappings_compared_by_content():
    brand = TelnyxBrand({"brandId": "b1"})

    assert dict(brand) == {"brandId": "b1"}
    assert len(brand) == 1
    assert brand == TelnyxBrand({"brandId": "b1"})
    assert brand != TenDLCObject({"brandId": "b1"})
    assert repr(brand) == "TelnyxBrand({'brandId': 'b1'})"
