"""The read-only lists of feedback readings, external vettings and SMS OTPs: shown with links to their brand,
never added, changed or deleted by hand."""

import pytest
from django.utils import timezone

from tendlc.models import BrandFeedback, BrandFeedbackCategory, ExternalVetting
from tests.factories import BrandFactory, SmsOtpVerificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    brand = BrandFactory(display_name="Acme Records")
    feedback = BrandFeedback.objects.create(brand=brand, raw={"brandId": brand.brand_id})
    BrandFeedbackCategory.objects.create(
        feedback=feedback,
        category="TAX_ID",
        display_name="Tax Id",
        description="Tax Id does not match.",
        fields=["ein"],
    )
    vetting = ExternalVetting.objects.create(
        brand=brand,
        evp_id="AEGIS",
        vetting_class="STANDARD",
        vetting_id="V-1",
        vetting_token="secret-token",
        vetting_score=80,
        vetted_date=timezone.now(),
    )
    otp = SmsOtpVerificationFactory(delivery_status="DELIVERED_HANDSET")
    return {"brand": brand, "brandfeedback": feedback, "externalvetting": vetting, "smsotpverification": otp}


@pytest.mark.parametrize(
    ("model", "shown"),
    [
        ("brandfeedback", ["Tax Id", "Acme Records"]),
        ("externalvetting", ["V-1", "AEGIS", "Acme Records"]),
        (
            "smsotpverification",
            [
                '<span class="tendlc-badge tendlc-badge-pending" data-status="DELIVERED_HANDSET">Delivered to handset</span>'
            ],
        ),
    ],
)
def test_each_list_shows_its_records_linked_to_their_brand(staff_client, records, model, shown):
    response = staff_client.get(f"/admin/tendlc/{model}/")

    html = response.content.decode()
    brand = records[model].brand
    assert response.status_code == 200
    assert f'<a href="/admin/tendlc/brand/{brand.pk}/change/">{brand}</a>' in html
    for text in shown:
        assert text in html


@pytest.mark.parametrize("model", ["brandfeedback", "externalvetting", "smsotpverification"])
def test_nobody_adds_changes_or_deletes_them_by_hand(compliance_admin_client, records, model):
    pk = records[model].pk

    add = compliance_admin_client.get(f"/admin/tendlc/{model}/add/")
    view = compliance_admin_client.get(f"/admin/tendlc/{model}/{pk}/change/")
    change = compliance_admin_client.post(f"/admin/tendlc/{model}/{pk}/change/", {})
    delete = compliance_admin_client.post(f"/admin/tendlc/{model}/{pk}/delete/", {"post": "yes"})

    assert (add.status_code, view.status_code, change.status_code, delete.status_code) == (403, 200, 403, 403)
    assert view.context["title"].startswith("View ")


def test_a_vetting_token_is_not_shown(staff_client, records):
    response = staff_client.get(f"/admin/tendlc/externalvetting/{records['externalvetting'].pk}/change/")

    assert "secret-token" not in response.content.decode()


def test_feedback_can_be_filtered_by_category(staff_client, records):
    BrandFeedback.objects.create(brand=records["brand"], raw={})

    response = staff_client.get("/admin/tendlc/brandfeedback/?categories__category__exact=TAX_ID")

    assert list(response.context["cl"].result_list) == [records["brandfeedback"]]
