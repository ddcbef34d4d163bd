"""A link check of a campaign or of builder content, run against local sites: what each link answered, its
findings at the field, a snapshot of the page, a link that went down since the last check, and the weekly
check of live campaigns in batches."""

import pytest
from django.core import mail
from django.core.files.storage import default_storage

from tendlc.models import AuditEntry, LinkCheckResult, LinkCheckRun, Notification, NotificationKind
from tendlc.models.evidence import EvidenceKind
from tendlc.services import link_checks
from tendlc.services.link_checks import (
    builder_link_check_start,
    campaign_link_check_start,
    link_check_perform,
    live_campaign_link_batches,
    live_campaign_links_check,
)
from tendlc.tasks import link_checks as tasks
from tests.factories import BrandFactory, CampaignFactory
from tests.fixtures.notifications import person, subscribe
from tests.link_pages_html import HOME, OPT_IN, PRIVACY, TERMS, TERMS_WITHOUT_KEYWORDS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("link_checks_reach_local_sites", "link_check_snapshots"),
]


@pytest.fixture
def queued_link_checks(monkeypatch):
    """The checks a service queued, performed at once as a worker would."""
    queued = []

    def apply_async(args, **options):
        queued.append(args)
        return tasks.check_links.apply(args=args)

    monkeypatch.setattr(tasks.check_links, "apply_async", apply_async)
    return queued


def acme_campaign(site, **content):
    brand = BrandFactory(website=site.page("/", HOME))
    pages = {
        "privacy_policy_link": site.page("/privacy", PRIVACY),
        "terms_and_conditions_link": site.page("/terms", TERMS),
        "message_flow": f"Patients opt in on the booking form at {site.page('/book', OPT_IN)} by ticking a box.",
    }
    return CampaignFactory(brand=brand, **{**pages, **content})


def outcomes(run):
    return {
        (result.field, result.outcome, result.http_status): [f["rule"] for f in result.findings]
        for result in run.results.all()
    }


def test_a_campaign_s_pages_with_the_right_clauses_find_nothing(
    local_sites, staff_user, queued_link_checks, django_capture_on_commit_callbacks
):
    site = local_sites()
    campaign = acme_campaign(site)

    with django_capture_on_commit_callbacks(execute=True):
        run = campaign_link_check_start(campaign=campaign, user=staff_user)

    run.refresh_from_db()
    assert (run.state, run.url_count, run.trigger, run.started_by) == ("done", 4, "campaign_page", staff_user)
    assert outcomes(run) == {
        ("website", "ok", 200): [],
        ("privacyPolicyLink", "ok", 200): [],
        ("termsAndConditionsLink", "ok", 200): [],
        ("messageFlow", "ok", 200): [],
    }
    assert sorted(site.requested) == ["/", "/book", "/privacy", "/terms"]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.target_id, entry.request_summary) == (
        "campaign.check_links",
        "succeeded",
        str(campaign.pk),
        {"links": 4},
    )


def test_each_result_keeps_its_findings_hops_and_a_snapshot_of_the_page(local_sites):
    site = local_sites()
    campaign = acme_campaign(
        site,
        terms_and_conditions_link=site.page("/terms-of-service", TERMS_WITHOUT_KEYWORDS),
        privacy_policy_link=site.redirect("/privacy-old", site.url("/missing")),
    )
    run = LinkCheckRun.objects.create(campaign=campaign, brand=campaign.brand, trigger="campaign_page")

    link_check_perform(
        run=run, targets=link_checks._targets_stored(link_checks.campaign_link_targets(campaign=campaign))
    )

    assert outcomes(run) == {
        ("website", "ok", 200): [],
        ("privacyPolicyLink", "http_error", 404): ["link.unreachable"],
        ("termsAndConditionsLink", "ok", 200): ["link.terms.sms"],
        ("messageFlow", "ok", 200): [],
    }
    privacy = run.results.get(field="privacyPolicyLink")
    assert privacy.hops == [
        {"url": site.url("/privacy-old"), "status": 302},
        {"url": site.url("/missing"), "status": 404},
    ]
    assert (privacy.final_url, privacy.detail, privacy.evidence) == (
        site.url("/missing"),
        "the site answered 404",
        None,
    )
    # A campaign's page is kept in its evidence folder, where a carrier's request for proof is answered from.
    terms = run.results.get(field="termsAndConditionsLink")
    assert not terms.snapshot
    assert (terms.evidence.campaign, terms.evidence.kind, terms.evidence.source_url) == (
        campaign,
        EvidenceKind.PAGE_SNAPSHOT,
        site.url("/terms-of-service"),
    )
    with terms.evidence.file.open() as kept:
        assert kept.read() == TERMS_WITHOUT_KEYWORDS.encode()


