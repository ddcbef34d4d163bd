"""The campaign builder's services against the live sandbox: which brands may build, the use case list,
qualification and cost, and the submission with its compliance check, override and audit entries."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tendlc.client import BadRequestError, UnprocessableEntityError
from tendlc.mapping.records import brand_values, campaign_values
from tendlc.models import AuditEntry, Campaign, ComplianceCheck, StatusChange
from tendlc.services.campaign_builder import (
    UsecaseOption,
    UsecaseQualification,
    brand_builder_refusal,
    brand_list_for_builder,
    campaign_builder_qualify,
    campaign_builder_submit,
    sub_usecase_count_problem,
    sub_usecase_options,
    usecase_list,
)
from tendlc.services.errors import WorkflowError
from tendlc.services.mirror import remote_record_update
from tests.factories import BrandFactory, CampaignFactory
from tests.fixtures.campaigns import CLEAN_CONTENT, qualify

pytestmark = pytest.mark.django_db

RUN_ID = "0123456789abcdef0123456789abcdef"
# Content with compliance errors: the HELP reply names neither the brand nor a contact.
FLAWED_CONTENT = {**CLEAN_CONTENT, "help_message": "Reply STOP to opt out."}


# --- brands ---------------------------------------------------------------------------------------------------


BLOCKED_BRANDS = {
    "draft": ({"brand_id": None}, "This brand is a draft that was never registered: submit it first."),
    "gone": ({"remote_deleted_at": timezone.now()}, "This brand no longer exists at Telnyx."),
    "pending": (
        {"status": "REGISTRATION_PENDING"},
        "This brand is not registered yet (status REGISTRATION_PENDING).",
    ),
    "unverified": (
        {"identity_status": "UNVERIFIED"},
        "This brand's identity is not verified (identity status UNVERIFIED).",
    ),
    "sole proprietor without OTP": (
        {"entity_type": "SOLE_PROPRIETOR", "identity_status": "UNVERIFIED"},
        "This sole proprietor has not verified its mobile number by SMS OTP yet.",
    ),
}


@pytest.mark.parametrize(("fields", "refusal"), BLOCKED_BRANDS.values(), ids=BLOCKED_BRANDS)
def test_a_brand_that_cannot_build_is_neither_offered_nor_accepted(fields, refusal):
    brand = BrandFactory(**fields)

    assert brand_builder_refusal(brand) == refusal
    assert brand not in brand_list_for_builder()


@pytest.mark.parametrize("identity_status", ["VERIFIED", "VETTED_VERIFIED"])
def test_a_registered_verified_brand_is_offered(identity_status):
    brand = BrandFactory(identity_status=identity_status)

    assert brand_builder_refusal(brand) is None
    assert list(brand_list_for_builder()) == [brand]


@pytest.mark.parametrize(
    ("campaign_status", "offered"), [("ACTIVE", False), ("EXPIRED", True)], ids=["active", "expired"]
)
def test_a_verified_sole_proprietor_is_offered_only_without_an_active_campaign(campaign_status, offered):
    brand = BrandFactory(entity_type="SOLE_PROPRIETOR", identity_status="VERIFIED")
    CampaignFactory(brand=brand, status=campaign_status)
    other_company = BrandFactory()
    CampaignFactory(brand=other_company)

    assert (brand in brand_list_for_builder()) is offered
    assert brand_builder_refusal(brand) == (
        None if offered else "A sole proprietor may have only one campaign, and this one has it already."
    )
    assert other_company in brand_list_for_builder()


@pytest.mark.parametrize(("expired", "offered"), [(0, False), (1, True)], ids=["five-active", "one-expired"])
def test_a_brand_is_offered_only_while_it_has_fewer_than_five_active_campaigns(expired, offered):
    brand = BrandFactory()
    CampaignFactory.create_batch(5 - expired, brand=brand)
    CampaignFactory.create_batch(expired, brand=brand, status="EXPIRED")
    CampaignFactory(brand=brand, remote_deleted_at=timezone.now())  # gone at Telnyx: no longer counts

    assert (brand in brand_list_for_builder()) is offered
    assert brand_builder_refusal(brand) == (
        None
        if offered
        else "This brand has 5 active campaigns, the most Telnyx allows a brand: deactivate one before building"
        " another."
    )


def test_a_sole_proprietor_is_offered_once_its_otp_is_verified(
    make_sole_proprietor, dlc, otp_pin, tendlc_client
):
    brand = make_sole_proprietor()
    assert brand not in brand_list_for_builder()

    dlc.brand.trigger_sms_otp(brand.brand_id, pin_sms="Your PIN is @OTP_PIN@", success_sms="Verified.")
    dlc.brand.verify_sms_otp(brand.brand_id, otp_pin=otp_pin(brand))
    payload = dlc.brand.retrieve(brand.brand_id).raw
    remote_record_update(brand, brand_values(payload), payload)

    assert brand.identity_status == "VERIFIED"
    assert list(brand_list_for_builder()) == [brand]
    assert qualify(brand, tendlc_client, "SOLE_PROPRIETOR").eligible is True
    other = qualify(brand, tendlc_client, "CUSTOMER_CARE")
    assert (other.eligible, other.refusal) == (
        False,
        "Sole proprietor brands can only register the SOLE_PROPRIETOR use case.",
    )


# --- use cases and qualification ------------------------------------------------------------------------------


def test_the_use_cases_come_from_the_api_with_their_bounds_and_limits(tendlc_client):
    usecases = {option.name: option for option in usecase_list(client=tendlc_client)}

    assert (usecases["MIXED"].min_sub_usecases, usecases["MIXED"].max_sub_usecases) == (2, 5)
    assert (
        usecases["CUSTOMER_CARE"].label == "Customer Care: Account support and customer care conversations."
    )
    # Who may run one is read for the builder's rule (usecase_refusal), not written into its label in wire names.
    assert usecases["CHARITY"].label == "Charity: Communications from a registered charity."
    assert (usecases["CHARITY"].entity_types, usecases["CHARITY"].vetting_required) == (
        ("NON_PROFIT",),
        False,
    )
    assert (usecases["EMERGENCY"].entity_types, usecases["EMERGENCY"].vetting_required) == (None, True)
    assert [option.name for option in sub_usecase_options(list(usecases.values()))] == [
        "2FA",
        "ACCOUNT_NOTIFICATION",
        "CUSTOMER_CARE",
        "DELIVERY_NOTIFICATION",
        "FRAUD_ALERT",
        "HIGHER_EDUCATION",
        "MARKETING",
        "POLLING_VOTING",
        "PUBLIC_SERVICE_ANNOUNCEMENT",
        "SECURITY_ALERT",
    ]


def test_a_use_case_list_without_details_has_no_bounds_and_no_limits():
    # The reference does not say which of E1's shapes the use case list takes; a plain list must do too.
    plain = SimpleNamespace(
        messaging_10dlc=SimpleNamespace(get_enum=lambda endpoint: ["2FA", "CUSTOMER_CARE"])
    )

    options = usecase_list(client=plain)

    assert options == [
        UsecaseOption("2FA", "2FA", "", 0, 0, False, None),
        UsecaseOption("CUSTOMER_CARE", "CUSTOMER_CARE", "", 0, 0, False, None),
    ]
    assert sub_usecase_options(options) == options


def test_an_eligible_brand_gets_fees_carriers_and_cost(registered_brand, tendlc_client):
    qualification = qualify(registered_brand, tendlc_client, "MIXED")

    assert qualification.eligible is True
    assert (qualification.brand_id, qualification.usecase, qualification.refusal) == (
        registered_brand.brand_id,
        "MIXED",
        "",
    )
    assert (qualification.monthly_fee, qualification.quarterly_fee, qualification.annual_fee) == (
        10.0,
        30.0,
        120.0,
    )
    assert (qualification.min_sub_usecases, qualification.max_sub_usecases) == (2, 5)
    assert (qualification.up_front_cost, qualification.monthly_cost) == ("30.00", "10.00")
    assert [(carrier.network_id, carrier.name) for carrier in qualification.carriers] == [
        ("10017", "AT&T"),
        ("10035", "T-Mobile"),
        ("10037", "Verizon Wireless"),
        ("10038", "US Cellular"),
        ("10999", "Interop"),
    ]
    assert UsecaseQualification.from_dict(qualification.as_dict()) == qualification


def test_an_ineligible_use_case_stops_with_the_apis_reason(registered_brand, tendlc_client):
    qualification = qualify(registered_brand, tendlc_client, "CHARITY")

    assert qualification.eligible is False
    assert (
        qualification.refusal
        == "Use case CHARITY is only available to NON_PROFIT brands, not PRIVATE_PROFIT."
    )
    assert qualification.carriers == ()


def test_qualifying_a_draft_is_refused_at_the_brand_without_calling_the_api(tendlc_client):
    draft = BrandFactory(brand_id=None)

    with pytest.raises(WorkflowError) as refused:
        campaign_builder_qualify(brand=draft, usecase="CUSTOMER_CARE", client=tendlc_client)

    assert (refused.value.field, refused.value.message) == (
        "brand",
        "This brand is a draft that was never registered: submit it first.",
    )


@pytest.mark.parametrize(
    ("bounds", "count", "problem"),
    [
        ((0, 0), 0, None),
        ((0, 0), 1, "The CUSTOMER_CARE use case takes no sub use cases; 1 chosen."),
        ((2, 5), 1, "The CUSTOMER_CARE use case takes 2 to 5 sub use cases; 1 chosen."),
        ((2, 5), 2, None),
        ((2, 5), 5, None),
        ((2, 5), 6, "The CUSTOMER_CARE use case takes 2 to 5 sub use cases; 6 chosen."),
    ],
)
def test_the_sub_use_case_count_must_be_within_the_qualified_range(bounds, count, problem):
    qualification = UsecaseQualification(
        brand_id="b",
        usecase="CUSTOMER_CARE",
        eligible=True,
        min_sub_usecases=bounds[0],
        max_sub_usecases=bounds[1],
    )

    assert sub_usecase_count_problem(qualification, count) == problem


# --- submission -----------------------------------------------------------------------------------------------


def submit(brand, qualification, user, client, content=CLEAN_CONTENT, reason=""):
    return campaign_builder_submit(
        brand=brand,
        qualification=qualification,
        content=content,
        run_id=RUN_ID,
        override_reason=reason,
        user=user,
        client=client,
    )


def test_a_clean_submission_creates_the_campaign_remotely_and_mirrors_it(
    registered_brand, tendlc_client, staff_user
):
    qualification = qualify(registered_brand, tendlc_client)

    campaign = submit(registered_brand, qualification, staff_user, tendlc_client)

    remote = tendlc_client.messaging_10dlc.campaign.retrieve(campaign.campaign_id)
    assert (remote.brand_id, remote.usecase, remote.reference_id, remote.campaign_status) == (
        registered_brand.brand_id,
        "CUSTOMER_CARE",
        RUN_ID,
        "TCR_PENDING",
    )
    assert (remote.sample1, remote.help_keywords, remote.subscriber_help, remote.auto_renewal) == (
        CLEAN_CONTENT["sample1"],
        "HELP,INFO",
        True,
        True,
    )
    stored = Campaign.objects.get()
    assert (
        stored.pk,
        stored.brand_id,
        stored.tcr_campaign_id,
        stored.campaign_status,
        stored.reference_id,
    ) == (
        campaign.pk,
        registered_brand.brand_id,
        remote.tcr_campaign_id,
        "TCR_PENDING",
        RUN_ID,
    )
    assert stored.raw == remote.raw
    check = ComplianceCheck.objects.get()
    assert (check.campaign, check.brand, check.checked_by, check.error_count, check.warning_count) == (
        stored,
        registered_brand,
        staff_user,
        0,
        0,
    )
    assert check.subject["campaign"]["helpKeywords"] == "HELP,INFO"
    assert check.override_reason == ""
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.username, entry.target_id) == (
        "campaign.submit",
        "succeeded",
        "staff",
        str(stored.pk),
    )
    assert entry.request_summary["reference_id"] == RUN_ID
    assert entry.request_summary["compliance_check"] == check.pk


def test_a_campaign_a_webhook_mirrored_before_the_answer_keeps_its_newer_status(
    registered_brand, tendlc_client, staff_user, monkeypatch
):
    builder = tendlc_client.messaging_10dlc.campaign_builder
    submit_to_api = builder.submit

    def answered_after_a_webhook(**arguments):
        answer = submit_to_api(**arguments)
        # The webhook's worker read the campaign, already accepted, while the answer was on its way.
        newer = {**answer.raw, "campaignStatus": "TCR_ACCEPTED"}
        Campaign.objects.create(**{**campaign_values(newer), "raw": newer, "synced_at": timezone.now()})
        return answer

    monkeypatch.setattr(builder, "submit", answered_after_a_webhook)

    campaign = submit(registered_brand, qualify(registered_brand, tendlc_client), staff_user, tendlc_client)

    assert (Campaign.objects.count(), campaign.campaign_status) == (1, "TCR_ACCEPTED")
    assert not StatusChange.objects.exists()


def test_compliance_errors_block_a_submission_without_a_reason(
    registered_brand, tendlc_client, compliance_admin
):
    qualification = qualify(registered_brand, tendlc_client)

    with pytest.raises(WorkflowError) as blocked:
        submit(registered_brand, qualification, compliance_admin, tendlc_client, content=FLAWED_CONTENT)

    assert blocked.value.field == "override_reason"
    assert blocked.value.message.startswith("2 compliance error(s) block submission")
    assert tendlc_client.messaging_10dlc.campaign.list(brand_id=registered_brand.brand_id).records == []
    assert (Campaign.objects.count(), ComplianceCheck.objects.count()) == (0, 0)
    assert AuditEntry.objects.get().outcome == "failed"


def test_no_override_submits_without_an_optout_message(registered_brand, tendlc_client, compliance_admin):
    qualification = qualify(registered_brand, tendlc_client)

    with pytest.raises(WorkflowError) as blocked:
        submit(
            registered_brand,
            qualification,
            compliance_admin,
            tendlc_client,
            content={**CLEAN_CONTENT, "optout_message": " "},
            reason="The carrier said it was fine.",
        )

    assert blocked.value.field == "optout_message"
    assert "Telnyx refuses a campaign without one" in blocked.value.message
    assert tendlc_client.messaging_10dlc.campaign.list(brand_id=registered_brand.brand_id).records == []


def test_a_sixth_campaign_is_refused_at_the_brand_before_the_api_is_called(
    registered_brand, tendlc_client, staff_user
):
    qualification = qualify(registered_brand, tendlc_client)
    CampaignFactory.create_batch(5, brand=registered_brand)

    with pytest.raises(WorkflowError) as blocked:
        submit(registered_brand, qualification, staff_user, tendlc_client)

    assert blocked.value.field == "brand"
    assert blocked.value.message.startswith("This brand has 5 active campaigns")
    assert tendlc_client.messaging_10dlc.campaign.list(brand_id=registered_brand.brand_id).records == []


def test_staff_cannot_override_compliance_errors(registered_brand, tendlc_client, staff_user):
    qualification = qualify(registered_brand, tendlc_client)

    with pytest.raises(PermissionDenied):
        submit(
            registered_brand,
            qualification,
            staff_user,
            tendlc_client,
            content=FLAWED_CONTENT,
            reason="Trust me.",
        )

    assert tendlc_client.messaging_10dlc.campaign.list(brand_id=registered_brand.brand_id).records == []
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.error) == (
        "campaign.submit",
        "failed",
        "Only a Compliance admin may submit despite compliance errors.",
    )


def test_an_admin_overrides_compliance_errors_with_a_reason(
    registered_brand, tendlc_client, compliance_admin
):
    qualification = qualify(registered_brand, tendlc_client)
    before = timezone.now()

    campaign = submit(
        registered_brand,
        qualification,
        compliance_admin,
        tendlc_client,
        content=FLAWED_CONTENT,
        reason=" Reviewed by hand. ",
    )

    check = ComplianceCheck.objects.get(campaign=campaign)
    assert (check.error_count, check.override_reason, check.overridden_by) == (
        2,
        "Reviewed by hand.",
        compliance_admin,
    )
    assert before <= check.overridden_at <= timezone.now() + timedelta(seconds=1)
    assert {finding["rule"] for finding in check.findings} == {
        "campaign.help_message.brand_name",
        "campaign.help_message.contact",
    }
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "outcome", "target_id")) == [
        ("campaign.submit", "succeeded", str(campaign.pk)),
        ("compliance_check.override", "succeeded", str(check.pk)),
    ]


def test_the_apis_validation_errors_name_the_fields(registered_brand, tendlc_client, compliance_admin):
    qualification = qualify(registered_brand, tendlc_client)
    spaced = {**CLEAN_CONTENT, "help_keywords": "HELP, INFO"}

    with pytest.raises(UnprocessableEntityError) as refused:
        submit(
            registered_brand,
            qualification,
            compliance_admin,
            tendlc_client,
            content=spaced,
            reason="Let the API decide.",
        )

    assert refused.value.field_errors == {
        "help_keywords": ["helpKeywords must be keywords separated by commas, without spaces."]
    }
    assert (Campaign.objects.count(), ComplianceCheck.objects.count()) == (0, 0)


def test_a_run_cannot_submit_twice(registered_brand, tendlc_client, staff_user):
    qualification = qualify(registered_brand, tendlc_client)
    submit(registered_brand, qualification, staff_user, tendlc_client)

    with pytest.raises(BadRequestError) as refused:
        submit(registered_brand, qualification, staff_user, tendlc_client)

    assert refused.value.non_field_errors == []
    assert refused.value.field_errors == {
        "reference_id": ["referenceId is already used by another campaign."]
    }
    assert len(tendlc_client.messaging_10dlc.campaign.list(brand_id=registered_brand.brand_id).records) == 1


@pytest.mark.parametrize(
    ("qualification_changes", "content_changes", "field", "message"),
    [
        (
            {"eligible": False, "refusal": "Not vetted."},
            {},
            "usecase",
            "The brand does not qualify for CUSTOMER_CARE: Not vetted.",
        ),
        (
            {"brand_id": "another-brand"},
            {},
            "usecase",
            "The brand does not qualify for CUSTOMER_CARE: ",
        ),
        (
            {},
            {"sub_usecases": ["MARKETING"]},
            "sub_usecases",
            "The CUSTOMER_CARE use case takes no sub use cases; 1 chosen.",
        ),
    ],
    ids=["ineligible", "qualified for another brand", "sub use cases"],
)
def test_submission_checks_again_what_the_pages_checked(
    registered_brand, tendlc_client, staff_user, qualification_changes, content_changes, field, message
):
    qualification = UsecaseQualification.from_dict(
        {**qualify(registered_brand, tendlc_client).as_dict(), **qualification_changes}
    )

    with pytest.raises(WorkflowError) as refused:
        submit(
            registered_brand,
            qualification,
            staff_user,
            tendlc_client,
            content={**CLEAN_CONTENT, **content_changes},
        )

    assert (refused.value.field, refused.value.message) == (field, message)
    assert tendlc_client.messaging_10dlc.campaign.list(brand_id=registered_brand.brand_id).records == []
