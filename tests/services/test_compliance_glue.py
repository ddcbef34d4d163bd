"""The compliance engine's Django side: wire-named bodies from our rows, the context from the database,
stored checks, findings by form field, and the override rules."""

import pytest
from django.core.exceptions import PermissionDenied

from tendlc.compliance import ERROR, WARNING, Finding, OtherCampaign, Qualification
from tendlc.models import AuditEntry, Brand, ComplianceCheck
from tendlc.selectors.compliance_checks import brand_compliance_check_latest
from tendlc.services.compliance import (
    GENERAL,
    ComplianceResult,
    FieldFindings,
    brand_check_context,
    brand_compliance_check,
    brand_compliance_record,
    brand_compliance_result,
    brand_wire,
    campaign_compliance_check,
    campaign_wire,
    campaign_wire_from_values,
    check_context,
    compliance_check_override,
    compliance_override_required,
    findings_by_field,
    usecase_refusal,
)
from tendlc.services.errors import WorkflowError
from tests.factories import BrandFactory, CampaignFactory, PhoneNumberAssignmentFactory

pytestmark = pytest.mark.django_db


def finding(rule: str, *fields: str, severity: str = ERROR) -> Finding:
    return Finding(rule, severity, fields, f"{rule} message", "reference")


def test_a_brand_is_read_by_wire_names_without_blanks():
    brand = BrandFactory(display_name="Acme", company_name="Acme Inc.", ein="123456789", phone="")

    body = brand_wire(brand)

    assert body["displayName"] == "Acme"
    assert (body["companyName"], body["ein"], body["entityType"], body["identityStatus"]) == (
        "Acme Inc.",
        "123456789",
        "PRIVATE_PROFIT",
        "VERIFIED",
    )
    assert "phone" not in body
    assert body["brandId"] == brand.brand_id


def test_a_campaign_is_read_by_wire_names_flags_false_included():
    campaign = CampaignFactory(sample2="", embedded_link=False, sub_usecases=["MARKETING", "2FA"])

    body = campaign_wire(campaign)

    assert (body["sample1"], body["embeddedLink"], body["subUsecases"], body["brandId"]) == (
        campaign.sample1,
        False,
        ["MARKETING", "2FA"],
        campaign.brand_id,
    )
    assert "sample2" not in body
    assert "ageGated" not in body


def test_builder_values_become_the_wire_body():
    assert campaign_wire_from_values(
        {"sample1": "Hi", "sample2": "", "help_keywords": "HELP", "number_pool": False, "webhook_url": None}
    ) == {"sample1": "Hi", "helpKeywords": "HELP", "numberPool": False}


def test_the_context_counts_other_records_and_leaves_out_the_one_checked():
    brand = BrandFactory(entity_type="SOLE_PROPRIETOR", mobile_phone="+13125550123", ein="")
    BrandFactory(entity_type="SOLE_PROPRIETOR", mobile_phone="+13125550123", ein="")
    BrandFactory(entity_type="PRIVATE_PROFIT", mobile_phone="+13125550123")
    checked = CampaignFactory(brand=brand)
    other = CampaignFactory(brand=brand, description="Other text.", sample1="One.", sample2="Two.")
    CampaignFactory(brand=brand, status="EXPIRED")
    PhoneNumberAssignmentFactory(campaign=checked)
    qualification = Qualification(qualified=True)

    context = check_context(brand=brand, campaign=checked, qualification=qualification)

    assert context.qualification is qualification
    assert context.other_campaigns == (OtherCampaign(other.campaign_id, "Other text.", ("One.", "Two.")),)
    assert (
        context.other_sole_proprietor_brands_on_mobile,
        context.other_brands_with_ein,
        context.existing_campaign_count,
        context.phone_number_count,
    ) == (1, None, 1, 1)


def test_a_new_campaign_has_no_numbers_and_counts_every_active_campaign_of_its_brand():
    brand = BrandFactory(ein="123456789", mobile_phone="")
    BrandFactory(ein="123456789")
    BrandFactory(ein="123456789", brand_id=None)
    CampaignFactory.create_batch(2, brand=brand)

    context = check_context(brand=brand)

    assert (
        context.other_sole_proprietor_brands_on_mobile,
        context.other_brands_with_ein,
        context.existing_campaign_count,
        context.phone_number_count,
    ) == (None, 1, 2, 0)


def test_findings_are_grouped_by_their_primary_form_field_in_the_forms_order():
    flag_and_sample = finding("campaign.link.flag", "embeddedLink", "sample1")
    brand_level = finding("campaign.brand.verified", "brandId")
    help_text = finding("campaign.help_message.contact", "helpMessage", severity=WARNING)

    groups = findings_by_field(
        [help_text, flag_and_sample, brand_level], ["sample1", "help_message", "embedded_link", "description"]
    )

    # A finding about two fields is shown once, at the first it names that the form shows.
    assert groups == [
        FieldFindings(GENERAL, (brand_level,)),
        FieldFindings("help_message", (help_text,)),
        FieldFindings("embedded_link", (flag_and_sample,)),
    ]


