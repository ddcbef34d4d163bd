"""The object actions of a brand's page against the live sandbox: each one's success, the API's refusal shown
as a message or at its field, the audit entry, and who may use it."""

import re

import pytest
from django.contrib.messages import get_messages

from tendlc.models import AuditEntry, Brand, BrandFeedback, ExternalVetting, SmsOtpVerification

pytestmark = pytest.mark.django_db

PUBLIC = {
    "entity_type": "PUBLIC_PROFIT",
    "stock_symbol": "AAPL",
    "stock_exchange": "NASDAQ",
    "business_contact_email": "ceo@acme.example",
}
PIN_SMS = "Jane Doe Studio: your PIN is @OTP_PIN@"


def action_url(brand: Brand, slug: str) -> str:
    return f"/admin/tendlc/brand/{brand.pk}/actions/{slug}/"


def change_url(brand: Brand) -> str:
    return f"/admin/tendlc/brand/{brand.pk}/change/"


def banner(response) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


def page_errors(response) -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def audit_rows() -> list[tuple[str, str, str]]:
    return list(AuditEntry.objects.order_by("pk").values_list("username", "action", "outcome"))


@pytest.fixture
def public_company(portal_api, make_registered_brand) -> Brand:
    return make_registered_brand("Apple Reseller", **PUBLIC)


# --- what the page offers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "tools"),
    [
        (
            "portal_brand",
            [
                "Revet",
                "Refresh feedback",
                "Order vetting",
                "Import vetting",
                "Refresh vettings",
                "Check compliance",
            ],
        ),
        (
            "public_company",
            [
                "Revet",
                "Resend 2FA e-mail",
                "Refresh feedback",
                "Order vetting",
                "Import vetting",
                "Refresh vettings",
                "Check compliance",
            ],
        ),
        (
            "sole_proprietor",
            [
                "Revet",
                "Refresh feedback",
                "Send SMS OTP",
                "Enter PIN",
                "Refresh OTP status",
                "Check compliance",
            ],
        ),
    ],
)
def test_the_page_offers_the_actions_that_apply(request, staff_client, kind, tools):
    brand = request.getfixturevalue(kind)

    response = staff_client.get(change_url(brand))

    assert [tool["label"] for tool in response.context["object_actions"]] == tools
    assert 'action="' + action_url(brand, "refresh-feedback") + '"' in response.content.decode()


def test_a_viewer_is_offered_no_action(brand_viewer_client, portal_brand):
    response = brand_viewer_client.get(change_url(portal_brand))

    assert response.context["object_actions"] == []


SLUGS = [
    "revet",
    "resend-2fa-email",
    "refresh-feedback",
    "order-vetting",
    "import-vetting",
    "refresh-vettings",
    "trigger-sms-otp",
    "verify-sms-otp",
    "refresh-sms-otp",
    "check-compliance",
]


@pytest.mark.parametrize("slug", SLUGS)
def test_a_viewer_may_use_no_action(brand_viewer_client, portal_brand, slug):
    response = brand_viewer_client.post(action_url(portal_brand, slug), {"otp_pin": "123456"})

    assert response.status_code == 403
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("who", ["staff", "admin"])
def test_staff_and_admins_may_use_the_actions(client, staff_user, compliance_admin, portal_brand, who):
    user = {"staff": staff_user, "admin": compliance_admin}[who]
    client.force_login(user)

    response = client.post(action_url(portal_brand, "refresh-feedback"))

    assert banner(response) == [("success", "Feedback of Acme Mobile read: the registry reports no issue.")]
    assert audit_rows() == [(user.username, "brand.refresh_feedback", "succeeded")]


@pytest.mark.parametrize("slug", SLUGS)
def test_anonymous_users_are_sent_to_log_in(client, portal_brand, slug):
    response = client.post(action_url(portal_brand, slug))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_an_unknown_action_is_not_found(staff_client, portal_brand):
    assert staff_client.post(action_url(portal_brand, "launch")).status_code == 404


