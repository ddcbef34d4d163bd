"""Every error class, with status, request id, parsed errors and the field each error points at."""

import pickle
import time

import pytest

from tendlc.client import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ErrorDetail,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    TenDLCClient,
    TenDLCError,
    UnexpectedResponseError,
    UnprocessableEntityError,
)
from tendlc.client.errors import error_class_for, parse_error_body
from tests.fixtures.brands import brand_fields
from tests.fixtures.campaigns import campaign_fields
from tests.fixtures.scripted_server import Scripted
from tests.fixtures.tendlc_client import API_KEY

DOCS = "https://developers.telnyx.com/docs/overview/errors/{}"


def is_uuid_like(value: str | None) -> bool:
    return value is not None and len(value) == 36 and value.count("-") == 4


# --- from the sandbox ---------------------------------------------------------------------------------


def test_422_maps_every_pointer_to_our_field_name(dlc):
    with pytest.raises(UnprocessableEntityError) as caught:
        dlc.brand.create(
            **brand_fields(
                email="not-an-address", company_name=None, webhook_url="ftp://nope", postal_code="ABC"
            )
        )

    error = caught.value
    assert error.status == 422
    assert is_uuid_like(error.request_id)
    assert error.field_errors == {
        "email": ["email must be an e-mail address."],
        "webhook_url": ["webhookURL must be an http or https URL."],
        "company_name": ["companyName is required for PRIVATE_PROFIT brands."],
        "postal_code": ["postalCode of a US brand must be a ZIP code: 12345 or 12345-6789."],
    }
    assert {(e.pointer, e.field) for e in error.errors} == {
        ("/email", "email"),
        ("/webhookURL", "webhook_url"),
        ("/companyName", "company_name"),
        ("/postalCode", "postal_code"),
    }
    assert error.errors[0].code == "10016"
    assert error.errors[0].meta == {"url": DOCS.format("10016")}
    assert error.non_field_errors == []
    assert str(error).startswith("HTTP 422 from POST /10dlc/brand: ")
    assert f"[request id {error.request_id}]" in str(error)


def test_422_on_a_query_parameter_names_the_argument(dlc):
    with pytest.raises(UnprocessableEntityError) as caught:
        dlc.brand.list(records_per_page=501)

    (item,) = caught.value.errors
    assert (item.parameter, item.field, item.pointer) == ("recordsPerPage", "records_per_page", None)
    assert caught.value.field_errors == {"records_per_page": ["recordsPerPage must be between 1 and 500."]}


def test_400_a_refusal_points_at_its_field(dlc):
    with pytest.raises(BadRequestError) as caught:
        dlc.campaign_builder.submit(**campaign_fields("4b20ffff-0000-0000-0000-000000000000"))

    assert caught.value.status == 400
    assert caught.value.field_errors == {"brand_id": ["Brand not found"]}
    assert caught.value.errors[0].code == "10015"


def test_401_a_key_the_service_does_not_know(sandbox, make_tendlc_client):
    sandbox.config.api_key = "the-real-key"

    with pytest.raises(AuthenticationError) as caught:
        make_tendlc_client(api_key="a-wrong-key").messaging_10dlc.brand.list()

    error = caught.value
    assert (error.status, error.errors[0].code, error.errors[0].title) == (
        401,
        "10009",
        "Authentication failed",
    )
    assert is_uuid_like(error.request_id)
    assert "a-wrong-key" not in str(error)
    assert make_tendlc_client(api_key="the-real-key").messaging_10dlc.brand.list().total_records == 0


def test_402_is_the_base_status_error(dlc, verified_brand, sandbox_control):
    sandbox_control.post("/account", {"balance": "5.00"})

    with pytest.raises(APIStatusError) as caught:
        dlc.campaign_builder.submit(**campaign_fields(verified_brand.brand_id))

    error = caught.value
    assert type(error) is APIStatusError
    assert error.status == 402
    assert error.errors[0].title == "Insufficient Funds"
    assert (
        error.errors[0].detail
        == "Submitting a CUSTOMER_CARE campaign costs 45.00 (CUSTOMER_CARE campaign, three months up front:"
        " 30.00; Campaign review: 15.00); the account balance is 5.00."
    )


def test_404_an_unknown_resource(dlc):
    with pytest.raises(NotFoundError) as caught:
        dlc.brand.retrieve("4b20ffff-0000-0000-0000-000000000000")

    assert caught.value.status == 404
    assert caught.value.errors[0].code == "10005"
    assert caught.value.non_field_errors == ["Brand not found"]


