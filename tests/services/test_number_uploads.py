"""Number uploads in the background against the live sandbox: the preview (nothing sent), sending at the
shared pace, resuming after the worker was stopped part-way with every row sent exactly once, and XLSX."""

import io
from collections import Counter

import openpyxl
import pytest

from tendlc.client import TRANSIENT_ERRORS
from tendlc.models import AuditEntry, NumberUploadRow, PhoneNumberAssignment, UploadStatus
from tendlc.models.number_upload_rows import RowAction, RowState
from tendlc.services import number_uploads
from tendlc.services.number_uploads import number_upload_preview, number_upload_send
from tests.factories import PhoneNumberAssignmentFactory

pytestmark = pytest.mark.django_db


class WorkerKilled(Exception):
    """Stands for the worker dying between a request and the storing of its answer."""


@pytest.fixture
def sent_numbers(tendlc_client, monkeypatch) -> Counter[str]:
    """How many assignment requests (create or move) the sandbox applied for each number."""
    sent: Counter[str] = Counter()
    resource = tendlc_client.messaging_10dlc.phone_number_campaigns
    create, update = resource.create, resource.update

    # Counted once answered: a try the sandbox refused with an injected fault assigned nothing.
    def counted_create(*, campaign_id, phone_number):
        answer = create(campaign_id=campaign_id, phone_number=phone_number)
        sent[phone_number] += 1
        return answer

    def counted_update(number, *, campaign_id, phone_number):
        answer = update(number, campaign_id=campaign_id, phone_number=phone_number)
        sent[phone_number] += 1
        return answer

    monkeypatch.setattr(resource, "create", counted_create)
    monkeypatch.setattr(resource, "update", counted_update)
    return sent


def numbers_csv(numbers: list[str], campaign: str) -> bytes:
    return ("phone_number,campaign\n" + "".join(f"{n},{campaign}\n" for n in numbers)).encode()


def test_the_preview_says_what_would_be_done_and_sends_nothing(
    make_seeded_campaign, staff_user, sent_numbers
):
    ours, other = make_seeded_campaign(), make_seeded_campaign()
    PhoneNumberAssignmentFactory(phone_number="+13125550102", campaign=other)
    data = numbers_csv(["+13125550101", "+13125550102", "12"], ours.campaign_id)

    upload = number_upload_preview(filename="n.csv", data=data, user=staff_user)

    rows = list(upload.rows.values_list("line", "state", "action", "moved_from", "reason"))
    assert upload.status == UploadStatus.PREVIEW
    assert rows[:2] == [
        (2, RowState.PLANNED, RowAction.ASSIGN, "", ""),
        (3, RowState.PLANNED, RowAction.MOVE, f"{other.tcr_campaign_id} ({other.brand_display_name})", ""),
    ]
    assert rows[2][:3] == (4, RowState.INVALID, RowAction.ASSIGN)
    assert "12" in rows[2][4]
    assert sent_numbers == Counter()
    assert not AuditEntry.objects.filter(action="number_upload.apply").exists()


def test_the_preview_refuses_the_rows_past_a_campaigns_number_limit(make_seeded_campaign, staff_user):
    ours = make_seeded_campaign()
    numbers = [f"+1312555{n:04d}" for n in range(100, 151)]

    upload = number_upload_preview(
        filename="n.csv", data=numbers_csv(numbers, ours.campaign_id), user=staff_user
    )

    states = Counter(upload.rows.values_list("state", flat=True))
    assert states == {RowState.PLANNED: 49, RowState.INVALID: 2}
    assert "With the 49 earlier in this file" in upload.rows.get(line=51).reason


def test_a_send_stopped_part_way_resumes_and_sends_every_row_once(
    make_seeded_campaign, staff_user, tendlc_client, sent_numbers, monkeypatch
):
    ours = make_seeded_campaign()
    numbers = [f"+1312555{n:04d}" for n in range(200, 230)]
    upload = number_upload_preview(
        filename="n.csv", data=numbers_csv(numbers, ours.campaign_id), user=staff_user
    )
    applied = number_uploads._row_applied
    calls = Counter[str]()

    def killed_at_the_twelfth(row, assignment):
        calls["applied"] += 1
        if calls["applied"] == 12:
            raise WorkerKilled
        applied(row, assignment)

    monkeypatch.setattr(number_uploads, "_row_applied", killed_at_the_twelfth)
    with pytest.raises(WorkerKilled):
        number_upload_send(upload=upload, client=tendlc_client)
    assert Counter(upload.rows.values_list("state", flat=True)) == {
        RowState.APPLIED: 11,
        RowState.SENDING: 1,
        RowState.PLANNED: 18,
    }

    monkeypatch.setattr(number_uploads, "_row_applied", applied)
    finished = number_upload_send(upload=upload, client=tendlc_client)

    assert sent_numbers == Counter(dict.fromkeys(numbers, 1))
    assert (finished.status, finished.rows_applied, finished.rows_failed) == (UploadStatus.FINISHED, 30, 0)
    assert [entry["outcome"] for entry in finished.report] == ["applied"] * 30
    assert PhoneNumberAssignment.objects.filter(phone_number__in=numbers, campaign=ours).count() == 30
    audit = AuditEntry.objects.get(action="number_upload.apply")
    assert (audit.outcome, audit.request_summary) == (
        "succeeded",
        {"filename": "n.csv", "rows": 30, "applied": 30, "failed": 0},
    )


