"""Without API settings every admin page that would call the 10DLC API says so, at the form or in a message,
and keeps what was typed: never a server error."""

import pytest
from django.contrib.messages import get_messages

from tendlc.admin.brands.actions import ACTIONS
from tendlc.models import AuditEntry, Brand, ComplianceCheck, WebhookEvent
from tests.factories import BrandFactory
from tests.fixtures.brands import FORM_VALUES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tendlc_api_key_unset")]

NOT_CONFIGURED = "The 10DLC API is not configured (api_key is required): ask an administrator."
# Every brand action but the one that reads only what is stored, which works without API settings.
CALLING_API = {action.slug: action for action in ACTIONS if action.uses_api}


def banner(response) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


def test_adding_a_brand_says_so_at_the_form_and_keeps_the_input(admin_client):
    response = admin_client.post("/admin/tendlc/brand/add/", FORM_VALUES)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"__all__": [NOT_CONFIGURED]}
    assert form.data["display_name"] == "Acme Mobile"
    assert not Brand.objects.exists()


def test_changing_a_brand_says_so_at_the_form_and_leaves_it_as_stored(admin_client):
    brand = BrandFactory(display_name="Acme Mobile", street="1 Main St", city="Springfield")

    response = admin_client.post(
        f"/admin/tendlc/brand/{brand.pk}/change/", {**FORM_VALUES, "display_name": "Acme Renamed"}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"__all__": [NOT_CONFIGURED]}
    assert Brand.objects.get().display_name == "Acme Mobile"


def test_deleting_a_brand_says_so_on_the_confirmation(admin_client):
    brand = BrandFactory()

    response = admin_client.post(f"/admin/tendlc/brand/{brand.pk}/delete/", {"post": "yes"})

    assert response.status_code == 200
    assert response.context["error"] == NOT_CONFIGURED
    assert Brand.objects.get().remote_deleted_at is None


@pytest.mark.parametrize("slug", sorted(CALLING_API))
@pytest.mark.parametrize("method", ["get", "post"])
def test_each_brand_action_says_so_in_a_message(admin_client, slug, method):
    brand = BrandFactory()
    url = f"/admin/tendlc/brand/{brand.pk}/actions/{slug}/"

    response = getattr(admin_client, method)(url, {"post": "yes"} if method == "post" else {})

    assert response.status_code == 302
    assert response.url == f"/admin/tendlc/brand/{brand.pk}/change/"
    if method == "post" or CALLING_API[slug].form is not None:
        assert banner(response) == [("error", NOT_CONFIGURED)]
    assert not AuditEntry.objects.exists()


def test_the_compliance_check_needs_no_api_settings(admin_client):
    brand = BrandFactory()

    response = admin_client.post(f"/admin/tendlc/brand/{brand.pk}/actions/check-compliance/")

    assert response.status_code == 302
    [(level, message)] = banner(response)
    assert level == "success"
    assert message.startswith(f"Compliance of {brand} checked:")
    assert ComplianceCheck.objects.filter(brand=brand).count() == 1


def test_replaying_webhook_events_says_so_and_changes_nothing(admin_client):
    event = WebhookEvent.objects.create(
        event_id="evt-1", event_type="10dlc.campaign.update", body="{}", body_hash="x" * 64
    )

    response = admin_client.post(
        "/admin/tendlc/webhookevent/", {"action": "replay_selected", "_selected_action": [event.pk]}
    )

    assert response.status_code == 302
    assert banner(response) == [("error", NOT_CONFIGURED)]
    assert WebhookEvent.objects.get().state == event.state
