"""Brand actions over the API against the live sandbox: create and update through the admin's services and
form, drafts kept and submitted again, the SMS OTP, refusals in the one error format at our field names, and
the audit entries written."""

import json
from typing import Any

import pytest
from rest_framework.renderers import JSONRenderer

from tendlc.api.brands import BrandSerializer, SmsOtpVerificationSerializer
from tendlc.api.compliance import ComplianceCheckSerializer
from tendlc.forms.brands import BrandForm
from tendlc.models import AuditEntry, Brand, ComplianceCheck, SmsOtpVerification
from tests.factories import BrandFactory
from tests.fixtures.brands import FORM_VALUES

# A country the API does not know: a national phone number could not be read in it.
E164 = "+12025550100"

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls_actions")]

BRANDS = "/api/v1/brands/"
PIN_SMS = "Jane Doe Studio: your PIN is @OTP_PIN@"
COUNTRY_REFUSED = "country must be an ISO 3166-1 alpha-2 code in upper case, e.g. US."


def brand_url(brand: Brand, action: str = "") -> str:
    return f"{BRANDS}{brand.pk}/{action}"


def as_json(data: Any) -> Any:
    """``data`` as the API renders it (dates as strings, and so on)."""
    return json.loads(JSONRenderer().render(data))


def saved_body(brand: Brand) -> dict[str, Any]:
    check = ComplianceCheck.objects.filter(brand=brand, campaign=None).latest("pk")
    return as_json({**BrandSerializer(brand).data, "compliance": ComplianceCheckSerializer(check).data})


def audit_rows() -> list[tuple[str, str, str, str]]:
    return list(AuditEntry.objects.order_by("pk").values_list("username", "action", "outcome", "target_id"))


@pytest.fixture
def api_created_brand(staff_api, portal_api) -> Brand:
    """A brand registered through the API's create."""
    assert staff_api.post(BRANDS, FORM_VALUES, format="json").status_code == 201
    return Brand.objects.get()


# --- create --------------------------------------------------------------------------------------------


def test_a_brand_is_created_at_telnyx_and_answered_as_its_read_endpoint_shows_it(staff_api, portal_api, dlc):
    response = staff_api.post(BRANDS, FORM_VALUES, format="json")

    brand = Brand.objects.get()
    assert response.status_code == 201
    remote = dlc.brand.retrieve(brand.brand_id)
    assert (remote.display_name, remote.ein, remote.phone, remote.website, remote.entity_type) == (
        "Acme Mobile",
        "123456789",
        "+12025550100",
        "https://acme.example",
        "PRIVATE_PROFIT",
    )
    assert (brand.tcr_brand_id, brand.status, brand.identity_status, brand.last_error) == (
        remote.tcr_brand_id,
        "REGISTRATION_PENDING",
        "UNVERIFIED",
        "",
    )
    assert response.json() == saved_body(brand)
    assert response.json()["compliance"]["error_count"] == 0
    assert audit_rows() == [("staff", "brand.create", "succeeded", str(brand.pk))]