def test_checking_a_stored_campaign_keeps_the_result_and_audits_it(staff_user):
    campaign = CampaignFactory(help_message="", brand__display_name="Acme")

    check = campaign_compliance_check(campaign=campaign, user=staff_user)

    stored = ComplianceCheck.objects.get()
    assert (stored.pk, stored.campaign, stored.brand, stored.checked_by) == (
        check.pk,
        campaign,
        campaign.brand,
        staff_user,
    )
    assert stored.error_count == len([f for f in stored.findings if f["severity"] == ERROR]) > 0
    assert stored.warning_count == len([f for f in stored.findings if f["severity"] == WARNING])
    assert "campaign.help_message.present" in {f["rule"] for f in stored.findings}
    assert stored.subject["brand"]["displayName"] == "Acme"
    assert stored.subject["campaign"]["campaignId"] == campaign.campaign_id
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.target_id, entry.request_summary) == (
        "campaign.check_compliance",
        "succeeded",
        str(campaign.pk),
        {"errors": stored.error_count, "warnings": stored.warning_count},
    )


# --- brands ---------------------------------------------------------------------------------------------------


def test_the_brand_context_counts_registered_brands_sharing_the_ein_or_mobile_leaving_out_the_brand():
    brand = BrandFactory(entity_type="SOLE_PROPRIETOR", mobile_phone="+13125550123", ein="123456789")
    BrandFactory.create_batch(2, entity_type="SOLE_PROPRIETOR", mobile_phone="+13125550123", ein="")
    BrandFactory(ein="123456789")
    BrandFactory(ein="123456789", brand_id=None)  # a draft
    BrandFactory(ein="123456789", remote_deleted_at="2024-01-01T00:00:00Z")

    context = brand_check_context(brand=brand)

    assert (context.other_sole_proprietor_brands_on_mobile, context.other_brands_with_ein) == (2, 1)
    assert (context.qualification, context.other_campaigns, context.existing_campaign_count) == (
        None,
        None,
        None,
    )


def test_an_unsaved_brand_counts_every_registered_brand():
    BrandFactory.create_batch(2, ein="123456789")

    context = brand_check_context(brand=Brand(ein="123456789"))

    assert (context.other_sole_proprietor_brands_on_mobile, context.other_brands_with_ein) == (None, 2)


def test_an_unsaved_brand_is_checked_as_it_stands():
    BrandFactory(ein="123456789")
    brand = Brand(
        entity_type="PRIVATE_PROFIT",
        country="US",
        ein="123456789",
        street="PO Box 12",
        website="acme.example",
    )

    result = brand_compliance_result(brand=brand)

    assert [(finding.rule, finding.severity, finding.fields) for finding in result.findings] == [
        ("brand.ein.shared", WARNING, ("ein",)),
        ("brand.street.po_box", ERROR, ("street",)),
    ]
    assert result.subject == {
        "brand": {
            "entityType": "PRIVATE_PROFIT",
            "country": "US",
            "ein": "123456789",
            "street": "PO Box 12",
            "website": "acme.example",
            "isReseller": False,
            "mock": False,
        }
    }


def test_recording_a_brand_check_after_a_save_stores_it_without_an_audit_entry(staff_user):
    brand = BrandFactory(street="P.O. Box 12")

    check = brand_compliance_record(brand=brand, user=staff_user)

    stored = ComplianceCheck.objects.get()
    assert (stored.pk, stored.brand, stored.campaign, stored.checked_by) == (
        check.pk,
        brand,
        None,
        staff_user,
    )
    assert (stored.error_count, stored.warning_count) == (1, 0)
    assert [finding["rule"] for finding in stored.findings] == ["brand.street.po_box"]
    assert stored.subject["brand"]["brandId"] == brand.brand_id
    assert not AuditEntry.objects.exists()


def test_checking_a_stored_brand_keeps_the_result_and_audits_it(staff_user):
    brand = BrandFactory(website="https://www.instagram.com/acme")

    check = brand_compliance_check(brand=brand, user=staff_user)

    assert (check.brand, check.error_count, check.warning_count) == (brand, 1, 1)
    assert [finding["rule"] for finding in check.findings] == [
        "brand.website.own_domain",
        "brand.email.domain",
    ]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.target_id, entry.request_summary) == (
        "brand.check_compliance",
        "succeeded",
        str(brand.pk),
        {"errors": 1, "warnings": 1},
    )


