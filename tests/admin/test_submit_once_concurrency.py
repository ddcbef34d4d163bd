"""A double click on the brand add form: two POSTs of the same page at once, on threads with their own database
connections as a server's workers have. The second waits for the first and lands on the brand it registered;
the API registers one."""

import re
import threading

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from tendlc.admin.brands import brand as brand_admin
from tendlc.models import Brand
from tendlc.services import idempotency
from tendlc.services.idempotency import KeyInFlight
from tests.fixtures.brands import brand_form

# A superuser: a transactional test's flush removes the roles' groups, which a migration creates.
pytestmark = pytest.mark.django_db(transaction=True)

ADD_URL = "/admin/tendlc/brand/add/"
TIMEOUT = 30
REGISTER = brand_admin.brand_create
CLAIM = idempotency.idempotency_key_claim


def test_a_double_click_registers_once_and_both_land_on_the_brand(admin_user, portal_api, dlc, monkeypatch):
    first_registering, second_waiting = threading.Event(), threading.Event()
    calls = []

    def register(**kwargs):
        calls.append(kwargs)
        first_registering.set()
        assert second_waiting.wait(TIMEOUT)
        return REGISTER(**kwargs)

    def claim(**kwargs):
        try:
            return CLAIM(**kwargs)
        except KeyInFlight:
            second_waiting.set()
            raise

    monkeypatch.setattr(brand_admin, "brand_create", register)
    monkeypatch.setattr(idempotency, "idempotency_key_claim", claim)
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.force_login(admin_user)
    page = re.search(r'name="form_token" value="([^"]+)"', browsers[0].get(ADD_URL).content.decode())
    data = brand_form(form_token=page.group(1))
    answers = {}

    def click(number: int) -> None:
        answers[number] = browsers[number].post(ADD_URL, data)

    first = threading.Thread(target=click, args=(0,))
    first.start()
    assert first_registering.wait(TIMEOUT)
    second = threading.Thread(target=click, args=(1,))
    second.start()
    first.join(TIMEOUT)
    second.join(TIMEOUT)

    brand = Brand.objects.get()
    # The first as every save ends (the list), the second on what the first saved.
    assert [answers[n]["Location"] for n in (0, 1)] == [
        "/admin/tendlc/brand/",
        f"/admin/tendlc/brand/{brand.pk}/change/",
    ]
    assert list(get_messages(answers[1].wsgi_request))[-1].message == (
        "This form was already submitted: nothing was sent again. Here is Acme Mobile, as the first one saved it."
    )
    assert len(calls) == 1
    assert dlc.brand.list().total_records == 1
