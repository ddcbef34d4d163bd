"""A campaign's Evidence tab in a browser, at 1280 and 1440 px with the navigation sidebar open: the files
with their dates and who added them, nothing wider than its box, and a file added through the tab's own form
(which sits outside the change form). Screenshots go to var/screenshots/<test>/."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from tendlc.models import CampaignEvidence
from tendlc.services.evidence import evidence_add, evidence_snapshot_add
from tests import factories
from tests.browser.conftest import PASSWORD, log_in
from tests.browser.test_layout_fits import OVERFLOWS, WIDTHS, opened
from tests.fixtures.evidence import HTML, PDF, PNG

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_evidence_tab_lists_files_fits_two_screens_and_takes_an_upload(
    chromium, portal, shot, evidence_storage_dir, tmp_path
):
    root = User.objects.create_superuser("root", password=PASSWORD)
    campaign = factories.CampaignFactory(tcr_campaign_id="CEVID42")
    evidence_add(
        campaign=campaign,
        name="Sign-up form, checkbox unticked (mobile layout).png",
        upload=ContentFile(PNG),
        kind="opt_in_screenshot",
        description="The sign-up page at https://acme.example/signup as customers see it on a phone.",
        user=root,
    )
    evidence_add(
        campaign=campaign,
        name="terms-of-service.pdf",
        upload=ContentFile(PDF),
        kind="document",
        description="",
        user=root,
    )
    evidence_snapshot_add(
        campaign=campaign,
        url="https://www.northwind-credit-union.example/legal/sms-messaging-privacy-policy-2026",
        content=HTML,
        content_type="text/html; charset=utf-8",
        fetched_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
    )
    upload = tmp_path / "consent-text.txt"
    upload.write_text("I agree to receive account alerts by text from Acme Mobile. Reply STOP to opt out.\n")

    for width in WIDTHS:
        context, page = opened(chromium, portal, width)
        log_in(page, "root")
        page.goto(f"/admin/tendlc/campaign/{campaign.pk}/change/")
        page.get_by_role("tab", name="Evidence", exact=True).click()
        table = page.locator(".tendlc-evidence")
        assert table.is_visible()
        text = table.inner_text()
        assert "Sign-up form, checkbox unticked (mobile layout).png" in text
        assert "Page snapshot from the link check" in text
        assert "the portal" in text
        assert "root" in text
        assert page.get_by_role("link", name="Download all as zip").is_visible()
        assert page.evaluate(OVERFLOWS) == []
        shot(page, f"evidence tab {width}")
        context.close()

    context, page = opened(chromium, portal, WIDTHS[0])
    log_in(page, "root")
    page.goto(f"/admin/tendlc/campaign/{campaign.pk}/change/#panel-evidence")
    page.set_input_files("#id_evidence_file", str(upload))
    page.select_option("#id_evidence_kind", "consent_text")
    page.fill("#id_evidence_description", "The text beside the checkbox")
    page.click("#evidence-add")
    page.wait_for_url(f"**/campaign/{campaign.pk}/change/#panel-evidence")
    # The stylesheet capitalises a message's first letter.
    assert page.locator(".messagelist li.success").inner_text() == (
        "Consent-text.txt was added to the campaign's evidence."
    )
    assert "consent-text.txt" in page.locator(".tendlc-evidence").inner_text()
    assert page.evaluate(OVERFLOWS) == []
    shot(page, "evidence added")
    context.close()
    added = CampaignEvidence.objects.get(original_name="consent-text.txt")
    assert (added.kind, added.description, added.added_by) == (
        "consent_text",
        "The text beside the checkbox",
        root,
    )
