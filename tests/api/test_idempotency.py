"""The Idempotency-Key header on the API's workflow actions, against the live sandbox: a repeat gets the first
answer and registers nothing again; other values under the same key, a key still in flight and a malformed key
are refused in the one error format; refusals before any call and failures of the 10DLC API leave the key
free for a retry; keys are per user and per endpoint, and expire after 24 hours."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from tendlc.models import AuditEntry, Brand, IdempotencyKey, NumberUpload
from tendlc.services.idempotency import KEY_LIFETIME
from tests.fixtures.brands import FORM_VALUES

# A country the API does not know: a national phone number could not be read in it.
E164 = "+12025550100"

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls_actions")]

BRANDS = "/api/v1/brands/"
KEY = "5d8e1b0c-2f4a-4d7e-9c1b-000000000001"
REUSED = {
    "errors": [
        {
            "field": None,
            "code": "idempotency_key_reused",
            "message": "This Idempotency-Key was already used for a request with other values: send a new key"
            " for a new request.",
        }
    ],
    "status": 422,
}
IN_FLIGHT = {
    "errors": [
        {
            "field": None,
            "code": "idempotency_key_in_flight",
            "message": "A request with this Idempotency-Key is still being processed: retry in a few seconds to"
            " get its answer.",
        }
    ],
    "status": 409,
}


def fingerprint(values) -> str:
    """The fingerprint of a JSON body of text values, as the API takes it."""
    return hashlib.sha256(json.dumps(values, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def key_stored(user, endpoint="POST /api/v1/brands/", values=FORM_VALUES, **fields) -> IdempotencyKey:
    return IdempotencyKey.objects.create(
        user=user,
        endpoint=endpoint,
        key=KEY,
        fingerprint=fingerprint(values),
        **{"created_at": timezone.now(), **fields},
    )


# Another company: the API itself refuses a second brand with FORM_VALUES' EIN.
OTHER_COMPANY = {**FORM_VALUES, "ein": "98-7654321"}


def post_brand(api, values=FORM_VALUES, key: str | None = KEY):
    headers = {} if key is None else {"Idempotency-Key": key}
    return api.post(BRANDS, values, format="json", headers=headers)


def test_the_same_request_sent_four_times_registers_one_brand_and_answers_the_first_answer_each_time(
    staff_api, portal_api, dlc
):
    first, *repeats = [post_brand(staff_api) for _ in range(4)]

    brand = Brand.objects.get()
    assert first.status_code == 201
    assert first.json()["id"] == brand.pk
    assert "Idempotent-Replayed" not in first
    assert [(r.status_code, r.json(), r["Idempotent-Replayed"]) for r in repeats] == [
        (201, first.json(), "true")
    ] * 3
    assert dlc.brand.list().total_records == 1
    assert list(AuditEntry.objects.values_list("action", "outcome")) == [("brand.create", "succeeded")]
    stored = IdempotencyKey.objects.get()
    assert (stored.user.username, stored.endpoint, stored.key, stored.response_status) == (
        "staff",
        "POST /api/v1/brands/",
        KEY,
        201,
    )


def test_without_a_key_each_request_runs_as_before(staff_api, portal_api, dlc):
    assert [
        post_brand(staff_api, values, key=None).status_code for values in (FORM_VALUES, OTHER_COMPANY)
    ] == [
        201,
        201,
    ]

    assert dlc.brand.list().total_records == 2
    assert not IdempotencyKey.objects.exists()


def test_the_same_values_in_another_key_order_are_the_same_request(staff_api, portal_api):
    first = post_brand(staff_api)
    again = post_brand(staff_api, dict(reversed(FORM_VALUES.items())))

    assert (again.status_code, again.json()) == (201, first.json())
    assert Brand.objects.count() == 1


def test_the_same_key_with_other_values_is_refused(staff_api, portal_api, dlc):
    post_brand(staff_api)

    response = post_brand(staff_api, {**FORM_VALUES, "display_name": "Other Co"})

    assert (response.status_code, response.json()) == (422, REUSED)
    assert dlc.brand.list().total_records == 1


def test_a_key_being_processed_is_answered_409_with_a_retry_after(staff_api, api_staff_user, portal_api):
    key_stored(api_staff_user)  # claimed by a first request, not answered yet

    response = post_brand(staff_api)

    assert (response.status_code, response.json(), response["Retry-After"]) == (409, IN_FLIGHT, "1")
    assert not Brand.objects.exists()


def test_a_key_left_in_flight_by_a_process_that_died_is_taken_over(staff_api, api_staff_user, portal_api):
    key_stored(api_staff_user, created_at=timezone.now() - timedelta(minutes=16))

    response = post_brand(staff_api)

    assert response.status_code == 201
    assert IdempotencyKey.objects.get().response_status == 201


def test_a_refusal_of_the_10dlc_api_is_kept_with_its_draft(staff_api, portal_api, dlc):
    refused = {**FORM_VALUES, "country": "QQ", "phone": E164}
    first = post_brand(staff_api, refused)

    again = post_brand(staff_api, refused)

    assert first.status_code == 422
    assert (again.status_code, again.json()) == (422, first.json())
    assert Brand.objects.count() == 1
    assert AuditEntry.objects.count() == 1


def test_input_refused_before_any_call_leaves_the_key_free_for_the_corrected_request(staff_api, portal_api):
    invalid = post_brand(staff_api, {**FORM_VALUES, "ein": "12-34"})

    corrected = post_brand(staff_api)

    assert (invalid.status_code, corrected.status_code) == (400, 201)
    assert Brand.objects.filter(brand_id__isnull=False).count() == 1


def test_a_10dlc_api_that_fails_leaves_the_key_free_for_the_retry(staff_api, portal_api, faults, dlc):
    faults.add(status=503, count=1, pathPattern=r"/10dlc/brand$")

    failed = post_brand(staff_api)
    retried = post_brand(staff_api)

    assert (failed.status_code, retried.status_code) == (502, 201)
    assert dlc.brand.list().total_records == 1
    assert IdempotencyKey.objects.get().response_status == 201


def test_an_unexpected_error_leaves_the_key_free(staff_api, portal_api, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("tendlc.api.brands.brand_create", broken)
    staff_api.raise_request_exception = False

    assert post_brand(staff_api).status_code == 500
    assert not IdempotencyKey.objects.exists()


def test_keys_are_per_user(staff_api, admin_api, portal_api, dlc):
    assert [post_brand(staff_api).status_code, post_brand(admin_api, OTHER_COMPANY).status_code] == [201, 201]

    assert dlc.brand.list().total_records == 2


def test_keys_are_per_endpoint(staff_api, portal_api, sole_proprietor, sandbox_control):
    post_brand(staff_api)

    response = staff_api.post(
        f"{BRANDS}{sole_proprietor.pk}/otp/",
        {"pin_sms": "Your PIN is @OTP_PIN@"},
        format="json",
        headers={"Idempotency-Key": KEY},
    )

    assert response.status_code == 201
    assert IdempotencyKey.objects.count() == 2


def test_a_key_expires_after_24_hours(staff_api, portal_api, dlc):
    post_brand(staff_api)
    IdempotencyKey.objects.update(created_at=timezone.now() - KEY_LIFETIME - timedelta(seconds=1))

    again = post_brand(staff_api, OTHER_COMPANY)  # the key is forgotten: not "reused with other values"

    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert dlc.brand.list().total_records == 2
    assert IdempotencyKey.objects.count() == 1


def test_a_key_sent_as_a_structured_field_string_is_the_same_key(staff_api, portal_api):
    first = post_brand(staff_api)

    again = post_brand(staff_api, key=f'"{KEY}"')

    assert (again.status_code, again["Idempotent-Replayed"]) == (201, "true")
    assert again.json() == first.json()


@pytest.mark.parametrize("key", ["", "x" * 256, "clé", '""'])
def test_a_malformed_key_is_refused(staff_api, key):
    response = post_brand(staff_api, key=key)

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": None,
            "code": "invalid",
            "message": "The Idempotency-Key header must be 1 to 255 visible ASCII characters, e.g. a UUID.",
        }
    ]
    assert not IdempotencyKey.objects.exists()


def test_a_user_without_the_permission_claims_no_key(api_as, no_role_user):
    response = post_brand(api_as(no_role_user))

    assert response.status_code == 403
    assert not IdempotencyKey.objects.exists()


def test_the_same_file_uploaded_again_under_its_key_is_queued_once(
    staff_api, portal_api, our_campaign, django_capture_on_commit_callbacks
):
    text = f"phone_number,campaign\n+13125550101,{our_campaign.campaign_id}\n"

    def upload():
        return staff_api.post(
            "/api/v1/number-assignments/bulk/",
            {"file": SimpleUploadedFile("numbers.csv", text.encode(), content_type="text/csv")},
            format="multipart",
            headers={"Idempotency-Key": KEY},
        )

    with django_capture_on_commit_callbacks(execute=False) as queued:
        first, again = upload(), upload()

    assert (first.status_code, again.status_code, again["Idempotent-Replayed"]) == (202, 202, "true")
    assert again.json() == first.json()
    assert NumberUpload.objects.count() == 1
    assert len(queued) == 1


def test_a_campaign_submission_is_answered_again_from_its_key(staff_api, api_staff_user, monkeypatch):
    calls = []
    monkeypatch.setattr("tendlc.api.campaigns.campaign_builder_submit", lambda **kwargs: calls.append(kwargs))
    key_stored(
        api_staff_user,
        endpoint="POST /api/v1/campaigns/",
        values={"brand": "1"},
        response_status=201,
        response_body={"id": 7},
    )

    response = staff_api.post(
        "/api/v1/campaigns/", {"brand": "1"}, format="json", headers={"Idempotency-Key": KEY}
    )

    assert (response.status_code, response.json(), calls) == (201, {"id": 7}, [])


def test_the_schema_documents_the_header_and_its_answers():
    schema = SchemaGenerator(urlconf="tests.api.urls_actions").get_schema(request=None, public=True)
    create = schema["paths"]["/api/v1/brands/"]["post"]

    assert [(p["in"], p["name"], p.get("required", False)) for p in create["parameters"]] == [
        ("header", "Idempotency-Key", False)
    ]
    assert create["responses"]["409"]["description"] == (
        "A request with this Idempotency-Key is still being processed: retry shortly."
    )


def test_a_deeply_nested_body_is_answered_as_without_a_key(staff_api):
    body = '{"display_name":' * 900 + '"x"' + "}" * 900

    without, keyed = (
        staff_api.post(BRANDS, body, content_type="application/json", headers=headers)
        for headers in ({}, {"Idempotency-Key": KEY})
    )

    assert (without.status_code, keyed.status_code) == (400, 400)
    assert keyed.json() == without.json()
