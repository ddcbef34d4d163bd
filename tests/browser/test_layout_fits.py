"""The console fits a laptop (issue 18, items 3 and 4): at 1280 and 1440 px with the navigation sidebar open,
no admin list is wider than its box (long ids are cut short, their full value in the title), and the pages
the walk-through found broken lay out: the builder's use-case and content steps give their choices room, a
public company's action buttons stay clear of its title, URL and keyword inputs show what they hold, and
Back/Cancel buttons match the primary button beside them.

Each page is checked for horizontal overflow: the document, the content boxes and every table, against the
box they sit in. Screenshots go to var/screenshots/<test>/.
"""

import datetime
import re
import uuid

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from tendlc.models import (
    ApiToken,
    AuditEntry,
    BrandFeedback,
    ExternalVetting,
    NumberUpload,
    SharedCampaign,
    SyncRun,
    WebhookEvent,
)
from tests import factories
from tests.browser.conftest import PASSWORD, log_in
from tests.fixtures.brands import mirror_brand
from tests.fixtures.campaigns import BRAND_NAME

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = (1280, 1440)
LONG_NAME = "Northwind Regional Credit Union Member Services and Loan Servicing Department"
LONG_URL = "https://www.northwind-credit-union.example/legal/sms-messaging-privacy-policy-2026"
LONG_KEYWORDS = "STOP,STOPALL,UNSUBSCRIBE,CANCEL,END,QUIT,OPTOUT,REVOKE"

# Every box, table and cell whose content is wider than itself (it scrolls or cuts what it holds), and a
# document wider than the window. A table is also measured against the box it sits in.
OVERFLOWS = """() => {
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const found = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) found.push(`document ${doc.scrollWidth} > ${doc.clientWidth}`);
  const boxes = '#container, #main, #content, #content-main, #changelist, #changelist-form, .results,'
    + ' .module, fieldset, .form-row, .submit-row, table';
  for (const el of document.querySelectorAll(boxes)) {
    if (el.offsetParent === null) continue;
    if (el.scrollWidth > el.clientWidth + 1) found.push(`${name(el)} ${el.scrollWidth} > ${el.clientWidth}`);
  }
  for (const table of document.querySelectorAll('table')) {
    const parent = table.parentElement;
    if (table.offsetParent === null) continue;
    const right = table.getBoundingClientRect().right, limit = parent.getBoundingClientRect().right;
    if (right > limit + 1) found.push(`${name(table)} ends at ${right} past ${name(parent)} at ${limit}`);
  }
  return found;
}"""

# The page's titles (the page's and the record's) and object tools' buttons whose boxes intersect.
TITLE_OVERLAPS = """() => {
  const hits = [];
  for (const title of document.querySelectorAll('#content > h1, #content > h2')) {
    const range = document.createRange();
    range.selectNodeContents(title);
    const text = range.getBoundingClientRect();
    for (const tool of document.querySelectorAll('.object-tools li')) {
      const box = tool.getBoundingClientRect();
      if (box.left < text.right && text.left < box.right && box.top < text.bottom && text.top < box.bottom) {
        hits.push(`${tool.innerText.trim()} over ${title.innerText.trim()}`);
      }
    }
  }
  return hits;
}"""


