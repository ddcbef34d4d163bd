"""The cheap twin of tests/browser/test_plain_words.py (issue 18): the HTML of the main admin pages, with rows
in every status, read as a user reads it (no scripts, no admin-only technical block, no <code> identifiers,
no input values) holds no enum wire code, camelCase API name or dict/list repr. Every offender is printed
with its page."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from tendlc.models import AuditEntry, BrandFeedback, WebhookEvent
from tests import factories
from tests.plain_words import offenders

# Elements whose content is not read as text: scripts and styles, the technical block, identifiers in
# <code>, and what a form holds (a textarea's value; an input has no content).
SKIPPED = {"script", "style", "code", "textarea", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class ReadableText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.skipping: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        technical = tag == "details" and "tendlc-technical" in (dict(attrs).get("class") or "")
        if self.skipping or tag in SKIPPED or technical:
            self.skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def readable(html: str) -> str:
    parser = ReadableText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def seed() -> dict[str, str]:
    """A row in each status worth showing, and the record pages to read."""
    now = timezone.now()
    brands = [
        factories.BrandFactory(status=status, identity_status=identity, entity_type=entity)
        for status, identity, entity in (
            ("OK", "VERIFIED", "PRIVATE_PROFIT"),
            ("REGISTRATION_PENDING", "UNVERIFIED", "PUBLIC_PROFIT"),
            ("REGISTRATION_FAILED", "SELF_DECLARED", "SOLE_PROPRIETOR"),
        )
    ]
    campaigns = [
        factories.CampaignFactory(brand=brands[0], campaign_status=status, usecase=usecase)
        for status, usecase in (
            ("MNO_PROVISIONED", "CUSTOMER_CARE"),
            ("MNO_REJECTED", "ACCOUNT_NOTIFICATION"),
            ("TCR_PENDING", "LOW_VOLUME"),
        )
    ]
    partner = factories.PartnerCampaignFactory(usecase="CUSTOMER_CARE", campaign_status="MNO_PENDING")
    number = factories.PhoneNumberAssignmentFactory(
        campaign=campaigns[0], assignment_status="FAILED_ASSIGNMENT"
    )
    factories.AssignmentTaskFactory(campaign=campaigns[0], status="failed")
    event = WebhookEvent.objects.create(
        event_id="0b8c-event",
        body_hash="f" * 64,
        event_type="10dlc.campaign.update",
        payload_type="MNO_REVIEW",
        campaign_id=campaigns[1].campaign_id,
        payload={"campaignId": campaigns[1].campaign_id, "type": "MNO_REVIEW"},
        body="{}",
        received_at=now,
    )
    feedback = BrandFeedback.objects.create(brand=brands[1], fetched_at=now, raw={"category": []})
    entry = AuditEntry.objects.create(at=now, username="ada", action="brand.revet", request_summary={})
    change = lambda obj: reverse(f"admin:tendlc_{obj._meta.model_name}_change", args=[obj.pk])  # noqa: E731
    return {
        "brand": change(brands[0]),
        "public company": change(brands[1]),
        "campaign": change(campaigns[0]),
        "rejected campaign": change(campaigns[1]),
        "partner campaign": change(partner),
        "number": change(number),
        "webhook event": change(event),
        "feedback": change(feedback),
        "audit entry": change(entry),
    }


@pytest.mark.django_db
def test_main_pages_speak_plain_words(client):
    root = User.objects.create_superuser("root", password="pw")
    client.force_login(root)
    records = seed()
    lists = {
        model._meta.verbose_name_plural: reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        )
        for model in admin.site._registry
        if model._meta.app_label == "tendlc"
    }
    pages = {"dashboard": "/admin/", **lists, **records}

    found = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        if hits := offenders(readable(response.content.decode())):
            found[f"{name} ({url})"] = hits

    assert found == {}, "\n".join(f"{page}:\n  " + "\n  ".join(hits) for page, hits in found.items())


def test_the_reading_leaves_out_only_what_is_not_read_as_text():
    html = (
        '<p>Status: MNO_PROVISIONED <code>US_123456789</code> <input value="TCR_PENDING"></p>'
        '<details class="tendlc-technical"><summary>Show</summary><pre>{"campaignId": 1}</pre></details>'
        "<script>var x = ['a'];</script><textarea>['STOP']</textarea><p>{'category': []}</p>"
    )

    assert readable(html) == "Status: MNO_PROVISIONED {'category': []}"
