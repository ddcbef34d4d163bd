"""The count of events needing review, for the dashboard: those of an unknown kind not yet reviewed."""

import pytest

from tendlc.models import WebhookEvent, WebhookEventState
from tendlc.selectors.webhook_events import webhook_events_needing_review_count

pytestmark = pytest.mark.django_db


def test_only_events_waiting_for_a_person_are_counted():
    for n, state in enumerate(
        [
            WebhookEventState.NEEDS_REVIEW,
            WebhookEventState.NEEDS_REVIEW,
            WebhookEventState.REVIEWED,
            WebhookEventState.PROCESSED,
            WebhookEventState.FAILED,
            WebhookEventState.RECEIVED,
        ]
    ):
        WebhookEvent.objects.create(body_hash=f"{n:064d}", body="{}", state=state)

    assert webhook_events_needing_review_count() == 2
