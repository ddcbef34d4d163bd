"""What a campaign registers besides its brand: its content fields, their labels and help texts, and the one
declaration of how they are grouped, which of them are flags, links or prose, and which the API lets change
after submission.

This module owns that decision. The campaign builder's form and pages, both admins' fieldsets, the REST API's
serializer and the mapping's wire tuples are derived from it; ``tendlc.compliance.wire`` keeps its own
wire-named copy (it imports no Django) and ``tests/models/test_campaign_content.py`` holds every derived list
equal to this one.

The webhook URLs count as content: they are registered with the submission, carried by partner campaigns
too, and changed by the same update. ``subscriber_help`` and ``auto_renewal`` are submitted like the other
flags, but only our campaigns carry them (partner campaigns' payloads do not), so they are columns of
``Campaign`` rather than of the abstract ``CampaignContent``.
"""

from dataclasses import dataclass
from typing import Final

from django.db import models

from tendlc.choices import CampaignStatus


@dataclass(frozen=True)
class ContentGroup:
    """A titled group of content fields, in the order every page shows them."""

    title: str
    fields: tuple[str, ...]


SAMPLE_FIELDS: Final = ("sample1", "sample2", "sample3", "sample4", "sample5")
FLAG_FIELDS: Final = (
    "embedded_link", "embedded_phone", "number_pool", "age_gated", "direct_lending", "subscriber_optin",
    "subscriber_optout", "subscriber_help", "auto_renewal", "terms_and_conditions",
)  # fmt: skip
KEYWORDS_AND_REPLIES: Final = (
    "help_message", "help_keywords", "optin_message", "optin_keywords", "optout_message", "optout_keywords",
)  # fmt: skip
CONTENT_GROUPS: Final = (
    ContentGroup("Description", ("description", "sub_usecases", "message_flow")),
    ContentGroup("Sample messages", SAMPLE_FIELDS),
    ContentGroup("Keywords and replies", KEYWORDS_AND_REPLIES),
    ContentGroup("Links", ("privacy_policy_link", "terms_and_conditions_link", "embedded_link_sample")),
    ContentGroup("Flags", FLAG_FIELDS),
    ContentGroup("Webhooks", ("webhook_url", "webhook_failover_url")),
)
CONTENT_FIELDS: Final = tuple(name for group in CONTENT_GROUPS for name in group.fields)
# Partner campaigns' payloads do not carry these; every other content field is on both models.
CAMPAIGN_ONLY_FIELDS: Final = ("subscriber_help", "auto_renewal")
SHARED_CONTENT_FIELDS: Final = tuple(name for name in CONTENT_FIELDS if name not in CAMPAIGN_ONLY_FIELDS)


# Typed as URLs: the API takes only http and https.
LINK_FIELDS: Final = (
    "privacy_policy_link",
    "terms_and_conditions_link",
    "webhook_url",
    "webhook_failover_url",
)
# What a reviewer reads as prose: compliance scans their words for prohibited terms, shorteners and placeholders.
PROSE_FIELDS: Final = (
    "description", "message_flow", *SAMPLE_FIELDS, "help_message", "optin_message", "optout_message",
    "embedded_link_sample",
)  # fmt: skip
# What the API changes after submission (C5, reference §2.4): these content fields and the reseller.
CAMPAIGN_UPDATABLE_FIELDS: Final = (
    *SAMPLE_FIELDS, "message_flow", "help_message", "auto_renewal", "reseller_id", "webhook_url",
    "webhook_failover_url",
)  # fmt: skip


def content_groups(*, leaving_out: tuple[str, ...] = ()) -> tuple[ContentGroup, ...]:
    """The groups without the fields ``leaving_out`` names, and without the groups that leaves empty: what a
    page shows elsewhere (a campaign's updatable fields) or a model lacks (a partner campaign)."""
    groups = (
        ContentGroup(group.title, tuple(name for name in group.fields if name not in leaving_out))
        for group in CONTENT_GROUPS
    )
    return tuple(group for group in groups if group.fields)


