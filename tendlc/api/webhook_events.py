"""Stored webhook events over the API, read-only (Compliance admins)."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers, viewsets
from rest_framework.filters import OrderingFilter

from tendlc.api import filters
from tendlc.api.fields import label
from tendlc.api.schema import documented
from tendlc.models import (
    WebhookEvent,
)
from tendlc.selectors import search


class WebhookEventSerializer(serializers.ModelSerializer[WebhookEvent]):
    state_label = label("state")

    class Meta:
        model = WebhookEvent
        # The payload is what an admin investigates; the raw signed body adds nothing to it.
        fields = [
            "id",
            "event_id",
            "body_hash",
            "event_type",
            "payload_type",
            "campaign_id",
            "brand_id",
            "phone_number",
            "occurred_at",
            "received_at",
            "deliveries",
            "state",
            "state_label",
            "processed_at",
            "error",
            "attempts",
            "last_attempt_at",
            "next_attempt_at",
            "payload",
        ]
        read_only_fields = fields


@documented("webhook-events")
class WebhookEventViewSet(viewsets.ReadOnlyModelViewSet[WebhookEvent]):
    queryset = WebhookEvent.objects.defer("body")
    serializer_class = WebhookEventSerializer
    filterset_class = filters.WebhookEventFilter
    filter_backends = [DjangoFilterBackend, filters.WebhookEventSearchFilter, OrderingFilter]
    search_fields = search.WEBHOOK_EVENTS
    ordering_fields = ["id", "received_at", "occurred_at", "state", "event_type"]
    ordering = ["-received_at", "-id"]