def test_404_an_unknown_route_from_a_wrong_base_url(live_sandbox):
    client = TenDLCClient(api_key=API_KEY, base_url=live_sandbox.base_url.replace("/v2", "/v1"))

    with pytest.raises(NotFoundError) as caught:
        client.messaging_10dlc.brand.list()

    assert caught.value.errors[0].title == "Resource not found"
    assert caught.value.path == "/10dlc/brand"


def test_429_rate_limited(make_tendlc_client, faults):
    faults.add(status=429, retryAfter=7, count=1)

    with pytest.raises(RateLimitError) as caught:
        make_tendlc_client(max_retries=0).messaging_10dlc.brand.list()

    assert (caught.value.status, caught.value.retry_after) == (429, 7.0)
    assert caught.value.errors[0].code == "10011"


def test_5xx_server_error(make_tendlc_client, faults):
    faults.add(status=500, count=1)

    with pytest.raises(InternalServerError) as caught:
        make_tendlc_client(max_retries=0).messaging_10dlc.brand.list()

    assert caught.value.status == 500
    assert caught.value.errors[0].title == "Unexpected error"


def test_500_with_a_bare_message_body(dlc, provisioned_campaign):
    """Reference §1.5 (c): bulk assignment's search failure is ``{"message": ...}``."""
    with pytest.raises(InternalServerError) as caught:
        dlc.phone_number_assignment_by_profile.assign(
            messaging_profile_id="profile-error", campaign_id=provisioned_campaign.campaign_id
        )

    assert caught.value.body == {"message": "Error searching for phone numbers"}
    assert caught.value.non_field_errors == ["Error searching for phone numbers"]


def test_connection_refused(closed_port_url):
    client = TenDLCClient(api_key=API_KEY, base_url=closed_port_url, max_retries=0)

    with pytest.raises(APIConnectionError) as caught:
        client.messaging_10dlc.brand.list()

    assert type(caught.value) is APIConnectionError
    assert caught.value.reached_server is False
    assert str(caught.value).startswith("GET /10dlc/brand failed: ")


def test_timeout(make_tendlc_client, faults):
    faults.add(latencyMs=300, count=1)

    with pytest.raises(APITimeoutError) as caught:
        make_tendlc_client(timeout=0.1, max_retries=0).messaging_10dlc.brand.list()

    assert str(caught.value).startswith("GET /10dlc/brand timed out reading the response: ")
    assert isinstance(caught.value, APIConnectionError)
    time.sleep(0.25)  # let the sandbox finish the slow answer before it is shut down


# --- what the sandbox cannot answer: a scripted server --------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error_class"),
    [(403, PermissionDeniedError), (409, ConflictError), (504, InternalServerError), (418, APIStatusError)],
)
def test_statuses_the_sandbox_never_sends(scripted_server, scripted_client, status, error_class):
    envelope = {"errors": [{"code": "10010", "title": "Not authorized", "detail": "Nope."}]}
    scripted_server.script(Scripted.json(status, envelope, **{"x-request-id": "req-123"}))

    with pytest.raises(error_class) as caught:
        scripted_client.messaging_10dlc.brand.retrieve("b1")

    assert type(caught.value) is error_class
    assert (caught.value.status, caught.value.request_id) == (status, "req-123")
    assert caught.value.non_field_errors == ["Nope."]


def test_an_html_page_from_a_proxy(scripted_server, scripted_client):
    page = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
    scripted_server.script(Scripted(502, page, {"Content-Type": "text/html"}))

    with pytest.raises(InternalServerError) as caught:
        scripted_client.messaging_10dlc.brand.list()

    assert caught.value.errors == ()
    assert caught.value.body == page.decode()
    assert caught.value.request_id is None
    assert str(caught.value) == (
        "HTTP 502 from GET /10dlc/brand: the response is not the API's JSON (text/html):"
        " '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>'"
    )


def test_an_empty_error_body(scripted_server, scripted_client):
    scripted_server.script(Scripted(503))

    with pytest.raises(InternalServerError) as caught:
        scripted_client.messaging_10dlc.brand.list()

    assert str(caught.value) == "HTTP 503 from GET /10dlc/brand: the response has an empty body"


def test_a_single_error_object_without_envelope(scripted_server, scripted_client):
    """Reference §1.5: some explicit codes are documented as one error object, not wrapped in ``errors``."""
    scripted_server.script(
        Scripted.json(402, {"code": 10002, "title": "Insufficient Funds", "source": {"pointer": "/usecase"}})
    )

    with pytest.raises(APIStatusError) as caught:
        scripted_client.messaging_10dlc.campaign_builder.submit(
            brand_id="b", description="d", usecase="MARKETING"
        )

    assert caught.value.errors == (
        ErrorDetail(code="10002", title="Insufficient Funds", pointer="/usecase", field="usecase"),
    )