def test_a_one_click_action_opened_by_address_goes_back_to_the_brand(staff_client, portal_brand):
    response = staff_client.get(action_url(portal_brand, "refresh-feedback"))

    assert response.status_code == 302
    assert response["Location"] == change_url(portal_brand)
    assert not BrandFeedback.objects.exists()


def test_an_action_on_a_draft_is_refused_with_a_message(staff_client, portal_api):
    draft = Brand.objects.create(
        display_name="Draft",
        entity_type="PRIVATE_PROFIT",
        country="US",
        email="a@b.example",
        vertical="RETAIL",
    )

    response = staff_client.post(action_url(draft, "refresh-feedback"))

    assert banner(response) == [("error", "This brand is not submitted yet: save it to submit it first.")]


# --- revet ------------------------------------------------------------------------------------------------


def test_revet_asks_first_then_asks_the_registry(staff_client, portal_brand, dlc):
    page = staff_client.get(action_url(portal_brand, "revet"))
    response = staff_client.post(action_url(portal_brand, "revet"))

    assert "at most once every three months" in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == change_url(portal_brand)
    assert banner(response) == [
        (
            "success",
            "Revet of Acme Mobile requested: the registry vets it again and the result arrives by webhook.",
        )
    ]
    assert audit_rows() == [("staff", "brand.revet", "succeeded")]


def test_a_second_revet_is_refused_in_a_message_with_the_time_in_the_users_zone(
    settings, staff_client, portal_brand
):
    settings.TIME_ZONE = "America/New_York"
    staff_client.post(action_url(portal_brand, "revet"))

    response = staff_client.post(action_url(portal_brand, "revet"))

    assert (response.status_code, response["Location"]) == (302, change_url(portal_brand))
    level, message = banner(response)[-1]  # after the first revet's success
    assert level == "error"
    assert re.fullmatch(
        r"The 10DLC API refused it \(HTTP 400\): Brand was revetted at 21 September 2026, 10:13 EDT; revet is "
        r"allowed at most once every 3 months\. \(request id [0-9a-f-]{36}\)",
        message,
    )
    assert audit_rows() == [("staff", "brand.revet", "succeeded"), ("staff", "brand.revet", "failed")]


# --- 2FA e-mail -------------------------------------------------------------------------------------------


def test_the_2fa_email_is_sent_again(staff_client, public_company):
    response = staff_client.post(action_url(public_company, "resend-2fa-email"))

    assert banner(response) == [("success", "The verification e-mail was sent again to ceo@acme.example.")]
    assert audit_rows() == [("staff", "brand.resend_2fa_email", "succeeded")]
    assert AuditEntry.objects.get().request_summary == {"business_contact_email": "ceo@acme.example"}


def test_the_2fa_email_failing_at_the_api_is_reported(staff_client, public_company, faults):
    faults.add(status=500, count=3, pathPattern="/2faEmail")

    response = staff_client.post(action_url(public_company, "resend-2fa-email"))

    [(level, message)] = banner(response)
    assert level == "error"
    assert message.startswith("The 10DLC API failed (HTTP 500: An unexpected error occurred).")
    assert audit_rows() == [("staff", "brand.resend_2fa_email", "failed")]


def test_the_2fa_email_is_for_public_companies_only(staff_client, portal_brand):
    response = staff_client.post(action_url(portal_brand, "resend-2fa-email"))

    assert banner(response) == [("error", "The 2FA e-mail is sent to public companies only.")]
    assert not AuditEntry.objects.exists()


# --- feedback ---------------------------------------------------------------------------------------------


def test_feedback_is_read_stored_and_shown(staff_client, portal_api, make_registered_brand):
    brand = make_registered_brand("Acme Unverified", ein="000000000")

    response = staff_client.post(action_url(brand, "refresh-feedback"))
    page = staff_client.get(change_url(brand)).content.decode()

    feedback = BrandFeedback.objects.get()
    category = feedback.categories.get()
    assert banner(response) == [
        ("success", "Feedback of Acme Unverified read: 1 issue reported, shown below.")
    ]
    assert (category.category, category.display_name, category.fields) == (
        "TAX_ID",
        "Tax Id",
        ["ein", "companyName", "entityType"],
    )
    assert "Tax Id does not match with the company name or business type." in page
    assert "<td>EIN, company name, entity type</td>" in page
    assert audit_rows() == [("staff", "brand.refresh_feedback", "succeeded")]


