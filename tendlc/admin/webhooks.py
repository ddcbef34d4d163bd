"""Stored webhook events: read-only evidence of what Telnyx sent, with a replay action, and one marking events
of a kind the portal does not know as reviewed by a person."""

from typing import Any

import redis
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import formats, timezone
from django.utils.translation import ngettext

from tendlc.admin.attention import attention_filter
from tendlc.admin.display import LabelColumn, LongColumn
from tendlc.admin.filters import IndexedLabelledValuesFilter, PeriodFilter
from tendlc.admin.pagination import CappedPaginator
from tendlc.admin.rule_search import RuleSearchAdmin
from tendlc.admin.technical import TechnicalDetailsAdmin
from tendlc.choices import WebhookEventType, WebhookPayloadType
from tendlc.conf import APINotConfigured, api_session
from tendlc.models import WebhookEvent, WebhookEventState
from tendlc.selectors import search
from tendlc.selectors.webhook_event_search import webhook_event_search_filter
from tendlc.selectors.webhook_events import webhook_deliveries_unstored
from tendlc.services.webhook_handlers import handling_of
from tendlc.services.webhooks import webhook_event_replay, webhook_events_mark_reviewed


@admin.register(WebhookEvent)
class WebhookEventAdmin(RuleSearchAdmin, TechnicalDetailsAdmin):
    list_display = (
        "received_at",
        "event_type_label",
        "payload_type_label",
        "campaign_column",
        "phone_number",
        "state",
        "deliveries",
        "attempts",
    )
    list_display_links = ("received_at",)
    list_filter = (
        attention_filter(WebhookEvent),
        "state",
        ("event_type", IndexedLabelledValuesFilter.of(WebhookEventType)),
        ("payload_type", IndexedLabelledValuesFilter.of(WebhookPayloadType)),
        PeriodFilter.of("received_at"),
    )
    search_fields = search.WEBHOOK_EVENTS
    search_rule = staticmethod(webhook_event_search_filter)
    # Bursts bring thousands of events: counted up to a cap, never in full (tendlc.admin.pagination).
    paginator = CappedPaginator
    show_full_result_count = False
    # "Show counts" would count every choice of every filter over the whole table.
    show_facets = admin.ShowFacets.NEVER
    # The types in words; the event as Telnyx sent it is in the technical details.
    readonly_fields = tuple(
        name
        for field in WebhookEvent._meta.fields
        for name in {
            "event_type": ("event_type_label",),
            "payload_type": ("payload_type_label", "portal_handling"),
        }.get(field.name, (field.name,))
    )
    fields = readonly_fields
    technical_fields = ("payload", "body")
    event_type_label = LabelColumn("event_type", WebhookEventType, description="about")
    payload_type_label = LabelColumn("payload_type", WebhookPayloadType, description="what happened")
    campaign_column = LongColumn("campaign_id", description="campaign")
    actions = ["replay_selected", "mark_reviewed_selected"]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "GET":
            tell_of_unstored_deliveries(request)
        return super().changelist_view(request, extra_context)

    @admin.display(description="what the portal does with it")
    def portal_handling(self, obj: WebhookEvent) -> str:
        handling = handling_of(obj)
        if handling is None:
            return (
                "Nothing: the portal does not know this kind of event, so it waits for a person to review it."
            )
        return f"{handling.means}: the portal reads {' and '.join(refresh.value for refresh in handling.refreshes)} again."

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: WebhookEvent | None = None) -> bool:
        # A stored event is what Telnyx sent: it is replayed, never edited.
        return False

    def has_replay_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("tendlc.replay_webhookevent")

    @admin.action(description="Replay selected events", permissions=["replay"])
    def replay_selected(self, request: HttpRequest, queryset: QuerySet[WebhookEvent]) -> None:
        try:
            with api_session() as client:
                states = [webhook_event_replay(event=event, client=client).state for event in queryset]
        except APINotConfigured as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        failed = states.count(WebhookEventState.FAILED)
        message = ngettext("Replayed %(count)d event", "Replayed %(count)d events", len(states)) % {
            "count": len(states)
        }
        self.message_user(
            request,
            f"{message}: {len(states) - failed} processed, {failed} failed.",
            messages.WARNING if failed else messages.SUCCESS,
        )

    @admin.action(description="Mark selected events reviewed", permissions=["replay"])
    def mark_reviewed_selected(self, request: HttpRequest, queryset: QuerySet[WebhookEvent]) -> None:
        # Counted first: the selection may be the list filtered to events needing review, which marking empties.
        selected = queryset.count()
        marked = webhook_events_mark_reviewed(user=request.user, events=queryset)
        message = ngettext("Marked %(count)d event reviewed", "Marked %(count)d events reviewed", marked) % {
            "count": marked
        }
        skipped = selected - marked
        if skipped:
            message += ngettext(
                "; %(count)d was not waiting for review.", "; %(count)d were not waiting for review.", skipped
            ) % {"count": skipped}
        else:
            message += "."
        self.message_user(request, message, messages.WARNING if skipped else messages.SUCCESS)


def tell_of_unstored_deliveries(request: HttpRequest) -> None:
    """Events taken in but not stored yet are not in the list: say how many, so none looks lost."""
    try:
        waiting, oldest = webhook_deliveries_unstored()
    except redis.RedisError:
        messages.warning(
            request,
            "Webhook events received but not stored yet cannot be counted: the Redis that keeps them does not "
            "answer. The health page (/healthz/detail) says more.",
        )
        return
    if waiting and oldest is not None:
        since = formats.date_format(timezone.localtime(oldest), "DATETIME_FORMAT")
        messages.info(
            request,
            ngettext(
                "%(count)s more webhook event, received at %(since)s, is waiting for a worker to store it; it "
                "appears here once stored.",
                "%(count)s more webhook events, received since %(since)s, are waiting for a worker to store them; "
                "they appear here once stored.",
                waiting,
            )
            % {"count": f"{waiting:,}", "since": since},
        )
