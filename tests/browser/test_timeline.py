"""A campaign's timeline and the status changes list in a browser, at 1280 and 1440 px with the navigation
sidebar open: plain words, nothing wider than its box. Screenshots go to var/screenshots/<test>/."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from tendlc.models import AuditEntry, CampaignMnoStatus, StatusChange, SyncRun, WebhookEvent
from tests import factories
from tests.browser.conftest import PASSWORD, log_in
from tests.browser.test_layout_fits import OVERFLOWS, WIDTHS, opened

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def busy_campaign():
    """A campaign T-Mobile suspended, found by a sync, after a review followed by webhooks and a person's
    action."""
    now = timezone.now()
    campaign = factories.CampaignFactory(create_date=now - timedelta(days=20), is_t_mobile_suspended=True)
    CampaignMnoStatus.objects.create(
        campaign=campaign, network_id=10035, mno="T-Mobile", operation_status="SUSPENDED"
    )
    CampaignMnoStatus.objects.create(
        campaign=campaign, network_id=10017, mno="AT&T", operation_status="APPROVED"
    )
    run = SyncRun.objects.create(trigger="schedule", state="succeeded")
    event = WebhookEvent.objects.create(body_hash="e" * 64, body="{}", state="processed")
    root = User.objects.get(username="root")
    audit = AuditEntry.objects.create(
        user=root, username="root", action="campaign.update", outcome="succeeded"
    )
    place = {
        "record_id": campaign.campaign_id,
        "brand_id": campaign.brand_id,
        "campaign_id": campaign.campaign_id,
    }
    changes = [
        (
            19,
            "campaign",
            "",
            "campaign_status",
            "TCR_PENDING",
            "MNO_PENDING",
            {"cause": "webhook_event", "webhook_event": event},
        ),
        (
            18,
            "campaign",
            "",
            "campaign_status",
            "MNO_PENDING",
            "MNO_PROVISIONED",
            {"cause": "poll", "cause_detail": "refresh campaigns in review"},
        ),
        (
            18,
            "carrier_status",
            "AT&T",
            "operation_status",
            "REVIEW",
            "APPROVED",
            {"cause": "poll", "cause_detail": "refresh campaigns in review"},
        ),
        (
            18,
            "carrier_status",
            "T-Mobile",
            "operation_status",
            "REVIEW",
            "APPROVED",
            {"cause": "poll", "cause_detail": "refresh campaigns in review"},
        ),
        (
            5,
            "campaign",
            "",
            "submission_status",
            "PENDING",
            "CREATED",
            {"cause": "user_action", "audit_entry": audit},
        ),
        (
            2,
            "carrier_status",
            "T-Mobile",
            "operation_status",
            "APPROVED",
            "SUSPENDED",
            {"cause": "sync_run", "sync_run": run},
        ),
        (2, "campaign", "", "is_t_mobile_suspended", "false", "true", {"cause": "sync_run", "sync_run": run}),
    ]
    for days, subject, carrier, field, old, new, cause in changes:
        StatusChange.objects.create(
            changed_at=now - timedelta(days=days),
            subject=subject,
            carrier=carrier,
            field=field,
            old_value=old,
            new_value=new,
            **place,
            **cause,
        )
    return campaign


def test_a_campaigns_timeline_and_the_list_fit_two_screens(chromium, portal, shot):
    User.objects.create_superuser("root", password=PASSWORD)
    campaign = busy_campaign()

    for width in WIDTHS:
        context, page = opened(chromium, portal, width)
        log_in(page, "root")
        page.goto(f"/admin/tendlc/campaign/{campaign.pk}/change/")
        page.get_by_role("tab", name="Timeline", exact=True).click()
        panel = page.locator(".tendlc-timeline")
        assert panel.is_visible()
        text = panel.inner_text()
        assert "T-Mobile: operation status" in text
        assert "found by the sync of" in text
        assert "by root: changed a campaign" in text
        assert "MNO_" not in text
        assert "SUSPENDED" not in text
        assert page.evaluate(OVERFLOWS) == []
        shot(page, f"campaign timeline {width}")

        page.goto("/admin/tendlc/statuschange/?carrier=T-Mobile&new_value=SUSPENDED&period=month")
        rows = page.locator("#result_list tbody tr")
        assert rows.count() == 1
        assert "Suspended" in rows.first.inner_text()
        assert page.evaluate(OVERFLOWS) == []
        shot(page, f"status changes {width}")
        context.close()
