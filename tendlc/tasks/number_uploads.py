"""Sending a confirmed number upload: one service call. ``acks_late``, so a worker killed part-way has the
message delivered again and the service resumes where the rows' stored states say it stopped."""

from typing import Any

from celery import Task, shared_task

from tendlc.models import NumberUpload
from tendlc.services.number_uploads import number_upload_send
from tendlc.tasks.polling import COMMON, TaskOptions, run_with_client

HOURS = 3600
# 10,000 rows at the API's pace take long; the limit only ends a send that hangs.
SENDING: TaskOptions = {**COMMON, "soft_time_limit": 6 * HOURS, "time_limit": 6 * HOURS + 60}


@shared_task(name="tendlc.send_number_upload", **SENDING)
def send_number_upload(self: Task[Any, int | None], upload_pk: int) -> int | None:
    """Send the upload's rows not yet sent; answer how many were applied (None when the upload is gone)."""
    upload = NumberUpload.objects.select_related("uploaded_by").filter(pk=upload_pk).first()
    if upload is None:
        return None
    run_with_client(self, lambda client: number_upload_send(upload=upload, client=client))
    return upload.rows_applied
