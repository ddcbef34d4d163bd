"""The mapping layer against real wire payloads: every wire field lands in its column and comes back."""

from datetime import UTC, datetime

import pytest
from django.db import models

from tendlc.client.fields import SNAKE_BY_WIRE
from tendlc.mapping import records
from tendlc.mapping.convert import changed, parse_datetime
from tendlc.models import (
    AssignmentTask,
    Brand,
    Campaign,
    ExternalVetting,
    PartnerCampaign,
    PhoneNumberAssignment,
    SharedCampaign,
    SmsOtpVerification,
)
from tests.sandbox.brand_payloads import brand_body
from tests.sandbox.factories import brand_doc, campaign_doc

LOCAL = {"id", "raw", "recorded_at", "changed_at", "synced_at", "remote_deleted_at", "last_error"}

MIRRORS = [
    (Brand, records.BRAND_FIELDS, set()),
    (Campaign, records.CAMPAIGN_FIELDS, set()),
    (PartnerCampaign, records.PARTNER_CAMPAIGN_FIELDS + records.SHARING_STATUS_FIELDS, set()),
    (SharedCampaign, records.SHARED_CAMPAIGN_FIELDS + records.SHARING_STATUS_FIELDS, set()),
    (PhoneNumberAssignment, records.PHONE_NUMBER_ASSIGNMENT_FIELDS, {"campaign", "partner_campaign"}),
    (AssignmentTask, records.ASSIGNMENT_TASK_FIELDS, {"campaign"}),
    (ExternalVetting, records.EXTERNAL_VETTING_FIELDS, {"brand"}),
    (SmsOtpVerification, records.SMS_OTP_FIELDS, {"brand"}),
]


@pytest.mark.parametrize(
    ("model", "wire_fields", "relations"), MIRRORS, ids=lambda v: getattr(v, "__name__", "")
)
def test_every_column_mirrors_a_listed_wire_field_and_back(model, wire_fields, relations):
    columns = {f.name for f in model._meta.concrete_fields} - LOCAL - relations
    mirrored = {model._meta.get_field(SNAKE_BY_WIRE[wire]).name for wire in wire_fields}

    assert columns == mirrored


def test_a_sandbox_brand_maps_field_by_field(sandbox):
    doc = brand_doc(sandbox, webhookURL="https://hooks.example/brand", altBusinessIdType="DUNS")

    values = records.brand_values(doc)

    for wire in records.BRAND_FIELDS:
        if wire in doc:
            column = Brand._meta.get_field(SNAKE_BY_WIRE[wire]).attname
            expected = doc[wire]
            if wire in ("createdAt", "updatedAt"):
                expected = parse_datetime(doc[wire])
            elif expected is None:
                expected = (
                    ""
                    if isinstance(Brand._meta.get_field(column), models.CharField | models.TextField)
                    else None
                )
            assert values[column] == expected, wire
    assert values["webhook_url"] == "https://hooks.example/brand"


def test_the_misspelled_list_count_lands_in_the_same_column():
    assert records.brand_values({"assignedCampaingsCount": 4}) == {"assigned_campaigns_count": 4}


def test_a_campaign_maps_its_brand_by_wire_id(sandbox):
    brand = brand_doc(sandbox)
    doc = campaign_doc(sandbox, brand, subUsecases=["2FA", "MARKETING"], isTMobileRegistered=True)

    values = records.campaign_values(doc)

    assert values["brand_id"] == brand["brandId"]
    assert values["campaign_id"] == doc["campaignId"]
    assert values["sub_usecases"] == ["2FA", "MARKETING"]
    assert values["is_t_mobile_registered"] is True
    assert values["create_date"] == parse_datetime(doc["createDate"])


def test_partial_payloads_leave_other_columns_alone():
    assert records.campaign_values({"campaignStatus": "MNO_PROVISIONED"}) == {
        "campaign_status": "MNO_PROVISIONED"
    }


@pytest.mark.django_db
def test_a_brand_round_trips_to_a_create_body():
    body = brand_body("PUBLIC_PROFIT")
    brand = Brand(**records.brand_values(body))

    # Flags are always said; empty text is left out, as unset optional fields are on the wire.
    assert records.brand_create_body(brand) == {k: v for k, v in body.items() if v not in (None, "")} | {
        "isReseller": body.get("isReseller", False),
        "mock": body.get("mock", False),
    }


def test_update_body_leaves_out_what_update_refuses():
    brand = Brand(**records.brand_values(brand_body("SOLE_PROPRIETOR", mock=True)))

    body = records.brand_update_body(brand)

    assert "mobilePhone" not in body
    assert "mock" not in body
    assert body["isReseller"] is False


def test_mno_status_values():
    metadata = {"mno": "T-Mobile", "qualify": True, "mnoReview": True, "minMsgSamples": 1, "tpm": 4500}

    values = records.mno_status_values("10035", metadata, "APPROVED")

    assert values["network_id"] == 10035
    assert values["mno"] == "T-Mobile"
    assert values["qualify"] is True
    assert values["min_msg_samples"] == 1
    assert values["metadata"]["tpm"] == 4500
    assert values["operation_status"] == "APPROVED"


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("2021-03-08T17:57:48.801186", datetime(2021, 3, 8, 17, 57, 48, 801186, tzinfo=UTC)),
        ("2024-12-03T17:12:33.560000+00:00", datetime(2024, 12, 3, 17, 12, 33, 560000, tzinfo=UTC)),
        ("2024-12-03T17:12:33Z", datetime(2024, 12, 3, 17, 12, 33, tzinfo=UTC)),
        ("1690000000", datetime(2023, 7, 22, 4, 26, 40, tzinfo=UTC)),
        (1690000000, datetime(2023, 7, 22, 4, 26, 40, tzinfo=UTC)),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_times_in_every_form_the_api_writes(wire, expected):
    assert parse_datetime(wire) == expected


def test_changed_reports_only_differences():
    brand = Brand(display_name="Acme", city="Springfield")

    assert changed(brand, {"display_name": "Acme", "city": "Shelbyville"}) == {"city": "Shelbyville"}
