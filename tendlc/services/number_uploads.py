"""Number uploads in the background: a file is read and checked into a preview (what would be assigned, moved
and from which campaign, refused and why), nothing sent; once confirmed, a Celery task sends its rows at the
shared rate limit and writes the same per-row report and audit entry as an upload applied at once.

Resuming without sending a row twice: each row's state is committed as SENDING before its request and as
APPLIED or REFUSED with the answer after it. A worker killed between the two leaves rows SENDING and the task,
delivered again (acks_late), reads each of them back from the API (``retrieve``) before anything else: a
number the API already has on the row's campaign was applied by the lost request and is recorded so, without
a second request; only a number the API does not have there is sent again. A row is claimed (PLANNED to
SENDING) by a conditional update, so a second delivery running alongside the first skips it.

An idempotency key would not do: Telnyx documents none for its requests (no idempotency header is configured
for it, 10dlc-api.md), while its record of the number is the truth itself and is read in one request.
"""

from collections.abc import Iterator

from django.db import transaction

from tendlc.client import TRANSIENT_ERRORS, NotFoundError, TenDLCClient, TenDLCError
from tendlc.models import Campaign, NumberUpload, NumberUploadRow, PhoneNumberAssignment, UploadStatus
from tendlc.models.assignments import APPLIED
from tendlc.models.number_upload_rows import RowAction, RowState
from tendlc.services.audit import User, audited, user_recorded
from tendlc.services.errors import WorkflowError
from tendlc.services.notification_events import number_upload_notice
from tendlc.services.number_input import control_characters_shown, upload_rows_read
from tendlc.services.numbers import (
    HOLDING_STATUSES,
    AnyCampaign,
    CheckedRow,
    api_reason,
    assignment_write,
    campaign_label,
    campaign_wire_id,
    upload_rows_check,
)
from tendlc.services.sync import rate_limiter

# The rows still to be sent, in file order.
OPEN_STATES = (RowState.PLANNED, RowState.SENDING)
# Rows read at a time while sending: each batch is held in memory, so a 10,000-row file is 20 reads.
OPEN_ROWS_BATCH = 500


def number_upload_preview(*, filename: str, data: bytes, user: User) -> NumberUpload:
    """Read and check an uploaded CSV or XLSX into an upload waiting for confirmation: every row stored with
    what would be done with it. Nothing is sent. A file that cannot be read is refused whole (WorkflowError
    at the upload field)."""
    filename = control_characters_shown(filename)[:255]
    rows = [CheckedRow(row) for row in upload_rows_read(data, filename=filename)]
    upload_rows_check(rows)
    held = PhoneNumberAssignment.objects.select_related("campaign", "partner_campaign").in_bulk(
        [row.number for row in rows if not row.outcome], field_name="phone_number"
    )
    with transaction.atomic():
        upload = NumberUpload.objects.create(
            uploaded_by=user_recorded(user),
            filename=filename,
            rows_total=len(rows),
            status=UploadStatus.PREVIEW,
        )
        NumberUploadRow.objects.bulk_create(
            [_row_planned(upload, row, held.get(row.number)) for row in rows], batch_size=1000
        )
    return upload


def _row_planned(
    upload: NumberUpload, row: CheckedRow, current: PhoneNumberAssignment | None
) -> NumberUploadRow:
    campaign = row.campaign
    planned = NumberUploadRow(
        upload=upload,
        line=row.row.line,
        phone_number=row.row.phone_number,
        campaign_text=row.row.campaign,
        number=row.number,
        campaign=campaign if isinstance(campaign, Campaign) else None,
        partner_campaign=None if isinstance(campaign, Campaign) or row.outcome else campaign,
        state=RowState.INVALID if row.outcome else RowState.PLANNED,
        reason=row.reason,
    )
    source = _holder(current)
    if not row.outcome and source is not None:
        planned.action, planned.moved_from = RowAction.MOVE, campaign_label(source)
    return planned


def _holder(assignment: PhoneNumberAssignment | None) -> AnyCampaign | None:
    """The campaign ``assignment`` holds its number on, as mirrored, or None."""
    if (
        assignment is None
        or assignment.remote_deleted_at is not None
        or assignment.assignment_status not in HOLDING_STATUSES
    ):
        return None
    return assignment.campaign or assignment.partner_campaign


def number_upload_confirm(*, upload: NumberUpload, user: User) -> NumberUpload:
    """Queue a previewed upload for sending; the task starts once this is committed."""
    from tendlc.tasks.number_uploads import send_number_upload

    with transaction.atomic():
        locked = NumberUpload.objects.select_for_update().get(pk=upload.pk)
        if locked.status != UploadStatus.PREVIEW:
            raise WorkflowError("This upload has already been confirmed.")
        locked.status = UploadStatus.QUEUED
        locked.save(update_fields=["status"])
        transaction.on_commit(lambda: send_number_upload.delay(locked.pk))
    return locked


