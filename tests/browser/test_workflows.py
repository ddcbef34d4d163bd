"""The admin workflows in a real browser, against the live portal and the live sandbox (issue 6, "Browser tests
in CI"): staff create a brand, verify a sole proprietor by OTP, build and submit a campaign whose status then
arrives by webhook, and upload numbers by CSV; a Compliance admin appeals a rejected campaign, which staff may
not. Each step saves a screenshot under var/screenshots/<test>/; each flow ends by checking the local rows and
the sandbox's state behind what the pages showed.
"""

import csv
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tendlc.models import (
    AuditEntry,
    Brand,
    Campaign,
    CampaignAppeal,
    NumberUpload,
    PhoneNumberAssignment,
    SmsOtpVerification,
    WebhookEvent,
    WebhookEventState,
)
from tendlc.tasks.number_uploads import send_number_upload
from tests.browser.conftest import log_in, user_in
from tests.fixtures.brands import FORM_VALUES, mirror_brand
from tests.fixtures.campaigns import BRAND_NAME, CLEAN_CONTENT, mirror_campaign
from tests.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STAFF = "Compliance staff"
ADMIN = "Compliance admin"
CHANGE_PAGE = re.compile(r"/admin/tendlc/(brand|campaign|numberupload)/\d+/change/$")
# The sandbox registers a brand 5 s (sandbox time) after its creation.
REGISTRATION_SECONDS = 5
# What staff type after choosing the entity type (chosen first: it shows the fields it needs).
COMPANY = {name: value for name, value in FORM_VALUES.items() if name != "entity_type"}


def fill(page, values: Mapping[str, str]) -> None:
    """Type ``values`` into the form's fields by name: a choice is selected, anything else typed."""
    for name, value in values.items():
        field = page.locator(f"#id_{name}")
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def readonly(page, name: str):
    """A read-only field of an admin change page."""
    return page.locator(f".field-{name} .readonly")


def processed_events() -> list[WebhookEvent]:
    return list(WebhookEvent.objects.filter(state=WebhookEventState.PROCESSED))


def all_events_processed() -> bool:
    events = WebhookEvent.objects.all()
    return events.exists() and not events.exclude(state=WebhookEventState.PROCESSED).exists()


# --- 1. a brand through the add form ---------------------------------------------------------------------


