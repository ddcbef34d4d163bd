"""Who hears of what, as people choose it: a subscription to one kind of event (shared by the notification
settings page and the REST API), and a chat channel (the admin's), whose address and shared secret are written
here and never shown back: the page keeps what was saved unless something new is typed, and shows only the
address's host and last characters."""

from typing import Any, cast
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError

from tendlc.forms.fields import HttpsURLField
from tendlc.models import (
    Brand,
    ChatChannel,
    ChatService,
    NotificationKind,
    NotificationSubscription,
)

# What each kind covers, one line under its name wherever someone chooses kinds.
KIND_HELP = {
    NotificationKind.CAMPAIGN_REJECTED: "Telnyx's review or a carrier turned one of our campaigns down; the"
    " notice gives who, their reason and how to appeal.",
    NotificationKind.CARRIER_SUSPENDED: "A carrier stopped a campaign's messages, for example after complaints.",
    NotificationKind.CARRIER_UNSUSPENDED: "A carrier lets a suspended campaign send again.",
    NotificationKind.DORMANCY_RISK: "A campaign has sent nothing for weeks and will be suspended unless it is"
    " used.",
    NotificationKind.DORMANCY_SUSPENDED: "A campaign was suspended because it stayed unused.",
    NotificationKind.RENEWAL_AHEAD: "A campaign renews (and is charged) or expires in the coming days.",
    NotificationKind.BILLING: "Telnyx charged for a brand, a vetting or a campaign's month.",
    NotificationKind.BRAND_VERIFICATION: "A brand's identity was verified, or could not be.",
    NotificationKind.BRAND_FEEDBACK: "The registry left feedback on what to fix in a brand.",
    NotificationKind.VETTING_RESULT: "An external vetting of a brand came back, with its score.",
    NotificationKind.OTP_DELIVERED: "A sole proprietor's text-message code reached their phone.",
    NotificationKind.OTP_EXPIRED: "A sole proprietor's text-message code expired before it was typed in.",
    NotificationKind.ASSIGNMENT_FAILED: "Putting numbers on a campaign failed, for a whole task or some numbers.",
    NotificationKind.SYNC_FAILED: "The portal's sync with Telnyx stopped with an error.",
    NotificationKind.LINK_DOWN: "A live campaign's website, privacy policy, terms or opt-in page stopped opening"
    " since the previous weekly link check.",
    NotificationKind.WEBHOOK_NEEDS_REVIEW: "Telnyx sent a notice the portal cannot handle by itself: a person"
    " should read it.",
}

SUBSCRIPTION_FIELDS = ["kind", "brands", "mode", "email", "only_mine"]
BRANDS_HELP = "Only events of these brands; leave empty for every brand. Type a brand's name to find it."
SLACK_HOSTS = ("hooks.slack.com", "hooks.slack-gov.com")
# Teams' incoming webhooks (connectors) and the Workflows app that replaces them post from these domains.
TEAMS_DOMAINS = ("webhook.office.com", "logic.azure.com", "api.powerplatform.com")
SECRET_MIN_LENGTH = 16


BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1


def brands_choosable() -> Any:
    """Brands Telnyx knows: a draft has no brand id, so no event is ever about it."""
    return Brand.objects.filter(brand_id__isnull=False).order_by("display_name", "pk")


class BrandsField(forms.ModelMultipleChoiceField[Brand]):
    """Brands chosen by id, where an id beyond what the database holds is an invalid choice like any unknown one,
    never a query (SQLite cannot bind it; PostgreSQL refuses it and spoils the transaction)."""

    def clean(self, value: Any) -> Any:
        for pk in value or ():
            try:
                held = BIGINT_MIN <= int(str(pk)) <= BIGINT_MAX
            except ValueError:
                held = True  # not a number: the queryset's own check says so
            if not held:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super().clean(value)


