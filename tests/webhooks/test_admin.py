"""The stored events in the admin: read-only, and replayed on demand with a counted message."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import WARNING, get_messages
from django.utils import formats, timezone

from tendlc.models import AuditEntry, Campaign, WebhookEvent, WebhookEventState
from tendlc.services.webhooks import webhook_event_store
from tendlc.webhooks.buffer import STREAM
from tests.sandbox.factories import insert_brand, insert_campaign
from tests.webhooks.conftest import encode, envelope

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/tendlc/webhookevent/"


def stored_event(campaign_id: str) -> WebhookEvent:
    document = envelope({"campaignId": campaign_id, "type": "VERIFIED"})
    return webhook_event_store(body=encode(document).decode(), document=document)[0]


def test_replay_reprocesses_the_selected_events_and_counts_the_outcomes(
    admin_client, sandbox, portal_settings
):
    good = insert_campaign(sandbox, insert_brand(sandbox))
    # Its brand is unknown to the API, so the campaign cannot be mirrored: that replay fails.
    orphan = insert_campaign(
        sandbox, {"brandId": "4b20ffff-0000-0000-0000-000000000001", "tcrBrandId": "BX", "displayName": "X"}
    )
    events = [stored_event(good["campaignId"]), stored_event(orphan["campaignId"])]

    response = admin_client.post(
        CHANGELIST, {"action": "replay_selected", "_selected_action": [event.pk for event in events]}
    )

    assert response.status_code == 302
    [message] = get_messages(response.wsgi_request)
    assert (message.message, message.level) == ("Replayed 2 events: 1 processed, 1 failed.", WARNING)
    assert [state for (state,) in WebhookEvent.objects.order_by("id").values_list("state")] == [
        WebhookEventState.PROCESSED,
        WebhookEventState.FAILED,
    ]
    assert Campaign.objects.get().campaign_id == good["campaignId"]


def test_an_event_is_shown_but_cannot_be_edited_or_added(admin_client, webhook_settings):
    # Pages render without `collectstatic`: the test settings keep production's hashed file names.
    webhook_settings.STORAGES = {
        **webhook_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    event = stored_event("4b300000-0000-0000-0000-0000000000aa")

    page = admin_client.get(f"{CHANGELIST}{event.pk}/change/")

    assert page.status_code == 200
    assert "4b300000-0000-0000-0000-0000000000aa" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.post(f"{CHANGELIST}{event.pk}/change/", {"state": "processed"}).status_code == 403
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403
    assert WebhookEvent.objects.get().state == WebhookEventState.RECEIVED


def test_only_compliance_admins_see_events_and_may_replay(client, webhook_settings):
    webhook_settings.STORAGES = {
        **webhook_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    event = stored_event("4b300000-0000-0000-0000-0000000000bb")
    staff, admin = (member("Compliance staff"), member("Compliance admin"))

    client.force_login(staff)
    assert client.get(CHANGELIST).status_code == 403
    assert (
        client.post(CHANGELIST, {"action": "replay_selected", "_selected_action": [event.pk]}).status_code
        == 403
    )

    client.force_login(admin)
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    assert 'value="replay_selected"' in page.content.decode()


def member(group: str) -> User:
    user = User.objects.create_user(group, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def event_in(state: str, n: int) -> WebhookEvent:
    return WebhookEvent.objects.create(body_hash=f"{n:064d}", body="{}", state=state, payload_type="NEW_KIND")


def test_events_needing_review_are_marked_reviewed_with_a_counted_message_and_an_audit_entry(admin_client):
    waiting = [event_in(WebhookEventState.NEEDS_REVIEW, n) for n in range(2)]
    processed = event_in(WebhookEventState.PROCESSED, 3)

    response = admin_client.post(
        CHANGELIST,
        {"action": "mark_reviewed_selected", "_selected_action": [e.pk for e in [*waiting, processed]]},
    )

    assert response.status_code == 302
    [message] = get_messages(response.wsgi_request)
    assert (message.message, message.level) == (
        "Marked 2 events reviewed; 1 was not waiting for review.",
        WARNING,
    )
    assert dict(WebhookEvent.objects.values_list("pk", "state")) == {
        waiting[0].pk: WebhookEventState.REVIEWED,
        waiting[1].pk: WebhookEventState.REVIEWED,
        processed.pk: WebhookEventState.PROCESSED,
    }
    entry = AuditEntry.objects.get()
    assert (entry.username, entry.action, entry.outcome) == (
        "admin",
        "webhook_event.mark_reviewed",
        "succeeded",
    )
    assert sorted(entry.request_summary["events"]) == sorted(e.pk for e in waiting)


def test_the_list_filters_events_needing_review_and_names_the_state_in_plain_words(
    admin_client, webhook_settings
):
    webhook_settings.STORAGES = {
        **webhook_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    waiting = event_in(WebhookEventState.NEEDS_REVIEW, 1)
    event_in(WebhookEventState.PROCESSED, 2)

    listed = admin_client.get(CHANGELIST, {"state__exact": "needs_review"})

    assert [event.pk for event in listed.context["cl"].result_list] == [waiting.pk]
    page = listed.content.decode()
    assert "Needs review" in page
    assert "needs_review</td>" not in page
    assert 'value="mark_reviewed_selected"' in page


def test_a_replayed_event_of_a_kind_still_unknown_stays_needing_review(admin_client, portal_settings):
    document = envelope({"campaignId": "c", "type": "NEW_KIND"})
    event = webhook_event_store(body=encode(document).decode(), document=document)[0]

    response = admin_client.post(CHANGELIST, {"action": "replay_selected", "_selected_action": [event.pk]})

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.state, event.attempts) == (WebhookEventState.NEEDS_REVIEW, 1)


@pytest.mark.parametrize(
    ("payload", "says"),
    [
        (
            {"campaignId": "c", "type": "TCR_EVENT", "eventType": "MNO_CAMPAIGN_OPERATION_SUSPENDED"},
            "A carrier suspended a campaign: the portal reads the campaign and the campaign&#x27;s carriers again.",
        ),
        (
            {"campaignId": "c", "type": "NEW_KIND"},
            "Nothing: the portal does not know this kind of event, so it waits for a person to review it.",
        ),
    ],
)
def test_an_events_page_says_in_words_what_the_portal_does_with_it(
    admin_client, webhook_settings, payload, says
):
    webhook_settings.STORAGES = {
        **webhook_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    document = envelope(payload)
    event = webhook_event_store(body=encode(document).decode(), document=document)[0]

    page = admin_client.get(f"{CHANGELIST}{event.pk}/change/").content.decode()

    assert says in page


@pytest.mark.redis
def test_the_list_says_how_many_events_wait_to_be_stored_and_since_when(admin_client, buffer_on):
    received = datetime(2026, 12, 7, 15, 4, tzinfo=UTC)
    for _ in range(1200):
        buffer_on.redis.xadd(STREAM, {"body": "{}", "received": repr(received.timestamp()), "request": ""})

    response = admin_client.get("/admin/tendlc/webhookevent/")

    [message] = [str(message) for message in get_messages(response.wsgi_request)]
    since = formats.date_format(timezone.localtime(received), "DATETIME_FORMAT")
    assert message == (
        f"1,200 more webhook events, received since {since}, are waiting for a worker to store them; they appear "
        "here once stored."
    )
    assert message in response.content.decode()


def test_the_list_says_when_waiting_events_cannot_be_counted(admin_client, settings):
    settings.WEBHOOK_BUFFER_URL = "redis://127.0.0.1:1/0"

    response = admin_client.get("/admin/tendlc/webhookevent/")

    assert response.status_code == 200
    assert "Webhook events received but not stored yet cannot be counted" in response.content.decode()


def test_without_waiting_events_the_list_says_nothing_of_them(admin_client, settings):
    settings.WEBHOOK_BUFFER_URL = ""

    response = admin_client.get("/admin/tendlc/webhookevent/")

    assert not list(get_messages(response.wsgi_request))
