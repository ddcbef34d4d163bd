"""A signed event whose ``occurred_at`` is out of any sensible range is kept with no time, and stored in UTC
otherwise; the event lists (admin and API) never answer 500 for it; an event whose stored row cannot be read
is given up, not published by the sweep forever; and the data migration clears such times already stored."""

import importlib
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.db import connection
from rest_framework.test import APIClient

from tendlc.models import WebhookEvent, WebhookEventState
from tendlc.services.webhooks import webhook_events_due
from tendlc.tasks.webhooks import process_webhook_event
from tests.webhooks.conftest import encode, envelope

pytestmark = pytest.mark.django_db

REVIEW = {"campaignId": "4b300178-131c-d902-d54e-72d90ba1620a", "type": "MNO_REVIEW", "status": "ACCEPTED"}
# Stored as they were sent, these were years 0 and 10000 in UTC: kept by PostgreSQL, unreadable by Python.
UNREADABLE_ON_POSTGRESQL = "0001-01-01 00:00:00+14"
migration = importlib.import_module("tendlc.migrations.0014_webhook_occurred_at_in_range")


@pytest.fixture
def events_api(admin_user) -> APIClient:
    api = APIClient()
    api.force_authenticate(admin_user)
    return api


@pytest.mark.parametrize(
    ("occurred_at", "stored"),
    [
        ("0001-01-01T00:00:00+14:00", None),
        ("9999-12-31T23:59:59-14:00", None),
        ("1999-12-31T23:59:59+00:00", None),
        ("2100-01-01T00:00:00Z", None),
        ("2026-09-21T10:00:00-22:00", datetime(2026, 9, 22, 8, tzinfo=UTC)),
        ("2026-09-21T10:00:00.000+14:00", datetime(2026, 9, 20, 20, tzinfo=UTC)),
    ],
)
def test_an_event_is_kept_with_its_time_in_utc_or_none_when_out_of_range(
    post_webhook, admin_client, events_api, occurred_at, stored
):
    body = encode(envelope(REVIEW, occurred_at=occurred_at))

    response = post_webhook(body)

    event = WebhookEvent.objects.get()
    assert (response.status_code, event.occurred_at, event.body) == (202, stored, body.decode())
    assert admin_client.get("/admin/tendlc/webhookevent/").status_code == 200
    assert admin_client.get(f"/admin/tendlc/webhookevent/{event.pk}/change/").status_code == 200
    listed = events_api.get("/api/v1/webhook-events/")
    assert (listed.status_code, [e["id"] for e in listed.json()["results"]]) == (200, [event.pk])
    ordered = events_api.get("/api/v1/webhook-events/", {"ordering": "occurred_at"})
    assert ordered.status_code == 200


def stored_with_time(text: str) -> WebhookEvent:
    """An event row whose occurred_at is written as ``text`` by SQL, as no intake of the portal writes it now."""
    event = WebhookEvent.objects.create(
        body="{}", body_hash="h" * 64, payload={}, event_type="10dlc.campaign.update"
    )
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tendlc_webhookevent SET occurred_at = %s WHERE id = %s", [text, event.pk])
    return event


@pytest.fixture
def unreadable_event() -> WebhookEvent:
    text = UNREADABLE_ON_POSTGRESQL if connection.vendor == "postgresql" else "0000-12-31 10:00:00"
    return stored_with_time(text)


def test_an_event_whose_row_cannot_be_read_is_given_up_not_swept_forever(unreadable_event, portal_settings):
    result = process_webhook_event.apply(args=(unreadable_event.pk,))

    assert result.get() == "given up"
    state, error, attempts, next_attempt_at = WebhookEvent.objects.filter(pk=unreadable_event.pk).values_list(
        "state", "error", "attempts", "next_attempt_at"
    )[0]
    assert (state, attempts, next_attempt_at) == (WebhookEventState.FAILED, 1, None)
    assert error.startswith("Not retried: the stored event cannot be read (")
    assert error.endswith("); the server log has the details.")
    assert list(webhook_events_due(now=datetime(2100, 1, 1, tzinfo=UTC), limit=10)) == []


def test_the_data_migration_clears_times_out_of_range_and_the_lists_answer(
    unreadable_event, admin_client, events_api
):
    kept = WebhookEvent.objects.create(
        body="{}", body_hash="k" * 64, payload={}, occurred_at=datetime(2026, 9, 21, 10, tzinfo=UTC)
    )

    migration.occurred_at_out_of_range_cleared(apps, None)

    assert dict(WebhookEvent.objects.values_list("pk", "occurred_at")) == {
        unreadable_event.pk: None,
        kept.pk: datetime(2026, 9, 21, 10, tzinfo=UTC),
    }
    assert admin_client.get("/admin/tendlc/webhookevent/").status_code == 200
    assert events_api.get("/api/v1/webhook-events/").status_code == 200
