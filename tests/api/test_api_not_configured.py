"""Without API settings every workflow action of the REST API refuses with a clear error in the one error
format (400, as any refusal of ours), before anything is sent or stored: never a server error."""

import pytest

from tendlc.models import AuditEntry, Brand
from tests.factories import BrandFactory, CampaignFactory
from tests.fixtures.brands import FORM_VALUES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tendlc_api_key_unset")]

NOT_CONFIGURED = {
    "errors": [
        {
            "field": None,
            "code": "10dlc_not_configured",
            "message": "The 10DLC API is not configured (api_key is required): ask an administrator.",
        }
    ],
    "status": 400,
}
PROFILE = "4001767e-ce0f-4cae-9d5f-0d5e636e7809"


def requests(brand: Brand, campaign_pk: int, campaign_id: str) -> list[tuple[str, str, dict]]:
    return [
        ("post", "/api/v1/brands/", FORM_VALUES),
        ("patch", f"/api/v1/brands/{brand.pk}/", {"display_name": "Acme Renamed"}),
        ("post", f"/api/v1/brands/{brand.pk}/otp/", {"pin_sms": "Your PIN is @OTP_PIN@"}),
        ("post", f"/api/v1/brands/{brand.pk}/otp/verify/", {"otp_pin": "123456"}),
        ("post", "/api/v1/campaigns/qualify/", {"brand": brand.pk, "usecase": "CUSTOMER_CARE"}),
        ("post", "/api/v1/campaigns/", {"brand": brand.pk, "usecase": "CUSTOMER_CARE"}),
        ("post", f"/api/v1/campaigns/{campaign_pk}/appeal/", {"appeal_reason": "We fixed the samples."}),
        ("post", f"/api/v1/campaigns/{campaign_pk}/deactivate/", {}),
        ("post", "/api/v1/number-assignments/", {"phone_number": "+13125550101", "campaign_id": campaign_id}),
        (
            "post",
            "/api/v1/number-assignments/bulk/",
            {"rows": [{"phone_number": "+13125550101", "campaign": campaign_id}]},
        ),
        ("post", "/api/v1/assignment-tasks/", {"messaging_profile_id": PROFILE, "campaign_id": campaign_id}),
    ]


def test_every_workflow_action_answers_not_configured(admin_api):
    brand = BrandFactory(**{**FORM_VALUES, "ein": "123456789"})
    campaign = CampaignFactory(brand=brand, campaign_status="TELNYX_FAILED")
    CampaignFactory(brand=brand, campaign_id="4b300000-0000-0000-0000-0000000000c1")
    answers = {
        (method, url): getattr(admin_api, method)(url, body, format="json")
        for method, url, body in requests(brand, campaign.pk, "4b300000-0000-0000-0000-0000000000c1")
    }

    assert {
        key: (response.status_code, response.json()) for key, response in answers.items()
    } == dict.fromkeys(answers, (400, NOT_CONFIGURED))
    assert Brand.objects.get().display_name == "Acme Mobile"
    assert not AuditEntry.objects.exists()