def test_a_link_that_went_down_since_the_last_check_is_newly_failing(
    local_sites, staff_user, queued_link_checks, django_capture_on_commit_callbacks
):
    site = local_sites()
    campaign = acme_campaign(site, embedded_link_sample="")
    with django_capture_on_commit_callbacks(execute=True):
        campaign_link_check_start(campaign=campaign, user=staff_user)
    del site.pages["/privacy"]
    site.pages["/terms"].status = 500
    del site.pages["/book"]

    with django_capture_on_commit_callbacks(execute=True):
        second = campaign_link_check_start(campaign=campaign, user=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        third = campaign_link_check_start(campaign=campaign, user=staff_user)

    assert sorted(second.results.filter(newly_failing=True).values_list("field", flat=True)) == [
        "messageFlow",
        "privacyPolicyLink",
        "termsAndConditionsLink",
    ]
    # Still down a week later: known, not new.
    assert not third.results.filter(newly_failing=True).exists()
    assert third.results.filter(outcome="http_error").count() == 3


def test_builder_content_is_checked_before_the_campaign_exists(
    local_sites, staff_user, queued_link_checks, django_capture_on_commit_callbacks
):
    site = local_sites()
    brand = BrandFactory(website="")
    content = {
        "privacy_policy_link": site.page("/privacy", "<h1>Privacy</h1>"),
        "message_flow": "Text JOIN to 55555.",
    }

    with django_capture_on_commit_callbacks(execute=True):
        run = builder_link_check_start(brand=brand, content=content, builder_run="b" * 32, user=staff_user)

    run.refresh_from_db()
    assert (run.campaign, run.builder_run, run.trigger, run.state) == (None, "b" * 32, "builder", "done")
    assert outcomes(run) == {("privacyPolicyLink", "ok", 200): ["link.privacy.no_sharing"]}
    # No campaign, so no evidence folder yet: the page is kept on the result.
    privacy = run.results.get()
    assert privacy.evidence is None
    with default_storage.open(privacy.snapshot.name) as kept:
        assert kept.read() == b"<h1>Privacy</h1>"
    assert AuditEntry.objects.get().request_summary == {"builder_run": "b" * 32, "links": 1}


def test_a_redelivered_check_does_not_fetch_again_what_it_stored(local_sites):
    site = local_sites()
    campaign = acme_campaign(site)
    run = LinkCheckRun.objects.create(campaign=campaign, brand=campaign.brand, trigger="weekly")
    targets = link_checks._targets_stored(link_checks.campaign_link_targets(campaign=campaign))
    link_check_perform(run=run, targets=targets[:2])
    site.requested.clear()

    link_check_perform(run=run, targets=targets)

    assert sorted(site.requested) == ["/book", "/terms"]
    assert run.results.count() == 4


def test_a_queue_that_is_down_leaves_the_check_failed_with_a_reason(
    monkeypatch, local_sites, staff_user, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    def down(*args, **kwargs):
        raise OperationalError("broker down")

    monkeypatch.setattr(tasks.check_links, "apply_async", down)
    campaign = acme_campaign(local_sites())

    with django_capture_on_commit_callbacks(execute=True):
        run = campaign_link_check_start(campaign=campaign, user=staff_user)

    run.refresh_from_db()
    assert (run.state, run.error) == ("failed", link_checks.QUEUE_DOWN)


# --- the weekly check ------------------------------------------------------------------------------------------


def test_live_campaigns_are_checked_in_batches_and_others_left_out(settings):
    settings.LINK_CHECK_BATCH_SIZE = 2
    live = [CampaignFactory().pk for _ in range(5)]
    CampaignFactory(campaign_status="MNO_REJECTED")
    CampaignFactory(campaign_status="TCR_PENDING")

    assert live_campaign_link_batches() == [live[0:2], live[2:4], live[4:5]]


def test_a_weekly_batch_checks_each_live_campaign_and_counts_the_newly_failing(local_sites):
    site = local_sites()
    first, second = acme_campaign(site), acme_campaign(site)
    rejected = acme_campaign(site, campaign_status="MNO_REJECTED")
    live_campaign_links_check(campaign_pks=[first.pk, second.pk, rejected.pk])
    del site.pages["/privacy"]

    batch = live_campaign_links_check(campaign_pks=[first.pk, second.pk, rejected.pk])

    assert (batch.checked, batch.newly_failing) == (2, 2)
    assert not rejected.link_check_runs.exists()
    assert set(LinkCheckRun.objects.values_list("trigger", "state").distinct()) == {("weekly", "done")}
    assert LinkCheckResult.objects.filter(newly_failing=True, field="privacyPolicyLink").count() == 2


def test_the_weekly_task_queues_one_batch_task_per_batch(monkeypatch, settings, local_sites):
    settings.LINK_CHECK_BATCH_SIZE = 1
    site = local_sites()
    campaigns = [acme_campaign(site), acme_campaign(site)]
    answered = []
    monkeypatch.setattr(
        tasks.check_live_campaign_links_batch,
        "delay",
        lambda pks: answered.append(tasks.check_live_campaign_links_batch.apply(args=[pks]).result),
    )

    assert tasks.check_live_campaign_links.apply().result == 2
    assert answered == [{"checked": 1, "newly_failing": 0}, {"checked": 1, "newly_failing": 0}]
    assert [campaign.link_check_runs.count() for campaign in campaigns] == [1, 1]


@pytest.mark.usefixtures("eager_notifications")
def test_a_page_gone_down_is_told_once_to_its_subscribers(
    local_sites, staff_user, queued_link_checks, django_capture_on_commit_callbacks
):
    site = local_sites()
    campaign = acme_campaign(site, embedded_link_sample="")
    with django_capture_on_commit_callbacks(execute=True):
        campaign_link_check_start(campaign=campaign, user=staff_user)
    subscribe(person("ada"), NotificationKind.LINK_DOWN)
    del site.pages["/privacy"]

    for _ in range(2):  # this week, when the page went down; next week, still down
        with django_capture_on_commit_callbacks(execute=True):
            campaign_link_check_start(campaign=campaign, user=staff_user)

    notification = Notification.objects.get()
    assert (notification.recipient.username, notification.campaign_id) == ("ada", campaign.campaign_id)
    assert notification.title == f"The privacy policy of campaign {campaign.campaign_id} no longer opens"
    assert (
        f"({site.url('/privacy')}), which the last check opened: the site answered 404" in notification.body
    )
    assert "run Check links on the campaign's page" in notification.body
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]
