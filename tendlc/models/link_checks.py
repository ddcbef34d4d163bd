"""The link checks: each run over the pages a campaign links to (its website, privacy policy, terms, opt-in
page, the link its messages carry), and what each URL answered, with a snapshot of the page."""

from django.conf import settings
from django.db import models

from tendlc.models.brands import Brand
from tendlc.models.campaigns import Campaign
from tendlc.models.evidence import CampaignEvidence


class LinkCheckTrigger(models.TextChoices):
    CAMPAIGN_PAGE = "campaign_page", "Campaign page"
    BUILDER = "builder", "Campaign builder"
    WEEKLY = "weekly", "Weekly check"


class LinkCheckState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Checking"
    DONE = "done", "Done"
    FAILED = "failed", "Could not finish"


class LinkOutcome(models.TextChoices):
    # The values are tendlc.services.link_fetch's outcomes.
    OK = "ok", "Opened"
    REFUSED = "refused", "Address refused"
    DNS = "dns", "Site name does not exist"
    CONNECTION = "connection", "No connection"
    TIMEOUT = "timeout", "Too slow"
    TOO_LARGE = "too_large", "Page too large"
    HTTP_ERROR = "http_error", "The site answered"
    REDIRECTS = "redirects", "Too many redirects"


class LinkCheckRun(models.Model):
    """One check of a campaign's links: of a campaign (on demand or weekly), or of content in the campaign
    builder not submitted yet (then ``builder_run`` names the builder's run and ``campaign`` is empty)."""

    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="link_check_runs",
        verbose_name="campaign",
    )
    brand = models.ForeignKey(
        Brand,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="link_check_runs",
        verbose_name="brand",
        help_text="The brand whose website was checked.",
    )
    builder_run = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        verbose_name="builder run",
        help_text="The campaign builder's run whose content was checked, before it was submitted.",
    )
    trigger = models.CharField(
        max_length=20,
        choices=LinkCheckTrigger.choices,
        verbose_name="started from",
        help_text="Where the check was started.",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="started by",
        help_text="Who started it; empty when the weekly check did.",
    )
    state = models.CharField(
        max_length=20,
        choices=LinkCheckState.choices,
        default=LinkCheckState.QUEUED,
        db_index=True,
        verbose_name="state",
        help_text="Where the check stands.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="requested")
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name="finished")
    url_count = models.PositiveSmallIntegerField(
        default=0, verbose_name="links", help_text="How many links the check opens."
    )
    error = models.TextField(blank=True, verbose_name="error", help_text="Why the check could not finish.")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "link check"

    def __str__(self) -> str:
        return f"Link check {self.created_at:%Y-%m-%d %H:%M}: {self.get_state_display()}"

    @property
    def finished(self) -> bool:
        return self.state in (LinkCheckState.DONE, LinkCheckState.FAILED)


class LinkCheckResult(models.Model):
    """What one URL answered: the outcome, each hop of its redirects, the findings at its field, and a
    snapshot of the page as fetched."""

    run = models.ForeignKey(
        LinkCheckRun, on_delete=models.CASCADE, related_name="results", verbose_name="link check"
    )
    field = models.CharField(
        max_length=50,
        verbose_name="field",
        help_text="The campaign's field that gives the link (its privacy policy, terms, message flow or sample message), or the brand's website.",
    )
    kind = models.CharField(
        max_length=20,
        verbose_name="page",
        help_text="What the page is for: website, privacy, terms, opt_in or embedded.",
    )
    url = models.CharField(max_length=2000, verbose_name="URL", help_text="The link as given.")
    outcome = models.CharField(
        max_length=20,
        choices=LinkOutcome.choices,
        verbose_name="outcome",
        help_text="Whether the page opened, and if not why.",
    )
    http_status = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name="HTTP status", help_text="The last answer's status code."
    )
    final_url = models.CharField(
        max_length=2000, blank=True, verbose_name="final URL", help_text="Where the redirects ended."
    )
    hops = models.JSONField(
        default=list, blank=True, verbose_name="redirects", help_text="Each request made: url and status."
    )
    detail = models.TextField(
        blank=True, verbose_name="detail", help_text="Why it did not open, in plain words."
    )
    findings = models.JSONField(
        default=list,
        blank=True,
        verbose_name="findings",
        help_text="Each finding: rule, severity, fields (wire names), message, reference.",
    )
    newly_failing = models.BooleanField(
        default=False,
        db_index=True,
        verbose_name="newly failing",
        help_text="The campaign's previous check opened this link and this one did not: the site went down.",
    )
    fetched_at = models.DateTimeField(verbose_name="fetched")
    snapshot = models.FileField(
        upload_to="link-checks/%Y/%m/",
        blank=True,
        max_length=255,
        verbose_name="page snapshot",
        help_text="The page's HTML as fetched (up to the size limit), for a check of the builder's content.",
    )
    evidence = models.ForeignKey(
        CampaignEvidence,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="page kept as evidence",
        help_text="A campaign's page as fetched, kept in its evidence folder (an unchanged page is kept once).",
    )

    class Meta:
        ordering = ["run", "id"]
        verbose_name = "link check result"

    def __str__(self) -> str:
        return f"{self.url}: {self.get_outcome_display()}"

    @property
    def opened(self) -> bool:
        return self.outcome == LinkOutcome.OK
