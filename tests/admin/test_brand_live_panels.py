"""The brand's vettings and SMS OTP panels follow work that completes later: each polls a JSON endpoint answered
from the mirrored rows (no API call), which says what the panel shows and whether to keep polling."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tendlc.models import Brand
from tests.factories import BrandFactory, ExternalVettingFactory, SmsOtpVerificationFactory

pytestmark = pytest.mark.django_db

ORDERED = datetime(2026, 3, 2, 15, 4, tzinfo=UTC)
VETTED = datetime(2026, 3, 2, 15, 20, 30, tzinfo=UTC)


def vettings_url(brand: Brand) -> str:
    return f"/admin/tendlc/brand/{brand.pk}/vettings/progress/"


def sms_otp_url(brand: Brand) -> str:
    return f"/admin/tendlc/brand/{brand.pk}/sms-otp/progress/"


@pytest.fixture
def no_api(settings):
    """Any request to the 10DLC API fails: the endpoints must answer from the rows."""
    settings.TELNYX_API_BASE_URL = "http://127.0.0.1:9/v2"
    settings.TELNYX_API_KEY = "unused"


@pytest.mark.usefixtures("no_api")
def test_a_vetting_under_way_is_polled_until_it_completes(staff_client, settings):
    settings.TIME_ZONE = "America/New_York"
    vetting = ExternalVettingFactory(vetting_id="v-1", create_date=ORDERED, vetted_date=None)

    under_way = staff_client.get(vettings_url(vetting.brand))
    type(vetting).objects.filter(pk=vetting.pk).update(vetted_date=VETTED, vetting_score=75)
    completed = staff_client.get(vettings_url(vetting.brand))

    row = {
        "provider": "AEGIS",
        "vetting_class": "STANDARD",
        "vetting_id": "v-1",
        "ordered": "2026-03-02 10:04",
    }
    assert under_way.status_code == 200
    assert under_way.json() == {
        "finished": False,
        "error": "",
        "vettings": [{**row, "score": "-", "vetted": "under way: shown here once the provider completes it"}],
    }
    assert completed.json() == {
        "finished": True,
        "error": "",
        "vettings": [{**row, "score": "75", "vetted": "2026-03-02 10:20"}],
    }


@pytest.mark.usefixtures("no_api")
def test_a_pending_otp_is_polled_until_verified_with_the_brands_identity(staff_client):
    otp = SmsOtpVerificationFactory(reference_id="OTP4B2001", delivery_status="PENDING", request_date=ORDERED)

    pending = staff_client.get(sms_otp_url(otp.brand)).json()
    type(otp).objects.filter(pk=otp.pk).update(
        delivery_status="VERIFIED", delivery_status_date=VETTED, verify_date=VETTED
    )
    Brand.objects.filter(pk=otp.brand_id).update(identity_status="VERIFIED")
    verified = staff_client.get(sms_otp_url(otp.brand)).json()

    same = {
        "sent": True,
        "reference_id": "OTP4B2001",
        "mobile_phone": "+12025550101",
        "status_details": "",
        "requested": "2026-03-02 15:04:00",
        "replaced": False,
        "error": "",
    }
    assert pending == {
        **same,
        "finished": False,
        "status": "Pending",
        "status_value": "PENDING",
        "status_tone": "pending",
        "status_date": "-",
        "verified": "not yet",
        "identity": "Unverified",
        "identity_value": "UNVERIFIED",
        "identity_tone": "pending",
    }
    assert verified == {
        **same,
        "finished": True,
        "status": "Verified",
        "status_value": "VERIFIED",
        "status_tone": "good",
        "status_date": "2026-03-02 15:20:30",
        "verified": "2026-03-02 15:20:30",
        "identity": "Verified",
        "identity_value": "VERIFIED",
        "identity_tone": "good",
    }


def test_a_brand_without_an_otp_has_nothing_to_poll(staff_client):
    brand = BrandFactory(entity_type="SOLE_PROPRIETOR", identity_status="UNVERIFIED")

    assert staff_client.get(sms_otp_url(brand)).json() == {
        "finished": True,
        "sent": False,
        "identity": "Unverified",
        "identity_value": "UNVERIFIED",
        "identity_tone": "pending",
        "error": "",
    }


def test_the_panels_poll_their_endpoints_while_work_is_under_way(staff_client):
    vetting = ExternalVettingFactory(vetted_date=None)

    page = staff_client.get(f"/admin/tendlc/brand/{vetting.brand.pk}/change/").content.decode()

    assert f'data-progress-url="{vettings_url(vetting.brand)}"' in page
    assert 'data-progress-finished="false"' in page
    assert "/static/tendlc/progress.js" in page


@pytest.mark.parametrize("url", [vettings_url, sms_otp_url])
def test_the_endpoints_need_the_brands_view_permission(url):
    brand = BrandFactory()
    browser = Client()
    browser.force_login(User.objects.create_user("nobody", is_staff=True))

    assert browser.get(url(brand)).status_code == 403
    assert Client().get(url(brand)).status_code == 302