def test_the_latest_brand_check_is_the_brands_own_not_a_campaigns(staff_user):
    brand = BrandFactory()
    brand_compliance_record(brand=brand, user=staff_user)
    newer = brand_compliance_record(brand=brand, user=None)
    campaign_compliance_check(campaign=CampaignFactory(brand=brand), user=staff_user)

    latest = brand_compliance_check_latest(brand=brand)

    assert (latest, latest.checked_by) == (newer, None)
    assert brand_compliance_check_latest(brand=BrandFactory()) is None


RESULT_WITH_ERRORS = ComplianceResult(subject={}, findings=(finding("campaign.a", "sample1"),))
RESULT_WITH_WARNINGS = ComplianceResult(
    subject={}, findings=(finding("campaign.b", "sample1", severity=WARNING),)
)


@pytest.mark.parametrize("who", ["staff_user", "compliance_admin"])
def test_warnings_never_need_an_override(request, who):
    user = request.getfixturevalue(who)

    assert compliance_override_required(result=RESULT_WITH_WARNINGS, user=user, reason="") is False


@pytest.mark.parametrize("who", ["staff_user", "compliance_admin"])
def test_errors_without_a_reason_block_everyone(request, who):
    user = request.getfixturevalue(who)

    with pytest.raises(WorkflowError) as blocked:
        compliance_override_required(result=RESULT_WITH_ERRORS, user=user, reason="  ")

    assert blocked.value.field == "override_reason"
    assert blocked.value.message == (
        "1 compliance error(s) block submission: correct the content, or a Compliance admin gives a written"
        " reason to submit anyway."
    )


def test_only_an_admin_overrides_errors_with_a_reason(staff_user, compliance_admin):
    with pytest.raises(PermissionDenied):
        compliance_override_required(result=RESULT_WITH_ERRORS, user=staff_user, reason="Because.")

    assert (
        compliance_override_required(result=RESULT_WITH_ERRORS, user=compliance_admin, reason="Because.")
        is True
    )


def test_an_admin_overrides_a_stored_check(compliance_admin):
    check = ComplianceCheck.objects.create(error_count=1)

    compliance_check_override(check=check, user=compliance_admin, reason=" Checked by phone. ")

    check.refresh_from_db()
    assert (check.override_reason, check.overridden_by) == ("Checked by phone.", compliance_admin)
    assert check.overridden_at is not None
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.target_id, entry.request_summary) == (
        "compliance_check.override",
        "succeeded",
        str(check.pk),
        {"reason": " Checked by phone. "},
    )


@pytest.mark.parametrize(
    ("who", "reason", "error"),
    [("staff_user", "Checked.", PermissionDenied), ("compliance_admin", " ", WorkflowError)],
    ids=["staff", "blank reason"],
)
def test_an_override_is_refused_and_the_refusal_recorded(request, who, reason, error):
    check = ComplianceCheck.objects.create(error_count=1)

    with pytest.raises(error):
        compliance_check_override(check=check, user=request.getfixturevalue(who), reason=reason)

    check.refresh_from_db()
    assert (check.override_reason, check.overridden_by, check.overridden_at) == ("", None, None)
    assert AuditEntry.objects.get().outcome == "failed"


# --- which use cases a brand may register ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity_type", "identity_status", "entity_types", "vetting_required", "refusal"),
    [
        ("PRIVATE_PROFIT", "VERIFIED", None, False, None),
        (
            "SOLE_PROPRIETOR",
            "VERIFIED",
            None,
            False,
            "A sole proprietor brand can only register the sole proprietor use case.",
        ),
        ("SOLE_PROPRIETOR", "VERIFIED", ("SOLE_PROPRIETOR",), False, None),
        (
            "PRIVATE_PROFIT",
            "VERIFIED",
            ("SOLE_PROPRIETOR",),
            False,
            "Only for sole proprietor brands; this brand is private for-profit.",
        ),
        (
            "GOVERNMENT",
            "VETTED_VERIFIED",
            ("NON_PROFIT", "PRIVATE_PROFIT"),
            True,
            "Only for non-profit or private for-profit brands; this brand is government.",
        ),
        (
            "NON_PROFIT",
            "VERIFIED",
            ("NON_PROFIT", "PRIVATE_PROFIT"),
            True,
            "Needs an externally vetted brand: order a vetting on the brand's page.",
        ),
        ("NON_PROFIT", "VETTED_VERIFIED", ("NON_PROFIT", "PRIVATE_PROFIT"), True, None),
    ],
    ids=[
        "standard",
        "sole-proprietor-standard",
        "sole-proprietor-own",
        "others-sole-proprietor-own",
        "entity-type-left-out",
        "not-vetted",
        "vetted",
    ],
)
def test_a_use_case_is_refused_in_plain_words_to_brands_it_is_not_for(
    entity_type, identity_status, entity_types, vetting_required, refusal
):
    brand = BrandFactory.build(entity_type=entity_type, identity_status=identity_status)

    assert (
        usecase_refusal(brand=brand, entity_types=entity_types, vetting_required=vetting_required) == refusal
    )