def opened(chromium, portal, width: int):
    """A page at ``width`` x 900 with Django's navigation sidebar open (the admin keeps that choice in
    localStorage)."""
    context = chromium.new_context(base_url=portal.url, viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    context.add_init_script("window.localStorage.setItem('django.admin.navSidebarIsOpen', 'true')")
    return context, context.new_page()


def sidebar_open(page) -> bool:
    return page.locator("#nav-sidebar").is_visible() and "shifted" in (
        page.locator("#main").get_attribute("class") or ""
    )


def long_id() -> str:
    return str(uuid.uuid4())


def seed_every_list() -> None:
    """Rows as a busy account has them: long names and ids, every status, failures with their reasons."""
    now = timezone.now()
    superuser = User.objects.get(username="root")
    statuses = ["OK", "REGISTRATION_PENDING", "REGISTRATION_FAILED", "UNVERIFIED"]
    brands = [
        factories.BrandFactory(
            display_name=f"{LONG_NAME} {n}",
            tcr_brand_id=f"B{n}XYZ0Q",
            status=statuses[n % len(statuses)],
            identity_status=["VERIFIED", "UNVERIFIED", "SELF_DECLARED", "VETTED_VERIFIED"][n % 4],
            entity_type=["PRIVATE_PROFIT", "PUBLIC_PROFIT", "NON_PROFIT", "SOLE_PROPRIETOR"][n % 4],
            assigned_campaigns_count=n,
        )
        for n in range(6)
    ]
    campaign_statuses = ["MNO_PROVISIONED", "TCR_PENDING", "MNO_REJECTED", "TELNYX_FAILED", "TCR_ACCEPTED"]
    campaigns = [
        factories.CampaignFactory(
            brand=brands[n % len(brands)],
            tcr_campaign_id=f"C{n}ABCDE",
            campaign_status=campaign_statuses[n % len(campaign_statuses)],
            usecase=["CUSTOMER_CARE", "MIXED", "ACCOUNT_NOTIFICATION", "2FA", "LOW_VOLUME"][n % 5],
        )
        for n in range(5)
    ]
    for n in range(5):
        factories.PartnerCampaignFactory(
            brand_display_name=f"{LONG_NAME} partner {n}",
            tcr_campaign_id=f"C{n}PARTNR",
            tcr_brand_id=f"B{n}PARTNR",
            usecase=["ACCOUNT_NOTIFICATION", "MIXED", "CUSTOMER_CARE", "MARKETING", "2FA"][n],
            sharing_status=["ACCEPTED", "PENDING", "DECLINED", "ACCEPTED", "PENDING"][n],
            campaign_status=campaign_statuses[n],
            assigned_phone_numbers_count=1200 + n,
            created_at=now,
        )
        SharedCampaign.objects.create(
            campaign_id=campaigns[n].tcr_campaign_id if n % 2 else f"C{n}SHARED",
            brand_id=long_id(),
            usecase="CUSTOMER_CARE",
            status=["ACTIVE", "EXPIRED"][n % 2],
            sharing_status=["ACCEPTED", "PENDING", "DECLINED", "ACCEPTED", "PENDING"][n],
            downstream_cnp_id="TELNYXCNP-DOWNSTREAM",
            shared_date=now,
            create_date=now,
        )
        factories.SmsOtpVerificationFactory(
            brand=brands[n],
            reference_id=long_id(),
            delivery_status=["PENDING", "DELIVERED", "FAILED", "VERIFIED", "EXPIRED"][n],
            delivery_status_date=now,
            verify_date=now if n % 2 else None,
        )
        ExternalVetting.objects.create(
            brand=brands[n],
            evp_id="AEGIS",
            vetting_class="STANDARD",
            vetting_id=long_id(),
            vetting_token=long_id(),
            vetting_score=70 + n,
            create_date=now,
            vetted_date=now,
        )
        BrandFeedback.objects.create(brand=brands[n], fetched_at=now, raw={"category": []})
        factories.PhoneNumberAssignmentFactory(
            campaign=campaigns[n],
            assignment_status=["ASSIGNED", "PENDING_ASSIGNMENT", "FAILED_ASSIGNMENT", "ASSIGNED", "PENDING"][
                n
            ],
        )
        factories.AssignmentTaskFactory(
            campaign=campaigns[n], status=["pending", "completed", "failed"][n % 3]
        )
        WebhookEvent.objects.create(
            event_id=long_id(),
            body_hash=uuid.uuid4().hex * 2,
            event_type="10dlc.phone_number.update",
            payload_type="MNO_REVIEW" if n % 2 else "TCR_BRAND_UPDATE",
            campaign_id=long_id(),
            brand_id=long_id(),
            phone_number="+13125550100",
            occurred_at=now,
            payload={"campaignId": "x"},
            body="{}",
            received_at=now,
            deliveries=n + 1,
            state=["received", "processed", "failed"][n % 3],
            attempts=n,
        )
        AuditEntry.objects.create(
            at=now,
            username="ada.lovelace-compliance-admin",
            action="campaign.number_assignment_move",
            target_id=long_id(),
            target_repr=f"{LONG_NAME} campaign C{n}ABCDE",
            request_summary={},
            outcome=["succeeded", "failed"][n % 2],
            error="The 10DLC API refused the request: phone number +13125550100 is already assigned."
            * (n % 2),
            api_request_id=long_id(),
        )
        SyncRun.objects.create(
            started_at=now - datetime.timedelta(minutes=n),
            finished_at=now if n else None,
            state=["running", "succeeded", "failed"][n % 3],
            trigger=["schedule", "admin"][n % 2],
            phase="partner_campaigns",
            pages_done=181,
            pages_known=200,
            errors=["Brand 4b20... could not be read: HTTP 503"] * n,
        )
        NumberUpload.objects.create(
            uploaded_by=superuser,
            filename=f"numbers-for-{LONG_NAME.lower().replace(' ', '-')}-{n}.csv",
            rows_total=10_000,
            rows_applied=9_000,
            rows_failed=1_000,
        )
        ApiToken.objects.create(
            user=superuser,
            name=f"Nightly export for {LONG_NAME} {n}",
            prefix=f"tdl_{n}abcdef",
            key_hash=uuid.uuid4().hex * 2,
            expires_at=now + datetime.timedelta(days=30),
        )
        User.objects.create_user(
            f"compliance.reviewer.number.{n}@northwind-credit-union.example",
            email=f"compliance.reviewer.number.{n}@northwind-credit-union.example",
            first_name="Maximiliana-Josephine",
            last_name="Featherstonehaugh-Worthington",
            is_staff=True,
        )


def admin_lists() -> list[str]:
    return sorted(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    )


def test_every_admin_list_fits_at_laptop_widths(chromium, portal, shot):
    User.objects.create_superuser("root", password=PASSWORD)
    seed_every_list()
    lists = admin_lists()
    assert {"/admin/tendlc/brand/", "/admin/tendlc/auditentry/", "/admin/auth/user/"} <= set(lists)

    overflowing = {}
    for width in WIDTHS:
        context, page = opened(chromium, portal, width)
        try:
            log_in(page, "root")
            for url in lists:
                page.goto(url)
                assert sidebar_open(page), url
                shot(page, f"{width} {url}")
                if found := page.evaluate(OVERFLOWS):
                    overflowing[f"{width} {url}"] = found
        finally:
            context.close()

    assert overflowing == {}, "\n".join(f"{url}: {found}" for url, found in overflowing.items())


def test_long_ids_in_lists_are_cut_short_with_their_full_value_on_hover(chromium, portal, shot):
    User.objects.create_superuser("root", password=PASSWORD)
    seed_every_list()
    reference = factories.SmsOtpVerificationFactory(reference_id=long_id()).reference_id
    context, page = opened(chromium, portal, 1280)
    try:
        log_in(page, "root")
        page.goto("/admin/tendlc/smsotpverification/")
        cell = page.locator(f'#result_list [title="{reference}"]')
        assert cell.count() == 1
        assert cell.inner_text() == reference
        shot(page, "otp list")
    finally:
        context.close()


def test_a_public_companys_actions_stay_clear_of_its_title(chromium, portal, shot):
    User.objects.create_superuser("root", password=PASSWORD)
    brand = factories.BrandFactory(
        display_name=LONG_NAME,
        entity_type="PUBLIC_PROFIT",
        stock_symbol="NWCU",
        stock_exchange="NASDAQ",
        website="https://northwind.example",
        phone="+13125550100",
    )
    for width in WIDTHS:
        context, page = opened(chromium, portal, width)
        try:
            log_in(page, "root")
            page.goto(f"/admin/tendlc/brand/{brand.pk}/change/")
            assert page.locator(".object-tools li").count() >= 8
            shot(page, f"{width} public company")
            assert page.evaluate(TITLE_OVERLAPS) == []
            assert page.evaluate(OVERFLOWS) == []
            # An action's own page: its Cancel beside its submit button.
            page.locator(".object-tools").get_by_role("link", name="Import vetting").click()
            page.wait_for_url(re.compile(r"/actions/import-vetting/$"))
            shot(page, f"{width} import vetting")
            assert page.evaluate(OVERFLOWS) == []
            assert_buttons_match(page)
        finally:
            context.close()


def test_the_builders_steps_give_their_fields_room(chromium, portal, shot, dlc, make_brand):
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
            shot(page, f"{width} use case step")
            assert page.evaluate(OVERFLOWS) == []
            assert_choices_have_room(page, "usecase")
            assert_buttons_match(page)

            page.check('input[name=usecase][value="MIXED"]')
            page.get_by_role("button", name="Next: check qualification").click()
            page.wait_for_url(re.compile(r"/qualification/$"))
            shot(page, f"{width} qualification step")
            assert page.evaluate(OVERFLOWS) == []
            assert_buttons_match(page)

            page.get_by_role("link", name="Next: content").click()
            page.wait_for_url(re.compile(r"/content/$"))
            for name in ("privacy_policy_link", "terms_and_conditions_link", "webhook_url"):
                page.fill(f"#id_{name}", LONG_URL)
            for name in ("help_keywords", "optin_keywords", "optout_keywords"):
                page.fill(f"#id_{name}", LONG_KEYWORDS)
            shot(page, f"{width} content step")
            assert page.evaluate(OVERFLOWS) == []
            assert_choices_have_room(page, "sub_usecases")
            for name in (
                "privacy_policy_link",
                "terms_and_conditions_link",
                "webhook_url",
                "help_keywords",
                "optin_keywords",
                "optout_keywords",
            ):
                assert page.locator(f"#id_{name}").evaluate("el => el.scrollWidth <= el.clientWidth"), name
            assert_buttons_match(page)
        finally:
            context.close()


def assert_choices_have_room(page, name: str) -> None:
    """A field's choices each stand on one line as wide as their text, not in a narrow column of fixed width
    beside or under the field's label (where short choices sit in a box wider than them, long ones wrap)."""
    squeezed = page.evaluate(
        """(name) => [...document.querySelectorAll(`#id_${name} label`)].filter(label => {
          const box = label.getBoundingClientRect();
          const range = document.createRange();
          range.selectNodeContents(label);
          const text = range.getBoundingClientRect();
          const wrapped = text.height > 2.2 * parseFloat(getComputedStyle(label).fontSize);
          return box.width > text.width + 1 || wrapped;
        }).map(label => label.innerText.trim())""",
        name,
    )
    assert squeezed == [], (name, squeezed)


def assert_buttons_match(page) -> None:
    """The submit row's buttons and button links stand on one line at one height."""
    # Read in one go: live findings may still be changing the page, and boxes read one call apart could
    # come from two layouts.
    boxes = page.evaluate(
        """() => [...document.querySelectorAll(
          '.submit-row > input[type=submit], .submit-row > a.button, .submit-row > a.closelink'
        )].map(el => { const box = el.getBoundingClientRect(); return {y: box.y, height: box.height}; })"""
    )
    assert len(boxes) >= 2
    heights = {round(box["height"]) for box in boxes}
    tops = {round(box["y"]) for box in boxes}
    assert len(heights) == 1, boxes
    assert len(tops) == 1, boxes
    # A link's text is centred in its box, as a button's is.
    off_centre = page.evaluate(
        """() => [...document.querySelectorAll('.submit-row > a.button, .submit-row > a.closelink')].map(link => {
          const box = link.getBoundingClientRect();
          const range = document.createRange();
          range.selectNodeContents(link);
          const text = range.getBoundingClientRect();
          return Math.abs((text.top + text.bottom) / 2 - (box.top + box.bottom) / 2);
        })"""
    )
    assert max(off_centre, default=0) <= 2, off_centre
