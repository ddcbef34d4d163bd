"""Audit entries: written when the work ends, failed ones included, with secrets masked."""

import pytest
from django.contrib.auth.models import User

from tendlc.client.errors import ErrorDetail, UnprocessableEntityError
from tendlc.models import AuditEntry, AuditOutcome
from tendlc.selectors.audit import audit_list_for
from tendlc.services.audit import MASK, audited, summary_clean
from tests.factories import BrandFactory

pytestmark = pytest.mark.django_db


def api_refusal() -> UnprocessableEntityError:
    return UnprocessableEntityError(
        "HTTP 422 from POST /10dlc/brand: ein: invalid",
        method="POST",
        path="/10dlc/brand",
        status=422,
        request_id="req-42",
        body={},
        errors=(ErrorDetail(code="10002", title="Invalid", detail="invalid", pointer="/ein", field="ein"),),
    )


def test_a_successful_action_is_recorded_with_its_target_and_user():
    user = User.objects.create_user("ana")
    brand = BrandFactory()

    with audited(user=user, action="brand.revet", summary={"brand_id": brand.brand_id}) as audit:
        audit.target = brand

    entry = AuditEntry.objects.get()
    assert (entry.username, entry.action, entry.outcome, entry.error) == (
        "ana",
        "brand.revet",
        "succeeded",
        "",
    )
    assert (entry.target_id, entry.target_repr) == (str(brand.pk), str(brand))
    assert entry.request_summary == {"brand_id": brand.brand_id}
    assert list(audit_list_for(brand)) == [entry]


def test_a_failed_action_is_recorded_and_the_error_still_raised():
    brand = BrandFactory()

    with (
        pytest.raises(UnprocessableEntityError),
        audited(user=None, action="brand.update", target=brand, summary={"ein": "12"}),
    ):
        raise api_refusal()

    entry = AuditEntry.objects.get()
    assert entry.outcome == AuditOutcome.FAILED
    assert entry.error == "HTTP 422 from POST /10dlc/brand: ein: invalid"
    assert entry.api_request_id == "req-42"
    assert entry.username == ""


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ({"otp_pin": "123456"}, {"otp_pin": MASK}),
        (
            {"vetting": {"vetting_token": "tok", "evp_id": "AEGIS"}},
            {"vetting": {"vetting_token": MASK, "evp_id": "AEGIS"}},
        ),
        ({"pin_sms": "Your code is @OTP_PIN@"}, {"pin_sms": "Your code is @OTP_PIN@"}),
        ({"api_key": ""}, {"api_key": ""}),
        ({"rows": list(range(60))}, {"rows": [*range(50), "... 10 more"]}),
        ({"text": "x" * 600}, {"text": "x" * 500 + "..."}),
    ],
)
def test_summaries_mask_secrets_and_cut_long_values(summary, expected):
    assert summary_clean(summary) == expected
