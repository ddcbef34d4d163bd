"""Work that completes in the background shows on the open page without a reload (issue 18, "long work shown
live"): a vetting under way and a pending SMS OTP on the brand's page, and an upload's numbers the carriers
assign later, completed by changing their rows as the scheduled polls and webhooks would, appear completed
through the pages' polling."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from tendlc.models import Brand, ExternalVetting, NumberUpload, PhoneNumberAssignment, SmsOtpVerification
from tests.browser.conftest import log_in, user_in
from tests.browser.test_layout_fits import OVERFLOWS
from tests.factories import (
    BrandFactory,
    ExternalVettingFactory,
    PhoneNumberAssignmentFactory,
    SmsOtpVerificationFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DONE = datetime(2026, 3, 2, 15, 20, 30, tzinfo=UTC)
# The panels poll every 3 s, a little longer after each answer that changed nothing.
POLLED = 12_000


def still_the_same_page(page) -> bool:
    return page.evaluate("window.tendlcNotReloaded === true")


def test_a_vetting_and_an_otp_completing_in_the_background_show_without_a_reload(page, shot):
    vetting = ExternalVettingFactory(brand=BrandFactory(display_name="Vetted Co"), vetting_id="v-42")
    otp = SmsOtpVerificationFactory(
        brand=BrandFactory(
            display_name="Jane Doe Studio", entity_type="SOLE_PROPRIETOR", identity_status="UNVERIFIED"
        )
    )
    user_in("Compliance staff", "stella")
    log_in(page, "stella")

    page.goto(f"/admin/tendlc/brand/{vetting.brand.pk}/change/")
    panel = page.locator("#panel-external-vettings")
    expect(panel).to_contain_text("under way: shown here once the provider completes it")
    page.evaluate("window.tendlcNotReloaded = true")
    shot(page, "vetting under way")
    ExternalVetting.objects.filter(pk=vetting.pk).update(vetted_date=DONE, vetting_score=75)
    row = panel.locator("tbody tr", has_text="v-42")
    expect(row).to_contain_text("2026-03-02 15:20", timeout=POLLED)
    expect(row).to_contain_text("75")
    expect(panel.locator(".errornote")).to_be_hidden()
    assert still_the_same_page(page)
    assert page.evaluate(OVERFLOWS) == []
    shot(page, "vetting completed")

    page.goto(f"/admin/tendlc/brand/{otp.brand.pk}/change/")
    panel = page.locator("#panel-sms-otp-verification")
    status = panel.locator("tr", has_text="Delivery status").locator(".tendlc-badge")
    expect(status).to_have_text("Pending")
    page.evaluate("window.tendlcNotReloaded = true")
    shot(page, "otp pending")
    SmsOtpVerification.objects.filter(pk=otp.pk).update(
        delivery_status="VERIFIED", delivery_status_date=DONE, verify_date=DONE
    )
    Brand.objects.filter(pk=otp.brand_id).update(identity_status="VERIFIED")
    expect(status).to_have_text("Verified", timeout=POLLED)
    expect(status).to_have_class(re.compile(r"tendlc-badge-good"))
    expect(status).to_have_attribute("data-status", "VERIFIED")
    expect(status).not_to_have_attribute("title", re.compile("."))
    expect(panel.locator("tr", has_text="Verified").last).to_contain_text("2026-03-02 15:20:30")
    expect(panel.locator("p", has_text="Identity:")).to_contain_text("Verified")
    expect(panel.locator(".errornote")).to_be_hidden()
    assert still_the_same_page(page)
    shot(page, "otp verified")


def test_an_uploads_numbers_assigned_in_the_background_show_without_a_reload(page, shot):
    numbers = [PhoneNumberAssignmentFactory(assignment_status="PENDING_ASSIGNMENT") for _ in range(2)]
    upload = NumberUpload.objects.create(
        filename="numbers.csv",
        rows_total=2,
        rows_applied=2,
        report=[
            {
                "line": line,
                "phone_number": number.phone_number,
                "campaign": number.campaign.campaign_id,
                "outcome": "applied",
                "reason": "",
                "assignment_status": "PENDING_ASSIGNMENT",
            }
            for line, number in enumerate(numbers, start=2)
        ],
    )
    user_in("Compliance staff", "stella")
    log_in(page, "stella")

    page.goto(f"/admin/tendlc/numberupload/{upload.pk}/change/")
    summary = page.locator(".tendlc-upload-progress")
    expect(summary).to_have_text(re.compile(r"0 of 2 assigned,\s+2 pending at the carriers,\s+0 failed\."))
    page.evaluate("window.tendlcNotReloaded = true")
    shot(page, "upload pending")
    PhoneNumberAssignment.objects.filter(pk__in=[number.pk for number in numbers]).update(
        assignment_status="ASSIGNED"
    )
    expect(summary).to_have_text(
        re.compile(r"2 of 2 assigned,\s+0 pending at the carriers,\s+0 failed\."), timeout=POLLED
    )
    expect(page.locator("table.tendlc-upload-applied .tendlc-badge-good")).to_have_count(2)
    assert still_the_same_page(page)
    assert page.evaluate(OVERFLOWS) == []
    shot(page, "upload assigned")
