"""The notification settings page: each kind in plain words with what it covers; a person subscribes,
narrows to brands, picks immediately or a daily digest and e-mail on or off for themselves; whoever may change
users does it for anyone, from the user's page; bad input is refused at its field with nothing typed lost."""

import pytest

from tendlc.forms.notifications import KIND_HELP
from tendlc.models import AuditEntry, DeliveryMode, NotificationKind, NotificationSubscription
from tests import factories

pytestmark = pytest.mark.django_db

PAGE = "/admin/tendlc/notification/settings/"


def settings_form(**wanted: dict) -> dict:
    """The page's fields as a browser sends them: ``wanted`` maps a kind to its row's values; other kinds
    are left unticked."""
    data = {}
    for kind in NotificationKind:
        row = wanted.get(kind.value)
        data[f"{kind.value}-mode"] = (row or {}).get("mode", DeliveryMode.IMMEDIATELY)
        if row is None:
            continue
        data[f"{kind.value}-subscribed"] = "on"
        if row.get("email", True):
            data[f"{kind.value}-email"] = "on"
        if row.get("only_mine"):
            data[f"{kind.value}-only_mine"] = "on"
        if row.get("brands"):
            data[f"{kind.value}-brands"] = row["brands"]
    return data


def test_every_kind_is_offered_in_words_with_what_it_covers(staff_client):
    page = staff_client.get(PAGE)

    assert page.status_code == 200
    text = page.content.decode()
    for kind in NotificationKind:
        assert kind.label in text
        assert str(KIND_HELP[kind]).replace("'", "&#x27;") in text
    # Brands are found by typing (the admin's autocomplete), not listed whole.
    assert 'data-ajax--url="/admin/autocomplete/"' in text
    assert 'data-model-name="notificationsubscription"' in text


def test_a_person_subscribes_narrows_to_brands_and_chooses_how(staff_client, staff_user):
    brand = factories.BrandFactory(display_name="Northwind")
    factories.BrandFactory(display_name="Other")

    response = staff_client.post(
        PAGE,
        settings_form(
            campaign_rejected={"mode": DeliveryMode.DAILY_DIGEST, "email": False, "brands": [brand.pk]},
            sync_failed={"only_mine": True},
        ),
        follow=True,
    )

    assert response.redirect_chain == [(PAGE, 302)]
    assert "Saved: subscribed to campaign rejected by telnyx or a carrier, sync with telnyx failed." in (
        response.content.decode()
    )
    rows = {row.kind: row for row in NotificationSubscription.objects.filter(user=staff_user)}
    assert set(rows) == {"campaign_rejected", "sync_failed"}
    rejected, sync = rows["campaign_rejected"], rows["sync_failed"]
    assert (rejected.mode, rejected.email, rejected.only_mine) == (DeliveryMode.DAILY_DIGEST, False, False)
    assert list(rejected.brands.all()) == [brand]
    assert (sync.mode, sync.email, sync.only_mine, sync.brands.count()) == (
        DeliveryMode.IMMEDIATELY,
        True,
        True,
        0,
    )
    entry = AuditEntry.objects.get(action="notification_settings.update")
    assert entry.user == staff_user
    assert entry.request_summary == {
        "user": "staff",
        "subscribed": ["campaign_rejected", "sync_failed"],
        "changed": [],
        "unsubscribed": [],
    }


def test_unticking_a_kind_unsubscribes_and_a_kept_one_keeps_its_start(staff_client, staff_user):
    kept = NotificationSubscription.objects.create(user=staff_user, kind="otp_expired")
    NotificationSubscription.objects.create(user=staff_user, kind="billing")

    response = staff_client.post(PAGE, settings_form(otp_expired={}), follow=True)

    assert "Saved: unsubscribed from charge billed." in response.content.decode()
    assert list(NotificationSubscription.objects.filter(user=staff_user)) == [kept]
    assert NotificationSubscription.objects.get(pk=kept.pk).created_at == kept.created_at


def test_sending_it_unchanged_changes_nothing(staff_client, staff_user):
    NotificationSubscription.objects.create(user=staff_user, kind="otp_expired")

    response = staff_client.post(PAGE, settings_form(otp_expired={}), follow=True)

    assert "Nothing changed." in response.content.decode()


def test_an_unknown_brand_is_refused_at_its_kinds_brands_and_nothing_typed_is_lost(staff_client, staff_user):
    draft = factories.BrandFactory(brand_id=None, display_name="Draft only")

    response = staff_client.post(
        PAGE,
        settings_form(
            campaign_rejected={"mode": DeliveryMode.DAILY_DIGEST, "brands": [draft.pk]},
            billing={"email": False},
        ),
    )

    assert response.status_code == 200
    form = next(form for form in response.context["forms"] if form.kind == "campaign_rejected")
    assert form.errors == {
        "brands": [f"No brand known to Telnyx has the id {draft.pk}: pick one from the list."]
    }
    billing = next(form for form in response.context["forms"] if form.kind == "billing")
    assert (billing["subscribed"].value(), billing["email"].value(), form["mode"].value()) == (
        True,
        False,
        DeliveryMode.DAILY_DIGEST,
    )
    assert "Please correct the errors below: nothing was saved." in response.content.decode()
    assert not NotificationSubscription.objects.filter(user=staff_user).exists()


def test_a_person_cannot_open_someone_elses_settings(staff_client, compliance_admin):
    assert staff_client.get(f"{PAGE}{compliance_admin.pk}/").status_code == 403
    assert staff_client.post(f"{PAGE}{compliance_admin.pk}/", settings_form(billing={})).status_code == 403
    assert not NotificationSubscription.objects.filter(user=compliance_admin).exists()


def test_whoever_may_change_users_changes_anyones_from_the_users_page(admin_client, admin_user, staff_user):
    NotificationSubscription.objects.create(user=staff_user, kind="otp_expired")
    user_page = admin_client.get(f"/admin/auth/user/{staff_user.pk}/change/").content.decode()
    assert "Text-message code expired" in user_page
    assert f'href="{PAGE}{staff_user.pk}/" id="user-notification-settings"' in user_page

    page = admin_client.get(f"{PAGE}{staff_user.pk}/")
    assert "Notification settings of staff" in page.content.decode()
    admin_client.post(f"{PAGE}{staff_user.pk}/", settings_form(campaign_rejected={}))

    assert list(NotificationSubscription.objects.filter(user=staff_user).values_list("kind", flat=True)) == [
        "campaign_rejected"
    ]
    assert not NotificationSubscription.objects.filter(user=admin_user).exists()
    entry = AuditEntry.objects.get(action="notification_settings.update")
    assert (entry.user, entry.target_id, entry.request_summary["unsubscribed"]) == (
        admin_user,
        str(staff_user.pk),
        ["otp_expired"],
    )


def test_every_kind_says_what_it_covers():
    assert set(KIND_HELP) == set(NotificationKind)
