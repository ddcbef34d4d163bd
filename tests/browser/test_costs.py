"""Renewals and costs in Chromium: the renewals list, a campaign's auto-renewal switched off, the ledger with
its totals per month and the forecast, at 1280 and 1440 px, in plain words and with nothing overflowing.
Screenshots go to var/screenshots/<test>/."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tendlc import fees
from tendlc.models import Charge, ChargeKind, ChargeSource
from tests import factories
from tests.browser.conftest import log_in, user_in
from tests.browser.test_layout_fits import OVERFLOWS, WIDTHS
from tests.fixtures.users import STAFF

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LONG_NAME = "Northwind Regional Credit Union Member Services and Loan Servicing Department"
WIRE_WORDS = re.compile(r"\b(CAMPAIGN_[A-Z_]+|BRAND_REGISTRATION|MNO_[A-Z_]+|AUTO_RENEWAL)\b")


def seed_costs() -> None:
    now = timezone.now()
    for n, (usecase, days, renews) in enumerate(
        [
            ("CUSTOMER_CARE", 5, True),
            ("LOW_VOLUME", 25, False),
            ("AGENTS_FRANCHISES", 50, True),
            ("CHARITY", 85, None),
        ]
    ):
        brand = factories.BrandFactory(display_name=f"{LONG_NAME} {n}")
        campaign = factories.CampaignFactory(
            brand=brand,
            usecase=usecase,
            auto_renewal=renews,
            create_date=now - timedelta(days=90 - days),
            next_renewal_or_expiration_date=now + timedelta(days=days),
        )
        # What each use case really costs, so the pages look as they will.
        for months_ago, kind, amount in (
            (3, ChargeKind.CAMPAIGN_UPFRONT, fees.upfront_fee(usecase)),
            (3, ChargeKind.CAMPAIGN_REVIEW, fees.CAMPAIGN_REVIEW.amount),
            (1, ChargeKind.CAMPAIGN_MONTHLY, fees.monthly_fee(usecase)),
        ):
            Charge.objects.create(
                kind=kind,
                amount=amount,
                charged_at=now - timedelta(days=30 * months_ago),
                brand=brand,
                remote_brand_id=brand.brand_id,
                campaign=campaign,
                remote_campaign_id=campaign.campaign_id,
                usecase=usecase,
                description=f"{kind.label} of {LONG_NAME} {n}",
                source=ChargeSource.OPERATION if months_ago == 3 else ChargeSource.EVENT,
                idempotency_key=f"{kind}:{campaign.campaign_id}",
            )


def page_words(page) -> str:
    return page.locator("#content").inner_text()


def test_renewals_and_costs_read_plainly_and_fit_a_laptop(page, shot, make_portal_campaign):
    user_in(STAFF, "ledger")
    seed_costs()
    campaign = make_portal_campaign()
    log_in(page, "ledger")

    overflowing = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, address in (
            ("renewals", "/admin/tendlc/campaignrenewal/?within=90"),
            ("switch", f"/admin/tendlc/campaignrenewal/{campaign.pk}/auto-renewal/"),
            ("ledger", "/admin/tendlc/charge/"),
            ("forecast", "/admin/tendlc/charge/forecast/"),
            ("renewal", f"/admin/tendlc/campaignrenewal/{campaign.pk}/change/"),
            ("charge", f"/admin/tendlc/charge/{Charge.objects.order_by('pk').first().pk}/change/"),
        ):
            page.goto(address)
            shot(page, f"{width} {name}")
            if found := page.evaluate(OVERFLOWS):
                overflowing[f"{width} {name}"] = found
            assert not WIRE_WORDS.findall(page_words(page)), (name, WIRE_WORDS.findall(page_words(page)))
    assert overflowing == {}, overflowing

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/tendlc/campaignrenewal/")
    expect(page.locator("#result_list")).to_contain_text("Renews on")
    expect(page.locator("#result_list")).to_contain_text("Expires on")
    expect(page.locator("#result_list")).to_contain_text("$30.00 per month")
    page.goto(f"/admin/tendlc/campaignrenewal/{campaign.pk}/auto-renewal/")
    page.get_by_label("Let it expire: no more charges").check()
    page.locator("#object-action-form input[type=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("Auto-renewal is off: the campaign expires on")
    shot(page, "switched off")
    page.goto("/admin/tendlc/charge/")
    # Up front three months of each use case's fee ($10, $1.50, $30, $3) and four $15 reviews.
    expect(page.locator("#charge-month-totals")).to_contain_text("$193.50")
