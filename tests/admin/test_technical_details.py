"""Raw payloads are kept behind a folded "Technical details" disclosure for Compliance admins and superusers
(issue 18); staff read the same record in words, without the raw JSON, and types by their labels."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from tendlc.models import AuditEntry, BrandFeedback, WebhookEvent
from tests import factories

PAYLOAD = {"campaignId": "4b30-campaign", "type": "MNO_REVIEW", "status": "REJECTED"}


@pytest.fixture
def event(db) -> WebhookEvent:
    return WebhookEvent.objects.create(
        event_id="0b8c-event",
        body_hash="f" * 64,
        event_type="10dlc.campaign.update",
        payload_type="MNO_REVIEW",
        campaign_id="4b30-campaign",
        payload=PAYLOAD,
        body='{"data": {"payload": {"campaignId": "4b30-campaign"}}}',
        received_at=timezone.now(),
    )


def test_an_admin_gets_the_events_payload_pretty_printed_in_a_folded_block(compliance_admin_client, event):
    page = compliance_admin_client.get(f"/admin/tendlc/webhookevent/{event.pk}/change/").content.decode()

    assert page.count('<details class="tendlc-technical">') == 1
    assert "<summary>Show the raw data</summary>" in page
    # Pretty-printed, keys sorted; the stored body is indented as well.
    assert "<h4>Payload</h4><pre>{\n  &quot;campaignId&quot;: &quot;4b30-campaign&quot;," in page
    assert "<h4>Body</h4><pre>{\n  &quot;data&quot;: {\n" in page
    assert "<title>Campaign event 0b8c-event | View webhook event" in page


def test_staff_read_the_event_in_words_without_its_raw_payload(staff_user, staff_client, event):
    # Staff do not read webhook events unless given the view: then they read them without the raw block.
    staff_user.user_permissions.add(Permission.objects.get(codename="view_webhookevent"))
    response = staff_client.get(f"/admin/tendlc/webhookevent/{event.pk}/change/")
    page = response.content.decode()

    assert response.status_code == 200
    assert "tendlc-technical" not in page
    assert "&quot;campaignId&quot;" not in page
    assert '<div class="readonly">Carrier review</div>' in page
    assert '<div class="readonly">Campaign</div>' in page
    assert "MNO_REVIEW" not in page


def test_the_events_list_names_types_and_filters_them_in_words(compliance_admin_client, event):
    page = compliance_admin_client.get("/admin/tendlc/webhookevent/").content.decode()

    assert '<td class="field-payload_type_label">Carrier review</td>' in page
    assert '<a href="?payload_type=MNO_REVIEW">Carrier review</a>' in page
    assert '<a href="?event_type=10dlc.campaign.update">Campaign</a>' in page


def test_feedback_and_audit_keep_their_raw_reading_for_admins_only(compliance_admin_client, staff_client):
    feedback = BrandFeedback.objects.create(
        brand=factories.BrandFactory(), fetched_at=timezone.now(), raw={"category": []}
    )
    entry = AuditEntry.objects.create(
        at=timezone.now(), username="ada", action="brand.revet", request_summary={"brand_id": "4b20"}
    )
    for url in (
        f"/admin/tendlc/brandfeedback/{feedback.pk}/change/",
        f"/admin/tendlc/auditentry/{entry.pk}/change/",
    ):
        admin_page = compliance_admin_client.get(url).content.decode()
        staff_response = staff_client.get(url)
        staff_page = staff_response.content.decode()

        assert staff_response.status_code == 200, url
        assert admin_page.count('<details class="tendlc-technical">') == 1, url
        assert "tendlc-technical" not in staff_page, url
        assert "{&quot;" not in staff_page, url
        assert "{}" not in staff_page, url