@pytest.mark.parametrize(
    ("sent", "errors"),
    [
        ({"ein": "12-34"}, [("ein", "invalid", "A US EIN is 9 digits: 123456789 or 12-3456789.")]),
        (
            {"state": "California"},
            [
                (
                    "state",
                    "invalid",
                    "A US state is its 2-letter postal code, e.g. CA or NY (DC and the territories, e.g. PR, too).",
                )
            ],
        ),
        ({"display_name": None}, [("display_name", "required", "This field is required.")]),
        (
            {"country": "U1", "phone": "12"},
            [("country", "invalid", "Enter a 2-letter ISO 3166 country code, e.g. US.")],
        ),
        (
            {"phone": "12"},
            [("phone", "invalid", "12 is not a valid phone number in its country's numbering plan.")],
        ),
        (
            {"entity_type": "SOLE_PROPRIETOR"},
            [
                ("first_name", "invalid", "Required for sole proprietor brands."),
                ("last_name", "invalid", "Required for sole proprietor brands."),
                ("mobile_phone", "invalid", "Required for sole proprietor brands."),
            ],
        ),
        (
            {"entity_type": "LLC"},
            [
                (
                    "entity_type",
                    "invalid_choice",
                    "Select a valid choice. LLC is not one of the available choices.",
                )
            ],
        ),
        ({"website": "ftp://acme.example"}, [("website", "invalid", "Enter a valid URL.")]),
    ],
)
def test_input_is_refused_as_the_admin_refuses_it_at_the_same_fields(staff_api, sent, errors):
    data = {name: value for name, value in {**FORM_VALUES, **sent}.items() if value is not None}

    response = staff_api.post(BRANDS, data, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"field": field, "code": code, "message": message} for field, code, message in errors],
        "status": 400,
    }
    admin_form = BrandForm(data)
    assert not admin_form.is_valid()
    assert {(item["field"], item["message"]) for item in response.json()["errors"]} == {
        (name, message) for name, messages in admin_form.errors.items() for message in messages
    }
    # Refused before the service: without API settings it would have said so instead.
    assert not Brand.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_body_that_is_not_an_object_is_refused(staff_api):
    response = staff_api.post(BRANDS, ["Acme"], format="json")

    assert response.json() == {
        "errors": [
            {
                "field": None,
                "code": "invalid",
                "message": "Invalid data. Expected a dictionary, but got list.",
            }
        ],
        "status": 400,
    }


def test_a_refused_create_keeps_a_draft_and_answers_422_with_its_id(staff_api, portal_api, dlc):
    response = staff_api.post(
        BRANDS, {**FORM_VALUES, "country": "QQ", "phone": E164, "display_name": "Draft Co"}, format="json"
    )

    draft = Brand.objects.get()
    entry = AuditEntry.objects.get()
    assert response.status_code == 422
    assert response.json() == {
        "errors": [{"field": "country", "code": "rejected_by_10dlc", "message": COUNTRY_REFUSED}],
        "status": 422,
        "upstream_request_id": entry.api_request_id,
        "draft_id": draft.pk,
    }
    assert entry.api_request_id
    assert (draft.brand_id, draft.display_name, draft.country, draft.phone) == (
        None,
        "Draft Co",
        "QQ",
        "+12025550100",
    )
    assert draft.last_error.startswith("HTTP 422 from POST /10dlc/brand: ")
    assert dlc.brand.list().total_records == 0
    assert (entry.action, entry.outcome, entry.target_id) == ("brand.create", "failed", str(draft.pk))


def test_a_create_the_api_cannot_answer_keeps_a_draft_too(staff_api, portal_api, faults):
    faults.add(status=503, count=3, pathPattern=r"/10dlc/brand$")

    response = staff_api.post(BRANDS, FORM_VALUES, format="json")

    draft = Brand.objects.get()
    request_id = AuditEntry.objects.get().api_request_id
    assert response.status_code == 502
    assert response.json() == {
        "errors": [
            {
                "field": None,
                "code": "10dlc_unavailable",
                "message": "HTTP 503 from POST /10dlc/brand: The service is temporarily unavailable."
                f" (code 10007) [request id {request_id}]",
            }
        ],
        "status": 502,
        "upstream_request_id": request_id,
        "draft_id": draft.pk,
    }
    assert draft.brand_id is None


# --- update ----------------------------------------------------------------------------------------------


def test_patching_a_draft_submits_it_again_on_the_same_row(staff_api, portal_api, dlc):
    staff_api.post(BRANDS, {**FORM_VALUES, "country": "QQ", "phone": E164}, format="json")
    draft = Brand.objects.get()

    response = staff_api.patch(brand_url(draft), {"country": "US"}, format="json")

    brand = Brand.objects.get()
    assert response.status_code == 200
    assert brand.pk == draft.pk
    assert brand.brand_id is not None
    assert brand.last_error == ""
    assert (dlc.brand.retrieve(brand.brand_id).state, brand.display_name) == ("IL", "Acme Mobile")
    assert response.json() == saved_body(brand)
    assert [row[1:3] for row in audit_rows()] == [("brand.create", "failed"), ("brand.create", "succeeded")]


