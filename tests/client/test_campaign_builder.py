"""The campaign builder, C1 and C2, through the client against the sandbox."""

import pytest

from tendlc.client import BadRequestError
from tendlc.client.campaign_builder import UsecaseMetadata
from tendlc.client.campaigns import MnoMetadataItem, TelnyxCampaignCsp
from tests.fixtures.campaigns import campaign_fields
from tests.fixtures.tendlc_client import WEBHOOK_URL

CARRIERS = ["10017", "10035", "10037", "10038", "10999"]


def test_c1_qualify_by_usecase(dlc, verified_brand):
    qualification = dlc.campaign_builder.brand.qualify_by_usecase(
        "CUSTOMER_CARE", brand_id=verified_brand.brand_id
    )

    assert isinstance(qualification, UsecaseMetadata)
    assert (
        qualification.usecase,
        qualification.annual_fee,
        qualification.quarterly_fee,
        qualification.monthly_fee,
    ) == (
        "CUSTOMER_CARE",
        120.0,
        30.0,
        10.0,
    )
    assert (qualification.min_sub_usecases, qualification.max_sub_usecases) == (0, 0)
    assert sorted(qualification.mno_metadata) == CARRIERS
    t_mobile = qualification.mno_metadata._10035
    assert isinstance(t_mobile, MnoMetadataItem)
    assert (t_mobile.mno, t_mobile.qualify, t_mobile.mno_review, t_mobile.min_msg_samples) == (
        "T-Mobile",
        True,
        True,
        1,
    )


def test_c1_an_unqualified_brand_is_told_why(dlc, make_brand):
    brand = make_brand()

    with pytest.raises(BadRequestError):
        dlc.campaign_builder.brand.qualify_by_usecase("SOLE_PROPRIETOR", brand_id=brand.brand_id)


def test_c2_submit_sends_every_field_under_its_wire_name(dlc, verified_brand):
    fields = campaign_fields(
        verified_brand.brand_id,
        usecase="MIXED",
        sub_usecases=("CUSTOMER_CARE", "ACCOUNT_NOTIFICATION"),
        age_gated=False,
        auto_renewal=False,
        direct_lending=False,
        embedded_link=True,
        embedded_link_sample="https://acme.example/t/1",
        embedded_phone=False,
        number_pool=False,
        reference_id="our-campaign-1",
        reseller_id="RESELLER",
        sample3="Acme Mobile: third sample. Reply STOP to opt out.",
        sample4="Acme Mobile: fourth sample.",
        sample5="Acme Mobile: fifth sample.",
        mno_ids=[10017, 10035],
        tag=["portal", "test"],
        webhook_url=WEBHOOK_URL,
        webhook_failover_url=WEBHOOK_URL + "/failover",
    )

    campaign = dlc.campaign_builder.submit(**fields)

    assert isinstance(campaign, TelnyxCampaignCsp)
    sent_back = {
        name: value for name, value in fields.items() if name not in {"mno_ids", "tag", "sub_usecases"}
    }
    assert {name: getattr(campaign, name) for name in sent_back} == sent_back
    assert campaign.sub_usecases == ["CUSTOMER_CARE", "ACCOUNT_NOTIFICATION"]
    assert campaign.raw["webhookFailoverURL"] == WEBHOOK_URL + "/failover"
    assert (campaign.campaign_status, campaign.status, campaign.submission_status) == (
        "TCR_PENDING",
        "ACTIVE",
        "PENDING",
    )
    assert (campaign.is_t_mobile_registered, campaign.mock, campaign.csp_id) == (False, False, "SANDBOX")
    assert campaign.campaign_id.startswith("4b30")


def test_c2_the_review_plays_out_on_the_sandbox_clock(dlc, verified_brand, make_campaign):
    campaign = make_campaign(verified_brand.brand_id)

    assert campaign.campaign_status == "MNO_PROVISIONED"
    assert campaign.is_t_mobile_registered is True
