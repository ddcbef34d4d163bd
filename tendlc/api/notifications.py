"""A caller's own notifications and notification subscriptions over the API.

``/notifications/``: the caller's notifications, newest first, filterable by ``unread`` and ``kind``; one is
marked read with ``POST /notifications/{id}/read/``, all with ``POST /notifications/read-all/``.
``/notification-subscriptions/``: the caller's subscriptions, created, changed (PATCH) and deleted, validated
by the form the settings page uses. Anyone who may sign in to the portal has both; nobody sees or changes
another person's (their ids answer 404, as ids that do not exist do).
"""

import copy
from typing import Any, cast

from django.contrib.auth.models import User
from django.db.models import Field, QuerySet
from django.forms.models import model_to_dict
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tendlc.api.fields import label
from tendlc.api.inputs import form_cleaned_data, form_serializer, request_values
from tendlc.api.schema import documented
from tendlc.forms.notifications import SUBSCRIPTION_FIELDS, SubscriptionForm
from tendlc.models import Brand, Notification, NotificationSubscription
from tendlc.selectors.inbox import inbox_of
from tendlc.selectors.roles import user_has_role
from tendlc.services.inbox import notifications_mark_read
from tendlc.services.notification_settings import subscription_delete, subscription_save


class PortalMembers(BasePermission):
    """Whoever may sign in to the portal (a role, or staff status): everyone has an inbox of their own."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return isinstance(user, User) and user.is_active and (user.is_staff or user_has_role(user))


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    kind_label = label("kind")
    record_type = serializers.SerializerMethodField(
        help_text="The kind of record it is about (e.g. campaign, brand), or null."
    )
    record_id = serializers.CharField(
        source="target_id", read_only=True, help_text="Our id of that record (/api/v1/<records>/<id>/)."
    )

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "body",
            "record_type",
            "record_id",
            "brand_id",
            "campaign_id",
            "phone_number",
            "occurred_at",
            "created_at",
            "read_at",
            "digest",
        ]
        read_only_fields = fields

    def get_record_type(self, notification: Notification) -> str | None:
        return notification.target_type.model if notification.target_type is not None else None


class NotificationFilter(filters.FilterSet):
    unread = filters.BooleanFilter(
        method="only_unread", label="true: only unread ones; false: only read ones"
    )

    class Meta:
        model = Notification
        fields = ["kind"]

    def only_unread(self, queryset: QuerySet[Notification], name: str, value: bool) -> QuerySet[Notification]:
        return queryset.filter(read_at__isnull=value)


class MarkedSerializer(serializers.Serializer[dict[str, int]]):
    marked = serializers.IntegerField(help_text="How many notifications were unread and are now read.")


@documented("notifications")
class NotificationViewSet(viewsets.ReadOnlyModelViewSet[Notification]):
    # The class's queryset names the model for the router and the schema; each request sees its own.
    queryset = Notification.objects.all()
    serializer_class = NotificationSerializer
    permission_classes = [PortalMembers]
    filterset_class = NotificationFilter
    search_fields = ["title", "body", "campaign_id", "brand_id", "phone_number"]
    ordering_fields = ["id", "occurred_at", "created_at", "read_at"]
    ordering = ["-occurred_at", "-id"]

    def get_queryset(self) -> QuerySet[Notification]:
        return inbox_of(user=self.request.user)

    @extend_schema(
        summary="Mark one of your notifications read", request=None, responses={200: NotificationSerializer}
    )
    @action(detail=True, methods=["post"], url_path="read", url_name="read")
    def read(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        notification = self.get_object()
        notifications_mark_read(
            user=request.user, notifications=Notification.objects.filter(pk=notification.pk)
        )
        notification.refresh_from_db()
        return Response(NotificationSerializer(notification).data)

    @extend_schema(
        summary="Mark all your notifications read", request=None, responses={200: MarkedSerializer}
    )
    @action(detail=False, methods=["post"], url_path="read-all", url_name="read-all", filter_backends=[])
    def read_all(self, request: Request) -> Response:
        marked = notifications_mark_read(user=request.user, notifications=self.get_queryset())
        return Response({"marked": marked})


class NotificationSubscriptionSerializer(serializers.ModelSerializer[NotificationSubscription]):
    kind_label = label("kind")
    mode_label = label("mode")
    brands = serializers.PrimaryKeyRelatedField[Brand](
        many=True, read_only=True, help_text="Our ids of the brands it is narrowed to; empty: every brand."
    )

    class Meta:
        model = NotificationSubscription
        fields = [
            "id",
            "kind",
            "kind_label",
            "brands",
            "mode",
            "mode_label",
            "email",
            "only_mine",
            "created_at",
        ]
        read_only_fields = fields


DEFAULTED = ("mode", "email", "only_mine")
SubscriptionInput = form_serializer("NotificationSubscriptionInput", (SubscriptionForm,))
SubscriptionChange = form_serializer("NotificationSubscriptionChange", (SubscriptionForm,), partial=True)


@extend_schema_view(
    list=extend_schema(summary="List your notification subscriptions", tags=["notification-subscriptions"]),
    retrieve=extend_schema(
        summary="One of your notification subscriptions", tags=["notification-subscriptions"]
    ),
    create=extend_schema(
        summary="Subscribe to a kind of event",
        tags=["notification-subscriptions"],
        request=SubscriptionInput,
        responses={201: NotificationSubscriptionSerializer},
    ),
    partial_update=extend_schema(
        summary="Change one of your notification subscriptions",
        tags=["notification-subscriptions"],
        request=SubscriptionChange,
        responses={200: NotificationSubscriptionSerializer},
    ),
    destroy=extend_schema(summary="Unsubscribe", tags=["notification-subscriptions"]),
)
class NotificationSubscriptionViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet[NotificationSubscription],
):
    queryset = NotificationSubscription.objects.all()
    serializer_class = NotificationSubscriptionSerializer
    permission_classes = [PortalMembers]
    filterset_fields = ["kind", "mode", "email"]
    search_fields: list[str] = []
    ordering_fields = ["id", "kind", "created_at"]
    ordering = ["kind", "id"]
    # A change is a PATCH: what is not sent keeps its value.
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[NotificationSubscription]:
        return NotificationSubscription.objects.filter(user=cast(User, self.request.user)).prefetch_related(
            "brands"
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # What is not sent takes the model's defaults (by e-mail, immediately), not a checkbox's "unticked".
        values = {
            name: cast(Field[Any, Any], NotificationSubscription._meta.get_field(name)).get_default()
            for name in DEFAULTED
        }
        values.update(request_values(request))
        form = SubscriptionForm(values, user=request.user)
        cleaned = form_cleaned_data(form)
        subscription = subscription_save(
            user=request.user, subscription=form.instance, brands=cleaned["brands"]
        )
        return Response(NotificationSubscriptionSerializer(subscription).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        stored = self.get_object()
        values: dict[str, Any] = model_to_dict(stored, SUBSCRIPTION_FIELDS)
        values["brands"] = [brand.pk for brand in values["brands"]]
        sent = request_values(request)
        values.update((name, sent.get(name)) for name in sent)
        # The form writes onto its instance: a copy, so the stored row stays as it was if refused.
        form = SubscriptionForm(values, user=request.user, instance=copy.copy(stored))
        cleaned = form_cleaned_data(form)
        subscription = subscription_save(
            user=request.user, subscription=form.instance, brands=cleaned["brands"]
        )
        return Response(NotificationSubscriptionSerializer(subscription).data)

    def perform_destroy(self, instance: NotificationSubscription) -> None:
        subscription_delete(user=self.request.user, subscription=instance)
