"""Reads of the audit log."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from tendlc.models import AuditEntry


def audit_list_for(target: models.Model) -> models.QuerySet[AuditEntry]:
    """The entries about ``target``, newest first, for its page."""
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("user")
