"""The chat channels page: admins only; a channel added with its address and secret, which are never shown
back in full (the host and last characters only, in the page and the audit log) and kept when nothing new is
typed; bad addresses and secrets refused at their field with what was typed kept; the last error shown with
when; and a test message sent now, through the chat delivery, to the local receiver standing in for chat."""

import pytest
from django.utils import timezone

from tendlc.models import AuditEntry, ChatChannel, ChatService, NotificationKind
from tests.fixtures.notifications import CHAT_SECRET

pytestmark = pytest.mark.django_db

CHANNELS = "/admin/tendlc/chatchannel/"
SLACK_URL = "https://hooks.slack.com/services/T000/B000/XXXXsecretpartZq9w"


def channel_form(**values) -> dict:
    return {
        "name": "#compliance",
        "service": ChatService.SLACK,
        "url": SLACK_URL,
        "secret": "",
        "kinds": [NotificationKind.CAMPAIGN_REJECTED, NotificationKind.CARRIER_SUSPENDED],
        "enabled": "on",
        **values,
    }


def test_only_admins_reach_chat_channels(staff_client, compliance_admin_client, admin_client):
    assert staff_client.get(CHANNELS).status_code == 403
    assert compliance_admin_client.get(CHANNELS).status_code == 200
    assert compliance_admin_client.get(f"{CHANNELS}add/").status_code == 200
    assert admin_client.get(CHANNELS).status_code == 200


def test_an_added_channel_never_shows_its_address_again(admin_client, admin_user):
    response = admin_client.post(f"{CHANNELS}add/", channel_form())

    assert response.status_code == 302
    channel = ChatChannel.objects.get()
    assert (channel.url, channel.kinds) == (SLACK_URL, ["campaign_rejected", "carrier_suspended"])
    page = admin_client.get(f"{CHANNELS}{channel.pk}/change/").content.decode()
    listed = admin_client.get(CHANNELS).content.decode()
    for shown in (page, listed):
        assert "hooks.slack.com …Zq9w" in shown
        assert "XXXXsecretpart" not in shown
    entry = AuditEntry.objects.get(action="chat_channel.create")
    assert entry.user == admin_user
    assert entry.request_summary["address"] == "hooks.slack.com …Zq9w"


def test_saving_without_typing_keeps_the_address_and_the_secret(admin_client):
    channel = ChatChannel.objects.create(
        name="Receiver", service=ChatService.JSON, url="https://hooks.example/in/abc123", secret=CHAT_SECRET
    )
    page = admin_client.get(f"{CHANNELS}{channel.pk}/change/").content.decode()
    assert CHAT_SECRET not in page
    assert "Set, ending in …ests" in page

    response = admin_client.post(
        f"{CHANNELS}{channel.pk}/change/",
        channel_form(name="Receiver renamed", service=ChatService.JSON, url="", secret=""),
    )

    assert response.status_code == 302
    channel.refresh_from_db()
    assert (channel.name, channel.url, channel.secret) == (
        "Receiver renamed",
        "https://hooks.example/in/abc123",
        CHAT_SECRET,
    )
    summary = AuditEntry.objects.get(action="chat_channel.update").request_summary
    assert summary["secret"] == "***"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"url": "https://example.com/hook"},
            "url",
            "A Slack incoming webhook address starts with https://hooks.slack.com/services/.",
        ),
        ({"url": ""}, "url", "Paste the incoming webhook address the chat service gave."),
        (
            {"service": ChatService.TEAMS},
            "url",
            "A Microsoft Teams address is on webhook.office.com (an incoming webhook) or logic.azure.com (a"
            " Workflows app): copy it from the channel's connector or workflow.",
        ),
        (
            {"service": ChatService.JSON, "url": "https://hooks.example/in"},
            "secret",
            "A signed JSON POST needs a shared secret for the receiver to check.",
        ),
        (
            {"service": ChatService.JSON, "url": "https://hooks.example/in", "secret": "short"},
            "secret",
            "Use at least 16 characters: it is all that proves a message came from here.",
        ),
        (
            {"secret": "a-secret-slack-does-not-use"},
            "secret",
            "Only a signed JSON POST uses a shared secret: leave it empty for this service.",
        ),
        ({"kinds": []}, "kinds", "This field is required."),
    ],
)
def test_bad_input_is_refused_at_its_field_and_kept(admin_client, values, field, message):
    response = admin_client.post(f"{CHANNELS}add/", channel_form(name="#kept-name", **values))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors[field] == [message]
    assert form["name"].value() == "#kept-name"
    assert not ChatChannel.objects.exists()


def test_the_list_shows_a_channels_last_error_and_when(admin_client):
    ChatChannel.objects.create(
        name="#down",
        service=ChatService.SLACK,
        url=SLACK_URL,
        last_error="The channel answered 500: channel is down",
        last_error_at=timezone.now(),
    )

    listed = admin_client.get(CHANNELS).content.decode()

    assert "The channel answered 500: channel is down" in listed


def test_a_test_message_reaches_the_channel_now(admin_client, chat_receiver):
    channel = ChatChannel.objects.create(
        name="#receiver", service=ChatService.JSON, url=f"{chat_receiver.base_url}/json", secret=CHAT_SECRET
    )

    response = admin_client.post(
        CHANNELS, {"action": "send_test_selected", "_selected_action": [channel.pk]}, follow=True
    )

    assert "Sent a test message to 1 channel: look for it there." in response.content.decode()
    [received] = chat_receiver.at("/json")
    assert received.document["title"] == "Test message from the 10DLC compliance portal"
    assert received.headers["X-Tendlc-Signature"].startswith("sha256=")
    channel.refresh_from_db()
    assert channel.last_sent_at is not None
    assert AuditEntry.objects.get(action="chat_channel.test").outcome == "succeeded"


def test_a_refused_test_message_is_said_and_kept_as_the_last_error(admin_client, chat_receiver):
    chat_receiver.answers["/slack"] = 500
    channel = ChatChannel.objects.create(
        name="#down", service=ChatService.SLACK, url=f"{chat_receiver.base_url}/slack"
    )

    response = admin_client.post(
        CHANNELS, {"action": "send_test_selected", "_selected_action": [channel.pk]}, follow=True
    )

    error = "The channel answered 500: channel is down"
    assert f"The test message did not reach #down: {error}" in response.content.decode()
    channel.refresh_from_db()
    assert (channel.last_error, channel.last_error_at is not None) == (error, True)
    assert AuditEntry.objects.get(action="chat_channel.test").outcome == "failed"
