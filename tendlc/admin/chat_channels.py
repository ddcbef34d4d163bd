"""Chat channels: where notifications are posted besides people's inboxes and e-mail (a Slack or Microsoft
Teams incoming webhook, or any address taking a signed JSON POST), for admins only (Django's chat channel
permissions: superusers, or whoever they are given to).

The address and the shared secret are secrets: once saved, pages show only the address's host and last
characters and whether a secret is set (``tendlc.forms.notifications.ChatChannelForm`` keeps them unless
something new is typed). Each channel shows its last error and when, so a failing one is seen here.
"""

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from tendlc.admin.brand_search import brands_found_by_typing
from tendlc.forms.notifications import KIND_HELP, ChatChannelForm
from tendlc.models import ChatChannel, NotificationKind
from tendlc.services.errors import WorkflowError
from tendlc.services.notification_settings import (
    address_shown,
    chat_channel_delete,
    chat_channel_save,
    chat_channel_test,
    secret_shown,
)


class ChatChannelAdminForm(ChatChannelForm):
    """The shared form as the admin shows it: each kind with its line of what it covers, brands found by
    typing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["kinds"]).choices = [
            (kind.value, format_html('{} <span class="help">{}</span>', kind.label, KIND_HELP[kind]))
            for kind in NotificationKind
        ]
        brands_found_by_typing(self, ChatChannel)


@admin.register(ChatChannel)
class ChatChannelAdmin(admin.ModelAdmin[ChatChannel]):
    form = ChatChannelAdminForm
    list_display = (
        "name",
        "service",
        "address",
        "enabled",
        "kinds_column",
        "last_sent_at",
        "last_error_column",
    )
    list_filter = ("service", "enabled")
    search_fields = ("name",)
    actions = ["send_test_selected"]
    readonly_fields = ("saved_address", "saved_secret", "last_sent_at", "last_error_at", "last_error")
    fieldsets = (
        (None, {"fields": ("name", "service", "enabled")}),
        ("Where it posts", {"fields": ("saved_address", "url", "saved_secret", "secret")}),
        ("What it posts", {"fields": ("kinds", "brands")}),
        ("Last messages", {"fields": ("last_sent_at", "last_error_at", "last_error")}),
    )

    class Media:
        css = {"all": ["tendlc/admin.css"]}

    def get_fieldsets(self, request: HttpRequest, obj: ChatChannel | None = None) -> Any:
        if obj is None:
            # A new channel has nothing saved and has posted nothing yet.
            return (
                (None, {"fields": ("name", "service", "enabled")}),
                ("Where it posts", {"fields": ("url", "secret")}),
                ("What it posts", {"fields": ("kinds", "brands")}),
            )
        return self.fieldsets

    @admin.display(description="address")
    def address(self, channel: ChatChannel) -> str:
        return address_shown(channel.url)

    @admin.display(description="saved address")
    def saved_address(self, channel: ChatChannel) -> str:
        return address_shown(channel.url) or "-"

    @admin.display(description="saved shared secret")
    def saved_secret(self, channel: ChatChannel) -> str:
        return secret_shown(channel.secret)

    @admin.display(description="what")
    def kinds_column(self, channel: ChatChannel) -> str:
        labels = [NotificationKind(kind).label for kind in channel.kinds if kind in NotificationKind.values]
        return "; ".join(labels) or "Nothing"

    @admin.display(description="last error", ordering="last_error_at")
    def last_error_column(self, channel: ChatChannel) -> SafeString | str:
        if not channel.last_error:
            return "-"
        return format_html(
            '<span class="tendlc-channel-error">{}</span><br><span class="help">{}</span>',
            channel.last_error[:200],
            channel.last_error_at or "",
        )

    @admin.action(description="Send a test message", permissions=["change"])
    def send_test_selected(self, request: HttpRequest, queryset: QuerySet[ChatChannel]) -> None:
        reached = 0
        for channel in queryset:
            try:
                chat_channel_test(user=request.user, channel=channel)
            except WorkflowError as refused:
                self.message_user(request, refused.message, messages.ERROR)
            else:
                reached += 1
        if reached:
            self.message_user(
                request,
                ngettext(
                    "Sent a test message to %(count)d channel: look for it there.",
                    "Sent a test message to %(count)d channels: look for it there.",
                    reached,
                )
                % {"count": reached},
                messages.SUCCESS,
            )

    def save_model(self, request: HttpRequest, obj: ChatChannel, form: Any, change: bool) -> None:
        chat_channel_save(user=request.user, channel=obj, brands=form.cleaned_data["brands"])

    def delete_model(self, request: HttpRequest, obj: ChatChannel) -> None:
        chat_channel_delete(user=request.user, channel=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ChatChannel]) -> None:
        for channel in queryset:
            chat_channel_delete(user=request.user, channel=channel)
