"""Forms of the campaign pages: the builder's steps, the change form's updatable fields, the appeal."""

from typing import Any, cast

from django import forms

from tendlc.models import Brand, Campaign
from tendlc.services.campaign_actions import UPDATE_FIELD_NAMES
from tendlc.services.campaign_builder import (
    CONTENT_FIELDS,
    CONTENT_FLAG_FIELDS,
    UsecaseOption,
    UsecaseQualification,
    brand_list_for_builder,
    sub_usecase_count_problem,
)

SAMPLE_FIELDS = ("sample1", "sample2", "sample3", "sample4", "sample5")
LONG_TEXT = forms.Textarea(attrs={"rows": 3, "cols": 80})


class BrandChoiceField(forms.ModelChoiceField[Brand]):
    def label_from_instance(self, obj: Brand) -> str:
        return f"{obj.display_name} ({obj.get_entity_type_display()}, {obj.tcr_brand_id or obj.brand_id})"


class BrandStepForm(forms.Form):
    brand = BrandChoiceField(
        queryset=Brand.objects.none(),
        help_text="Registered brands with a verified identity; a sole proprietor only before its one campaign.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(BrandChoiceField, self.fields["brand"]).queryset = brand_list_for_builder()


class UsecaseStepForm(forms.Form):
    usecase = forms.ChoiceField(label="Use case", widget=forms.RadioSelect)

    def __init__(self, *args: Any, usecases: list[UsecaseOption], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["usecase"]).choices = [
            (option.name, option.label) for option in usecases
        ]


def _text(label: str, help_text: str, *, required: bool = False, long: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=help_text, required=required, widget=LONG_TEXT if long else None, strip=True
    )


def _link(label: str, help_text: str) -> forms.URLField:
    return forms.URLField(
        label=label, help_text=help_text, required=False, assume_scheme="https", max_length=2000
    )


def _flag(label: str, help_text: str) -> forms.BooleanField:
    return forms.BooleanField(label=label, help_text=help_text, required=False)


class ContentStepForm(forms.Form):
    """What the campaign says and promises. Every field is the client's submit argument of the same name."""

    description = _text(
        "Description", "Who sends what to whom, and why (at least 40 characters).", required=True
    )
    message_flow = _text(
        "Message flow",
        "How subscribers opt in: the web page URL, the keyword, the form, and what they are told.",
    )
    sample1 = _text(
        "Sample 1", "A message exactly as subscribers receive it, naming the brand.", required=True
    )
    sample2 = _text("Sample 2", "Another message as sent.")
    sample3 = _text("Sample 3", "Optional.")
    sample4 = _text("Sample 4", "Optional.")
    sample5 = _text("Sample 5", "Optional.")
    help_message = _text("Help message", "The reply to HELP: the brand, a contact, how to opt out.")
    help_keywords = _text("Help keywords", "Comma-separated, no spaces, e.g. HELP,INFO.", long=False)
    optin_message = _text("Opt-in message", "Sent on opt-in: brand, frequency, rates, HELP and STOP.")
    optin_keywords = _text("Opt-in keywords", "Comma-separated, no spaces, e.g. START,JOIN.", long=False)
    optout_message = _text(
        "Opt-out message", "The reply to STOP: the brand, and that no more messages follow."
    )
    optout_keywords = _text(
        "Opt-out keywords", "Comma-separated, no spaces, e.g. STOP,END,CANCEL,UNSUBSCRIBE,QUIT.", long=False
    )
    privacy_policy_link = _link("Privacy policy", "A page on the brand's site reviewers can open.")
    terms_and_conditions_link = _link(
        "Terms and conditions", "A page on the brand's site reviewers can open."
    )
    embedded_link_sample = _text(
        "Embedded link sample", "A link the messages carry, when they carry one.", long=False
    )
    webhook_url = _link(
        "Webhook URL", "Where Telnyx sends this campaign's status changes; empty for the default."
    )
    webhook_failover_url = _link("Webhook failover URL", "Tried when the webhook URL fails.")
    sub_usecases = forms.MultipleChoiceField(
        label="Sub use cases",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="What a mixed campaign sends, within the qualified range.",
    )
    embedded_link = _flag("Embedded link", "The messages carry links.")
    embedded_phone = _flag("Embedded phone", "The messages carry phone numbers other than the sender's.")
    number_pool = _flag("Number pool", "The campaign sends from more than 49 numbers.")
    age_gated = _flag("Age gated", "Content for adults only (alcohol, firearms...), behind an age check.")
    direct_lending = _flag("Direct lending", "The messages offer loans or lending arrangements.")
    subscriber_optin = _flag("Subscriber opt-in", "Subscribers opt in before the first message.")
    subscriber_optout = _flag("Subscriber opt-out", "Subscribers can opt out by keyword.")
    subscriber_help = _flag("Subscriber help", "Subscribers get help by keyword.")
    auto_renewal = _flag("Auto-renewal", "Renew at the end of each billing period.")
    terms_and_conditions = _flag("Terms accepted", "The brand accepts the 10DLC terms and conditions.")

    fieldsets = (
        ("Description", ("description", "sub_usecases", "message_flow")),
        ("Sample messages", SAMPLE_FIELDS),
        (
            "Keywords and replies",
            (
                "help_message",
                "help_keywords",
                "optin_message",
                "optin_keywords",
                "optout_message",
                "optout_keywords",
            ),
        ),
        ("Links", ("privacy_policy_link", "terms_and_conditions_link", "embedded_link_sample")),
        ("Flags", CONTENT_FLAG_FIELDS),
        ("Webhooks", ("webhook_url", "webhook_failover_url")),
    )

    def __init__(
        self,
        *args: Any,
        qualification: UsecaseQualification,
        sub_usecases: list[UsecaseOption],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.qualification = qualification
        cast(forms.MultipleChoiceField, self.fields["sub_usecases"]).choices = [
            (option.name, option.display_name) for option in sub_usecases
        ]
        if qualification.max_sub_usecases == 0:
            self.fields["sub_usecases"].help_text = f"{qualification.usecase} takes no sub use cases."
        else:
            self.fields["sub_usecases"].help_text = (
                f"{qualification.usecase} takes {qualification.min_sub_usecases} to"
                f" {qualification.max_sub_usecases} of them."
            )

    def clean_sub_usecases(self) -> list[str]:
        chosen: list[str] = self.cleaned_data["sub_usecases"]
        problem = sub_usecase_count_problem(self.qualification, len(chosen))
        if problem is not None:
            raise forms.ValidationError(problem)
        return chosen

    def values(self) -> dict[str, Any]:
        """The values as typed, valid or not (for the live checks and for keeping a draft)."""
        return {name: self[name].value() for name in CONTENT_FIELDS}


class ReviewForm(forms.Form):
    override_reason = forms.CharField(
        label="Reason to submit despite the errors",
        required=False,
        widget=LONG_TEXT,
        help_text="Compliance admins only: why these errors may go to review. Kept with the compliance check.",
    )


class CampaignChangeForm(forms.ModelForm[Campaign]):
    """The change form: only what C5 updates is a form field; the admin shows everything else read-only."""

    webhook_url = _link("Webhook URL", "Campaign status webhooks (webhookURL).")
    webhook_failover_url = _link("Webhook failover URL", "webhookFailoverURL.")

    class Meta:
        model = Campaign
        fields = UPDATE_FIELD_NAMES


class AppealForm(forms.Form):
    appeal_reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="What changed since the rejection and why the campaign should pass now.",
    )