def test_staff_create_a_brand_and_see_it_registered(browser_webhook_worker, page, shot, dlc, advance):
    user_in(STAFF, "stella")
    log_in(page, "stella")
    shot(page, "dashboard")

    page.get_by_role("link", name="Brands", exact=True).first.click()
    page.locator(".object-tools a.addlink").click()
    page.wait_for_url("**/admin/tendlc/brand/add/")
    page.select_option("#id_entity_type", "PRIVATE_PROFIT")
    # A private company: its company name and EIN are asked for and required, a sole proprietor's mobile
    # phone and a public company's stock fields are not asked for at all.
    expect(page.locator(".field-ein")).to_be_visible()
    expect(page.locator('label[for="id_ein"]')).to_have_class(re.compile(r"\brequired\b"))
    expect(page.locator(".field-mobile_phone")).to_be_hidden()
    expect(page.locator(".field-stock_symbol")).to_be_hidden()
    fill(page, {**COMPANY, "webhook_url": browser_webhook_worker})
    shot(page, "add form filled")
    page.click("input[name=_continue]")

    page.wait_for_url(CHANGE_PAGE)
    brand = Brand.objects.get()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    expect(readonly(page, "brand_id")).to_have_text(brand.brand_id)
    expect(readonly(page, "tcr_brand_id")).to_have_text(brand.tcr_brand_id)
    expect(readonly(page, "status")).to_have_text("Registration pending")
    shot(page, "created, registration pending")

    # The sandbox registers the brand and says so by webhook; the worker mirrors it.
    advance(REGISTRATION_SECONDS)
    # The sandbox POSTs its events while the clock advances: they are all stored once it returns.
    wait_for(all_events_processed, "the brand's registration events processed")
    page.reload()
    expect(readonly(page, "status")).to_have_text("Registered")
    expect(readonly(page, "identity_status")).to_have_text("Verified")
    expect(readonly(page, "brand_id")).to_have_text(brand.brand_id)
    shot(page, "registered")
    page.goto("/admin/tendlc/brand/")
    row = page.locator("#result_list tbody tr", has_text="Acme Mobile")
    expect(row.locator('.tendlc-badge[data-status="OK"]')).to_have_text("Registered")
    expect(row.locator('.tendlc-badge[data-status="VERIFIED"]')).to_have_text("Verified")
    expect(row.locator('.tendlc-badge[data-status="CREATED"]')).to_have_text("Submitted")
    shot(page, "brand list")

    remote = dlc.brand.retrieve(brand.brand_id)
    assert (remote.display_name, remote.company_name, remote.ein, remote.phone, remote.website) == (
        "Acme Mobile",
        "Acme Mobile Inc.",
        "123456789",
        "+12025550100",
        "https://acme.example",
    )
    assert (remote.status, remote.identity_status, remote.webhook_url) == (
        "OK",
        "VERIFIED",
        browser_webhook_worker,
    )
    brand.refresh_from_db()
    assert (brand.status, brand.identity_status, brand.tcr_brand_id, brand.last_error) == (
        "OK",
        "VERIFIED",
        remote.tcr_brand_id,
        "",
    )
    assert list(AuditEntry.objects.values_list("username", "action", "outcome")) == [
        ("stella", "brand.create", "succeeded")
    ]
    assert [
        (event.event_type, event.payload_type, event.brand_id, event.state)
        for event in WebhookEvent.objects.order_by("pk")
    ] == [("10dlc.brand.update", "TCR_BRAND_UPDATE", brand.brand_id, WebhookEventState.PROCESSED)]


# --- 2. a sole proprietor verified by its SMS OTP -------------------------------------------------------------