def number_upload_send(*, upload: NumberUpload, client: TenDLCClient) -> NumberUpload:
    """Send the upload's open rows in file order at the shared rate limit, then write its report and audit
    entry. Safe to run again after it was stopped part-way (the module's docstring says how). A transient
    failure is raised with the row left SENDING, for the task to retry it."""
    if upload.status == UploadStatus.FINISHED:
        return upload
    upload.status = UploadStatus.SENDING
    NumberUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.SENDING)
    client.pace(rate_limiter())
    try:
        for row in _open_rows(upload):
            _row_send(row, client)
    finally:
        client.pace(None)
    if upload.rows.filter(state__in=OPEN_STATES).exists():
        # Rows another delivery of the task claimed: that one writes the report when they are answered.
        return upload
    return _upload_finish(upload)


def _open_rows(upload: NumberUpload) -> Iterator[NumberUploadRow]:
    """The open rows in file order, a batch read whole before any of its rows is written: each row's state
    changes as it is sent, and SQLite gives no isolation between a read still open and writes to its table
    on the same connection (Django's ``QuerySet.iterator`` documentation warns of it)."""
    after = 0
    while batch := list(
        upload.rows.filter(state__in=OPEN_STATES, line__gt=after)
        .select_related("campaign", "partner_campaign")
        .order_by("line")[:OPEN_ROWS_BATCH]
    ):
        yield from batch
        after = batch[-1].line


def _row_send(row: NumberUploadRow, client: TenDLCClient) -> None:
    campaign: AnyCampaign | None = row.campaign or row.partner_campaign
    if campaign is None:
        _row_close(row, RowState.REFUSED, reason="The campaign was deleted here before the row was sent.")
        return
    resource = client.messaging_10dlc.phone_number_campaigns
    wire_id = campaign_wire_id(campaign)
    if row.state == RowState.SENDING:
        try:
            found = resource.retrieve(row.number)
        except NotFoundError:
            pass
        else:
            if found.raw.get("campaignId") == wire_id:
                _row_applied(row, assignment_write(found.raw, campaign))
                return
    else:
        # Claimed only if still to send: a second delivery of the task running alongside skips the row.
        claimed = NumberUploadRow.objects.filter(pk=row.pk, state=RowState.PLANNED).update(
            state=RowState.SENDING
        )
        if not claimed:
            return
        row.state = RowState.SENDING
    try:
        if row.action == RowAction.MOVE:
            answer = resource.update(row.number, campaign_id=wire_id, phone_number=row.number)
        else:
            answer = resource.create(campaign_id=wire_id, phone_number=row.number)
    except TRANSIENT_ERRORS:
        # Left SENDING: the task's retry reads it back before sending it again.
        raise
    except TenDLCError as error:
        _row_close(row, RowState.REFUSED, reason=api_reason(error))
        return
    _row_applied(row, assignment_write(answer.raw, campaign))


def _row_applied(row: NumberUploadRow, assignment: PhoneNumberAssignment) -> None:
    _row_close(row, RowState.APPLIED, assignment_status=assignment.assignment_status)


def _row_close(row: NumberUploadRow, state: str, *, reason: str = "", assignment_status: str = "") -> None:
    row.state, row.reason, row.assignment_status = state, reason, assignment_status
    row.save(update_fields=["state", "reason", "assignment_status"])


def _upload_finish(upload: NumberUpload) -> NumberUpload:
    """The report and the audit entry of an upload whose every row is closed, as an upload applied at once
    writes them."""
    rows = list(upload.rows.order_by("line"))
    report = [
        {
            "line": row.line,
            "phone_number": row.phone_number,
            "campaign": row.campaign_text,
            "outcome": row.state,
            "reason": row.reason,
            "assignment_status": row.assignment_status,
        }
        for row in rows
    ]
    applied = sum(row.state == APPLIED for row in rows)
    with audited(
        user=upload.uploaded_by,
        action="number_upload.apply",
        target=upload,
        summary={"filename": upload.filename},
    ) as audit:
        upload.rows_applied, upload.rows_failed, upload.report = applied, len(rows) - applied, report
        upload.status = UploadStatus.FINISHED
        upload.save(update_fields=["rows_applied", "rows_failed", "report", "status"])
        number_upload_notice(upload)
        audit.summary.update(rows=upload.rows_total, applied=upload.rows_applied, failed=upload.rows_failed)
    return upload
