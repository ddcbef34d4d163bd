"""A carrier's rejection, forced in the sandbox and taken in as a signed webhook, reaches each subscriber once by
e-mail and each chat channel once, with the carrier and its reason: a duplicate delivery of the webhook and a
replay of the stored event tell nobody again."""

import pytest
from django.core import mail

from tendlc.models import (
    CampaignMnoStatus,
    ChatChannel,
    Delivery,
    DeliveryState,
    Notification,
    NotificationKind,
    WebhookEvent,
)
from tendlc.services.webhooks import webhook_event_replay
from tests.fixtures.notifications import person, subscribe
from tests.webhooks.conftest import URL, encode, signed_headers
from tests.webhooks.test_event_kinds import Estate, work

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_notifications")]

T_MOBILE = "10035"
REASON = "Rejected through the sandbox control plane."


@pytest.fixture
def notified_estate(sandbox, sandbox_api, sandbox_control, portal_settings, client) -> Estate:
    """A provisioned campaign the portal holds, carriers included, before any subscription exists."""
    estate = Estate(sandbox, sandbox_api, sandbox_control, client)
    estate.provisioned()
    estate.settle()
    return estate


def test_a_carrier_rejection_by_webhook_is_told_once_despite_a_duplicate_and_a_replay(
    notified_estate, chat_channels, chat_receiver, django_capture_on_commit_callbacks, tendlc_client, settings
):
    settings.PORTAL_PUBLIC_URL = "https://portal.example.com"
    estate = notified_estate
    ChatChannel.objects.update(kinds=[NotificationKind.CAMPAIGN_REJECTED])
    subscribe(person("ada"), NotificationKind.CAMPAIGN_REJECTED)
    subscribe(person("bob"), NotificationKind.CARRIER_SUSPENDED)

    estate.carrier("REJECTED")
    [(_, data)] = estate.deliveries()
    event = estate.take_in(data)
    with django_capture_on_commit_callbacks(execute=True):
        work(event)
    # Telnyx delivers the same event again, then an admin replays it.
    body = encode({"data": data, "meta": {"attempt": 2, "delivered_to": "http://testserver" + URL}})
    again = estate.client.post(
        URL, data=body, content_type="application/json", headers=signed_headers(estate.sandbox.webhooks, body)
    )
    CampaignMnoStatus.objects.filter(mno="T-Mobile").update(operation_status="APPROVED")
    with django_capture_on_commit_callbacks(execute=True):
        webhook_event_replay(event=WebhookEvent.objects.get(pk=event.pk), client=tendlc_client)

    assert again.status_code == 200
    assert WebhookEvent.objects.filter(event_id=data["id"]).count() == 1
    notification = Notification.objects.get()
    assert (notification.recipient.username, notification.kind) == ("ada", "campaign_rejected")
    campaign_id = estate.ids["campaign"]
    assert notification.title == f"Campaign {campaign_id} rejected by T-Mobile"
    assert "Carrier: T-Mobile" in notification.body
    assert REASON in notification.body
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]
    assert mail.outbox[0].subject == f"[10DLC] Campaign {campaign_id} rejected by T-Mobile"
    assert f"/admin/tendlc/campaign/{notification.target_id}/change/#panel-timeline" in mail.outbox[0].body
    assert sorted(request.path for request in chat_receiver.received) == ["/json", "/slack", "/teams"]
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
