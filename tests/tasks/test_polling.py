"""The polling tasks: run in process through Celery's tracer (``apply``), and through a real worker on the
configured broker (the filesystem queue here, Redis in CI) for retries and repeated delivery. The worker runs in
a thread of this process and consumes a queue of its own, so a ``make run`` worker cannot take its messages."""

import uuid
from collections.abc import Iterator

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_retry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.celery import app as portal_app
from tendlc.client import InternalServerError, RateLimitError
from tendlc.client.retries import retry_countdown
from tendlc.models import AssignmentTask, PhoneNumberAssignment
from tendlc.services.assignments import assignment_task_start
from tendlc.services.carriers import carriers_refresh_batches
from tendlc.services.otp import sms_otp_trigger
from tendlc.tasks import polling
from tendlc.tasks.polling import (
    MAX_RETRIES,
    RETRY_BACKOFF,
    RETRY_BACKOFF_MAX,
    poll_assignment_task,
    poll_assignment_tasks,
    poll_sms_otp,
    poll_sms_otps,
    poll_vettings,
    refresh_campaign,
    refresh_campaigns_in_review,
    refresh_carriers,
    refresh_carriers_batch,
)
from tests.factories import BrandFactory, CampaignFactory
from tests.fixtures.brands import mirror_brand
from tests.fixtures.campaigns import campaign_fields, mirror_campaign
from tests.fixtures.polling import writes
from tests.sandbox.factories import insert_brand, insert_campaign

PROFILE = "mp-uptown-store"
PROFILE_NUMBERS = ["+13125550201", "+13125550202", "+13125550000"]  # the last one fails: not in the account


def error_name(error: BaseException) -> str:
    """The class name of a task's error. The client's errors do not survive pickling (keyword-only
    constructors), so Celery hands them on wrapped, under their class name."""
    return getattr(error, "exc_cls_name", type(error).__name__)


def rate_limited(retry_after: float | None) -> RateLimitError:
    return RateLimitError(
        "Too many requests",
        retry_after=retry_after,
        method="GET",
        path="/10dlc/brand",
        status=429,
        request_id=None,
        body=None,
    )


def server_error() -> InternalServerError:
    return InternalServerError(
        "Bad gateway", method="GET", path="/10dlc/brand", status=502, request_id=None, body=None
    )


def polling_countdown(error: BaseException, retries: int) -> float:
    return retry_countdown(error, retries, base=RETRY_BACKOFF, cap=RETRY_BACKOFF_MAX)


@pytest.mark.parametrize(
    ("retries", "shortest", "longest"),
    [(0, 0.5, 1), (1, 1, 2), (2, 2, 4), (4, 8, 16), (5, 16, 32), (6, 30, 60), (10, 30, 60)],
)
@pytest.mark.parametrize("make_error", [server_error, lambda: rate_limited(None)])
def test_the_wait_doubles_with_each_retry_up_to_a_minute(retries, shortest, longest, make_error):
    waits = [polling_countdown(make_error(), retries) for _ in range(50)]

    assert all(shortest <= wait <= longest for wait in waits)
    assert len(set(waits)) > 1  # jittered


def test_a_rate_limit_is_never_retried_sooner_than_its_retry_after():
    assert polling_countdown(rate_limited(30.0), 0) == 30.0
    assert (
        8 <= polling_countdown(rate_limited(0.5), 4) <= 16
    )  # a shorter Retry-After does not shorten the backoff


@pytest.mark.parametrize(
    ("task", "soft", "hard", "keeps_result"),
    [
        (poll_sms_otps, 45, 55, False),
        (poll_vettings, 45, 55, False),
        (poll_assignment_tasks, 45, 55, False),
        (refresh_campaigns_in_review, 480, 540, False),
        (refresh_carriers, 45, 55, True),
        (refresh_carriers_batch, 480, 540, True),
        (poll_sms_otp, 45, 55, True),
        (poll_assignment_task, 45, 55, True),
        (refresh_campaign, 45, 55, True),
    ],
)
def test_each_task_acks_late_within_time_limits(task, soft, hard, keeps_result):
    assert (task.acks_late, task.soft_time_limit, task.time_limit, task.max_retries) == (
        True,
        soft,
        hard,
        MAX_RETRIES,
    )
    assert task.ignore_result is not keeps_result


@pytest.mark.django_db
@pytest.mark.parametrize("poll", [poll_sms_otps, poll_vettings])
def test_polling_with_none_pending_costs_one_query_and_no_request(
    poll, portal_api, faults, django_assert_num_queries
):
    faults.add(status=503, count=1, pathPattern=".*")  # any request would be counted here

    with django_assert_num_queries(1):
        result = poll.apply()

    assert (result.status, result.result) == ("SUCCESS", 0)
    assert faults.fired() == [0]


