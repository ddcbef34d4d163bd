"""The admin's CSV downloads hold what is stored: formula-like cells neutralised (the exact payload of issue 20),
markup and signed numbers verbatim, and the file of rows not applied uploads again as the rows it came from."""

import csv
import io

import pytest

from tendlc.models.assignments import APPLIED
from tests.factories import BrandFactory

pytestmark = pytest.mark.django_db

PAYLOAD = "-2+3+cmd|' /C calc'!A0"
UPLOADS = "/admin/tendlc/numberupload/"


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_brand_export_neutralises_formulas_and_keeps_stored_text_verbatim(staff_client):
    brand = BrandFactory(
        display_name=PAYLOAD, company_name="<b>Acme</b> & Sons", phone="+12025550101", ein="-12.5"
    )

    response = staff_client.post(
        "/admin/tendlc/brand/", {"action": "export_csv", "_selected_action": [brand.pk]}
    )

    header, row = rows_of(response)
    exported = dict(zip(header, row, strict=True))
    assert (exported["Display name"], exported["Company name"], exported["Phone"], exported["EIN"]) == (
        "'" + PAYLOAD,
        "<b>Acme</b> & Sons",
        "+12025550101",
        "-12.5",
    )
    assert response.content.decode().startswith('"Display name","Entity type",')


def test_the_rows_not_applied_upload_again_as_the_rows_they_were(
    staff_client, portal_api, our_campaign, upload_and_send
):
    text = (
        "phone_number,campaign\n"
        f"{PAYLOAD},{our_campaign.campaign_id}\n"
        "+1 312 555 01,<b>C1</b>\n"
        f"=SUM(A1),{our_campaign.campaign_id}\n"
        f"+13125550101,{our_campaign.campaign_id}\n"
    )
    first = upload_and_send(staff_client, text)

    download = staff_client.get(f"{UPLOADS}{first.pk}/invalid.csv")
    again = upload_and_send(staff_client, download.content, "again.csv")

    assert [row[:2] for row in rows_of(download)[1:]] == [
        ["'" + PAYLOAD, our_campaign.campaign_id],
        # Not a plain number: a spreadsheet would read it as a formula.
        ["'+1 312 555 01", "<b>C1</b>"],
        ["'=SUM(A1)", our_campaign.campaign_id],
    ]
    not_applied = [
        (entry["phone_number"], entry["campaign"], entry["outcome"], entry["reason"])
        for entry in first.report
        if entry["outcome"] != APPLIED
    ]
    assert [
        (entry["phone_number"], entry["campaign"], entry["outcome"], entry["reason"])
        for entry in again.report
    ] == not_applied
    assert [entry[0] for entry in not_applied] == [PAYLOAD, "+1 312 555 01", "=SUM(A1)"]