def test_feedback_of_a_verified_brand_says_so(staff_client, portal_brand):
    response = staff_client.post(action_url(portal_brand, "refresh-feedback"))
    page = staff_client.get(change_url(portal_brand)).content.decode()

    assert banner(response) == [("success", "Feedback of Acme Mobile read: the registry reports no issue.")]
    assert "The registry reports no issue with this brand." in page
    assert BrandFeedback.objects.get().categories.count() == 0


def test_feedback_of_a_brand_gone_at_telnyx_is_an_error(staff_client, portal_brand, dlc):
    dlc.brand.delete(portal_brand.brand_id)

    response = staff_client.post(action_url(portal_brand, "refresh-feedback"))

    [(level, message)] = banner(response)
    assert (level, message.split(" (request id")[0]) == (
        "error",
        "The 10DLC API refused it (HTTP 404): Brand not found",
    )
    assert not BrandFeedback.objects.exists()
    assert audit_rows() == [("staff", "brand.refresh_feedback", "failed")]


# --- external vetting -------------------------------------------------------------------------------------


def test_the_order_page_offers_the_providers_and_classes_of_the_api(staff_client, portal_brand):
    response = staff_client.get(action_url(portal_brand, "order-vetting"))

    form = response.context["form"]
    assert list(form.fields["evp_id"].choices) == [
        ("AEGIS", "Aegis Mobile"),
        ("CV", "Campaign Verify"),
        ("WMC", "WMC Global"),
    ]
    assert [code for code, _ in form.fields["vetting_class"].choices] == ["STANDARD", "POLITICAL", "ENHANCED"]


def test_a_vetting_is_ordered_and_listed(staff_client, portal_brand, advance):
    response = staff_client.post(
        action_url(portal_brand, "order-vetting"), {"evp_id": "AEGIS", "vetting_class": "STANDARD"}
    )

    vetting = ExternalVetting.objects.get()
    assert banner(response) == [
        (
            "success",
            "STANDARD vetting ordered from AEGIS: its result shows in the vettings below once the provider completes it.",
        )
    ]
    assert (vetting.brand_id, vetting.evp_id, vetting.vetting_class, vetting.vetted_date) == (
        portal_brand.pk,
        "AEGIS",
        "STANDARD",
        None,
    )
    assert vetting.vetting_id in staff_client.get(change_url(portal_brand)).content.decode()
    assert audit_rows() == [("staff", "brand.order_vetting", "succeeded")]

    advance(10)
    refreshed = staff_client.post(action_url(portal_brand, "refresh-vettings"))

    vetting.refresh_from_db()
    assert banner(refreshed) == [("success", "Vettings of Acme Mobile read: 1 valid vetting.")]
    assert (vetting.vetting_score, vetting.vetted_date is not None) == (75, True)


def test_a_duplicate_order_is_refused_on_the_page(staff_client, portal_brand):
    data = {"evp_id": "AEGIS", "vetting_class": "STANDARD"}
    staff_client.post(action_url(portal_brand, "order-vetting"), data)

    response = staff_client.post(action_url(portal_brand, "order-vetting"), data)

    assert response.status_code == 200
    assert page_errors(response) == {
        "__all__": [
            "A STANDARD vetting by AEGIS is already in progress or succeeded within the last 180 days."
        ]
    }
    assert ExternalVetting.objects.count() == 1


def test_an_order_outside_the_lists_is_refused_at_its_field(staff_client, portal_brand):
    response = staff_client.post(
        action_url(portal_brand, "order-vetting"), {"evp_id": "ACME", "vetting_class": "STANDARD"}
    )

    assert page_errors(response) == {
        "evp_id": ["Select a valid choice. ACME is not one of the available choices."]
    }
    assert not AuditEntry.objects.exists()


