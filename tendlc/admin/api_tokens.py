"""API tokens: issued here with the key shown once, listed by name, user and the key's first characters,
their name and expiry editable, revoked by an action. Who may do which is Django's token permissions alone
(no role has them: superusers, or whoever they are given to).

Issuing is a page of its own rather than the model's add form: the key exists only in the answer to that
request, so nothing (session, message, the ModelAdmin) has to hold it until a redirect."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import ngettext

from tendlc.models import ApiToken
from tendlc.services.api_tokens import api_token_issue, api_token_revoke

EXPIRY_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ApiTokenIssueForm(forms.ModelForm[ApiToken]):
    class Meta:
        model = ApiToken
        fields = ["user", "name", "expires_at"]
        widgets = {"expires_at": EXPIRY_WIDGET}

    def clean_expires_at(self) -> Any:
        expires_at = self.cleaned_data["expires_at"]
        if expires_at is not None and expires_at <= timezone.now():
            raise forms.ValidationError("Choose a moment in the future, or leave it empty for no expiry.")
        return expires_at


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "user", "key_start", "created_at", "expires_at", "last_used_at", "state")
    list_select_related = ("user",)
    search_fields = ("name", "user__username", "prefix")
    actions = ["revoke_selected"]
    fields = ("user", "name", "key_start", "expires_at", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "key_start", "created_at", "last_used_at", "revoked_at")

    def get_form(
        self, request: HttpRequest, obj: ApiToken | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        return super().get_form(request, obj, change, widgets={"expires_at": EXPIRY_WIDGET}, **kwargs)

    @admin.display(description="key starts with")
    def key_start(self, token: ApiToken) -> str:
        return f"{token.prefix}…"

    @admin.display(description="state")
    def state(self, token: ApiToken) -> str:
        if token.revoked_at:
            return "revoked"
        if token.is_expired():
            return "expired"
        return "active"

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ApiTokenIssueForm(request.POST or None)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "form": form}
        if request.method == "POST" and form.is_valid():
            token = form.save(commit=False)
            key = api_token_issue(token=token)
            self.log_addition(request, token, [{"added": {}}])
            context.update(title="API token issued", token=token, key=key)
            return TemplateResponse(request, "admin/tendlc/api_tokens/issued.html", context)
        context.update(title="Issue an API token")
        return TemplateResponse(request, "admin/tendlc/api_tokens/issue.html", context)

    @admin.action(description="Revoke selected tokens", permissions=["change"])
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> HttpResponse | None:
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Revoke API tokens?",
                "tokens": queryset.select_related("user"),
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/tendlc/api_tokens/revoke_confirmation.html", context)
        live = list(queryset.filter(revoked_at__isnull=True))
        revoked = api_token_revoke(tokens=queryset)
        for token in live:
            # In the object's history, as issuing is: who revoked it and when.
            self.log_change(request, token, "Revoked.")
        self.message_user(
            request,
            ngettext("Revoked %(count)d token.", "Revoked %(count)d tokens.", revoked) % {"count": revoked},
            messages.SUCCESS,
        )
        return None
