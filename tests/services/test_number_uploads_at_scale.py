"""A 10,000-row upload (the most a file may hold) sent in the background, stopped twice part-way: by an answer
lost after the API applied the row, and by the worker dying. Every row is applied exactly once.

The fast path: the sandbox stores every assignment on disk (tens of ms each), so 10,000 requests would take
minutes. The API here is an in-memory stand-in for the phone-number resource, answering the record the live
sandbox answered for the first number; ``test_number_uploads`` runs the same resumption against the sandbox
with its injected faults."""

import time
from collections import Counter
from typing import Any

import pytest

from tendlc.client import APITimeoutError, NotFoundError
from tendlc.client.phone_numbers import PhoneNumberCampaign
from tendlc.models import AuditEntry, UploadStatus
from tendlc.models.number_upload_rows import RowState
from tendlc.services import number_uploads
from tendlc.services.number_input import MAX_UPLOAD_ROWS
from tendlc.services.number_uploads import number_upload_preview, number_upload_send

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PATH = "/10dlc/phone_number_campaigns"


class WorkerDied(Exception):
    pass


class AssigningApi:
    """The phone-number resource in memory: what each number is on, and how often each was sent."""

    def __init__(self, template: dict[str, Any], lose_answer_at: int) -> None:
        self.template = template
        self.on: dict[str, str] = {}
        self.requests: Counter[str] = Counter()
        self.lose_answer_at = lose_answer_at

    def _record(self, phone_number: str) -> PhoneNumberCampaign:
        return PhoneNumberCampaign(
            {**self.template, "phoneNumber": phone_number, "campaignId": self.on[phone_number]}
        )

    def create(self, *, campaign_id: str, phone_number: str) -> PhoneNumberCampaign:
        self.requests[phone_number] += 1
        self.on[phone_number] = campaign_id
        if sum(self.requests.values()) == self.lose_answer_at:
            # Applied, and the answer lost on its way back: the dangerous case for sending twice.
            raise APITimeoutError("read timed out", method="POST", path=PATH, reached_server=True)
        return self._record(phone_number)

    def retrieve(self, phone_number: str) -> PhoneNumberCampaign:
        if phone_number not in self.on:
            raise NotFoundError(
                "not found", method="GET", path=f"{PATH}/{phone_number}", status=404, request_id=None, body={}
            )
        return self._record(phone_number)


class StandInClient:
    def __init__(self, api: AssigningApi) -> None:
        self.messaging_10dlc = type("Dlc", (), {"phone_number_campaigns": api})()

    def pace(self, pacer: Any) -> None:
        pass


def test_ten_thousand_rows_stopped_twice_are_each_applied_once(
    make_seeded_campaign, staff_user, dlc, monkeypatch
):
    ours = make_seeded_campaign()
    ours.is_t_mobile_number_pooling_enabled = True  # no 49-number limit for a pooled campaign
    ours.save(update_fields=["is_t_mobile_number_pooling_enabled"])
    template = dlc.phone_number_campaigns.create(
        campaign_id=ours.campaign_id, phone_number="+13125550199"
    ).raw
    numbers = [f"+1202555{n:04d}" for n in range(MAX_UPLOAD_ROWS)]
    data = ("phone_number,campaign\n" + "".join(f"{n},{ours.campaign_id}\n" for n in numbers)).encode()
    api = AssigningApi(template, lose_answer_at=2_500)
    client = StandInClient(api)
    applied = number_uploads._row_applied
    calls = Counter[str]()

    def dies_at_the_seven_thousandth(row, assignment):
        calls["applied"] += 1
        if calls["applied"] == 7_000:
            raise WorkerDied
        applied(row, assignment)

    monkeypatch.setattr(number_uploads, "_row_applied", dies_at_the_seven_thousandth)
    started = time.monotonic()
    upload = number_upload_preview(filename="big.csv", data=data, user=staff_user)
    assert upload.rows.filter(state=RowState.PLANNED).count() == MAX_UPLOAD_ROWS

    with pytest.raises(APITimeoutError):
        number_upload_send(upload=upload, client=client)
    assert upload.rows.get(state=RowState.SENDING).number == numbers[2_499]
    with pytest.raises(WorkerDied):
        number_upload_send(upload=upload, client=client)
    finished = number_upload_send(upload=upload, client=client)
    elapsed = time.monotonic() - started

    assert api.requests == Counter(dict.fromkeys(numbers, 1))
    assert (finished.status, finished.rows_total, finished.rows_applied, finished.rows_failed) == (
        UploadStatus.FINISHED,
        MAX_UPLOAD_ROWS,
        MAX_UPLOAD_ROWS,
        0,
    )
    assert len(finished.report) == MAX_UPLOAD_ROWS
    assert AuditEntry.objects.filter(action="number_upload.apply").count() == 1
    print(f"10,000 rows previewed and sent, stopped twice, in {elapsed:.1f} s")
