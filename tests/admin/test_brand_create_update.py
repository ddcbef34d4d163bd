"""Creating and changing brands through the admin against the live sandbox: the remote brand checked through
the API client, the local row, the API's refusals at their fields, drafts kept and submitted again, and the
audit entries written."""

import pytest

from tendlc.models import AuditEntry, Brand
from tests.fixtures.brands import brand_form

# A country the API does not know: a national phone number could not be read in it.
E164 = "+12025550100"

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/tendlc/brand/add/"


def change_url(brand: Brand) -> str:
    return f"/admin/tendlc/brand/{brand.pk}/change/"


def form_errors(response) -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in response.context["adminform"].form.errors.items()}


def audit_rows() -> list[tuple[str, str, str, str]]:
    return list(AuditEntry.objects.order_by("pk").values_list("username", "action", "outcome", "target_id"))


def test_a_brand_is_created_at_telnyx_and_stored_from_the_answer(staff_client, portal_api, dlc):
    response = staff_client.post(ADD_URL, brand_form())

    brand = Brand.objects.get()
    assert response.status_code == 302
    remote = dlc.brand.retrieve(brand.brand_id)
    assert {
        "display_name": remote.display_name,
        "company_name": remote.company_name,
        "ein": remote.ein,
        "phone": remote.phone,
        "website": remote.website,
        "entity_type": remote.entity_type,
    } == {
        "display_name": "Acme Mobile",
        "company_name": "Acme Mobile Inc.",
        "ein": "123456789",
        "phone": "+12025550100",
        "website": "https://acme.example",
        "entity_type": "PRIVATE_PROFIT",
    }
    assert (brand.tcr_brand_id, brand.status, brand.identity_status) == (
        remote.tcr_brand_id,
        "REGISTRATION_PENDING",
        "UNVERIFIED",
    )
    assert brand.raw["brandId"] == brand.brand_id
    assert brand.last_error == ""
    assert brand.synced_at is not None
    assert audit_rows() == [("staff", "brand.create", "succeeded", str(brand.pk))]
    assert AuditEntry.objects.get().request_summary["display_name"] == "Acme Mobile"


def test_a_sole_proprietor_is_created_with_its_mobile_phone(staff_client, portal_api, dlc):
    data = brand_form(
        entity_type="SOLE_PROPRIETOR",
        first_name="Jane",
        last_name="Doe",
        mobile_phone="(312) 555-0123",
        company_name="",
        ein="",
    )

    response = staff_client.post(ADD_URL, data)

    brand = Brand.objects.get()
    remote = dlc.brand.retrieve(brand.brand_id)
    assert response.status_code == 302
    assert (remote.entity_type, remote.mobile_phone, remote.ein, remote.company_name) == (
        "SOLE_PROPRIETOR",
        "+13125550123",
        None,
        None,
    )


def test_a_refused_create_keeps_a_draft_with_the_error_at_its_field(staff_client, portal_api, dlc):
    response = staff_client.post(ADD_URL, brand_form(country="QQ", phone=E164, display_name="Draft Co"))

    draft = Brand.objects.get()
    assert response.status_code == 200
    assert form_errors(response) == {
        "country": ["country must be an ISO 3166-1 alpha-2 code in upper case, e.g. US."]
    }
    assert response.context["original"] == draft
    assert f'action="/admin/tendlc/brand/{draft.pk}/change/"' in response.content.decode()
    assert 'value="QQ"' in response.content.decode()
    assert (draft.brand_id, draft.display_name, draft.country, draft.phone) == (
        None,
        "Draft Co",
        "QQ",
        "+12025550100",
    )
    assert draft.last_error.startswith("HTTP 422 from POST /10dlc/brand: ")
    assert dlc.brand.list().total_records == 0
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.target_id) == ("brand.create", "failed", str(draft.pk))
    assert entry.api_request_id


def test_a_draft_is_listed_as_not_submitted_and_opens_on_the_create_form(staff_client, portal_api):
    staff_client.post(ADD_URL, brand_form(country="QQ", phone=E164))
    draft = Brand.objects.get()

    listed = staff_client.get("/admin/tendlc/brand/?submission=draft")
    page = staff_client.get(change_url(draft))

    assert list(listed.context["cl"].result_list) == [draft]
    assert "Not submitted" in listed.content.decode()
    assert "Not submitted: Telnyx refused this brand." in page.content.decode()
    assert {"mock", "mobile_phone"} <= set(page.context["adminform"].form.fields)
    assert page.context["object_actions"] == []


