"""The forms of the partner campaigns' workflow pages: accepting a sharing by its TCR id, and changing the
webhook URLs. They check an id's shape and a URL's scheme; the services decide the rest."""

from typing import Any

from django import forms
from django.core.validators import RegexValidator

from tendlc.forms.fields import HttpsURLField
from tendlc.services.partner_campaigns import TCR_CAMPAIGN_ID


class TcrCampaignIdField(forms.CharField):
    """TCR ids are upper case; staff type them in either case."""

    def to_python(self, value: Any) -> str:
        return (super().to_python(value) or "").upper()


class PartnerCampaignAcceptForm(forms.Form):
    tcr_campaign_id = TcrCampaignIdField(
        label="TCR campaign id",
        max_length=9,
        help_text="The id the partner gave for the campaign they shared, e.g. C26F1KLZN.",
        validators=[
            RegexValidator(TCR_CAMPAIGN_ID, "A TCR campaign id is C and 5 to 8 capital letters or digits.")
        ],
    )


class PartnerCampaignWebhooksForm(forms.Form):
    webhook_url = HttpsURLField(
        label="Webhook URL",
        help_text="Where the campaign's status webhooks go. Blank clears it.",
        required=False,
        max_length=2000,
    )
    webhook_failover_url = HttpsURLField(
        label="Webhook failover URL",
        help_text="Tried when the webhook URL fails. Blank clears it.",
        required=False,
        max_length=2000,
    )
