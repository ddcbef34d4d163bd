"""The task that sends a confirmed upload: late acknowledgement, a retry after a temporary API failure that
leaves the row for the retry, and the shared rate limit's pace."""

import time

import pytest

from tendlc.models import UploadStatus
from tendlc.services.number_uploads import number_upload_preview
from tendlc.tasks.number_uploads import send_number_upload
from tendlc.tasks.polling import MAX_RETRIES

pytestmark = pytest.mark.django_db

NUMBERS = [f"+1312555{n:04d}" for n in range(400, 406)]


@pytest.fixture
def six_numbers_previewed(our_campaign, staff_user):
    data = "".join(f"{number},{our_campaign.campaign_id}\n" for number in NUMBERS).encode()
    return number_upload_preview(filename="six.csv", data=data, user=staff_user)


def test_the_task_is_acknowledged_once_done_and_retried():
    assert (send_number_upload.acks_late, send_number_upload.max_retries) == (True, MAX_RETRIES)
    assert send_number_upload.soft_time_limit == 6 * 3600


def test_a_temporary_failure_retries_the_task_which_sends_the_row_then(six_numbers_previewed, faults):
    upload = six_numbers_previewed
    # The client's three tries of the first row all meet a 503: the task is retried (at once, run eagerly).
    faults.add(status=503, count=3, pathPattern="/10dlc/phone_number_campaigns$")

    result = send_number_upload.apply(args=(upload.pk,))

    upload.refresh_from_db()
    assert (result.status, result.result, upload.status) == ("SUCCESS", 6, UploadStatus.FINISHED)
    assert faults.fired() == [3]
    # Sent again on the retry, after reading it back: a second create would have been refused as assigned.
    assert [entry["outcome"] for entry in upload.report] == ["applied"] * 6


def test_rows_are_sent_at_the_shared_rate_limit(six_numbers_previewed, settings):
    settings.TENDLC_API_RATE_LIMIT = 5

    started = time.monotonic()
    assert send_number_upload.apply(args=(six_numbers_previewed.pk,)).result == 6

    # Six requests five a second: the last starts a second after the first, at the earliest.
    assert time.monotonic() - started >= 1.0


def test_an_upload_gone_is_nothing_to_send():
    assert send_number_upload.apply(args=(999_999,)).result is None
