"""One event, told once to each subscribed user and each chat channel: every kind, duplicates, brand narrowing,
"only what I started", nothing older than a subscription, and a failing channel that holds back nothing else."""

import hashlib
import hmac
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tendlc.models import (
    ChatChannel,
    ChatService,
    Delivery,
    DeliveryChannel,
    DeliveryState,
    Notification,
    NotificationKind,
    Occurrence,
)
from tendlc.services.chat import SIGNATURE_HEADER, TIMESTAMP_HEADER
from tendlc.services.notifications import Event, occurrence_record
from tendlc.tasks.notifications import MAX_RETRIES, notice_campaign_risks
from tests.factories import BrandFactory, CampaignFactory
from tests.fixtures.notifications import CHAT_SECRET, person, subscribe

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_notifications")]


def record(campaign, kind: str, *, key: str = "event-1", **facts) -> None:
    occurrence_record(
        Event(
            kind=kind,
            key=key,
            occurred_at=timezone.now(),
            target=campaign,
            brand_id=campaign.brand_id,
            campaign_id=campaign.campaign_id,
            facts={"has_timeline": True, **facts},
        )
    )


@pytest.mark.parametrize("kind", NotificationKind.values)
def test_each_kind_reaches_the_subscribed_users_once_through_each_channel(
    kind, chat_channels, chat_receiver, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_PUBLIC_URL = "https://portal.example.com"
    campaign = CampaignFactory()
    told, other, unsubscribed = person("told"), person("other-kind"), person("unsubscribed")
    subscribe(told, kind)
    subscribe(other, next(k for k in NotificationKind.values if k != kind))
    unsubscribed.notification_subscriptions.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        record(campaign, kind, carrier="T-Mobile", reasons=["Sample messages lack opt-out wording"])
    # The same event again, as a redelivered or replayed webhook brings it.
    with django_capture_on_commit_callbacks(execute=True):
        record(campaign, kind, carrier="T-Mobile", reasons=["Sample messages lack opt-out wording"])

    assert list(Notification.objects.values_list("recipient__username", "kind")) == [("told", kind)]
    assert [message.to for message in mail.outbox] == [["told@example.com"]]
    assert sorted(request.path for request in chat_receiver.received) == ["/json", "/slack", "/teams"]
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
    link = f"https://portal.example.com/admin/tendlc/campaign/{campaign.pk}/change/"
    body = mail.outbox[0].body
    assert link in body
    assert f"{link}#panel-timeline" in body
    assert f"Campaign: {campaign.campaign_id}" in body
    html = mail.outbox[0].alternatives[0]
    assert html[1] == "text/html"
    assert f'href="{link}#panel-timeline"' in html[0]


def test_the_json_post_is_signed_with_the_shared_secret(
    chat_channels, chat_receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record(
            CampaignFactory(),
            NotificationKind.CAMPAIGN_REJECTED,
            carrier="AT&T",
            reasons=["No privacy policy"],
        )

    (request,) = chat_receiver.at("/json")
    stamp = request.headers[TIMESTAMP_HEADER]
    expected = hmac.new(
        CHAT_SECRET.encode(), stamp.encode() + b"." + request.body, hashlib.sha256
    ).hexdigest()
    assert request.headers[SIGNATURE_HEADER] == f"sha256={expected}"
    document = request.document
    assert document["kind"] == "campaign_rejected"
    assert document["title"].endswith("rejected by AT&T")
    assert "Reason given: No privacy policy" in document["why"]
    assert document["next_steps"][0].startswith("Read the reason")


def test_a_carrier_rejection_says_what_who_why_and_what_next(django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    subscribe(person("reader"), NotificationKind.CAMPAIGN_REJECTED)

    with django_capture_on_commit_callbacks(execute=True):
        record(
            campaign,
            NotificationKind.CAMPAIGN_REJECTED,
            carrier="T-Mobile",
            reasons=["Sample messages lack opt-out wording"],
            description="Campaign rejected by T-Mobile",
            brand_name=campaign.brand.display_name,
        )

    notification = Notification.objects.get()
    assert notification.title == f"Campaign {campaign.campaign_id} rejected by T-Mobile"
    assert (notification.campaign_id, notification.brand_id) == (campaign.campaign_id, campaign.brand_id)
    assert notification.target_id == str(campaign.pk)
    for line in (
        f"Brand: {campaign.brand.display_name}",
        "Carrier: T-Mobile",
        "Reason given: Sample messages lack opt-out wording",
        "What Telnyx said: Campaign rejected by T-Mobile",
        "What to do next:",
        "appeal the rejection",
    ):
        assert line in notification.body


def test_a_subscription_narrowed_to_brands_hears_only_of_them(django_capture_on_commit_callbacks):
    mine, other = CampaignFactory(), CampaignFactory()
    narrowed = subscribe(person("narrowed"), NotificationKind.CARRIER_SUSPENDED)
    narrowed.brands.set([mine.brand])
    subscribe(person("everything"), NotificationKind.CARRIER_SUSPENDED)

    with django_capture_on_commit_callbacks(execute=True):
        record(mine, NotificationKind.CARRIER_SUSPENDED, key="mine")
        record(other, NotificationKind.CARRIER_SUSPENDED, key="other")

    assert sorted(Notification.objects.values_list("recipient__username", "dedup_key")) == [
        ("everything", "mine"),
        ("everything", "other"),
        ("narrowed", "mine"),
    ]


def test_a_chat_channel_narrowed_to_brands_posts_only_theirs(
    chat_receiver, django_capture_on_commit_callbacks
):
    mine, other = CampaignFactory(), CampaignFactory()
    channel = ChatChannel.objects.create(
        name="#acme",
        service=ChatService.SLACK,
        url=f"{chat_receiver.base_url}/acme",
        kinds=["carrier_suspended"],
    )
    channel.brands.set([mine.brand])

    with django_capture_on_commit_callbacks(execute=True):
        record(mine, NotificationKind.CARRIER_SUSPENDED, key="mine")
        record(other, NotificationKind.CARRIER_SUSPENDED, key="other")
        record(mine, NotificationKind.BILLING, key="billing")

    assert len(chat_receiver.at("/acme")) == 1
    assert chat_receiver.at("/acme")[0].document["text"].startswith(f"*Campaign {mine.campaign_id} suspended")


def test_only_what_i_started_is_told_to_whoever_started_it(django_capture_on_commit_callbacks):
    brand = BrandFactory()
    starter, colleague = person("starter"), person("colleague")
    subscribe(starter, NotificationKind.OTP_EXPIRED, only_mine=True)
    subscribe(colleague, NotificationKind.OTP_EXPIRED, only_mine=True)

    with django_capture_on_commit_callbacks(execute=True):
        occurrence_record(
            Event(
                kind=NotificationKind.OTP_EXPIRED,
                key="otp",
                occurred_at=timezone.now(),
                target=brand,
                brand_id=brand.brand_id,
                started_by=starter,
            )
        )

    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["starter"]


def test_nothing_is_told_of_what_happened_before_the_subscription(
    chat_channels, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory()
    subscribe(person("newcomer"), NotificationKind.CAMPAIGN_REJECTED)
    ChatChannel.objects.update(created_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        occurrence_record(
            Event(
                kind=NotificationKind.CAMPAIGN_REJECTED,
                key="old",
                occurred_at=timezone.now() - timedelta(minutes=5),
                target=campaign,
                campaign_id=campaign.campaign_id,
            )
        )

    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()
    assert mail.outbox == []


def test_a_channel_answering_500_is_retried_then_marked_failed_while_email_and_others_are_sent(
    chat_channels, chat_receiver, django_capture_on_commit_callbacks
):
    chat_receiver.answers["/teams"] = 500
    subscribe(person("reader"), NotificationKind.CARRIER_SUSPENDED)

    with django_capture_on_commit_callbacks(execute=True):
        record(CampaignFactory(), NotificationKind.CARRIER_SUSPENDED)

    assert len(chat_receiver.at("/teams")) == MAX_RETRIES + 1
    assert len(chat_receiver.at("/slack")) == len(chat_receiver.at("/json")) == 1
    assert len(mail.outbox) == 1
    failed = Delivery.objects.get(chat_channel=chat_channels["teams"])
    assert (failed.state, failed.attempts) == (DeliveryState.FAILED, MAX_RETRIES + 1)
    assert failed.last_error == "The channel answered 500: channel is down"
    teams = ChatChannel.objects.get(pk=chat_channels["teams"].pk)
    assert teams.last_error == "The channel answered 500: channel is down"
    assert teams.last_error_at is not None
    assert set(Delivery.objects.exclude(pk=failed.pk).values_list("channel", "state")) == {
        (DeliveryChannel.EMAIL, DeliveryState.SENT),
        (DeliveryChannel.CHAT, DeliveryState.SENT),
    }


def test_a_user_without_an_email_address_is_told_in_the_portal_and_the_delivery_says_why(
    django_capture_on_commit_callbacks,
):
    user = person("no-address")
    user.email = ""
    user.save()
    subscribe(user, NotificationKind.SYNC_FAILED)

    with django_capture_on_commit_callbacks(execute=True):
        record(CampaignFactory(), NotificationKind.SYNC_FAILED)

    assert Notification.objects.filter(recipient=user).count() == 1
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (
        DeliveryState.FAILED,
        1,
        "Not e-mailed: the recipient has no e-mail address.",
    )


def test_an_event_whose_fan_out_never_left_is_taken_up_by_the_hourly_sweep():
    subscribe(person("reader"), NotificationKind.CAMPAIGN_REJECTED)
    # Recorded, but its commit never came in this test's transaction: as if the broker had been down.
    record(CampaignFactory(), NotificationKind.CAMPAIGN_REJECTED)
    assert not Notification.objects.exists()
    notice_campaign_risks.apply()
    assert not Notification.objects.exists()  # not yet: its task may still be on its way

    Occurrence.objects.update(recorded_at=timezone.now() - timedelta(minutes=11))
    notice_campaign_risks.apply()

    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["reader"]
    assert len(mail.outbox) == 1