def test_staff_verify_a_sole_proprietor_by_otp(page, shot, dlc, advance, otp_pin):
    user_in(STAFF, "stella")
    log_in(page, "stella")

    page.goto("/admin/tendlc/brand/add/")
    page.select_option("#id_entity_type", "SOLE_PROPRIETOR")
    # A sole proprietor has no company name nor EIN; its name and mobile phone are required.
    expect(page.locator(".field-mobile_phone")).to_be_visible()
    expect(page.locator('label[for="id_mobile_phone"]')).to_have_class(re.compile(r"\brequired\b"))
    expect(page.locator(".field-ein")).to_be_hidden()
    expect(page.locator(".field-company_name")).to_be_hidden()
    sole_proprietor = {
        **{name: value for name, value in COMPANY.items() if name not in {"company_name", "ein"}},
        "display_name": "Jane Doe Studio",
        "first_name": "Jane",
        "last_name": "Doe",
        "mobile_phone": "(312) 555-0123",
    }
    fill(page, sole_proprietor)
    shot(page, "sole proprietor form")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/tendlc/brand/")
    row = page.locator("#result_list tbody tr", has_text="Jane Doe Studio")
    expect(row.locator('.tendlc-badge[data-status="UNVERIFIED"]')).to_have_text("Unverified")
    shot(page, "brand list, unverified")
    brand = Brand.objects.get()
    advance(REGISTRATION_SECONDS)

    row.get_by_role("link", name="Jane Doe Studio").click()
    page.wait_for_url(CHANGE_PAGE)
    expect(page.locator(".tendlc-panel", has_text="SMS OTP verification")).to_contain_text(
        "No SMS OTP sent yet"
    )
    page.get_by_role("link", name="Send SMS OTP").click()
    expect(page.locator("#id_pin_sms")).to_have_value("Jane Doe Studio: your verification PIN is @OTP_PIN@")
    shot(page, "send otp form")
    page.locator("#object-action-form input[type=submit]").click()

    page.wait_for_url(CHANGE_PAGE)
    otp = SmsOtpVerification.objects.get()
    expect(page.locator(".messagelist .success")).to_have_text(
        f"PIN sent to +13125550123 (reference {otp.reference_id})."
    )
    otp_panel = page.locator(".tendlc-panel", has_text="SMS OTP verification")
    expect(otp_panel).to_contain_text(otp.reference_id)
    expect(otp_panel.locator('.tendlc-badge[data-status="UNVERIFIED"]')).to_have_text("Unverified")
    shot(page, "otp sent")

    pin = otp_pin(brand)
    page.get_by_role("link", name="Enter PIN").click()
    page.fill("#id_otp_pin", pin)
    shot(page, "pin entered")
    page.locator("#object-action-form input[type=submit]").click()

    page.wait_for_url(CHANGE_PAGE)
    expect(page.locator(".messagelist .success")).to_have_text("PIN verified: Jane Doe Studio is Verified.")
    expect(otp_panel.locator('.tendlc-badge[data-status="VERIFIED"]').first).to_have_text("Verified")
    expect(readonly(page, "identity_status")).to_have_text("Verified")
    shot(page, "verified")

    brand.refresh_from_db()
    otp.refresh_from_db()
    remote = dlc.brand.retrieve(brand.brand_id)
    assert (remote.entity_type, remote.mobile_phone, remote.identity_status) == (
        "SOLE_PROPRIETOR",
        "+13125550123",
        "VERIFIED",
    )
    assert (brand.identity_status, brand.status, brand.mobile_phone) == ("VERIFIED", "OK", "+13125550123")
    assert otp.verify_date is not None
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "outcome")) == [
        ("brand.create", "succeeded"),
        ("brand.trigger_sms_otp", "succeeded"),
        ("brand.verify_sms_otp", "succeeded"),
    ]


# --- 3. a campaign through every builder step, its review arriving by webhook ------------------------------


