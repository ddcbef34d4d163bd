"""Coalescing: events about one record in the window share one read, a campaign's many number events read its
list of numbers, and each event still ends with its own state and its own changes on the timeline.

The reads are counted in the sandbox's request log (``GET /sandbox/requests``), the API as it served them.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tendlc.models import PhoneNumberAssignment, StatusChange, WebhookEvent, WebhookEventState
from tendlc.services.webhook_coalescing import webhook_events_claim
from tendlc.services.webhooks import webhook_event_store
from tendlc.tasks.webhooks import enqueue_webhook_event, process_webhook_event
from tests.waiting import wait_for
from tests.webhooks.conftest import all_processed, encode, envelope

NUMBERS_PATH = "/v2/10dlc/phone_number_campaigns"


@pytest.fixture
def coalescing_on(portal_settings):
    portal_settings.WEBHOOK_COALESCE_SECONDS = 0.5
    return portal_settings


def seeded_numbers(control, api, count: int) -> tuple[str, list[str]]:
    """A provisioned campaign of the sandbox with ``count`` numbers: its id and its numbers."""
    control.post("/seed", {"brands": 1, "campaignsPerBrand": 1, "numbersPerCampaign": count})
    records = api.get("/10dlc/phone_number_campaigns?recordsPerPage=500&page=1").json["records"]
    return records[0]["campaignId"], sorted(record["phoneNumber"] for record in records)


def number_event(campaign_id: str, phone_number: str) -> WebhookEvent:
    payload = {
        "campaignId": campaign_id,
        "phoneNumber": phone_number,
        "type": "ASSIGNMENT",
        "status": "success",
    }
    document = envelope({**payload, "reasons": []}, event_type="10dlc.phone_number.update")
    event, _ = webhook_event_store(body=encode(document).decode(), document=document)
    return event


def reads(control, **query: str) -> list[tuple[str, str]]:
    records = control.get("/requests", query_string={"method": "GET", **query}).json["records"]
    return [(record["path"], record["query"]) for record in records]


def number_reads(control) -> list[str]:
    return [path for path, _ in reads(control, path=NUMBERS_PATH + "/")]


def list_reads(control) -> list[str]:
    return [query for path, query in reads(control, path=NUMBERS_PATH) if path == NUMBERS_PATH]


def statements(queries: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in queries.captured_queries if "SAVEPOINT" not in query["sql"]]


def states(events: list[WebhookEvent]) -> list[tuple[str, int]]:
    return [
        (e.state, e.attempts)
        for e in WebhookEvent.objects.filter(pk__in=[e.pk for e in events]).order_by("id")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("window", "expected_reads"), [(0.5, 1), (0, 2)])
def test_two_events_for_one_number_in_the_window_make_one_read(
    sandbox_control, sandbox_api, portal_settings, window: float, expected_reads: int
):
    portal_settings.WEBHOOK_COALESCE_SECONDS = window
    campaign_id, numbers = seeded_numbers(sandbox_control, sandbox_api, 1)
    events = [number_event(campaign_id, numbers[0]), number_event(campaign_id, numbers[0])]
    sandbox_control.delete("/requests")

    results = [process_webhook_event.apply(args=(event.pk,)).get() for event in events]

    assert number_reads(sandbox_control) == [f"{NUMBERS_PATH}/{numbers[0]}"] * expected_reads
    assert results == (["processed", "skipped"] if window else ["processed", "processed"])
    assert states(events) == [(WebhookEventState.PROCESSED, 1)] * 2
    assert PhoneNumberAssignment.objects.get().campaign.campaign_id == campaign_id


@pytest.mark.django_db
def test_a_change_found_by_a_shared_read_is_caused_by_the_latest_event_about_its_record(
    sandbox_control, sandbox_api, coalescing_on
):
    campaign_id, numbers = seeded_numbers(sandbox_control, sandbox_api, 4)
    mirrored = [number_event(campaign_id, number) for number in numbers]
    process_webhook_event.apply(args=(mirrored[0].pk,))
    PhoneNumberAssignment.objects.filter(phone_number__in=numbers[:2]).update(assignment_status="PENDING")
    first, *others = [number_event(campaign_id, number) for number in [numbers[0], *numbers]]

    process_webhook_event.apply(args=(first.pk,))

    changes = StatusChange.objects.order_by("record_id")
    assert [(c.record_id, c.old_value, c.new_value, c.webhook_event_id) for c in changes] == [
        (numbers[0], "PENDING", "ASSIGNED", others[0].pk),
        (numbers[1], "PENDING", "ASSIGNED", others[1].pk),
    ]
    assert states([first, *others]) == [(WebhookEventState.PROCESSED, 1)] * 5
    assert PhoneNumberAssignment.objects.count() == 4


@pytest.mark.django_db
def test_a_number_the_list_does_not_show_is_read_on_its_own(sandbox_control, sandbox_api, coalescing_on):
    campaign_id, numbers = seeded_numbers(sandbox_control, sandbox_api, 3)
    removed = "+12009990000"
    events = [number_event(campaign_id, number) for number in [*numbers, removed]]
    sandbox_control.delete("/requests")

    process_webhook_event.apply(args=(events[0].pk,))

    assert list_reads(sandbox_control) == [f"filter%5Btelnyx_campaign_id%5D={campaign_id}&recordsPerPage=500"]
    assert number_reads(sandbox_control) == [f"{NUMBERS_PATH}/{removed}"]
    assert states(events) == [(WebhookEventState.PROCESSED, 1)] * 4
    assert sorted(PhoneNumberAssignment.objects.values_list("phone_number", flat=True)) == numbers


@pytest.mark.django_db
def test_an_event_another_worker_holds_is_left_to_it_and_taken_again_once_failed(
    sandbox_control, sandbox_api, coalescing_on
):
    campaign_id, numbers = seeded_numbers(sandbox_control, sandbox_api, 2)
    mine, covered = number_event(campaign_id, numbers[0]), number_event(campaign_id, numbers[1])
    elsewhere = number_event("4b300000-0000-0000-0000-00000000000b", numbers[1])

    assert [event.pk for event in webhook_events_claim(event=mine)] == [mine.pk, covered.pk]
    assert webhook_events_claim(event=covered) == []
    WebhookEvent.objects.filter(pk=covered.pk).update(state=WebhookEventState.FAILED)
    assert [(e.pk, e.attempts) for e in webhook_events_claim(event=covered)] == [(covered.pk, 2)]
    assert [event.pk for event in webhook_events_claim(event=elsewhere)] == [elsewhere.pk]


@pytest.mark.django_db
def test_a_shared_read_costs_a_few_queries_per_event(sandbox_control, sandbox_api, coalescing_on):
    campaign_id, numbers = seeded_numbers(sandbox_control, sandbox_api, 40)
    process_webhook_event.apply(args=(number_event(campaign_id, numbers[0]).pk,))
    alone = number_event(campaign_id, numbers[0])
    with CaptureQueriesContext(connection) as one:
        process_webhook_event.apply(args=(alone.pk,))
    burst = [number_event(campaign_id, number) for number in numbers]
    with CaptureQueriesContext(connection) as many:
        process_webhook_event.apply(args=(burst[0].pk,))

    # One event: its read, its claim (lock and stamp), its campaign looked up, its number's row locked for
    # the write (nothing changed: no write), and its state.
    # Savepoints are the test's transaction's: in production each atomic block is its own transaction.
    assert len(statements(one)) == 6
    # Forty events, the same once for them all: the task's read, the claim (lock and stamp), the campaign
    # looked up, the numbers' rows locked, one upsert of the 39 rows new to the portal, and the states.
    assert len(statements(many)) == 7


@pytest.mark.django_db(transaction=True)
def test_a_campaigns_500_number_events_are_read_by_pages_of_its_list(
    sandbox_control, sandbox_api, coalescing_on, webhook_worker
):
    campaign_id, numbers = seeded_numbers(sandbox_control, sandbox_api, 500)
    events = [number_event(campaign_id, number) for number in numbers]
    sandbox_control.delete("/requests")

    for event in events:
        enqueue_webhook_event(event.pk)
    wait_for(all_processed(500))

    assert list_reads(sandbox_control) == [f"filter%5Btelnyx_campaign_id%5D={campaign_id}&recordsPerPage=500"]
    assert number_reads(sandbox_control) == []
    assert set(states(events)) == {(WebhookEventState.PROCESSED, 1)}
    assert PhoneNumberAssignment.objects.count() == 500
