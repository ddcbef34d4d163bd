"""The inbox's bell in every admin page's header: the person's unread notifications counted in one query,
linking to them (to the unread ones while there are some)."""

from typing import Any

from django import template
from django.urls import reverse

from tendlc.selectors.inbox import inbox_unread_count

register = template.Library()


@register.inclusion_tag("admin/tendlc/notifications/bell.html", takes_context=True)
def inbox_bell(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    count = inbox_unread_count(user=request.user) if request is not None else 0
    url = reverse("admin:tendlc_notification_changelist")
    return {"count": count, "url": f"{url}?read=no" if count else url}