def test_a_send_through_faults_and_a_killed_worker_applies_every_row_once(
    make_seeded_campaign, staff_user, tendlc_client, sent_numbers, faults, monkeypatch
):
    ours = make_seeded_campaign()
    numbers = [f"+1312555{n:04d}" for n in range(300, 345)]
    upload = number_upload_preview(
        filename="n.csv", data=numbers_csv(numbers, ours.campaign_id), user=staff_user
    )
    # Three 503s in a row outlast the client's retries: the send stops there, as the task would, to be retried.
    faults.add(status=503, count=3, pathPattern="/10dlc/phone_number_campaigns$")
    faults.add(status=503, probability=0.2, pathPattern="/10dlc/phone_number_campaigns")
    applied = number_uploads._row_applied
    calls = Counter[str]()

    def killed_once_at_the_thirtieth(row, assignment):
        calls["applied"] += 1
        if calls["applied"] == 30:
            raise WorkerKilled
        applied(row, assignment)

    monkeypatch.setattr(number_uploads, "_row_applied", killed_once_at_the_thirtieth)
    stops = []
    # A fifth of the reads and sends fail: a run stops a dozen times on average, now and then over twenty.
    for _ in range(200):
        try:
            finished = number_upload_send(upload=upload, client=tendlc_client)
            break
        except (WorkerKilled, *TRANSIENT_ERRORS) as error:
            stops.append(type(error).__name__)
            upload.refresh_from_db()
    else:
        pytest.fail(f"the send never finished: {len(stops)} stops")

    assert stops[0] == "InternalServerError"
    assert "WorkerKilled" in stops
    assert all(fired > 0 for fired in faults.fired())
    assert sent_numbers == Counter(dict.fromkeys(numbers, 1))
    assert (finished.rows_applied, finished.rows_failed) == (45, 0)
    assert AuditEntry.objects.filter(action="number_upload.apply").count() == 1


def test_an_xlsx_is_read_like_a_csv_and_a_formula_is_never_worked_out(staff_user, make_seeded_campaign):
    ours = make_seeded_campaign()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Phone Number", "Campaign"])
    sheet.append([13125550301, ours.campaign_id])
    sheet.append(["=1+13125550302", ours.campaign_id])
    sheet.append(["+1 (312) 555-0303", ours.campaign_id])
    stream = io.BytesIO()
    workbook.save(stream)

    upload = number_upload_preview(filename="numbers.xlsx", data=stream.getvalue(), user=staff_user)

    rows = list(NumberUploadRow.objects.filter(upload=upload).values_list("line", "number", "state"))
    assert rows == [
        (2, "+13125550301", RowState.PLANNED),
        (3, "", RowState.INVALID),
        (4, "+13125550303", RowState.PLANNED),
    ]


def test_a_second_delivery_running_alongside_sends_no_row_the_first_claimed(
    make_seeded_campaign, staff_user, tendlc_client, sent_numbers, monkeypatch
):
    ours = make_seeded_campaign()
    numbers = [f"+1312555{n:04d}" for n in range(500, 506)]
    upload = number_upload_preview(
        filename="n.csv", data=numbers_csv(numbers, ours.campaign_id), user=staff_user
    )
    # The other delivery has claimed the third row and is waiting for its answer.
    upload.rows.filter(line=4).update(state=RowState.SENDING)
    open_rows = number_uploads._open_rows

    def claimed_by_the_other_as_this_one_reads(upload):
        rows = list(open_rows(upload))
        upload.rows.filter(line=5).update(state=RowState.SENDING)
        return [row for row in rows if row.line != 4]

    monkeypatch.setattr(number_uploads, "_open_rows", claimed_by_the_other_as_this_one_reads)

    result = number_upload_send(upload=upload, client=tendlc_client)

    assert sorted(sent_numbers) == [numbers[0], numbers[1], numbers[4], numbers[5]]
    assert (result.status, result.report) == (UploadStatus.SENDING, [])
    assert not AuditEntry.objects.filter(action="number_upload.apply").exists()