def test_staff_build_and_submit_a_campaign_and_see_its_review_arrive_by_webhook(
    browser_webhook_worker, page, shot, dlc, make_brand, advance
):
    brand = mirror_brand(dlc.brand.retrieve(make_brand(BRAND_NAME).brand_id).raw)
    user_in(STAFF, "stella")
    log_in(page, "stella")

    page.goto("/admin/tendlc/campaign/")
    page.locator(".object-tools a.addlink").click()
    page.wait_for_url(re.compile(r"/campaign/build/\w+/brand/$"))
    page.select_option("#id_brand", str(brand.pk))
    shot(page, "brand step")
    page.get_by_role("button", name="Next: use case").click()

    page.wait_for_url(re.compile(r"/usecase/$"))
    page.check('input[name=usecase][value="CUSTOMER_CARE"]')
    shot(page, "use case step")
    page.get_by_role("button", name="Next: check qualification").click()

    page.wait_for_url(re.compile(r"/qualification/$"))
    expect(page.locator("#content-main h2").first).to_have_text("Acme Mobile qualifies for Customer care")
    expect(page.locator("table.tendlc-carriers tbody tr").first).to_be_visible()
    shot(page, "qualification and cost")
    page.get_by_role("link", name="Next: content").click()

    page.wait_for_url(re.compile(r"/content/$"))
    texts = {
        name: value
        for name, value in CLEAN_CONTENT.items()
        if isinstance(value, str) and value and name != "webhook_url"
    }
    # A HELP reply that names neither the brand nor a contact: the live checks flag it as it is typed.
    fill(page, {**texts, "help_message": "Reply STOP to opt out.", "webhook_url": browser_webhook_worker})
    for name, value in CLEAN_CONTENT.items():
        if value is True:
            # Ticked on the element itself: the live findings above may still be growing and move the boxes
            # between where a mouse click aims and where it lands.
            box = page.locator(f"#id_{name}")
            box.evaluate("element => element.click()")
            expect(box).to_be_checked()
    help_findings = page.locator('[data-findings-for="help_message"] li.tendlc-finding-error')
    summary = page.locator("[data-findings-summary]")
    expect(help_findings.first).to_have_text(
        'The HELP message does not name the brand: start it with "Acme Mobile:".'
    )
    expect(summary).to_have_text(re.compile(r"^[1-9]\d* error\(s\), \d+ warning\(s\) so far\.$"))
    shot(page, "content with live findings")
    page.fill("#id_help_message", CLEAN_CONTENT["help_message"])
    expect(summary).to_have_text("0 error(s), 0 warning(s) so far.")
    expect(help_findings).to_have_count(0)
    shot(page, "content clean")
    page.get_by_role("button", name="Next: review").click()

    page.wait_for_url(re.compile(r"/review/$"))
    expect(page.locator("#content-main")).to_contain_text("Compliance findings: 0 error(s), 0 warning(s)")
    expect(page.locator("#content-main")).to_contain_text(browser_webhook_worker)
    shot(page, "review")
    page.get_by_role("button", name="Submit the campaign").click()

    page.wait_for_url(CHANGE_PAGE)
    campaign = Campaign.objects.get()
    expect(page.locator(".messagelist .success")).to_have_text(
        f"Campaign {campaign} submitted: its review has started."
    )
    expect(readonly(page, "campaign_status")).to_have_text("TCR review pending")
    shot(page, "submitted")

    # TCR accepts it (one event), then Telnyx's and the carriers' reviews provision it (three more).
    for seconds, events, shown in [(2, 1, "Accepted by TCR"), (30, 5, "Provisioned")]:
        advance(seconds)
        wait_for(lambda events=events: len(processed_events()) == events, f"{events} events processed")
        page.reload()
        expect(readonly(page, "campaign_status")).to_have_text(shown)
        shot(page, f"webhook: {shown.lower()}")
    page.goto("/admin/tendlc/campaign/")
    expect(page.locator('#result_list .tendlc-badge[data-status="MNO_PROVISIONED"]')).to_have_text(
        "Provisioned"
    )
    shot(page, "campaign list")

    remote = dlc.campaign.retrieve(campaign.campaign_id)
    assert (remote.campaign_status, remote.brand_id, remote.usecase, remote.webhook_url) == (
        "MNO_PROVISIONED",
        brand.brand_id,
        "CUSTOMER_CARE",
        browser_webhook_worker,
    )
    assert remote.help_message == CLEAN_CONTENT["help_message"]
    campaign.refresh_from_db()
    assert (campaign.campaign_status, campaign.brand, campaign.webhook_url) == (
        "MNO_PROVISIONED",
        brand,
        browser_webhook_worker,
    )
    assert [(event.payload_type, event.campaign_id) for event in WebhookEvent.objects.order_by("pk")] == [
        (kind, campaign.campaign_id)
        for kind in ("TCR_EVENT", "TELNYX_REVIEW", "MNO_REVIEW", "TCR_EVENT", "VERIFIED")
    ]
    assert list(AuditEntry.objects.values_list("username", "action", "outcome")) == [
        ("stella", "campaign.submit", "succeeded")
    ]


# --- 4. numbers by CSV --------------------------------------------------------------------------------------

A, B, C, D = "+13125550101", "+13125550102", "+13125550103", "+13125550104"