def test_fastapi_validation_errors(scripted_server, scripted_client):
    body = {
        "detail": [
            {"loc": ["body", "displayName"], "msg": "field required", "type": "value_error.missing"},
            {"loc": ["body", "mnoIds", 0], "msg": "not an integer", "type": "type_error.integer"},
            {"loc": ["query", "recordsPerPage"], "msg": "too large", "type": "value_error"},
            {"loc": ["path", "brandId"], "msg": "bad id", "type": "value_error"},
            {"loc": ["query", "filter[telnyx_campaign_id]"], "msg": "bad id", "type": "value_error"},
        ]
    }
    scripted_server.script(Scripted.json(422, body))

    with pytest.raises(UnprocessableEntityError) as caught:
        scripted_client.messaging_10dlc.brand.list()

    assert caught.value.field_errors == {
        "display_name": ["field required"],
        "mno_ids": ["not an integer"],
        "records_per_page": ["too large"],
        "brand_id": ["bad id"],
        "filter.telnyx_campaign_id": ["bad id"],
    }
    assert caught.value.errors[1].pointer == "/mnoIds/0"
    assert caught.value.errors[0].code == "value_error.missing"


def test_fastapi_error_with_a_text_detail(scripted_server, scripted_client):
    scripted_server.script(Scripted.json(404, {"detail": "OTP status not found for this brand"}))

    with pytest.raises(NotFoundError) as caught:
        scripted_client.messaging_10dlc.brand.retrieve_sms_otp_status("b1")

    assert caught.value.non_field_errors == ["OTP status not found for this brand"]


def test_json_that_is_no_error_envelope(scripted_server, scripted_client):
    scripted_server.script(Scripted.json(400, {"ok": False}))

    with pytest.raises(BadRequestError) as caught:
        scripted_client.messaging_10dlc.brand.list()

    assert str(caught.value) == (
        'HTTP 400 from GET /10dlc/brand: the response is JSON but not an error envelope: {"ok": false}'
    )


def test_a_success_that_is_not_json(scripted_server, scripted_client):
    scripted_server.script(Scripted(200, b"<html>Welcome to nginx!</html>", {"Content-Type": "text/html"}))

    with pytest.raises(UnexpectedResponseError) as caught:
        scripted_client.messaging_10dlc.brand.retrieve("b1")

    assert caught.value.status == 200
    assert str(caught.value) == (
        "HTTP 200 from GET /10dlc/brand/b1: the response is not the API's JSON (text/html):"
        " '<html>Welcome to nginx!</html>'"
    )


def test_a_success_of_the_wrong_shape(scripted_server, scripted_client):
    scripted_server.script(Scripted.json(200, ["not", "an", "object"]))

    with pytest.raises(UnexpectedResponseError) as caught:
        scripted_client.messaging_10dlc.brand.retrieve("b1")

    assert str(caught.value) == "HTTP 200 from GET /10dlc/brand/b1: expected a JSON dict, got a JSON list"


# --- the hierarchy -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (402, APIStatusError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (405, APIStatusError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (503, InternalServerError),
        (504, InternalServerError),
    ],
)
def test_one_class_per_status(status, error_class):
    assert error_class_for(status) is error_class


def test_every_error_is_a_tendlc_error():
    assert issubclass(APIStatusError, APIError)
    assert issubclass(UnexpectedResponseError, APIError)
    assert issubclass(APIError, TenDLCError)
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(APIConnectionError, TenDLCError)
    for error_class in {error_class_for(status) for status in (400, 401, 403, 404, 409, 422, 429, 500)}:
        assert issubclass(error_class, APIStatusError)


@pytest.mark.parametrize("body", [None, "text", [], {}, {"errors": "nope"}, {"unrelated": 1}])
def test_bodies_without_errors_parse_to_none(body):
    assert parse_error_body(body) == ()


def test_errors_survive_pickling_as_celery_results_need(tendlc_client):

    with pytest.raises(NotFoundError) as caught:
        tendlc_client.messaging_10dlc.brand.retrieve("no-such-brand")

    copy = pickle.loads(pickle.dumps(caught.value))

    assert type(copy) is NotFoundError
    assert str(copy) == str(caught.value)
    assert (copy.status, copy.request_id, copy.errors) == (404, caught.value.request_id, caught.value.errors)