@pytest.fixture
def retries() -> Iterator[list[str]]:
    """The error behind every retry Celery reports (its ``task_retry`` signal), in order."""
    seen: list[str] = []

    def record(request, reason, **kwargs) -> None:
        seen.append(error_name(reason.exc))

    task_retry.connect(record, weak=False)
    yield seen
    task_retry.disconnect(record)


@pytest.mark.django_db
def test_the_scheduled_polls_run_their_services(
    portal_api,
    tendlc_client,
    dlc,
    advance,
    make_brand,
    make_sole_proprietor,
    make_seeded_campaign,
    set_profile_numbers,
):
    verification = sms_otp_trigger(
        brand=make_sole_proprietor(), pin_sms="Code @OTP_PIN@", success_sms="Done", client=tendlc_client
    )
    set_profile_numbers(PROFILE, PROFILE_NUMBERS)
    task = assignment_task_start(
        messaging_profile_id=PROFILE, campaign=make_seeded_campaign(), client=tendlc_client
    )
    brand = mirror_brand(dlc.brand.retrieve(make_brand().brand_id).raw)
    campaign_id = dlc.campaign_builder.submit(**campaign_fields(brand.brand_id)).campaign_id
    campaign = mirror_campaign(dlc.campaign.retrieve(campaign_id).raw)
    advance(10)

    assert poll_sms_otps.apply().result == 1
    assert poll_assignment_tasks.apply().result == 1
    assert refresh_campaigns_in_review.apply().result == 1

    verification.refresh_from_db()
    task.refresh_from_db()
    campaign.refresh_from_db()
    assert verification.delivery_status == "DELIVERED_HANDSET"
    assert (task.status, task.numbers.count(), PhoneNumberAssignment.objects.count()) == ("completed", 3, 3)
    assert (campaign.campaign_status, campaign.mno_statuses.count()) == ("TCR_ACCEPTED", 5)


@pytest.mark.django_db
def test_a_server_error_is_retried_until_the_poll_succeeds(
    portal_api, make_sole_proprietor, tendlc_client, faults, retries
):
    verification = sms_otp_trigger(
        brand=make_sole_proprietor(), pin_sms="Code @OTP_PIN@", success_sms="Done", client=tendlc_client
    )
    # Each run of the task: a read the client tries three times (no wait: Retry-After 0).
    faults.add(status=500, count=2 * 3, retryAfter=0, pathPattern=r"/smsOtp/OTP")

    result = poll_sms_otp.apply(args=(verification.pk,))

    assert (result.status, result.result) == ("SUCCESS", "PENDING")
    assert retries == ["InternalServerError", "InternalServerError"]


@pytest.mark.django_db
def test_retries_stop_after_the_last_one(portal_api, make_sole_proprietor, tendlc_client, faults, retries):
    verification = sms_otp_trigger(
        brand=make_sole_proprietor(), pin_sms="Code @OTP_PIN@", success_sms="Done", client=tendlc_client
    )
    faults.add(status=500, count=(MAX_RETRIES + 1) * 3, retryAfter=0, pathPattern=r"/smsOtp/OTP")

    result = poll_sms_otp.apply(args=(verification.pk,))

    assert (result.status, error_name(result.result)) == ("FAILURE", "InternalServerError")
    assert retries == ["InternalServerError"] * MAX_RETRIES


@pytest.mark.django_db
def test_an_error_a_retry_would_meet_again_fails_the_task_at_once(
    portal_api, make_sole_proprietor, tendlc_client, retries
):
    verification = sms_otp_trigger(
        brand=make_sole_proprietor(), pin_sms="Code @OTP_PIN@", success_sms="Done", client=tendlc_client
    )
    portal_api.sandbox.config.api_key = (
        "another-key"  # as `runsandbox --api-key`: the portal's key is refused
    )

    result = poll_sms_otp.apply(args=(verification.pk,))

    assert (result.status, error_name(result.result)) == ("FAILURE", "AuthenticationError")
    assert retries == []


@pytest.mark.django_db
def test_on_demand_tasks_answer_none_for_a_row_gone_since_they_were_queued(portal_api):
    assert poll_sms_otp.apply(args=(999_999,)).result is None
    assert poll_assignment_task.apply(args=(999_999,)).result is None
    assert refresh_campaign.apply(args=(999_999,)).result is None


# --- through a real worker --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def polling_worker_queue(django_db_setup) -> Iterator[str]:
    """One worker for this module's tests (starting and stopping one takes seconds), on a queue of its own."""
    queue = f"test-polling-{uuid.uuid4().hex}"
    with start_worker(portal_app, perform_ping_check=False, queues=[queue], shutdown_timeout=30):
        yield queue
    # Redis keeps a queue's bindings after its last consumer is gone; the test's queue goes with the test.
    broker_url = portal_app.conf.broker_url
    if broker_url.startswith("redis://"):
        redis.Redis.from_url(broker_url).delete(
            f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
        )


