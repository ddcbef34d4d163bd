"""Scheduled polls (SMS OTPs, external vettings, assignment tasks, campaigns in review, carriers) and their on-demand siblings for the admin:
thin wrappers, one service call each, with a client built for the run and closed after it.

A transient API error is retried with the polls' base and cap (``tendlc.client.retries`` owns the policy); any
other error fails the task at once.

Every task is ``acks_late`` and idempotent: a poll reads the remote state and writes only what differs, so a
message redelivered after a worker died writes what the first delivery would have. Time limits stay under the
schedule's interval so that a stuck poll ends before the next one starts. Scheduled tasks keep no result (one
row a minute that no one reads); the on-demand ones keep theirs for the admin to show.
"""

import dataclasses
from collections.abc import Callable
from typing import Any, Literal, Required, TypedDict, TypeVar

from celery import Task, shared_task

from tendlc.client import TRANSIENT_ERRORS, TenDLCClient
from tendlc.client.retries import retry_countdown
from tendlc.conf import api_client
from tendlc.models import AssignmentTask, Campaign, ChangeCause, SmsOtpVerification
from tendlc.services.assignments import assignment_task_poll, assignment_tasks_poll_open
from tendlc.services.campaigns import campaign_refresh, campaigns_refresh_in_review
from tendlc.services.carriers import carriers_refresh, carriers_refresh_batches
from tendlc.services.otp import sms_otp_poll, sms_otps_poll_pending
from tendlc.services.timeline import status_change_cause
from tendlc.services.vettings import vettings_poll_pending

T = TypeVar("T")

RETRY_BACKOFF = 1.0  # seconds before the first retry (at most); doubled for each one after
RETRY_BACKOFF_MAX = 60.0
MAX_RETRIES = 5


class TaskOptions(TypedDict, total=False):
    """The options these tasks share, typed so that ``shared_task(**options)`` is checked against Celery's."""

    bind: Required[Literal[True]]
    acks_late: bool
    max_retries: int
    ignore_result: bool
    soft_time_limit: int
    time_limit: int


COMMON: TaskOptions = {"bind": True, "acks_late": True, "max_retries": MAX_RETRIES}
EVERY_MINUTE: TaskOptions = {**COMMON, "ignore_result": True, "soft_time_limit": 45, "time_limit": 55}
EVERY_TEN_MINUTES: TaskOptions = {**COMMON, "ignore_result": True, "soft_time_limit": 480, "time_limit": 540}
# A batch of the carriers' refresh keeps its result (how many it refreshed, each failure) for the admin to read.
BATCH: TaskOptions = {**COMMON, "soft_time_limit": 480, "time_limit": 540}
ON_DEMAND: TaskOptions = {**COMMON, "soft_time_limit": 45, "time_limit": 55}


def run_with_client(task: Task[Any, Any], work: Callable[[TenDLCClient], T]) -> T:
    """Run ``work`` with a fresh client; schedule a retry of ``task`` when it fails for a retryable reason."""
    # The task's name says which check found a change, on the records' timelines.
    check = task.name.removeprefix("tendlc.").replace("_", " ")
    try:
        with api_client() as client, status_change_cause(cause=ChangeCause.POLL, detail=check):
            return work(client)
    except TRANSIENT_ERRORS as error:
        countdown = retry_countdown(error, task.request.retries, base=RETRY_BACKOFF, cap=RETRY_BACKOFF_MAX)
        raise task.retry(exc=error, countdown=countdown) from error


@shared_task(name="tendlc.poll_sms_otps", **EVERY_MINUTE)
def poll_sms_otps(self: Task[Any, int]) -> int:
    """Poll every pending SMS OTP; with none pending it costs one query."""
    return run_with_client(self, lambda client: sms_otps_poll_pending(client=client))


@shared_task(name="tendlc.poll_vettings", **EVERY_MINUTE)
def poll_vettings(self: Task[Any, int]) -> int:
    """Poll every brand with an external vetting under way; with none it costs one query."""
    return run_with_client(self, lambda client: vettings_poll_pending(client=client))


@shared_task(name="tendlc.poll_assignment_tasks", **EVERY_MINUTE)
def poll_assignment_tasks(self: Task[Any, int]) -> int:
    """Poll every number assignment task until it is completed or failed."""
    return run_with_client(self, lambda client: assignment_tasks_poll_open(client=client))


@shared_task(name="tendlc.refresh_campaigns_in_review", **EVERY_TEN_MINUTES)
def refresh_campaigns_in_review(self: Task[Any, int]) -> int:
    """Refresh every campaign still in review, with its carriers' status."""
    return run_with_client(self, lambda client: campaigns_refresh_in_review(client=client))


@shared_task(name="tendlc.refresh_carriers", **ON_DEMAND)
def refresh_carriers(self: Task[Any, int]) -> int:
    """Enqueue a batch task for every batch of provisioned campaigns; answer how many batches."""
    batches = carriers_refresh_batches()
    for campaign_pks in batches:
        refresh_carriers_batch.delay(campaign_pks)
    return len(batches)


@shared_task(name="tendlc.refresh_carriers_batch", **BATCH)
def refresh_carriers_batch(self: Task[Any, dict[str, Any]], campaign_pks: list[int]) -> dict[str, Any]:
    """Refresh the carriers of one batch of provisioned campaigns; answer how many were refreshed and each
    failure."""
    run = run_with_client(self, lambda client: carriers_refresh(campaign_pks=campaign_pks, client=client))
    return dataclasses.asdict(run)


@shared_task(name="tendlc.poll_sms_otp", **ON_DEMAND)
def poll_sms_otp(self: Task[Any, str | None], verification_pk: int) -> str | None:
    """Poll one SMS OTP now; answer its delivery status (None when the row is gone)."""
    verification = SmsOtpVerification.objects.select_related("brand").filter(pk=verification_pk).first()
    if verification is None:
        return None
    run_with_client(self, lambda client: sms_otp_poll(verification=verification, client=client))
    return verification.delivery_status


@shared_task(name="tendlc.poll_assignment_task", **ON_DEMAND)
def poll_assignment_task(
    self: Task[Any, dict[str, Any] | None], assignment_task_pk: int
) -> dict[str, Any] | None:
    """Poll one number assignment task now; answer what the poll found (None when the row is gone)."""
    task = AssignmentTask.objects.filter(pk=assignment_task_pk).first()
    if task is None:
        return None
    poll = run_with_client(self, lambda client: assignment_task_poll(task=task, client=client))
    return dataclasses.asdict(poll)


@shared_task(name="tendlc.refresh_campaign", **ON_DEMAND)
def refresh_campaign(self: Task[Any, dict[str, Any] | None], campaign_pk: int) -> dict[str, Any] | None:
    """Refresh one campaign and its carriers' status now (None when the row is gone)."""
    campaign = Campaign.objects.filter(pk=campaign_pk).first()
    if campaign is None:
        return None
    refresh = run_with_client(self, lambda client: campaign_refresh(campaign=campaign, client=client))
    return dataclasses.asdict(refresh)
