"""Dormancy: how long a provisioned campaign has been without numbers, and when Telnyx will suspend it.

Telnyx suspends a campaign registered with T-Mobile that has had no assigned numbers for 15 days
(10dlc-estate-life.md, SUSP). The count starts at the latest of:

| moment                          | where the portal holds it                                              |
|---------------------------------|------------------------------------------------------------------------|
| the campaign was provisioned    | ``campaign_provisioned_at``: the newest timeline entry of it becoming  |
|                                 | provisioned, else the newest VERIFIED event about it, else when Telnyx |
|                                 | created it, else when the portal first stored it                       |
| its last number left            | the newest ``remote_deleted_at`` of its assignment rows                |

A campaign has numbers while an assignment row not gone holds one on it (pending, assigned, or on its way
off); a failed one never was. A campaign whose T-Mobile registration is known to be absent
is never at risk; one not known either way is, since the fine is the costlier mistake.

Every read here is one query, whatever the number of campaigns: the moments are SQL expressions.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, Expression, F, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from tendlc.choices import AssignmentStatus, CampaignActivity, CampaignStatus
from tendlc.models import Campaign, PhoneNumberAssignment, StatusChange, StatusSubject, WebhookEvent

DORMANT_AFTER = timedelta(days=15)
PROVISIONED_EVENT = "VERIFIED"
# Statuses in which a number is on the campaign, or on its way to it: one pending is not warned of (if it
# fails, the warning comes back, counted from before it).
NUMBER_ON_CAMPAIGN = (
    AssignmentStatus.PENDING_ASSIGNMENT,
    AssignmentStatus.ASSIGNED,
    AssignmentStatus.PENDING_UNASSIGNMENT,
    AssignmentStatus.FAILED_UNASSIGNMENT,
)


def campaign_provisioned_at() -> Expression:
    """When the campaign (the outer row) was provisioned, as best the portal knows. The timeline knows best
    (a campaign back from a suspension was provisioned again then, not when Telnyx first verified it); a
    campaign first stored already provisioned has no such entry, so the VERIFIED event and the creation
    date stand in."""
    became_provisioned = (
        StatusChange.objects.filter(
            subject=StatusSubject.CAMPAIGN,
            record_id=OuterRef("campaign_id"),
            field="campaign_status",
            new_value=CampaignStatus.MNO_PROVISIONED,
        )
        .order_by()
        .values("record_id")
        .annotate(last=Max("changed_at"))
        .values("last")
    )
    verified = (
        WebhookEvent.objects.filter(campaign_id=OuterRef("campaign_id"), payload_type=PROVISIONED_EVENT)
        .order_by()
        .values("campaign_id")
        .annotate(last=Max("occurred_at"))
        .values("last")
    )
    return Coalesce(Subquery(became_provisioned), Subquery(verified), F("create_date"), F("recorded_at"))


def _last_number_left() -> Subquery:
    gone = (
        PhoneNumberAssignment.objects.filter(campaign=OuterRef("pk"), remote_deleted_at__isnull=False)
        .order_by()
        .values("campaign")
        .annotate(last=Max("remote_deleted_at"))
        .values("last")
    )
    return Subquery(gone)


def numbers_on(campaign_ref: OuterRef) -> Exists:
    return Exists(
        PhoneNumberAssignment.objects.filter(
            campaign=campaign_ref, remote_deleted_at=None, assignment_status__in=NUMBER_ON_CAMPAIGN
        )
    )


def campaign_list_without_numbers() -> QuerySet[Campaign]:
    """Active provisioned campaigns (not gone, not known to be off T-Mobile) with no number on them, each
    annotated with ``without_numbers_since``."""
    provisioned = campaign_provisioned_at()
    # Coalesce on both sides: GREATEST answers NULL on SQLite when either side is NULL.
    since = Greatest(provisioned, Coalesce(_last_number_left(), provisioned))
    return (
        Campaign.objects.filter(
            remote_deleted_at=None,
            status=CampaignActivity.ACTIVE,
            campaign_status=CampaignStatus.MNO_PROVISIONED,
        )
        .exclude(is_t_mobile_registered=False)
        .filter(~numbers_on(OuterRef("pk")))
        .annotate(without_numbers_since=since)
    )


def campaign_list_at_dormancy_risk() -> QuerySet[Campaign]:
    """The campaigns that will be suspended for dormancy unless a number is assigned, soonest first."""
    return campaign_list_without_numbers().order_by("without_numbers_since", "pk")


@dataclass(frozen=True)
class DormancyRisk:
    since: datetime
    suspends_at: datetime
    days_left: int

    @property
    def suspends_on(self) -> date:
        return timezone.localdate(self.suspends_at)


def dormancy_risk_at(since: datetime, *, now: datetime | None = None) -> DormancyRisk:
    """The risk of a campaign without numbers since ``since``: whole days left, rounded up (a campaign
    suspended in 3 hours has 1 day left), 0 once its time is up."""
    now = now or timezone.now()
    suspends_at = since + DORMANT_AFTER
    days_left = max(0, math.ceil((suspends_at - now) / timedelta(days=1)))
    return DormancyRisk(since, suspends_at, days_left)


def campaign_dormancy_risk(*, campaign: Campaign, now: datetime | None = None) -> DormancyRisk | None:
    """The campaign's dormancy risk, or None when it has numbers or cannot go dormant: one query."""
    found = campaign_list_without_numbers().filter(pk=campaign.pk).first()
    since: datetime | None = getattr(found, "without_numbers_since", None)
    return None if since is None else dormancy_risk_at(since, now=now)


def campaign_is_dormant(campaign: Campaign) -> bool:
    """Suspended for dormancy, so a number assigned brings it back: suspended, T-Mobile's suspension on it,
    and no number on it (a suspension that leaves numbers on is a carrier's or the registry's). One query."""
    return (
        campaign.campaign_status == CampaignStatus.TCR_SUSPENDED
        and bool(campaign.is_t_mobile_suspended)
        and campaign.status == CampaignActivity.ACTIVE
        and campaign.remote_deleted_at is None
        and not PhoneNumberAssignment.objects.filter(
            campaign=campaign, remote_deleted_at=None, assignment_status__in=NUMBER_ON_CAMPAIGN
        ).exists()
    )