def test_a_draft_refused_again_stays_the_one_draft(staff_api, portal_api):
    staff_api.post(BRANDS, {**FORM_VALUES, "country": "QQ", "phone": E164}, format="json")
    draft = Brand.objects.get()

    response = staff_api.patch(brand_url(draft), {"country": "QX"}, format="json")

    assert response.status_code == 422
    assert response.json()["draft_id"] == draft.pk
    assert response.json()["errors"] == [
        {"field": "country", "code": "rejected_by_10dlc", "message": COUNTRY_REFUSED}
    ]
    assert list(Brand.objects.values_list("pk", "country", "brand_id")) == [(draft.pk, "QX", None)]


def test_a_brand_deleted_at_telnyx_is_refused(staff_api, portal_api):
    brand = BrandFactory(remote_deleted_at="2026-01-01T00:00:00Z", website="https://acme.example")

    response = staff_api.patch(brand_url(brand), {"city": "Chicago"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": None,
            "code": "refused",
            "message": "This brand was deleted at Telnyx: nothing can be done with it any more.",
        }
    ]
    assert Brand.objects.get().city == ""


def test_a_patch_is_sent_as_an_update_and_fields_not_sent_keep_their_values(
    staff_api, api_created_brand, dlc
):
    response = staff_api.patch(
        brand_url(api_created_brand), {"website": "https://acme-mobile.example"}, format="json"
    )

    brand = Brand.objects.get()
    remote = dlc.brand.retrieve(brand.brand_id)
    assert response.status_code == 200
    assert (remote.website, remote.display_name, remote.ein, remote.state) == (
        "https://acme-mobile.example",
        "Acme Mobile",
        "123456789",
        "IL",
    )
    assert brand.website == "https://acme-mobile.example"
    assert response.json() == saved_body(brand)
    assert [row[1:3] for row in audit_rows()] == [
        ("brand.create", "succeeded"),
        ("brand.update", "succeeded"),
    ]


def test_an_update_the_api_refuses_is_422_at_its_field_and_keeps_the_row(staff_api, api_created_brand):
    response = staff_api.patch(brand_url(api_created_brand), {"country": "QQ", "phone": E164}, format="json")

    brand = Brand.objects.get()
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "country", "code": "rejected_by_10dlc", "message": COUNTRY_REFUSED}
    ]
    assert "draft_id" not in response.json()
    assert brand.country == "US"
    assert brand.last_error.startswith("HTTP 422 from PUT /10dlc/brand/")
    assert audit_rows()[-1][1:3] == ("brand.update", "failed")


def test_an_update_is_validated_by_the_admins_form(staff_api, api_created_brand):
    response = staff_api.patch(
        brand_url(api_created_brand), {"ein": "12-34", "email": "nobody"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {"field": "email", "code": "invalid", "message": "Enter a valid email address."},
            {"field": "ein", "code": "invalid", "message": "A US EIN is 9 digits: 123456789 or 12-3456789."},
        ],
        "status": 400,
    }
    assert Brand.objects.get().ein == "123456789"


def test_put_is_not_offered(staff_api):
    brand = BrandFactory()

    response = staff_api.put(brand_url(brand), FORM_VALUES, format="json")

    assert response.status_code == 405
    assert response.json() == {
        "errors": [{"field": None, "code": "method_not_allowed", "message": 'Method "PUT" not allowed.'}],
        "status": 405,
    }


def test_an_unknown_brand_is_not_found(staff_api):
    response = staff_api.patch(f"{BRANDS}999999/", {"state": "IL"}, format="json")

    assert response.status_code == 404
    assert response.json() == {
        "errors": [{"field": None, "code": "not_found", "message": "No Brand matches the given query."}],
        "status": 404,
    }


# --- SMS OTP ---------------------------------------------------------------------------------------------


def test_an_otp_is_sent_to_the_sole_proprietor(staff_api, sole_proprietor, sandbox_control):
    response = staff_api.post(brand_url(sole_proprietor, "otp/"), {"pin_sms": PIN_SMS}, format="json")

    otp = SmsOtpVerification.objects.get()
    assert response.status_code == 201
    assert response.json() == as_json(SmsOtpVerificationSerializer(otp).data)
    assert (
        otp.reference_id
        == sandbox_control.get(f"/brands/{sole_proprietor.brand_id}/smsOtp").json["referenceId"]
    )
    assert otp.delivery_status == "PENDING"
    entry = AuditEntry.objects.get()
    assert (entry.username, entry.action, entry.outcome, entry.request_summary) == (
        "staff",
        "brand.trigger_sms_otp",
        "succeeded",
        {
            "pin_sms": PIN_SMS,
            "success_sms": "Jane Doe Studio: your mobile number is verified. Thank you.",
            "mobile_phone": "+13125550123",
        },
    )


