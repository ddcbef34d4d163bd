"""The admin's paid forms save once per rendering, against the live sandbox: the brand add form, a vetting order
and an SMS OTP posted twice with the same page's token act once, and the second POST lands where the first did
with a message; a refusal shown on the form frees its token; a POST without a token works as before."""

import re

import pytest
from django.contrib.messages import get_messages

from tendlc.models import Brand, ExternalVetting, IdempotencyKey, SmsOtpVerification
from tests.fixtures.brands import brand_form

# A country the API does not know: a national phone number could not be read in it.
E164 = "+12025550100"

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/tendlc/brand/add/"
PIN_SMS = "Jane Doe Studio: your PIN is @OTP_PIN@"
SUBMITTED_BEFORE = "This form was already submitted: nothing was sent again."


def rendered_token(response) -> str:
    match = re.search(r'<input type="hidden" name="form_token" value="([^"]+)">', response.content.decode())
    assert match, "the page carries no form token"
    return match.group(1)


def last_message(response) -> tuple[str, str]:
    """The message the response added (the first POST's, never shown, comes before it)."""
    message = list(get_messages(response.wsgi_request))[-1]
    return message.level_tag, message.message


def action_url(brand: Brand, slug: str) -> str:
    return f"/admin/tendlc/brand/{brand.pk}/actions/{slug}/"


def test_the_add_form_carries_a_token_and_the_script_that_disables_its_buttons(staff_client):
    first, second = staff_client.get(ADD_URL), staff_client.get(ADD_URL)

    assert rendered_token(first) != rendered_token(second)
    assert "tendlc/submit_once.js" in first.content.decode()


def test_the_same_add_form_posted_twice_registers_one_brand_and_lands_on_it(staff_client, portal_api, dlc):
    page = brand_form(form_token=rendered_token(staff_client.get(ADD_URL)))

    first = staff_client.post(ADD_URL, page)
    second = staff_client.post(ADD_URL, page)

    brand = Brand.objects.get()
    assert (first.status_code, second.status_code) == (302, 302)
    assert second["Location"] == f"/admin/tendlc/brand/{brand.pk}/change/"
    assert last_message(second) == (
        "warning",
        f"{SUBMITTED_BEFORE} Here is Acme Mobile, as the first one saved it.",
    )
    assert dlc.brand.list().total_records == 1


def test_a_refused_registration_lands_the_second_post_on_its_draft(staff_client, portal_api, dlc):
    page = brand_form(country="QQ", phone=E164, form_token=rendered_token(staff_client.get(ADD_URL)))

    first = staff_client.post(ADD_URL, page)
    second = staff_client.post(ADD_URL, page)

    draft = Brand.objects.get()
    assert first.status_code == 200
    assert second["Location"] == f"/admin/tendlc/brand/{draft.pk}/change/"
    assert draft.brand_id is None


def test_a_form_refused_before_any_call_frees_its_token(staff_client, portal_api):
    token = rendered_token(staff_client.get(ADD_URL))
    staff_client.post(ADD_URL, brand_form(ein="12-34", form_token=token))

    corrected = staff_client.post(ADD_URL, brand_form(form_token=token))

    assert corrected.status_code == 302
    assert Brand.objects.filter(brand_id__isnull=False).count() == 1


def test_a_post_without_a_token_is_saved_as_before(staff_client, portal_api, dlc):
    # Two companies: the API itself refuses a second brand with one EIN.
    posts = [brand_form(), brand_form(ein="98-7654321")]
    assert [staff_client.post(ADD_URL, data).status_code for data in posts] == [302, 302]

    assert dlc.brand.list().total_records == 2
    assert not IdempotencyKey.objects.exists()


def test_a_vetting_order_posted_twice_is_ordered_once(staff_client, portal_brand):
    url = action_url(portal_brand, "order-vetting")
    data = {
        "evp_id": "AEGIS",
        "vetting_class": "STANDARD",
        "form_token": rendered_token(staff_client.get(url)),
    }

    staff_client.post(url, data)
    second = staff_client.post(url, data)

    assert ExternalVetting.objects.count() == 1
    assert second["Location"] == f"/admin/tendlc/brand/{portal_brand.pk}/change/"
    assert last_message(second) == (
        "warning",
        f"{SUBMITTED_BEFORE} STANDARD vetting ordered from AEGIS: its result shows in the vettings below once the provider completes it.",
    )


def test_an_otp_posted_twice_texts_one_pin(staff_client, sole_proprietor):
    url = action_url(sole_proprietor, "trigger-sms-otp")
    data = {"pin_sms": PIN_SMS, "form_token": rendered_token(staff_client.get(url))}

    staff_client.post(url, data)
    second = staff_client.post(url, data)

    assert SmsOtpVerification.objects.count() == 1
    assert last_message(second)[1].startswith(f"{SUBMITTED_BEFORE} PIN sent to +13125550123 (reference ")


def test_a_token_is_the_users_own(staff_client, compliance_admin_client, portal_api, dlc):
    token = rendered_token(staff_client.get(ADD_URL))
    # Two companies (the API itself refuses a second brand with one EIN), one token.
    pages = {
        staff_client: brand_form(form_token=token),
        compliance_admin_client: brand_form(form_token=token, ein="98-7654321"),
    }

    assert [browser.post(ADD_URL, page).status_code for browser, page in pages.items()] == [302, 302]
    assert dlc.brand.list().total_records == 2