class CampaignContent(models.Model):
    """The message content and flags a campaign registers, shared by our campaigns and partner campaigns."""

    usecase = models.CharField(
        max_length=50,
        db_index=True,
        verbose_name="use case",
        help_text="What the campaign is for, e.g. marketing or customer care.",
    )
    sub_usecases = models.JSONField(
        default=list,
        blank=True,
        verbose_name="sub use cases",
        help_text="What a mixed campaign sends, within the qualified range.",
    )
    description = models.TextField(
        blank=True,
        verbose_name="description",
        help_text="Who sends what to whom, and why (at least 40 characters).",
    )
    message_flow = models.TextField(
        blank=True,
        verbose_name="message flow",
        help_text="How subscribers opt in: the web page URL, the keyword, the form, and what they are told.",
    )
    sample1 = models.TextField(
        blank=True,
        verbose_name="sample 1",
        help_text="A message exactly as subscribers receive it, naming the brand.",
    )
    sample2 = models.TextField(blank=True, verbose_name="sample 2", help_text="Another message as sent.")
    sample3 = models.TextField(
        blank=True, verbose_name="sample 3", help_text="Another message as sent; optional."
    )
    sample4 = models.TextField(
        blank=True, verbose_name="sample 4", help_text="Another message as sent; optional."
    )
    sample5 = models.TextField(
        blank=True, verbose_name="sample 5", help_text="Another message as sent; optional."
    )
    help_message = models.TextField(
        blank=True,
        verbose_name="help message",
        help_text="The reply to HELP: the brand, a contact, how to opt out.",
    )
    help_keywords = models.CharField(
        max_length=255,
        blank=True,
        verbose_name="help keywords",
        help_text="Comma-separated, no spaces, e.g. HELP,INFO.",
    )
    optin_message = models.TextField(
        blank=True,
        verbose_name="opt-in message",
        help_text="Sent on opt-in: brand, frequency, rates, HELP and STOP.",
    )
    optin_keywords = models.CharField(
        max_length=255,
        blank=True,
        verbose_name="opt-in keywords",
        help_text="Comma-separated, no spaces, e.g. START,JOIN.",
    )
    optout_message = models.TextField(
        blank=True,
        verbose_name="opt-out message",
        help_text="The reply to STOP: the brand, and that no more messages follow.",
    )
    optout_keywords = models.CharField(
        max_length=255,
        blank=True,
        verbose_name="opt-out keywords",
        help_text="Comma-separated, no spaces, e.g. STOP,END,CANCEL,UNSUBSCRIBE,QUIT.",
    )
    privacy_policy_link = models.CharField(
        max_length=2000,
        blank=True,
        verbose_name="privacy policy",
        help_text="A page on the brand's site reviewers can open.",
    )
    terms_and_conditions_link = models.CharField(
        max_length=2000,
        blank=True,
        verbose_name="terms and conditions",
        help_text="A page on the brand's site reviewers can open.",
    )
    embedded_link_sample = models.TextField(
        blank=True,
        verbose_name="embedded link sample",
        help_text="A link the messages carry, when they carry one.",
    )
    terms_and_conditions = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="terms accepted",
        help_text="The brand accepts the 10DLC terms and conditions.",
    )
    age_gated = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="age gated",
        help_text="Content for adults only (alcohol, firearms...), behind an age check.",
    )
    direct_lending = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="direct lending",
        help_text="The messages offer loans or lending arrangements.",
    )
    embedded_link = models.BooleanField(
        null=True, blank=True, verbose_name="embedded link", help_text="The messages carry links."
    )
    embedded_phone = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="embedded phone",
        help_text="The messages carry phone numbers other than the sender's.",
    )
    number_pool = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="number pool",
        help_text="The campaign sends from more than 49 numbers.",
    )
    subscriber_optin = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="subscriber opt-in",
        help_text="Subscribers opt in before the first message.",
    )
    subscriber_optout = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="subscriber opt-out",
        help_text="Subscribers can opt out by keyword.",
    )
    campaign_status = models.CharField(
        max_length=30,
        choices=CampaignStatus.choices,
        blank=True,
        db_index=True,
        verbose_name="campaign status",
        help_text="Where the campaign is in registry, Telnyx and carrier review.",
    )
    failure_reasons = models.TextField(
        blank=True,
        verbose_name="failure reasons",
        help_text="Why the registry, Telnyx or a carrier refused the campaign, as reported.",
    )
    webhook_url = models.CharField(
        max_length=2000,
        blank=True,
        verbose_name="webhook URL",
        help_text="Where Telnyx sends this campaign's status changes.",
    )
    webhook_failover_url = models.CharField(
        max_length=2000,
        blank=True,
        verbose_name="webhook failover URL",
        help_text="Tried when the webhook URL fails.",
    )
    assigned_phone_numbers_count = models.PositiveIntegerField(
        null=True,
        blank=True,
        verbose_name="numbers",
        help_text="Phone numbers assigned to it, as the API last reported.",
    )

    class Meta:
        abstract = True

    @property
    def samples(self) -> list[str]:
        return [text for name in SAMPLE_FIELDS if (text := getattr(self, name))]
