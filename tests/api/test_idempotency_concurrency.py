"""Requests with the same Idempotency-Key at the same time, on threads with their own database connections as
a server's workers have: the database's unique constraint lets exactly one register the brand, whatever the
timing; the other is told the first is in flight, and a retry afterwards gets the first answer."""

import threading

import pytest

from tendlc.api import brands
from tendlc.models import Brand, IdempotencyKey
from tests.fixtures.brands import FORM_VALUES

# A superuser: a transactional test's flush removes the roles' groups, which a migration creates.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.api.urls_actions")]

BRANDS = "/api/v1/brands/"
KEY = "concurrent-brand-registration-1"
TIMEOUT = 30


class RegistrationGate:
    """Wraps the brand service the API calls: counts the registrations, and holds the first one open until the
    test lets it finish."""

    def __init__(self) -> None:
        self.calls = 0
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self, **kwargs):
        self.calls += 1
        self.entered.set()
        assert self.release.wait(TIMEOUT)
        return REGISTER(**kwargs)


REGISTER = brands.brand_create


@pytest.fixture
def registration_gate(monkeypatch) -> RegistrationGate:
    gate = RegistrationGate()
    monkeypatch.setattr(brands, "brand_create", gate)
    return gate


def post_brand(api):
    return api.post(BRANDS, FORM_VALUES, format="json", headers={"Idempotency-Key": KEY})


def test_a_repeat_while_the_first_registers_is_409_and_a_later_one_gets_the_first_answer(
    api_as, superuser, portal_api, dlc, registration_gate
):
    answers = {}
    first = threading.Thread(target=lambda: answers.setdefault("first", post_brand(api_as(superuser))))
    first.start()
    assert registration_gate.entered.wait(TIMEOUT)

    during = post_brand(api_as(superuser))
    registration_gate.release.set()
    first.join(TIMEOUT)
    after = post_brand(api_as(superuser))

    assert during.status_code == 409
    assert during.json()["errors"][0]["code"] == "idempotency_key_in_flight"
    assert answers["first"].status_code == 201
    assert (after.status_code, after.json(), after["Idempotent-Replayed"]) == (
        201,
        answers["first"].json(),
        "true",
    )
    assert registration_gate.calls == 1
    assert Brand.objects.count() == 1
    assert dlc.brand.list().total_records == 1


def test_two_requests_started_together_register_once(api_as, superuser, portal_api, dlc, registration_gate):
    registration_gate.release.set()
    start = threading.Barrier(2)
    answers = []

    def send() -> None:
        api = api_as(superuser)
        start.wait(TIMEOUT)
        answers.append(post_brand(api))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    # Four in all, as the issue sent them: two together, then two more.
    answers += [post_brand(api_as(superuser)) for _ in range(2)]

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses in ([201, 201, 201, 201], [201, 201, 201, 409])
    assert registration_gate.calls == 1
    assert Brand.objects.count() == 1
    assert dlc.brand.list().total_records == 1
    assert IdempotencyKey.objects.get().response_status == 201