@pytest.mark.django_db(transaction=True)
def test_a_task_retries_a_server_error_and_a_rate_limit_through_the_broker(
    portal_api, make_sole_proprietor, tendlc_client, advance, faults, polling_worker_queue
):
    brand = make_sole_proprietor()
    verification = sms_otp_trigger(
        brand=brand, pin_sms="Code @OTP_PIN@", success_sms="Done", client=tendlc_client
    )
    advance(2)
    # First a 500 and two 429s asking for a one-second wait (the client's three tries spend them), then the
    # task retries no sooner than asked and meets the last 429 and the answer.
    otp_status = r"/smsOtp/OTP"
    faults.add(status=500, count=1, pathPattern=otp_status)
    faults.add(status=429, retryAfter=1, count=3, pathPattern=otp_status)

    result = poll_sms_otp.apply_async((verification.pk,), queue=polling_worker_queue)

    assert result.get(timeout=60) == "DELIVERED_HANDSET"
    assert faults.fired() == [1, 3]
    verification.refresh_from_db()
    assert verification.delivery_status == "DELIVERED_HANDSET"


@pytest.mark.django_db(transaction=True)
def test_a_task_delivered_twice_leaves_the_rows_of_one_delivery(
    portal_api, make_seeded_campaign, set_profile_numbers, tendlc_client, advance, polling_worker_queue
):
    set_profile_numbers(PROFILE, PROFILE_NUMBERS)
    task = assignment_task_start(
        messaging_profile_id=PROFILE, campaign=make_seeded_campaign(), client=tendlc_client
    )
    advance(6)

    first = poll_assignment_task.apply_async((task.pk,), queue=polling_worker_queue).get(timeout=30)
    numbers = list(task.numbers.order_by("phone_number").values())
    assignments = list(PhoneNumberAssignment.objects.order_by("phone_number").values())
    second = poll_assignment_task.apply_async((task.pk,), queue=polling_worker_queue).get(timeout=30)

    assert first == {
        "status": "completed",
        "numbers_written": 3,
        "assignments_written": 3,
        "assignments_read_by": "N1",
    }
    assert second == {
        "status": "completed",
        "numbers_written": 0,
        "assignments_written": 0,
        "assignments_read_by": "",
    }
    assert list(task.numbers.order_by("phone_number").values()) == numbers
    assert list(PhoneNumberAssignment.objects.order_by("phone_number").values()) == assignments
    assert [row["assignment_status"] for row in assignments] == ["FAILED_ASSIGNMENT", "ASSIGNED", "ASSIGNED"]
    assert AssignmentTask.objects.get(pk=task.pk).status == "completed"


@pytest.mark.django_db
def test_a_repeated_scheduled_poll_writes_nothing(
    portal_api, make_seeded_campaign, set_profile_numbers, tendlc_client, advance
):
    set_profile_numbers(PROFILE, PROFILE_NUMBERS)
    task = assignment_task_start(
        messaging_profile_id=PROFILE, campaign=make_seeded_campaign(), client=tendlc_client
    )
    advance(6)
    poll_assignment_task.apply(args=(task.pk,))

    with CaptureQueriesContext(connection) as queries:
        assert poll_assignment_task.apply(args=(task.pk,)).result["numbers_written"] == 0

    assert writes(queries.captured_queries) == []


@pytest.mark.django_db
def test_the_daily_carrier_refresh_runs_a_task_per_batch_that_keeps_its_counts_and_failures(
    portal_api, sandbox, settings, monkeypatch
):
    # Rate 0: no cap of our own, so the test does not reach for the broker's Redis to share one.
    settings.TENDLC_API_RATE_LIMIT = 0
    remote_brand = insert_brand(sandbox)
    doc = insert_campaign(sandbox, remote_brand, campaignStatus="MNO_PROVISIONED")
    brand = BrandFactory(brand_id=remote_brand["brandId"])
    CampaignFactory(campaign_id=doc["campaignId"], brand=brand, campaign_status="MNO_PROVISIONED")
    CampaignFactory(campaign_id="4b300000-0000-0000-0000-00000000dead", campaign_status="MNO_PROVISIONED")
    monkeypatch.setattr(polling, "carriers_refresh_batches", lambda: carriers_refresh_batches(batch_size=1))
    results = []
    monkeypatch.setattr(
        refresh_carriers_batch,
        "delay",
        lambda pks: results.append(refresh_carriers_batch.apply(args=[pks]).result),
    )

    assert refresh_carriers.apply().result == 2

    assert [result["refreshed"] for result in results] == [1, 0]
    assert [list(result["failures"]) for result in results] == [[], ["4b300000-0000-0000-0000-00000000dead"]]