def test_a_pin_message_without_the_placeholder_is_refused_at_its_field(staff_api):
    brand = BrandFactory(entity_type="SOLE_PROPRIETOR")

    response = staff_api.post(brand_url(brand, "otp/"), {"pin_sms": "Your PIN follows"}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": "pin_sms",
                "code": "invalid",
                "message": "The PIN message must contain @OTP_PIN@, where the PIN goes.",
            }
        ],
        "status": 400,
    }
    assert not SmsOtpVerification.objects.exists()


def test_an_otp_the_api_refuses_is_422(staff_api, portal_api, make_sole_proprietor):
    abroad = make_sole_proprietor("Jane Abroad", mobile_phone="+442079460958")

    response = staff_api.post(brand_url(abroad, "otp/"), {"pin_sms": PIN_SMS}, format="json")

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": None,
            "code": "rejected_by_10dlc",
            "message": "Brand is not a Sole Proprietor or invalid mobile phone number",
        }
    ]
    assert audit_rows()[-1][1:3] == ("brand.trigger_sms_otp", "failed")


def test_an_otp_for_a_company_is_refused_by_the_service(staff_api, portal_api):
    brand = BrandFactory()

    response = staff_api.post(brand_url(brand, "otp/"), {"pin_sms": PIN_SMS}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": None,
                "code": "refused",
                "message": "SMS OTP verification is for sole proprietor brands only.",
            }
        ],
        "status": 400,
    }


def test_the_right_pin_verifies_the_brand(staff_api, sole_proprietor, otp_pin):
    staff_api.post(brand_url(sole_proprietor, "otp/"), {"pin_sms": PIN_SMS}, format="json")

    response = staff_api.post(
        brand_url(sole_proprietor, "otp/verify/"), {"otp_pin": otp_pin(sole_proprietor)}, format="json"
    )

    brand = Brand.objects.get()
    assert response.status_code == 200
    assert brand.identity_status == "VERIFIED"
    assert response.json() == as_json(BrandSerializer(brand).data)
    assert SmsOtpVerification.objects.get().verify_date is not None
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.outcome, entry.request_summary) == (
        "brand.verify_sms_otp",
        "succeeded",
        {"otp_pin": "***"},
    )


def test_a_wrong_pin_is_422_at_its_field(staff_api, sole_proprietor, otp_pin):
    staff_api.post(brand_url(sole_proprietor, "otp/"), {"pin_sms": PIN_SMS}, format="json")
    wrong = "000000" if otp_pin(sole_proprietor) != "000000" else "111111"

    response = staff_api.post(brand_url(sole_proprietor, "otp/verify/"), {"otp_pin": wrong}, format="json")

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "otp_pin", "code": "rejected_by_10dlc", "message": "Invalid OTP PIN."}
    ]
    assert Brand.objects.get().identity_status == "UNVERIFIED"


def test_a_pin_that_is_not_digits_is_refused_before_the_api(staff_api):
    brand = BrandFactory(entity_type="SOLE_PROPRIETOR")

    response = staff_api.post(brand_url(brand, "otp/verify/"), {"otp_pin": "12ab"}, format="json")

    assert response.json() == {
        "errors": [
            {"field": "otp_pin", "code": "invalid", "message": "Enter the PIN's digits, e.g. 123456."}
        ],
        "status": 400,
    }


@pytest.mark.parametrize("value", [["x"], {"a": 1}])
def test_a_value_of_the_wrong_json_shape_is_refused_at_its_field(value, staff_api):
    response = staff_api.post("/api/v1/brands/", {"ip_address": value, "display_name": "Acme"}, format="json")

    assert response.status_code == 400
    errors = [item for item in response.json()["errors"] if item["field"] == "ip_address"]
    assert errors == [
        {
            "field": "ip_address",
            "code": "invalid",
            "message": "Expected text.",
        }
    ]
