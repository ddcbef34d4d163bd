"""The daily digest: one e-mail per user and day listing the notifications their digest subscriptions gathered.

Beat runs ``digests_send`` every hour; each run sends the digests of the day before (the portal's time zone)
not yet sent, so a missed hour, a worker down at midnight or a run late by hours still sends each day's digest.
Several workers may run it at once: a digest is sent by whoever creates its ``DigestRun`` row (unique per
user and day, created in its own transaction), and nobody else. A digest whose e-mail fails gives its row
back, so the next hour tries again.
"""

import logging
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from tendlc.models import DeliveryMode, DigestRun, Notification
from tendlc.services.notification_content import occurrence_content
from tendlc.services.notifications import EMAIL_SUBJECT_PREFIX

logger = logging.getLogger(__name__)


def digest_day(now: datetime) -> date:
    """The day whose digest is due at ``now``: the day before, in the portal's time zone."""
    return timezone.localtime(now).date() - timedelta(days=1)


def digests_send(*, now: datetime | None = None) -> int:
    """Send the digests due at ``now`` (by default the present) that nobody sent; answer how many were sent."""
    day = digest_day(now or timezone.now())
    zone = timezone.get_default_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = start + timedelta(days=1)
    users = User.objects.filter(
        is_active=True,
        notification_subscriptions__mode=DeliveryMode.DAILY_DIGEST,
        notification_subscriptions__email=True,
    ).distinct()
    sent = 0
    for user in users.order_by("pk"):
        run = _claim(user, day)
        if run is None:
            continue
        notifications = list(
            Notification.objects.filter(
                recipient=user, digest=True, created_at__gte=start, created_at__lt=end
            ).select_related("occurrence")
        )
        try:
            if notifications and user.email:
                _email(user, day, notifications)
                sent += 1
        except (OSError, ValueError):
            logger.warning("The digest of %s for %s could not be sent", user.pk, day, exc_info=True)
            run.delete()
            continue
        run.notifications, run.sent_at = len(notifications), timezone.now()
        run.save(update_fields=["notifications", "sent_at"])
    return sent


def _claim(user: User, day: date) -> DigestRun | None:
    try:
        with transaction.atomic():
            return DigestRun.objects.create(user=user, day=day)
    except IntegrityError:
        return None


def _email(user: User, day: date, notifications: list[Notification]) -> None:
    contents = [occurrence_content(n.occurrence) for n in sorted(notifications, key=lambda n: n.occurred_at)]
    context = {"day": day, "contents": contents, "portal": settings.PORTAL_PUBLIC_URL}
    message = EmailMultiAlternatives(
        subject=f"{EMAIL_SUBJECT_PREFIX}Your notifications of {day:%Y-%m-%d}: {len(contents)}",
        body=render_to_string("notifications/digest.txt", context),
        to=[user.email],
    )
    message.attach_alternative(render_to_string("notifications/digest.html", context), "text/html")
    message.send()
