"""What is at risk of stopping: campaigns Telnyx is about to suspend for dormancy, campaigns a carrier has
suspended, campaigns about to expire, numbers whose assignment is taking too long. The dashboard counts each
and links to its list, whose filter shows the rows of the very queryset counted.

| risk                        | rows                                                                      |
|-----------------------------|---------------------------------------------------------------------------|
| campaigns_dormancy          | provisioned, no numbers: suspended 15 days after (tendlc.selectors.dormancy) |
| campaigns_carrier_suspended | a carrier's operation status SUSPENDED, or T-Mobile's suspension flag     |
| campaigns_expiring          | auto-renewal off, renewal or expiration date within ``EXPIRING_WITHIN``   |
| numbers_pending_long        | assignment pending for more than ``PENDING_TOO_LONG``                     |

Every risk costs one query to count, whatever the number of rows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from tendlc.choices import AssignmentStatus, CampaignActivity, OperationStatus
from tendlc.models import Campaign, CampaignMnoStatus, PhoneNumberAssignment
from tendlc.selectors.dormancy import DormancyRisk, campaign_list_at_dormancy_risk, dormancy_risk_at

EXPIRING_WITHIN = timedelta(days=30)
# Telnyx documents no time for an assignment; carriers' mapping usually takes hours, so three days is stuck.
PENDING_TOO_LONG = timedelta(hours=72)


def campaigns_dormancy() -> QuerySet[Campaign]:
    return campaign_list_at_dormancy_risk()


def campaigns_carrier_suspended() -> QuerySet[Campaign]:
    suspended = CampaignMnoStatus.objects.filter(
        campaign=OuterRef("pk"), operation_status=OperationStatus.SUSPENDED
    )
    return Campaign.objects.filter(remote_deleted_at=None).filter(
        Q(Exists(suspended)) | Q(is_t_mobile_suspended=True)
    )


def campaigns_expiring(*, now: datetime | None = None) -> QuerySet[Campaign]:
    now = now or timezone.now()
    return Campaign.objects.filter(
        remote_deleted_at=None,
        status=CampaignActivity.ACTIVE,
        auto_renewal=False,
        next_renewal_or_expiration_date__gte=now,
        next_renewal_or_expiration_date__lte=now + EXPIRING_WITHIN,
    ).order_by("next_renewal_or_expiration_date")


def numbers_pending_long(*, now: datetime | None = None) -> QuerySet[PhoneNumberAssignment]:
    """Pending since Telnyx created the assignment, or since the portal first stored it when that is
    unknown."""
    since = (now or timezone.now()) - PENDING_TOO_LONG
    return (
        PhoneNumberAssignment.objects.filter(
            assignment_status=AssignmentStatus.PENDING_ASSIGNMENT, remote_deleted_at=None
        )
        .annotate(pending_since=Coalesce("created_at", "recorded_at"))
        .filter(pending_since__lt=since)
    )


@dataclass(frozen=True)
class Risk:
    key: str
    model: type[Model]
    rows: Callable[[], QuerySet[Any]]


RISKS = (
    Risk("campaigns_dormancy", Campaign, campaigns_dormancy),
    Risk("campaigns_carrier_suspended", Campaign, campaigns_carrier_suspended),
    Risk("campaigns_expiring", Campaign, campaigns_expiring),
    Risk("numbers_pending_long", PhoneNumberAssignment, numbers_pending_long),
)


def risk_counts() -> dict[str, int]:
    """How many rows each risk has: one query per risk."""
    return {risk.key: risk.rows().count() for risk in RISKS}


def dormancy_soonest() -> DormancyRisk | None:
    """The campaign nearest its dormancy suspension's risk, or None: one query."""
    first = campaigns_dormancy().first()
    since: datetime | None = getattr(first, "without_numbers_since", None)
    return None if since is None else dormancy_risk_at(since)
