"""The forms of the numbers pages: assign, move, assign a messaging profile's numbers, upload. They check
what can be checked without the API (an E.164 number, a UUID) and leave every rule to the services.

A campaign is chosen by the id the API takes in ``campaignId`` (ours by Telnyx id, a partner's by TCR id),
so the field is named ``campaign_id``: an API error about ``campaignId`` then lands beside it.
"""

import uuid
from typing import Any, cast

from django import forms

from tendlc.models import AssignmentTask, NumberUpload, PhoneNumberAssignment
from tendlc.selectors.campaigns import campaign_taking_numbers_get
from tendlc.services.number_input import MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS, phone_number_e164
from tendlc.services.numbers import campaign_label, campaign_wire_id

PHONE_NUMBER_HELP = (
    "E.164 (+ and the country code, e.g. +13125550101) or a US number of 10 digits, e.g. (312) 555-0101. "
    "Spaces, dots, dashes and brackets are ignored."
)
CAMPAIGN_HELP = (
    "Campaigns that take numbers now: accepted by the registry, not rejected, suspended or expired."
)


class CampaignChoiceField(forms.ChoiceField):
    """A campaign that takes numbers: ours or a partner's shared with us, by its wire id. Its choices are the
    campaign given or shown alone, read when the form is made (one query, two for a partner's), never a list of
    every campaign (there may be ten thousand); a value that is none of them is refused as any choice is."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label="Campaign", help_text=CAMPAIGN_HELP, **kwargs)

    def load(self, wire_id: str) -> None:
        campaign = campaign_taking_numbers_get(wire_id=wire_id)
        chosen = [(campaign_wire_id(campaign), campaign_label(campaign))] if campaign is not None else []
        self.choices = [("", "---------"), *chosen]


class CampaignChoiceMixin(forms.BaseForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.load_campaign_choice()

    def load_campaign_choice(self) -> None:
        """The chosen campaign: the one posted, or the one shown first (a move starts from the current)."""
        if self.is_bound:
            chosen = self.data.get(self.add_prefix("campaign_id"))
        else:
            chosen = self.initial.get("campaign_id")
        cast(CampaignChoiceField, self.fields["campaign_id"]).load(str(chosen or ""))

    def validate_unique(self) -> None:
        """The services decide what an existing row means (a removed or failed number may be assigned
        again), so the model's uniqueness is not checked here."""


class AssignmentAssignForm(CampaignChoiceMixin, forms.ModelForm[PhoneNumberAssignment]):
    campaign_id = CampaignChoiceField()

    class Meta:
        model = PhoneNumberAssignment
        fields = ["phone_number"]
        help_texts = {"phone_number": PHONE_NUMBER_HELP}

    def clean_phone_number(self) -> str:
        try:
            return phone_number_e164(self.cleaned_data["phone_number"])
        except ValueError as error:
            raise forms.ValidationError(str(error), code="e164") from None


class AssignmentMoveForm(CampaignChoiceMixin, forms.ModelForm[PhoneNumberAssignment]):
    campaign_id = CampaignChoiceField()

    class Meta:
        model = PhoneNumberAssignment
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.campaign or self.instance.partner_campaign
        if current is not None and "campaign_id" not in self.initial:
            self.initial["campaign_id"] = campaign_wire_id(current)
            self.load_campaign_choice()
        self.fields["campaign_id"].label = "Move to campaign"


class AssignmentTaskForm(CampaignChoiceMixin, forms.ModelForm[AssignmentTask]):
    campaign_id = CampaignChoiceField()

    class Meta:
        model = AssignmentTask
        fields = ["messaging_profile_id"]
        labels = {"messaging_profile_id": "Messaging profile id"}
        help_texts = {
            "messaging_profile_id": "The UUID of the messaging profile whose numbers all go on the campaign."
        }

    def clean_messaging_profile_id(self) -> str:
        try:
            return str(uuid.UUID(self.cleaned_data["messaging_profile_id"].strip()))
        except ValueError:
            raise forms.ValidationError(
                "Enter the messaging profile's id, a UUID such as 4001767e-ce0f-4cae-9d5f-0d5e636e7809.",
                code="uuid",
            ) from None


class NumberUploadForm(forms.ModelForm[NumberUpload]):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "One number per line: phone number, then campaign (our campaign id or its TCR id). A header row"
            f" (phone_number,campaign) is optional. At most {MAX_UPLOAD_ROWS:,} rows and"
            f" {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        ),
    )

    class Meta:
        model = NumberUpload
        fields: list[str] = []


class NumberUploadOptionsForm(forms.Form):
    """How the REST API takes an upload: the admin always previews first and sends on its own button."""

    dry_run = forms.BooleanField(
        required=False,
        label="Preview only",
        help_text="Check the file and answer what would be done (assigned, moved, refused) without sending"
        " anything; the upload is kept as a preview.",
    )
