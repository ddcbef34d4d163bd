"""The link checks in the admin: "Check links" on a campaign's page queues a check whose progress and results
the Links panel shows; the builder checks the links typed before submission and shows the results at their
fields; a check's progress is answered only to who may see it."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tendlc.models import LinkCheckRun
from tendlc.tasks import link_checks as tasks
from tests.factories import BrandFactory, CampaignFactory
from tests.fixtures.campaigns import CLEAN_CONTENT, content_post
from tests.link_pages_html import HOME, PRIVACY, PRIVACY_WITHOUT_CLAUSE, SIGN_IN, TERMS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("link_checks_reach_local_sites", "link_check_snapshots"),
]

LIST = "/admin/tendlc/campaign/"
BUILD = f"{LIST}build/"


@pytest.fixture
def link_checks_run_at_once(monkeypatch):
    """A queued check is performed at once, as a worker would, once the request's transaction commits."""
    monkeypatch.setattr(
        tasks.check_links, "apply_async", lambda args, **options: tasks.check_links.apply(args=args)
    )


def page(campaign, action="change"):
    return f"{LIST}{campaign.pk}/{action}/"


def links_panel(response):
    return next(panel for panel in response.context["object_panels"] if panel.title == "Links")


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_before_any_check_the_panel_says_what_the_action_does(staff_client):
    campaign = CampaignFactory()

    response = staff_client.get(page(campaign))

    assert links_panel(response).context == {"run": None}
    assert "No link check yet" in response.content.decode()
    tool = {"label": "Check links", "url": page(campaign, "check-links"), "one_click": True}
    assert tool in response.context["object_actions"]


@pytest.mark.usefixtures("link_checks_run_at_once")
def test_checking_links_shows_each_result_with_its_findings_in_the_panel(
    staff_client, staff_user, local_sites, django_capture_on_commit_callbacks
):
    site = local_sites()
    campaign = CampaignFactory(
        brand=BrandFactory(website=site.page("/", HOME)),
        privacy_policy_link=site.page("/privacy", PRIVACY_WITHOUT_CLAUSE),
        terms_and_conditions_link=site.page("/terms", SIGN_IN),
        message_flow="Customers text JOIN to 55555.",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(page(campaign, "check-links"))
    followed = staff_client.get(response["Location"])

    run = LinkCheckRun.objects.get()
    assert (run.campaign, run.started_by, run.state) == (campaign, staff_user, "done")
    assert messages_of(followed) == ["Checking 3 link(s): the Links panel shows each as it is opened."]
    panel = links_panel(followed).context
    assert panel["progress"]["label"] == "Checked 3 links."
    assert [
        (row["label"], row["verdict"], [f["rule"] for f in row["findings"]]) for row in panel["rows"]
    ] == [
        ("Brand website", "Opened, nothing to change", []),
        ("Privacy policy", "Opened, with findings", ["link.privacy.no_sharing"]),
        ("Terms and conditions", "Opened, with findings", ["link.login_wall"]),
    ]
    html = followed.content.decode()
    assert "The privacy policy does not say that mobile numbers and text opt-in data are not shared" in html
    assert "shows a sign-in page: reviewers must be able to read it without an account" in html
    assert 'data-progress-finished="true"' in html


def test_a_running_check_is_followed_live(staff_client, local_sites):
    campaign = CampaignFactory()
    run = LinkCheckRun.objects.create(
        campaign=campaign, trigger="campaign_page", url_count=3, state="running"
    )

    html = staff_client.get(page(campaign)).content.decode()
    progress = staff_client.get(f"{LIST}link-checks/{run.pk}/progress/").json()

    assert f'data-progress-url="{LIST}link-checks/{run.pk}/progress/"' in html
    assert 'data-progress-finished="false"' in html
    assert "/static/tendlc/progress.js" in html
    assert progress == {
        "finished": False,
        "state": "running",
        "done": 0,
        "total": 3,
        "percent": 0,
        "label": "Checking links: 0 of 3 done.",
    }


def test_a_redirect_to_another_site_shows_its_hops(
    staff_client, local_sites, link_checks_run_at_once, django_capture_on_commit_callbacks
):
    here, elsewhere = local_sites("localhost"), local_sites("127.0.0.1")
    final = elsewhere.page("/hosted-policy", PRIVACY)
    campaign = CampaignFactory(
        brand=BrandFactory(website=""), privacy_policy_link=here.redirect("/privacy", final), message_flow=""
    )

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(page(campaign, "check-links"))
    html = staff_client.get(page(campaign)).content.decode()

    assert "Followed 1 redirect" in html
    assert f"<li>{here.url('/privacy')} (302)</li><li>{final} (200)</li>" in html
    assert "redirects to another site" in html


def test_without_the_permission_the_action_is_refused(db, local_sites):
    browser = Client()
    browser.force_login(User.objects.create_user("no-role", password="pw", is_staff=True))
    campaign = CampaignFactory()

    assert browser.post(page(campaign, "check-links")).status_code == 403
    assert not LinkCheckRun.objects.exists()


def test_a_builder_s_check_is_answered_only_to_who_started_it(
    staff_client, staff_user, compliance_admin_client
):
    run = LinkCheckRun.objects.create(builder_run="a" * 32, trigger="builder", started_by=staff_user)
    progress = f"{LIST}link-checks/{run.pk}/progress/"

    assert staff_client.get(progress).status_code == 200
    assert compliance_admin_client.get(progress).status_code == 403


# --- the builder -----------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("link_checks_run_at_once")
def test_the_builder_checks_the_links_typed_and_shows_results_at_their_fields(
    staff_client, portal_api, registered_brand, local_sites, django_capture_on_commit_callbacks
):
    site = local_sites()
    registered_brand.website = ""
    registered_brand.save()
    run_id = staff_client.get(BUILD)["Location"].removeprefix(BUILD).split("/")[0]
    staff_client.post(f"{BUILD}{run_id}/brand/", {"brand": registered_brand.pk})
    staff_client.post(f"{BUILD}{run_id}/usecase/", {"usecase": "CUSTOMER_CARE"})
    typed = {
        **CLEAN_CONTENT,
        "privacy_policy_link": site.page("/privacy", PRIVACY),
        "terms_and_conditions_link": site.page("/terms", TERMS.replace("Reply HELP for help. ", "")),
        "description": "",  # invalid: the check runs on what is typed, valid or not
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"{BUILD}{run_id}/content/", {**content_post(typed), "_check_links": "1"}
        )
    shown = staff_client.get(response["Location"])

    assert response["Location"] == f"{BUILD}{run_id}/content/"
    check = LinkCheckRun.objects.get()
    assert (check.builder_run, check.campaign, check.state) == (run_id, None, "done")
    at_fields = {field.name: links for _, group in shown.context["fieldsets"] for field, _, links in group}
    assert [row["verdict"] for row in at_fields["privacy_policy_link"]] == ["Opened, nothing to change"]
    assert [f["rule"] for row in at_fields["terms_and_conditions_link"] for f in row["findings"]] == [
        "link.terms.sms"
    ]
    assert shown.context["form"]["description"].value() == ""
    assert "how to get help (HELP)" in shown.content.decode()