class SubscriptionForm(forms.ModelForm[NotificationSubscription]):
    """One kind of event for one person; the person is the instance's user, never a field."""

    brands = BrandsField(queryset=Brand.objects.none(), required=False, help_text=BRANDS_HELP)

    class Meta:
        model = NotificationSubscription
        fields = SUBSCRIPTION_FIELDS
        labels = {"kind": "What", "mode": "When", "email": "By e-mail", "only_mine": "Only what I started"}
        help_texts = {
            "kind": "The kind of event: "
            + "; ".join(f"{kind}: {label}" for kind, label in NotificationKind.choices),
            "mode": "immediately: each as it happens; daily_digest: gathered in one e-mail a day.",
            "email": "Also by e-mail; every notification is in the portal's inbox either way.",
            "only_mine": "Only events of what you started: codes you sent, assignments and uploads you ran, syncs"
            " you asked for.",
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("instance", NotificationSubscription(user=user))
        super().__init__(*args, **kwargs)
        self.user = user
        brands = cast(forms.ModelMultipleChoiceField[Brand], self.fields["brands"])
        brands.queryset = brands_choosable()
        brands.error_messages["invalid_choice"] = (
            "No brand known to Telnyx has the id %(value)s: pick one from the list."
        )

    def clean_kind(self) -> str:
        kind: str = self.cleaned_data["kind"]
        taken = NotificationSubscription.objects.filter(user=self.user, kind=kind).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(
                "There is already a subscription to “%(kind)s”: change that one instead.",
                code="unique",
                params={"kind": NotificationKind(kind).label},
            )
        return kind


class SubscriptionSettingForm(SubscriptionForm):
    """A row of the notification settings page: one kind, fixed, and whether it is wanted at all."""

    subscribed = forms.BooleanField(required=False, label="Tell me")

    class Meta(SubscriptionForm.Meta):
        fields = ["brands", "mode", "email", "only_mine"]
        help_texts: dict[str, str] = {}
        widgets = {"mode": forms.RadioSelect}

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = NotificationKind(kind)
        self.instance.kind = self.kind
        self.fields["subscribed"].initial = self.instance.pk is not None
        self.fields["brands"].help_text = ""

    @property
    def help(self) -> str:
        return KIND_HELP[self.kind]


class ChatChannelForm(forms.ModelForm[ChatChannel]):
    url = HttpsURLField(
        label="Incoming webhook address",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="The address the chat service gave for its incoming webhook. Once saved it is never shown"
        " again; leave this empty to keep the saved one.",
    )
    secret = forms.CharField(
        label="Shared secret",
        required=False,
        max_length=200,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=f"Signed JSON POST only: at least {SECRET_MIN_LENGTH} characters, which the receiver checks each"
        " message's signature with. Never shown again once saved; leave empty to keep the saved one.",
    )
    kinds = forms.MultipleChoiceField(
        label="What",
        choices=NotificationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="The kinds of event posted to the channel.",
    )
    brands = BrandsField(queryset=Brand.objects.none(), required=False, help_text=BRANDS_HELP)

    class Meta:
        model = ChatChannel
        fields = ["name", "service", "url", "secret", "kinds", "brands", "enabled"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What was saved is kept on the instance, never put back into the page.
        self.initial["url"] = ""
        self.initial["secret"] = ""
        self.saved_url, self.saved_secret = self.instance.url, self.instance.secret
        cast(forms.ModelMultipleChoiceField[Brand], self.fields["brands"]).queryset = brands_choosable()
        if not self.saved_url:
            self.fields["url"].help_text = "The address the chat service gave for its incoming webhook."

    def clean_url(self) -> str:
        typed: str = self.cleaned_data["url"]
        if not typed and not self.saved_url:
            raise forms.ValidationError(
                "Paste the incoming webhook address the chat service gave.", code="required"
            )
        return typed or self.saved_url

    def clean_secret(self) -> str:
        typed: str = self.cleaned_data["secret"]
        if typed and len(typed) < SECRET_MIN_LENGTH:
            raise forms.ValidationError(
                f"Use at least {SECRET_MIN_LENGTH} characters: it is all that proves a message came from here.",
                code="min_length",
            )
        return typed or self.saved_secret

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        service, url = cleaned.get("service"), cleaned.get("url")
        if service and url:
            problem = address_problem(service, url)
            if problem:
                self.add_error("url", problem)
        if service == ChatService.JSON and "secret" in cleaned and not cleaned["secret"]:
            self.add_error("secret", "A signed JSON POST needs a shared secret for the receiver to check.")
        if service in (ChatService.SLACK, ChatService.TEAMS) and self.data.get(self.add_prefix("secret")):
            self.add_error(
                "secret", "Only a signed JSON POST uses a shared secret: leave it empty for this service."
            )
        elif service in (ChatService.SLACK, ChatService.TEAMS):
            cleaned["secret"] = ""
        return cleaned


def address_problem(service: str, url: str) -> str:
    """Why ``url`` cannot be ``service``'s incoming webhook address, or "" if it can."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    secure = parts.scheme == "https"
    if service == ChatService.SLACK and not (secure and host in SLACK_HOSTS):
        return "A Slack incoming webhook address starts with https://hooks.slack.com/services/."
    teams = any(host == domain or host.endswith("." + domain) for domain in TEAMS_DOMAINS)
    if service == ChatService.TEAMS and not (secure and teams):
        return (
            "A Microsoft Teams address is on webhook.office.com (an incoming webhook) or logic.azure.com"
            " (a Workflows app): copy it from the channel's connector or workflow."
        )
    return ""
