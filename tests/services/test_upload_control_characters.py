"""A control character in an uploaded CSV (a NUL above all, which PostgreSQL stores in neither text nor JSON) is a
row error at its cell, found before anything is sent: the other rows are applied, the report is stored, and
the audit entry says what happened in plain words. Run on SQLite and PostgreSQL alike."""

import pytest
from django.contrib.auth.models import User
from django.db import DataError

from tendlc.models import AuditEntry, NumberUpload, PhoneNumberAssignment
from tendlc.services.audit import audited, error_text
from tendlc.services.number_input import UploadRow, upload_rows_read
from tendlc.services.number_uploads import number_upload_preview, number_upload_send

pytestmark = pytest.mark.django_db

A, B, C = "+13125550101", "+13125550102", "+13125550103"
PHONE_NUL = "The phone number contains a control character (U+0000, shown as \ufffd): type it again."
CAMPAIGN_NUL = "The campaign contains a control character (U+0000, shown as \ufffd): type it again."


@pytest.mark.parametrize(
    ("line", "row"),
    [
        pytest.param("+1312555\x000103,C1", UploadRow(1, "+1312555\ufffd0103", "C1", PHONE_NUL), id="phone"),
        pytest.param(f"{C},C\x001", UploadRow(1, C, "C\ufffd1", CAMPAIGN_NUL), id="campaign"),
        pytest.param(
            "\x00,\x01",
            UploadRow(
                1,
                "\ufffd",
                "\ufffd",
                f"{PHONE_NUL} The campaign contains a control character (U+0001, shown as \ufffd): type it again.",
            ),
            id="both",
        ),
        pytest.param(f"{C},C1,\x00 in a column not read", UploadRow(1, C, "C1"), id="other column"),
    ],
)
def test_a_control_character_in_a_cell_is_a_row_error_at_that_cell(line, row):
    assert upload_rows_read(line.encode()) == [row]


@pytest.fixture
def uploader(db) -> User:
    return User.objects.create_user("ana")


def test_an_upload_with_a_nul_applies_the_other_rows_and_keeps_the_report(
    make_seeded_campaign, uploader, tendlc_client, dlc
):
    ours = make_seeded_campaign()
    data = (
        f"phone_number,campaign\n{A},{ours.campaign_id}\n+1312555\x000102,{ours.campaign_id}\n{C},C\x00X\n"
    ).encode()

    upload = number_upload_send(
        upload=number_upload_preview(filename="n\x00.csv", data=data, user=uploader), client=tendlc_client
    )

    upload.refresh_from_db()
    assert (upload.filename, upload.rows_total, upload.rows_applied, upload.rows_failed) == (
        "n\ufffd.csv",
        3,
        1,
        2,
    )
    assert [
        (e["line"], e["phone_number"], e["campaign"], e["outcome"], e["reason"]) for e in upload.report
    ] == [
        (2, A, ours.campaign_id, "applied", ""),
        (3, "+1312555\ufffd0102", ours.campaign_id, "invalid", PHONE_NUL),
        (4, C, "C\ufffdX", "invalid", CAMPAIGN_NUL),
    ]
    assert list(PhoneNumberAssignment.objects.values_list("phone_number", flat=True)) == [A]
    assert dlc.phone_number_campaigns.retrieve(A).campaign_id == ours.campaign_id
    assert list(AuditEntry.objects.values_list("outcome", "error", "request_summary")) == [
        (
            "succeeded",
            "",
            {"filename": "n\ufffd.csv", "rows": 3, "applied": 1, "failed": 2},
        )
    ]
    assert NumberUpload.objects.count() == 1


def test_a_database_error_is_audited_in_plain_words_without_its_sql():
    raw = DataError('unsupported Unicode escape sequence\nLINE 1: ...INSERT INTO "tendlc_numberupload" ...')

    with (
        pytest.raises(DataError),
        audited(user=None, action="number_upload.apply", summary={"name": "a\x00b"}),
    ):
        raise raw

    entry = AuditEntry.objects.get()
    assert (entry.outcome, entry.error, entry.request_summary) == (
        "failed",
        "The database refused the action (DataError); the server log has the details.",
        {"name": "a\ufffdb"},
    )
    assert error_text(raw) == entry.error
