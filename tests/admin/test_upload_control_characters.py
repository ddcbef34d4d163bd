"""An upload with a NUL in a cell through the admin: the page answers with the report, not a server error, and
the rows to fix download with the refused cell shown and the reason at it."""

import csv
import io

import pytest

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_cell_is_reported_and_the_rows_to_fix_download(
    staff_client, our_campaign, upload_and_send
):
    text = f"phone_number,campaign\n+13125550101,{our_campaign.campaign_id}\n+1312555\x000102,{our_campaign.campaign_id}\n"

    stored = upload_and_send(staff_client, text)

    assert (stored.rows_applied, stored.rows_failed) == (1, 1)
    rows = list(
        csv.reader(
            io.StringIO(
                staff_client.get(f"/admin/tendlc/numberupload/{stored.pk}/invalid.csv").content.decode()
            )
        )
    )
    assert rows == [
        ["phone_number", "campaign", "reason"],
        [
            # Not a plain number, so the download neutralises it as a formula; a re-upload takes the quote off.
            "'+1312555\ufffd0102",
            our_campaign.campaign_id,
            "The phone number contains a control character (U+0000, shown as \ufffd): type it again.",
        ],
    ]
