"""A person's notifications in the admin: the inbox every signed-in user has (their own notifications only,
whoever they are, superusers included), its bell in the header (``tendlc.templatetags.tendlc_inbox``), and the
notification settings page: which kinds of event, for which brands, how and when.

Opening a notification, from its title or from its links to the record and the record's timeline, reads it.
The settings page is one's own; whoever may change users also reaches anyone's from the user's page.
"""

from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import Media
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tendlc.admin.brand_search import brands_found_by_typing
from tendlc.admin.display import long_text
from tendlc.admin.object_links import change_url
from tendlc.admin.timeline import RECORD_SUBJECTS
from tendlc.forms.notifications import SubscriptionSettingForm
from tendlc.models import Notification, NotificationKind, NotificationSubscription
from tendlc.selectors.inbox import inbox_of, notification_record
from tendlc.services.inbox import notification_open, notifications_mark_read
from tendlc.services.notification_settings import Wanted, subscriptions_set

TIMELINE = "timeline"
RECORD = "record"
# The tab a record's timeline is under (tendlc.admin.tabs: the "Timeline" panel's section).
TIMELINE_ANCHOR = "#panel-timeline"


class ReadFilter(admin.SimpleListFilter):
    title = "read or not"
    parameter_name = "read"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("no", "Unread"), ("yes", "Read")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in ("no", "yes"):
            return queryset.filter(read_at__isnull=self.value() == "no")
        return queryset


def record_kind(notification: Notification) -> str:
    """What kind of record the notification is about, in words ("campaign", "phone number assignment")."""
    if notification.target_type is not None:
        return str(notification.target_type.name)
    if notification.campaign_id:
        return "campaign"
    return "phone number" if notification.phone_number else "brand" if notification.brand_id else "record"


def record_words(notification: Notification) -> SafeString:
    """The record as the inbox names it: its kind and its best-known id, a long id cut short."""
    known = (
        notification.campaign_id
        or notification.phone_number
        or notification.brand_id
        or notification.target_id
    )
    return format_html("{} {}", record_kind(notification).capitalize(), long_text(known))


