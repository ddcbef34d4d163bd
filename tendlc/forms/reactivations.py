"""The reactivation page's form: the number that brings a dormant campaign back, picked from those that were
on it or typed, and whether to assign it again once the campaign is back."""

from typing import Any, cast

from django import forms

from tendlc.forms.numbers import PHONE_NUMBER_HELP
from tendlc.models import Campaign, PhoneNumberAssignment
from tendlc.services.number_input import phone_number_e164


class ReactivationForm(forms.Form):
    former_number = forms.ChoiceField(
        label="A number that was on it",
        required=False,
        help_text="Numbers the campaign had before; pick one, or type another below.",
    )
    phone_number = forms.CharField(
        label="Or another number",
        required=False,
        max_length=40,
        help_text=f"A number of your account. {PHONE_NUMBER_HELP}",
    )
    retry = forms.BooleanField(
        label="Assign it again when the campaign is back",
        required=False,
        initial=True,
        help_text="The first assignment fails by design; the portal assigns the number again once the"
        " campaign is back (checked after about 90 seconds, then 10 minutes, then an hour).",
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        former = (
            PhoneNumberAssignment.objects.filter(campaign=campaign)
            .order_by("phone_number")
            .values_list("phone_number", flat=True)
        )
        cast(forms.ChoiceField, self.fields["former_number"]).choices = [
            ("", "---------"),
            *((number, number) for number in former),
        ]

    def clean_phone_number(self) -> str:
        typed = self.cleaned_data["phone_number"].strip()
        if not typed:
            return ""
        try:
            return phone_number_e164(typed)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="e164") from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # One number goes on: the typed one, else the one picked.
        former = cleaned.pop("former_number", "")
        if "phone_number" in cleaned and not cleaned["phone_number"]:
            if former:
                cleaned["phone_number"] = former
            else:
                self.add_error("phone_number", "Pick a number that was on the campaign, or type one.")
        return cleaned
