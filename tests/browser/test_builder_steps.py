"""The campaign builder's use-case and content steps as a user meets them (issue 18 item 11): use cases the
brand cannot have are shown disabled with why before anything is chosen, and a content step first shown is
not red before anything is typed; a field's findings appear once it is left.
"""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, log_in
from tests.browser.test_layout_fits import OVERFLOWS, WIDTHS, opened
from tests.fixtures.brands import mirror_brand
from tests.fixtures.campaigns import BRAND_NAME

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_use_case_step_disables_what_the_brand_cannot_have_and_the_content_step_opens_clean(
    chromium, portal, shot, dlc, make_brand
):
    brand = mirror_brand(dlc.brand.retrieve(make_brand(BRAND_NAME).brand_id).raw)
    User.objects.create_superuser("root", password=PASSWORD)
    for width in WIDTHS:
        context, page = opened(chromium, portal, width)
        try:
            log_in(page, "root")
            page.goto("/admin/tendlc/campaign/build/")
            page.select_option("#id_brand", str(brand.pk))
            page.get_by_role("button", name="Next: use case").click()
            page.wait_for_url(re.compile(r"/usecase/$"))
            charity = page.locator('input[name=usecase][value="CHARITY"]')
            expect(charity).to_be_disabled()
            expect(page.locator("label", has=charity)).to_contain_text(
                "Charity — Only for non-profit brands; this brand is private for-profit."
            )
            expect(page.locator('input[name=usecase][value="CUSTOMER_CARE"]')).to_be_enabled()
            shot(page, f"{width} use case step")
            assert page.evaluate(OVERFLOWS) == []
            if width != WIDTHS[-1]:
                continue

            page.check('input[name=usecase][value="CUSTOMER_CARE"]')
            page.get_by_role("button", name="Next: check qualification").click()
            page.wait_for_url(re.compile(r"/qualification/$"))
            page.get_by_role("link", name="Next: content").click()
            page.wait_for_url(re.compile(r"/content/$"))
            findings = page.locator("li.tendlc-finding-error, li.tendlc-finding-warning")
            expect(page.locator(".errornote")).to_have_count(0)
            expect(findings).to_have_count(0)
            shot(page, "content step first shown")

            page.focus("#id_description")
            page.keyboard.press("Tab")
            description = page.locator('[data-findings-for="description"] li.tendlc-finding-error')
            expect(description.first).to_be_visible()
            expect(page.locator('[data-findings-for="sample1"] li')).to_have_count(0)
            shot(page, "description left blank")
        finally:
            context.close()