def has_timeline(notification: Notification) -> bool:
    model = notification.target_type.model_class() if notification.target_type is not None else None
    return model in RECORD_SUBJECTS


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ("title_column", "record_column", "occurred_at", "read_column")
    list_display_links = None
    list_filter = (ReadFilter, "kind")
    search_fields = ("title", "body", "campaign_id", "brand_id", "phone_number")
    search_help_text = "Words of the notification, or a campaign id, brand id or phone number."
    actions = ["mark_read_selected"]
    list_per_page = 50
    change_list_template = "admin/tendlc/notifications/change_list.html"

    class Media:
        css = {"all": ["tendlc/admin.css"]}

    # Everyone who may enter the admin has an inbox: the site's admin_view decided that already. What they
    # see in it is theirs alone (get_queryset), and nothing in it is added, edited or deleted here.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active

    def has_view_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return request.user.is_active

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notification]:
        return inbox_of(user=request.user)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return super().changelist_view(request, {"title": "Your notifications", **(extra_context or {})})

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        own = [
            path("<int:pk>/open/<str:to>/", view(self.open_view), name="tendlc_notification_open"),
            path("read-all/", view(require_POST(self.read_all_view)), name="tendlc_notification_read_all"),
            path("settings/", view(self.settings_view), name="tendlc_notification_settings"),
            path("settings/<int:user_id>/", view(self.settings_view), name="tendlc_notification_settings_of"),
        ]
        return [*own, *super().get_urls()]

    @admin.display(description="what happened", ordering="title")
    def title_column(self, notification: Notification) -> SafeString:
        url = reverse("admin:tendlc_notification_change", args=[notification.pk])
        if notification.read_at is None:
            return format_html(
                '<a href="{}" class="tendlc-unread"><strong>{}</strong></a>', url, notification.title
            )
        return format_html('<a href="{}">{}</a>', url, notification.title)

    @admin.display(description="about")
    def record_column(self, notification: Notification) -> SafeString | str:
        if notification.target_type is None or not notification.target_id:
            return record_words(notification) if notification.campaign_id or notification.brand_id else "-"
        record = reverse("admin:tendlc_notification_open", args=[notification.pk, RECORD])
        links = format_html('<a href="{}">{}</a>', record, record_words(notification))
        if has_timeline(notification):
            timeline = reverse("admin:tendlc_notification_open", args=[notification.pk, TIMELINE])
            links = format_html('{} (<a href="{}">timeline</a>)', links, timeline)
        return links

    @admin.display(description="read", ordering="read_at")
    def read_column(self, notification: Notification) -> str:
        return "Unread" if notification.read_at is None else "Read"

    @admin.action(description="Mark selected notifications read", permissions=["view"])
    def mark_read_selected(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        marked = notifications_mark_read(user=request.user, notifications=queryset)
        self.message_user(
            request,
            ngettext("Marked %(count)d notification read.", "Marked %(count)d notifications read.", marked)
            % {"count": marked},
            messages.SUCCESS,
        )

    def read_all_view(self, request: HttpRequest) -> HttpResponse:
        marked = notifications_mark_read(user=request.user, notifications=self.get_queryset(request))
        self.message_user(
            request,
            ngettext("Marked %(count)d notification read.", "Marked %(count)d notifications read.", marked)
            % {"count": marked}
            if marked
            else "Nothing was unread.",
            messages.SUCCESS,
        )
        return redirect("admin:tendlc_notification_changelist")

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """The notification whole (what happened, why, what to do next), read from now on."""
        notification = self.get_object(request, object_id)
        if notification is None:
            raise Http404("No such notification of yours.")
        notification_open(user=request.user, notification=notification)
        links = []
        if notification.target_type is not None and notification.target_id:
            links.append(
                (
                    reverse("admin:tendlc_notification_open", args=[notification.pk, RECORD]),
                    f"Open the {record_kind(notification)}",
                )
            )
            if has_timeline(notification):
                links.append(
                    (
                        reverse("admin:tendlc_notification_open", args=[notification.pk, TIMELINE]),
                        "Its timeline",
                    )
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": notification.title,
            "notification": notification,
            "record_links": links,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/tendlc/notifications/notification.html", context)

    def open_view(self, request: HttpRequest, pk: int, to: str) -> HttpResponseRedirect:
        """The record a notification is about, or its timeline; the notification is read on the way."""
        notification = self.get_object(request, str(pk))
        if notification is None or to not in (RECORD, TIMELINE):
            raise Http404("No such notification of yours.")
        notification_open(user=request.user, notification=notification)
        record = notification_record(notification)
        url = change_url(type(record), record.pk) if record is not None else None
        if url is None:
            self.message_user(
                request, "The record this notification is about is no longer stored.", messages.WARNING
            )
            return redirect("admin:tendlc_notification_change", notification.pk)
        return HttpResponseRedirect(
            url + (TIMELINE_ANCHOR if to == TIMELINE and has_timeline(notification) else "")
        )

    def settings_view(self, request: HttpRequest, user_id: int | None = None) -> HttpResponse:
        me = cast(User, request.user)
        target = me if user_id is None else get_object_or_404(User, pk=user_id)
        if target != me and not me.has_perm("auth.change_user"):
            raise PermissionDenied("Only whoever may change users changes someone else's notifications.")
        existing = {row.kind: row for row in NotificationSubscription.objects.filter(user=target)}
        data = request.POST if request.method == "POST" else None
        forms = [
            SubscriptionSettingForm(
                data,
                user=target,
                kind=kind,
                prefix=kind.value,
                instance=existing.get(kind) or NotificationSubscription(user=target, kind=kind),
            )
            for kind in NotificationKind
        ]
        for form in forms:
            brands_found_by_typing(form, NotificationSubscription)
        if data is not None and all(form.is_valid() for form in forms):
            wanted = {
                form.kind.value: Wanted(
                    mode=form.cleaned_data["mode"],
                    email=form.cleaned_data["email"],
                    only_mine=form.cleaned_data["only_mine"],
                    brands=tuple(form.cleaned_data["brands"]),
                )
                if form.cleaned_data["subscribed"]
                else None
                for form in forms
            }
            done = subscriptions_set(user=request.user, target=target, wanted=wanted)
            self.message_user(request, settings_saved_words(done), messages.SUCCESS)
            return redirect(request.path)
        media = sum((form.media for form in forms), Media())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Your notification settings" if target == me else f"Notification settings of {target}",
            "target": target,
            "own": target == me,
            "forms": forms,
            "media": media,
            "errors": data is not None,
        }
        return TemplateResponse(request, "admin/tendlc/notifications/settings.html", context)


def settings_saved_words(done: dict[str, list[str]]) -> str:
    parts = [
        f"{verb} {', '.join(NotificationKind(kind).label.lower() for kind in kinds)}"
        for verb, kinds in (
            ("subscribed to", done["subscribed"]),
            ("changed", done["changed"]),
            ("unsubscribed from", done["unsubscribed"]),
        )
        if kinds
    ]
    if not parts:
        return "Nothing changed."
    return f"Saved: {'; '.join(parts)}."
