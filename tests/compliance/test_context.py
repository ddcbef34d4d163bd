"""A context read from JSON: its parts optional, its mistakes reported by name."""

import pytest

from tendlc.compliance import CheckContext, OtherCampaign, Qualification
from tendlc.compliance.context import ContextError, context_from_dict


def test_every_part_is_read():
    context = context_from_dict(
        {
            "qualification": {"qualified": True, "min_sub_usecases": 2, "max_sub_usecases": 5},
            "other_campaigns": [
                {
                    "campaignId": "c-1",
                    "description": " Desc ",
                    "sample1": "One",
                    "sample3": "Three",
                    "sample2": 7,
                },
                {"description": "No id"},
            ],
            "other_sole_proprietor_brands_on_mobile": 1,
            "other_brands_with_ein": 0,
            "existing_campaign_count": 0,
            "phone_number_count": 2,
        }
    )

    assert context == CheckContext(
        qualification=Qualification(qualified=True, min_sub_usecases=2, max_sub_usecases=5),
        other_campaigns=(
            OtherCampaign(campaign_id="c-1", description="Desc", samples=("One", "Three")),
            OtherCampaign(campaign_id="#2", description="No id", samples=()),
        ),
        other_sole_proprietor_brands_on_mobile=1,
        other_brands_with_ein=0,
        existing_campaign_count=0,
        phone_number_count=2,
    )


def test_missing_parts_stay_unknown():
    assert context_from_dict({}) == CheckContext()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "context must be an object"),
        ({"phone_numbers": 1}, "context has unknown keys: phone_numbers"),
        ({"phone_number_count": -1}, "context.phone_number_count must be a whole number of at least 0"),
        ({"phone_number_count": True}, "context.phone_number_count must be a whole number of at least 0"),
        (
            {"other_brands_with_ein": "2"},
            "context.other_brands_with_ein must be a whole number of at least 0",
        ),
        ({"qualification": True}, "context.qualification must be an object"),
        ({"qualification": {}}, "context.qualification.qualified must be true or false"),
        ({"qualification": {"qualified": True, "max": 5}}, "context.qualification has unknown keys: max"),
        (
            {"qualification": {"qualified": True, "min_sub_usecases": 1.5}},
            "context.qualification.min_sub_usecases must be a whole number of at least 0",
        ),
        (
            {"other_campaigns": {"description": "x"}},
            "context.other_campaigns must be a list of campaign objects",
        ),
    ],
)
def test_mistakes_are_named(data, message):
    with pytest.raises(ContextError) as raised:
        context_from_dict(data)
    assert str(raised.value) == message
