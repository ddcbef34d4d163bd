"""List filters of the read endpoints: the admin's list filters and search, under our field names.

Related objects are filtered by their local id (``brand=12``, the id of ``/api/v1/brands/12/``) and, where the
admin's filter shows them so, by their 10DLC id too (``brand_id=<Telnyx brand id>``).

Times are taken in ISO 8601 with any offset Python reads (up to ±23:59) and compared in UTC: PostgreSQL
refuses an offset beyond ±15:59, and a time whose UTC is outside years 1 to 9999 fits no database, so such a
time is refused at its parameter (400) instead of reaching the query (``TimeFilter``).
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from rest_framework.filters import SearchFilter
from rest_framework.request import Request

from tendlc.choices import Vertical
from tendlc.models import (
    AssignmentTask,
    AuditEntry,
    Brand,
    Campaign,
    PhoneNumberAssignment,
    SmsOtpVerification,
    SyncRun,
    WebhookEvent,
)
from tendlc.selectors.brands import search_variants
from tendlc.selectors.number_search import number_search_filter
from tendlc.selectors.webhook_event_search import webhook_event_search_filter


class UTCIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 time, answered in UTC; one whose UTC is not a date Python can hold is refused."""

    def to_python(self, value: Any) -> datetime | None:
        try:
            parsed: datetime | None = super().to_python(value)
            return parsed.astimezone(UTC) if parsed is not None else None
        except OverflowError:
            raise ValidationError(
                "Enter a time between the years 1 and 9999 in UTC, e.g. 2026-09-21T10:00:00+00:00.",
                code="out_of_range",
            ) from None


class TimeFilter(filters.IsoDateTimeFilter):
    field_class = UTCIsoDateTimeField


class BrandSearchFilter(SearchFilter):
    """The admin's brand search: a phone number as people write it, or an EIN with its dash, finds the brand
    by its stored E.164 number or 9-digit EIN besides the substring search."""

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        results = super().filter_queryset(request, queryset, view)
        phones, eins = search_variants(" ".join(self.get_search_terms(request)))
        if phones or eins:
            results |= queryset.filter(Q(phone__in=phones) | Q(mobile_phone__in=phones) | Q(ein__in=eins))
        return results


class RuleSearchFilter(SearchFilter):
    """``?search=`` answered by one search rule (a selector turning the typed text into a filter, the admin's
    own), not by a substring search of every search field: the rule reads the columns' indexes."""

    rule: Callable[[str], Q]

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        term = " ".join(self.get_search_terms(request))
        return queryset.filter(self.rule(term)) if term else queryset


class NumberSearchFilter(RuleSearchFilter):
    """The admin's number search (``tendlc.selectors.number_search``): a number in any form people write it,
    or its start, or a whole campaign or brand id."""

    rule = staticmethod(number_search_filter)


class WebhookEventSearchFilter(RuleSearchFilter):
    """The admin's event search (``tendlc.selectors.webhook_event_search``): a number or its start, or an id."""

    rule = staticmethod(webhook_event_search_filter)


class BrandFilter(filters.FilterSet):
    submission = filters.ChoiceFilter(
        choices=[("submitted", "Submitted"), ("draft", "Not submitted"), ("deleted", "Deleted")],
        method="filter_submission",
        label="submitted to Telnyx, a local draft, or deleted at Telnyx",
    )

    class Meta:
        model = Brand
        fields = ["entity_type", "status", "identity_status", "vertical"]

    def filter_submission(self, queryset: QuerySet[Brand], name: str, value: str) -> QuerySet[Brand]:
        if value == "submitted":
            return queryset.filter(brand_id__isnull=False, remote_deleted_at=None)
        if value == "draft":
            return queryset.filter(brand_id=None)
        return queryset.exclude(remote_deleted_at=None)


class CampaignFilter(filters.FilterSet):
    brand = filters.NumberFilter(field_name="brand__id", label="the brand's id")
    brand_id = filters.CharFilter(field_name="brand__brand_id", label="the brand's Telnyx id")
    vertical = filters.ChoiceFilter(
        field_name="brand__vertical", choices=Vertical.choices, label="brand vertical"
    )
    carrier = filters.CharFilter(
        method="filter_carrier",
        label="one carrier's operation status, as network_id:status, e.g. 10035:REJECTED",
    )

    class Meta:
        model = Campaign
        fields = ["campaign_status", "status", "usecase"]

    def filter_carrier(self, queryset: QuerySet[Campaign], name: str, value: str) -> QuerySet[Campaign]:
        network_id, _, status = value.partition(":")
        if not network_id.isdigit():
            return queryset.none()
        # One filter() call: the carrier and its status must be the same CampaignMnoStatus row.
        return queryset.filter(
            mno_statuses__network_id=int(network_id), mno_statuses__operation_status=status
        )


class PhoneNumberAssignmentFilter(filters.FilterSet):
    brand = filters.NumberFilter(field_name="campaign__brand__id", label="the brand's id")
    campaign = filters.NumberFilter(field_name="campaign__id", label="the campaign's id")
    partner_campaign = filters.NumberFilter(
        field_name="partner_campaign__id", label="the partner campaign's id"
    )

    class Meta:
        model = PhoneNumberAssignment
        fields = ["assignment_status"]


class AssignmentTaskFilter(filters.FilterSet):
    campaign = filters.NumberFilter(field_name="campaign__id", label="the campaign's id")

    class Meta:
        model = AssignmentTask
        fields = ["status", "messaging_profile_id"]


class SmsOtpVerificationFilter(filters.FilterSet):
    brand = filters.NumberFilter(field_name="brand__id", label="the brand's id")

    class Meta:
        model = SmsOtpVerification
        fields = ["delivery_status"]


class SyncRunFilter(filters.FilterSet):
    class Meta:
        model = SyncRun
        fields = ["state", "trigger"]


class WebhookEventFilter(filters.FilterSet):
    class Meta:
        model = WebhookEvent
        fields = ["state", "event_type", "payload_type"]


class AuditEntryFilter(filters.FilterSet):
    target_type = filters.CharFilter(
        field_name="target_type__model", label="the kind of object acted on, e.g. brand or campaign"
    )
    at_after = TimeFilter(field_name="at", lookup_expr="gte", label="at or after (ISO 8601)")
    at_before = TimeFilter(field_name="at", lookup_expr="lt", label="before (ISO 8601)")

    class Meta:
        model = AuditEntry
        fields = ["outcome", "action"]