def test_staff_upload_numbers_by_csv_and_see_each_rows_outcome(
    page, shot, dlc, make_seeded_campaign, tmp_path, broker
):
    ours, other = make_seeded_campaign(), make_seeded_campaign()
    dlc.phone_number_campaigns.create(campaign_id=other.campaign_id, phone_number=C)
    upload = tmp_path / "numbers.csv"
    upload.write_text(
        "phone_number,campaign\n"
        f"{A},{ours.campaign_id}\n"  # applied
        f"{B},{ours.tcr_campaign_id}\n"  # applied, the campaign named by its TCR id
        f"555-0100,{ours.campaign_id}\n"  # refused by our checks: not E.164
        f"{D},C404404\n"  # refused by our checks: no such campaign
        f"{C},{ours.campaign_id}\n"  # refused by the API: already on another campaign
    )
    user_in(STAFF, "stella")
    log_in(page, "stella")

    page.goto("/admin/tendlc/numberupload/")
    page.locator(".object-tools a.addlink").click()
    page.set_input_files("#id_file", upload)
    shot(page, "upload form")
    page.click("input[name=_save]")

    page.wait_for_url(CHANGE_PAGE)
    expect(page.locator(".messagelist .info")).to_contain_text("Nothing is sent yet")
    expect(page.locator("table.tendlc-upload-refused tbody tr")).to_have_count(2)
    expect(page.locator("table.tendlc-upload-assigned tbody tr")).to_have_count(3)
    for width in (1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"upload preview {width}")
    assert not PhoneNumberAssignment.objects.filter(campaign=ours).exists()
    page.get_by_role("button", name="Send the numbers").click()
    expect(page.locator(".tendlc-task-progress")).to_contain_text("of 3 rows sent")
    for width in (1440, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"upload sending {width}")
    # The worker's part: the page follows the rows sent and shows the report once they all are.
    send_number_upload.apply(args=(NumberUpload.objects.get().pk,))
    not_applied = page.locator("table.tendlc-upload-not-applied tbody tr")
    applied = page.locator("table.tendlc-upload-applied tbody tr")
    expect(not_applied).to_have_count(3)
    expect(applied).to_have_count(2)
    expect(not_applied.nth(0)).to_contain_text("555-0100")
    expect(not_applied.nth(0)).to_contain_text("our checks")
    expect(not_applied.nth(1)).to_contain_text("No campaign C404404 is known here")
    expect(not_applied.nth(2)).to_contain_text("the API")
    expect(not_applied.nth(2)).to_contain_text(f"Phone number {C} is already assigned")
    expect(applied.nth(0)).to_contain_text(A)
    expect(applied.nth(1)).to_contain_text(B)
    expect(applied.nth(0)).to_contain_text("Assignment pending")
    shot(page, "report")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Download the rows not applied")).click()
    rows = list(csv.reader(Path(download.value.path()).read_text().splitlines()))
    assert [row[:2] for row in rows] == [
        ["phone_number", "campaign"],
        ["555-0100", ours.campaign_id],
        [D, "C404404"],
        [C, ours.campaign_id],
    ]

    stored = NumberUpload.objects.get()
    assert (stored.filename, stored.rows_total, stored.rows_applied, stored.rows_failed) == (
        "numbers.csv",
        5,
        2,
        3,
    )
    assert stored.uploaded_by.username == "stella"
    assert sorted(
        PhoneNumberAssignment.objects.filter(campaign=ours).values_list("phone_number", flat=True)
    ) == [A, B]
    assert [dlc.phone_number_campaigns.retrieve(number).campaign_id for number in (A, B, C)] == [
        ours.campaign_id,
        ours.campaign_id,
        other.campaign_id,
    ]


# --- 5. appeals: admins only ----------------------------------------------------------------------------------

APPEAL_REASON = "The website now shows the privacy policy and the terms of service."


