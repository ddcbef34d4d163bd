"""Webhooks from the sandbox's campaign lifecycle, processed by a real worker, write the campaign's timeline:
each status change once, caused by the event whose processing found it, nothing for the first storing."""

import itertools

import pytest

from tendlc.models import StatusChange, WebhookEvent
from tests.sandbox.campaign_payloads import PROVISION_SECONDS, submit
from tests.waiting import wait_for
from tests.webhooks.conftest import URL, all_processed

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_campaigns_review_by_webhooks_is_on_its_timeline(
    sandbox_api, sandbox_control, acme_brand, portal_server, webhook_worker
):
    campaign_id = submit(
        sandbox_api, acme_brand, webhookURL=portal_server.url + URL, webhookFailoverURL=None
    )["campaignId"]

    sandbox_control.post("/clock/advance", {"seconds": 2})
    wait_for(all_processed(1))
    assert not StatusChange.objects.exists()
    sandbox_control.post("/clock/advance", {"seconds": PROVISION_SECONDS})
    wait_for(all_processed(5))

    changes = StatusChange.objects.filter(subject="campaign", field="campaign_status").order_by(
        "changed_at", "id"
    )
    path = [(change.old_value, change.new_value) for change in changes]
    assert path[0][0] == "TCR_ACCEPTED"
    assert path[-1][1] == "MNO_PROVISIONED"
    assert all(earlier[1] == later[0] for earlier, later in itertools.pairwise(path))
    events = set(WebhookEvent.objects.values_list("pk", flat=True))
    assert {(change.cause, change.webhook_event_id in events) for change in changes} == {
        ("webhook_event", True)
    }
    assert {(change.record_id, change.campaign_id) for change in changes} == {(campaign_id, campaign_id)}