def test_the_order_page_reports_an_api_it_cannot_read(staff_client, portal_brand, faults):
    faults.add(status=503, count=3, pathPattern="/10dlc/enum/")

    response = staff_client.get(action_url(portal_brand, "order-vetting"))

    assert response.status_code == 302
    assert response["Location"] == change_url(portal_brand)
    [(level, message)] = banner(response)
    assert (level, message.split(" Request id")[0]) == (
        "error",
        "The 10DLC API failed (HTTP 503: The service is temporarily unavailable). It reported the failure, so"
        " nothing was changed at Telnyx; your input is kept: submit again in a minute.",
    )


def test_a_vetting_is_imported(staff_client, portal_brand):
    response = staff_client.post(
        action_url(portal_brand, "import-vetting"),
        {"evp_id": "WMC", "vetting_id": "WMC-2024-001", "vetting_token": "secret-token"},
    )

    vetting = ExternalVetting.objects.get()
    assert banner(response) == [("success", "Vetting WMC-2024-001 of WMC imported: confirmed.")]
    assert (vetting.evp_id, vetting.vetting_id, vetting.vetting_class, vetting.vetting_score) == (
        "WMC",
        "WMC-2024-001",
        "STANDARD",
        75,
    )
    assert AuditEntry.objects.get().request_summary == {
        "evp_id": "WMC",
        "vetting_id": "WMC-2024-001",
        "vetting_token": "***",
    }


def test_an_import_the_provider_cannot_confirm_is_refused_at_the_vetting_id(staff_client, portal_brand):
    response = staff_client.post(
        action_url(portal_brand, "import-vetting"),
        {"evp_id": "AEGIS", "vetting_id": "INVALID-7", "vetting_token": ""},
    )

    assert response.status_code == 200
    assert page_errors(response) == {"vetting_id": ["AEGIS could not confirm vetting INVALID-7."]}
    assert 'value="INVALID-7"' in response.content.decode()
    assert not ExternalVetting.objects.exists()
    assert audit_rows() == [("staff", "brand.import_vetting", "failed")]


def test_an_import_needs_a_vetting_id(staff_client, portal_brand):
    response = staff_client.post(
        action_url(portal_brand, "import-vetting"), {"evp_id": "AEGIS", "vetting_id": ""}
    )

    assert page_errors(response) == {"vetting_id": ["This field is required."]}


def test_refreshing_vettings_failing_at_the_api_is_reported(staff_client, portal_brand, faults):
    faults.add(status=500, count=3, pathPattern="/externalVetting")

    response = staff_client.post(action_url(portal_brand, "refresh-vettings"))

    [(level, message)] = banner(response)
    assert level == "error"
    assert message.startswith("The 10DLC API failed (HTTP 500")
    assert audit_rows() == [("staff", "brand.refresh_vettings", "failed")]


# --- SMS OTP ----------------------------------------------------------------------------------------------


def test_the_otp_page_proposes_a_pin_message(staff_client, sole_proprietor):
    response = staff_client.get(action_url(sole_proprietor, "trigger-sms-otp"))

    assert (
        response.context["form"]["pin_sms"].value() == "Jane Doe Studio: your verification PIN is @OTP_PIN@"
    )


def test_an_otp_is_sent_and_its_status_shown(staff_client, sole_proprietor, sandbox_control):
    response = staff_client.post(action_url(sole_proprietor, "trigger-sms-otp"), {"pin_sms": PIN_SMS})

    otp = SmsOtpVerification.objects.get()
    page = staff_client.get(change_url(sole_proprietor)).content.decode()
    assert (
        otp.reference_id
        == sandbox_control.get(f"/brands/{sole_proprietor.brand_id}/smsOtp").json["referenceId"]
    )
    assert banner(response) == [("success", f"PIN sent to +13125550123 (reference {otp.reference_id}).")]
    assert otp.delivery_status == "PENDING"
    assert f"<td>{otp.reference_id}</td>" in page
    assert "Queued for delivery" in page
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.request_summary) == (
        "brand.trigger_sms_otp",
        "succeeded",
        {
            "pin_sms": PIN_SMS,
            "success_sms": "Jane Doe Studio: your mobile number is verified. Thank you.",
            "mobile_phone": "+13125550123",
        },
    )


