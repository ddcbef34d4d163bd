"""The caller's own notifications and subscriptions over the API: only their own (another person's id is a
404, as a missing one is), the unread filter, marking read, and subscriptions created, changed and deleted
with the settings page's validation in the one error format."""

import pytest

from tendlc.models import AuditEntry, DeliveryMode, Notification, NotificationSubscription
from tests import factories
from tests.inbox_rows import notification_for

pytestmark = pytest.mark.django_db

NOTIFICATIONS = "/api/v1/notifications/"
SUBSCRIPTIONS = "/api/v1/notification-subscriptions/"


def not_found() -> dict:
    return {
        "errors": [
            {"field": None, "code": "not_found", "message": "No Notification matches the given query."}
        ],
        "status": 404,
    }


def test_a_caller_lists_only_their_own_notifications(staff_api, api_staff_user, api_compliance_admin):
    campaign = factories.CampaignFactory()
    mine = notification_for(api_staff_user, about=campaign, body="Reason given: no brand named.")
    notification_for(api_compliance_admin)

    listed = staff_api.get(NOTIFICATIONS).json()

    assert [row["id"] for row in listed["results"]] == [mine.pk]
    row = listed["results"][0]
    assert (row["kind"], row["kind_label"], row["body"]) == (
        "campaign_rejected",
        "Campaign rejected by Telnyx or a carrier",
        "Reason given: no brand named.",
    )
    assert (row["record_type"], row["record_id"], row["read_at"]) == ("campaign", str(campaign.pk), None)


def test_another_persons_notification_is_a_404_to_read_and_to_mark(staff_api, api_compliance_admin):
    theirs = notification_for(api_compliance_admin)

    retrieved = staff_api.get(f"{NOTIFICATIONS}{theirs.pk}/")
    marked = staff_api.post(f"{NOTIFICATIONS}{theirs.pk}/read/")

    assert (retrieved.status_code, retrieved.json()) == (404, not_found())
    assert (marked.status_code, marked.json()) == (404, not_found())
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize(("unread", "titles"), [("true", ["Unread one"]), ("false", ["Read one"])])
def test_the_unread_filter(staff_api, api_staff_user, unread, titles):
    notification_for(api_staff_user, title="Unread one")
    notification_for(api_staff_user, title="Read one", read=True)

    listed = staff_api.get(NOTIFICATIONS, {"unread": unread}).json()

    assert [row["title"] for row in listed["results"]] == titles


def test_marking_one_read_answers_it_read_and_is_audited(staff_api, api_staff_user):
    notification = notification_for(api_staff_user)

    response = staff_api.post(f"{NOTIFICATIONS}{notification.pk}/read/")

    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    assert Notification.objects.get().read_at is not None
    assert AuditEntry.objects.get(action="notification.mark_read").request_summary == {
        "notifications": [notification.pk]
    }


def test_marking_all_read_counts_ones_own(staff_api, api_staff_user, api_compliance_admin):
    notification_for(api_staff_user)
    notification_for(api_staff_user, read=True)
    theirs = notification_for(api_compliance_admin)

    response = staff_api.post(f"{NOTIFICATIONS}read-all/")

    assert (response.status_code, response.json()) == (200, {"marked": 1})
    assert list(Notification.objects.filter(read_at__isnull=True)) == [theirs]


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("nobody", 403), ("staff", 200), ("admin", 200)]
)
@pytest.mark.parametrize("resource", [NOTIFICATIONS, SUBSCRIPTIONS])
def test_everyone_who_may_sign_in_has_them(api_as, role_user, role, status, resource):
    assert api_as(role_user(role)).get(resource).status_code == status


def test_subscribing_takes_the_defaults_for_what_is_not_sent(staff_api, api_staff_user):
    brand = factories.BrandFactory()

    response = staff_api.post(
        SUBSCRIPTIONS, {"kind": "carrier_suspended", "brands": [brand.pk]}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert {name: body[name] for name in ("kind", "brands", "mode", "email", "only_mine")} == {
        "kind": "carrier_suspended",
        "brands": [brand.pk],
        "mode": "immediately",
        "email": True,
        "only_mine": False,
    }
    assert NotificationSubscription.objects.get(pk=body["id"]).user == api_staff_user
    assert AuditEntry.objects.get(action="notification_subscription.create").user == api_staff_user


@pytest.mark.parametrize(
    ("sent", "field", "message"),
    [
        (
            {"kind": "billing"},
            "kind",
            "There is already a subscription to “Charge billed”: change that one instead.",
        ),
        (
            {"kind": "nothing_like_it"},
            "kind",
            "Select a valid choice. nothing_like_it is not one of the available choices.",
        ),
        (
            {"kind": "sync_failed", "brands": [999999]},
            "brands",
            "No brand known to Telnyx has the id 999999: pick one from the list.",
        ),
        # Beyond what a database id holds: refused like any unknown id, never a server error.
        (
            {"kind": "sync_failed", "brands": [2**80]},
            "brands",
            f"No brand known to Telnyx has the id {2**80}: pick one from the list.",
        ),
        ({"kind": "sync_failed", "brands": 3}, "brands", "Expected a list of values."),
        (
            {"kind": "sync_failed", "mode": "weekly"},
            "mode",
            "Select a valid choice. weekly is not one of the available choices.",
        ),
    ],
)
def test_bad_input_is_refused_at_its_field(staff_api, api_staff_user, sent, field, message):
    NotificationSubscription.objects.create(user=api_staff_user, kind="billing")

    response = staff_api.post(SUBSCRIPTIONS, sent, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": field, "code": response.json()["errors"][0]["code"], "message": message}
    ]
    assert NotificationSubscription.objects.count() == 1


def test_a_change_keeps_what_is_not_sent(staff_api, api_staff_user):
    brand = factories.BrandFactory()
    subscription = NotificationSubscription.objects.create(user=api_staff_user, kind="billing", email=False)
    subscription.brands.add(brand)

    response = staff_api.patch(f"{SUBSCRIPTIONS}{subscription.pk}/", {"mode": "daily_digest"}, format="json")

    assert response.status_code == 200
    subscription.refresh_from_db()
    assert (subscription.mode, subscription.email, list(subscription.brands.all())) == (
        DeliveryMode.DAILY_DIGEST,
        False,
        [brand],
    )


def test_another_persons_subscription_is_a_404_to_read_change_and_delete(staff_api, api_compliance_admin):
    theirs = NotificationSubscription.objects.create(user=api_compliance_admin, kind="billing")
    url = f"{SUBSCRIPTIONS}{theirs.pk}/"

    answers = [
        staff_api.get(url).status_code,
        staff_api.patch(url, {"mode": "daily_digest"}, format="json").status_code,
        staff_api.delete(url).status_code,
    ]

    assert answers == [404, 404, 404]
    theirs.refresh_from_db()
    assert theirs.mode == DeliveryMode.IMMEDIATELY


def test_unsubscribing_deletes_it_and_put_is_not_offered(staff_api, api_staff_user):
    subscription = NotificationSubscription.objects.create(user=api_staff_user, kind="billing")
    url = f"{SUBSCRIPTIONS}{subscription.pk}/"

    assert staff_api.put(url, {"kind": "billing"}, format="json").status_code == 405
    assert staff_api.delete(url).status_code == 204
    assert not NotificationSubscription.objects.exists()
    assert (
        AuditEntry.objects.get(action="notification_subscription.delete").request_summary["kind"] == "billing"
    )