def test_saving_a_draft_submits_it_on_the_same_row(staff_client, portal_api, dlc):
    staff_client.post(ADD_URL, brand_form(country="QQ", phone=E164))
    draft = Brand.objects.get()

    response = staff_client.post(change_url(draft), brand_form(state="IL"))

    brand = Brand.objects.get()
    assert response.status_code == 302
    assert brand.pk == draft.pk
    assert brand.brand_id is not None
    assert brand.last_error == ""
    assert dlc.brand.retrieve(brand.brand_id).state == "IL"
    assert [row[1:3] for row in audit_rows()] == [("brand.create", "failed"), ("brand.create", "succeeded")]


def test_a_create_the_api_cannot_answer_keeps_a_draft_with_a_message(staff_client, portal_api, faults):
    faults.add(status=503, count=3, pathPattern=r"/10dlc/brand$")

    response = staff_client.post(ADD_URL, brand_form())

    draft = Brand.objects.get()
    assert response.status_code == 200
    assert draft.brand_id is None
    [failure] = form_errors(response)["__all__"]
    assert failure.startswith("The 10DLC API failed (HTTP 503: The service is temporarily unavailable).")
    assert draft.last_error.startswith("HTTP 503 from POST /10dlc/brand: ")


def test_a_change_is_sent_as_an_update_and_stored_from_the_answer(staff_client, portal_brand, dlc):
    response = staff_client.post(
        change_url(portal_brand),
        brand_form(display_name="Acme Renamed", alt_business_id_type="DUNS", alt_business_id="123456789"),
    )

    brand = Brand.objects.get()
    remote = dlc.brand.retrieve(portal_brand.brand_id)
    assert response.status_code == 302
    assert (remote.display_name, remote.alt_business_id_type, remote.alt_business_id) == (
        "Acme Renamed",
        "DUNS",
        "123456789",
    )
    assert (brand.display_name, brand.alt_business_id, brand.status) == ("Acme Renamed", "123456789", "OK")
    assert audit_rows() == [("staff", "brand.update", "succeeded", str(brand.pk))]


def test_an_update_refused_by_the_api_shows_at_its_field_and_keeps_the_row(staff_client, portal_brand, dlc):
    response = staff_client.post(
        change_url(portal_brand), brand_form(display_name="Acme Moved", country="QQ", phone=E164)
    )

    brand = Brand.objects.get()
    assert response.status_code == 200
    assert form_errors(response) == {
        "country": ["country must be an ISO 3166-1 alpha-2 code in upper case, e.g. US."]
    }
    assert 'value="Acme Moved"' in response.content.decode()
    assert (brand.display_name, brand.state) == ("Acme Mobile", "IL")
    assert brand.last_error.startswith(f"HTTP 422 from PUT /10dlc/brand/{brand.brand_id}: ")
    assert dlc.brand.retrieve(portal_brand.brand_id).display_name == "Acme Mobile"
    assert audit_rows() == [("staff", "brand.update", "failed", str(brand.pk))]


def test_a_successful_update_clears_the_last_error(staff_client, portal_brand):
    staff_client.post(change_url(portal_brand), brand_form(country="QQ", phone=E164))

    staff_client.post(change_url(portal_brand), brand_form(state="NY"))

    assert Brand.objects.values_list("state", "last_error").get() == ("NY", "")


@pytest.mark.parametrize("who", ["staff", "admin"])
def test_staff_and_admins_may_change_a_brand(client, staff_user, compliance_admin, portal_brand, who):
    user = {"staff": staff_user, "admin": compliance_admin}[who]
    client.force_login(user)

    response = client.post(change_url(portal_brand), brand_form(display_name=f"Changed by {who}"))

    assert response.status_code == 302
    assert Brand.objects.get().display_name == f"Changed by {who}"
    assert audit_rows() == [(user.username, "brand.update", "succeeded", str(portal_brand.pk))]


def test_a_viewer_sees_the_brand_but_cannot_change_it(brand_viewer_client, portal_brand):
    page = brand_viewer_client.get(change_url(portal_brand))
    post = brand_viewer_client.post(change_url(portal_brand), brand_form(display_name="Not allowed"))

    assert page.status_code == 200
    assert page.context["title"] == "View brand"
    assert post.status_code == 403
    assert Brand.objects.get().display_name == "Acme Mobile"