def test_an_admin_appeals_a_rejected_campaign_and_staff_may_not(
    page, open_page, shot, dlc, make_brand, make_campaign, sandbox_control
):
    brand = make_brand(BRAND_NAME)
    submitted = make_campaign(brand.brand_id, provisioned=False)
    rejected = sandbox_control.post(
        f"/campaigns/{submitted.campaign_id}/transition", {"campaignStatus": "MNO_REJECTED"}
    )
    assert rejected.status_code == 200, rejected.json
    # Mirrored as the sync would find them.
    mirror_brand(dlc.brand.retrieve(brand.brand_id).raw)
    campaign = mirror_campaign(dlc.campaign.retrieve(submitted.campaign_id).raw)
    appeal_url = f"/admin/tendlc/campaign/{campaign.pk}/appeal/"
    user_in(STAFF, "stella")
    user_in(ADMIN, "ada")

    # Staff see the rejected campaign, without an appeal button, and are refused the appeal page itself.
    staff = open_page()
    log_in(staff, "stella")
    staff.goto(f"/admin/tendlc/campaign/{campaign.pk}/change/")
    expect(readonly(staff, "campaign_status")).to_have_text("Rejected by a carrier")
    expect(staff.locator(".object-tools")).to_contain_text("Refresh from API")
    expect(staff.locator(".object-tools").get_by_role("link", name="Appeal")).to_have_count(0)
    shot(staff, "staff: no appeal button")
    response = staff.goto(appeal_url)
    assert response is not None
    assert response.status == 403
    expect(staff.locator("h1")).to_have_text("Not allowed")
    expect(staff.locator("#refusal-explanation")).to_have_text(
        "Only a Compliance admin can appeal a campaign; ask one of: ada."
    )
    shot(staff, "staff: appeal refused")

    # The admin finds it among the campaigns needing attention and appeals it.
    log_in(page, "ada")
    rejected_card = page.locator("#dashboard-attention #attention-campaigns_rejected")
    expect(rejected_card).to_contain_text("Rejected campaigns")
    expect(rejected_card.locator(".tendlc-card-count")).to_have_text("1")
    shot(page, "admin: dashboard")
    rejected_card.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/admin/tendlc/campaign/\?stage=rejected$"))
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    page.locator("#result_list tbody th a").click()
    # The list's filter goes along in the query, for the way back.
    page.wait_for_url(re.compile(rf"/admin/tendlc/campaign/{campaign.pk}/change/\?"))
    expect(page.locator(".tendlc-panel", has_text="Appeals")).to_contain_text("Never appealed.")
    shot(page, "admin: rejected campaign")
    page.locator(".object-tools").get_by_role("link", name="Appeal").click()
    page.wait_for_url(f"**{appeal_url}")
    page.get_by_role("button", name="Submit appeal").click()
    expect(page.locator(".errorlist")).to_have_text("This field is required.")
    shot(page, "admin: reason required")
    page.fill("#id_appeal_reason", APPEAL_REASON)
    shot(page, "admin: appeal form")
    page.get_by_role("button", name="Submit appeal").click()

    page.wait_for_url(CHANGE_PAGE)
    expect(page.locator(".messagelist .success")).to_have_text(
        "Appeal submitted: the campaign is now TCR_ACCEPTED."
    )
    appeals = page.locator(".tendlc-panel", has_text="Appeals")
    expect(appeals).to_contain_text(APPEAL_REASON)
    expect(appeals).to_contain_text("ada")
    expect(appeals).to_contain_text("Rejected by a carrier")
    expect(readonly(page, "campaign_status")).to_have_text("Accepted by TCR")
    shot(page, "admin: appeal recorded")

    appeal = CampaignAppeal.objects.get()
    assert (appeal.campaign, appeal.appeal_reason, appeal.status_before, appeal.requested_by.username) == (
        campaign,
        APPEAL_REASON,
        "MNO_REJECTED",
        "ada",
    )
    campaign.refresh_from_db()
    assert campaign.campaign_status == "TCR_ACCEPTED"
    assert dlc.campaign.retrieve(campaign.campaign_id).campaign_status == "TCR_ACCEPTED"
    remote_appeals = sandbox_control.get(f"/campaigns/{campaign.campaign_id}/appeals").json["records"]
    assert [record["appealReason"] for record in remote_appeals] == [APPEAL_REASON]
    assert list(AuditEntry.objects.values_list("username", "action", "outcome")) == [
        ("ada", "campaign.appeal", "succeeded")
    ]