def test_a_pin_message_without_the_placeholder_is_refused_at_its_field(staff_client, sole_proprietor):
    response = staff_client.post(
        action_url(sole_proprietor, "trigger-sms-otp"), {"pin_sms": "Your PIN follows", "success_sms": "Done"}
    )

    assert page_errors(response) == {
        "pin_sms": ["The PIN message must contain @OTP_PIN@, where the PIN goes."]
    }
    assert "Your PIN follows" in response.content.decode()
    assert not SmsOtpVerification.objects.exists()


def test_an_otp_the_api_refuses_is_shown_on_the_page(staff_client, portal_api, make_sole_proprietor):
    abroad = make_sole_proprietor("Jane Abroad", mobile_phone="+442079460958")

    response = staff_client.post(action_url(abroad, "trigger-sms-otp"), {"pin_sms": PIN_SMS})

    assert page_errors(response) == {
        "__all__": ["Brand is not a Sole Proprietor or invalid mobile phone number"]
    }
    assert audit_rows() == [("staff", "brand.trigger_sms_otp", "failed")]


def test_the_right_pin_verifies_the_brand(staff_client, sole_proprietor, otp_pin):
    staff_client.post(action_url(sole_proprietor, "trigger-sms-otp"), {"pin_sms": PIN_SMS})

    response = staff_client.post(
        action_url(sole_proprietor, "verify-sms-otp"), {"otp_pin": otp_pin(sole_proprietor)}
    )

    brand = Brand.objects.get()
    # The trigger's message is still queued: no page was shown between the two posts.
    assert banner(response)[-1] == ("success", "PIN verified: Jane Doe Studio is Verified.")
    assert brand.identity_status == "VERIFIED"
    assert SmsOtpVerification.objects.get().verify_date is not None
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.outcome, entry.request_summary) == (
        "brand.verify_sms_otp",
        "succeeded",
        {"otp_pin": "***"},
    )


def test_a_wrong_pin_is_refused_at_its_field(staff_client, sole_proprietor, otp_pin):
    staff_client.post(action_url(sole_proprietor, "trigger-sms-otp"), {"pin_sms": PIN_SMS})
    wrong = "000000" if otp_pin(sole_proprietor) != "000000" else "111111"

    response = staff_client.post(action_url(sole_proprietor, "verify-sms-otp"), {"otp_pin": wrong})

    assert page_errors(response) == {"otp_pin": ["Invalid OTP PIN."]}
    assert Brand.objects.get().identity_status == "UNVERIFIED"


@pytest.mark.parametrize("pin", ["12ab56", "123", ""])
def test_a_malformed_pin_is_refused_before_the_api(staff_client, sole_proprietor, pin):
    response = staff_client.post(action_url(sole_proprietor, "verify-sms-otp"), {"otp_pin": pin})

    message = "This field is required." if not pin else "Enter the PIN's digits, e.g. 123456."
    assert page_errors(response) == {"otp_pin": [message]}
    assert not AuditEntry.objects.exists()


def test_the_otp_status_is_read_on_request(staff_client, sole_proprietor, advance):
    staff_client.post(action_url(sole_proprietor, "trigger-sms-otp"), {"pin_sms": PIN_SMS})
    advance(2)

    response = staff_client.post(action_url(sole_proprietor, "refresh-sms-otp"))

    otp = SmsOtpVerification.objects.get()
    assert banner(response)[-1] == ("success", f"SMS OTP {otp.reference_id}: Delivered to handset.")
    assert otp.delivery_status == "DELIVERED_HANDSET"


def test_the_otp_status_needs_an_otp(staff_client, sole_proprietor):
    response = staff_client.post(action_url(sole_proprietor, "refresh-sms-otp"))

    assert banner(response) == [("error", "No SMS OTP was sent for this brand yet: trigger one first.")]


def test_otp_actions_are_for_sole_proprietors_only(staff_client, portal_brand):
    response = staff_client.post(action_url(portal_brand, "trigger-sms-otp"), {"pin_sms": PIN_SMS})

    assert page_errors(response) == {"__all__": ["SMS OTP verification is for sole proprietor brands only."]}
