"""Reads about external vettings, and which of them are still worth polling.

A vetting is worth polling while it has no ``vettedDate`` (ordered, not complete or not valid), is not gone
remotely, and was recorded by the portal less than ``VETTING_POLL_WINDOW`` ago. The API lists only complete,
valid vettings (V1), so one that failed looks like one still under way: the window ends the polling of those.
Providers complete a standard vetting within minutes to hours; one that takes longer is read by the brand's
"Refresh vettings". The age is measured on the portal's own clock (``recorded_at``), as for SMS OTPs.
"""

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from tendlc.models import Brand, ExternalVetting

VETTING_POLL_WINDOW = timedelta(hours=24)


def vetting_list_pending(*, now: datetime | None = None) -> QuerySet[ExternalVetting]:
    """The vettings a poll waits for, oldest first."""
    cutoff = (now or timezone.now()) - VETTING_POLL_WINDOW
    return ExternalVetting.objects.filter(
        vetted_date=None, remote_deleted_at=None, recorded_at__gte=cutoff
    ).order_by("pk")


def vetting_brands_pending(*, now: datetime | None = None) -> QuerySet[Brand]:
    """The brands with a vetting a poll waits for (one V1 read each), oldest first."""
    return Brand.objects.filter(
        pk__in=vetting_list_pending(now=now).values("brand_id"), remote_deleted_at=None
    ).order_by("pk")
