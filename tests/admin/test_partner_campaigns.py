"""Shared campaigns in the admin against the live sandbox: partner campaigns' list and read-only page,
accepting a sharing and changing webhook URLs (admins only, refused to staff on the server), reading one
again, the list of campaigns we shared, and constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tendlc.client import NotFoundError
from tendlc.models import AuditEntry, Campaign, PartnerCampaign, SharedCampaign
from tests.factories import CampaignFactory, PartnerCampaignFactory, PhoneNumberAssignmentFactory
from tests.fixtures.partner_campaigns import SHARED

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/tendlc/partnercampaign/"
ACCEPT = f"{CHANGELIST}accept/"
SHARED_LIST = "/admin/tendlc/sharedcampaign/"
HOOK = "https://hooks.example/10dlc"


def change_url(partner: PartnerCampaign) -> str:
    return f"{CHANGELIST}{partner.pk}/change/"


def webhooks_url(partner: PartnerCampaign) -> str:
    return f"{CHANGELIST}{partner.pk}/webhooks/"


def refresh_url(partner: PartnerCampaign) -> str:
    return f"{CHANGELIST}{partner.pk}/refresh/"


def messages_of(client, url: str) -> list[str]:
    return [str(message) for message in client.get(url).context["messages"]]


# --- accepting a sharing --------------------------------------------------------------------------------


def test_an_admin_accepts_a_sharing_by_its_tcr_id(
    shared_with_us, compliance_admin_client, compliance_admin, dlc
):
    page = compliance_admin_client.get(f"{ACCEPT}?tcr_campaign_id={SHARED}")
    assert page.status_code == 200
    assert page.context["form"]["tcr_campaign_id"].value() == SHARED

    response = compliance_admin_client.post(ACCEPT, {"tcr_campaign_id": SHARED.lower()})

    partner = PartnerCampaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == change_url(partner)
    assert dlc.partner_campaigns.retrieve(SHARED).brand_display_name == "Partner Co"
    assert (partner.tcr_campaign_id, partner.sharing_status) == (SHARED, "ACCEPTED")
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.action, entry.outcome) == (
        compliance_admin,
        "partner_campaign.accept",
        "succeeded",
    )
    assert messages_of(compliance_admin_client, response["Location"]) == [
        f"Sharing of {SHARED} accepted: its numbers can now be assigned."
    ]


@pytest.mark.parametrize(
    ("typed", "errors"),
    [
        ("C12", {"tcr_campaign_id": ["A TCR campaign id is C and 5 to 8 capital letters or digits."]}),
        ("", {"tcr_campaign_id": ["This field is required."]}),
        ("CNOSUCH1", {"__all__": ["No campaign shared with you is pending acceptance under this id"]}),
    ],
)
def test_a_bad_or_unknown_id_is_refused_on_the_form_with_the_input_kept(
    shared_with_us, compliance_admin_client, typed, errors
):
    response = compliance_admin_client.post(ACCEPT, {"tcr_campaign_id": typed})

    assert response.status_code == 200
    assert dict(response.context["form"].errors) == errors
    assert response.context["form"].data["tcr_campaign_id"] == typed
    assert not PartnerCampaign.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_may_not_accept_a_sharing(shared_with_us, staff_client, dlc, method):
    response = getattr(staff_client, method)(ACCEPT, {"tcr_campaign_id": SHARED})

    assert response.status_code == 403
    with pytest.raises(NotFoundError):
        dlc.partner_campaigns.retrieve(SHARED)
    assert not AuditEntry.objects.exists()


# --- the partner campaign's page --------------------------------------------------------------------------


def test_the_page_is_read_only_and_offers_admins_their_actions(
    accepted_sharing, login, staff_user, compliance_admin
):
    for client, admin_actions in ((login(staff_user), False), (login(compliance_admin), True)):
        page = client.get(change_url(accepted_sharing))
        assert page.status_code == 200
        assert page.context["has_change_permission"] is False
        can_change_webhooks = "Update webhook URLs" in [
            action["label"] for action in page.context["object_actions"]
        ]
        assert (can_change_webhooks, page.context["can_accept"]) == (admin_actions, False)
        html = page.content.decode()
        assert (webhooks_url(accepted_sharing) in html) is admin_actions
        assert f'action="{refresh_url(accepted_sharing)}"' in html
        assert 'class="tendlc-badge tendlc-badge-good" data-status="ACCEPTED">Accepted</span>' in html
        assert client.post(change_url(accepted_sharing), {"webhook_url": HOOK}).status_code == 403


def test_a_pending_sharing_offers_admins_to_accept_it(compliance_admin_client):
    pending = PartnerCampaignFactory(tcr_campaign_id="CPEND001", sharing_status="PENDING")

    page = compliance_admin_client.get(change_url(pending))

    assert page.context["can_accept"] is True
    assert f'href="{ACCEPT}?tcr_campaign_id=CPEND001"' in page.content.decode()


def test_an_admin_changes_webhook_urls(accepted_sharing, compliance_admin_client, dlc):
    page = compliance_admin_client.get(webhooks_url(accepted_sharing))
    assert page.context["form"].initial == {"webhook_url": "", "webhook_failover_url": ""}

    response = compliance_admin_client.post(
        webhooks_url(accepted_sharing), {"webhook_url": HOOK, "webhook_failover_url": ""}
    )

    assert response.status_code == 302
    assert dlc.partner_campaigns.retrieve(SHARED).webhook_url == HOOK
    accepted_sharing.refresh_from_db()
    assert (accepted_sharing.webhook_url, accepted_sharing.webhook_failover_url) == (HOOK, "")
    assert AuditEntry.objects.latest("id").action == "partner_campaign.webhooks_update"
    assert messages_of(compliance_admin_client, change_url(accepted_sharing)) == [
        f"Webhook URLs of {SHARED} updated."
    ]


@pytest.mark.parametrize(
    ("posted", "errors"),
    [
        ({"webhook_url": "not a url"}, {"webhook_url": ["Enter a valid URL."]}),
        ({"webhook_failover_url": "ftp://files.example/x"}, {"webhook_failover_url": ["Enter a valid URL."]}),
    ],
)
def test_a_bad_url_is_refused_at_its_field_and_nothing_is_sent(
    accepted_sharing, compliance_admin_client, dlc, posted, errors
):
    data = {"webhook_url": HOOK, "webhook_failover_url": "", **posted}

    response = compliance_admin_client.post(webhooks_url(accepted_sharing), data)

    assert response.status_code == 200
    assert dict(response.context["form"].errors) == errors
    assert response.context["form"].data.dict() == data
    assert dlc.partner_campaigns.retrieve(SHARED).webhook_url is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_may_not_change_webhook_urls(accepted_sharing, staff_client, dlc, method):
    response = getattr(staff_client, method)(webhooks_url(accepted_sharing), {"webhook_url": HOOK})

    assert response.status_code == 403
    assert dlc.partner_campaigns.retrieve(SHARED).webhook_url is None


def test_anyone_who_sees_it_may_read_it_again_from_the_api(accepted_sharing, staff_client, dlc):
    dlc.partner_campaigns.update(SHARED, webhook_url=HOOK)

    assert staff_client.get(refresh_url(accepted_sharing)).status_code == 405
    response = staff_client.post(refresh_url(accepted_sharing))

    assert response.status_code == 302
    accepted_sharing.refresh_from_db()
    assert accepted_sharing.webhook_url == HOOK
    assert messages_of(staff_client, change_url(accepted_sharing)) == [f"{SHARED} read again from the API."]


@pytest.mark.parametrize("url", ["list", "change", "accept", "webhooks", "refresh"])
def test_anonymous_users_are_sent_to_the_login_page(client, url):
    partner = PartnerCampaignFactory()
    target = {
        "list": CHANGELIST,
        "change": change_url(partner),
        "accept": ACCEPT,
        "webhooks": webhooks_url(partner),
        "refresh": refresh_url(partner),
    }[url]

    response = client.post(target) if url == "refresh" else client.get(target)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", ["list", "change", "refresh", "shared"])
def test_staff_without_a_portal_role_are_refused(plain_staff_client, url):
    partner = PartnerCampaignFactory()
    target = {
        "list": CHANGELIST,
        "change": change_url(partner),
        "refresh": refresh_url(partner),
        "shared": SHARED_LIST,
    }[url]

    response = plain_staff_client.post(target) if url == "refresh" else plain_staff_client.get(target)

    assert response.status_code == 403


# --- lists ----------------------------------------------------------------------------------------------


def test_the_partner_list_counts_numbers_at_a_constant_query_count(
    staff_client, django_assert_max_num_queries
):
    def make(count: int) -> None:
        for _ in range(count):
            partner = PartnerCampaignFactory(sharing_status="ACCEPTED")
            PhoneNumberAssignmentFactory(
                campaign=None,
                partner_campaign=partner,
                telnyx_campaign_id="",
                brand_id="",
                tcr_campaign_id=partner.tcr_campaign_id,
            )

    make(10)
    with CaptureQueriesContext(connection) as few:
        response = staff_client.get(CHANGELIST)
    partner = PartnerCampaign.objects.first()
    assert (
        f'<a href="/admin/tendlc/phonenumberassignment/?partner_campaign__id__exact={partner.pk}">1</a>'
        in (response.content.decode())
    )
    make(110)

    with django_assert_max_num_queries(len(few)):
        assert staff_client.get(CHANGELIST).status_code == 200


def test_the_list_of_campaigns_we_shared_links_ours_at_a_constant_query_count(
    staff_client, django_assert_max_num_queries
):
    def make(count: int, start: int) -> None:
        for n in range(start, start + count):
            CampaignFactory(tcr_campaign_id=f"CS{n:05d}")
            SharedCampaign.objects.create(
                campaign_id=f"CS{n:05d}",
                brand_id="BS00001",
                usecase="MARKETING",
                status="ACTIVE",
                sharing_status="ACCEPTED",
            )

    make(10, 0)
    with CaptureQueriesContext(connection) as few:
        response = staff_client.get(SHARED_LIST)
    html = response.content.decode()
    ours = Campaign.objects.get(tcr_campaign_id="CS00003")
    assert f'<a href="/admin/tendlc/campaign/{ours.pk}/change/">CS00003</a>' in html
    assert 'class="tendlc-badge tendlc-badge-good" data-status="ACCEPTED">Accepted</span>' in html
    make(110, 10)

    with django_assert_max_num_queries(len(few)):
        assert staff_client.get(SHARED_LIST).status_code == 200


def test_nobody_adds_changes_or_deletes_shared_campaigns(compliance_admin_client):
    shared = SharedCampaign.objects.create(campaign_id="CS00001", brand_id="B1", usecase="MARKETING")

    assert compliance_admin_client.get(f"{SHARED_LIST}add/").status_code == 403
    assert compliance_admin_client.post(f"{SHARED_LIST}{shared.pk}/change/", {}).status_code == 403
    assert compliance_admin_client.get(f"{SHARED_LIST}{shared.pk}/delete/").status_code == 403
    assert compliance_admin_client.get(f"{CHANGELIST}add/").status_code == 403
