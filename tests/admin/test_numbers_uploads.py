"""Bulk assignment from a CSV in the admin against the live sandbox: the upload page, the preview shown before
anything is sent, the sending page, the report page, its two downloads (exact content, ready to upload again),
refusals at the file field, and permissions."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tendlc.client import NotFoundError
from tendlc.models import AuditEntry, NumberUpload, PhoneNumberAssignment, UploadStatus
from tendlc.services.number_input import MAX_UPLOAD_BYTES
from tendlc.tasks.number_uploads import send_number_upload
from tests.factories import PhoneNumberAssignmentFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/tendlc/numberupload/"
ADD = f"{CHANGELIST}add/"
A, B, C = "+13125550101", "+13125550102", "+13125550103"


def upload_file(text: str | bytes, name: str = "numbers.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text, content_type="text/csv")


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def uploaded(staff_client, our_campaign, other_campaign, dlc, upload_and_send) -> NumberUpload:
    """An upload with two applied rows, one our checks refuse, one the API refuses."""
    dlc.phone_number_campaigns.create(campaign_id=other_campaign.campaign_id, phone_number=C)
    text = f"phone_number,campaign\n{A},{our_campaign.campaign_id}\n{B},{our_campaign.tcr_campaign_id}\n=SUM(A1),C404404\n{C},{our_campaign.campaign_id}\n"
    return upload_and_send(staff_client, text)


def test_uploading_applies_the_valid_rows_and_shows_the_report(
    staff_client, staff_user, uploaded, our_campaign, other_campaign, dlc
):
    assert (uploaded.uploaded_by, uploaded.rows_total, uploaded.rows_applied, uploaded.rows_failed) == (
        staff_user,
        4,
        2,
        2,
    )
    assert [dlc.phone_number_campaigns.retrieve(n).campaign_id for n in (A, B, C)] == [
        our_campaign.campaign_id,
        our_campaign.campaign_id,
        other_campaign.campaign_id,
    ]
    page = staff_client.get(f"{CHANGELIST}{uploaded.pk}/change/")
    assert page.status_code == 200
    assert [str(m) for m in page.context["messages"]] == [
        "Upload of numbers.csv checked: 4 rows. Nothing is sent yet: read what would be done below, then send it.",
        "Sending has started: this page follows it and shows the report at the end.",
    ]
    report = next(panel for panel in page.context["object_panels"] if panel.title == "Report").context
    assert [(e["line"], e["outcome"]) for e in report["not_applied"]] == [(4, "invalid"), (5, "refused")]
    assert [(e["line"], e["phone_number"]) for e in report["progress"]["applied"]] == [(2, A), (3, B)]
    html = page.content.decode()
    assert f'href="{CHANGELIST}{uploaded.pk}/invalid.csv"' in html
    assert f'href="{CHANGELIST}{uploaded.pk}/report.csv"' in html
    assert AuditEntry.objects.get().action == "number_upload.apply"


def previewed(client, our_campaign, other_campaign) -> NumberUpload:
    """A file of one number to assign, one on another campaign to move, one our checks refuse: checked only."""
    PhoneNumberAssignmentFactory(phone_number=B, campaign=other_campaign)
    text = f"phone_number,campaign\n{A},{our_campaign.campaign_id}\n{B},{our_campaign.campaign_id}\n=SUM(A1),C1\n"
    assert client.post(ADD, {"file": upload_file(text)}).status_code == 302
    return NumberUpload.objects.get()


def test_the_preview_says_what_sending_would_do_and_nothing_is_sent(
    staff_client, our_campaign, other_campaign, dlc
):
    upload = previewed(staff_client, our_campaign, other_campaign)

    page = staff_client.get(f"{CHANGELIST}{upload.pk}/change/")

    [panel] = [panel for panel in page.context["object_panels"] if panel.title == "What would be done"]
    assert (panel.context["assigning"], panel.context["moving"], panel.context["refusing"]) == (1, 1, 1)
    assert [(row["line"], row["moved_from"]) for row in panel.context["moves"]] == [
        (3, f"{other_campaign.tcr_campaign_id} ({other_campaign.brand_display_name})")
    ]
    html = page.content.decode()
    assert "Rows whose number was assigned." not in html  # no count of applied rows before any is sent
    assert page.context["object_actions"] == [
        {"label": "Send the numbers", "url": f"{CHANGELIST}{upload.pk}/send/", "one_click": True}
    ]
    assert 'To send 2 numbers, use "Send the numbers" at the top of the page.' in html
    assert "or as a US number of 10 digits" in html
    assert upload.status == UploadStatus.PREVIEW
    assert not PhoneNumberAssignment.objects.filter(phone_number=A).exists()
    with pytest.raises(NotFoundError):
        dlc.phone_number_campaigns.retrieve(A)
    assert not AuditEntry.objects.exists()


def test_sending_is_followed_until_the_report_is_shown(
    staff_client, our_campaign, other_campaign, dlc, django_capture_on_commit_callbacks
):
    dlc.phone_number_campaigns.create(campaign_id=other_campaign.campaign_id, phone_number=B)
    upload = previewed(staff_client, our_campaign, other_campaign)
    sending = f"{CHANGELIST}{upload.pk}/sending/"
    with django_capture_on_commit_callbacks(execute=False) as queued:
        staff_client.post(f"{CHANGELIST}{upload.pk}/send/")
    page = staff_client.get(f"{CHANGELIST}{upload.pk}/change/").content.decode()
    waiting = staff_client.get(sending).json()

    assert len(queued) == 1
    send_number_upload.apply(args=(upload.pk,))

    assert f'data-progress-url="{sending}"' in page
    assert waiting == {
        "finished": False,
        "error": "",
        "status_label": "Waiting to send",
        "total": 2,
        "done": 0,
        "percent": 0,
        "applied": 0,
        "refused": 0,
    }
    done = staff_client.get(sending).json()
    assert (done["finished"], done["done"], done["applied"], done["percent"]) == (True, 2, 2, 100)
    assert [dlc.phone_number_campaigns.retrieve(n).campaign_id for n in (A, B)] == [
        our_campaign.campaign_id
    ] * 2
    finished = staff_client.get(f"{CHANGELIST}{upload.pk}/change/")
    assert finished.context["object_panels"][0].title == "Report"


def test_an_upload_is_sent_only_once_and_only_by_a_post(
    staff_client, our_campaign, other_campaign, django_capture_on_commit_callbacks
):
    upload = previewed(staff_client, our_campaign, other_campaign)
    send = f"{CHANGELIST}{upload.pk}/send/"

    assert staff_client.get(send).status_code == 405
    with django_capture_on_commit_callbacks(execute=False) as queued:
        staff_client.post(send)
        again = staff_client.post(send, follow=True)

    assert len(queued) == 1
    assert [str(m) for m in again.context["messages"]][-1] == "This upload has already been confirmed."


def test_the_applied_numbers_are_followed_live_until_the_carriers_have_finished(
    staff_client, uploaded, our_campaign, settings
):
    # Answered from the mirrored assignments: any request to the API would fail.
    settings.TELNYX_API_BASE_URL = "http://127.0.0.1:9/v2"
    progress = f"{CHANGELIST}{uploaded.pk}/progress/"
    page = staff_client.get(f"{CHANGELIST}{uploaded.pk}/change/").content.decode()

    pending = staff_client.get(progress).json()
    PhoneNumberAssignment.objects.filter(phone_number=A).update(assignment_status="ASSIGNED")
    PhoneNumberAssignment.objects.filter(phone_number=B).update(assignment_status="FAILED_ASSIGNMENT")
    done = staff_client.get(progress).json()

    assert f'data-progress-url="{progress}"' in page
    assert 'data-progress-finished="false"' in page
    assert "<td>PENDING_ASSIGNMENT</td>" not in page  # the status in words, not the wire value
    row = {"campaign": our_campaign.campaign_id}
    assert pending == {
        "finished": False,
        "error": "",
        "total": 2,
        "assigned": 0,
        "pending": 2,
        "failed": 0,
        "applied": [
            {**row, "line": 2, "phone_number": A, "status": "Assignment pending", "tone": "pending"},
            {
                **row,
                "line": 3,
                "phone_number": B,
                "campaign": our_campaign.tcr_campaign_id,
                "status": "Assignment pending",
                "tone": "pending",
            },
        ],
        "more": 0,
    }
    assert (done["finished"], done["assigned"], done["pending"], done["failed"]) == (True, 1, 0, 1)
    assert [(number["status"], number["tone"]) for number in done["applied"]] == [
        ("Assigned", "good"),
        ("Assignment failed", "bad"),
    ]


def test_the_rows_not_applied_download_with_their_reasons_ready_to_upload_again(
    staff_client, uploaded, our_campaign
):
    response = staff_client.get(f"{CHANGELIST}{uploaded.pk}/invalid.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="upload-{uploaded.pk}-not-applied.csv"'
    rows = rows_of(response)
    assert rows[:2] == [
        ["phone_number", "campaign", "reason"],
        [
            "'=SUM(A1)",
            "C404404",
            "Enter the number in E.164 format (+ and the country code, e.g. +13125550101) or as a US number of 10 digits, e.g. (312) 555-0101.",
        ],
    ]
    assert rows[2][:2] == [C, our_campaign.campaign_id]
    assert rows[2][2].startswith(
        f"Refused by the API (HTTP 400): phone_number: Phone number {C} is already assigned"
    )
    assert len(rows) == 3


def test_the_full_report_downloads_every_row(staff_client, uploaded, our_campaign):
    response = staff_client.get(f"{CHANGELIST}{uploaded.pk}/report.csv")

    assert response["Content-Disposition"] == f'attachment; filename="upload-{uploaded.pk}-report.csv"'
    rows = rows_of(response)
    assert rows[:4] == [
        ["line", "phone_number", "campaign", "outcome", "reason", "assignment_status"],
        ["2", A, our_campaign.campaign_id, "applied", "", "PENDING_ASSIGNMENT"],
        ["3", B, our_campaign.tcr_campaign_id, "applied", "", "PENDING_ASSIGNMENT"],
        [
            "4",
            "'=SUM(A1)",
            "C404404",
            "invalid",
            "Enter the number in E.164 format (+ and the country code, e.g. +13125550101) or as a US number of 10 digits, e.g. (312) 555-0101.",
            "",
        ],
    ]
    assert rows[4][:4] == ["5", C, our_campaign.campaign_id, "refused"]
    assert len(rows) == 5


def test_the_downloaded_rows_upload_again_once_fixed(
    staff_client, uploaded, our_campaign, dlc, upload_and_send
):
    fixed = rows_of(staff_client.get(f"{CHANGELIST}{uploaded.pk}/invalid.csv"))
    fixed[1][:2] = ["+13125550104", our_campaign.campaign_id]
    again = io.StringIO()
    csv.writer(again).writerows(fixed)

    second = upload_and_send(staff_client, again.getvalue(), "fixed.csv")

    assert [(e["line"], e["phone_number"], e["outcome"]) for e in second.report] == [
        (2, "+13125550104", "applied"),
        (3, C, "refused"),
    ]
    assert dlc.phone_number_campaigns.retrieve("+13125550104").campaign_id == our_campaign.campaign_id


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (
            b"",
            "The submitted file is empty.",
        ),
        (
            b"phone_number,campaign\n",
            "The file has no data rows: put one phone number and its campaign on each line"
            " (e.g. +13125550101,C1A2B3C).",
        ),
        (b"x" * (MAX_UPLOAD_BYTES + 10), "The file is larger than 2 MB: split it into smaller files."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_at_the_file_field(staff_client, portal_api, content, error):
    response = staff_client.post(ADD, {"file": upload_file(content)})

    assert response.status_code == 200
    assert dict(response.context["adminform"].form.errors) == {"file": [error]}
    assert not NumberUpload.objects.exists()


def test_no_file_is_refused_at_the_file_field(staff_client):
    response = staff_client.post(ADD, {})

    assert dict(response.context["adminform"].form.errors) == {"file": ["This field is required."]}


@pytest.mark.parametrize("url", ["list", "add", "change", "invalid.csv", "report.csv", "sending/", "send/"])
def test_anonymous_users_are_sent_to_the_login_page(client, url):
    upload = NumberUpload.objects.create(filename="x.csv")
    target = {"list": CHANGELIST, "add": ADD, "change": f"{CHANGELIST}{upload.pk}/change/"}.get(
        url, f"{CHANGELIST}{upload.pk}/{url}"
    )

    response = client.get(target)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", ["add", "change", "invalid.csv", "report.csv", "sending/", "send/"])
def test_staff_without_a_portal_role_are_refused(plain_staff_client, url):
    upload = NumberUpload.objects.create(filename="x.csv", status=UploadStatus.PREVIEW)
    target = {"add": ADD, "change": f"{CHANGELIST}{upload.pk}/change/"}.get(
        url, f"{CHANGELIST}{upload.pk}/{url}"
    )

    assert plain_staff_client.get(target).status_code == 403
    assert plain_staff_client.post(target).status_code == 403
    upload.refresh_from_db()
    assert upload.status == UploadStatus.PREVIEW


def test_both_roles_upload_and_read_reports_and_nobody_edits_or_deletes_them(
    login, staff_user, compliance_admin
):
    upload = NumberUpload.objects.create(filename="x.csv")
    for client in (login(staff_user), login(compliance_admin)):
        assert client.get(ADD).status_code == 200
        assert client.get(f"{CHANGELIST}{upload.pk}/report.csv").status_code == 200
        page = client.get(f"{CHANGELIST}{upload.pk}/change/")
        assert page.context["has_change_permission"] is False
        assert client.get(f"{CHANGELIST}{upload.pk}/delete/").status_code == 403


def test_the_list_costs_the_same_queries_for_10_or_120_uploads(
    staff_client, staff_user, django_assert_max_num_queries
):
    def make(count: int) -> None:
        report = [
            {"line": n, "phone_number": A, "campaign": "C1", "outcome": "applied", "reason": ""}
            for n in range(50)
        ]
        NumberUpload.objects.bulk_create(
            NumberUpload(
                filename=f"f{n}.csv", uploaded_by=staff_user, rows_total=50, rows_applied=50, report=report
            )
            for n in range(count)
        )

    make(10)
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(CHANGELIST).status_code == 200
    make(110)

    with django_assert_max_num_queries(len(few)):
        staff_client.get(CHANGELIST)
    assert not any(
        '"report"' in query["sql"] for query in few.captured_queries if "tendlc_numberupload" in query["sql"]
    )
