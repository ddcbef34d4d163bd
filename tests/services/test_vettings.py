"""The external vettings' poll against the live sandbox: an ordered vetting completes there after the sandbox's
vetting time, and the poll mirrors it and the brand's new identity; vettings past the poll window, and a poll
with none under way, cost no request."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tendlc.models import Brand, ExternalVetting
from tendlc.sandbox.vetting import VETTING_SECONDS
from tendlc.selectors.vettings import VETTING_POLL_WINDOW, vetting_brands_pending
from tendlc.services.brands import brand_vetting_order
from tendlc.services.vettings import vettings_poll_pending
from tests.factories import ExternalVettingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ordered(tendlc_client, registered_brand, staff_user) -> ExternalVetting:
    return brand_vetting_order(
        user=staff_user,
        brand=registered_brand,
        evp_id="AEGIS",
        vetting_class="STANDARD",
        client=tendlc_client,
    )


def test_a_vetting_under_way_is_polled_until_it_completes_with_the_brands_new_identity(
    ordered, tendlc_client, advance
):
    assert ordered.vetted_date is None
    assert vettings_poll_pending(client=tendlc_client) == 0  # not complete yet: still under way
    assert list(vetting_brands_pending()) == [ordered.brand]

    advance(VETTING_SECONDS + 1)
    completed = vettings_poll_pending(client=tendlc_client)

    ordered.refresh_from_db()
    brand = Brand.objects.get(pk=ordered.brand_id)
    assert completed == 1
    assert ordered.vetted_date is not None
    assert ordered.vetting_score == 75
    assert brand.identity_status == "VETTED_VERIFIED"
    assert list(vetting_brands_pending()) == []


def test_a_low_score_is_mirrored_as_a_completed_vetting_with_its_score(
    tendlc_client, make_registered_brand, staff_user, advance
):
    brand = make_registered_brand("Lowscore Dental")
    ordered = brand_vetting_order(
        user=staff_user, brand=brand, evp_id="AEGIS", vetting_class="STANDARD", client=tendlc_client
    )

    advance(VETTING_SECONDS + 1)
    completed = vettings_poll_pending(client=tendlc_client)

    ordered.refresh_from_db()
    assert completed == 1
    assert (ordered.vetted_date is not None, ordered.vetting_score) == (True, 20)
    assert Brand.objects.get(pk=brand.pk).identity_status == "VETTED_VERIFIED"
    assert list(vetting_brands_pending()) == []


def test_vettings_past_the_window_or_gone_are_not_polled(db):
    old = ExternalVettingFactory(vetted_date=None)
    ExternalVetting.objects.filter(pk=old.pk).update(
        recorded_at=timezone.now() - VETTING_POLL_WINDOW - timedelta(minutes=1)
    )
    ExternalVettingFactory(vetted_date=None, remote_deleted_at=timezone.now())
    ExternalVettingFactory(vetted_date=timezone.now())
    waiting = ExternalVettingFactory(vetted_date=None)

    assert list(vetting_brands_pending()) == [waiting.brand]
