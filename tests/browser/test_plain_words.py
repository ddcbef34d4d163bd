"""The console speaks compliance, not wire (issue 18): on the main pages, with data seeded so every status and
panel shows, the text a user reads holds no enum wire code (MNO_PROVISIONED), no camelCase field name of the
API (embeddedLink) and no dict or list repr ({'category': []}). The admin-only "Technical details" block,
<code> identifiers and form input values are left out (tests/plain_words.py says what counts).

Every offender is listed with its page, so one run says everything there is to fix.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse

from tendlc.models import (
    AuditEntry,
    Brand,
    BrandFeedback,
    Campaign,
    PartnerCampaign,
    PhoneNumberAssignment,
    SyncRun,
    WebhookEvent,
)
from tests.browser.conftest import PASSWORD, log_in
from tests.browser.test_layout_fits import admin_lists, opened, seed_every_list
from tests.fixtures.brands import mirror_brand
from tests.fixtures.campaigns import BRAND_NAME, mirror_campaign
from tests.plain_words import offenders

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# What a user reads: the page's rendered text without the technical block, <code> identifiers and the
# sidebar's own filter (its input's value is not text anyway). Hidden for the read, shown again after.
READABLE_TEXT = """() => {
  const left = [...document.querySelectorAll('details.tendlc-technical, code')];
  const shown = left.map(el => el.style.display);
  left.forEach(el => { el.style.display = 'none'; });
  const text = document.body.innerText;
  left.forEach((el, n) => { el.style.display = shown[n]; });
  return text;
}"""


def change_page(obj) -> str:
    return reverse(f"admin:tendlc_{obj._meta.model_name}_change", args=[obj.pk])


def add_pages(request) -> list[str]:
    """The add pages a superuser is offered (the rest are the API's records, never added here)."""
    return sorted(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_add_permission(request)
    )


def test_main_pages_speak_plain_words(chromium, portal, shot, dlc, make_brand, make_campaign, advance):
    root = User.objects.create_superuser("root", password=PASSWORD)
    seed_every_list()
    request = RequestFactory().get("/admin/")
    request.user = root
    registered = mirror_brand(dlc.brand.retrieve(make_brand(BRAND_NAME).brand_id).raw)
    provisioned = mirror_campaign(dlc.campaign.retrieve(make_campaign(registered.brand_id).campaign_id).raw)
    rejected = Campaign.objects.filter(campaign_status="MNO_REJECTED").first()
    sole = Brand.objects.filter(entity_type="SOLE_PROPRIETOR").first()
    pages = [
        "/admin/",
        *admin_lists(),
        *add_pages(request),
        change_page(registered),
        change_page(sole),
        change_page(provisioned),
        change_page(rejected),
        change_page(PartnerCampaign.objects.first()),
        change_page(PhoneNumberAssignment.objects.first()),
        change_page(WebhookEvent.objects.first()),
        change_page(SyncRun.objects.filter(state="failed").first()),
        change_page(AuditEntry.objects.first()),
        change_page(BrandFeedback.objects.first()),
        f"/admin/tendlc/brand/{registered.pk}/actions/order-vetting/",
        f"/admin/tendlc/brand/{registered.pk}/actions/import-vetting/",
        f"/admin/tendlc/brand/{registered.pk}/actions/revet/",
        f"/admin/tendlc/brand/{sole.pk}/actions/trigger-sms-otp/",
        f"/admin/tendlc/brand/{sole.pk}/actions/verify-sms-otp/",
        f"/admin/tendlc/campaign/{rejected.pk}/appeal/",
        f"/admin/tendlc/campaign/{provisioned.pk}/deactivate/",
    ]
    found: dict[str, list[str]] = {}
    context, page = opened(chromium, portal, 1280)
    try:
        log_in(page, "root")
        for url in pages:
            response = page.goto(url)
            assert response is not None
            assert response.status == 200, (url, response.status)
            shot(page, url)
            if hits := offenders(page.evaluate(READABLE_TEXT)):
                found[url] = hits
        # The builder's steps, to its review of cost.
        page.goto("/admin/tendlc/campaign/build/")
        page.select_option("#id_brand", str(registered.pk))
        for step, button in (
            ("usecase", "Next: use case"),
            ("qualification", "Next: check qualification"),
        ):
            if step == "qualification":
                page.check('input[name=usecase][value="MIXED"]')
            page.get_by_role("button", name=button).click()
            page.wait_for_url(re.compile(rf"/{step}/$"))
            shot(page, f"builder {step}")
            if hits := offenders(page.evaluate(READABLE_TEXT)):
                found[f"builder {step}"] = hits
        page.get_by_role("link", name="Next: content").click()
        page.wait_for_url(re.compile(r"/content/$"))
        shot(page, "builder content")
        if hits := offenders(page.evaluate(READABLE_TEXT)):
            found["builder content"] = hits
    finally:
        context.close()

    assert found == {}, "\n".join(f"{url}:\n  " + "\n  ".join(hits) for url, hits in found.items())
