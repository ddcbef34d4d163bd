"""Switching a campaign's auto-renewal: the choice in words, shared by the admin and the REST API."""

from django import forms

ON, OFF = "on", "off"


class AutoRenewalForm(forms.Form):
    auto_renewal = forms.TypedChoiceField(
        label="At its renewal date",
        choices=[(ON, "Renew it and charge another month"), (OFF, "Let it expire: no more charges")],
        coerce=lambda value: value == ON,
        widget=forms.RadioSelect,
        help_text="An expired campaign stops sending and cannot be renewed later: it must be submitted again.",
    )
